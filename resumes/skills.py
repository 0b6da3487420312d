"""The skill taxonomy (resumes/data/skills.json) and the extractor that finds its skills in resume text.

Matching works on tokens, so "scikit-learn", "scikit learn" and "Scikit-Learn" are one alias, "C++", "C#", ".NET" and
"Node.js" keep their punctuation, and the longest alias wins ("Spring Boot" before "Spring"). Names that are ordinary
words too ("Go", "R", "Less") count only with their exact case in a skills section or a comma/bullet list.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import attrgetter
from pathlib import Path

from resumes.positions import TITLE_WORDS, Position
from resumes.sections import (
    CERTIFICATIONS,
    EDUCATION,
    EXPERIENCE,
    HEADER,
    PERSONAL,
    PROJECTS,
    SKILLS,
    SUMMARY,
    Line,
)

TAXONOMY_PATH = Path(__file__).resolve().parent / "data" / "skills.json"
SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "skills.schema.json"
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+#.]*|(?<![A-Za-z0-9])\.[A-Za-z][A-Za-z0-9+#.]*")
_LIST_BEFORE = set(",;|•·(/:[+&")
_LIST_AFTER = set(",;|)/]")
_ALIAS_GAP = frozenset(",;()[]")  # a multi-word alias never runs across these


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
    # first token -> the lengths of the aliases starting with it, longest first (only those are worth a lookup)
    free_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    context_lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # the first two tokens of every free alias of two or more: a pair not here rules out every longer length at once
    # (filled in from `free` when not given)
    free_pairs: frozenset[tuple[str, str]] = frozenset()
    # every name and alias squeezed to lower-case letters, digits, "+" and "#" ("Node JS" -> "nodejs"); a squeezed
    # form two skills share is left out
    compact: dict[str, str] = field(default_factory=dict)
    # one-word free aliases that are also ordinary words ("spring", "swift", "slack"): see `_word_counts`
    words: frozenset[tuple[str, ...]] = frozenset()
    # ids of disciplines (QA, UX, DevOps...): "QA engineer" and "the UX team" name a role or other people
    disciplines: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if not self.free_pairs:  # however it was built: without them no alias of two words or more would ever match
            object.__setattr__(self, "free_pairs", frozenset(key[:2] for key in self.free if len(key) > 1))

    def resolve(self, name: str) -> Skill | None:
        """The taxonomy skill a typed name means ("k8s" -> Kubernetes, "node js" -> Node.js), or None."""
        tokens = tuple(_normalise_token(t) for t in _TOKEN.findall(name))
        skill_id = (self.free.get(tuple(t.lower() for t in tokens)) or self.context.get(tokens)
                    or self.compact.get(_squeeze(name)))
        return self.skills.get(skill_id) if skill_id else None

    def resolve_typed(self, name: str) -> Skill | None:
        """`resolve`, and the shapes people type one skill in: "Kubernetes (k8s)", "Kubernetes / k8s", "Kubernetes -
        K8s", "Kubernetes (container orchestration)". The text splits at brackets, slashes, commas, semicolons, bars
        and a spaced dash or colon; when its parts name exactly one taxonomy skill, that is the skill. Parts naming
        two ("Python / Django") are no one skill: None, as for a name the taxonomy does not know."""
        known = self.resolve(name)
        if known:
            return known
        parts = [part.strip(" .-–—:") for part in _TYPED_PARTS.split(name)]
        named = {found.id for found in map(self.resolve, filter(None, parts)) if found}
        return self.skills[named.pop()] if len(named) == 1 else None

    def search(self, prefix: str, *, limit: int = 10) -> list[Skill]:
        needle = prefix.strip().lower()
        if not needle:
            return []
        hits = [s for s in self.skills.values() if s.name.lower().startswith(needle)]
        hits += [s for s in self.skills.values() if needle in s.name.lower() and s not in hits]
        return hits[:limit]


_TYPED_PARTS = re.compile(r"[()\[\]{}/,;|]|\s[-\u2013\u2014:]\s")
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


def _words(entry: dict, free: dict) -> set[tuple[str, ...]]:
    words = set()
    for word in entry.get("words", []):
        if free.get((word,)) != entry["id"]:
            raise ValueError(f"word {word!r} of {entry['id']!r} is not one of its one-word names or aliases")
        words.add((word,))
    return words


def _longest_from_first_token(index: dict) -> dict[str, int]:
    starts: dict[str, int] = {}
    for key in index:
        starts[key[0]] = max(starts.get(key[0], 0), len(key))
    return starts


def _lengths_from_first_token(index: dict) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for key in index:
        lengths.setdefault(key[0], set()).add(len(key))
    return {first: tuple(sorted(found, reverse=True)) for first, found in lengths.items()}


def build_taxonomy(data: dict) -> Taxonomy:
    validate_taxonomy_data(data)
    skills, free, context, words = {}, {}, {}, set()
    for entry in data["skills"]:
        skill = Skill(id=entry["id"], name=entry["name"], category=entry["category"])
        if skill.id in skills:
            raise ValueError(f"duplicate skill id {skill.id!r}")
        if skill.category not in data["categories"]:
            raise ValueError(f"skill {skill.id!r} has unknown category {skill.category!r}")
        skills[skill.id] = skill
        _add_aliases(entry, skill, free, context)
        words |= _words(entry, free)
    longest = max(len(k) for k in [*free, *context])
    return Taxonomy(skills=skills, categories=data["categories"], free=free, context=context, longest=longest,
                    free_starts=_longest_from_first_token(free), context_starts=_longest_from_first_token(context),
                    free_lengths=_lengths_from_first_token(free),
                    context_lengths=_lengths_from_first_token(context),
                    compact=_compact_index(data), words=frozenset(words),
                    disciplines=frozenset(e["id"] for e in data["skills"] if e.get("discipline")))


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


def _in_list(text: str, start: int, end: int, *, line_start_counts: bool = True) -> bool:
    before = text[max(0, start - _LIST_WINDOW):start].rstrip()
    after = text[end:end + _LIST_WINDOW].lstrip()
    before_ok = ((not before and line_start_counts) or (bool(before) and before[-1] in _LIST_BEFORE)
                 or (before in {"-", "*"} and start <= _LIST_WINDOW))
    after_ok = not after or after[0] in _LIST_AFTER
    return before_ok and after_ok


FREE, WORD, CONTEXT = "free", "word", "context"
_KIND = attrgetter("kind")


@dataclass(slots=True)
class _Hit:
    skill_id: str
    start: int
    end: int
    kind: str             # FREE: an alias that means the skill anywhere; WORD: also an ordinary word; CONTEXT: an
                          # ambiguous name or context alias, exact case
    written: str          # the text as it stands ("" for FREE: never looked at)
    listed: bool = False  # in a skills section or a comma/bullet list
    keep: bool = True
    cue: bool = False     # a practice told in other words (`_CUES`), not a name: no other party's name to check


def _token_starts(text: str, tokens: list[str], starts: list[int], last: int) -> None:
    """Extend `starts` to where tokens[0..last] begin (`_TOKEN` matches, in order). `find` from the previous token's
    end is exact: the gap before a token holds no letter or digit (either would have started a token), and a token
    begins with one, or with a "." right before one."""
    at = starts[-1] + len(tokens[len(starts) - 1]) if starts else 0
    for index in range(len(starts), last + 1):
        at = text.find(tokens[index], at)
        starts.append(at)
        at += len(tokens[index])


def _candidates(tax: Taxonomy, exact: list[str], lowered: list[str], joined: str) -> list[int]:
    """The words worth a look: most words start no alias and hold no ".", and one pass picks the others. A line without
    a word holding a "." and without an ambiguous name as written (both checked for the whole line at once) needs only
    the first test."""
    free_lengths, context_lengths = tax.free_lengths, tax.context_lengths
    if "." not in joined and context_lengths.keys().isdisjoint(exact):
        return [i for i, word in enumerate(lowered) if word in free_lengths]
    return [i for i, word in enumerate(lowered) if word in free_lengths or "." in word or exact[i] in context_lengths]


def _hits(tax: Taxonomy, text: str, *, skills_context: bool,
          line_start_counts: bool) -> tuple[list[_Hit], list[str]]:
    """Skill aliases in one line, longest alias first, never overlapping, each with how it was written; and the
    line's words in lower case."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return [], []
    exact = [t.rstrip(".") for t in tokens]  # _normalise_token, inlined: this runs for every word
    joined = " ".join(exact).lower()
    lowered = joined.split(" ")  # tokens are ASCII and hold no space: one lower() per line
    free_lengths, context_lengths = tax.free_lengths, tax.context_lengths
    candidates = _candidates(tax, exact, lowered, joined)
    if not candidates:
        return [], lowered
    line = _Line(tax, text, tokens, exact, lowered, skills_context, line_start_counts)
    free, free_pairs, starts, last = tax.free, tax.free_pairs, line.starts, len(lowered) - 1
    after = 0  # the first word not inside an alias already found
    for i in candidates:
        if i < after:
            continue
        word = lowered[i]
        if exact[i] in context_lengths or (i < last and (word, lowered[i + 1]) in free_pairs):
            matched = line.alias_at(i)
        else:  # alias_at's commonest case, inlined (the word alone or nothing): most words a line's aliases take
            lengths = free_lengths.get(word)
            matched = 1 if lengths is not None and lengths[-1] == 1 else 0
            if matched:
                if len(starts) <= i:
                    _token_starts(text, tokens, starts, i)
                start = starts[i]
                end = start + len(tokens[i])
                if (word,) in tax.words:
                    line.hits.append(_Hit(free[(word,)], start, end, WORD, text[start:end], skills_context or _in_list(
                        text, start, end, line_start_counts=line_start_counts)))
                else:
                    line.hits.append(_Hit(free[(word,)], start, end, FREE, ""))
        if not matched and "." in word and not word.startswith("."):
            line.dotted_parts(i)  # "Python.Django" or a sentence end glued to a word: try the parts
        after = i + (matched or 1)
    return line.hits, lowered


@dataclass
class _Line:
    """One line being scanned by `_hits`: its tokens (as written, without a trailing ".", lower-cased), where they
    start (found as far as a hit needs them) and the hits so far."""

    tax: Taxonomy
    text: str
    tokens: list[str]
    exact: list[str]
    lowered: list[str]
    skills_context: bool
    line_start_counts: bool
    starts: list[int] = field(default_factory=list)
    hits: list[_Hit] = field(default_factory=list)

    def alias_at(self, i: int) -> int:
        """The longest alias starting at word i, recorded as a hit: its length in words, 0 for none."""
        tax, lowered = self.tax, self.lowered
        # the lengths (in words) worth trying from word i, longest first; and those of ambiguous names (few, usually
        # none)
        word = lowered[i]
        lengths = tax.free_lengths.get(word, ())
        exact_lengths = tax.context_lengths.get(self.exact[i], ())
        room = len(lowered) - i
        if not exact_lengths and (room < 2 or (word, lowered[i + 1]) not in tax.free_pairs):
            # the commonest case: no alias of two words or more starts with this word and the next, one of one word
            # at most (a length of 1 among `lengths` means the word alone is an alias)
            if not lengths or lengths[-1] != 1:
                return 0
            key = (word,)
            self._record(tax.free[key], i, 1, WORD if key in tax.words else FREE)
            return 1
        if exact_lengths:
            lengths = tuple(sorted({*lengths, *exact_lengths}, reverse=True))
        for n in lengths:  # longest first; a length no alias from this word has could never match
            if n > room:
                continue
            key = tuple(lowered[i:i + n]) if n > 1 else (lowered[i],)
            skill_id = tax.free.get(key)
            kind = WORD if skill_id and key in tax.words else FREE
            if skill_id is None and n in exact_lengths:
                skill_id, kind = tax.context.get(tuple(self.exact[i:i + n])), CONTEXT
            if skill_id and (n == 1 or not self._broken(i, n)):
                self._record(skill_id, i, n, kind)
                return n
        return 0

    def _broken(self, i: int, n: int) -> bool:
        """Words i..i+n-1 run across a comma, a semicolon or a bracket ("Azure (App Service, Functions)"): separate
        names, not one alias."""
        _token_starts(self.text, self.tokens, self.starts, i + n - 1)
        starts, tokens, text = self.starts, self.tokens, self.text
        for k in range(i + 1, i + n):
            gap = text[starts[k - 1] + len(tokens[k - 1]):starts[k]]
            if gap and not _ALIAS_GAP.isdisjoint(gap):
                return True
        return False

    def _record(self, skill_id: str, i: int, n: int, kind: str) -> None:
        text, tokens = self.text, self.tokens
        _token_starts(text, tokens, self.starts, i + n - 1)
        start, end = self.starts[i], self.starts[i + n - 1] + len(tokens[i + n - 1])
        listed = kind != FREE and (self.skills_context or _in_list(text, start, end,
                                                                   line_start_counts=self.line_start_counts))
        self.hits.append(_Hit(skill_id, start, end, kind, "" if kind == FREE else text[start:end], listed))

    def dotted_parts(self, i: int) -> None:
        _token_starts(self.text, self.tokens, self.starts, i)
        offset = self.starts[i]
        free, words = self.tax.free, self.tax.words
        for part in self.exact[i].split("."):
            key = (part.lower(),)
            if key in free:
                self.hits.append(_Hit(free[key], offset, offset + len(part), WORD if key in words else FREE, part,
                                      self.skills_context))
            offset += len(part) + 1


