"""State changes (DESIGN §4): the one conditional UPDATE every app's `transition` goes through.

An app's `transition(obj, to, ...)` calls `change_state` with its table (a capabilities state machine by name, or the
app's own `{from: {to, ...}}` table) and its errors, then appends its own audit event:

    old = state.change_state(session, to, machine="interview_session", refused=_refused, lost=_lost, **updates)
    record_event(session, "state.changed", **{"from": old, "to": to})
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from django.db import models

from interviewmaster import capabilities

ErrorFactory = Callable[[str, str], Exception]


def allowed_targets(machine: str | Mapping[str, Collection[str]], current: str) -> Collection[str]:
    """The states `current` may move to: from `capabilities.state_machine(machine)` when `machine` is a name."""
    if isinstance(machine, str):
        return capabilities.state_machine(machine).allowed_from(current)
    return machine.get(current, ())


def change_state(obj: models.Model, to: str, *, machine: str | Mapping[str, Collection[str]], refused: ErrorFactory,
                 lost: ErrorFactory, field: str = "state", **updates: Any) -> str:
    """Move `obj` to `to` if the table allows it from the state `obj` holds, with
    `UPDATE ... SET field = to, **updates WHERE pk = obj.pk AND field = old`: of two racing callers exactly one wins.

    Raises `refused(old, to)` when the table forbids the move and `lost(old, to)` when the row is no longer in `old`
    (changed or gone meanwhile). On success `obj` carries the new state and the updates (expressions such as `F()`
    are written to the row only) and the old state is returned, for the caller's audit event."""
    old = getattr(obj, field)
    if to not in allowed_targets(machine, old):
        raise refused(old, to)
    changed = type(obj)._default_manager.filter(pk=obj.pk, **{field: old}).update(**{field: to}, **updates)
    if not changed:
        raise lost(old, to)
    setattr(obj, field, to)
    for name, value in updates.items():
        if not hasattr(value, "resolve_expression"):
            setattr(obj, name, value)
    return old
