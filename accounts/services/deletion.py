"""Account deletion (soft: anonymised row, erased personal data, revoked tokens) and the token rule."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts import admin_log, personal_data, selectors
from accounts.models import FormerEmailAddress, LoginEvent, MentorAssignment, MentorInvitation, PendingEmail, User
from accounts.services.lockout import check_password_again
from accounts.services.tokens import revoke_all_tokens
from accounts.sessions import UserIdColumn

logger = logging.getLogger(__name__)


# --- Deletion --------------------------------------------------------------------------------------------------------
def delete_account(*, user: User, password: str, channel: str = LoginEvent.Channel.API, ip: str | None = None,
                   trusted: bool = False) -> User:
    """Soft-deletes the account: personal fields anonymised, other apps' personal data erased (their files after
    commit), every token revoked (access and refresh), mentor links ended. The row stays for foreign keys and audit.

    The password is checked like a login's (accounts.services.lockout.check_password_again: wrong guesses count
    towards the lockout and are LoginEvents; a locked address cannot delete), before the deletion's transaction."""
    check_password_again(user=user, password=password, channel=channel, ip=ip, trusted=trusted)
    return _erase_account(user=user)


def delete_account_as_operator(*, user: User, actor: User) -> User:
    """A superuser deleting an account in admin: the same erasure as the person's own deletion (no password), never
    the admin's hard delete, which left the uploaded files, the plans sent to the person and the admin's log naming
    them behind."""
    logger.info("account deleted by an operator", extra={"user_id": user.pk, "actor_id": actor.pk})
    return _erase_account(user=user)


@transaction.atomic
def _erase_account(*, user: User) -> User:
    from allauth.account.models import EmailAddress

    # FOR NO KEY UPDATE, not FOR UPDATE: it queues another deletion and every per-user lock (all NO KEY UPDATE) just
    # the same, but not the rows that merely name the account. The erasure below waits for the user's rows that other
    # requests hold (an interview's session, a resume), and those requests record events naming their actor (a
    # foreign key: a key-share lock on this row) before they let go; FOR UPDATE made each wait for the other and
    # PostgreSQL killed one. The row's own UPDATE at the end (a new unique address) takes FOR UPDATE then, once the
    # user's rows are this transaction's.
    user = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    if user.is_deleted:
        return user
    # What the admin's change log names the person by, and its rows about them, before the apps erase them. Only
    # their confirmed addresses are replaced in other rows, never their name: a name is free text, and one chosen to
    # read "alan@example.com" or "Superuser status" rewrote other people's entries (their own rows are renamed whole).
    words = selectors.addresses_of(user)
    own_rows = _rows_owned_by(user)
    erased = personal_data.erase_all(user)
    revoke_all_tokens(user=user)
    now = timezone.now()
    MentorAssignment.objects.filter(active=True, candidate=user).update(active=False, ended_at=now)
    MentorAssignment.objects.filter(active=True, mentor=user).update(active=False, ended_at=now)
    MentorInvitation.objects.filter(candidate=user).delete()  # the invited addresses are other people's data
    # Unsent mails to the account (links, addresses), to any address it has or had (selectors.addressed_to).
    PendingEmail.objects.filter(selectors.addressed_to(user, field="recipient", made_at="created_at")).delete()
    EmailAddress.objects.filter(user=user).delete()
    LoginEvent.objects.filter(user=user).erase(email="", ip_address=None)
    from accounts.tasks import delete_sessions_of

    delete_sessions_of.delay_on_commit(user.pk)  # the browsers' sessions hold the address (delete_sessions_of)
    user.email = f"deleted-user-{user.pk}@deleted.invalid"
    user.name = ""
    user.target_role = user.preferred_language = user.experience_level = ""
    user.timezone = "UTC"
    user.set_unusable_password()
    user.is_active = False
    user.failed_login_count, user.locked_until = 0, None
    user.deleted_at = now
    user.save()
    FormerEmailAddress.objects.filter(user=user).delete()  # only kept to find what was sent to them (above)
    for model, ids in own_rows:
        admin_log.forget_rows(model, ids, user_id=user.pk)
    admin_log.forget_rows(User, [user.pk], user_id=user.pk, name=admin_log.deleted_user_label(user.pk))
    # the scan of the whole log runs after the commit, in chunks; the record of what to replace commits with this
    admin_log.schedule_forget_words(words, user_id=user.pk)
    logger.info("account deleted", extra={"user_id": user.pk, "erased_sections": erased})
    return user


# --- Deletions made before the erasure covered the admin's log and every plan (see docs/accounts.md) --------------
SCRUB_MARKER_MIGRATION = ("accounts", "0013_scrub_earlier_deletions")


