"""The practice pages: problem list with filters and best verdicts, the problem page, run partials and their owners."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from accounts.tests.factories import CandidateFactory, ExpertFactory
from studypaths.models import CodeRun, RunKind, RunStatus, Track, TrackModule
from studypaths.tests.factories import ADD_PY, CodeRunFactory, ModuleFactory, ProblemFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def finished_run(*, user, problem, verdict, kind=RunKind.SUBMISSION, **result):
    return CodeRunFactory(user=user, problem=problem, kind=kind, status=RunStatus.DONE, verdict=verdict,
                          result={"verdict": verdict, "runtime_ms": 12, "peak_memory_kb": 9000, "passed": 1,
                                  "total": 1, "tests": [], **result})


# --- the list -----------------------------------------------------------------------------------------------------

def test_list_requires_login(client):
    response = client.get(reverse("studypaths:list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def row_cells(html: str) -> dict[str, str]:
    """{problem title: the row's text} for the problem tables."""
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
        title = re.search(r'<a href="/studypaths/problems/[^"]+/">([^<]+)</a>', row)
        if title:
            rows[title.group(1)] = text
    return rows


def test_list_shows_tracks_modules_and_problems_with_the_users_best_verdict(client, candidate,
                                                                           django_assert_max_num_queries):
    arrays, graphs = ModuleFactory(slug="arrays", title="Arrays"), ModuleFactory(slug="graphs", title="Graphs")
    track = Track.objects.create(slug="prep", title="Interview prep")
    TrackModule.objects.create(track=track, module=graphs, position=0)
    TrackModule.objects.create(track=track, module=arrays, position=1)
    solved = ProblemFactory(module=arrays, title="Two sum", difficulty=2, topics=["hashing", "arrays"],
                            with_tests=False)
    tried = ProblemFactory(module=graphs, title="Islands", difficulty=4, with_tests=False)
    untouched = ProblemFactory(module=graphs, title="Course order", with_tests=False)
    ProblemFactory(module=graphs, title="Secret draft", is_published=False, with_tests=False)
    finished_run(user=candidate, problem=solved, verdict="wrong_answer")
    finished_run(user=candidate, problem=solved, verdict="accepted")
    finished_run(user=candidate, problem=tried, verdict="accepted", kind=RunKind.EXAMPLES)
    finished_run(user=candidate, problem=tried, verdict="time_limit")
    finished_run(user=CandidateFactory(), problem=untouched, verdict="accepted")  # someone else's

    with django_assert_max_num_queries(8):
        response = client.get(reverse("studypaths:list"))
    assert response.status_code == 200
    modules = response.context["modules"]
    assert [(m.slug, [p.title for p in m.listed_problems]) for m in modules] == [
        ("arrays", ["Two sum"]), ("graphs", ["Islands", "Course order"])]
    rows = row_cells(response.content.decode())
    assert "Accepted" in rows["Two sum"]
    assert "Time limit exceeded" in rows["Islands"] and "(examples)" not in rows["Islands"]  # a submission outranks
    assert rows["Course order"].endswith("—")  # someone else's verdict is not shown
    [track_row] = response.context["tracks"]
    assert [tm.module.slug for tm in track_row.ordered_track_modules] == ["graphs", "arrays"]
    html = response.content.decode()
    assert "Secret draft" not in html
    assert "Time limit exceeded" in html
    assert reverse("studypaths:problem", args=[solved.slug]) in html
    assert 'href="/studypaths/"' in html  # the "Study paths" navigation entry


def test_the_shared_tables_carry_each_users_own_verdicts(client, candidate):
    """The tables are rendered once per catalogue and filter; each user's "Your best" cells are filled per request."""
    problem = ProblemFactory(title="Two sum", with_tests=False)
    other = CandidateFactory()
    finished_run(user=other, problem=problem, verdict="accepted")
    finished_run(user=candidate, problem=problem, verdict="wrong_answer")
    mine = client.get(reverse("studypaths:list")).content.decode()
    client.force_login(other)
    theirs = client.get(reverse("studypaths:list")).content.decode()
    assert "Wrong answer" in row_cells(mine)["Two sum"] and "Accepted" not in row_cells(mine)["Two sum"]
    assert "Accepted" in row_cells(theirs)["Two sum"]
    assert "best-slot" not in mine and "best-slot" not in theirs
    partial = client.get(reverse("studypaths:list"), {"difficulty": problem.difficulty},
                         headers={"HX-Request": "true"}).content.decode()
    assert "Accepted" in row_cells(partial)["Two sum"] and 'id="filter-status"' in partial


def test_list_query_count_does_not_grow_with_problems_or_runs(client, candidate, django_assert_max_num_queries):
    for _ in range(3):
        module = ModuleFactory()
        for _ in range(4):
            problem = ProblemFactory(module=module, with_tests=False)
            finished_run(user=candidate, problem=problem, verdict="accepted")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("studypaths:list"))
    assert response.context["problem_count"] == 12


