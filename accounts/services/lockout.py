"""Login lockout: the rule is here once, used by the browser login (accounts.adapter) and the token endpoint."""

from __future__ import annotations

import hashlib
import logging
import math
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from accounts.emails import queue_email
from accounts.errors import AccountLocked, EmailNotVerified, InvalidCredentials, LoginDelayed, WrongPassword
from accounts.models import LoginEvent, User
from accounts.user_cache import forget_user
from interviewmaster import cache_pool
from interviewmaster.errors import DomainError

logger = logging.getLogger(__name__)


# --- Lockout ---------------------------------------------------------------------------------------------------------
# Failures are counted per (email, client address) and per email, in the cache (atomic INCR on Redis), for every
# typed email whether or not it has an account, so the answers never tell which emails exist:
#   * ACCOUNT_LOCKOUT_THRESHOLD failures from one address lock that address out of that email (423) for
#     ACCOUNT_LOCKOUT_MINUTES: the attacker's own address keeps the 5-failure rule;
#   * past ACCOUNT_LOCKOUT_EMAIL_FREE failures from all addresses together, each further attempt on the email must
#     wait a doubling delay (429 `throttled`, at most the lockout window): a botnet cannot lock the owner out, it
#     can only slow the guessing down; the owner is mailed an unlock link that resets the counts and marks their
#     browser as trusted (no delay), and a password reset or an admin unlocks too.
def lockout_threshold() -> int:
    return int(settings.ACCOUNT_LOCKOUT_THRESHOLD)


def lockout_duration() -> timedelta:
    return timedelta(minutes=int(settings.ACCOUNT_LOCKOUT_MINUTES))


def email_free_failures() -> int:
    return int(settings.ACCOUNT_LOCKOUT_EMAIL_FREE)


def _active_user_by_email(email: str, *, for_update: bool = False) -> User | None:
    qs = User.objects.filter(email__iexact=(email or "").strip(), deleted_at__isnull=True)
    if for_update:
        qs = qs.select_for_update()
    return qs.first()


cache_pool.counts_under("login:")  # every key below: failure counts and the generation that resets them


def _email_key(email: str) -> str:
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]


def _generation(email_key: str) -> int:
    return cache.get(f"login:gen:{email_key}", 0)


def _keys(email: str, ip: str | None) -> tuple[str, str, str]:
    key = _email_key(email)
    gen = _generation(key)
    return (f"login:pair:{key}:{gen}:{ip or '-'}", f"login:email:{key}:{gen}", f"login:email-last:{key}:{gen}")


def _incr(key: str, ttl: int) -> int:
    cache.add(key, 0, ttl)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, ttl)
        return 1


def locked_message(minutes: int | None = None) -> str:
    minutes = minutes or max(1, math.ceil(lockout_duration().total_seconds() / 60))
    return (f"Too many failed logins for this email from your address: logins from here are locked for about "
            f"{minutes} more minute{'s' if minutes != 1 else ''}. Try again then, or reset your password.")


def _delay_seconds(email_failures: int) -> int:
    over = email_failures - email_free_failures()
    if over <= 0:
        return 0
    return int(min(2 ** min(over, 20), lockout_duration().total_seconds()))


def _refuse(*, email: str, channel: str, ip: str | None, error: DomainError) -> None:
    user = _active_user_by_email(email)
    LoginEvent.objects.create(user=user, email=(email or "")[:254], kind=LoginEvent.Kind.REFUSED_LOCKED,
                              channel=channel, ip_address=ip)
    logger.warning("login refused", extra={"user_id": getattr(user, "id", None), "channel": channel, "ip": ip,
                                           "code": error.code})
    raise error


def ensure_login_allowed(*, email: str, channel: str, ip: str | None = None, trusted: bool = False) -> None:
    """Refuses a login before any password is checked: 423 when this address is locked out of this email, 429
    while the email's delay runs (not for a browser the owner trusted through the unlock link). Same for every
    email, with or without an account."""
    pair_key, email_key, last_key = _keys(email, ip)
    if cache.get(pair_key, 0) >= lockout_threshold():
        _refuse(email=email, channel=channel, ip=ip, error=AccountLocked(locked_message()))
    delay = 0 if trusted else _delay_seconds(cache.get(email_key, 0))
    wait = int(cache.get(last_key, 0) + delay - time.time()) + 1 if delay else 0
    if wait > 0:
        _refuse(email=email, channel=channel, ip=ip, error=LoginDelayed(
            f"Too many failed logins for this email: wait {wait} s before the next attempt. If it is your "
            "account, we have emailed you a link that lifts this.", retry_after=wait))


def record_login_failure(*, email: str, channel: str, ip: str | None = None) -> LoginEvent:
    """Counts a wrong password (or unknown email). The Nth failure from one address (ACCOUNT_LOCKOUT_THRESHOLD)
    locks that address out of the email and returns a LOCKED event; otherwise the FAILED event."""
    now = timezone.now()
    ttl = int(lockout_duration().total_seconds())
    pair_key, email_key, last_key = _keys(email, ip)
    user = _active_user_by_email(email)
    event = LoginEvent.objects.create(user=user, email=(email or "")[:254], kind=LoginEvent.Kind.FAILED,
                                      channel=channel, ip_address=ip, created_at=now)
    logger.info("login failed", extra={"user_id": getattr(user, "id", None), "channel": channel, "ip": ip})
    pair_count = _incr(pair_key, ttl)
    email_count = _incr(email_key, ttl)
    cache.set(last_key, time.time(), ttl)
    if email_count == email_free_failures() + 1 and user is not None:
        _send_unlock_link(user)
    if pair_count % lockout_threshold() == 0:
        event = LoginEvent.objects.create(user=user, email=(email or "")[:254], kind=LoginEvent.Kind.LOCKED,
                                          channel=channel, ip_address=ip, created_at=now)
        logger.warning("address locked out of an email", extra={"user_id": getattr(user, "id", None),
                                                                  "channel": channel, "ip": ip})
    return event


