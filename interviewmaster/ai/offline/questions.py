"""Offline question generation: topic knowledge x difficulty templates, ordered deterministically, never repeating
or paraphrasing a prompt listed in `avoid`."""

from __future__ import annotations

import hashlib
from typing import Any

from interviewmaster.ai.offline import knowledge
from interviewmaster.ai.offline.text import NearDuplicateIndex
from interviewmaster.ai.offline.topics import BEHAVIORAL_TEMPLATES, CODING_TEMPLATES, TEMPLATES, TOPICS


def _templates(category: str, difficulty: str) -> list[str]:
    if category == "coding":
        return CODING_TEMPLATES.get(difficulty, CODING_TEMPLATES["medium"])
    if category == "behavioral":
        return BEHAVIORAL_TEMPLATES.get(difficulty, BEHAVIORAL_TEMPLATES["medium"])
    return TEMPLATES.get(difficulty, TEMPLATES["medium"])


def _reference(points: list[tuple[str, list[str]]]) -> str:
    return "A strong answer: " + "; ".join(p for p, _ in points) + "."


def candidates(*, role: str, difficulty: str, categories: list[str], language: str) -> list[dict[str, Any]]:
    """Every question the offline generator can write for this spec, in a stable order that mixes categories."""
    categories = [c for c in categories if c in TOPICS] or [c for c in knowledge.role_focus(role) if c in TOPICS]
    lang = language or "Python"
    per_category: list[list[dict[str, Any]]] = []
    for category in categories:
        rows = []
        for topic, tags, points, seeds in TOPICS[category]:
            topic_text = topic.replace("{language}", lang)
            for index, template in enumerate(_templates(category, difficulty)):
                prompt = template.format(topic=topic_text, language=lang)
                key = hashlib.sha256(f"{role}|{difficulty}|{prompt}".encode()).hexdigest()
                rows.append((index, key, {
                    "prompt": prompt, "category": category, "difficulty": difficulty,
                    "tags": sorted(set(tags + ([language.lower()] if language and category in
                                               ("coding", "language_knowledge") else []))),
                    "expected_points": [{"point": p, "keywords": k} for p, k in points],
                    "follow_up_seeds": list(seeds),
                    "reference_answer": _reference(points),
                }))
        # First template of every topic before the second of any, then a stable pseudo-random order per role.
        rows.sort(key=lambda row: (row[0], row[1]))
        per_category.append([row[2] for row in rows])
    mixed: list[dict[str, Any]] = []
    for i in range(max((len(rows) for rows in per_category), default=0)):
        mixed.extend(rows[i] for rows in per_category if i < len(rows))
    return mixed


def generate(inputs: dict[str, Any]) -> dict[str, Any]:
    count = int(inputs.get("count", 1))
    seen = NearDuplicateIndex([a for a in (inputs.get("avoid") or []) if isinstance(a, str)])
    chosen: list[dict[str, Any]] = []
    topics_used: set[tuple[str, str]] = set()
    pool = candidates(role=inputs.get("role", ""), difficulty=inputs.get("difficulty", "medium"),
                      categories=list(inputs.get("categories") or []), language=inputs.get("language") or "")
    # Two passes: first one question per topic, then allow a second template of a topic already used.
    for allow_same_topic in (False, True):
        for question in pool:
            if len(chosen) >= count:
                break
            topic_key = (question["category"], question["expected_points"][0]["point"])
            if question in chosen or (topic_key in topics_used and not allow_same_topic):
                continue
            if seen.matches(question["prompt"]):
                continue
            seen.add(question["prompt"])
            chosen.append(question)
            topics_used.add(topic_key)
    return {"questions": chosen}