def test_list_filters_by_module_and_difficulty(client, candidate):
    arrays, graphs = ModuleFactory(slug="arrays"), ModuleFactory(slug="graphs")
    easy = ProblemFactory(module=arrays, difficulty=1, with_tests=False)
    ProblemFactory(module=arrays, difficulty=3, with_tests=False)
    ProblemFactory(module=graphs, difficulty=1, with_tests=False)
    response = client.get(reverse("studypaths:list"), {"module": "arrays", "difficulty": "1"})
    assert [[p.id for p in m.listed_problems] for m in response.context["modules"]] == [[easy.id]]
    partial = client.get(reverse("studypaths:list"), {"difficulty": "1"}, **HTMX)
    assert [m.slug for m in partial.context["modules"]] == ["arrays", "graphs"]
    assert "<html" not in partial.content.decode()  # htmx gets the list alone


def test_list_with_a_filter_that_matches_nothing_says_so(client, candidate):
    ProblemFactory(difficulty=1, with_tests=False)
    response = client.get(reverse("studypaths:list"), {"difficulty": "5"})
    assert response.context["modules"] == []
    assert "No problems match" in response.content.decode()


def test_other_roles_may_view_the_list(client):
    ProblemFactory(title="Visible to experts", with_tests=False)
    client.force_login(ExpertFactory())
    response = client.get(reverse("studypaths:list"))
    assert response.status_code == 200
    assert "Visible to experts" in response.content.decode()


# --- the problem page ---------------------------------------------------------------------------------------------

def test_problem_page_by_slug_or_id_shows_statement_examples_and_starter_code(client, candidate):
    problem = ProblemFactory(constraints="`-10^9 <= a, b <= 10^9`")
    for key in (problem.slug, str(problem.id)):
        response = client.get(reverse("studypaths:problem", args=[key]))
        assert response.status_code == 200
        assert response.context["problem"].id == problem.id
    html = response.content.decode()
    assert "<code>a + b</code>" in html
    assert "<script>alert(1)</script>" not in html  # the statement is sanitised
    assert "a = 1, b = 2" in html  # the public example as a call
    assert "hidden 1" not in html  # hidden tests never reach the page
    assert "return a + b" not in html  # nor the reference solution
    assert response.context["starter_code"] == problem.starter_code
    assert response.context["language"] == "python"
    assert "def add(a, b):\n    pass" in html


def test_problem_page_lists_only_this_users_runs_of_this_problem(client, candidate):
    problem = ProblemFactory()
    mine = finished_run(user=candidate, problem=problem, verdict="accepted")
    finished_run(user=CandidateFactory(), problem=problem, verdict="wrong_answer")
    finished_run(user=candidate, problem=ProblemFactory(), verdict="wrong_answer")
    response = client.get(reverse("studypaths:problem", args=[problem.slug]))
    assert [r.id for r in response.context["runs"]] == [mine.id]
    assert response.context["runs"][0].runtime_ms == 12


