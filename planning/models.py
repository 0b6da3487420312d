"""planning: the expert's interview plans (DESIGN §2, §4).

A `Position` says what the job needs; an `InterviewPlan` is one candidate's planned interview for it. Its questions
live in immutable `PlanVersion`s (written by the controller agent or edited by the expert), each reviewed by a
`Critique`. The expert's `ExpertDecision`s (with reasons) and the observer's `LearningSignal`s shape later plans. The
state follows `capabilities.state_machine("interview_plan")` through `planning.services.transition` only, and every
step is an append-only `PlanEvent`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from accounts.validators import NameValidator
from interviewmaster import capabilities
from interviewmaster.events import AppendOnlyModel


class Position(models.Model):
    # Names people read in lists, invitations and emails: the one rule for a name (accounts.validators), so that
    # "Eve \u202eredaeR" does not show reversed nor a line break start a new email header.
    title = models.CharField(max_length=200, validators=[NameValidator()])
    department = models.CharField(max_length=120, blank=True, validators=[NameValidator()])
    role = models.CharField(max_length=40, choices=capabilities.role_choices,
                            help_text="The capabilities role whose question bank the plan draws on.")
    job_description = models.TextField(blank=True, max_length=20_000)
    required_skills = models.JSONField(default=list, blank=True,
                                       help_text="Skill ids from the taxonomy (resumes/data/skills.json).")
    nice_to_have_skills = models.JSONField(default=list, blank=True,
                                           help_text="Skill ids from the taxonomy (resumes/data/skills.json).")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="positions")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.department})" if self.department else self.title

    def clean(self) -> None:
        from planning.skills import unknown_skills

        errors = {}
        for field in ("required_skills", "nice_to_have_skills"):
            value = getattr(self, field)
            if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
                errors[field] = "Give a list of skill ids."
                continue
            unknown = unknown_skills(value)
            if unknown:
                errors[field] = f"Unknown skills: {', '.join(unknown)}. Use ids from the skill taxonomy."
        if len(self.required_skills or []) > 20:
            errors["required_skills"] = "At most 20 required skills."
        if errors:
            raise ValidationError(errors)


class PlanState(models.TextChoices):
    DRAFT = "draft", "Draft"
    CRITIQUED = "critiqued", "Critiqued"
    PENDING_REVIEW = "pending_review", "Pending expert review"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"
    APPROVED = "approved", "Approved"
    INVITED = "invited", "Invited"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    INCOMPLETE = "incomplete", "Incomplete"
    EXPIRED = "expired", "Expired"
    CANCELLED = "cancelled", "Cancelled"


class AgentStatus(models.TextChoices):
    IDLE = "idle", "Idle"
    DRAFTING = "drafting", "Drafting"
    CRITIQUING = "critiquing", "Critiquing"
    FAILED = "failed", "Failed"


class InterviewPlan(models.Model):
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interview_plans")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="plans")
    candidate_name = models.CharField(max_length=150, validators=[NameValidator()])  # the rule of Position.title
    candidate_email = models.EmailField()
    candidate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="planned_interviews")
    resume = models.ForeignKey("resumes.Resume", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    mode = models.CharField(max_length=20, default="custom_config")
    config = models.JSONField(default=dict, help_text="An interview_config(); see docs/capabilities.md.")
    # How long the interview lasts: what the admin, the invitation email, the candidate's pages and the room's clock
    # all say. It follows the current version's questions (services.interview_minutes) unless the expert set it.
    duration_minutes = models.PositiveSmallIntegerField(default=0)
    duration_fixed = models.BooleanField(
        default=False, help_text="The expert set the interview's length; otherwise it follows the current version's "
                                 "questions (their minutes plus the transition buffer).")
    state = models.CharField(max_length=20, choices=PlanState.choices, default=PlanState.DRAFT, db_index=True)
    state_changed_at = models.DateTimeField(default=timezone.now)
    current_version = models.ForeignKey("PlanVersion", on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+")
    session = models.OneToOneField("interviews.InterviewSession", on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="plan",
                                   help_text="The planned interview, once the candidate starts it.")
    agent_status = models.CharField(max_length=12, choices=AgentStatus.choices, default=AgentStatus.IDLE)
    agent_error = models.CharField(max_length=300, blank=True)
    # How often the stuck-work sweep (services.recover_stuck_agents) sent the agents' lost step again; back to 0
    # when the agents finish or fail.
    agent_recoveries = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["expert", "state"], name="plan_expert_state"),
                   # the stuck-work sweep reads the few plans whose agents are working every minute
                   models.Index(fields=["agent_status"], name="plan_agents_working",
                                condition=models.Q(agent_status__in=["drafting", "critiquing"]))]
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=[s.value for s in PlanState]),
                                   name="plan_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_name} — {self.position.title}"

    @property
    def position_words(self) -> str:
        """The position as the invitation names it ("Senior Backend Engineer (Payments)"): the lobby, the room and the
        candidate's lists call the interview the same."""
        from planning.invitations import position_words

        return position_words(self.position)

    @property
    def is_terminal(self) -> bool:
        return self.state in capabilities.state_machine("interview_plan").terminal_states

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


