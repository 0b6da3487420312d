"""A candidate's task history as a portable format (JSON or CSV), streamed in constant memory, and its import.

Format `interviewmaster-study-history/1`: one row per task with a stable `key` (`<installation>:<task id>`, or the
key it was imported under), the track and problem by slug, kind, status, dates, attempts, hints, score and, for a
skipped task, why (`skipped_reason`: "path archived", "skipped by the candidate"; null otherwise). The import
(`manage.py import_study_history`) reads the same format; see docs/study-paths.md.

Versioning: a column added as the last one and optional keeps the version (a /1 reader checks the format name and
that the columns it needs are there, and ignores the others; files written before it, without the column, still
import: `REQUIRED_COLUMNS`). A column removed, renamed or given another meaning makes a new version."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Case, OuterRef, Subquery, When
from django.db.models.fields.json import KeyTextTransform
from django.utils.dateparse import parse_date, parse_datetime

from interviewmaster.streaming import batched
from studypaths import study
from studypaths.models import (
    FINISHED_TASK_STATUSES,
    EventKind,
    PathStatus,
    Problem,
    StudyPath,
    StudyTask,
    TaskEvent,
    TaskKind,
    TaskStatus,
    Track,
)

FORMAT = "interviewmaster-study-history/1"
REQUIRED_COLUMNS = ["key", "track", "problem", "kind", "status", "due_date", "attempts", "hints_used", "score",
                    "created_at", "started_at", "finished_at"]
COLUMNS = [*REQUIRED_COLUMNS, "skipped_reason"]  # added in session 40, optional: see Versioning above
_FIELDS = ["id", "import_key", "path__track__slug", "problem__slug", "kind", "status", "due_date", "attempts",
           "hints_used", "score", "created_at", "started_at", "finished_at", "skipped_reason"]
CHUNK = 1000


def installation_id() -> str:
    configured = settings.STUDY_INSTALLATION_ID
    return configured or hashlib.sha256(f"study-export:{settings.SECRET_KEY}".encode()).hexdigest()[:12]


def task_key(*, task_id: int, import_key: str | None, source: str) -> str:
    """A task's stable key in exports: the key it was imported under, else `<installation>:<task id>`."""
    return import_key or f"{source}:{task_id}"


def iso(value) -> str | None:
    """A date or datetime as ISO 8601; anything else (None among them) as it is."""
    return value.isoformat() if isinstance(value, date | datetime) else value


def task_rows(*, user, start: date | None = None, end: date | None = None) -> Iterator[dict]:
    """The user's tasks, oldest first, as export rows; read from the database in chunks (server-side cursor on
    PostgreSQL), so memory does not grow with the history."""
    qs = StudyTask.objects.filter(path__user=user).order_by("id")
    if start:
        qs = qs.filter(due_date__gte=start)
    if end:
        qs = qs.filter(due_date__lte=end)
    source = installation_id()
    qs = qs.annotate(skipped_reason=Case(When(status=TaskStatus.SKIPPED, then=_skipped_reason()), default=None))
    for values in qs.values_list(*_FIELDS).iterator(chunk_size=CHUNK):
        row = dict(zip(_FIELDS, values, strict=True))
        yield {"key": task_key(task_id=row["id"], import_key=row["import_key"], source=source),
               "track": row["path__track__slug"],
               "problem": row["problem__slug"], "kind": row["kind"], "status": row["status"],
               "due_date": iso(row["due_date"]), "attempts": row["attempts"], "hints_used": row["hints_used"],
               "score": row["score"], "created_at": iso(row["created_at"]), "started_at": iso(row["started_at"]),
               "finished_at": iso(row["finished_at"]),
               "skipped_reason": row["skipped_reason"]}


def _skipped_reason() -> Subquery:
    """The reason the task's move to `skipped` gave (its status-change event): "path archived" when archiving the
    path skipped it, "skipped by the candidate"; a subquery per row, on the events' (task, id) index."""
    events = (TaskEvent.objects.filter(task_id=OuterRef("pk"), kind=EventKind.STATUS_CHANGED,
                                       data__to=TaskStatus.SKIPPED)
              .order_by("-id").annotate(reason=KeyTextTransform("reason", "data")).values("reason")[:1])
    return Subquery(events)


def as_json(rows: Iterable[dict], *, user) -> Iterator[str]:
    head = {"format": FORMAT, "source": installation_id(), "user": user.email}
    yield json.dumps(head)[:-1] + ', "tasks": ['

    def items():
        for n, row in enumerate(rows):
            yield ("," if n else "") + "\n" + json.dumps(row)

    yield from batched(items())
    yield "\n]}\n"


def as_csv(rows: Iterable[dict]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)

    def items():
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            text = buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            yield text
        if buffer.getvalue():
            yield buffer.getvalue()

    yield from batched(items())


# --- import -----------------------------------------------------------------------------------------------------------

@dataclass
class ImportReport:
    created: int = 0
    unchanged: int = 0
    removed: int = 0
    paths_created: int = 0
    errors: list[str] = field(default_factory=list)