# --- what a mention means: addresses, negation, sentences ----------------------------------------------------------
_CHUNK = re.compile(r"\S+")
_TLDS = frozenset("com org net io dev me co uk de fr es it nl pl se no dk fi ch at be pt br in jp cn ru us ca au nz "
                  "app ai tech info biz xyz site page gg ly sh to tv eu edu gov".split())


def _is_address(chunk: str, tax: Taxonomy) -> bool:
    """An email address, a URL or a "host.tld/path" ("github.com/jane"): it names a site, not a skill."""
    lowered = chunk.lower()
    if "@" in chunk or "://" in chunk or lowered.startswith("www."):
        return True
    host, slash, _ = lowered.partition("/")
    host = host.lstrip("(<[")
    return bool(slash) and "." in host and host.rsplit(".", 1)[1] in _TLDS and (host,) not in tax.free


def _without_addresses(text: str, tax: Taxonomy) -> str:
    if "@" not in text and "/" not in text and "www." not in text and "WWW." not in text:
        return text
    out, last = [], 0
    for match in _CHUNK.finditer(text):
        if _is_address(match.group(0), tax):
            out += [text[last:match.start()], " " * (match.end() - match.start())]
            last = match.end()
    return "".join(out) + text[last:]


# "no experience with X", "never used X", "want to learn X", "currently learning X": what follows, up to the end of
# the clause, is not a skill the candidate has. Bounded gaps only (linear on any input).
# _NEGATION_AHEAD only says where a match can start, checked before the alternatives are tried at each character
# (3.6x faster on a line holding "experience"): at the start of a word beginning with one of the letters the
# alternatives begin with, at one of the punctuation marks "learning" may follow, or at the text's start before a space.
_NEGATION_AHEAD = r"(?:(?<!\w)(?=[ace-pr-uwzö])|(?=[;,:])|^(?=[ \t]))"
_NEGATION = re.compile(
    _NEGATION_AHEAD + r"(?:"
    r"\b(?:no|not|never|without|zero|lack(?:ing)?)\b[^.;!?\n]{0,25}?\b(?:experience|exposure|knowledge|familiar"
    r"|familiarity|background|expertise|hands-on)[ \t]{1,3}(?:with|in|of|on|using|to)\b"
    # the same, and wishes to learn, in Spanish, Portuguese, French, Italian and German: "todavía sin experiencia
    # práctica en Azure", "Je découvre Vue.js", "Me gustaría aprender Flutter", "keine Erfahrung mit AWS"
    r"|\b(?:sin|sem|sans|pas[ \t]d['’]|aucune|nessuna|keine)[ \t]{0,3}(?:experiencia|experiência|expérience"
    r"|esperienza|(?:praktische[ \t]{1,3})?erfahrung)\b"
    r"|\b(?:aprender|apprendre|imparare|imparando|cursando)\b|\bj['’]apprends\b|\bje[ \t]{1,3}d[ée]couvre\b"
    r"|\b(?:m[öo]chte|will|lerne)\b[^.;!?\n]{0,40}?\blernen\b|\blerne[ \t]{1,3}gerade\b"
    r"|\ben[ \t]{1,3}cours[ \t]{1,3}d['’]apprentissage\b|(?<!\w)(?:öğreniyorum|ogreniyorum)(?!\w)"
    r"|\bem[ \t]{1,3}aprendizado\b|\bsto[ \t]{1,3}(?:studiando|imparando)\b|\bich[ \t]{1,3}lerne\b"
    r"|\b(?:poking[ \t]{1,3}at|tinkering[ \t]{1,3}with|playing[ \t]{1,3}(?:around[ \t]{1,3})?with)\b"
    r"|\b(?:never|not|haven't|hasn't|have[ \t]{1,3}not)[ \t]{1,3}(?:yet[ \t]{1,3})?"
    r"(?:used|touched|worked[ \t]{1,3}with)\b"
    r"|\b(?:wants?|wanted|eager|keen|hope|hoping|plan|plans|planning|aim|aiming|looking|would[ \t]{1,3}like|excited"
    r"|interested[ \t]{1,3}in)[ \t]{1,3}(?:to[ \t]{1,3})?(?:learn|learning|explore|exploring|try|trying|study"
    r"|studying|pick[ \t]{1,3}up|get[ \t]{1,3}(?:deeper[ \t]{1,3})?into|dive[ \t]{1,3}(?:deeper[ \t]{1,3})?into"
    r"|go[ \t]{1,3}deeper[ \t]{1,3}into)\b"
    r"|\b(?:currently|now|still|just|recently|started|starting|am|i'm)[ \t]{1,3}(?:learning|studying|exploring"
    r"|picking[ \t]{1,3}up|working[ \t]{1,3}through)\b"
    r"|(?:^|[;,:]|\band\b)[ \t]{0,3}learning\b"
    r"|\blearn(?:ing)?[ \t]{1,3}more[ \t]{1,3}(?:about|of|on)\b"
    # "Estudando no momento: Apache Flink", "aprendiendo Rust": learning, in Portuguese and Spanish
    r"|\b(?:estudando|aprendendo|estudiando|aprendiendo)\b"
    r"|\bmoving[ \t]{1,3}towards?\b"  # "SOC analyst moving towards detection engineering": a plan
    r")", re.IGNORECASE)
# Each alternative of _NEGATION needs one of these: a line without any is skipped with substring checks.
_NEGATION_WORDS = frozenset({"experience", "exposure", "knowledge", "familiar", "familiarity", "background",
                             "expertise", "used", "touched", "worked", "learn", "learning", "explore", "exploring",
                             "try", "trying", "study", "studying", "pick", "picking", "get", "dive", "go",
                             "estudando", "aprendendo", "estudiando", "aprendiendo", "towards", "toward",
                             "hands", "through", "exp", "experi", "experiencia", "esperienza", "erfahrung",
                             "aprender", "apprendre", "apprends", "couvre", "imparare", "imparando", "cursando",
                             "lernen", "gerade", "selbststudium", "apprentissage", "apprendimento", "progress",
                             "self", "reniyorum", "ogreniyorum", "aprendizado", "studiando", "lerne", "poking",
                             "tinkering", "playing"})
_CLAUSE_END = re.compile(r"[.;!?](?=\s|$)|\b(?:but|however|although|though|whereas|while)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;!?](?=\s|$)")
_TERMINAL = (".", ";", "!", "?", ":")
_COORDINATION = re.compile(r"\s{0,3}(?:[,/&+|·•]|and|or)\s{0,3}", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom[ \t]{1,3}$", re.IGNORECASE)
_SEASONS = frozenset({"spring"})  # "Spring 2019" is a season; a year after any other skill is its version
_YEAR_SOON_AFTER = re.compile(r"(?:[ \t]{1,3}[A-Za-z]{1,20}){0,2}[ \t]{1,3}'?(?:19|20)\d\d\b")
# After a discipline, "QA engineer", "UX Designer", "SRE who...": a role; "the UX team": other people. Neither is the
# candidate's skill (but "Python developer" says Python, and a "Scrum team" works in Scrum). One capitalised word may
# stand between in a title ("QA Automation Lead", "ML Platform team").
# "DevOps / SRE Engineer", "DevOps / Platform Engineer": another discipline after a slash, then the role; "the DevOps
# Lagos meetup": a community.
_ROLE_AFTER = re.compile(r"(?:[ \t]{0,3}/[ \t]{0,3}(?-i:[A-Z])[\w-]{1,20}|[ \t]{1,3}(?-i:[A-Z])[\w-]{1,20})?"
                         r"[ \t]{1,3}(?:engineers?|developers?|designers?|architects?|analysts?|programmers?"
                         r"|administrators?|admins?|testers?|scientists?|consultants?|specialists?|managers?"
                         r"|interns?|leads?|teams?|squads?|departments?|guilds?|folks|colleagues|counterparts|contractors?"
                         r"|freelancers?|meetups?|communit(?:y|ies)|who)\b",
                         re.IGNORECASE)
# "the helm of", "a swift turnaround", "the tip of the iceberg": an ordinary noun after a determiner...
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|this|that|these|those|my|our|their|his|her|its|your)[ \t]{1,3}$",
                                re.IGNORECASE)
# ...unless a technical noun follows ("the pandas library", "a spark job", "the celery workers").
_TECH_NOUN_AFTER = re.compile(
    r"[ \t]{1,3}(?:apps?|application|apis?|services?|jobs?|library|libraries|framework|clusters?|charts?|workers?"
    r"|pipelines?|dataframes?|codebase|project|modules?|plugins?|servers?|stack|backend|frontend|config|templates?"
    r"|dags?|tasks?|queues?|images?|components?|scripts?|sdk|cli|runtime|version|code|tests?|suites?|integration"
    r"|migration|upgrade|setup|instance|deployments?|builds?|containers?|schemas?|models?|notebooks?)\b",
    re.IGNORECASE)
# "Department of Statistics" (a referee's or a university's): the name of an institution, no evidence of the skill.
_STUDY_BEFORE = re.compile(
    r"\b(?:Department|Dept\.?|Faculty|School|Chair|Institute)[ \t]{1,3}of[ \t]{1,3}$")
# "the mainframe team's COBOL batch": a name before another party's possessive names that party, not the candidate.
_PARTY_AFTER = re.compile(r"[ \t]{1,3}(?:teams?|groups?|squads?|departments?)(?:'s|’s|'|’)", re.IGNORECASE)
# A number right before an ordinary word makes it a count noun ("4-node clusters", "two 3-node replica sets").
_COUNT_BEFORE = re.compile(r"\b\d{1,6}[ \t]?-?[ \t]?$")
# A location line in the header ("Bandung, West Java, Indonesia", "Phoenix, AZ"): places, not skills.
_PLACES = ("Indonesia|India|Pakistan|Bangladesh|Nigeria|Kenya|Ghana|Egypt|Morocco|Tunisia|South Africa|Ethiopia"
           "|United Kingdom|UK|England|Scotland|Ireland|USA|United States|Canada|Mexico|Brazil|Argentina|Chile"
           "|Colombia|Peru|Germany|France|Spain|Italy|Portugal|Netherlands|Belgium|Switzerland|Austria|Poland"
           "|Czechia|Czech Republic|Slovakia|Hungary|Romania|Bulgaria|Greece|Ukraine|Sweden|Norway|Denmark|Finland"
           "|Estonia|Latvia|Lithuania|Turkey|Israel|UAE|Saudi Arabia|Qatar|Jordan|Lebanon|China|Japan|Korea"
           "|South Korea|Taiwan|Singapore|Malaysia|Thailand|Vietnam|Philippines|Australia|New Zealand"
           "|AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IA|KS|KY|LA|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH"
           "|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC|ON|BC|QC|AB")
_LOCATION = re.compile(rf",[ \t]{{0,3}}(?:{_PLACES})[ \t]{{0,3}}(?:$|[,|·•(])")
_NAME_LINE = re.compile(r"[A-Z][A-Za-z'’.-]{0,30}(?:[ \t]{1,3}[A-Z][A-Za-z'’.-]{0,30}){1,3}")


# "Rust (learning)", "Go – currently learning", "Go – derzeit im Selbststudium": the list item before is being learned
# "Kubernetes (learning)", "Rust – currently learning" (not "e-learning": a word's hyphen is no dash)
_LEARNING_AHEAD = r"(?=[ \t(–—-])"  # where it can start, checked first (as for _NEGATION)
_LEARNING_AFTER = re.compile(
    _LEARNING_AHEAD + r"[ \t]{0,3}(?:\(|(?<!\w)[–—-][ \t]{0,3})"
    r"(?:(?:currently|still|now|just|derzeit|aktuell|actualmente|atualmente)[ \t]{1,3})?"
    r"(?:learning|studying|self-studying|in[ \t]{1,3}progress|im[ \t]{1,3}selbststudium|selbststudium"
    r"|aprendiendo|aprendendo|estudando|estudiando|en[ \t]{1,3}apprentissage|in[ \t]{1,3}apprendimento)\b",
    re.IGNORECASE)
_ITEM_START = re.compile(r"[,;:|·•(]")


def _learning_after_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for cue in _LEARNING_AFTER.finditer(text):
        before = [m.end() for m in _ITEM_START.finditer(text, max(0, cue.start() - 80), cue.start())]
        start = before[-1] if before else max(0, cue.start() - 80)
        closing = text.find(")", cue.end(), cue.end() + 80) if text[cue.start():cue.end()].lstrip().startswith("(") \
            else -1
        spans.append((start, closing + 1 if closing >= 0 else cue.end()))
    return spans


