"""The offline tutor's hints fit the problem they are for, across the whole shipped bank (product review, session 40).

"Rotate an array" was told "with inputs of up to 1,000,000,000 ... quadratic is too slow" (10^9 bounds `k`; the input,
`nums`, has at most 10^5 elements) and "decide what to remember about the prefix seen so far; update it per element"
(an outline for one-pass scans; the rotation is a pair of slices). These tests read every bank problem's hints as a
candidate would: a size the hint reasons about must be a bound on the input's length (the `limits` beside each
problem in the bank file), and whatever the hints tell the candidate to use must be something the problem's own
topics or its reference solution use.
"""

from __future__ import annotations

import re

import pytest

from studypaths import hints
from studypaths.models import Problem
from studypaths.services import bank_data, load_problem_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank():
    load_problem_bank()
    problems = list(Problem.objects.select_related("module").order_by("module__position", "position"))
    return problems, {p.slug: hints.problem_hints(p) for p in problems}


def _size_bounds(data: dict) -> set[int]:
    """Every bound on the size of an input: lengths, node counts, item lengths and a grid's cells."""
    types = {p["name"]: p["type"] for p in data["function"]["params"]}
    bounds = set()
    for name, spec in data.get("limits", {}).items():
        for key in ("length", "nodes", "item_length"):
            if key in spec:
                bounds.add(int(spec[key][1]))
        if types[name].endswith("[][]") and spec.get("item_length", [0, 0])[1] > 3:  # a grid (not pairs)
            bounds.add(int(spec["length"][1]) * int(spec["item_length"][1]))
    return bounds


_WRITTEN_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d{4,})(?![\w.])")
_UP_TO = re.compile(r"\bup to (\d{1,3}(?:,\d{3})+|\d+)")


def _wrong_sizes(slug: str, texts: list[str], data: dict) -> list[str]:
    bounds = _size_bounds(data)
    found = []
    for text in texts:
        for number in sorted(set(_UP_TO.findall(text) + _WRITTEN_NUMBER.findall(text))):
            if int(number.replace(",", "")) not in bounds:
                found.append(f"{slug}: names {number} (size bounds: {sorted(bounds)}) in {text!r}")
    return found


# What a hint can tell the candidate to use or look for -> (how the hint says it, the topics that vouch for it, how a
# reference solution shows it, how the statement shows it). A claim with none of them is a template that does not fit.
CLAIMS = {
    "a heap": (r"\bheaps?\b", {"heap", "two heaps", "dijkstra"}, r"heap", None),
    "a dictionary": (r"\bdictionary\b|\bmap\b", {"hash map", "counting", "prefix sums"},
                     r"\{\}|\{0: 1\}|Counter|defaultdict|dict\(|new Map|setdefault", None),
    "a set": (r"\b(?:a|into a) set\b", {"hash set"}, r"\bset\(|new Set", None),
    "a stack": (r"\bstack\b", {"stack", "monotonic stack"}, r"stack", None),
    "a queue": (r"\bqueue\b", {"bfs", "multi-source bfs", "topological sort", "dijkstra"}, r"deque|queue|level", None),
    "an adjacency list": (r"adjacency", {"topological sort", "union find", "dijkstra"}, r"adj|graph\s*=|defaultdict",
                          None),
    "sorting": (r"\bsort\b", {"sorting", "intervals", "sweep line"}, r"\bsort", None),
    "a table": (r"\btable\b", {"dynamic programming", "unbounded knapsack"}, r"dp|\[0\] \*|\[\[", None),
    "a one-pass scan": (r"prefix seen so far|per element|one pass|running variables", {"kadane", "prefix sums"},
                        r"\bfor\b", None),
    "splitting or joining": (r"\bsplit|\bjoin", set(), r"split|join", None),
    "binary search": (r"binary search|\bhalve", {"binary search", "binary search on the answer", "bst"},
                      r"\bmid\b|bisect", None),
    "a window": (r"\bwindow\b", {"sliding window"}, r"window|start", None),
    "a bound k": (r"\bk\b", set(), r"\bk\b", None),
    "merging intervals": (r"\bmerg(?:e|ing) (?:it|them|overlapping|or)", set(), None, r"[Mm]erg"),
    "a goal reached first": (r"\bgoal\b", {"dijkstra"}, None, r"shortest|fewest|minimum|minutes"),
    "opening and closing": (r"\bopens\b|\bcloses\b", set(), None, r"bracket|parenthes"),
}


