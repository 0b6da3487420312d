"""Fast drafts: the room's `answer.draft` is kept in Redis at once (the reply comes without a database round trip) and
written to the database at most every DRAFT_FLUSH_SECONDS and when the connection closes. A web process that dies in
between loses nothing: the room's state prefers a stashed draft newer than the database's.

Without Redis (development, most tests) drafts go straight to the database.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime

from django.conf import settings

logger = logging.getLogger(__name__)
TTL_SECONDS = 2 * 24 * 3600
DRAFT_FLUSH_SECONDS = 5
_sync_client = None


def enabled() -> bool:
    return bool(getattr(settings, "REDIS_URL", ""))


def key(session_id: int, turn_id: int) -> str:
    return f"im:interview-draft:{session_id}:{turn_id}"


def async_client():
    import redis.asyncio

    return redis.asyncio.Redis.from_url(settings.REDIS_URL, socket_timeout=5)


async def stash(client, session_id: int, turn_id: int, draft: dict) -> None:
    await client.set(key(session_id, turn_id), json.dumps(draft), ex=TTL_SECONDS)


def _client():
    global _sync_client
    if _sync_client is None:
        import redis

        _sync_client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
    return _sync_client


def stashed(session_id: int, turn_id: int) -> dict | None:
    """The stashed draft of a turn, if any (sync; used when the room's state is built)."""
    if not enabled():
        return None
    try:
        raw = _client().get(key(session_id, turn_id))
    except Exception:  # noqa: BLE001 - the database copy is still there; say so in the log
        logger.warning("interview %s: could not read the stashed draft of turn %s", session_id, turn_id,
                       exc_info=True)
        return None
    return json.loads(raw) if raw else None


def newer(stash_: dict | None, saved_at: datetime | None) -> bool:
    if not stash_:
        return False
    if saved_at is None:
        return True
    return datetime.fromisoformat(stash_["saved_at"]) > saved_at


def forget(turns: list[tuple[int, int]]) -> None:
    """Drop the stashed drafts of these (session id, turn id) pairs: an erased account's drafts must not wait out
    their two days in Redis. Runs after the erasure commits; a failure is logged (the keys still expire)."""
    if not enabled() or not turns:
        return
    keys = [key(session_id, turn_id) for session_id, turn_id in turns]
    try:
        for start in range(0, len(keys), 500):
            _client().delete(*keys[start:start + 500])
    except Exception:  # noqa: BLE001 - Redis down: the drafts expire with their TTL; say so in the log
        logger.warning("could not drop %d stashed interview drafts; they expire within %d s", len(keys),
                       TTL_SECONDS, exc_info=True)