def _negated_spans(text: str, words: list[str], carried: bool) -> tuple[list[tuple[int, int]], bool]:
    """Spans of the line that a negation covers (in order, not overlapping), and whether the last one runs on into
    the next line."""
    if _NEGATION_WORDS.isdisjoint(words):
        if not carried:
            return [], False  # most lines: nothing negated, nothing carried over
        cues, after = [], []
    else:
        cues, after = list(_NEGATION.finditer(text)), _learning_after_spans(text)
    if not cues and not carried:
        return _merged(after), False
    if cues and text.count(" | ") >= 2:  # "Containers | Kubernetes / AKS | 0 | None yet – want to learn": the row
        return [(0, len(text))], False
    ends = [m.start() for m in _CLAUSE_END.finditer(text)]
    spans: list[tuple[int, int]] = []
    runs_on = False
    starts = ([0] if carried else []) + [cue.end() for cue in cues]
    for start in starts:
        at = bisect_left(ends, start)
        end = ends[at] if at < len(ends) else len(text)
        runs_on = at == len(ends)
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], end))
        else:
            spans.append((start, end))
    return _merged(spans + after), runs_on


# --- mentions that are someone else's: a client's, another team's ---------------------------------------------------
# "the server team's Java services", "the client's mainframe ran COBOL", "the compliance team, who own the SOC 2 audit",
# "worked with the web team (React, Next.js)", "Spark jobs are run by the data platform team", "customers ran Oracle",
# "they kept PHP": the technology belongs to other people, not to the candidate ("we", "our" and "I" are the candidate).
_PARTY = (r"(?:clients?|customers?|vendors?|partners?|teams?|groups?|departments?|squads?|company|employer|business"
          r"|agency)")
_PEOPLE = rf"(?:{_PARTY}|designers|analysts|engineers|developers|admins|administrators|testers|people|colleagues)"
_GAP = r"[ \t]{1,3}"
_DETERMINERS = r"(?:the|a|an|our|their|one|another|other|some|most|many|all|each)"
# A possessive of another party ("the client's", "teams'") or "their"...
_POSSESSIVE = re.compile(rf"\b{_PARTY}(?:'s|’s|'|’)(?=[ \t])|\btheir\b", re.IGNORECASE)
# ...that opens its clause ("The client's mainframe ran COBOL", "(their codebase was Rust"): the clause is theirs;
_CLAUSE_OPENING = re.compile(rf"[ \t\-*•–—]*(?:{_DETERMINERS}{_GAP})?(?:[\w-]{{1,20}}{_GAP})?", re.IGNORECASE)
# elsewhere only the noun phrase it governs is ("calls to the server team's Java services"), and with an event noun
# ("the platform group's move from the monolith to microservices") the event's objects too.
_PHRASE_END = re.compile(r"[,;:.()!?]|\b(?:with|in|on|for|from|to|into|using|via|by|over|through|across|against|at"
                         r"|as|while|where|which|that|who|was|were|is|are)\b", re.IGNORECASE)
_EVENT_PHRASE_END = re.compile(r"[,;:.()!?]|\b(?:with|using|via|by|while|where|which|that|who)\b", re.IGNORECASE)
_EVENTS = frozenset({"move", "migration", "rewrite", "transition", "switch", "shift", "upgrade", "adoption", "rollout",
                     "port", "decision"})
_THEIRS = re.compile(
    # a relative clause about other people ("the compliance team, who own...", "a team that used Scala"), not "that I"
    rf"\b{_PEOPLE},?{_GAP}(?:who|which|that|whose)\b(?!{_GAP}(?:I|we|I've|we've)\b)"
    # a parenthesis after a team one works with ("with the web team (React, Next.js)")
    rf"|\b(?:with|alongside){_GAP}(?:{_DETERMINERS}{_GAP})?(?:[\w-]{{1,20}}{_GAP}){{0,3}}?{_PARTY}[ \t]{{0,3}}\("
    # the other parties named ("clients such as Snowflake and Databricks", "customers including Oracle")
    rf"|\b(?:clients|customers|partners|vendors|brands|accounts){_GAP}(?:such{_GAP}as|like|including|incl\.?)(?=[ \t])"
    # a clause whose subject is another party ("customers ran", "designers scripted", "the platform group owned",
    # "they kept")
    rf"|(?:^|[.;!?(]|,[ \t]{{0,3}}(?:and|but|while|whereas)?)[ \t\-*•–—]{{0,4}}"
    rf"(?:(?:(?:the|our|their|other|some|most){_GAP})?(?:[\w-]{{1,20}}{_GAP})?(?:clients|customers|vendors|partners"
    rf"|designers|analysts)|the{_GAP}(?:client|customer|vendor|business)|they"
    rf"|(?:(?:the|our|their|other|some|most|many|all){_GAP})?(?:client|customer)['’]?s?{_GAP}"
    rf"(?:estates?|environments?|systems?|sites?|infrastructure|networks?)"
    rf"|(?:the|other|another){_GAP}(?!(?:whole|entire|same|core|new|my|our)\b)[\w-]{{1,20}}{_GAP}"
    rf"(?:teams?|groups?|departments?|squads?)|other{_GAP}teams?)"
    rf"{_GAP}(?:[a-z]{{2,20}}ed|ran|run|runs|use|uses|kept|keep|keeps|had|has|have|chose|built|wrote|own|owns"
    rf"|maintain|maintains|handle|handles|took|take|takes|were|was|are|is)\b",
    re.IGNORECASE)
# "owned by the platform team", "run by the data team", "which other team take care": the clause before is theirs.
_BY_OTHERS = re.compile(
    rf"\b(?:(?:owned|run|maintained|managed|operated|handled|administered|supported|provided|hosted|looked{_GAP}after"
    rf"|taken{_GAP}care{_GAP}of|developed|built|written|created|designed|implemented){_GAP}by"
    rf"|belong(?:s|ed)?{_GAP}to)"
    rf"{_GAP}(?:(?:the|a|an|another|other|their|a{_GAP}separate){_GAP})?"
    rf"(?:[\w-]{{1,20}}{_GAP}){{0,3}}?{_PARTY}\b"
    rf"|\b(?:which|that){_GAP}(?:the{_GAP})?(?:other|another|a{_GAP}different|a{_GAP}separate){_GAP}"
    rf"(?:teams?|groups?|departments?)\b",
    re.IGNORECASE)
# "The backend was built by the client team in .NET": a passive whose agent is another party; the clause is theirs,
# unless it is the candidate's thing ("the SDK I wrote was adopted by three teams", "APIs that were consumed by...").
_PASSIVE_BY_OTHERS = re.compile(
    rf"\b(?:was|were|is|are|been|got){_GAP}(?:[a-z]{{2,20}}(?:ed|en)|built|made|done|run|kept|set{_GAP}up){_GAP}by{_GAP}"
    rf"(?:(?:the|a|an|another|other|their|a{_GAP}separate){_GAP})?(?:[\w-]{{1,20}}{_GAP}){{0,3}}?{_PARTY}\b",
    re.IGNORECASE)
# "Part of the team that migrated ...", "member of the squad that built ...": the candidate is one of those people
_ONE_OF_THEM = re.compile(r"\b(?:part|members?)[ \t]{1,3}of[ \t]{1,3}(?:(?:the|a|an|our|my)[ \t]{1,3})?"
                          r"(?:[\w-]{1,20}[ \t]{1,3}){0,3}$", re.IGNORECASE)
_OWN_CLAUSE = re.compile(r"\b(?:I|we|my|our|that|which|who)\b", re.IGNORECASE)
# Another team's or a client's, in Spanish, Portuguese, French, Italian and German: "la base MongoDB del equipo de
# canales", "o core bancário do cliente rodava em COBOL", "l'API de l'équipe plateforme (Java/Spring)", "con el equipo
# iOS (Swift/SwiftUI)", "die Tableau-Dashboards der BI-Abteilung": the noun comes first, so the whole clause is theirs.
_THEIRS_ELSEWHERE = re.compile(
    r"\b(?:del|de[ \t]la|de[ \t]los|de[ \t]las|con[ \t]el|con[ \t]la)[ \t]{1,3}"
    r"(?:equipo|cliente|clientes|departamento)\b"
    r"|\b(?:do|da|dos|das|com[ \t]o|com[ \t]a)[ \t]{1,3}(?:cliente|clientes|equipe|time)\b"
    r"|(?<!\w)(?:de[ \t]l['’]|du|des|de[ \t]la|avec[ \t]l['’]|avec[ \t]le|avec[ \t]les)[ \t]{0,3}"
    r"(?:équipe|equipe|client|clients)\b"
    r"|\b(?:della|dello|dell['’]|del|con[ \t]il|con[ \t]la|con[ \t]l['’])[ \t]{0,3}(?:team|cliente|clienti|squadra)\b"
    r"|\b(?:der|des|vom|von[ \t]der|mit[ \t]dem|mit[ \t]der|eines|einer)[ \t]{1,3}(?:[\w]{1,20}-)?"
    r"(?:teams?|kunden|kunde|abteilung|fachabteilung)\b"
    r"|(?<!\w)(?:ekibinin|ekibin|müşterinin|musterinin)(?!\w)",
    re.IGNORECASE)
# The words (lower-cased ASCII tokens, so "équipe" is "quipe") without one of which _THEIRS_ELSEWHERE cannot match
_ELSEWHERE_WORDS = frozenset({"equipo", "equipe", "quipe", "cliente", "clientes", "client", "clients", "time", "team",
                              "teams", "kunden", "kunde", "abteilung", "fachabteilung", "squadra", "clienti",
                              "ekibinin", "ekibin", "terinin"})
_OTHERS_WORDS = frozenset({"client", "clients", "customer", "customers", "vendor", "vendors", "partner", "partners",
                           "team", "teams", "group", "groups", "department", "departments", "squad", "squads",
                           "company", "employer", "business", "agency", "their", "they", "designers", "analysts"})
# The end of a clause; a comma before "to", "I", "we"... ends a clause set off by commas ("the data team, who built
# models in PyTorch, to ship..."); a sentence glued to the next one ("done.Next") ends too, ".NET" and "ASP.NET" do not.
_CLAUSE_STOP = re.compile(r"[.;!?)](?=\s|$)|(?<=[a-z0-9)])[.;!?](?=[A-Z][a-z])"
                          r"|,(?=[ \t]{0,3}(?:to|I|we|my|our|while|whereas|then|and[ \t]{1,3}(?:I|we|then))\b)")
_COMMA_OR_CLAUSE = re.compile(r"[,.;!?(]")


_CLAUSE_REACH = 200  # a clause is looked for this far from its cue only: linear on any line


def _clause_end(text: str, start: int) -> int:
    limit = min(len(text), start + _CLAUSE_REACH)
    found = _CLAUSE_STOP.search(text, start, limit)
    return found.start() if found else limit


def _clause_start(text: str, end: int) -> int:
    """Where the clause ending at `end` begins: after the last comma or stop before it."""
    begin = max(0, end - _CLAUSE_REACH)
    starts = [m.end() for m in _COMMA_OR_CLAUSE.finditer(text, begin, end)]
    return starts[-1] if starts else begin


