"""Deterministic answer evaluation: expected-point coverage, structure, complexity, STAR, code and test results,
scored per criterion on the 1-5 rubric anchors and weighted into 0-100."""

from __future__ import annotations

import re
from typing import Any

from interviewmaster.ai.offline import knowledge
from interviewmaster.ai.offline.text import has_keyword, sentences, stems, strip_injection, words

BIG_O = re.compile(r"\bO\s{0,3}\(\s{0,3}[^)]{1,20}\)", re.IGNORECASE)
COMPLEXITY_WORDS = ("complexity", "linear time", "logarithmic", "quadratic", "constant time", "constant space",
                    "n log n", "amortized", "amortised")
SPACE_WORDS = ("space", "memory", "extra storage", "in place", "in-place")
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
        "code_lines": len([line for line in code.splitlines() if line.strip()]),
    }


def _criterion_score(cid: str, *, ratio: float, sig: dict, code: str, category: str,
                     tests: dict | None) -> tuple[int, str]:
    """Score one criterion 1-5 and say what evidence decided it."""
    if sig["words"] < 5 and not sig["code_lines"]:
        return 1, "the answer is empty or only a few words"
    if cid == "correctness":
        if tests and tests.get("total"):
            passed, total = int(tests.get("passed", 0)), int(tests["total"])
            test_ratio = passed / total
            evidence = f"{passed}/{total} tests pass; {ratio:.0%} of expected points"
            return _scale(0.7 * test_ratio + 0.3 * ratio), evidence
        return _scale(ratio), f"{ratio:.0%} of the expected points are covered"
    if cid == "problem_solving":
        value = 0.6 * ratio + 0.4 * min(1.0, sig["approach"] / 4)
        return _scale(value), f"{sig['approach']} approach signals (steps, edge cases, alternatives)"
    if cid == "code_quality":
        if not code.strip():
            return (1, "no code was submitted") if category == "coding" else (3, "no code needed")
        names = set(re.findall(r"\b(?:def|function|func|fn|class)\s+([A-Za-z_]\w*)", code))
        short_names = re.findall(r"\b([a-zA-Z])\s{0,3}=", code)
        value = 0.4 + 0.2 * bool(names) + 0.2 * (len(short_names) <= 3) + 0.2 * (5 <= sig["code_lines"] <= 80)
        if tests and tests.get("total"):
            value = 0.5 * value + 0.5 * (int(tests.get("passed", 0)) / int(tests["total"]))
        return _scale(value), f"{sig['code_lines']} lines, {len(names)} named functions/classes"
    if cid == "complexity_analysis":
        if sig["big_o"] and sig["space"]:
            return 5, "time and space complexity are both stated"
        if sig["big_o"]:
            return 4, "time complexity is stated in Big-O; space is not"
        if sig["complexity_words"]:
            return 3, "complexity is discussed informally, without Big-O"
        return 1, "complexity is not discussed"
    if cid == "communication":
        structure = min(1.0, sig["connectives"] / 3)
        length = 1.0 if 40 <= sig["words"] <= 400 else (0.5 if 15 <= sig["words"] < 40 or sig["words"] > 400 else 0)
        value = 0.45 * structure + 0.35 * length + 0.2 * min(1.0, sig["sentences"] / 4)
        return _scale(value), f"{sig['sentences']} sentences, {sig['connectives']} linking words, {sig['words']} words"
    if cid == "system_design_tradeoffs":
        value = 0.5 * min(1.0, sig["tradeoffs"] / 5) + 0.5 * ratio
        return _scale(value), f"{sig['tradeoffs']} trade-off terms; {ratio:.0%} of expected points"
    if cid == "technical_depth":
        value = 0.6 * ratio + 0.2 * min(1.0, sig["connectives"] / 3) + 0.2 * min(1.0, sig["words"] / 120)
        return _scale(value), f"{ratio:.0%} of expected points, explained with {sig['connectives']} linking words"
    if cid == "star_structure":
        present = [part for part, ok in sig["star"].items() if ok]
        value = len(present) / 4 + (0.1 if sig["numbers"] and sig["star"]["result"] else 0)
        label = ", ".join(present) or "none"
        return _scale(value), f"STAR parts present: {label}"
    return _scale(ratio), f"{ratio:.0%} of the expected points are covered"


def evaluate(inputs: dict[str, Any]) -> dict[str, Any]:
    question = inputs.get("question") or {}
    answer = inputs.get("answer") or {}
    if isinstance(answer, str):
        answer = {"text": answer}
    category = question.get("category", "")
    text, injected = strip_injection(answer.get("text", ""))
    code = answer.get("code", "") or ""
    tests = inputs.get("test_results")
    criteria = inputs.get("criteria") or knowledge.criteria_for(category, question.get("rubric_overrides"))
    expected = question.get("expected_points") or []
    covered, missing, ratio = coverage(expected, f"{text}\n{code}")
    sig = signals(text, code)

    rows, total_weight, weighted = [], 0.0, 0.0
    for criterion in criteria:
        score, evidence = _criterion_score(criterion["id"], ratio=ratio, sig=sig, code=code, category=category,
                                           tests=tests)
        anchor = (criterion.get("rubric") or {}).get(score) or (criterion.get("rubric") or {}).get(str(score), "")
        weight = float(criterion.get("weight", 1.0))
        rows.append({"key": criterion["id"], "score": score, "weight": weight,
                     "rationale": f"{anchor} ({evidence})" if anchor else evidence})
        total_weight += weight
        weighted += weight * (score - 1) / 4
    overall = round(100 * weighted / total_weight, 1) if total_weight else 0.0

    strengths = [f"Covered: {p}" for p in covered[:4]]
    strengths += [f"Strong {r['key'].replace('_', ' ')}" for r in rows if r["score"] >= 4][:3]
    improvements = [f"Address: {p}" for p in missing[:4]]
    by_key = {r["key"]: r["score"] for r in rows}
    if by_key.get("complexity_analysis", 5) <= 3:
        improvements.append("State the time and space complexity in Big-O and say why (e.g. one pass over n items "
                            "is O(n) time).")
    if by_key.get("star_structure", 5) <= 3:
        absent = [p for p, ok in sig["star"].items() if not ok]
        improvements.append(f"Use STAR: add the {' and '.join(absent)} — end with a measurable result.")
    if by_key.get("communication", 5) <= 2:
        improvements.append("Structure the answer: lead with the idea, then the steps, then why it works.")
    if by_key.get("code_quality", 5) <= 2 and category == "coding":
        improvements.append("Write the code: named functions, clear variable names, and handle edge cases.")
    if tests and tests.get("total") and int(tests.get("passed", 0)) < int(tests["total"]):
        improvements.append(f"{int(tests['total']) - int(tests.get('passed', 0))} hidden tests fail: check edge "
                            "cases such as empty input, duplicates and large values.")
    flags = ["possible_prompt_injection"] if injected else []

    if not expected:
        coverage_line = "There were no expected points for this question, so the rubric signals decide."
    else:
        coverage_line = f"You covered {len(covered)} of {len(expected)} expected points."
    feedback = f"{coverage_line} Score {overall:.0f}/100."
    if missing:
        feedback += f" Most important to add: {missing[0]}."
    if injected:
        feedback += " Text addressed to the grader was ignored; only the answer itself is assessed."
    return {"score": overall, "criteria": rows, "covered_points": covered, "missing_points": missing,
            "strengths": strengths, "improvements": improvements[:6], "feedback": feedback, "flags": flags}
