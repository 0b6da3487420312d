"""Analytics' streak (the dashboard) and the study path's streak (Today, progress) count the same days: the
candidate's own, in their profile zone. The study path counted UTC's days, so a candidate far from UTC saw two
different streaks on two pages."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from accounts.tests.factories import CandidateFactory
from analytics import selectors
from studypaths import progress, study
from studypaths.models import RunKind, RunStatus, StudyPath, StudyTask, TaskStatus
from studypaths.tests.factories import CodeRunFactory, make_track

pytestmark = pytest.mark.django_db

MOMENT = datetime(2026, 3, 10, 10, 30, tzinfo=UTC)  # 00:30 on the 11th in Kiritimati, 23:30 on the 9th in Pago Pago


def _solved_at(user, *moments) -> StudyPath:
    """A path whose first tasks were solved at `moments`: each a passed task and its accepted submission."""
    path = study.create_study_path(user=user, track=make_track(), config=study.PathConfig(hours_per_week=10))
    for task, moment in zip(path.tasks.order_by("id"), moments, strict=False):
        StudyTask.objects.filter(id=task.id).update(status=TaskStatus.PASSED, finished_at=moment)
        CodeRunFactory(user=user, problem=task.problem, kind=RunKind.SUBMISSION, status=RunStatus.DONE,
                       verdict="accepted", finished_at=moment)
    return StudyPath.objects.select_related("track", "user").get(id=path.id)


@pytest.mark.parametrize(("zone", "moments", "expected"), [
    # 9 March 23:00 and 11 March 00:15 local: the 10th is missing (in UTC: the 9th and the 10th, a 2-day streak).
    ("Pacific/Kiritimati", [datetime(2026, 3, 9, 9, 0, tzinfo=UTC), datetime(2026, 3, 10, 10, 15, tzinfo=UTC)], 1),
    # 8 March 01:00 and 9 March 23:00 local: two days running (in UTC: the 8th and the 10th, a 1-day streak).
    ("Pacific/Pago_Pago", [datetime(2026, 3, 8, 12, 0, tzinfo=UTC), datetime(2026, 3, 10, 10, 0, tzinfo=UTC)], 2),
])
def test_the_dashboard_and_the_study_path_agree_on_the_streak_far_from_utc(zone, moments, expected):
    user = CandidateFactory(timezone=zone)
    path = _solved_at(user, *moments)
    assert selectors.streak_for(user, now=MOMENT).current == expected
    assert progress.path_progress(path, now=MOMENT)["streak"] == expected
