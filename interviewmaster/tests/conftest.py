"""Fixtures for the AI layer tests: a scripted OpenAI-compatible HTTP server on 127.0.0.1 (never a real vendor), and the
question bank by id for the grader's review tests."""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler

import pytest

from interviewmaster.testing import serve_http


def completion(content: str, *, model: str = "stub-model", finish_reason: str = "stop", prompt_tokens: int = 50,
               completion_tokens: int = 20) -> dict:
    return {"id": "chatcmpl-stub", "object": "chat.completion", "created": 1, "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                         "finish_reason": finish_reason}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens}}


class StubServer:
    """Answers POST /v1/chat/completions from a script of (status, body, headers, delay) steps; the last step
    repeats. Records every request body it received."""

    def __init__(self):
        self.script: list[tuple[int, object, dict, float]] = []
        self.requests: list[dict] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("content-length", 0))
                stub.requests.append(json.loads(self.rfile.read(length) or b"{}"))
                index = min(len(stub.requests) - 1, len(stub.script) - 1)
                status, body, headers, delay = stub.script[index] if stub.script else (500, {"error": {}}, {}, 0)
                if delay:
                    time.sleep(delay)
                data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(data)))
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and went away: that is the scenario under test

            def log_message(self, *args):
                pass

        self.server = serve_http(Handler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/v1"

    def reply(self, status: int = 200, body: object = None, headers: dict | None = None, delay: float = 0.0):
        self.script.append((status, body if body is not None else {}, headers or {}, delay))
        return self

    def ok(self, data: object, **kwargs):
        return self.reply(200, completion(data if isinstance(data, str) else json.dumps(data), **kwargs))

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def stub_server():
    server = StubServer()
    yield server
    server.close()


@pytest.fixture
def make_stub_server():
    servers = []

    def make() -> StubServer:
        servers.append(StubServer())
        return servers[-1]

    yield make
    for server in servers:
        server.close()


@pytest.fixture(autouse=True)
def _usage_written_every_call(settings):
    """AI usage counters go to the database on every call in these tests (production buffers a few seconds)."""
    settings.AI_USAGE_FLUSH_SECONDS = 0


@pytest.fixture
def misbehaving_server():
    """The misbehaving OpenAI-compatible server (interviewmaster.ai.misbehaving_server) on 127.0.0.1."""
    from interviewmaster.ai.misbehaving_server import MisbehavingServer

    server = MisbehavingServer().start()
    yield server
    server.close()


@pytest.fixture
def make_servers():
    """make_servers("hang") -> another started misbehaving server in that mode; all closed after the test."""
    from interviewmaster.ai.misbehaving_server import MisbehavingServer

    servers = []

    def make(mode: str = "healthy") -> MisbehavingServer:
        servers.append(MisbehavingServer(mode=mode).start())
        return servers[-1]

    yield make
    for server in servers:
        server.close()


@pytest.fixture(scope="module")
def bank() -> dict[str, dict]:
    """Every question of the bank by its id (offline_grading.bank_by_id), read once a module."""
    from interviewmaster.tests.offline_grading import bank_by_id

    return bank_by_id()
