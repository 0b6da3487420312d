"""Lockout under concurrent wrong passwords: the atomic counter makes every failure count exactly once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from accounts import services
from accounts.errors import AccountLocked
from accounts.models import LoginEvent
from accounts.tests.factories import CandidateFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_failures_lock_exactly_once():
    user = CandidateFactory()

    def fail(_):
        try:
            return services.record_login_failure(email=user.email, channel="api").kind
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        kinds = list(pool.map(fail, range(services.lockout_threshold())))
    assert kinds.count(LoginEvent.Kind.LOCKED) == 1
    with pytest.raises(AccountLocked):
        services.ensure_login_allowed(email=user.email, channel="api")
    assert LoginEvent.objects.filter(user=user, kind=LoginEvent.Kind.FAILED).count() == services.lockout_threshold()


@pytest.mark.parametrize("mentor_account", [True, False])
def test_two_tabs_inviting_one_address_make_one_invitation_and_one_mail(mentor_account, mailoutbox):
    """The same address sent from two tabs at once, a mentor's or anybody's: one 202 message, one 409, one row, one
    mail; never a 500 from the unique constraint, never a second mail."""
    from threading import Barrier

    from accounts.errors import AlreadyMentored
    from accounts.models import MentorAssignment, MentorInvitation
    from accounts.tests.factories import MentorFactory

    candidate = CandidateFactory()
    address = MentorFactory().email if mentor_account else "someone@example.org"
    barrier = Barrier(2)

    def invite(_):
        barrier.wait(timeout=10)
        try:
            return services.invite_mentor(candidate=candidate, email=address)
        except AlreadyMentored as exc:
            return exc.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:  # the mail task runs inline after commit (conftest: eager)
        outcomes = list(pool.map(invite, range(2)))
    assert sorted(o if o == "already_assigned" else "invited" for o in outcomes) == ["already_assigned", "invited"]
    # one pending invitation either way; a mentor account has one request behind it
    assert MentorInvitation.objects.filter(candidate=candidate).count() == 1
    assert MentorAssignment.objects.filter(candidate=candidate, active=True).count() == (1 if mentor_account else 0)
    assert [m.to for m in mailoutbox] == [[address]]


@pytest.mark.parametrize("attempt", range(3))
def test_a_mentor_accepting_while_the_candidate_withdraws_ends_one_way_only(attempt):
    """Both at once: either the mentor follows the candidate (and the withdrawal finds nothing: 404) or the request
    is withdrawn (and accepting finds nothing): never a withdrawn invitation with an accepted mentor behind it."""
    from threading import Barrier

    from accounts.errors import AssignmentNotFound, MenteeRequestNotFound
    from accounts.models import MentorAssignment, MentorInvitation
    from accounts.tests.factories import MentorFactory

    candidate, mentor = CandidateFactory(), MentorFactory()
    services.invite_mentor(candidate=candidate, email=mentor.email)
    request = MentorAssignment.objects.get(candidate=candidate)
    invitation = MentorInvitation.objects.get(candidate=candidate)
    barrier = Barrier(2)

    def act(which):
        barrier.wait(timeout=10)
        try:
            if which == "accept":
                services.accept_mentee_request(mentor=mentor, request_id=request.id)
            else:
                services.withdraw_mentor_invitation(candidate=candidate, invitation_id=invitation.id)
            return which
        except (AssignmentNotFound, MenteeRequestNotFound):
            return None
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = [o for o in pool.map(act, ["accept", "withdraw"]) if o]
    request.refresh_from_db()
    assert len(outcomes) == 1, outcomes
    assert not MentorInvitation.objects.filter(candidate=candidate).exists()
    if outcomes == ["accept"]:
        assert request.active and request.accepted_at is not None
    else:
        assert not request.active and request.accepted_at is None


@pytest.mark.parametrize("attempt", range(2))
def test_a_mentor_accepting_while_the_invitation_expires_stays_the_mentor(attempt):
    """The expiry beat reaching a request the mentor is accepting at that moment waits for the accept, and then
    leaves the accepted assignment alone: never 'You now mentor X' with nobody to see."""
    import time
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from accounts import selectors
    from accounts.models import MentorAssignment
    from accounts.tests.factories import MentorFactory

    candidate, mentor = CandidateFactory(), MentorFactory()
    services.invite_mentor(candidate=candidate, email=mentor.email)
    request = MentorAssignment.objects.get(candidate=candidate)
    later = timezone.now() + timedelta(days=31)

    def accept():
        try:
            with transaction.atomic():
                services.accept_mentee_request(mentor=mentor, request_id=request.id)
                time.sleep(1.0)  # the accept still in flight, its row locked, while the expiry starts
        finally:
            connection.close()

    def expire():
        try:
            time.sleep(0.3)
            return services.expire_mentor_invitations(now=later)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        accepted, expired = pool.submit(accept), pool.submit(expire)
        accepted.result(), expired.result()
    request.refresh_from_db()
    assert request.active and request.accepted_at is not None and request.ended_at is None
    assert list(selectors.mentees_for(mentor)) == [candidate]
