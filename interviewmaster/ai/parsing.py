"""Tolerant JSON extraction for endpoints without a JSON mode: code fences, reasoning tags, prose around the object."""

from __future__ import annotations

import json
import re
from typing import Any

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)


class NoJSONFound(ValueError):
    """The text holds no complete JSON object (empty, prose only, or cut off mid-object)."""


def extract_json(text: str) -> Any:
    """Return the first complete JSON object (or array) in `text`; raise NoJSONFound otherwise."""
    if not text or not text.strip():
        raise NoJSONFound("the reply was empty")
    cleaned = _THINK.sub("", text).strip()
    try:
        return json.loads(cleaned)
    except json.JSONDecodeError:
        pass
    for block in _FENCE.findall(cleaned):
        try:
            return json.loads(block.strip())
        except json.JSONDecodeError:
            continue
    decoder = json.JSONDecoder()
    for match in re.finditer(r"[\{\[]", cleaned):
        try:
            value, _ = decoder.raw_decode(cleaned, match.start())
        except json.JSONDecodeError:
            continue
        if isinstance(value, (dict, list)) and value:
            return value
    snippet = cleaned[:80].replace("\n", " ")
    raise NoJSONFound(f"no complete JSON object in the reply (starts: {snippet!r}, {len(cleaned)} chars)")
