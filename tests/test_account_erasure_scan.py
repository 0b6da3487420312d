"""An auditor's check of account deletion: a candidate and her mentor with a full life on the site (a resume uploaded
and parsed, interviews answered and reported, a study path with runs, hints and comments, a planned interview with its
invitation, mails, sessions, tokens, the admin's log, another address and an address change waiting) delete their
accounts, and then every text column of every table, the browsers' sessions and the cache are read for their addresses,
their names and a marker they wrote. Whatever still holds one is a leak, unless it is in KEPT with its reason
(docs/security.md, "After an account is deleted")."""

from __future__ import annotations

import pickle
import secrets
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts import user_cache
from accounts.models import MentorAssignment, MentorInvitation, PendingEmail
from accounts.tests.factories import DEFAULT_PASSWORD, AdminFactory, CandidateFactory, MentorFactory
from analytics.tests.factories import PreferencesFactory
from interviews.tests.factories import load_shipped_bank
from interviews.tests.test_personal_data import _interview
from planning import invitations
from planning.models import InterviewPlan, Invitation
from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory
from resumes.models import Resume
from resumes.tests.documents import pdf_bytes
from studypaths import study
from studypaths.models import CodeRun, TaskEvaluation, TaskHint
from studypaths.tests.factories import make_track

pytestmark = pytest.mark.django_db

MARKER = "zebra7731quill"
CANDIDATE = {"name": "Adalind Scanwright", "email": "adalind.scan@example.com",
             "others": ["adalind.second@example.com", "adalind.pending@example.com", "adalind.old@example.com"]}
MENTOR = {"name": "Melisande Quorrow", "email": "melisande.quorrow@example.com"}

# Kept on purpose, (table.column, the text found): why, in docs/security.md.
KEPT = {
    # Another candidate's pending mentor invitation to the deleted candidate's address: their own record of what they
    # typed, never linked to the account (the address was no mentor account); erasing it would tell them the address
    # had an account here. It goes when they withdraw it or after MENTOR_INVITATION_DAYS.
    ("accounts_mentorinvitation.email", CANDIDATE["email"]),
    # A mentor's comment on another candidate's task is advice written for that candidate and stays in their task's
    # history (docs/study-paths.md); the site never copies the author's name into it (it is read from the account),
    # but what the mentor typed stays as typed: here, a signature.
    ("studypaths_taskevent.data", MENTOR["name"]),
}


def _text_columns(model) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField | models.BinaryField)]


def database_holding(needles: list[str]) -> set[tuple[str, str]]:
    """(table.column, needle) for every text column of every table (JSON however nested, stored sessions decoded)
    holding a needle, whatever the case."""
    from django.contrib.sessions.base_session import AbstractBaseSession

    found = set()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = _text_columns(model)
        if not columns:
            continue
        for row in model._base_manager.values_list(*columns):
            for column, value in zip(columns, row, strict=True):
                text = str(value)
                if issubclass(model, AbstractBaseSession) and column == "session_data":
                    text += str(model.get_session_store_class()().decode(value))
                for needle in needles:
                    if needle.lower() in text.lower():
                        found.add((f"{model._meta.db_table}.{column}", needle))
    return found


def cache_holding(needles: list[str]) -> set[tuple[str, str]]:
    """(cache key, needle) for each entry of the default cache (local memory, or this test's keys on Redis) whose key
    or stored value holds a needle."""
    entries = {}
    if isinstance(getattr(cache, "_cache", None), dict):  # LocMemCache: key -> pickled value
        entries = {key: value for key, value in cache._cache.items()}
    else:
        client = cache._cache.get_client(None, write=False)
        for key in client.scan_iter(match=f"{cache.key_prefix}:*", count=500):
            kind = client.type(key)
            if kind in (b"string", "string"):
                entries[key.decode() if isinstance(key, bytes) else key] = client.get(key) or b""
    found = set()
    for key, raw in entries.items():
        try:
            text = str(pickle.loads(raw)) if isinstance(raw, bytes) else str(raw)
        except Exception:  # noqa: BLE001 - not a pickle (a counter, raw bytes): read as bytes
            text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        for needle in needles:
            if needle.lower() in f"{key} {text}".lower():
                found.add((key, needle))
    return found


