"""Benchmark of the live interview room over real websockets: daphne + Redis channel layer + a real Celery worker.

Run from the repo root:  .venv/bin/python bench/ws_interview.py [--clients 50 200] [--drafts 10]

Needs Redis (REDIS_URL, default redis://127.0.0.1:6379/5). Uses DATABASE_URL if it is PostgreSQL (a throwaway
database `<name>_wsbench` is created on that server and dropped afterwards), otherwise a throwaway SQLite file.
It starts daphne (DJANGO_DEBUG=false) and two Celery workers as docker-compose.yml runs them (`live`: the room's next
step, 4 processes; `ai,default,sandbox`: evaluations, reports, badges, 2 processes; offline AI provider), creates N
candidates each with a quick-start interview, and for every N:
  * `answer.draft` -> `draft.saved` round trip, every candidate typing at once at the room's own rhythm (a draft
    every 1.5-2.5 s), and the bare `/ws/ping/` echo (`ping` -> `pong`) measured in the same run the same way;
    ratio of the p95s (target <= 2x);
  * answer -> next question/follow-up: each candidate answers its first question (arrivals spread over N/5 s, about
    5 answers a second); the next step runs in the `live` worker, the evaluation in the other (target p95 <= 300 ms).
daphne and the worker keep database connections for 60 s (DB_CONN_MAX_AGE=60 unless set), as production should.
The last line holds the headline figures and their targets.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/5")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewmaster.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.update({"CELERY_TASK_ALWAYS_EAGER": "false", "DJANGO_DEBUG": "false",
                   "DJANGO_SECRET_KEY": secrets.token_urlsafe(64), "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
                   "DJANGO_SECURE_SSL_REDIRECT": "false", "DJANGO_SECURE_COOKIES": "false",
                   "INTERVIEW_WS_MESSAGES_PER_10S": "100000", "INTERVIEW_TIMER_SECONDS": "5",
                   "DB_CONN_MAX_AGE": os.environ.get("DB_CONN_MAX_AGE", "60")})


def _database() -> tuple[str, callable]:
    """A throwaway database URL and how to drop it."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parsed = urlparse(url)
        name = f"{parsed.path.lstrip('/') or 'postgres'}_wsbench"
        admin = parsed._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return parsed._replace(path=f"/{name}").geturl(), drop
    path = Path(tempfile.gettempdir()) / "im-bench-ws.sqlite3"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}", lambda: path.unlink(missing_ok=True)


os.environ["DATABASE_URL"], DROP_DATABASE = _database()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402

