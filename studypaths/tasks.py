"""Celery tasks of study paths (DESIGN §2): each is named after the service it calls and imports it inside its body.
Candidate code runs on the `sandbox` queue."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, name="studypaths.sandbox.execute_code_run", acks_late=True,  # routed to "sandbox"
             soft_time_limit=180, time_limit=240)
def execute_code_run(self, run_id: int) -> str | None:
    """Judge one CodeRun; a finished or deleted run is left alone, so redelivery is harmless."""
    from studypaths import services

    run = services.execute_code_run(run_id=run_id)
    return run.verdict if run is not None else None


@shared_task(bind=True, name="studypaths.sandbox.check_problem_references", acks_late=True,
             soft_time_limit=240, time_limit=300)
def check_problem_references(self, problem_id: int) -> str | None:
    """The admin's reference check of one problem, on the sandbox queue; repeating it only refreshes the result."""
    from studypaths import services

    outcome = services.check_problem_references(problem_id=problem_id)
    return outcome["status"] if outcome else None
