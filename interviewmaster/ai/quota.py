"""Daily quota per provider, counted in the database (ProviderUsage), with the hot path kept off the database.

Each process adds its calls to an in-memory buffer and writes it to the database in one UPDATE per provider at most
every AI_USAGE_FLUSH_SECONDS (default 5; 0 writes every call), and at exit. Quota checks read today's rows at most
that often and add this process's unflushed calls, so a provider can overshoot its daily quota only by the calls other
processes made in the last few seconds. Warnings are logged when a provider crosses 80% and 90% of its daily request
or token quota; at 100% the chain stops using it until the next UTC day (a new row starts at zero).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from interviewmaster.ai.base import Provider
from interviewmaster.models import ProviderUsage

logger = logging.getLogger(__name__)

WARN_LEVELS = (0.8, 0.9)
_TRACKERS: weakref.WeakSet = weakref.WeakSet()


MAX_TOKENS_PER_CALL = 2_000_000  # a larger claim is a lie; capping keeps one reply from poisoning the counters
MAX_REQUESTS_PER_CALL = 100
MAX_LATENCY_MS = 24 * 3600 * 1000.0


def _bounded(value, cap: float, kind=int):
    """A counter as stored: a finite number in [0, cap]; anything else (strings, NaN, negatives) counts as 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0:
        return kind(0)
    return kind(min(value, cap))


@dataclass
class _Pending:
    provider: Provider
    calls: int = 0
    requests: int = 0
    failures: int = 0
    cache_hits: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0
    latency_ms: float = 0.0
    last_error: str = ""
    last_error_at: datetime | None = None


