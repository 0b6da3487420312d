"""The choices a candidate's profile offers: target roles, preferred languages, timezones, experience levels.

Target roles and languages come from the platform's single source of truth, `interviewmaster.capabilities`, when it
is importable; until then a short local list stands in. SWITCH-OVER POINT: `_capability_items()` below is the only
place that knows how to read the capabilities module; once `interviewmaster/capabilities.py` exists, point it at that
module's real accessors and delete `_FALLBACK_ROLES` / `_FALLBACK_LANGUAGES`.
"""

from __future__ import annotations

import importlib
import logging
import zoneinfo
from functools import lru_cache

from accounts.models import ExperienceLevel

logger = logging.getLogger(__name__)

_FALLBACK_ROLES = [
    ("backend_engineer", "Backend engineer"),
    ("frontend_engineer", "Frontend engineer"),
    ("fullstack_engineer", "Full-stack engineer"),
    ("data_engineer", "Data engineer"),
    ("ml_engineer", "Machine-learning engineer"),
    ("devops_engineer", "DevOps engineer"),
    ("mobile_engineer", "Mobile engineer"),
    ("qa_engineer", "QA engineer"),
]
_FALLBACK_LANGUAGES = [
    ("python", "Python"), ("javascript", "JavaScript"), ("typescript", "TypeScript"), ("java", "Java"),
    ("cpp", "C++"), ("go", "Go"), ("csharp", "C#"), ("ruby", "Ruby"), ("kotlin", "Kotlin"), ("swift", "Swift"),
    ("rust", "Rust"),
]


def _normalise(items) -> list[tuple[str, str]]:
    """Accepts ids, (id, label) pairs, or dicts/objects with id and label/name; returns (id, label) pairs."""
    out = []
    for item in items:
        if isinstance(item, str):
            out.append((item, item.replace("_", " ").capitalize()))
        elif isinstance(item, (tuple, list)) and len(item) >= 2:
            out.append((str(item[0]), str(item[1])))
        elif isinstance(item, dict) and "id" in item:
            out.append((str(item["id"]), str(item.get("label") or item.get("name") or item["id"])))
        elif hasattr(item, "id"):
            out.append((str(item.id), str(getattr(item, "label", None) or getattr(item, "name", None) or item.id)))
    return out


def _capability_items(kind: str) -> list[tuple[str, str]] | None:
    """Reads `roles` / `languages` from interviewmaster.capabilities if that module exists (see module docstring)."""
    try:
        module = importlib.import_module("interviewmaster.capabilities")
    except ImportError:
        return None
    for name in ({"roles": ("target_roles", "roles", "ROLES"), "languages": ("languages", "LANGUAGES")}[kind]):
        source = getattr(module, name, None)
        if source is None:
            continue
        try:
            items = _normalise(source() if callable(source) else source)
        except Exception:  # a malformed capabilities file must not take the profile page down
            logger.exception("could not read %s from interviewmaster.capabilities.%s", kind, name)
            return None
        if items:
            return items
    return None


def target_roles() -> list[tuple[str, str]]:
    return _capability_items("roles") or list(_FALLBACK_ROLES)


def languages() -> list[tuple[str, str]]:
    return _capability_items("languages") or list(_FALLBACK_LANGUAGES)


def experience_levels() -> list[tuple[str, str]]:
    return list(ExperienceLevel.choices)


@lru_cache(maxsize=1)
def timezones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))