def test_unknown_or_unpublished_problem_is_404(client, candidate):
    hidden = ProblemFactory(is_published=False)
    assert client.get(reverse("studypaths:problem", args=[hidden.slug])).status_code == 404
    assert client.get(reverse("studypaths:problem", args=["no-such-problem"])).status_code == 404
    assert client.post(reverse("studypaths:run", args=[hidden.id]),
                       {"language": "python", "code": ADD_PY}).status_code == 404
    assert CodeRun.objects.count() == 0


def test_problem_page_shows_a_past_run_with_its_code_only_to_its_owner(client, candidate):
    problem = ProblemFactory()
    mine = finished_run(user=candidate, problem=problem, verdict="accepted")
    mine.code, mine.language = "function add(a, b) { return a + b; }\n", "javascript"
    mine.save()
    response = client.get(reverse("studypaths:problem", args=[problem.slug]), {"run": mine.id})
    assert response.context["run"] == mine
    assert (response.context["language"], response.context["code"]) == ("javascript", mine.code)
    assert response.context["code_from_server"] is True
    theirs = finished_run(user=CandidateFactory(), problem=problem, verdict="accepted")
    assert client.get(reverse("studypaths:problem", args=[problem.slug]), {"run": theirs.id}).status_code == 404


# --- runs -----------------------------------------------------------------------------------------------------------

def test_code_run_partial_of_another_users_run_is_404(client, candidate):
    theirs = finished_run(user=CandidateFactory(), problem=ProblemFactory(), verdict="accepted")
    assert client.get(reverse("studypaths:code-run", args=[theirs.id]), **HTMX).status_code == 404
    assert client.get(reverse("studypaths:code-run", args=[theirs.id]) + "?poll=1").status_code == 404


def test_anonymous_users_cannot_see_or_start_runs(client):
    run = CodeRunFactory()
    assert client.get(reverse("studypaths:code-run", args=[run.id])).status_code == 302
    response = client.post(reverse("studypaths:run", args=[run.problem_id]), {"language": "python", "code": ADD_PY})
    assert response.status_code == 302
    assert CodeRun.objects.count() == 1


def test_a_queued_run_polls_and_a_finished_one_shows_results_and_refreshes_the_history(client, candidate):
    problem = ProblemFactory()
    queued = CodeRunFactory(user=candidate, problem=problem)
    response = client.get(reverse("studypaths:code-run", args=[queued.id]), {"poll": "1"}, **HTMX)
    html = response.content.decode()
    assert f'hx-get="/studypaths/runs/{queued.id}/?poll=1"' in html
    assert "<progress" in html
    assert "HX-Trigger" not in response

    public = {"name": "example 1", "verdict": "wrong_answer", "runtime_ms": 7, "peak_memory_kb": 8000,
              "stdout": "4\n", "stderr": "debug line\n", "args": [1, 2], "expected": 3, "public": True}
    hidden = {"name": "hidden 1", "verdict": "accepted", "runtime_ms": 5, "peak_memory_kb": 8000, "public": False}
    CodeRun.objects.filter(id=queued.id).update(
        status=RunStatus.DONE, verdict="wrong_answer",
        result={"verdict": "wrong_answer", "runtime_ms": 7, "peak_memory_kb": 8000, "passed": 1, "total": 2,
                "tests": [public, hidden]})
    response = client.get(reverse("studypaths:code-run", args=[queued.id]), {"poll": "1"}, **HTMX)
    html = response.content.decode()
    assert response["HX-Trigger"] == "runs-changed"
    assert "hx-get" not in html  # polling stops
    assert 'data-verdict="wrong_answer"' in html
    assert "1 passed · 1 failed" in html and "7.8 MB" in html
    assert "a = 1, b = 2" in html and "debug line" in html
    assert "hidden test" in html


