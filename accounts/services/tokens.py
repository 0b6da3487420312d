"""JWT refresh tokens: issue, rotate, revoke."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.user_cache import forget_user

logger = logging.getLogger(__name__)


# --- JWT -------------------------------------------------------------------------------------------------------------
# Every refresh token carries the id of the login it descends from (its family). Rotation is atomic (a row lock on
# the presented token): of many parallel refreshes with one token exactly one succeeds, and presenting a token that
# was already rotated (a copy in an attacker's hands, or the loser of such a race) revokes the whole family.
FAMILY_CLAIM = "fam"


class RefreshReused(Exception):
    """A rotated (blacklisted) refresh token was presented again; its family has been revoked."""


class RefreshInvalid(Exception):
    """Not a valid, unexpired refresh token of an account that may use tokens."""


def _new_refresh(user: User, *, family: str | None = None):
    from rest_framework_simplejwt.settings import api_settings
    from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
    from rest_framework_simplejwt.tokens import RefreshToken
    from rest_framework_simplejwt.utils import datetime_from_epoch

    token = RefreshToken()
    token[api_settings.USER_ID_CLAIM] = str(getattr(user, api_settings.USER_ID_FIELD))
    token[FAMILY_CLAIM] = family or token[api_settings.JTI_CLAIM]
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


def _revoke_family(*, user: User, family: str | None) -> int:
    """Blacklist every live token of the family (of the user, for tokens from before families existed)."""
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    live = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True, expires_at__gt=timezone.now())
    ids = [t.id for t in live.only("id", "token") if family is None or _family_of(t.token) == family]
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token_id=i) for i in ids], ignore_conflicts=True)
    return len(ids)


def rotate_refresh_token(*, refresh: str) -> dict[str, str]:
    """A new access/refresh pair for a refresh token, which is used up. Raises RefreshInvalid or RefreshReused."""
    from rest_framework_simplejwt.settings import api_settings
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    payload = _verified_payload(refresh)
    family = payload.get(FAMILY_CLAIM)
    with transaction.atomic():
        outstanding = (OutstandingToken.objects.select_for_update(of=("self",)).select_related("user")
                       .filter(jti=payload[api_settings.JTI_CLAIM]).first())
        if outstanding is None or outstanding.user is None:
            raise RefreshInvalid()
        user = outstanding.user
        reused = BlacklistedToken.objects.filter(token=outstanding).exists()
        if reused:
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
    """Blacklists one refresh token (logout). Raises rest_framework_simplejwt TokenError if it is invalid."""
    from rest_framework_simplejwt.tokens import RefreshToken

    RefreshToken(refresh).blacklist()


@transaction.atomic
def revoke_all_refresh_tokens(*, user: User) -> int:
    """Blacklists every outstanding, not yet blacklisted refresh token of the user (logout everywhere)."""
    from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

    pending = list(OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True,
                                                   expires_at__gt=timezone.now()).values_list("id", flat=True))
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token_id=token_id) for token_id in pending],
                                         ignore_conflicts=True)
    logger.info("all refresh tokens revoked", extra={"user_id": user.id, "count": len(pending)})
    return len(pending)
