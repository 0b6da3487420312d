"""The join with the interview engine: the lobby starts the planned interview, the plan follows the session, the
expert watches read-only through the interview websocket and adjusts scores with a reason afterwards."""

from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone
from django.utils.html import escape

from accounts.tests.factories import AdminFactory, CandidateFactory, ExpertFactory
from interviews import services as interview_services
from interviews.models import Evaluation, InterviewSession, Turn
from planning import interview_link
from planning.errors import LiveInterviewLimit, ScoreChangeLimit
from planning.models import InterviewPlan, LearningSignal, PlanEvent, ScoreAdjustment, ScoreReasonCorrection
from planning.tests.conftest import run_on_commit
from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory, planned_question

pytestmark = pytest.mark.django_db
QUESTIONS = [planned_question(),
             planned_question(prompt="Tell me about a time a Redis cache made an outage worse.", category="behavioral",
                              difficulty="easy", skill="redis", minutes=10)]


@pytest.fixture
def invited():
    candidate = CandidateFactory(email="grace@example.com")
    plan = InterviewPlanFactory(state="invited", candidate=candidate, candidate_email=candidate.email,
                                config={"question_distribution": {"databases": {"medium": 1},
                                                                  "behavioral": {"easy": 1}}})
    version = PlanVersionFactory(plan=plan, questions=QUESTIONS)
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=version)
    plan.refresh_from_db()
    return plan


def test_lobby_starts_the_planned_interview_with_the_plans_questions_and_the_expert(client, invited):
    client.force_login(invited.candidate)
    with run_on_commit():
        response = client.post(f"/planning/lobby/{invited.id}/")
    invited.refresh_from_db()
    session = invited.session
    assert response.status_code == 302 and response["Location"] == f"/interviews/{session.id}/"
    assert session.is_planned and session.expert == invited.expert and session.candidate == invited.candidate
    assert [q["prompt"] for q in session.question_plan] == [q["prompt"] for q in QUESTIONS]
    # Pressing Start again re-enters the same interview.
    assert client.post(f"/planning/lobby/{invited.id}/")["Location"] == f"/interviews/{session.id}/"
    assert InterviewSession.objects.filter(candidate=invited.candidate).count() == 1


def test_the_sessions_mix_is_the_questions_that_run_not_the_drafted_config(invited):
    """"Too easy" refits the questions: the candidate and the mentor read the drafted mix (4 questions) beside the 3
    that ran."""
    InterviewPlan.objects.filter(pk=invited.pk).update(config={"question_distribution": {
        "coding": {"medium": 2}, "databases": {"medium": 1}, "behavioral": {"easy": 1}}})
    invited.refresh_from_db()
    with run_on_commit():
        session = interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
    assert session.config["question_distribution"] == {"databases": {"medium": 1}, "behavioral": {"easy": 1}}


def test_a_bank_question_whose_problem_was_unpublished_is_asked_from_the_plans_text(invited):
    """The plan was approved with a bank question linked to a code-judge problem, unpublished before the candidate
    started: the interview showed the problem (statement, starter code, examples) whose practice page was a 404. Like
    a question deactivated since, it is asked from the plan's stored text, without the problem; the interview starts."""
    from interviews.tests.factories import QuestionFactory
    from planning.models import PlanVersion
    from studypaths.models import Problem
    from studypaths.tests.factories import ProblemFactory

    problem = ProblemFactory()
    question = QuestionFactory(problem=problem.slug, prompt="Write add(a, b) that returns the sum of a and b.")
    linked = planned_question(question_id=question.id, prompt=question.prompt, category="coding")
    PlanVersion.objects.filter(pk=invited.current_version_id).update(questions=[linked, QUESTIONS[1]])
    invited.refresh_from_db()
    Problem.objects.filter(pk=problem.pk).update(is_published=False)
    with run_on_commit():
        session = interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
    asked = session.question_plan[0]
    assert (asked["question_id"], asked["prompt"]) == (None, question.prompt)
    assert not asked.get("problem")


def test_the_room_clock_is_the_duration_the_invitation_and_the_lobby_announce(client, invited):
    from planning.invitations import default_message

    _subject, body = default_message(invited)
    client.force_login(invited.candidate)
    lobby = client.get(f"/planning/lobby/{invited.id}/").content.decode()
    with run_on_commit():
        client.post(f"/planning/lobby/{invited.id}/")
    invited.refresh_from_db()
    announced = invited.duration_minutes
    assert f"{announced}-minute" in body and f"about {announced} minutes" in lobby
    assert invited.session.time_budget_seconds == announced * 60
    assert invited.session.remaining_seconds() == announced * 60  # what the room's clock starts at


def _answer_open_turn(session, candidate, text: str) -> Turn:
    turn = Turn.objects.get(session=session, status="open")
    with run_on_commit():
        interview_services.submit_answer(session=session, candidate=candidate, text=text, turn_id=turn.id)
    return Turn.objects.get(session=session, status="open")


@pytest.mark.parametrize("follow_ups", ["adaptive", "planned"])
def test_a_planned_interview_asks_follow_ups_though_its_plan_never_chose_a_count(invited, follow_ups):
    """Plans were stored without max_follow_ups_per_question and the engine read that as 0: no planned interview
    ever asked the follow-up ideas its plan page listed."""
    config = {**invited.config, "dynamic_follow_ups": follow_ups == "adaptive"}
    assert "max_follow_ups_per_question" not in config  # as every plan written before the form asked for it
    InterviewPlan.objects.filter(pk=invited.pk).update(config=config)
    invited.refresh_from_db()
    with run_on_commit():
        session = interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
        interview_services.begin_session(session=session, actor=invited.candidate)
    _answer_open_turn(session, invited.candidate, "I build APIs in Django and PostgreSQL.")
    follow_up = _answer_open_turn(session, invited.candidate, (
        "A composite index on (user_id, created_at): equality column first, then the range column, so one index "
        "range scan serves the query; an index on date alone would scan every user's rows for the day."))
    assert follow_up.kind == "follow_up" and follow_up.parent.question_number == 1
    if follow_ups == "planned":
        assert follow_up.prompt == QUESTIONS[0]["follow_up_ideas"][0]


