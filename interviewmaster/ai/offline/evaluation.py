"""Deterministic answer evaluation, scored per criterion on the capabilities' 1-5 rubric anchors and weighted into
0-100 (issue 10: honest grading).

Only what the answer *explains* earns credit (see `reading.py`): an expected point is covered when a sentence gives a
reason, a mechanism, a step or an example about it, not when its keyword appears in a bare list. Turns that ask for
code are graded on the code (its hidden-test results when given); a turn that does not (a follow-up, or a question
whose `needs_code` is false) is judged on its words, whatever code comes with it; claims such as "optimal" earn nothing
by themselves;
STAR parts count only with content. The same deterministic caps (`interviewmaster.ai.grading`) run after this and
after every remote provider, so scores stay comparable.

`coverage` and `signals` below are the older keyword signals, still used by the follow-up chooser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from interviewmaster.ai import grading
from interviewmaster.ai.offline.reading import (
    APPROACH,
    BIG_O,
    BIG_O_NESTED,
    CODE_COMMENT,
    CODE_NAMES,
    FAILURE,
    FIRST_PERSON_ACTION,
    INFORMAL_COSTS,
    NUMBER,
    SPACE_WORDS,
    STAR_RESULT,
    STOPWORDS,
    TRADEOFF,
    UNIT_KEYWORDS,
    PointReading,
    Reading,
    Sentence,
    _has,
    _specific_words,
    code_line_count,
    code_structure,
    complexity_level,
    is_past,
    quote,
    star_parts,
    strip_instructions,
)
from interviewmaster.ai.offline.text import has_keyword, sentences, stem, stems, words

COMPLEXITY_WORDS = ("complexity", "linear time", "logarithmic", "quadratic", "constant time", "constant space",
                    "n log n", "amortized", "amortised")
CONNECTIVES = ("because", "therefore", "so that", "first", "then", "finally", "however", "for example",
               "which means", "since", "as a result", "instead", "otherwise", "e.g.")
TRADEOFF_WORDS = ("trade-off", "tradeoff", "trade off", "however", "instead", "versus", " vs", "on the other hand",
                  "downside", "cost", "latency", "throughput", "consistency", "availability", "bottleneck",
                  "scal", "replica", "shard", "partition", "cache", "queue", "fail")
STAR = {
    "situation": ("when i", "at my", "our team", "the project", "we were", "in my previous", "last year", "once"),
    "task": ("i needed to", "my goal", "i was responsible", "the goal", "task was", "had to", "my role"),
    "action": ("i decided", "i proposed", "i built", "i implemented", "i organised", "i organized", "i wrote",
               "i talked", "i led", "i set up", "i created", "i changed", "i asked", "i reviewed", "i introduced"),
    "result": ("as a result", "result", "outcome", "reduced", "increased", "improved", "saved", "cut ", "grew",
               "%", "learned", "learnt", "shipped", "delivered"),
}
APPROACH_WORDS = ("approach", "first", "then", "step", "edge case", "assume", "alternative", "brute force",
                  "optimi", "check", "validate", "test")


def _contains_any(text: str, needles: tuple[str, ...]) -> int:
    return sum(1 for n in needles if n in text)


def coverage(expected_points: list, text: str) -> tuple[list[str], list[str], float]:
    """(covered point texts, missing point texts, ratio).

    A point's keywords are synonyms (docs/question-bank.md): any one of them covers it. A point given as plain text
    (no keywords) is covered when half of its content words appear.
    """
    lower = text.lower()
    text_stems = stems(text)
    covered, missing = [], []
    for point in expected_points:
        if isinstance(point, str):
            point = {"point": point}
        keywords = point.get("keywords") or []
        if keywords:
            hit = any(has_keyword(k, lower, text_stems) for k in keywords)
        else:
            content = [w for w in words(point.get("point", "")) if len(w) > 3]
            hit = bool(content) and 2 * sum(1 for w in content if has_keyword(w, lower, text_stems)) >= len(content)
        (covered if hit else missing).append(point.get("point", ""))
    ratio = len(covered) / len(expected_points) if expected_points else 0.0
    return covered, missing, ratio


def _scale(value: float) -> int:
    """0..1 -> rubric 1..5."""
    return max(1, min(5, 1 + round(4 * max(0.0, min(1.0, value)))))


def signals(text: str, code: str) -> dict[str, Any]:
    lower = f"{text}\n{code}".lower()
    word_list = words(text)
    has_big_o = bool(BIG_O.search(text) or BIG_O.search(code))
    return {
        "words": len(word_list),
        "sentences": len(sentences(text)),
        "connectives": _contains_any(lower, CONNECTIVES),
        "big_o": has_big_o,
        "complexity_words": _contains_any(lower, COMPLEXITY_WORDS),
        "space": _contains_any(lower, SPACE_WORDS) > 0 and (has_big_o or "complexity" in lower),
        "tradeoffs": _contains_any(lower, TRADEOFF_WORDS),
        "star": {part: _contains_any(lower, needles) > 0 for part, needles in STAR.items()},
        "approach": _contains_any(lower, APPROACH_WORDS),
        "numbers": len(re.findall(r"\b\d{1,15}(?:\.\d{1,9})?\s?(?:%|x|ms|s|k|m|users|requests|hours|days)?\b", text)),
        "code_lines": code_line_count(code),
    }




# --- issue 10: scoring on what the answer explains -----------------------------------------------------------------
SHORT_NAMES = re.compile(r"\b([a-zA-Z])\s{0,3}=[^=]")


@dataclass
class Context:
    reading: Reading
    tests: dict | None
    asks_code: bool  # grading.asks_for_code: only then is the code (and are its tests) evidence
    topic: str = ""  # the prompt, and for a follow-up the question it follows: read when there are no points
    follow_up: bool = False
    prompt: str = ""  # the turn's own prompt
    parent: str = ""  # for a follow-up: the question it follows
    category: str = ""
    parent_answer: str = ""  # for a follow-up: the candidate's answer to the question it follows, when given
    expected_costs: tuple[str, ...] = ()  # the expected points that give the question's complexity in Big-O

    @property
    def ratio(self) -> float:
        if self.reading.points:
            return self.reading.ratio
        return open_ratio(self.reading, self.topic, complexity_asked=self.complexity_asked)

    @property
    def complexity_asked(self) -> bool:
        """A follow-up that asks for the time and space complexity ("What is the complexity of your solution?")."""
        return self.follow_up and not self.reading.points and asks_complexity(self.prompt)

    @property
    def code(self) -> str:
        return self.reading.code

    @property
    def test_ratio(self) -> float | None:
        return grading.test_ratio(self.tests)


# Not one rule with the hints' complexity pattern (probes.FOLLOW_UP_TOPICS), on purpose: this one gives credit (a cost
# tied to the approach counts on a complexity follow-up), that one only picks the hint steps. That one also reads
# "worst case", "running time", "the runtime" meaning the running time ("What's the runtime?", not "in the runtime")
# and "how slow" as complexity and reads words whole ("big o" is not "big one"); "how much memory" has its own entry
# there (the memory steps). Either merged into the other would change grading or hints (session 33).
ASKS_COMPLEXITY = ("complexity", "big-o", "big o", "time and space", "how fast", "how much memory")


def asks_complexity(prompt: str) -> bool:
    return _has(f" {prompt.lower()} ", ASKS_COMPLEXITY)


# Words every complexity answer or data structure has: they do not tie a cost to this question's approach.
COST_GENERIC = frozenset(stem(w) for w in ("time space complexity solution approach memory code algorithm table array "
                                           "list structure data input output worst case average best big").split())
TIED_COST_RATIO = 0.5  # what a tied cost stands for on a complexity follow-up: correctness 3, never more


def tied_cost(reading: Reading, topic: str) -> Sentence | None:
    """A prose sentence that gives Big-O for time and space and ties it to this question's approach: the words it ties
    the cost to include a specific word of the follow-up or the question it follows ("O(amount * len(coins)) time with
    a bottom-up DP table of size amount+1, O(amount) space" for the coin change), not only "for the array"."""
    terms = {stem(t) for t in _specific_words(words(topic))} - COST_GENERIC
    for s in reading.sentences:
        if s.prose and s.costs_the_approach and _has(s.lower, SPACE_WORDS) and terms & set(s.stem_seq):
            return s
    return None


def open_ratio(reading: Reading, topic: str, *, complexity_asked: bool = False) -> float:
    """What stands in for the share of expected points explained when a question has none, as the room's follow-ups
    have ("How does the GIL come into this?"): explanatory sentences (two are enough) on the topic, i.e. sharing
    specific words with the follow-up or the question it follows (two are enough). An explanation of something else
    keeps a quarter. Before, every follow-up answer read as explaining 0 points: a correct one scored 18-38/100 and
    pulled its question's score down (data/evaluation/followups.json; bench/evaluate.py prints both halves).
    A complexity follow-up answered by one tied cost (`tied_cost`) counts as half: a cost is stated, not explained, and
    Big-O alone cannot say whether it is right (session 32)."""
    ratio = 0.0
    explanatory = reading.explanatory
    if explanatory:
        topic_terms = {stem(t) for t in _specific_words(words(topic))}
        answer_terms = {stem(t) for s in explanatory for t in s.specific}
        relevance = min(1.0, len(topic_terms & answer_terms) / 2)
        ratio = min(1.0, len(explanatory) / 2) * (0.25 + 0.75 * relevance)
    if complexity_asked and ratio < TIED_COST_RATIO and complexity_level(reading, reading.code)[0] >= 4 \
            and tied_cost(reading, topic):
        ratio = TIED_COST_RATIO
    return ratio


@cache
def _frame_stems() -> frozenset[str]:
    """The words the room's own follow-up templates are built of ("How would your solution change if the input were
    100 times larger…", "What did you personally do, as opposed to the team?"): they say how a follow-up asks, not
    what about, so an answer sharing only them ("very large input") has not touched its topic."""
    from interviewmaster.ai.offline import followups, probes

    templates = [*followups.DEEPEN.values(), *followups.SHAPE_QUESTIONS, followups.MOVE_ON, followups.CHALLENGE,
                 *probes.TERM_QUESTION.values(), probes.TERM_QUESTION_DEFAULT, *probes.CATEGORY_QUESTIONS.values(),
                 probes.NO_TERM_QUESTION, probes.STORY_DEFAULT, probes.VERIFY,
                 *(question for _, question in (*probes.ASPECTS, *probes.STORY, *probes.VERB_QUESTIONS))]
    return frozenset(stem(w) for text in templates for w in _specific_words(words(text)))


def prompt_terms(prompt: str) -> set[str]:
    """The specific words of a follow-up's own prompt that are not the room's template words (`_frame_stems`): the
    thing a probe names ("dynamic programming", "GIL", "non-square matrix"), not how it asks."""
    return {stem(t) for t in _specific_words(words(prompt))} - _frame_stems()


def follow_up_terms(prompt: str, parent: str) -> set[str]:
    """What a follow-up is about: the specific words of the question it follows, and those of its own prompt
    (`prompt_terms`)."""
    own = prompt_terms(prompt)
    parent_terms = {stem(t) for t in _specific_words(words(parent))}
    parts = {part for whole, its_parts in INPUT_PARTS.items() if whole in parent_terms for part in its_parts}
    return (parent_terms | parts | own) - COST_GENERIC


# The parts an answer counts the work of when the question names the whole ("every cell is visited once by the DFS"
# after a question on a grid, "each row" of a matrix, "each start against the previous end" of intervals): without
# them an honest complexity follow-up shared no word with its question and was capped as off topic (25/100). Lists
# and arrays are left out: their parts (element, item, index) are words of any paragraph on data structures.
INPUT_PARTS = {stem(whole): frozenset(stem(p) for p in parts.split()) for wholes, parts in (
    ("matrix matrices grid grids", "cell cells row rows column columns col cols"),
    ("string strings word words", "character characters char chars letter letters"),
    ("interval intervals meeting meetings", "start starts end ends"),
    ("tree trees", "node nodes level levels depth height"),
    ("graph graphs", "node nodes edge edges vertex vertices"),
) for whole in wholes.split()}


def _first_person_action(sentence: Sentence) -> bool:
    """"I personally wrote…", "I then ran…": the candidate's own past action, an adverb or two between allowed."""
    tokens = sentence.tokens
    for i, token in enumerate(tokens):
        if token != "i":
            continue
        rest = [t for t in tokens[i + 1:i + 4] if not (t.endswith("ly") or t in {"also", "then", "first", "myself"})]
        if rest and FIRST_PERSON_ACTION.search(f"i {rest[0]}"):
            return True
    return False


FIRST_PERSON = frozenset({"i", "we", "my", "our", "me", "us"})
# Words every story has, whatever it is about: they do not tie an answer to this one ("I ran the meetings and
# implemented the fix", "discussed it with the stakeholders").
STORY_GENERIC = frozenset(stem(w) for w in (
    "plan plans meeting meetings fix fixes stakeholder stakeholders change changes people manager colleague "
    "colleagues everyone everything myself personally part role responsibility ownership communication situation "
    "solution problem result results thing things issue work task goal happen happened again").split())
PAST_IRREGULAR = frozenset(("wrote built ran took made went told found sent set led gave kept brought got spoke met "
                            "chose began did paid put showed taught drew split cut fought rebuilt rewrote sat sold "
                            "understood won shut held left read").split())
CONCRETE_MIN = 2  # concrete words a STAR part of a follow-up answer needs: "the risk note", "the CI check"


def _past_verb(token: str) -> bool:
    return token in PAST_IRREGULAR or (len(token) >= 5 and token.endswith("ed"))


def _concrete(specific: list[str]) -> set[str]:
    """The things a sentence (or a stretch of one) names: its specific words (`Sentence.specific`, `_specific_words`)
    that are not verbs in the past, adverbs or story-generic words ("I personally analysed the problem, wrote the
    plan, ran the meetings" names none)."""
    return {stem(t) for t in specific if not (_past_verb(t) or t.endswith("ly"))} - STORY_GENERIC


# Verbs that say someone was busy, not what they did: "I personally worked on the export and the customer addresses and
# made the cleanup job better with the team" re-lists the story's things (session 34).
VAGUE_ACTIONS = frozenset(("worked working handled handling helped helping dealt dealing contributed contributing "
                           "supported supporting participated participating assisted assisting collaborated "
                           "collaborating engaged engaging involved focused focusing improved improving did doing "
                           "looked looking").split())
# "made it better", "took ownership", "got better": a vague "made", "took" or "got" is followed by what it amounts to,
# not by a thing.
VAGUE_AFTER_MADE = frozenset(("better easier nicer good great sure work happen progress ownership care charge part "
                              "lead responsibility").split())
VAGUE_REACH = 8  # words after "made", "took", "got" in which an outcome makes it vague ("made the cleanup job better")
VAGUE_PURPOSES = frozenset("make do help improve work handle support deal contribute participate assist collaborate "
                           "engage focus look get ensure".split())
HELPED_REACH = 4  # "helped the legal team rewrite…": the object, then what was done
TEAM = frozenset(stem(w) for w in ("team", "teams"))


def _new_word(token: str, things: set[str]) -> bool:
    """A content word that is not one of the story's `things` nor a vague verb or outcome: what a purpose ("to
    rewrite") or a helped-to action ("helped the legal team rewrite") does."""
    return (token not in STOPWORDS and not token.endswith("ly")
            and token not in VAGUE_PURPOSES | VAGUE_ACTIONS | VAGUE_AFTER_MADE
            and stem(token) not in things | STORY_GENERIC | TEAM)


# What is not a new thing after a vague verb: a number, a duration ("in 2023", "for 2 sprints", "for two weeks") or
# "all the way": "I personally worked on the export and the customer addresses … in 2023" still only re-lists the
# story's things (session 34).
DURATIONS = frozenset(stem(w) for w in "minute minutes hour hours day days week weeks month months quarter quarters "
                      "year years sprint sprints time times way".split())
NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
                         "sixty seventy eighty ninety hundred thousand million".split())
