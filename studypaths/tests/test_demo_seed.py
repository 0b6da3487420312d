"""`load_demo` leaves a lived-in demo candidate: a parsed resume and a few judged code runs."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_candidate_has_a_parsed_resume_and_judged_runs(django_capture_on_commit_callbacks, bubblewrap):
    from accounts.models import User
    from resumes.models import Resume, ResumeStatus
    from studypaths.models import CodeRun

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")
    candidate = User.objects.get(email="candidate@demo.interviewmaster.local")
    resume = Resume.objects.get(owner=candidate)
    assert resume.status == ResumeStatus.READY and resume.is_active
    assert [(p["title"], p["company"]) for p in resume.facts["positions"]] == [
        ("Senior Backend Engineer", "Parcelly"), ("Backend Developer", "Lumen Health")]
    assert {"python", "django", "postgresql", "kubernetes"} <= set(resume.skills.values_list("skill_id", flat=True))
    assert "Most recently" in resume.analysis["summary"] or "Currently works" in resume.analysis["summary"]
    verdicts = sorted(CodeRun.objects.filter(user=candidate).values_list("verdict", flat=True))
    assert verdicts == ["accepted", "accepted", "wrong_answer"]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")  # idempotent
    assert Resume.objects.filter(owner=candidate).count() == 1 and CodeRun.objects.filter(user=candidate).count() == 3
