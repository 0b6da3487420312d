"""Who is in the live room, and what that does to the clock (docs/interviews.md, "Presence and the clock").

The rule: the candidate's clock pauses only when none of their sockets is connected, and the time no socket was
connected costs them nothing. Each candidate socket is a `RoomConnection` row: the consumer adds it on connect
(`join_room`), stamps it from its own timer loop every BEAT_TICKS ticks (`stamp`) and deletes it in `disconnect()`
(`leave_room`). Closing one of two tabs therefore leaves the clock running for the other.

A web process that is killed (SIGKILL, the machine gone) runs no `disconnect()`: its rows stay, unstamped. A row not
stamped for `lapse_seconds()` is a socket that died, and a running interview with only such rows lost its room at the
last sign of life: the later of the last stamp, the last activity (a draft, an answer) and the clock's last start.
It is paused as of then, exactly as a clean disconnect would have paused it then, by whichever comes first: the
candidate's next connection (`join_room`) or the beat's sweep (`pause_lost_rooms`, before the idle limit is applied,
so an interview nobody comes back to is abandoned like any other disconnected one).

The stamp is the server's, not the page's: a client cannot stop it while its socket stays open (no ping to withhold),
so it cannot get its clock stopped while still connected; and writing on after the last stamp (a draft over the API)
moves the start of the gap with it. Only the candidate's sockets count: an observing expert's open watch page never
keeps the candidate's clock running.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from interviewmaster.errors import InvalidTransition
from interviews import services
from interviews.models import LIVE_STATES, InterviewSession, RoomConnection, SessionState

logger = logging.getLogger(__name__)

# The consumer stamps its row every BEAT_TICKS timer ticks (10 s at the default 5 s tick): one small UPDATE per
# socket, on a row of its own (never the session's, which answers lock).
BEAT_TICKS = 2
MAX_SWEEP = 500


def beat_seconds() -> float:
    return BEAT_TICKS * settings.INTERVIEW_TIMER_SECONDS


def lapse_seconds() -> float:
    """How long a socket's row may go unstamped before it counts as dead: three missed stamps, and never under 30 s
    (a busy process's loop may be late; a live room wrongly counted as lost would be paused under the candidate)."""
    return max(30.0, 3 * beat_seconds())


def _lapsed_before(now: datetime) -> datetime:
    return now - timedelta(seconds=lapse_seconds())


def _lost_at(session: InterviewSession, now: datetime) -> datetime | None:
    """When the room of a running `session` (locked) was lost: its last sign of life, or None while a socket is
    present, or when no room was ever open on it (the API, the page without JavaScript: nothing died)."""
    if session.state != SessionState.IN_PROGRESS:
        return None
    rows = RoomConnection.objects.filter(session=session)
    if rows.filter(seen_at__gte=_lapsed_before(now)).exists():
        return None
    last_seen = rows.aggregate(at=Max("seen_at"))["at"]
    if last_seen is None:
        return None
    signs = [at for at in (last_seen, session.last_activity_at, session.running_since) if at is not None]
    return min(max(signs), now)


def _pause_lost_room(session: InterviewSession, now: datetime) -> bool:
    """Pause a running `session` (locked) whose every socket died, as of its last sign of life."""
    since = _lost_at(session, now)
    if since is None:
        return False
    # Only the lapsed rows, and only if none is left: a stamp that committed after `_lost_at` read the rows (it takes
    # no session lock) is a room alive after all, and deleting its fresh row paused it under the candidate.
    RoomConnection.objects.filter(session=session, seen_at__lt=_lapsed_before(now)).delete()
    if RoomConnection.objects.filter(session=session).exists():
        return False
    services.record_event(session, "room.lost", last_sign_of_life=since.isoformat())
    services.stop_clocks(session, actor=None, reason="disconnect", at=since)
    return True


@transaction.atomic
def join_room(*, session_id: int, candidate, channel: str) -> InterviewSession:
    """One of the candidate's sockets arrives: the room it left behind in a dead process is paused as of its last
    sign of life, the socket is recorded, and the interview begins (the first time) or resumes from a disconnect (a
    reload, a dropped connection, a lost process: none of that time is charged). A pause the candidate chose stays."""
    session = InterviewSession.objects.select_for_update().get(id=session_id)
    now = timezone.now()
    _pause_lost_room(session, now)
    if session.state in LIVE_STATES:
        RoomConnection.objects.filter(session=session, seen_at__lt=_lapsed_before(now)).delete()
        if not RoomConnection.objects.filter(channel_name=channel).update(session=session, seen_at=now):
            RoomConnection.objects.create(session=session, channel_name=channel, connected_at=now, seen_at=now)
    if session.state == SessionState.CREATED:
        session = services.begin_session(session=session, actor=candidate)
    elif session.state == SessionState.PAUSED and session.paused_reason == "disconnect":
        session = services.resume_session(session=session, candidate=candidate)
    session.refresh_from_db()
    return session


@transaction.atomic
def leave_room(*, session_id: int, candidate, channel: str) -> None:
    """One of the candidate's sockets closed (`disconnect()`): the clock stops if no other socket of theirs is
    present (another tab still open keeps it running)."""
    session = InterviewSession.objects.select_for_update().filter(id=session_id).first()
    RoomConnection.objects.filter(channel_name=channel).delete()
    if session is None or session.state != SessionState.IN_PROGRESS:
        return
    now = timezone.now()
    if RoomConnection.objects.filter(session=session, seen_at__gte=_lapsed_before(now)).exists():
        return
    services.stop_clocks(session, actor=candidate, reason="disconnect", at=now)


def stamp(*, session_id: int, candidate, channel: str, still_open=lambda: True) -> None:
    """The consumer's loop: this socket is alive. A row that is gone (the sweep took it: the process or the database
    stalled for longer than the lapse) is put back as a reconnect would, ending the pause the sweep made, unless the
    socket closed meanwhile (`still_open`: a stamp already running when `disconnect()` left the room must not bring
    a closed socket back)."""
    if RoomConnection.objects.filter(channel_name=channel).update(seen_at=timezone.now()):
        return
    if still_open() and InterviewSession.objects.filter(id=session_id, state__in=LIVE_STATES).exists():
        join_room(session_id=session_id, candidate=candidate, channel=channel)


def pause_lost_rooms(*, now: datetime | None = None) -> int:
    """Beat (with the idle sweep): pause the running interviews whose every socket died with its web process, as of
    their last sign of life; drop the dead sockets' rows of the others. Returns the interviews paused."""
    now = now or timezone.now()
    before = _lapsed_before(now)
    present = RoomConnection.objects.filter(session=OuterRef("pk"), seen_at__gte=before)
    opened = RoomConnection.objects.filter(session=OuterRef("pk"))
    lost = list(InterviewSession.objects.filter(state=SessionState.IN_PROGRESS).filter(Exists(opened))
                .exclude(Exists(present)).values_list("id", flat=True)[:MAX_SWEEP])
    paused = 0
    for session_id in lost:
        try:
            with transaction.atomic():
                session = InterviewSession.objects.select_for_update().get(id=session_id)
                paused += _pause_lost_room(session, now)
        except InvalidTransition:
            continue  # it moved on meanwhile
    RoomConnection.objects.filter(seen_at__lt=before).exclude(session__state=SessionState.IN_PROGRESS).delete()
    if paused:
        logger.info("paused %s interview(s) whose room was lost with its web process", paused)
    return paused
