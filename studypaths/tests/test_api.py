"""The problem bank and judge over the REST API: listing, examples-only runs, submissions, owners and rate limits."""

from __future__ import annotations

import re

import pytest
from drf_spectacular.drainage import get_override
from rest_framework.test import APIClient

from accounts.tests.factories import CandidateFactory
from interviewmaster.testing import error_of
from studypaths import services
from studypaths.api import CodeField
from studypaths.models import CodeRun, RunStatus
from studypaths.tests.factories import ADD_JS, ADD_PY, CodeRunFactory, ProblemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    client = APIClient()
    user = CandidateFactory()
    client.force_authenticate(user)
    client.user = user
    return client


def test_problem_list_is_paginated_and_query_count_is_pinned(api, django_assert_max_num_queries):
    for _ in range(5):
        ProblemFactory(with_tests=False)
    ProblemFactory(with_tests=False, is_published=False)
    with django_assert_max_num_queries(4):
        body = api.get("/api/v1/problems?limit=3").json()
    assert body["total"] == 5
    assert len(body["items"]) == 3
    assert body["has_more"] is True
    assert set(body["items"][0]) == {"id", "slug", "title", "module", "difficulty", "topics"}


def test_problem_list_filters_by_module(api):
    wanted = ProblemFactory(with_tests=False)
    ProblemFactory(with_tests=False)
    body = api.get(f"/api/v1/problems?module={wanted.module.slug}").json()
    assert [item["id"] for item in body["items"]] == [wanted.id]


def test_problem_detail_shows_examples_but_never_hidden_tests_or_references(api):
    problem = ProblemFactory()
    body = api.get(f"/api/v1/problems/{problem.id}").json()
    assert [e["name"] for e in body["examples"]] == ["example 1"]
    assert "reference_solutions" not in body
    assert "<script>" not in body["statement_html"]
    assert body["starter_code"]["python"].startswith("def add")
    assert body["languages"] == ["javascript", "python"]


def test_unpublished_problem_is_404(api):
    problem = ProblemFactory(is_published=False)
    response = api.get(f"/api/v1/problems/{problem.id}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert error_of(api.post(f"/api/v1/problems/{problem.id}/run", {"language": "python", "code": ADD_PY},
                             format="json")) == (404, "not_found")


def test_anonymous_users_cannot_run_code():
    problem = ProblemFactory()
    response = APIClient().post(f"/api/v1/problems/{problem.id}/run", {"language": "python", "code": ADD_PY},
                                format="json")
    assert response.status_code == 401
    assert CodeRun.objects.count() == 0


@pytest.mark.parametrize("language,code", [("python", ADD_PY), ("javascript", ADD_JS)])
def test_run_examples_judges_only_the_public_examples(api, bubblewrap, django_capture_on_commit_callbacks,
                                                      language, code):
    problem = ProblemFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/problems/{problem.id}/run", {"language": language, "code": code},
                            format="json")
    assert response.status_code == 202
    run = CodeRun.objects.get(id=response.json()["id"])
    assert (run.status, run.verdict, run.user_id) == (RunStatus.DONE, "accepted", api.user.id)
    body = api.get(f"/api/v1/code-runs/{run.id}").json()
    assert [t["name"] for t in body["result"]["tests"]] == ["example 1"]
    assert body["result"]["tests"][0]["expected"] == 3
    assert body["result"]["tests"][0]["stdout"].strip() == "3"


def test_submit_runs_hidden_tests_without_revealing_them(api, bubblewrap, django_capture_on_commit_callbacks):
    problem = ProblemFactory()
    wrong = "def add(a, b):\n    return a + b if a < 100 else 0\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/problems/{problem.id}/submit", {"language": "python", "code": wrong},
                            format="json")
    run = CodeRun.objects.get(id=response.json()["id"])
    assert run.verdict == "wrong_answer"
    hidden = [t for t in run.result["tests"] if not t["public"]]
    assert len(hidden) == 8
    assert all(set(t) == {"name", "verdict", "public"} for t in hidden)
    # (2**31, 1) fails first; (123, 456) after it is not run: judging stops at the first failing hidden test
    assert [t["verdict"] for t in hidden] == ["accepted"] * 4 + ["wrong_answer"] + ["skipped"] * 3
    assert (run.result["passed"], run.result["total"], run.result["skipped"]) == (5, 9, 3)


# The attack: a program that steers each hidden test's verdict by that test's own input (accepted, wrong answer or
# runtime error by |a| mod 3). With a verdict for every hidden test one submission read ~1.58 bits of each hidden
# input (~16 bits with 10 hidden tests; a reviewer had problem 1's hidden input lengths in 5 submissions).
STEERING = ("def add(a, b):\n"
            "    if (a, b) == (1, 2):\n"
            "        return 3\n"
            "    kind = (abs(a) + {shift}) % 3\n"
            "    if kind == 1:\n"
            "        raise ValueError(a)\n"
            "    return a + b if kind == 0 else a + b + 1\n")


