"""interviews: models (DESIGN §2)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from interviewmaster import capabilities
from interviewmaster.events import AppendOnlyModel, kind_words


class ReviewStatus(models.TextChoices):
    APPROVED = "approved", "Approved"
    PENDING_REVIEW = "pending_review", "Pending expert review"
    REJECTED = "rejected", "Rejected"


class Question(models.Model):
    """One question of the bank. Vocabulary (category, difficulty, roles, languages, tags) comes from capabilities.

    `external_id` is the stable id used by the JSON bank under data/questions/ so imports are idempotent.
    `expected_points` is a list of {"point": str, "keywords": [str, ...]}: what a good answer covers, with synonyms the
    offline evaluator matches against.
    """

    external_id = models.SlugField(max_length=120, unique=True)
    title = models.CharField(max_length=200)
    prompt = models.TextField()
    category = models.CharField(max_length=40, choices=capabilities.category_choices, db_index=True)
    difficulty = models.CharField(max_length=20, choices=capabilities.difficulty_choices)
    roles = models.JSONField(default=list, blank=True, help_text="Target role ids from the capabilities.")
    languages = models.JSONField(default=list, blank=True,
                                 help_text="Language ids; empty means the question does not depend on a language.")
    tags = models.JSONField(default=list, blank=True, help_text="Skill/topic tags from the capabilities vocabulary.")
    expected_points = models.JSONField(default=list, blank=True)
    reference_answer = models.TextField(blank=True)
    rubric_overrides = models.JSONField(default=dict, blank=True,
                                        help_text="Criterion weights replacing the category's (must sum to 1).")
    follow_up_seeds = models.JSONField(default=list, blank=True)
    problem = models.SlugField(max_length=80, blank=True,
                               help_text="Slug of a code-judge problem whose tests judge the candidate's code.")
    source = models.CharField(max_length=120, blank=True, help_text="Where it came from, e.g. bank:coding.json.")
    is_active = models.BooleanField(default=True)
    status = models.CharField(max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.APPROVED,
                              db_index=True, help_text="AI-generated questions wait for an expert's review.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "difficulty", "external_id"]
        indexes = [models.Index(fields=["is_active", "category", "difficulty"], name="question_pick_idx")]
        constraints = [
            # Only an approved question can be asked.
            models.CheckConstraint(condition=models.Q(is_active=False) | models.Q(status="approved"),
                                   name="question_active_only_when_approved"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.category}/{self.difficulty})"

    @property
    def expected_point_texts(self) -> list[str]:
        return [p["point"] if isinstance(p, dict) else str(p) for p in self.expected_points]

    @property
    def minutes(self) -> int:
        return capabilities.minutes_for(self.difficulty)

    def clean(self) -> None:
        from interviews.question_bank import judge_problems_in_db, question_problems

        errors = [issue for issue in question_problems(self.as_bank_dict(),
                                                       judge_problems=judge_problems_in_db([self.problem]))
                  if issue.level == "error"]
        if errors:
            raise ValidationError({issue.field or "__all__": issue.message for issue in errors})

    def as_bank_dict(self) -> dict:
        """This question in the JSON bank format (docs/question-bank.md)."""
        data = {
            "id": self.external_id,
            "title": self.title,
            "prompt": self.prompt,
            "category": self.category,
            "difficulty": self.difficulty,
            "roles": list(self.roles),
            "languages": list(self.languages),
            "tags": list(self.tags),
            "expected_points": list(self.expected_points),
            "follow_up_seeds": list(self.follow_up_seeds),
            "active": self.is_active,
        }
        if self.reference_answer:
            data["reference_answer"] = self.reference_answer
        if self.rubric_overrides:
            data["rubric_overrides"] = dict(self.rubric_overrides)
        if self.problem:
            data["problem"] = self.problem
        return data


class QuestionGenerationJob(models.Model):
    """One request for `count` questions (POST /api/v1/questions/generate), answered by a Celery task on the ai queue.

    `result` lists {"question_id", "cache": "hit" | "bank" | "generated"}; AI-written questions are stored in the bank
    inactive with source "ai:<provider>" (pending expert review in admin).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="question_jobs")
    role = models.CharField(max_length=40)
    difficulty = models.CharField(max_length=20)
    count = models.PositiveSmallIntegerField()
    categories = models.JSONField(default=list)
    language = models.CharField(max_length=40, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    result = models.JSONField(default=list, blank=True)
    provider = models.CharField(max_length=40, blank=True)
    error_code = models.CharField(max_length=60, blank=True)
    error_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The stuck-work sweep (generation.recover_stuck_generation_jobs): how often it sent the job again, when last.
    recoveries = models.PositiveSmallIntegerField(default=0)
    recovered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(count__gte=1) & models.Q(count__lte=20),
                                              name="question_job_count_1_20")]
        # the stuck-work sweep reads the few unfinished jobs every minute
        indexes = [models.Index(fields=["created_at"], condition=models.Q(status__in=["queued", "running"]),
                                name="question_job_unfinished")]

    def __str__(self) -> str:
        return f"{self.count} {self.difficulty} {self.role} questions ({self.status})"