def _full_life(django_capture_on_commit_callbacks):
    load_shipped_bank()
    on_commit = _runner(django_capture_on_commit_callbacks)
    operator = AdminFactory()
    ada = CandidateFactory(email=CANDIDATE["email"], name=CANDIDATE["name"], target_role="backend_engineer",
                           experience_level="mid")
    mel = MentorFactory(email=MENTOR["email"], name=MENTOR["name"])
    other = CandidateFactory(target_role="backend_engineer")
    MentorAssignment.objects.create(mentor=mel, candidate=ada)
    MentorAssignment.objects.create(mentor=mel, candidate=other)

    # Addresses: another confirmed one, a change waiting for its confirmation, one given up.
    EmailAddress.objects.create(user=ada, email=CANDIDATE["others"][0], verified=True)
    browser = APIClient()
    assert browser.post("/accounts/login/", {"login": ada.email, "password": DEFAULT_PASSWORD}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        browser.post("/accounts/email/", {"email": CANDIDATE["others"][1], "action_add": ""})
    assert EmailAddress.objects.filter(email=CANDIDATE["others"][1], verified=False).exists()
    EmailAddress.objects.create(user=ada, email=CANDIDATE["others"][2], verified=True).delete()
    mel_browser = APIClient()
    mel_browser.post("/accounts/login/", {"login": mel.email, "password": DEFAULT_PASSWORD})
    account_services.issue_tokens(user=ada)
    account_services.issue_tokens(user=mel)
    account_services.record_login_failure(email=ada.email, channel="browser", ip="10.1.2.3")
    account_services.invite_mentor(candidate=ada, email="friend.of.adalind@example.com")
    account_services.invite_mentor(candidate=other, email=ada.email)  # someone else asks her to mentor them
    PendingEmail.objects.create(recipient=CANDIDATE["others"][0], subject=f"Hello {CANDIDATE['name']}",
                                body=f"Dear {CANDIDATE['name']}, {MARKER}")  # a message given up on

    # A resume uploaded and parsed.
    api = APIClient()
    api.force_authenticate(ada)
    content = pdf_bytes([CANDIDATE["name"], CANDIDATE["email"], f"Python, PostgreSQL, Redis. {MARKER}",
                         "Senior backend engineer at Example Corp 2019-2024"])
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/resumes/", {"file": SimpleUploadedFile(f"{MARKER}-cv.pdf", content)},
                            format="multipart")
    assert response.status_code == 202, response.content
    resume = Resume.objects.get(owner=ada)
    assert resume.status == "ready" and MARKER in resume.text

    # Interviews answered, evaluated and reported; a planned one from an expert, invited at her second address.
    _interview(on_commit, ada, words=f"I would use a hash map {MARKER}, {CANDIDATE['name']}.",
               code=f"def solve():  # {MARKER}\n    return 1\n", draft=f"draft {MARKER}")
    plan = InterviewPlanFactory(state="approved", candidate_email=CANDIDATE["others"][0],
                                candidate_name=CANDIDATE["name"])
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=PlanVersionFactory(plan=plan))
    plan.refresh_from_db()
    subject, body = invitations.default_message(plan)
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitation(plan=plan, expert=plan.expert, subject=subject, body=body)
    old_plan = InterviewPlanFactory(candidate_email=CANDIDATE["others"][2], candidate_name="A. Scanwright")
    InterviewPlan.objects.filter(pk=old_plan.pk).update(created_at=timezone.now() - timedelta(days=30))
    Invitation.objects.create(plan=old_plan, email=CANDIDATE["others"][2], subject="Interview",
                              body="Dear A. Scanwright", nonce=secrets.token_hex(16),
                              expires_at=timezone.now() - timedelta(days=20),
                              created_at=timezone.now() - timedelta(days=30))

    _practised(ada, other, mel)
    PreferencesFactory(user=ada, pseudonym=f"Quiet {MARKER}")

    # The admin's log: the operator edited both accounts and her resume.
    for obj, fields in ((ada, ["Name"]), (mel, ["Name"]), (resume, ["Status"])):
        LogEntry.objects.log_actions(user_id=operator.pk, queryset=[obj], action_flag=CHANGE,
                                     change_message=[{"changed": {"fields": fields}}], single_object=True)
    return ada, mel, other


def _practised(ada, other, mel) -> None:
    """A study path each: hers with a run, an evaluation, a hint with her code; her mentor's comments on both."""
    for candidate in (ada, other):
        study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
        task = study.get_next_task(user=candidate)
        run = CodeRun.objects.create(user=candidate, problem=task.problem, kind="submission", language="python",
                                     code=f"def add(a, b):  # {MARKER}\n    return a + b\n", status="done",
                                     verdict="wrong_answer") if candidate == ada else None
        if run:
            TaskEvaluation.objects.create(task=task, run=run, status="done", verdict="wrong_answer", score=0.5,
                                          passed=4, total=8, output_excerpt=f"{MARKER}-output")
            hint = study.request_hint(user=ada, task_id=task.id, code=f"def add(a, b):  # {MARKER}-hint\n")
            TaskHint.objects.filter(id=hint.id).update(status="ready", text=f"Negatives, {MARKER}.")
        study.add_comment(author=mel, task=task, text=f"Nearly there, from {MENTOR['name']}")


def _runner(django_capture_on_commit_callbacks):
    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run


def test_nothing_in_the_database_or_the_cache_names_a_deleted_candidate_or_mentor(django_capture_on_commit_callbacks,
                                                                                  settings):
    settings.USER_CACHE_SECONDS = 300  # the accounts read by requests are cached (accounts/user_cache.py)
    ada, mel, other = _full_life(django_capture_on_commit_callbacks)
    needles = [CANDIDATE["name"], CANDIDATE["email"], *CANDIDATE["others"], MARKER, MENTOR["name"], MENTOR["email"]]
    for user in (ada, mel):  # the sign-in's marker gone, the next read keeps the account in the cache
        cache.delete(user_cache._key(user.pk))
        assert user_cache.cached_user(user.pk) == user
    before = database_holding(needles)
    assert {needle for _, needle in cache_holding(needles)} >= {CANDIDATE["email"], MENTOR["email"]}
    # The life above put every needle somewhere (the scan can see them): otherwise the check below proves nothing.
    assert {needle for _, needle in before} == set(needles)
    assert {"accounts_usersession.session_data", "django_admin_log.object_repr",
            "resumes_resume.text", "planning_invitation.email", "accounts_pendingemail.body"} <= \
        {column for column, _ in before}

    with django_capture_on_commit_callbacks(execute=True):
        account_services.delete_account(user=ada, password=DEFAULT_PASSWORD)
        account_services.delete_account(user=mel, password=DEFAULT_PASSWORD)

    leaks = sorted(database_holding(needles) - KEPT) + sorted(cache_holding(needles))
    assert leaks == [], "\n".join(f"{where}: {needle}" for where, needle in leaks)
    # What stayed on purpose is still there, and the other candidate keeps their own rows.
    assert MentorInvitation.objects.filter(candidate=other, email=CANDIDATE["email"]).exists()
    assert MentorAssignment.objects.filter(candidate=other).exists()
