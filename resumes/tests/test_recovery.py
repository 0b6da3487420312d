"""A resume whose task was lost (a killed worker, a broker that was down) is sent again by the stuck-work sweep, at
most STUCK_WORK_MAX_RECOVERIES times, then fails with a reason (interviewmaster/recovery.py)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from resumes import services, tasks
from resumes.models import Resume, ResumeStatus
from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


def _age(resume, seconds: int = 3600) -> None:
    Resume.objects.filter(id=resume.id).update(updated_at=timezone.now() - timedelta(seconds=seconds))


def test_an_upload_while_the_broker_is_down_is_accepted_and_parsed_by_the_sweep(upload, candidate, settings):
    from resumes.tests import documents

    with mock.patch.object(tasks.parse_resume, "apply_async", side_effect=OperationalError("connection refused")):
        response = upload(documents.pdf_bytes())
    assert response.status_code == 202  # the upload was saved: the candidate is not told it failed
    resume = Resume.objects.get(id=response.json()["id"])
    assert resume.status == ResumeStatus.UPLOADED

    assert services.recover_stuck_resumes() == 0  # not stuck yet: its task may be on its way
    _age(resume)
    assert services.recover_stuck_resumes() == 1
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.READY and resume.recoveries == 1
    kinds = list(resume.events.order_by("id").values_list("kind", flat=True))
    assert kinds == ["status.uploaded", "recovery.resent", "status.extracting", "status.analysing", "status.ready"]


@pytest.mark.parametrize("status", [ResumeStatus.EXTRACTING, ResumeStatus.ANALYSING])
def test_a_resume_a_killed_worker_left_in_progress_is_finished_by_the_sweep(candidate, status):
    resume = ResumeFactory(owner=candidate, status=status, progress=20, is_active=True)
    _age(resume)
    assert services.recover_stuck_resumes() == 1
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.READY
    # the original message, redelivered by the broker later, changes nothing
    assert tasks.parse_resume.delay(resume.id).get() == "skipped"
    assert resume.events.filter(to_status=ResumeStatus.READY).count() == 1


def test_a_resume_still_moving_is_left_alone(candidate):
    resume = ResumeFactory(owner=candidate, status=ResumeStatus.EXTRACTING)
    _age(resume, seconds=60)
    with mock.patch.object(tasks.parse_resume, "delay") as delay:
        assert services.recover_stuck_resumes() == 0
    delay.assert_not_called()


def test_the_sweep_sends_a_stuck_resume_once_then_waits_another_period(candidate):
    resume = ResumeFactory(owner=candidate, status=ResumeStatus.EXTRACTING)
    _age(resume)
    with mock.patch.object(tasks.parse_resume, "delay") as delay:
        assert services.recover_stuck_resumes() == 1
        assert services.recover_stuck_resumes() == 0  # the clock restarted with the recovery
    delay.assert_called_once_with(resume.id)


def test_a_broker_refusing_the_recovery_costs_no_recovery(candidate):
    resume = ResumeFactory(owner=candidate, status=ResumeStatus.UPLOADED)
    _age(resume)
    with mock.patch.object(tasks.parse_resume, "delay", side_effect=OperationalError("down")), \
            pytest.raises(OperationalError):
        services.recover_stuck_resumes()
    resume.refresh_from_db()
    assert resume.recoveries == 0 and resume.updated_at < timezone.now() - timedelta(minutes=30)
    assert not resume.events.filter(kind="recovery.resent").exists()


def test_a_resume_that_keeps_losing_its_worker_fails_with_a_reason(candidate, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.STUCK_WORK_MAX_RECOVERIES = 2
    resume = ResumeFactory(owner=candidate, status=ResumeStatus.EXTRACTING, is_active=True)
    with mock.patch.object(tasks.parse_resume, "delay") as delay:  # each send is lost with its worker
        for _ in range(2):
            _age(resume)
            assert services.recover_stuck_resumes() == 1
        _age(resume)
        assert services.recover_stuck_resumes() == 1
    assert delay.call_count == 2
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.FAILED and resume.failure_code == "interrupted"
    assert "Try again" in resume.failure_reason and not resume.is_active

    with django_capture_on_commit_callbacks(execute=True):  # the candidate's re-run starts with a clean count
        services.reparse_resume(resume=resume, actor=candidate)
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.READY and resume.recoveries == 0
