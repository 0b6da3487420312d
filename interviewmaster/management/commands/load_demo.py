"""Loads demo data for `make run`: one verified user of each role (credentials printed), the shipped question bank
and the shipped problem bank, and a lived-in demo candidate (a parsed resume, a few code runs, a finished mock
interview with its report), and two positions of the demo expert's (for a first plan). Safe to run repeatedly."""

from __future__ import annotations

import contextlib
import logging

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import services
from accounts.models import MentorAssignment, Role, User
from interviews.question_bank import import_question_bank

DEMO_PASSWORD = "demo-pass-2026"
DEMO_USERS = [
    ("candidate@demo.interviewmaster.local", "Casey Candidate", Role.CANDIDATE, False, False),
    ("expert@demo.interviewmaster.local", "Erin Expert", Role.EXPERT, True, False),
    ("mentor@demo.interviewmaster.local", "Morgan Mentor", Role.MENTOR, False, False),
    ("admin@demo.interviewmaster.local", "Avery Admin", Role.ADMIN, True, True),
]


class Command(BaseCommand):
    help = ("Create demo users (one per role) with verified email addresses, print their credentials, and load the "
            "shipped question bank (new questions only, so admin edits survive).")

    def handle(self, *args, **options):
        with _quiet_task_logs():
            with transaction.atomic():
                candidate = self._load()
            from interviewmaster import demo_data

            # after the commit: the demo interview's steps are tasks sent on commit, one answer at a time
            self.stdout.write(f"Demo candidate: {demo_data.seed_interview(candidate)}.")
            mentor = User.objects.get(email=DEMO_USERS[2][0])
            self.stdout.write(f"Demo candidate: {demo_data.seed_study_path(candidate, mentor)}.")
        # Last, so `make run` ends with how to get in rather than the seeding's output.
        site = getattr(settings, "SITE_URL", "").rstrip("/")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts (password for all: {DEMO_PASSWORD}):"))
        for email, _name, role, _s, _su in DEMO_USERS:
            self.stdout.write(f"  {role.label:<10} {email}")  # "Candidate", not the role's id
        if site:
            self.stdout.write(f"Log in at {site}/accounts/login/ (experts and admins: {site}/admin/).")

    def _load(self):
        from allauth.account.models import EmailAddress

        for email, name, role, is_staff, is_superuser in DEMO_USERS:
            user, created = User.objects.get_or_create(
                email=email, defaults={"name": name, "role": role, "is_staff": is_staff, "is_superuser": is_superuser}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            services.change_role(user=user, role=role)  # staff flags and role group
        candidate = User.objects.get(email=DEMO_USERS[0][0])
        if not candidate.target_role:
            services.update_profile(user=candidate, target_role="backend_engineer", experience_level="mid",
                                    preferred_language="python", timezone="Europe/Berlin")
        mentor = User.objects.get(email=DEMO_USERS[2][0])
        assignment = MentorAssignment.objects.filter(mentor=mentor, candidate=candidate, active=True).first()
        if assignment is None:
            services.assign_mentor(mentor=mentor, candidate=candidate)  # made here: accepted at once
        elif assignment.accepted_at is None:  # the demo candidate asked from the profile page: the mentor accepts
            services.accept_mentee_request(mentor=mentor, request_id=assignment.id)

        from studypaths.services import load_problem_bank

        bank = load_problem_bank()
        self.stdout.write(f"Problem bank: {len(bank.slugs)} problems in {bank.modules} modules, {bank.tracks} tracks "
                          f"({bank.created} new).")
        result = import_question_bank(only_new=True)
        self.stdout.write(self.style.SUCCESS(
            f"Question bank: {result.created} new, {result.unchanged} already present."))
        from interviewmaster import demo_data

        self.stdout.write(f"Demo candidate: {demo_data.seed_resume(candidate)}; {demo_data.seed_runs(candidate)}.")
        self.stdout.write(f"Demo expert: {demo_data.seed_positions(User.objects.get(email=DEMO_USERS[1][0]))}.")
        return candidate


@contextlib.contextmanager
def _quiet_task_logs():
    """The demo runs its tasks eagerly, in this process: Celery's per-task INFO lines ("Task ... succeeded in ...",
    about 150 of them) buried the accounts `make run` prints. Warnings and errors still show."""
    loggers = [logging.getLogger(name) for name in ("celery.app.trace", "celery")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(max(lg.getEffectiveLevel(), logging.WARNING))
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)
