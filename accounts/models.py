"""Users log in with their email address and carry one role."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from accounts.validators import NameValidator
from interviewmaster.events import AppendOnlyModel


class Role(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    EXPERT = "expert", "Expert"
    MENTOR = "mentor", "Mentor"
    ADMIN = "admin", "Admin"


class ExperienceLevel(models.TextChoices):
    ENTRY = "entry", "Entry"
    MID = "mid", "Mid-level"
    SENIOR = "senior", "Senior"
    STAFF = "staff", "Staff"


# Roles that must never reach Django admin (enforced by a database constraint on User).
NON_STAFF_ROLES = (Role.CANDIDATE.value, Role.MENTOR.value)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.ADMIN)
        if not extra["is_staff"] or not extra["is_superuser"]:
            raise ValueError("A superuser needs is_staff and is_superuser.")
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


# Written only by accounts.services.tokens' UPDATEs, never by a save of a row that may have been loaded before them.
TOKEN_REVOCATION_FIELDS = frozenset({"token_generation", "revoked_token_families"})


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    # The name rule (accounts/validators.py) for the forms built from the model (admin); sign-up, the profile page and
    # the API check the same rule themselves. Blank is the deleted account's name.
    name = models.CharField(max_length=150, blank=True, validators=[NameValidator()])
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.CANDIDATE, db_index=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    # Profile. Target role and preferred language are ids from the capabilities (accounts.profile_options), stored
    # as plain strings so the list can grow without a migration; services validate them.
    target_role = models.CharField(max_length=64, blank=True)
    experience_level = models.CharField(max_length=16, choices=ExperienceLevel.choices, blank=True)
    preferred_language = models.CharField(max_length=32, blank=True)
    timezone = models.CharField(max_length=64, default="UTC")

    # Lockout (accounts.services.record_login_failure / ensure_login_allowed).
    failed_login_count = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    # Soft delete: the row stays (foreign keys, audit), personal fields are anonymised.
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)

    # "Sign out everywhere" (accounts.services.revoke_all_tokens): every JWT carries the number current when it was
    # issued, and one carrying a smaller number is refused. Written only by that service's UPDATE (see save()).
    token_generation = models.PositiveIntegerField(default=0, editable=False)
    # Sessions signed out because a refresh token was used twice (accounts.services.tokens._refuse_family_access):
    # {family id: the Unix time until which its tokens are refused}, an entry kept as long as any token of the family
    # (access or refresh) issued before the revocation can live. Written only by that service's UPDATE (see save()).
    revoked_token_families = models.JSONField(default=dict, blank=True, editable=False)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=[r.value for r in Role]), name="user_role_valid"),
            models.CheckConstraint(
                condition=~models.Q(role__in=NON_STAFF_ROLES) | models.Q(is_staff=False, is_superuser=False),
                name="user_candidates_and_mentors_never_staff",
                violation_error_message="Candidates and mentors cannot have staff or superuser status.",
            ),
            models.CheckConstraint(
                condition=models.Q(experience_level__in=["", *[lv.value for lv in ExperienceLevel]]),
                name="user_experience_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.email

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remembers the stored address, so that a save replacing it can keep the old one as a former address
        (accounts.signals.remember_a_replaced_address) without reading the row again."""
        instance = super().from_db(db, field_names, values)
        instance._stored_email = instance.__dict__.get("email")
        return instance

    def save(self, *args, **kwargs):
        """A full save of a row loaded before a "sign out everywhere" (or a session's revocation) must not write the
        old token generation (or the old list of revoked sessions) back, which would revive the revoked tokens: it
        saves every loaded field but those."""
        if not args and kwargs.get("update_fields") is None and not kwargs.get("force_insert") \
                and not self._state.adding:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [f.attname for f in self._meta.concrete_fields
                                       if not f.primary_key and f.attname not in TOKEN_REVOCATION_FIELDS
                                       and f.attname not in deferred]
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret=None):
        """Browser sessions end with the API's tokens: the hash each session keeps (Django checks it on every request
        and websocket) covers the token generation besides the password, so signing out everywhere (logout-all, a
        deactivation, account deletion) signs every browser out too. At generation 0 it is Django's own hash, so a
        session made before this rule stays valid while its account has never signed out everywhere. The fallback
        hashes (SECRET_KEY_FALLBACKS) come through here too."""
        if not self.token_generation:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac("accounts.User.get_session_auth_hash", f"{self.password}\x00{self.token_generation}",
                           secret=secret, algorithm="sha256").hexdigest()

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return (self.name.split() or [self.email])[0]

    @property
    def is_candidate(self) -> bool:
        return self.role == Role.CANDIDATE

    @property
    def is_expert(self) -> bool:
        return self.role == Role.EXPERT

    @property
    def is_mentor(self) -> bool:
        return self.role == Role.MENTOR

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


