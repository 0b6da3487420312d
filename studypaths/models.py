"""Study paths: the problem bank (Track, Module, Problem, ProblemTest) and code runs through the judge."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from interviewmaster.events import AppendOnlyModel

LANGUAGE_CHOICES = [("python", "Python"), ("javascript", "JavaScript")]


class Module(models.Model):
    """A topic area: arrays-strings, hashing, two-pointers, linked-lists, trees, graphs, ..."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.title


class CompanyProfile(models.Model):
    """An interview loop to coach for: a well-known company's or a generic loop type's rounds, focus areas and style
    notes, written in our own words (studypaths/data/companies/companies.json)."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=[("company", "Company"), ("loop", "Loop type")], default="loop")
    rounds = models.JSONField(default=list, blank=True, help_text='[{"name", "minutes", "focus": [topics]}]')
    focus_areas = models.JSONField(default=list, blank=True, help_text="Problem topics this loop leans on.")
    style_notes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    """A named sequence of modules, e.g. "FAANG coding prep" or "Backend engineer"; it may target a company's loop."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    modules = models.ManyToManyField(Module, through="TrackModule", related_name="tracks")
    company = models.ForeignKey(CompanyProfile, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="tracks")

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class TrackModule(models.Model):
    track = models.ForeignKey(Track, on_delete=models.CASCADE, related_name="track_modules")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="track_modules")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["track", "module"], name="uniq_track_module")]

    def __str__(self) -> str:
        return f"{self.track_id}:{self.module_id}@{self.position}"


class Compare(models.TextChoices):
    JSON = "json", "JSON value (whole numbers exact, floats within 1e-6)"
    JSON_UNORDERED = "json_unordered", "JSON list in any order"
    EXACT = "exact", "Exact text"


class Problem(models.Model):
    """A coding problem written as a function: `function_spec` names it per language and types its parameters.

    Reference solutions are used only by our own checks (never shown, never sent to a browser)."""

    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="problems")
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=160)
    statement = models.TextField(help_text="Markdown; rendered with HTML sanitised.")
    constraints = models.TextField(blank=True, help_text="Markdown.")
    difficulty = models.PositiveSmallIntegerField(default=2)
    topics = models.JSONField(default=list, blank=True)
    function_spec = models.JSONField(
        default=dict,
        help_text='{"name": {"python": "two_sum", "javascript": "twoSum"}, "params": [{"name": "nums", '
                  '"type": "int[]"}], "returns": "int[]"}; types ListNode and TreeNode are converted from/to lists.',
    )
    compare = models.CharField(max_length=20, choices=Compare.choices, default=Compare.JSON)
    starter_code = models.JSONField(default=dict, blank=True)
    reference_solutions = models.JSONField(default=dict, blank=True)
    cpu_seconds = models.FloatField(default=2.0)
    is_published = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)
    reference_check = models.JSONField(
        default=dict, blank=True, editable=False,
        help_text='The last reference check, run on the sandbox queue: {"status": "queued"|"ok"|"failed", '
                  '"failures": [...], "checked_at": ISO time}.')
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["module__position", "position", "slug"]
        constraints = [
            models.CheckConstraint(condition=Q(difficulty__gte=1) & Q(difficulty__lte=5),
                                   name="problem_difficulty_1_5"),
            models.CheckConstraint(condition=Q(cpu_seconds__gt=0) & Q(cpu_seconds__lte=10), name="problem_cpu_0_10"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        spec = self.function_spec or {}
        names = spec.get("name") or {}
        if not isinstance(names, dict) or not names:
            raise ValidationError({"function_spec": "name must map each language to its function name."})
        unknown = set(names) - {code for code, _ in LANGUAGE_CHOICES}
        if unknown:
            raise ValidationError({"function_spec": f"unknown languages: {', '.join(sorted(unknown))}"})
        if not isinstance(spec.get("params"), list):
            raise ValidationError({"function_spec": "params must be a list."})

    @property
    def languages(self) -> list[str]:
        return sorted((self.function_spec or {}).get("name", {}))


class ProblemTest(models.Model):
    """One call of the function: `args` in, `expected` out. Public tests are the examples candidates see."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="tests")
    name = models.CharField(max_length=120)
    args = models.JSONField(default=list)
    expected = models.JSONField(null=True, blank=True)
    is_public = models.BooleanField(default=False)
    explanation = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["problem", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["problem", "name"], name="uniq_problem_test_name")]

    def __str__(self) -> str:
        return f"{self.problem.slug}: {self.name}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class RunKind(models.TextChoices):
    EXAMPLES = "examples", "Public examples"
    SUBMISSION = "submission", "All tests (hidden included)"


class CodeRun(models.Model):
    """One judge run requested by a user; the sandbox queue fills in the verdict."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="code_runs")
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(max_length=20, choices=RunKind.choices, default=RunKind.EXAMPLES)
    language = models.CharField(max_length=20, choices=LANGUAGE_CHOICES)
    code = models.TextField()
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    verdict = models.CharField(max_length=30, blank=True)
    result = models.JSONField(default=dict, blank=True)
    # Judge time the run used, counted against the user's judge-seconds budget. Kept out of `result` (what the
    # candidate sees): a program that sleeps in proportion to a hidden test's input would read it back from here.
    wall_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The stuck-work sweep (services.recover_stuck_code_runs): how often it sent the run again, and when last.
    recoveries = models.PositiveSmallIntegerField(default=0)
    recovered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="coderun_user_recent"),
            # the stuck-work sweep reads the few runs not finished every minute
            models.Index(fields=["created_at"], condition=models.Q(status__in=["queued", "running"]),
                         name="coderun_unfinished"),
            # The analytics dashboard's reads of a candidate's finished submissions (practice days, solved problems,
            # accuracy by topic, the 90-day trend): index-only or range scans on PostgreSQL, whatever the table size.
            models.Index(fields=["user", "finished_at"], include=["problem", "verdict"],
                         condition=models.Q(kind="submission", status="done"), name="coderun_user_submissions"),
            # The judge budget's read of a user's runs judged in its window (studypaths.services.judge_seconds_used).
            models.Index(fields=["user", "finished_at"], include=["wall_ms"], name="coderun_user_judged"),
        ]

    def __str__(self) -> str:
        return f"run {self.pk} {self.problem_id} {self.language} {self.status}"


