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
    """Every bound on the size of an input: lengths, node counts, item lengths, a grid's cells, the characters of a
    list of words or the values of a list of lists in all, and an integer parameter the problem's complexity is
    written in (`amount` in O(amount × len(coins)); `x` in O(log x))."""
    types = {p["name"]: p["type"] for p in data["function"]["params"]}
    complexity = re.sub(r"\b(?:len|max)\(\w+\)", "", data.get("complexity") or data.get("reference_complexity") or "")
    bounds = set()
    for name, spec in data.get("limits", {}).items():
        for key in ("length", "nodes", "item_length", "total"):
            if key in spec:
                bounds.add(int(spec[key][1]))
        if types[name].endswith("[]") and spec.get("item_length", [0, 0])[1] > 3:  # a grid or words (not pairs)
            bounds.add(int(spec["length"][1]) * int(spec["item_length"][1]))
        if types[name] == "int" and "values" in spec and re.search(rf"\b{name}\b", complexity):
            bounds.add(int(spec["values"][1]))
    return bounds


_WRITTEN_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d{4,})(?![\w]|[.,]\d)")
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
    "a bound k": (r"\bk\b", set(), r"\bk\b", r"`k`"),
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
        task = hints._goal(problem.statement, problem.title)
        assert task[:60] in " ".join(problem.statement.split()), (problem.slug, task)  # the statement's own words
        assert own or task[:60] in outline, (problem.slug, outline)
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


# --- Bank-wide properties (product review, session 40, second round) ----------------------------------------------
# Three sum was told "that is O(n)" (its reference is O(n²)); the four two-pointer problems got the same outline; merge
# k sorted lists was told to scan every list's front (O(N·k)) and named `len(lists)` for its size; shortest path got
# "start again from each unmarked node"; kth largest read "act on it as the statement says and push back whatever that
# produces"; every problem ended with "duplicates and the largest values", strings and grids too.
_BIG_O = re.compile(r"O\(((?:[^()]|\([^()]*\))+)\)")
_SIZE_TOKEN = re.compile(r"len\(\w+\)|max\(\w+\)|\blog\b|[A-Za-z_][A-Za-z0-9_]*|[²³]|\^\d|\d+")


def _degree(expression: str) -> float:
    """How fast a complexity grows, every size counted alike: O(1) 0, O(log n) 0.1, O(n) 1, O(n log k) 1.1, O(n²) 2,
    O(rows × cols) 2; a sum grows as its largest term."""
    expression = re.sub(r"^O\((.*)\)$", r"\1", expression.strip())
    worst = 0.0
    for term in re.split(r"\+", expression):
        degree, after_log = 0.0, False
        for token in _SIZE_TOKEN.findall(term):
            if token == "log":
                degree, after_log = degree + 0.1, True
            elif token in "²³" or token.startswith("^"):
                degree += int({"²": 2, "³": 3}.get(token, token[1:] or 1)) - 1
            elif token.isdigit():
                continue
            elif after_log:
                after_log = False  # the argument of a log
            else:
                degree += 1
        worst = max(worst, degree)
    return worst


def _reference_complexity(data: dict) -> str:
    return data.get("complexity") or data.get("reference_complexity") or ""


def _normalised_outline(outline: str) -> str:
    """The outline without its header and with every name made alike, so that two outlines that differ only by the
    function's or parameters' names compare equal."""
    body = outline.split("): ", 1)[-1]
    return re.sub(r"`[^`]*`", "`x`", body)


# Phrases that stand in for the problem instead of saying it (a template's placeholder left in the text).
_TEMPLATE = re.compile(r"as the statement (?:says|asks)|whatever that produces|the key that matters|where the problem "
                       r"needs them|\{\w*\}|the relevant cells|starts something new|\bNone\b|\bnull\b")


def test_every_bank_problem_has_a_reference_complexity_in_its_data():
    data = bank_data()
    missing = [slug for slug, d in data.items() if not _reference_complexity(d)]
    assert not missing, missing
    assert _degree("O(n²)") > _degree("O(n log n)") > _degree("O(n)") > _degree("O(log n)") > _degree("O(1)")
    assert _degree("O(N log k)") > _degree("O(N)") and _degree("O(rows × cols)") == _degree("O(n²)")


def test_no_complexity_a_hint_states_is_better_than_the_reference_solutions(bank):
    problems, written = bank
    data = bank_data()
    wrong = []
    for problem in problems:
        reference = _reference_complexity(data[problem.slug])
        for text in written[problem.slug]:
            for match in _BIG_O.finditer(text):
                stated = match.group(1)
                if re.match(r"\s*(?:extra )?(?:space|memory)", text[match.end():]):
                    continue  # "using O(1) extra space": a bound on memory, not the time the hint reasons about
                if _degree(stated) < _degree(reference[2:-1]):
                    wrong.append(f"{problem.slug}: states O({stated}), the reference is {reference}: {text!r}")
    assert not wrong, "\n".join(wrong)
    assert data["three-sum"]["reference_complexity"] in written["three-sum"][1]


