"""The addresses an account gave up (accounts.models.FormerEmailAddress): what deletion needs to find the rows that
were addressed to the account while it held them."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import FormerEmailAddress, User


def remember_former_address(*, user: User, email: str) -> FormerEmailAddress:
    """Records that `user` held `email` until now (once per address: a later give-up of the same address moves its
    time on)."""
    email = email.strip().lower()
    former, created = FormerEmailAddress.objects.get_or_create(user=user, email=email)
    if not created:
        former.held_until = timezone.now()
        former.save(update_fields=["held_until"])
    return former