EDITABLE_STATES = frozenset({PlanState.DRAFT, PlanState.CRITIQUED, PlanState.PENDING_REVIEW,
                             PlanState.CHANGES_REQUESTED})


class VersionAuthor(models.TextChoices):
    CONTROLLER = "controller", "Controller agent"
    EXPERT = "expert", "Expert"


class PlanVersion(models.Model):
    """One immutable set of planned questions. Each question: question_id (bank) or prompt, category, difficulty,
    skill, why, expected_points, follow_up_ideas, minutes (see planning.plan_schema.PLANNED_QUESTION)."""

    plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    questions = models.JSONField(default=list)
    rationale = models.TextField(blank=True)
    confidence = models.FloatField(default=0.0)
    provider = models.CharField(max_length=40, blank=True)
    model_name = models.CharField(max_length=80, blank=True)
    created_by = models.CharField(max_length=12, choices=VersionAuthor.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    revision_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    trigger = models.CharField(max_length=20, blank=True,
                               help_text="Why this version exists: '' (first draft), critique, feedback or edit.")
    slots = models.JSONField(default=list, blank=True,
                             help_text="The [{category, difficulty}] mix the version was written for.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique_number"),
            models.CheckConstraint(condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1),
                                   name="plan_version_confidence_0_1"),
        ]

    def __str__(self) -> str:
        return f"v{self.number} of plan {self.plan_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Plan versions are immutable; create a new version.")
        super().save(*args, **kwargs)

    @property
    def total_minutes(self) -> int:
        return sum(int(q.get("minutes") or 0) for q in self.questions)

    @property
    def estimated_minutes(self) -> int:
        """How long the questions take in the room, transitions included: the formula of the interview's clock."""
        return capabilities.questions_duration(q["difficulty"] for q in self.questions)


class Critique(models.Model):
    """The critique agent's review of one version. issues: [{severity, kind, message, question_index}]."""

    plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="critiques")
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="critiques")
    verdict = models.CharField(max_length=10)
    issues = models.JSONField(default=list)
    suggestions = models.JSONField(default=list)
    confidence = models.FloatField(default=0.0)
    provider = models.CharField(max_length=40, blank=True)
    model_name = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"critique of v{self.version.number} ({self.verdict})"

    @property
    def has_high_severity(self) -> bool:
        return any(i.get("severity") == "blocker" for i in self.issues)


class DecisionKind(models.TextChoices):
    APPROVE = "approve", "Approve"
    REQUEST_CHANGES = "request_changes", "Request changes"
    EDIT = "edit", "Edit questions"
    CANCEL = "cancel", "Cancel"


class DecisionReason(models.TextChoices):
    TOO_EASY = "too_easy", "Too easy"
    TOO_HARD = "too_hard", "Too hard"
    OFF_TOPIC = "off_topic", "Off-topic"
    MISSING_SKILL = "missing_skill", "Missing skill"
    DUPLICATE = "duplicate", "Duplicate"
    BIASED = "biased", "Biased"
    OTHER = "other", "Other"