def scrub_earlier_deletions() -> dict[str, int]:
    """Runs what the deletion now does to the admin's log and the plans, for every account deleted before it did:
    accounts anonymised (`deleted_at`) and accounts an operator deleted outright in admin (only the log's deletion
    row is left of them). Their addresses are gone from the database except where the admin's log names the account
    (a row about it is named by its address then); those are replaced in the log rows written until the deletion,
    the plans sent to them until then are anonymised, the rows about the account and its own rows are renamed. What
    was written after the deletion is left alone: the address may be someone else's since. The same functions as a
    deletion (`admin_log.forget_rows`, `admin_log.schedule_forget_words`/`scrub`, the apps' `erase_earlier`); each
    account in its own transaction, idempotent: run again, it finds nothing left to change.
    `manage.py scrub_earlier_deletions` runs it, and `migrate` does once, when it applies SCRUB_MARKER_MIGRATION."""
    from django.contrib.admin.models import DELETION, LogEntry
    from django.contrib.contenttypes.models import ContentType

    user_type = ContentType.objects.get_for_model(User)
    counts = {"anonymised": 0, "deleted_outright": 0, "plans": 0, "log_rows": 0}
    scrubs = []
    for user_id, deleted_at in User.objects.filter(deleted_at__isnull=False).values_list("pk", "deleted_at"):
        with transaction.atomic():
            user = User.objects.select_for_update().get(pk=user_id)
            for model, ids in _rows_owned_by(user):
                admin_log.forget_rows(model, ids, user_id=user_id)
            scrubs.append(_scrub_earlier(user_type, user_id=user_id, user=user, until=deleted_at, counts=counts))
        counts["anonymised"] += 1
    live_ids = {str(pk) for pk in User.objects.values_list("pk", flat=True)}
    gone = (LogEntry.objects.filter(content_type=user_type, action_flag=DELETION).exclude(object_id__in=live_ids)
            .values_list("object_id", "action_time").order_by("action_time"))
    for object_id, deleted_at in {object_id: at for object_id, at in gone}.items():
        if not object_id.isdigit():
            continue
        with transaction.atomic():
            scrubs.append(_scrub_earlier(user_type, user_id=int(object_id), user=None, until=deleted_at,
                                         counts=counts))
        counts["deleted_outright"] += 1
    for scrub in scrubs:
        if scrub is not None:
            counts["log_rows"] += admin_log.scrub(scrub.pk)
    logger.info("earlier deletions scrubbed", extra=counts)
    return counts


def _scrub_earlier(user_type, *, user_id: int, user, until, counts: dict):
    from django.contrib.admin.models import LogEntry

    label = admin_log.deleted_user_label(user_id)
    named = LogEntry.objects.filter(content_type=user_type, object_id=str(user_id)).values_list("object_repr",
                                                                                                flat=True)
    addresses = {name.strip().lower() for name in named
                 if "@" in name and name != label and not name.endswith("@deleted.invalid")}
    erased = personal_data.erase_earlier_all(user_id=user_id, user=user, addresses=addresses, until=until)
    counts["plans"] += erased.get("planning", 0)
    admin_log.forget_rows(User, [user_id], user_id=user_id, name=label)
    return admin_log.schedule_forget_words(addresses, user_id=user_id, until=until, send=False)


# The foreign keys that make a row the person's own (their resume, interview, study path, mentor link, ...), as opposed
# to one naming them as its author or actor (a plan's expert, an event's actor): the admin's log rows about their own
# rows are renamed (accounts.admin_log.forget_rows). Rows found otherwise (a plan sent to one of their addresses) are
# renamed by the app that erases them.
OWNER_FIELDS = frozenset({"user", "owner", "candidate", "mentor", "requested_by"})


def _rows_owned_by(user: User) -> list[tuple[type, list]]:
    """The person's own rows of every model the admin shows (only those have log rows), by OWNER_FIELDS."""
    from django.contrib import admin

    found = []
    for model in admin.site._registry:
        fields = [f.name for f in model._meta.concrete_fields
                  if f.is_relation and f.related_model is User and f.name in OWNER_FIELDS]
        if fields:
            condition = Q()
            for name in fields:
                condition |= Q(**{name: user})
            found.append((model, list(model._base_manager.filter(condition).values_list("pk", flat=True))))
    return found


def delete_sessions_of(*, user_id: int) -> int:
    """Deletes the stored browser sessions of a deleted account (from the database and the session cache). They can
    no longer sign anyone in (the session hash covers the token generation), but each one holds the address the
    account signed in with (allauth's record of the login) and stayed until it expired. Found by the account id the
    session engines store beside each session (accounts.sessions, `UserSession.user_id`), so the cost is that
    account's sessions, not every session of every user. Runs in a worker, after the deletion commits. With another
    `SESSION_ENGINE` (Django's own, or sessions kept only in a cache) the sessions cannot be listed and expire there."""
    from importlib import import_module

    from django.conf import settings

    from accounts.models import UserSession

    store = import_module(settings.SESSION_ENGINE).SessionStore
    if not issubclass(store, UserIdColumn):
        logger.warning("SESSION_ENGINE %s stores no account id: a deleted account's sessions expire instead",
                       settings.SESSION_ENGINE)
        return 0
    keys = list(UserSession.objects.filter(user_id=user_id).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    return len(keys)


def clear_expired_sessions() -> None:
    """Django's `clearsessions` (beat, daily): an expired session signs nobody in but keeps the address its account
    signed in with; nothing removed them."""
    from importlib import import_module

    from django.conf import settings

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def can_use_tokens(user: User) -> bool:
    """simplejwt's USER_AUTHENTICATION_RULE: refresh tokens stop working for deactivated or deleted accounts."""
    return user is not None and user.is_active and user.deleted_at is None
