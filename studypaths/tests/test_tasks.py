"""The sandbox queue: the task is idempotent and runs on a real worker against Redis."""

from __future__ import annotations

import pytest

from studypaths.models import CodeRun, RunKind, RunStatus
from studypaths.services import request_run
from studypaths.tasks import execute_code_run
from studypaths.tests.factories import ADD_JS, CodeRunFactory, ProblemFactory


@pytest.mark.django_db
def test_task_judges_a_queued_run_and_ignores_a_redelivery(bubblewrap):
    run = CodeRunFactory(kind=RunKind.SUBMISSION)
    assert execute_code_run.apply(args=[run.id]).get() == "accepted"
    run.refresh_from_db()
    finished_at = run.finished_at
    assert (run.status, run.verdict, run.result["passed"]) == (RunStatus.DONE, "accepted", 9)
    assert execute_code_run.apply(args=[run.id]).get() is None
    run.refresh_from_db()
    assert run.finished_at == finished_at


@pytest.mark.django_db
def test_task_for_a_deleted_run_returns_quietly():
    assert execute_code_run.apply(args=[987654]).get() is None


@pytest.mark.django_db
@pytest.mark.parametrize("judged", [True, False], ids=["judged", "sandbox-unavailable"])
def test_a_run_deleted_with_its_account_while_it_is_judged_ends_the_task_quietly(monkeypatch, judged):
    """Account deletion takes the candidate's runs: the judge's result has no row left to go to, and the task returns
    instead of failing with a traceback (`CodeRun.DoesNotExist`)."""
    from studypaths import sandbox, services

    run = CodeRunFactory(kind=RunKind.SUBMISSION)

    def judge_while_the_account_is_deleted(**kwargs):
        CodeRun.objects.filter(id=run.id).delete()
        if not judged:
            raise sandbox.SandboxUnavailable("the sandbox is down")
        return sandbox.SandboxResult(verdict="accepted", language=run.language, mode="submission")

    monkeypatch.setattr(services, "judge_code", judge_while_the_account_is_deleted)
    assert execute_code_run.apply(args=[run.id]).get() is None
    assert not CodeRun.objects.filter(id=run.id).exists()


def test_task_is_routed_to_the_sandbox_queue():
    from interviewmaster.celery import app

    route = app.amqp.router.route({}, execute_code_run.name)
    assert route["queue"].name == "sandbox"


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_run_goes_through_a_real_worker(celery_worker_real, bubblewrap):
    import time

    from accounts.tests.factories import CandidateFactory

    problem = ProblemFactory()
    run = request_run(user=CandidateFactory(), problem=problem, language="javascript", code=ADD_JS)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status == RunStatus.DONE:
            break
        time.sleep(0.05)
    assert (run.status, run.verdict) == (RunStatus.DONE, "accepted")
    assert CodeRun.objects.get(id=run.id).result["tests"][0]["name"] == "example 1"


@pytest.mark.django_db
def test_admin_reference_check_runs_on_the_sandbox_queue_and_records_the_outcome(admin_client, bubblewrap,
                                                                                  django_capture_on_commit_callbacks):
    from studypaths.models import Problem

    good = ProblemFactory()
    broken = ProblemFactory(reference_solutions={"python": "def add(a, b):\n    return a - b\n",
                                                 "javascript": ADD_JS})
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/studypaths/problem/", {
            "action": "run_reference_check", "_selected_action": [good.pk, broken.pk]}, follow=True)
    assert "Reference check queued for 2 problem(s)" in response.content.decode()
    good, broken = Problem.objects.get(pk=good.pk), Problem.objects.get(pk=broken.pk)
    assert good.reference_check["status"] == "ok" and good.reference_check["checked_at"]
    assert broken.reference_check["status"] == "failed"
    assert any("python reference fails" in f for f in broken.reference_check["failures"])
    listing = admin_client.get("/admin/studypaths/problem/").content.decode()
    assert "python reference fails" in listing


def test_reference_check_task_is_routed_to_the_sandbox_queue():
    from interviewmaster.celery import app

    route = app.amqp.router.route({}, "studypaths.sandbox.check_problem_references")
    assert route["queue"].name == "sandbox"
