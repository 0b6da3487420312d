"""After each run nothing of the sandbox uid may live on, and the cleanup costs no extra process when nothing does."""

from __future__ import annotations

import json
import subprocess
import time

import pytest

from studypaths import sandbox

# The main thread leaves with pthread_exit: the process's leader is a zombie while another thread runs on.
ZOMBIE_LEADER = ("import ctypes, threading, time\n"
                 "threading.Thread(target=time.sleep, args=(20,)).start()\n"
                 "ctypes.CDLL(None).pthread_exit(None)\n")


def _spawn_as(uid: int, code: str) -> subprocess.Popen:
    return subprocess.Popen(["/usr/bin/python3", "-c", code], user=uid, group=uid, extra_groups=[], env={},
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _wait_until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.02)


@pytest.fixture
def uid(settings, tmp_path, bubblewrap):  # bubblewrap: the judge can switch uids here (root)
    settings.SANDBOX_LOCK_DIR = str(tmp_path)
    with sandbox._UidSlot() as claimed:
        yield claimed
        sandbox._kill_uid(claimed)


def test_a_thread_running_behind_a_zombie_leader_is_killed(uid):
    proc = _spawn_as(uid, ZOMBIE_LEADER)
    _wait_until(lambda: any(state == b"Z" for pid, _, state in sandbox._processes_of(uid) if pid == proc.pid))
    assert sandbox._still_running(proc.pid)  # the leader is a zombie, its other thread is not
    started = time.monotonic()
    sandbox._kill_uid(uid)  # without the kill it would wait on the zombie leader until the thread ends by itself
    assert time.monotonic() - started < 5
    assert sandbox._processes_of(uid) == []
    proc.wait(timeout=5)


def test_leftover_zombies_are_reaped_without_starting_a_kill_process(uid, monkeypatch):
    proc = _spawn_as(uid, "pass")
    _wait_until(lambda: not sandbox._still_running(proc.pid))
    started = []
    real_run = subprocess.run
    monkeypatch.setattr(sandbox.subprocess, "run", lambda *a, **k: started.append(a) or real_run(*a, **k))
    sandbox._kill_uid(uid)
    assert started == []
    assert sandbox._processes_of(uid) == []  # reaped (it was our child)


def test_a_live_process_of_the_uid_is_killed(uid):
    proc = _spawn_as(uid, "import time; time.sleep(60)")
    _wait_until(lambda: sandbox._processes_of(uid) != [])
    sandbox._kill_uid(uid)
    assert sandbox._processes_of(uid) == []  # killed and reaped
    proc.wait(timeout=5)


def test_a_run_is_the_slot_uid_through_and_through(bubblewrap):
    """Real, effective and saved ids are the sandbox uid, no supplementary groups, no capabilities (the uid is set by
    setpriv at the head of the run, or by Popen where setpriv is missing)."""
    code = ("fields = dict(line.split(':', 1) for line in open('/proc/self/status').read().splitlines())\n"
            "import json\nprint(json.dumps([fields['Uid'].split(), fields['Gid'].split(), fields['Groups'].split(),"
            " fields['CapPrm'].strip(), fields['CapEff'].strip()]))\n")
    result = sandbox.run_submission(language="python", code=code,
                                    tests=[{"name": "t", "stdin": "", "expected_stdout": ""}])
    uids, gids, groups, permitted, effective = json.loads(result.tests[0].stdout)
    assert len(set(uids)) == 1 and int(uids[0]) >= 1000 and gids == uids
    assert groups == [] and permitted == effective == "0000000000000000"


def test_without_setpriv_popen_switches_the_uid(monkeypatch):
    monkeypatch.setattr(sandbox, "_setpriv", lambda: None)
    assert sandbox._uid_switch(61234) == ([], {"user": 61234, "group": 61234, "extra_groups": []})
