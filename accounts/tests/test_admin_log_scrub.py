"""The admin log's scan for a deleted person's addresses runs after the deletion commits, chunk by chunk, from a record
the deletion commits with it (accounts.models.AdminLogScrub): the deletion no longer reads the whole log while it holds
its locks, and a process that dies before or during the scan leaves the record for the sweep, so the words never stay
in the log for good. And `scrub_earlier_deletions` does the same, with the plans, for accounts deleted before deletion
covered the log and every plan (docs/accounts.md)."""

from __future__ import annotations

import json
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import admin_log, services
from accounts.models import AdminLogScrub, User
from accounts.tests.factories import DEFAULT_PASSWORD, AdminFactory, CandidateFactory
from planning.models import InterviewPlan, Invitation
from planning.tests.factories import InterviewPlanFactory

pytestmark = pytest.mark.django_db


def _log(actor, obj, text: str, *, flag=CHANGE, at=None) -> LogEntry:
    entry = LogEntry.objects.create(user_id=actor.pk, content_type=ContentType.objects.get_for_model(type(obj)),
                                    object_id=str(obj.pk), object_repr=text[:200], action_flag=flag,
                                    change_message=json.dumps([{"changed": {"fields": ["Name"]}}]))
    if at is not None:
        LogEntry.objects.filter(pk=entry.pk).update(action_time=at)
    return entry


def _staff_notes(operator, count: int) -> list[LogEntry]:
    """Log rows that are not hers but name her address (an operator's note on other rows)."""
    position = InterviewPlanFactory().position
    return [_log(operator, position, f"note {n}: asked grace@example.com about it") for n in range(count)]


def _texts() -> str:
    return json.dumps(list(LogEntry.objects.values_list("object_repr", "change_message")))


def test_the_deletion_does_not_scan_the_log_and_the_scan_after_the_commit_replaces_the_address(
        django_capture_on_commit_callbacks):
    operator = AdminFactory()
    grace = CandidateFactory(email="grace@example.com")
    _staff_notes(operator, 3)
    with django_capture_on_commit_callbacks(execute=False) as sent, CaptureQueriesContext(connection) as queries:
        services.delete_account(user=grace, password=DEFAULT_PASSWORD)
    scans = [q["sql"] for q in queries.captured_queries if "django_admin_log" in q["sql"] and "LIKE" in q["sql"]]
    assert scans == []  # the deletion's transaction reads no text of the log
    record = AdminLogScrub.objects.get(account_id=grace.pk)
    assert record.words == ["grace@example.com"] and "grace@example.com" in _texts()
    for callback in sent:  # the commit: the task runs (eagerly here)
        callback()
    assert "grace@example.com" not in _texts() and "deleted user #" in _texts()
    assert not AdminLogScrub.objects.exists()  # the words went with the record


def test_a_process_that_dies_before_the_scan_leaves_it_to_the_sweep(django_capture_on_commit_callbacks):
    operator = AdminFactory()
    grace = CandidateFactory(email="grace@example.com")
    _staff_notes(operator, 2)
    with django_capture_on_commit_callbacks(execute=False):  # committed, then the worker died: the task never ran
        services.delete_account(user=grace, password=DEFAULT_PASSWORD)
    assert AdminLogScrub.objects.filter(account_id=grace.pk).exists()
    assert admin_log.resume_stale_scrubs() == 0  # not yet stale: its task may still be on its way
    later = timezone.now() + timedelta(seconds=admin_log.SCRUB_STALE_SECONDS + 1)
    assert admin_log.resume_stale_scrubs(now=later) == 1
    assert "grace@example.com" not in _texts() and not AdminLogScrub.objects.exists()


