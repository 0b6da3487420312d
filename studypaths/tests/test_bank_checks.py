"""check_problems catches each kind of bank defect, each shown on a deliberately broken copy of a shipped problem:
a test outside its stated limits, a test with two valid answers where the statement promises one, and tests that let
a slower solution than promised pass. The schema keeps the data honest (limits, checkers, slow solutions)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from studypaths import bank_checks
from studypaths.errors import InvalidProblemData
from studypaths.services import DEFAULT_BANK_DIR, bank_data, load_problem_bank

pytestmark = pytest.mark.django_db


def _copy(tmp_path, slug: str, edit) -> str:
    """A bank directory holding one module file with only `slug`, after `edit(problem)`."""
    for path in sorted(DEFAULT_BANK_DIR.glob("[0-9]*.json")):
        bundle = json.loads(path.read_text())
        for problem in bundle["problems"]:
            if problem["slug"] == slug:
                edit(problem)
                (tmp_path / path.name).write_text(json.dumps({"module": bundle["module"], "problems": [problem]}))
                return str(tmp_path)
    raise AssertionError(f"no problem {slug}")


def _check(directory: str, slug: str) -> str:
    out = StringIO()
    with pytest.raises(CommandError, match=slug):
        call_command("check_problems", slug, "--load", "--dir", directory, "--jobs", "1", stdout=out)
    return out.getvalue()


def test_every_shipped_test_is_within_its_limits_and_the_files_match_the_schema():
    for path in sorted(DEFAULT_BANK_DIR.glob("[0-9]*.json")):
        assert bank_checks.schema_problems(json.loads(path.read_text()), path.name) == []
    for slug, data in bank_data().items():
        assert bank_checks.limit_violations(data) == [], slug


def test_limits_catch_the_three_kinds_of_overflow_the_review_found():
    data = bank_data()
    subsequence = data["is-subsequence"]
    subsequence["tests"][-1]["args"] = ["z", "a" * 10_001]
    path = data["simplify-path"]
    path["tests"][-1]["args"] = ["/" + "a/" * 2_499]
    meetings = data["can-attend-all-meetings"]
    meetings["tests"][-1]["args"] = [[[i, i + 1] for i in range(10_001)]]
    for broken, name in ((subsequence, "t"), (path, "path"), (meetings, "meetings")):
        problems = bank_checks.limit_violations(broken)
        assert any(f"breaks the limits of {name}: length" in p for p in problems), problems


def test_a_list_of_lists_is_held_to_its_total_and_every_problem_states_its_reference_complexity():
    """Merge k sorted lists promised N <= 10^5 values in all only in its prose; the tutor's hints named `len(lists)`.
    The total is data now (`total` in its limits), checked like any other limit."""
    data = bank_data()
    merge_k = data["merge-k-sorted-lists"]
    assert merge_k["limits"]["lists"]["total"] == [0, 100_000]
    merge_k["tests"][-1]["args"] = [[list(range(50_001)), list(range(50_000))]]
    problems = bank_checks.limit_violations(merge_k)
    assert any("breaks the limits of lists: 100001 items in all" in p for p in problems), problems
    assert all(d.get("complexity") or d.get("reference_complexity") for d in data.values())


def test_check_problems_fails_on_a_test_outside_the_limits(bubblewrap, tmp_path):
    def edit(problem):
        problem["tests"][0]["args"] = ["z", "a" * 10_001]
        problem["tests"][0]["expected"] = False

    output = _check(_copy(tmp_path, "is-subsequence", edit), "is-subsequence")
    assert "breaks the limits of t: length 10001 outside [0, 10000]" in output


def test_check_problems_fails_on_two_valid_answers_where_one_is_promised(bubblewrap, tmp_path):
    def edit(problem):
        ends = next(t for t in problem["tests"] if t["name"] == "ends")
        ends["args"], ends["expected"] = [[1, 5, 9, 13], 14], [1, 4]

    output = _check(_copy(tmp_path, "two-sum-sorted", edit), "two-sum-sorted")
    assert "test 'ends' has 2 valid answers, the statement promises one" in output


def test_check_problems_fails_when_a_slow_solution_passes_a_promised_complexity(bubblewrap, tmp_path):
    def edit(problem):
        problem["tests"] = [t for t in problem["tests"] if len(t["args"][0]) < 10_000]

    output = _check(_copy(tmp_path, "product-except-self", edit), "product-except-self")
    assert "slow solution (O(n) promised) got accepted" in output


def test_check_problems_fails_when_the_reference_has_no_margin(bubblewrap, tmp_path):
    def edit(problem):
        problem["cpu_seconds"] = 0.05  # the reference's largest test needs more than a third of this

    output = _check(_copy(tmp_path, "daily-temperatures", edit), "daily-temperatures")
    assert "reference needs" in output


@pytest.mark.parametrize(("edit", "message"), [
    (lambda p: p.pop("checker"), "checker"),
    (lambda p: p.pop("slow"), "slow"),
    (lambda p: p["tests"][0].update(name="hidden 5"), "hidden 5"),
    (lambda p: p["limits"]["nums"].update(size=3), "size"),
])
def test_the_schema_refuses_a_promise_without_its_check_and_unnamed_tests(tmp_path, edit, message):
    slug = "two-sum"
    directory = _copy(tmp_path, slug, edit)
    with pytest.raises(InvalidProblemData, match=message):
        load_problem_bank(directory=Path(directory))