from accounts.models import User  # noqa: E402
from interviews import services  # noqa: E402
from interviews.question_bank import import_question_bank  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its children so far, from /proc (Linux)."""
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += cpu_seconds(int(child))
    except (OSError, IndexError, ValueError):
        pass
    return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cookie_for(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "accounts.authentication.CachedModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def make_candidates(count: int, offset: int) -> list[tuple[int, str]]:
    """`count` candidates with one quick-start interview each: [(session id, session cookie)]."""
    out = []
    for i in range(count):
        user = User.objects.create_user(email=f"bench{offset + i}@example.com", password=None, role="candidate",
                                        target_role="backend_engineer", experience_level="mid")
        session = services.start_session(candidate=user, mode="quick_start", role="backend_engineer",
                                         config={"languages": ["python"], "max_follow_ups_per_question": 2})
        out.append((session.id, cookie_for(user)))
    return out


async def connect(port: int, path: str, cookie: str):
    import websockets

    return await websockets.connect(
        f"ws://127.0.0.1:{port}{path}", origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}, max_size=2**22, open_timeout=60)


async def until(ws, *types, timeout=60.0):
    """The next message of one of `types`; TimeoutError if none came within `timeout` s in all (timer messages keep
    arriving, so a lost push must not wait forever)."""
    deadline = time.monotonic() + timeout
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), max(0.01, deadline - time.monotonic())))
        if message["type"] in types:
            return message
        if message["type"] == "error":
            raise RuntimeError(f"server error: {message}")


async def candidate_drafts(port, session_id, cookie, drafts, draft_rtts, echo_rtts, ramp=0.0):
    await asyncio.sleep(random.uniform(0, ramp))  # candidates arrive over a few seconds, not in one instant
    room = await connect(port, f"/ws/interviews/{session_id}/", cookie)
    echo = await connect(port, "/ws/ping/", cookie)
    state = await until(room, "state")
    await until(echo, "hello")
    turn = state["turn"]["turn"]
    text = ""
    for n in range(drafts):
        await asyncio.sleep(random.uniform(1.5, 2.5))  # the room sends a draft at most every 2 s while typing
        text += f"word{n} "
        start = time.perf_counter()
        await room.send(json.dumps({"type": "answer.draft", "turn": turn, "text": text, "code": "", "language": ""}))
        await until(room, "draft.saved")
        draft_rtts.append(time.perf_counter() - start)
        await asyncio.sleep(random.uniform(0, 0.5))
        start = time.perf_counter()
        await echo.send(json.dumps({"type": "ping", "payload": {"text": text}}))
        await until(echo, "pong")
        echo_rtts.append(time.perf_counter() - start)
    await echo.close()
    return room, turn


async def candidate_answers(room, turn, spread, answer_latencies, accepted_latencies=None):
    """Warm-up (answered in the web process), then the first question: answer -> next turn via the worker."""
    await asyncio.sleep(random.uniform(0, spread))
    await room.send(json.dumps({"type": "answer.submit", "turn": turn, "text": "I build backend services."}))
    question = await until(room, "question")
    while question["turn"] == turn:
        question = await until(room, "question")
    await asyncio.sleep(random.uniform(0.5, 1.5))
    start = time.perf_counter()
    await room.send(json.dumps({"type": "answer.submit", "turn": question["turn"],
                                "text": "A hash map gives O(n) time and O(n) space; empty input returns []."}))
    message = await until(room, "answer.accepted", "question", "followup", "completed")
    if message["type"] == "answer.accepted":  # the web process stored it; the worker's next step follows
        if accepted_latencies is not None:
            accepted_latencies.append(time.perf_counter() - start)
        await until(room, "question", "followup", "completed")
    answer_latencies.append(time.perf_counter() - start)
    await room.close()


async def run_round(port: int, candidates, drafts: int) -> dict:
    draft_rtts, echo_rtts, answers, accepted = [], [], [], []
    ramp = len(candidates) / 25
    rooms = await asyncio.gather(*(candidate_drafts(port, sid, cookie, drafts, draft_rtts, echo_rtts, ramp)
                                   for sid, cookie in candidates))
    spread = len(candidates) / 5  # about 5 answers a second arrive at the worker
    await asyncio.gather(*(candidate_answers(room, turn, spread, answers, accepted) for room, turn in rooms))
    return {"draft_p50": percentile(draft_rtts, .5), "draft_p95": percentile(draft_rtts, .95),
            "echo_p50": percentile(echo_rtts, .5), "echo_p95": percentile(echo_rtts, .95),
            "answer_p50": percentile(answers, .5), "answer_p95": percentile(answers, .95), "answers": len(answers),
            "accepted_p50": percentile(accepted, .5) if accepted else 0.0,
            "accepted_p95": percentile(accepted, .95) if accepted else 0.0}


def start_processes(port: int) -> list[subprocess.Popen]:
    env = dict(os.environ)
    venv = Path(sys.executable).parent
    daphne = subprocess.Popen([str(venv / "daphne"), "-b", "127.0.0.1", "-p", str(port), "-v", "0",
                               "--websocket_connect_timeout", "60", "interviewmaster.asgi:application"],
                              cwd=ROOT, env=env)
    common = ["--loglevel", os.environ.get("BENCH_WORKER_LOGLEVEL", "WARNING"), "--without-gossip", "--without-mingle",
              "--without-heartbeat"]
    # As docker-compose.yml deploys them: the room's next step on its own `live` worker, everything else on another.
    live = subprocess.Popen([str(venv / "celery"), "-A", "interviewmaster", "worker", "-Q", "live", "-n", "live@%h",
                             "--pool", "prefork", "--concurrency", "4", *common], cwd=ROOT, env=env)
    worker = subprocess.Popen([str(venv / "celery"), "-A", "interviewmaster", "worker", "-Q", "ai,default,sandbox",
                               "-n", "worker@%h", "--pool", "prefork", "--concurrency", "2", *common],
                              cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    return [daphne, live, worker]


async def warm_up(port: int, candidate) -> None:
    """The offline engine loads its knowledge on first use: pay that once, through the room, before measuring."""
    room, turn = await candidate_drafts(port, *candidate, 1, [], [])
    await candidate_answers(room, turn, 0.0, [])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--drafts", type=int, default=10)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    import_question_bank(only_new=True)
    from interviewmaster import capabilities

    if capabilities.concurrency_limits().live_interviews_global < sum(args.clients):
        print(f"note: the global live-interview limit ({capabilities.concurrency_limits().live_interviews_global}) "
              "is below the clients asked for; rounds run one after the other and end their sessions.")
    port = free_port()
    processes = start_processes(port)
    results = {}
    try:
        async def warm_all(candidates):  # at once, so that every worker process (2 + 2) pays its first use
            await asyncio.gather(*(warm_up(port, candidate) for candidate in candidates))

        asyncio.run(warm_all(make_candidates(4, 10_000)))
        offset = 0
        for clients in args.clients:
            candidates = make_candidates(clients, offset)
            offset += clients
            before = [cpu_seconds(p.pid) for p in processes]
            results[clients] = asyncio.run(run_round(port, candidates, args.drafts))
            cpu = [cpu_seconds(p.pid) - b for p, b in zip(processes, before, strict=True)]
            from interviews.models import InterviewSession

            InterviewSession.objects.filter(state__in=["created", "in_progress", "paused"]).update(state="cancelled")
            r = results[clients]
            print(f"N={clients}: answer.draft p50 {r['draft_p50'] * 1000:.1f} ms, p95 {r['draft_p95'] * 1000:.1f} ms; "
                  f"echo p50 {r['echo_p50'] * 1000:.1f} ms, p95 {r['echo_p95'] * 1000:.1f} ms; "
                  f"ratio p95 {r['draft_p95'] / r['echo_p95']:.2f}x; answer->next p50 {r['answer_p50'] * 1000:.0f} ms, "
                  f"p95 {r['answer_p95'] * 1000:.0f} ms ({r['answers']} answers; of which stored by the web process: "
                  f"p50 {r['accepted_p50'] * 1000:.0f} ms, p95 {r['accepted_p95'] * 1000:.0f} ms)", flush=True)
            print(f"N={clients}: CPU seconds used in the round: daphne {cpu[0]:.1f}, live worker {cpu[1]:.1f}, "
                  f"ai/default worker {cpu[2]:.1f}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
                  flush=True)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        from django.db import connections

        connections.close_all()
        DROP_DATABASE()
    summary = "; ".join(
        f"N={n}: draft p95 {r['draft_p95'] * 1000:.1f} ms = {r['draft_p95'] / r['echo_p95']:.2f}x echo "
        f"(target <= 2x), answer->next p95 {r['answer_p95'] * 1000:.0f} ms (target <= 300 ms)"
        for n, r in results.items())
    print(summary)


if __name__ == "__main__":
    main()
