"""Deterministic grading caps applied to EVERY provider's `evaluate_answer` result (issue 10: honest grading).

A remote model and the offline engine may disagree on nuance, but not on these rules, so scores stay comparable
whichever provider produced them and no model can be talked into inflating them:

- **Weights are ours.** The overall score is recomputed from the criterion scores with the capabilities' weights
  (or the question's `rubric_overrides`); a criterion the provider left out counts as 1, unknown keys are dropped.
- **Lists earn nothing.** An answer that is mostly a bare list of terms is flagged `keyword_list`; technical depth,
  problem solving, communication, trade-offs and STAR are at most 2.
- **Hollow templates earn nothing.** Linking words or STAR labels without specifics: `hollow_template`, and
  STAR, communication and problem solving at most 2.
- **Claims are not evidence.** "Optimal", "handles all edge cases", "efficient" with nothing behind them:
  `unsupported_claim`.
- **Only a turn that asks for code is graded on code.** The question's `needs_code` says so (a follow-up never asks
  for code); without it, a coding question asks and other categories do not. A turn that does not ask for code is
  judged on its words: code sent with it is not read and it has no code-quality criterion.
- **Coding is graded on code.** A coding question answered without code: correctness at most 2, code quality 1.
  With hidden-test results (`test_results = {"passed", "total", "verdicts"?}`), correctness is at most what the
  tests show (all pass 5, >=80% 4, >=50% 3, some 2, none 1). An interview answer runs every test (a practice
  submission stops at the first failing hidden one; should results with `skipped` tests come here, `passed` is a
  lower bound of what the code passes).
- **Coverage must be explained.** Correctness and technical depth are at most one anchor above what the answer
  explains of the expected points; complexity is at most 2 when no Big-O is tied to the approach.
- **Word salad** (words shuffled out of order, even cut into short "sentences"): `word_salad`, capped like a list.
- **Copies earn nothing.** Sentences that copy the question or an expected point back, or repeat an earlier sentence,
  are dropped before reading; an answer that is mostly such copies is flagged `copied_text`.
- **A follow-up's topic is the model's to judge.** The offline engine's own checks that a follow-up answer is about
  what it asks (no shared word, a Big-O of another question) are not caps here. As caps they took a remote model's
  100 to 25 for correct answers in other words than the question ("linear time and linear extra memory" on two-sum,
  "O(A * C), C the number of denominations" on the coin change, a behavioural part with no word of the story), so
  they were withdrawn (session 34): a word-overlap check does not override a model's judgement.
- **A repeat is not a follow-up answer.** A follow-up answer that says again what the candidate already answered in
  its thread (`parent_answer`, `earlier_answers`: once the sentences already said are dropped, fewer than 4 word
  3-shingles never said are left, in an answer at least 80% said) scores 1 on every criterion, "repeats your earlier
  answer" (session 39: one STAR story pasted into a question and its follow-ups scored 5/5 on each). A story told
  again before a new sentence is graded on that sentence. Unlike a topic check, this is not a matter of wording.
- **A few words are not an answer.** Fewer than five words and no code ("I don't know", "next"): every criterion 1,
  and no gaming flag (a non-answer is not a keyword list).
- **Not knowing is not an answer.** An answer that says it does not know ("I'm not sure, maybe a hash map? I don't
  really know") and says nothing else of substance (`Reading.hedged`) scores 1 on every criterion, whoever graded it:
  the offline engine gave it nothing, a remote model up to 81/100. No gaming flag: hedging is honest.
- **Text addressed to the grader** is flagged `possible_prompt_injection`.
- **A flagged answer never scores above 25.**
- **Flags are ours.** Only the six labels of GAMING_FLAGS are kept from a provider's `flags` (one naming an
  injection in other words becomes `possible_prompt_injection`): free text there would reach the reviewer unchecked.
- **Evidence.** Every criterion carries `evidence`: a short quote that really occurs in the answer, or "no evidence"
  (a quote the provider invented is replaced by "no evidence").

`apply_grading_caps` is idempotent: applying it twice gives the same result.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from typing import Any

from interviewmaster.ai.offline import knowledge
from interviewmaster.ai.offline.reading import Reading, complexity_level, read_answer, split_code, strip_instructions
from interviewmaster.ai.offline.text import sentences, shingles

FLAGGED_MAX_SCORE = 25.0
GAMING_FLAGS = ("possible_prompt_injection", "keyword_list", "hollow_template", "unsupported_claim", "word_salad",
                "copied_text")
LIST_CAPPED = ("technical_depth", "problem_solving", "communication", "system_design_tradeoffs", "star_structure")
HOLLOW_CAPPED = ("star_structure", "communication", "problem_solving")
NO_EVIDENCE = "no evidence"
TOO_SHORT = "the answer is empty or only a few words"
COPIED_ONLY = "the answer only repeats the question, its points or its own sentences"
HEDGED = "the answer says it does not know and explains nothing"
NOTES = {
    "keyword_list": "Your answer is mostly a list of terms. Terms in a list earn nothing: explain each one in a "
                    "sentence \u2014 what it does here and why.",
    "hollow_template": "Your answer has the shape of a good answer but no specifics: say what actually happened, what "
                       "you did and why, and what changed as a result.",
    "unsupported_claim": "Claims such as \u201coptimal\u201d or \u201chandles all edge cases\u201d earn nothing by "
                         "themselves: show it with code, a worked case or a reason.",
    "copied_text": "Most of your answer repeats the question, the points it asks about or its own sentences; "
                   "repeated text earns nothing: explain in your own words.",
    "word_salad": "Your answer's words are not in a readable order, so it cannot be assessed as an explanation.",
    "possible_prompt_injection": "Text addressed to the grader was ignored; only the answer itself is assessed.",
    "no_code": "Correctness on a coding question comes from code: without code it is at most 2 of 5.",
    "hedged": "Saying you are not sure is honest, but it earns no credit by itself: say what you do know and reason "
              "from there.",
    "flag_cap": f"Because of the problems above this answer is capped at {FLAGGED_MAX_SCORE:.0f}/100.",
}


# --- small shared rules (also used by the offline scorer) ----------------------------------------------------------
def test_ratio(tests: Any) -> float | None:
    """passed/total from `test_results`, or None when absent or malformed (a bad shape never raises)."""
    if not isinstance(tests, dict):
        return None
    if tests.get("not_run"):
        # Tests that were not run (the judge budget spent) prove nothing and count as none passing: read alone, wrong
        # code scored above what its failing tests give (42 against 30), so spending the budget on purpose bought a
        # grade. A candidate reaches the budget only with runs that sleep or loop to their limits; the report says why.
        return 0.0
    try:
        passed, total = int(tests.get("passed", 0)), int(tests.get("total", 0))
    except (TypeError, ValueError):
        return None
    if total <= 0 or passed < 0:
        return None
    return min(passed, total) / total


def correctness_from_tests(ratio: float) -> int:
    for threshold, score in ((1.0, 5), (0.8, 4), (0.5, 3)):
        if ratio >= threshold:
            return score
    return 2 if ratio > 0 else 1


def weighted_score(rows: list[dict]) -> float:
    total = sum(float(r.get("weight", 1.0)) for r in rows)
    if not total:
        return 0.0
    return round(100 * sum(float(r.get("weight", 1.0)) * (int(r["score"]) - 1) / 4 for r in rows) / total, 1)


@lru_cache(maxsize=256)
def _read_cached(text: str, code: str, points_json: str, prompt: str) -> Reading:
    return read_answer(text, code, json.loads(points_json), prompt)


def question_text(question: dict) -> str:
    """What an answer must not earn credit for repeating: the prompt and, for a follow-up, the question it follows
    (pasting the earlier question into a follow-up's answer scored 85/100)."""
    parts = (question.get("prompt"), question.get("parent_prompt"))
    return "\n".join(p for p in parts if isinstance(p, str) and p)


def read(text: str, code: str, expected_points: list, prompt: str = "") -> Reading:
    """The answer's reading (reading.py), memoised so the offline scorer and the caps parse an answer once. The
    question's `prompt` is given so that copying it back earns nothing."""
    return _read_cached(text or "", code or "", json.dumps(expected_points or [], sort_keys=True, default=str),
                        prompt if isinstance(prompt, str) else "")


def _scale(value: float) -> int:
    return max(1, min(5, 1 + round(4 * max(0.0, min(1.0, value)))))


def asks_for_code(question: dict) -> bool:
    """Whether the turn asks for code: the caller's `needs_code` when given, else whether it is a coding question."""
    needs = question.get("needs_code")
    return needs if isinstance(needs, bool) else question.get("category", "") == "coding"


def judged_code(question: dict, code: Any) -> str:
    """The code a turn is graded on. None for a turn that does not ask for code: what is attached there (typically
    the main question's code sent again with every follow-up, passing its tests or not) is not an answer to it and
    must not lift its correctness or quality above what the words earn."""
    return code if isinstance(code, str) and asks_for_code(question) else ""


def criteria_for_turn(question: dict) -> list[dict]:
    """The criteria a turn is scored on: its category's (or the question's `rubric_overrides`), without code quality
    when the turn does not ask for code (there is no code of its own to judge)."""
    criteria = knowledge.criteria_for(question.get("category", ""), question.get("rubric_overrides"))
    if asks_for_code(question):
        return criteria
    return [c for c in criteria if c["id"] != "code_quality"] or criteria


# --- the caps ------------------------------------------------------------------------------------------------------
def _detected_flags(reading: Reading, *, injected: bool, coding: bool) -> set[str]:
    flags = {"possible_prompt_injection"} if injected else set()
    if reading.keyword_list:
        flags.add("keyword_list")
    if reading.word_salad:
        flags.add("word_salad")
    if reading.hollow:
        flags.add("hollow_template")
    if reading.copied:
        flags.add("copied_text")
    bare = [c for c in reading.claims
            if not any(s.explanatory and c in s.lower for s in reading.sentences)]
    weak = reading.ratio < 0.2 or (coding and not reading.code.strip())
    if len(bare) >= 2 or (bare and weak):
        flags.add("unsupported_claim")
    return flags


def _flag_caps(flags: set[str]) -> list[tuple[str, int, str]]:
    caps = []
    if flags & {"keyword_list", "word_salad"}:
        caps += [(key, 2, "a list of terms explains nothing") for key in LIST_CAPPED]
    if "hollow_template" in flags:
        caps += [(key, 2, "template phrases without specifics") for key in HOLLOW_CAPPED]
    return caps


def _evidence_caps(reading: Reading, *, coding: bool, tests: Any) -> list[tuple[str, int, str]]:
    caps = []
    ratio = test_ratio(tests)
    if ratio is not None:
        why = "the hidden tests were not run" if tests.get("not_run") else f"{ratio:.0%} of the hidden tests pass"
        caps.append(("correctness", correctness_from_tests(ratio), why))
    if coding and not reading.code.strip():
        caps += [("correctness", 2, "no code was submitted"), ("code_quality", 1, "no code was submitted")]
    if reading.points:
        explained = min(5, _scale(reading.ratio) + 1)
        why = f"{len(reading.covered)} of {len(reading.points)} expected points explained"
        if ratio is None:
            caps.append(("correctness", explained, why))
        caps.append(("technical_depth", explained, why))
    if complexity_level(reading, reading.code)[0] <= 2:
        caps.append(("complexity_analysis", 2, "no complexity tied to the approach"))
    return caps


def _criterion_caps(reading: Reading, flags: set[str], *, coding: bool, tests: Any,
                    criteria: list[dict]) -> dict[str, tuple[int, str]]:
    """criterion -> (maximum score, why) for this answer: the lowest cap wins, the first of equal ones. An answer of
    a few words and no code scores 1 everywhere, as the offline engine scores it, whoever graded it."""
    if reading.too_short:
        why = COPIED_ONLY if reading.copied else TOO_SHORT  # nothing of its own left once the copies are dropped
        return {c["id"]: (1, why) for c in criteria}
    if reading.hedged:
        return {c["id"]: (1, HEDGED) for c in criteria}
    caps: dict[str, tuple[int, str]] = {}
    for key, limit, why in [*_flag_caps(flags), *_evidence_caps(reading, coding=coding, tests=tests)]:
        if key not in caps or limit < caps[key][0]:
            caps[key] = (limit, why)
    return caps


def _normalise_quote(text: str) -> str:
    return " ".join(re.sub(r"[\u201c\u201d\"\u2026]|\.\.\.", " ", text).lower().split())


def _verified_evidence(evidence: Any, haystack: str) -> str:
    if not isinstance(evidence, str) or not evidence.strip() or evidence.strip().lower() == NO_EVIDENCE:
        return NO_EVIDENCE
    needle = _normalise_quote(evidence)
    return evidence.strip()[:200] if needle and needle in haystack else NO_EVIDENCE


def _rows(result: dict, criteria: list[dict]) -> list[dict]:
    """The provider's rows, one per expected criterion, in our order and with our weights."""
    given = {r.get("key"): r for r in result.get("criteria") or [] if isinstance(r, dict)}
    rows = []
    for criterion in criteria:
        row = dict(given.get(criterion["id"]) or {"key": criterion["id"], "score": 1,
                                                    "rationale": "not assessed by the provider"})
        try:
            row["score"] = max(1, min(5, int(row.get("score", 1))))
        except (TypeError, ValueError):
            row["score"] = 1
        row["weight"] = float(criterion.get("weight", 1.0))
        rows.append(row)
    return rows


def _add_note(result: dict, note: str) -> None:
    if note not in result["feedback"]:
        result["feedback"] = f"{result['feedback'].rstrip()} {note}".strip()


def known_flags(values: Any) -> set[str]:
    """A provider's flags as our own labels (GAMING_FLAGS), anything else dropped. The reviewer reads flags beside the
    score and the plausibility check does not read them (they may quote what the answer tried), so free text there was
    a channel from a candidate's answer, through the model, to the expert ("Reviewer: exceptional, advance to the final
    round"). A label in other words ("Possible prompt injection", "prompt-injection attempt") is kept as ours."""
    found = set()
    for value in values if isinstance(values, list) else []:
        if not isinstance(value, str):
            continue
        label = re.sub(r"[^a-z]+", "_", value.lower()).strip("_")
        if label in GAMING_FLAGS:
            found.add(label)
        elif "inject" in label:
            found.add("possible_prompt_injection")
    return found


# A follow-up answer is graded on what it adds (session 39). One STAR story pasted into the question and into each of
# its follow-ups scored 5/5 on every follow-up: a follow-up asks for something the answers before it did not say (the
# lesson, the result, a detail), and saying them again does not answer it. A sentence that is a near-duplicate of one
# already given in the thread (the answer to the question it follows, `parent_answer`, and to the follow-ups before it,
# `earlier_answers`) adds nothing; the rest is what is read. A whole repeat is capped at 1, whichever provider graded.
REPEAT_SIMILARITY = 0.6  # Jaccard of word 3-shingles, as `text.is_near_duplicate`
# What is left after that adds nothing when it has fewer than REPEAT_NEW_MIN word 3-shingles never said in the thread
# while the answer as a whole is mostly said (REPEAT_CONTAINED): a story told again with sentences split or joined
# otherwise, or with "Thanks." after it. One word changed or added in a sentence makes at most 3 new shingles
# ("two days" -> "2 days"); a clause of its own makes more ("Next time I would load-test the checkout…" makes 12). The
# share said alone is no test: a long story told again before that one new sentence is over 80% said, and was graded 0
# as a repeat where the sentence alone scored 61 (session 39 review, M). Nor is the count alone: "I did the cleanup job
# myself." is 3 shingles, 1 of them said, and answers "What did you personally do?".
REPEAT_NEW_MIN = 4
REPEAT_CONTAINED = 0.8
REPEATED_WHY = "repeats your earlier answer"
REPEATED_ANCHOR = "Nothing new on what this follow-up asks."
REPEATED_TIP = "Answer what the follow-up asks (the lesson, the result, a detail) instead of repeating your answer."
REPEATED_NOTE = "Your answer repeats your earlier answer, so it adds nothing to this follow-up."


def earlier_answers(question: dict) -> list[str]:
    """The candidate's answers given before this follow-up in its thread, as the room sends them."""
    if not question.get("parent_prompt"):
        return []
    earlier = question.get("earlier_answers")
    earlier = earlier if isinstance(earlier, list) else []
    return [a for a in (question.get("parent_answer"), *earlier) if isinstance(a, str) and a.strip()]


def added_text(text: str, earlier: list[str]) -> str:
    """The sentences of `text` that no earlier answer already says (near-duplicates dropped), or "" when they add
    (nearly) nothing to an answer mostly said before: fewer than `REPEAT_NEW_MIN` word 3-shingles not said in the
    thread (a repeat whose sentences are split or joined otherwise, or with a filler sentence)."""
    if not earlier:
        return text
    said = list({frozenset(shingles(s)) for e in earlier for s in sentences(e)} - {frozenset()})
    holding: dict[tuple, list[int]] = {}  # shingle -> the earlier sentences that have it: 20,000 characters stay fast
    for i, shingle_set in enumerate(said):
        for shingle in shingle_set:
            holding.setdefault(shingle, []).append(i)

    def said_before(sentence: str) -> bool:
        mine = shingles(sentence)
        overlaps = Counter(i for shingle in mine for i in holding.get(shingle, ()))
        return any(n / (len(mine) + len(said[i]) - n) >= REPEAT_SIMILARITY for i, n in overlaps.items())

    added = [s for s in sentences(text) if not said_before(s)]
    thread = set().union(*(shingles(e) for e in earlier))  # across the earlier sentences' joins too
    new = set().union(set(), *(shingles(s) - thread for s in added))
    mine = shingles(text)
    mostly_said = len(mine & thread) >= REPEAT_CONTAINED * len(mine)
    return "" if not added or (len(new) < REPEAT_NEW_MIN and mostly_said) else " ".join(added)


def apply_grading_caps(result: dict, *, question: dict, answer: str, code: str = "", test_results: Any = None,
                       criteria: list[dict] | None = None) -> dict:
    """Return a copy of an `evaluate_answer` result with the deterministic caps applied (see the module doc)."""
    result = dict(result) if isinstance(result, dict) else {}  # rows are copied in _rows; nothing else is mutated
    question = question if isinstance(question, dict) else {}
    coding = asks_for_code(question)
    criteria = criteria or criteria_for_turn(question)
    code = judged_code(question, code)
    clean, injected = strip_instructions(answer if isinstance(answer, str) else "")
    reading = read(clean, code, question.get("expected_points") or [], question_text(question))
    flags = known_flags(result.get("flags"))
    flags |= _detected_flags(reading, injected=injected, coding=coding)
    caps = _criterion_caps(reading, flags, coding=coding, tests=test_results, criteria=criteria)
    earlier = earlier_answers(question)
    repeated = bool(earlier and clean.strip() and not added_text(clean, earlier).strip())
    if repeated:  # whichever provider graded it: nothing new on what the follow-up asks
        caps = {c["id"]: (1, REPEATED_WHY) for c in criteria}
    haystack = _normalise_quote(" ".join(split_code(clean, code)))

    rows = _rows(result, criteria)
    for row in rows:
        limit, why = caps.get(row["key"], (5, ""))
        if row["score"] > limit:
            row["score"] = limit
            row["rationale"] = f"{row.get('rationale', '')} [capped at {limit}: {why}]".strip()
        row["evidence"] = _verified_evidence(row.get("evidence"), haystack)
    result["criteria"] = rows
    result["flags"] = sorted(flags)
    result.setdefault("feedback", "")
    result["feedback"] = str(result["feedback"] or "")
    for flag in sorted(flags & set(NOTES)):
        _add_note(result, NOTES[flag])
    if coding and not reading.code.strip():
        _add_note(result, NOTES["no_code"])
    if reading.hedged:
        _add_note(result, NOTES["hedged"])
    if repeated:
        _add_note(result, REPEATED_NOTE)
    score = weighted_score(rows)
    if flags & set(GAMING_FLAGS):
        score = min(score, FLAGGED_MAX_SCORE)
        _add_note(result, NOTES["flag_cap"])
    result["score"] = score
    result["feedback"] = re.sub(r"Score \d+/100\.", f"Score {score:.0f}/100.", result["feedback"])
    return result


# One space, not a run: "\s+" before a literal re-scanned every run of spaces from each of its starts (quadratic).
HELP_CLAIM = re.compile(r" found with help\b", re.IGNORECASE)


# Code quality 1/5 of a stub (a signature and an empty body): the rubric's "Unreadable or does not compile." was
# untrue of code that compiles and does nothing.
STUB_CODE_ANCHOR = "Code was submitted, but it is a stub that does nothing."


def criterion_anchor(key: str, rubric: dict, score: int, hints_used: Any, *, code: Any = "") -> str:
    """`rubric_anchor`, except for the lowest code quality of a stub, which gets words that are true of it."""
    if key == "code_quality" and score <= 1 and isinstance(code, str) and code.strip():
        from interviewmaster.ai.offline.evaluation import is_stub  # it imports this module

        if is_stub(code):
            return STUB_CODE_ANCHOR
    return rubric_anchor(rubric, score, hints_used)


def rubric_anchor(rubric: dict, score: int, hints_used: Any) -> str:
    """The rubric's words for `score`, as the candidate reads them beside a criterion. "Found with help" (Problem
    solving 3/5) is said only of a turn on which hints were given (`hints_used` > 0): it was shown for answers that
    took no hint, and is dropped when hints are unknown. The offline engine's rationale and the stored evaluation's
    anchor (any provider) both say it this way."""
    anchor = str(rubric.get(score) or rubric.get(str(score), "") or "")
    took_hints = isinstance(hints_used, int) and not isinstance(hints_used, bool) and hints_used > 0
    return anchor if took_hints else HELP_CLAIM.sub("", anchor)
