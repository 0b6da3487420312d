"""Production configuration refuses weak settings; `check --deploy` passes with production-like env."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k9V#2mQ!x7Lp@4rT$8zW^1nB&6cY*3hJ(5dF)0gS_-+=aE{eU}iO|oP"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECRET_KEY", "CORS_"))}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


def test_short_secret_key_in_production_refuses_to_start():
    result = manage("check", DJANGO_DEBUG="false", SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "Refusing to start with DJANGO_DEBUG=false" in result.stderr
    assert "SECRET_KEY is too weak" in result.stderr


def test_missing_secret_key_in_production_refuses_to_start():
    result = manage("check", DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="example.com")
    assert result.returncode != 0
    assert "SECRET_KEY (or DJANGO_SECRET_KEY) is not set" in result.stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "*"}, "DJANGO_ALLOWED_HOSTS contains '*'"),
        ({"DJANGO_ALLOWED_HOSTS": "example.com", "CORS_ALLOWED_ORIGINS": "*"}, "CORS_ALLOWED_ORIGINS is a wildcard"),
        ({"DJANGO_ALLOWED_HOSTS": "example.com", "CORS_ALLOW_ALL_ORIGINS": "true"}, "is a wildcard"),
    ],
)
def test_wildcards_in_production_refuse_to_start(extra, message):
    result = manage("check", DJANGO_DEBUG="false", SECRET_KEY=STRONG_KEY, **extra)
    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_is_clean_with_production_env():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_DEBUG="false", SECRET_KEY=STRONG_KEY,
                    DJANGO_ALLOWED_HOSTS="interviewmaster.example.com")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_development_defaults_need_no_environment():
    result = manage("diffsettings", "--all")
    assert result.returncode == 0, result.stderr
    assert "InMemoryChannelLayer" in result.stdout or "REDIS_URL" in os.environ


SENTRY_PROBE = (
    "import django, sentry_sdk; django.setup(); client = sentry_sdk.get_client(); "
    "print(client.is_active(), sorted(client.integrations) if client.is_active() else [])"
)


def test_sentry_is_initialised_with_django_and_celery_when_dsn_is_set():
    clean = {k: v for k, v in os.environ.items() if k != "SENTRY_DSN"}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "interviewmaster.settings",
           "SENTRY_DSN": "https://public@127.0.0.1:9/1"}
    out = subprocess.run([sys.executable, "-c", SENTRY_PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("True")
    assert "'django'" in out.stdout and "'celery'" in out.stdout


def test_sentry_stays_off_without_dsn():
    env = {k: v for k, v in os.environ.items() if k != "SENTRY_DSN"}
    env["DJANGO_SETTINGS_MODULE"] = "interviewmaster.settings"
    out = subprocess.run([sys.executable, "-c", SENTRY_PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False []"


def test_without_a_key_development_makes_a_random_one_in_an_untracked_file_and_keeps_it(tmp_path):
    """Issue 17 item 8: with DJANGO_DEBUG unset the committed dev key signed real tokens."""
    key_file = tmp_path / "secret-key"
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    first = manage("shell", "-c", code, DJANGO_SECRET_KEY_FILE=str(key_file))
    second = manage("shell", "-c", code, DJANGO_SECRET_KEY_FILE=str(key_file))
    assert first.returncode == 0, first.stderr
    key = first.stdout.strip().splitlines()[-1]
    assert len(key) >= 50 and not key.startswith("django-insecure")
    assert second.stdout.strip().splitlines()[-1] == key  # kept across runs: sessions survive a restart
    assert key_file.read_text().strip() == key and (key_file.stat().st_mode & 0o777) == 0o600
    other = manage("shell", "-c", code, DJANGO_SECRET_KEY_FILE=str(tmp_path / "other"))
    assert other.stdout.strip().splitlines()[-1] != key  # every installation its own key


def test_no_secret_key_is_committed():
    settings_source = (ROOT / "interviewmaster" / "settings.py").read_text()
    assert "django-insecure" not in settings_source.replace('startswith("django-insecure")', "")
    assert ".secret-key" in (ROOT / ".gitignore").read_text().splitlines()


@pytest.mark.django_db
def test_sqlite_transactions_take_the_write_lock_when_they_begin():
    """A read-then-write transaction on SQLite cannot wait for the lock once it has read ("database is locked" at
    once); BEGIN IMMEDIATE waits for it, up to the timeout, before reading."""
    from django.conf import settings
    from django.db import connection

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 5
    connection.ensure_connection()
    assert connection.transaction_mode == "IMMEDIATE"
