"""Expected points that name a kind of evidence rather than a fact (session 33).

The offline plan agent writes points such as "Complexity stated in Big-O", "How it is tested", "Edge cases handled"
and "Working, readable code" (planning.TEMPLATES["coding"]). Read for their words, they asked the answer to say
"complexity", "tested" or "code": an answer with a correct function, "O(n) time, O(n) space" and "Tested with pytest:
empty list, all duplicates, order preserved" explained 0 of 4 (29/100). Such a point is met by the evidence it names,
and only by that evidence, so naming the kind earns nothing:

- **complexity**: a prose sentence with at most two Big-O terms (time, space) tied to the approach, i.e. naming a
  word of the (real) code or the question beyond the words every cost has ("with a set": `seen = set()`) and the
  template's ("for the role"), or giving the work it comes from after a reason ("because of the sort", session 34);
  or, beside real code, the rubric's complexity level 3 (time tied to the approach).
  "O(n) time, O(1) space, O(log n)" alone meets nothing.
- **tests** and **edge cases**: at least two concrete cases ("empty list", "all duplicates") beside real code; a
  case is a short part of a sentence that names a concrete input (EDGE_WORDS or a literal) with one more word, never
  only "edge cases", "unit tests" or "pytest". For tests, a sentence must also say the code was tested. One case at
  least must be of this question's input (not only ANY_CASE, "empty list, single item, large input"): a case any
  function does not have, a literal, or a word of the code or the question beyond the template's (TEMPLATE_WORDS).
  A case beyond ANY_CASE ("duplicate values") ties only beside code that names what it works on (`named_code`):
  a canned `solve(data)` names nothing (session 34). An answer with no code at all meets **edge cases** by two cases
  tied to the question's own words ("touching intervals" on the merge of intervals, session 37).
- **working code**: real code (not a stub) with a named unit, a result and control flow (`code_structure` 0.75).
- **result** ("Measurable result"): a number said as a result and tied to something the story names elsewhere
  (`evaluation.measured_result`); "improved by 47%, cut 63% of errors" in a generic story is not (session 34).

A point is of one of these kinds only when all its specific words are the kind's own (META_WORDS): "Adds a
regression test" or "Test pyramid reasoning" say more than the kind and are read for their words as before.
"""

from __future__ import annotations

import re

from interviewmaster.ai.offline.evaluation import COST_GENERIC, is_stub, measured_result
from interviewmaster.ai.offline.planning import TEMPLATES
from interviewmaster.ai.offline.reading import (
    BIG_O,
    CODE_KEYWORDS,
    FRAGMENT_SPLIT,
    GENERIC,
    STOPWORDS,
    Reading,
    Sentence,
    _specific_words,
    code_structure,
    complexity_level,
)
from interviewmaster.ai.offline.text import stem, words

META_WORDS = frozenset(
    "complexity big stated state states explained explain analysis time space tested test tests testing covered "
    "edge edges corner cases case handled handles considered working readable clean correct code runs running "
    "idiomatic measurable measured quantified numbers".split())
KIND_WORDS = {
    "complexity": frozenset({"complexity", "big"}),
    "tests": frozenset({"tested", "test", "tests", "testing"}),
    "edge_cases": frozenset({"edge", "edges", "corner"}),
    "working_code": frozenset({"code"}),
    "result": frozenset({"measurable", "measured", "quantified", "numbers"}),
}
MAX_META_WORDS = 6
# Concrete inputs a case can be about: an empty or huge input, duplicates, a missing key, order, bounds.
EDGE_WORDS = frozenset(stem(w) for w in (
    "empty null none nil zero negative duplicate duplicates single one large huge maximum minimum max min overflow "
    "unicode boundary boundaries sorted unsorted reversed missing invalid malformed order ordering nested whitespace "
    "blank unique same long short first last odd even equal concurrent timeout only repeated touching adjacent "
    "overlapping contained".split()))
