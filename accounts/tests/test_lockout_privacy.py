"""Issue 17 item 7: the lockout tells nobody which emails exist, and nobody can lock an owner out.

Through the API (token endpoint) and the browser login: unknown and existing emails answer identically at every
step; the 5-failure rule holds for the attacker's own address only; failures from many addresses only slow the
guessing down (a doubling delay, identical for unknown emails); the owner gets an unlock link; allauth's IP-wide
limit no longer refuses another account's correct password.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.tests.factories import DEFAULT_PASSWORD, CandidateFactory

pytestmark = pytest.mark.django_db
TOKEN = "/api/v1/auth/token"


@pytest.fixture(autouse=True)
def _generous_throttles(settings):
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**SimpleRateThrottle.THROTTLE_RATES, "auth": "10000/minute", "ip": "10000/minute", "anon": "10000/minute"}
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    yield
    SimpleRateThrottle.THROTTLE_RATES = original


def obtain(email: str, password: str, ip: str):
    return APIClient().post(TOKEN, {"email": email, "password": password}, format="json", REMOTE_ADDR=ip)


def _shape(response) -> tuple:
    body = response.json()["error"]
    return response.status_code, body["code"], body["message"]


def test_unknown_and_locked_emails_answer_the_same_way_at_every_step():
    user = CandidateFactory()
    known = [_shape(obtain(user.email, f"wrong-{i}", "10.1.1.1")) for i in range(7)]
    unknown = [_shape(obtain("nobody-here@example.com", f"wrong-{i}", "10.1.1.2")) for i in range(7)]
    assert known == unknown
    assert [status for status, _, _ in known] == [401, 401, 401, 401, 423, 423, 423]


def test_the_owner_still_signs_in_from_another_address_while_the_attackers_is_locked():
    user = CandidateFactory()
    for i in range(5):
        obtain(user.email, f"wrong-{i}", "10.6.6.6")
    assert obtain(user.email, DEFAULT_PASSWORD, "10.6.6.6").status_code == 423  # the attacker's own address
    assert obtain(user.email, DEFAULT_PASSWORD, "192.0.2.7").status_code == 200  # the owner elsewhere


def test_many_addresses_only_slow_guessing_down_identically_and_the_owner_gets_an_unlock_link(
        settings, django_capture_on_commit_callbacks):
    settings.ACCOUNT_LOCKOUT_EMAIL_FREE = 6
    user = CandidateFactory()
    for target in (user.email, "ghost@example.com"):
        with django_capture_on_commit_callbacks(execute=True):
            answers = [obtain(target, "wrong", f"10.2.{i}.1") for i in range(7)]  # a botnet: one try per address
        assert [a.status_code for a in answers] == [401] * 7
        delayed = obtain(target, "wrong", "10.3.0.1")
        assert delayed.status_code == 429 and delayed.json()["error"]["code"] == "throttled"
        assert "failed logins for this email" in delayed.json()["error"]["message"]
        assert 1 <= int(delayed["Retry-After"]) <= 3
    unlock_mails = [m for m in mail.outbox if "failed logins" in m.subject]
    assert [m.to for m in unlock_mails] == [[user.email]]  # nobody is mailed for the unknown email
    link = re.search(r"https?://\S+", unlock_mails[0].body).group(0)
    from django.test import Client

    browser = Client()
    assert browser.get("/" + link.split("://", 1)[1].split("/", 1)[1]).status_code == 302
    assert obtain(user.email, DEFAULT_PASSWORD, "10.3.0.2").status_code == 200  # counts reset by the link


def test_the_trusted_browser_skips_the_delay_while_guessing_goes_on(settings):
    from django.test import Client

    from accounts import services

    settings.ACCOUNT_LOCKOUT_EMAIL_FREE = 2
    user = CandidateFactory()
    browser = Client()
    browser.cookies[services.TRUST_COOKIE] = services.trust_cookie_value(user)
    for i in range(4):
        obtain(user.email, "wrong", f"10.4.{i}.1")
    response = browser.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


def test_an_unlock_link_for_another_email_or_tampered_does_nothing():
    from django.test import Client

    from accounts import services

    user = CandidateFactory()
    token = services.unlock_token(user)
    assert services.use_unlock_token(token[:-2] + "xx") is None
    response = Client().get(f"/accounts/unlock/{token}x/")
    assert response.status_code == 302 and services.TRUST_COOKIE not in response.cookies


def test_the_ip_wide_limit_does_not_refuse_another_accounts_correct_password():
    from django.test import Client

    shared = Client(REMOTE_ADDR="203.0.113.9")  # an office behind one address
    for i in range(12):
        shared.post("/accounts/login/", {"login": f"someone{i}@example.com", "password": "wrong"})
    colleague = CandidateFactory()
    response = shared.post("/accounts/login/", {"login": colleague.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
