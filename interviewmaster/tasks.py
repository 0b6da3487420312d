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
