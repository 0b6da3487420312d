"""The live interview room over a websocket: `/ws/interviews/<id>/` (protocol: docs/interviews.md).

Thin by design (DESIGN §2): authenticate and authorise in `connect()`, decode messages, call the same services as the
REST API through `database_sync_to_async`, and forward the room's group events. Only the candidate may act; a
planned interview's expert joins read-only as observer (and alone receives the answers as submitted and the integrity
counts, through a group of its own); everyone else is closed with 4404.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from django.conf import settings

from interviewmaster import capabilities, throttles
from interviewmaster.consumers import (
    CLOSE_THROTTLED,
    BoundedJsonWebsocketConsumer,
    ClientGone,
    MessageBudget,
    refuse,
    signed_in_user,
)
from interviewmaster.errors import DomainError
from interviewmaster.input_limits import echoed
from interviews import drafts, policy, presence, presenters, realtime, services
from interviews.errors import InvalidMessage
from interviews.models import InterviewSession, SessionState, Turn, TurnStatus

logger = logging.getLogger(__name__)

# Database work runs in the default thread pool, not Channels' single shared thread: one slow room must not queue
# every other room's drafts behind it. Each call is a short transaction of its own, so no thread affinity is needed.
def db(func):
    return database_sync_to_async(func, thread_sensitive=False)


# The room's `timer` is counted here from the last state the server sent (every state change reaches the consumer as
# a group event); the database is read only every TIMER_RESYNC_TICKS-th tick and when the local clock says the time
# is up. At 200 rooms that is 7 reads a second instead of 40, which the rooms' answers would queue behind.
TIMER_RESYNC_TICKS = 6
CLOSE_NOT_FOUND = 4404
# The interview ended without a report to wait for (cancelled: the plan was cancelled or the account deleted;
# abandoned: idle too long): the `state` saying so is sent, then the socket is closed with this code and the room and
# the watch page stop reconnecting.
CLOSE_ENDED = 4410
CLOSED_STATES = (SessionState.CANCELLED, SessionState.ABANDONED)
CANDIDATE, OBSERVER = "candidate", "observer"


# One user holds at most INTERVIEW_WS_CONNECTIONS_PER_USER sockets on one interview (the per-socket message budget
# alone let one user multiply it by opening more sockets); one more is closed with 4429. A socket keeps its slot by
# refreshing it at every timer resync, so the slots of a process that died free themselves after a few resyncs.
def _slot_key(session_id: int, user_id: int) -> str:
    return f"interview-sockets:{session_id}:{user_id}"


def _slot_lifetime() -> float:
    return max(30.0, 3 * TIMER_RESYNC_TICKS * settings.INTERVIEW_TIMER_SECONDS)


def _hold_slot(session_id: int, user_id: int, channel: str) -> bool:
    try:
        return throttles.hold_slot(_slot_key(session_id, user_id), channel,
                                   limit=settings.INTERVIEW_WS_CONNECTIONS_PER_USER, lifetime=_slot_lifetime())
    except Exception:  # noqa: BLE001 - the cache is down: the room still works (its messages are budgeted per socket)
        logger.warning("interview %s: could not count the open sockets", session_id, exc_info=True)
        return True


def _release_slot(session_id: int, user_id: int, channel: str) -> None:
    try:
        throttles.release_slot(_slot_key(session_id, user_id), channel)
    except Exception:  # noqa: BLE001 - the slot then lapses by itself after its lifetime
        logger.warning("interview %s: could not release a socket slot", session_id, exc_info=True)


# --- database work (sync; each call is one short transaction) ------------------------------------------------------
def _access(user, session_id: int) -> tuple[str, InterviewSession] | None:
    session = InterviewSession.objects.filter(id=session_id).first()
    if session is None:
        return None
    if session.candidate_id == user.id:
        return CANDIDATE, session
    if session.expert_id is not None and session.expert_id == user.id:
        return OBSERVER, session
    return None


def _enter(session_id: int, user, role: str, channel: str, scores: bool) -> dict:
    """On connect: the candidate's arrival starts a new interview or resumes one paused by a dropped connection (or
    by a web process that died: presence.join_room)."""
    if role == CANDIDATE:
        session = presence.join_room(session_id=session_id, candidate=user, channel=channel)
    else:
        session = InterviewSession.objects.get(id=session_id)
    return presenters.room_state(session, role=role, scores=scores)


def _leave(session_id: int, user, channel: str) -> None:
    """On disconnect: stop the clock of a running interview when this was the candidate's last socket on it (a reload
    or a lost connection costs no time; closing one of two tabs changes nothing)."""
    try:
        presence.leave_room(session_id=session_id, candidate=user, channel=channel)
    except DomainError:
        pass  # it changed state meanwhile; nothing to stop


def _stamp(session_id: int, user, channel: str, still_open) -> None:
    try:
        presence.stamp(session_id=session_id, candidate=user, channel=channel, still_open=still_open)
    except Exception:  # noqa: BLE001 - a missed stamp is made good by the next; the ticker must go on
        logger.warning("interview %s: could not stamp the room's presence", session_id, exc_info=True)


def _state(session_id: int, role: str, scores: bool) -> dict:
    return presenters.room_state(InterviewSession.objects.get(id=session_id), role=role, scores=scores)


def _tick(session_id: int) -> dict | None:
    """The `timer` message (two small reads); ends the interview when its time is up."""
    session = InterviewSession.objects.filter(id=session_id).only(
        "state", "time_budget_seconds", "time_used_seconds", "running_since").first()
    if session is None or session.state not in (SessionState.IN_PROGRESS, SessionState.PAUSED):
        return None
    if session.remaining_seconds() <= 0 and services.expire_if_out_of_time(session_id=session_id):
        return None
    turn = Turn.objects.filter(session_id=session_id, status=TurnStatus.OPEN).only(
        "time_limit_seconds", "elapsed_seconds", "running_since").first()
    return {"type": "timer", "state": session.state, "remaining_seconds": session.remaining_seconds(),
            "turn": turn.id if turn else None, "turn_remaining_seconds": turn.remaining_seconds() if turn else None}


def _persist_draft(session_id: int, user, draft: dict) -> None:
    session = InterviewSession.objects.filter(id=session_id).first()
    if session is None:
        return  # deleted with its account: nothing to keep the draft for
    try:
        services.save_draft(session=session, candidate=user, turn_id=draft["turn"], text=draft["text"],
                            code=draft["code"], language=draft["language"])
    except DomainError:
        pass  # the turn was answered or the interview ended meanwhile: the answer itself is stored


def _kind_of(content) -> str | None:
    """The message's `type` when it is a string (a list or an object there is no type, and is unhashable)."""
    kind = content.get("type") if isinstance(content, dict) else None
    return kind if isinstance(kind, str) else None


