"""Data migrations of the studypaths app, run against today's models (their fields are the ones the migration uses)."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from studypaths import services
from studypaths.models import CodeRun
from studypaths.tests.factories import ProblemFactory

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("studypaths.migrations.0007_backfill_recent_wall_ms")


def test_runs_judged_before_wall_ms_was_a_field_still_count_against_the_budget():
    user, problem = CandidateFactory(), ProblemFactory()

    def judged(result, age):
        run = CodeRun.objects.create(user=user, problem=problem, language="python", code="x", status="done",
                                     result=result)
        CodeRun.objects.filter(id=run.id).update(created_at=timezone.now() - age, finished_at=timezone.now() - age)
        return run

    recent = judged({"verdict": "accepted", "wall_ms": 4200}, timedelta(minutes=1))
    old = judged({"verdict": "accepted", "wall_ms": 9000}, timedelta(days=3))
    odd = judged({"verdict": "accepted", "wall_ms": "a lot"}, timedelta(minutes=1))
    assert services.judge_seconds_used(user=user) == 0  # the field the budget reads was empty

    backfill.forwards(apps, None)

    assert CodeRun.objects.get(id=recent.id).wall_ms == 4200
    assert CodeRun.objects.get(id=old.id).wall_ms == 0 and CodeRun.objects.get(id=odd.id).wall_ms == 0
    assert services.judge_seconds_used(user=user) == pytest.approx(4.2)
