"""Reading an answer the way a careful interviewer does, so scores cannot be inflated by form alone (issue 10).

The answer is split into sentences, and each sentence is classified:

- **list** — a bare list of terms: comma/semicolon fragments of one to three words, or short lines without a verb
  ("hash map, O(n), complement, first, then"). Terms in a list earn nothing.
- **prose** — a real sentence: enough words, function words that make it a statement.
- **substantive** — prose that carries content: at least three specific content words, i.e. words that are not
  filler, template phrases ("I decided to talk and I built something") or unsupported claims ("optimal").
- **explanatory** — substantive and giving a reason, a mechanism, a step or an example (a marker such as
  "because", "so", "for each", "keeps", "for example").

An expected point counts as *covered* only when one of its keywords appears in an explanatory sentence that says
something beyond the keyword; a keyword seen only in a list or a hollow sentence is *named but not explained*.
Everything here is plain string work on the answer (no network, no model): well under a millisecond per sentence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from interviewmaster.ai.offline.text import INJECTION_PATTERNS, has_keyword, shingles, stem, stems, words
from interviewmaster.ai.plausibility import INVISIBLE

SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\n+")
ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "cf.", "no.")
FRAGMENT_SPLIT = re.compile(r"[,;|•·]|\s[-–—]\s|:\s")
_FENCE_TAG = re.compile(r"[a-zA-Z0-9+#]{0,20}\n")


def _split_fences(text: str) -> tuple[list[str], list[str]]:
    """(prose pieces, fenced code blocks) of a Markdown answer, by splitting on ``` once: linear, where the regex
    ```(.*?)``` scanned to the end of the text from every unclosed fence (quadratic on submitted answers)."""
    parts = text.split("```")
    prose, fenced = [parts[0]], []
    index = 1
    while index + 1 < len(parts):  # an opening fence with a closing one after it
        tag = _FENCE_TAG.match(parts[index])
        if tag:
            fenced.append(parts[index][tag.end():])
            prose.append(CODE_BREAK)  # where the code stood: the line before it may introduce it
        else:
            prose.append("```" + parts[index] + "```")
        prose.append(parts[index + 1])
        index += 2
    if index < len(parts):
        prose.append("```" + parts[index])
    return prose, fenced


# --- code written into the text without fences (session 32) ---------------------------------------------------------
# The room shows no editor on a turn that does not ask for code, so a candidate types the function into the answer
# box. Unfenced, its lines were read as sentences (a list of terms: 0/100). A block that opens with a signature line
# ending in ":" or "{" and goes on with indented lines (or a closing brace) is taken out of the prose as code, like a
# fenced block; a one-line "def f(x): return x" inside a sentence stays prose.
CODE_BREAK = "\n\u2063\n"  # an invisible separator left where a code block was taken out of the prose
# The keywords that open a named unit of code (a function or a class), in the languages the bank asks for: one list for
# the signature line of an unfenced block, the names counted in code (CODE_NAMES) and the stub check
# (evaluation.SIGNATURE_STARTS). At most one of them can stand before white space at one place ("func" is not
# followed by white space in "function"), so their order does not change what a pattern finds.
UNIT_KEYWORDS = ("def", "class", "function", "func", "fn")
_UNIT_KEYWORD = "|".join(UNIT_KEYWORDS)
BARE_SIGNATURE = re.compile(rf"[ \t]{{0,12}}(?:async[ \t]{{1,4}}def|{_UNIT_KEYWORD})[ \t]{{1,4}}[A-Za-z_]\w{{0,60}}"
                            r"[ \t]{0,4}[(:<{]")
CODE_SHAPE = re.compile(r"\b(?:return|yield|for|while|if)\b|[^=!<>]=[^=]")
NOTES_BESIDE_CODE = 20  # list words that read as notes beside real code, not as a keyword list
NOTE_WORDS_PER_CODE_LINE = 2  # ... and no more than two words per line of that code
CODE_NAMES = re.compile(rf"\b(?:{_UNIT_KEYWORD})\s+([A-Za-z_]\w*)")
CODE_CONTROL = re.compile(r"\b(?:for|while|if|switch|match)\b")
CODE_RETURN = re.compile(r"\b(?:return|yield)\b")


def code_line_count(code: str) -> int:
    """How many lines of `code` are not blank: the one measure of a piece of code's length that the reading and the
    scorer use."""
    return sum(1 for line in code.splitlines() if line.strip())


def code_structure(code: str) -> float:
    """0..1 from the code itself: a named unit, control flow, a result, a sensible length."""
    lines = code_line_count(code)
    if not lines:
        return 0.0
    return (0.25 * bool(CODE_NAMES.search(code)) + 0.25 * bool(CODE_RETURN.search(code))
            + 0.25 * bool(CODE_CONTROL.search(code)) + 0.25 * (3 <= lines <= 80))


def _split_bare_code(piece: str) -> tuple[str, list[str]]:
    """(the piece with unfenced code blocks replaced by CODE_BREAK, the blocks). One pass over the lines."""
    lines = piece.split("\n")
    kept: list[str] = []
    blocks: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if BARE_SIGNATURE.match(line) and line.rstrip().endswith((":", "{")):
            end = index + 1
            while end < len(lines) and (not lines[end].strip() or lines[end][:1] in " \t"
                                        or lines[end].strip() in ("}", "};")):
                end += 1
            while end > index + 1 and not lines[end - 1].strip():
                end -= 1  # blank lines after the block are not code
            if end > index + 1:
                blocks.append("\n".join(lines[index:end]))
                kept.append(CODE_BREAK.strip("\n"))
                index = end
                continue
        kept.append(line)
        index += 1
    return "\n".join(kept), blocks


def _real_code(block: str) -> bool:
    """Two lines or more with a loop, a branch, a return or an assignment: not a one-liner such as "x = 1"."""
    return code_line_count(block) >= 2 and bool(CODE_SHAPE.search(block))


def code_parts(text: str, code: str) -> tuple[str, str, list[tuple[str, str]]]:
    """(prose, code, (line, block) for each line ending in ":" that introduces a real code block: "Fix it by
    defaulting to None:" before the fix). Invisible format characters are taken out first: typed into an answer, one
    (U+2063, as CODE_BREAK uses) made every line before it read as introducing code (session 32 review)."""
    prose_parts, fenced = _split_fences(INVISIBLE.sub("", text or ""))
    pieces, blocks, ordered = [], list(fenced), []
    fenced_left = iter(fenced)
    for part in prose_parts:
        if part == CODE_BREAK:
            pieces.append(part)
            ordered.append(next(fenced_left, ""))
            continue
        piece, bare = _split_bare_code(part)
        pieces.append(piece)
        blocks += bare
        ordered += bare
    prose = " ".join(pieces)
    mark = CODE_BREAK.strip("\n")
    intros = []
    if blocks:
        before = prose.split(mark)[:-1]
        intros = [(tail.rstrip().rsplit("\n", 1)[-1].strip(), block)
                  for tail, block in zip(before, ordered, strict=False)
                  if tail.rstrip().endswith(":") and _real_code(block)]
        prose = prose.replace(mark, "")
    return prose, "\n".join([code or "", *blocks]).strip() if blocks else (code or ""), intros


BIG_O = re.compile(r"\bO\s{0,3}\(\s{0,3}[^)]{1,20}\)", re.IGNORECASE)
# Big-O with one level of nested brackets: "O(amount * len(coins))". Not one rule with BIG_O: that one ends at the
# first ")" ("O(amount * len(coins)"), misses more than 20 characters inside and reads across a line break, and the
# forms it finds are what complexity_level counts as distinct; this one only counts the words inside the notation.
BIG_O_NESTED = re.compile(r"\bO\s{0,3}\((?:[^()\n]{0,30}\([^()\n]{0,30}\))?[^()\n]{0,30}\)", re.IGNORECASE)
NUMBER = re.compile(r"\d")
SNAKE_CASE = re.compile(r"[A-Za-z0-9]{1,40}(?:_[A-Za-z0-9]{1,40}){1,8}")


def _joined_name(match: re.Match) -> str:
    return match.group(0).replace("_", "")
# An action in a story is told in the past tense: "I rolled the release back", "I wrote the query".
FIRST_PERSON_ACTION = re.compile(
    r"\bi\s+(?:also\s+|then\s+|first\s+)?(?:[a-z]+ed|wrote|built|ran|took|made|went|told|found|sent|set|led|gave|"
    r"kept|brought|got|spoke|met|chose|began|did|paid|put|showed|taught|drew|split|cut|fought|rebuilt|rewrote|"
    r"sat|sold|understood|won|shut|held|left|read)\b", re.IGNORECASE)
PAST_WORDS = frozenset({"was", "were", "had", "did"})


def is_past(tokens: list[str]) -> bool:
    return any(t in PAST_WORDS or (len(t) >= 5 and t.endswith("ed")) for t in tokens)

