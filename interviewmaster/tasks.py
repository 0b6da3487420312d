"""Diagnostic task: proves a worker is alive, connected to the broker and the database."""

from __future__ import annotations

import logging
import socket

from celery import shared_task

from interviewmaster.observability import current_request_id

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="interviewmaster.diagnostic_ping")
def diagnostic_ping(self, payload: str = "") -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        db_ok = cursor.fetchone()[0] == 1
    logger.info("diagnostic ping handled", extra={"payload": payload})
    return {
        "echo": payload,
        "worker": socket.gethostname(),
        "eager": bool(self.request.is_eager),
        "database": db_ok,
        "request_id": current_request_id(),
    }


@shared_task(bind=True, name="interviewmaster.diagnostic_crash_probe", acks_late=True)
def diagnostic_crash_probe(self, token: str, hold_seconds: float = 60.0) -> str:
    """Worker-crash drill (used by the test suite and by operators): the first delivery records its pid and holds
    until somebody kills that worker; the redelivery, on whichever worker gets it, records its name and finishes."""
    import os
    import time

    import redis
    from django.conf import settings

    store = redis.Redis.from_url(settings.REDIS_URL)
    key = f"crash-probe:{token}"
    attempt = store.incr(f"{key}:attempts")
    store.expire(f"{key}:attempts", 600)
    if attempt == 1:
        store.set(f"{key}:pid", os.getpid(), ex=600)
        time.sleep(hold_seconds)
    store.set(f"{key}:done", self.request.hostname or "", ex=600)
    return self.request.hostname or ""
