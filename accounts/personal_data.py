"""Where other apps plug into "download my data" and account deletion.

An app that stores personal data registers once (e.g. in its AppConfig.ready()):

    from accounts import personal_data
    personal_data.register("resumes", export=resumes_export_for, erase=erase_resumes_of)

`export(user) -> JSON-serialisable` adds a section to the export; `erase(user) -> None` runs inside the deletion
transaction and must remove the app's personal rows; files must be removed with `transaction.on_commit` so a rolled
back deletion keeps them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_exporters: dict[str, Callable[[Any], Any]] = {}
_erasers: dict[str, Callable[[Any], None]] = {}


def register(name: str, *, export: Callable[[Any], Any] | None = None,
             erase: Callable[[Any], None] | None = None) -> None:
    if export is not None:
        _exporters[name] = export
    if erase is not None:
        _erasers[name] = erase


def unregister(name: str) -> None:
    _exporters.pop(name, None)
    _erasers.pop(name, None)


def export_sections(user) -> dict[str, Any]:
    return {name: export(user) for name, export in sorted(_exporters.items())}


def erase_all(user) -> list[str]:
    erased = []
    for name, erase in sorted(_erasers.items()):
        erase(user)
        erased.append(name)
    return erased