NAMED_CREDIT = 0.3
STUFFED_MIN_POINTS = 3
STUFFED_OWN_WORDS_PER_POINT = 1.5
# Answer-level stuffing (several short sentences that each name a point or two) uses the sentence rule's 1.5 words of
# its own per point named. On the tune halves the stuffed probes carry 0-1.0 (one 1.75, which scores below the
# question's mediocre answer anyway) and honest answers at least 3.0; a first threshold of 2.4 also caught a terse
# honest answer of the adversarial set's held-out part (2.0), so the older figure is used.
STUFFED_ANSWER_MIN_POINTS = 2
STUFFED_ANSWER_OWN_WORDS_PER_POINT = STUFFED_OWN_WORDS_PER_POINT
# A hedged non-answer (session 35): the answer says it does not know ("I'm not sure, maybe use a hash map? I don't
# really know") and no sentence says anything once the hedge's own words are set aside. The offline scorer gave such
# answers nothing by reading them, a remote model up to 81/100; the grading caps now hold every provider to 1 on each
# criterion (grading.HEDGED). A hedge beside real content is an answer, and graded as one: the content is counted
# over the whole answer, fragments included ("Honestly, I don't know. Probably write tests earlier. Involve QA from day
# one." was capped to 0 because no single sentence was prose with three specific words). The non-answers name at
# most two things besides the hedge ("maybe a database and a cache?"), the honest terse answers six or more.
# A hedge in quotes or reported speech ("my manager said i don't know how we'll ship this") is not the answer's own.
# A guess asked back ("Maybe a database, a cache, a load balancer and a queue?") names things without saying anything
# of them: its words are not counted (with them the URL shortener's non-answer kept a remote model's 81/100).
HEDGES = ("not sure", "don't know", "dont know", "do not know", "don't really know", "do not really know", "no idea",
          "not certain", "no clue", " idk ", "i guess", "can't remember", "cannot remember", "don't remember")
HEDGE_WORDS = frozenset("maybe perhaps probably possibly sure know idea guess sorry really don hmm certain clue "
                        "remember honestly idk".split())
HEDGED_MAX_SPECIFIC = 3
GUESS_WORDS = frozenset({"maybe", "perhaps", "probably", "possibly"})
# A guess said as a statement ("I guess it's a hash map", "probably O(n)", "maybe you'd use a heap") is no more said
# than one asked back: a part of a sentence (between commas) that opens with a guess (GUESS_WORDS within its first
# GUESS_REACH words, or "I guess") and gives no reason says nothing, and an answer of such guesses is capped like a
# hedged one (session 36: three guesses scored as three statements). Only the guessing part goes: a confident answer
# with "probably" in an aside ("..., probably the best you can do without sorting") keeps the rest of its sentence.
GUESS_REACH = 3
# Only a short guess is one (session 36, K): "Maybe the cleanest way is a dictionary of value to index where for each
# number I check the complement first." has nine content words and was zeroed as a guess; the guesses of the tests
# have at most five content words besides the guessing words, the honest answers that open with one seven or more.
GUESS_MAX_WORDS = 5
GUESS_LEADS = GUESS_WORDS | frozenset({"likely", "presumably"})
GUESS_OPENERS = (("i", "guess"), ("my", "guess"), ("i", "m", "guessing"), ("i", "am", "guessing"))
OWN_SAY = (("i", "d", "say"), ("i", "would", "say"))  # "I'd say maybe a hash map" is a guess in its own voice
GUESS_CONNECTIVES = frozenset({"so", "and", "also", "well", "then", "um", "uh", "hmm"})
GUESS_SKIP = HEDGE_WORDS | GUESS_LEADS | frozenset({"guessing", "d", "m", "would", "say"})
QUOTED = re.compile(r"\"[^\"\n]{0,300}\"|\u201c[^\u201d\n]{0,300}\u201d")
REPORTED_SPEECH = frozenset("said says say told tells asked asks replied replies answered wrote writes".split())
REPORTED_REACH = 4  # words before a hedge that may name who said it ("he told me he had no idea")
COPIED_MIN_SHINGLES = 3
COPIED_SHARE = 0.6
COPIED_MIN_WORDS = 12
FEW_WORDS = 5
NARRATOR = frozenset({"i", "we", "my", "our"})
ANAPHORA = frozenset({"this", "that", "it", "these", "so", "which", "overall", "together", "both", "hence", "thus"})

FUNCTION_WORDS = frozenset(
    "a an the is are was were be been being it its this that these those i we you they he she my our your their to "
    "of for with by so because when if then each every which can will would should must has have had does do did "
    "than into on in at from until while as not no but and or after before once there what how why who".split())
STOPWORDS = FUNCTION_WORDS | frozenset(
    "also just very really much more most some any all about over under only even still here out up down off "
    "them him her me us one two its it's i'd i'll i'm we'd we'll let's".split())
# Words that fill an answer without saying anything specific: template verbs, vague nouns, praise.
GENERIC = frozenset(
    "thing things something anything everything stuff way ways lot lots kind sort case cases example problem problems "
    "issue issues solution solutions approach approaches option options idea ideas situation task action result "
    "results outcome outcomes important good great better best nice bad fine different various many several "
    "certain sure depend depends depending consider considered think thought know knew make made made get got "
    "use used using look looked see saw try tried work worked works working handle handled handles handling "
    "decide decided talk talked build built proposed propose improve improved improves improvement increase "
    "increased reduce reduced helped help shipped delivered learned learnt learn performance quality team project "
    "process analyse analyze analysed analyzed requirement requirements clarify design system systems trade-off "
    "trade-offs tradeoff tradeoffs choose chose choice well quickly properly correctly practice mainly usually "
    "generally basically simply actually able need needs needed want wanted going thing fact point points level "
    "overall question answer first then finally however therefore thus hence instead moreover furthermore "
    "situation task role responsible responsibility outcome impact hard nothing serious happen happened happens "
    "wrong fix fixed together really usual type main detail details common normal normally default mistake "
    "mistakes stuff somehow whatever everyone anyone someone".split())
CLAIMS = ("optimal", "optimally", "all edge cases", "every edge case", "efficient", "best practice", "the best",
          "perfect", "perfectly", "bug-free", "robust", "scalable", "thread-safe", "production-ready", "fastest",
          "deep expertise", "expert in", "flawless", "never fails", "always works", "handles everything")
CLAIM_WORDS = frozenset(w for c in CLAIMS for w in c.split() if len(w) > 3)
CLAIM_PATTERN = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in sorted(CLAIMS, key=len, reverse=True)) + r")\b")
REASON = ("because", "since", "so that", " so ", "therefore", "thus", "hence", "which means", "that means",
          "otherwise", "in order to", "to avoid", "to keep", "to make", "due to", "as a result", "which is why",
          "means", "which keeps", "which lets", "unless", "rather than", "instead of", "without")
STEP = ("first", "then", "next", "after", "before", "once", "when ", "for each", "for every", "finally", "until",
        "while", "if ", "whenever", "at the end", "step")
EXAMPLE = ("for example", "e.g.", "for instance", "such as", "say ", "like ", "imagine", "the classic example")
MECHANISM = frozenset(
    "keep keeps kept store stores stored maps looks check checks checked return returns run runs "
    "walk walks push pushes pushed pop pops popped read reads write writes find finds found let lets hold holds "
    "send sends track tracks count counts compare compares computed compute computes scan scans iterate iterates "
    "split splits merge merges lock locks locked release releases released wait waits block blocks insert inserts "
    "remove removes add adds skip skips retry retries fail fails prevent prevents allow allows cause causes gives "
    "give takes take costs cost avoid avoids serve serves served route routes encode encodes replay replayed "
    "visit visits detect detects abort aborts drain drains queue queues fire fires record records replace "
    "replaced move moves rolled roll wrote write drop drops sort sorts walks catch catches sees stay stays".split()) - {
    "cost", "queue", "take", "give"}
CONNECTIVES = ("because", "therefore", "so that", "first", "then", "finally", "however", "for example",
               "which means", "since", "as a result", "instead", "otherwise", "e.g.", "so ", "for each", "if ",
               "when ")
COMPLEXITY_JUSTIFY = ("because", "since", "so ", "each", "every", "once", "pass", "loop", "nested", "scan", "visit",
                      "per ", "iterat", "sort", "walk", "lookup", "look up", "at most", "worst case", "items",
                      "elements", "characters", "hold", "for the", "tree", "instead of", "page", "table", "array",
                      "memoi", " memo ", " dp ", "matrix", "grid", "recursion", "stack", "length of")
SPACE_WORDS = ("space", "memory", "extra storage", "in place", "in-place")
ALTERNATIVE = ("brute force", "instead", "alternative", "would be", "compared", "versus", " vs", "rather than",
               "nested loop", "trade-off", "tradeoff")
TRADEOFF = ("trade-off", "tradeoff", "trade off", "however", "instead", "versus", " vs", "on the other hand",
            "downside", "cost", "latency", "throughput", "consistency", "availability", "bottleneck", "scal",
            "replica", "shard", "partition", "cache", "queue", "fail", "overshoot", "cheaper", "expensive", "hot")
