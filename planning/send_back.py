"""What an expert's "Request changes" comment asks of the next version, read deterministically (no model call) so
every provider gets the same slots and the expert is told plainly what was done and what could not be.

The comment is read clause by clause ("replace the system design question with a SQL one; add a testing question")
against the capabilities' vocabulary: question categories (by id or name) and question tags (a tag becomes the
category the bank files it under most, e.g. "SQL" -> databases). Anything else is left alone and said so: a clause
that asks for nothing this module reads ("more time for the system design question", "swap questions 2 and 3") is
quoted back under "Not done", so the expert's words never vanish and they know to make that change by hand. A wish
said the other way round ("don't focus on Kafka", "less focus on Kafka") is not done the wrong way: it is quoted back
too, except "don't drop the SQL question" / "keep the SQL question", which keeps it; of "SQL instead of Python" only
SQL is asked for.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from interviewmaster import capabilities

CLAUSES = re.compile(r"[.;!?\n]+|,\s*(?:(?:and|but)\s+)?(?=(?:please\s+)?(?:replace|swap|change|drop|remove|delete|"
                     r"skip|add|include|also ask|focus|fewer|more|less|make|give|keep)\b)|"
                     r"\b(?:and|but)\s+(?=(?:replace|swap|drop|remove|add|include|focus|more|make|keep)\b)", re.I)
REPLACE = re.compile(r"\b(?:replace|swap|change)\s+(?P<old>.+?)\s+(?:with|for|by|to|into)\s+(?P<new>.+)", re.I)
DROP = re.compile(r"\b(?:drop|remove|delete|skip|fewer(?!\s+than\b)|one less)\s+(?P<old>.+)", re.I)
# "focus more on Kafka", "ask more about testing", "more questions on SQL": a question on it is added.
ADD = re.compile(r"\b(?:add|include|also ask|ask (?:more )?about|focus (?:more )?on|more questions (?:on|about))"
                 r"\s+(?P<new>.+)", re.I)
# "Fewer coding, more SQL": a clause that opens with "more" and names a category or topic adds a question on it.
MORE = re.compile(r"(?:and\s+)?more\s+(?:on\s+|about\s+)?(?P<new>.+)", re.I)
# "keep the SQL question", "make sure the SQL question stays": that question is not dropped to make room.
KEEP = re.compile(r"\b(?:keep|stays?|remains?)\b", re.I)
# A wish said the other way round ("don't focus on Kafka", "less focus on Kafka", "I'd rather you didn't ...",
# "never drop behavioural"): a negation before what a clause asks means it is not asked. "No, ..." is an answer.
NEGATION = re.compile(r"\b(?:(?:do|does|did|is|are|was|were|would|should|could|must|need|wo|ca)n['’]?t|"
                      r"not|never|no(?!\s*[,:])|nothing|none|neither|nor|without|less|rather not|avoid|stop)\b",
                      re.I)
# Where a negation's reach ends: "the candidate isn't senior, so make it easier" asks to make it easier.
SCOPE = re.compile(r"\b(?:so|but|and|then|because|since|therefore|hence)\b|[,:(]", re.I)
# "Ask about SQL instead of Python": only what comes before is asked for.
CONTRAST = re.compile(r"\b(?:instead of|rather than)\b", re.I)
PUNCTUATION = re.compile(r"[^\w\s.+#]+|\.(?!\w)")
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
    dropped: int = 0  # questions dropped by name: one of them is the "shorter" a comment also asks for

    def note(self) -> str:
        parts = []
        if self.done:
            parts.append("As you asked: " + "; ".join(self.done) + ".")
        if self.not_done:
            parts.append("Not done: " + "; ".join(self.not_done) + ".")
        return " ".join(parts)


def _phrase(text: str) -> str:
    """`text` lower-cased in words: punctuation ("coding, more SQL", '"system design"') is a space, so a term beside
    it is still a word; a dot, "+" or "#" inside a word ("node.js", "c++") stays."""
    return " ".join(PUNCTUATION.sub(" ", text.lower()).replace("_", " ").split())


def _term(text: str, topic_categories: dict[str, str]) -> tuple[str, str] | None:
    """(category, topic tag or "") named in `text`: a category by id, name or everyday word, or a question tag the
    bank files under a category; of several, the one said first (at one place the longest, a category before a tag:
    "a SQL one, not Kafka" is SQL)."""
    caps = capabilities.get_capabilities()
    said = f" {_phrase(text)} "
    names = {_phrase(c.id): c.id for c in caps.categories.values()} | {
        _phrase(c.name): c.id for c in caps.categories.values()} | {
        _phrase(c.name.split(" and ")[0]): c.id for c in caps.categories.values()} | CATEGORY_WORDS
    found = []  # (where in `said`, longest first, a category before a tag, the term)
    for name, category in names.items():
        at = min((i for i in (said.find(f" {name} "), said.find(f" {name}s ")) if i >= 0), default=-1)
        if at >= 0:
            found.append((at, -len(name), 0, (category, "")))
    for tag, category in topic_categories.items():
        if (at := said.find(f" {_phrase(tag)} ")) >= 0:
            found.append((at, -len(_phrase(tag)), 1, (category, tag)))
    # the first term said is the one meant: "SQL, not Kafka", "a SQL one (Kafka is covered)"
    return min(found, key=lambda f: f[:3])[3] if found else None


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
    clauses = [c.strip() for c in CLAUSES.split(comment or "")]
    clauses = [c for c in clauses if c]
    unread, kept = [], [c for c in clauses if _keep(result, c, topics)]
    shorter = None  # where in `done` the wish for a shorter plan goes, when no question is dropped by name
    for clause in clauses:
        asked = _asked(clause)
        read = clause in kept or (asked is not None and _act(result, asked, topics, difficulty_for))
        if read == "shorter":
            shorter = len(result.done) if shorter is None else shorter
        level = asked and (EASIER.search(asked) or HARDER.search(asked))
        if level and not _negated(asked, level.start()):
            read = True  # the reason chosen already shifts the difficulty, or the comment does
            if not reason_shift:
                result.shift = -1 if EASIER.search(asked) else 1
        if not read and not (fresh and COMPLAINT.search(clause)) and not COURTESY.fullmatch(clause):
            unread.append(clause)
    if shorter is not None:
        _shorten(result, shorter)
    for slot in result.slots:
        slot.pop("kept", None)
    if unread:
        result.not_done.append(_unread(unread))
    return result


def _asked(clause: str) -> str | None:
    """What `clause` asks for: up to "instead of" / "rather than" ("ask about SQL instead of Python" asks about SQL);
    None when nothing comes before it."""
    contrast = CONTRAST.search(clause)
    asked = clause[:contrast.start()].strip() if contrast else clause
    return asked or None


def _negated(clause: str, at: int) -> bool:
    """A negation stands before what `clause` asks at `at`, past the last "so", "but", comma …: "don't focus on
    Kafka", "less focus on Kafka" (not "the candidate isn't senior, so make it easier")."""
    before = clause[:at]
    start = max((m.end() for m in SCOPE.finditer(before)), default=0)
    return NEGATION.search(before, start) is not None