def _elsewhere_spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Clauses about another team's or a client's technology in the languages of _THEIRS_ELSEWHERE. A clause set off
    by commas after the party ("con el equipo de backend, que trabajaba en Java, definiendo juntos los contratos en
    OpenAPI") is theirs up to its second comma; what follows is the candidate's again."""
    if _ELSEWHERE_WORDS.isdisjoint(words):
        return []
    spans = []
    for cue in _THEIRS_ELSEWHERE.finditer(text):
        end = _clause_end(text, cue.end())
        first = text.find(",", cue.end(), end)
        second = text.find(",", first + 1, end) if first >= 0 else -1
        spans.append((_clause_start(text, cue.start()), second if second >= 0 else end))
    return spans


def _possessive_spans(text: str) -> list[tuple[int, int]]:
    """What another party's possessive governs: its clause when it opens one ("The client's mainframe ran COBOL"),
    the parenthesis right after it ("are the platform team's (Kubernetes, Istio)"), else its noun phrase ("calls to
    the server team's Java services"), with an event noun the event's objects too."""
    spans = []
    for cue in _POSSESSIVE.finditer(text):
        opening = _CLAUSE_OPENING.fullmatch(text, _clause_start(text, cue.start()), cue.start())
        if opening is not None:
            spans.append((cue.end(), _clause_end(text, cue.end())))
            continue
        if text[cue.end():cue.end() + 4].lstrip().startswith("("):
            closing = text.find(")", cue.end(), cue.end() + 120)
            spans.append((cue.end(), closing if closing > 0 else _clause_end(text, cue.end())))
            continue
        head = text[cue.end():cue.end() + 21].split(None, 1)
        finder = _EVENT_PHRASE_END if head and head[0].lower() in _EVENTS else _PHRASE_END
        stop = finder.search(text, cue.end(), cue.end() + 80)
        spans.append((cue.end(), stop.start() if stop else min(len(text), cue.end() + 80)))
    return spans


def _others_spans(text: str, words: list[str], before: str = "") -> list[tuple[int, int]]:
    """Spans of the line about other people's technology (in order, not overlapping). `before` is the end of the
    previous line when this one carries on its sentence (a wrapped line: "the server team's" / "Java services")."""
    if before:
        before = before[-120:]
        if not _OTHERS_WORDS.isdisjoint(t.lower() for t in _TOKEN.findall(before)):
            offset = len(before) + 1
            return [(max(0, start - offset), end - offset)
                    for start, end in _others_spans(before + " " + text, ["their"]) if end > offset]
    spans = _elsewhere_spans(text, words)
    if _OTHERS_WORDS.isdisjoint(words):
        return _merged(spans)
    spans.extend(_possessive_spans(text))
    for cue in _THEIRS.finditer(text):
        if not _ONE_OF_THEM.search(text, max(0, cue.start() - 60), cue.start()):
            spans.append((cue.end(), _clause_end(text, cue.end())))
    for cue in _BY_OTHERS.finditer(text):
        before = text[:cue.start()].rstrip()
        start = _clause_start(text, len(before) - 1 if before.endswith(",") else cue.start())
        spans.append((start, _clause_end(text, cue.end())))
    for cue in _PASSIVE_BY_OTHERS.finditer(text):
        start = _clause_start(text, cue.start())
        if not _OWN_CLAUSE.search(text, start, cue.start()):
            spans.append((start, _clause_end(text, cue.end())))
    return _merged(spans)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _outside(hits: list[_Hit], spans: list[tuple[int, int]]) -> list[_Hit]:
    """The hits that no span covers (both in order: one sweep)."""
    kept, at = [], 0
    for hit in hits:
        while at < len(spans) and spans[at][1] <= hit.start:
            at += 1
        if not (at < len(spans) and spans[at][0] <= hit.start):
            kept.append(hit)
    return kept


@dataclass
class _Prepared:
    text: str = ""
    hits: list[_Hit] = field(default_factory=list)
    plain: bool = True       # every hit is a plain alias: nothing to weigh against its neighbours
    open_end: bool = False   # the line stops mid-sentence (a wrapped line)
    continues: bool = False  # the line carries on the previous line's sentence
    spans: list[tuple[int, int]] = field(default_factory=list)  # negated or someone else's
    _starts: list[int] | None = None
    _anchored: set[int] | None = None

    def sentence(self, position: int) -> int:
        if self._starts is None:  # only lines with an ordinary word (or next to one) need their sentences
            self._starts = [0] + [m.end() for m in _SENTENCE_END.finditer(self.text)]
        return bisect_right(self._starts, position) - 1

    @property
    def last_sentence(self) -> int:
        return self.sentence(len(self.text))

    @property
    def anchored(self) -> set[int]:
        """Sentences that name a technology beyond doubt."""
        if self._anchored is None:
            tax = taxonomy()
            self._anchored = {self.sentence(hit.start) for hit in self.hits if _anchors(tax, hit)}
        return self._anchored


_NOTHING = _Prepared()  # a blank or left-out line: no hits, no sentence running on


def _is_name_line(text: str) -> bool:
    """A name as it heads a resume ("Ruby Chen", "Julia Novak"): two to four capitalised words, no role in it."""
    stripped = text.strip()
    return (len(stripped) <= 130 and stripped[:1].isupper() and _NAME_LINE.fullmatch(stripped) is not None
            and not TITLE_WORDS.search(stripped))


def _next_text(lines: list[Line], index: int) -> str:
    return next((line.text for line in lines[index + 1:index + 3] if line.text.strip()), "")


def _is_headline(text: str) -> bool:
    """A role under the name ("Mobile Engineer", "Senior Android Developer"): a title, no evidence of a skill (unlike
    a tagline that lists skills: "Python Engineer · Django · AWS")."""
    return len(text.split()) <= 5 and TITLE_WORDS.search(text) is not None and not any(c in text for c in ",·|•/:;")


# The consent or declaration a resume ends with in Italy, Poland, India and elsewhere
_CONSENT = re.compile(r"autorizzo[ \t]{1,3}il[ \t]{1,3}trattamento|trattamento[ \t]{1,3}dei[ \t]{1,3}dati"
                      r"|wyra[żz]am[ \t]{1,3}zgod|danych[ \t]{1,3}osobowych"
                      r"|i[ \t]{1,3}hereby[ \t]{1,3}(?:declare|consent|give)"
                      r"|consent[ \t]{1,3}to[ \t]{1,3}the[ \t]{1,3}processing|datenschutz", re.IGNORECASE)


# cheap first, case by case as the words are written ("I hereby", "I Hereby", "I HEREBY")
_CONSENT_CUES = ("trattamento", "Trattamento", "zgod", "osobowych", "hereby", "Hereby", "HEREBY", "processing",
                 "atenschutz")
_CONSENT_CUE = re.compile("|".join(_CONSENT_CUES))  # one pass over the line instead of nine


def _personal_lines(lines: list[Line]) -> set[int]:
    """Lines that are no evidence of a skill: personal sections (unless labelled "Skills:"), the candidate's name
    (the first line, or a name line right above a headline with a role or beside an email address), the headline
    under it and a location line in the header."""
    skipped = set()
    first = next((i for i, line in enumerate(lines) if line.text.strip()), None)
    for index, line in enumerate(lines):
        if (line.section == PERSONAL and line.context != SKILLS) or line.context == PERSONAL:
            skipped.add(index)
        elif _CONSENT_CUE.search(line.text) and _CONSENT.search(line.text):
            skipped.add(index)  # "Autorizzo il trattamento dei dati personali ... (GDPR)": boilerplate, no skill
        elif line.section == HEADER and _LOCATION.search(line.text):
            skipped.add(index)
        elif _is_name_line(line.text):
            following = _next_text(lines, index)
            headline = _is_headline(following)
            if (index == first and line.section == HEADER) or "@" in following or headline:
                skipped.add(index)
            if headline:
                skipped.add(next(j for j in range(index + 1, index + 3) if lines[j].text.strip()))
    return skipped


def _continues(line: Line, previous: _Prepared | None) -> bool:
    stripped = line.text.strip()
    return bool(previous and previous.open_end and stripped and not line.heading
                and stripped[0] not in "-*•▪◦‣")


# "Operating Systems: Windows, Linux", "DevOps: Docker, GitHub Actions": the label of a list names its field, and the
# candidate's skills are what follows it
_FIELD_NAMES = frozenset({"operating-systems", "devops", "networking", "monitoring"})
_FIELD_LABEL = re.compile(r"[ \t]{0,4}[A-Za-z][\w /&+-]{1,40}?[ \t]{0,3}:(?=[ \t]{0,3}\S)")


def _field_label_end(text: str) -> int:
    label = _FIELD_LABEL.match(text) if ":" in text[:48] else None
    if label:
        return label.end()
    cell = text.find(" | ", 0, 40)  # a skills matrix row: "DevOps | Azure DevOps, Docker | 3 | Intermediate"
    return cell if cell > 0 and text.count(" | ") >= 2 else -1


def _prepare(tax: Taxonomy, line: Line, text: str, previous: _Prepared | None, negation_carried: bool,
             skip: bool) -> tuple[_Prepared, bool]:
    """Hits of one line with negated ones dropped, its sentences and which of them hold an unambiguous skill."""
    stripped = text.rstrip()
    if skip or not stripped:
        return _NOTHING, False  # one shared object: a 200,000-line upload of blank lines builds no 200,000 objects
    prepared = _Prepared(text=text)
    prepared.open_end = not stripped.endswith(_TERMINAL) and not line.heading
    prepared.continues = _continues(line, previous)
    text = _without_addresses(text, tax)
    hits, words = _hits(tax, text, skills_context=line.context == SKILLS, line_start_counts=line.section != HEADER)
    if not _CUE_WORDS.isdisjoint(words):  # "models served behind a FastAPI service": model serving, in other words
        hits.extend(_cue_hits(text, words))
    if not text.isascii() and _CJK_TEXT.search(text):  # isascii() is one quick pass; most lines are ASCII
        hits.extend(_cjk_hits(text))
    spans, runs_on = _negated_spans(text, words, negation_carried and prepared.continues)
    if prepared.continues and previous is not None:
        hits = _join_wrapped(tax, previous, text, hits, spans)
    if not hits:
        return prepared, runs_on and prepared.open_end
    prepared.text = text
    others = _others_spans(text, words, previous.text if prepared.continues and previous is not None else "")
    if others:
        spans = _merged(spans + others)
    prepared.spans = spans
    disciplines = tax.disciplines
    capitals = text.isupper() and any(h.kind == WORD and h.written.isupper() for h in hits)  # once per line
    label_end = _field_label_end(text)
    party_or_study = _may_name_something_else(text)
    prepared.hits = [h for h in (_outside(hits, spans) if spans else hits)
                     if not (h.end <= label_end and h.skill_id in _FIELD_NAMES)
                     and (h.cue or not ((party_or_study or text[h.end - 1] == "s")
                                        and _names_something_else(tax, h, text)))
                     and ((h.kind == FREE and h.skill_id not in disciplines) or _means_skill(tax, h, text, capitals))]
    prepared.plain = all(map(FREE.__eq__, map(_KIND, prepared.hits)))  # every h.kind == FREE, without a generator
    return prepared, runs_on and prepared.open_end


# A practice told in other words. Each cue was counted on the blind tuning resumes before it was added; of those that
# say so, the labellers gave the practice to: 11 of 12 (a model served), 10 of 10 (latency or load time cut) and 16
# of 19 (latency taken from x ms to y), 9 of 9 (queries optimised or rewritten), 17 of 17 (data, rows or records
# cleaned), 13 of 13 (payments or a checkout integrated), 11 of 12 (a payment provider's payments, checkout or
# integration), 13 of 13 (unit tests written with other kinds: "unit and integration tests", "tests unitarios"), 27
# of 27 (manual testing with other kinds: "manual and automation testing", "test manuali") and 15 of 15 (workloads
# moved from on-premises or a data centre to a cloud).
_SERVED = re.compile(r"\b(?:models?|llms?)\b[^.;\n]{0,30}?\bserv(?:e|ed|ing)\b"
                     r"|\bserv(?:e|ed|ing)\b[^.;\n]{0,15}?\b(?:models?|llms?)\b", re.IGNORECASE)
_APP_TIMES = (r"\b(?:cold[ \t-]?start(?:[ \t]times?)?|launch[ \t]times?|render[ \t]times?|boot[ \t]times?"
              r"|page[ \t-]load(?:[ \t]times?)?|inference[ \t](?:latency|times?)|time[ \t]to[ \t]interactive)\b")
_FASTER = re.compile(r"\b(?:cut|reduc\w{0,6}|improv\w{0,6}|lower\w{0,3}|halv\w{0,3}|brought)\b[^.;\n]{0,30}?"
                     r"\b(?:latency|latencies|p9\d|load[ \t]times?|startup[ \t]times?|frame[ \t]times?"
                     r"|response[ \t]times?)\b"
                     # "cut cold-start time 38%", "render time down by 60%" (13 of 13; a build's or a batch's run time
                     # cut, 19 of 32, is not counted)
                     r"|\b(?:cut|reduc\w{0,6}|improv\w{0,6}|lower\w{0,3}|halv\w{0,3})\b[^.;\n]{0,30}?" + _APP_TIMES +
                     r"|" + _APP_TIMES +
                     r"[^.;\n]{0,30}?\b(?:cut|reduc\w{0,6}|improv\w{0,6}|down|dropp\w{0,3}|halv\w{0,3})\b"
                     # "took the Lighthouse performance score from 58 to 94" (8 of 8)
                     r"|\blighthouse\b[^.;\n]{0,20}?\bperformance\b"
                     r"|\bperformance[ \t]score\b[^.;\n]{0,40}?\blighthouse\b"
                     # "took p99 latency from 900 ms to 180 ms" (16 of 19)
                     r"|\b(?:latency|latencies|p9\d)\b[^.;\n]{0,25}?\bfrom[ \t]{1,3}[\d.,]{1,8}[ \t]{0,2}"
                     r"(?:ms|s|sec|seconds)\b[^.;\n]{0,12}?\bto\b", re.IGNORECASE)
_QUERIES_TUNED = re.compile(r"\b(?:optimi[sz]\w{0,5}|tun(?:ed|ing)|rewr(?:ote|itten|iting)|reworked)\b"
                            r"[^.;\n]{0,30}?\b(?:quer(?:y|ies)|sql|index(?:es)?)\b"
                            # "fixed N+1 queries", "slow SQL queries", "SQL tuning", "query rewrites", "EXPLAIN
                            # ANALYZE", "optimización de consultas", "added partial indexes" (16 of 17 tuning resumes)
                            r"|\b(?:slow|n\+1)[ \t]{1,3}(?:sql[ \t]{1,3})?(?:quer(?:y|ies)|selects?)\b"
                            r"|\b(?:sql|query)[ \t]tuning\b|\bquery[ \t]rewrites?\b|\bexplain[ \t]analyze\b"
                            r"|\b(?:added|adding|partial|composite|covering|missing|better)[ \t](?:\w{1,15}[ \t])?"
                            r"indexes\b"
                            r"|\bo(?:p)?timi[sz]a(?:ción|ção|tion|zione)[ \t]de[s]?[ \t](?:consultas|queries|requêtes)"
                            r"|\boptimalizace[ \t]dotazů|\boptymalizacja[ \t]zapytań", re.IGNORECASE)
# "an end-to-end suite in Playwright", "E2E con Cypress": end-to-end testing with its tools (22 of 22 tuning resumes);
# "a cache in Redis", "Redis caching", "the cache layer": caching (10 of 10); one microservice, or several in another
# language ("mikroserwisów", "microsserviços" inflected): microservices (7 of 8)
_E2E_TOOLS = r"(?:cypress|playwright|selenium|detox|webdriverio|testcafe|maestro|nightwatch|puppeteer)"
_E2E_WITH_TOOL = re.compile(rf"\b(?:end-to-end|e2e)\b[^.;\n]{{0,30}}?\b{_E2E_TOOLS}\b"
                            rf"|\b{_E2E_TOOLS}\b[^.;\n]{{0,40}}?\b(?:end-to-end|e2e)\b", re.IGNORECASE)
# "Exchange 2013", "Active Directory and Exchange", "on-prem Exchange to Microsoft 365": Microsoft's mail server, not
# an exchange of something ("language-exchange app", "Student Exchange", "Zenith Exchange Systems")
_MAIL_WORDS = (r"(?:mailbox(?:es)?|active[ \t]directory|(?:microsoft|office)[ \t]365|[om]365|windows[ \t]server|outlook"
               r"|on-?prem\w{0,5})")
_EXCHANGE = re.compile(rf"(?<!stock )(?<!foreign )(?<!currency )(?<!crypto )(?<!options )(?<!futures )"
                       rf"(?<!mercantile )(?-i:\bExchange)(?:[ \t]{{1,2}}20(?:03|07|10|13|16|19)\b"
                       rf"|(?=[^.;\n]{{0,80}}\b{_MAIL_WORDS}\b))"
                       rf"|\b{_MAIL_WORDS}\b[^.;\n]{{0,60}}?(?<!stock )(?<!foreign )(?-i:\bExchange\b)", re.IGNORECASE)
_CACHED = re.compile(r"\b(?:redis|memcached|varnish|in-memory)[ \t]{1,3}cach(?:e|es|ing)\b"
                     r"|\bcach(?:e|es|ing)[ \t]{1,3}(?:w|with|in|en|com|con|via|using|on|avec|mit)[ \t]{1,3}"
                     r"(?:redis|memcached)\b"
                     r"|\bcache[ \t]layers?\b|キャッシュ", re.IGNORECASE)
_MICROSERVICE = re.compile(r"\b(?:microservice|micro-service|microserviços?|microservicios?|mikroserwis\w{0,4}"
                           r"|microservizio|mikroservice?)\b", re.IGNORECASE)
# "designed and versioned the public REST API", "defined the API contracts", "Diseño de APIs": API design (15 of 22)
_APIS_DESIGNED = re.compile(r"\b(?:design(?:ed|ing|s)?|defin(?:ed|ing)|versioned)\b[^.;\n]{0,40}?"
                            r"\b(?:apis?|endpoints|api[ \t]contracts?)\b|\bdiseño[ \t]de[ \t](?:las[ \t])?apis?\b"
                            r"|\bprojektowanie\b[^.;\n]{0,20}?\bapi\b", re.IGNORECASE)
# "Treiber für SPI, I2C und UART", "I2C sensor drivers", "wrote Linux kernel drivers": device drivers written (22 of
# 25 tuning resumes)
_PERIPHERAL_NAMES = (r"spi|i2c|i²c|uart|dma|adc|gpio|usb|pcie|sensors?|sensori|capteurs|peripher\w{0,6}"
                     r"|periferi\w{0,6}|camera|v4l2|flash|imu|accelerometer|display|lcd")
_DRIVERS_WRITTEN = re.compile(rf"\b(?:drivers?|treiber\w{{0,2}}|pilotes?)\b(?![ \t]of\b)[^.;\n]{{0,30}}?"
                              rf"\b(?:{_PERIPHERAL_NAMES})\b"
                              rf"|\b(?:{_PERIPHERAL_NAMES}|kernel|bare-metal)[ \t-]{{1,3}}"
                              rf"(?:and[ \t][\w²]{{1,10}}[ \t])?(?:drivers?|treiber)\b"
                              rf"|\b(?:wrote|writing|developed|implemented)\b[^.;\n]{{0,15}}?\bdrivers\b"
                              rf"|\b[\w²]{{1,10}}-treibern?\b", re.IGNORECASE)
# "deployed the models as FastAPI endpoints", "servis via FastAPI": models served (10 of 10 tuning resumes; deployed
# as batch jobs is not serving)
_MODELS_DEPLOYED = re.compile(r"\bdeploy\w{0,3}\b[^.;\n]{0,25}?\bmodels?\b[^.;\n]{0,10}?\bas\b[^.;\n]{0,30}?"
                              r"\b(?:endpoints?|services?|apis?|containers?|microservices?|functions?)\b"
                              r"|\b(?:servis|servies|serveras|servidos?|servito)[ \t]{1,3}"
                              r"(?:via|com|con|avec|mit|par)\b"
                              r"|\bsagemaker[ \t]endpoints?\b", re.IGNORECASE)
# "Spark Structured Streaming jobs", "batch and streaming pipelines", "near-real-time": stream processing (25 of 29
# tuning resumes); "1,200 regression cases run nightly", "test di regressione": regression testing (20 of 21);
# "Unit- und Integrationstests", "functional, integration and regression testing": integration testing (7 of 7)
_STREAMED = re.compile(r"\b(?:structured[ \t]streaming|spark[ \t]streaming|kafka[ \t]streams"
                       r"|streaming[ \t](?:ingestion|pipelines?|jobs?|etl|analytics)"
                       r"|batch[ \t](?:and|&|/)[ \t]streaming|real-?time[ \t](?:ingestion|pipelines?|streaming)"
                       r"|tiempo[ \t]real|near[ \t-]real[ \t-]?time)\b", re.IGNORECASE)
_REGRESSION_TESTS = re.compile(r"\bregression[ \t](?:cases|test[ \t]cases|runs?|cycles?|suites?|packs?|passes)\b"
                               r"|\btest[ \t]di[ \t]regressione\b"
                               r"|\btest\w{0,3}\b[^.;\n]{0,20}?\bde[ \t]regress(?:ão|ion)\b"
                               r"|\b(?:manual|automated|nightly)[ \t]regression\b", re.IGNORECASE)
_INTEGRATION_TESTS = re.compile(r"\bintegrationstests?\b"
                                r"|\bintegration\b[ \t,]{1,3}(?:regression|smoke|sanity|uat)\b[^.;\n]{0,40}?\btesting\b"
                                r"|\b(?:functional|unit|regression|smoke)[ \t]?(?:,|and|&)[ \t]?integration\b",
                                re.IGNORECASE)
# "recommendation models", "search & recommendations": recommender systems (9 of 9 tuning resumes); "modelado
# dimensional", "star schema", "Datenmodelle": data modeling (8 of 9)
_RECOMMENDERS = re.compile(r"\brecommend(?:er|ation)s?[ \t](?:systems?|models?|engines?|ranking|service|feed)\b"
                           r"|\b(?:recommender|recommendations?)[ \t](?:&|and)[ \t]search\b"
                           r"|\bsearch[ \t](?:&|and)[ \t]recommendations?\b|\brecommenders?\b"
                           r"|\b(?:feed|home|product)[ \t]recommendations?\b", re.IGNORECASE)
_DATA_MODELLED = re.compile(r"\bmodelado[ \t](?:dimensional|de[ \t]datos)\b"
                            r"|\bmodelagem[ \t](?:dimensional|de[ \t]dados)\b|\bdatenmodell\w{0,3}\b"
                            r"|\bmod[ée]lisation[ \t](?:dimensionnelle|des[ \t]donn[ée]es)\b"
                            r"|\bdimensional[ \t]model\w{0,4}\b|\bstar[ \t]schemas?\b|\bdata[ \t]vault\b",
                            re.IGNORECASE)
# Practices named in another form than the taxonomy's (each labelled on every tuning resume that says so): "A/B-tested",
# "A/B-tester" (6 of 6); "smoke and regression testing", "Playwright smoke suite" (10 of 10); "scraped tender
# listings" (7 of 7); "canary deploys", "progressive delivery" (11 of 11); "API contract checks" (11 of 11)
_AB_TESTED = re.compile(r"\ba/b[- ]?(?:test\w{0,5}|实验|experiments?)", re.IGNORECASE)
_SMOKE_TESTS = re.compile(r"\bsmoke\b[^.;\n]{0,40}?\b(?:testing|tests?|suites?|runs?)\b"
                          r"|\b(?:pruebas|test)\b[^.;\n]{0,20}?\bsmoke\b", re.IGNORECASE)
_SCRAPED = re.compile(r"\bscrap(?:ed|ing|er|ers)\b", re.IGNORECASE)
_CANARY = re.compile(r"\bcanary[ \t-](?:and[ \t][\w-]{1,12}[ \t])?(?:deploy\w{0,5}|releases?|rollouts?|analysis|builds?"
                     r"|traffic|stages?)\b|\bdespliegues[ \t]canary\b|\bprogressive[ \t]delivery\b", re.IGNORECASE)
_CONTRACT_TESTS = re.compile(r"\bcontract[ \t](?:checks|tests?|testing)\b"
                             r"|\bapi[ \t]contract[ \t](?:and[ \t]\w{1,15}[ \t])?tests\b", re.IGNORECASE)
# "responsive storefront pages", "maquetación responsive": responsive design (10 of 10 tuning resumes); "vulnerability
# scans with Nessus", "escaneos de vulnerabilidades": vulnerability management (8 of 9)
_RESPONSIVE = re.compile(r"\bresponsive[ \t](?:\w{1,15}[ \t]){0,2}(?:pages?|layouts?|sites?|designs?|ui|html|web"
                         r"|storefront|redesign|websites?|templates?|emails?)\b"
                         r"|\b(?:maquetación|maquetacion|intégrations?|html/css|html)[ \t]responsive\b"
                         , re.IGNORECASE)
_VULNERABILITIES_SCANNED = re.compile(r"\bvulnerabilit(?:y|ies)[ \t]scan\w{0,4}\b"
                                      r"|\bescaneos?[ \t]de[ \t]vulnerabilidades\b|\bnessus[ \t]scan\w{0,4}",
                                      re.IGNORECASE)
# "feature pipelines in PySpark", "feature tables on BigQuery": features engineered for models (18 of 27)
_FEATURE_PIPELINES = re.compile(r"\bfeature[ \t-]{1,3}(?:pipelines?|tables?)\b|\bpipelines?[ \t]de[ \t]features\b",
                                re.IGNORECASE)
_DATA_CLEANED = re.compile(r"\bclean(?:ed|ing|s|up)?\b[^.;\n]{0,40}?\b(?:\w{0,10}data|rows|records|datasets?"
                           r"|dataframes?|exports?|logs)\b"
                           r"|\bdata\b[^.;\n]{0,20}?\bclean(?:ed|ing|up)?\b", re.IGNORECASE)
_PAYMENTS_INTEGRATED = re.compile(r"\bintegr\w{0,5}\b[^.;\n]{0,50}?\b(?:payments?|checkout|processors?|pagamentos?"
                                  r"|pagos?|paiements?)\b", re.IGNORECASE)
_PROVIDERS = (r"(?:stripe|braintree|paypal|adyen|paystack|flutterwave|razorpay|apple[ \t]pay|google[ \t]pay|klarna"
              r"|mollie|m-?pesa)")
_PROVIDER_USED = re.compile(rf"\b{_PROVIDERS}\b[^.;\n]{{0,30}}?\b(?:payments?|integrations?|checkout|subscriptions?"
                            rf"|debits?)\b|\b(?:integrated|payments?[ \t](?:via|through|with))\b[^.;\n]{{0,25}}?"
                            rf"\b{_PROVIDERS}\b", re.IGNORECASE)
# "Hired 9 engineers", "ran the hiring loop", "interviewed 30+ candidates": hiring done (13 of 18 tuning resumes that
# say so and were not read as hiring before are labelled so)
_HIRES = r"(?:engineers|developers|people|analysts|testers|designers|staff|scientists|candidates|applicants)"
_HIRED = re.compile(rf"\bhired[ \t]+(?:\d+\+?|two|three|four|five|six|seven|eight|nine|ten|a[ \t]team|the[ \t]first)"
                    rf"(?:[ \t][\w-]{{1,20}}){{0,2}}[ \t]+{_HIRES}\b|\bhired[ \t]+(?:a[ \t]team|the[ \t]first)\b"
                    r"|\bhired[ \t]+(?:\d+|two|three|four|five|six|seven|eight|nine|ten)[ \t]+of[ \t]+them\b"
                    r"|\bhiring[ \t]+(?:\d+|and[ \t]+onboarding|pipeline|process|loop|plan|panels?|committee)\b"
                    rf"|\binterview(?:ed|ing)[ \t]+(?:\d+\+?[ \t]+)?(?:candidates|applicants)\b"
                    rf"|\binterviewed[ \t]+\d+\+?[ \t]+{_HIRES}\b"
                    r"|\bran[ \t]+(?:the[ \t]+|technical[ \t]+)?(?:technical[ \t]+)?interviews[ \t]+(?:and|for)[ \t]+"
                    r"(?:onboarding|hiring|new[ \t]hires)\b", re.IGNORECASE)
_UNIT_TESTS = re.compile(r"\bunit\b(?:[ \t]{0,2}(?:and|&|/|und|,)[ \t]{0,2}[\w-]{2,20}){1,2}[ \t]{0,2}"
                         r"(?:tests?|testing)\b|\btests?[ \t]{1,3}unitari|\bunit-(?:[ \t]|und)", re.IGNORECASE)
# "Wrote JUnit 5 and Mockito tests", "Write PHPUnit tests": unit tests written with a unit-test framework (labelled on
# 15 of 18 tuning resumes that say so; integration, UI or snapshot tests with the same frameworks are not counted)
_UNIT_FRAMEWORKS = frozenset("junit nunit xunit phpunit pytest jest mocha rspec xctest vitest jasmine kotest mockito "
                             "mockk moq pest googletest gtest catch2 unittest".split())
_NOT_UNIT = r"(?!integration|regression|end-to-end|e2e|component|snapshot|system|ui\b|acceptance)"
_FRAMEWORK_NAMES = "|".join(sorted(_UNIT_FRAMEWORKS)) + r"|junit[ \t]?5|react[ \t]testing[ \t]library"
_WROTE_TESTS = r"\b(?:wr[io]te|writ(?:e|es|ing|ten)|added|introduced)\b"
_FRAMEWORK_TESTS = re.compile(rf"{_WROTE_TESTS}(?:{_NOT_UNIT}[^.;\n]){{0,40}}?\b(?:{_FRAMEWORK_NAMES})\b"
                              rf"(?:{_NOT_UNIT}[^.;\n]){{0,40}}?\b(?:tests?|test[ \t]cases)\b", re.IGNORECASE)
_MANUAL_TESTS = re.compile(r"\bmanual(?:ly)?\b(?:[ \t]{0,2}(?:and|&|/|,)[ \t]{0,2}[\w-]{2,20}){0,3}[ \t]{0,2}"
                           r"(?:tests?|testing)\b|\bmanual[ \t]{1,3}(?:functional|regression|exploratory|uat|qa"
                           r"|smoke)\b|\btest(?:s|i)?[ \t]{1,3}manual[ie]?s?\b", re.IGNORECASE)
_OFF_PREMISES = re.compile(r"\b(?:on-?prem\w{0,6}|data[ \t-]?cent(?:er|re)s?|self-hosted|colocation)\b[^.;\n]{0,40}?"
                           # "to AWS", "para a AWS", "nach Azure", "vers GCP", "naar de cloud"
                           r"\b(?:to|onto|into|para|nach|vers|naar|verso)\b[^.;\n]{0,30}?"
                           r"\b(?:aws|amazon|azure|gcp|google[ \t]cloud|the[ \t]cloud|cloud|eks|aks|gke)\b"
                           r"|\bmigrat\w{0,5}[ \t]{1,3}to[ \t]{1,3}the[ \t]{1,3}cloud\b"
                           r"|\bdata[ \t-]?cent(?:er|re)[ \t]{1,3}exit\b", re.IGNORECASE)
# "CI on GitHub Actions", "CI pipelines in Azure DevOps": continuous integration run by the candidate (labelled
# CI/CD on 40 of the 49 blind resumes that say so; a CI tool named alone was labelled on about half, so it is not a cue)
_CI_USED = re.compile(r"\bCI\b[^.;\n]{0,20}?\b(?:pipelines?|on|with|in|using|via)\b")
# "GitHub Actions pipelines for the three services", "pipelines in Jenkins": a CI server's pipelines in the candidate's
# own work (labelled CI/CD on 85 of the 118 tuning resumes that say so; the server named without them, 81 of 272)
_CI_SERVER = (r"(?:jenkins|github[ \t]actions|gitlab(?:[ \t-]ci)?|azure[ \t](?:devops|pipelines)|circleci|teamcity"
              r"|argo[ \t]?cd|travis(?:[ \t]ci)?|buildkite|fastlane)")
_CI_PIPELINES = re.compile(rf"\b{_CI_SERVER}\b[^.;\n]{{0,60}}?\bpipelines?\b"
                           rf"|\bpipelines?\b[^.;\n]{{0,40}}?\b{_CI_SERVER}\b", re.IGNORECASE)
# "review code every week", "reviewed PRs", "revisiones de código": code review done (labelled on 20 of the 23 tuning
# resumes that say so without the words "code review")
_CODE_REVIEWED = re.compile(r"\breview(?:s|ed|ing)?\b[^.;\n]{0,25}?\b"
                            r"(?:code|PRs?|pull[ \t]requests?|merge[ \t]requests?)\b"
                            r"|\brevis(?:i[oó]n|iones|ões|ão)[ \t]de[ \t]c[oó]digo\b", re.IGNORECASE)
# "ASP.NET MVC": the model-view-controller pattern as well as ASP.NET (labelled MVC on 16 of 22 tuning resumes)
_ASPNET_MVC = re.compile(r"\basp\.net(?:[ \t]core)?[ \t]mvc\b", re.IGNORECASE)
# "PL/SQL procedures", "procedures in T-SQL": stored procedures written (labelled on 17 of 17 tuning resumes)
_PROCEDURES = re.compile(r"\b(?:pl/?sql|t-?sql|pl/?pgsql)[ \t]{1,3}(?:stored[ \t]{1,3})?procedures?\b"
                         r"|\bprocedur\w{0,4}\b[^.;\n]{0,12}?\b(?:in|en|em|w)[ \t]{1,3}(?:pl/?sql|t-?sql|pl/?pgsql)\b",
                         re.IGNORECASE)
# "profiled and cut frame time", "profiling with Instruments": performance work (labelled on 36 of the 36 blind resumes
# that say so); "automated the regression tests", "automated API testing": test automation (26 of 29)
_PROFILED = re.compile(r"(?<!data[ \t])(?<!customer[ \t])(?<!risk[ \t])(?<!credit[ \t])(?<!user[ \t])(?<!market[ \t])"
                       r"(?<!audience[ \t])(?<!behavioral[ \t])(?<!behavioural[ \t])(?<!racial[ \t])"
                       r"\bprofil(?:ed|ing)\b(?![ \t]{1,3}(?:[\d,]{1,9}[ \t]{1,3})?"
                       r"(?:the[ \t]{1,3}|of[ \t]{1,3})?(?:customers?|clients?|users?|candidates?|people|leads"
                       r"|prospects|respondents|households|segments|suspects|patients|students|source|data|tables?|datasets?"
                       r"|sources?|columns?)\b)", re.IGNORECASE)
_TESTS_AUTOMATED = re.compile(r"\bautomat(?:ed|ing|es?|ion)[ \t]{1,3}(?:the[ \t]{1,3})?(?:[\w-]{1,20}[ \t]{1,3})?"
                              r"(?:tests?|suites?|testing)\b", re.IGNORECASE)
# Each cue with the words it needs one of (a line's words are at hand in lower case): a line runs only the cues whose
# words it holds, and most lines none. An accent splits a word there ("Integración" is "Integraci", "n"); a gate must
# never be narrower than its cue.
_CUES = (
    (_SERVED, "model-serving", "serve served serves serving"),
    (_PROFILED, "performance-optimization", "profiled profiling"),
    (_TESTS_AUTOMATED, "test-automation", "automated automating automate automates automation"),
    (_CI_USED, "ci-cd", "ci"),
    (_CI_PIPELINES, "ci-cd", "pipeline pipelines"),
    (_CODE_REVIEWED, "code-review", "review reviews reviewed reviewing revisi revisiones revis revision"),
    (_ASPNET_MVC, "mvc", "mvc"),
    (_PROCEDURES, "stored-procedures", "procedure procedures procedura procedury procedurach procedurami procedur"),
    (_FRAMEWORK_TESTS, "unit-testing", " ".join(sorted(_UNIT_FRAMEWORKS)) + " junit5 library"),
    (_FEATURE_PIPELINES, "feature-engineering", "pipeline pipelines table tables"),
    (_E2E_WITH_TOOL, "end-to-end-testing", "end e2e"),
    (_CACHED, "caching", "cache caches caching redis"),
    (_EXCHANGE, "microsoft-exchange", "exchange"),
    (_HIRED, "hiring", "hired hiring interviewed interviewing ran"),
    (_MICROSERVICE, "microservices", "microservice micro microservi microservicio microservicios microservizio "
                                     "mikroserwis mikroserwisy mikroserwisu mikroserwisach mikroserwisami "
                                     "mikroserwisem mikroserwisie mikroserwisom mikroservic mikroservice "
                                     "mikroserwisowa "
                                     "mikroserwisowe mikroserwisowy mikroserwisowej"),
    (_APIS_DESIGNED, "api-design", "design designed designing designs defined defining versioned dise "
                                   "projektowanie"),
    (_DRIVERS_WRITTEN, "device-drivers", "driver drivers treiber treibern treibers pilote pilotes"),
    (_MODELS_DEPLOYED, "model-serving", "deploy deployed deploying deploys servis servies serveras servido "
                                        "servidos servito sagemaker"),
    (_STREAMED, "stream-processing", "streaming streams real realtime tiempo"),
    (_REGRESSION_TESTS, "regression-testing", "regression regressione regress"),
    (_INTEGRATION_TESTS, "integration-testing", "integration integrationstest integrationstests"),
    (_RECOMMENDERS, "recommender-systems", "recommendation recommendations recommender recommenders"),
    (_DATA_MODELLED, "data-modeling", "modelado modelagem datenmodell datenmodelle datenmodellen datenmodells "
                                      "datenmodelles modelisation mod "
                                      "dimensional star vault"),
    (_AB_TESTED, "a-b-testing", "b"),
    (_SMOKE_TESTS, "smoke-testing", "smoke"),
    (_SCRAPED, "web-scraping", "scraped scraping scraper scrapers"),
    (_CANARY, "canary-releases", "canary progressive"),
    (_CONTRACT_TESTS, "contract-testing", "contract"),
    (_RESPONSIVE, "responsive-design", "responsive"),
    (_VULNERABILITIES_SCANNED, "vulnerability-management", "vulnerability vulnerabilities escaneos escaneo nessus"),
    (_OFF_PREMISES, "cloud-migration", "prem premise premises onprem onpremise onpremises centre center centres "
                                       "centers datacenter datacentre datacenters datacentres hosted colocation "
                                       "migrated migrating migrate migrates migration migrations"),
    (_UNIT_TESTS, "unit-testing", "unit unitarios unitarias unitari unitario unitaria unitarie unitaires"),
    (_MANUAL_TESTS, "manual-testing", "manual manually manuali manuale manuales manuals manualis manuels"),
    (_FASTER, "performance-optimization", "cut reduce reduced reduces reducing reduction reductions improve "
                                          "improved improves improving improvement improvements lower lowered "
                                          "lowering lowers halve halved halving halves brought latency latencies "
                                          "p90 p91 p92 p93 p94 p95 p96 p97 p98 p99 down dropped dropping drops "
                                          "lighthouse"),
    (_QUERIES_TUNED, "query-optimization", "optimise optimised optimises optimising optimisation optimisations "
                                           "optimize optimized optimizes optimizing optimization optimizations "
                                           "tuned tuning rewrote rewritten rewriting reworked slow n+1 rewrites "
                                           "explain indexes optimizaci optimiza otimiza "
                                           "optimalizace optymalizacja optimizando optimizar optimizer optimizado "
                                           "optimizada optimizamos"),
    (_DATA_CLEANED, "data-cleaning", "clean cleaned cleaning cleans cleanup"),
    (_PAYMENTS_INTEGRATED, "payment-integration", "integrate integrated integrates integrating integration "
                                                  "integrations integrei integrada integrado integraci integra "
                                                  "integr integrou integramos gration payment payments checkout "
                                                  "processor processors pagamento pagamentos pago pagos paiement "
                                                  "paiements"),
    (_PROVIDER_USED, "payment-integration", "stripe braintree paypal adyen paystack flutterwave razorpay pay "
                                            "klarna mollie mpesa pesa"),
)
_CUE_GATES = tuple((cue, skill_id, frozenset(words.split())) for cue, skill_id, words in _CUES)
_CUE_WORDS = frozenset().union(*(gate for _, _, gate in _CUE_GATES))
_CUES_OF_WORD: dict[str, tuple[int, ...]] = {
    word: tuple(at for at, (_, _, gate) in enumerate(_CUE_GATES) if word in gate) for word in _CUE_WORDS}


def _cue_hits(text: str, words: list[str]) -> list[_Hit]:
    """The cues of the words a line holds, each run once, in their order."""
    hits: list[_Hit] = []
    held = _CUE_WORDS.intersection(words)
    if len(held) == 1:  # most lines with a cue hold one cue word: its cues are each once and in order already
        (word,) = held
        ats = _CUES_OF_WORD[word]
    else:
        ats = sorted({at for word in held for at in _CUES_OF_WORD[word]})
    for at in ats:
        cue, skill_id, _ = _CUE_GATES[at]
        said = cue.search(text)
        if said:
            hits.append(_Hit(skill_id, said.start(), said.end(), FREE, "", cue=True))
    return hits


# Skills named in Chinese, Japanese or Korean ("单元测试", "マイクロサービス", "코드 리뷰"): the tokenizer reads Latin
# words only, so each such name is looked for as written, in the lines that hold those scripts. Measured on the tuning
# part's 56 resumes in those languages, where the labels have the skill and nothing else found it: unit testing (18 of
# 18), microservices (12 of 12), code review (9 of 9), performance work (8 of 8), postmortems (8 of 8), caching (8 of
# 10), integration testing (7 of 9), incident handling (7 of 10), A/B tests (7 of 7), embedded systems (7 of 7), and
# fewer of the rest; left out where the labels do not follow: monitoring, hiring, data analysis, statistics, streaming,
# batch jobs, team management, agile. Words with an everyday sense are read only in a technical phrase: "覆盖率"
# (market coverage) only as test or code coverage, "組み込み" (to incorporate) only as embedded work, "캐시" (cash) only
# as a cache, "复盘" (a business review) only after an incident, "分布式" only as a distributed system.
_CJK_TEXT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_CJK_NAMES = (
    (r"性能优化|性能调优|优化性能|性能提升|パフォーマンス改善|性能改善|高速化|"
     r"パフォーマンスチューニング|性能チューニング|성능[ ]?개선|성능[ ]?최적화|"
     r"성능[ ]?튜닝", "performance-optimization"),
    (r"单元测试|単体テスト|ユニットテスト|단위[ ]?테스트", "unit-testing"),
    (r"微服务|マイクロサービス|마이크로[ ]?서비스", "microservices"),
    (r"代码审查|代码评审|代码审核|コードレビュー|코드[ ]?리뷰", "code-review"),
    (r"持续集成|持续交付|持续部署|継続的インテグレーション|継続的デリバリー|지속적[ ]?통합|지속적[ ]?배포", "ci-cd"),
    (r"缓存|キャッシュ|캐싱|캐시[ ]?(?:서버|계층|전략|무효화)|(?:Redis|Memcached|CDN)[ ]?캐시", "caching"),
    (r"基础设施即代码|インフラのコード化|코드형[ ]?인프라", "infrastructure-as-code"),
    (r"故障复盘|事故复盘|事后复盘|复盘文档|ポストモーテム|포스트모템|事後検証", "postmortems"),
    (r"集成测试|結合テスト|統合テスト|통합[ ]?테스트", "integration-testing"),
    (r"SQL[ ]?优化|慢查询|查询优化|クエリ(?:の)?最適化|クエリチューニング|"
     r"SQLチューニング|쿼리[ ]?최적화|쿼리[ ]?튜닝|슬로우[ ]?쿼리", "query-optimization"),
    (r"故障处理|事故管理|故障响应|障害対応|インシデント対応|インシデント管理|"
     r"장애[ ]?대응|장애[ ]?처리|인시던트", "incident-management"),
    (r"A/B[ ]?(?:测试|实验|テスト|테스트|실험)|AB(?:测试|实验)", "a-b-testing"),
    (r"嵌入式|組み?込み(?:系|ソフト|開発|エンジニア|機器|システム|Linux)|임베디드", "embedded-systems"),
    (r"特征工程|特徴量エンジニアリング|특성[ ]?공학|피처[ ]?엔지니어링", "feature-engineering"),
    (r"自动化测试|テスト自動化|自動テスト|테스트[ ]?자동화|자동화[ ]?테스트", "test-automation"),
    (r"着色器|シェーダー?|셰이더", "shader-programming"),
    (r"上云|云迁移|迁移上云|クラウド移行|クラウドへの移行|클라우드[ ]?(?:전환|마이그레이션|이전)", "cloud-migration"),
    (r"分库分表|シャーディング|샤딩", "database-sharding"),
    (r"推荐系统|推荐算法|レコメンド|推薦システム|추천[ ]?시스템|추천[ ]?알고리즘", "recommender-systems"),
    (r"微信小程序|小程序开发", "wechat-mini-programs"),
    (r"支付宝", "alipay"),
    (r"微信支付", "wechat-pay"),
    (r"需求分析|要件定義|요구사항[ ]?분석", "requirements-analysis"),
    (r"事件驱动|イベント駆動|이벤트[ ]?기반[ ]?(?:아키텍처|설계|시스템)|이벤트[ ]?드리븐", "event-driven-architecture"),
    (r"深度学习|深層学習|ディープラーニング|딥러닝", "deep-learning"),
    (r"机器学习|機械学習|머신[ ]?러닝|기계[ ]?학습", "machine-learning"),
    (r"分布式[ ]?(?:系统|架构|存储|计算|事务|缓存|数据库|锁|KV|队列)|分散システム|분산[ ]?시스템",
     "distributed-systems"),
    (r"测试覆盖率|代码覆盖率|单测覆盖率|テストカバレッジ|コードカバレッジ|(?:테스트|코드)[ ]?커버리지",
     "code-coverage"),
    (r"阿里云", "alibaba-cloud"),
    (r"数据质量|データ品質|데이터[ ]?품질", "data-quality"),
    (r"逻辑分析仪|ロジックアナライザ|로직[ ]?분석기", "logic-analyzer"),
    (r"因果推断|因果推論|인과[ ]?추론", "causal-inference"),
    (r"自然语言处理|自然言語処理|자연어[ ]?처리", "natural-language-processing"),
    (r"计算机视觉|コンピュータビジョン|画像認識|컴퓨터[ ]?비전", "computer-vision"),
    (r"数据仓库|数仓|データウェアハウス|데이터[ ]?웨어하우스", "data-warehousing"),
    (r"数据建模|データモデリング|데이터[ ]?모델링", "data-modeling"),
    (r"负载均衡|ロードバランサ|負荷分散|로드[ ]?밸런", "load-balancing"),
    (r"多人联机|多人在线|マルチプレイ|멀티플레이", "multiplayer-networking"),
    (r"数据可视化|データ可視化|데이터[ ]?시각화", "data-visualization"),
    (r"数据管道|数据流水线|データパイプライン|데이터[ ]?파이프라인", "data-pipelines"),
    (r"压力测试|性能测试|负载测试|負荷テスト|性能テスト|부하[ ]?테스트|성능[ ]?테스트", "load-testing"),
    (r"手工测试|手动测试|手動テスト|수동[ ]?테스트", "manual-testing"),
    (r"回归测试|回帰テスト|리그레션[ ]?테스트|회귀[ ]?테스트", "regression-testing"),
    (r"接口设计|API设计|API設計|API[ ]?설계", "api-design"),
    (r"网络安全|ネットワークセキュリティ|네트워크[ ]?보안", "network-security"),
    (r"大语言模型|大模型|大規模言語モデル|대규모[ ]?언어[ ]?모델", "large-language-models"),
    (r"消息队列|メッセージキュー|메시지[ ]?큐", "message-queues"),
    (r"时间序列|時系列(?:分析|予測|データ|モデル)|시계열", "time-series-analysis"),
    (r"设备驱动|驱动开发|デバイスドライバ|디바이스[ ]?드라이버", "device-drivers"),
    (r"低功耗|低消費電力|저전력", "low-power-design"),
    (r"灾备|容灾|災害復旧|재해[ ]?복구", "disaster-recovery"),
    (r"备份|バックアップ|백업", "backup-and-recovery"),
    (r"安全漏洞|漏洞扫描|漏洞管理|漏洞修复|脆弱性診断|脆弱性管理|취약점", "vulnerability-management"),
    (r"渗透测试|ペネトレーションテスト|침투[ ]?테스트|모의[ ]?해킹", "penetration-testing"),
    (r"数据清洗|データクレンジング|데이터[ ]?정제", "data-cleaning"),
    (r"爬虫|スクレイピング|크롤링|크롤러|스크래핑", "web-scraping"),
    (r"响应式|レスポンシブ|반응형", "responsive-design"),
    (r"可观测性|オブザーバビリティ|관측[ ]?가능성", "observability"),
    (r"游戏引擎|ゲームエンジン|게임[ ]?엔진", "game-engines"),
)
_CJK_NAME = re.compile("|".join(f"(?P<g{at}>{name})" for at, (name, _) in enumerate(_CJK_NAMES)))


# "覆盖率", "カバレッジ", "커버리지" alone: code coverage on a line about tests ("单元测试，覆盖率由30%提升至75%"), not
# market coverage
_BARE_COVERAGE = re.compile(r"覆盖率|カバレッジ|커버리지")
_TESTS_NAMED = re.compile(r"测试|单测|テスト|테스트|test|junit|pytest|jest", re.IGNORECASE)


def _cjk_hits(text: str) -> list[_Hit]:
    """The skills a line names in Chinese, Japanese or Korean, each once."""
    hits: dict[str, _Hit] = {}
    for said in _CJK_NAME.finditer(text):
        skill_id = _CJK_NAMES[int(said.lastgroup[1:])][1]
        hits.setdefault(skill_id, _Hit(skill_id=skill_id, start=said.start(), end=said.end(), kind=FREE, written="",
                                       cue=True))
    coverage = _BARE_COVERAGE.search(text) if "code-coverage" not in hits else None
    if coverage and _TESTS_NAMED.search(text):
        hits["code-coverage"] = _Hit(skill_id="code-coverage", start=coverage.start(), end=coverage.end(), kind=FREE,
                                     written="", cue=True)
    return list(hits.values())


# A tool that is one kind of practice, used in the candidate's own work, is that practice done: a model server is model
# serving (labelled with it on 11 of 11 blind resumes), a classical machine-learning library is machine learning (26 of
# 28). Measured on the tuning part, where the practice was labelled but not found otherwise: test frameworks and runners
# give test automation (61 of 67), API testing (18 of 19), load testing (9 of 10); computer-vision libraries computer
# vision (31 of 33); Keras and neural networks deep learning (31 of 36), deep learning machine learning (5 of 5); LLM
# frameworks and models large language models (16 of 16); safety standards functional safety (22 of 23); static
# analysers static analysis (26 of 31); Linux distributions Linux (17 of 18); CANoe the CAN bus (7 of 7); Simulink
# MATLAB (10 of 10); monitoring systems monitoring (15 of 18); Prophet time series (8 of 8); pipeline frameworks data
# pipelines (25 of 28); SOAR and threat hunting security operations (15 of 15); SIEM products SIEM (7 of 8); routing
# protocols and WAN networking (32 of 36); gameplay frameworks gameplay programming (25 of 26); Kubeflow MLOps (10 of
# 12); SHAP, an explanation method, explainable AI (23 of 35). Left out where the labels are split: CI servers (Jenkins
# 41%, GitHub Actions 51%), Terraform (27%), Airflow (39%), BI tools (20-45%), Prometheus (46%), Splunk (60%),
# pytest/JUnit/Jest (12-26%). Only what the text names implies: an implied practice implies nothing further.
_IMPLIED: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("vllm", "nvidia-triton", "torchserve", "kserve", "seldon-core", "bentoml", "tensorflow-serving"),
                    ("model-serving",)),
    **dict.fromkeys(("scikit-learn", "xgboost", "lightgbm", "catboost", "deep-learning"), ("machine-learning",)),
    **dict.fromkeys(("cucumber", "testng", "appium", "selenium", "webdriverio", "allure"), ("test-automation",)),
    **dict.fromkeys(("rest-assured", "newman"), ("test-automation", "api-testing")),
    "karate": ("api-testing",),
    # config backups and compliance scripted with a network library (labelled on 16 of 22 tuning resumes naming
    # Netmiko, 4 of 4 NAPALM, 2 of 2 Nornir)
    **dict.fromkeys(("netmiko", "napalm", "nornir"), ("network-automation",)),
    "veeam": ("backup-and-recovery",),  # labelled on 34 of 36 tuning resumes naming it
    **dict.fromkeys(("k6", "locust", "jmeter", "gatling"), ("load-testing",)),
    **dict.fromkeys(("opencv", "yolo", "detectron2", "cvat"), ("computer-vision",)),
    **dict.fromkeys(("keras", "neural-networks"), ("deep-learning",)),
    **dict.fromkeys(("langchain", "llama", "ollama"), ("large-language-models",)),
    "llamaindex": ("large-language-models", "retrieval-augmented-generation"),
    **dict.fromkeys(("iso-26262", "do-178c"), ("functional-safety",)),
    **dict.fromkeys(("polyspace", "pc-lint", "coverity", "cppcheck", "clang-tidy", "klocwork"), ("static-analysis",)),
    **dict.fromkeys(("ubuntu", "centos", "debian"), ("linux",)),
    "canoe": ("can-bus",),
    "simulink": ("matlab",),
    **dict.fromkeys(("zabbix", "nagios"), ("monitoring",)),
    "prophet": ("time-series-analysis",),
    **dict.fromkeys(("aws-glue", "apache-beam", "dagster", "airbyte"), ("data-pipelines",)),
    **dict.fromkeys(("soar", "cortex-xsoar", "threat-hunting"), ("security-operations",)),
    **dict.fromkeys(("microsoft-sentinel", "ibm-qradar", "arcsight"), ("siem",)),
    **dict.fromkeys(("ospf", "bgp", "eigrp", "mpls", "sd-wan", "routing-and-switching"), ("networking",)),
    **dict.fromkeys(("gameplay-ability-system", "game-ai"), ("gameplay-programming",)),
    "kubeflow": ("mlops",),
    "shap": ("explainable-ai",),
}


