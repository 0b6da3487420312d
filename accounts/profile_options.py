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


# Names the zone database holds that are no place: the server's own zone ("localtime", whatever the machine is set
# to), a placeholder ("Factory") and the file the POSIX rules come from.
_NOT_A_ZONE = frozenset({"localtime", "Factory", "posixrules"})


@lru_cache(maxsize=1)
def timezones() -> tuple[str, ...]:
    return tuple(sorted(name for name in zoneinfo.available_timezones()
                        if name not in _NOT_A_ZONE and not name.startswith(("posix/", "right/"))))
