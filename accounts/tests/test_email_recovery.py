"""A stored e-mail whose task was lost (a worker killed while sending, a broker down at the commit) is sent by the
stuck-work sweep, once, at most STUCK_WORK_MAX_RECOVERIES times."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
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
