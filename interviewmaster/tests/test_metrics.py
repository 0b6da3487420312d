"""GET /metrics: Prometheus text that the official parser reads, closed unless a token or an address opens it."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from interviewmaster import metrics

pytestmark = pytest.mark.django_db


def _families(body: bytes) -> dict:
    return {family.name: family for family in text_string_to_metric_families(body.decode())}


def _sample_value(family, **labels) -> float:
    return sum(s.value for s in family.samples if all(s.labels.get(k) == v for k, v in labels.items())
               and s.name.endswith("_total"))


def test_metrics_are_closed_by_default(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = []
    response = client.get("/metrics")
    assert response.status_code == 404
    assert b"interviewmaster_" not in response.content


def test_a_wrong_token_is_refused(client, settings):
    settings.METRICS_TOKEN = "s3cret-token-value"
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope").status_code == 404


def test_token_opens_metrics_and_the_text_parses(client, settings):
    settings.METRICS_TOKEN = "s3cret-token-value"
    client.get("/health")
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token-value")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    families = _families(response.content)
    assert "interviewmaster_http_request_duration_seconds" in families
    routes = {s.labels.get("route") for s in families["interviewmaster_http_request_duration_seconds"].samples}
    assert "health" in routes
    assert "interviewmaster_ai_circuit_state" in families
    assert families["interviewmaster_ai_circuit_state"].samples  # at least the offline provider


def test_allow_listed_address_opens_metrics(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_IPS = ["10.1.0.0/16"]
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.2.0.1").status_code == 404


def test_unmatched_paths_do_not_become_labels(client, settings):
    settings.METRICS_TOKEN = "t0ken-for-tests"
    for n in range(5):
        client.get(f"/no-such-page-{n}/")
    body = client.get("/metrics", HTTP_AUTHORIZATION="Bearer t0ken-for-tests").content.decode()
    assert "no-such-page" not in body


def test_celery_tasks_ai_calls_and_verdicts_are_counted(client, settings):
    from interviewmaster.tasks import diagnostic_ping

    settings.METRICS_TOKEN = "t0ken-for-tests"
    diagnostic_ping.delay()
    metrics.observe_ai_call(provider="offline", task="follow_up", outcome="ok", seconds=0.01)
    metrics.observe_verdict(kind="submission", verdict="accepted")
    families = _families(client.get("/metrics", HTTP_AUTHORIZATION="Bearer t0ken-for-tests").content)
    tasks = families["interviewmaster_celery_tasks"]
    assert _sample_value(tasks, task=diagnostic_ping.name, outcome="success") >= 1
    assert _sample_value(families["interviewmaster_ai_calls"], provider="offline", task="follow_up") >= 1
    assert _sample_value(families["interviewmaster_sandbox_verdicts"], verdict="accepted") >= 1