FAILURE = ("fail", "down", "outage", "crash", "unavailable", "falls back", "fallback", "retry", "timeout")
STAR_SITUATION = ("when i", "at my", "our team", "the project", "we were", "in my previous", "last year", "once",
                  "at the time", "my last", "on the", "i joined", "i was working", "in my team", "our company")
STAR_TASK = ("i needed to", "my goal", "i was responsible", "the goal", "task was", "had to", "my role", "my task",
             "my job", "i owned", "i was asked", "i was worried", "i had to", "it was my")
STAR_RESULT = ("as a result", "result", "outcome", "reduced", "increased", "improved", "saved", "cut ", "grew",
               "%", "shipped", "delivered", "went out", "zero", "no longer", "since then", "in the year", "within",
               "faster", "fewer", "lost no", "early")
LESSON = ("learned", "learnt", "lesson", "next time", "i now", "taught me")
APPROACH = ("approach", "first", "then", "step", "edge case", "assume", "alternative", "brute force", "optimi",
            "check", "validate", "test", "measure", "compare", "if ", "prototype", "replay", "reproduce",
            "instead", "option", "verify")


def _has(lower: str, needles) -> bool:
    return any(n in lower for n in needles)


def _count(lower: str, needles) -> int:
    return sum(1 for n in needles if n in lower)


def _no_repeats(items: list[str]) -> bool:
    return len(set(items)) == len(items)


@dataclass
class Sentence:
    text: str
    lower: str
    tokens: list[str]
    fragments: list[str]
    is_list: bool
    specific: list[str]
    previous: Sentence | None = None
    shows_code: bool = False  # it introduces a code block ("Fix it by defaulting to None:"): the code is its example

    @cached_property
    def stem_set(self) -> set[str]:
        """The stems keywords are matched against: a snake_case name is one word ("select_related" is a Django call,
        not the words "select" and "related", so it does not say "selective", session 33)."""
        return stems(SNAKE_CASE.sub(_joined_name, self.text))

    @cached_property
    def stem_seq(self) -> list[str]:
        return [stem(t) for t in self.tokens]

    @cached_property
    def notation_words(self) -> int:
        """Words inside Big-O notation beyond one per notation: "O(amount * len(coins))" is one term of the sentence,
        not four content words that thin out its function words."""
        return sum(max(0, len(words(m)) - 1) for m in BIG_O_NESTED.findall(self.text))

    @cached_property
    def term_words(self) -> int:
        """Words of terms written in capitals beyond one per term: "INNER JOIN", "IS NULL" and "NOT EXISTS" are one
        word each of the sentence, like Big-O notation (`notation_words`)."""
        # terms run together ("INNER JOIN LEFT JOIN", "PARTITION BY ORDER BY": a word said twice in one run of
        # capitals) are a string of terms, each word its own (session 36, K: they made a term dump prose)
        runs: list[list[str]] = []
        end = -2
        for match in CAPITAL_TERM.finditer(self.text):
            if match.start() != end + 1 or self.text[end:match.start()] != " ":
                runs.append([])
            runs[-1].append(match.group(0))
            end = match.end()
        return sum(len(term.split()) - 1 for run in runs if _no_repeats(" ".join(run).split()) for term in run)

    @cached_property
    def function_words(self) -> int:
        """Function words (FUNCTION_WORDS) and the quantifiers of QUANTIFIERS that quantify something: the next word
        is one of content ("only matching rows"), not another function word or the end ("returns only both all.")."""
        tokens = self.tokens
        return sum(1 for i, t in enumerate(tokens)
                   if t in FUNCTION_WORDS or (t in QUANTIFIERS and i + 1 < len(tokens)
                                              and tokens[i + 1] not in PROSE_FUNCTION_WORDS))

    @property
    def prose(self) -> bool:
        function = self.function_words
        # English prose is roughly a third function words; a string of terms without commas is not prose.
        # a short clause with one function word and a verb says something ("INNER JOIN returns only matching rows.")
        clause = function == 1 and not (MECHANISM | CLAUSE_VERBS).isdisjoint(self.tokens)
        return (not self.is_list and len(self.tokens) >= 5 and (function >= 2 or clause)
                and function / max(1, len(self.tokens) - self.notation_words - self.term_words) >= MIN_FUNCTION_SHARE)

    @property
    def substantive(self) -> bool:
        return self.prose and len(set(self.specific)) >= 3

    @property
    def continuation(self) -> bool:
        """Prose that carries on the explanation before it ("This is O(n) time and O(n) space.")."""
        return (self.prose and bool(self.tokens) and self.tokens[0] in ANAPHORA and len(set(self.specific)) >= 2
                and self.previous is not None and self.previous.explanatory)

    @cached_property
    def explanatory(self) -> bool:
        if self.continuation:
            return True
        if not self.substantive:
            return False
        padded = f" {self.lower} "
        return (_has(padded, REASON) or _has(padded, STEP) or _has(padded, EXAMPLE)
                or not MECHANISM.isdisjoint(self.tokens) or self.narrative or self.shows_code)

    @property
    def costs_the_approach(self) -> bool:
        """A cost tied to what the solution does ("O(amount * len(coins)) time with a bottom-up DP table of size
        amount+1"): Big-O notation and the structure or pass it comes from. It does not explain a point: only a
        complexity follow-up reads it, tied to the question (evaluation.tied_cost), session 32."""
        return bool(BIG_O.search(self.text)) and _has(f" {self.lower} ", COMPLEXITY_JUSTIFY)

    @property
    def narrative(self) -> bool:
        """A first-person past-tense statement of what happened ("I rolled the release back within 20 minutes")."""
        return not NARRATOR.isdisjoint(self.tokens) and is_past(self.tokens)


def _specific_words(tokens: list[str]) -> list[str]:
    return [t for t in tokens if len(t) >= 3 and not t.isdigit() and t not in STOPWORDS and t not in GENERIC
            and t not in CLAIM_WORDS]


DETERMINERS = frozenset({"a", "an", "the", "my", "our", "your", "their", "its"})
RUN_ON_WORDS = 40
SPOKEN_FUNCTION_SHARE = 0.3  # English prose is about a third function words; a dictated story 0.4-0.5, a term dump ~0
SPOKEN_MIN_CHECKS = 12  # word-order checks an unpunctuated run must pass without a break (`_spoken`)
MIN_FUNCTION_SHARE = 0.2
# A terse technical sentence names its terms in capitals and quantifies with "only", "all", "both": "INNER JOIN keeps
# only matching rows from both tables." had one function word of eight and was no prose, so the correct answer to the
# joins question explained nothing (0/100 for "INNER JOIN returns only matching rows. LEFT JOIN returns all left rows
# plus NULLs for missing matches.", session 36). For the prose share a term in capitals counts as one word and those
# quantifiers count as function words when a content word follows them ("only matching rows", not "returns only both
# all.": `Reading.function_words`); a short clause with one function word is prose when it has a verb (MECHANISM,
# CLAUSE_VERBS). The calibration and adversarial figures are unchanged by it.
QUANTIFIERS = frozenset({"all", "both", "only"})
PROSE_FUNCTION_WORDS = FUNCTION_WORDS | QUANTIFIERS
CAPITAL_TERM = re.compile(r"\b[A-Z]{2,20}(?: [A-Z]{2,20}){1,3}\b")
SALAD_SHARE = 0.2  # honest answers and the bank's reference answers stay under 0.11 with >= 12 checks
SALAD_MIN_CHECKS = 12
PREPOSITIONS = frozenset({"of", "to", "in", "on", "at", "from", "by", "for", "with", "into", "than"})
NOT_AFTER_PREPOSITION = frozenset({"is", "are", "was", "were", "of", "to", "in", "on", "at", "from", "by", "for",
                                   "with", "into", "and", "or", "but", "so", "because", "than"})


NOT_AFTER_I = DETERMINERS | PREPOSITIONS | frozenset({"and", "or", "i", "we", "is", "are", "an", "a", "the", "it",
                                                       "you", "they", "which", "because", "so", "if", "when"})


def word_order_checks(tokens: list[str]) -> tuple[int, int]:
    """(checks, violations) of two word-order habits of English that shuffled text breaks about as often as function
    words occur: a determiner is followed by a content word ("the map", never "the is"), and a preposition is not
    followed by a conjunction, another preposition or a form of 'to be' ("of and"). "," marks a fragment end."""
    checks = bad = 0
    for index, token in enumerate(tokens):
        nxt = tokens[index + 1] if index + 1 < len(tokens) else ""
        if nxt in (",", "."):
            nxt = ""
        if token in DETERMINERS:
            checks += 1
            bad += (not nxt) or nxt in FUNCTION_WORDS
        elif token in PREPOSITIONS and nxt:  # "what is it for?" may end on a preposition
            checks += 1
            bad += nxt in NOT_AFTER_PREPOSITION
        elif token == "i":  # "I" is followed by a verb or an adverb, not "I the", "I of", "I and"
            checks += 1
            bad += (not nxt) or nxt in NOT_AFTER_I
    return checks, bad


