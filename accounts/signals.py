"""Signal receivers for accounts, connected in AccountsConfig.ready(). They only call services."""

from __future__ import annotations

import logging
from collections.abc import Callable

from allauth.account.signals import password_reset
from django.apps import apps
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from accounts import services
from accounts.models import LoginEvent, User
from accounts.sessions import browser_of
from interviewmaster import socket_sign_out

logger = logging.getLogger(__name__)


def forget_when_profile_changes(forget: Callable[[int], None], *, fields: frozenset[str], dispatch_uid: str) -> None:
    """For a cache computed from profile fields (analytics' summary, the study loop's active path): when a user is
    saved with any of `fields` possibly changed (a save naming other `update_fields` only is not), `forget(user_id)`
    runs. Each `forget` is `interviewmaster.forgettable.forget`'s: a marker now (this request reads its own change)
    and after commit, which readers never store over (a copy of the old rows computed meanwhile is not kept)."""

    def changed(sender, instance: User, created: bool, update_fields=None, **kwargs) -> None:
        if created or (update_fields is not None and not fields & set(update_fields)):
            return
        forget(instance.pk)

    post_save.connect(changed, sender=User, dispatch_uid=dispatch_uid, weak=False)


@receiver(post_migrate)
def create_role_groups(sender, app_config=None, **kwargs):
    # post_migrate is sent once per app, in INSTALLED_APPS order; acting on the last one means every app's
    # permissions (planning, interviews, ...) exist by then.
    if app_config is None or app_config is list(apps.get_app_configs())[-1]:
        services.sync_role_groups()


@receiver(post_save, sender=User)
def keep_role_group(sender, instance: User, raw=False, **kwargs):
    if not raw:
        services.sync_user_group(user=instance)


@receiver(password_reset)
def unlock_after_reset(sender, request, user, **kwargs):
    # Whoever proved control of the mailbox may log in again (the tokens died with the old password: below).
    services.unlock_account(user=user, channel=LoginEvent.Channel.BROWSER)


@receiver(post_save, sender=User)
def sign_out_everywhere_when_credentials_end(sender, instance: User, created: bool, raw=False, update_fields=None,
                                            **kwargs):
    """Every token and browser session issued before ends (accounts.services.revoke_all_tokens, once) when the user
    is saved with:

    * a new password, whoever sets it (the change-password page, a reset, the admin's password form, `manage.py
      changepassword`). Django marks a new password on the instance (`set_password` sets `_password`) until `save()`
      has told the password validators; the rehash of a login's password to a newer hasher clears the mark before
      saving (AbstractBaseUser.check_password), so it is no change;
    * the account switched off (the admin's "active" box, account deletion): while inactive its tokens are refused
      anyway, but switched on again they would work again. A save of an inactive account that leaves `is_active` out
      of `update_fields` is no deactivation.

    A new account has no tokens yet."""
    if raw or created:
        return
    new_password = instance._password is not None
    deactivated = not instance.is_active and (update_fields is None or "is_active" in update_fields)
    if new_password or deactivated:
        services.revoke_all_tokens(user=instance)


@receiver(user_logged_out)
def close_the_sessions_sockets(sender, request, user, **kwargs):
    """A logout, in any app (allauth's page, the admin's, the account deletion page), closes the websockets opened
    in that browser's session (4401), those opened before Django last cycled its key included (`browser_of`), and only
    those: the user's other sessions go on. The stored session is deleted first (the logout's flush would a moment
    later), so a socket whose handshake read it just before finds it gone when it reads it again on joining the group
    (interviewmaster.consumers.signed_in_user)."""
    session = getattr(request, "session", None)
    browser = browser_of(session)
    if user is None or browser is None:
        return
    session.delete()
    socket_sign_out.close_sockets_of(user.pk, browser=browser)


@receiver(post_save, sender=User)
def remember_a_replaced_address(sender, instance: User, created: bool, raw=False, update_fields=None, **kwargs):
    """The account's address replaced (allauth making another address primary, the admin's form) is kept as a former
    address, so that deleting the account later finds what was sent to it (accounts.models.FormerEmailAddress). The
    deletion's own anonymised address is no change of address."""
    stored = getattr(instance, "_stored_email", None)
    if raw or created or (update_fields is not None and "email" not in update_fields):
        return
    if stored and stored.lower() != instance.email.lower() and instance.deleted_at is None:
        services.remember_former_address(user=instance, email=stored)
    instance._stored_email = instance.email


def remember_a_removed_address(sender, instance, origin=None, **kwargs):
    """A confirmed allauth address removed from the account (the email page's "Remove", a change of address that
    drops the old one) is kept as a former address, as above. An account being deleted removes its addresses for
    good."""
    if not instance.verified:  # never the account's: an unconfirmed address may be anyone's (selectors.addresses_of)
        return
    user = User.objects.filter(pk=instance.user_id, deleted_at__isnull=True).first()
    if user is not None and instance.email.lower() != user.email.lower():
        services.remember_former_address(user=user, email=instance.email)


def connect_address_history() -> None:
    from allauth.account.models import EmailAddress

    post_delete.connect(remember_a_removed_address, sender=EmailAddress, dispatch_uid="accounts.former_address",
                        weak=False)
