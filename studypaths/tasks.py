"""Celery tasks of study paths (DESIGN §2): each is named after the service it calls and imports it inside its body.
Candidate code runs on the `sandbox` queue, tutor hints on the `ai` queue; two beat tasks keep the practice loop
moving (expiry, due reviews); the next batch is prepared on the default queue."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, name="studypaths.sandbox.execute_code_run", acks_late=True,  # routed to "sandbox"
             soft_time_limit=180, time_limit=240)
def execute_code_run(self, run_id: int) -> str | None:
    """Judge one CodeRun; a finished or deleted run is left alone, so redelivery is harmless. A run submitted for a
    study task then becomes that task's evaluation (pending evaluations only, so that is idempotent too); one accepted
    on the practice pages is the attempt of the candidate's open task of the problem (`count_practice_submission`)."""
    from studypaths import services, study

    run = services.execute_code_run(run_id=run_id)
    if study.record_evaluation(run_id=run_id) is None:  # not a task's: an accepted one may still be its open task's
        study.count_practice_submission(run_id=run_id)
    return run.verdict if run is not None else None


@shared_task(bind=True, name="studypaths.sandbox.check_problem_references", acks_late=True,
             soft_time_limit=240, time_limit=300)
def check_problem_references(self, problem_id: int) -> str | None:
    """The admin's reference check of one problem, on the sandbox queue; repeating it only refreshes the result."""
    from studypaths import services

    outcome = services.check_problem_references(problem_id=problem_id)
    return outcome["status"] if outcome else None


@shared_task(bind=True, name="studypaths.ai.write_hint", acks_late=True, soft_time_limit=60, time_limit=90)
def write_hint(self, hint_id: int) -> str | None:
    """Write one tutor hint; a hint already written (or deleted), or being written by another delivery, is left
    alone."""
    from interviewmaster.recovery import exclusively
    from studypaths import study

    hint = exclusively(self, f"studypaths.hint:{hint_id}", lambda: study.write_hint(hint_id=hint_id))
    return hint.provider if hint is not None else None


@shared_task(bind=True, name="studypaths.prepare_next_batch", acks_late=True, soft_time_limit=30, time_limit=60)
def prepare_next_batch(self, path_id: int) -> int:
    """Generate the path's next batch once nothing is left open (after the candidate finishes or skips a task);
    nothing for an archived or deleted path or one with an open task, so redelivery is harmless."""
    from studypaths import study

    return len(study.prepare_next_batch(path_id=path_id))


@shared_task(name="studypaths.expire_overdue_tasks", acks_late=True)
def expire_overdue_tasks() -> int:
    """Beat (hourly): open tasks past their due date plus the grace days become expired, each candidate's day taken
    from their profile zone (this worker has no request, so no activated zone)."""
    from studypaths import study

    return study.expire_overdue_tasks()


@shared_task(name="studypaths.schedule_due_reviews", acks_late=True)
def schedule_due_reviews() -> int:
    """Beat (every 15 minutes): due spaced-repetition cards become review tasks."""
    from studypaths import study

    return study.schedule_due_reviews()


@shared_task(name="studypaths.recover_stuck_reference_checks", acks_late=True)
def recover_stuck_reference_checks() -> int:
    """Beat (every minute): send again a reference check a dead worker or a down broker left "queued" (or fail it)."""
    from studypaths import services

    return services.recover_stuck_reference_checks()


@shared_task(name="studypaths.recover_stuck_code_runs", acks_late=True)
def recover_stuck_code_runs() -> int:
    """Beat (every minute): send again a code run a dead worker or a down broker left "queued" or "running" (or fail
    it with a reason)."""
    from studypaths import services

    return services.recover_stuck_code_runs()


@shared_task(name="studypaths.recover_stuck_hints", acks_late=True)
def recover_stuck_hints() -> int:
    """Beat (every minute): send again a tutor hint a dead worker or a down broker left "pending" (or write the
    problem's own hint)."""
    from studypaths import study

    return study.recover_stuck_hints()
