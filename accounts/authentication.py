"""Authentication that reads the signed-in user from the cache (accounts/user_cache.py) instead of the database.

The session backends (Django's and allauth's) and DRF's JWT authentication each load the user by primary key on every
request; these subclasses change only where the row comes from. What is checked afterwards - active, the session's
password hash (django.contrib.auth.get_user), the token's checks - is the parent classes' code, unchanged, plus one
check of our own on tokens: one issued before the user last signed out everywhere (accounts.services.tokens.
GENERATION_CLAIM), or one of a session signed out because its refresh token was used twice (FAMILY_CLAIM), is refused
(`token_revoked`), read from the same cached row.
"""

from __future__ import annotations

import logging

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.utils import get_md5_hash_password

from accounts.errors import AccountsErrorCode, SessionLoggedOut, SessionRevoked, TokenRevoked
from accounts.services.tokens import family_logged_out, family_revoked, token_generation
from accounts.time_zone import activate_zone_of
from accounts.user_cache import cached_user

logger = logging.getLogger(__name__)


class _CachedGetUser:
    def get_user(self, user_id):
        user = cached_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class CachedModelBackend(_CachedGetUser, ModelBackend):
    """Django's ModelBackend; the session's user from the cache."""


class CachedAllauthBackend(_CachedGetUser, AllauthBackend):
    """allauth's backend (email login); the session's user from the cache."""


class CachedJWTAuthentication(JWTAuthentication):
    """simplejwt's JWTAuthentication; the token's user from the cache. `get_user` is the parent's with the one
    lookup replaced (simplejwt 5.x), and refuses a token older than the user's last sign-out everywhere or of a
    session revoked for a reused refresh token."""

    def authenticate(self, request):
        try:
            result = super().authenticate(request)
        except (OverflowError, ValueError, TypeError) as exc:
            # A signed token with a claim of a shape no token of ours has (an `exp` past year 9999) was a 500.
            logger.warning("a token with a malformed claim was refused", exc_info=True)
            raise InvalidToken(_("Token is invalid")) from exc
        if result is not None:
            # The session's user has their time zone from the middleware; a token's user is known only now.
            activate_zone_of(result[0])
        return result

    def get_user(self, validated_token):
        user = self._user_of(validated_token)
        if token_generation(validated_token) < user.token_generation:
            raise TokenRevoked()
        if family_logged_out(validated_token, user):
            raise SessionLoggedOut()
        if family_revoked(validated_token, user):
            raise SessionRevoked()
        return user

    def _user_of(self, validated_token):
        try:
            user_id = validated_token[api_settings.USER_ID_CLAIM]
        except KeyError as exc:
            raise InvalidToken(_("Token contained no recognizable user identification")) from exc
        if isinstance(user_id, bool) or not isinstance(user_id, (int, str)):  # 1.5 was user 1
            raise InvalidToken(_("Token contained no recognizable user identification"))
        if api_settings.USER_ID_FIELD != "id":  # the cache is keyed by primary key
            return super().get_user(validated_token)
        user = cached_user(user_id)
        if user is None:
            raise AuthenticationFailed(_("User not found"), code=AccountsErrorCode.USER_NOT_FOUND)
        if api_settings.CHECK_USER_IS_ACTIVE and not user.is_active:
            raise AuthenticationFailed(_("User is inactive"), code=AccountsErrorCode.USER_INACTIVE)
        if api_settings.CHECK_REVOKE_TOKEN and (
                validated_token.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password)):
            raise AuthenticationFailed(_("The user's password has been changed."),
                                       code=AccountsErrorCode.PASSWORD_CHANGED)
        return user


class CachedJWTScheme(SimpleJWTScheme):
    """The OpenAPI security scheme of CachedJWTAuthentication: simplejwt's bearer JWT, as before."""

    target_class = "accounts.authentication.CachedJWTAuthentication"