def test_a_bank_question_the_plan_agent_chose_is_graded_on_the_banks_points_an_edited_point_on_its_text(invited):
    """The plan agent keeps a bank question's expected points as text (offline.planning._bank_question): the interview
    was graded on keywords guessed from that text, not the bank's curated ones."""
    from interviewmaster.ai.offline import planning as offline_planning
    from interviews.tests.factories import QuestionFactory

    question = QuestionFactory(category="databases", prompt=QUESTIONS[0]["prompt"])
    chosen = offline_planning._bank_question(
        {"id": question.id, "prompt": question.prompt, "category": question.category,
         "difficulty": question.difficulty, "expected_points": question.expected_points}, None, "From the bank.")
    assert chosen["expected_points"] == question.expected_point_texts  # what the plan stores
    edited = {**chosen, "expected_points": [*chosen["expected_points"][:2], "Handles an empty list of events"]}
    version = PlanVersionFactory(plan=invited, number=2, questions=[{**QUESTIONS[0], **chosen},
                                                                    {**QUESTIONS[0], **edited}])
    InterviewPlan.objects.filter(pk=invited.pk).update(current_version=version)
    invited.refresh_from_db()
    with run_on_commit():
        session = interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
    kept, with_an_edit = session.question_plan
    assert kept["question_id"] == question.id and kept["expected_points"] == question.expected_points
    assert with_an_edit["expected_points"] == [*question.expected_points[:2], "Handles an empty list of events"]


def test_another_candidate_cannot_start_it(client, invited):
    client.force_login(CandidateFactory())
    assert client.post(f"/planning/lobby/{invited.id}/").status_code == 404
    invited.refresh_from_db()
    assert invited.session is None


def test_plan_state_follows_the_session(invited):
    with run_on_commit():
        session = interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
    with run_on_commit():
        interview_services.begin_session(session=session, actor=invited.candidate)
    invited.refresh_from_db()
    assert invited.state == "in_progress"
    with run_on_commit():
        interview_services.finish_session(session=InterviewSession.objects.get(pk=session.pk),
                                          candidate=invited.candidate, confirm=True)
    invited.refresh_from_db()
    assert invited.state == "completed"
    kinds = list(PlanEvent.objects.filter(plan=invited).values_list("to_state", flat=True))
    assert "in_progress" in kinds and "completed" in kinds


def test_cancelling_before_the_start_lets_the_candidate_start_again(invited):
    session = interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
    interview_services.cancel_session(session=session, candidate=invited.candidate)
    invited.refresh_from_db()
    assert invited.state == "invited" and invited.session is None
    again = interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
    assert again.pk != session.pk


def test_the_experts_live_limit_is_a_clear_error(invited, client):
    for _ in range(5):
        InterviewPlanFactory(state="in_progress", expert=invited.expert)
    client.force_login(invited.candidate)
    response = client.post(f"/planning/lobby/{invited.id}/")
    assert response.status_code == 409 and b"live interviews" in response.content
    with pytest.raises(LiveInterviewLimit):
        interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)


def _completed_with_an_evaluation(plan):
    session = interview_link.start_planned_interview(plan=plan, candidate=plan.candidate)
    interview_services.begin_session(session=session, actor=plan.candidate)
    interview_services.finish_session(session=InterviewSession.objects.get(pk=session.pk), candidate=plan.candidate,
                                      confirm=True)
    turn = Turn.objects.create(session=session, index=50, kind="question", prompt=QUESTIONS[0]["prompt"],
                               category="databases", difficulty="medium", question_number=1, status="evaluated",
                               asked_at=timezone.now())
    Evaluation.objects.create(turn=turn, overall=40, evaluated_at=timezone.now(), category="databases",
                              criteria=[{"key": "correctness", "name": "Correctness", "score": 2},
                                        {"key": "communication", "name": "Communication", "score": 4}])
    plan.refresh_from_db()
    return turn


def test_expert_adjusts_a_score_with_a_reason_and_both_are_kept(invited):
    turn = _completed_with_an_evaluation(invited)
    adjustment = interview_link.adjust_score(plan=invited, expert=invited.expert, turn_id=turn.id,
                                             criterion="correctness", score=4, reason="Index choice was right")
    assert (adjustment.ai_score, adjustment.expert_score) == (2, 4)
    assert Evaluation.objects.get(turn=turn).criteria[0]["score"] == 2  # the AI's score is untouched
    signal = LearningSignal.objects.get(plan=invited, kind="score_delta")
    assert (signal.key, signal.value) == ("correctness", 2.0)
    rows = interview_link.criterion_scores(invited)
    assert {(r["criterion"], r["ai_score"], r["expert_score"]) for r in rows} == {
        ("correctness", 2, 4), ("communication", 4, None)}


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"score": 6}, "score"), ({"reason": "  "}, "reason"), ({"criterion": "charisma"}, "criterion"),
    ({"turn_id": 10**9}, "turn")])
def test_bad_adjustments_are_refused_with_the_field(invited, kwargs, field):
    turn = _completed_with_an_evaluation(invited)
    args = {"turn_id": turn.id, "criterion": "correctness", "score": 4, "reason": "ok", **kwargs}
    with pytest.raises(Exception) as err:
        interview_link.adjust_score(plan=invited, expert=invited.expert, **args)
    assert err.value.code == "invalid" and field in err.value.fields
    assert not ScoreAdjustment.objects.exists()


def test_a_reason_over_2000_characters_is_refused_not_cut(invited):
    """A reason of 2,500 characters was stored cut at 2,000 without a word: the expert's last sentences were lost.
    It is refused with the field now, nothing stored, for a new score and for a corrected reason alike; 2,000
    characters (the blank space around them aside) are kept whole."""
    from planning.models import ScoreReasonCorrection

    turn = _completed_with_an_evaluation(invited)
    args = {"plan": invited, "expert": invited.expert, "turn_id": turn.id, "criterion": "correctness", "score": 4}
    with pytest.raises(Exception) as err:
        interview_link.adjust_score(**args, reason="x" * 2001)
    assert err.value.code == "invalid" and "reason" in err.value.fields
    assert err.value.message == "A reason is at most 2,000 characters; this one has 2,001."
    assert not ScoreAdjustment.objects.exists() and not PlanEvent.objects.filter(kind__startswith="score.").exists()
    kept = interview_link.adjust_score(**args, reason=f"  {'y' * 2000}\n")
    assert kept.reason == "y" * 2000
    with pytest.raises(Exception) as err:  # the same score with a longer reason: no correction stored either
        interview_link.adjust_score(**args, reason="z" * 2500)
    assert err.value.code == "invalid" and "2,500" in err.value.message
    assert not ScoreReasonCorrection.objects.exists() and ScoreAdjustment.objects.count() == 1
    assert [r["reason"] for r in interview_link.criterion_scores(invited) if r["criterion"] == "correctness"] == [
        "y" * 2000]


