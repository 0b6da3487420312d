"""Follow-up questions chosen by the capabilities' strategies (clarify, deepen, challenge, hint, move_on)."""

from __future__ import annotations

import re
from typing import Any

from interviewmaster.ai.offline import knowledge, probes
from interviewmaster.ai.offline.evaluation import coverage, question_and_answer, signals
from interviewmaster.ai.offline.text import similarity, stems, strip_injection

ABSOLUTES = re.compile(r"\b(always|never|guarantee[sd]?|impossible|no downside|the best|only way|100%|perfectly)\b",
                       re.IGNORECASE)
DEEPEN = {
    "coding": "How would your solution change if the input were 100 times larger or arrived as a stream?",
    "system_design": "Which component fails first at ten times the traffic, and how would you find out?",
    "databases": "How would you verify that with the query plan, and what index would you add or drop?",
    "debugging": "How would you prevent this class of bug from reaching production again?",
    "testing": "Which failure would your tests still miss, and how would you catch it?",
    "language_knowledge": "What happens under the hood there, in the runtime or the compiler?",
    "ml_concepts": "How would you detect that this model degrades after deployment?",
    "behavioral": "Looking back, what would you do differently, and what did you change afterwards?",
}


def _strategy_allowed(strategy: str, allowed: set[str]) -> bool:
    return not allowed or strategy in allowed


def _not_asked(candidate: str, asked: list[str]) -> bool:
    return all(similarity(candidate, previous) < 0.5 and candidate != previous for previous in asked)


def _seed_for(point: str, seeds: list[str], asked: list[str]) -> str | None:
    """The follow-up seed that shares the most words with a missing point, if any."""
    point_stems = stems(point)
    best = max(seeds, key=lambda s: len(stems(s) & point_stems), default=None)
    if best and stems(best) & point_stems and _not_asked(best, asked):
        return best
    return None


MOVE_ON = "Thanks, that covers this question. Let's move on to the next one."


def _opening_candidates(*, asked: list, max_follow_ups, sig: dict, missing: list,
                        category: str) -> list[tuple[str, str, str]]:
    """The limit reached, or an answer too short to probe: these come first."""
    candidates = []
    if max_follow_ups is not None and len(asked) >= int(max_follow_ups):
        candidates.append(("move_on", MOVE_ON, f"the limit of {max_follow_ups} follow-ups is reached"))
    if sig["words"] < 8 and not sig["code_lines"]:
        candidates.append(("hint", probes.hint(missing[0] if missing else None, category=category),
                           "the answer is very short, so a small nudge should unblock the candidate"))
    return candidates


COMPLEXITY_QUESTION = "What is the time and space complexity of your solution, and why?"
CONCRETE_QUESTION = "Can you make that concrete: what exactly did you do, and what was the measurable result?"
PERSONAL_QUESTION = "What did you personally do, as opposed to the team?"
SHAPE_QUESTIONS = (COMPLEXITY_QUESTION, CONCRETE_QUESTION, PERSONAL_QUESTION)
CHALLENGE = "You said \"{claim}\". Can you think of a case where that does not hold, and what would you do then?"
# Words that turn a claim round ("not a guarantee", "isn't always", "no guarantee"): quoting the claim back asked the
# candidate to doubt what they had already doubted.
NEGATIONS = frozenset({"not", "no", "never", "isn't", "aren't", "wasn't", "don't", "doesn't", "didn't", "cannot",
                       "can't", "won't", "nor", "without", "hardly"})
# Idioms whose negation word intensifies the claim ("no doubt it always…", "Without question this always…", "not only
# is it always…"): they assert it, so they are taken out before the negations are looked for.
INTENSIFIERS = re.compile(r"\b(?:no|without(?:\s+a|\s+any)?|beyond(?:\s+a|\s+any)?)\s+(?:doubts?|questions?)\b"
                          r"|\bno\s+(?:wonder|surprise)\b|\bnot\s+only\b|\bnot\s+surprisingly\b")


def _asserted_claim(text: str) -> str | None:
    """The first absolute claim the answer makes, not one it negates: "a 0 ms timeout is a minimum delay, not a
    guarantee" claims no guarantee; "no doubt it always gives the fewest coins" claims it (`INTENSIFIERS`)."""
    for match in ABSOLUTES.finditer(text):
        window = text[max(0, match.start() - 40):match.start()].lower().replace("\u2019", "'")
        before = INTENSIFIERS.sub(" ", window).split()[-3:]
        if not NEGATIONS.intersection(before) and not any(w.endswith("n't") for w in before):
            return match.group(0)
    return None


def _states_cost(sig: dict) -> bool:
    """The answer gives Big-O for time and for space: asking for the complexity again asks what was answered."""
    return bool(sig["big_o"] and sig["space"])


def _shape_candidates(*, category: str, sig: dict, text: str) -> list[tuple[str, str, str]]:
    """What the answer's kind calls for: complexity for code, a concrete result for behaviour, limits of claims."""
    candidates = []
    if category == "coding" and not (sig["big_o"] or sig["complexity_words"]):
        candidates.append(("clarify", COMPLEXITY_QUESTION,
                           "a coding answer should state its complexity and this one does not"))
    if category == "behavioral" and not sig["star"]["result"]:
        candidates.append(("clarify", CONCRETE_QUESTION,
                           "a behavioural answer needs a concrete example that ends in a result"))
    if category == "behavioral" and not sig["star"]["action"]:
        candidates.append(("clarify", PERSONAL_QUESTION,
                           "the answer does not say which actions were the candidate's own"))
    claim = _asserted_claim(text)
    if claim:
        candidates.append(("challenge", CHALLENGE.format(claim=claim),
                           "the answer makes an absolute claim without examining its limits"))
    return candidates