FREQUENCIES = frozenset("hourly nightly daily weekly monthly yearly quarterly".split())  # not adverbs: "runs hourly"
OWN_WORK = frozenset(("myself", "alone", "single-handedly", "solo"))
OBJECT_STARTS = frozenset("the a an it them this that these those our my their its every each all some any".split())
VAGUE_MAKES = frozenset(("made", "took", "got"))  # "made sure the cleanup job got better": what a vague verb amounts to
OWN_THINGS_MAX = 4  # story words a claim of one's own work names: "the cleanup job … and the retention clause wording"
NEW_MIN = 2  # new words a vague verb needs after it: "a nightly cron that deletes…", "so it runs hourly"


def _new_things(tokens: list[str], things: set[str]) -> set[str]:
    """The words of a sentence that name something new: not one of the story's `things` (`_new_word`), nor a number
    (digits or words: "in 2023", "2 times"), nor a duration ("for two sprints"); a frequency counts ("runs hourly
    instead of nightly"). A measured result comes with its own verb ("build times dropped from 22 to 6 minutes")."""
    found = set()
    for token in tokens:
        if token in VAGUE_MAKES or NUMBER.search(token) or token in NUMBER_WORDS or stem(token) in DURATIONS:
            continue
        if token in FREQUENCIES or _new_word(token, things):
            found.add(stem(token))
    return found


