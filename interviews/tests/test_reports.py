"""The report of an interview with questions left unanswered, skipped ("next") or met with "I don't know", and what
such an interview counts for elsewhere (session 33)."""

from __future__ import annotations

from statistics import mean

import pytest
from django.utils import timezone

from analytics import selectors as analytics
from analytics.models import Award
from interviews.models import InterviewSession
from interviews.tests.factories import STRONG_ANSWER
from interviews.tests.test_api import BASE, api_for, create

pytestmark = pytest.mark.django_db


def _play(api, session_id, on_commit, answer_for) -> InterviewSession:
    """Answer every turn with `answer_for(turn)` until the interview ends; the session as reported."""
    for _ in range(40):
        turn = api.get(f"{BASE}{session_id}").json()["current_turn"]
        if turn is None:
            return InterviewSession.objects.get(id=session_id)
        response = on_commit(api.post, f"{BASE}{session_id}/answer",
                             {"turn": turn["turn"], "text": answer_for(turn)}, format="json")
        assert response.status_code == 202, response.json()
    raise AssertionError("the interview did not end")


def _started(candidate, on_commit, **config) -> tuple:
    api = api_for(candidate)
    session_id = create(api, config={"languages": ["python"], **config}).json()["id"]
    on_commit(api.post, f"{BASE}{session_id}/begin")
    return api, session_id


def _counts_for_nothing(candidate) -> None:
    """No badge, streak day, average, chart or digest line from the candidate's interviews."""
    from analytics import services

    services.evaluate_achievements(user=candidate)
    summary = analytics.dashboard_summary(candidate)
    assert analytics.achievement_facts(candidate).interviews_completed == 0
    assert not Award.objects.filter(user=candidate).exists()
    assert summary["streak"]["current"] == 0 and not summary["streak"]["practised_today"]
    assert summary["categories"] == [] and summary["criteria"] == [] and summary["score_trend"] == []
    assert summary["minutes_by_week"] == []
    assert analytics.weekly_digest(candidate, now=timezone.now())["interviews"] == 0


def test_an_interview_finished_without_an_answer_has_no_score_and_counts_for_nothing(bank, candidate, on_commit,
                                                                                     client):
    """Reviewer: open the room, finish with no answers: "0/100, an early-stage performance", the advice "Move up one
    difficulty level", and a step towards "Regular: Finished five mock interviews"."""
    api, session_id = _started(candidate, on_commit)
    assert on_commit(api.post, f"{BASE}{session_id}/finish").status_code == 200
    session = InterviewSession.objects.get(id=session_id)
    report = session.report
    assert session.state == "evaluated" and session.overall is None and report["overall"] is None
    assert (report["answered_questions"], report["total_questions"]) == (0, 3)
    assert report["summary"].startswith("No question was answered, so there is no score")
    assert report["recommendations"] == report["strengths"] == report["weaknesses"] == []
    assert report["by_category"] == report["by_criterion"] == []
    client.force_login(candidate)
    page = client.get(f"/interviews/{session_id}/report/").content.decode()
    assert "No score" in page and "0/100" not in page and "performance" not in page
    _counts_for_nothing(candidate)


def test_an_interview_answered_only_with_next_or_i_dont_know_has_no_score_and_counts_for_nothing(bank, candidate,
                                                                                                 on_commit):
    """Non-answers are evaluated (0/100 each) but answer nothing: the interview is not graded, and their zeros were a
    streak day, a point of every chart and (five times over) the "Regular" badge."""
    api, session_id = _started(candidate, on_commit)
    replies = iter(["next", "I don't know", "next", "no idea", "next", "skip", "next", "pass"])
    session = _play(api, session_id, on_commit,
                    lambda turn: "Hello, I build APIs." if turn["kind"] == "warm_up" else next(replies))
    report = session.report
    assert session.overall is None and report["overall"] is None and report["answered_questions"] == 0
    assert all(q["score"] is None and not q["answered"] for q in report["questions"])
    assert report["summary"].startswith("No question was answered") and report["recommendations"] == []
    _counts_for_nothing(candidate)


