"""Plausibility checks every provider's answer passes, whichever provider it came from (DESIGN §5).

Two steps, around schema validation in the chain:

1. `plain_text(data)` before validation: every string becomes plain text. Script-like blocks (script, style,
   iframe, ...) are removed with their content, HTML tags and comments are stripped, control and bidi-override
   characters dropped. Only tags with real HTML element names are stripped, so `List<Integer>` or `a < b` in a
   reference answer survive (templates escape them when shown). A field that ends up empty then fails the schema.
2. `problems(task, data, inputs)` after validation: reasons to reject an answer that is well-formed but not to be
   believed. Follow-ups, summaries, hints, feedback, plans and resume readings must not address the system or the
   reader ("ignore previous instructions", "reveal your prompt", "hire this person"); a tutor hint must answer at
   the requested level and must not give away the problem's reference solution at a level that should not.
   The chain treats a non-empty list like a schema error: it asks the provider once more, then falls back.

Evaluation scores get the deterministic rubric caps of `interviewmaster.ai.grading` afterwards, in `complete_json`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from typing import Any

_BLOCKS = re.compile(r"<(script|style|iframe|object|embed|noscript|template|svg|math|textarea|xmp)\b.*?"
                     r"(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_ELEMENTS = (
    "a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|blockquote|body|br|button|canvas|caption|cite|code|col|"
    "colgroup|data|datalist|dd|del|details|dfn|dialog|div|dl|dt|em|embed|fieldset|figcaption|figure|font|footer|"
    "form|frame|frameset|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|link|main|map|mark|"
    "marquee|math|menu|meta|meter|nav|noscript|object|ol|optgroup|option|output|p|param|picture|pre|progress|q|rp|"
    "rt|ruby|s|samp|script|section|select|slot|small|source|span|strong|style|sub|summary|sup|svg|table|tbody|td|"
    "template|textarea|tfoot|th|thead|time|title|tr|track|u|ul|var|video|wbr|xmp|image|use|foreignobject"
)
_TAG = re.compile(rf"</?(?:{_ELEMENTS})\b[^<>]*>?", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.*?(-->|$)|<!\[CDATA\[.*?(\]\]>|$)|<![a-z][^>]*>", re.IGNORECASE | re.DOTALL)
# Invisible and control characters a text can hide words behind; the offline reader strips them too (reading.py).
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean_text(text: str) -> str:
    """Plain text: markup removed (repeatedly, so entity-encoded or nested tags cannot rebuild one)."""
    previous = None
    while previous != text:
        previous = text
        text = INVISIBLE.sub("", text)
        text = _COMMENT.sub("", _BLOCKS.sub("", text))
        text = _TAG.sub("", text)
        if "&" in text:
            text = html.unescape(text)
    return text.strip()


def plain_text(data: Any) -> Any:
    """The same structure with every string (keys included) made plain text."""
    if isinstance(data, str):
        return clean_text(data)
    if isinstance(data, list):
        return [plain_text(item) for item in data]
    if isinstance(data, dict):
        return {clean_text(key) if isinstance(key, str) else key: plain_text(value) for key, value in data.items()}
    return data


# --- text that addresses the system or the reader ------------------------------------------------------------------
ADDRESSING = [re.compile(pattern, re.IGNORECASE) for pattern in (
    r"\b(ignore|disregard|forget|override)\b.{0,30}\b(previous|prior|above|earlier|all|your|these|system)\b.{0,20}"
    r"\b(instructions?|prompts?|directions?)\b",
    r"\b(ignore|disregard|forget)\b.{0,20}\b(previous|prior|above|earlier)\s+(rules|messages)\b",
    r"\b(reveal|show|print|repeat|output|display|leak|tell me)\b.{0,30}\b((your|system|hidden|initial|secret)\s+"
    r"(prompt|instructions?)|(hidden|secret|system)\s+(rules|rubric))\b",
    r"\b(system|developer)\s+(prompt|instructions)\b",
    # "hire" in a neutral sense ("the team you hired", "hiring manager") is common; only a direct address counts.
    r"\b(hire|recruit|shortlist|advance)\s+(this|the)\s+(person|candidate|applicant)\b|\bhire\s+(him|her|them)\b|"
    r"\b(must|should) be hired\b",
    r"\byou (must|should|are required to|have to) (hire|accept|approve|pass|advance|select)\b",
    r"\b(as an ai|as a language model|i am an ai|i'm an ai)\b",
    r"\b(new instructions|developer mode|do anything now|dan mode)\b",
    r"(<<<|>>>|‹‹‹|›››|\bEND DATA\b)",
    r"(^|\n)\s*(system|assistant|user)\s*:",
)]


def addresses_system_or_reader(text: str) -> str:
    """The phrase that makes `text` an instruction to the system or the reader, or ''."""
    for pattern in ADDRESSING:
        match = pattern.search(text)
        if match:
            return match.group(0)[:60]
    return ""


def _strings(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from _strings(item, f"{path}.{index}" if path else str(index))
    elif isinstance(data, dict):
        for key, value in data.items():
            if key != "flags":  # flags name what the candidate's text tried; they may quote it
                yield from _strings(value, f"{path}.{key}" if path else str(key))


def _addressing_problems(data: Any) -> list[str]:
    found = []
    for path, text in _strings(data):
        phrase = addresses_system_or_reader(text)
        if phrase:
            found.append(f"{path}: addresses the system or the reader ({phrase!r}); write only about the "
                         "candidate's work and put anything the candidate's text tried to do in flags")
    return found[:5]


# --- tutor hints and the reference solution ------------------------------------------------------------------------
# Share of the reference solution's code a hint may reproduce at each level (1 nudge, 2 approach, 3 outline).
HINT_OVERLAP_LIMITS = {1: 0.15, 2: 0.3, 3: 0.6}
_SHINGLE = 5
_CODE_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|==|!=|<=|>=|->|=>|\*\*|//|&&|\|\||[^\sA-Za-z0-9_]")
_LINE_COMMENT = re.compile(r"(#|//)[^\n]*")
_KEYWORDS = frozenset(
    "def return if elif else for while in not and or is None True False class lambda yield import from with as try "
    "except finally raise pass break continue function const let var new this null undefined true false public "
    "private static int long void boolean String char double float auto vector include using namespace std "
    "struct switch case default do".split())


def _code_tokens(code: str) -> list[str]:
    tokens = _CODE_TOKEN.findall(_LINE_COMMENT.sub(" ", code))
    return [t if t in _KEYWORDS or not (t[0].isalpha() or t[0] == "_") else "ID" for t in tokens]


def _shingles(tokens: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1)}


def solution_overlap(hint: str, reference: str) -> float:
    """Share of the reference solution's 5-token sequences (identifiers normalised) found in the hint."""
    ref = _shingles(_code_tokens(reference), _SHINGLE)
    if not ref:
        return 0.0
    return len(ref & _shingles(_code_tokens(hint), _SHINGLE)) / len(ref)


