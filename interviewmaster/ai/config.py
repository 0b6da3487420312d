"""Reads the provider list from settings: `AI_PROVIDERS` (ordered JSON list) or the simple OPENAI_API_KEY form.

Each entry of AI_PROVIDERS is an object:
    name (required, unique, [a-z0-9_-]), base_url (required), model (required),
    api_key or api_key_env (the name of an environment variable holding the key; local servers may need neither),
    daily_request_quota, daily_token_quota (optional, integers; absent = unlimited),
    timeout (seconds, default 30), max_retries (default 2), backoff (base seconds, default 0.5),
    max_backoff (seconds, default 8), json_mode (default true: ask for response_format=json_object),
    cost_per_1k_input / cost_per_1k_output (USD, for the cost estimate), enabled (default true).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_KNOWN_KEYS = {
    "name", "base_url", "model", "api_key", "api_key_env", "daily_request_quota", "daily_token_quota", "timeout",
    "max_retries", "backoff", "max_backoff", "json_mode", "cost_per_1k_input", "cost_per_1k_output", "enabled",
}
OFFLINE_NAME = "offline"


@dataclass(frozen=True)
class ProviderConfig:
    name: str
    base_url: str
    model: str
    api_key: str = ""
    daily_request_quota: int | None = None
    daily_token_quota: int | None = None
    timeout: float = 30.0
    max_retries: int = 2
    backoff: float = 0.5
    max_backoff: float = 8.0
    json_mode: bool = True
    cost_per_1k_input: float = 0.0
    cost_per_1k_output: float = 0.0

    def public(self) -> dict[str, Any]:
        """What may be shown to an admin: everything except the key."""
        return {"name": self.name, "base_url": self.base_url, "model": self.model,
                "daily_request_quota": self.daily_request_quota, "daily_token_quota": self.daily_token_quota,
                "timeout": self.timeout, "max_retries": self.max_retries, "json_mode": self.json_mode,
                "has_api_key": bool(self.api_key)}


def _number(entry: dict, key: str, kind, default, where: str, *, minimum: float = 0):
    value = entry.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and int(value) != value):
        raise ImproperlyConfigured(f"{where}: '{key}' must be a {'whole ' if kind is int else ''}number, got {value!r}")
    if value < minimum:
        raise ImproperlyConfigured(f"{where}: '{key}' must be at least {minimum}, got {value!r}")
    return kind(value)


def _json_setting(name: str, raw: Any, kind: type, shape: str) -> Any:
    """A setting given as JSON text (from the environment) or as a value: parsed, and checked to be a `kind`."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ImproperlyConfigured(f"{name} is not valid JSON: {exc}") from exc
    if not isinstance(raw, kind):
        raise ImproperlyConfigured(f"{name} must be {shape}")
    return raw


def _provider_list(raw: str | list) -> list:
    return _json_setting("AI_PROVIDERS", raw, list, "a JSON list of provider objects")


def _checked_name(entry: Any, index: int, seen: set[str]) -> tuple[str, str]:
    """Check an entry's shape and name; returns (name, where) for later messages."""
    where = f"AI_PROVIDERS[{index}]"
    if not isinstance(entry, dict):
        raise ImproperlyConfigured(f"{where} must be an object")
    unknown = set(entry) - _KNOWN_KEYS
    if unknown:
        raise ImproperlyConfigured(f"{where}: unknown keys {sorted(unknown)}; allowed: {sorted(_KNOWN_KEYS)}")
    for key in ("name", "base_url", "model"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ImproperlyConfigured(f"{where}: '{key}' is required (a non-empty string)")
    name = entry["name"].strip()
    where = f"AI_PROVIDERS[{index}] ({name})"
    if not _NAME.match(name) or name == OFFLINE_NAME:
        raise ImproperlyConfigured(f"{where}: 'name' must match [a-z0-9][a-z0-9_-]* and not be '{OFFLINE_NAME}'")
    if name in seen:
        raise ImproperlyConfigured(f"{where}: duplicate provider name")
    seen.add(name)
    if not entry["base_url"].startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"{where}: 'base_url' must start with http:// or https://")
    return name, where


