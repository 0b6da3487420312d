"""What tests of every app share (imported by tests only)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def body_of(response) -> bytes:
    """A response's whole body, streamed (the personal-data and history exports) or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def json_of(response):
    """A response's body parsed as JSON, streamed or not (the test client's `.json()` cannot read a stream)."""
    return json.loads(body_of(response))


def error_of(response) -> tuple[int, str]:
    """(status, error code) of an API error response, so a permission test asserts both."""
    return response.status_code, response.json()["error"]["code"]


# --- stub HTTP servers (an AI vendor, a TTS endpoint) ---------------------------------------------------------------
def serve_http(handler_class):
    """A ThreadingHTTPServer on a free local port, serving `handler_class` from a daemon thread (each request on a
    daemon thread too). The caller calls .shutdown() and .server_close() when done."""
    import threading
    from http.server import ThreadingHTTPServer

    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
    return server


# --- signed-in browsers and websockets ------------------------------------------------------------------------------
def session_cookie(user, client=None) -> str:
    """Sign `user` in with a Django test client (a fresh one unless given) and return the session cookie's value."""
    from django.conf import settings
    from django.test import Client

    client = client or Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def sign_in_browser(context, client, user, url: str) -> None:
    """Sign `user` in and hand the session cookie to a Playwright browser context (`page.context`) for `url`."""
    from django.conf import settings

    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_cookie(user, client), "url": url}])


def websocket(path: str, cookie: str | None = None, origin: bytes = b"http://localhost"):
    """A `WebsocketCommunicator` on the project's ASGI application, from `origin`, signed in when `cookie` is given.

    A refused connection is closed as a browser would: the consumer gets its `websocket.disconnect` and ends. Left
    running, it waited on the Redis channel layer, and pytest-asyncio's loop teardown could wait on it forever (a CI
    run hung there after a refused watcher socket)."""
    from channels.testing import WebsocketCommunicator
    from django.conf import settings

    from interviewmaster.asgi import application

    class Communicator(WebsocketCommunicator):
        async def connect(self, timeout=1):
            connected, detail = await super().connect(timeout)
            if not connected:
                await self.send_input({"type": "websocket.disconnect", "code": detail})
                await self.wait(timeout)
            return connected, detail

        async def close_code(self, timeout=1):
            """Connect and return the close code of a connection the server ends at once, as a browser reads it. A
            consumer must accept before it closes: a refusal at the handshake (HTTP 403) reaches a browser as 1006,
            so it is returned as "handshake refused", never as the code the consumer meant."""
            connected, _ = await self.connect(timeout)
            if not connected:
                return "handshake refused"
            message = await self.receive_output(timeout)
            await self.send_input({"type": "websocket.disconnect", "code": message.get("code")})
            await self.wait(timeout)
            return message.get("code") if message["type"] == "websocket.close" else message["type"]

    headers = [(b"origin", origin)]
    if cookie:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    return Communicator(application, path, headers=headers)


# --- real Celery workers (worker-crash tests, DESIGN §7) ------------------------------------------------------------
def start_worker(name: str, queue: str, **env: str) -> subprocess.Popen:
    """A real solo worker on `queue`, in its own process group, that re-delivers an unacknowledged message after 3 s
    (`env` adds or overrides environment variables, e.g. DATABASE_URL)."""
    env = {**os.environ, "CELERY_TASK_ALWAYS_EAGER": "false", "CELERY_VISIBILITY_TIMEOUT": "3",
           "CELERY_UNACKED_RESTORE_INTERVAL": "1", "CELERY_UNACKED_RESTORE_THROTTLE": "1", **env}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "interviewmaster", "worker", "-P", "solo", "-Q", queue,
         "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def stop_workers(*workers: subprocess.Popen | None) -> None:
    """Kill the workers still running (and their children)."""
    for proc in workers:
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def wait_for(predicate, timeout: float):
    """The first truthy value `predicate()` returns within `timeout` seconds, else None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return None