def test_run_examples_through_the_page_judges_the_code(client, candidate, bubblewrap,
                                                       django_capture_on_commit_callbacks):
    problem = ProblemFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("studypaths:run", args=[problem.id]),
                                {"language": "python", "code": ADD_PY}, **HTMX)
    # The test transaction commits only when the block ends, so the page saw the run queued; it then polls.
    assert response.status_code == 200
    run = CodeRun.objects.get()
    assert f'hx-get="/studypaths/runs/{run.id}/?poll=1"' in response.content.decode()
    assert (run.user, run.kind, run.status, run.verdict) == (candidate, RunKind.EXAMPLES, RunStatus.DONE, "accepted")
    poll = client.get(reverse("studypaths:code-run", args=[run.id]), {"poll": "1"}, **HTMX)
    assert 'data-verdict="accepted"' in poll.content.decode()
    assert [t["name"] for t in poll.context["result"]["tests"]] == ["example 1"]
    assert poll.context["result"]["tests"][0]["stdout"].strip() == "3"


def test_submit_through_the_page_without_htmx_redirects_to_the_run(client, candidate, bubblewrap,
                                                                  django_capture_on_commit_callbacks):
    problem = ProblemFactory()
    wrong = "def add(a, b):\n    return a + b if a < 100 else 0\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("studypaths:submit", args=[problem.id]), {"language": "python", "code": wrong})
    run = CodeRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/studypaths/problems/{problem.slug}/?run={run.id}#run-result"
    assert (run.kind, run.verdict) == (RunKind.SUBMISSION, "wrong_answer")
    page = client.get(response["Location"])
    assert page.context["run"] == run
    assert page.context["code"] == wrong


@pytest.mark.parametrize("payload,status,message", [
    ({"language": "cobol", "code": ADD_PY}, 400, "has no cobol version; use one of: javascript, python."),
    ({"language": "", "code": ADD_PY}, 400, "use one of: javascript, python."),
    ({"language": "python", "code": "   \n\t"}, 400, "Write some code before running it."),
    ({"language": "python", "code": "x" * 100_001}, 413, "the limit is 100,000."),
])
def test_bad_run_input_shows_a_clear_message_in_the_page_and_queues_nothing(client, candidate, payload, status,
                                                                            message):
    problem = ProblemFactory()
    partial = client.post(reverse("studypaths:run", args=[problem.id]), payload, **HTMX)
    assert partial.status_code == status
    assert message in partial.content.decode()
    assert 'role="alert"' in partial.content.decode()

    page = client.post(reverse("studypaths:submit", args=[problem.id]), payload)  # no JavaScript: the whole page
    assert page.status_code == status
    assert message in page.content.decode()
    assert page.context["code"] == payload["code"]  # nothing typed is lost
    assert CodeRun.objects.count() == 0


def test_page_runs_share_the_api_rate_limit(client, candidate, settings):
    settings.SANDBOX_RUN_RATE = "2/min"
    problem = ProblemFactory()
    statuses = [client.post(reverse("studypaths:run", args=[problem.id]), {"language": "python", "code": ADD_PY},
                            **HTMX).status_code for _ in range(2)]
    api = client.post(f"/api/v1/problems/{problem.id}/run", {"language": "python", "code": ADD_PY},
                      content_type="application/json")
    page = client.post(reverse("studypaths:run", args=[problem.id]), {"language": "python", "code": ADD_PY}, **HTMX)
    assert statuses == [200, 200]
    assert api.status_code == 429
    assert page.status_code == 429
    assert "try again in" in page.content.decode()
    assert CodeRun.objects.count() == 2