def _references(inputs: dict[str, Any]) -> list[str]:
    problem = inputs.get("problem") if isinstance(inputs.get("problem"), dict) else {}
    found: list[str] = []
    for value in (inputs.get("reference_solution"), problem.get("reference_solution"),
                  problem.get("reference_solutions")):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            found.extend(v for v in value.values() if isinstance(v, str))
    return [r for r in found if r.strip()]


def _requested_level(inputs: dict[str, Any]) -> int | None:
    level = inputs.get("level")
    if isinstance(level, bool) or not isinstance(level, (int, float)):
        return None
    return max(1, min(3, int(level)))


def _hint_problems(data: Any, inputs: dict[str, Any]) -> list[str]:
    if not isinstance(data, dict) or not isinstance(data.get("hint"), str):
        return []
    level = _requested_level(inputs)
    found = []
    if level is not None and data.get("level") != level:
        found.append(f"level: the hint was asked for at level {level}, not {data.get('level')}")
    limit = HINT_OVERLAP_LIMITS[level or 1]
    for reference in _references(inputs):
        overlap = solution_overlap(data["hint"], reference)
        if overlap > limit:
            found.append(f"hint: gives away {overlap:.0%} of the reference solution at level {level or 1} "
                         f"(at most {limit:.0%}); give a hint, not the solution")
            break
    return found


# --- follow-ups and hints in the room, and the answer key ---------------------------------------------------------
# A follow-up (or a hint, which is a follow-up) reads an expected point out when it repeats ANSWER_KEY_RUN or more of
# the point's word 3-shingles (five content words in a row), and at least ANSWER_KEY_SHARE of them, that neither the
# question, the candidate's own answer nor the question's follow-up seeds already say. A short point named in a
# question ("How could a hash map help here?") is a hint at it, not a read-out.
ANSWER_KEY_RUN = 3
ANSWER_KEY_SHARE = 0.5


def _point_text(point: Any) -> str:
    if isinstance(point, dict):
        point = point.get("point")
    return point if isinstance(point, str) else ""


def _answer_key_problems(data: Any, inputs: dict[str, Any]) -> list[str]:
    """The expected points are the answer key: the prompt tells the model never to quote them to the candidate, and
    here a reply that does anyway (asked to by the answer it reads, or confused) is refused like any other."""
    from interviewmaster.ai.offline.text import shingles

    question = inputs.get("question") if isinstance(inputs.get("question"), dict) else {}
    if not isinstance(data, dict) or not isinstance(data.get("follow_up"), str):
        return []
    answer = inputs.get("answer")
    answer = answer if isinstance(answer, dict) else {"text": answer if isinstance(answer, str) else ""}
    seeds = question.get("follow_up_seeds") if isinstance(question.get("follow_up_seeds"), list) else []
    known = shingles(" ".join(str(part) for part in (question.get("prompt") or "", answer.get("text") or "",
                                                       answer.get("code") or "", *seeds)))
    asked = shingles(data["follow_up"]) - known
    points = question.get("expected_points") if isinstance(question.get("expected_points"), list) else []
    for number, point in enumerate(points, start=1):
        key = shingles(_point_text(point))
        revealed = key & asked
        if len(revealed) >= ANSWER_KEY_RUN and len(revealed) >= ANSWER_KEY_SHARE * len(key):
            return [f"follow_up: reads expected point {number} out to the candidate; ask about it in your own words, "
                    "never quote or paraphrase the expected_points"]
    return []


CHECKS: dict[str, list[Callable[[Any, dict[str, Any]], list[str]]]] = {
    "follow_up": [lambda data, inputs: _addressing_problems(data), _answer_key_problems],
    "summarize_session": [lambda data, inputs: _addressing_problems(data)],
    "analyze_resume": [lambda data, inputs: _addressing_problems(data)],
    "evaluate_answer": [lambda data, inputs: _addressing_problems(data)],
    "build_plan": [lambda data, inputs: _addressing_problems(data)],
    "critique_plan": [lambda data, inputs: _addressing_problems(data)],
    "tutor_hint": [lambda data, inputs: _addressing_problems(data), _hint_problems],
    # generate_questions: questions go to expert review, inactive, and may legitimately be about prompt injection.
}


def problems(task: str, data: Any, inputs: dict[str, Any]) -> list[str]:
    """Why this schema-valid answer is not to be believed ([] when it is)."""
    found: list[str] = []
    for check in CHECKS.get(task, []):
        found += check(data, inputs)
    return found