# Cases every function has ("empty list, single item, large input"): alone they say nothing about this one. One case
# at least must be of this question's input: a case any function does not have ("all duplicates", "repeated spaces"),
# a literal, or a word of the code or the question ("an empty title" for slugify(title)) (review, session 33: a canned
# `solve(data)` and "empty list, single item, large input" met the tests and edge-case points).
ANY_CASE = frozenset(stem(w) for w in (
    "empty null none nil zero single one large huge maximum minimum max min long short blank".split()))
ANY_INPUT = frozenset(stem(w) for w in (
    "input inputs list lists item items value values data array arrays element elements string strings number "
    "numbers integer integers collection collections object objects argument arguments parameter parameters param "
    "params case cases test tests size length key keys entry entries record records thing things".split()))
# The words of the plan agent's own prompts ("write and explain a small function you would ship for this role"): no
# tie to the question, since every template question has them (review: "O(n) time for the role" met the point).
TEMPLATE_WORDS = frozenset(stem(w) for prompt, _points in TEMPLATES.values()
                           for w in words(prompt.replace("{skill}", " ")))
LITERAL = re.compile(r"\[\s{0,3}\]|\{\s{0,3}\}|\"\"|''|\b\d{1,9}\b")
TESTED = re.compile(r"\b(?:tested|tests?|pytest|unittest|jest|junit|asserts?|assertions?)\b", re.IGNORECASE)
MIN_CASES = 2
CASE_WORDS = range(2, 7)  # a case is a short phrase: "empty list", "all duplicates", "order preserved"
MAX_BIG_O_PER_SENTENCE = 2
REAL_CODE_STRUCTURE = 0.75


def kind_of(point_text: str) -> str | None:
    """The kind of evidence a plain-text point asks for, or None for a point about a fact."""
    tokens = words(point_text)
    if not tokens or len(tokens) > MAX_META_WORDS:
        return None
    # "edge" is a claim word ("all edge cases") for _specific_words: here it names the kind
    specific = {t for t in tokens if len(t) >= 3 and t not in STOPWORDS and t not in GENERIC}
    if not specific or not specific <= META_WORDS:
        return None
    kinds = [kind for kind, needles in KIND_WORDS.items() if needles & set(tokens)]
    return kinds[0] if len(kinds) == 1 else None


def real_code(code: str) -> bool:
    return bool(code.strip()) and not is_stub(code) and code_structure(code) >= REAL_CODE_STRUCTURE


def _cases(text: str, ties: set[str] = frozenset(), named_code: bool = True) -> int:
    """How many parts of a sentence name a concrete case (an EDGE_WORDS word or a literal, and one more word); 0 when
    none of them is of this question's input (a literal, a word of `ties`, or, beside code that names what it works
    on (`named_code`), a case beyond ANY_CASE)."""
    found, tied = 0, False
    for part in FRAGMENT_SPLIT.split(text):
        tokens = words(part)
        if len(tokens) not in CASE_WORDS:
            continue
        stemmed = {stem(t) for t in tokens}
        literal = bool(LITERAL.search(part))
        if stemmed & EDGE_WORDS or literal:
            found += 1
            tied = (tied or literal or (named_code and bool(stemmed & (EDGE_WORDS - ANY_CASE)))
                    or bool(stemmed & ties))
    return found if tied else 0


# Names any code has, whatever it does: `solve(data)`, `result.append(item)`, `helper`, `tmp`. Code named only with
# these (and ANY_INPUT words) says nothing of what it works on.
ANY_CODE_NAME = frozenset(stem(w) for w in (
    "solve solver solution result results res out output ans answer func fn helper main tmp temp val run process "
    "handle append extend add pop get set len return arr nums num lst obj".split()))


def named_code(code: str) -> bool:
    """The code names what it works on with a word of its own (`dedupe_events(events)`, `seen`, `slugify(title)`),
    not only names any code has (`solve(data)`, `result.append(item)`, ANY_CODE_NAME)."""
    names = {stem(part) for w in _specific_words(words(code)) for part in re.split(r"[._]", w) if len(part) >= 3}
    return bool(names - {stem(w) for w in CODE_KEYWORDS} - ANY_CODE_NAME - ANY_INPUT - ANY_CASE - TEMPLATE_WORDS)