def server_today() -> date:
    """A provider's quota day is the server's, whatever time zone a request activated for its user."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


class QuotaTracker:
    def __init__(self, *, today: Callable[[], date] = server_today, clock: Callable[[], float] = time.monotonic,
                 flush_seconds: float | None = None):
        self.today = today
        self.clock = clock
        self.flush_seconds = settings.AI_USAGE_FLUSH_SECONDS if flush_seconds is None else flush_seconds
        self._pending: dict[tuple[str, date], _Pending] = {}
        self._snapshot: tuple[float, date, frozenset[str], dict[str, ProviderUsage]] | None = None
        self._last_flush = clock()
        self._lock = threading.Lock()
        _TRACKERS.add(self)

    # --- reads -----------------------------------------------------------------------------------------------------
    def usage(self, provider_name: str) -> ProviderUsage | None:
        return ProviderUsage.objects.filter(provider=provider_name, day=self.today()).first()

    def usage_map(self, names: list[str], *, fresh: bool = False) -> dict[str, ProviderUsage]:
        """Today's rows for several providers in one query, re-read at most every flush interval."""
        if not names:
            return {}
        day, now = self.today(), self.clock()
        snap = self._snapshot
        if (fresh or snap is None or snap[1] != day or now - snap[0] >= self.flush_seconds
                or not snap[2].issuperset(names)):
            rows = {u.provider: u for u in ProviderUsage.objects.filter(day=day, provider__in=names)}
            snap = self._snapshot = (now, day, frozenset(names), rows)
        return {n: snap[3][n] for n in names if n in snap[3]}

    def used_fraction(self, provider: Provider, usage: ProviderUsage | None | bool = None) -> float:
        """The larger of requests/quota and tokens/quota today (this process's unflushed calls included); 0.0 when
        the provider has no quota. `usage` may be passed in (already fetched); False means "no row today"."""
        if not provider.daily_request_quota and not provider.daily_token_quota:
            return 0.0
        if usage is None:
            usage = self.usage_map([provider.name]).get(provider.name, False)
        pending = self._pending.get((provider.name, self.today()))
        requests = (usage.requests if usage else 0) + (pending.requests if pending else 0)
        tokens = (usage.tokens if usage else 0) + ((pending.tokens_in + pending.tokens_out) if pending else 0)
        return _fraction(provider, requests, tokens)

    def remaining_fraction(self, provider: Provider) -> float:
        return max(0.0, 1.0 - self.used_fraction(provider))

    def is_exhausted(self, provider: Provider) -> bool:
        return self.used_fraction(provider) >= 1.0

    # --- writes ----------------------------------------------------------------------------------------------------
    def _entry(self, provider: Provider) -> _Pending:
        key = (provider.name, self.today())
        entry = self._pending.get(key)
        if entry is None:
            entry = self._pending[key] = _Pending(provider=provider)
        return entry

    def record_call(self, provider: Provider, *, requests: int = 1, tokens_in: int = 0, tokens_out: int = 0,
                    latency_ms: float = 0.0, error: str = "") -> None:
        """Count one call (answered or failed): the HTTP requests it sent, the tokens billed (rejected replies
        included) and how long it took. Numbers are validated and capped here, before they can reach the database."""
        requests = _bounded(requests, MAX_REQUESTS_PER_CALL)
        tokens_in, tokens_out = _bounded(tokens_in, MAX_TOKENS_PER_CALL), _bounded(tokens_out, MAX_TOKENS_PER_CALL)
        with self._lock:
            entry = self._entry(provider)
            entry.calls += 1
            entry.requests += requests
            entry.tokens_in += tokens_in
            entry.tokens_out += tokens_out
            entry.latency_ms += _bounded(latency_ms, MAX_LATENCY_MS, float)
            entry.cost += provider.estimated_cost(tokens_in, tokens_out)
            if error:
                entry.failures += 1
                entry.last_error, entry.last_error_at = error[:2000], timezone.now()
        self._maybe_flush()

    def record_cache_hit(self, provider: Provider) -> None:
        with self._lock:
            self._entry(provider).cache_hits += 1
        self._maybe_flush()

    def _maybe_flush(self) -> None:
        """Flush when due. A failing write never fails the AI call that triggered it: it is logged and the
        counters stay buffered for the next flush."""
        if self.clock() - self._last_flush < self.flush_seconds:
            return
        try:
            self.flush()
        except Exception as exc:  # noqa: BLE001 - accounting must not break an answer; said in the log
            logger.warning("could not write AI usage counters (kept for the next flush): %s: %s",
                           type(exc).__name__, exc)

    def flush(self) -> None:
        """Write the buffered counters (one UPDATE per provider and day) and log quota thresholds crossed."""
        with self._lock:
            pending, self._pending = self._pending, {}
            self._last_flush = self.clock()
        for index, ((_name, day), entry) in enumerate(pending.items()):
            try:
                self._write(entry, day)
            except Exception:
                self._requeue(list(pending.items())[index:])
                raise
        self._snapshot = None

    def _requeue(self, items: list) -> None:
        with self._lock:
            for key, entry in items:
                current = self._pending.get(key)
                if current is None:
                    self._pending[key] = entry
                    continue
                for name in ("calls", "requests", "failures", "cache_hits", "tokens_in", "tokens_out", "cost",
                             "latency_ms"):
                    setattr(current, name, getattr(current, name) + getattr(entry, name))

    def _write(self, entry: _Pending, day: date) -> None:
        changes = {"calls": F("calls") + entry.calls, "requests": F("requests") + entry.requests,
                   "failures": F("failures") + entry.failures,
                   "cache_hits": F("cache_hits") + entry.cache_hits,
                   "tokens_in": F("tokens_in") + entry.tokens_in, "tokens_out": F("tokens_out") + entry.tokens_out,
                   "latency_ms_total": F("latency_ms_total") + entry.latency_ms}
        if entry.cost:
            changes["cost_usd"] = F("cost_usd") + Decimal(str(round(entry.cost, 6)))
        if entry.last_error:
            changes.update(last_error=entry.last_error, last_error_at=entry.last_error_at)
        self._bump(entry.provider, day, changes)
        if (entry.provider.daily_request_quota or entry.provider.daily_token_quota) and entry.requests:
            self._warn_on_thresholds(entry.provider, day, delta_requests=entry.requests,
                                     delta_tokens=entry.tokens_in + entry.tokens_out)

    def _bump(self, provider: Provider, day: date, changes: dict) -> None:
        rows = ProviderUsage.objects.filter(provider=provider.name, day=day)
        if rows.update(**changes):
            return
        try:
            with transaction.atomic():
                ProviderUsage.objects.create(provider=provider.name, day=day, model_name=provider.model[:200])
        except IntegrityError:
            pass  # another process created today's row first; the update below counts on it
        rows.update(**changes)

    def _warn_on_thresholds(self, provider: Provider, day: date, *, delta_requests: int, delta_tokens: int) -> None:
        usage = ProviderUsage.objects.filter(provider=provider.name, day=day).first()
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


def flush_all() -> None:
    """Write every tracker's buffered counters now: at exit (`flush_at_exit`), and in the tests before their
    database is removed."""
    for tracker in list(_TRACKERS):
        try:
            tracker.flush()
        except Exception as exc:  # noqa: BLE001 - say what was lost and carry on with the other trackers
            logger.warning("could not write buffered AI usage: %s: %s", type(exc).__name__, exc)


@atexit.register
def flush_at_exit() -> None:
    """Write what is still buffered as the process exits, quietly: nothing is done (no connection opened) when nothing
    is buffered; a connection the server has closed meanwhile (a restart, an idle timeout, a terminated backend) is
    replaced rather than written to, which lost the counts with a warning; and it is closed afterwards. Under the tests
    nothing is written: their database is gone by now and the settings name the development one again, which got the
    tests' counts, or a "relation does not exist" warning where it was never migrated."""
    buffered = [tracker for tracker in list(_TRACKERS) if tracker._pending]
    if not buffered:
        return
    if settings.TESTING:
        return
    from django.db import connections

    connection = connections[ProviderUsage.objects.db]
    try:
        if connection.connection is not None and not connection.is_usable():
            connection.close()  # Django opens a fresh one for the write
        flush_all()
    finally:
        with contextlib.suppress(Exception):  # the process is exiting; a failed close has nothing left to lose
            connection.close()
