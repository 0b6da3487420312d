"""Benchmark: "download my data" for a candidate with 3,711 archived tasks (what 90 s of looping "start a path, archive
it" made on the dev server before path starts were limited) and with ten times that: time, size and peak Python memory
of the document built whole (json.dumps of `personal_data_export`, as the page did before) against the spooled one
(`json_chunks` of `personal_data_document` written to a spooled file by `interviewmaster.downloads.spool`, as the page
and the API do now before sending it: in memory up to SPOOL_MEMORY_BYTES, on disk past it).

Run from the repo root: `python bench/personal_data.py`. Without DATABASE_URL it uses a throwaway SQLite file; with
DATABASE_URL it uses that database (migrated here) and removes its bench users afterwards.
Target: the spooled download's peak memory flat once the history fills the database reads' chunks of 1,000 rows and
the spool's memory (37,110 tasks within 1.5x of 18,555, as bench/study_tasks.py asks of the task export; below that it
grows up to one full chunk per list and up to SPOOL_MEMORY_BYTES), the built one's growing with the history.
"""

from __future__ import annotations

import json
import time
import tracemalloc

from setup_django import setup_django

setup_django(prefix="bench-personal-data-", LOG_LEVEL="WARNING")

from django.core.management import call_command  # noqa: E402
from django.core.serializers.json import DjangoJSONEncoder  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts import selectors  # noqa: E402
from accounts.models import Role, User  # noqa: E402
from interviewmaster.downloads import spool  # noqa: E402
from interviewmaster.streaming import json_chunks  # noqa: E402
from studypaths.models import (  # noqa: E402
    EventKind,
    PathStatus,
    Problem,
    StudyPath,
    StudyTask,
    TaskEvent,
    TaskStatus,
    Track,
)
from studypaths.services import load_problem_bank  # noqa: E402

PREFIX = "bench-personal-data-"
TASKS_PER_PATH = 5  # 3,711 tasks over 743 paths


def history(user: User, track: Track, tasks: int) -> None:
    """`tasks` skipped tasks on archived paths of 5, each task with its creation and status-change events."""
    problems = list(Problem.objects.filter(module__track_modules__track=track).values_list("id", flat=True)[:50])
    now = timezone.now()
    made = 0
    while made < tasks:
        batch = min(5000, tasks - made)
        paths = StudyPath.objects.bulk_create([StudyPath(user=user, track=track, status=PathStatus.ARCHIVED,
                                                         hours_per_week=40)
                                               for _ in range(-(-batch // TASKS_PER_PATH))])
        rows = [StudyTask(path=paths[n // TASKS_PER_PATH], problem_id=problems[n % len(problems)],
                          status=TaskStatus.SKIPPED, due_date=now.date(), finished_at=now) for n in range(batch)]
        created = StudyTask.objects.bulk_create(rows)
        skipped = {"from": TaskStatus.PENDING, "to": TaskStatus.SKIPPED, "reason": "path archived"}
        TaskEvent.objects.bulk_create([TaskEvent(task=t, kind=kind, data=skipped if kind == EventKind.STATUS_CHANGED
                                                 else {})
                                       for t in created for kind in (EventKind.CREATED, EventKind.STATUS_CHANGED)])
        made += batch


def built(user: User) -> int:
    return len(json.dumps(selectors.personal_data_export(user), cls=DjangoJSONEncoder, indent=2))


def spooled(user: User) -> int:
    with spool(json_chunks(selectors.personal_data_document(user), cls=DjangoJSONEncoder, indent=2)) as file:
        return file.seek(0, 2)


def measure(way, user: User) -> tuple[float, int, int]:
    """(seconds untraced, peak traced bytes, size: characters built, bytes spooled)."""
    start = time.perf_counter()
    size = way(user)
    seconds = time.perf_counter() - start
    tracemalloc.start()
    way(user)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak, size


def main() -> None:
    call_command("migrate", verbosity=0)
    User.objects.filter(email__startswith=PREFIX).delete()
    load_problem_bank()
    track = Track.objects.get(slug="backend-engineer")
    user = User.objects.create_user(email=f"{PREFIX}loop@example.com", password=None, role=Role.CANDIDATE)
    results = {}
    for total in (3_711, 18_555, 37_110):
        history(user, track, total - StudyTask.objects.filter(path__user=user).count())
        for label, way in (("built whole", built), ("spooled", spooled)):
            if total == 18_555 and way is built:
                continue
            results[total, label] = measure(way, user)
            seconds, peak, size = results[total, label]
            print(f"{total:>6,} tasks, {label:<11}: {size / 1e6:.2f} MB in {seconds:.2f} s, "
                  f"peak Python memory {peak / 2**20:.1f} MiB")
    User.objects.filter(email__startswith=PREFIX).delete()
    small, middle, large = (results[n, "spooled"][1] for n in (3_711, 18_555, 37_110))
    print(f"RESULT download my data, spooled: peak {small / 2**20:.1f} MiB at 3,711 tasks, {middle / 2**20:.1f} MiB "
          f"at 18,555, {large / 2**20:.1f} MiB at 37,110 (x{large / middle:.2f} for twice the history, target flat "
          f"< x1.5); built whole: {results[3_711, 'built whole'][1] / 2**20:.1f} MiB and "
          f"{results[37_110, 'built whole'][1] / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
