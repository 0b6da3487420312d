"""JWT tokens: issue, rotate, revoke (one refresh token, or every token of the user: sign out everywhere)."""

from __future__ import annotations

import logging
import math
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from accounts.user_cache import forget_user
from interviewmaster import socket_sign_out

logger = logging.getLogger(__name__)


# --- JWT -------------------------------------------------------------------------------------------------------------
# Every refresh token carries the id of the login it descends from (its family). Rotation is atomic (row locks on
# the user, then the presented token): of many parallel refreshes with one token exactly one succeeds, and presenting
# a token that was already rotated (a copy in an attacker's hands, or the loser of such a race) revokes the whole
# family: its refresh tokens are blacklisted and its access tokens (which copy the claim) are refused from the next
# request, by accounts.authentication.CachedJWTAuthentication on the cached user row (User.revoked_token_families, no
# extra query), and none of its refresh tokens rotates again. The user's other sessions (other families) are
# untouched.
FAMILY_CLAIM = "fam"
# Every token also carries the user's token generation when it was issued (User.token_generation); signing out
# everywhere (revoke_all_tokens) moves the user's number on, and a token carrying a smaller one is refused: access
# tokens by accounts.authentication.CachedJWTAuthentication (on the cached user row, no extra query), refresh tokens
# by rotate_refresh_token. Access tokens made at a refresh copy the claim from the new refresh token. A token from
# before the claim existed counts as generation 0: it works until it expires or the user's first sign-out
# everywhere, whichever comes first.
GENERATION_CLAIM = "gen"


class RefreshReused(Exception):
    """A rotated (blacklisted) refresh token was presented again; its family has been revoked."""


class RefreshInvalid(Exception):
    """Not a valid, unexpired refresh token of an account that may use tokens."""


class RefreshRevoked(RefreshInvalid):
    """A refresh token issued before the user last signed out everywhere (revoke_all_tokens)."""


class RefreshSignedOut(RefreshInvalid):
    """A refresh token of a session that was logged out (revoke_refresh_token)."""


def token_generation(payload) -> int:
    """The user's token generation a token (or its payload) was issued at; 0 for tokens from before the claim, -1
    (older than any) for a claim that is not a whole number, which no token of ours carries."""
    value = payload.get(GENERATION_CLAIM, 0)
    return value if isinstance(value, int) and not isinstance(value, bool) else -1


def family_revoked(payload, user: User) -> bool:
    """The token (or its payload) belongs to a session that was signed out because one of its refresh tokens was used
    twice (revoke_token_family). Tokens from before families existed carry none and are never refused by this."""
    family = payload.get(FAMILY_CLAIM)
    return isinstance(family, str) and family in (user.revoked_token_families or {})


# A revoked family's entry is the time until which its tokens are refused; a session ended by a logout keeps the time
# with this word, [until, "logout"], so that its tokens are told they were logged out, not that one was used twice.
LOGGED_OUT = "logout"


def family_logged_out(payload, user: User) -> bool:
    """The token (or its payload) belongs to a session that was logged out (revoke_refresh_token)."""
    family = payload.get(FAMILY_CLAIM)
    entry = (user.revoked_token_families or {}).get(family) if isinstance(family, str) else None
    return isinstance(entry, list) and LOGGED_OUT in entry


def _refused_until(entry) -> float | None:
    until = entry[0] if isinstance(entry, list) and entry else entry
    return until if isinstance(until, (int, float)) and not isinstance(until, bool) else None


def _lifetime_seconds(*, refresh: bool) -> float:
    """How long after now a token issued before now can still be accepted: an access token's lifetime, or with
    `refresh` the longer of the access and refresh lifetimes (every token of a family), and simplejwt's leeway. No
    token of a revoked family is made after its revocation (rotation refuses it)."""
    from rest_framework_simplejwt.settings import api_settings

    leeway = api_settings.LEEWAY
    leeway = leeway.total_seconds() if hasattr(leeway, "total_seconds") else float(leeway or 0)
    lifetime = api_settings.ACCESS_TOKEN_LIFETIME
    if refresh:
        lifetime = max(lifetime, api_settings.REFRESH_TOKEN_LIFETIME)
    return lifetime.total_seconds() + leeway


# At most this many signed-out sessions are remembered on the user row (read on every request). Each reuse of a
# refresh token adds one for the refresh lifetime, so one account replaying reuses could grow the row without bound;
# the reuse that would go past the cap signs the account out everywhere instead (see _refuse_family_access).
MAX_REVOKED_FAMILIES = 200
# Logged-out sessions are remembered too, for the access lifetime (their refresh tokens are all blacklisted by the
# logout; one presented later finds no live token of its session and is told it was logged out, no reuse), and they
# do not count towards that cap: a client that logs in and out often signed the account out everywhere at its 201st
# logout. Past this many within an access lifetime the oldest is dropped (its access tokens work again for what is
# left of their minutes: the price of a bounded row).
MAX_LOGGED_OUT_FAMILIES = 200


