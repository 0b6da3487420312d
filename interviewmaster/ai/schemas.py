"""JSON schemas of every AI task's output, and the one validator the chain uses on every provider's answer."""

from __future__ import annotations

from typing import Any

import jsonschema

# Every field of every output reaches a page or the database, so every string has a maxLength, every list a
# maxItems and every object `additionalProperties: false`: a provider cannot smuggle in megabytes or extra keys.
TEXT = 1000        # a sentence or a short paragraph shown on a page
LONG_TEXT = 4000   # a summary, a reference answer, a rationale
LABEL = 120        # a key, a category, a strategy name, a skill
REPORT_ITEMS = 6   # of each list of a session summary (strengths, weaknesses, recommendations) the report shows
SOLID_SCORE = 60   # out of 100: an area at or above it is solid in a summary; a question below it is weak on the report


def _text(max_length: int = TEXT, min_length: int = 1) -> dict:
    return {"type": "string", "minLength": min_length, "maxLength": max_length}


def _texts(max_items: int = 12, max_length: int = TEXT) -> dict:
    return {"type": "array", "maxItems": max_items, "items": _text(max_length)}


def _object(required: list[str], properties: dict) -> dict:
    return {"type": "object", "required": required, "properties": properties, "additionalProperties": False}


_STR = _text()
_LABEL = _text(LABEL)
_STR_LIST = _texts()
DIFFICULTY = {"type": "string", "enum": ["easy", "medium", "hard"]}

QUESTION = _object(["prompt", "category", "difficulty", "expected_points"], {
    "prompt": _text(2000, 15),
    "category": _LABEL,
    "difficulty": DIFFICULTY,
    "tags": _texts(12, LABEL),
    "expected_points": {
        "type": "array", "minItems": 1, "maxItems": 10,
        "items": _object(["point", "keywords"], {
            "point": _text(400), "keywords": {"type": "array", "minItems": 1, "maxItems": 12, "items": _text(60)}}),
    },
    "follow_up_seeds": _texts(6, 400),
    "reference_answer": {"type": "string", "maxLength": LONG_TEXT},
})

SCHEMAS: dict[str, dict[str, Any]] = {
    "generate_questions": _object(["questions"], {
        "questions": {"type": "array", "maxItems": 30, "items": QUESTION}}),  # count (<= 20) + spares
    "follow_up": _object(["follow_up", "strategy", "reason"], {
        "follow_up": _text(1000, 10), "strategy": _LABEL, "reason": _text(400)}),
    "evaluate_answer": _object(["score", "criteria", "covered_points", "missing_points", "feedback"], {
        "score": {"type": "number", "minimum": 0, "maximum": 100},
        "criteria": {"type": "array", "minItems": 1, "maxItems": 12, "items": _object(["key", "score", "rationale"], {
            "key": _LABEL, "score": {"type": "integer", "minimum": 1, "maximum": 5},
            "weight": {"type": "number", "minimum": 0, "maximum": 100}, "rationale": _text(600),
            "evidence": _text(300)})},
        "covered_points": _texts(12, 400),
        "missing_points": _texts(12, 400),
        "strengths": _texts(8),
        "improvements": _texts(8),
        "feedback": _text(2000),
        "flags": _texts(8, LABEL),
    }),
    "summarize_session": _object(["summary", "overall_score", "strengths", "weaknesses", "recommendations"], {
        "summary": _text(LONG_TEXT), "overall_score": {"type": "number", "minimum": 0, "maximum": 100},
        "strengths": _texts(10), "weaknesses": _texts(10), "recommendations": _texts(10),
        "by_category": {"type": "object", "maxProperties": 20, "propertyNames": {"maxLength": LABEL},
                        "additionalProperties": {"type": "number", "minimum": 0, "maximum": 100}}}),
    "build_plan": _object(["title", "sections", "rationale"], {
        "title": _text(200), "rationale": _text(LONG_TEXT),
        "sections": {"type": "array", "minItems": 1, "maxItems": 12, "items": _object(
            ["category", "minutes", "question_count", "difficulty", "goals"], {
                "category": _LABEL, "minutes": {"type": "integer", "minimum": 1, "maximum": 600},
                "question_count": {"type": "integer", "minimum": 1, "maximum": 50}, "difficulty": DIFFICULTY,
                "goals": _texts(8, 300)})},
    }),
    "critique_plan": _object(["verdict", "issues", "suggestions"], {
        "verdict": {"type": "string", "enum": ["approve", "revise"]},
        "issues": {"type": "array", "maxItems": 20, "items": _object(["severity", "message"], {
            "severity": {"type": "string", "enum": ["info", "warning", "blocker"]}, "message": _text(600)})},
        "suggestions": _texts(12, 600),
    }),
    "tutor_hint": _object(["hint", "level", "focus"], {
        "hint": _text(1500), "level": {"type": "integer", "minimum": 1, "maximum": 3}, "focus": _LABEL}),
    "analyze_resume": _object(["skills", "seniority", "summary", "suggested_focus"], {
        "skills": _texts(80, LABEL), "seniority": {"type": "string", "enum": ["junior", "mid", "senior"]},
        "summary": _text(1200), "suggested_focus": _texts(8, LABEL),
        "years_experience": {"type": "number", "minimum": 0, "maximum": 70}}),
}


_VALIDATORS: dict[int, tuple[dict, jsonschema.Draft202012Validator]] = {}


def _validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    entry = _VALIDATORS.get(id(schema))
    if entry is None or entry[0] is not schema:
        jsonschema.Draft202012Validator.check_schema(schema)
        entry = (schema, jsonschema.Draft202012Validator(schema))
        _VALIDATORS[id(schema)] = entry
    return entry[1]


def validation_errors(data: Any, schema: dict[str, Any]) -> list[str]:
    """Every way `data` breaks `schema`, as short human-readable lines ('questions.0.prompt: ... is too short')."""
    errors = sorted(_validator(schema).iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"{'.'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"[:300] for e in errors[:10]]


def fit(data: Any, schema: dict[str, Any]) -> Any:
    """`data` cut to the schema's bounds: strings to maxLength, lists to maxItems, objects to their known keys and
    maxProperties, numbers into [minimum, maximum]. Only for the offline engine's own answers, which are trusted but
    built from unbounded inputs (a keyword-stuffed resume, forty categories); a remote reply out of bounds is
    rejected instead."""
    kind = schema.get("type")
    if kind == "string" and isinstance(data, str):
        return data[: schema.get("maxLength", len(data))]
    if kind == "array" and isinstance(data, list):
        items = schema.get("items") or {}
        return [fit(item, items) for item in data[: schema.get("maxItems", len(data))]]
    if kind in ("number", "integer") and isinstance(data, (int, float)) and not isinstance(data, bool):
        return min(max(data, schema.get("minimum", data)), schema.get("maximum", data))
    if kind == "object" and isinstance(data, dict):
        return _fit_object(data, schema)
    return data


def _fit_object(data: dict, schema: dict[str, Any]) -> dict:
    properties = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    out = {}
    for key, value in data.items():
        if key in properties:
            out[key] = fit(value, properties[key])
        elif isinstance(extra, dict) and len(out) < schema.get("maxProperties", len(data)):
            limit = (schema.get("propertyNames") or {}).get("maxLength")
            out[key[:limit] if limit and isinstance(key, str) else key] = fit(value, extra)
        elif extra is True:
            out[key] = value
    return out
