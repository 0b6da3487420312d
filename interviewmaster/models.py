"""Project-level models. ProviderUsage: per AI provider per day request/token/cost counters (quota, DESIGN §5).
TaskLease: which delivery of a paid task is running it (interviewmaster/recovery.py, `exclusively`)."""

from __future__ import annotations

from django.db import models


class ProviderUsage(models.Model):
    """One row per provider per UTC day. Counters only grow (F() updates); a new day starts a new row."""

    provider = models.CharField(max_length=40)
    day = models.DateField()
    model_name = models.CharField(max_length=200, blank=True)
    calls = models.PositiveIntegerField(default=0)  # chain attempts; `requests` counts every HTTP request they sent
    requests = models.PositiveIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)
    cache_hits = models.PositiveIntegerField(default=0)
    tokens_in = models.PositiveBigIntegerField(default=0)
    tokens_out = models.PositiveBigIntegerField(default=0)
    cost_usd = models.DecimalField(max_digits=12, decimal_places=6, default=0)
    latency_ms_total = models.FloatField(default=0)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-day", "provider"]
        constraints = [models.UniqueConstraint(fields=["provider", "day"], name="uniq_provider_usage_per_day")]
        verbose_name = "AI provider usage"
        verbose_name_plural = "AI provider usage"

    def __str__(self) -> str:
        return f"{self.provider} {self.day}: {self.requests} requests"

    @property
    def tokens(self) -> int:
        return self.tokens_in + self.tokens_out

    @property
    def average_latency_ms(self) -> float:
        """Mean time per call, failed calls included (a hanging provider reads slow, not 0)."""
        return round(self.latency_ms_total / self.calls, 1) if self.calls > 0 else 0.0


class TaskLease(models.Model):
    """One delivery of a task that spends money (an AI call) holds the work `name` ("studypaths.hint:42") until
    `until` (its hard time limit): another delivery of the same work (the stuck-work sweep's copy while the original
    was still queued, or the original arriving late) finds it held and does nothing. Deleted when the holder ends;
    one left by a killed worker runs out at `until`, or is taken over at once by the redelivery of the same message
    (same `holder`, the Celery task id)."""

    name = models.CharField(max_length=120, primary_key=True)
    holder = models.CharField(max_length=64)
    until = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} (until {self.until:%H:%M:%S})"