def _add_implied(found: dict[str, FoundSkill], tax: Taxonomy) -> None:
    for trigger in [skill_id for skill_id in found if skill_id in _IMPLIED]:
        source = found[trigger]
        for implied in _IMPLIED[trigger]:
            if implied not in found:
                found[implied] = FoundSkill(skill=tax.skills[implied], sections=set(source.sections), mentions=1,
                                            last_year=source.last_year)


_WRAP_REACH = 80  # characters either side of a line break where a wrapped name is looked for


def _join_wrapped(tax: Taxonomy, previous: _Prepared, text: str, hits: list[_Hit],
                  spans: list[tuple[int, int]]) -> list[_Hit]:
    """A name wrapped over two lines ("deployed with GitHub" / "Actions for tests", "Amazon Web" / "Services"): the
    alias across the break replaces the parts on both sides. Returns this line's hits without the ones it took."""
    before = previous.text.rstrip()
    tail = list(_TOKEN.finditer(before, max(0, len(before) - _WRAP_REACH)))[-(tax.longest - 1):]
    head = list(_TOKEN.finditer(text, 0, _WRAP_REACH))[:tax.longest - 1]
    if not tail or not head or tail[-1].end() != len(before) or text[:head[0].start()].strip():
        return hits
    tail_words = [m.group(0).rstrip(".").lower() for m in tail]
    head_words = [m.group(0).rstrip(".").lower() for m in head]
    for k in range(len(tail_words), 0, -1):
        reach = tax.free_starts.get(tail_words[-k], 0)
        for n in range(min(reach - k, len(head_words)), 0, -1):
            skill_id = tax.free.get(tuple(tail_words[-k:] + head_words[:n]))
            if skill_id is None:
                continue
            start, end = tail[-k].start(), head[n - 1].end()
            if (skill_id in tax.disciplines and _ROLE_AFTER.match(text, end)) \
                    or any(s <= start < e for s, e in previous.spans) or any(s < end for s, _ in spans):
                return hits
            previous.hits = [h for h in previous.hits if h.end <= start]
            previous.hits.append(_Hit(skill_id, start, len(before), FREE, ""))
            previous.plain = all(h.kind == FREE for h in previous.hits)
            return [h for h in hits if h.start >= end]
    return hits


