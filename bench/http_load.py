"""HTTP capacity: N parallel clients against /health, the heaviest page and the heaviest API list, on the production
server shape (gunicorn + uvicorn workers, DJANGO_DEBUG=false with collected static files, psycopg pool, Redis cache
when REDIS_URL is set).

Run from the repo root:  .venv/bin/python bench/http_load.py [--clients 50] [--seconds 10] [--workers N]

It starts its own server on a free local port (DATABASE_URL if set, else a throwaway SQLite file; REDIS_URL if set)
with the production settings: DJANGO_DEBUG=false, a random secret key, `collectstatic` run first (the manifest
storage needs it), WEB_CONCURRENCY as gunicorn.conf.py decides unless --workers is given (2 per core), and
ASGI_THREADS / DB_POOL_MAX_SIZE as the compose file and Dockerfile set them (8 / 8) unless the environment says
otherwise. Requests carry `X-Forwarded-Proto: https` as they would from the TLS proxy in front of it. It loads the
problem bank, signs a candidate in (session cookie for the page, JWT for the API), warms each target up (1 s,
5 clients), then runs --clients threads with keep-alive connections against each target for --seconds in all, the
targets taking turns in slices of --slice seconds (so a change in the machine's load weighs on all of them alike),
and reports req/s, p50 and p95, each p95 as a ratio to /health's p95 in the same run against the same server, and
the web workers' CPU per request. Errors (non-200 answers,
resets) are counted and printed. The client threads share this one Python process and its GIL: they add the same
cost to every target, which pulls the ratios toward 1, so the lead's quiet-machine run is the one to trust.
The last line holds the headline figures and their targets (page p95 <= 3x /health, API p95 <= 2x /health).
"""

from __future__ import annotations

import argparse
import http.client
import math
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy adds (DJANGO_DEBUG=false redirects
# plain http to https)
PY = str(ROOT / ".venv" / "bin" / "python")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))] if ordered else float("nan")