def test_a_question_met_with_next_is_a_miss_in_the_score_and_is_not_answered(bank, candidate, on_commit):
    """Skipping a main question cannot raise the overall: it is scored 0 and stays in the mean, while the report
    does not call it answered."""
    api, session_id = _started(candidate, on_commit, max_follow_ups_per_question=1)
    session = _play(api, session_id, on_commit,
                    lambda turn: "next" if turn["question_number"] == 2 and turn["kind"] == "question"
                    else STRONG_ANSWER)
    report = session.report
    scores = [q["score"] for q in report["questions"]]
    assert scores[1] == 0 and report["questions"][1]["answered"] is False
    assert (report["answered_questions"], report["missed_questions"], report["total_questions"]) == (2, 1, 3)
    assert report["overall"] == session.overall == round(mean(scores)) < round(mean(scores[::2]))
    assert report["summary"].startswith("2 of 3 questions answered; 1 met with \"next\" or \"I don't know\", "
                                        "scored 0")
    assert analytics.achievement_facts(candidate).interviews_completed == 1


def _play_until_the_clock_ends(api, session_id, on_commit, stop_at, answer=STRONG_ANSWER) -> InterviewSession:
    """Answer every turn until `stop_at(turn)` holds of the open turn, then let the clock run out there."""
    from interviews import services

    for _ in range(40):
        turn = api.get(f"{BASE}{session_id}").json()["current_turn"]
        assert turn is not None, "the interview ended before the turn to stop at"
        if stop_at(turn):
            session = InterviewSession.objects.get(id=session_id)
            InterviewSession.objects.filter(id=session_id).update(
                time_used_seconds=session.time_budget_seconds, running_since=timezone.now())
            assert on_commit(services.expire_if_out_of_time, session_id=session_id) is True
            return InterviewSession.objects.get(id=session_id)
        response = on_commit(api.post, f"{BASE}{session_id}/answer", {"turn": turn["turn"], "text": answer},
                             format="json")
        assert response.status_code == 202, response.json()
    raise AssertionError("never reached the turn to stop at")


def _earned_the_interview_badge(candidate) -> bool:
    from analytics import services

    services.evaluate_achievements(user=candidate)
    completed = analytics.achievement_facts(candidate).interviews_completed
    earned = Award.objects.filter(user=candidate, code="first_interview").exists()
    assert earned == (completed == 1)
    return earned


def test_the_clock_ending_in_the_last_questions_follow_up_still_finishes_the_interview_in_full(bank, candidate,
                                                                                               on_commit):
    """Every main question answered, the clock ran out in the last question's follow-up: "First interview" was not
    earned (only an interview ended by its last question counted), though the follow-up is not a question of the
    plan."""
    api, session_id = _started(candidate, on_commit, max_follow_ups_per_question=1)
    session = _play_until_the_clock_ends(api, session_id, on_commit, lambda turn: turn["kind"] == "follow_up"
                                         and turn["question_number"] == 3)
    assert session.end_reason == "time_up" and session.state == "evaluated" and session.overall is not None
    assert session.report["answered_questions"] == session.report["total_questions"] == 3
    assert _earned_the_interview_badge(candidate)


@pytest.mark.parametrize("stop_at", [
    pytest.param(lambda turn: turn["kind"] == "question" and turn["question_number"] == 3, id="in the last question"),
    pytest.param(lambda turn: turn["kind"] == "follow_up" and turn["question_number"] == 2,
                 id="in an earlier question's follow-up"),
])
def test_the_clock_ending_before_every_main_question_is_answered_earns_no_badge(bank, candidate, on_commit, stop_at):
    api, session_id = _started(candidate, on_commit, max_follow_ups_per_question=1)
    session = _play_until_the_clock_ends(api, session_id, on_commit, stop_at)
    assert session.end_reason == "time_up" and session.state == "evaluated" and session.overall is not None
    assert not _earned_the_interview_badge(candidate)


@pytest.mark.parametrize("plan, length", [([], 0), ([{"q": 1}] * 3, 3), ({}, None), ("abc", None), (5, None)])
def test_planned_questions_is_an_arrays_length_and_null_for_anything_else(plan, length):
    """PostgreSQL's jsonb_array_length raised on an object or a scalar (every badge of that candidate failed with
    it) and SQLite's json_array_length gave 0 ("every question asked")."""
    from accounts.tests.factories import CandidateFactory
    from interviews.models import InterviewSession
    from interviews.selectors import PlannedQuestions

    session = InterviewSession.objects.create(candidate=CandidateFactory(), mode="mock", question_plan=plan)
    annotated = InterviewSession.objects.filter(pk=session.pk).annotate(n=PlannedQuestions("question_plan"))
    assert annotated.values_list("n", flat=True).get() == length