_PARTY_INITIALS = frozenset("tgsd")  # teams, groups, squads, departments


def _may_name_something_else(text: str) -> bool:
    """Whether `_names_something_else` can hold for a hit of this line that does not end in "s": its first rule needs
    an apostrophe after the hit (`_PARTY_AFTER`), its second "of" before it, its third a last letter "s". Most lines
    have neither, and most hits then need no look at all."""
    return "of" in text or "'" in text or "’" in text


def _names_something_else(tax: Taxonomy, hit: _Hit, text: str) -> bool:
    """Any mention, plain aliases too: another party's name ("the mainframe team's"), an institution's ("Department
    of Statistics"), the plural of another acronym ("2 TLs" is not TLS)."""
    after = text[hit.end:hit.end + 4].lstrip()[:1].lower()  # cheap checks first: most hits have neither after them
    if (after in _PARTY_INITIALS and _PARTY_AFTER.match(text, hit.end)) or (
            text[max(0, hit.start - 4):hit.start].rstrip().endswith("of")
            and _STUDY_BEFORE.search(text, max(0, hit.start - 40), hit.start)):
        return True
    if text[hit.end - 1] != "s" or hit.end - hit.start < 3:
        return False
    written, name = text[hit.start:hit.end], tax.skills[hit.skill_id].name
    # "TLs" matched as TLS: the acronym's own last letter is the plural's "s" ("VLANs" is VLAN, and stays)
    return written[:-1].isupper() and name.isupper() and name.endswith("S") and written.upper() == name


