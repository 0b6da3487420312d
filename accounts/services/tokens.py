"""JWT refresh tokens: issue, rotate, revoke."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from accounts.models import User

logger = logging.getLogger(__name__)


# --- JWT -------------------------------------------------------------------------------------------------------------
def issue_tokens(*, user: User) -> dict[str, str]:
    from rest_framework_simplejwt.tokens import RefreshToken

    refresh = RefreshToken.for_user(user)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


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