class ExpertDecision(models.Model):
    plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="decisions")
    version = models.ForeignKey(PlanVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    reason = models.CharField(max_length=20, choices=DecisionReason.choices, blank=True)
    comment = models.TextField(blank=True, max_length=4000)
    diff = models.JSONField(default=dict, blank=True,
                            help_text="For edits: {removed: [...], added: [...], changed: [{index, fields}]}.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=[k.value for k in DecisionKind]),
                                   name="decision_kind_valid"),
            models.CheckConstraint(condition=~models.Q(kind="request_changes") | ~models.Q(reason=""),
                                   name="decision_request_changes_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.expert} on plan {self.plan_id}"


class LearningSignal(models.Model):
    """What the observer learnt from one expert about one position: a question to avoid, a kind of question to
    prefer, a difficulty shift, or the gap between the AI's and the expert's scores."""

    class Kind(models.TextChoices):
        AVOID_QUESTION = "avoid_question", "Avoid question"
        PREFER_CATEGORY = "prefer_category", "Prefer category"
        PREFER_SKILL = "prefer_skill", "Prefer skill"
        DIFFICULTY = "difficulty", "Difficulty shift"
        SCORE_DELTA = "score_delta", "Score adjustment"

    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="learning_signals")
    plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="learning_signals")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=300, help_text="The question text/id, category, skill or criterion.")
    value = models.FloatField(default=1.0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["expert", "position", "kind"], name="signal_lookup")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.key} ({self.value:+g})"


class Invitation(models.Model):
    """The email inviting the candidate. The link carries a signed token naming this row and its nonce; it works
    once (used_at), until expires_at, and only while it is the plan's latest invitation (superseded_at)."""

    plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=10_000)
    edited_by_expert = models.BooleanField(default=False)
    nonce = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)  # set once the mail server took the message
    # The delivery task's claim while it sends (a lease: a claim older than STUCK_WORK_AFTER_SECONDS belongs to a
    # dead worker and is taken over), the stuck-work sweep's resends (how many, the last), and why it gave up.
    sending_since = models.DateTimeField(null=True, blank=True)
    recoveries = models.PositiveSmallIntegerField(default=0)
    resent_at = models.DateTimeField(null=True, blank=True)
    delivery_error = models.CharField(max_length=300, blank=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"invitation to {self.email} (plan {self.plan_id})"


class ScoreAdjustment(AppendOnlyModel):
    """The expert's score for one criterion of one answer, beside the AI's (which stays untouched). Append-only: a
    later adjustment of the same criterion supersedes an earlier one."""

    plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="score_adjustments")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    turn = models.ForeignKey("interviews.Turn", on_delete=models.CASCADE, related_name="+")
    criterion = models.CharField(max_length=60)
    ai_score = models.PositiveSmallIntegerField()
    expert_score = models.PositiveSmallIntegerField()
    reason = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(expert_score__gte=1) & models.Q(expert_score__lte=5),
                                              name="score_adjustment_1_5")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.ai_score} -> {self.expert_score}"


class ScoreReasonCorrection(AppendOnlyModel):
    """A corrected reason for an adjustment whose score stands: the expert sent the same score again with a better
    reason. Its own row because adjustments are append-only, and a second adjustment would count as a second change
    of the AI's score (the expert outcome statistics count adjustments; the learning signal would be re-derived). The
    adjustment's reason is then the latest correction's."""

    adjustment = models.ForeignKey(ScoreAdjustment, on_delete=models.CASCADE, related_name="reason_corrections")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"reason of adjustment {self.adjustment_id} corrected"


class PlanEvent(AppendOnlyModel):
    """Append-only audit trail: every transition, agent step and expert action (DESIGN §4)."""

    plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    agent = models.CharField(max_length=20, blank=True, help_text="controller, critique or observer")
    kind = models.CharField(max_length=60)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        from planning.wording import event_kind_name  # wording reads this module's models

        return f"{event_kind_name(self.kind)} on plan {self.plan_id}"
