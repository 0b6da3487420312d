import json
import logging

import pytest

from interviewmaster.observability import RequestIdFilter, request_id_var
from interviewmaster.tasks import diagnostic_ping

pytestmark = pytest.mark.django_db


def test_every_response_carries_a_request_id(client):
    first = client.get("/health")["X-Request-ID"]
    second = client.get("/health")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/health", HTTP_X_REQUEST_ID="upstream-proxy-1234")
    assert response["X-Request-ID"] == "upstream-proxy-1234"


def test_a_hostile_incoming_request_id_is_replaced(client):
    response = client.get("/health", HTTP_X_REQUEST_ID="bad id\nwith: injection")
    assert response["X-Request-ID"] != "bad id\nwith: injection"
    assert len(response["X-Request-ID"]) == 32


def test_log_lines_are_json_with_the_request_id():
    from django.conf import settings
    from pythonjsonlogger.json import JsonFormatter

    config = settings.LOGGING["formatters"]["json"]
    formatter = JsonFormatter(config["fmt"], rename_fields=config["rename_fields"])
    record = logging.LogRecord("interviews", logging.INFO, __file__, 1, "answer submitted", None, None)
    token = request_id_var.set("abc123def456")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(formatter.format(record))
    assert line["message"] == "answer submitted"
    assert line["request_id"] == "abc123def456"
    assert line["level"] == "INFO" and line["logger"] == "interviews"


def test_task_logs_carry_the_publishing_request_id():
    token = request_id_var.set("req-from-view-42")
    try:
        result = diagnostic_ping.apply_async(args=["hello"], headers={"request_id": "req-from-view-42"}).get()
    finally:
        request_id_var.reset(token)
    assert result["request_id"] == "req-from-view-42"
    assert result["echo"] == "hello" and result["database"] is True


@pytest.mark.parametrize("name,kwargs", [
    ("planning:invitation", {"token": "eyJpIjoxfQ:1xZz88:MLfhX4y5FK"}),
    ("accounts:unlock", {"token": "c2VjcmV0:1xZz88:abc"}),
    ("account_confirm_email", {"key": "Mzg:1xZz:abcdef"}),
    ("account_reset_password_from_key", {"uidb36": "2", "key": "cz1b-0123456789abcdef"}),
])
def test_secret_links_are_masked_in_access_and_error_logs(name, kwargs, caplog):
    from django.urls import reverse

    path = reverse(name, kwargs=kwargs)
    secret = path.rstrip("/").rsplit("/", 1)[1]
    access = logging.getLogger("uvicorn.access")
    with caplog.at_level(logging.INFO):
        access.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:1", "GET", path.replace(":", "%3A") + "?next=/", "1.1", 200)
        logging.getLogger("django.request").warning("Forbidden: %s", path)
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 2 and all("[redacted]" in line and secret not in line and secret.replace(":", "%3A")
                                   not in line for line in lines), lines