def garbled(tokens: list[str]) -> bool:
    """Word salad within one sentence."""
    checks, bad = word_order_checks(tokens)
    return (checks >= 3 and bad / checks >= 0.3) or (checks >= 8 and bad / checks >= 0.2)


def _fragment_tokens(fragments: list[str]) -> list[str]:
    return [t for f in fragments for t in [*words(f), ","]]


# --- code in prose ----------------------------------------------------------------------------------------------
# An answer about code names code in its sentences: `seen[x]`, "for i in range(n)", "arr[i]", "i = 0", "with i from
# 0 to n". Read as English, the loop index i is the pronoun "I" followed by a preposition ("i from", "arr[i] with"),
# so an honest answer tripped the word-order check and was read as a list (session 29). The word-order checks and the
# fragment split therefore see code as one placeholder noun: inline code in backticks, a name indexed or called
# (`arr[i]`, `range(n)`, `O(n)`), an assignment or comparison (`i = 0`, `i < n`, `i++`), arithmetic on single
# letters or numbers (`n-1`, `i + 1`), and a lone lowercase i or a used as a variable. Everything else about the
# sentence (its words, rubric terms, what it explains) is read from the text as written.
CODE_PLACEHOLDER = " expr "
INLINE_CODE = re.compile(r"`[^`\n]{1,200}`")
CODE_CALL = re.compile(r"\b[A-Za-z_]\w{0,30}(?:\[[^\[\]\n]{0,30}\]|\([^()\n]{0,30}\)){1,4}")
CODE_OPERATION = re.compile(
    r"\b\w{1,30}\s{0,3}(?:[=!<>+\-*/%]=|[<>])\s{0,3}-?\w{1,30}"  # i = 0, i <= n, total += x, i < n
    r"|(?<![=<>!])\b\w{1,30}\s{0,3}=(?![=>])\s{0,3}-?\w{1,30}"
    r"|\b\w{1,30}(?:\+\+|--)(?!\w)"  # i++, j--
    r"|\b(?:[a-z]|\d{1,9})\s{0,3}[+\-*/%]\s{0,3}(?:[a-z]|\d{1,9})\b")  # n-1, i + 1, n/2 (not "x-axis")
LONE_VARIABLE = re.compile(r"(?<![\w'’])[ai](?![\w'’])")  # case-sensitive: the pronoun is written "I"
_WORD_AROUND = re.compile(r"[\w']+")
# The subject pronoun never follows these ("with I", "the same I", "each I"); "than I" and "as I" are English.
NOT_BEFORE_PRONOUN = (PREPOSITIONS - {"than"}) | DETERMINERS | frozenset(
    "each every same index variable counter loop pointer".split())
_JOINERS = frozenset({"and", "or", "to"})
# The article is never followed by these: a lone "a" before one is a variable ("then a is swapped", "set a to 0").
NOT_AFTER_ARTICLE = frozenset(
    "is was are were has had gets becomes equals stays holds points will would can could should must does did to"
    .split())


def _is_variable(letter: str, before: list[str], after: list[str]) -> bool:
    """A lone lowercase i (or a) between the words `before` and `after` is a variable, not the pronoun (or the
    article): next to another one-letter name ("i and j", "a, b", "from i to 10"; for i also a number or code), or,
    for i, after a word the pronoun never follows ("with i", "the same i"), for a, before a word the article never
    precedes ("a is swapped", "set a to 0")."""
    def name(word: str) -> bool:
        return (len(word) == 1 and word.isalpha() and word != "a") or (letter == "i" and (
            word.isdigit() or word == CODE_PLACEHOLDER.strip()))

    previous = before[-2] if len(before) >= 2 and before[-1] in _JOINERS else (before[-1] if before else "")
    following = after[1] if len(after) >= 2 and after[0] in _JOINERS else (after[0] if after else "")
    if name(previous) or name(following):
        return True
    if letter == "a":
        return bool(after) and after[0] in NOT_AFTER_ARTICLE
    return bool(before) and before[-1] in NOT_BEFORE_PRONOUN


def mask_code(text: str) -> str:
    """The sentence with code in it replaced by a placeholder noun, for the word-order checks (see above). A
    sentence that would be mostly code is returned as written: otherwise shuffled words cut into `short` `spans` or
    dressed as calls would escape the checks, and half the words in prose are enough to read it by."""
    if not any(c in text for c in "`[(=<>+-*/%") and not LONE_VARIABLE.search(text):
        return text
    masked = INLINE_CODE.sub(CODE_PLACEHOLDER, text)
    masked = CODE_CALL.sub(CODE_PLACEHOLDER, masked)
    masked = CODE_OPERATION.sub(CODE_PLACEHOLDER, masked)
    out, last = [], 0
    for match in LONE_VARIABLE.finditer(masked):
        before = [w.lower() for w in _WORD_AROUND.findall(masked[max(0, match.start() - 40):match.start()])]
        after = [w.lower() for w in _WORD_AROUND.findall(masked[match.end():match.end() + 40])]
        if _is_variable(match.group(0), before, after):
            out.append(masked[last:match.start()] + CODE_PLACEHOLDER.strip())
            last = match.end()
    masked = "".join(out) + masked[last:]
    prose_left = sum(1 for w in words(masked) if w != CODE_PLACEHOLDER.strip())
    return masked if 2 * prose_left >= len(words(text)) else text


# Three or more different costs in one sentence are a comparison only with a reason or an alternative and words to
# say what each one is of: "O(n) O(log n) O(n^2) the list the keys the sort" (the question's nouns after every cost
# there is) explained the sort and scored above "O(n log n) time because of the sort, O(n) space." (review, session 34).
COSTS_LISTED = 3
WORDS_PER_COST = 2


def _costs_listed(text: str) -> bool:
    """Several different Big-O costs with no reason or alternative, or too few words of their own to say what each
    one is of: a list of costs, whatever the words between them."""
    forms = {form.replace(" ", "").lower() for form in BIG_O.findall(text)}
    if len(forms) < COSTS_LISTED:
        return False
    padded = f" {text.lower()} "
    own = [t for t in words(BIG_O_NESTED.sub(" ", text)) if t not in STOPWORDS]
    return not (_has(padded, REASON) or _has(padded, ALTERNATIVE)) or len(own) < WORDS_PER_COST * len(forms)


# A short part that opens with a step word and goes on ("then walk", "else append") is a step of a procedure, not a
# term: "sort by start, then walk, merging each interval into the last one if it overlaps, else append; O(n log n)"
# read as a list of five short parts (0/100, session 35). A step word standing alone ("first, then, finally" in a list
# of terms) is still a term, and terms strung after step words are left to the stuffing and series rules.
STEP_OPENERS = frozenset("then else otherwise next finally after before once until while when if".split())


def _step(fragment: str) -> bool:
    tokens = words(fragment)
    if tokens[:1] == ["and"]:
        tokens = tokens[1:]
    return len(tokens) >= 2 and tokens[0] in STEP_OPENERS


def _spoken(tokens: list[str]) -> bool:
    """Words said in English order without punctuation: a third or more function words and not one break of the
    word-order habits over at least SPOKEN_MIN_CHECKS checks. The same words shuffled keep their function words but
    break the habits (of 52,000 shuffles of the long calibration answers, one passed)."""
    checks, bad = word_order_checks(tokens)
    share = sum(1 for t in tokens if t in FUNCTION_WORDS) / max(1, len(tokens))
    return share >= SPOKEN_FUNCTION_SHARE and checks >= SPOKEN_MIN_CHECKS and bad == 0


def _is_list(text: str, tokens: list[str], fragments: list[str]) -> bool:
    """A bare list: many short fragments, a short verbless line (a bullet), words shuffled out of order, or costs
    listed without saying what each is of (`_costs_listed`)."""
    # A long run of words with no punctuation at all is a list unless it reads as English: the room's Dictate button
    # writes a spoken story without a comma (it was flagged a keyword list and capped, whichever provider graded it).
    run_on = (len(tokens) > RUN_ON_WORDS and len(fragments) == 1 and not re.search(r"[()\[\]]", text)
              and not _spoken(tokens))
    if run_on or garbled(_fragment_tokens(fragments)) or _costs_listed(text):
        return True  # shuffled, a long run of words with no punctuation at all, or a list of costs
    if len(fragments) >= 4:
        short = [f for f in fragments if len(words(f)) <= 3 and not _step(f)]
        terms = sum(1 for f in short if any(len(w) >= 3 for w in words(f)))
        if len(short) / len(fragments) >= 0.6 and terms >= 2:
            return True
    return 0 < len(tokens) <= 4 and not text.rstrip().endswith((".", "!", "?"))