def _refuse_family_access(*, user: User, family: str, logged_out: bool = False) -> None:
    """The family's tokens are refused from the next request: the family goes into the user's
    `revoked_token_families` until every token of it (access and refresh) issued before now has expired, so a refresh
    token of the family that escaped the blacklist never rotates again; entries past that are dropped. The caller
    holds the lock on the user row (rotate_refresh_token), so a concurrent revocation's entry is not lost.

    When a reused family would be entry MAX_REVOKED_FAMILIES + 1 (logged-out ones apart, MAX_LOGGED_OUT_FAMILIES)
    the account is signed out everywhere (revoke_all_tokens) and the list is emptied: the new token generation
    refuses every token issued so far, the listed families' and this one's included, so no entry is needed any more.
    Dropping the oldest entry instead would let a refresh token of that session that escaped the blacklist rotate
    again."""
    now = time.time()
    current = User.objects.filter(pk=user.pk).values_list("revoked_token_families", flat=True).first() or {}
    kept = {name: entry for name, entry in current.items() if (_refused_until(entry) or 0) > now}
    if logged_out:  # its refresh tokens are all blacklisted: only its access tokens need refusing
        kept[family] = [math.ceil(now + _lifetime_seconds(refresh=False)), LOGGED_OUT]
    else:
        kept[family] = math.ceil(now + _lifetime_seconds(refresh=True))
    logouts = sorted((name for name, entry in kept.items() if isinstance(entry, list) and name != family),
                     key=lambda name: _refused_until(kept[name])) + ([family] if logged_out else [])
    for name in logouts[:max(0, len(logouts) - MAX_LOGGED_OUT_FAMILIES)]:
        del kept[name]
    if len(kept) - min(len(logouts), MAX_LOGGED_OUT_FAMILIES) > MAX_REVOKED_FAMILIES:
        logger.warning("too many sessions revoked for reused refresh tokens: signing out everywhere",
                       extra={"user_id": user.pk, "families": len(kept)})
        revoke_all_tokens(user=user)  # the user row is already ours (rotate_refresh_token locked it first)
        kept = {}
    User.objects.filter(pk=user.pk).update(revoked_token_families=kept)
    forget_user(user.pk)  # .update() sends no signal; the next request reads the new list
    user.revoked_token_families = kept


def _new_refresh(user: User, *, family: str | None = None):
    from rest_framework_simplejwt.settings import api_settings
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
    from rest_framework_simplejwt.tokens import RefreshToken
    from rest_framework_simplejwt.utils import datetime_from_epoch

    token = RefreshToken()
    token[api_settings.USER_ID_CLAIM] = str(getattr(user, api_settings.USER_ID_FIELD))
    token[FAMILY_CLAIM] = family or token[api_settings.JTI_CLAIM]
    token[GENERATION_CLAIM] = user.token_generation  # copied into the access token made from it
    OutstandingToken.objects.create(user=user, jti=token[api_settings.JTI_CLAIM], token=str(token),
                                    created_at=token.current_time, expires_at=datetime_from_epoch(token["exp"]))
    return token


def issue_tokens(*, user: User) -> dict[str, str]:
    refresh = _new_refresh(user)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    forget_user(user.pk)  # .update() sends no signal
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def _verified_payload(refresh: str) -> dict:
    from rest_framework_simplejwt.exceptions import TokenBackendError
    from rest_framework_simplejwt.settings import api_settings
    from rest_framework_simplejwt.state import token_backend

    try:
        payload = token_backend.decode(refresh, verify=True)  # signature and expiry
    except TokenBackendError as exc:
        raise RefreshInvalid() from exc
    if payload.get(api_settings.TOKEN_TYPE_CLAIM) != "refresh" or not payload.get(api_settings.JTI_CLAIM):
        raise RefreshInvalid()
    return payload


def _family_of(token: str) -> str | None:
    import jwt

    try:
        return jwt.decode(token, options={"verify_signature": False}).get(FAMILY_CLAIM)  # our own stored token
    except jwt.PyJWTError:
        return None


def _live_tokens(user: User, family: str | None) -> list[int]:
    """The ids of the family's refresh tokens not blacklisted nor expired (every one of the user's for None)."""
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

    live = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True, expires_at__gt=timezone.now())
    return [t.id for t in live.only("id", "token") if family is None or _family_of(t.token) == family]


def _revoke_family(*, user: User, family: str | None) -> int:
    """Blacklist every live token of the family (of the user, for tokens from before families existed)."""
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

    ids = _live_tokens(user, family)
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token_id=i) for i in ids], ignore_conflicts=True)
    return len(ids)


