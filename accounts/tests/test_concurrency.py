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
    rows = (MentorAssignment.objects.filter(candidate=candidate, active=True).count()
            + MentorInvitation.objects.filter(candidate=candidate).count())
    assert rows == 1
    assert [m.to for m in mailoutbox] == [[address]]