def _unfitting(problem: Problem, texts: list[str]) -> list[str]:
    references = "\n".join((problem.reference_solutions or {}).values())
    topics = set(problem.topics or [])
    found = []
    for claim, (said, vouching_topics, in_reference, in_statement) in CLAIMS.items():
        text = next((t for t in texts if re.search(said, t, re.IGNORECASE)), None)
        if text and not (topics & vouching_topics or (in_reference and re.search(in_reference, references))
                         or (in_statement and re.search(in_statement, problem.statement))):
            found.append(f"{problem.slug} ({', '.join(sorted(topics))}): tells to use {claim}: {text!r}")
    return found


def test_every_size_a_hint_reasons_about_is_a_bound_on_the_inputs_length(bank):
    problems, written = bank
    data = bank_data()
    wrong = [w for p in problems for w in _wrong_sizes(p.slug, written[p.slug], data[p.slug])]
    assert not wrong, "\n".join(wrong)


def test_a_problem_with_a_length_limit_gets_its_size_named_with_the_parameter(bank):
    problems, written = bank
    data = bank_data()
    named = 0
    for problem in problems:
        approach = written[problem.slug][1]
        sizes = _UP_TO.findall(approach)
        if not sizes:
            continue
        named += 1
        assert int(sizes[0].replace(",", "")) == max(_size_bounds(data[problem.slug])), (problem.slug, approach)
        params = [p["name"] for p in problem.function_spec["params"]]
        assert any(f"`{name}`" in approach or f"len({name})" in approach for name in params) \
            or "nodes" in approach, (problem.slug, approach)
    assert named >= 30  # half the bank: a length limit and an approach that does not name its own cost (36 today)


def test_no_hint_tells_the_candidate_to_use_what_the_problem_does_not_need(bank):
    problems, written = bank
    unfitting = [u for p in problems for u in _unfitting(p, written[p.slug])]
    assert not unfitting, "\n".join(unfitting)


def test_each_outline_is_one_of_the_problems_own_topics_or_led_by_its_statement(bank):
    problems, written = bank
    for problem in problems:
        outline = written[problem.slug][2]
        own = [t for t in problem.topics if t in hints.TOPIC_HINTS and hints.TOPIC_HINTS[t][2] in outline]
        first_sentence = problem.statement.split(". ")[0].strip().rstrip(".")
        assert own or first_sentence[:60] in outline, (problem.slug, outline)
        assert outline.startswith("Outline"), problem.slug


def test_rotate_an_array_reasons_about_len_nums_and_is_told_to_work_out_the_rule_from_an_example(bank):
    """The case from the review: three hints that spent the candidate's three tries on a wrong size and a scan."""
    _, written = bank
    nudge, approach, outline = written["rotate-array"]
    assert "1,000,000,000" not in " ".join(written["rotate-array"])
    assert "`len(nums)` up to 100,000" in approach
    arrays = hints.TOPIC_HINTS["arrays"]
    assert not any(template in text for template in arrays for text in (nudge, approach, outline))
    assert "[1, 2, 3, 4, 5, 6, 7]" in nudge  # the statement's own first example
    assert "rotate" in outline and "`nums`" in outline and "`k`" in outline


def test_the_hints_are_deterministic(bank):
    problems, written = bank
    for problem in problems[:12]:
        assert hints.problem_hints(problem) == written[problem.slug], problem.slug


def test_a_problem_outside_the_bank_takes_its_size_from_a_length_in_the_constraints_text_never_a_value():
    """A problem written in the admin has no `limits` beside it: `len(x) <= N` in its constraints is the size."""
    spec = {"name": {"python": "rotate"}, "params": [{"name": "nums", "type": "int[]"}, {"name": "k", "type": "int"}]}
    text = "`0 <= len(nums) <= 2 * 10^5`, `0 <= k <= 10^9`."
    assert hints.input_size(None, spec, text) == ("`len(nums)` up to 200,000", 200_000)
    assert hints.input_size(None, spec, "`0 <= k <= 10^9`.") is None
    assert "1,000,000,000" not in hints.complexity_target(text, function_spec=spec)
