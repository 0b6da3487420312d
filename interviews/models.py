"""interviews: models (DESIGN §2)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from interviewmaster import capabilities


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
    source = models.CharField(max_length=120, blank=True, help_text="Where it came from, e.g. bank:coding.json.")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category", "difficulty", "external_id"]
        indexes = [models.Index(fields=["is_active", "category", "difficulty"], name="question_pick_idx")]

    def __str__(self) -> str:
        return f"{self.title} ({self.category}/{self.difficulty})"

    @property
    def expected_point_texts(self) -> list[str]:
        return [p["point"] if isinstance(p, dict) else str(p) for p in self.expected_points]

    @property
    def minutes(self) -> int:
        return capabilities.minutes_for(self.difficulty)

    def clean(self) -> None:
        from interviews.question_bank import question_problems

        errors = [issue for issue in question_problems(self.as_bank_dict()) if issue.level == "error"]
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

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(count__gte=1) & models.Q(count__lte=20),
                                              name="question_job_count_1_20")]

    def __str__(self) -> str:
        return f"{self.count} {self.difficulty} {self.role} questions ({self.status})"
