"""A worker killed mid-task loses nothing: acks_late + reject_on_worker_lost + the Redis visibility timeout hand
the message to a second worker, which finishes it."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [pytest.mark.celery_worker, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[1]


def start_worker(name: str, queue: str) -> subprocess.Popen:
    env = {**os.environ, "CELERY_TASK_ALWAYS_EAGER": "false", "CELERY_VISIBILITY_TIMEOUT": "3",
           "CELERY_UNACKED_RESTORE_INTERVAL": "1", "CELERY_UNACKED_RESTORE_THROTTLE": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "interviewmaster", "worker", "-P", "solo", "-Q", queue,
         "-n", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def wait_for(predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return None


def test_a_task_whose_worker_is_killed_is_finished_by_a_second_worker():
    import redis

    from interviewmaster.tasks import diagnostic_crash_probe

    store = redis.Redis.from_url(os.environ["REDIS_URL"])
    token = uuid.uuid4().hex[:12]
    queue = f"crash-probe-{token}"
    first = start_worker("first", queue)
    second = None
    try:
        diagnostic_crash_probe.apply_async(args=[token], queue=queue)
        pid = wait_for(lambda: store.get(f"crash-probe:{token}:pid"), timeout=60)
        assert pid is not None, "the first worker never started the task"
        assert int(pid) == first.pid
        os.kill(first.pid, signal.SIGKILL)  # mid-task, no chance to ack or reject
        first.wait(timeout=10)
        assert store.get(f"crash-probe:{token}:done") is None

        second = start_worker("second", queue)
        done = wait_for(lambda: store.get(f"crash-probe:{token}:done"), timeout=90)
        assert done is not None, "the message was lost with the first worker"
        assert done.decode().startswith("second@")
        assert int(store.get(f"crash-probe:{token}:attempts")) == 2
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