def test_a_report_names_a_strongly_answered_follow_up_among_its_strengths():
    """"Strengths: None recorded." beside two follow-ups scored 85: the summary was given no way to tell a follow-up,
    which has no expected points to explain, from an answer that explained nothing."""
    from accounts.tests.factories import CandidateFactory
    from interviewmaster.ai.offline.writing import summarize
    from interviews.models import Evaluation, Turn
    from interviews.reports import summary_inputs

    at = timezone.now()
    session = InterviewSession.objects.create(candidate=CandidateFactory(), mode="practice", role="frontend_engineer",
                                              state="completed", started_at=at, ended_at=at,
                                              question_plan=[{"category": "coding"}, {"category": "databases"}])
    main = Turn.objects.create(session=session, index=1, kind="question", question_number=1, category="coding",
                               prompt="Write debounce(fn, wait).", status="evaluated", asked_at=at,
                               answer_text="setTimeout")
    follow = Turn.objects.create(session=session, index=2, kind="follow_up", parent=main, question_number=1,
                                 category="coding", prompt="Write throttle as well.", status="evaluated",
                                 asked_at=at, answer_text="A throttle runs at most once per window.")
    other = Turn.objects.create(session=session, index=3, kind="question", question_number=2, category="databases",
                                prompt="Explain an index.", status="evaluated", asked_at=at, answer_text="A b-tree.")
    for turn, score in ((main, 8), (follow, 85), (other, 29)):
        Evaluation.objects.create(turn=turn, category=turn.category, overall=score, evaluated_at=at)
    strengths = summarize(summary_inputs(session))["strengths"]
    assert strengths == ["Answered a follow-up well (85/100): \u201cWrite throttle as well.\u201d"]


def test_a_question_the_interview_never_reached_is_counted_so_the_figures_add_up(bank, candidate, on_commit, client):
    """An interview ended after the first of its questions reported answered 1, missed 0 of total 3: the rest were
    neither, and the report did not say so. They are `unreached_questions`, and the report page says how many."""
    from interviews import services

    api, session_id = _started(candidate, on_commit, max_follow_ups_per_question=0)
    for _ in range(3):  # the warm-up and the first question
        turn = api.get(f"{BASE}{session_id}").json()["current_turn"]
        if turn["kind"] == "question" and turn["question_number"] == 2:
            break
        on_commit(api.post, f"{BASE}{session_id}/answer", {"turn": turn["turn"], "text": STRONG_ANSWER},
                  format="json")
    # ended as the start page's "End it" ends it (end_reason "cancelled"): that too is ended early
    on_commit(services.finish_session, session=InterviewSession.objects.get(id=session_id), candidate=candidate,
              reason="cancelled")
    report = InterviewSession.objects.get(id=session_id).report
    assert report["end_reason"] == "cancelled"
    counts = (report["answered_questions"], report["missed_questions"], report["unreached_questions"])
    assert counts == (1, 0, report["total_questions"] - 1) and sum(counts) == report["total_questions"]
    client.force_login(candidate)
    page = client.get(f"/interviews/{session_id}/report/").content.decode()
    assert (f"1 of {report['total_questions']} questions answered; {report['total_questions'] - 1} not reached; "
            "ended early.") in page


def test_the_counts_add_up_when_nothing_was_answered_too():
    """Answered "I don't know" to two questions of three, then Finish: 0 answered, 0 missed, 1 not reached of 3 (the
    misses were forced to 0 when nothing was answered, so two questions were in no count)."""
    from interviews.reports import _headline

    head = _headline([{"answered": False, "score": 0}, {"answered": False, "score": 0}], 3)
    assert (head["answered_questions"], head["missed_questions"], head["unreached_questions"]) == (0, 2, 1)
    assert head["overall"] is None


def test_the_plan_page_counts_the_questions_reached_not_only_those_answered():
    """"Ended by the candidate after 1 of 3 questions" read for an interview ended at its third question with one
    answered, one met with "I don't know"."""
    from types import SimpleNamespace

    from planning.wording import outcome_text

    report = {"answered_questions": 1, "missed_questions": 1, "unreached_questions": 1, "total_questions": 3}
    assert outcome_text(SimpleNamespace(report=report, end_reason="finished")) == \
        "Ended by the candidate after 2 of 3 questions, 1 answered"
    old = {"answered_questions": 1, "total_questions": 3}  # a report written before `unreached_questions`
    assert outcome_text(SimpleNamespace(report=old, end_reason="cancelled")) == \
        "Ended by the candidate after 1 of 3 questions"