def _says_what_was_done(sentence: Sentence, things: set[str]) -> bool:
    """A sentence of a story says an action, not only its things: a past verb that is not a vague one ("wrote",
    "walked … through", "proposed"), a means ("by deleting them after ninety days"), a purpose ("worked with the
    legal team to rewrite the clause") or what was helped to be done ("helped the legal team rewrite it"), each a
    word that is not one of the story's `things` (`_new_word`). A vague verb says something when new things follow it
    (`_new_things`: "worked on the cleanup job, a nightly cron that deletes addresses…", "improved the cleanup job so
    it runs hourly"), or when one thing of the story is claimed as the candidate's own ("I did the cleanup job
    myself"). "Worked on", "made … better", "handled", "helped with" over the story's nouns say nothing the earlier
    answer did not, nor do they with a year, a duration or "all the way to production" added (session 34)."""
    tokens = sentence.tokens
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else ""
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        helped = "helped" in tokens[max(0, i - HELPED_REACH):i]
        # "to rewrite the clause" is a purpose; "to production" at the end is a place, not an action
        purpose = before == "to" and bool(after) and (after in OBJECT_STARTS or after not in STOPWORDS)
        verb = (_past_verb(token) or (before == "by" and token.endswith("ing"))
                or ((purpose or helped) and _new_word(token, things)))
        if token in VAGUE_ACTIONS:
            rest = tokens[i + 1:]
            if len(_new_things(rest, things)) >= NEW_MIN:
                return True
            if OWN_WORK.intersection(rest) and len(_concrete(sentence.specific) & things) <= OWN_THINGS_MAX:
                return True
            continue
        if not verb:
            continue
        if token in VAGUE_MAKES and VAGUE_AFTER_MADE.intersection(tokens[i + 1:i + 1 + VAGUE_REACH]):
            continue
        return True
    return False


def story_terms(ctx: Context, terms: set[str]) -> set[str]:
    """What a behavioural follow-up is about: the follow-up's terms (`follow_up_terms`), or, when the inputs carry the
    candidate's answer to the question it follows (`parent_answer`), its own prompt's terms (`prompt_terms`) and the
    specific words of that answer. With that answer, the
    words of the question it follows are not the story's: "I personally analysed the security risk and the compliance
    request, wrote the plan, ran the meetings…", the question's nouns copied into a generic answer, scored 47.5."""
    told = {stem(t) for t in _specific_words(words(ctx.parent_answer))}
    if told:
        return (prompt_terms(ctx.prompt) | told) - STORY_GENERIC
    return terms - STORY_GENERIC


def _tells_the_story(ctx: Context, terms: set[str]) -> bool:
    """A behavioural follow-up is about the story told before: it is answered in the first person, in the past ("I
    personally wrote the risk note…", "We added a migration check…"), or, when it asks what the candidate would do, in
    the first person; and some sentence names a thing of that story (`story_terms`: "the risk note … with the
    security lead" after a story about a security risk). A paragraph on hash maps is neither, even where it shares a
    word ("a unique request key" after a story about a request); a past-tense paragraph on Kubernetes, or "I analysed
    the situation, discussed it with the stakeholders and implemented the solution", names nothing of the story
    (each scored 60/100 on "What did you personally do?", as much as an honest answer). A follow-up asking for the
    result ("…what was the measurable result?") is answered by a new result of the story (`new_result`), in whatever
    person: "the error rate on card payments dropped from 3.1% to 0.2%" (session 39)."""
    hypothetical = "would" in words(ctx.prompt)
    about = story_terms(ctx, terms)
    if not any(about & _concrete(s.specific) for s in ctx.reading.substantive):
        return False
    if "result" in asked_parts(ctx.prompt) and new_result(ctx, about):
        return True
    for s in ctx.reading.substantive:
        if not FIRST_PERSON.intersection(s.tokens):
            continue
        if _first_person_action(s) or is_past(s.tokens) or (hypothetical and about & set(s.stem_seq)):
            return True
    return False