# --- the interview engine's records -------------------------------------------------------------------------------
class SessionState(models.TextChoices):
    """Mirror of capabilities `session_states.interview_session` (the transition table lives there)."""

    CREATED = "created", "Created"
    IN_PROGRESS = "in_progress", "In progress"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    EVALUATED = "evaluated", "Evaluated"
    ABANDONED = "abandoned", "Abandoned"
    CANCELLED = "cancelled", "Cancelled"


LIVE_STATES = (SessionState.CREATED, SessionState.IN_PROGRESS, SessionState.PAUSED)


class EndReason(models.TextChoices):
    """Why an interview ended (`InterviewSession.end_reason`, written by interviews.services), in words."""

    FINISHED = "finished", "Finished by the candidate"
    LAST_QUESTION = "last_question", "Every question asked"
    TIME_UP = "time_up", "The time ran out"
    IDLE = "idle", "Left idle too long"
    CANCELLED = "cancelled", "Cancelled by the candidate"
    ACCOUNT_DELETED = "account_deleted", "The candidate deleted their account"
    PLAN_CANCELLED = "plan_cancelled", "The expert cancelled the plan"


class PauseReason(models.TextChoices):
    """Why an interview is paused (`InterviewSession.paused_reason`), in words."""

    CANDIDATE = "candidate", "Paused by the candidate"
    DISCONNECT = "disconnect", "The candidate's connection dropped"


def reason_text(reason: str) -> str:
    """An end or pause reason id in words ("time_up" -> "The time ran out"); an unknown one with its underscores as
    spaces; "" for none."""
    for reasons in (EndReason, PauseReason):
        if reason in reasons.values:
            return str(reasons(reason).label)
    return reason.replace("_", " ").capitalize()


# What each SessionEvent kind (the ids interviews.services, hints and presence write) reads as in the admin.
EVENT_KINDS = {
    "session.created": "Interview created",
    "state.changed": "State changed",
    "turn.opened": "Question asked",
    "draft.saved": "Draft saved",
    "draft.refused": "Draft refused",
    "answer.submitted": "Answer submitted",
    "hint.requested": "Hint asked for",
    "hint.given": "Hint given",
    "signal.paste": "Pasted text",
    "signal.visibility": "Left the interview tab",
    "signal.idle": "Went idle",
    "follow_up.skipped": "Follow-up skipped",
    "difficulty.adapted": "Difficulty adapted",
    "evaluation.resent": "Evaluation sent again",
    "evaluation.interrupted": "Evaluation given up",
    "report.resent": "Report sent again",
    "room.lost": "Lost touch with the room",
}


def event_kind_text(kind: str) -> str:
    """A SessionEvent's kind in words ("signal.paste" -> "Pasted text"); an unknown kind as words, never an id."""
    return EVENT_KINDS.get(kind) or kind_words(kind)


def event_kind_choices() -> list[tuple[str, str]]:
    return list(EVENT_KINDS.items())


