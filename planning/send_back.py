"""What an expert's "Request changes" comment asks of the next version, read deterministically (no model call) so
every provider gets the same slots and the expert is told plainly what was done and what could not be.

The comment is read clause by clause ("replace the system design question with a SQL one; add a testing question")
against the capabilities' vocabulary: question categories (by id or name) and question tags (a tag becomes the
category the bank files it under most, e.g. "SQL" -> databases). Anything else is left alone and said so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from interviewmaster import capabilities

CLAUSES = re.compile(r"[.;!?\n]+|,\s*(?:and\s+)?(?=(?:please\s+)?(?:replace|swap|change|drop|remove|delete|skip|"
                     r"add|include|also ask)\b)|\band\s+(?=(?:replace|swap|drop|remove|add|include)\b)", re.I)
REPLACE = re.compile(r"\b(?:replace|swap|change)\s+(?P<old>.+?)\s+(?:with|for|by|to|into)\s+(?P<new>.+)", re.I)
DROP = re.compile(r"\b(?:drop|remove|delete|skip)\s+(?P<old>.+)", re.I)
ADD = re.compile(r"\b(?:add|include|also ask)\s+(?P<new>.+)", re.I)
EASIER = re.compile(r"\b(easier|simpler|less (?:hard|difficult))\b", re.I)
HARDER = re.compile(r"\b(harder|more (?:difficult|challenging)|tougher)\b", re.I)
# Words that name a category in everyday speech beside its id and name.
CATEGORY_WORDS = {"behavioural": "behavioral", "behavior": "behavioral", "behaviour": "behavioral",
                  "database": "databases", "design": "system_design", "algorithm": "coding", "algorithms": "coding",
                  "language": "language_knowledge", "machine learning": "ml_concepts", "ml": "ml_concepts",
                  "debug": "debugging", "tests": "testing", "test": "testing"}


@dataclass
class SendBack:
    """The slots after the comment, and what the next version tells the expert about it."""

    slots: list[dict[str, str]]
    done: list[str] = field(default_factory=list)
    not_done: list[str] = field(default_factory=list)
    shift: int = 0

    def note(self) -> str:
        parts = []
        if self.done:
            parts.append("As you asked: " + "; ".join(self.done) + ".")
        if self.not_done:
            parts.append("Not done: " + "; ".join(self.not_done) + ".")
        return " ".join(parts)


def _phrase(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def _term(text: str, topic_categories: dict[str, str]) -> tuple[str, str] | None:
    """(category, topic tag or "") named in `text`: a category by id, name or everyday word first, else a question
    tag the bank files under a category."""
    caps = capabilities.get_capabilities()
    said = f" {_phrase(text)} "
    names = {_phrase(c.id): c.id for c in caps.categories.values()} | {
        _phrase(c.name): c.id for c in caps.categories.values()} | {
        _phrase(c.name.split(" and ")[0]): c.id for c in caps.categories.values()} | CATEGORY_WORDS
    for name in sorted(names, key=len, reverse=True):
        if f" {name} " in said or f" {name}s " in said:
            return names[name], ""
    for tag in sorted(topic_categories, key=len, reverse=True):
        if f" {_phrase(tag)} " in said:
            return topic_categories[tag], tag
    return None


def _label(category: str, topic: str) -> str:
    name = capabilities.category_name(category).lower()
    return f"{topic.upper() if len(topic) <= 4 else topic} ({name})" if topic else name


def topic_categories(rows: list[tuple[str, list]]) -> dict[str, str]:
    """question tag -> the category the bank files it under most, from (category, tags) rows."""
    counts: dict[str, Counter] = {}
    for category, tags in rows:
        for tag in tags or []:
            counts.setdefault(str(tag), Counter())[category] += 1
    return {tag: c.most_common(1)[0][0] for tag, c in counts.items()}


def read_send_back(comment: str, *, slots: list[dict[str, str]], topics: dict[str, str], difficulty_for,
                   reason_shift: int = 0) -> SendBack:
    """Apply what `comment` asks to `slots` ({category, difficulty}); `topics` is tag -> category (see
    `topic_categories`); `difficulty_for(category, index)` is the difficulty a new slot of that category
    gets in place of slot `index` (None: an added one). A replaced or added slot carries `topic` (the tag asked
    for) and `requested: True`."""
    result = SendBack(slots=[dict(s) for s in slots])
    for clause in (c.strip() for c in CLAUSES.split(comment or "")):
        if not clause:
            continue
        if m := REPLACE.search(clause):
            _replace(result, m["old"], m["new"], topics, difficulty_for)
        elif m := DROP.search(clause):
            _drop(result, m["old"], topics)
        elif m := ADD.search(clause):
            _add(result, m["new"], topics, difficulty_for)
        if not reason_shift and EASIER.search(clause):
            result.shift = -1
        elif not reason_shift and HARDER.search(clause):
            result.shift = 1
    return result


def _index_of(result: SendBack, category: str) -> int | None:
    matches = [i for i, s in enumerate(result.slots) if s["category"] == category and not s.get("requested")]
    return matches[-1] if matches else None


def _replace(result: SendBack, old: str, new: str, topics: dict[str, str], difficulty_for) -> None:
    was, now = _term(old, topics), _term(new, topics)
    if was is None or now is None:
        unknown = old if was is None else new
        result.not_done.append(f"could not tell which question category or topic \"{unknown.strip()[:60]}\" means, "
                               "so no question was replaced")
        return
    index = _index_of(result, was[0])
    if index is None:
        result.not_done.append(f"the plan has no {_label(*was)} question to replace")
        return
    difficulty = difficulty_for(now[0], index)
    result.slots[index] = {"category": now[0], "difficulty": difficulty, "topic": now[1], "requested": True}
    result.done.append(f"replaced the {_label(*was)} question with a {_label(*now)} one")


def _drop(result: SendBack, old: str, topics: dict[str, str]) -> None:
    was = _term(old, topics)
    if was is None:
        result.not_done.append(f"could not tell which question \"{old.strip()[:60]}\" means, so none was dropped")
        return
    index = _index_of(result, was[0])
    if index is None or len(result.slots) < 2:
        result.not_done.append(f"the plan has no {_label(*was)} question it can do without")
        return
    del result.slots[index]
    result.done.append(f"dropped the {_label(*was)} question")


def _add(result: SendBack, new: str, topics: dict[str, str], difficulty_for) -> None:
    now = _term(new, topics)
    if now is None:
        result.not_done.append(f"could not tell which question category or topic \"{new.strip()[:60]}\" means, so "
                               "none was added")
        return
    result.slots.append({"category": now[0], "difficulty": difficulty_for(now[0], None), "topic": now[1],
                         "requested": True})
    result.done.append(f"added a {_label(*now)} question")

