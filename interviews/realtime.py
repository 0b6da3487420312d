"""Pushes to the live room over the channel layer. Services call `publish` inside their transaction; the message
leaves only after the commit (DESIGN §1), so the room never hears of something that was rolled back."""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

# Server -> client message types; each travels as the group event "interview.<type with _>".
MESSAGE_TYPES = ("state", "question", "followup", "evaluation", "timer", "draft.saved", "completed", "error", "hint",
                 "tests")
# Sent only to the observers' group (a planned interview's expert): the candidate's answers as submitted and the
# integrity counts of a turn. The candidate's own connections never join that group.
OBSERVER_MESSAGE_TYPES = ("answer", "integrity")


def group_name(session_id: int) -> str:
    return f"interview.{session_id}"


def observer_group_name(session_id: int) -> str:
    return f"interview.{session_id}.observers"


def event_type(message_type: str) -> str:
    return "interview." + message_type.replace(".", "_")


def send_now(session_id: int, message: dict, *, group: str | None = None) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group or group_name(session_id),
                                        {"type": event_type(message["type"]), "message": message})
    except Exception:  # noqa: BLE001 - a push is best effort; the room re-reads the state on (re)connect
        logger.warning("interview %s: could not push %s to the room", session_id, message.get("type"), exc_info=True)


def publish(session_id: int, message: dict) -> None:
    """Send `message` to everyone in the session's room once the current transaction commits."""
    transaction.on_commit(lambda: send_now(session_id, message))


def publish_to_observers(session_id: int, message: dict) -> None:
    """Send `message` to the session's observers only (never the candidate's sockets), after the commit."""
    transaction.on_commit(lambda: send_now(session_id, message, group=observer_group_name(session_id)))
