"""Small, deterministic text analysis the offline engine is built on: tokens, light stemming, keyword matching,
near-duplicate detection and prompt-injection detection."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9][a-z0-9+#.]*[a-z0-9+#]|[a-z0-9]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s")

INJECTION_PATTERNS = [
    re.compile(p, re.IGNORECASE) for p in (
        r"\bignore\b.{0,40}\b(instructions?|prompts?|rules?|above)\b",
        r"\bdisregard\b.{0,40}\b(instructions?|prompts?|rules?)\b",
        r"\b(give|award|score|rate|grade)\b.{0,30}\b(10\s*/\s*10|100\s*(%|/\s*100)|full marks|perfect score|5\s*/\s*5)",
        r"\byou are now\b",
        r"\b(system|developer)\s+prompt\b",
        r"\bact as\b.{0,30}\b(grader|evaluator|interviewer)\b",
        r"<<<|>>>|‹‹‹|›››",
    )
]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    return _WORD.findall((text or "").lower())


def stems(text: str) -> set[str]:
    return {stem(w) for w in words(text)}


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text or "") if s.strip()]


def has_keyword(keyword: str, text_lower: str, text_stems: set[str]) -> bool:
    """A keyword (several words, or notation like 'o(n)') appears in the text. A single word also matches its
    common abbreviation or extension ('dict' for 'dictionary', 'memoization' for 'memo': EXTENSIONS), never another
    word that starts with it ('copy' is not 'copyright'), and two words written apart ('roll back' for
    'rollback')."""
    keyword = keyword.lower().strip()
    if not keyword:
        return False
    if not re.fullmatch(r"[a-z0-9 \-]+", keyword):
        return keyword.replace(" ", "") in text_lower.replace(" ", "")
    parts = [stem(w) for w in words(keyword)]
    if not parts:
        return False
    if all(p in text_stems for p in parts):
        return True
    if len(parts) == 1 and len(parts[0]) >= 4:
        kw = parts[0]
        if any(len(t) >= 4 and (_extends(kw, t) or _extends(t, kw)) for t in text_stems):
            return True
        return kw in _compounds(text_lower)
    return False


# What a word may add to another and still be the same word: a stemming remainder ("duplicat"/"duplicate",
# "overfitt"/"overfit") or a derivational ending ("dict"/"dictionary", "memo"/"memoization" (stem "memoiz"), "respect"/
# "respectful"). Anything else is another word that happens to start the same: "copy" is not "copyright", "Redis"
# is not "redirect", "main" is not "maintenance", "left" is not "leftover" (a word-prefix match read them as one).
# A verb and its noun ("validation" (stem "valid") and "validate", "replicates" (stem "replicat"), "persist" and
# "persistence") and a doubled final consonant ("swapped" (stem "swapp"), "cancelled", "overlapping") are forms too.
EXTENSIONS = frozenset(
    "e s y t r d n es ed er ers or ors al ly ic iz is ful age ing ion ions ary ionary ation ations ization isation "
    "ize ise ized ised izing ising able ible ment ments ness ity ities ical ally ive "
    "at ate ates ated ating ence ences ency ance ances".split())
_AFTER_DOUBLING = frozenset(("", "ed", "er", "ers", "ing"))  # "swapp", "dropper": not "sum"/"summary"
# Another word all the same: "form" is not "format", "dict" is not "dictate".
_FALSE_FRIENDS = frozenset(("format", "dictate", "dictat"))  # "dictates", "dictated" stem to "dictat"


def _extends(longer: str, shorter: str) -> bool:
    if not longer.startswith(shorter) or longer in _FALSE_FRIENDS:
        return False
    rest = longer[len(shorter):]
    if rest in EXTENSIONS:
        return True
    last = shorter[-1]
    return (last not in "aeiouwxy" and rest[:1] == last and rest[1:] in _AFTER_DOUBLING
            and shorter[-2:-1] in tuple("aeiou"))


@lru_cache(maxsize=256)
def _compounds(text_lower: str) -> frozenset[str]:
    """Two words side by side written as one: "roll back" says "rollback", "hash maps" "hashmap", "look up"
    "lookup" (stems)."""
    tokens = words(text_lower)
    return frozenset(stem(a) + stem(b) for a, b in zip(tokens, tokens[1:], strict=False))


def strip_injection(text: str) -> tuple[str, bool]:
    """Remove sentences that try to instruct the grader; return (clean text, whether any were found).

    The answer is data: such sentences earn nothing, and their presence is flagged for a human to see.
    """
    kept, found = [], False
    for line in re.split(r"(?<=[.!?])\s+|\n", text or ""):
        if any(p.search(line) for p in INJECTION_PATTERNS):
            found = True
            continue
        kept.append(line)
    return " ".join(k for k in kept if k.strip()), found


def shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    tokens = [stem(w) for w in words(text) if len(w) > 2]
    if len(tokens) < size:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of word 3-shingles (stemmed, short words dropped): 1.0 identical, ~0 unrelated."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def is_near_duplicate(candidate: str, existing: list[str], threshold: float = 0.6) -> bool:
    return NearDuplicateIndex(existing, threshold=threshold).matches(candidate)


class NearDuplicateIndex:
    """Shingle sets computed once, so checking many candidates against many prompts stays cheap."""

    def __init__(self, texts: list[str] = (), *, threshold: float = 0.6):
        self.threshold = threshold
        self.sets: list[set] = []
        for text in texts:
            self.add(text)

    def add(self, text: str) -> None:
        shingle_set = shingles(text)
        if shingle_set:
            self.sets.append(shingle_set)

    def matches(self, text: str) -> bool:
        mine = shingles(text)
        if not mine:
            return False
        for other in self.sets:
            overlap = len(mine & other)
            if overlap and overlap / (len(mine) + len(other) - overlap) >= self.threshold:
                return True
        return False