def test_refused_page_and_api_runs_leave_the_run_budget_alone(client, candidate, settings):
    # The reviewer's case: four refused API calls and two refused page posts, then real runs up to the budget.
    settings.SANDBOX_RUN_RATE = "3/min"
    problem = ProblemFactory()
    api = [client.post(f"/api/v1/problems/{problem.id}/run", body, content_type="application/json").status_code
           for body in ({"language": "python", "code": " "}, {"language": "python", "code": "x" * 100_001},
                        {"language": "python"}, {"language": "cobol", "code": ADD_PY})]
    page = [client.post(reverse("studypaths:run", args=[problem.id]), body, **HTMX).status_code
            for body in ({"language": "python", "code": "\n\t"}, {"language": "cobol", "code": ADD_PY})]
    assert api == [400, 413, 400, 400] and page == [400, 400]
    runs = [client.post(reverse("studypaths:run", args=[problem.id]), {"language": "python", "code": ADD_PY},
                        **HTMX).status_code for _ in range(2)]
    last = client.post(f"/api/v1/problems/{problem.id}/run", {"language": "python", "code": ADD_PY},
                       content_type="application/json")
    over = client.post(reverse("studypaths:run", args=[problem.id]), {"language": "python", "code": ADD_PY}, **HTMX)
    assert (runs, last.status_code, over.status_code) == ([200, 200], 202, 429)
    assert CodeRun.objects.count() == 3


def test_past_runs_partial_lists_only_the_users_runs(client, candidate):
    problem = ProblemFactory()
    mine = finished_run(user=candidate, problem=problem, verdict="accepted")
    finished_run(user=CandidateFactory(), problem=problem, verdict="wrong_answer")
    response = client.get(reverse("studypaths:problem-runs", args=[problem.id]), **HTMX)
    assert [r.id for r in response.context["runs"]] == [mine.id]
    assert f"/studypaths/runs/{mine.id}/" in response.content.decode()


def test_a_run_fragment_opened_directly_redirects_to_its_page(client, candidate):
    run = finished_run(user=candidate, problem=ProblemFactory(), verdict="accepted")
    response = client.get(reverse("studypaths:code-run", args=[run.id]))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('studypaths:problem', args=[run.problem.slug])}?run={run.id}#run-result"
    runs = client.get(reverse("studypaths:problem-runs", args=[run.problem.id]))
    assert runs.status_code == 302 and runs["Location"].startswith(reverse("studypaths:problem",
                                                                             args=[run.problem.slug]))
    assert client.get(reverse("studypaths:code-run", args=[run.id]), **HTMX).status_code == 200


def test_compiler_output_and_printed_text_can_be_scrolled_by_keyboard(client, candidate):
    run = finished_run(user=candidate, problem=ProblemFactory(), verdict="compile_error")
    run.result = {**run.result, "compile_output": "SyntaxError: invalid syntax"}
    run.save(update_fields=["result"])
    page = client.get(reverse("studypaths:code-run", args=[run.id]), **HTMX).content.decode()
    assert '<pre class="output" tabindex="0" aria-label="Compiler output">' in page


def test_filter_waits_for_the_user_and_announces_only_a_short_status(client, candidate):
    ProblemFactory()
    page = client.get(reverse("studypaths:list")).content.decode()
    assert 'hx-trigger="submit, change delay:700ms"' in page
    assert 'id="problem-groups">' in page and 'id="problem-groups" aria-live' not in page
    partial = client.get(reverse("studypaths:list"), {"difficulty": ""}, **HTMX).content.decode()
    assert '<p id="filter-status" class="visually-hidden" role="status" hx-swap-oob="true">1 problem matches</p>' \
        in partial


def test_the_tracks_section_follows_a_change_to_a_track(client, candidate):
    """The tracks section is rendered once per catalogue: a change to a track must still show on the next view."""
    module = ModuleFactory(slug="graphs", title="Graphs")
    track = Track.objects.create(slug="prep", title="Interview prep")
    TrackModule.objects.create(track=track, module=module, position=0)
    first = client.get(reverse("studypaths:list")).content.decode()
    assert "Interview prep" in first and "?module=graphs" in first
    track.title = "Interview marathon"
    track.save()
    second = client.get(reverse("studypaths:list")).content.decode()
    assert "Interview marathon" in second and "Interview prep" not in second
    Track.objects.all().delete()
    assert 'class="tracks"' not in client.get(reverse("studypaths:list")).content.decode()


