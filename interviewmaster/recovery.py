"""Work a dead worker or a lost message left stuck (DESIGN §9; docs/architecture.md, "Stuck work").

`acks_late` + `reject_on_worker_lost` lose no message, but Redis hands a killed worker's unacknowledged message to
another worker only after CELERY_VISIBILITY_TIMEOUT (an hour), and a message the broker refused (it was down when the
row committed) never exists at all. Meanwhile the user watches a spinner. So each app has a beat task,
`<app>.recover_stuck_*`, that finds its rows sitting in an in-progress state for longer than STUCK_WORK_AFTER_SECONDS
and sends their task again. The tasks are idempotent (a status check under a lock or a conditional UPDATE), so the
original message arriving later as well changes nothing. Every row counts its recoveries: once it has had
STUCK_WORK_MAX_RECOVERIES of them it ends failed with a reason for the user instead, so a task that kills its worker
every time cannot loop forever.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
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