@pytest.mark.parametrize("shift", [0, 1, 2])
def test_a_submission_steering_verdicts_by_the_hidden_inputs_gets_one_failing_verdict_and_the_rest_not_run(
        api, bubblewrap, django_capture_on_commit_callbacks, shift):
    problem = ProblemFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/problems/{problem.id}/submit",
                            {"language": "python", "code": STEERING.format(shift=shift)}, format="json")
    body = api.get(f"/api/v1/code-runs/{response.json()['id']}").json()
    result = body["result"]
    example, *hidden = result["tests"]
    assert example["public"] and example["verdict"] == "accepted" and example["stdout"].strip() == "3"  # full detail
    assert all(set(t) == {"name", "verdict", "public"} for t in hidden)
    verdicts = [t["verdict"] for t in hidden]
    failed = next(i for i, v in enumerate(verdicts) if v != "accepted")
    # accepted up to the first failure, that one failure named with its verdict, every later hidden test not run
    assert verdicts[failed] in ("wrong_answer", "runtime_error") and body["verdict"] == verdicts[failed]
    assert verdicts[failed + 1:] == ["skipped"] * (len(verdicts) - failed - 1)
    assert hidden[failed]["name"] == f"hidden {failed + 1}"
    assert sum(v not in ("accepted", "skipped") for v in verdicts) == 1
    assert (result["passed"], result["total"], result["skipped"]) == (1 + failed, 9, len(verdicts) - failed - 1)


def test_another_users_run_is_404(api):
    run = CodeRunFactory()
    response = api.get(f"/api/v1/code-runs/{run.id}")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("payload,status,code,field", [
    ({"language": "cobol", "code": "x"}, 400, "invalid", "language"),
    ({"language": "python"}, 400, "invalid", "code"),
    ({"language": "python", "code": ""}, 400, "empty_code", "code"),
    ({"language": "python", "code": "   \n\t"}, 400, "empty_code", "code"),
    # What the contract's fuzzer sent: whitespace by Python's rule or JSON Schema's (U+FEFF is only the latter's).
    ({"language": "python", "code": "\u2009\u00a0\x1f\r\u1680\ufeff\u205f\u2028\x85\ufeff"}, 400, "empty_code",
     "code"),
    ({"language": "python", "code": "x" * 100_001}, 413, "code_too_long", "code"),
])
@pytest.mark.parametrize("endpoint", ["run", "submit"])
def test_bad_run_input_is_rejected_with_field_errors_and_nothing_is_queued(api, payload, status, code, field,
                                                                           endpoint):
    # The same checks and answers as the practice page (services.validate_run_input; docs/practice.md).
    problem = ProblemFactory()
    response = api.post(f"/api/v1/problems/{problem.id}/{endpoint}", payload, format="json")
    assert (response.status_code, response.json()["error"]["code"]) == (status, code)
    assert field in response.json()["error"]["fields"]
    if code == "empty_code":
        assert response.json()["error"]["message"] == "Write some code before running it."
    assert CodeRun.objects.count() == 0