def _keep(result: SendBack, clause: str, topics: dict[str, str]) -> bool:
    """The clause asks that a question stay ("keep the SQL question", "don't drop the SQL question", "make sure the
    SQL question stays"): its questions are marked so nothing this comment asks drops or replaces them, and it is
    said. False: it is not such a clause, or names no question of the plan."""
    if REPLACE.search(clause):
        return False
    if (m := KEEP.search(clause)) and not _negated(clause, m.start()):
        keep = _term(clause, topics)
    elif (m := DROP.search(clause)) and _negated(clause, m.start()):
        keep = _term(m["old"], topics)
    else:
        return False  # "don't keep the SQL question" is not read: it is quoted back
    if keep is None or not any(s["category"] == keep[0] for s in result.slots):
        return False
    for slot in result.slots:
        if slot["category"] == keep[0]:
            slot["kept"] = True
    result.done.append(f"kept the {_label(*keep)} question")
    return True


def _act(result: SendBack, clause: str, topics: dict[str, str], difficulty_for) -> bool | str:
    """Do what `clause` asks of the slots, if it asks for a replacement, a drop or an addition (whether or not the
    plan allows it: what it does not allow is said); "shorter": it asks for one question fewer, which a question
    dropped by name already gives (`read_send_back` does it at the end); False: it asks for none of these, or asks
    it negated ("don't add a Kafka question")."""
    if m := REPLACE.search(clause):
        kind = "replace"
    elif (m := SHORTER.search(clause)) and _term(clause, topics) is None:
        kind = "shorter"
    elif m := DROP.search(clause):
        kind = "drop"
    elif (m := ADD.search(clause) or MORE.match(clause)) and not TIME.search(clause):
        if m.re is MORE and _term(m["new"], topics) is None:
            return False  # "more challenging", "more detail": not a question on something
        kind = "add"
    else:
        return False
    target = m.groupdict().get("old") or m.groupdict().get("new") or ""
    if _negated(clause, m.start()) or NEGATION.match(target):  # "don't add ...", "skip nothing"
        return False
    if kind == "replace":
        _replace(result, m["old"], m["new"], topics, difficulty_for)
    elif kind == "drop":
        _drop(result, m["old"], topics)
    elif kind == "add":
        _add(result, m["new"], topics, difficulty_for)
    return "shorter" if kind == "shorter" else True


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
    matches = [i for i, s in enumerate(result.slots) if s["category"] == category and not s.get("requested")
               and not s.get("kept")]
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
    result.dropped += 1
    result.done.append(f"dropped the {_label(*was)} question")


def _shorten(result: SendBack, at: int) -> None:
    """One question fewer (the wish's note goes at `done[at]`): a question the comment dropped by name already makes
    the plan shorter; else of the category with the most questions, the later one (never one the expert asked for or
    to keep, never the last)."""
    if result.dropped:
        return
    waiting = [i for i, s in enumerate(result.slots) if not s.get("requested") and not s.get("kept")]
    counts = Counter(result.slots[i]["category"] for i in waiting)  # an added question is not one too many
    if len(result.slots) < 2 or not waiting:
        result.not_done.append("the plan has no question it can do without to make it shorter")
        return
    index = max(waiting, key=lambda i: (counts[result.slots[i]["category"]], i))
    was = (result.slots[index]["category"], "")
    del result.slots[index]
    result.done.insert(at, f"dropped the {_label(*was)} question to make the plan shorter")


def _add(result: SendBack, new: str, topics: dict[str, str], difficulty_for) -> None:
    now = _term(new, topics)
    if now is None:
        result.not_done.append(f"could not tell which question category or topic \"{new.strip()[:60]}\" means, so "
                               "none was added")
        return
    result.slots.append({"category": now[0], "difficulty": difficulty_for(now[0], None), "topic": now[1],
                         "requested": True})
    result.done.append(f"added a {_label(*now)} question")

