"""The expert's workplace in plain words: titles, the plan form's question mix, the audit trail, the critique, the
score table and the plan's minutes."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from accounts.tests.factories import CandidateFactory, ExpertFactory
from interviews.models import Evaluation, InterviewSession, Turn
from planning import interview_link, services
from planning.models import InterviewPlan
from planning.tests.conftest import run_on_commit
from planning.tests.factories import PositionFactory
from planning.tests.test_interview_link import _completed_with_an_evaluation

pytestmark = pytest.mark.django_db
ADMIN = "/admin/planning/interviewplan/"


def test_a_session_is_titled_with_its_candidates_name_not_their_id():
    candidate = CandidateFactory(name="Grace Hopper", email="grace@example.com")
    session = InterviewSession.objects.create(candidate=candidate, mode="quick_start", role="backend_engineer",
                                              state="evaluated")
    assert str(session) == f"Interview #{session.pk} of Grace Hopper (evaluated)"
    nameless = CandidateFactory(name="", email="ada@example.com")
    other = InterviewSession.objects.create(candidate=nameless, mode="quick_start", role="backend_engineer")
    assert "of ada@example.com (" in str(other)


def add_plan(client, **fields):
    position = PositionFactory()
    data = {"position": position.id, "candidate_name": "Grace Hopper", "candidate_email": "grace@example.com",
            "resume": "", "mode": "custom_config", "experience_level": "", **fields}
    with run_on_commit():
        return client.post(f"{ADMIN}add/", data)


def test_the_plan_form_asks_for_the_question_mix_in_a_table_not_json(client):
    client.force_login(ExpertFactory())
    page = client.get(f"{ADMIN}add/").content.decode()
    assert 'name="question_distribution__coding__medium" value="2"' in page
    assert "<textarea" not in page.split('id="id_question_distribution"')[1][:200]
    assert "system design has no easy questions" in page.lower()
    response = add_plan(client, question_distribution__coding__medium="1", question_distribution__behavioral__easy="1")
    plan = InterviewPlan.objects.get(candidate_email="grace@example.com")
    assert response.status_code == 302
    assert plan.config["question_distribution"] == {"coding": {"medium": 1}, "behavioral": {"easy": 1}}


@pytest.mark.parametrize(("fields", "message"), [
    ({}, "The interview needs at least one question"),
    ({"question_distribution__coding__medium": "two"}, "Coding and algorithms, medium: enter a whole number"),
    ({"question_distribution__coding__medium": "-1"}, "cannot be negative"),
])
def test_a_bad_question_mix_is_refused_with_a_clear_message(client, fields, message):
    client.force_login(ExpertFactory())
    response = add_plan(client, **fields)
    assert response.status_code == 200 and message in response.content.decode()
    assert not InterviewPlan.objects.exists()


def test_the_position_form_explains_the_role_without_jargon(client):
    client.force_login(ExpertFactory())
    page = client.get("/admin/planning/position/add/").content.decode()
    assert "capabilities role" not in page
    assert "The kind of job" in page


@pytest.fixture
def sent_back_plan(make_plan, bank):
    plan = make_plan()
    with run_on_commit():
        services.request_changes(plan=plan, expert=plan.expert, reason="too_hard", comment="Shorter questions.")
    plan.refresh_from_db()
    return plan


def test_the_audit_trail_and_the_critique_are_in_words(client, sent_back_plan):
    client.force_login(sent_back_plan.expert)
    page = client.get(f"{ADMIN}{sent_back_plan.id}/change/").content.decode()
    trail = page[page.index("Audit trail"):]
    for code in ("state.pending_review", "critique.reviewed", "(observer)", "(critique)", "too_hard:"):
        assert code not in trail
    assert "The coordinator moved the plan to “Pending expert review”" in trail
    assert "The critique agent reviewed version 2: " in trail
    assert "moved the plan to “Changes requested”: Too hard: Shorter questions." in trail
    critique = page[page.index('id="critique-heading"'):page.index('id="actions-heading"')]
    assert "% confident, from the built-in offline engine" in critique and "confidence 0." not in critique


def test_the_interviews_part_of_the_audit_trail_reads_as_english(client, invited_plan):
    """It read "Casey Candidate interview created" and "The coordinator moved the plan to “In progress”: interview
    in_progress" (the session's state id as the reason)."""
    from accounts.models import User
    from interviews import services as interview_services

    plan = invited_plan
    User.objects.filter(pk=plan.candidate_id).update(name="Casey Candidate")
    plan.candidate.refresh_from_db()
    services.record_event(plan, "invitation.accepted", actor=plan.candidate, data={"invitation": 1})
    session = interview_link.start_planned_interview(plan=plan, candidate=plan.candidate)
    interview_services.begin_session(session=session, actor=plan.candidate)
    client.force_login(plan.expert)
    page = client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    trail = page[page.index("Audit trail"):]
    assert "Casey Candidate accepted the invitation" in trail
    assert "The interview was created" in trail and "interview created" not in trail
    assert "The coordinator moved the plan to “In progress” when the interview started" in trail
    assert "in_progress" not in trail and ": interview" not in trail


