"""Where other apps add a candidate's progress to what an assigned mentor sees (GET /api/v1/mentees/{id}/).

    from accounts.mentee_progress import register_progress

    @register_progress("interviews")
    def interview_progress(candidate) -> dict: ...

Each function gets the candidate and returns a JSON-serialisable summary; the mentee detail shows them by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_sections: dict[str, Callable[[Any], Any]] = {}


def register_progress(name: str):
    def decorator(func: Callable[[Any], Any]) -> Callable[[Any], Any]:
        _sections[name] = func
        return func

    return decorator


def unregister_progress(name: str) -> None:
    _sections.pop(name, None)


def progress_for(candidate) -> dict[str, Any]:
    return {name: section(candidate) for name, section in sorted(_sections.items())}
