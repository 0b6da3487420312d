"""The skill taxonomy (resumes/data/skills.json) and the extractor that finds its skills in resume text.

Matching works on tokens, so "scikit-learn", "scikit learn" and "Scikit-Learn" are one alias, "C++", "C#", ".NET" and
"Node.js" keep their punctuation, and the longest alias wins ("Spring Boot" before "Spring"). Names that are ordinary
words too ("Go", "R", "Less") count only with their exact case in a skills section or a comma/bullet list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from resumes.positions import Position
from resumes.sections import CERTIFICATIONS, EDUCATION, EXPERIENCE, PROJECTS, SKILLS, SUMMARY, Line

TAXONOMY_PATH = Path(__file__).resolve().parent / "data" / "skills.json"
SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "skills.schema.json"
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#.]*|(?<![A-Za-z0-9])\.[A-Za-z][A-Za-z0-9+#.]*")
_LIST_BEFORE = set(",;|•·(/:[+&")
_LIST_AFTER = set(",;|)/]")


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    category: str


@dataclass(frozen=True)
class Taxonomy:
    skills: dict[str, Skill]
    categories: dict[str, str]
    free: dict[tuple[str, ...], str]        # lower-cased token tuple -> skill id (matches anywhere)
    context: dict[tuple[str, ...], str]     # exact-case token tuple -> skill id (skills section or list only)
    longest: int
    # first token -> the longest alias starting with it (lets the scanner skip most tokens with one lookup)
    free_starts: dict[str, int] = field(default_factory=dict)
    context_starts: dict[str, int] = field(default_factory=dict)
    # every name and alias squeezed to lower-case letters, digits, "+" and "#" ("Node JS" -> "nodejs"); a squeezed
    # form two skills share is left out
    compact: dict[str, str] = field(default_factory=dict)

    def resolve(self, name: str) -> Skill | None:
        """The taxonomy skill a typed name means ("k8s" -> Kubernetes, "node js" -> Node.js), or None."""
        tokens = tuple(_normalise_token(t) for t in _TOKEN.findall(name))
        skill_id = (self.free.get(tuple(t.lower() for t in tokens)) or self.context.get(tokens)
                    or self.compact.get(_squeeze(name)))
        return self.skills.get(skill_id) if skill_id else None

    def search(self, prefix: str, *, limit: int = 10) -> list[Skill]:
        needle = prefix.strip().lower()
        if not needle:
            return []
        hits = [s for s in self.skills.values() if s.name.lower().startswith(needle)]
        hits += [s for s in self.skills.values() if needle in s.name.lower() and s not in hits]
        return hits[:limit]


_SQUEEZE = re.compile(r"[^a-z0-9+#]")


def _squeeze(name: str) -> str:
    return _SQUEEZE.sub("", name.lower())


def _compact_index(data: dict) -> dict[str, str]:
    index: dict[str, str] = {}
    clashes: set[str] = set()
    for entry in data["skills"]:
        for alias in [entry["name"], *entry.get("aliases", []), *entry.get("context_aliases", [])]:
            key = _squeeze(alias)
            if not key:
                continue
            if index.get(key, entry["id"]) != entry["id"]:
                clashes.add(key)
            index[key] = entry["id"]
    return {k: v for k, v in index.items() if k not in clashes}


def validate_taxonomy_data(data: dict) -> None:
    """Check the taxonomy against its JSON schema; raise ValueError naming the first problem's place."""
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        place = "/".join(str(p) for p in error.absolute_path) or "(root)"
        raise ValueError(f"skills taxonomy: {place}: {error.message}")


def _normalise_token(token: str) -> str:
    return token.rstrip(".")


def _key(alias: str) -> tuple[str, ...]:
    return tuple(_normalise_token(t) for t in _TOKEN.findall(alias))


def _add_aliases(entry: dict, skill: Skill, free: dict, context: dict) -> None:
    names = [] if entry.get("ambiguous") else [entry["name"]]
    for alias in names + entry.get("aliases", []):
        key = tuple(t.lower() for t in _key(alias))
        if not key:
            raise ValueError(f"alias {alias!r} of {skill.id!r} has no tokens")
        if free.get(key, skill.id) != skill.id:
            raise ValueError(f"alias {alias!r} of {skill.id!r} already belongs to {free[key]!r}")
        free[key] = skill.id
    for alias in ([entry["name"]] if entry.get("ambiguous") else []) + entry.get("context_aliases", []):
        key = _key(alias)
        if context.get(key, skill.id) != skill.id:
            raise ValueError(f"context alias {alias!r} of {skill.id!r} already belongs to {context[key]!r}")
        context[key] = skill.id


def _longest_from_first_token(index: dict) -> dict[str, int]:
    starts: dict[str, int] = {}
    for key in index:
        starts[key[0]] = max(starts.get(key[0], 0), len(key))
    return starts


def build_taxonomy(data: dict) -> Taxonomy:
    validate_taxonomy_data(data)
    skills, free, context = {}, {}, {}
    for entry in data["skills"]:
        skill = Skill(id=entry["id"], name=entry["name"], category=entry["category"])
        if skill.id in skills:
            raise ValueError(f"duplicate skill id {skill.id!r}")
        if skill.category not in data["categories"]:
            raise ValueError(f"skill {skill.id!r} has unknown category {skill.category!r}")
        skills[skill.id] = skill
        _add_aliases(entry, skill, free, context)
    longest = max(len(k) for k in [*free, *context])
    return Taxonomy(skills=skills, categories=data["categories"], free=free, context=context, longest=longest,
                    free_starts=_longest_from_first_token(free), context_starts=_longest_from_first_token(context),
                    compact=_compact_index(data))


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    return build_taxonomy(json.loads(TAXONOMY_PATH.read_text(encoding="utf-8")))