# --- the personal practice loop: paths, tasks, evaluations, events, reviews, mastery ---------------------------------

class PathStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ARCHIVED = "archived", "Archived"


class StudyPath(models.Model):
    """A candidate's own path through a track. At most one active path per candidate (a partial unique index)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_paths")
    track = models.ForeignKey(Track, on_delete=models.PROTECT, related_name="study_paths")
    status = models.CharField(max_length=20, choices=PathStatus.choices, default=PathStatus.ACTIVE)
    target_date = models.DateField(null=True, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(default=5)
    focus_modules = models.JSONField(default=list, blank=True, help_text="Module slugs; empty means every module.")
    starting_level = models.PositiveSmallIntegerField(default=1)
    starting_level_reason = models.CharField(max_length=200, blank=True, default="",
                                             help_text="Where the starting level came from, as the path page says it.")
    placement = models.BooleanField(default=False)
    placed_level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Set once the placement set is finished: the hardest difficulty passed in it.")
    imported = models.BooleanField(default=False, help_text="Created by import_study_history (removed by --revert).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(status="active"), name="one_active_path_per_user"),
            models.CheckConstraint(condition=Q(starting_level__gte=1) & Q(starting_level__lte=5),
                                   name="path_starting_level_1_5"),
            models.CheckConstraint(condition=Q(placed_level__isnull=True) | (Q(placed_level__gte=1)
                                                                            & Q(placed_level__lte=5)),
                                   name="path_placed_level_1_5"),
            models.CheckConstraint(condition=Q(hours_per_week__gte=1) & Q(hours_per_week__lte=60),
                                   name="path_hours_per_week_1_60"),
        ]

    def __str__(self) -> str:
        return f"path {self.pk} of {self.user_id} on {self.track_id} ({self.status})"


class TaskStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    PASSED = "passed", "Passed"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"
    SKIPPED = "skipped", "Skipped"


OPEN_TASK_STATUSES = (TaskStatus.PENDING, TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED)
FINISHED_TASK_STATUSES = (TaskStatus.PASSED, TaskStatus.FAILED, TaskStatus.EXPIRED, TaskStatus.SKIPPED)

# The only allowed status changes (DESIGN §4); `services.transition_task` checks this table and writes with a
# conditional UPDATE ... WHERE status = old. A wrong submission with attempts left goes back to in_progress.
TASK_TRANSITIONS: dict[str, frozenset[str]] = {
    TaskStatus.PENDING: frozenset({TaskStatus.IN_PROGRESS, TaskStatus.SUBMITTED, TaskStatus.EXPIRED,
                                   TaskStatus.SKIPPED}),
    TaskStatus.IN_PROGRESS: frozenset({TaskStatus.SUBMITTED, TaskStatus.EXPIRED, TaskStatus.SKIPPED}),
    TaskStatus.SUBMITTED: frozenset({TaskStatus.PASSED, TaskStatus.FAILED, TaskStatus.IN_PROGRESS}),
    TaskStatus.PASSED: frozenset(),
    TaskStatus.FAILED: frozenset(),
    TaskStatus.EXPIRED: frozenset(),
    TaskStatus.SKIPPED: frozenset(),
}


class TaskKind(models.TextChoices):
    PRACTICE = "practice", "Practice"
    REVIEW = "review", "Review"
    PLACEMENT = "placement", "Placement"


class StudyTask(models.Model):
    path = models.ForeignKey(StudyPath, on_delete=models.CASCADE, related_name="tasks")
    problem = models.ForeignKey(Problem, on_delete=models.PROTECT, related_name="study_tasks")
    kind = models.CharField(max_length=20, choices=TaskKind.choices, default=TaskKind.PRACTICE)
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.PENDING)
    due_date = models.DateField()
    attempts = models.PositiveSmallIntegerField(default=0)
    hints_used = models.PositiveSmallIntegerField(default=0)
    score = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Set by `import_study_history` so a re-import is idempotent and `--revert` removes exactly what it added.
    import_key = models.CharField(max_length=80, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["path", "status", "due_date", "id"], name="studytask_path_open"),
            models.Index(fields=["path", "-finished_at"], name="studytask_path_recent"),
            models.Index(fields=["path", "status", "problem"], name="studytask_path_solved"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=1)),
                                   name="studytask_score_0_1"),
            models.UniqueConstraint(fields=["path", "problem"], condition=Q(status__in=["pending", "in_progress",
                                                                                        "submitted"]),
                                    name="one_open_task_per_problem"),
        ]

    def __str__(self) -> str:
        return f"task {self.pk} {self.problem_id} {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_TASK_STATUSES


class GenerationState(models.Model):
    """What task generation reads about a path's history, kept up to date as tasks are created and finish
    (`study.transition_task`, `study.generate_tasks`, review tasks) and rebuilt from the rows after an import: the
    difficulty rules' summary (`generation.Summary`), the problems solved so far and the latest task's main topic.
    Generation reads this one row instead of scanning thousands of past tasks."""

    path = models.OneToOneField(StudyPath, on_delete=models.CASCADE, primary_key=True,
                                related_name="generation_state")
    last_solved_difficulty = models.PositiveSmallIntegerField(null=True, blank=True)
    failure_streak = models.PositiveIntegerField(default=0, help_text="Failures since the last solved task.")
    last_failed_difficulty = models.PositiveSmallIntegerField(null=True, blank=True)
    last_topic = models.TextField(blank=True, help_text="Main topic of the most recently created task.")
    solved = models.JSONField(default=list, blank=True, help_text="Ids of the problems passed on this path.")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"generation state of path {self.path_id}"


class EvaluationStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    ERROR = "error", "Error"


class TaskEvaluation(models.Model):
    """The judge's verdict on one submission of a task: score = the share of the tests that ran that passed,
    passed / (total - skipped) (`sandbox.share_of_tests_run`)."""

    task = models.ForeignKey(StudyTask, on_delete=models.CASCADE, related_name="evaluations")
    run = models.OneToOneField(CodeRun, on_delete=models.CASCADE, related_name="task_evaluation")
    attempt = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=20, choices=EvaluationStatus.choices, default=EvaluationStatus.PENDING)
    verdict = models.CharField(max_length=30, blank=True)
    score = models.FloatField(null=True, blank=True)
    passed = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    tests = models.JSONField(default=list, blank=True)
    runtime_ms = models.FloatField(null=True, blank=True)
    peak_memory_kb = models.PositiveIntegerField(null=True, blank=True)
    output_excerpt = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=1)),
                                   name="evaluation_score_0_1"),
        ]

    def __str__(self) -> str:
        return f"evaluation {self.pk} of task {self.task_id}: {self.verdict or self.status}"


class EventKind(models.TextChoices):
    CREATED = "created", "Created"
    STARTED = "started", "Started"
    SUBMITTED = "submitted", "Submitted"
    EVALUATED = "evaluated", "Evaluated"
    HINT_REQUESTED = "hint_requested", "Hint requested"
    STATUS_CHANGED = "status_changed", "Status changed"
    COMMENT = "comment", "Comment"


DELETED_AUTHOR = "Deleted user"


class TaskEvent(AppendOnlyModel):
    """An append-only history row of a task: save() refuses to change a stored row, delete() refuses (the rows go
    only with their task, when an account is erased)."""

    task = models.ForeignKey(StudyTask, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        # (task, id): the pages of a task's events, newest or oldest first, walked by id (`?before=`); (task,
        # created_at, id): a commenter's recent comments on a task (studypaths.study's repeat check).
        indexes = [models.Index(fields=["task", "created_at", "id"], name="taskevent_task_order"),
                   models.Index(fields=["task", "id"], name="taskevent_task_id")]

    def __str__(self) -> str:
        return f"{self.kind} on task {self.task_id}"

    @property
    def author_name(self) -> str:
        """Who wrote a comment, read from the live account when shown (a copy in the append-only row would outlive
        the account): a deleted one is a deleted user. Select `actor` with the events."""
        if self.actor is None or self.actor.is_deleted:
            return DELETED_AUTHOR
        return self.actor.get_full_name()


class HintStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class TaskHint(models.Model):
    """One tutor hint: level 1 nudge, 2 approach, 3 pseudo-code. Written on the `ai` queue."""

    task = models.ForeignKey(StudyTask, on_delete=models.CASCADE, related_name="hints")
    level = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=HintStatus.choices, default=HintStatus.PENDING)
    code = models.TextField(blank=True)
    text = models.TextField(blank=True)
    focus = models.CharField(max_length=120, blank=True)
    provider = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The stuck-work sweep (study.recover_stuck_hints): how often it sent the hint again, and when last.
    recoveries = models.PositiveSmallIntegerField(default=0)
    recovered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["level"]
        constraints = [
            models.UniqueConstraint(fields=["task", "level"], name="uniq_task_hint_level"),
            models.CheckConstraint(condition=Q(level__gte=1) & Q(level__lte=3), name="task_hint_level_1_3"),
        ]
        # the stuck-work sweep reads the few hints being written every minute
        indexes = [models.Index(fields=["created_at"], condition=Q(status="pending"), name="taskhint_pending")]

    def __str__(self) -> str:
        return f"hint {self.level} of task {self.task_id}"


class ReviewCard(models.Model):
    """Spaced repetition of one problem for one candidate; `card` is `fsrs.Card.to_dict()` (fsrs 6.3.2)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_cards")
    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="review_cards")
    card = models.JSONField(default=dict)
    due = models.DateTimeField()
    last_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    reviews = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due"]
        indexes = [models.Index(fields=["user", "due"], name="reviewcard_user_due")]
        constraints = [models.UniqueConstraint(fields=["user", "problem"], name="uniq_review_card")]

    def __str__(self) -> str:
        return f"review of {self.problem_id} for {self.user_id} due {self.due:%Y-%m-%d}"


class TopicMastery(models.Model):
    """Per-topic mastery 0..1 (an exponential moving average of scores, minus a little for hints)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_mastery")
    topic = models.CharField(max_length=80)
    mastery = models.FloatField(default=0.0)
    attempts = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)
    hints = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["topic"]
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="uniq_topic_mastery"),
            models.CheckConstraint(condition=Q(mastery__gte=0) & Q(mastery__lte=1), name="topic_mastery_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.topic}: {self.mastery:.2f}"