def off_topic_follow_up(ctx: Context) -> bool:
    """A follow-up answer that shares no word with what the follow-up is about (`follow_up_terms`): a paragraph on
    hash maps pasted into "How would your solution change if the input were 100 times larger?" on the coin change
    scored 56/100, above the same paragraph on the main question (30): an explanation of something else is not an
    answer. A behavioural follow-up is answered by the story (`_tells_the_story`)."""
    if not ctx.follow_up or ctx.reading.points or not ctx.reading.substantive:
        return False
    terms = follow_up_terms(ctx.prompt, ctx.parent)
    if ctx.category == "behavioral":
        return not _tells_the_story(ctx, terms)
    return not terms & {stem(t) for s in ctx.reading.substantive for t in s.specific}


OFF_TOPIC_CAP = 2
OFF_TOPIC_WHY = "the answer does not address this follow-up or the question it follows"

def _code_first_line(code: str) -> str:
    line = next((line.strip() for line in code.splitlines() if line.strip()), "")
    return f"\u201c{line[:100]}\u201d" if line else "no evidence"


STUB_LINES = {"pass", "...", "return", "return none", "return null", "return undefined", "todo", "none", "null",
              "undefined", "notimplemented", "return notimplemented"}
STUB_STARTS = ("raise notimplementederror", "throw new error", "@")
SIGNATURE_PREFIXES = ("export default ", "export ", "async ")
SIGNATURE_STARTS = tuple(f"{keyword} " for keyword in UNIT_KEYWORDS)
QUOTES = ('"""', "'''", '"', "'", "`")
EMPTY_LITERAL_AFTER = ("return", "=", "(", ",", ":", "[")  # "return {}", "x = {}": an empty object, not a body


def _ends_with(parts: list[str], endings: tuple[str, ...]) -> bool:
    """Whether the text so far, without its trailing white space, ends with one of `endings` (a few parts read)."""
    end = len(parts)
    while end and not parts[end - 1].strip():
        end -= 1
    return "".join(parts[max(0, end - 8):end]).rstrip().endswith(endings)


def _skip(code: str, i: int) -> int:
    """Where the string or comment that starts at `i` ends (`i` itself when none starts there). A backslash escapes
    the character after it inside a one-quote string ("\\"" does not end it); an apostrophe before a name not closed
    right after it is a Rust lifetime or loop label (`'a`), not a string that swallowed the rest of the line."""
    quote = next((q for q in QUOTES if code.startswith(q, i)), None)
    if quote == "'" and _lifetime(code, i):
        return i
    if quote:
        close = i + len(quote)
        while True:
            close = code.find(quote, close)
            if close < 0:
                return len(code)
            if len(quote) == 1 and _escaped(code, close):
                close += 1
                continue
            return close + len(quote)
    if code.startswith(("#", "//"), i):
        newline = code.find("\n", i)
        return len(code) if newline < 0 else newline
    if code.startswith("/*", i):
        close = code.find("*/", i + 2)
        return len(code) if close < 0 else close + 2
    return i


def _escaped(code: str, at: int) -> bool:
    """Whether the character at `at` follows an odd run of backslashes."""
    run = 0
    while at - run - 1 >= 0 and code[at - run - 1] == "\\":
        run += 1
    return run % 2 == 1


def _lifetime(code: str, i: int) -> bool:
    """`'a` in `fn f<'a>(s: &'a str)`: a name right after the apostrophe, and no apostrophe closing it (a char literal
    'a' or a string 'ab' has one)."""
    end = i + 1
    while end < len(code) and (code[end].isalnum() or code[end] == "_"):
        end += 1
    return end > i + 1 and not code[i + 1].isdigit() and not code.startswith("'", end)


def _empty_literal(code: str, i: int, parts: list[str]) -> int:
    """Where an empty object literal ("return {}", "x = {}") that starts at `i` ends, `i` when none does there: "{}"
    after a name's signature is an empty body, after EMPTY_LITERAL_AFTER a value."""
    if code[i] != "{" or not _ends_with(parts, EMPTY_LITERAL_AFTER):
        return i
    close = i + 1
    while close < len(code) and code[close] in " \t":
        close += 1
    return close + 1 if code.startswith("}", close) else i


def _pieces(code: str) -> list[tuple[str, bool]]:
    """The code's statements without its comments: (text, whether it is a string literal alone, as a docstring is).
    Statements end at a line break, ";", "{" or "}" outside strings; "#", "//" and "/* */" comments outside strings
    are dropped, so "'#' + x" and "`//${x}`" keep their text."""
    pieces: list[tuple[str, bool]] = []
    current: list[str] = []
    only_string = [True]

    def end() -> None:
        text = "".join(current).strip()
        if text:
            pieces.append((text, only_string[0]))
        current.clear()
        only_string[0] = True

    i, n = 0, len(code)
    while i < n:
        char = code[i]
        skipped = _skip(code, i)
        if skipped > i:
            if char in "\"'`":  # a string is kept; a comment goes
                current.append(code[i:skipped])
            i = skipped
            continue
        literal = _empty_literal(code, i, current)
        if literal > i:
            current.append("{}")
            only_string[0] = False
            i = literal
            continue
        if char in "\n;{}":
            end()
        else:
            current.append(char)
            if not char.isspace():
                only_string[0] = False
        i += 1
    end()
    return pieces


def _stub_body(text: str) -> bool:
    """A statement that does nothing: empty, pass, ..., a bare return or one of None/null/undefined, a TODO, or
    NotImplementedError raised."""
    return not text or text in STUB_LINES or text.startswith(STUB_STARTS)


def _body_of(text: str) -> str | None:
    """What a statement that opens a unit of code holds after its head, or None when it opens none: a signature
    ("def f(x): return x" -> "return x", "function f(x)" -> ""), an arrow function ("const f = x => null" -> "null")
    or a lambda ("f = lambda x: None" -> "none"). A body on the head's line is after its first colon outside brackets
    (a type hint's is inside them); a head without one has its body in braces, the next statements."""
    for prefix in SIGNATURE_PREFIXES:
        if text.startswith(prefix):
            text = text[len(prefix):]
    if "=>" in text:
        return text[text.index("=>") + 2:].strip()
    unit = text.startswith(SIGNATURE_STARTS) or "function" in text.split("(")[0].split()
    if not (unit or "lambda" in text.split()):
        return None
    depth = 0
    for index, char in enumerate(text):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == ":" and depth == 0:
            return text[index + 1:].strip()
    return "" if unit else None  # "function f(x)" before its braces; "map(lambda x: None, xs)" is no unit


