"""What the offline engine knows about the platform: evaluation criteria (weights per category, 1-5 rubric anchors)
and follow-up strategies, read from `interviewmaster.capabilities` (the single source of truth).

The engine itself takes plain dicts, so callers may pass their own `criteria`/`strategies` in the task inputs.
"""

from __future__ import annotations

from typing import Any


def _caps():
    from interviewmaster.capabilities import get_capabilities

    return get_capabilities()


def criteria_for(category: str, overrides: dict[str, float] | None = None) -> list[dict[str, Any]]:
    """[{id, name, weight, rubric: {1..5: anchor}}] for a question category; a question's `rubric_overrides`
    replace the category's weights."""
    caps = _caps()
    cat = caps.categories.get(category)
    weights = dict(overrides) if overrides else (dict(cat.criteria_weights) if cat else {
        "correctness": 0.4, "technical_depth": 0.3, "communication": 0.3})
    return [{"id": cid, "name": caps.criteria[cid].name, "weight": weight,
             "rubric": {int(k): v for k, v in caps.criteria[cid].rubric.items()}}
            for cid, weight in weights.items() if cid in caps.criteria]


def strategies() -> list[dict[str, str]]:
    return [{"id": s.id, "name": s.name, "when_to_use": s.when_to_use} for s in _caps().follow_up_strategies.values()]


def role_focus(role: str) -> list[str]:
    caps = _caps()
    found = caps.roles.get(role)
    return list(found.focus_categories) if found else ["coding", "system_design", "behavioral"]


def role_name(role: str) -> str:
    found = _caps().roles.get(role)
    return found.name if found else role.replace("_", " ").title()


def minutes_per_question(difficulty: str) -> int:
    found = _caps().difficulties.get(difficulty)
    return found.minutes_per_question if found else 10


def with_transition_buffer(minutes: int) -> int:
    """Question minutes plus the transitions, as the platform counts them (the interview's clock included)."""
    from interviewmaster.capabilities import with_transition_buffer

    return with_transition_buffer(minutes)


def category_name(category: str) -> str:
    from interviewmaster.capabilities import category_name

    return category_name(category)


def known_skills() -> dict[str, str]:
    """lower-case alias -> canonical skill id, from languages (with aliases) and question tags."""
    caps = _caps()
    skills = {tag: tag for tag in caps.question_tags}
    for lang in caps.languages.values():
        skills[lang.id] = lang.id
        skills[lang.name.lower()] = lang.id
        for alias in lang.aliases:
            skills[alias.lower()] = lang.id
    return skills
