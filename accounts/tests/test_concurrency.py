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
