"""Study paths: the problem bank (Track, Module, Problem, ProblemTest) and code runs through the judge."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

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


class Track(models.Model):
    """A named sequence of modules, e.g. "FAANG coding prep" or "Backend engineer"."""

    slug = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    modules = models.ManyToManyField(Module, through="TrackModule", related_name="tracks")

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
    JSON = "json", "JSON value (floats within 1e-6)"
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
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="coderun_user_recent")]

    def __str__(self) -> str:
        return f"run {self.pk} {self.problem_id} {self.language} {self.status}"
