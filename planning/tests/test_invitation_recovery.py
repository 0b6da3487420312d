"""An invitation email is never lost with a worker: the delivery's claim is a lease that a dead worker's redelivery
(or the stuck-work sweep) takes over, and an invitation whose task never reached the broker is sent by the sweep."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from planning import invitations, tasks
from planning.models import Invitation, PlanEvent
from planning.tests.test_invitations import approved, send  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """What a SIGKILL looks like from inside the task: nothing after it runs, no `except Exception` sees it."""


def _age(invitation, seconds: int = 3600, **fields) -> None:
    past = timezone.now() - timedelta(seconds=seconds)
    Invitation.objects.filter(pk=invitation.pk).update(created_at=past, **{name: past for name in fields})


def _unsent(approved):  # noqa: F811
    """An invitation whose delivery message the broker refused (it was down at the commit)."""
    with mock.patch.object(tasks.deliver_invitation, "delay", side_effect=OperationalError("refused")):
        send(approved)  # the expert's request succeeds: the plan is invited, the mail waits for the sweep
    approved.refresh_from_db()
    assert approved.state == "invited"
    return Invitation.objects.get(plan=approved)


def test_a_worker_killed_between_the_claim_and_the_send_loses_no_invitation(approved):  # noqa: F811
    with mock.patch("planning.invitations.send_email", side_effect=WorkerKilled), pytest.raises(WorkerKilled):
        send(approved)
    invitation = Invitation.objects.get(plan=approved)
    assert invitation.sent_at is None and len(mail.outbox) == 0

    tasks.deliver_invitation.delay(invitation.pk)  # redelivered while the claim may still be live: nothing yet
    assert len(mail.outbox) == 0
    _age(invitation, sending_since=True)
    tasks.deliver_invitation.delay(invitation.pk)  # the broker's redelivery, an hour later
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [approved.candidate_email]
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and invitation.sending_since is None
    tasks.deliver_invitation.delay(invitation.pk)  # and once more: sent is sent
    assert len(mail.outbox) == 1


def test_the_sweep_sends_an_invitation_whose_worker_died(approved):  # noqa: F811
    with mock.patch("planning.invitations.send_email", side_effect=WorkerKilled), pytest.raises(WorkerKilled):
        send(approved)
    invitation = Invitation.objects.get(plan=approved)
    assert invitations.recover_undelivered_invitations() == 0  # the claim is young: its worker may be sending
    _age(invitation, sending_since=True)
    assert invitations.recover_undelivered_invitations() == 1
    assert len(mail.outbox) == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and invitation.recoveries == 1
    assert invitations.recover_undelivered_invitations() == 0


def test_the_sweep_sends_an_invitation_the_broker_refused(approved):  # noqa: F811
    invitation = _unsent(approved)
    assert invitation.sent_at is None
    _age(invitation)
    assert invitations.recover_undelivered_invitations() == 1
    assert len(mail.outbox) == 1


def test_the_sweep_leaves_sent_superseded_and_fresh_invitations_alone(approved):  # noqa: F811
    first = _unsent(approved)
    _age(first)
    with mock.patch.object(tasks.deliver_invitation, "delay") as delay:
        send(approved)  # a new link supersedes the unsent one; this one is fresh
        delay.reset_mock()
        assert invitations.recover_undelivered_invitations() == 0
    delay.assert_not_called()


def test_an_invitation_given_up_on_records_why(approved, settings):  # noqa: F811
    settings.STUCK_WORK_MAX_RECOVERIES = 2
    invitation = _unsent(approved)
    with mock.patch.object(tasks.deliver_invitation, "delay") as delay:  # each resend is lost again
        for _ in range(3):
            _age(invitation, resent_at=True)
            assert invitations.recover_undelivered_invitations() == 1
    assert delay.call_count == 2
    invitation.refresh_from_db()
    assert invitation.sent_at is None and "could not be sent" in invitation.delivery_error
    assert PlanEvent.objects.filter(plan=approved, kind="invitation.undelivered").exists()
    _age(invitation, resent_at=True)
    assert invitations.recover_undelivered_invitations() == 0  # given up: the expert sends a new one