def _asks_cost(question: str) -> bool:
    from interviewmaster.ai.offline.evaluation import asks_complexity

    return question in (COMPLEXITY_QUESTION, probes.ASPECTS[0][1]) or asks_complexity(question)


def _content_candidates(*, category: str, missing: list, seeds: list, asked: list,
                        ratio: float, cost_stated: bool = False) -> list[tuple[str, str, str]]:
    """Missing expected points first (asked about, never quoted: see `probes`); a well-covered answer is probed one
    layer deeper. A question on the cost is left out when the answer already gives Big-O for time and space
    (`cost_stated`): it was asked right after "O(n^2) time, O(1) space"."""
    candidates = []
    for point in missing:
        text = probes.point_text(point)
        question = _seed_for(text, seeds, asked) or probes.probe(point, category=category)
        candidates.append(("clarify", question, f"the expected point '{text}' is missing"))
    if ratio >= 0.6:
        for seed in seeds:
            candidates.append(("deepen", seed, "the answer covers the main points, so probe one layer deeper"))
        candidates.append(("deepen", DEEPEN.get(category, "What would break first if the scale grew tenfold?"),
                           "the answer covers the main points, so probe one layer deeper"))
    return [c for c in candidates if not (cost_stated and _asks_cost(c[1]))]


# After every missing point has had its hint: steps that help with any question, each a little more concrete.
LAST_HINTS = (
    "Work through a tiny example by hand and write down each step you take: those steps are your approach.",
    "Start from the simplest approach that works, even a slow one, then ask which of its work is repeated.",
    "Say which part you are unsure of, and solve the part you are sure of first.",
)


def follow_up_hint_ladder(prompt: str, *, points: list | tuple = (), category: str = "",
                          parent_prompt: str = "") -> list[str]:
    """Every asked-for hint on a follow-up whose question is `prompt`, in order: those on what it asks
    (`probes.follow_up_hints`), then the general ones. The room's fallback (`interviews.hints`) climbs the same
    ladder: it went back to the parent's points once these ran out ("Think about “complement”…" as the
    second hint on "Why did you pick that over the other options?")."""
    return [*probes.follow_up_hints(prompt, points=points, category=category, parent_prompt=parent_prompt),
            *(f"{probes.HINT_OPENING} {text}" for text in LAST_HINTS)]


def _next_hint(*, missing: list, category: str, asked: list[str], on_follow_up: str = "",
               points: list | None = None, parent_prompt: str = "") -> dict[str, str]:
    """An asked-for hint ("I need a hint", `hint_number`): the first rung of the ladder not given yet, so each hint
    goes a step further (one per missing point, in order, then the general ones). The same text every time used to
    spend the question's hints on one nudge. On a follow-up (`on_follow_up`, its question) the ladder is about what
    the follow-up asks (`probes.follow_up_hints`), not the parent question's missing points."""
    if on_follow_up:
        ladder = follow_up_hint_ladder(on_follow_up, points=points or [], category=category,
                                       parent_prompt=parent_prompt)
    else:
        ladder = [*(probes.hint(point, category=category) for point in missing), probes.hint(None, category=category),
                  *(f"{probes.HINT_OPENING} {text}" for text in LAST_HINTS)]
    given = set(asked)
    for text in dict.fromkeys(ladder):
        if text not in given:
            return {"follow_up": text, "strategy": "hint",
                    "reason": f"hint {len(asked) + 1}: the next step the candidate has not been given yet"}
    return {"follow_up": ladder[-1], "strategy": "hint", "reason": "every hint on the ladder has been given"}


def follow_up(inputs: dict[str, Any]) -> dict[str, str]:
    question, answer = question_and_answer(inputs)
    asked = list(inputs.get("asked") or [])
    allowed = {s["id"] for s in (inputs.get("strategies") or knowledge.strategies())}
    category = question.get("category", "")
    text, _ = strip_injection(answer.get("text", ""))
    code = answer.get("code", "") or ""
    sig = signals(text, code)
    points = list(question.get("expected_points") or [])
    _, missing_texts, ratio = coverage(points, f"{text}\n{code}")
    missing = [p for p in points if probes.point_text(p) in missing_texts]  # with their keywords, for the hint
    seeds = list(question.get("follow_up_seeds") or [])
    if inputs.get("hint_number"):
        on_follow_up = (inputs.get("follow_up") or {}).get("prompt", "") if isinstance(inputs.get("follow_up"), dict) \
            else ""
        return _next_hint(missing=missing, category=category, asked=asked, on_follow_up=str(on_follow_up or ""),
                          points=points, parent_prompt=str(question.get("prompt") or ""))

    candidates = [
        *_opening_candidates(asked=asked, max_follow_ups=inputs.get("max_follow_ups"), sig=sig, missing=missing,
                             category=category),
        *_shape_candidates(category=category, sig=sig, text=text),
        *_content_candidates(category=category, missing=missing, seeds=seeds, asked=asked, ratio=ratio,
                             cost_stated=_states_cost(sig)),
        ("move_on", MOVE_ON, "further probing would not change the assessment"),
    ]
    # A follow-up repeating a hint given on this question ("How could dynamic programming help here…" right after
    # the hint "Let's take it one step at a time. How could dynamic programming help here…") asks what was told.
    hints = [str(h).removeprefix(probes.HINT_OPENING).strip() for h in inputs.get("hints") or [] if h]
    for strategy, text_, reason in candidates:
        if _strategy_allowed(strategy, allowed) and _not_asked(text_, [*asked, *hints]):
            return {"follow_up": text_, "strategy": strategy, "reason": reason}
    return {"follow_up": MOVE_ON, "strategy": "move_on", "reason": "every other follow-up has been asked already"}