def is_stub(code: str) -> bool:
    """True for code with a signature and nothing else: the starter code sent back, `pass`, `...`, a bare return or
    `return None`/`null`, a TODO or NotImplementedError, with or without comments and docstrings. It earns what no
    code earns (an empty `pass` body scored 3/5 on code quality). A body is a stub only when, without its comments and
    docstrings, it is one of those: `function double(x) { /* fast path */ return x * 2; }` is code (session 36)."""
    for text, only_string in _pieces(code):
        if only_string:  # a docstring
            continue
        text = text.lower()
        body = _body_of(text)
        if body is not None:
            text = body
        if not _stub_body(text):
            return False
    return True


def _best_explaining(ctx: Context) -> Sentence | None:
    counts: dict[int, int] = {}
    for point in ctx.reading.covered:
        counts[id(point.explained_by)] = counts.get(id(point.explained_by), 0) + 1
    best = max(ctx.reading.covered, key=lambda p: counts[id(p.explained_by)], default=None)
    return best.explained_by if best else None


def _correctness(ctx: Context) -> tuple[int, str, str]:
    covered = f"{len(ctx.reading.covered)} of {len(ctx.reading.points)} expected points explained"
    if ctx.asks_code or ctx.test_ratio is not None:
        if ctx.test_ratio is not None:
            passed, total = int(ctx.tests.get("passed", 0)), int(ctx.tests.get("total", 0))
            why = "the hidden tests were not run" if ctx.tests.get("not_run") else f"{passed}/{total} hidden tests pass"
            return grading.correctness_from_tests(ctx.test_ratio), _code_first_line(ctx.code), why
        if ctx.code.strip() and not is_stub(ctx.code):
            score = min(4, _scale(0.5 * code_structure(ctx.code) + 0.5 * ctx.ratio))
            return score, _code_first_line(ctx.code), f"judged from the code (no tests were run); {covered}"
        if ctx.code.strip():  # a stub: code was submitted, and it does nothing (it said "no code was submitted")
            return min(2, _scale(ctx.ratio)), _code_first_line(ctx.code), (f"the submitted code is a stub that does "
                                                                           f"nothing, and no tests were run; {covered}")
        return min(2, _scale(ctx.ratio)), quote(_best_explaining(ctx)), f"no code was submitted; {covered}"
    if not ctx.reading.points:  # a follow-up: read for explanations of its topic (open_ratio)
        explained = ctx.reading.explanatory
        tied = tied_cost(ctx.reading, ctx.topic) if ctx.complexity_asked and not explained else None
        if tied is not None:
            return (min(3, _scale(ctx.ratio)), quote(tied),
                    "the time and space cost is tied to the approach but not explained")
        return (_scale(ctx.ratio), quote(explained[0] if explained else None),
                f"{len(explained)} sentence{'' if len(explained) == 1 else 's'} on the topic explain"
                f"{'s' if len(explained) == 1 else ''} something")
    return _scale(ctx.ratio), quote(_best_explaining(ctx)), covered


def _problem_solving(ctx: Context) -> tuple[int, str, str]:
    steps = ctx.reading.count_in_explanatory(APPROACH)
    value = 0.6 * ctx.ratio + 0.4 * min(1.0, steps / 4)
    evidence = ctx.reading.first(lambda s: s.explanatory and _has(f" {s.lower} ", APPROACH))
    return _scale(value), quote(evidence), f"{steps} explained steps, checks or alternatives"


# Code quality of code never run (its question's tests do not run its language): at most rubric 3 ("readable …"),
# what reading alone can tell; "clean and idiomatic" needs more than names and line counts.
UNJUDGED_CODE_QUALITY = 3


def _code_quality(ctx: Context) -> tuple[int, str, str]:
    code = ctx.code
    if not code.strip():
        return (1, "no evidence", "no code was submitted") if ctx.asks_code else (3, "no evidence",
                                                                                    "no code needed")
    if is_stub(code):
        return 1, _code_first_line(code), "a signature whose body returns nothing"
    lines = code_line_count(code)
    names = set(CODE_NAMES.findall(code))
    value = (0.4 + 0.2 * bool(names) + 0.2 * (len(SHORT_NAMES.findall(code)) <= 3)
             + 0.2 * (5 <= lines <= 80))
    if ctx.test_ratio is not None:
        value = 0.5 * value + 0.5 * ctx.test_ratio
    why = f"{lines} lines, {len(names)} named functions/classes"
    if isinstance(ctx.tests, dict) and ctx.tests.get("unjudged"):
        # Code on a question with tests, in a language they do not run: names and length are all this engine sees,
        # so it cannot call the code clean and idiomatic (a never-run `func solve() int { return 1 }` scored 4/5).
        return min(UNJUDGED_CODE_QUALITY, _scale(value)), _code_first_line(code), f"{why}; not run (no tests in " \
            "its language), so read only"
    return _scale(value), _code_first_line(code), why


def _costs_this_question(ctx: Context, more: set[str] = frozenset()) -> bool:
    """A sentence of the answer gives a cost, as a Big-O or in words (`INFORMAL_COSTS`), and names something of this
    question ("Sorting the intervals … takes O(n log n)", "memory is linear in the amount"), not of another one; or a
    comment of the code does ("# O(amount * len(coins)) time"). A cost in words, or only in a code comment, was read
    as another question's and gave complexity 2 (session 34)."""
    terms = follow_up_terms(ctx.prompt, ctx.parent) | more
    if any((BIG_O.search(s.text) or _has(s.lower, INFORMAL_COSTS)) and terms & set(s.stem_seq)
           for s in ctx.reading.sentences):
        return True
    return any(BIG_O.search(comment) and terms & stems(comment) for comment in CODE_COMMENT.findall(ctx.code))


def expected_costs(expected_points: list) -> tuple[str, ...]:
    """The expected points that give the question's complexity in Big-O ("O(amount * number of coins) time and
    O(amount) space"), each as its text and keywords: what a main question's complexity is checked against."""
    found = []
    for point in expected_points:
        point = {"point": point} if isinstance(point, str) else point
        if not isinstance(point, dict):
            continue
        text = " ".join(str(part) for part in (point.get("point", ""), *(point.get("keywords") or [])))
        if BIG_O.search(text):
            found.append(text)
    return tuple(found)


def _big_o_forms(text: str) -> set[str]:
    return {form.replace(" ", "").lower() for form in BIG_O_NESTED.findall(text)}


