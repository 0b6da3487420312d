"""The skill taxonomy as planning uses it: validate a position's skill ids and name them."""

from __future__ import annotations

from resumes.skills import taxonomy


def unknown_skills(skill_ids: list[str]) -> list[str]:
    known = taxonomy().skills
    return [s for s in skill_ids if s not in known]


def skill_name(skill_id: str) -> str:
    found = taxonomy().skills.get(skill_id)
    return found.name if found else skill_id


def skill_named(word: str):
    """The taxonomy skill `word` names by id ("go", "apache-kafka"), name or alias ("Golang", "node js"); None: no
    skill."""
    found = taxonomy()
    return found.skills.get(word) or found.skills.get(word.lower()) or found.resolve(word)


def skill_choices() -> list[tuple[str, str]]:
    return sorted(((s.id, s.name) for s in taxonomy().skills.values()), key=lambda c: c[1].lower())