def test_an_example_stopped_at_the_time_limit_shows_at_least_the_limit(client, candidate):
    """A test stopped at the wall clock reports its CPU limit (what it ran is not shown: it told the budget hidden
    tests had left); the page says it is a lower bound."""
    stopped = {"name": "example 1", "verdict": "time_limit", "runtime_ms": 2000, "peak_memory_kb": 0, "stdout": "",
               "stderr": "", "args": [1, 2], "expected": 3, "public": True}
    passed = {"name": "example 2", "verdict": "accepted", "runtime_ms": 7, "peak_memory_kb": 0, "stdout": "3",
              "stderr": "", "args": [1, 2], "expected": 3, "public": True}
    run = finished_run(user=candidate, problem=ProblemFactory(), verdict="time_limit", tests=[stopped, passed])
    html = client.get(reverse("studypaths:code-run", args=[run.id]), **HTMX).content.decode()
    assert "≥ 2000 ms" in html
    assert "≥ 7 ms" not in html and ">7 ms<" in html


def test_a_runs_time_with_an_example_stopped_at_the_time_limit_is_shown_as_at_least_everywhere(client, candidate):
    """The run's total and its row in "Your runs" sum the examples' CPU time, a stopped one's at its limit: a lower
    bound like that example's own row, even when an earlier wrong answer is the run's verdict. Hidden tests stopped
    at the limit are not in the sum (a submission's figures are its examples'), so its total stays exact."""
    problem = ProblemFactory()
    example = {"stdout": "", "stderr": "", "args": [1, 2], "expected": 3, "public": True, "peak_memory_kb": 0}
    wrong = {**example, "name": "example 1", "verdict": "wrong_answer", "runtime_ms": 7}
    stopped = {**example, "name": "example 2", "verdict": "time_limit", "runtime_ms": 2000}
    hidden = {"name": "test 3", "verdict": "time_limit", "public": False}
    slow = finished_run(user=candidate, problem=problem, verdict="wrong_answer", kind=RunKind.EXAMPLES,
                        runtime_ms=2007, tests=[wrong, stopped])
    exact = finished_run(user=candidate, problem=problem, verdict="time_limit", runtime_ms=2,
                         tests=[{**wrong, "verdict": "accepted", "runtime_ms": 2}, hidden])
    total = client.get(reverse("studypaths:code-run", args=[slow.id]), **HTMX).content.decode()
    assert "<strong>≥ 2007 ms</strong>" in total
    exact_total = client.get(reverse("studypaths:code-run", args=[exact.id]), **HTMX).content.decode()
    assert "<strong>2 ms</strong>" in exact_total
    runs = client.get(reverse("studypaths:problem-runs", args=[problem.id]), **HTMX).content.decode()
    assert "≥ 2007 ms</span></td>" in runs
    assert '<td role="cell" data-label="Time">2 ms</td>' in runs and "≥ 2 ms" not in runs