class InterviewSession(models.Model):
    """One interview: a candidate's own mock interview or an expert-planned one (planning holds a OneToOne to it).

    `question_plan` is the ordered list of main-question snapshots chosen at the start (selection or the plan);
    `position` is how many of them have been asked. Time is kept as seconds used plus the moment the clock last
    started (`running_since`), so pauses and reconnects never lose or invent time.
    """

    candidate = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="interview_sessions")
    expert = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="observed_interviews",
                               help_text="A planned interview's expert: may watch the room read-only.")
    mode = models.CharField(max_length=30)
    role = models.CharField(max_length=40, blank=True)
    config = models.JSONField(default=dict)
    is_planned = models.BooleanField(default=False)
    state = models.CharField(max_length=20, choices=SessionState.choices, default=SessionState.CREATED,
                             db_index=True)
    paused_reason = models.CharField(max_length=20, blank=True)
    question_plan = models.JSONField(default=list)
    position = models.PositiveSmallIntegerField(default=0)
    current_difficulty = models.CharField(max_length=20, blank=True)
    strong_streak = models.PositiveSmallIntegerField(default=0)
    time_budget_seconds = models.PositiveIntegerField(default=0)
    time_used_seconds = models.PositiveIntegerField(default=0)
    running_since = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0, help_text="Time spent paused, pauses that ended.")
    paused_since = models.DateTimeField(null=True, blank=True, help_text="When the current pause began.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(default=dict, blank=True)
    report_ready_at = models.DateTimeField(null=True, blank=True)
    overall = models.PositiveSmallIntegerField(null=True, blank=True)
    # The stuck-work sweep (interviews.services.recover_stuck_evaluations): how often it sent the report again, when.
    recoveries = models.PositiveSmallIntegerField(default=0)
    recovered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["candidate", "state"], name="session_candidate_state_idx"),
                   models.Index(fields=["state", "last_activity_at"], name="session_idle_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=[s.value for s in SessionState]),
                                   name="session_state_valid"),
            models.CheckConstraint(condition=models.Q(overall__isnull=True) | models.Q(overall__lte=100),
                                   name="session_overall_0_100"),
        ]

    def __str__(self) -> str:
        # the candidate's name (else email), not their id: this is the title of the session's admin pages
        return f"Interview #{self.pk} of {self.candidate.get_full_name()} ({self.get_state_display().lower()})"

    @property
    def is_live(self) -> bool:
        return self.state in LIVE_STATES

    @property
    def mode_name(self) -> str:
        if self.is_planned:
            return "Planned interview"
        mode = capabilities.get_capabilities().modes.get(self.mode)
        return mode.name if mode else self.mode

    @property
    def title(self) -> str:
        """What a candidate calls this interview ("Backend Engineer interview"); pages add its date. Never the
        platform-wide id, which would tell anyone how many interviews the platform has run. A planned interview is
        named by its position as the invitation and the lobby name it ("Interview for Senior Backend Engineer
        (Payments)"), not by the role its question bank is drawn from."""
        plan = getattr(self, "plan", None) if self.is_planned else None
        if plan is not None:
            return f"Interview for {plan.position_words}"
        return f"{self.role_name} {'planned interview' if self.is_planned else 'interview'}"

    @property
    def role_name(self) -> str:
        role = capabilities.get_capabilities().roles.get(self.role)
        return role.name if role else (self.role or "General")

    def seconds_used(self, now=None) -> int:
        from django.utils import timezone

        used = self.time_used_seconds
        if self.running_since is not None:
            used += max(0, int(((now or timezone.now()) - self.running_since).total_seconds()))
        return used

    def remaining_seconds(self, now=None) -> int:
        return max(0, self.time_budget_seconds - self.seconds_used(now))

    def seconds_paused(self, now=None) -> int:
        """Time spent paused so far, the pause under way included."""
        from django.utils import timezone

        paused = self.paused_seconds
        if self.paused_since is not None:
            paused += max(0, int(((now or timezone.now()) - self.paused_since).total_seconds()))
        return paused


