"""The production web server's settings (gunicorn.conf.py), read from the environment as docker-compose gives it."""

import runpy
from pathlib import Path

import pytest

CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def _conf(monkeypatch, **env) -> dict:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def test_an_empty_setting_copied_from_env_example_takes_the_default(monkeypatch):
    """`.env.example` lists `WEB_MAX_REQUESTS=` empty; `int("")` stopped the server from starting."""
    conf = _conf(monkeypatch, WEB_MAX_REQUESTS="", WEB_TIMEOUT="", WEB_CONCURRENCY="")
    assert (conf["max_requests"], conf["max_requests_jitter"], conf["timeout"]) == (5000, 500, 60)
    assert conf["workers"] >= 2


@pytest.mark.parametrize(("value", "expected"), [("0", (0, 0)), ("200", (200, 20))])
def test_worker_recycling_is_set_or_turned_off(monkeypatch, value, expected):
    """The contract run turns recycling off (0): the one worker's restart closed the fuzzer's connection mid-request."""
    conf = _conf(monkeypatch, WEB_MAX_REQUESTS=value)
    assert (conf["max_requests"], conf["max_requests_jitter"]) == expected
