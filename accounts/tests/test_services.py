"""accounts services: lockout rule, profile validation, roles and groups, mentors, deletion, export."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from accounts import personal_data, profile_options, selectors, services
from accounts.errors import AccountLocked, InvalidProfile, NotACandidate, WrongPassword
from accounts.models import LoginEvent, MentorAssignment, MentorInvitation, Role, User
from accounts.tests.factories import (
    DEFAULT_PASSWORD,
    AdminFactory,
    CandidateFactory,
    ExpertFactory,
    MentorAssignmentFactory,
    MentorFactory,
)

pytestmark = pytest.mark.django_db


# --- lockout ---------------------------------------------------------------------------------------------------------
def test_failures_below_threshold_do_not_lock():
    user = CandidateFactory()
    for _ in range(4):
        event = services.record_login_failure(email=user.email, channel="browser", ip="10.0.0.1")
    assert event.kind == LoginEvent.Kind.FAILED
    services.ensure_login_allowed(email=user.email, channel="browser", ip="10.0.0.1")  # does not raise


def test_fifth_failure_locks_that_address_out_for_configured_minutes(settings):
    settings.ACCOUNT_LOCKOUT_MINUTES = 30
    user = CandidateFactory()
    events = [services.record_login_failure(email=user.email, channel="api", ip="10.0.0.2") for _ in range(5)]
    assert events[-1].kind == LoginEvent.Kind.LOCKED
    with pytest.raises(AccountLocked) as exc:
        services.ensure_login_allowed(email=user.email.upper(), channel="api", ip="10.0.0.2")
    assert exc.value.status_code == 423
    assert "30 more minutes" in exc.value.message


def test_another_address_is_not_locked_out_by_someone_elses_failures():
    user = CandidateFactory()
    for _ in range(5):
        services.record_login_failure(email=user.email, channel="api", ip="10.6.6.6")
    services.ensure_login_allowed(email=user.email, channel="browser", ip="10.0.0.1")  # does not raise


def test_failure_for_unknown_email_is_logged_without_user():
    event = services.record_login_failure(email="ghost@example.com", channel="api", ip="10.1.1.1")
    assert event.user is None and event.email == "ghost@example.com" and event.ip_address == "10.1.1.1"


def test_success_resets_counter():
    user = CandidateFactory()
    for _ in range(3):
        services.record_login_failure(email=user.email, channel="browser")
    user.refresh_from_db()
    services.record_login_success(user=user)
    user.refresh_from_db()
    assert user.failed_login_count == 0


def test_admin_unlock_clears_lock_and_logs():
    user = CandidateFactory()
    for _ in range(5):
        services.record_login_failure(email=user.email, channel="browser")
    assert services.unlock_account(user=user, actor=AdminFactory()) is True
    user.refresh_from_db()
    assert not user.is_locked()
    assert user.login_events.filter(kind=LoginEvent.Kind.UNLOCKED).count() == 1


@hsettings(max_examples=25, deadline=None)
@given(failures=st.integers(min_value=0, max_value=12))
def test_lock_happens_exactly_at_every_threshold_multiple(failures):
    """Property: with no waiting, the address is locked out iff at least THRESHOLD failures came from it."""
    user = CandidateFactory()
    try:
        for _ in range(failures):
            services.record_login_failure(email=user.email, channel="api", ip="10.9.9.9")
        try:
            services.ensure_login_allowed(email=user.email, channel="api", ip="10.9.9.9")
            locked = False
        except AccountLocked:
            locked = True
        assert locked == (failures >= services.lockout_threshold())
        assert user.login_events.filter(kind=LoginEvent.Kind.LOCKED).count() == (
            failures // services.lockout_threshold())
    finally:
        LoginEvent.objects.filter(user=user).erase(user=None)
        User.objects.filter(pk=user.pk).delete()


def test_login_events_are_append_only():
    event = services.record_login_failure(email="x@example.com", channel="api")
    event.email = "changed@example.com"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


# --- profile ---------------------------------------------------------------------------------------------------------
def test_update_profile_saves_valid_values():
    user = CandidateFactory()
    services.update_profile(user=user, target_role="frontend_engineer", experience_level="staff",
                            preferred_language="typescript", timezone="America/New_York", name="  Lin  ")
    user.refresh_from_db()
    assert (user.target_role, user.experience_level, user.preferred_language, user.timezone, user.name) == (
        "frontend_engineer", "staff", "typescript", "America/New_York", "Lin")


def test_update_profile_rejects_unknown_values_with_a_message_per_field():
    user = CandidateFactory()
    with pytest.raises(InvalidProfile) as exc:
        services.update_profile(user=user, target_role="chef", experience_level="guru", preferred_language="cobol",
                                timezone="Nowhere/Land")
    assert set(exc.value.fields) == {"target_role", "experience_level", "preferred_language", "timezone"}
    assert "backend_engineer" in exc.value.fields["target_role"][0]


def test_an_unknown_profile_value_is_echoed_at_most_forty_characters():
    with pytest.raises(InvalidProfile) as exc:
        services.update_profile(user=CandidateFactory(), target_role="c" * 100_000, timezone="z" * 100_000)
    for field, letter in (("target_role", "c"), ("timezone", "z")):
        message = exc.value.fields[field][0]
        assert f"'{letter * 40}'…" in message and letter * 41 not in message


def test_update_profile_refuses_fields_outside_the_profile():
    with pytest.raises(InvalidProfile) as exc:
        services.update_profile(user=CandidateFactory(), role="admin")
    assert exc.value.fields == {"role": ["This field cannot be changed here."]}


def test_profile_options_come_from_the_capabilities_file():
    from interviewmaster import capabilities

    assert profile_options.target_roles() == capabilities.role_choices()
    assert [r for r, _ in profile_options.target_roles()][:1] == ["backend_engineer"]
    assert "rust" in dict(profile_options.languages())
    assert [lvl for lvl, _ in profile_options.experience_levels()] == ["entry", "mid", "senior", "staff"]
    assert "Europe/Berlin" in profile_options.timezones()


def test_role_groups_exist_and_experts_get_only_planning_and_interview_permissions():
    groups = services.sync_role_groups()
    expert_perms = groups[Role.EXPERT].permissions.select_related("content_type")
    assert {p.content_type.app_label for p in expert_perms} == {"planning", "interviews"}
    assert groups[Role.CANDIDATE].permissions.count() == 0
    assert groups[Role.MENTOR].permissions.count() == 0


def test_users_are_kept_in_their_role_group():
    services.sync_role_groups()
    user = CandidateFactory()
    assert list(user.groups.values_list("name", flat=True)) == ["Candidates"]
    services.change_role(user=user, role=Role.EXPERT)
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == ["Experts"]
    assert user.is_staff and not user.is_superuser


def test_database_refuses_staff_candidates_and_mentors():
    user = CandidateFactory()
    with pytest.raises(IntegrityError):
        User.objects.filter(pk=user.pk).update(is_staff=True)


def test_change_role_to_mentor_removes_admin_access():
    expert = ExpertFactory()
    services.change_role(user=expert, role=Role.MENTOR)
    expert.refresh_from_db()
    assert not expert.is_staff and not expert.is_superuser


# --- mentors ---------------------------------------------------------------------------------------------------------
def test_invite_mentor_creates_active_assignment_and_emails_after_commit(django_capture_on_commit_callbacks,
                                                                          mailoutbox):
    candidate, mentor = CandidateFactory(name="Cand Idate"), MentorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_mentor(candidate=candidate, email=mentor.email)
    assignment = MentorAssignment.objects.get(candidate=candidate, mentor=mentor)
    assert assignment.active and assignment.created_by == candidate
    assert len(mailoutbox) == 1 and "Cand Idate" in mailoutbox[0].subject


def test_only_candidates_invite_and_only_mentors_are_assigned():
    mentor = MentorFactory()
    with pytest.raises(NotACandidate):
        services.invite_mentor(candidate=MentorFactory(), email=mentor.email)
    candidate, expert = CandidateFactory(), ExpertFactory()
    # was MentorNotFound (the enumeration defect): an expert's address is an invitation like any non-mentor's
    services.invite_mentor(candidate=candidate, email=expert.email)
    assert not MentorAssignment.objects.filter(candidate=candidate).exists()
    assert MentorInvitation.objects.filter(candidate=candidate, email=expert.email.lower()).exists()


def test_pending_mentor_invitations_are_forgotten_after_their_days(settings):
    settings.MENTOR_INVITATION_DAYS = 30
    now = timezone.now()
    candidate = CandidateFactory()
    old = MentorInvitation.objects.create(candidate=candidate, email="old@example.com",
                                          created_at=now - timedelta(days=31))
    recent = MentorInvitation.objects.create(candidate=candidate, email="new@example.com",
                                             created_at=now - timedelta(days=29))
    assert services.expire_mentor_invitations(now=now) == 1
    assert list(MentorInvitation.objects.values_list("id", flat=True)) == [recent.id]
    assert not MentorInvitation.objects.filter(id=old.id).exists()
    assert "accounts.expire_mentor_invitations" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}


def test_experts_in_admin_do_not_see_pending_invitations(client):
    """They are candidates' requests about other people's addresses: superusers only (support), read-only."""
    MentorInvitation.objects.create(candidate=CandidateFactory(), email="someone@example.com")
    expert = ExpertFactory()  # staff, in the Experts group (its permissions are synced after migrate)
    assert expert.is_staff and expert.has_perm("planning.view_interviewplan")
    client.force_login(expert)
    assert client.get("/admin/accounts/mentorinvitation/").status_code == 403
    admin = User.objects.create_superuser(email="root@example.com", password="x-long-password-1")
    client.force_login(admin)
    page = client.get("/admin/accounts/mentorinvitation/")
    assert page.status_code == 200 and b"someone@example.com" in page.content
    assert client.get("/admin/accounts/mentorinvitation/add/").status_code == 403


def test_a_sign_up_invitation_mails_an_address_at_most_once_a_day(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        for candidate in (CandidateFactory(), CandidateFactory()):
            services.invite_mentor(candidate=candidate, email="Someone@Example.com")
    assert MentorInvitation.objects.filter(email="someone@example.com").count() == 2
    assert [m.to for m in mailoutbox] == [["someone@example.com"]]


def test_deleting_an_account_forgets_the_addresses_it_invited():
    candidate = CandidateFactory()
    services.invite_mentor(candidate=candidate, email="ghost@example.com")
    assert selectors.personal_data_export(candidate)["mentor_invitations"][0]["email"] == "ghost@example.com"
    services.delete_account(user=candidate, password=DEFAULT_PASSWORD)
    assert not MentorInvitation.objects.filter(email="ghost@example.com").exists()


def test_revoked_mentor_can_be_invited_again():
    assignment = MentorAssignmentFactory()
    services.revoke_mentor(candidate=assignment.candidate, assignment_id=assignment.id)
    services.invite_mentor(candidate=assignment.candidate, email=assignment.mentor.email)
    again = MentorAssignment.objects.get(candidate=assignment.candidate, active=True)
    assert again.id != assignment.id
    assert MentorAssignment.objects.filter(candidate=assignment.candidate, active=True).count() == 1


def test_one_active_assignment_per_pair_is_a_database_rule():
    assignment = MentorAssignmentFactory()
    with pytest.raises(IntegrityError):
        MentorAssignment.objects.create(mentor=assignment.mentor, candidate=assignment.candidate)


def test_mentees_for_non_mentor_is_empty():
    assignment = MentorAssignmentFactory()
    assert list(selectors.mentees_for(assignment.candidate)) == []
    assert list(selectors.mentees_for(assignment.mentor)) == [assignment.candidate]


# --- deletion and export ---------------------------------------------------------------------------------------------
def test_delete_account_anonymises_erases_and_revokes(django_capture_on_commit_callbacks):
    from allauth.account.models import EmailAddress
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

    user = CandidateFactory(name="Personal Name", target_role="backend_engineer")
    original_email = user.email
    MentorAssignmentFactory(candidate=user)
    services.issue_tokens(user=user)
    services.record_login_failure(email=user.email, channel="browser", ip="10.9.9.9")
    erased, removed_files = [], []

    def erase(u):
        erased.append(u.pk)
        from django.db import transaction

        transaction.on_commit(lambda: removed_files.append(f"resume-of-{u.pk}.pdf"))

    personal_data.register("test-files", erase=erase)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.delete_account(user=user, password=DEFAULT_PASSWORD)
    finally:
        personal_data.unregister("test-files")
    user.refresh_from_db()
    assert user.deleted_at is not None and not user.is_active and not user.has_usable_password()
    assert user.email == f"deleted-user-{user.pk}@deleted.invalid" and user.name == "" and user.target_role == ""
    assert erased == [user.pk] and removed_files == [f"resume-of-{user.pk}.pdf"]
    assert not EmailAddress.objects.filter(email=original_email).exists()
    assert not MentorAssignment.objects.filter(candidate=user, active=True).exists()
    assert not OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True).exists()
    assert not LoginEvent.objects.filter(email=original_email).exists()
    assert not LoginEvent.objects.filter(ip_address="10.9.9.9").exists()


def test_delete_account_forgets_the_unsent_mails_to_its_addresses():
    from accounts.models import PendingEmail

    user = CandidateFactory()
    PendingEmail.objects.create(recipient=user.email, subject="Reset", body="a secret link")
    other = PendingEmail.objects.create(recipient="someone@example.com", subject="Hi", body="b")
    services.delete_account(user=user, password=DEFAULT_PASSWORD)
    assert list(PendingEmail.objects.values_list("id", flat=True)) == [other.id]


def test_delete_account_with_wrong_password_changes_nothing():
    user = CandidateFactory()
    with pytest.raises(WrongPassword):
        services.delete_account(user=user, password="wrong")
    user.refresh_from_db()
    assert user.is_active and user.deleted_at is None


def test_deleted_email_can_sign_up_again():
    user = CandidateFactory(email="again@example.com")
    services.delete_account(user=user, password=DEFAULT_PASSWORD)
    assert CandidateFactory(email="again@example.com").pk != user.pk


def test_export_contains_profile_mentors_events_and_registered_sections():
    user = CandidateFactory(target_role="devops_engineer")
    MentorAssignmentFactory(candidate=user)
    services.record_login_failure(email=user.email, channel="browser")
    personal_data.register("extra", export=lambda u: {"uid": u.pk})
    try:
        data = selectors.personal_data_export(user)
    finally:
        personal_data.unregister("extra")
    assert data["profile"]["target_role"] == "devops_engineer"
    assert len(data["mentors"]) == 1 and data["mentors"][0]["active"] is True
    assert [e["kind"] for e in data["login_events"]] == ["failed"]
    assert data["extra"] == {"uid": user.pk}


def test_groups_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {"Candidates", "Experts", "Mentors", "Admins"}


def test_mentor_invitation_links_to_the_configured_site_url(django_capture_on_commit_callbacks, settings,
                                                            mailoutbox):
    settings.SITE_URL = "https://im.example.net/"
    candidate, mentor = CandidateFactory(), MentorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_mentor(candidate=candidate, email=mentor.email)
    assert "https://im.example.net/accounts/mentor-requests/" in mailoutbox[-1].body
    assert "https://im.example.net/api/v1/mentees/requests" in mailoutbox[-1].body
    assert f"/api/v1/mentees/{candidate.id}/" not in mailoutbox[-1].body  # nothing to see before accepting
    assert "127.0.0.1" not in mailoutbox[-1].body


# --- names ------------------------------------------------------------------------------------------------------------
NAME_EDGES = ["\u200b", "\u200b\u200c\ufeff", " \u2800 ", "\u3164", "\u00ad", "\u202eevil", "Ada\u2066", "\u200bAda",
              "Ana 👩\u200d💻", "a\u202a", "\u180e", "\u2060x"]


@given(st.text(max_size=40) | st.sampled_from(NAME_EDGES)
       | st.text(alphabet="a \u200b\u200d\u202e\u2067\u3164\ufeff\u00a0\n", max_size=8))
@hsettings(max_examples=300, deadline=None)
def test_the_documented_name_pattern_says_what_the_name_rule_says(text):
    import re

    from accounts.validators import NAME_PATTERN, name_problem

    assert (re.search(NAME_PATTERN, text) is not None) == (name_problem(text) is None)


@pytest.mark.parametrize("name", ["Casey\r\nBcc: victim@x.test", "Casey\n", "Ca\tsey", "Casey\u2029"])
def test_update_profile_refuses_control_characters_wherever_they_stand(name):
    user = CandidateFactory(name="Casey")
    with pytest.raises(InvalidProfile) as exc:
        services.update_profile(user=user, name=name)
    assert exc.value.fields == {"name": ["A name cannot contain line breaks, tabs or other control characters."]}
    user.refresh_from_db()
    assert user.name == "Casey"


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u200c\u200d", "\ufeff\u2060", "\u3164", "\u2800", " \u00ad "])
def test_update_profile_refuses_a_name_of_invisible_characters_only(name):
    user = CandidateFactory(name="Casey")
    with pytest.raises(InvalidProfile) as exc:
        services.update_profile(user=user, name=name)
    assert exc.value.fields == {"name": ["Give your name; it cannot be blank."]}


@pytest.mark.parametrize("name", ["\u202eevil", "Casey\u202d", "\u2066Casey\u2069", "Ca\u202asey"])
def test_update_profile_refuses_text_direction_characters_wherever_they_stand(name):
    user = CandidateFactory(name="Casey")
    with pytest.raises(InvalidProfile) as exc:
        services.update_profile(user=user, name=name)
    assert exc.value.fields == {"name": ["A name cannot contain text-direction characters (such as U+202E)."]}
    user.refresh_from_db()
    assert user.name == "Casey"


@pytest.mark.parametrize("name", ["Ana 👩\u200d💻", "\u0645\u0647\u200c\u0633\u0627", "Zoë O'Brien-李 雷"])
def test_a_name_may_hold_joiners_beside_visible_characters(name):
    user = services.update_profile(user=CandidateFactory(), name=name)
    assert user.name == name


def test_one_line_makes_any_typed_text_safe_for_a_header():
    from accounts.emails import one_line

    assert one_line("Casey\r\nBcc: victim@x.test") == "Casey Bcc: victim@x.test"
    assert one_line("  Zoë\x00\x1b O'Brien\u2028 ") == "Zoë O'Brien"
