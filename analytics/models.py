"""Analytics: a candidate's motivation preferences, achievement awards and the precomputed leaderboard."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from planning.models import Position


class Preferences(models.Model):
    """Opt-ins that belong to motivation features: the leaderboard (off by default) and the weekly digest (on)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="analytics_prefs")
    leaderboard_opt_in = models.BooleanField(default=False)
    pseudonym = models.CharField(max_length=40, unique=True, help_text="Shown on the leaderboard instead of a name.")
    weekly_digest = models.BooleanField(default=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "preferences"

    def __str__(self) -> str:
        return f"preferences of {self.user_id}"


class Award(models.Model):
    """One achievement given to one candidate. The unique constraint makes awarding idempotent under races."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="awards")
    code = models.CharField(max_length=40)
    points = models.PositiveIntegerField()
    awarded_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "code"], name="analytics_award_once_per_user")]
        ordering = ["-awarded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.code} for {self.user_id}"


class LeaderboardPeriod(models.TextChoices):
    WEEK = "week", "This week"
    ALL = "all", "All time"


class LeaderboardEntry(models.Model):
    """A precomputed row, rebuilt by a beat task: pages and the API read it without aggregating."""

    period = models.CharField(max_length=8, choices=LeaderboardPeriod.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    pseudonym = models.CharField(max_length=40)
    points = models.PositiveIntegerField()
    rank = models.PositiveIntegerField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "user"], name="analytics_leaderboard_one_row")]
        indexes = [models.Index(fields=["period", "rank"], name="analytics_lb_period_rank")]
        ordering = ["period", "rank", "pseudonym"]

    def __str__(self) -> str:
        return f"{self.period} #{self.rank} {self.pseudonym}"


class CohortStat(models.Model):
    """Quantile cut points of one cohort's per-candidate category averages, rebuilt by a beat task."""

    role = models.CharField(max_length=64)
    level = models.CharField(max_length=16)
    category = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    cutpoints = models.JSONField(default=list)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["role", "level", "category"], name="analytics_cohort_once")]

    def __str__(self) -> str:
        return f"{self.role}/{self.level}/{self.category} (n={self.size})"


class PositionOutcome(Position):
    """Admin-only view of positions with the outcome statistics of their planned interviews (analytics/admin.py)."""

    class Meta:
        proxy = True
        verbose_name = "interview outcome by position"
        verbose_name_plural = "interview outcomes by position"