def test_a_reasons_line_breaks_count_as_the_page_counts_them(invited):
    """A textarea sends its line breaks as CRLF: 2,000 characters with 9 line breaks, "2,000 / 2,000" on the page's
    count, were refused as 2,009 (R3). A line break is one character, and is stored as one."""
    turn = _completed_with_an_evaluation(invited)
    reason = "\r\n".join(["w" * 197] * 10) + "w" * 21
    assert len(reason.replace("\r\n", "\n")) == 2000 and len(reason) == 2009
    kept = interview_link.adjust_score(plan=invited, expert=invited.expert, turn_id=turn.id, criterion="correctness",
                                       score=4, reason=reason)
    assert kept.reason == reason.replace("\r\n", "\n") and "\r" not in kept.reason


def test_the_admins_score_form_says_a_long_reason_is_too_long_and_saves_nothing(client, invited):
    turn = _completed_with_an_evaluation(invited)
    client.force_login(invited.expert)
    page = client.post(f"/admin/planning/interviewplan/{invited.id}/act/adjust-score/",
                       {"turn": turn.id, "criterion": "correctness", "score": "5", "reason": "w " * 1200},
                       follow=True).content.decode()
    assert "A reason is at most 2,000 characters; this one has 2,399." in page
    assert "Score saved" not in page
    assert not ScoreAdjustment.objects.exists() and not LearningSignal.objects.filter(plan=invited).exists()
    assert not PlanEvent.objects.filter(plan=invited, kind__startswith="score.").exists()


def test_scores_cannot_be_adjusted_before_the_end(invited):
    interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
    with pytest.raises(Exception) as err:
        interview_link.adjust_score(plan=invited, expert=invited.expert, turn_id=1, criterion="x", score=3,
                                    reason="r")
    assert err.value.code == "plan_not_editable"


def test_a_repeated_adjustment_is_stored_once_and_a_new_score_replaces_the_lesson(client, invited):
    """The same form sent twice stored two adjustments, two audit entries and two learning signals (the lesson
    counted double); a later, different score is a new adjustment and the answer's signal is its latest gap."""
    turn = _completed_with_an_evaluation(invited)
    client.force_login(invited.expert)
    url = f"/admin/planning/interviewplan/{invited.id}/act/adjust-score/"
    form = {"turn": turn.id, "criterion": "correctness", "score": "3", "reason": "Partly right"}
    assert client.post(url, form).status_code == 302
    again = client.post(url, form, follow=True)
    assert "already adjusted to 3" in again.content.decode()
    assert ScoreAdjustment.objects.filter(plan=invited).count() == 1
    assert PlanEvent.objects.filter(plan=invited, kind="score.adjusted").count() == 1
    assert list(LearningSignal.objects.filter(plan=invited, kind="score_delta").values_list("key", "value")) == [
        ("correctness", 1.0)]
    client.post(url, {**form, "score": "5", "reason": "On reflection, fully right"})
    assert list(ScoreAdjustment.objects.filter(plan=invited).values_list("expert_score", flat=True)) == [3, 5]
    assert PlanEvent.objects.filter(plan=invited, kind="score.adjusted").count() == 2
    assert list(LearningSignal.objects.filter(plan=invited, kind="score_delta").values_list("key", "value")) == [
        ("correctness", 3.0)]
    assert {(r["criterion"], r["expert_score"]) for r in interview_link.criterion_scores(invited)} == {
        ("correctness", 5), ("communication", None)}


def test_the_same_score_with_a_corrected_reason_keeps_the_new_reason_and_counts_once(client, invited):
    """The same score sent again with a corrected reason was taken for the double-submitted form and the correction
    was dropped. Now the reason is corrected (its own row: adjustments are append-only), the audit trail says so, and
    nothing is counted twice: one adjustment, one "score.adjusted", one learning signal. The same score and reason
    again is still the no-op."""
    turn = _completed_with_an_evaluation(invited)
    client.force_login(invited.expert)
    url = f"/admin/planning/interviewplan/{invited.id}/act/adjust-score/"
    form = {"turn": turn.id, "criterion": "correctness", "score": "3", "reason": "Partly right"}
    assert client.post(url, form).status_code == 302
    corrected = {**form, "reason": "Partly right: the index was right, the query plan was not"}
    page = client.post(url, corrected, follow=True).content.decode()
    assert "Reason corrected; the score stays at 3." in page and "already adjusted" not in page
    assert "the query plan was not" in page  # the workplace's Scores table shows the corrected reason
    assert {(r["criterion"], r["expert_score"], r["reason"]) for r in interview_link.criterion_scores(invited)} == {
        ("correctness", 3, corrected["reason"]), ("communication", None, "")}
    again = client.post(url, corrected, follow=True).content.decode()
    assert "already adjusted to 3" in again
    assert ScoreAdjustment.objects.filter(plan=invited).count() == 1
    assert PlanEvent.objects.filter(plan=invited, kind="score.adjusted").count() == 1
    assert list(PlanEvent.objects.filter(plan=invited, kind="score.reason_corrected").values_list("data", flat=True)) \
        == [{"turn": turn.id, "criterion": "correctness", "expert": 3}]
    assert list(LearningSignal.objects.filter(plan=invited, kind="score_delta").values_list("key", "value")) == [
        ("correctness", 1.0)]
    # A later score after a correction supersedes the adjustment (and its corrected reason) as before.
    client.post(url, {**form, "score": "5", "reason": "Fully right"})
    assert {(r["criterion"], r["expert_score"], r["reason"]) for r in interview_link.criterion_scores(invited)} == {
        ("correctness", 5, "Fully right"), ("communication", None, "")}
    assert list(LearningSignal.objects.filter(plan=invited, kind="score_delta").values_list("key", "value")) == [
        ("correctness", 3.0)]


