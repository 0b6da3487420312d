"""A category or an evaluation criterion has one display name, from one function (`interviewmaster.capabilities.
category_name` / `criterion_name`): the candidate's report, the candidate's dashboard and the expert's plan page print
the same name for the same id, an id the capabilities file no longer knows included ("retired_area" reads
"Retired area" everywhere; it used to read "retired_area" on the report and the expert's page and "Retired area" on
the dashboard, and the report's and the workplace's question badges printed the raw id "databases")."""

from __future__ import annotations

import html
import re

import pytest
from django.utils import timezone

from interviewmaster import capabilities

pytestmark = pytest.mark.django_db


def test_the_names_and_their_fallback():
    assert capabilities.category_name("coding") == "Coding and algorithms"
    assert capabilities.category_name("behavioral") == "Behavioural"
    assert capabilities.criterion_name("star_structure") == "STAR structure"
    assert capabilities.category_name("retired_area") == "Retired area"
    assert capabilities.criterion_name("old__rubric_") == "Old rubric"
    assert capabilities.criterion_name(None) == "" and capabilities.category_name("") == ""


def test_the_ai_engine_and_the_charts_use_the_same_function():
    from analytics.charts import dashboard_charts
    from interviewmaster.ai.offline import knowledge

    assert knowledge.category_name("retired_area") == "Retired area"
    charts = {c.title: c for c in dashboard_charts({
        "criteria": [{"criterion": "old_rubric", "average": 3.0, "count": 1}],
        "categories": [{"category": "retired_area", "average": 50, "count": 1, "percentile": None}]})}
    assert [r.header for r in charts["Criteria"].rows] == ["Old rubric"]
    assert [r.header for r in charts["Categories"].rows] == ["Retired area"]


def _texts(page: bytes) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.decode())))


def test_report_dashboard_and_expert_page_print_the_same_names(client):
    from accounts.tests.factories import CandidateFactory
    from interviews import services as interview_services
    from interviews.models import Evaluation, InterviewSession, Turn
    from planning import interview_link
    from planning.models import InterviewPlan, PlanVersion
    from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory, planned_question

    candidate = CandidateFactory(email="names@example.com")
    questions = [planned_question()]
    plan = InterviewPlanFactory(state="invited", candidate=candidate, candidate_email=candidate.email,
                                config={"question_distribution": {"databases": {"medium": 1}}})
    version = PlanVersionFactory(plan=plan, questions=questions)
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=version)
    plan.refresh_from_db()
    session = interview_link.start_planned_interview(plan=plan, candidate=candidate)
    # a question of a category the file has since dropped, as an older plan version holds it
    PlanVersion.objects.filter(pk=version.pk).update(questions=[*questions, planned_question(
        prompt="Describe an area we no longer ask about.", category="retired_area")])
    interview_services.begin_session(session=session, actor=candidate)
    interview_services.finish_session(session=InterviewSession.objects.get(pk=session.pk), candidate=candidate,
                                      confirm=True)
    for number, category in ((1, "databases"), (2, "retired_area")):
        turn = Turn.objects.create(session=session, index=50 + number, kind="question", prompt=f"Question {number}",
                                   category=category, difficulty="medium", question_number=number,
                                   status="evaluated", asked_at=timezone.now(), answer_text="An answer.")
        Evaluation.objects.create(turn=turn, overall=60, evaluated_at=timezone.now(), category=category,
                                  scores={"problem_solving": 3, "old_rubric": 4},
                                  criteria=[{"key": "problem_solving", "name": "Problem solving", "score": 3},
                                            {"key": "old_rubric", "name": "old_rubric", "score": 4}])
    interview_services.finalize_report(session_id=session.id, without_summary=True)
    session.refresh_from_db()
    plan.refresh_from_db()
    assert session.state == "evaluated" and plan.state == "completed"

    client.force_login(candidate)
    report = _texts(client.get(f"/interviews/{session.id}/report/").content)
    from django.core.cache import cache

    # the dashboard leaves a planned interview's scores out (its expert judges it): read the same rows as practice
    assert "Retired area" not in _texts(client.get("/analytics/").content)
    InterviewSession.objects.filter(pk=session.pk).update(is_planned=False)
    cache.clear()  # the summary is cached per candidate
    dashboard = _texts(client.get("/analytics/").content)
    InterviewSession.objects.filter(pk=session.pk).update(is_planned=True)
    client.force_login(plan.expert)
    expert = _texts(client.get(f"/admin/planning/interviewplan/{plan.id}/change/").content)
    # A planned interview's candidate reads no scores (interviews.reports.report_seen_by): its expert reads the
    # report's criteria.
    expert_report = _texts(client.get(f"/interviews/{session.id}/report/").content)

    for name in ("Databases and data modelling", "Retired area"):
        assert name in report and name in dashboard and name in expert, name
    for name in ("Problem solving", "Old rubric"):
        assert name in expert_report and name in expert and name not in report, name
    assert "Problem solving" in dashboard  # the dashboard averages only the criteria the file knows
    for page in (report, expert_report, dashboard, expert):
        assert "retired_area" not in page and "old_rubric" not in page
        assert not re.search(r"\bdatabases\b", page), re.findall(r".{80}\bdatabases\b.{40}", page)