def split_sentences(text: str) -> list[Sentence]:
    pieces: list[str] = []
    for piece in SENTENCE_SPLIT.split(text or ""):
        if pieces and pieces[-1].lower().endswith(ABBREVIATIONS) and "\n" not in piece:
            pieces[-1] = f"{pieces[-1]} {piece}"  # "for example, e.g. Redis" is one sentence
        else:
            pieces.append(piece)
    rows = []
    for raw in pieces:
        raw = raw.strip().lstrip("-*•").strip()
        if not raw:
            continue
        tokens = words(raw)
        fragments = [f for f in FRAGMENT_SPLIT.split(mask_code(raw)) if f.strip()]  # commas inside code do not split
        rows.append(Sentence(text=raw, lower=raw.lower(), tokens=tokens, fragments=fragments,
                             is_list=_is_list(raw, tokens, fragments), specific=_specific_words(tokens),
                             previous=rows[-1] if rows else None))
    _mark_list_headers(rows)
    return rows


def _mark_list_headers(rows: list[Sentence]) -> None:
    """A label line that opens a list ("Key terms: empty input" then one term a line) is part of the list: an
    unterminated line with a colon, directly followed by list lines, explains nothing by itself."""
    for row, following in zip(rows, rows[1:], strict=False):
        if following.is_list and ":" in row.text and not row.text.rstrip().endswith((".", "!", "?")):
            row.is_list = True


def strip_instructions(text: str) -> tuple[str, bool]:
    """Drop sentences addressed to the grader (text.INJECTION_PATTERNS) but keep the line structure, so a bullet
    list stays a list (text.strip_injection joins everything into one line)."""
    found, lines = False, []
    for line in (text or "").split("\n"):
        kept = []
        for part in re.split(r"(?<=[.!?])\s+", line):
            if any(p.search(part) for p in INJECTION_PATTERNS):
                found = True
            else:
                kept.append(part)
        lines.append(" ".join(kept))
    return "\n".join(lines), found


def split_code(text: str, code: str) -> tuple[str, str]:
    """Code pasted in ``` fences inside the text, or typed into it as an indented block under a signature, counts as
    code (and is taken out of the prose)."""
    prose, code, _intros = code_parts(text, code)
    return prose, code


def _keyword_hit(keyword: str, sentence: Sentence) -> bool:
    """has_keyword, but a keyword of several words must appear as a phrase (its words in order, side by side), not
    scattered over the sentence: "the A then D, C and B" does not say "A D C B"."""
    if not has_keyword(keyword, sentence.lower, sentence.stem_set):
        return False
    parts = _phrase(keyword)
    if len(parts) < 2 or not sentence.tokens:
        return True
    seq = sentence.stem_seq
    return any(seq[i:i + len(parts)] == parts for i in range(len(seq) - len(parts) + 1))


@lru_cache(maxsize=4096)
def _phrase(keyword: str) -> list[str]:
    keyword = keyword.lower().strip()
    if not re.fullmatch(r"[a-z0-9 \-]+", keyword):
        return []  # notation such as "o(n)" or "count = count + 1" is matched as text by has_keyword
    return [stem(w) for w in words(keyword)]


@dataclass
class PointReading:
    point: str
    explained_by: Sentence | None
    named: bool
    keyword: str
    named_in_prose: bool = False
    kind: str = ""  # point_kinds.kind_of: "complexity", "tests", "edge_cases", "working_code", or "" for a fact


# A sentence that runs through a series of actions ("use select_related to avoid N+1 queries, add a composite index,
# measure with EXPLAIN ANALYZE, and write pytest tests") explains the one its reason belongs to, not every term in the
# series: a keyword in such a sentence needs its own part of it (between commas) to say more about it (session 33: one
# canned paragraph met three of four points of the composite-index question). A part is bare only when it is the term
# and at most one more word ("add a composite index", "measure with EXPLAIN ANALYZE"): a part that says more ("for
# example more features or a deeper model", "so you should use multiprocessing instead") is the sentence explaining,
# a clause ("the model has high bias and is underfitting") or a reason is the sentence explaining: an honest sentence
# of three clauses is no series (review: honest answers lost up to 19 points).
SERIES_FRAGMENTS = 3
SERIES_EXTRA_WORDS = 1
CAPITAL_WORD = re.compile(r"\b[A-Z][A-Z0-9]+\b")
CLAUSE_VERBS = frozenset("is are was were be has have had does do did means".split())


def _explains(keyword: str, sentence: Sentence, point_words: frozenset[str] = frozenset()) -> bool:
    """The sentence is explanatory and says something beyond the keyword itself."""
    if not sentence.explanatory or not _keyword_hit(keyword, sentence):
        return False
    own = set(words(keyword))
    return len(set(sentence.specific) - own) >= 2 and not _bare_in_series(keyword, sentence, point_words)


def _bare_in_series(keyword: str, sentence: Sentence, point_words: frozenset[str] = frozenset()) -> bool:
    """The keyword stands in a part of a series that says nothing more about it ("add a composite index"): the part
    is rubric terms (words of the expected points' keywords, point_words), function words and at most
    SERIES_EXTRA_WORDS more (a word in capitals is a term),
    with no verb of a clause (CLAUSE_VERBS) and no reason."""
    if len(sentence.fragments) < SERIES_FRAGMENTS or not _phrase(keyword):
        return False  # notation ("(tenant_id, status, created_at)", "O(n)") says enough by itself
    own = {stem(w) for w in (*words(keyword), *point_words)}
    parts = [f for f in sentence.fragments if has_keyword(keyword, f.lower(), stems(SNAKE_CASE.sub(_joined_name, f)))]
    # a keyword the fragments do not show (inside code they mask) cannot be placed: the sentence decides
    return bool(parts) and all(
        len({stem(t) for t in words(f) if t not in STOPWORDS and t not in _capitals(f)} - own) <= SERIES_EXTRA_WORDS
        and CLAUSE_VERBS.isdisjoint(words(f)) and not _has(f" {f.lower()} ", REASON) for f in parts)


def _capitals(text: str) -> set[str]:
    """Words written in capitals ("EXPLAIN ANALYZE", "LRU"): names of things, terms like the keyword."""
    return {w.lower() for w in CAPITAL_WORD.findall(text)}


def read_point(point: dict, sentences: list[Sentence], whole: Sentence,
               rubric_words: frozenset[str] = frozenset(), keywords: list[str] | None = None) -> PointReading:
    """rubric_words: the words of every expected point's keywords (a series part of them only is bare); keywords:
    those that meet this point (`_own_keywords`), by default all of its own."""
    keywords = _point_keywords(point) if keywords is None else keywords
    point_words = rubric_words | {w for keyword in keywords for w in words(keyword)}
    text = point.get("point", "")
    output = point_output([text, *keywords])
    named_kw, in_prose = "", False
    for keyword in keywords:
        if not _keyword_hit(keyword, whole):
            continue  # not anywhere in the answer: no need to look sentence by sentence
        for sentence in sentences:
            if output and _hedged(output, sentence):
                continue  # several outputs listed ("A, B, C, D or A, D, C, B") state none of them
            if _explains(keyword, sentence, point_words):
                return PointReading(text, sentence, True, keyword, True)
            if (not named_kw or (sentence.prose and not in_prose)) and _keyword_hit(keyword, sentence):
                named_kw = keyword
                in_prose = in_prose or (sentence.prose and not _bare_in_series(keyword, sentence, point_words))
    if output:
        explained = _output_explained(output, sentences)
        if explained is not None:
            return PointReading(text, explained, True, named_kw, True)
    return PointReading(text, None, bool(named_kw), named_kw, in_prose)


# --- an output stated, then explained (session 33) -----------------------------------------------------------------
# "What does this print?" has a point such as "Prints A, D, C, B" (keywords "A D C B", "ADCB"). The output is said in
# a sentence of its own ("It prints A, D, C, B.") that explains nothing by itself, and the sentences after it explain
# it item by item ("A and D are logged immediately", "C comes next", "B is last"): the point read as named, not
# explained. It counts when explanatory sentences after the one naming the output name its items, written as items
# (capital letters or numbers standing alone), all but one of them, across two sentences or more: one sentence that
# repeats the letters, or explanations of something else after the output, do not.
OUTPUT_ITEMS = 3
OUTPUT_FOLLOWING = 4
OUTPUT_ITEM = re.compile(r"(?<![\w'’])(?:[A-Z]|\d{1,3})(?![\w'’])")
# Items written as an output: three or more letters or numbers in a row ("A, D, C, B", "A -> D -> C -> B", "A D C B").
OUTPUT_RUN = re.compile(r"(?<![\w'’])(?:[A-Z]|\d{1,3})"
                        r"(?:[ \t]{0,3}(?:,|->|→|>)?[ \t]{0,3}(?:[A-Z]|\d{1,3})(?![\w'’])){2,}")
