"""A stored email whose task was lost (a worker killed while sending, a broker down at the commit) is sent by the
stuck-work sweep, once, at most STUCK_WORK_MAX_RECOVERIES times."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from accounts import emails, tasks
from accounts.models import PendingEmail

pytestmark = pytest.mark.django_db


def _age(**fields) -> None:
    past = timezone.now() - timedelta(hours=1)
    PendingEmail.objects.update(created_at=past, **{name: past for name in fields})


def test_a_mail_stored_while_the_broker_is_down_is_sent_by_the_sweep(django_capture_on_commit_callbacks):
    with mock.patch.object(tasks.send_pending_email, "delay", side_effect=OperationalError("refused")), \
            django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        emails.queue_email(subject="Reset your password", body="https://example.org/reset/secret", to="ada@example.org")
    assert PendingEmail.objects.count() == 1 and len(mail.outbox) == 0  # the request that stored it did not fail

    assert emails.recover_unsent_emails() == 0  # young: its task may be on its way
    _age()
    assert emails.recover_unsent_emails() == 1
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert not PendingEmail.objects.exists()
    assert emails.recover_unsent_emails() == 0


def test_a_mail_whose_worker_died_is_sent_again_once(settings):
    pending = PendingEmail.objects.create(recipient="ada@example.org", subject="Hi", body="link")
    _age()
    with mock.patch.object(tasks.send_pending_email, "delay") as delay:
        assert emails.recover_unsent_emails() == 1
        assert emails.recover_unsent_emails() == 0  # waits another period before the next resend
    delay.assert_called_once_with(pending.id)
    # the broker's own redelivery of the first message arrives too: the row was sent and deleted once
    assert tasks.send_pending_email.delay(pending.id).get() is True
    assert tasks.send_pending_email.delay(pending.id).get() is False
    assert len(mail.outbox) == 1


def test_the_sweep_stops_resending_after_the_allowed_recoveries(settings):
    settings.STUCK_WORK_MAX_RECOVERIES = 2
    PendingEmail.objects.create(recipient="ada@example.org", subject="Hi", body="link")
    with mock.patch.object(tasks.send_pending_email, "delay") as delay:
        for expected in (1, 1, 0):
            _age(resent_at=True)
            assert emails.recover_unsent_emails() == expected
    assert delay.call_count == 2
    assert PendingEmail.objects.get().recoveries == 2  # left for delete_stale_pending_emails


class WorkerKilled(BaseException):
    """What a SIGKILL (or the hard time limit) leaves behind: the task stops where it is, no handler runs."""


@pytest.mark.parametrize("kind", ["mentor", "signup"])
def test_a_mentor_mail_whose_worker_died_while_sending_is_sent_by_the_redelivery(kind, settings):
    """The once-a-day key was reserved for 24 hours before the send: a worker killed in between held it, and the
    broker's redelivery an hour later sent nothing. The key is a short lease until the mail server took the mail."""
    from accounts.models import MentorAssignment, MentorInvitation
    from accounts.tests.factories import CandidateFactory, MentorFactory

    settings.STUCK_WORK_AFTER_SECONDS = 1
    candidate = CandidateFactory()
    if kind == "mentor":
        row = MentorAssignment.objects.create(candidate=candidate, mentor=MentorFactory())
        send = lambda: emails.send_mentor_invitation(assignment_id=row.id)  # noqa: E731
    else:
        row = MentorInvitation.objects.create(candidate=candidate, email="someone@example.net")
        send = lambda: emails.send_mentor_signup_invitation(invitation_id=row.id)  # noqa: E731
    with mock.patch.object(emails, "send_email", side_effect=WorkerKilled), pytest.raises(WorkerKilled):
        send()
    assert not mail.outbox
    time.sleep(1.2)  # the lease of the dead worker ran out (the broker redelivers after an hour)
    assert send() is True
    assert len(mail.outbox) == 1
    assert send() is False  # and the day's limit holds once the mail went out
    assert len(mail.outbox) == 1


# --- the mentor mails: owed on their rows until the mail server took them -------------------------------------------
def _invite(kind: str):
    """A candidate adds a mentor's account (kind "mentor": an assignment) or an address without one ("signup": a
    pending invitation); returns the row that owes the mail, its model and its task."""
    from accounts import services
    from accounts.models import MentorAssignment, MentorInvitation
    from accounts.tests.factories import CandidateFactory, MentorFactory

    candidate = CandidateFactory()
    email = MentorFactory().email if kind == "mentor" else "someone@example.net"
    services.invite_mentor(candidate=candidate, email=email)
    if kind == "mentor":
        return MentorAssignment.objects.get(candidate=candidate), tasks.send_mentor_invitation
    return MentorInvitation.objects.get(candidate=candidate), tasks.send_mentor_signup_invitation


def _age_row(row) -> None:
    """As if the row was made, and last sent again (if it was), an hour ago."""
    past = timezone.now() - timedelta(hours=1)
    rows = type(row).objects.filter(pk=row.pk)
    rows.update(**{"since" if hasattr(row, "since") else "created_at": past})
    rows.filter(resent_at__isnull=False).update(resent_at=past)


