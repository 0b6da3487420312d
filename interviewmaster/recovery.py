"""Work a dead worker or a lost message left stuck (DESIGN §9; docs/architecture.md, "Stuck work").

`acks_late` + `reject_on_worker_lost` lose no message, but Redis hands a killed worker's unacknowledged message to
another worker only after CELERY_VISIBILITY_TIMEOUT (an hour), and a message the broker refused (it was down when the
row committed) never exists at all. Meanwhile the user watches a spinner. So each app has a beat task,
`<app>.recover_stuck_*`, that finds its rows sitting in an in-progress state for longer than STUCK_WORK_AFTER_SECONDS
and sends their task again (`sweep` below is the loop most of them share). The tasks are idempotent (a status check
under a lock or a conditional UPDATE), so the original message arriving later as well changes nothing. Every row counts
its recoveries: once it has had STUCK_WORK_MAX_RECOVERIES of them it ends failed with a reason for the user instead,
so a task that kills its worker every time cannot loop forever.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Expression, F, Q, QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)

BATCH = 500  # rows one sweep handles per kind; the rest wait for the next minute


def stuck_before() -> datetime:
    """Rows whose clock is older than this have not moved for STUCK_WORK_AFTER_SECONDS: nothing is working on them."""
    return timezone.now() - timedelta(seconds=settings.STUCK_WORK_AFTER_SECONDS)


def exhausted(recoveries: int) -> bool:
    """The row has been sent again as often as allowed: the next sweep fails it instead."""
    return recoveries >= settings.STUCK_WORK_MAX_RECOVERIES


def resend(*, claim: Callable[[], bool], send: Callable[[], object], what: str) -> bool:
    """Claim one stuck row and send its task again, in one transaction; True when this call did it.

    `claim` is a conditional UPDATE on the row's state and clock as the sweep read them, which counts the recovery and
    restarts the clock: of two overlapping sweeps one wins, and the row waits STUCK_WORK_AFTER_SECONDS before the next
    one. The message is sent inside the transaction rather than on commit (the usual rule): a broker that refuses it
    raises here and rolls the claim back, so an outage costs no recovery. A worker that receives the message before the
    commit only finds the row as it was, and the task is idempotent."""
    with transaction.atomic():
        if not claim():
            return False
        send()
    logger.warning("stuck work sent again: %s", what)
    return True


def sweep(rows: QuerySet, *, clock: str | Expression, send: Callable[[Any], object], what: str,
          give_up: Callable[[QuerySet, Any], int | bool] | None = None, read: Sequence[str] = (),
          pin: Sequence[str] = (), recoveries: str = "recoveries", restart: str | None = "recovered_at",
          clear: Sequence[str] = (), on_claim: Callable[[Any], object] | None = None,
          lock: Callable[[Any], object] = lambda row: None, before: datetime | None = None) -> int:
    """One stuck-work sweep: the rows of `rows` (the in-progress ones) whose `clock` is older than `before`
    (`stuck_before()` unless the caller's query needed it too), oldest first, at most BATCH; returns the rows handled.

    Each row is read as a named tuple of its `id`, its `recoveries` count, the fields in `pin` and those in `read`,
    and is handed to the callbacks. Its `pending` query set is `rows` narrowed to the row as read: its id, its count
    and its `pin` fields, so whatever moved the row since (its task finished it, another sweep claimed it) makes the
    claim or the give-up a no-op. A row that ran out of recoveries goes to `give_up(pending, row)`, whose count (or
    truth) is added to the result; with no `give_up` such rows are left as they are and not even read (they would take
    the batch's places every minute). Any other row is claimed and sent again through `resend`: the claim counts the
    recovery, sets `restart` (the field the clock reads, if the claim restarts it) to now and `clear` to None, then
    calls `on_claim(row)` in the same transaction (an event, or the clock itself); `send(row)` sends the task, and
    `what`, formatted with the row's fields ("code run {id}"), names it in the log. `lock(row)`, when given, runs
    first in the claim's transaction: the row's parent to lock before the row, in the order the row's other writers
    lock them (an interview's turn after its session), so the claim cannot deadlock with one of them."""
    before = before or stuck_before()
    if give_up is None:
        rows = rows.filter(**{f"{recoveries}__lt": settings.STUCK_WORK_MAX_RECOVERIES})
    if isinstance(clock, str):
        scan = rows.filter(**{f"{clock}__lt": before}).order_by(clock)
    else:
        scan = rows.annotate(clock=clock).filter(clock__lt=before).order_by("clock")
    handled = 0
    for row in scan.values_list("id", recoveries, *pin, *read, named=True)[:BATCH]:
        count = getattr(row, recoveries)
        pending = rows.filter(pk=row.id, **{recoveries: count}, **{name: getattr(row, name) for name in pin})
        if exhausted(count):
            if give_up is not None:
                handled += int(give_up(pending, row))
            continue

        def claim(pending=pending, row=row) -> bool:
            lock(row)
            changes = {recoveries: F(recoveries) + 1, **dict.fromkeys(clear)}
            if restart:
                changes[restart] = timezone.now()
            if not pending.update(**changes):
                return False
            if on_claim is not None:
                on_claim(row)
            return True

        handled += resend(claim=claim, send=lambda row=row: send(row), what=what.format(**row._asdict()))
    return handled


def send_on_commit(send: Callable[[], object], *, what: str) -> None:
    """Send a task once the transaction commits, as `delay_on_commit` does, for a row the sweep above watches: a
    broker that is down then leaves the committed row to the sweep (logged) instead of failing the request that
    already saved it (the user would see an error for an upload that did happen)."""
    from kombu.exceptions import OperationalError

    def deliver() -> None:
        try:
            send()
        except OperationalError:
            logger.warning("broker unavailable: %s waits for the stuck-work sweep", what, exc_info=True)

    transaction.on_commit(deliver)


# --- one delivery at a time for work that spends money ---------------------------------------------------------------
def exclusively(task, name: str, run: Callable[[], Any], *, holder: str | None = None) -> Any:
    """Run `run()` for the Celery `task` (bound: `self`) unless another delivery of the same work `name` is running it
    now: then do nothing and return None.

    The sweep above sends stuck work again once it has not moved for STUCK_WORK_AFTER_SECONDS; a message that waited
    that long in a busy queue is not lost, only late, and both copies then ran: each checked that the row was still
    pending, then made the AI call (paid twice), and the slower one's result was thrown away. The status check cannot
    see a copy already past it; this lease can. It is held (a `TaskLease` row) for the task's hard time limit, after
    which no live worker can hold it; deleted when `run` ends, however it ends. The redelivery of the same message
    (same task id) after its worker was killed takes it over at once. Whatever ran first leaves the row done, so a copy
    arriving after the lease is gone finds nothing to do by the task's own status check. `holder` (default: the task's
    id) names who may hold it: a chain of tasks that hand the work on to each other passes its root's id. Each taking
    writes its own `until`, and the delivery deletes the lease only while it still carries that `until`: a chain's
    next task, sent from inside `run`, can start and renew the lease before this one's `finally`, which deleted it (by
    name and holder) and let the sweep's copy run the next step, and pay its AI call, alongside."""
    from interviewmaster.models import TaskLease

    holder = holder or getattr(task.request, "id", None) or uuid.uuid4().hex
    seconds = task.time_limit or settings.CELERY_TASK_TIME_LIMIT
    now = timezone.now()
    until = now + timedelta(seconds=seconds)
    held = TaskLease.objects.filter(Q(until__lt=now) | Q(holder=holder), name=name).update(holder=holder, until=until)
    if not held:
        try:
            with transaction.atomic():
                TaskLease.objects.create(name=name, holder=holder, until=until)
            held = 1
        except IntegrityError:
            held = 0
    if not held:
        logger.info("%s: another delivery is running it; this one does nothing", name)
        return None
    try:
        return run()
    finally:  # only this delivery's own lease: the next task of a chain (same holder) may have renewed it since
        TaskLease.objects.filter(name=name, holder=holder, until=until).delete()