def test_your_runs_names_the_wall_clock_limit_an_example_was_stopped_at_instead_of_a_cpu_figure(client, candidate):
    """A run whose example only slept read "≥ 2000 ms" in "Your runs": the CPU limit, which it never reached. The
    row now says in words which limit stopped it, as the run's own summary does; a CPU stop keeps its lower bound."""
    problem = ProblemFactory()
    example = {"stderr": "", "stdout": "", "args": [1, 2], "expected": 3, "public": True, "peak_memory_kb": 0,
               "name": "example 1", "verdict": "time_limit", "runtime_ms": 2000}
    accepted = {**example, "name": "example 2", "verdict": "accepted", "runtime_ms": 3}
    finished_run(user=candidate, problem=problem, verdict="time_limit", runtime_ms=2003,
                 tests=[accepted, {**example, "stopped_by": "wall", "limit_seconds": 5.0}])
    finished_run(user=candidate, problem=problem, verdict="time_limit", runtime_ms=2000, kind=RunKind.SUBMISSION,
                 tests=[{**example, "stopped_by": "budget", "limit_seconds": 12.5},
                        {"name": "test 3", "verdict": "time_limit", "public": False, "stopped_by": "wall",
                         "limit_seconds": 1.0}])
    finished_run(user=candidate, problem=problem, verdict="time_limit", runtime_ms=2001,
                 tests=[{**example, "stopped_by": "cpu", "limit_seconds": 2.0}])
    runs = client.get(reverse("studypaths:problem-runs", args=[problem.id]), **HTMX).content.decode()
    assert '<span data-time-limit="wall">An example took longer than the 5 s wall-clock limit</span>' in runs
    assert ('<span data-time-limit="budget">An example took longer than the submission&#x27;s 12.5 s wall-clock '
            'limit</span>') in runs
    assert "≥ 2003 ms" not in runs and "≥ 2000 ms" not in runs and "the 1 s" not in runs
    assert "≥ 2001 ms</span></td>" in runs


def test_the_judge_limits_name_each_language_by_its_display_name(client, candidate):
    """"Javascript" was the id with a capital letter; the name comes from capabilities ("JavaScript")."""
    problem = ProblemFactory()  # python and javascript
    html = client.get(reverse("studypaths:problem", args=[problem.slug])).content.decode()
    limits = html[html.index('class="judge-limits"'):]
    limits = limits[:limits.index("</details>")]
    assert re.findall(r"<dt>([^<]+)</dt>", limits) == ["JavaScript", "Python"]
    assert ">Javascript<" not in html


def test_language_name_is_the_capabilities_name_and_words_for_an_unknown_id():
    from interviewmaster import capabilities

    assert [capabilities.language_name(x) for x in ("javascript", "typescript", "python", "object_pascal")] == [
        "JavaScript", "TypeScript", "Python", "Object pascal"]


def test_a_time_limit_names_the_limit_hit_wall_clock_or_cpu(client, candidate):
    """`time.sleep(5)` used almost no CPU and read "≥ 2000 ms CPU": the sandbox says which limit stopped a test
    (sandbox.TestResult.stopped_by) and the page names it, with its seconds."""
    example = {"stderr": "", "stdout": "", "args": [1, 2], "expected": 3, "public": True, "peak_memory_kb": 0,
               "name": "example 1", "verdict": "time_limit", "runtime_ms": 2000}
    slept = finished_run(user=candidate, problem=ProblemFactory(), verdict="time_limit", runtime_ms=2000,
                         tests=[{**example, "stopped_by": "wall", "limit_seconds": 5.0}])
    html = client.get(reverse("studypaths:code-run", args=[slept.id]), **HTMX).content.decode()
    assert "An example took longer than the 5 s wall-clock limit" in html
    assert "Took longer than the 5 s wall-clock limit</span>" in html
    assert "2000 ms" not in html and "CPU" not in html
    looped = finished_run(user=candidate, problem=ProblemFactory(), verdict="time_limit", runtime_ms=2000,
                          tests=[{**example, "stopped_by": "cpu", "limit_seconds": 2.0}])
    html = client.get(reverse("studypaths:code-run", args=[looped.id]), **HTMX).content.decode()
    assert "Used more than the 2 s CPU-time limit</span>" in html
    assert "<strong>≥ 2000 ms</strong>" in html and "wall-clock" not in html