def _score_writes(plan) -> tuple[int, int, int, list]:
    """What adjusting a score writes: adjustments, reason corrections, plan events, learning signals (with values)."""
    return (ScoreAdjustment.objects.filter(plan=plan).count(), ScoreReasonCorrection.objects.count(),
            PlanEvent.objects.filter(plan=plan).count(),
            list(LearningSignal.objects.filter(plan=plan).values_list("id", "value", "created_at")))


def test_a_scores_reason_is_corrected_a_bounded_number_of_times(client, invited):
    """Each different reason for the same score was stored as a correction, without end: a script with the expert's
    session alternating two reasons wrote a row and an audit entry per post. A criterion's score and reason change at
    most MAX_SCORE_CHANGES times (the adjustment and its corrections together); past that a different reason is
    refused with a clear error and nothing is written, and the same reason again is still the quiet no-op."""
    limit = interview_link.MAX_SCORE_CHANGES
    turn = _completed_with_an_evaluation(invited)
    adjust = dict(plan=invited, expert=invited.expert, turn_id=turn.id, criterion="correctness", score=3)
    interview_link.adjust_score(**adjust, reason="Partly right")
    for n in range(limit - 1):
        assert interview_link.adjust_score(**adjust, reason=f"Partly right ({n % 2})").reason_corrected
    before = _score_writes(invited)
    with pytest.raises(ScoreChangeLimit) as err:
        interview_link.adjust_score(**adjust, reason="Partly right (2)")
    assert err.value.code == "score_change_limit" and err.value.status_code == 409
    assert err.value.message == (f"This score has been changed {limit} times (new scores and corrected reasons "
                                 "together), as often as it can be; the latest score and reason stand.")
    assert _score_writes(invited) == before and ScoreReasonCorrection.objects.count() == limit - 1
    assert PlanEvent.objects.filter(plan=invited, kind="score.reason_corrected").count() == limit - 1
    assert interview_link.adjust_score(**adjust, reason=f"Partly right ({(limit - 2) % 2})").repeated
    client.force_login(invited.expert)
    page = client.post(f"/admin/planning/interviewplan/{invited.id}/act/adjust-score/",
                       {"turn": turn.id, "criterion": "correctness", "score": "3", "reason": "Once more"},
                       follow=True).content.decode()
    assert f"changed {limit} times (new scores and corrected reasons together), as often as it can be" in page
    assert _score_writes(invited) == before
    assert [r["reason"] for r in interview_link.criterion_scores(invited) if r["criterion"] == "correctness"] == [
        f"Partly right ({(limit - 2) % 2})"]
    # another score is no way round it: it would be a new adjustment, a learning signal and an audit entry
    with pytest.raises(ScoreChangeLimit):
        interview_link.adjust_score(**{**adjust, "score": 4}, reason="Mostly right")
    assert _score_writes(invited) == before


def test_alternating_scores_are_bounded_too_and_past_the_bound_write_nothing(client, invited):
    """The bound on reason corrections was got round by alternating two scores: each post of 3 then 4 was a new
    adjustment, with an audit entry and a moved learning signal, 100 posts 100 rows. New scores count towards the same
    MAX_SCORE_CHANGES per answer and criterion; past it every change is refused and nothing is written, while the
    form sent twice is still the quiet "Nothing to change" and another criterion has its own bound."""
    limit = interview_link.MAX_SCORE_CHANGES
    turn = _completed_with_an_evaluation(invited)
    adjust = dict(plan=invited, expert=invited.expert, turn_id=turn.id, criterion="correctness")
    for n in range(limit):
        made = interview_link.adjust_score(**adjust, score=3 + n % 2, reason="Flip")
        assert not made.repeated and not made.reason_corrected
    before = _score_writes(invited)
    assert before[:2] == (limit, 0)
    assert PlanEvent.objects.filter(plan=invited, kind="score.adjusted").count() == limit
    latest = 3 + (limit - 1) % 2
    for score, reason in ((7 - latest, "Flip"), (latest, "Flip, said better"), (7 - latest, "Flip")):
        with pytest.raises(ScoreChangeLimit) as err:
            interview_link.adjust_score(**adjust, score=score, reason=reason)
        assert err.value.code == "score_change_limit"
    assert _score_writes(invited) == before
    client.force_login(invited.expert)
    url = f"/admin/planning/interviewplan/{invited.id}/act/adjust-score/"
    page = client.post(url, {"turn": turn.id, "criterion": "correctness", "score": str(7 - latest), "reason": "Flip"},
                       follow=True).content.decode()
    assert f"This score has been changed {limit} times" in page and "Score saved" not in page
    again = client.post(url, {"turn": turn.id, "criterion": "correctness", "score": str(latest), "reason": "Flip"},
                        follow=True).content.decode()
    assert f"Nothing to change: the score was already adjusted to {latest}." in again
    assert _score_writes(invited) == before
    assert {(r["criterion"], r["expert_score"]) for r in interview_link.criterion_scores(invited)} == {
        ("correctness", latest), ("communication", None)}
    assert not interview_link.adjust_score(**{**adjust, "criterion": "communication"}, score=2, reason="Terse").repeated


def _plan_with_an_answer():
    """An invited plan whose interview ended with an evaluated answer: the plan and that answer's turn."""
    candidate = CandidateFactory(email="grace@example.com")
    plan = InterviewPlanFactory(state="invited", candidate=candidate, candidate_email=candidate.email)
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=PlanVersionFactory(plan=plan, questions=QUESTIONS))
    plan.refresh_from_db()
    return plan, _completed_with_an_evaluation(plan)