# --- extraction ---------------------------------------------------------------------------------------------------
_SECTION_WEIGHT = {SKILLS: 0.55, EXPERIENCE: 0.5, PROJECTS: 0.45, CERTIFICATIONS: 0.45, SUMMARY: 0.4,
                   EDUCATION: 0.3}
_OTHER_WEIGHT = 0.35


@dataclass
class FoundSkill:
    skill: Skill
    sections: set[str] = field(default_factory=set)
    mentions: int = 0
    last_year: int | None = None
    confidence: float = 0.0

    def as_dict(self) -> dict:
        return {"skill_id": self.skill.id, "name": self.skill.name, "category": self.skill.category,
                "confidence": self.confidence,
                "evidence": {"sections": sorted(self.sections), "mentions": self.mentions,
                             "last_year": self.last_year}}


_LIST_WINDOW = 32  # look this far around a token only: slicing the whole line per token is quadratic on long lines


def _in_list(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - _LIST_WINDOW):start].rstrip()
    after = text[end:end + _LIST_WINDOW].lstrip()
    before_ok = not before or before[-1] in _LIST_BEFORE or (before in {"-", "*"} and start <= _LIST_WINDOW)
    after_ok = not after or after[0] in _LIST_AFTER
    return before_ok and after_ok


def _matches(tax: Taxonomy, line: Line):
    """Yield skill ids found in one line, longest alias first, never overlapping."""
    tokens = [(m.start(), m.end(), _normalise_token(m.group(0))) for m in _TOKEN.finditer(line.text)]
    lowered = [t[2].lower() for t in tokens]
    free, context, free_starts, context_starts = tax.free, tax.context, tax.free_starts, tax.context_starts
    i, count = 0, len(tokens)
    while i < count:
        word = lowered[i]
        free_n = free_starts.get(word, 0)
        context_n = context_starts.get(tokens[i][2], 0)
        matched = 0
        for n in range(min(max(free_n, context_n), count - i), 0, -1):
            skill_id = free.get(tuple(lowered[i:i + n])) if n <= free_n else None
            if skill_id is None and n <= context_n:
                skill_id = context.get(tuple(t[2] for t in tokens[i:i + n]))
                if skill_id and not (line.context == SKILLS or _in_list(line.text, tokens[i][0],
                                                                          tokens[i + n - 1][1])):
                    skill_id = None
            if skill_id:
                yield skill_id
                matched = n
                break
        if not matched and "." in word and not word.startswith("."):
            # "Python.Django" or a sentence end glued to a word: try the parts.
            for part in word.split("."):
                if (part,) in free:
                    yield free[(part,)]
        i += matched or 1


def _confidence(found: FoundSkill, today: date) -> float:
    base = max((_SECTION_WEIGHT.get(s, _OTHER_WEIGHT) for s in found.sections), default=_OTHER_WEIGHT)
    if SKILLS in found.sections and found.sections & {EXPERIENCE, PROJECTS}:
        base += 0.1
    base += min(0.15, 0.05 * (found.mentions - 1))
    if found.last_year is not None:
        if found.last_year >= today.year - 1:
            base += 0.15
        elif found.last_year >= today.year - 4:
            base += 0.07
        elif found.last_year < today.year - 8:
            base -= 0.1  # only seen in a job that ended long ago
    return round(min(0.99, max(0.05, base)), 2)


def _title_lines(positions: list[Position]) -> dict[int, str]:
    """Lines that carry a job title: a title names a role, it is no evidence of a skill ("DevOps Engineer")."""
    titles: dict[int, str] = {}
    for position in positions:
        if position.title:
            for index in range(position.first_line - position.lines_above, position.first_line + 2):
                titles[index] = position.title
    return titles


def _without_title(line: Line, title: str) -> Line:
    start = line.text.lower().find(title.lower())
    if start < 0:
        return line
    text = line.text[:start] + " | " + line.text[start + len(title):]
    return Line(index=line.index, text=text, section=line.section, context=line.context, heading=line.heading)


def extract_skills(lines: list[Line], positions: list[Position], *, today: date | None = None) -> list[FoundSkill]:
    """Skills in the text with where they were found, how often, how recently, and a confidence in 0..1."""
    today = today or date.today()
    tax = taxonomy()
    job_year_by_line: dict[int, int] = {}
    for position in positions:
        for index in range(position.first_line, position.last_line + 1):
            job_year_by_line[index] = position.range.end[0]
    titles = _title_lines(positions)
    found: dict[str, FoundSkill] = {}
    for position_in_list, line in enumerate(lines):
        if position_in_list in titles:
            line = _without_title(line, titles[position_in_list])
        for skill_id in _matches(tax, line):
            entry = found.setdefault(skill_id, FoundSkill(skill=tax.skills[skill_id]))
            entry.sections.add(line.context)
            entry.mentions += 1
            year = job_year_by_line.get(position_in_list)
            if year is not None and (entry.last_year is None or year > entry.last_year):
                entry.last_year = year
    for entry in found.values():
        entry.confidence = _confidence(entry, today)
    return sorted(found.values(), key=lambda f: (-f.confidence, f.skill.name))
