"""Daily quota per provider, counted in the database (ProviderUsage).

Warnings are logged when a provider crosses 80% and 90% of its daily request or token quota; at 100% the chain stops
using it until the next UTC day (a new row starts at zero).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from interviewmaster.ai.base import Provider
from interviewmaster.models import ProviderUsage

logger = logging.getLogger(__name__)

WARN_LEVELS = (0.8, 0.9)


class QuotaTracker:
    def __init__(self, *, today: Callable[[], date] = timezone.localdate):
        self.today = today

    def usage(self, provider_name: str) -> ProviderUsage | None:
        return ProviderUsage.objects.filter(provider=provider_name, day=self.today()).first()

    def usage_map(self, names: list[str]) -> dict[str, ProviderUsage]:
        """Today's rows for several providers in one query."""
        if not names:
            return {}
        return {u.provider: u for u in ProviderUsage.objects.filter(day=self.today(), provider__in=names)}

    def used_fraction(self, provider: Provider, usage: ProviderUsage | None | bool = None) -> float:
        """The larger of requests/quota and tokens/quota today; 0.0 when the provider has no quota.

        `usage` may be passed in (already fetched); False means "known to have no row today".
        """
        if not provider.daily_request_quota and not provider.daily_token_quota:
            return 0.0
        if usage is None:
            usage = self.usage(provider.name)
        if not usage:
            return 0.0
        return _fraction(provider, usage.requests, usage.tokens)

    def remaining_fraction(self, provider: Provider) -> float:
        return max(0.0, 1.0 - self.used_fraction(provider))

    def is_exhausted(self, provider: Provider) -> bool:
        return self.used_fraction(provider) >= 1.0

    def _bump(self, provider: Provider, **changes) -> None:
        day = self.today()
        rows = ProviderUsage.objects.filter(provider=provider.name, day=day)
        if rows.update(**changes):
            return
        try:
            with transaction.atomic():
                ProviderUsage.objects.create(provider=provider.name, day=day, model_name=provider.model[:200])
        except IntegrityError:
            pass  # another process created today's row first; the update below counts on it
        rows.update(**changes)

    def record_call(self, provider: Provider, *, tokens_in: int = 0, tokens_out: int = 0, latency_ms: float = 0.0,
                    error: str = "") -> None:
        """Count one request (answered or failed) and log when a quota threshold is crossed."""
        changes = {"requests": F("requests") + 1, "tokens_in": F("tokens_in") + tokens_in,
                   "tokens_out": F("tokens_out") + tokens_out}
        if error:
            changes.update(failures=F("failures") + 1, last_error=error[:2000], last_error_at=timezone.now())
        else:
            changes["latency_ms_total"] = F("latency_ms_total") + latency_ms
            cost = provider.estimated_cost(tokens_in, tokens_out)
            if cost:
                changes["cost_usd"] = F("cost_usd") + Decimal(str(round(cost, 6)))
        self._bump(provider, **changes)
        if provider.daily_request_quota or provider.daily_token_quota:
            self._warn_on_thresholds(provider, delta_requests=1, delta_tokens=tokens_in + tokens_out)

    def record_cache_hit(self, provider: Provider) -> None:
        self._bump(provider, cache_hits=F("cache_hits") + 1)

    def _warn_on_thresholds(self, provider: Provider, *, delta_requests: int, delta_tokens: int) -> None:
        usage = self.usage(provider.name)
        if usage is None:
            return
        after = _fraction(provider, usage.requests, usage.tokens)
        before = _fraction(provider, usage.requests - delta_requests, usage.tokens - delta_tokens)
        for level in (*WARN_LEVELS, 1.0):
            if before < level <= after:
                if level >= 1.0:
                    logger.error("ai quota exhausted for %s: provider skipped until tomorrow (UTC)", provider.name,
                                 extra={"provider": provider.name, "quota_used": round(after, 3)})
                else:
                    logger.warning("ai quota for %s passed %d%% (%d requests, %d tokens today)", provider.name,
                                   int(level * 100), usage.requests, usage.tokens,
                                   extra={"provider": provider.name, "quota_used": round(after, 3)})


def _fraction(provider: Provider, requests: int, tokens: int) -> float:
    parts = []
    if provider.daily_request_quota:
        parts.append(requests / provider.daily_request_quota)
    if provider.daily_token_quota:
        parts.append(tokens / provider.daily_token_quota)
    return max(parts) if parts else 0.0
