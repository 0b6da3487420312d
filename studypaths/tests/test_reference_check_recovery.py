"""The admin's reference check never stays "queued": an error ends it failed with a reason, and a check whose task
was lost (a killed worker, a broker that was down) is sent again by the stuck-work sweep, then failed."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from studypaths import services, tasks
from studypaths.models import Problem
from studypaths.tests.factories import ProblemFactory

pytestmark = pytest.mark.django_db


def _queue(problem, django_capture_on_commit_callbacks, **patch):
    with mock.patch.object(tasks.check_problem_references, "delay", **patch) as delay, \
            django_capture_on_commit_callbacks(execute=True):
        services.request_reference_check(problems=[problem])
    return delay


def _age(problem) -> None:
    check = Problem.objects.get(pk=problem.pk).reference_check
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    Problem.objects.filter(pk=problem.pk).update(reference_check={**check, "queued_at": past})


def _check(problem) -> dict:
    return Problem.objects.get(pk=problem.pk).reference_check


def test_a_check_that_raises_ends_failed_with_a_reason_instead_of_queued(django_capture_on_commit_callbacks):
    problem = ProblemFactory()
    with mock.patch("studypaths.services.check_problem", side_effect=RuntimeError("boom")):
        services.check_problem_references(problem_id=problem.pk)
    check = _check(problem)
    assert check["status"] == "failed" and "Run it again" in check["failures"][0]


def test_a_check_queued_while_the_broker_is_down_is_sent_by_the_sweep(django_capture_on_commit_callbacks):
    problem = ProblemFactory()
    _queue(problem, django_capture_on_commit_callbacks, side_effect=OperationalError("refused"))
    assert _check(problem)["status"] == "queued"  # the admin's action succeeded; the check waits for the sweep
    with mock.patch.object(tasks.check_problem_references, "delay") as delay:
        assert services.recover_stuck_reference_checks() == 0  # young
        _age(problem)
        assert services.recover_stuck_reference_checks() == 1
        assert services.recover_stuck_reference_checks() == 0  # the clock restarted
    delay.assert_called_once_with(problem.pk)
    assert _check(problem)["recoveries"] == 1


def test_a_check_whose_worker_keeps_dying_ends_failed(django_capture_on_commit_callbacks, settings):
    settings.STUCK_WORK_MAX_RECOVERIES = 2
    problem = ProblemFactory()
    _queue(problem, django_capture_on_commit_callbacks)
    with mock.patch.object(tasks.check_problem_references, "delay") as delay:  # each send is lost with its worker
        for _ in range(3):
            _age(problem)
            services.recover_stuck_reference_checks()
    assert delay.call_count == 2
    check = _check(problem)
    assert check["status"] == "failed" and "interrupted 3 times" in check["failures"][0]