def _input_words(code: str, prompt: str) -> set[str]:
    """The words a case can tie to: the code's names and strings, and the question's words beyond the template's,
    never a word any input or case has ("return None" ties no "None value")."""
    found = {stem(w) for w in _specific_words(words(f"{code}\n{prompt}")) if w not in CODE_KEYWORDS}
    return found - TEMPLATE_WORDS - ANY_INPUT - ANY_CASE


def _case_sentence(reading: Reading, *, tested: bool, prompt: str = "") -> Sentence | None:
    """The first sentence naming MIN_CASES concrete cases (with the next sentence, for "I tested it." then the cases);
    for `tested`, it or the one before must also say the code was tested."""
    sentences = reading.sentences
    ties = _input_words(reading.code, prompt)
    named = named_code(reading.code)
    for index, sentence in enumerate(sentences):
        if _cases(sentence.text, ties, named) < MIN_CASES:
            continue
        if not tested or TESTED.search(sentence.text) or (index and TESTED.search(sentences[index - 1].text)):
            return sentence
    return None


def _tied_cost(reading: Reading, code: str, prompt: str) -> Sentence | None:
    level, sentence = complexity_level(reading, code)
    shown = code if real_code(code) else ""  # a stub's name ties a cost to nothing
    if level >= 3 and shown:
        return sentence  # "for the role" justifies a cost to the rubric: without code, it must name the question
    ties = {stem(w) for w in _specific_words(words(f"{shown}\n{prompt}"))} - COST_GENERIC - TEMPLATE_WORDS
    for s in reading.sentences:
        found = BIG_O.findall(s.text)
        if not s.prose or not found or len({f.replace(" ", "").lower() for f in found}) > MAX_BIG_O_PER_SENTENCE:
            continue
        outside = BIG_O.sub(" ", s.text)
        if ties & {stem(w) for w in _specific_words(words(outside))} or _reasoned(outside):
            return s
    return None


# The work a cost comes from, named after a reason: "O(n log n) time because of the sort", "O(n) since it loops once".
COST_REASON = re.compile(r"\b(?:because|since|due to|for)\b[^.;]{0,40}?\b(?:sort\w*|loop\w*|pass(?:es)?|scan\w*|"
                         r"visit\w*|walk\w*|iterat\w*|nested|recursi\w*|stack|heap|tree|hash\w*|lookups?|"
                         r"binary search|table|memo\w*|once|each|every)\b", re.IGNORECASE)


def _reasoned(text: str) -> bool:
    """A cost given with its reason: a reason word ("because", "since", "due to") and the work it comes from."""
    return bool(COST_REASON.search(text))


def code_evidence(code: str) -> Sentence:
    """The code's first line as the evidence quoted for a working-code point."""
    line = next((line.strip() for line in code.splitlines() if line.strip()), "")[:100]
    return Sentence(text=line, lower=line.lower(), tokens=words(line), fragments=[line], is_list=False, specific=[])


def evidence_for(kind: str, reading: Reading, prompt: str) -> Sentence | None:
    """The sentence (or the code) that meets a point of `kind`, or None."""
    code = reading.code
    if kind == "complexity":
        return _tied_cost(reading, code, prompt)
    if kind == "result":
        return measured_result(reading)
    if kind == "edge_cases" and not code.strip():
        # An answer in words names the cases its approach handles ("Edge cases: empty input, touching intervals,
        # nested ones"): two cases tied to the question's own words meet the point, as they meet it beside code
        # (it was listed as missed beside complexity 4/5, the edge cases said).
        return _case_sentence(reading, tested=False, prompt=prompt)
    if not real_code(code):
        return None  # tests and working code are claims about code: without it there is nothing to test
    if kind == "working_code":
        return code_evidence(code)
    return _case_sentence(reading, tested=kind == "tests", prompt=prompt)