def _states_expected_cost(ctx: Context) -> bool:
    """The answer gives a cost the question expects: a Big-O of its complexity points ("O(n log n)" for the merge of
    intervals), or a cost (`_costs_this_question`) naming a word of the question or of those points ("O(amount *
    len(coins))", "linear in the amount")."""
    expected = set().union(*(_big_o_forms(text) for text in ctx.expected_costs))
    stated = set().union(*(_big_o_forms(s.text) for s in ctx.reading.sentences), _big_o_forms(
        "\n".join(CODE_COMMENT.findall(ctx.code))))
    if expected & stated:
        return True
    terms = {stem(t) for text in ctx.expected_costs for t in _specific_words(words(text))} - COST_GENERIC
    return _costs_this_question(ctx, terms)


def _complexity(ctx: Context) -> tuple[int, str, str]:
    level, sentence = complexity_level(ctx.reading, ctx.code)
    reasons = {1: "complexity is not discussed", 2: "complexity is named but not tied to the approach",
               3: "time complexity is tied to the approach; space is not", 4: "time and space are justified",
               5: "time and space are justified and compared with an alternative"}
    if level >= 3 and ctx.follow_up and not ctx.reading.points and not _costs_this_question(ctx):
        # A follow-up has no expected points to check the cost against: the cost must at least be this question's
        # ("lookups are O(1) on average" earned 3/5 on the coin change's follow-up, no coin-change cost stated).
        return 2, quote(sentence), "a complexity is stated, but not one of this question's approach"
    if level >= 3 and ctx.expected_costs and not ctx.follow_up and not _states_expected_cost(ctx):
        # The main question is checked as its follow-ups are, against its expected cost and its words: "a hash map,
        # O(n) time and O(n) space" on the coin change scored 4/5 "Right time and space" there, 2/5 on each follow-up.
        return 2, quote(sentence), "a complexity is stated, but not one of this question's approach"
    return level, quote(sentence), reasons[level]


def _communication(ctx: Context) -> tuple[int, str, str]:
    reading = ctx.reading
    prose = [s for s in reading.sentences if s.prose]
    if not reading.substantive:
        return 1, "no evidence", "no sentence says anything specific"
    structure = min(1.0, reading.connectives / 4)
    words_ = reading.prose_words
    length = 1.0 if 40 <= words_ <= 400 else (0.5 if 15 <= words_ < 40 or words_ > 400 else 0.0)
    substance = len(reading.explanatory) / max(1, len(prose))
    value = 0.35 * structure + 0.3 * length + 0.35 * substance
    return (_scale(value), quote(reading.explanatory[0] if reading.explanatory else reading.substantive[0]),
            f"{len(reading.explanatory)} of {len(prose)} sentences explain something, {words_} words")


def _tradeoffs(ctx: Context) -> tuple[int, str, str]:
    reading = ctx.reading
    argued = [s for s in reading.explanatory if _has(f" {s.lower} ", TRADEOFF)]
    failure = any(_has(s.lower, FAILURE) for s in reading.explanatory)
    value = (0.35 * min(1.0, len(argued) / 4) + 0.4 * ctx.ratio + 0.15 * min(1.0, reading.numbers_in_prose / 2)
             + 0.1 * failure)
    return _scale(value), quote(argued[0] if argued else None), f"{len(argued)} trade-offs argued with a reason"


def _depth(ctx: Context) -> tuple[int, str, str]:
    reading = ctx.reading
    value = (0.6 * ctx.ratio + 0.25 * min(1.0, len(reading.explanatory) / 5)
             + 0.15 * min(1.0, reading.prose_words / 120))
    return (_scale(value), quote(_best_explaining(ctx)),
            f"{len(reading.covered)} points explained in {len(reading.explanatory)} explanatory sentences")


# What a behavioural follow-up asks for, by its words: the part of the story it is graded on. "you do" asks for the
# action, not "what would you do differently" (the lesson): the story's actions answered that, 5/5 (session 39).
FOLLOW_UP_STAR_PARTS = (
    ("action", re.compile(r"personally|yourself|your own|your part|your role|did you do|\byou do\b(?!\s+differently)")),
    ("result", re.compile(r"result|measurable|outcome|turn out|a number")),
    ("lesson", re.compile(r"differently|learn|take away|afterwards|again")),
    ("situation", re.compile(r"scene|situation|at stake|which project")),
)


def asked_parts(prompt: str) -> list[str]:
    """The parts of the story a behavioural follow-up asks for, by its words (`FOLLOW_UP_STAR_PARTS`)."""
    prompt = f" {prompt.lower()} "
    return [part for part, cues in FOLLOW_UP_STAR_PARTS if cues.search(prompt)]


# What "make that concrete… what was the measurable result?" asks for: figures (digits, a percentage, "zero", "forty
# million") said as a result or a change, beside a thing of the story, that the earlier answer did not give. "the
# error rate on card payments dropped from 3.1% to 0.2%" answers it; "Zero card numbers in our logs, as I said, and
# the bug fixed in two days" gives the earlier answer's figures again, and a paragraph on hash maps with "100 times
# faster" names nothing of the story (session 39).
FIGURE_WORDS = NUMBER_WORDS | {"zero", "half", "twice"}


def _figures(tokens: list[str]) -> set[str]:
    return {t for t in tokens if (any(c.isdigit() for c in t) and not YEAR.fullmatch(t)) or t in FIGURE_WORDS}


def new_result(ctx: Context, things: set[str]) -> Sentence | None:
    """The first substantive sentence giving a result (a result word or a change, `CHANGE`) with a figure that is not
    in the earlier answer (`parent_answer`) and a thing of the story (`things`, `story_terms`) within
    `RESULT_WINDOW` words of it."""
    told = set(words(ctx.parent_answer))
    for sentence in ctx.reading.substantive:
        if not (_has(sentence.lower, STAR_RESULT) or CHANGE.search(sentence.text)):
            continue
        tokens = sentence.tokens
        for index, token in enumerate(tokens):
            if token in told or not _figures([token]):
                continue
            window = tokens[max(0, index - RESULT_WINDOW):index + RESULT_WINDOW + 1]
            if _concrete(_specific_words(window)) & things:
                return sentence
    return None


