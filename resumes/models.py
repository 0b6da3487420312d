"""Resumes: the uploaded file, its parse state machine and the skills found in it (DESIGN §2, §4)."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone

from interviewmaster.events import AppendOnlyModel


class ResumeStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    EXTRACTING = "extracting", "Extracting text"
    ANALYSING = "analysing", "Analysing"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class FileKind(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (DOCX)"


# The allowed transitions (DESIGN §4). A re-run goes back to UPLOADED from a terminal state.
TRANSITIONS: dict[str, set[str]] = {
    ResumeStatus.UPLOADED: {ResumeStatus.EXTRACTING, ResumeStatus.FAILED},
    ResumeStatus.EXTRACTING: {ResumeStatus.ANALYSING, ResumeStatus.FAILED},
    ResumeStatus.ANALYSING: {ResumeStatus.READY, ResumeStatus.FAILED},
    ResumeStatus.READY: {ResumeStatus.UPLOADED},
    ResumeStatus.FAILED: {ResumeStatus.UPLOADED},
}
TERMINAL_STATUSES = frozenset({ResumeStatus.READY, ResumeStatus.FAILED})

# How far along the progress bar each state is (extraction and analysis steps move it further in between).
STATUS_PROGRESS = {
    ResumeStatus.UPLOADED: 5,
    ResumeStatus.EXTRACTING: 15,
    ResumeStatus.ANALYSING: 70,
    ResumeStatus.READY: 100,
    ResumeStatus.FAILED: 100,
}


def resume_upload_to(instance: Resume, filename: str) -> str:
    """A random, unguessable storage name; the original name is kept only in the database."""
    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in {".pdf", ".docx"}:
        suffix = ""
    return f"resumes/{uuid.uuid4().hex}{suffix}"


class ResumeQuerySet(models.QuerySet):
    def alive(self) -> ResumeQuerySet:
        return self.filter(deleted_at__isnull=True)

    def owned_by(self, user) -> ResumeQuerySet:
        return self.filter(owner=user)


class Resume(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resumes")
    file = models.FileField(upload_to=resume_upload_to, max_length=255, blank=True)
    original_filename = models.CharField(max_length=255)
    kind = models.CharField(max_length=8, choices=FileKind.choices)
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    status = models.CharField(max_length=16, choices=ResumeStatus.choices, default=ResumeStatus.UPLOADED,
                              db_index=True)
    progress = models.PositiveSmallIntegerField(default=STATUS_PROGRESS[ResumeStatus.UPLOADED])
    failure_reason = models.CharField(max_length=500, blank=True)
    failure_code = models.CharField(max_length=64, blank=True)
    task_id = models.UUIDField(default=uuid.uuid4, unique=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Times the stuck-work sweep sent this parse again (resumes.services.recover_stuck_resumes); 0 on each re-run.
    recoveries = models.PositiveSmallIntegerField(default=0)

    text = models.TextField(blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    # Structured facts found in the text: years of experience, positions, education, contact fields.
    facts = models.JSONField(default=dict, blank=True)
    # Summary, seniority, suggested roles, strengths and gaps (offline taxonomy-based or AI-enriched).
    analysis = models.JSONField(default=dict, blank=True)
    target_role = models.CharField(max_length=64, blank=True)

    is_active = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    parsed_at = models.DateTimeField(null=True, blank=True)

    objects = ResumeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="resume_owner_recent")]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=[s.value for s in ResumeStatus]),
                                   name="resume_status_valid"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="resume_progress_le_100"),
            models.UniqueConstraint(fields=["owner"], condition=models.Q(is_active=True, deleted_at__isnull=True),
                                    name="resume_one_active_per_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.original_filename} ({self.get_status_display()})"

    @property
    def is_terminal(self) -> bool:
        return self.status in TERMINAL_STATUSES

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class SkillStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"   # found by the extractor, not yet looked at
    CONFIRMED = "confirmed", "Confirmed"   # the candidate says yes: drives questions and study paths
    REMOVED = "removed", "Removed"         # the candidate says no: a re-parse will not bring it back


class SkillSource(models.TextChoices):
    EXTRACTED = "extracted", "Extracted"
    CANDIDATE = "candidate", "Added by candidate"


class ResumeSkill(models.Model):
    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="skills")
    skill_id = models.CharField(max_length=64)  # taxonomy id, or "custom:<slug>" for skills outside it
    name = models.CharField(max_length=100)
    category = models.CharField(max_length=40)
    confidence = models.FloatField(default=0.0)
    source = models.CharField(max_length=16, choices=SkillSource.choices, default=SkillSource.EXTRACTED)
    status = models.CharField(max_length=16, choices=SkillStatus.choices, default=SkillStatus.SUGGESTED)
    evidence = models.JSONField(default=dict, blank=True)  # sections, mentions, last year seen

    class Meta:
        ordering = ["category", "-confidence", "name"]
        constraints = [
            models.UniqueConstraint(fields=["resume", "skill_id"], name="resume_skill_unique"),
            models.CheckConstraint(condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1),
                                   name="resume_skill_confidence_0_1"),
            models.CheckConstraint(condition=models.Q(status__in=[s.value for s in SkillStatus]),
                                   name="resume_skill_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.confidence:.2f})"

    @property
    def verified(self) -> bool:
        """A skill of the taxonomy; a typed name outside it is the candidate's own word, shown as unverified."""
        return not self.skill_id.startswith("custom:")


class ResumeEvent(AppendOnlyModel):
    """Append-only audit trail of status changes and candidate edits (DESIGN §4)."""

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    kind = models.CharField(max_length=40)  # "status.extracting", "skill.confirmed", ...
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} on resume {self.resume_id}"