@pytest.mark.parametrize("kind", [RunKind.SUBMISSION, RunKind.EXAMPLES])
def test_a_runs_summary_says_in_words_that_the_examples_ran_in_that_much_cpu_time(client, candidate, kind):
    """A submission's summary read "20 ms CPU on the examples" and an example run's "20 ms CPU"."""
    example = {"name": "example 1", "verdict": "accepted", "runtime_ms": 20, "peak_memory_kb": 0, "stdout": "3",
               "stderr": "", "args": [1, 2], "expected": 3, "public": True}
    run = finished_run(user=candidate, problem=ProblemFactory(), verdict="accepted", kind=kind, runtime_ms=20,
                       tests=[example])
    html = client.get(reverse("studypaths:code-run", args=[run.id]), **HTMX).content.decode()
    summary = " ".join(re.search(r'<header class="run-summary">(.*?)</header>', html, re.S).group(1).split())
    said = ("Ran the examples and the hidden tests: the examples took" if kind == RunKind.SUBMISSION
            else "Ran the examples in")
    assert f"{said} <strong>20 ms</strong> of CPU time" in summary
    assert "CPU on the" not in html and "ms</strong> <span" not in summary


@pytest.mark.parametrize("kind", [RunKind.SUBMISSION, RunKind.EXAMPLES])
def test_a_runs_summary_says_in_words_how_much_memory_the_examples_used(client, candidate, kind):
    """It read "8.8 MB memory on the examples" (and an example run's "8.8 MB memory"), a label, not a sentence."""
    run = finished_run(user=candidate, problem=ProblemFactory(), verdict="accepted", kind=kind, peak_memory_kb=9000)
    html = client.get(reverse("studypaths:code-run", args=[run.id]), **HTMX).content.decode()
    summary = " ".join(re.sub(r"<span[^>]*>|</span>", "", re.search(
        r'<header class="run-summary">(.*?)</header>', html, re.S).group(1)).split())
    assert "Used at most <strong>8.8 MB</strong> of memory on the examples" in summary
    assert "MB</strong> memory" not in summary


def test_a_submission_stopped_at_its_first_failing_hidden_test_says_which_and_that_the_rest_were_not_run(
        client, candidate):
    """Judging stops at the first failing hidden test (its verdict for every hidden test let a program steer each by
    its input and read the inputs back): the page names that test and its verdict and shows the rest as not run."""
    example = {"name": "example 1", "verdict": "accepted", "runtime_ms": 7, "peak_memory_kb": 0, "stdout": "3",
               "stderr": "", "args": [1, 2], "expected": 3, "public": True}
    hidden = [{"name": "empty input", "verdict": "accepted", "public": False},
              {"name": "negatives", "verdict": "wrong_answer", "public": False},
              {"name": "large input", "verdict": "skipped", "public": False},
              {"name": "duplicates", "verdict": "skipped", "public": False}]
    run = finished_run(user=candidate, problem=ProblemFactory(), verdict="wrong_answer", tests=[example, *hidden],
                       passed=2, total=5, skipped=2)
    html = client.get(reverse("studypaths:code-run", args=[run.id]), **HTMX).content.decode()
    summary = re.sub(r"\s+", " ", re.search(r'<header class="run-summary">(.*?)</header>', html, re.S).group(1))
    assert "Tests: <strong>2 passed · 1 failed · 2 not run</strong>" in summary
    assert "Stopped at the first failing hidden test (“Negatives”); the 2 after it were not run." in summary
    rows = re.findall(r'<div class="test-hidden">\s*<span class="verdict verdict-(\w+)">([^<]+)</span>\s*'
                      r'<span class="test-name">([^<]+)</span>', html)
    assert rows == [("good", "Accepted", "Empty input"), ("bad", "Wrong answer", "Negatives"),
                    ("muted", "Not run", "Large input"), ("muted", "Not run", "Duplicates")]
    past = client.get(reverse("studypaths:problem", args=[run.problem.slug])).content.decode()
    assert 'data-label="Tests">2 passed · 1 failed · 2 not run</td>' in past
