"""A worker killed mid-task loses nothing: acks_late + reject_on_worker_lost + the Redis visibility timeout hand
the message to a second worker, which finishes it."""

import os
import signal
import uuid

import pytest

from interviewmaster.testing import start_worker, stop_workers, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.slow]


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
        stop_workers(first, second)