@pytest.mark.parametrize("kind", ["mentor", "signup"])
def test_a_mentor_mail_queued_while_the_broker_is_down_is_sent_by_the_sweep_once(kind,
                                                                                 django_capture_on_commit_callbacks):
    """It was lost: `delay_on_commit` raised into the candidate's request after the commit, and nothing sent it."""
    patched = tasks.send_mentor_invitation if kind == "mentor" else tasks.send_mentor_signup_invitation
    with mock.patch.object(patched, "delay", side_effect=OperationalError("refused")), \
            django_capture_on_commit_callbacks(execute=True):
        row, task = _invite(kind)  # the request that made it did not fail
    assert not mail.outbox and row.sent_at is None
    assert kind == "signup" or row.accepted_at is None  # a request waiting for its mentor owes its mail too

    assert emails.recover_unsent_mentor_invitations() == 0  # young: its task may be on its way
    _age_row(row)
    assert emails.recover_unsent_mentor_invitations() == 1
    assert len(mail.outbox) == 1
    row.refresh_from_db()
    assert row.sent_at is not None and row.sending_since is None and row.recoveries == 1
    _age_row(row)
    assert emails.recover_unsent_mentor_invitations() == 0  # sent: nothing owed any more
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("kind", ["mentor", "signup"])
def test_a_late_duplicate_of_a_mentor_mails_task_sends_nothing(kind, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row, task = _invite(kind)
    assert len(mail.outbox) == 1
    # the day's key is only a cache entry (evicted, or the cache restarted): the row itself says the mail went out
    cache.clear()
    assert task.delay(row.pk).get() is False
    assert emails.recover_unsent_mentor_invitations() == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("kind", ["mentor", "signup"])
def test_a_mentor_mail_whose_task_is_lost_every_time_is_given_up(kind, settings, django_capture_on_commit_callbacks):
    settings.STUCK_WORK_MAX_RECOVERIES = 2
    patched = tasks.send_mentor_invitation if kind == "mentor" else tasks.send_mentor_signup_invitation
    with mock.patch.object(patched, "delay") as delay:  # every message is lost (a worker killed each time)
        with django_capture_on_commit_callbacks(execute=True):
            row, _ = _invite(kind)
        for expected in (1, 1, 0, 0):
            row.refresh_from_db()
            _age_row(row)
            assert emails.recover_unsent_mentor_invitations() == expected
    assert delay.call_count == 3  # the first message and two resends, then no more
    row.refresh_from_db()
    assert row.sent_at is None and row.recoveries == 2  # left owing: the assignment or invitation stands
    assert not mail.outbox


def test_a_mentor_mail_is_left_owing_while_another_rows_mail_to_that_mentor_is_being_sent(settings):
    """Removed and added again while the first mail was being sent: the second row must not be marked sent on the
    strength of a mail that may never go out (its worker may die); the sweep settles it once that one is done."""
    from accounts.models import MentorAssignment
    from accounts.tests.factories import CandidateFactory, MentorFactory

    candidate, mentor = CandidateFactory(), MentorFactory()
    row = MentorAssignment.objects.create(candidate=candidate, mentor=mentor)
    key = f"accounts:mentor-mail:{candidate.id}:{mentor.id}"
    cache.set(key, "sending", 60)  # another delivery to this mentor about this candidate, right now
    assert emails.send_mentor_invitation(assignment_id=row.id) is False
    row.refresh_from_db()
    assert row.sent_at is None and row.sending_since is None
    cache.set(key, "sent", 60)  # that one went out
    _age_row(row)
    assert emails.recover_unsent_mentor_invitations() == 1
    row.refresh_from_db()
    assert row.sent_at is not None and not mail.outbox  # told today already: settled without a second mail


def test_an_assignment_made_in_admin_owes_no_mail(client, admin_user):
    from accounts.models import MentorAssignment
    from accounts.tests.factories import CandidateFactory, MentorFactory

    client.force_login(admin_user)
    response = client.post("/admin/accounts/mentorassignment/add/", {
        "mentor": MentorFactory().pk, "candidate": CandidateFactory().pk, "since_0": "2026-01-01",
        "since_1": "10:00:00", "active": "on"})
    assert response.status_code == 302
    assert MentorAssignment.objects.get().sent_at is not None
    assert emails.recover_unsent_mentor_invitations() == 0 and not mail.outbox


def test_the_migration_counts_the_mails_of_existing_rows_as_sent():
    import importlib

    from django.apps import apps

    from accounts.models import MentorAssignment, MentorInvitation
    from accounts.tests.factories import CandidateFactory, MentorFactory

    migration = importlib.import_module("accounts.migrations.0011_mentor_mail_delivery")
    assignment = MentorAssignment.objects.create(candidate=CandidateFactory(), mentor=MentorFactory(),
                                                 since=timezone.now() - timedelta(days=3))
    invitation = MentorInvitation.objects.create(candidate=CandidateFactory(), email="someone@example.net")
    migration.mark_existing_mails_sent(apps, None)
    assignment.refresh_from_db()
    invitation.refresh_from_db()
    assert (assignment.sent_at, invitation.sent_at) == (assignment.since, invitation.created_at)
    assert emails.recover_unsent_mentor_invitations() == 0