def read_rows(text: str) -> list[dict]:
    """Rows from the JSON or CSV export format (detected from the first character)."""
    stripped = text.lstrip()
    if stripped.startswith("{"):
        body = json.loads(stripped)
        if body.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} file (format={body.get('format')!r})")
        return list(body.get("tasks", []))
    reader = csv.DictReader(io.StringIO(stripped))
    missing = set(REQUIRED_COLUMNS) - set(reader.fieldnames or [])
    if missing:
        raise ValueError(f"CSV lacks columns: {', '.join(sorted(missing))}")
    return list(reader)


def _num(value, cast, default):
    if value in (None, ""):
        return default
    return cast(value)


def _task_from_row(row: dict, path: StudyPath, problem: Problem) -> StudyTask:
    status = row.get("status")
    if status not in TaskStatus.values:
        raise ValueError(f"unknown status {status!r}")
    if status not in FINISHED_TASK_STATUSES:
        status = TaskStatus.EXPIRED  # an open task cannot travel between installations; it arrives expired
    kind = row.get("kind") if row.get("kind") in TaskKind.values else TaskKind.PRACTICE
    due = parse_date(str(row.get("due_date") or ""))
    if due is None:
        raise ValueError("due_date is missing or invalid")
    score = _num(row.get("score"), float, None)
    if score is not None and not 0 <= score <= 1:
        raise ValueError("score must be between 0 and 1")
    return StudyTask(path=path, problem=problem, kind=kind, status=status, due_date=due,
                     attempts=_num(row.get("attempts"), int, 0), hints_used=min(3, _num(row.get("hints_used"), int, 0)),
                     score=score, started_at=parse_datetime(str(row.get("started_at") or "")),
                     finished_at=parse_datetime(str(row.get("finished_at") or "")), import_key=str(row["key"])[:80])


def _path_for(user, track: Track, report: ImportReport, cache: dict) -> StudyPath:
    if track.id not in cache:
        path = (StudyPath.objects.filter(user=user, track=track).order_by("status", "-id").first()
                or StudyPath.objects.create(user=user, track=track, status=PathStatus.ARCHIVED, imported=True))
        report.paths_created += int(path.imported and path.tasks.count() == 0)
        cache[track.id] = path
    return cache[track.id]


@transaction.atomic
def import_history(*, user, rows: list[dict], dry_run: bool = False) -> ImportReport:
    """Add the rows' tasks to the user's paths (an archived, imported path per track when they have none). Rows whose
    key is already here are left alone, so importing twice changes nothing."""
    report = ImportReport()
    tracks = {t.slug: t for t in Track.objects.all()}
    problems = {p.slug: p for p in Problem.objects.all().only("id", "slug")}
    known = set(StudyTask.objects.filter(import_key__in=[str(r.get("key")) for r in rows])
                .values_list("import_key", flat=True))
    paths: dict[int, StudyPath] = {}
    new: list[StudyTask] = []
    for n, row in enumerate(rows, start=1):
        key = str(row.get("key") or "")
        if not key:
            report.errors.append(f"row {n}: no key")
            continue
        if key in known:
            report.unchanged += 1
            continue
        track, problem = tracks.get(row.get("track")), problems.get(row.get("problem"))
        if track is None or problem is None:
            report.errors.append(f"row {n}: unknown {'track' if track is None else 'problem'} "
                                 f"{row.get('track') if track is None else row.get('problem')!r}")
            continue
        try:
            new.append(_task_from_row(row, _path_for(user, track, report, paths), problem))
        except (ValueError, TypeError) as exc:
            report.errors.append(f"row {n}: {exc}")
            continue
        known.add(key)
    created = StudyTask.objects.bulk_create(new, batch_size=1000)
    TaskEvent.objects.bulk_create([TaskEvent(task=t, kind=EventKind.CREATED, data={"imported": t.import_key})
                                   for t in created], batch_size=1000)
    report.created = len(created)
    for path in paths.values():  # imported rows can land anywhere in the path's history
        study.rebuild_generation_state(path_id=path.id)
    if dry_run:
        transaction.set_rollback(True)
    return report


@transaction.atomic
def revert_import(*, user, rows: list[dict], dry_run: bool = False) -> ImportReport:
    """Remove what `import_history` added from these rows (tasks by key, then imported paths left empty)."""
    report = ImportReport()
    keys = [str(r.get("key")) for r in rows if r.get("key")]
    tasks = StudyTask.objects.filter(path__user=user, import_key__in=keys)
    report.removed = tasks.count()
    touched = set(tasks.values_list("path_id", flat=True).distinct())
    tasks.delete()
    empty = StudyPath.objects.filter(user=user, imported=True, tasks__isnull=True)
    report.paths_created = -empty.count()
    empty.delete()
    for path_id in StudyPath.objects.filter(id__in=touched).values_list("id", flat=True):
        study.rebuild_generation_state(path_id=path_id)
    if dry_run:
        transaction.set_rollback(True)
    return report
