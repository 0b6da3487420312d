"""Server text-to-speech for the interview room: a question read aloud by the configured OpenAI-compatible endpoint
(`POST {base_url}/audio/speech`, `interviewmaster.ai.openai_compat.synthesize_speech`), cached per model, voice and
text.

Without a remote provider (the offline engine only) or with `AI_TTS_MODEL` empty the room is told that server speech
is not available (404 `not_found` from the endpoint) and reads with the browser's own speech synthesis.

The provider call runs in Celery (`interviews.ai.synthesize_speech`, DESIGN §5), never in the request: the room's
request returns the cached audio, or queues the synthesis once and answers "pending" so the page asks again shortly
(with eager Celery, in development and tests, the audio is there at once). Like every provider, the endpoint is treated
as hostile and slow: one total deadline (`AI_TTS_TIMEOUT`, for connecting, waiting and reading alike), a bounded
reply (`AI_TTS_MAX_BYTES`), no retries. The call goes through the AI layer's `Chain.call_direct`: the provider's
circuit breaker and daily quota apply (an open circuit or a spent quota means no server speech, the browser reads),
and the call is metered (`im_ai_calls_total`, task `speech`) and counted against the quota like any other.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from interviews.errors import NotYourSession, SessionPaused, SpeechFailed, SpeechUnavailable, TurnNotFound
from interviews.models import InterviewSession, Turn

logger = logging.getLogger(__name__)

AUDIO_CONTENT_TYPE = "audio/mpeg"
PENDING_SECONDS = 60  # a queued synthesis is not queued again for this long
MAX_INPUT_CHARS = 4096  # the speech endpoint's own limit on `input`


def _provider():
    from interviewmaster.ai.config import configured_providers

    if not settings.AI_TTS_MODEL:
        return None
    providers = configured_providers()
    return providers[0] if providers else None


def speech_available() -> bool:
    """Whether the room should ask the server for question audio (a remote endpoint is configured)."""
    return _provider() is not None


def _key(text: str) -> str:
    digest = hashlib.sha256(f"{settings.AI_TTS_MODEL}\0{settings.AI_TTS_VOICE}\0{text}".encode()).hexdigest()
    return f"im:speech:{digest}"


def cached_speech(text: str) -> bytes | None:
    return cache.get(_key(text))


def synthesize(text: str, *, owners=()) -> bytes:
    """Ask the provider for `text` as MP3 (Celery only) and cache it. Raises SpeechUnavailable / SpeechFailed.

    A follow-up's text can quote the candidate's answer, so the audio is indexed under `owners` (the session's
    candidate) as the AI layer's replies are, and deleting the account deletes it (interviewmaster/ai/cache.py); audio
    that cannot be indexed (a full index) is not cached."""
    provider = _provider()
    if provider is None:
        raise SpeechUnavailable()
    audio = cached_speech(text)
    if audio is not None:
        return audio
    from interviewmaster.ai.base import ProviderError
    from interviewmaster.ai.chain import get_chain
    from interviewmaster.ai.openai_compat import synthesize_speech

    def call() -> bytes:
        return synthesize_speech(provider, model=settings.AI_TTS_MODEL, voice=settings.AI_TTS_VOICE,
                                 text=text[:MAX_INPUT_CHARS], timeout=settings.AI_TTS_TIMEOUT,
                                 max_bytes=settings.AI_TTS_MAX_BYTES)

    try:
        audio = get_chain().call_direct(provider.name, "speech", call)
    except ProviderError as exc:
        logger.warning("text-to-speech via %s failed: %s", provider.name, exc)
        raise SpeechFailed() from exc
    from interviewmaster.ai.cache import ResponseCache, owner_index_ttl

    if ResponseCache(cache).remember(_key(text), owners=owners):  # never outliving its index (a longer setting)
        cache.set(_key(text), audio, min(settings.AI_TTS_CACHE_SECONDS, owner_index_ttl()))
    return audio


def _room_turn(*, session: InterviewSession, user, turn_id: int) -> Turn:
    """A turn of `session` that `user` may hear: the candidate's, or the planned interview's observing expert's."""
    if user is None or user.id not in (session.candidate_id, session.expert_id):
        raise NotYourSession()
    turn = Turn.objects.filter(id=turn_id, session_id=session.id).only("id", "prompt").first()
    if turn is None:
        raise TurnNotFound()  # the interview is theirs; the question is not one of it (another one's, or none)
    return turn


def question_speech(*, session: InterviewSession, user, turn_id: int) -> bytes | None:
    """The audio of a turn's question, or None while it is being made (queued once; ask again shortly)."""
    from interviews.tasks import synthesize_speech

    turn = _room_turn(session=session, user=user, turn_id=turn_id)
    if session.candidate_id == getattr(user, "id", None):
        from interviews.presenters import question_hidden

        if question_hidden(session):
            raise SessionPaused()  # the paused question is not shown, nor read aloud
    if not speech_available():
        raise SpeechUnavailable()
    key = _key(turn.prompt)
    audio = cached_speech(turn.prompt)
    if audio is None and not cache.get(f"{key}:failed") and cache.add(f"{key}:pending", 1, PENDING_SECONDS):
        synthesize_speech.delay(turn.id)
        audio = cached_speech(turn.prompt)  # eager Celery (development, tests) made it already
    if audio is None and cache.get(f"{key}:failed"):
        raise SpeechFailed()  # for PENDING_SECONDS after a failure the room uses the browser's speech
    return audio


def synthesize_speech(*, turn_id: int) -> bool:
    """Celery: make and cache a turn's question audio. False when the provider failed (the room falls back)."""
    turn = Turn.objects.filter(id=turn_id).only("id", "prompt", "session__candidate_id").select_related(
        "session").first()
    if turn is None:
        return False
    try:
        synthesize(turn.prompt, owners=[turn.session.candidate_id])
    except (SpeechUnavailable, SpeechFailed) as exc:
        logger.warning("turn %s: no server speech: %s", turn_id, exc.message)
        cache.set(f"{_key(turn.prompt)}:failed", 1, PENDING_SECONDS)
        return False
    finally:
        cache.delete(f"{_key(turn.prompt)}:pending")
    return True
