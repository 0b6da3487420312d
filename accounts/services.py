"""accounts: every write about users — lockout, tokens, profile, roles, mentors, deletion (DESIGN §2).

The lockout rule lives here once and is used by the browser login (accounts.adapter.AccountAdapter.authenticate)
and by the JWT token endpoint (accounts.api.TokenObtainApi via `authenticate_for_api`).
"""

from __future__ import annotations

import logging
import math
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import personal_data, profile_options
from accounts.errors import (
    AccountLocked,
    AlreadyMentored,
    AssignmentNotFound,
    EmailNotVerified,
    InvalidCredentials,
    InvalidProfile,
    MentorNotFound,
    NotACandidate,
    WrongPassword,
)
from accounts.models import NON_STAFF_ROLES, LoginEvent, MentorAssignment, Role, User

logger = logging.getLogger(__name__)

PROFILE_FIELDS = ("name", "target_role", "experience_level", "preferred_language", "timezone")


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


# --- Profile ---------------------------------------------------------------------------------------------------------
def validate_profile(changes: dict) -> dict:
    """Returns cleaned values or raises InvalidProfile with a message per field."""
    errors: dict[str, list[str]] = {}
    cleaned = {}
    unknown = set(changes) - set(PROFILE_FIELDS)
    for field in sorted(unknown):
        errors[field] = ["This field cannot be changed here."]
    allowed = {
        "target_role": dict(profile_options.target_roles()),
        "preferred_language": dict(profile_options.languages()),
        "experience_level": dict(profile_options.experience_levels()),
    }
    for field, value in changes.items():
        if field in unknown:
            continue
        value = (value or "").strip() if isinstance(value, str) or value is None else value
        if not isinstance(value, str):
            errors[field] = ["Must be a string."]
            continue
        if field == "name" and not value:
            errors[field] = ["Give your name; it cannot be blank."]
        elif field == "name" and len(value) > 150:
            errors[field] = ["Use at most 150 characters."]
        elif field in allowed and value and value not in allowed[field]:
            errors[field] = [f"Unknown value {value!r}; choose one of: {', '.join(allowed[field])}."]
        elif field == "timezone":
            if not value:
                value = "UTC"
            elif value not in profile_options.timezones():
                try:
                    zoneinfo.ZoneInfo(value)
                except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                    errors[field] = [f"Unknown timezone {value!r}; use an IANA name such as Europe/Berlin."]
        cleaned[field] = value
    if errors:
        raise InvalidProfile("Some profile fields are invalid.", fields=errors)
    return cleaned


@transaction.atomic
def update_profile(*, user: User, **changes) -> User:
    cleaned = validate_profile(changes)
    for field, value in cleaned.items():
        setattr(user, field, value)
    if cleaned:
        user.save(update_fields=list(cleaned))
    return user


# --- Roles, groups and admin access -----------------------------------------------------------------------------------
ROLE_GROUPS = {Role.CANDIDATE: "Candidates", Role.EXPERT: "Experts", Role.MENTOR: "Mentors", Role.ADMIN: "Admins"}


def expert_permission_queryset():
    """Experts get full rights on the planning and interview models (the expert's workplace), and may look up
    users (to pick candidates) — nothing else."""
    apps = getattr(settings, "ACCOUNTS_EXPERT_ADMIN_APPS", ["planning", "interviews"])
    return Permission.objects.filter(content_type__app_label__in=apps) | Permission.objects.filter(
        content_type__app_label="accounts", codename="view_user")


@transaction.atomic
def sync_role_groups() -> dict[str, Group]:
    """Creates one group per role and (re)assigns the experts' permissions. Runs after every migrate."""
    groups = {role: Group.objects.get_or_create(name=name)[0] for role, name in ROLE_GROUPS.items()}
    groups[Role.EXPERT].permissions.set(expert_permission_queryset())
    for role in (Role.CANDIDATE, Role.MENTOR, Role.ADMIN):
        groups[role].permissions.clear()  # admins are superusers; candidates and mentors never use admin
    return groups


def sync_user_group(*, user: User) -> None:
    """Keeps the user in exactly the group of their role."""
    role_groups = Group.objects.filter(name__in=ROLE_GROUPS.values())
    wanted = ROLE_GROUPS.get(Role(user.role))
    current = set(user.groups.filter(name__in=ROLE_GROUPS.values()).values_list("name", flat=True))
    if current == {wanted}:
        return
    user.groups.remove(*[g for g in role_groups if g.name != wanted])
    group, _ = Group.objects.get_or_create(name=wanted)
    user.groups.add(group)