def test_a_process_that_dies_mid_scan_keeps_its_progress_and_the_sweep_finishes(django_capture_on_commit_callbacks):
    operator = AdminFactory()
    grace = CandidateFactory(email="grace@example.com")
    notes = _staff_notes(operator, 30)
    with django_capture_on_commit_callbacks(execute=False):
        services.delete_account(user=grace, password=DEFAULT_PASSWORD)
    record = AdminLogScrub.objects.get()
    chunks = []
    real = admin_log.forget_words

    def dies_on_the_second_chunk(*args, **kwargs):
        chunks.append(kwargs["id_range"])
        if len(chunks) == 2:
            raise SystemExit("worker killed")
        return real(*args, **kwargs)

    first_id = LogEntry.objects.order_by("pk").first().pk  # the scan starts there, not at 0
    with mock.patch.object(admin_log, "forget_words", dies_on_the_second_chunk), pytest.raises(SystemExit):
        admin_log.scrub(record.pk, chunk=10)
    record.refresh_from_db()
    assert record.next_id == first_id + 10  # the first chunk committed with its progress; the second rolled back
    done = [n for n in notes if "grace@" not in LogEntry.objects.get(pk=n.pk).object_repr]
    assert 0 < len(done) < len(notes)  # half-way: the record still holds what is left to do
    later = timezone.now() + timedelta(seconds=admin_log.SCRUB_STALE_SECONDS + 1)
    assert admin_log.resume_stale_scrubs(now=later) == 1
    assert "grace@example.com" not in _texts() and not AdminLogScrub.objects.exists()