def test_no_two_problems_get_the_same_outline(bank):
    problems, written = bank
    seen: dict[str, str] = {}
    same = []
    for problem in problems:
        key = _normalised_outline(written[problem.slug][2])
        if key in seen:
            same.append(f"{problem.slug} and {seen[key]}: {written[problem.slug][2]!r}")
        seen.setdefault(key, problem.slug)
    assert not same, "\n".join(same)


def test_every_problem_names_its_dominant_input_size(bank):
    problems, written = bank
    data = bank_data()
    unnamed = []
    for problem in problems:
        limits = data[problem.slug]["limits"]
        bounds = _size_bounds(data[problem.slug])
        dominant = max(bounds) if bounds else max(int(spec["values"][1]) for spec in limits.values())
        if f"up to {dominant:,}" not in written[problem.slug][1]:
            unnamed.append(f"{problem.slug}: no 'up to {dominant:,}' in {written[problem.slug][1]!r}")
    assert not unnamed, "\n".join(unnamed)
    assert "up to 100,000 values in all" in written["merge-k-sorted-lists"][1]


def test_no_hint_has_a_placeholder_or_template_fragment(bank):
    problems, written = bank
    garbled = [f"{p.slug}: {text!r}" for p in problems for text in written[p.slug] if _TEMPLATE.search(text)]
    assert not garbled, "\n".join(garbled)


def test_edge_cases_come_from_the_problems_own_input_kinds(bank):
    problems, written = bank
    wrong = []
    for problem in problems:
        types = [p["type"] for p in problem.function_spec["params"]]
        edges = written[problem.slug][2].rsplit("edge cases (", 1)[-1]
        if "largest values" in edges:
            wrong.append(f"{problem.slug}: boilerplate 'the largest values': {edges!r}")
        if "string" in types and "int[]" not in types and "duplicates" in edges:
            wrong.append(f"{problem.slug}: a string problem told about duplicates: {edges!r}")
        if problem.slug in {"number-of-islands", "rotting-oranges", "unique-paths-with-obstacles"} \
                and "single row" not in edges:
            wrong.append(f"{problem.slug}: a grid problem not told about a single row: {edges!r}")
    assert not wrong, "\n".join(wrong)
    assert "empty" in written["reverse-words"][2].rsplit("edge cases (", 1)[-1]
    assert "negative" in written["maximum-subarray"][2].rsplit("edge cases (", 1)[-1]


def test_the_review_cases_each_get_what_their_own_problem_needs(bank):
    _, written = bank
    assert "O(n²)" in written["three-sum"][1] and "`len(nums)` up to 3,000" in written["three-sum"][1]
    assert "sort" in written["three-sum"][2] and "each" in written["three-sum"][2]
    merge_k = " ".join(written["merge-k-sorted-lists"])
    assert "O(N log k)" in merge_k and "heap" in written["merge-k-sorted-lists"][2]
    assert "start again from each unmarked" not in written["shortest-path-unweighted"][2]
    assert "start again from each unmarked cell" in written["number-of-islands"][2]
    assert "up to 90,000 cells" in written["number-of-islands"][1]
    assert "`len(nums)` up to 100,000" in written["kth-largest-element"][1]
    assert "`k`" in written["kth-largest-element"][2]


def test_a_long_loop_body_is_read_in_linear_time_and_the_nested_shape_is_still_found():
    """Whether a reference solution's `for` loop holds a `while i < j` loop (three sum's shape) was a pattern that
    tried every split of each body line's indent when there was none: 12 lines took 1.3 s, 4x a line (a solution
    written in the admin with a long loop body held the hint worker until its hard limit). Read by indentation now."""
    import time

    long_body = "def f(nums):\n    for i in range(len(nums)):\n" + "".join(
        f"        {'    ' * (k % 6)}x{k} = {k}\n" for k in range(400)) + "    return 0\n"
    start = time.process_time()
    assert hints._while_inside_a_for(long_body) is False
    assert time.process_time() - start < 0.1
    three_sum = ("def f(nums):\n    nums.sort()\n    for i in range(len(nums)):\n"
                 "        lo, hi = i + 1, len(nums) - 1\n        while lo < hi:\n            lo += 1\n    return []\n")
    assert hints._while_inside_a_for(three_sum) is True
    apart = "def f(a):\n    for x in a:\n        pass\n    while lo < hi:\n        lo += 1\n"
    assert hints._while_inside_a_for(apart) is False  # a while after the loop, not in it
