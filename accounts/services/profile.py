"""Profile fields, roles, groups and admin access."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from accounts import profile_options
from accounts.errors import InvalidProfile
from accounts.models import NON_STAFF_ROLES, Role, User
from accounts.validators import name_problem
from interviewmaster.input_limits import echoed

logger = logging.getLogger(__name__)

PROFILE_FIELDS = ("name", "target_role", "experience_level", "preferred_language", "timezone")


# --- Profile ---------------------------------------------------------------------------------------------------------
class _Invalid(ValueError):
    """One field's value is not acceptable; the message is shown under the field."""


def _check_name(value: str) -> str:
    """Checked before the outer blanks are trimmed: a line break is refused wherever it stands (accounts/validators)."""
    problem = name_problem(value)
    if problem:
        raise _Invalid(problem)
    value = value.strip()
    if len(value) > 150:
        raise _Invalid("Use at most 150 characters.")
    return value


def _one_of(options):
    def check(value: str) -> str:
        value = value.strip()
        allowed = dict(options())
        if value and value not in allowed:
            raise _Invalid(f"Unknown value {echoed(value)}; choose one of: {', '.join(allowed)}.")
        return value
    return check


def _check_timezone(value: str) -> str:
    """One of the zones the profile page and the API offer (profile_options.timezones), nothing else: asking the zone
    database about any other text opened files by that name ("Europe" is a folder, a long name too long a path: a 500)
    and let the server's "localtime" or "right/…" through the page while the API refused them."""
    value = value.strip()
    if not value:
        return "UTC"
    if value not in profile_options.timezones():
        raise _Invalid(f"Unknown timezone {echoed(value)}; use an IANA name such as Europe/Berlin.")
    return value


_FIELD_CHECKS = {
    "name": _check_name,
    "target_role": _one_of(profile_options.target_roles),
    "experience_level": _one_of(profile_options.experience_levels),
    "preferred_language": _one_of(profile_options.languages),
    "timezone": _check_timezone,
}


def validate_profile(changes: dict) -> dict:
    """Returns cleaned values or raises InvalidProfile with a message per field."""
    errors: dict[str, list[str]] = {}
    cleaned = {}
    for field, value in changes.items():
        check = _FIELD_CHECKS.get(field)
        if value is None:
            value = ""
        try:
            if check is None:
                raise _Invalid("This field cannot be changed here.")
            if not isinstance(value, str):
                raise _Invalid("Must be a string.")
            cleaned[field] = check(value)  # each check trims what it may
        except _Invalid as exc:
            errors[field] = [str(exc)]
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
    """Experts get full rights on the planning and interview models (the expert's workplace) — nothing else: no part
    of their work needs the list of accounts (it was `view_user`, which showed every candidate's profile)."""
    return Permission.objects.filter(content_type__app_label__in=settings.ACCOUNTS_EXPERT_ADMIN_APPS)


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