def rotate_refresh_token(*, refresh: str) -> dict[str, str]:
    """A new access/refresh pair for a refresh token, which is used up. Raises RefreshInvalid or RefreshReused."""
    from rest_framework_simplejwt.settings import api_settings
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    payload = _verified_payload(refresh)
    family = payload.get(FAMILY_CLAIM)
    with transaction.atomic():
        # The user row first, then the presented token's row: the same order as every revocation (revoke_all_tokens,
        # a reuse's revocation of the family), so they serialise and cannot deadlock. A reuse of an older token of
        # the family waits for this rotation to commit and then blacklists the token made here too; a rotation that
        # waited for a revocation reads the revoked families and the token generation as they are after it.
        try:
            user = (User.objects.select_for_update(no_key=True)
                    .filter(**{api_settings.USER_ID_FIELD: payload.get(api_settings.USER_ID_CLAIM)}).first())
        except (TypeError, ValueError, ValidationError) as exc:  # a user id claim that is no id of ours
            raise RefreshInvalid() from exc
        outstanding = None if user is None else (
            OutstandingToken.objects.select_for_update().filter(jti=payload[api_settings.JTI_CLAIM], user=user).first())
        if outstanding is None:
            raise RefreshInvalid()
        if token_generation(payload) < user.token_generation:
            raise RefreshRevoked()  # before the reuse check: after a sign-out everywhere this is no theft signal
        if family_logged_out(payload, user):
            raise RefreshSignedOut()  # "already used" would misname a logged-out session's token: no theft signal
        # No token of a signed-out session rotates again, even one that escaped the blacklist: it counts as reused.
        reused = BlacklistedToken.objects.filter(token=outstanding).exists() or family_revoked(payload, user)
        if reused and isinstance(family, str) and not family_revoked(payload, user) and not _live_tokens(user, family):
            # Every token of its session is dead already (logged out, its entry gone with the access lifetime): no
            # copy can be protected, so no theft signal and no entry towards the cap of reused sessions (R3).
            raise RefreshSignedOut()
        if reused:
            if isinstance(family, str):
                _refuse_family_access(user=user, family=family)
            revoked = _revoke_family(user=user, family=family)
        else:
            if not (user.is_active and user.deleted_at is None):
                raise RefreshInvalid("This account can no longer use tokens.")
            BlacklistedToken.objects.create(token=outstanding)
            new = _new_refresh(user, family=family)
    if reused:  # outside the transaction: the revocation is committed before we answer
        logger.warning("refresh token reused: family revoked", extra={"user_id": user.id, "revoked": revoked})
        raise RefreshReused()
    return {"access": str(new.access_token), "refresh": str(new)}


def revoke_refresh_token(*, refresh: str) -> None:
    """Logout: signs the refresh token's session (its family) out. The token is blacklisted with every other live
    refresh token of its family, and the family's access tokens are refused from the next request (they carry the
    claim), as for a reused refresh token; the account's other sessions go on. Only blacklisting the refresh token
    left the access token that came with it working for up to JWT_ACCESS_MINUTES after the logout answered 204.
    Raises rest_framework_simplejwt TokenError if the token is invalid, expired or already blacklisted."""
    from django.utils.translation import gettext as _
    from rest_framework_simplejwt.exceptions import TokenError
    from rest_framework_simplejwt.settings import api_settings
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
    from rest_framework_simplejwt.tokens import RefreshToken

    token = RefreshToken(refresh)  # signature, expiry, type, blacklist: TokenError
    family = token.payload.get(FAMILY_CLAIM)
    with transaction.atomic():
        # The user row, then the token's: the order of rotate_refresh_token and the other revocations.
        user = User.objects.select_for_update(no_key=True).filter(
            **{api_settings.USER_ID_FIELD: token.payload.get(api_settings.USER_ID_CLAIM)}).first()
        outstanding = None if user is None else (
            OutstandingToken.objects.select_for_update().filter(jti=token[api_settings.JTI_CLAIM], user=user).first())
        if outstanding is None or BlacklistedToken.objects.filter(token=outstanding).exists():
            raise TokenError(_("Token is blacklisted"))  # a parallel logout or rotation got there first
        BlacklistedToken.objects.create(token=outstanding)
        if isinstance(family, str):  # tokens from before families existed: the refresh token alone, as before
            _refuse_family_access(user=user, family=family, logged_out=True)
            _revoke_family(user=user, family=family)


@transaction.atomic
def revoke_all_tokens(*, user: User) -> int:
    """Signs the user out of the API everywhere: every access and refresh token issued so far stops working at once.

    The user's token generation moves on (GENERATION_CLAIM: older tokens are refused from the next request, as the
    cached user row is forgotten), and every outstanding refresh token is blacklisted too, so the token admin shows
    them revoked. Returns how many refresh tokens were blacklisted. Called by logout-all, on every password change
    or reset (accounts.signals) and by account deletion."""
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    # An UPDATE, not a save: a concurrent revocation adds its own step, none is lost. It locks the user row before
    # any token row, in the order rotate_refresh_token takes them.
    User.objects.filter(pk=user.pk).update(token_generation=F("token_generation") + 1)
    forget_user(user.pk)  # .update() sends no signal; the next request reads the new number
    user.refresh_from_db(fields=["token_generation"])  # tokens issued from this instance from now on carry it

    pending = list(OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True,
                                                   expires_at__gt=timezone.now()).values_list("id", flat=True))
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token_id=token_id) for token_id in pending],
                                         ignore_conflicts=True)
    # The browser sessions end with them (the session hash covers the generation): their open websockets close too.
    socket_sign_out.close_sockets_of(user.pk)
    logger.info("all tokens revoked", extra={"user_id": user.id, "count": len(pending)})
    return len(pending)
