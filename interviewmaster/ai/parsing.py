"""Tolerant JSON extraction for endpoints without a JSON mode: code fences, reasoning tags, prose around the object."""

from __future__ import annotations

import json
import re
from typing import Any

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL | re.IGNORECASE)
_FENCE = re.compile(r"```(?:json|JSON)?\s*(.*?)```", re.DOTALL)


MAX_DEPTH = 32  # our schemas nest 5 deep; deeper is an attack on the parser (RecursionError), not an answer
MAX_CANDIDATES = 50  # openings tried when the object is buried in prose


class NoJSONFound(ValueError):
    """The text holds no complete JSON object (empty, prose only, cut off mid-object, or nested absurdly deep)."""


def nesting_depth(text: str) -> int:
    """The deepest bracket nesting outside JSON strings (a linear scan; no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest


def _loads(text: str) -> Any:
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return _MISSING


_MISSING = object()


def extract_json(text: str) -> Any:
    """Return the first complete JSON object (or array) in `text`; raise NoJSONFound otherwise."""
    if not text or not text.strip():
        raise NoJSONFound("the reply was empty")
    cleaned = _THINK.sub("", text).strip()
    if (cleaned.count("[") + cleaned.count("{") > MAX_DEPTH) and nesting_depth(cleaned) > MAX_DEPTH:
        raise NoJSONFound(f"the reply nests brackets deeper than {MAX_DEPTH} levels")
    value = _loads(cleaned)
    if value is not _MISSING:
        return value
    for block in _FENCE.findall(cleaned):
        value = _loads(block.strip())
        if value is not _MISSING:
            return value
    decoder = json.JSONDecoder()
    for index, match in enumerate(re.finditer(r"[\{\[]", cleaned)):
        if index >= MAX_CANDIDATES:
            break
        try:
            value, _ = decoder.raw_decode(cleaned, match.start())
        except (json.JSONDecodeError, RecursionError):
            continue
        if isinstance(value, (dict, list)) and value:
            return value
    snippet = cleaned[:80].replace("\n", " ")
    raise NoJSONFound(f"no complete JSON object in the reply (starts: {snippet!r}, {len(cleaned)} chars)")
