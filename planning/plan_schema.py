"""The stricter, question-level schemas planning asks the AI layer for (passed to `complete_json` as `schema`), and
the normaliser that turns any provider's planned questions into the shape PlanVersion stores."""

from __future__ import annotations

from typing import Any

from interviewmaster import capabilities
from planning.errors import InvalidPlanQuestions

_STR = {"type": "string", "minLength": 1, "maxLength": 2000}
_STR_LIST = {"type": "array", "maxItems": 10, "items": {"type": "string", "minLength": 1, "maxLength": 500}}
SEVERITIES = ("info", "warning", "blocker")  # "blocker" is the high severity that makes the controller revise
ISSUE_KINDS = ("missing_skill", "duplicate", "difficulty_imbalance", "timing", "biased", "off_topic", "other")

PLANNED_QUESTION = {
    "type": "object",
    "required": ["prompt", "category", "difficulty", "skill", "why", "expected_points", "follow_up_ideas"],
    "properties": {
        "question_id": {"type": ["integer", "null"]},
        "prompt": {"type": "string", "minLength": 15, "maxLength": 2000},
        "category": _STR,
        "difficulty": {"type": "string", "enum": ["easy", "medium", "hard"]},
        "skill": {"type": "string", "maxLength": 100},
        "why": _STR,
        "expected_points": {"type": "array", "minItems": 1, "maxItems": 10, "items": _STR},
        "follow_up_ideas": _STR_LIST,
        "minutes": {"type": "integer", "minimum": 1, "maximum": 120},
    },
}

PLAN_SCHEMA = {
    "type": "object",
    "required": ["title", "rationale", "questions"],
    "properties": {
        "title": _STR,
        "rationale": _STR,
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "questions": {"type": "array", "minItems": 1, "maxItems": 20, "items": PLANNED_QUESTION},
    },
}

CRITIQUE_SCHEMA = {
    "type": "object",
    "required": ["verdict", "issues", "suggestions"],
    "properties": {
        "verdict": {"type": "string", "enum": ["approve", "revise"]},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "issues": {"type": "array", "maxItems": 50, "items": {
            "type": "object", "required": ["severity", "kind", "message"],
            "properties": {"severity": {"type": "string", "enum": list(SEVERITIES)},
                           "kind": {"type": "string", "enum": list(ISSUE_KINDS)},
                           "message": _STR,
                           "question_index": {"type": ["integer", "null"], "minimum": 0}}}},
        "suggestions": _STR_LIST,
    },
}

MAX_QUESTIONS = 20  # the interview engine takes at most 20 planned questions
MAX_LINES, MAX_LINE_CHARS = 10, 500  # a question's expected points and follow-up ideas: what a version keeps


def _lines(value: Any, *, limit: int = MAX_LINES) -> list[str]:
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list):
        return []
    return [str(v).strip()[:MAX_LINE_CHARS] for v in value if str(v).strip()][:limit]


def _text_or_none(value: Any) -> str | None:
    """An agent's or a form's value where a name is expected: a dict or a list (unhashable) is no name at all."""
    return value if isinstance(value, str) else None


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _question_problems(index: int, q: dict, caps) -> dict[str, str]:
    problems: dict[str, str] = {}
    prompt = str(q.get("prompt") or "").strip()
    if len(prompt) < 15:
        problems[f"questions.{index}.prompt"] = "Write a question of at least 15 characters."
    elif len(prompt) > 2000:
        problems[f"questions.{index}.prompt"] = "A question is at most 2000 characters."
    category, difficulty = _text_or_none(q.get("category")), _text_or_none(q.get("difficulty"))
    if category not in caps.categories:
        problems[f"questions.{index}.category"] = f"Unknown category {q.get('category')!r:.80}."
    elif difficulty not in caps.categories[category].allowed_difficulties:
        problems[f"questions.{index}.difficulty"] = f"{category} has no {q.get('difficulty')!r:.80} questions."
    if not _lines(q.get("expected_points")):
        problems[f"questions.{index}.expected_points"] = "List at least one expected point."
    return problems


def normalise_questions(questions: Any) -> list[dict[str, Any]]:
    """Validate and clean planned questions (from an agent or the expert's form). Raises InvalidPlanQuestions with
    one message per bad field; the stored shape always has every key."""
    if not isinstance(questions, list) or not questions:
        raise InvalidPlanQuestions("A plan needs at least one question.", fields={"questions": "empty"})
    if len(questions) > MAX_QUESTIONS:
        raise InvalidPlanQuestions(f"A plan has at most {MAX_QUESTIONS} questions.",
                                   fields={"questions": f"more than {MAX_QUESTIONS}"})
    caps = capabilities.get_capabilities()
    problems: dict[str, str] = {}
    cleaned = []
    for index, q in enumerate(questions):
        if not isinstance(q, dict):
            problems[f"questions.{index}"] = "Not an object."
            continue
        problems.update(_question_problems(index, q, caps))
        qid, origin = q.get("question_id"), q.get("rewritten_from")
        cleaned.append({
            "question_id": qid if _is_id(qid) else None,
            # the bank question this one was rewritten from (planning.services.detach_rewritten): shown, never used
            "rewritten_from": origin if _is_id(origin) and not _is_id(qid) else None,
            "prompt": str(q.get("prompt") or "").strip(),
            "category": q.get("category"),
            "difficulty": q.get("difficulty"),
            "skill": str(q.get("skill") or "").strip()[:100],
            "why": str(q.get("why") or "").strip()[:2000] or "Chosen by the expert.",
            "expected_points": _lines(q.get("expected_points")),
            "follow_up_ideas": _lines(q.get("follow_up_ideas")),
            "minutes": (capabilities.minutes_for(q["difficulty"])
                        if _text_or_none(q.get("difficulty")) in caps.difficulties else 0),
        })
    if problems:
        raise InvalidPlanQuestions("Some planned questions are not valid: " + "; ".join(
            f"{k}: {v}" for k, v in list(problems.items())[:5]), fields=problems)
    return cleaned
