"""Login lockout: the rule is here once, used by the browser login (accounts.adapter) and the token endpoint."""

from __future__ import annotations

import logging
import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone

from accounts.errors import AccountLocked, EmailNotVerified, InvalidCredentials
from accounts.models import LoginEvent, User

logger = logging.getLogger(__name__)


# --- Lockout ---------------------------------------------------------------------------------------------------------
def lockout_threshold() -> int:
    return int(getattr(settings, "ACCOUNT_LOCKOUT_THRESHOLD", 5))


def lockout_duration() -> timedelta:
    return timedelta(minutes=int(getattr(settings, "ACCOUNT_LOCKOUT_MINUTES", 15)))


def _active_user_by_email(email: str, *, for_update: bool = False) -> User | None:
    qs = User.objects.filter(email__iexact=(email or "").strip(), deleted_at__isnull=True)
    if for_update:
        qs = qs.select_for_update()
    return qs.first()


def locked_message(locked_until) -> str:
    minutes = max(1, math.ceil((locked_until - timezone.now()).total_seconds() / 60))
    return (f"Too many failed logins: this account is locked for about {minutes} more minute"
            f"{'s' if minutes != 1 else ''} (until {locked_until:%H:%M} UTC). Try again then, or reset your password.")


def ensure_login_allowed(*, email: str, channel: str, ip: str | None = None) -> None:
    """Refuses (AccountLocked, HTTP 423) a login for a locked account before any password is checked."""
    user = _active_user_by_email(email)
    if user is None or not user.is_locked():
        return
    LoginEvent.objects.create(user=user, email=email[:254], kind=LoginEvent.Kind.REFUSED_LOCKED, channel=channel,
                              ip_address=ip)
    logger.warning("login refused: account locked", extra={"user_id": user.id, "channel": channel, "ip": ip})
    raise AccountLocked(locked_message(user.locked_until))


@transaction.atomic
def record_login_failure(*, email: str, channel: str, ip: str | None = None) -> LoginEvent:
    """Counts a wrong password; the Nth failure (ACCOUNT_LOCKOUT_THRESHOLD) locks the account. Returns the event."""
    now = timezone.now()
    user = _active_user_by_email(email, for_update=True)
    event = LoginEvent.objects.create(user=user, email=(email or "")[:254], kind=LoginEvent.Kind.FAILED,
                                      channel=channel, ip_address=ip, created_at=now)
    logger.info("login failed", extra={"user_id": getattr(user, "id", None), "channel": channel, "ip": ip})
    if user is None:
        return event
    if user.locked_until is not None and user.locked_until <= now:
        user.locked_until = None  # an expired lock starts a fresh count
        user.failed_login_count = 0
    user.failed_login_count += 1
    if user.failed_login_count >= lockout_threshold():
        user.locked_until = now + lockout_duration()
        user.failed_login_count = 0
        event = LoginEvent.objects.create(user=user, email=user.email, kind=LoginEvent.Kind.LOCKED, channel=channel,
                                          ip_address=ip, created_at=now)
        logger.warning("account locked", extra={"user_id": user.id, "channel": channel, "ip": ip,
                                                "locked_until": user.locked_until.isoformat()})
    user.save(update_fields=["failed_login_count", "locked_until"])
    return event


def record_login_success(*, user: User) -> None:
    """A successful login resets the failure counter (and clears an expired lock)."""
    if user.failed_login_count or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        user.failed_login_count, user.locked_until = 0, None


@transaction.atomic
def unlock_account(*, user: User, actor: User | None = None, channel: str = LoginEvent.Channel.ADMIN) -> bool:
    """Clears a lock and the failure count (admin action, or a completed password reset). True if it was locked."""
    was_locked = User.objects.filter(pk=user.pk, locked_until__gt=timezone.now()).exists()
    User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    user.failed_login_count, user.locked_until = 0, None
    if not was_locked:
        return False
    LoginEvent.objects.create(user=user, email=user.email, kind=LoginEvent.Kind.UNLOCKED, channel=channel)
    logger.info("account unlocked", extra={"user_id": user.id, "actor_id": getattr(actor, "id", None)})
    return True


def has_verified_email(user: User) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def authenticate_for_api(*, email: str, password: str, ip: str | None = None, request=None) -> User:
    """The token endpoint's login: lockout first, then the password, then email verification."""
    ensure_login_allowed(email=email, channel=LoginEvent.Channel.API, ip=ip)
    user = authenticate(request, email=email, password=password)
    if user is None:
        event = record_login_failure(email=email, channel=LoginEvent.Channel.API, ip=ip)
        if event.kind == LoginEvent.Kind.LOCKED:
            raise AccountLocked(locked_message(event.user.locked_until))
        raise InvalidCredentials()
    record_login_success(user=user)
    if settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory" and not has_verified_email(user):
        raise EmailNotVerified()
    return user