def _api_key(entry: dict, where: str, environ: Mapping[str, str]) -> str:
    if not entry.get("api_key_env"):
        return entry.get("api_key") or ""
    api_key = environ.get(entry["api_key_env"], "")
    if not api_key:
        raise ImproperlyConfigured(f"{where}: environment variable {entry['api_key_env']} is empty")
    return api_key


def parse_providers(raw: str | list | None, *, environ: dict[str, str] | None = None) -> list[ProviderConfig]:
    """Parse and validate the AI_PROVIDERS value; raise ImproperlyConfigured with a message that says what to fix."""
    environ = os.environ if environ is None else environ
    if raw in (None, "", []):
        return []
    configs: list[ProviderConfig] = []
    seen: set[str] = set()
    for index, entry in enumerate(_provider_list(raw)):
        name, where = _checked_name(entry, index, seen)
        if entry.get("enabled", True) is False:
            continue
        configs.append(ProviderConfig(
            name=name, base_url=entry["base_url"].rstrip("/"), model=entry["model"].strip(),
            api_key=_api_key(entry, where, environ),
            daily_request_quota=_number(entry, "daily_request_quota", int, None, where, minimum=1),
            daily_token_quota=_number(entry, "daily_token_quota", int, None, where, minimum=1),
            timeout=_number(entry, "timeout", float, 30.0, where, minimum=0.1),
            max_retries=_number(entry, "max_retries", int, 2, where),
            backoff=_number(entry, "backoff", float, 0.5, where),
            max_backoff=_number(entry, "max_backoff", float, 8.0, where),
            json_mode=bool(entry.get("json_mode", True)),
            cost_per_1k_input=_number(entry, "cost_per_1k_input", float, 0.0, where),
            cost_per_1k_output=_number(entry, "cost_per_1k_output", float, 0.0, where),
        ))
    return configs


def configured_providers() -> list[ProviderConfig]:
    """The remote providers from settings, in configured order."""
    configs = parse_providers(settings.AI_PROVIDERS)
    if not configs and settings.AI_OPENAI_API_KEY:
        configs = [ProviderConfig(
            name="openai", base_url=(settings.AI_BASE_URL or "https://api.openai.com/v1").rstrip("/"),
            model=settings.AI_MODEL, api_key=settings.AI_OPENAI_API_KEY,
        )]
    return configs


DEFAULT_BUDGETS = {"follow_up": 8.0, "tutor_hint": 8.0, "evaluate_answer": 20.0}
OFFLINE_MARGIN_SECONDS = 10  # what the offline engine and the task's own database work need after the budget


def task_budgets() -> dict[str, float]:
    """Seconds each task may spend on remote providers: DEFAULT_BUDGETS, then AI_TASK_BUDGETS over them."""
    raw = _json_setting("AI_TASK_BUDGETS", settings.AI_TASK_BUDGETS or {}, dict,
                        'a JSON object such as {"follow_up": 8}')
    budgets = dict(DEFAULT_BUDGETS)
    for task, seconds in raw.items():
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds <= 3600:
            raise ImproperlyConfigured(f"AI_TASK_BUDGETS['{task}'] must be a number of seconds in (0, 3600]")
        budgets[task] = float(seconds)
    return budgets


def task_budget(task: str) -> float:
    return task_budgets().get(task, float(settings.AI_DEFAULT_BUDGET_SECONDS))


def validate_time_limits(task_names: list[str]) -> None:
    """Celery's soft limit for AI tasks must leave room for the longest budget plus the offline answer."""
    unknown = sorted(set(task_budgets()) - set(task_names))
    if unknown:
        raise ImproperlyConfigured(f"AI_TASK_BUDGETS names unknown tasks {unknown}; known: {sorted(task_names)}")
    longest = max(task_budget(name) for name in task_names)
    soft, hard = settings.AI_TASK_SOFT_TIME_LIMIT, settings.AI_TASK_TIME_LIMIT
    if soft < longest + OFFLINE_MARGIN_SECONDS or hard <= soft:
        raise ImproperlyConfigured(
            f"AI_TASK_SOFT_TIME_LIMIT ({soft}s) must be at least the longest AI budget ({longest:g}s) + "
            f"{OFFLINE_MARGIN_SECONDS}s, and AI_TASK_TIME_LIMIT ({hard}s) above it")