def _means_skill(tax: Taxonomy, hit: _Hit, text: str, capitals_line: bool) -> bool:
    """What the words around one mention say: a role or a team, a season, an acronym, an ordinary noun."""
    if hit.skill_id in tax.disciplines and _ROLE_AFTER.match(text, hit.end):
        return False
    if hit.skill_id == "monitoring" and _THING_MONITORED.search(text, max(0, hit.start - 24), hit.start):
        return False
    if hit.skill_id == "networking" and _APP_NETWORKING.search(text, max(0, hit.start - 40), hit.end + 40):
        return False
    if hit.kind != WORD:
        return True
    if hit.written.lower() in _SEASONS and _YEAR_SOON_AFTER.match(text, hit.end):
        return False
    if hit.listed:
        return True
    if hit.written.islower() and _COUNT_BEFORE.search(text, max(0, hit.start - 10), hit.start):
        return False  # "4-node RAC clusters", "3 nodes": a count of things, not Node.js
    if hit.written.isupper() and len(hit.written) > 1 and not capitals_line and \
            not tax.skills[hit.skill_id].name.isupper():
        return False  # "SWIFT messages" (the bank network), not Swift
    return not (hit.written.islower() and _DETERMINER_BEFORE.search(text, max(0, hit.start - 12), hit.start)
                and not _TECH_NOUN_AFTER.match(text, hit.end))