OUTPUT_COMPACT = re.compile(r"(?<![\w'’])[A-Z]{3,12}(?![\w'’])")
# "A" and "I" are English words ("A callback is queued", "I think D follows") unless a word that goes with an item
# follows them ("A and D are logged", "A is printed"): an article or a pronoun names no item (review, session 33).
ENGLISH_ITEMS = frozenset({"A", "I"})
ITEM_FOLLOWERS = frozenset("and or is was comes runs prints printed goes gets logs logged then first last next before "
                           "after follows appears".split())


def output_items(keyword: str) -> list[str]:
    """The items of an output written as separated items ("A D C B", "A, D, C, B", "A -> D" ... -> A, D, C, B), or []
    for any other keyword: "ADCB" is read only beside its separated form in the same point (point_output), since
    "ANN" or "ARIA" are acronyms, not outputs (review, session 33)."""
    spaced = [t for t in re.split(r"[\s,;>/→-]+", keyword.strip()) if t]
    if len(spaced) >= OUTPUT_ITEMS and all(len(t) == 1 or t.isdigit() for t in spaced):
        return [t.upper() for t in spaced]
    return []


def point_output(texts: list[str]) -> list[str]:
    """The output a point states ("Prints A, D, C, B", keywords "A D C B"), from its first text with separated
    items; [] for a point that is no output."""
    for text in texts:
        run = OUTPUT_RUN.search(str(text))
        if run and output_items(run.group()):
            return output_items(run.group())
    return []


def _item_names(text: str) -> set[str]:
    """The items a sentence names: letters or numbers standing alone, but not "A" or "I" as English words."""
    found = set()
    for match in OUTPUT_ITEM.finditer(text):
        if match.group() in ENGLISH_ITEMS:
            following = re.match(r"\s{1,3}([a-z]+)", text[match.end():match.end() + 20])
            if following and following.group(1) not in ITEM_FOLLOWERS:
                continue
        found.add(match.group())
    return found


def _outputs_said(sentence: Sentence) -> list[list[str]]:
    """The outputs a sentence states, separated ("A, D, C, B") or written together ("ADCB")."""
    said = [output_items(run) for run in OUTPUT_RUN.findall(sentence.text)]
    return [items for items in said if items] + [list(word) for word in OUTPUT_COMPACT.findall(sentence.text)]


def _asked_guess(sentence: Sentence) -> bool:
    """A guess asked back rather than said ("Maybe a database and a cache?")."""
    return sentence.text.rstrip().endswith("?") and not GUESS_WORDS.isdisjoint(sentence.tokens)


def _guessed(fragment: str) -> bool:
    """A short part of a sentence that states a guess (GUESS_LEADS among its first GUESS_REACH words, or an opener of
    GUESS_OPENERS; "I'd say" before it is the answer's own voice), in the answer's own voice (no speech verb before
    it), with no reason given and at most GUESS_MAX_WORDS content words: a long sentence that says how something works
    ("Probably I would use a hash map where I store each value and its index.") is an answer, not a guess."""
    tokens = words(fragment)
    while tokens and tokens[0] in GUESS_CONNECTIVES:  # "So I guess it's a hash map."
        tokens = tokens[1:]
    for lead in OWN_SAY:
        if tuple(tokens[:len(lead)]) == lead:
            tokens = tokens[len(lead):]
            break
    opening = tokens[:GUESS_REACH]
    if not (set(opening) & GUESS_LEADS or any(tuple(tokens[:len(o)]) == o for o in GUESS_OPENERS)):
        return False
    content = {t for t in tokens if t not in FUNCTION_WORDS and t not in GUESS_SKIP}
    return (len(content) <= GUESS_MAX_WORDS and REPORTED_SPEECH.isdisjoint(opening)
            and not _has(f" {' '.join(tokens)} ", REASON))


def _unguessed(sentence: Sentence) -> set[str]:
    """The sentence's specific words outside the parts that only guess (`_guessed`)."""
    if not any(_guessed(f) for f in sentence.fragments):
        return set(sentence.specific)
    return set(sentence.specific) & {w for f in sentence.fragments if not _guessed(f) for w in words(f)}


def _own_hedge(text: str) -> bool:
    """A hedge (HEDGES) said in the answer's own voice: not inside double quotes, and not reported speech (one of the
    REPORTED_REACH words before it is a speech verb: "my manager said i don't know how we'll ship this")."""
    said = f" {QUOTED.sub(' ', text).lower()} ".replace("\u2019", "'")
    for hedge in HEDGES:
        start = said.find(hedge)
        while start != -1:
            if REPORTED_SPEECH.isdisjoint(words(said[max(0, start - 60):start])[-REPORTED_REACH:]):
                return True
            start = said.find(hedge, start + 1)
    return False


def _hedged(items: list[str], sentence: Sentence) -> bool:
    """The sentence states another output of the same length ("It prints A, B, C, D or A, D, C, B"): it states none."""
    return any(other != items for other in _outputs_said(sentence) if len(other) == len(items))


def _states_output(items: list[str], sentence: Sentence) -> bool:
    return items in _outputs_said(sentence) and not _hedged(items, sentence)


def _output_explained(items: list[str], sentences: list[Sentence]) -> Sentence | None:
    for index, sentence in enumerate(sentences):
        if not _states_output(items, sentence):
            continue
        named: set[str] = set()
        explaining = 0
        for following in sentences[index + 1:index + 1 + OUTPUT_FOLLOWING]:
            found = _item_names(following.text) & set(items)
            if following.explanatory and found:
                named |= found
                explaining += 1
        if explaining >= 2 and len(named) >= len(set(items)) - 1:
            return sentence
    return None


@dataclass
class Reading:
    """Everything the scorer and the grading caps need to know about one answer."""

    text: str
    code: str
    sentences: list[Sentence]
    points: list[PointReading] = field(default_factory=list)
    copied_words: int = 0  # in sentences dropped as copies of the question, a point or an earlier sentence
    stuffed: bool = False  # short sentences that together only string expected points' terms (see _mark_stuffed)

    # --- shares ----------------------------------------------------------------------------------------------
    @cached_property
    def word_count(self) -> int:
        return sum(len(s.tokens) for s in self.sentences)

    @cached_property
    def list_words(self) -> int:
        return sum(len(s.tokens) for s in self.sentences if s.is_list)

    @cached_property
    def prose_words(self) -> int:
        return sum(len(s.tokens) for s in self.sentences if s.prose)

    @cached_property
    def explanatory(self) -> list[Sentence]:
        return [s for s in self.sentences if s.explanatory]

    @cached_property
    def substantive(self) -> list[Sentence]:
        return [s for s in self.sentences if s.substantive]

    @property
    def covered(self) -> list[PointReading]:
        return [p for p in self.points if p.explained_by is not None]

    @property
    def named_only(self) -> list[PointReading]:
        return [p for p in self.points if p.explained_by is None and p.named]

    @property
    def ratio(self) -> float:
        """Explained points count 1; a point only named inside a real sentence counts NAMED_CREDIT; in a list, 0."""
        if not self.points:
            return 0.0
        named = sum(1 for p in self.named_only if p.named_in_prose)
        return (len(self.covered) + NAMED_CREDIT * named) / len(self.points)

    # --- gaming patterns --------------------------------------------------------------------------------------
    @property
    def too_short(self) -> bool:
        """Empty or only a few words ("I don't know", "next") and no code: nothing to assess, and nothing to accuse."""
        return self.word_count < FEW_WORDS and not self.code.strip()

    @cached_property
    def hedged(self) -> bool:
        """Says it does not know (HEDGES, in its own voice: `_own_hedge`) or guesses (`_guessed`), and almost nothing
        else: at most HEDGED_MAX_SPECIFIC specific words in the whole answer besides the hedge's own (HEDGE_WORDS),
        counted over every sentence and fragment but a guess asked back ("maybe a hash map?") or stated ("probably
        O(n)"), and no code. A few words ("No idea.") are `too_short`, their own rule."""
        if self.too_short or self.code.strip() or not self.sentences:
            return False
        guessing = any(_guessed(f) for s in self.sentences for f in s.fragments)
        if not guessing and not _own_hedge(" ".join(s.text for s in self.sentences)):
            return False
        said = {w for s in self.sentences if not _asked_guess(s) for w in _unguessed(s)}
        return len(said - HEDGE_WORDS) <= HEDGED_MAX_SPECIFIC

    @property
    def keyword_list(self) -> bool:
        """Mostly a bare list of terms (a few words are too short to be called a list: see `too_short`). Code with no
        prose at all (a code-only answer, or one whose only sentence repeats the question) is no list."""
        lines = code_line_count(self.code)
        if (lines >= 3 and self.list_words <= min(NOTES_BESIDE_CODE, NOTE_WORDS_PER_CODE_LINE * lines)
                and code_structure(self.code) >= 0.75):
            # a few notes beside real code ("O(n) time, O(n) space; tested with pytest"); a list of terms longer than
            # the code beside it stays a list (a five-line stub took a 17-word list past the list cap, session 32)
            return False
        return not self.too_short and self.word_count > 0 and self.list_words / self.word_count >= 0.5

    @property
    def copied(self) -> bool:
        """Mostly the question, the expected points or one sentence said again."""
        return self.copied_words >= COPIED_MIN_WORDS and self.copied_words >= self.word_count

    @cached_property
    def word_salad(self) -> bool:
        """Words shuffled out of order across the answer (even when cut into short 'sentences')."""
        checks = bad = 0
        for s in self.sentences:
            c, b = word_order_checks(_fragment_tokens(s.fragments))
            checks, bad = checks + c, bad + b
        return checks >= SALAD_MIN_CHECKS and bad / checks >= SALAD_SHARE

    @property
    def hollow(self) -> bool:
        """The shape of an answer (linking words, STAR labels) with almost nothing in it."""
        prose = [s for s in self.sentences if s.prose]
        markers = sum(_count(f" {s.lower} ", CONNECTIVES) for s in prose)
        markers += sum(1 for s in prose if re.match(r"(situation|task|action|result)\s*:", s.lower))
        return len(prose) >= 2 and markers >= 3 and len(self.substantive) * 3 < len(prose)

    @cached_property
    def claims(self) -> list[str]:
        return sorted(set(m.group(0) for m in CLAIM_PATTERN.finditer(self.text.lower())))

    # --- signals counted only where the answer says something ---------------------------------------------------
    def count_in_explanatory(self, needles) -> int:
        return sum(1 for s in self.explanatory if _has(f" {s.lower} ", needles))

    @cached_property
    def connectives(self) -> int:
        return sum(min(2, _count(f" {s.lower} ", CONNECTIVES)) for s in self.explanatory)

    @cached_property
    def numbers_in_prose(self) -> int:
        return sum(1 for s in self.substantive if NUMBER.search(s.text))

    def first(self, predicate) -> Sentence | None:
        return next((s for s in self.sentences if predicate(s)), None)