def _every_event():
    """One event of each kind the trail can hold (each PlanEvent kind and each move), by a person, by an agent and
    by nobody, with the data and the reasons the code writes."""
    from planning.interview_link import FOLLOW
    from planning.models import PlanEvent
    from planning.wording import event_kind_choices

    data = {"version": 2, "questions": 4, "issues": 1, "blockers": 0, "notes": 0, "message": "The model timed out.",
            "invitation": 1, "session": 1, "previous_session": 1, "turn": 1, "criterion": "correctness", "ai": 2,
            "expert": 3, "criterion_name": "Correctness", "delta": 1.0}
    person = ExpertFactory.build(name="Casey Candidate", id=10**6)
    for kind, _label in event_kind_choices():
        state = kind.removeprefix("state.") if kind.startswith("state.") else ""
        reasons = [f"interview {to}" for to in FOLLOW] + ["verdict revise", "too_hard: Shorter."] if state else [""]
        for reason in reasons:
            for by in ({"actor": person}, {"agent": "observer"}, {}):
                for extra in ({}, {"previous_session": None}):
                    yield PlanEvent(kind=kind, to_state=state, reason=reason, data={**data, **extra}, **by)


def test_every_kind_of_audit_trail_entry_reads_as_english():
    """No entry falls back to its kind's id or label ("Casey Candidate interview created"), and none shows a state id
    or an event code ("interview in_progress", "invitation.accepted")."""
    from interviewmaster.events import kind_words
    from planning import wording

    for kind, _label in wording.event_kind_choices():
        assert kind.startswith("state.") or kind in wording.EVENTS or kind in getattr(wording, "SENTENCES", {}), kind
    for event in _every_event():
        text = wording.event_text(event)
        assert "_" not in text and not re.search(r"[a-z]\.[a-z]", text), (event.kind, event.reason, text)
        assert f" {kind_words(event.kind).lower()}" not in text.lower(), text
        assert text[:1].isupper() and not re.search(r": interview \w+$", text), text
    accepted = wording.event_text(next(e for e in _every_event() if e.kind == "invitation.accepted"))
    assert accepted == "Casey Candidate accepted the invitation"


@pytest.mark.parametrize(("extra", "ending"), [
    (0, ", the whole interview."), (21, ", 21 minutes less than the interview."),
    (-1, ", 1 minute more than the interview <strong>(too long"),
])
def test_the_plan_says_its_minutes_once(client, sent_back_plan, extra, ending):
    """It said "4 questions: about 61 minutes with the transitions between them, in the 61-minute interview": the
    interview's length is in the page's heading, and the questions' minutes say how they compare with it."""
    version = sent_back_plan.current_version
    duration = version.estimated_minutes + extra
    InterviewPlan.objects.filter(pk=sent_back_plan.pk).update(duration_minutes=duration)
    client.force_login(sent_back_plan.expert)
    page = client.get(f"{ADMIN}{sent_back_plan.id}/change/").content.decode()
    line = " ".join(re.search(r'<p class="plan-meta" id="plan-minutes">(.*?)</p>', page, re.S).group(1).split())
    count = len(version.questions)
    assert line.startswith(f"{count} question{'s' if count != 1 else ''}: about {version.estimated_minutes} minutes "
                           f"with the transitions between them{ending}")
    assert "-minute interview" not in line and "minutes with transitions, of" not in page
    assert page.count(f"{duration}-minute interview") == 1  # the heading's