class RoomConnection(models.Model):
    """One of the candidate's sockets open on the live room (interviews/presence.py). The clock stops when the last
    one is gone: closed (`disconnect()` deletes its row) or dead with its web process, which no code of ours hears of:
    its row then stops being refreshed (`seen_at`, stamped by the consumer's own loop), and the time since its last
    sign of life is treated as a disconnect. The observing expert's sockets are not kept here: they never move the
    candidate's clock."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="connections")
    channel_name = models.CharField(max_length=255, unique=True)
    connected_at = models.DateTimeField()
    seen_at = models.DateTimeField(help_text="The socket's last sign of life (refreshed while it lives).")

    class Meta:
        ordering = ["session", "connected_at"]
        indexes = [models.Index(fields=["session", "seen_at"], name="room_connection_seen_idx")]

    def __str__(self) -> str:
        return f"Socket on session {self.session_id} (seen {self.seen_at:%H:%M:%S})"


class TurnKind(models.TextChoices):
    WARM_UP = "warm_up", "Warm-up"
    QUESTION = "question", "Question"
    FOLLOW_UP = "follow_up", "Follow-up"


class TurnStatus(models.TextChoices):
    OPEN = "open", "Open"
    SUBMITTED = "submitted", "Submitted"
    EVALUATED = "evaluated", "Evaluated"
    SKIPPED = "skipped", "Skipped"
    UNSCORED = "unscored", "Not scored"  # its evaluation was lost with its worker STUCK_WORK_MAX_RECOVERIES times


class Turn(models.Model):
    """One exchange: the interviewer's prompt and the candidate's answer. At most one turn of a session is open."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="turns")
    index = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=TurnKind.choices)
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="follow_ups",
                               help_text="The main question a follow-up belongs to.")
    question = models.ForeignKey(Question, on_delete=models.SET_NULL, null=True, blank=True, related_name="turns")
    question_number = models.PositiveSmallIntegerField(default=0, help_text="1-based main question; 0 = warm-up.")
    prompt = models.TextField()
    snapshot = models.JSONField(default=dict, blank=True,
                                help_text="The question as asked (title, expected points, seeds, problem).")
    category = models.CharField(max_length=40, blank=True, db_index=True)
    difficulty = models.CharField(max_length=20, blank=True)
    strategy = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=12, choices=TurnStatus.choices, default=TurnStatus.OPEN)
    answer_text = models.TextField(blank=True)
    answer_code = models.TextField(blank=True)
    language = models.CharField(max_length=30, blank=True)
    draft_text = models.TextField(blank=True)
    draft_code = models.TextField(blank=True)
    draft_language = models.CharField(max_length=30, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    asked_at = models.DateTimeField()
    first_keystroke_at = models.DateTimeField(null=True, blank=True)
    first_keystroke_seconds = models.PositiveIntegerField(
        null=True, blank=True, help_text="The turn's clock (seconds_elapsed, pauses excluded) at the first keystroke.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    time_limit_seconds = models.PositiveIntegerField(default=0)
    elapsed_seconds = models.PositiveIntegerField(default=0)
    running_since = models.DateTimeField(null=True, blank=True)
    paste_count = models.PositiveIntegerField(default=0)
    visibility_count = models.PositiveIntegerField(default=0)
    idle_count = models.PositiveIntegerField(default=0)
    longest_idle_seconds = models.PositiveIntegerField(default=0)
    hints_used = models.PositiveSmallIntegerField(default=0)
    # The pauses taken while this turn was open (the clock stopped; a planned interview's room hides the question
    # meanwhile) and their seconds, counted when each ends: the expert's integrity table shows them per question.
    pause_count = models.PositiveIntegerField(default=0)
    paused_seconds = models.PositiveIntegerField(default=0)
    test_results = models.JSONField(null=True, blank=True,
                                    help_text='Judge results for code answers: {"passed", "total", "verdicts"}.')
    # The candidate's judge-seconds budget (studypaths.services.judge_seconds_used) counts a code answer's judging as
    # it counts a CodeRun: the full submission budget while its tests run, then the wall time they took. Never shown:
    # a sleep would carry a hidden test's input out through it (as CodeRun.wall_ms).
    judge_wall_ms = models.PositiveIntegerField(null=True, blank=True,
                                                help_text="Judge wall time of this answer's tests (the budget).")
    # When that judging started (the reservation), then when it ended: the budget's window counts it by this, not by
    # when the answer was given, which a sandbox queue running behind leaves further back than the window.
    judged_at = models.DateTimeField(null=True, blank=True)
    # The stuck-work sweep (interviews.services.recover_stuck_evaluations): how often it sent the evaluation again.
    recoveries = models.PositiveSmallIntegerField(default=0)
    recovered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "index"]
        constraints = [
            models.UniqueConstraint(fields=["session", "index"], name="turn_session_index_unique"),
            models.UniqueConstraint(fields=["session"], condition=models.Q(status="open"),
                                    name="turn_one_open_per_session"),
        ]
        # the stuck-work sweep reads the few answers awaiting their evaluation every minute
        indexes = [models.Index(fields=["submitted_at"], condition=models.Q(status="submitted"),
                                name="turn_awaiting_evaluation_idx"),
                   # the judge budget reads the few answers judged in its window (studypaths.services)
                   models.Index(fields=["judged_at"], condition=models.Q(judged_at__isnull=False),
                                name="turn_judged_recent")]

    def __str__(self) -> str:
        # as the admin's turn rows and lists read it: "Turn 2 · Question 1 of interview #7", counted from 1
        return f"Turn {self.index + 1} · {self.label} of interview #{self.session_id}"

    @property
    def label(self) -> str:
        """What the candidate's room calls this turn: "Warm-up", "Question 2", "Follow-up to question 2"."""
        if self.kind == TurnKind.QUESTION and self.question_number:
            return f"Question {self.question_number}"
        if self.kind == TurnKind.FOLLOW_UP and self.question_number:
            return f"Follow-up to question {self.question_number}"
        return str(TurnKind(self.kind).label) if self.kind in TurnKind.values else self.kind

    @property
    def scored(self) -> bool:
        return self.kind != TurnKind.WARM_UP

    def seconds_elapsed(self, now=None) -> int:
        from django.utils import timezone

        elapsed = self.elapsed_seconds
        if self.running_since is not None:
            elapsed += max(0, int(((now or timezone.now()) - self.running_since).total_seconds()))
        return elapsed

    def remaining_seconds(self, now=None) -> int:
        return max(0, self.time_limit_seconds - self.seconds_elapsed(now))


class Evaluation(models.Model):
    """The assessment of one answer. `criteria` lists {key, name, score 1-5, weight, anchor, evidence, rationale};
    `scores` is {criterion: score} for queries; `overall` is 0-100."""

    turn = models.OneToOneField(Turn, on_delete=models.CASCADE, related_name="evaluation")
    # The session's candidate, copied on create so analytics reads a candidate's evaluations from one index instead
    # of joining turn -> session (indexed by the composite index below, hence no index of its own).
    candidate = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+", db_index=False)
    category = models.CharField(max_length=40, blank=True, db_index=True)
    overall = models.PositiveSmallIntegerField()
    criteria = models.JSONField(default=list)
    scores = models.JSONField(default=dict)
    strengths = models.JSONField(default=list, blank=True)
    improvements = models.JSONField(default=list, blank=True)
    covered_points = models.JSONField(default=list, blank=True)
    missing_points = models.JSONField(default=list, blank=True)
    flags = models.JSONField(default=list, blank=True)
    feedback = models.TextField(blank=True)
    provider = models.CharField(max_length=40, blank=True)
    model = models.CharField(max_length=120, blank=True)
    evaluated_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["turn__session", "turn__index"]
        constraints = [models.CheckConstraint(condition=models.Q(overall__lte=100), name="evaluation_overall_0_100")]
        # Covering on PostgreSQL: the dashboard's practice days, trend and per-category averages are index-only scans
        # (the per-question read groups by `turn`: without it in the index every row was a heap fetch).
        indexes = [models.Index(fields=["candidate", "evaluated_at"], include=["category", "overall", "turn"],
                                name="evaluation_candidate_time")]

    def save(self, *args, **kwargs):
        if self.candidate_id is None and self.turn_id is not None:
            self.candidate_id = Turn.objects.filter(id=self.turn_id).values_list("session__candidate_id",
                                                                                 flat=True).first()
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"Evaluation of turn {self.turn_id}: {self.overall}"


class SessionEvent(AppendOnlyModel):
    """Append-only audit trail of a session: state changes, draft saves, submits, hints, signals."""

    session = models.ForeignKey(InterviewSession, on_delete=models.CASCADE, related_name="events")
    turn = models.ForeignKey(Turn, on_delete=models.SET_NULL, null=True, blank=True, related_name="events")
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["session", "id"]
        indexes = [models.Index(fields=["session", "kind"], name="event_session_kind_idx")]

    def __str__(self) -> str:
        return f"{event_kind_text(self.kind)} in interview #{self.session_id}"