def _follow_up_star(ctx: Context) -> tuple[int, str, str]:
    """A behavioural follow-up asks for one part of the story told before ("What did you personally do, as opposed
    to the team?"): a direct answer is graded on that part, not on the whole STAR form of the question it follows
    ("I personally wrote the risk note, ran the meeting…" scored STAR 1/5, "No concrete example"). The part asked
    scores 4; with another part, or a number in it, 5 when the story's lesson is among them (`LESSON_FOR_FIVE`);
    none of what was asked, 1."""
    parts = star_parts(ctx.reading)
    # A part names things ("wrote the risk note"): generic verbs over generic objects make none (session 33); an
    # action also says what was done, not only the story's things (`_says_what_was_done`, session 34).
    actions = [parts["action"], *(s for s in ctx.reading.substantive if _first_person_action(s))]
    things = story_terms(ctx, follow_up_terms(ctx.prompt, ctx.parent))
    action = next((s for s in actions if s is not None and len(_concrete(s.specific)) >= CONCRETE_MIN
                   and _says_what_was_done(s, things)), None)
    asked = asked_parts(ctx.prompt)
    result = parts["result"]
    if "result" in asked and ctx.parent_answer:
        # the result asked for is a new one (`new_result`): the earlier answer's figures said again are not
        figures = _figures(result.tokens) if result is not None else set()
        restated = bool(figures) and figures <= set(words(ctx.parent_answer))
        result = new_result(ctx, things) or (None if restated else result)
    parts = {part: s if s is not None and len(_concrete(s.specific)) >= CONCRETE_MIN else None
             for part, s in {**parts, "action": action, "result": result}.items()}
    asked = asked or ["action", "result", "lesson"]
    given = [part for part in asked if parts[part]]
    if not given:
        return 1, "no evidence", f"the follow-up asks for the {' or '.join(asked)}, and the answer does not give it"
    others = [p for p in ("situation", "task", "action", "result", "lesson") if parts[p] and p not in given]
    evidence = parts[given[0]]
    bonus = (bool(others) or bool(NUMBER.search(evidence.text))) and bool(parts["lesson"])
    return 4 + bonus, quote(evidence), f"answers what the follow-up asks: {', '.join(given)}"


# --- a measurable result (session 34) --------------------------------------------------------------------------------
# "Measurable result" (the plan agent's behavioural template) read for its words was met by any explaining sentence
# with "result" in it, and the STAR result took any number: a generic story with invented "improved by 47%, cut 63% of
# errors" scored 72.5, above an honest one with a specific result (61.3) (review, session 34). A result is measured
# when a number is said as a result (a result word or a change: "from 3 hours to 25 minutes", "dropped to") and tied
# to what the story is about: a word beside the number (what was measured: the job, latency, errors, users) that
# another sentence of the story names too.
RESULT_WINDOW = 4  # words either side of the number that can say what it measures
CHANGE = re.compile(r"\bfrom\b[^.;]{0,40}\bto\b|\b(?:dropped|fell|rose|went|halved|doubled|tripled|down|now|since|"
                    r"instead of|less than|more than|under|below|above)\b", re.IGNORECASE)
YEAR = re.compile(r"(?:19|20)\d\d")


def measured(sentence: Sentence, reading: Reading) -> bool:
    """The sentence gives a number as a result, tied to something the rest of the story names."""
    if not (_has(sentence.lower, STAR_RESULT) or CHANGE.search(sentence.text)):
        return False
    elsewhere = {w for other in reading.sentences if other is not sentence
                 for w in _concrete(_specific_words(other.tokens))}
    tokens = sentence.tokens
    for index, token in enumerate(tokens):
        if any(c.isdigit() for c in token) and not YEAR.fullmatch(token):
            window = tokens[max(0, index - RESULT_WINDOW):index + RESULT_WINDOW + 1]
            if _concrete(_specific_words(window)) & elsewhere:
                return True
    return False


def measured_result(reading: Reading) -> Sentence | None:
    """The first substantive sentence giving a measured result (`measured`): the evidence of a "Measurable result"
    point (point_kinds)."""
    return next((s for s in reading.substantive if measured(s, reading)), None)


# STAR 5 reads "Complete STAR story with measurable result and a lesson learned" (capabilities): a story with no lesson
# got it, on the question and on its follow-ups, from a number alone (session 39). Without a lesson, 4 at most.
LESSON_FOR_FIVE = 5


def _star(ctx: Context) -> tuple[int, str, str]:
    if ctx.follow_up and not ctx.reading.points:
        return _follow_up_star(ctx)
    reading = ctx.reading
    # numbers tied to nothing the story names ("we improved by 47% and cut 63% of errors") are no result
    parts = star_parts(reading, measured=lambda s: measured(s, reading))
    present = [p for p in ("situation", "task", "action", "result") if parts[p]]
    value = len(present) / 4
    if parts["result"] and NUMBER.search(parts["result"].text):
        value += 0.1
    if parts["lesson"]:
        value += 0.1
    evidence = parts["result"] or parts["action"] or parts["situation"]
    score = _scale(value) if parts["lesson"] else min(LESSON_FOR_FIVE - 1, _scale(value))
    return score, quote(evidence), f"STAR parts with content: {', '.join(present) or 'none'}"


CRITERIA = {
    "correctness": _correctness, "problem_solving": _problem_solving, "code_quality": _code_quality,
    "complexity_analysis": _complexity, "communication": _communication, "system_design_tradeoffs": _tradeoffs,
    "technical_depth": _depth, "star_structure": _star,
}


def _criterion_score(cid: str, ctx: Context) -> tuple[int, str, str]:
    """Score one criterion 1-5; return (score, evidence quote or 'no evidence', what decided it)."""
    if ctx.reading.too_short:
        return 1, "no evidence", grading.COPIED_ONLY if ctx.reading.copied else grading.TOO_SHORT
    if ctx.reading.hedged:
        return 1, "no evidence", grading.HEDGED
    return CRITERIA.get(cid, _depth)(ctx)


def _improvements(ctx: Context, by_key: dict[str, int]) -> list[str]:
    reading = ctx.reading
    tips = [f"You named \u201c{p.keyword}\u201d but did not explain it: say how or why \u2014 {p.point[0].lower()}"
            f"{p.point[1:]}." for p in reading.named_only[:3]]
    tips += [f"Address: {p.point}" for p in reading.points if not p.named and missed(p, by_key)][:3]
    advice = [
        ("complexity_analysis", 3, "State the time and space complexity and tie it to the approach (e.g. one pass "
                                   "over n items with O(1) lookups is O(n) time)."),
        ("communication", 2, "Write full sentences: lead with the idea, then the steps, then why it works."),
        ("star_structure", 3, "Tell one real story: the situation and what was at stake, what you personally did "
                              "and why, and a concrete result."),
    ]
    tips += [tip for key, limit, tip in advice if by_key.get(key, 5) <= limit]
    if ctx.asks_code and not ctx.code.strip():
        tips.append("Write the code: correctness on a coding question is judged from working code.")
    ratio = ctx.test_ratio
    if ratio is not None and ctx.tests.get("not_run"):
        tips.append("The hidden tests were not run (your judge budget was spent), so correctness counts as unproven: "
                    "run your code in practice only as long as it needs.")
    elif ratio is not None and ratio < 1:
        # judging stops at the first failing hidden test: the tests after it (`skipped`) were not run, not failed
        not_run = _not_run(ctx.tests)
        failing = int(ctx.tests["total"]) - int(ctx.tests.get("passed", 0)) - not_run
        names = _failing_names(ctx.tests)
        where = f" (for example {', '.join(names)})" if names else ""
        if not_run:
            tips.append(f"{failing} hidden test{'s' if failing != 1 else ''} fail{'' if failing != 1 else 's'}{where}"
                        f"; judging stopped there, so the {not_run} after it were not run: check edge cases such as "
                        "empty input, duplicates and large values.")
        else:
            tips.append(f"{failing} hidden tests fail{where}: check edge cases such as empty input, duplicates and "
                        "large values.")
    return tips


