"""The choices a candidate's profile offers: target roles, preferred languages, timezones, experience levels.

Target roles, languages and experience levels come from the platform's single source of truth,
`interviewmaster.capabilities`.
"""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from interviewmaster import capabilities


def target_roles() -> list[tuple[str, str]]:
    return capabilities.role_choices()


def languages() -> list[tuple[str, str]]:
    return capabilities.language_choices()


def experience_levels() -> list[tuple[str, str]]:
    return capabilities.experience_level_choices()


@lru_cache(maxsize=1)
def timezones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))
