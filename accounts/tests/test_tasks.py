"""accounts' Celery tasks: mails leave by a stored message's id, so no secret link is in a task's arguments, the
broker's payload or any log line (Celery's own "received"/"succeeded" lines print arguments)."""

from __future__ import annotations

import logging
import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import emails, tasks
from accounts.models import PendingEmail
from accounts.tests.factories import CandidateFactory

SIGN_UP = {"name": "Ada Lovelace", "email": "ada@example.com", "password1": "analytical-engine-42",
           "password2": "analytical-engine-42"}


def _log_lines(records: list[logging.LogRecord]) -> list[str]:
    """Each record as the project's console handler writes it (LOG_FORMAT, JSON by default: extras such as Celery's
    `data` with args and kwargs are printed) and every attribute it carries."""
    console = next(h for h in logging.getLogger().handlers if h.name == "console")
    return [console.format(record) + repr(vars(record)) for record in records]


def _secrets(messages) -> list[str]:
    """The keys of the reset and confirmation links in the mails (the part of the link that is the secret)."""
    found = []
    for message in messages:
        for pattern in (r"/accounts/password/reset/key/([^/\s]+)/", r"/accounts/confirm-email/([^/\s]+)/",
                        r"/accounts/unlock/([^/\s]+)/"):
            found += re.findall(pattern, message.body)
    return found


@pytest.mark.django_db
def test_reset_confirmation_and_unlock_links_reach_the_mail_but_no_log_line(client, caplog, mailoutbox, settings,
                                                                            django_capture_on_commit_callbacks):
    settings.ACCOUNT_LOCKOUT_EMAIL_FREE = 0  # the first failed login mails the owner an unlock link
    user = CandidateFactory()
    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email})
        client.post("/accounts/signup/", SIGN_UP)
        client.post("/accounts/login/", {"login": user.email, "password": "wrong-password-1"})
    assert [m.to for m in mailoutbox] == [[user.email], ["ada@example.com"], [user.email]]
    secrets = _secrets(mailoutbox)
    assert len(secrets) == 3  # reset, confirmation and unlock keys: the mails still carry their links
    lines = _log_lines(caplog.records)
    assert sum("celery.app.trace" in line for line in lines) >= 2  # the tasks ran and Celery logged them
    assert [line for line in lines if any(secret in line for secret in secrets)] == []
    assert [line for line in lines if "Hello from" in line] == []  # nor the mail body
    assert not PendingEmail.objects.exists()  # the stored messages are gone once sent


@pytest.mark.django_db
def test_a_stored_mail_is_sent_once_however_often_its_task_is_delivered(mailoutbox):
    pending = PendingEmail.objects.create(recipient="ada@example.com", subject="Hi", body="secret link")
    assert tasks.send_pending_email.delay(pending.id).get() is True
    assert tasks.send_pending_email.delay(pending.id).get() is False  # acks_late redelivery
    assert [(m.to, m.body) for m in mailoutbox] == [(["ada@example.com"], "secret link")]


@pytest.mark.django_db
def test_a_stored_mail_that_cannot_be_sent_stays_for_the_retry(monkeypatch, mailoutbox):
    pending = PendingEmail.objects.create(recipient="ada@example.com", subject="Hi", body="secret link")

    def unreachable(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", unreachable)
    with pytest.raises(ConnectionRefusedError):
        emails.send_pending_email(email_id=pending.id)
    assert PendingEmail.objects.filter(pk=pending.pk).exists()
    monkeypatch.undo()
    assert emails.send_pending_email(email_id=pending.id) is True and len(mailoutbox) == 1


@pytest.mark.django_db
def test_stored_mails_nobody_sent_are_forgotten_after_a_day():
    old = PendingEmail.objects.create(recipient="a@example.com", subject="s", body="b",
                                      created_at=timezone.now() - timedelta(days=1, minutes=1))
    fresh = PendingEmail.objects.create(recipient="b@example.com", subject="s", body="b")
    assert tasks.delete_stale_pending_emails.delay().get() == 1
    assert list(PendingEmail.objects.values_list("id", flat=True)) == [fresh.id]
    assert not PendingEmail.objects.filter(pk=old.pk).exists()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_reset_mail_with_no_secret_in_the_broker_or_its_log_lines(
        celery_worker_real, client, caplog, mailoutbox):
    from celery.signals import before_task_publish

    published = []

    def record(body=None, headers=None, **_kwargs):
        published.append(repr(body) + repr(headers))

    before_task_publish.connect(record, weak=False)
    user = CandidateFactory()
    try:
        with caplog.at_level(logging.INFO):
            client.post("/accounts/password/reset/", {"email": user.email})
            deadline = time.monotonic() + 30
            while not mailoutbox and time.monotonic() < deadline:
                time.sleep(0.05)
            while not any("succeeded" in r.getMessage() for r in caplog.records) and time.monotonic() < deadline:
                time.sleep(0.05)
    finally:
        before_task_publish.disconnect(record)
    secrets = _secrets(mailoutbox)
    assert len(secrets) == 1
    lines = _log_lines(caplog.records)
    assert any("received" in line for line in lines) and any("succeeded" in line for line in lines)
    assert published and [p for p in published if secrets[0] in p or "Hello from" in p] == []
    assert [line for line in lines if secrets[0] in line] == []


def test_expired_browser_sessions_are_cleared_daily(db, settings):
    """An expired session signs nobody in but keeps the address it signed in with: nothing ever removed them."""
    from accounts.models import UserSession as Session
    from accounts.sessions.db import SessionStore

    expired, live = SessionStore(), SessionStore()
    for session, age in ((expired, -1), (live, 60)):
        session.update({"account_authentication_methods": [{"email": "old.login@example.com"}]})
        session.set_expiry(age)
        session.save()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now() - timedelta(days=1))
    assert settings.CELERY_BEAT_SCHEDULE["accounts-clear-expired-sessions"]["task"] == "accounts.clear_expired_sessions"
    tasks.clear_expired_sessions.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
