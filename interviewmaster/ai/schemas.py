"""JSON schemas of every AI task's output, and the one validator the chain uses on every provider's answer."""

from __future__ import annotations

from typing import Any

import jsonschema

_STR = {"type": "string", "minLength": 1}
_STR_LIST = {"type": "array", "items": {"type": "string"}}
DIFFICULTY = {"type": "string", "enum": ["easy", "medium", "hard"]}

QUESTION = {
    "type": "object",
    "required": ["prompt", "category", "difficulty", "expected_points"],
    "properties": {
        "prompt": {"type": "string", "minLength": 15, "maxLength": 2000},
        "category": _STR,
        "difficulty": DIFFICULTY,
        "tags": _STR_LIST,
        "expected_points": {
            "type": "array", "minItems": 1, "maxItems": 10,
            "items": {"type": "object", "required": ["point", "keywords"],
                      "properties": {"point": _STR, "keywords": {"type": "array", "minItems": 1, "items": _STR}}},
        },
        "follow_up_seeds": _STR_LIST,
        "reference_answer": {"type": "string"},
    },
}

SCHEMAS: dict[str, dict[str, Any]] = {
    "generate_questions": {
        "type": "object", "required": ["questions"],
        "properties": {"questions": {"type": "array", "items": QUESTION}},
    },
    "follow_up": {
        "type": "object", "required": ["follow_up", "strategy", "reason"],
        "properties": {"follow_up": {"type": "string", "minLength": 10, "maxLength": 1000}, "strategy": _STR,
                       "reason": _STR},
    },
    "evaluate_answer": {
        "type": "object", "required": ["score", "criteria", "covered_points", "missing_points", "feedback"],
        "properties": {
            "score": {"type": "number", "minimum": 0, "maximum": 100},
            "criteria": {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["key", "score", "rationale"],
                "properties": {"key": _STR, "score": {"type": "integer", "minimum": 1, "maximum": 5},
                               "weight": {"type": "number", "minimum": 0}, "rationale": _STR}}},
            "covered_points": _STR_LIST,
            "missing_points": _STR_LIST,
            "strengths": _STR_LIST,
            "improvements": _STR_LIST,
            "feedback": _STR,
            "flags": _STR_LIST,
        },
    },
    "summarize_session": {
        "type": "object", "required": ["summary", "overall_score", "strengths", "weaknesses", "recommendations"],
        "properties": {"summary": _STR, "overall_score": {"type": "number", "minimum": 0, "maximum": 100},
                       "strengths": _STR_LIST, "weaknesses": _STR_LIST, "recommendations": _STR_LIST,
                       "by_category": {"type": "object", "additionalProperties": {"type": "number"}}},
    },
    "build_plan": {
        "type": "object", "required": ["title", "sections", "rationale"],
        "properties": {
            "title": _STR, "rationale": _STR,
            "sections": {"type": "array", "minItems": 1, "items": {
                "type": "object", "required": ["category", "minutes", "question_count", "difficulty", "goals"],
                "properties": {"category": _STR, "minutes": {"type": "integer", "minimum": 1},
                               "question_count": {"type": "integer", "minimum": 1}, "difficulty": DIFFICULTY,
                               "goals": _STR_LIST}}},
        },
    },
    "critique_plan": {
        "type": "object", "required": ["verdict", "issues", "suggestions"],
        "properties": {
            "verdict": {"type": "string", "enum": ["approve", "revise"]},
            "issues": {"type": "array", "items": {
                "type": "object", "required": ["severity", "message"],
                "properties": {"severity": {"type": "string", "enum": ["info", "warning", "blocker"]},
                               "message": _STR}}},
            "suggestions": _STR_LIST,
        },
    },
    "tutor_hint": {
        "type": "object", "required": ["hint", "level", "focus"],
        "properties": {"hint": _STR, "level": {"type": "integer", "minimum": 1, "maximum": 3}, "focus": _STR},
    },
    "analyze_resume": {
        "type": "object", "required": ["skills", "seniority", "summary", "suggested_focus"],
        "properties": {"skills": _STR_LIST, "seniority": {"type": "string", "enum": ["junior", "mid", "senior"]},
                       "summary": _STR, "suggested_focus": _STR_LIST, "years_experience": {"type": "number"}},
    },
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
