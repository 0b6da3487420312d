"""Where other apps plug into "download my data" and account deletion.

An app that stores personal data registers once (e.g. in its AppConfig.ready()):

    from accounts import personal_data
    personal_data.register("resumes", export=resumes_export_for, erase=erase_resumes_of)

`export(user) -> JSON-serialisable` adds a section to the export: a list that grows with use (a history) is better an
iterator of rows (plain JSON data each, e.g. from a queryset's `.iterator()`), written as it is read so the download's
memory does not grow with it (interviewmaster.streaming.json_chunks); `erase(user) -> None` runs inside the deletion
transaction and must remove the app's personal rows; files must be removed with `transaction.on_commit` so a rolled
back deletion keeps them. `erase_earlier(user_id=, user=, addresses=, until=) -> int` (optional) finds and erases
what an account deleted before the app's `erase` covered it still left (accounts.services.deletion.
scrub_earlier_deletions): `user` is the anonymised account, or None for one deleted outright; `addresses` what the
admin's log still names it by; `until` when it was deleted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from interviewmaster.streaming import Members, materialized

_exporters: dict[str, Callable[[Any], Any]] = {}
_erasers: dict[str, Callable[[Any], None]] = {}
_earlier_erasers: dict[str, Callable[..., int]] = {}


def register(name: str, *, export: Callable[[Any], Any] | None = None,
             erase: Callable[[Any], None] | None = None, erase_earlier: Callable[..., int] | None = None) -> None:
    if erase_earlier is not None:
        _earlier_erasers[name] = erase_earlier
    if export is not None:
        _exporters[name] = export
    if erase is not None:
        _erasers[name] = erase


def unregister(name: str) -> None:
    _exporters.pop(name, None)
    _erasers.pop(name, None)
    _earlier_erasers.pop(name, None)


def sections_as_read(user) -> Iterator[tuple[str, Any]]:
    """(name, section) of every app in order, each exporter called only when its section's turn comes."""
    return ((name, export(user)) for name, export in sorted(_exporters.items()))


def export_sections(user) -> dict[str, Any]:
    """Every app's section read whole (its iterators made lists)."""
    return materialized(Members(sections_as_read(user)))


def erase_all(user) -> list[str]:
    erased = []
    for name, erase in sorted(_erasers.items()):
        erase(user)
        erased.append(name)
    return erased


def erase_earlier_all(*, user_id: int, user, addresses: set[str], until) -> dict[str, int]:
    return {name: erase(user_id=user_id, user=user, addresses=addresses, until=until)
            for name, erase in sorted(_earlier_erasers.items())}
