"""How long a planned interview lasts: the approved questions' time (with the transition buffer), unless the expert
set a length. Dropping questions left the configured 121 minutes everywhere: the plan page said "2 questions: about
28 minutes …, 93 minutes less than the interview", the invitation email and the candidate's page quoted 121 minutes
and the room's clock gave 121 minutes for 28 minutes of questions."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from accounts.tests.factories import CandidateFactory
from interviewmaster import capabilities
from planning import interview_link, invitations, services
from planning.models import InterviewPlan
from planning.tests.conftest import run_on_commit
from planning.tests.factories import PositionFactory
from planning.tests.test_admin import (
    ADMIN,
    act,
    create_plan,
    expert_client,
    messages_of,
    question_form_data,
    save_questions,
)

pytestmark = pytest.mark.django_db
__all__ = ["expert_client"]  # the fixture, imported for these tests
LONG = '{"coding": {"medium": 4}, "databases": {"hard": 2}, "behavioral": {"easy": 1}}'  # 110 minutes + 10%: 121


def _drop_all_but_two(client, plan) -> None:
    data = question_form_data(client, plan)
    for i in range(2, int(data["q-INITIAL_FORMS"])):
        data[f"q-{i}-DELETE"] = "on"
    save_questions(client, plan, data)


def _figures(client, plan) -> dict[str, int]:
    """The length each place states: the plan page, the invitation email, the candidate's invitation page and the
    clock of the interview the candidate starts."""
    page = client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    approved = act(client, plan, "approve", {"version": plan.current_version.number})
    plan.refresh_from_db()
    assert plan.state == "approved", messages_of(approved)
    subject, body = invitations.default_message(plan)
    with run_on_commit():
        invitations.send_invitation(plan=plan, expert=plan.expert, subject=subject, body=body)
    email = mail.outbox[-1].body
    link = "/" + re.search(r"https?://\S+", email).group(0).split("/", 3)[3]
    candidate_page = " ".join(Client().get(link).content.decode().split())
    candidate = CandidateFactory(email=plan.candidate_email)
    InterviewPlan.objects.filter(pk=plan.pk).update(candidate=candidate)
    plan.refresh_from_db()
    session = interview_link.start_planned_interview(plan=plan, candidate=candidate)
    return {"admin": int(re.search(r'id="plan-length">(\d+)-minute interview', page).group(1)),
            "email": int(re.search(r"(\d+)-minute technical interview", email).group(1)),
            "candidate page": int(re.search(r"(\d+)-minute technical interview", candidate_page).group(1)),
            "clock": session.time_budget_seconds // 60}


def test_dropping_questions_shortens_the_interview_everywhere_it_is_stated(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory(required_skills=["python"]), question_distribution=LONG)
    assert (plan.duration_minutes, plan.duration_fixed) == (121, False)
    _drop_all_but_two(expert_client, plan)
    kept = plan.current_version
    assert len(kept.questions) == 2
    length = capabilities.questions_duration(q["difficulty"] for q in kept.questions)  # the questions + 10%
    assert plan.duration_minutes == kept.estimated_minutes == length < 121
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert "less than the interview" not in page and 'id="length-warning"' not in page
    assert "(as long as its questions)" in page
    assert _figures(expert_client, plan) == dict.fromkeys(["admin", "email", "candidate page", "clock"], length)


def test_a_send_back_that_drops_questions_shortens_the_interview(make_plan):
    plan = make_plan(config={"question_distribution": {"coding": {"medium": 2}, "databases": {"medium": 1},
                                                        "behavioral": {"easy": 1}}})
    assert plan.duration_minutes == 61 and len(plan.current_version.questions) == 4
    with run_on_commit():
        services.request_changes(plan=plan, expert=plan.expert, reason="other",
                                 comment="Drop Q3 and Q4, two questions are enough.")
    plan.refresh_from_db()
    version = plan.current_version
    assert version.number == 2 and len(version.questions) == 2
    assert plan.duration_minutes == version.estimated_minutes < 61


def test_a_length_the_expert_set_is_kept_with_a_warning_before_approval(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory(required_skills=["python"]), question_distribution=LONG,
                       interview_length="121")
    assert (plan.duration_minutes, plan.duration_fixed) == (121, True)
    _drop_all_but_two(expert_client, plan)
    estimated = plan.current_version.estimated_minutes
    assert plan.duration_minutes == 121 and estimated < 121
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    warning = re.search(r'id="length-warning">([^<]*)<', page).group(1)
    assert (f"You set this interview to 121 minutes and its questions take about {estimated}: the candidate would "
            f"have {121 - estimated} minutes with nothing to answer.") in warning
    assert "(length fixed by the expert)" in page
    assert _figures(expert_client, plan) == dict.fromkeys(["admin", "email", "candidate page", "clock"], 121)


def test_no_warning_while_the_questions_nearly_fill_the_length_the_expert_set(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory(), interview_length="70")  # questions: 61 minutes
    assert plan.duration_minutes == 70 and plan.current_version.estimated_minutes == 61
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert 'id="length-warning"' not in page and "9 minutes less than the interview" in page


@pytest.mark.parametrize("minutes", ["5", "600"])
def test_a_length_out_of_range_is_refused_on_the_form(expert_client, minutes):
    response = expert_client.post(f"{ADMIN}add/", {
        "position": PositionFactory().id, "candidate_name": "Grace Hopper", "candidate_email": "grace@example.com",
        "mode": "custom_config", "question_distribution": LONG, "interview_length": minutes})
    assert response.status_code == 200 and not InterviewPlan.objects.exists()
    assert "interview_length" in response.context["adminform"].form.errors


def test_the_expert_lets_the_length_follow_the_questions_or_fixes_it_on_the_plan_page(expert_client, bank):
    """The warning told the expert to let the length follow the questions, and only a new plan could."""
    plan = create_plan(expert_client, PositionFactory(required_skills=["python"]), question_distribution=LONG,
                       interview_length="121")
    _drop_all_but_two(expert_client, plan)
    estimated = plan.current_version.estimated_minutes
    follow = act(expert_client, plan, "length", {"interview_length": ""})
    assert f"The interview lasts {estimated} minutes, as long as its questions." in messages_of(follow)
    plan.refresh_from_db()
    assert (plan.duration_minutes, plan.duration_fixed) == (estimated, False)
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert 'id="length-warning"' not in page and f"{estimated}-minute interview (as long as its questions)" in page
    assert f"let the interview&#x27;s length follow the questions ({estimated} minutes)" in page  # the audit trail
    act(expert_client, plan, "length", {"interview_length": "45"})
    plan.refresh_from_db()
    assert (plan.duration_minutes, plan.duration_fixed) == (45, True)
    refused = act(expert_client, plan, "length", {"interview_length": "4"})
    assert "The interview lasts between 11 and 240 minutes." in messages_of(refused)
    # 10 minutes was allowed, yet no plan of it could be approved: one easy question takes 11 with its buffer.
    refused = act(expert_client, plan, "length", {"interview_length": "10"})
    assert "The interview lasts between 11 and 240 minutes." in messages_of(refused)
    InterviewPlan.objects.filter(pk=plan.pk).update(state="invited")
    refused = act(expert_client, plan, "length", {"interview_length": ""})
    assert "A plan that is invited can no longer change its length." in messages_of(refused)
    plan.refresh_from_db()
    assert (plan.duration_minutes, plan.duration_fixed) == (45, True)


@pytest.mark.django_db
def test_the_length_migration_times_what_it_can_and_keeps_the_length_of_what_it_cannot():
    """Migration 0007 gave a not-yet-invited plan the length of its questions, and a version it could not time (no
    questions, a question without a difficulty or with one the configuration no longer has) stopped the whole
    migration with a KeyError or InvalidInterviewConfig (R4)."""
    import importlib

    from django.apps import apps

    from interviewmaster import capabilities
    from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory, planned_question

    migration = importlib.import_module("planning.migrations.0007_plan_length_follows_questions")
    plans = {}
    for name, questions in [("timed", [planned_question(), planned_question(difficulty="easy")]), ("empty", []),
                            ("no difficulty", [{k: v for k, v in planned_question().items() if k != "difficulty"}]),
                            ("unknown", [planned_question(difficulty="legendary")])]:
        plan = InterviewPlanFactory(duration_minutes=121)
        plan.current_version = PlanVersionFactory(plan=plan, questions=questions)
        plan.save(update_fields=["current_version"])
        plans[name] = plan
    migration.follow_the_questions(apps, None)
    lengths = {name: type(plan).objects.get(pk=plan.pk).duration_minutes for name, plan in plans.items()}
    assert lengths == {"timed": capabilities.questions_duration(["medium", "easy"]), "empty": 121,
                       "no difficulty": 121, "unknown": 121}
