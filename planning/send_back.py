"""What an expert's "Request changes" comment asks of the next version, read deterministically (no model call) so
every provider gets the same slots and the expert is told plainly what was done and what could not be.

The comment is read clause by clause ("replace the system design question with a SQL one; add a testing question")
against the capabilities' vocabulary: question categories (by id or name) and question tags (a tag becomes the
category the bank files it under most, e.g. "SQL" -> databases). Anything else is left alone and said so: a clause
that asks for nothing this module reads ("more time for the system design question", "swap questions 2 and 3") is
quoted back under "Not done", so the expert's words never vanish and they know to make that change by hand.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from interviewmaster import capabilities

CLAUSES = re.compile(r"[.;!?\n]+|,\s*(?:and\s+)?(?=(?:please\s+)?(?:replace|swap|change|drop|remove|delete|skip|"
                     r"add|include|also ask|focus|fewer|make|give)\b)|"
                     r"\band\s+(?=(?:replace|swap|drop|remove|add|include|focus|make)\b)", re.I)
REPLACE = re.compile(r"\b(?:replace|swap|change)\s+(?P<old>.+?)\s+(?:with|for|by|to|into)\s+(?P<new>.+)", re.I)
DROP = re.compile(r"\b(?:drop|remove|delete|skip|fewer|one less)\s+(?P<old>.+)", re.I)
# "focus more on Kafka", "ask more about testing", "more questions on SQL": a question on it is added.
ADD = re.compile(r"\b(?:add|include|also ask|ask (?:more )?about|focus (?:more )?on|more questions (?:on|about))"
                 r"\s+(?P<new>.+)", re.I)
# One question fewer, when the clause names no question ("make it shorter", "fewer questions").
SHORTER = re.compile(r"\b(?:shorter(?!\s+(?:questions?|prompts?|answers?)\b)|(?:fewer|less) questions|"
                     r"too many questions)\b", re.I)
# Time is the plan's duration, not a question: "add more time for the design question" adds no question.
TIME = re.compile(r"\b(?:time|minutes?|mins?|longer|hours?)\b", re.I)
EASIER = re.compile(r"\b(easier|simpler|less (?:hard|difficult)|too (?:hard|difficult|advanced))\b", re.I)
HARDER = re.compile(r"\b(harder|more (?:difficult|challenging)|tougher|too (?:easy|simple|basic))\b", re.I)
# What the reasons that bring fresh questions complain of: the next version does not repeat the questions sent back.
COMPLAINT = re.compile(r"\b(?:duplicates?|duplicated|repeats?|repeated|same question|off[- ]?topic|irrelevant|"
                       r"not relevant|biased|unfair)\b", re.I)
# A clause that asks nothing: thanks and praise are not requests left undone.
COURTESY = re.compile(r"(?:(?:thanks|thank you|thx|cheers|please|ok|okay|great|nice|lgtm|good|fine|otherwise|"
                      r"looks?|overall|the rest|rest|is|are|plan|job|work|all|else|everything)\b[\s,!]*)+", re.I)
UNREAD_SHOWN = 4  # clauses quoted back under "Not done", the rest counted
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
                   reason_shift: int = 0, fresh: bool = False) -> SendBack:
    """Apply what `comment` asks to `slots` ({category, difficulty}); `topics` is tag -> category (see
    `topic_categories`); `difficulty_for(category, index)` is the difficulty a new slot of that category
    gets in place of slot `index` (None: an added one). A replaced or added slot carries `topic` (the tag asked
    for) and `requested: True`. `fresh`: the reason chosen brings fresh questions (a clause that says a question is a
    duplicate, off-topic or biased is answered by that). A clause none of this reads is quoted under "Not done"."""
    result = SendBack(slots=[dict(s) for s in slots])
    unread = []
    for clause in (c.strip() for c in CLAUSES.split(comment or "")):
        if not clause:
            continue
        read = _act(result, clause, topics, difficulty_for)
        if EASIER.search(clause) or HARDER.search(clause):
            read = True  # the reason chosen already shifts the difficulty, or the comment does
            if not reason_shift:
                result.shift = -1 if EASIER.search(clause) else 1
        if not read and not (fresh and COMPLAINT.search(clause)) and not COURTESY.fullmatch(clause):
            unread.append(clause)
    if unread:
        result.not_done.append(_unread(unread))
    return result


def _act(result: SendBack, clause: str, topics: dict[str, str], difficulty_for) -> bool:
    """Do what `clause` asks of the slots, if it asks for a replacement, a drop, an addition or one question fewer
    (whether or not the plan allows it: what it does not allow is said); False: it asks for none of these."""
    if m := REPLACE.search(clause):
        _replace(result, m["old"], m["new"], topics, difficulty_for)
    elif SHORTER.search(clause) and _term(clause, topics) is None:
        _shorten(result)
    elif m := DROP.search(clause):
        _drop(result, m["old"], topics)
    elif (m := ADD.search(clause)) and not TIME.search(clause):
        _add(result, m["new"], topics, difficulty_for)
    else:
        return False
    return True


def _unread(clauses: list[str]) -> str:
    """The clauses nothing read, quoted short ("…" past 60 characters), the first few of them."""
    quoted = []
    for clause in clauses[:UNREAD_SHOWN]:
        text = " ".join(clause.replace('"', "'").split())
        quoted.append(f'"{text if len(text) <= 60 else text[:59].rstrip() + "…"}"')
    more = len(clauses) - UNREAD_SHOWN
    said = ", ".join(quoted) + (f" and {more} more" if more > 0 else "")
    return (f"{said} ({'this is' if len(clauses) == 1 else 'these are'} not something the planner reads, so please "
            "make that change by hand)")


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


def _shorten(result: SendBack) -> None:
    """One question fewer: of the category with the most questions, the later one (never one the expert asked for,
    never the last)."""
    counts = Counter(s["category"] for s in result.slots)
    waiting = [i for i, s in enumerate(result.slots) if not s.get("requested")]
    if len(result.slots) < 2 or not waiting:
        result.not_done.append("the plan has no question it can do without to make it shorter")
        return
    index = max(waiting, key=lambda i: (counts[result.slots[i]["category"]], i))
    was = (result.slots[index]["category"], "")
    del result.slots[index]
    result.done.append(f"dropped the {_label(*was)} question to make the plan shorter")


def _add(result: SendBack, new: str, topics: dict[str, str], difficulty_for) -> None:
    now = _term(new, topics)
    if now is None:
        result.not_done.append(f"could not tell which question category or topic \"{new.strip()[:60]}\" means, so "
                               "none was added")
        return
    result.slots.append({"category": now[0], "difficulty": difficulty_for(now[0], None), "topic": now[1],
                         "requested": True})
    result.done.append(f"added a {_label(*now)} question")

