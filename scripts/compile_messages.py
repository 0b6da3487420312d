#!/usr/bin/env python3
"""Compiles locale/*/LC_MESSAGES/*.po into .mo files without GNU gettext (Django's compilemessages needs msgfmt).

Handles what our catalogues use: a header entry and single-line or continued msgid/msgstr strings, no plurals or
contexts. `--check` exits 1 when a committed .mo differs from its .po (accounts/tests/test_wording.py runs it)."""

from __future__ import annotations

import ast
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse(po: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    field = None
    entry: dict[str, str] = {}
    for line in [*po.splitlines(), ""]:
        line = line.strip()
        if line.startswith("msgid "):
            if "msgid" in entry:
                messages[entry["msgid"]] = entry.get("msgstr", "")
            entry, field = {}, "msgid"
            entry[field] = ast.literal_eval(line[6:])
        elif line.startswith("msgstr "):
            field = "msgstr"
            entry[field] = ast.literal_eval(line[7:])
        elif line.startswith('"') and field:
            entry[field] += ast.literal_eval(line)
        elif not line and "msgid" in entry:
            messages[entry["msgid"]] = entry.get("msgstr", "")
            entry, field = {}, None
    return messages


def mo_bytes(messages: dict[str, str]) -> bytes:
    """The GNU .mo layout: header, the original and translated string tables, then the strings."""
    ids = sorted(messages)
    originals = [m.encode() for m in ids]
    translations = [messages[m].encode() for m in ids]
    count = len(ids)
    start = 7 * 4 + 16 * count
    table_o, table_t, data = [], [], b""
    for text in originals:
        table_o.append((len(text), start + len(data)))
        data += text + b"\0"
    for text in translations:
        table_t.append((len(text), start + len(data)))
        data += text + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, 0)
    return header + b"".join(struct.pack("<2I", *t) for t in table_o + table_t) + data


def main(argv: list[str]) -> int:
    stale = []
    for po in sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")):
        compiled = mo_bytes(parse(po.read_text(encoding="utf-8")))
        mo = po.with_suffix(".mo")
        if "--check" in argv:
            if not mo.exists() or mo.read_bytes() != compiled:
                stale.append(str(mo.relative_to(ROOT)))
        else:
            mo.write_bytes(compiled)
    if stale:
        print("out of date (run scripts/compile_messages.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