DERIVED_FILLER = frozenset({"first", "working", "using", "clear", "clearly"})


def derived_keywords(text: str) -> list[str]:
    """The keywords of a point written as plain text (a planned question's "Composite index (tenant_id, status,
    created_at)"): the names it gives as written ("tenant_id"), then its words. Function words and filler ("with",
    "then", DERIVED_FILLER) are no keywords: "measure with EXPLAIN" met "Verifies with EXPLAIN" by "with", and
    "tenant_id" read as "tenant" and "id" (session 33)."""
    names = [name.lower() for name in SNAKE_CASE.findall(text)]
    # only function words and filler go: the point's nouns stay though generic ("team", "task", "project" of a
    # situation point), or an answer of nothing but those nouns no longer read as stuffed (review, session 33)
    plain = [w for w in words(SNAKE_CASE.sub(" ", text)) if len(w) > 3 and w not in STOPWORDS | DERIVED_FILLER]
    # a point of filler only ("A clear, correct answer") keeps its long words: a point nothing can name is unfair
    return list(dict.fromkeys([*names, *plain]))[:6] or [w for w in words(text) if len(w) > 3][:6]


def _point_keywords(point: dict) -> list[str]:
    keywords = point.get("keywords") or derived_keywords(str(point.get("point", "")))
    return [variant for keyword in keywords for variant in with_synonyms(keyword)]


def _own_keywords(points: list[dict]) -> list[list[str]]:
    """The keywords that meet each point: a plain-text point's derived keywords without the words another plain-text
    point of the question derives too. One shared word ("tests" in three points of the test pyramid, "slow" in two)
    met all of them at once: "The test pyramid means you should have lots of unit tests..." explained 4 of 4 (review,
    session 34). A point left with no word of its own keeps its words. Stuffing still counts every derived word."""
    derived = [None if p.get("keywords") else derived_keywords(str(p.get("point", ""))) for p in points]
    counts: dict[str, int] = {}
    for keywords in derived:
        for word in {stem(k) for k in keywords or []}:
            counts[word] = counts.get(word, 0) + 1
    own = []
    for point, keywords in zip(points, derived, strict=True):
        if keywords is None:
            own.append(_point_keywords(point))
            continue
        kept = [k for k in keywords if counts[stem(k)] == 1] or keywords
        own.append([variant for keyword in kept for variant in with_synonyms(keyword)])
    return own


# --- near-synonyms (synonyms.json, session 29) --------------------------------------------------------------------
# A point that says "rerun" is made by an answer that says "retry". The table is small and reviewed: every group has
# its reason in the file. A synonym is a keyword like any other, so the stuffing rules count it as a rubric term.
SYNONYM_VARIANTS = 8  # a keyword of several words gets at most this many spellings


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, tuple[str, ...]]:
    data = json.loads((Path(__file__).with_name("synonyms.json")).read_text(encoding="utf-8"))
    table: dict[str, tuple[str, ...]] = {}
    for group in data["groups"]:
        for word in group["words"]:
            table[word] = tuple(w for w in group["words"] if w != word)
    return table


@lru_cache(maxsize=4096)
def with_synonyms(keyword: str) -> tuple[str, ...]:
    """The keyword and its spellings with near-synonyms in place of its words ("rerun failed tests" -> "retry failed
    tests"); notation such as "O(n)" is left alone."""
    lower = keyword.lower().strip()
    if not re.fullmatch(r"[a-z0-9 \-]+", lower):
        return (keyword,)
    table = _synonyms()
    variants = [""]
    for word in lower.split():
        choices = (word, *table.get(word, ()))
        variants = [f"{v} {c}".strip() for v in variants for c in choices][:SYNONYM_VARIANTS]
    return (keyword, *(v for v in variants if v != lower))


def _said(keyword_sets: list[list[str]], sentences: list[Sentence]) -> list[list[str]]:
    """For each point, the keywords the sentences say (as `_keyword_hit` meets them)."""
    return [[k for k in keywords if any(_keyword_hit(k, s) for s in sentences)] for keywords in keyword_sets]


def _named_count(said: list[list[str]]) -> int:
    """How many points the keywords said name, each by a term of its own: one word shared by several points' keywords
    ("thread" in four plain-text points of the GIL question) names one of them, not four (review, session 33)."""
    named = [{frozenset(stems(k)) for k in keywords} for keywords in said if keywords]
    return min(len(named), len(set().union(*named))) if named else 0


def _terms_said(said: list[list[str]]) -> set[str]:
    """The words of the rubric terms said (`_said`): the words the stuffing rules do not count as the answer's own.
    A word of a term the answer does not say is its own word: "Sort the list by start ... keeping the max end" says
    "sort" and "max" but not "sort by start" or "max(end", so "start" and "end" are its own words there (session 36;
    every word of every keyword was the rubric's, and that answer had five own words for four points: stuffed)."""
    return {w for keywords in said for k in keywords for w in words(k)}


def _not_own(said: list[list[str]], sentence: Sentence) -> set[str]:
    """The sentence's words that are not its own for the stuffing rules: the words of the rubric terms said
    (`_terms_said`), the quantifiers (QUANTIFIERS, function words of the prose share), and the first word of a sibling
    of a term said: "RIGHT JOIN" and "FULL JOIN" beside the rubric's "LEFT JOIN" are more terms, not words of the
    answer's own (session 36: "INNER JOIN LEFT JOIN RIGHT JOIN FULL JOIN returns only both all." scored 51/100)."""
    terms = _terms_said(said)
    heads = {words(k)[-1] for keywords in said for k in keywords if len(words(k)) >= 2}
    tokens = sentence.tokens
    siblings = {tokens[i] for i in range(len(tokens) - 1) if tokens[i + 1] in heads}
    return terms | QUANTIFIERS | siblings


def _own_words(said: list[list[str]], sentence: Sentence) -> set[str]:
    """The sentence's specific words of its own: none with the stem of a word that is not its own (`_not_own`), so
    "ROW NUMBER" is not an own word beside the rubric's "ROWS BETWEEN"."""
    taken = {stem(w) for w in _not_own(said, sentence)}
    return {w for w in sentence.specific if stem(w) not in taken}


def _mark_stuffed(sentences: list[Sentence], points: list[dict]) -> bool:
    """A sentence that runs through several expected points with few words of its own ("I would use a hash map
    because hash map lookup complement is fast so ... O(n) time and linear space because brute force nested loop
    O(n^2) is slow") strings rubric terms together: it is read as a list of terms, so its terms earn nothing. Honest
    sentences that touch three or more points carry at least 5/3 words of their own per point (the calibration set);
    one that names STUFFED_MIN_POINTS or more with fewer than STUFFED_OWN_WORDS_PER_POINT each is stuffed."""
    keyword_sets = [_point_keywords(p) for p in points]
    said_in = {id(s): _said(keyword_sets, [s]) for s in sentences if not s.is_list}
    for sentence in sentences:
        if sentence.is_list:
            continue
        said = said_in[id(sentence)]
        named = _named_count(said)
        own = len(_own_words(said, sentence))
        if named >= STUFFED_MIN_POINTS and own < STUFFED_OWN_WORDS_PER_POINT * named:
            sentence.is_list = True
    # The same trick spread over a few short sentences, each naming a point or two ("Steady growth after GC against
    # the baseline sawtooth. Heap snapshot diff ... shows an unbounded cache. Fix with LRU, TTL ..."): judged on the
    # answer's sentences together; then every sentence naming a point is a list of terms.
    naming = [s for s in sentences if not s.is_list and any(said_in[id(s)])]
    said = [[k for k in keywords if any(k in said_in[id(s)][i] for s in naming)]
            for i, keywords in enumerate(keyword_sets)]
    named = _named_count(said)
    own = len({w for s in sentences if not s.is_list for w in _own_words(said, s)})
    if named >= STUFFED_ANSWER_MIN_POINTS and own < STUFFED_ANSWER_OWN_WORDS_PER_POINT * named:
        for sentence in naming:
            sentence.is_list = True
        return True
    return False