def _adjust_twice_at_once(plan, turn, *, reason: str) -> list:
    """The admin's adjust-score form posted twice at the same moment (a double click), on real connections: the
    status codes."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection
    from django.test import Client

    barrier = Barrier(2)

    def post(_):
        client = Client()
        client.force_login(plan.expert)
        barrier.wait()
        try:
            return client.post(f"/admin/planning/interviewplan/{plan.id}/act/adjust-score/",
                               {"turn": turn.id, "criterion": "correctness", "score": "3",
                                "reason": reason}).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(post, range(2)))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_adjustments_posted_at_once_are_stored_once():
    """Two posts of one adjustment at the same moment (a double click): one adjustment, one audit entry, one
    learning signal. Real connections on PostgreSQL, so the plan's row lock is what serialises them."""
    plan, turn = _plan_with_an_answer()
    assert _adjust_twice_at_once(plan, turn, reason="Partly right") == [302, 302]
    assert ScoreAdjustment.objects.filter(plan=plan).count() == 1
    assert PlanEvent.objects.filter(plan=plan, kind="score.adjusted").count() == 1
    assert list(LearningSignal.objects.filter(plan=plan, kind="score_delta").values_list("key", "value")) == [
        ("correctness", 1.0)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reason_corrections_posted_at_once_are_stored_once():
    """A double-clicked correction of the reason: the second post reads the first's correction under the plan's lock
    and is the no-op, so the audit trail says it once."""
    plan, turn = _plan_with_an_answer()
    interview_link.adjust_score(plan=plan, expert=plan.expert, turn_id=turn.id, criterion="correctness", score=3,
                                reason="Partly right")
    assert _adjust_twice_at_once(plan, turn, reason="Partly right: the query plan was not") == [302, 302]
    assert ScoreAdjustment.objects.filter(plan=plan).count() == 1
    assert PlanEvent.objects.filter(plan=plan, kind="score.reason_corrected").count() == 1
    assert [r["reason"] for r in interview_link.criterion_scores(plan) if r["criterion"] == "correctness"] == [
        "Partly right: the query plan was not"]


def test_admin_adjust_score_and_watch_pages(client, invited):
    turn = _completed_with_an_evaluation(invited)
    client.force_login(invited.expert)
    page = client.get(f"/admin/planning/interviewplan/{invited.id}/change/")
    assert page.status_code == 200 and b'id="scores-heading"' in page.content
    response = client.post(f"/admin/planning/interviewplan/{invited.id}/act/adjust-score/",
                           {"turn": turn.id, "criterion": "correctness", "score": "5", "reason": "Great trade-offs"})
    assert response.status_code == 302
    assert ScoreAdjustment.objects.get().expert_score == 5
    watch = client.get(f"/admin/planning/interviewplan/{invited.id}/watch/")
    assert watch.status_code == 200 and f'data-session="{invited.session_id}"'.encode() in watch.content
    client.force_login(ExpertFactory())
    assert client.get(f"/admin/planning/interviewplan/{invited.id}/watch/").status_code == 404


def test_the_watch_page_gives_its_script_the_experts_zone(client, invited):
    """The script writes when an answer was submitted and a hint taken: in the profile's zone, as the page does, not
    the browser's."""
    interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
    invited.expert.timezone = "Pacific/Auckland"
    invited.expert.save(update_fields=["timezone"])
    client.force_login(invited.expert)
    watch = client.get(f"/admin/planning/interviewplan/{invited.id}/watch/")
    assert watch.status_code == 200 and b'data-time-zone="Pacific/Auckland"' in watch.content


def test_the_watch_page_is_drawn_from_the_observers_state_with_integrity_per_question(client, invited):
    session = interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
    with run_on_commit():
        interview_services.begin_session(session=session, actor=invited.candidate)
    for text in ("I build APIs.", "<script>alert(1)</script> A composite index on (user_id, created_at)."):
        turn = Turn.objects.get(session=session, status="open")
        interview_services.record_signal(session=session, candidate=invited.candidate, kind="paste", turn_id=turn.id)
        with run_on_commit():
            interview_services.submit_answer(session=InterviewSession.objects.get(pk=session.pk),
                                             candidate=invited.candidate, text=text, turn_id=turn.id)
    follow_up = Turn.objects.get(session=session, status="open")  # a planned interview asks follow-ups too
    assert (follow_up.kind, follow_up.question_number) == ("follow_up", 1)
    with run_on_commit():
        interview_services.submit_answer(session=InterviewSession.objects.get(pk=session.pk),
                                         candidate=invited.candidate, text="next", turn_id=follow_up.id)
    second = Turn.objects.get(session=session, status="open")
    assert second.question_number == 2
    interview_services.record_signal(session=session, candidate=invited.candidate, kind="visibility",
                                     turn_id=second.id)
    interview_services.record_signal(session=session, candidate=invited.candidate, kind="idle", turn_id=second.id,
                                     seconds=312)
    client.force_login(invited.expert)
    page = client.get(f"/admin/planning/interviewplan/{invited.id}/watch/")
    html = page.content.decode()
    # the longest idle spell as a duration ("312 s" before), and none said for a question without one
    assert "<td>1</td><td>1 (5 min 12 s)</td>" in html and "(0 s)" not in html and "(0 min)" not in html
    # The inline style carries the page's CSP nonce (without it the browser dropped the page's styles).
    assert f'<style nonce="{page.wsgi_request.csp_nonce}">' in html and html.count("<style") == html.count("nonce=")
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td><td>(\d+)</td>', html)
    assert rows == [("Warm-up", "1", "0"), ("Question 1", "1", "0"), ("Question 2", "0", "1")]
    state = json.loads(re.search(r'<script id="watch-state" type="application/json">(.*?)</script>', html,
                                 re.DOTALL).group(1))
    assert [(t["kind"], t["question_number"]) for t in state["transcript"]] == [
        ("warm_up", 0), ("question", 1), ("follow_up", 1), ("question", 2)]
    assert state["transcript"][1]["answer"]["text"].startswith("<script>")  # data for the script, shown as text
    assert "<script>alert(1)" not in html  # json_script escapes it: no markup reaches the page
    # The session's state in the model's words, and the same words for the script to redraw the line with.
    assert "<span data-watch-state>In progress</span>" in html
    labels = json.loads(re.search(r'<script id="watch-state-labels" type="application/json">(.*?)</script>', html,
                                  re.DOTALL).group(1))
    assert labels["in_progress"] == "In progress" and labels["created"] == "Created"
    # why an interview ended, in the words the script writes when it does ("the time ran out", not "time up")
    from interviews.models import EndReason

    reasons = json.loads(re.search(r'<script id="watch-end-reasons" type="application/json">(.*?)</script>', html,
                                   re.DOTALL).group(1))
    assert reasons == {reason.value: reason.label for reason in EndReason}
    assert reasons["time_up"] == "The time ran out"


def test_integrity_counts_add_up_per_question_follow_ups_included():
    from interviews.presenters import integrity_by_question

    def turn(number, **counts):
        return {"question_number": number, "integrity": {"paste_count": 0, "visibility_count": 0, "idle_count": 0,
                                                         "longest_idle_seconds": 0, "hints_used": 0,
                                                         "pause_count": 0, "paused_seconds": 0, **counts}}

    rows = integrity_by_question([turn(0), turn(1, paste_count=1, idle_count=1, longest_idle_seconds=90),
                                  turn(1, paste_count=2, idle_count=1, longest_idle_seconds=40, hints_used=1,
                                       pause_count=1, paused_seconds=75),
                                  turn(2, visibility_count=3, pause_count=2, paused_seconds=30)])
    assert rows == [
        {"question_number": 0, "paste_count": 0, "visibility_count": 0, "idle_count": 0, "longest_idle_seconds": 0,
         "hints_used": 0, "pause_count": 0, "paused_seconds": 0},
        {"question_number": 1, "paste_count": 3, "visibility_count": 0, "idle_count": 2, "longest_idle_seconds": 90,
         "hints_used": 1, "pause_count": 1, "paused_seconds": 75},
        {"question_number": 2, "paste_count": 0, "visibility_count": 3, "idle_count": 0, "longest_idle_seconds": 0,
         "hints_used": 0, "pause_count": 2, "paused_seconds": 30}]


def test_the_watch_page_shows_the_hints_given_after_a_reload_and_only_to_the_observer(client, invited):
    from interviews import hints, presenters

    session = interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
    with run_on_commit():
        interview_services.begin_session(session=session, actor=invited.candidate)
    turn = Turn.objects.get(session=session, status="open")
    given = []
    for _ in range(2):
        interview_services.request_hint(session=InterviewSession.objects.get(pk=session.pk),
                                        candidate=invited.candidate)
        given.append(hints.give_hint(turn_id=turn.id))  # what the `ai` worker does; the text is sent, then gone
    assert all(given)

    client.force_login(invited.expert)
    html = client.get(f"/admin/planning/interviewplan/{invited.id}/watch/").content.decode()
    state = json.loads(re.search(r'<script id="watch-state" type="application/json">(.*?)</script>', html,
                                 re.DOTALL).group(1))
    shown = {t["turn"]: t["hints"] for t in state["transcript"]}
    assert [h["text"] for h in shown[turn.id]] == given and all(h["at"] for h in shown[turn.id])

    candidate_state = presenters.room_state(InterviewSession.objects.get(pk=session.pk), role="candidate")
    assert "transcript" not in candidate_state  # the candidate's room is as before
    client.force_login(ExpertFactory())  # another expert: not this plan's
    response = client.get(f"/admin/planning/interviewplan/{invited.id}/watch/")
    assert response.status_code == 404 and given[0] not in response.content.decode()
    client.force_login(invited.candidate)  # the candidate has no way into the expert's workplace
    response = client.get(f"/admin/planning/interviewplan/{invited.id}/watch/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_a_redelivered_hint_task_gives_the_hint_once(invited):
    from interviews import hints, presenters
    from interviews.models import SessionEvent

    session = interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
    with run_on_commit():
        interview_services.begin_session(session=session, actor=invited.candidate)
    turn = Turn.objects.get(session=session, status="open")
    interview_services.request_hint(session=InterviewSession.objects.get(pk=session.pk), candidate=invited.candidate)
    assert hints.give_hint(turn_id=turn.id) and hints.give_hint(turn_id=turn.id) is None
    assert SessionEvent.objects.filter(turn=turn, kind=hints.HINT_GIVEN).count() == 1
    assert len(presenters.hints_given(session)[turn.id]) == 1


@pytest.mark.parametrize("begun", [False, True], ids=["not-yet-begun", "running"])
def test_cancelling_the_plan_ends_its_interview_and_the_lobby_refuses_to_start_it(client, invited, begun):
    from interviews.errors import SessionNotLive
    from planning import services

    client.force_login(invited.candidate)
    with run_on_commit():
        assert client.post(f"/planning/lobby/{invited.id}/").status_code == 302
    invited.refresh_from_db()
    session = invited.session
    if begun:
        with run_on_commit():
            interview_services.begin_session(session=session, actor=invited.candidate)
    with run_on_commit():
        services.cancel_plan(plan=invited, expert=invited.expert, comment="Position filled")

    session.refresh_from_db()
    invited.refresh_from_db()
    assert (session.state, session.end_reason) == ("cancelled", "plan_cancelled")
    assert invited.state == "cancelled" and invited.session_id == session.id  # the record stays with the plan
    assert not Turn.objects.filter(session=session, status="open").exists()
    response = client.post(f"/planning/lobby/{invited.id}/")  # Start again: refused, no way back into the room
    assert response.status_code == 409 and b"cancelled" in response.content
    assert InterviewSession.objects.filter(candidate=invited.candidate).count() == 1
    with pytest.raises(SessionNotLive):
        interview_services.submit_answer(session=session, candidate=invited.candidate, text="A late answer")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_cancelling_while_the_candidate_finishes_does_not_deadlock(invited):
    """The candidate's finish locks the session and then moves the plan; cancel took the plan and then the session, so
    the two could deadlock (PostgreSQL aborted one: a 500 for the expert or the candidate)."""
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, transaction

    from planning import services

    with run_on_commit():
        session = interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
        interview_services.begin_session(session=session, actor=invited.candidate)
    session_locked = threading.Event()

    def finish(_):
        try:
            with transaction.atomic():
                InterviewSession.objects.select_for_update().get(pk=session.pk)  # as finish_session does first
                session_locked.set()
                time.sleep(0.5)  # the expert's cancel arrives meanwhile
                interview_services.finish_session(session=session, candidate=invited.candidate, confirm=True)
            return "finished"
        except Exception as exc:  # noqa: BLE001 - the outcome is the test's subject
            return repr(exc)
        finally:
            connection.close()

    def cancel(_):
        session_locked.wait(5)
        try:
            services.cancel_plan(plan=InterviewPlan.objects.get(pk=invited.pk), expert=invited.expert)
            return "cancelled"
        except Exception as exc:  # noqa: BLE001
            return repr(exc)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = [f.result() for f in [pool.submit(finish, 0), pool.submit(cancel, 0)]]
    # The cancel waits for the finish, then finds the plan completed and says so (no deadlock, no 500).
    assert outcomes == ["finished", "InvalidPlanTransition('A plan that is completed cannot become cancelled.')"]
    session.refresh_from_db()
    assert session.end_reason == "finished" and InterviewPlan.objects.get(pk=invited.pk).state == "completed"


def _start_and_answer_two(plan):
    """The plan's interview begun, its warm-up and first question answered."""
    session = interview_link.start_planned_interview(plan=plan, candidate=plan.candidate)
    with run_on_commit():
        interview_services.begin_session(session=session, actor=plan.candidate)
    for text in ("I build APIs.", "A composite index on (customer_id, created_at) serves the range query."):
        turn = Turn.objects.get(session=session, status="open")
        with run_on_commit():
            interview_services.submit_answer(session=InterviewSession.objects.get(pk=session.pk),
                                             candidate=plan.candidate, text=text, turn_id=turn.id)
    return session


def test_an_abandoned_interview_leaves_the_plan_incomplete_with_its_answers_and_the_expert_invites_again(client,
                                                                                                       invited):
    from datetime import timedelta

    from django.conf import settings

    from planning import invitations

    session = _start_and_answer_two(invited)
    later = timezone.now() + timedelta(minutes=settings.INTERVIEW_IDLE_MINUTES + 1)
    with run_on_commit():
        assert interview_services.abandon_idle_sessions(now=later) == 1

    invited.refresh_from_db()
    assert invited.state == "incomplete" and invited.session.state == "abandoned"
    client.force_login(invited.candidate)
    lobby = client.get(f"/planning/lobby/{invited.id}/").content.decode()
    assert "left unfinished" in lobby and "your interview is complete" not in lobby
    client.force_login(invited.expert)
    page = client.get(f"/admin/planning/interviewplan/{invited.id}/change/").content.decode()
    assert 'id="answered-heading"' in page and "A composite index on (customer_id, created_at)" in page
    assert "Re-invite" in page and 'id="send-invitation"' in page

    with run_on_commit():
        invitations.send_invitation(plan=invited, expert=invited.expert, subject="Once more", body="Please finish.")
    invited.refresh_from_db()
    assert invited.state == "invited"
    client.force_login(invited.candidate)
    assert b"Start the interview" in client.get(f"/planning/lobby/{invited.id}/").content
    with run_on_commit():
        again = client.post(f"/planning/lobby/{invited.id}/")
    invited.refresh_from_db()
    assert invited.session_id != session.id and again["Location"] == f"/interviews/{invited.session_id}/"
    assert InterviewSession.objects.get(pk=session.pk).state == "abandoned"  # the earlier answers stay as they were
    client.force_login(invited.expert)
    page = client.get(f"/admin/planning/interviewplan/{invited.id}/change/").content.decode()
    assert f"/admin/interviews/interviewsession/{session.id}/change/" in page


def test_the_plan_page_links_the_evaluation_with_its_overall_score_once_completed(client, invited):
    session = _start_and_answer_two(invited)
    with run_on_commit():
        interview_services.finish_session(session=InterviewSession.objects.get(pk=session.pk),
                                          candidate=invited.candidate, confirm=True)
    session.refresh_from_db()
    invited.refresh_from_db()
    assert invited.state == "completed" and session.state == "evaluated"

    client.force_login(invited.expert)
    page = client.get(f"/admin/planning/interviewplan/{invited.id}/change/").content.decode()
    link = re.search(r'<p id="evaluation-link"><a class="button" href="([^"]+)">Read the evaluation</a>', page)
    assert link and link.group(1) == f"/interviews/{session.id}/report/"
    assert f"Overall {session.overall}/100" in page
    assert client.get(link.group(1)).status_code == 200


def test_the_plan_page_says_the_candidate_ended_the_interview_they_cancelled(client, invited):
    """A planned interview the candidate ended after one of its two questions read "Completed · Overall 58/100 · 1 of
    2 questions answered", as if it had run its course."""
    session = _start_and_answer_two(invited)
    with run_on_commit():
        interview_services.finish_session(session=InterviewSession.objects.get(pk=session.pk),
                                          candidate=invited.candidate, reason="cancelled", confirm=True)
    session.refresh_from_db()
    invited.refresh_from_db()
    assert invited.state == "completed" and session.end_reason == "cancelled"
    client.force_login(invited.expert)
    page = client.get(f"/admin/planning/interviewplan/{invited.id}/change/").content.decode()
    line = re.search(r'<p id="evaluation-link">(.*?)</p>', page, re.S).group(1)
    assert "Ended by the candidate after 1 of 2 questions" in line and "questions answered" not in line


def test_only_the_plans_expert_is_offered_the_watch_page(client, invited):
    """The socket lets only the interview's expert observe: an admin was offered "Watch live", drawn the candidate's
    answers, and then told "You cannot watch this interview"."""
    session = interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
    with run_on_commit():
        interview_services.begin_session(session=session, actor=invited.candidate)
    client.force_login(invited.expert)
    assert b'id="watch-live"' in client.get(f"/admin/planning/interviewplan/{invited.id}/change/").content
    client.force_login(AdminFactory())
    assert b'id="watch-live"' not in client.get(f"/admin/planning/interviewplan/{invited.id}/change/").content
    response = client.get(f"/admin/planning/interviewplan/{invited.id}/watch/")
    assert response.status_code == 302 and response["Location"] == f"/admin/planning/interviewplan/{invited.id}/change/"
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Only the plan's expert watches the interview live; the interview itself is under Interview sessions."]


def test_the_expert_adjusting_scores_sees_which_answer_came_after_a_hint(client, invited):
    """The scores the expert reviews are the AI's grading of each answer; an answer given after a hint said nothing
    of it there (the hints were kept as audit events only)."""
    from interviews.models import SessionEvent

    turn = _completed_with_an_evaluation(invited)
    SessionEvent.objects.create(session_id=invited.session_id, turn=turn, kind="hint.given",
                                data={"text": "Which column does the query filter on first?"})
    client.force_login(invited.expert)
    html = client.get(f"/admin/planning/interviewplan/{invited.id}/change/").content.decode()
    scores = html[html.index('id="scores-heading"'):]
    assert scores.count("Hint taken at <time") == 1  # once per answer, not on each criterion's row
    assert "Which column does the query filter on first?" in scores


def test_the_watch_and_question_pages_breadcrumbs_name_the_app_as_djangos_admin_does(client, invited):
    """The watch page's breadcrumb went Home › Interview plans › …, leaving out "Planning" (the app), which the plan's
    own page and Django's admin pages have."""
    import re

    interview_link.start_planned_interview(plan=invited, candidate=invited.candidate)
    client.force_login(invited.expert)
    for page in ("watch", "change"):
        html = client.get(f"/admin/planning/interviewplan/{invited.id}/{page}/").content.decode()
        crumbs = re.search(r'<div class="breadcrumbs">(.*?)</div>', html, re.S).group(1)
        names = re.findall(r">([^<]+)</a>", crumbs)
        assert names[:3] == ["Home", "Planning", "Interview plans"], (page, names)


def _score_row(page: str, turn, criterion: str) -> str:
    """The plan page's Scores row of one answer's criterion (its <tr> … </tr>)."""
    start = page.index(f'id="score-{turn.id}-{criterion}"')
    return page[start:page.index("</tr>", start)]


def test_the_score_form_preselects_the_experts_standing_score_and_says_whose(client, invited):
    """The Score select was preselected with the AI's score: after 5 (AI 2), correcting only the reason and clicking
    Save stored "2 / corrected reason", a new adjustment that moved the learning signal. The expert's standing score is
    preselected now (the AI's where there is none), and the options say which is whose."""
    turn = _completed_with_an_evaluation(invited)
    interview_link.adjust_score(plan=invited, expert=invited.expert, turn_id=turn.id, criterion="correctness",
                                score=5, reason="Fully right")
    client.force_login(invited.expert)
    page = client.get(f"/admin/planning/interviewplan/{invited.id}/change/").content.decode()
    adjusted, untouched = _score_row(page, turn, "correctness"), _score_row(page, turn, "communication")
    assert re.findall(r'<option value="(\d)" selected>', adjusted) == ["5"]
    assert '<option value="5" selected>5 (yours)</option>' in adjusted
    assert '<option value="2">2 (AI)</option>' in adjusted
    assert re.findall(r'<option value="(\d)" selected>', untouched) == ["4"]
    assert '<option value="4" selected>4 (AI)</option>' in untouched and "(yours)" not in untouched
    # the form as the page sends it, with only the reason changed, corrects the reason and keeps the 5
    response = client.post(f"/admin/planning/interviewplan/{invited.id}/act/adjust-score/",
                           {"turn": turn.id, "criterion": "correctness",
                            "score": re.search(r'<option value="(\d)" selected>', adjusted)[1],
                            "reason": "Fully right, and said why"}, follow=True)
    assert "Reason corrected; the score stays at 5." in response.content.decode()
    assert list(ScoreAdjustment.objects.values_list("expert_score", flat=True)) == [5]


def test_a_long_reason_is_refused_with_the_typed_reason_kept_in_its_box(client, invited):
    """The reason box had maxlength="2000": a pasted 2,365-character reason was cut to 2,000 in the browser and saved
    with "Score saved beside the AI's.", the server's refusal never reached. The box takes it whole now; the server
    refuses it, and the page says so beside the row with every typed character still in the box."""
    turn = _completed_with_an_evaluation(invited)
    client.force_login(invited.expert)
    page = client.get(f"/admin/planning/interviewplan/{invited.id}/change/").content.decode()
    assert "maxlength" not in _score_row(page, turn, "correctness")
    reason = "The trade-off & its <costs> were right. " * 59 + "Done."  # 2,365 characters
    assert len(reason) == 2365
    response = client.post(f"/admin/planning/interviewplan/{invited.id}/act/adjust-score/",
                           {"turn": turn.id, "criterion": "correctness", "score": "5", "reason": reason})
    assert response.status_code == 400
    row = _score_row(response.content.decode(), turn, "correctness")
    assert "A reason is at most 2,000 characters; this one has 2,365." in row
    assert re.search(r'<textarea [^>]*name="reason"[^>]*>\n?([^<]*)</textarea>', row)[1] == escape(reason)
    assert '<option value="5" selected>' in row  # the score chosen is kept too
    assert 'aria-invalid="true"' in row
    assert not ScoreAdjustment.objects.exists()
    other = _score_row(response.content.decode(), turn, "communication")  # the other rows are as they were
    assert "at most 2,000" not in other and re.search(r'name="reason"[^>]*>\n?</textarea>', other)


def test_a_score_at_its_change_limit_is_closed_and_a_refused_reason_is_kept(client, invited):
    """Once a score had been changed 20 times the form still offered Save, and the refusal lost the typed reason. The
    row says it is closed for changes, and why, with no Save; a reason posted to it anyway (a page opened before the
    20th change) is refused and shown back to copy."""
    limit = interview_link.MAX_SCORE_CHANGES
    turn = _completed_with_an_evaluation(invited)
    adjust = dict(plan=invited, expert=invited.expert, turn_id=turn.id, criterion="correctness")
    for n in range(limit):
        interview_link.adjust_score(**adjust, score=3, reason=f"Partly right ({n})")
    client.force_login(invited.expert)
    page = client.get(f"/admin/planning/interviewplan/{invited.id}/change/").content.decode()
    closed, open_row = _score_row(page, turn, "correctness"), _score_row(page, turn, "communication")
    assert "Closed for changes" in closed and f"changed {limit} times" in closed
    assert "Save" not in closed and "<form" not in closed
    assert "Save" in open_row and "Closed for changes" not in open_row
    reason = "Partly right: the index was right, the query plan was not"
    response = client.post(f"/admin/planning/interviewplan/{invited.id}/act/adjust-score/",
                           {"turn": turn.id, "criterion": "correctness", "score": "3", "reason": reason})
    assert response.status_code == 409
    row = _score_row(response.content.decode(), turn, "correctness")
    assert f"This score has been changed {limit} times" in row and reason in row and "Save" not in row
    assert ScoreReasonCorrection.objects.count() == limit - 1