def _deleted_the_old_way(user: User, *, at) -> None:
    """What deletion did before it covered the admin's log and every plan: the account anonymised, its other
    addresses gone, the log and the plans sent to another of its addresses untouched."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(email=f"deleted-user-{user.pk}@deleted.invalid", name="", deleted_at=at,
                                           is_active=False)


def test_earlier_deletions_are_scrubbed_from_the_log_and_the_plans_with_the_deletions_code():
    operator = AdminFactory()
    then = timezone.now() - timedelta(days=30)
    grace = CandidateFactory(email="grace.work@example.com")
    _log(operator, grace, "grace@example.com", at=then - timedelta(days=5))  # the address she had before
    _log(operator, grace, "grace.work@example.com", at=then - timedelta(days=1))
    note = _log(operator, InterviewPlanFactory().position, "sent the role to grace@example.com", at=then)
    sent = InterviewPlanFactory(candidate_email="grace@example.com", candidate_name="Grace H.",
                                created_at=then - timedelta(days=3))
    _log(operator, sent, str(sent), at=then - timedelta(days=3))
    accepted = InterviewPlanFactory(candidate_email="someone.else@example.com", created_at=then - timedelta(days=2))
    Invitation.objects.create(plan=accepted, email="g.hopper@example.com", subject="Interview", body="Dear G.",
                              nonce="n" * 64, used_by=grace, expires_at=then, created_at=then - timedelta(days=2))
    _deleted_the_old_way(grace, at=then)
    # after her deletion the address became someone else's: their rows are theirs
    newcomer = CandidateFactory(email="grace@example.com")
    theirs = InterviewPlanFactory(candidate_email="grace@example.com", candidate=newcomer)
    later_note = _log(operator, newcomer, "grace@example.com")
    # an account an operator deleted outright in admin, before deletion was an erasure there
    alan = CandidateFactory(email="alan@example.com")
    alan_id = alan.pk
    alan_plan = InterviewPlanFactory(candidate_email="alan@example.com", created_at=then - timedelta(days=1))
    alan_note = _log(operator, alan_plan.position, "alan@example.com wants a later slot", at=then - timedelta(hours=1))
    _log(operator, alan, "alan@example.com", flag=DELETION, at=then)
    User.objects.filter(pk=alan_id).delete()

    call_command("scrub_earlier_deletions")

    user_rows = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User), object_id=str(grace.pk))
    assert set(user_rows.values_list("object_repr", flat=True)) == {f"deleted user #{grace.pk}"}
    # grace@ is the newcomer's now: the rows written until her deletion are hers, the later ones theirs
    assert LogEntry.objects.get(pk=note.pk).object_repr == f"sent the role to deleted user #{grace.pk}"
    assert LogEntry.objects.get(pk=later_note.pk).object_repr == "grace@example.com"
    for plan in (sent, accepted):  # sent to her address while it was hers; the invitation she accepted
        plan.refresh_from_db()
        assert (plan.candidate_name, plan.candidate_email) == ("Deleted candidate",
                                                                f"deleted-{plan.pk}@invalid.invalid")
    assert Invitation.objects.get(plan=accepted).email == f"deleted-{accepted.pk}@invalid.invalid"
    assert LogEntry.objects.get(content_type=ContentType.objects.get_for_model(InterviewPlan),
                                object_id=str(sent.pk)).object_repr == f"interview plan of deleted user #{grace.pk}"
    theirs.refresh_from_db()
    assert theirs.candidate_email == "grace@example.com" and theirs.candidate_id == newcomer.pk
    # alan, deleted outright: the deletion's row and every row naming his address, and the plan sent to him
    alan_rows = LogEntry.objects.filter(object_id=str(alan_id), content_type=ContentType.objects.get_for_model(User))
    assert set(alan_rows.values_list("object_repr", flat=True)) == {f"deleted user #{alan_id}"}
    assert LogEntry.objects.get(pk=alan_note.pk).object_repr == f"deleted user #{alan_id} wants a later slot"
    alan_plan.refresh_from_db()
    assert alan_plan.candidate_email == f"deleted-{alan_plan.pk}@invalid.invalid"
    assert alan_plan.candidate_name == "Deleted candidate"
    assert not AdminLogScrub.objects.exists()
    # idempotent: a second run changes nothing
    before = _texts(), list(InterviewPlan.objects.values_list("candidate_email", "candidate_name"))
    call_command("scrub_earlier_deletions")
    assert (_texts(), list(InterviewPlan.objects.values_list("candidate_email", "candidate_name"))) == before


def test_migrate_runs_the_scrub_once_when_it_applies_the_marker_migration():
    from django.apps import apps as django_apps
    from django.db.migrations.loader import MigrationLoader

    from accounts.apps import scrub_after_marker_migration
    from accounts.services.deletion import SCRUB_MARKER_MIGRATION

    marker = MigrationLoader(connection).graph.nodes[SCRUB_MARKER_MIGRATION]
    other = MigrationLoader(connection).graph.nodes[("accounts", "0012_admin_log_scrub")]
    sender = django_apps.get_app_config("accounts")
    with mock.patch("accounts.services.deletion.scrub_earlier_deletions") as scrub:
        scrub_after_marker_migration(sender, plan=[(other, False)])
        scrub_after_marker_migration(sender, plan=[])
        scrub_after_marker_migration(sender, plan=[(marker, True)])  # unapplied: nothing to do
        assert scrub.call_count == 0
        scrub_after_marker_migration(sender, plan=[(other, False), (marker, False)])
        assert scrub.call_count == 1


def test_the_sweep_goes_on_past_a_record_that_fails(caplog):
    """The sweep stopped at the first record that raised: every record after it waited for good (their addresses
    stayed in the log)."""
    operator = AdminFactory()
    grace = CandidateFactory(email="grace@example.com")
    _log(operator, grace, "Changed grace@example.com")
    long_ago = timezone.now() - timedelta(seconds=admin_log.SCRUB_STALE_SECONDS + 1)
    broken = AdminLogScrub.objects.create(account_id=1, words=["a@example.com"], updated_at=long_ago)
    fine = AdminLogScrub.objects.create(account_id=grace.pk, words=["grace@example.com"], updated_at=long_ago)
    real_scrub = admin_log.scrub

    def scrub(scrub_id, **kwargs):
        if scrub_id == broken.pk:
            raise RuntimeError("a bad record")
        return real_scrub(scrub_id, **kwargs)

    with mock.patch.object(admin_log, "scrub", scrub):
        assert admin_log.resume_stale_scrubs() == 1
    assert not AdminLogScrub.objects.filter(pk=fine.pk).exists() and "grace@example.com" not in _texts()
    assert AdminLogScrub.objects.filter(pk=broken.pk).exists()  # left for the next sweep
    assert any("failed" in r.getMessage() for r in caplog.records)