def record_login_success(*, user: User, ip: str | None = None) -> None:
    """A successful login clears this address's failures for the account and the email's delay (only the owner
    can succeed)."""
    pair_key, email_key, _ = _keys(user.email, ip)
    cache.delete_many([pair_key, email_key])
    if user.failed_login_count or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
        forget_user(user.pk)  # .update() sends no signal
        user.failed_login_count, user.locked_until = 0, None


def _reset_email(email: str) -> bool:
    """Start every count of the email afresh (a new generation of keys). True if there were failures."""
    key = _email_key(email)
    had_failures = bool(cache.get(_keys(email, None)[1], 0))
    try:
        cache.incr(f"login:gen:{key}")
    except ValueError:
        cache.set(f"login:gen:{key}", 1, None)
    return had_failures


@transaction.atomic
def unlock_account(*, user: User, actor: User | None = None, channel: str = LoginEvent.Channel.ADMIN) -> bool:
    """Clears every lock and delay on the user's email (admin action, unlock link, completed password reset).
    True if there was something to clear."""
    was_locked = _reset_email(user.email) or user.is_locked()
    User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
    forget_user(user.pk)  # .update() sends no signal
    user.failed_login_count, user.locked_until = 0, None
    if not was_locked:
        return False
    LoginEvent.objects.create(user=user, email=user.email, kind=LoginEvent.Kind.UNLOCKED, channel=channel)
    logger.info("account unlocked", extra={"user_id": user.id, "actor_id": getattr(actor, "id", None)})
    return True


# --- the unlock link ---------------------------------------------------------------------------------------------
UNLOCK_SALT = "accounts.unlock"
TRUST_COOKIE = "im_login_trust"


def unlock_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": _email_key(user.email)}, salt=UNLOCK_SALT)


def _send_unlock_link(user: User) -> None:
    """Through Celery after commit, by the stored message's id: the link is a secret (accounts.emails.queue_email)."""
    link = f"{settings.SITE_URL}/accounts/unlock/{unlock_token(user)}/"
    queue_email(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Many failed logins on your account",
        body=("Someone has tried many wrong passwords for your InterviewMaster account, so further attempts "
              "are being slowed down. If that was not you, you can still sign in: open this link (valid 24 "
              f"hours) in the browser you use, and consider changing your password.\n\n{link}\n"),
        to=user.email)


def use_unlock_token(token: str) -> User | None:
    """The user an unlock link belongs to, with their email's locks cleared; None for a bad or stale link."""
    try:
        data = signing.loads(token, salt=UNLOCK_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("u"), deleted_at__isnull=True).first()
    if user is None or _email_key(user.email) != data.get("e"):
        return None
    unlock_account(user=user, channel=LoginEvent.Channel.BROWSER)
    return user


def trust_cookie_value(user: User) -> str:
    return signing.dumps(_email_key(user.email), salt=TRUST_COOKIE)


def is_trusted(request, email: str) -> bool:
    raw = request.COOKIES.get(TRUST_COOKIE) if request is not None else None
    if not raw:
        return False
    try:
        return signing.loads(raw, salt=TRUST_COOKIE, max_age=30 * 24 * 3600) == _email_key(email)
    except signing.BadSignature:
        return False


def has_verified_email(user: User) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def check_password_again(*, user: User, password: str, channel: str, ip: str | None = None,
                         trusted: bool = False) -> None:
    """A signed-in user types their password to confirm an action (account deletion): the login's rule applies, so a
    holder of the session or an access token cannot guess it faster than a login could. Refused first while this
    address is locked out of the email (423) or its delay runs (429); a wrong password is a FAILED LoginEvent and
    counts, and the failure that reaches the threshold locks (423) like a login's. Raises WrongPassword (400)
    otherwise. Call it outside the action's transaction: the failure's LoginEvent must stay when the action fails."""
    ensure_login_allowed(email=user.email, channel=channel, ip=ip, trusted=trusted)
    right = user.has_usable_password() and user.check_password(password or "")
    if not count_password_attempt(email=user.email, user=user if right else None, channel=channel, ip=ip):
        raise WrongPassword(fields={"password": ["That password is not correct."]})


def count_password_attempt(*, email: str, user: User | None, channel: str, ip: str | None = None) -> bool:
    """Record one password attempt on `email` after `ensure_login_allowed`: right when `user` (whose password it was)
    is given, wrong otherwise. Returns whether it was right; the wrong one that reaches the threshold raises
    AccountLocked (423). The one rule of the login page, the token endpoint and password confirmations."""
    if user is not None:
        record_login_success(user=user, ip=ip)
        return True
    if record_login_failure(email=email, channel=channel, ip=ip).kind == LoginEvent.Kind.LOCKED:
        raise AccountLocked(locked_message())
    return False


def authenticate_for_api(*, email: str, password: str, ip: str | None = None, request=None) -> User:
    """The token endpoint's login: lockout first, then the password, then email verification."""
    ensure_login_allowed(email=email, channel=LoginEvent.Channel.API, ip=ip)
    user = authenticate(request, email=email, password=password)
    if not count_password_attempt(email=email, user=user, channel=LoginEvent.Channel.API, ip=ip):
        raise InvalidCredentials()
    if settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory" and not has_verified_email(user):
        raise EmailNotVerified()
    return user