def prepare(env: dict) -> tuple[str, str]:
    """Migrate, collect static files, load problems, make a candidate; return (session cookie, JWT access token)."""
    subprocess.run([PY, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([PY, "manage.py", "collectstatic", "--noinput"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    subprocess.run([PY, "manage.py", "load_problems"], cwd=ROOT, env=env, check=False, capture_output=True)
    code = (
        "from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        "from accounts.models import Role, User\n"
        "from accounts.services import issue_tokens\n"
        "u = User.objects.filter(email='bench@example.com').first() or User.objects.create_user("
        "email='bench@example.com', password='bench-pass-123', name='Bench', role=Role.CANDIDATE)\n"
        "s = SessionStore()\n"
        "s[SESSION_KEY] = str(u.pk); s[BACKEND_SESSION_KEY] = 'accounts.authentication.CachedModelBackend'\n"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create()\n"
        "print(s.session_key, issue_tokens(user=u)['access'])\n"
    )
    out = subprocess.run([PY, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True).stdout.strip().splitlines()[-1]
    session, token = out.split()
    return session, token


def start_server(env: dict, port: int, workers: int | None) -> subprocess.Popen:
    server_env = {**env, "WEB_BIND": f"127.0.0.1:{port}"}
    if workers:
        server_env["WEB_CONCURRENCY"] = str(workers)
    proc = subprocess.Popen([str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "gunicorn.conf.py",
                             "interviewmaster.asgi:application"], cwd=ROOT, env=server_env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(120):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health", headers=PROXY_HEADERS)
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not start: " + proc.stderr.read().decode(errors="replace")[-2000:])


def server_cpu_seconds(master_pid: int) -> float:
    """CPU time (user + system) used so far by the gunicorn master's worker processes (Linux /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return float("nan")
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def load(port: int, path: str, headers: dict, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client():
        mine, bad = [], 0
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
                    continue
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "errors": errors[0], "elapsed": time.monotonic() - started}


def summarise(slices: list[dict], cpu_seconds: float) -> dict:
    latencies = [x for s in slices for x in s["latencies"]]
    elapsed = sum(s["elapsed"] for s in slices)
    errors = sum(s["errors"] for s in slices)
    return {"rps": len(latencies) / elapsed, "p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95),
            "n": len(latencies), "errors": errors, "mean": statistics.fmean(latencies) if latencies else 0,
            # The web workers' own CPU per answered request: far less dependent than latencies on what else the
            # machine is doing (PostgreSQL's and Redis' share is not in it).
            "cpu_ms": cpu_seconds * 1000 / max(1, len(latencies) + errors)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10, help="per target, in slices taking turns")
    parser.add_argument("--slice", type=float, default=2, help="seconds per turn of one target")
    parser.add_argument("--workers", type=int, default=None,
                        help="worker processes (default: WEB_CONCURRENCY, else gunicorn.conf.py's 2 per core)")
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="im-http-load-")
    env = {**os.environ, "DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "LOG_LEVEL": "WARNING",
           "API_THROTTLE_USER": "10000000/minute", "API_THROTTLE_ANON": "10000000/minute",
           "API_THROTTLE_IP": "10000000/minute", "ASGI_THREADS": os.environ.get("ASGI_THREADS", "8"),
           "DB_POOL_MAX_SIZE": os.environ.get("DB_POOL_MAX_SIZE", "8")}
    env.setdefault("DATABASE_URL", f"sqlite:///{work}/bench.sqlite3")
    session, token = prepare(env)
    port = free_port()
    server = start_server(env, port, args.workers)
    page_headers = {**PROXY_HEADERS, "Cookie": f"sessionid={session}", "Accept-Encoding": "gzip"}
    api_headers = {**PROXY_HEADERS, "Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"}
    targets = [("/health", "/health", PROXY_HEADERS), ("page", "/studypaths/", page_headers),
               ("api", "/api/v1/problems?limit=100", api_headers)]
    results = {}
    try:
        workers = args.workers or os.environ.get("WEB_CONCURRENCY") or f"{max(2, 2 * (os.cpu_count() or 1))}"
        print(f"server: gunicorn + uvicorn, {workers} workers x {env['ASGI_THREADS']} threads, DJANGO_DEBUG=false; "
              f"{args.clients} clients, {args.seconds:.0f} s per target in turns of {args.slice:.0f} s; "
              f"database {env['DATABASE_URL'].split('@')[-1].split('/')[0] or 'sqlite'}; "
              f"cache {'redis' if env.get('REDIS_URL') else 'locmem'}")
        for _, path, headers in targets:
            load(port, path, headers, min(args.clients, 5), 1)  # warm-up
        # The targets take turns in slices of --slice seconds, so a change in the machine's load during the run
        # weighs on all of them alike instead of on whichever target was running then.
        slices: dict[str, list[dict]] = {name: [] for name, _, _ in targets}
        cpu = dict.fromkeys(slices, 0.0)
        for _ in range(max(1, math.ceil(args.seconds / args.slice))):
            for name, path, headers in targets:
                before = server_cpu_seconds(server.pid)
                slices[name].append(load(port, path, headers, args.clients, args.slice))
                cpu[name] += server_cpu_seconds(server.pid) - before
        for name, path, _ in targets:
            r = results[name] = summarise(slices[name], cpu[name])
            print(f"{name:<8} {path:<32} {r['rps']:7.1f} req/s  p50 {r['p50'] * 1000:6.0f} ms  p95 "
                  f"{r['p95'] * 1000:6.0f} ms  server CPU {r['cpu_ms']:5.1f} ms/req  "
                  f"({r['n']} ok, {r['errors']} errors)")
    finally:
        server.terminate()
        server.wait(timeout=30)
    base = results["/health"]["p95"]
    page, api = results["page"]["p95"] / base, results["api"]["p95"] / base
    errors = sum(r["errors"] for r in results.values())
    print(f"RESULT /health {results['/health']['rps']:.0f} req/s p95 {base * 1000:.0f} ms; page "
          f"{results['page']['rps']:.0f} req/s p95 {page:.1f}x /health (target <= 3x); API "
          f"{results['api']['rps']:.0f} req/s p95 {api:.1f}x /health (target <= 2x); errors {errors} (target 0)")
    sys.exit(0)


if __name__ == "__main__":
    main()