def _call(action: str, session_id: int, user, payload: dict):
    session = InterviewSession.objects.get(id=session_id)
    return ACTIONS[action](session, user, payload)


def _text(payload: dict, key: str) -> str:
    value = payload.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidMessage(f"'{key}' must be a string.", fields={key: ["must be a string"]})
    return value


def _turn_id(payload: dict) -> int:
    value = payload.get("turn")
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidMessage("'turn' must be the id of the question you answer.",
                             fields={"turn": ["required integer"]})
    return value


def _draft(session, user, payload):
    saved_at = services.save_draft(session=session, candidate=user, turn_id=_turn_id(payload),
                                   text=_text(payload, "text"), code=_text(payload, "code"),
                                   language=_text(payload, "language"))
    return {"type": "draft.saved", "turn": payload["turn"], "saved_at": saved_at.isoformat()}


def _submit(session, user, payload):
    turn = services.submit_answer(session=session, candidate=user, turn_id=_turn_id(payload),
                                  text=_text(payload, "text"), code=_text(payload, "code"),
                                  language=_text(payload, "language"))
    return {"type": "answer.accepted", "turn": turn.id}


def _signal(session, user, payload):
    seconds = payload.get("seconds", 0)
    services.record_signal(session=session, candidate=user, kind=_text(payload, "kind"),
                           turn_id=payload.get("turn") if isinstance(payload.get("turn"), int) else None,
                           seconds=seconds if isinstance(seconds, int) else 0)