class LoginEvent(AppendOnlyModel):
    """Append-only record of failed logins, lockouts and refused logins (visible read-only in admin); erasing an account
    blanks its rows' personal fields with `LoginEvent.objects.filter(user=user).erase(...)`."""

    class Kind(models.TextChoices):
        FAILED = "failed", "Wrong password"
        LOCKED = "locked", "Account locked"
        REFUSED_LOCKED = "refused_locked", "Refused: account locked"
        UNLOCKED = "unlocked", "Unlocked by an admin"

    class Channel(models.TextChoices):
        BROWSER = "browser", "Browser"
        API = "api", "REST API"
        ADMIN = "admin", "Admin"

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="login_events")
    email = models.CharField(max_length=254, blank=True, help_text="The address that was typed in.")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.email} · {self.created_at:%Y-%m-%d %H:%M}"



class PendingEmail(models.Model):
    """A rendered email waiting for its Celery task (accounts.emails.queue_email). The task is given only this row's
    id, so a secret link in the body (a password reset, an email confirmation, an unlock link) never reaches the
    broker, the task's arguments or the log lines that print them. Deleted in the transaction that sends it; a row
    left over (a message given up on) is deleted after PENDING_EMAIL_MAX_AGE (accounts.delete_stale_pending_emails).
    """

    recipient = models.EmailField()
    subject = models.CharField(max_length=998)
    body = models.TextField()
    from_email = models.CharField(max_length=254, blank=True)
    alternatives = models.JSONField(default=list, blank=True, help_text="[[content, mimetype], ...]")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The stuck-work sweep's resends of a message whose task was lost (accounts.emails.recover_unsent_emails).
    recoveries = models.PositiveSmallIntegerField(default=0)
    resent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"email {self.pk} to {self.recipient}"