def _copied(sentence: Sentence, source: set, seen: set) -> bool:
    """The sentence says one of the answer's earlier sentences again (the same words in the same order), or mostly
    copies the question or an expected point (COPIED_SHARE of its word 3-shingles are there)."""
    if tuple(sentence.tokens) in seen:
        return True
    mine = shingles(sentence.text)
    return len(mine) >= COPIED_MIN_SHINGLES and len(mine & source) >= COPIED_SHARE * len(mine)


def _without_copies(sentences: list[Sentence], sources: list[str]) -> tuple[list[Sentence], int]:
    """(the sentences that say something of their own, how many words the others had). Copying the question or the
    expected points back, or saying the same sentence again, explains nothing; it is dropped before the reading."""
    source = {shingle for text in sources for shingle in shingles(text)}
    seen: set = set()
    kept, copied_words = [], 0
    for sentence in sentences:
        if _copied(sentence, source, seen):
            copied_words += len(sentence.tokens)
            continue
        seen.add(tuple(sentence.tokens))
        sentence.previous = kept[-1] if kept else None
        kept.append(sentence)
    return kept, copied_words


CODE_KEYWORDS = frozenset("def class return yield none true false null self this function func for while if else elif "
                          "import from pass len range print let const var".split())
CODE_WORDS_LENT = 4


def _point_words(point: dict) -> set[str]:
    return {stem(w) for w in words(" ".join([str(point.get("point", "")), *map(str, point.get("keywords") or [])]))
            if w not in FUNCTION_WORDS}


def _mark_code_intros(sentences: list[Sentence], intros: list[tuple[str, str]], points: list[dict],
                      prompt: str = "") -> None:
    """A prose sentence that ends in ":" right before a real code block is shown by that code: it counts as
    explaining, and the block's names (up to CODE_WORDS_LENT) count as its words. Its terms must still be in the
    sentence itself: a term only in the code earns nothing. A correct fix shown as code was read as a bare mention
    ("You mentioned "None" but did not explain them", session 32). Only when the block uses a word of an expected
    point the sentence also names ("None" in the fix): any block after a line of terms ending in ":" lent it (review).
    On a question without points, the block must use a word of the sentence. The block and the sentence must share
    the same word of the point, and a block copied from the question shows nothing: lines of terms ending in ":",
    each before the prompt's own buggy code, covered three points (review, session 32)."""
    prompt_lines = {" ".join(line.split()) for line in prompt.splitlines() if line.strip()}
    for sentence in sentences:
        if not (sentence.prose and sentence.text.endswith(":")):
            continue
        block = next((b for line, b in intros if line.endswith(sentence.text)), None)
        if block is None:
            continue
        block_lines = [" ".join(line.split()) for line in block.splitlines() if line.strip()]
        if prompt_lines and block_lines and all(line in prompt_lines or line in prompt for line in block_lines):
            continue
        in_block = {stem(w) for w in words(block)} - {stem(w) for w in CODE_KEYWORDS if w != "none"}
        in_sentence = set(sentence.stem_seq)
        if points:
            shown = any(in_block & in_sentence & pw for pw in map(_point_words, points))
        else:
            shown = bool(in_block & in_sentence)
        if shown:
            names = [w for w in dict.fromkeys(_specific_words(words(block))) if w not in CODE_KEYWORDS]
            sentence.shows_code = True
            sentence.specific = [*sentence.specific, *names[:CODE_WORDS_LENT]]


def read_answer(text: str, code: str, expected_points: list, prompt: str = "") -> Reading:
    prose, code, intros = code_parts(text, code)
    points = [{"point": p} if isinstance(p, str) else p for p in expected_points or []]
    sentences, copied_words = _without_copies(split_sentences(prose),
                                              [prompt or "", *(str(p.get("point", "")) for p in points)])
    _mark_code_intros(sentences, intros, points, prompt or "")
    stuffed = _mark_stuffed(sentences, points)
    reading = Reading(text=prose, code=code, sentences=sentences, copied_words=copied_words, stuffed=stuffed)
    whole = Sentence(text=prose, lower=prose.lower(), tokens=[], fragments=[], is_list=False, specific=[])
    rubric_words = frozenset(w for p in points for keyword in _point_keywords(p) for w in words(keyword))
    for point, keywords in zip(points, _own_keywords(points), strict=True):
        reading.points.append(_read_kind_point(point, reading, prompt or "")
                              or read_point(point, sentences, whole, rubric_words, keywords))
    return reading


def _read_kind_point(point: dict, reading: Reading, prompt: str) -> PointReading | None:
    """A plain-text point that names a kind of evidence ("How it is tested"), read by point_kinds; None for any other
    point. Not met, it is missing, not "mentioned": saying "tested" is not what it asks for."""
    from interviewmaster.ai.offline import point_kinds  # it reads with this module's sentences: imported when used

    text = str(point.get("point", ""))
    kind = None if point.get("keywords") else point_kinds.kind_of(text)
    if kind is None:
        return None
    evidence = point_kinds.evidence_for(kind, reading, prompt)
    return PointReading(text, evidence, evidence is not None, "", evidence is not None, kind=kind)


# --- complexity and STAR -----------------------------------------------------------------------------------------
INFORMAL_COSTS = ("linear", "logarithmic", "quadratic", "constant time", "one pass", "n log n")  # a cost in words
CODE_COMMENT = re.compile(r"(?:#|//)(.*)$", re.MULTILINE)


def complexity_level(reading: Reading, code: str) -> tuple[int, Sentence | None]:
    """1 none, 2 bare or informal, 3 time tied to the approach, 4 + space, 5 + an alternative compared."""
    best, quote = 1, None
    has_alternative = False
    big_os = set()
    beside_code = code_line_count(code) >= 3
    for s in reading.sentences:
        if s.is_list:
            if beside_code and best < 2 and BIG_O.search(s.text):
                best, quote = 2, s  # notes beside the code ("O(n) time, O(n) space"): named, not tied
            continue
        found = BIG_O.findall(s.text)
        informal = _has(s.lower, INFORMAL_COSTS)
        if not found and not informal:
            continue
        big_os.update(f.replace(" ", "").lower() for f in found)
        justified = s.prose and (_has(f" {s.lower} ", COMPLEXITY_JUSTIFY) or (
            s.continuation and _has(f" {s.previous.lower} ", COMPLEXITY_JUSTIFY)))
        level = 2
        if justified:
            level = 3 if found or informal else 2
            if found and _has(s.lower, SPACE_WORDS):
                level = 4
        if _has(s.lower, ALTERNATIVE) and justified:
            has_alternative = True
        if level > best:
            best, quote = level, s
    if best >= 4 and (has_alternative or len(big_os) >= 3):
        best = 5
    return best, quote


def star_parts(reading: Reading, *, measured: Callable[[Sentence], bool] | None = None) -> dict[str, Sentence | None]:
    """Each STAR part counts only when a substantive sentence carries it. A result is a result word with a number or,
    without one, with four specific words. Given `measured` (evaluation.measured), a number is a result only when
    `measured` ties it to the story, whatever says it: a result word or a change ("dropped from 22 to 6 minutes")."""
    def find(pred) -> Sentence | None:
        return next((s for s in reading.substantive if pred(s)), None)

    def result(s: Sentence) -> bool:
        if NUMBER.search(s.text):
            return measured(s) if measured is not None else _has(s.lower, STAR_RESULT)
        return _has(s.lower, STAR_RESULT) and len(s.specific) >= 4

    return {
        "situation": find(lambda s: _has(s.lower, STAR_SITUATION) and is_past(s.tokens)
                          and (NUMBER.search(s.text) or len(s.tokens) >= 12)),
        "task": find(lambda s: _has(s.lower, STAR_TASK)),
        "action": find(lambda s: FIRST_PERSON_ACTION.search(s.text) and s.explanatory),
        "result": find(result),
        "lesson": find(lambda s: _has(s.lower, LESSON)),
    }


def quote(sentence: Sentence | None, limit: int = 140) -> str:
    if sentence is None:
        return "no evidence"
    text = " ".join(sentence.text.split())
    return f"\u201c{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}\u201d"