def test_the_score_table_numbers_the_follow_ups_of_a_question(invited_plan):
    plan = invited_plan
    turn = _completed_with_an_evaluation(plan)
    for index in (51, 52):
        follow_up = Turn.objects.create(session=turn.session, index=index, kind="follow_up", prompt="Why?",
                                        category="databases", difficulty="medium", question_number=1,
                                        status="evaluated", asked_at=timezone.now())
        Evaluation.objects.create(turn=follow_up, overall=50, evaluated_at=timezone.now(), category="databases",
                                  criteria=[{"key": "correctness", "name": "Correctness", "score": 3}])
    labels = [row["label"] for row in interview_link.criterion_scores(plan)]
    assert labels == ["Q1", "Q1", "Q1 follow-up 1/2", "Q1 follow-up 2/2"]


@pytest.mark.parametrize(("data", "reason", "text"), [
    # the demo: "reviewed version 5: 1 issue" beside "it found nothing to change", the one issue a note
    ({"version": 5, "verdict": "approve", "issues": 1, "blockers": 0, "notes": 1}, "verdict approve",
     "The critique agent reviewed version 5: 1 note for information"),
    ({"version": 5, "verdict": "approve", "issues": 1, "blockers": 0}, "verdict approve",  # recorded before notes
     "The critique agent reviewed version 5: 1 note for information"),
    ({"version": 3, "verdict": "revise", "issues": 3, "blockers": 1, "notes": 1}, "verdict revise",
     "The critique agent reviewed version 3: 2 findings to change, 1 blocking approval; 1 note for information"),
    ({"version": 3, "verdict": "revise", "issues": 1, "blockers": 0}, "verdict revise",
     "The critique agent reviewed version 3: 1 finding to change"),
    ({"version": 2, "verdict": "approve", "issues": 0, "blockers": 0, "notes": 0}, "verdict approve",
     "The critique agent reviewed version 2: nothing to note"),
])
def test_a_reviews_line_tells_notes_from_findings_as_its_verdict_does(data, reason, text):
    from planning.models import PlanEvent
    from planning.wording import event_text

    assert event_text(PlanEvent(kind="critique.reviewed", agent="critique", data=data)) == text
    moved = event_text(PlanEvent(kind="state.critiqued", agent="critique", to_state="critiqued", reason=reason))
    assert moved.endswith("it found nothing to change" if data["verdict"] == "approve" else "it asks for a revision")
    assert "issue" not in text


def test_a_review_records_its_notes_apart(sent_back_plan):
    from planning.models import PlanEvent

    reviewed = PlanEvent.objects.filter(plan=sent_back_plan, kind="critique.reviewed").latest("id")
    critique = sent_back_plan.current_version.critiques.latest("id")
    assert reviewed.data["notes"] == sum(i["severity"] == "info" for i in critique.issues)


@pytest.mark.parametrize(("questions", "said"), [(1, "(1 question)"), (4, "(4 questions)")])
def test_a_drafted_version_counts_its_questions_in_english(questions, said):
    """The product review read "wrote version 2 (1 questions)" in the audit trail."""
    from planning import wording
    from planning.models import PlanEvent

    event = PlanEvent(kind="controller.drafted", agent="controller", data={"version": 2, "questions": questions})
    assert wording.event_text(event) == f"The plan agent wrote version 2 {said}"


def test_a_send_back_that_changed_nothing_reads_as_english():
    """The kind had no label (the event-kinds check failed in CI) and the audit trail showed its id."""
    from planning import wording
    from planning.models import PlanEvent

    event = PlanEvent(kind="controller.nothing_changed", agent="controller",
                      data={"version": 3, "sent_back": 2, "reason": "too_easy", "identical": True,
                            "why": "every question is already at the hardest level its category allows"})
    assert wording.event_text(event) == ("The plan agent could change nothing of version 2 in version 3: every "
                                         "question is already at the hardest level its category allows")
    assert wording.event_kind_name("controller.nothing_changed") == "Send-back changed nothing"
