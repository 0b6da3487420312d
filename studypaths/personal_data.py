"""The code judge's part of "download my data" and of account deletion (registered with accounts.personal_data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import F

from studypaths.export import iso
from studypaths.models import CodeRun


def export_code_runs_of(user) -> Iterator[dict]:
    """Read as written (each run holds up to 100,000 characters of code): accounts.personal_data."""
    runs = CodeRun.objects.filter(user=user).select_related("problem").order_by("created_at")
    return ({"problem": r.problem.slug, "kind": r.kind, "language": r.language, "code": r.code,
             "verdict": r.verdict, "created_at": r.created_at.isoformat()} for r in runs.iterator(chunk_size=500))


def erase_code_runs_of(user) -> None:
    """Candidates' code is their own writing: it goes with the account."""
    CodeRun.objects.filter(user=user).delete()


def _event_data(event) -> dict:
    if event.kind != "comment":
        return event.data
    return {**event.data, "author_name": event.author_name}  # the author as shown on the task page, not a copy


def _task_details(user) -> dict:
    """What happened on each task, by the task's export key: the judge's evaluations, the tutor's hints with the code
    the candidate sent along, and the task's history (mentor comments included). Each an iterator of rows read as
    written; a row's key comes with it (`task_import_key`), not from a map of every task held in memory."""
    from studypaths import export
    from studypaths.models import TaskEvaluation, TaskEvent, TaskHint

    source = export.installation_id()

    def key(row) -> str:
        return export.task_key(task_id=row.task_id, import_key=row.task_import_key, source=source)

    with_key = {"task_import_key": F("task__import_key")}
    evaluations = (TaskEvaluation.objects.filter(task__path__user=user).select_related("run").annotate(**with_key)
                   .order_by("created_at", "id"))
    hints = TaskHint.objects.filter(task__path__user=user).annotate(**with_key).order_by("task_id", "level")
    events = (TaskEvent.objects.filter(task__path__user=user).select_related("actor").annotate(**with_key)
              .order_by("created_at", "id"))
    return {
        "task_evaluations": (
            {"task": key(e), "attempt": e.attempt, "status": e.status, "language": e.run.language,
             "verdict": e.verdict, "score": e.score, "passed": e.passed, "total": e.total, "tests": e.tests,
             "runtime_ms": e.runtime_ms, "peak_memory_kb": e.peak_memory_kb, "output_excerpt": e.output_excerpt,
             "created_at": iso(e.created_at), "finished_at": iso(e.finished_at)}
            for e in evaluations.iterator(chunk_size=1000)),
        "hints": ({"task": key(h), "level": h.level, "status": h.status, "text": h.text, "focus": h.focus,
                   "code": h.code, "created_at": iso(h.created_at)} for h in hints.iterator(chunk_size=1000)),
        "task_events": ({"task": key(e), "kind": e.kind, "data": _event_data(e), "at": iso(e.created_at)}
                        for e in events.iterator(chunk_size=1000)),
    }


def export_study_of(user) -> dict:
    """The candidate's paths, tasks and what happened on them: the lists that grow with the history are iterators,
    written as they are read (accounts.personal_data); mastery and review cards are one row per topic or problem."""
    from studypaths import export
    from studypaths.models import ReviewCard, StudyPath, TopicMastery

    return {
        "paths": ({"track": p.track.slug, "status": p.status,
                   "target_date": p.target_date and p.target_date.isoformat(),
                   "hours_per_week": p.hours_per_week, "focus_modules": p.focus_modules,
                   "created_at": p.created_at.isoformat()}
                  for p in StudyPath.objects.filter(user=user).select_related("track").iterator(chunk_size=1000)),
        "tasks": export.task_rows(user=user),
        "mastery": list(TopicMastery.objects.filter(user=user).values("topic", "mastery", "attempts", "failures")),
        "reviews": [{"problem": slug, "due": due.isoformat()} for slug, due in
                    ReviewCard.objects.filter(user=user).values_list("problem__slug", "due")],
        **_task_details(user),
    }


def erase_study_of(user) -> None:
    """Paths (with their tasks, events, evaluations and hints), review cards and mastery go with the account."""
    from studypaths.models import ReviewCard, StudyPath, TopicMastery

    StudyPath.objects.filter(user=user).delete()
    ReviewCard.objects.filter(user=user).delete()
    TopicMastery.objects.filter(user=user).delete()


# --- comments a mentor wrote on candidates' tasks ------------------------------------------------------------------
def export_comments_by(user) -> Iterator[dict]:
    """The mentor's own writing: the text and when, on which problem (the candidate is theirs, not the mentor's)."""
    from studypaths.models import EventKind, TaskEvent

    comments = TaskEvent.objects.filter(actor=user, kind=EventKind.COMMENT).select_related("task__problem")
    return ({"problem": c.task.problem.slug, "text": c.data.get("text", ""), "at": iso(c.created_at)}
            for c in comments.order_by("created_at", "id").iterator(chunk_size=1000))


def erase_comment_authorship_of(user) -> None:
    """A comment is advice about the candidate's work and stays in the candidate's task history, shown from a deleted
    user (the name is read from the account). Comments written before names were read that way carry a copy of the
    author's name in their append-only row: that copy is blanked with `erase`, the one write such rows allow."""
    from studypaths.models import EventKind, TaskEvent

    for comment in TaskEvent.objects.filter(actor=user, kind=EventKind.COMMENT, data__has_key="author_name"):
        data = {key: value for key, value in comment.data.items() if key != "author_name"}
        TaskEvent.objects.filter(id=comment.id).erase(data=data)