def _not_run(tests: dict) -> int:
    """How many tests were not run (`skipped` in `verdicts`: judging stops at the first failing hidden test)."""
    verdicts = tests.get("verdicts") if isinstance(tests.get("verdicts"), list) else []
    return sum(1 for v in verdicts if v == "skipped")


def _failing_names(tests: dict) -> list[str]:
    """Up to three public labels of failing tests from `verdicts` ([{"name", "passed"}]); malformed entries are
    skipped."""
    verdicts = tests.get("verdicts") if isinstance(tests.get("verdicts"), list) else []
    names = [str(v.get("name"))[:60] for v in verdicts
             if isinstance(v, dict) and v.get("passed") is False and v.get("name")]
    return names[:3]


GOOD_CODE = 4
GOOD_COMPLEXITY = 4  # "Right time and space with a brief justification"
# The criterion that rates the evidence a point of a kind names (point_kinds), and the score at which it has it.
MET_BY_CRITERION = {"working_code": ("code_quality", GOOD_CODE), "complexity": ("complexity_analysis", GOOD_COMPLEXITY)}


def missed(point: PointReading, by_key: dict[str, int]) -> bool:
    """An expected point the answer did not explain, unless the criterion that rates its kind of evidence rated it
    well: code quality 4/5 has the working code, complexity 4/5 the complexity. The report's missed points, the
    feedback and the tips are this one reading: "Missed: Complexity stated in Big-O" was listed beside complexity
    4/5 (session 37), "Most important to add: Working, readable code" beside code quality 5/5 (session 33)."""
    if point.explained_by is not None:
        return False
    key, good = MET_BY_CRITERION.get(point.kind, ("", 0))
    return not (key and by_key.get(key, 0) >= good)


def _feedback(ctx: Context, overall: float, by_key: dict[str, int], *, repeated: bool = False) -> str:
    reading = ctx.reading
    if repeated:
        return f"{grading.REPEATED_NOTE} Score {overall:.0f}/100."
    if not reading.points and ctx.follow_up:
        # About the answer, not the engine ("A follow-up has no expected points of its own…" was shown to candidates).
        if off_topic_follow_up(ctx):
            line = "Your answer does not address this follow-up: say how it applies to what was asked."
        elif reading.explanatory:
            line = "Your answer explains its reasoning on what was asked."
        else:
            line = "Your answer states its points without explaining them: say how or why."
    elif not reading.points:
        line = "There were no expected points for this question, so the rubric signals decide."
    else:
        line = f"You explained {len(reading.covered)} of {len(reading.points)} expected points."
    parts = [line, f"Score {overall:.0f}/100."]
    if reading.too_short:
        parts.append("Your answer was empty or only a few words, so there was nothing to assess.")
    named = reading.named_only
    if named:
        terms = ", ".join(f"\u201c{p.keyword}\u201d" for p in named[:3])
        them = "them" if len(named[:3]) > 1 else "it"
        parts.append(f"You mentioned {terms} but did not explain {them}; for example, {named[0].point[0].lower()}"
                     f"{named[0].point[1:]}.")
    # Code the rubric rates 4/5 or more is not what is missing, whatever a point about code says (session 33: "Most
    # important to add: Working, readable code" beside Code quality 5/5).
    missing = [p for p in reading.points if not p.named and missed(p, by_key)]
    if missing:
        parts.append(f"Most important to add: {missing[0].point}.")
    return " ".join(parts)


def question_and_answer(inputs: dict[str, Any]) -> tuple[dict, dict]:
    """The turn's question and answer from a task's inputs: an answer given as plain text is its text. The evaluation
    and the follow-up chooser read their inputs alike."""
    question = inputs.get("question") or {}
    answer = inputs.get("answer") or {}
    if isinstance(answer, str):
        answer = {"text": answer}
    return question, answer


def evaluate(inputs: dict[str, Any]) -> dict[str, Any]:
    question, answer = question_and_answer(inputs)
    text, _injected = strip_instructions(answer.get("text", "") or "")
    earlier = grading.earlier_answers(question)
    added = grading.added_text(text, earlier) if earlier and text.strip() else text
    repeated = bool(text.strip()) and not added.strip()
    text = added if not repeated else text
    tests = inputs.get("test_results")
    asks_code = grading.asks_for_code(question)
    criteria = inputs.get("criteria") or grading.criteria_for_turn(question)
    reading = grading.read(text, grading.judged_code(question, answer.get("code")), question.get("expected_points")
                           or [], grading.question_text(question))
    # Tests belong to code; on a turn that does not ask for code they can only lower a score (grading caps), not raise.
    ctx = Context(reading=reading, tests=tests if isinstance(tests, dict) and asks_code else None, asks_code=asks_code,
                  topic=f"{question.get('prompt', '')}\n{question.get('parent_prompt', '')}",
                  follow_up=bool(question.get("parent_prompt")), prompt=str(question.get("prompt") or ""),
                  parent=str(question.get("parent_prompt") or ""), category=str(question.get("category") or ""),
                  parent_answer=str(question.get("parent_answer") or ""),
                  expected_costs=expected_costs(question.get("expected_points") or []))

    off_topic = off_topic_follow_up(ctx)
    rows = []
    for criterion in criteria:
        score, evidence, why = _criterion_score(criterion["id"], ctx)
        if off_topic and score > OFF_TOPIC_CAP:
            score, why = OFF_TOPIC_CAP, OFF_TOPIC_WHY
        anchor = grading.criterion_anchor(criterion["id"], criterion.get("rubric") or {}, score,
                                          inputs.get("hints_used"), code=ctx.code)
        if repeated:  # the rubric's lowest words ("No concrete example.") are not what happened: a story was repeated
            score, evidence, why, anchor = 1, "no evidence", grading.REPEATED_WHY, grading.REPEATED_ANCHOR
        rows.append({"key": criterion["id"], "score": score, "weight": float(criterion.get("weight", 1.0)),
                     "rationale": f"{anchor} ({why})" if anchor else why, "evidence": evidence})
    overall = grading.weighted_score(rows)
    by_key = {r["key"]: r["score"] for r in rows}
    strengths = [f"Explained: {p.point}" for p in reading.covered[:4]]
    strengths += [f"Strong {r['key'].replace('_', ' ')}" for r in rows if r["score"] >= 4][:3]
    result = {"score": overall, "criteria": rows,
              "covered_points": [p.point for p in reading.covered],
              "missing_points": [p.point for p in reading.points if missed(p, by_key)],
              "strengths": [] if repeated else strengths,
              "improvements": [grading.REPEATED_TIP] if repeated else _improvements(ctx, by_key)[:6],
              "feedback": _feedback(ctx, overall, by_key, repeated=repeated), "flags": []}
    return grading.apply_grading_caps(result, question=question, answer=answer.get("text", "") or "",
                                      code=answer.get("code", "") or "", test_results=tests, criteria=criteria)
