"""Server text-to-speech of room questions through the configured OpenAI-compatible endpoint (`/audio/speech`, the AI
layer's bounded exchange), talking HTTP to a local stub; the browser's speech when no endpoint is configured."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.tests.factories import CandidateFactory, ExpertFactory
from interviewmaster.testing import serve_http
from interviews import services
from interviews.errors import SpeechFailed
from interviews.models import Turn

pytestmark = pytest.mark.django_db
AUDIO = b"ID3\x03\x00\x00\x00fake-mp3-frames" * 20


class SpeechStub:
    """An OpenAI-compatible `/v1/audio/speech`: records each request, answers with AUDIO (or `status`)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.status = 200
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the stdlib's name
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
                stub.requests.append({"path": self.path, "body": body,
                                      "authorization": self.headers.get("authorization")})
                data = AUDIO if stub.status == 200 else b'{"error": {"message": "boom"}}'
                self.send_response(stub.status)
                self.send_header("content-type", "audio/mpeg" if stub.status == 200 else "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = serve_http(Handler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/v1"


@pytest.fixture
def stub(settings):
    server = SpeechStub()
    settings.AI_PROVIDERS = json.dumps([{"name": "stub", "base_url": server.base_url, "model": "chat-1",
                                         "api_key": "sk-test"}])
    settings.AI_TTS_MODEL, settings.AI_TTS_VOICE = "tts-test", "nova"
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def room(bank, candidate, on_commit):
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": ["python"]})
    on_commit(services.begin_session, session=session, actor=candidate)
    return session, Turn.objects.get(session=session, status="open")


def url(session, turn) -> str:
    return f"/api/v1/interviews/{session.id}/turns/{turn.id}/speech"


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_question_is_read_by_the_configured_endpoint_and_cached(stub, room, candidate):
    session, turn = room
    response = api_for(candidate).get(url(session, turn))
    assert response.status_code == 200 and response["Content-Type"] == "audio/mpeg"
    assert response.content == AUDIO
    [request] = stub.requests
    assert request["path"] == "/v1/audio/speech" and request["authorization"] == "Bearer sk-test"
    assert request["body"] == {**request["body"], "model": "tts-test", "voice": "nova", "input": turn.prompt}

    again = api_for(candidate).get(url(session, turn))
    assert again.status_code == 200 and again.content == AUDIO
    assert len(stub.requests) == 1  # cached per text and voice: no second provider call
    # What an audio element or a download client names (it was a 406: only the JSON renderer was offered).
    named = api_for(candidate).get(url(session, turn), HTTP_ACCEPT="audio/mpeg")
    assert named.status_code == 200 and named.content == AUDIO


def test_deleting_the_account_deletes_the_cached_audio_of_its_questions(stub, room, candidate):
    """A follow-up's text can quote the answer: its audio goes with the account, as cached AI replies do."""
    from interviewmaster.ai import forget_cached_replies_of
    from interviews.speech import cached_speech

    session, turn = room
    assert api_for(candidate).get(url(session, turn)).status_code == 200
    assert cached_speech(turn.prompt) == AUDIO
    other = CandidateFactory()
    forget_cached_replies_of(other.id)
    assert cached_speech(turn.prompt) == AUDIO  # another account's deletion leaves it
    forget_cached_replies_of(candidate.id)  # what the `ai_cached_replies` eraser runs after the deletion commits
    assert cached_speech(turn.prompt) is None


def test_the_same_text_in_another_voice_is_asked_again(stub, room, candidate, settings):
    session, turn = room
    api_for(candidate).get(url(session, turn))
    settings.AI_TTS_VOICE = "echo"
    assert api_for(candidate).get(url(session, turn)).status_code == 200
    assert [r["body"]["voice"] for r in stub.requests] == ["nova", "echo"]


def test_another_user_gets_404_and_nothing_is_asked(stub, room, bank):
    session, turn = room
    stranger = CandidateFactory()
    response = api_for(stranger).get(url(session, turn))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert stub.requests == []


def test_a_turn_of_another_interview_is_not_found(stub, room, candidate, on_commit):
    session, _ = room
    other_candidate = CandidateFactory(target_role="backend_engineer", experience_level="mid")
    other = services.start_session(candidate=other_candidate, mode="quick_start", role="backend_engineer",
                                   config={"languages": ["python"]})
    on_commit(services.begin_session, session=other, actor=other_candidate)
    foreign_turn = Turn.objects.get(session=other, status="open")
    response = api_for(candidate).get(url(session, foreign_turn))
    assert response.status_code == 404  # "No such interview" said of the candidate's own, open interview
    assert response.json()["error"]["message"] == "No such question in this interview."
    assert stub.requests == []


def test_the_observing_expert_may_listen(stub, bank, candidate, on_commit):
    expert = ExpertFactory()
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": ["python"]}, expert=expert)
    on_commit(services.begin_session, session=session, actor=candidate)
    turn = Turn.objects.get(session=session, status="open")
    assert api_for(expert).get(url(session, turn)).status_code == 200


def test_without_an_endpoint_speech_is_not_available_and_the_room_uses_the_browser(room, candidate):
    session, turn = room
    response = api_for(candidate).get(url(session, turn))
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert "not available" in response.json()["error"]["message"]
    client = Client()
    client.force_login(candidate)
    page = client.get(f"/interviews/{session.id}/")
    assert page.context["room_config"]["speech_url"] is None


def test_the_room_advertises_server_speech_when_an_endpoint_is_configured(stub, room, candidate):
    session, turn = room
    client = Client()
    client.force_login(candidate)
    speech_url = client.get(f"/interviews/{session.id}/").context["room_config"]["speech_url"]
    assert speech_url == f"/api/v1/interviews/{session.id}/turns/{{turn}}/speech"
    assert client.get(speech_url.replace("{turn}", str(turn.id))).content == AUDIO


def test_a_failing_endpoint_says_so_and_is_not_asked_again_at_once(stub, room, candidate):
    session, turn = room
    stub.status = 500
    response = api_for(candidate).get(url(session, turn))
    assert response.status_code == 503 and response.json()["error"]["code"] == "speech_failed"
    assert api_for(candidate).get(url(session, turn)).json()["error"]["code"] == "speech_failed"
    assert len(stub.requests) == 1  # no retry storm against a failing vendor


def test_speech_requests_are_rate_limited_per_user(stub, room, candidate, settings):
    session, turn = room
    settings.AI_TTS_RATE = "2/min"
    api = api_for(candidate)
    assert [api.get(url(session, turn)).status_code for _ in range(3)] == [200, 200, 429]
    assert api.get(url(session, turn)).json()["error"]["code"] == "throttled"


def test_speech_goes_through_the_providers_circuit_and_quota(stub, room, candidate, settings):
    """The endpoint is a provider of the AI layer: failures open its circuit (then nothing is asked, the room uses
    the browser), a spent daily quota stops the calls, and each call is metered and counted."""
    from interviewmaster import metrics
    from interviewmaster.ai.chain import get_chain

    session, turn = room
    chain = get_chain()
    breaker = chain.breakers["stub"]
    for _ in range(20):  # whatever the threshold: open the circuit as failing chain calls would
        breaker.record_failure("boom")
    assert not breaker.allow()
    response = api_for(candidate).get(url(session, turn))
    assert response.status_code == 503 and response.json()["error"]["code"] == "speech_failed"
    assert stub.requests == []  # an open circuit asks nothing

    breaker.record_success()
    breaker.cache.delete(breaker.key)
    calls = metrics.AI_CALLS.labels(provider="stub", task="speech", outcome="ok")
    before = calls._value.get()
    from interviews import speech

    assert speech.synthesize("A fresh question?") == AUDIO
    assert calls._value.get() == before + 1
    chain.quota.flush()
    assert chain.quota.usage_map(["stub"], fresh=True)["stub"].requests >= 1

    settings.AI_PROVIDERS = json.dumps([{**json.loads(settings.AI_PROVIDERS)[0], "daily_request_quota": 1}])
    asked = len(stub.requests)
    with pytest.raises(speech.SpeechFailed):
        speech.synthesize("Another question?")
    assert len(stub.requests) == asked


def test_a_slow_endpoint_is_given_up_at_the_tts_timeout_in_all(room, candidate, settings):
    """AI_TTS_TIMEOUT bounds the whole exchange. The SDK's timeout was per socket read: headers just inside it and
    audio dripping as slowly took about twice the setting (here 1.8 s of a 1 s timeout), holding a worker meanwhile."""
    import time

    from interviews.speech import synthesize

    class Slow(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the stdlib's name
            self.rfile.read(int(self.headers.get("content-length", 0)))
            time.sleep(0.9)
            self.send_response(200)
            self.send_header("content-type", "audio/mpeg")
            self.end_headers()
            self.wfile.flush()
            for _ in range(4):
                time.sleep(0.9)
                self.wfile.write(AUDIO[:20])
                self.wfile.flush()

        def log_message(self, *args):
            pass

    server = serve_http(Slow)
    settings.AI_PROVIDERS = json.dumps([{"name": "slow", "base_url": f"http://127.0.0.1:{server.server_port}/v1",
                                         "model": "chat-1", "api_key": "sk-test"}])
    settings.AI_TTS_MODEL, settings.AI_TTS_TIMEOUT = "tts-test", 1.0
    _, turn = room
    started = time.monotonic()
    try:
        with pytest.raises(SpeechFailed):
            synthesize(turn.prompt)
        elapsed = time.monotonic() - started
    finally:
        server.shutdown()
        server.server_close()
    assert 0.9 <= elapsed < 1.4, f"gave up after {elapsed:.2f}s of a 1 s timeout"