def apply_role_access(user: User) -> None:
    """Sets (without saving) the admin access a role implies: experts are staff without superuser rights, admins
    are superusers, candidates and mentors never reach admin (also a database constraint)."""
    if user.role in NON_STAFF_ROLES:
        user.is_staff = user.is_superuser = False
    elif user.role == Role.EXPERT:
        user.is_staff, user.is_superuser = True, False
    else:
        user.is_staff = user.is_superuser = True


@transaction.atomic
def change_role(*, user: User, role: str) -> User:
    user.role = Role(role)
    apply_role_access(user)
    user.save(update_fields=["role", "is_staff", "is_superuser"])
    sync_user_group(user=user)
    return user


# --- Mentors ---------------------------------------------------------------------------------------------------------
@transaction.atomic
def assign_mentor(*, mentor: User, candidate: User, created_by: User | None = None) -> MentorAssignment:
    if candidate.role != Role.CANDIDATE:
        raise NotACandidate("Only candidates can have mentors.")
    if mentor.role != Role.MENTOR or mentor.is_deleted or not mentor.is_active:
        raise MentorNotFound(fields={"email": ["There is no mentor with that email address."]})
    if MentorAssignment.objects.filter(mentor=mentor, candidate=candidate, active=True).exists():
        raise AlreadyMentored(fields={"email": ["That mentor already follows you."]})
    try:
        with transaction.atomic():
            assignment = MentorAssignment.objects.create(mentor=mentor, candidate=candidate, created_by=created_by)
    except IntegrityError as exc:  # a concurrent request created the same active pair
        raise AlreadyMentored(fields={"email": ["That mentor already follows you."]}) from exc
    from accounts import tasks

    tasks.send_mentor_invitation.delay_on_commit(assignment.id)  # e-mails leave through Celery, after commit
    return assignment


def invite_mentor(*, candidate: User, email: str) -> MentorAssignment:
    """A candidate adds a mentor by email address; the mentor must already have a mentor account."""
    if candidate.role != Role.CANDIDATE:
        raise NotACandidate("Only candidates can invite mentors.")
    mentor = _active_user_by_email(email)
    if mentor is None or mentor.role != Role.MENTOR:
        raise MentorNotFound(fields={"email": ["There is no mentor with that email address."]})
    return assign_mentor(mentor=mentor, candidate=candidate, created_by=candidate)


@transaction.atomic
def revoke_mentor(*, candidate: User, assignment_id: int) -> MentorAssignment:
    assignment = (MentorAssignment.objects.select_for_update()
                  .filter(id=assignment_id, candidate=candidate, active=True).first())
    if assignment is None:
        raise AssignmentNotFound()
    assignment.active = False
    assignment.ended_at = timezone.now()
    assignment.save(update_fields=["active", "ended_at"])
    return assignment


# --- Deletion --------------------------------------------------------------------------------------------------------
@transaction.atomic
def delete_account(*, user: User, password: str) -> User:
    """Soft-deletes the account: personal fields anonymised, other apps' personal data erased (their files after
    commit), every refresh token revoked, mentor links ended. The row stays for foreign keys and audit."""
    from allauth.account.models import EmailAddress

    if not user.check_password(password or ""):
        raise WrongPassword(fields={"password": ["That password is not correct."]})
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_deleted:
        return user
    erased = personal_data.erase_all(user)
    revoke_all_refresh_tokens(user=user)
    now = timezone.now()
    MentorAssignment.objects.filter(active=True, candidate=user).update(active=False, ended_at=now)
    MentorAssignment.objects.filter(active=True, mentor=user).update(active=False, ended_at=now)
    EmailAddress.objects.filter(user=user).delete()
    LoginEvent.objects.filter(user=user).update(email="", ip_address=None)
    user.email = f"deleted-user-{user.pk}@deleted.invalid"
    user.name = ""
    user.target_role = user.preferred_language = user.experience_level = ""
    user.timezone = "UTC"
    user.set_unusable_password()
    user.is_active = False
    user.failed_login_count, user.locked_until = 0, None
    user.deleted_at = now
    user.save()
    logger.info("account deleted", extra={"user_id": user.pk, "erased_sections": erased})
    return user


def can_use_tokens(user: User) -> bool:
    """simplejwt's USER_AUTHENTICATION_RULE: refresh tokens stop working for deactivated or deleted accounts."""
    return user is not None and user.is_active and user.deleted_at is None
