import pytest

from interviewmaster.celery import app
from interviewmaster.tasks import diagnostic_ping


def test_celery_is_configured_to_lose_nothing():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json" and conf.accept_content == ["json"]
    assert conf.task_soft_time_limit < conf.task_time_limit < conf.broker_transport_options["visibility_timeout"]


@pytest.mark.django_db
def test_diagnostic_ping_runs_eagerly_without_redis():
    result = diagnostic_ping.delay("x").get()
    assert result["eager"] is True and result["database"] is True


@pytest.mark.celery_worker
def test_diagnostic_ping_runs_on_a_real_worker_through_redis(celery_worker_real):
    assert app.conf.broker_url.startswith("redis://")
    result = diagnostic_ping.delay("through the broker").get(timeout=30)
    assert result["echo"] == "through the broker"
    assert result["eager"] is False
    assert result["database"] is True


def test_every_periodic_task_is_on_the_beat_schedule_and_every_entry_names_a_task():
    """A task that takes no arguments is a periodic one: it runs only if beat sends it. planning's
    expire_overdue_invitations was never scheduled, so a plan whose invitation ran out unclicked stayed "Invited"."""
    import inspect

    from django.conf import settings

    from interviewmaster.celery import app

    app.loader.import_default_modules()
    on_demand = {"interviewmaster.diagnostic_ping"}  # /ready's worker probe
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    periodic = set()
    for name, task in app.tasks.items():
        parameters = inspect.signature(task.run).parameters.values()
        if not name.startswith("celery.") and not any(
                p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) for p in parameters):
            periodic.add(name)
    assert "planning.expire_overdue_invitations" in periodic
    assert periodic - on_demand - scheduled == set()
    assert scheduled - set(app.tasks) == set()