def test_the_schema_pattern_of_code_and_the_server_agree_on_every_character():
    # The schema's `code` pattern is ECMA-262's (JSON Schema): its `\s` is that standard's whitespace, not Python's.
    # A one-character code is refused by the server exactly when it does not match the pattern (schemathesis sends
    # pattern-violating code and expects a 400; and code the pattern allows must be accepted).
    ecma_whitespace = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
    pattern = re.compile(get_override(CodeField, "field")["pattern"].replace(r"\s", ecma_whitespace))
    disagree = [hex(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF
                and bool(pattern.search(chr(c))) == services.is_blank_code(chr(c))]
    assert disagree == []
    assert services.is_blank_code(" \ufeff \ufeff") and not services.is_blank_code("\ufeffx")


def test_a_language_the_problem_lacks_is_refused(api):
    problem = ProblemFactory(function_spec={"name": {"python": "add"}, "params": [], "returns": "int"})
    response = api.post(f"/api/v1/problems/{problem.id}/run", {"language": "javascript", "code": ADD_JS},
                        format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unsupported_language"
    assert CodeRun.objects.count() == 0


def test_runs_are_rate_limited_per_user(api, settings):
    settings.SANDBOX_RUN_RATE = "2/min"
    problem = ProblemFactory()
    codes = [api.post(f"/api/v1/problems/{problem.id}/run", {"language": "python", "code": ADD_PY},
                      format="json").status_code for _ in range(3)]
    assert codes == [202, 202, 429]
    assert CodeRun.objects.count() == 2


def test_only_accepted_runs_spend_the_run_budget(api, settings):
    # Refused before anything is queued (400, 404, 413): the budget is untouched; the general API limits still count
    # such requests, so a flood of them is held back there.
    settings.SANDBOX_RUN_RATE = "2/min"
    problem = ProblemFactory()
    refused = [
        api.post(f"/api/v1/problems/{problem.id}/run", {"language": "python", "code": "  "}, format="json"),
        api.post(f"/api/v1/problems/{problem.id}/run", {"language": "python", "code": "x" * 100_001}, format="json"),
        api.post(f"/api/v1/problems/{problem.id}/submit", {"language": "cobol", "code": ADD_PY}, format="json"),
        api.post("/api/v1/problems/999999/run", {"language": "python", "code": ADD_PY}, format="json"),
    ]
    assert [r.status_code for r in refused] == [400, 413, 400, 404]
    codes = [api.post(f"/api/v1/problems/{problem.id}/run", {"language": "python", "code": ADD_PY},
                      format="json").status_code for _ in range(3)]
    assert codes == [202, 202, 429]
    assert CodeRun.objects.count() == 2


def test_sandbox_unavailable_marks_the_run_failed(api, monkeypatch, settings, django_capture_on_commit_callbacks):
    from studypaths import sandbox

    settings.SANDBOX_ALLOW_RLIMITS_ONLY = False
    monkeypatch.setattr(sandbox, "_probe_bubblewrap", lambda: (False, "simulated"))
    problem = ProblemFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"/api/v1/problems/{problem.id}/run", {"language": "python", "code": ADD_PY},
                            format="json")
    run = CodeRun.objects.get(id=response.json()["id"])
    assert (run.status, run.verdict) == (RunStatus.FAILED, "sandbox_error")
    assert "SANDBOX_ALLOW_RLIMITS_ONLY" in run.result["error"]


FAKE_COMPILE_ERROR_ON_HIDDEN_INPUT = '''import sys
_data = sys.stdin.read()
if "[1, 2]" not in _data:
    sys.stderr.write("solution.py SyntaxError LEAK:" + _data)
    sys.exit(86)
def add(a, b):
    return a + b
'''


def test_a_faked_compile_error_cannot_carry_a_hidden_tests_input_out(bubblewrap):
    from studypaths import services

    problem = ProblemFactory()
    run = CodeRun.objects.create(user=CandidateFactory(), problem=problem, language="python",
                                 code=FAKE_COMPILE_ERROR_ON_HIDDEN_INPUT, kind="submission")
    run = services.execute_code_run(run_id=run.id)
    assert any(t["verdict"] == "compile_error" and not t["public"] for t in run.result["tests"])
    assert "LEAK" not in str(run.result)
    assert "hidden test" in run.result["compile_output"]


def test_a_real_syntax_error_is_still_shown_from_the_first_example(bubblewrap):
    from studypaths import services

    problem = ProblemFactory()
    run = CodeRun.objects.create(user=CandidateFactory(), problem=problem, language="python",
                                 code="def add(a, b)\n    return a + b\n", kind="submission")
    run = services.execute_code_run(run_id=run.id)
    assert run.verdict == "compile_error"
    assert "SyntaxError" in run.result["compile_output"]


def test_an_unexpected_judge_error_fails_the_run_instead_of_leaving_it_running(monkeypatch):
    from studypaths import services, tasks

    def broken_judge(**kwargs):
        raise ValueError("harness could not build the program")

    monkeypatch.setattr(services, "judge_code", broken_judge)
    run = CodeRunFactory(status=RunStatus.QUEUED)
    assert tasks.execute_code_run.apply(args=[run.id]).get() == "sandbox_error"
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "internal error" in run.result["error"]


def test_a_submissions_end_is_shown_to_the_second_so_its_timestamps_do_not_carry_its_wall_time(api):
    """The result no longer carries wall_ms; finished_at - created_at to the microsecond still did."""
    from datetime import timedelta

    from django.utils import timezone

    from studypaths.models import CodeRun

    started = timezone.now().replace(microsecond=0)
    runs = {kind: CodeRun.objects.create(user=api.user, problem=ProblemFactory(), language="python", code="x",
                                         kind=kind, status="done")
            for kind in ("submission", "examples")}
    for run in runs.values():
        CodeRun.objects.filter(id=run.id).update(created_at=started,
                                                 finished_at=started + timedelta(seconds=1, microseconds=234_567))
    submission = api.get(f"/api/v1/code-runs/{runs['submission'].id}").json()
    examples = api.get(f"/api/v1/code-runs/{runs['examples'].id}").json()
    assert "." not in submission["finished_at"] and submission["finished_at"].endswith(("Z", "+00:00"))
    assert ".234567" in examples["finished_at"]  # visible tests only: nothing hidden to carry out