class FormerEmailAddress(models.Model):
    """An address the account held and gave up (removed from its addresses, or replaced as the account's address),
    with when. Kept while the account lives so that deleting it finds what was sent to that address while it was
    the account's (a planned interview's invitation, an unsent mail): deleted with the account, listed in "download
    my data". Written by accounts.signals; an address given up may be someone else's since, so it counts only for
    rows made until `held_until` (accounts.selectors.addressed_to)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="former_addresses")
    email = models.EmailField()
    held_until = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_until", "id"]
        indexes = [models.Index(fields=["user", "email"])]

    def __str__(self) -> str:
        return f"former address of user {self.user_id}"


class UserSession(AbstractBaseSession):
    """Django's session row plus the id of the account signed in with it (accounts.sessions: the session engines
    write it), so that deleting an account finds its sessions by an index; each holds the address the account signed
    in with. Not a foreign key: a session is written before and after its account changes, and an anonymous one has
    none."""

    user_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_usersession"

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions.db import SessionStore

        return SessionStore


class MentorAssignment(models.Model):
    """A mentor follows a candidate while the assignment is active and accepted. At most one active row per pair.

    One a candidate made (accounts.services.invite_mentor) starts pending (`accepted_at` null): the mentor sees the
    candidate only once they accept it, and the candidate sees it only as a pending `MentorInvitation` (its
    `assignment`) until then. One made in admin (or anywhere else) is accepted when made."""

    mentor = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mentee_assignments")
    candidate = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mentor_assignments")
    since = models.DateTimeField(default=timezone.now)
    active = models.BooleanField(default=True, db_index=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True, default=timezone.now,
                                       help_text="When the mentor accepted; empty while the candidate's request waits.")
    # The mentor's email (accounts.emails.send_mentor_invitation): sent_at stays null while it is owed (an assignment
    # made in admin mails nobody, so admin sets it); sending_since is a delivery's lease while it sends; recoveries and
    # resent_at count the stuck-work sweep's resends (accounts.emails.recover_unsent_mentor_invitations).
    sent_at = models.DateTimeField(null=True, blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    recoveries = models.PositiveSmallIntegerField(default=0)
    resent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-since", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "candidate"], condition=models.Q(active=True),
                                    name="one_active_assignment_per_pair"),
            models.CheckConstraint(condition=~models.Q(mentor=models.F("candidate")), name="mentor_is_not_candidate"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.candidate}{'' if self.active else ' (ended)'}"

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.mentor_id and self.mentor.role != Role.MENTOR:
            errors["mentor"] = "Choose a user whose role is mentor."
        if self.candidate_id and self.candidate.role != Role.CANDIDATE:
            errors["candidate"] = "Choose a user whose role is candidate."
        if errors:
            raise ValidationError(errors)


class MentorInvitation(models.Model):
    """A candidate asked an address that has no mentor account to mentor them (DESIGN: the invite answers the same
    whoever owns the address). Only the candidate sees it, as pending; it ends when the candidate withdraws it, adds
    the address again once it has become a mentor account (then it is an assignment), or deletes their account."""

    candidate = models.ForeignKey(User, on_delete=models.CASCADE, related_name="mentor_invitations")
    email = models.EmailField()  # lower-cased: one invitation per candidate and address
    created_at = models.DateTimeField(default=timezone.now)
    # The address was a mentor account: the request that mentor accepts or declines. Accepting ends the invitation;
    # the candidate withdrawing it (or its expiry) ends the request. Its own mail (sent_at) is the assignment's.
    assignment = models.OneToOneField(MentorAssignment, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="invitation")
    # The address's email (accounts.emails.send_mentor_signup_invitation): sent_at stays null while it is owed;
    # sending_since is a delivery's lease while it sends; recoveries and resent_at count the stuck-work sweep's resends
    # (accounts.emails.recover_unsent_mentor_invitations).
    sent_at = models.DateTimeField(null=True, blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    recoveries = models.PositiveSmallIntegerField(default=0)
    resent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["candidate", "email"], name="one_invitation_per_address")]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.email} (pending)"


class AdminLogScrub(models.Model):
    """A deleted person's words (their addresses) still to be replaced in the admin's change log
    (accounts.admin_log.scrub). Written inside the deletion's transaction, so a committed deletion always leaves one:
    the scan of the whole log runs after the commit, in chunks of rows, each chunk its own transaction that moves
    `next_id` on; a process that dies mid-way leaves the row, and the sweep (accounts.resume_admin_log_scrubs, beat)
    finishes it. Deleted, words and all, once the whole log has been scanned. `until`: only log rows written until
    then (a deletion made before the scrub existed: the address may be someone else's since)."""

    account_id = models.BigIntegerField(help_text="The deleted account's id (gone for an account deleted outright).")
    words = models.JSONField(default=list)
    until = models.DateTimeField(null=True, blank=True)
    next_id = models.BigIntegerField(default=0, help_text="The first log row not scanned yet.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now, help_text="The last chunk's end (the sweep's clock).")

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"admin log scrub for deleted user #{self.account_id}"