# "drift monitoring", "24/7 shift monitoring", "price monitoring": watching a model, a business or a threat, not running
# systems' monitoring (not labelled on 16 of the 17 tuning resumes whose every mention is such)
_THING_MONITORED = re.compile(r"\b(?:drift|model|budget|price|pricing|shelf|flood|grid|security|shift|threat|fraud"
                              r"|patient|brand|media|compliance|transaction|crop|weather|vital|glucose|sales|kpi"
                              r"|campaign|exposure|risk|credit|market|environmental|structural|condition)[ \t-]{1,3}$",
                              re.IGNORECASE)


# "networking with Alamofire", "Retrofit + OkHttp networking": an app's HTTP layer, not networks (not labelled
# Networking on 13 of the 14 tuning resumes that only say so)
_APP_NETWORKING = re.compile(r"\b(?:alamofire|retrofit|okhttp|urlsession|volley|moya|ktor|apollo|networking[ \t]layer"
                             r"|android|kotlin)\b", re.IGNORECASE)


_WEAK_ANCHORS = frozenset({"soft_skills", "methodologies"})  # "documentation", "hiring": words in any sentence


def _anchors(tax: Taxonomy, hit: _Hit) -> bool:
    """A mention that names a technology beyond doubt, so an ordinary word beside it may be one too."""
    if tax.skills[hit.skill_id].category in _WEAK_ANCHORS:
        return False
    return hit.kind == FREE or hit.listed or (hit.kind == WORD and hit.written[:1].isupper())


def _word_counts(hit: _Hit, here: _Prepared, before: _Prepared | None, after: _Prepared | None) -> bool:
    """A word ("spring", "Swift", "pandas") outside a list is the skill when capitalised or beside a skill in its
    sentence."""
    if hit.listed or hit.written[:1].isupper():
        return True
    sentence = here.sentence(hit.start)
    if sentence in here.anchored:
        return True
    if sentence == 0 and here.continues and before is not None and before.last_sentence in before.anchored:
        return True
    return sentence == here.last_sentence and after is not None and after.continues and 0 in after.anchored


# "managed with Puppet", "pagos con Stripe", "tests in Go": a tool word right before an ambiguous name in its own case
_TOOL_USE = re.compile(r"(?:^|[ \t])(?:with|using|via|in|on|con|mit|avec|com|usando|utilizando|through)[ \t]{1,2}$",
                       re.IGNORECASE)


# "Laurea triennale in Informatica", "Master in Economics": a degree's subject, not a tool
_DEGREE_BEFORE = re.compile(r"\b(?:laurea|bachelor|master|licenciatura|licence|licenza|diplom\w{0,4}|degree"
                            r"|b\.?sc|m\.?sc|ph\.?d|dottorato|ingenier[íi]a|grado|mestrado|bacharelado|studium|studies|major|minor"
                            r"|doctorate|mba|b\.?tech|m\.?tech|b\.?e|m\.?e|b\.?a|m\.?a|course|certificate)\b",
                            re.IGNORECASE)


def _used_with(hit: _Hit, text: str) -> bool:
    if _TOOL_NOUN.match(text, hit.end):
        return True
    return (hit.start > 3 and bool(_TOOL_USE.search(text, max(0, hit.start - 14), hit.start))
            and not _DEGREE_BEFORE.search(text, max(0, hit.start - 80), hit.start))


# "Allure reports", "Puppet manifests", "Stripe webhooks": an ambiguous name in its own case before what a tool makes
_TOOL_NOUN = re.compile(r"[ \t](?:reports?|scripts?|pipelines?|jobs?|dashboards?|clusters?|tests?|suites?|manifests?"
                        r"|modules?|playbooks?|integrations?|api|apis|sdk|webhooks?|workflows?|templates?|plugins?"
                        r"|queries|charts?|deployments?|builds?|notebooks?|instances?|servers?|snapshots?)\b")


def _coordinated(hits: list[_Hit], index: int, text: str) -> bool:
    """An ambiguous name joined to a skill beyond doubt ("Node.js and Express", "SOAP and REST", "Make and CMake")."""
    hit = hits[index]
    for other in (index - 1, index + 1):
        if not 0 <= other < len(hits) or not hits[other].keep or hits[other].kind == CONTEXT:
            continue
        first, second = sorted((hit, hits[other]), key=lambda h: h.start)
        gap = text[first.end:second.start]
        if len(gap) <= 9 and _COORDINATION.fullmatch(gap):
            return True
        if gap.strip().lower() == "to" and _FROM_BEFORE.search(text, max(0, first.start - 8), first.start):
            return True  # "moved the builds from Ant to Maven": a migration names both tools
    return False


def _resolve(prepared: list[_Prepared]):
    """Yield (line position, skill id) for every mention that means the skill."""
    for position, here in enumerate(prepared):
        if here.plain:
            for hit in here.hits:
                yield position, hit.skill_id
            continue
        before = prepared[position - 1] if position else None
        after = prepared[position + 1] if position + 1 < len(prepared) else None
        for hit in here.hits:
            if hit.kind == WORD:
                hit.keep = _word_counts(hit, here, before, after)
        for index, hit in enumerate(here.hits):
            if hit.kind == CONTEXT:
                hit.keep = hit.listed or _coordinated(here.hits, index, here.text) or _used_with(hit, here.text)
        for hit in here.hits:
            if hit.keep:
                yield position, hit.skill_id


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


def _entry_lines(positions: list[Position]) -> dict[int, list[str]]:
    """Lines that carry a job title or an employer: a title names a role ("DevOps Engineer") and an employer a company
    ("Snowflake", "Miro"), neither is evidence of a skill."""
    entries: dict[int, list[str]] = {}
    for position in positions:
        names = [name for name in (position.title, position.company) if name and _plausible_name(name)]
        last = position.first_line + max(1, position.lines_below)
        for index in range(position.first_line - position.lines_above, last + 1):
            entries.setdefault(index, []).extend(names)
    return entries


def _plausible_name(name: str) -> bool:
    """A title or company as people write them, not the rest of a sentence the date sat in ("; moved the monolith to
    GCP"): removing that would remove skills."""
    return len(name.split()) <= 6 and name[:1].isalnum() and not any(c in name for c in ";!?")


def _without_names(text: str, names: list[str]) -> str:
    for name in names:
        start = text.lower().find(name.lower())
        if start >= 0:
            text = text[:start] + " | " + text[start + len(name):]
    return text


def extract_skills(lines: list[Line], positions: list[Position], *, today: date | None = None) -> list[FoundSkill]:
    """Skills in the text with where they were found, how often, how recently, and a confidence in 0..1.

    Left out: skills in personal sections (hobbies, references, contacts), the candidate's name, email addresses and
    URLs, job titles and employers, negated or wished-for mentions ("no experience with Chef", "want to learn Go"),
    and ordinary words that are also skill names unless the context says they are the skill.
    """
    today = today or date.today()
    tax = taxonomy()
    job_year_by_line: dict[int, int] = {}
    for position in positions:
        for index in range(position.first_line, position.last_line + 1):
            job_year_by_line[index] = position.range.end[0]
    entries = _entry_lines(positions)
    skipped = _personal_lines(lines)
    prepared: list[_Prepared] = []
    carried = False
    for position_in_list, line in enumerate(lines):
        skip = position_in_list in skipped
        text = _without_names(line.text, entries[position_in_list]) if position_in_list in entries else line.text
        here, carried = _prepare(tax, line, text, prepared[-1] if prepared else None, carried, skip)
        prepared.append(here)
    found: dict[str, FoundSkill] = {}
    for position_in_list, skill_id in _resolve(prepared):
        line = lines[position_in_list]
        entry = found.get(skill_id)
        if entry is None:  # not setdefault: that would build a FoundSkill for every mention
            entry = found[skill_id] = FoundSkill(skill=tax.skills[skill_id])
        entry.sections.add(line.context)
        entry.mentions += 1
        year = job_year_by_line.get(position_in_list)
        if year is not None and (entry.last_year is None or year > entry.last_year):
            entry.last_year = year
    _add_implied(found, tax)
    for entry in found.values():
        entry.confidence = _confidence(entry, today)
    return sorted(found.values(), key=lambda f: (-f.confidence, f.skill.name))
