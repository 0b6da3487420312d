"""Response cache keyed by (task, prompt version, inputs hash, model), with a per-task lifetime."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.cache import cache as default_cache


def inputs_hash(inputs: dict[str, Any]) -> str:
    canonical = json.dumps(inputs, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


class ResponseCache:
    def __init__(self, cache=None):
        self.cache = cache or default_cache

    @staticmethod
    def key(task: str, prompt_version: str, digest: str, model: str) -> str:
        return f"ai:resp:{task}:{prompt_version}:{model}:{digest}"

    def lookup(self, task: str, prompt_version: str, digest: str, models: list[str]) -> tuple[str, dict] | None:
        """One round trip for every candidate model; the first model in chain order wins."""
        if not settings.AI_CACHE_ENABLED or not models:
            return None
        keys = [self.key(task, prompt_version, digest, model) for model in models]
        found = self.cache.get_many(keys)
        for model, key in zip(models, keys, strict=True):
            if key in found:
                return model, found[key]
        return None

    def store(self, task: str, prompt_version: str, digest: str, model: str, entry: dict, ttl: int) -> None:
        if settings.AI_CACHE_ENABLED and ttl > 0:
            self.cache.set(self.key(task, prompt_version, digest, model), entry, timeout=ttl)
