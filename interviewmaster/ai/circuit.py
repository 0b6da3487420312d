"""Per-provider circuit breaker whose state lives in the Django cache, so every process sees the same circuit.

closed ──(threshold failures within window, or `consecutive` failures in a row)──▶ open
open ──(open_seconds pass)──▶ half_open
half_open: exactly one trial call is let through (an atomic cache.add claims it);
           success closes the circuit, failure opens it again for another open_seconds.

Counting consecutive failures matters for slow failures: three sequential calls that each hang until their deadline
never fall inside a short window, but they are three failures in a row. A call that timed out also marks the
provider as timing out (`timed_out`) until its next success, which the status report shows as unhealthy at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache as default_cache

logger = logging.getLogger(__name__)

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


class CircuitBreaker:
    def __init__(self, name: str, *, clock: Callable[[], float] = time.time, cache=None,
                 threshold: int | None = None, window: float | None = None, open_seconds: float | None = None,
                 consecutive: int | None = None):
        self.name = name
        self.clock = clock
        self.cache = cache or default_cache
        self.threshold = threshold or settings.AI_CIRCUIT_FAILURE_THRESHOLD
        self.window = window or settings.AI_CIRCUIT_WINDOW_SECONDS
        self.open_seconds = open_seconds or settings.AI_CIRCUIT_OPEN_SECONDS
        self.consecutive = consecutive or settings.AI_CIRCUIT_CONSECUTIVE_FAILURES
        self.key = f"ai:circuit:{name}"
        self._trial_key = f"ai:circuit:{name}:trial"

    # State is one small dict: {"state", "failures": [timestamps], "opened_at", "streak": consecutive failures,
    # "timed_out": the last failure was a timeout and no success came since}.
    @staticmethod
    def _fresh() -> dict:
        return {"state": CLOSED, "failures": [], "opened_at": None, "streak": 0, "timed_out": False}

    def _load(self, preloaded: dict | None = None) -> dict:
        """The stored state; `preloaded` is the raw cache value when the caller already fetched it (get_many)."""
        if preloaded is not None:
            data = dict(preloaded) if preloaded else self._fresh()
        else:
            data = self.cache.get(self.key) or self._fresh()
        return {**self._fresh(), **data}

    def _save(self, data: dict) -> None:
        # Kept long enough to outlive the window and the open period; a lost entry simply means "closed".
        self.cache.set(self.key, data, timeout=int(max(self.window, self.open_seconds) * 10) + 60)

    def _transition(self, data: dict, to: str, reason: str) -> None:
        before = data["state"]
        data["state"] = to
        if to == OPEN:
            data["opened_at"] = self.clock()
        if to == CLOSED:
            data["failures"], data["opened_at"], data["streak"], data["timed_out"] = [], None, 0, False
        self._save(data)
        if before != to:
            level = logging.WARNING if to == OPEN else logging.INFO
            logger.log(level, "ai circuit %s: %s -> %s (%s)", self.name, before, to, reason,
                       extra={"provider": self.name, "circuit_from": before, "circuit_to": to})

    def state(self, preloaded: dict | None = None) -> str:
        """The effective state now (an open circuit whose time is up reads as half_open)."""
        data = self._load(preloaded)
        if data["state"] == OPEN and self.clock() - (data["opened_at"] or 0) >= self.open_seconds:
            return HALF_OPEN
        return data["state"]

    def allow(self, preloaded: dict | None = None) -> bool:
        """May a call go to this provider now? In half_open only the one caller that claims the trial may."""
        data = self._load(preloaded)
        if data["state"] == CLOSED:
            return True
        if data["state"] == OPEN:
            if self.clock() - (data["opened_at"] or 0) < self.open_seconds:
                return False
            self._transition(data, HALF_OPEN, f"{self.open_seconds}s open elapsed")
        # half_open: cache.add is atomic (SET NX on Redis); the claim expires so a crashed trial cannot wedge it.
        return bool(self.cache.add(self._trial_key, self.clock(), timeout=int(self.open_seconds) or 1))

    def record_success(self, preloaded: dict | None = None) -> None:
        data = self._load(preloaded)
        if data["state"] != CLOSED:
            self.cache.delete(self._trial_key)
            self._transition(data, CLOSED, "trial call succeeded")
        elif data["failures"] or data["streak"] or data["timed_out"]:
            data["failures"], data["streak"], data["timed_out"] = [], 0, False
            self._save(data)

    def record_failure(self, reason: str = "", *, timeout: bool = False) -> None:
        data = self._load()
        now = self.clock()
        data["streak"] += 1
        data["timed_out"] = timeout
        if data["state"] in (HALF_OPEN, OPEN):
            self.cache.delete(self._trial_key)
            self._transition(data, OPEN, f"trial call failed: {reason}"[:300])
            return
        data["failures"] = [t for t in data["failures"] if now - t < self.window] + [now]
        if len(data["failures"]) >= self.threshold:
            self._transition(data, OPEN, f"{len(data['failures'])} failures within {self.window}s: {reason}"[:300])
        elif data["streak"] >= self.consecutive:
            self._transition(data, OPEN, f"{data['streak']} failures in a row: {reason}"[:300])
        else:
            self._save(data)

    def snapshot(self) -> dict:
        data = self._load()
        now = self.clock()
        recent = [t for t in data["failures"] if now - t < self.window]
        opened_at = data["opened_at"]
        return {"state": self.state(data), "recent_failures": len(recent), "consecutive_failures": data["streak"],
                "timed_out": data["timed_out"],
                "open_seconds_left": max(0.0, round(self.open_seconds - (now - opened_at), 1))
                if data["state"] == OPEN and opened_at else 0.0}

    def reset(self) -> None:
        self.cache.delete_many([self.key, self._trial_key])