def _finish(session, user, payload):
    """`{"type": "session.finish", "confirm": true}`: `confirm` (a boolean, false when left out) is the room's "are
    you sure?" answered yes, which a planned interview with questions left needs (FinishNeedsConfirmation)."""
    confirm = payload.get("confirm", False)
    if not isinstance(confirm, bool):
        raise InvalidMessage("'confirm' must be true or false.", fields={"confirm": ["must be a boolean"]})
    services.finish_session(session=session, candidate=user, confirm=confirm)


ACTIONS = {
    "answer.draft": _draft,
    "answer.submit": _submit,
    "hint.request": lambda s, u, p: services.request_hint(session=s, candidate=u) and None,
    "session.pause": lambda s, u, p: services.pause_session(session=s, candidate=u) and None,
    "session.resume": lambda s, u, p: services.resume_session(session=s, candidate=u) and None,
    "session.finish": _finish,
    "signal": _signal,
}


class InterviewConsumer(BoundedJsonWebsocketConsumer):
    role: str | None = None
    session_id: int | None = None
    open_turn: int | None = None
    judged: set[str] | None = None
    pending: dict | None = None
    redis = None
    closing = False  # set first thing in disconnect() and at the first send that failed
    joined = False  # connect() went on to join the room (presence.join_room)
    shown: tuple | None = None  # what the last `state` sent showed (_shows)
    scores: bool = False  # evaluations reach this socket (policy.evaluation_shown_to its user)
    vanished = False  # the interview's row is gone (_vanished)

    async def connect(self):
        user = await signed_in_user(self)
        if user is None:
            return
        access = await db(_access)(user, int(self.scope["url_route"]["kwargs"]["session_id"]))
        if access is None:
            await refuse(self, CLOSE_NOT_FOUND)
            return
        self.user = user
        self.role, session = access
        self.scores = policy.evaluation_shown_to(session, user)
        if not await sync_to_async(_hold_slot, thread_sensitive=False)(session.id, user.id, self.channel_name):
            await refuse(self, CLOSE_THROTTLED)  # the room and the watch page say why and stop reconnecting
            return
        self.session_id = session.id
        self.budget = MessageBudget(settings.INTERVIEW_WS_MESSAGES_PER_10S)  # a token bucket per connection
        await self.channel_layer.group_add(realtime.group_name(self.session_id), self.channel_name)
        if self.role == OBSERVER:  # the answers and integrity counts go to this group only
            await self.channel_layer.group_add(realtime.observer_group_name(self.session_id), self.channel_name)
        await self.accept()
        self.joined = True  # before the await: a join that committed while the client went away is left too
        state = await db(_enter)(self.session_id, user, self.role, self.channel_name, self.scores)
        # The interview's languages ([] in the state means every language of the platform, as the service reads it).
        self.languages = set(state["session"]["languages"] or capabilities.get_capabilities().languages)
        self._track(state)
        if self.role == CANDIDATE and drafts.enabled():
            self.redis = drafts.async_client()
        await self.send_json(state)
        self.ticker = asyncio.ensure_future(self._tick_forever())
        self.flusher = asyncio.ensure_future(self._flush_forever())

    async def __call__(self, scope, receive, send):
        """However the consumer ends (a clean close, a dead client, a fault), its connection's work ends with it: a
        timer loop left running on a dead socket kept the interview's clock running and refreshed its socket slot and
        presence stamp forever. Not when it is cancelled: that is the process going down (a graceful shutdown sends
        `websocket.disconnect` first), which the presence sweep settles as it settles a killed process, from the last
        sign of life (leaving the room from a dying event loop paused interviews a restart should not charge or
        pause: interviews/tests/test_presence.py)."""
        cancelled = False
        try:
            await super().__call__(scope, receive, send)
        except asyncio.CancelledError:
            cancelled = True
            # its own loops stop with it (they would renew the socket slot and the presence stamp): no database
            # work, the rest is the presence sweep's
            for task in (getattr(self, "ticker", None), getattr(self, "flusher", None)):
                if task is not None:
                    task.cancel()
            raise
        finally:
            if not cancelled:
                await self._end()

    async def disconnect(self, code):
        await self._end()

    def client_gone(self) -> None:
        """A send failed (the candidate's tab closed mid-message, the connection cut): the room is left now, from
        whichever task found out (the timer loop may be the only one sending), as a clean close leaves it."""
        self.closing = True
        self._ending_task()

    def _ending_task(self) -> asyncio.Future:
        ending = getattr(self, "ending", None)
        if ending is None:
            ending = self.ending = asyncio.ensure_future(self._release())
        return ending

    async def _end(self) -> None:
        """Leave the room once, whoever asks first (`disconnect()`, a failed send, the consumer's end) and however
        often: a task of its own, so the timer loop that found the client gone is cancelled without cancelling it."""
        await asyncio.shield(self._ending_task())

    async def _release(self) -> None:
        self.closing = True  # read by a presence stamp already running in a thread (presence.stamp)
        if self.session_id is None:
            return
        for task in (getattr(self, "ticker", None), getattr(self, "flusher", None)):
            if task is not None:
                task.cancel()
        # Each step on its own: one that fails (the channel layer or the cache briefly gone) must not keep the
        # interview running or its socket slot held.
        steps = [("leave its group", self.channel_layer.group_discard,
                  realtime.group_name(self.session_id), self.channel_name)]
        if self.role == OBSERVER:
            steps.append(("leave the observers' group", self.channel_layer.group_discard,
                          realtime.observer_group_name(self.session_id), self.channel_name))
        if self.role == CANDIDATE and self.joined:  # not when the accept itself failed: it never joined the room
            steps.append(("save the last draft", self._flush))
            steps.append(("leave the room", db(_leave), self.session_id, self.user, self.channel_name))
        if self.redis is not None:
            steps.append(("close its Redis client", self.redis.aclose))
        steps.append(("release its socket slot", sync_to_async(_release_slot, thread_sensitive=False),
                      self.session_id, self.user.id, self.channel_name))
        for what, step, *args in steps:
            try:
                await step(*args)
            except Exception:  # noqa: BLE001 - logged; the steps after it still run
                logger.warning("interview %s: closing a socket, could not %s", self.session_id, what, exc_info=True)

    def _judge_languages(self, turn: dict | None) -> None:
        """The languages the open turn takes code in when a judge problem's tests run it (services.judged_languages,
        from the turn as sent): a draft's code in another one takes the service's path, which refuses it."""
        problem = (turn or {}).get("problem") or {}
        self.judged = (set(problem.get("languages") or []) & (getattr(self, "languages", None) or set())) or None

    @staticmethod
    def _shows(state: dict) -> tuple:
        """What a `state` message shows that a push can change (not the running clocks, which tick on their own). The
        time paused in all is in it: a pause undone in the same commit (a room lost with its process, taken up again)
        leaves state and reason as they were, and the watch page's "paused … in all" is only redrawn from a `state`."""
        session, turn = state["session"], state.get("turn") or {}
        paused = session.get("paused_seconds") if session["state"] != "paused" else None  # counts on while paused
        return (session["state"], session["paused_reason"], paused, session["asked_questions"], turn.get("turn"),
                len(state["evaluations"]))

    def _track(self, state: dict) -> None:
        turn = state.get("turn")
        self.open_turn = turn["turn"] if turn else None
        self.shown = self._shows(state)
        self._judge_languages(turn)
        session = state.get("session") or {}
        self.clock = {"state": session.get("state", state.get("state")), "left": session.get("remaining_seconds"),
                      "turn": self.open_turn, "turn_left": turn["remaining_seconds"] if turn else None,
                      "at": time.monotonic()}

    def _clock_now(self) -> dict:
        """The `timer` message from the local clock."""
        clock = getattr(self, "clock", None) or {}
        gone = time.monotonic() - clock.get("at", 0) if clock.get("state") == SessionState.IN_PROGRESS else 0

        def left(seconds):
            return None if seconds is None else max(0, math.ceil(seconds - gone))

        return {"type": "timer", "state": clock.get("state"), "remaining_seconds": left(clock.get("left")),
                "turn": clock.get("turn"),
                "turn_remaining_seconds": left(clock.get("turn_left")) if clock.get("turn") else None}

    def _clock_turn(self, turn_id: int | None, turn_left: int | None) -> None:
        now = self._clock_now()
        self.clock = {"state": now["state"], "left": now["remaining_seconds"], "turn": turn_id,
                      "turn_left": turn_left, "at": time.monotonic()}

    async def _flush(self) -> None:
        draft, self.pending = self.pending, None
        if draft is not None:
            await db(_persist_draft)(self.session_id, self.user, draft)

    async def _flush_forever(self):
        try:
            while True:
                await asyncio.sleep(drafts.DRAFT_FLUSH_SECONDS)
                await self._flush()
        except asyncio.CancelledError:
            pass

    async def _fast_draft(self, content: dict) -> bool:
        """`answer.draft` for the open turn: validated here, stashed in Redis, persisted by the flusher. False when
        the slow path (the service, in the database) must decide instead."""
        turn, fields = content.get("turn"), [content.get(k, "") for k in ("text", "code", "language")]
        if self.redis is None or turn is None or turn != self.open_turn or \
                not all(isinstance(f, str) for f in fields) or self.clock.get("state") != SessionState.IN_PROGRESS:
            return False  # a paused interview's draft goes to the service, which refuses it (interview_paused)
        text, code, language = fields
        if services.answer_input_refusal(text=text, code=code, language=language, languages=self.languages,
                                         judged=self.judged) is not None:
            # The service's own rule: the service refuses it with its reason. A NUL character stashed here was never
            # stored (the flush swallowed the refusal), and at time-up the hand-in wrote it to PostgreSQL: that
            # raised, so the interview never ended and the idle sweep failed on it every minute. A lone surrogate
            # stashed here (json.dumps escapes it) would have met the same end at the flush and at time-up.
            return False
        from django.utils import timezone

        saved_at = timezone.now().isoformat()
        try:
            await drafts.stash(self.redis, self.session_id, turn,
                               {"text": text, "code": code, "language": language, "saved_at": saved_at})
        except Exception:  # noqa: BLE001 - Redis unavailable: the database path still saves it
            logger.warning("interview %s: draft stash failed; saving to the database", self.session_id,
                           exc_info=True)
            return False
        self.pending = {"turn": turn, "text": text, "code": code, "language": language}
        await self.send_json({"type": "draft.saved", "turn": turn, "saved_at": saved_at})
        return True

    async def _tick_forever(self):
        ticks = 0
        try:
            while not self.closing:  # a loop on a socket that is gone must not go on (it would hold its slot)
                await asyncio.sleep(settings.INTERVIEW_TIMER_SECONDS)
                if self.closing:
                    return
                ticks += 1
                try:
                    await self._tick_once(ticks)
                except asyncio.CancelledError:
                    raise
                except ClientGone:
                    return  # the client is gone: client_gone() has begun leaving the room
                except Exception:  # noqa: BLE001 - one failed step (the database briefly gone) must not end the loop
                    # The loop also stamps the socket's presence: ended, the room would be paused under a candidate
                    # still at work (interviews/presence.py).
                    logger.warning("interview %s: a timer step failed; trying again next tick", self.session_id,
                                   exc_info=True)
        except asyncio.CancelledError:
            pass

    async def _tick_once(self, ticks: int) -> None:
        if ticks % TIMER_RESYNC_TICKS == 0:
            await sync_to_async(_hold_slot, thread_sensitive=False)(self.session_id, self.user.id, self.channel_name)
        if self.role == CANDIDATE and ticks % presence.BEAT_TICKS == 0:
            # The server's own sign of life for this socket, not the page's: a client cannot withhold it.
            await db(_stamp)(self.session_id, self.user, self.channel_name, lambda: not self.closing)
        local = self._clock_now()
        if local["state"] not in (SessionState.IN_PROGRESS, SessionState.PAUSED):
            return
        if ticks % TIMER_RESYNC_TICKS and (local["remaining_seconds"] or 0) > 0:
            await self.send_json(local)
            return
        if (local["remaining_seconds"] or 0) <= 0:
            await self._flush()  # the last draft is in the database when the time-up hands it in
        message = await db(_tick)(self.session_id)  # resync; ends the interview when its time is up
        if message is None or message["turn"] != self.open_turn:
            await self._resend_state()  # a push this socket missed (the next question, the end)
            return
        self.clock = {"state": message["state"], "left": message["remaining_seconds"],
                      "turn": message["turn"], "turn_left": message["turn_remaining_seconds"],
                      "at": time.monotonic()}
        await self.send_json(message)

    async def _resend_state(self) -> None:
        """The whole room state again, read fresh: group messages are at-most-once (the channel layer drops a message
        for a full or expired channel), so the timer's resync repairs a missed next question or end instead of leaving
        the candidate waiting forever."""
        try:
            state = await db(_state)(self.session_id, self.role, self.scores)
        except InterviewSession.DoesNotExist:
            await self._vanished()
            return
        self._track(state)
        await self.send_json(state)
        if state["session"]["state"] in CLOSED_STATES:
            await self.close(code=CLOSE_ENDED)  # as when the push arrives (interview_state): the room stops

    async def _vanished(self) -> None:
        """The interview's row is gone (a practice interview is deleted with its account): the room has nothing left
        to show or act on. It says so once and closes with 4404, on which the room and the watch page stop
        reconnecting; before, the timer went on saying in_progress and every message was an internal error (and an
        ERROR in the log)."""
        self.clock = {**(getattr(self, "clock", None) or {}), "state": None}  # the timer loop stops sending
        if self.vanished:
            return
        self.vanished = True
        await self.send_json({"type": "error", "code": "not_found", "message": "This interview no longer exists.",
                              "fields": {}})
        await self.close(code=CLOSE_NOT_FOUND)

    async def error(self, code: str, message: str, fields: dict | None = None):
        await self.send_json({"type": "error", "code": code, "message": message, "fields": fields or {}})

    async def receive_json(self, content, **kwargs):
        """One message of the room. A fault in handling it is logged and answered with `internal_error`; it does not
        end the consumer: an exception escaping here closes the socket without `disconnect()`, which left the
        interview's clock running and its socket slot held."""
        if self.vanished:
            return  # closing: frames already in flight are dropped
        try:
            await self._handle(content)
        except ClientGone:
            raise  # nothing can be sent to say so; dispatch() ends the connection (a second send raised here before)
        except InterviewSession.DoesNotExist:
            await self._vanished()
        except Exception:
            logger.exception("interview %s: a %s message failed", self.session_id, _kind_of(content) or "malformed")
            await self.error("internal_error", "That message could not be handled; please try again.")

    async def _handle(self, content) -> None:
        if not self.budget.allow():
            await self.error("rate_limited", "Too many messages; slow down.")
            return
        kind = _kind_of(content)
        if kind not in ACTIONS:
            shown = echoed(kind) if kind is not None else "missing (a string is needed)"
            await self.error("unknown_type", f"Unknown message type {shown}; known: {', '.join(ACTIONS)}.")
            return
        if self.role != CANDIDATE:
            await self.error("observer_read_only", "You are observing this interview; only the candidate answers.")
            return
        if kind == "answer.draft" and await self._fast_draft(content):
            return
        # Even when the client is found gone (self.closing), a message it sent before is acted on: uvicorn delivers
        # what it received before it reports the cut, and an answer that reached the server is stored, as after a
        # clean close (R2). The `finally` below leaves the room again if the action resumed the clock.
        await self._before(kind)
        try:
            reply = await db(_call)(kind, self.session_id, self.user, content)
        except DomainError as exc:
            await self.error(exc.code, exc.message, exc.fields)
            return
        finally:
            if self.closing and self.role == CANDIDATE:
                # The room was left while the service acted (the timer loop found the client gone): leave it again,
                # or a resume that committed after that pause left the clock running with nobody there.
                await db(_leave)(self.session_id, self.user, self.channel_name)
        self._after(kind, reply)
        if reply is not None:
            await self.send_json(reply)

    async def _before(self, kind: str) -> None:
        if kind == "answer.submit":
            self.pending = None  # the answer replaces the draft
        if kind == "session.pause":
            await self._flush()  # what was typed before the pause is kept: drafts are refused once it is paused

    def _after(self, kind: str, reply: dict | None) -> None:
        if kind == "session.pause":  # stopped here at once: the next drafts take the service's path, which refuses them
            now = self._clock_now()
            self.clock = {"state": SessionState.PAUSED, "left": now["remaining_seconds"], "turn": now["turn"],
                          "turn_left": now["turn_remaining_seconds"], "at": time.monotonic()}
        if reply is not None and reply["type"] == "answer.accepted" and reply["turn"] == self.open_turn:
            self.open_turn = None
            self._clock_turn(None, None)

    # --- group events from services (after their commit) ---------------------------------------------------------
    async def forward(self, event):
        await self.send_json(event["message"])

    async def interview_state(self, event):
        """A state change somewhere (pause, resume, evaluated): send the full, fresh room state."""
        try:
            state = await db(_state)(self.session_id, self.role, self.scores)
        except InterviewSession.DoesNotExist:
            await self._vanished()
            return
        if self._shows(state) == self.shown:
            # Nothing this socket has not shown: the echo of its own arrival (connect's `_enter` began or resumed the
            # interview after joining the group, and sent the state that followed), or a change already undone.
            self._track(state)
            return
        self._track(state)
        if event["message"].get("reason"):
            state["reason"] = event["message"]["reason"]
        await self.send_json(state)
        if state["session"]["state"] in CLOSED_STATES:
            await self.close(code=CLOSE_ENDED)

    async def interview_evaluation(self, event):
        if not self.scores:
            return  # a planned interview's candidate: the score and what the answer missed are the expert's
        message = dict(event["message"])
        if self.role != OBSERVER:
            message.pop("flags", None)  # flags such as a possible prompt injection are for the expert
        else:  # the expert reads the feedback about the candidate, as the state's copy (presenters.room_state)
            message["feedback"] = presenters.feedback_for(message.get("feedback", ""), reader_is_candidate=False)
        await self.send_json(message)

    async def observer_only(self, event):
        """The candidate's answers and integrity counts: the observers' group is the only way in, and a candidate's
        socket drops them even if one arrived by another group."""
        if self.role == OBSERVER:
            await self.send_json(event["message"])

    async def new_turn(self, event):
        if event["message"]["turn"] == self.open_turn:
            return  # already shown: the warm-up that connect's `_enter` opened is in the state connect sent
        self.open_turn = event["message"]["turn"]
        self._judge_languages(event["message"])
        self._clock_turn(self.open_turn, event["message"].get("remaining_seconds"))
        if self.clock["state"] == SessionState.CREATED:
            # The warm-up opens as the interview begins (begin_session pushes no state): an observer who came first
            # would otherwise keep a stopped clock and never tick or resync.
            self.clock["state"] = SessionState.IN_PROGRESS
        await self.send_json(event["message"])

    async def interview_completed(self, event):
        self.clock = {**(getattr(self, "clock", None) or {}), "state": SessionState.COMPLETED}
        await self.send_json(event["message"])

    interview_question = new_turn
    interview_followup = new_turn
    interview_hint = forward
    interview_tests = forward  # a code answer's tests not run (the judge budget): services.judge_answer
    interview_timer = forward
    interview_error = forward
    interview_draft_saved = forward
    interview_answer = observer_only
    interview_integrity = observer_only
