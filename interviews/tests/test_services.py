"""The interview engine (services): start, warm-up, answers, follow-ups, adaptive difficulty, time, the end."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from accounts.tests.factories import CandidateFactory, ExpertFactory
from interviewmaster.errors import InvalidTransition
from interviewmaster.events import AppendOnlyError
from interviews import services
from interviews.errors import (
    AnswerTooLong,
    FinishNeedsConfirmation,
    InterviewAlreadyOpen,
    InvalidPlannedQuestions,
    NotEnoughQuestions,
    NotYourSession,
    SessionNotLive,
    SessionPaused,
    StaleTurn,
    TimeUp,
    TurnNotFound,
    UnsupportedAnswerLanguage,
)
from interviews.models import Evaluation, InterviewSession, Question, SessionEvent, Turn
from interviews.tests.factories import STRONG_ANSWER, QuestionFactory

pytestmark = pytest.mark.django_db


def open_turn(session) -> Turn | None:
    return Turn.objects.filter(session=session, status="open").first()


def start(candidate, **config):
    return services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                  config={"languages": ["python"], **config})


def answer(on_commit, session, candidate, text="I do not know.", **kwargs):
    turn = open_turn(session)
    return on_commit(services.submit_answer, session=session, candidate=candidate, text=text, turn_id=turn.id,
                     **kwargs)


def test_start_picks_the_configured_questions_and_sets_the_clock(bank, candidate):
    session = start(candidate)
    assert session.state == "created"
    assert [q["category"] for q in session.question_plan] == ["coding", "language_knowledge", "behavioral"]
    assert session.time_budget_seconds == 50 * 60  # 3 x 15 min + 10% -> 49.5, rounded up to 50
    assert session.current_difficulty == "medium"  # mid level starts at medium
    assert SessionEvent.objects.filter(session=session, kind="session.created").exists()


def test_opening_the_room_starts_the_clock_with_an_unscored_warm_up(bank, candidate, on_commit):
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    on_commit(services.begin_session, session=session, actor=candidate)  # a second tab: nothing new
    session.refresh_from_db()
    assert session.state == "in_progress" and session.started_at is not None
    turns = list(session.turns.all())
    assert [t.kind for t in turns] == ["warm_up"]
    answer(on_commit, session, candidate, "I build APIs in Django.")
    assert not Evaluation.objects.filter(turn=turns[0]).exists()
    current = open_turn(session)
    assert current.kind == "question" and current.question_number == 1 and current.category == "coding"


def test_a_full_session_ends_after_the_last_question_with_a_report(bank, candidate, on_commit):
    session = start(candidate, max_follow_ups_per_question=1)
    on_commit(services.begin_session, session=session, actor=candidate)
    for _ in range(20):
        if open_turn(session) is None:
            break
        answer(on_commit, session, candidate, STRONG_ANSWER)
    session.refresh_from_db()
    assert session.state == "evaluated" and session.end_reason == "last_question"
    mains = session.turns.filter(kind="question")
    assert mains.count() == 3
    for main in mains:
        assert main.follow_ups.count() <= 1
    scored = session.turns.exclude(kind="warm_up")
    assert Evaluation.objects.filter(turn__in=scored).count() == scored.count()
    report = session.report
    assert report["answered_questions"] == 3 and 0 <= report["overall"] <= 100
    assert {c["key"] for c in report["by_criterion"]} >= {"correctness", "communication"}
    assert len(report["questions"]) == 3 and report["transcript"][0]["kind"] == "warm_up"
    assert session.overall == report["overall"]


def test_evaluation_rows_keep_per_criterion_scores_with_anchors(bank, candidate, on_commit):
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    answer(on_commit, session, candidate, STRONG_ANSWER)
    evaluation = Evaluation.objects.get()
    assert evaluation.category == "coding" and 0 <= evaluation.overall <= 100
    assert set(evaluation.scores) == {c["key"] for c in evaluation.criteria}
    for row in evaluation.criteria:
        assert 1 <= row["score"] <= 5 and row["anchor"]
    assert evaluation.provider == "offline" and evaluation.evaluated_at is not None
    assert evaluation.candidate_id == candidate.id  # denormalised for analytics
    # Queryable for the dashboards: a JSON key lookup on the scores.
    assert Evaluation.objects.filter(scores__correctness__gte=1).count() == 1


def test_a_code_only_answer_is_evaluated(bank, candidate, on_commit):
    """Code with no prose divided by zero in the grading caps (every provider's): the evaluation failed, was retried,
    and the answer would have ended "Not scored"."""
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    coding = open_turn(session)
    assert coding.category == "coding"
    answer(on_commit, session, candidate, text="", code="def solve(items):\n    return sorted(items)\n",
           language="python")
    evaluation = Evaluation.objects.get(turn=coding)
    assert evaluation.provider == "offline" and 0 <= evaluation.overall <= 100


def test_follow_ups_stop_at_the_configured_limit_even_if_the_ai_always_wants_more(bank, candidate, on_commit):
    session = start(candidate, max_follow_ups_per_question=2)
    proposal = mock.Mock(data={"follow_up": "And what about the next layer down?", "strategy": "deepen",
                               "reason": "always"}, provider="stub", model="stub")
    from interviewmaster import ai

    original = ai.complete_json

    def fake(task, inputs, schema=None, **kwargs):
        return proposal if task == "follow_up" else original(task, inputs, schema, **kwargs)

    with mock.patch.object(ai, "complete_json", side_effect=fake):
        on_commit(services.begin_session, session=session, actor=candidate)
        for _ in range(20):
            if open_turn(session) is None:
                break
            answer(on_commit, session, candidate, STRONG_ANSWER)
    counts = [m.follow_ups.count() for m in session.turns.filter(kind="question")]
    assert counts == [2, 2, 2]


def _always_probing(proposal_strategy="clarify"):
    """complete_json with a provider that wants a probe after every answer (offline for everything else); the inputs
    of each follow_up call are kept in `.calls`."""
    from interviewmaster import ai

    original, calls = ai.complete_json, []

    def fake(task, inputs, schema=None, **kwargs):
        if task != "follow_up":
            return original(task, inputs, schema, **kwargs)
        calls.append(inputs)
        return mock.Mock(data={"follow_up": "And what about the next layer down?", "strategy": proposal_strategy,
                               "reason": "always"}, provider="stub", model="stub")

    patch = mock.patch.object(ai, "complete_json", side_effect=fake)
    patch.calls = calls
    return patch


def test_the_follow_up_chooser_is_told_the_hints_given_on_the_question(bank, candidate, on_commit):
    """A follow-up repeated the hint given on its question word for word ("How could dynamic programming help
    here…"): the chooser was told the follow-ups asked, not the hints given (session 33 review)."""
    session = start(candidate)
    probing = _always_probing("clarify")
    with probing:
        on_commit(services.begin_session, session=session, actor=candidate)
        answer(on_commit, session, candidate, "I build APIs in Django.")
        main = open_turn(session)
        SessionEvent.objects.create(session=session, turn=main, kind="hint.given", data={"text": "Hint lynx-7743"})
        answer(on_commit, session, candidate, STRONG_ANSWER)
    assert probing.calls and probing.calls[-1]["hints"] == ["Hint lynx-7743"]


def test_quick_start_asks_at_most_two_follow_ups_per_question(bank, candidate, on_commit):
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                      config={"languages": ["python"]})  # the mode's own follow-up budget
    with _always_probing("deepen"):
        on_commit(services.begin_session, session=session, actor=candidate)
        for _ in range(20):
            if open_turn(session) is None:
                break
            answer(on_commit, session, candidate, STRONG_ANSWER)
    assert [m.follow_ups.count() for m in session.turns.filter(kind="question")] == [2, 2, 2]


def test_i_dont_know_gets_one_gentle_hint_then_the_next_question(bank, candidate, on_commit):
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "I build APIs in Django.")
    answer(on_commit, session, candidate, "I don't know.")
    hint = open_turn(session)
    assert hint.kind == "follow_up" and hint.strategy == "hint" and hint.question_number == 1
    answer(on_commit, session, candidate, "Sorry, no idea")
    following = open_turn(session)
    assert following.kind == "question" and following.question_number == 2


@pytest.mark.parametrize("text", ["Next.", "skip", "pass", "Next question please"])
def test_asking_to_move_on_moves_on_without_a_follow_up(bank, candidate, on_commit, text):
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "I build APIs in Django.")
    answer(on_commit, session, candidate, text)
    following = open_turn(session)
    assert following.kind == "question" and following.question_number == 2
    assert SessionEvent.objects.filter(session=session, kind="follow_up.skipped").exists()


def test_a_non_answer_is_only_offered_a_hint_whatever_the_provider_wants(bank, candidate, on_commit):
    session = start(candidate, max_follow_ups_per_question=10)
    probing = _always_probing("clarify")
    with probing:
        on_commit(services.begin_session, session=session, actor=candidate)
        answer(on_commit, session, candidate, "I build APIs in Django.")
        for _ in range(6):  # what a candidate got: "I don't know" / "Next." and a probe after each
            answer(on_commit, session, candidate, "I don't know")
            if open_turn(session).question_number > 1:
                break
    assert [s["id"] for s in probing.calls[0]["strategies"]] == ["hint"]
    assert open_turn(session).kind == "question" and open_turn(session).question_number == 2
    assert Turn.objects.filter(session=session, kind="follow_up").count() == 0  # a clarify was not what we asked


def test_two_strong_questions_move_difficulty_up_one_level(bank, candidate, on_commit):
    session = start(candidate, max_follow_ups_per_question=0,
                    question_distribution={"language_knowledge": 3}, total_questions=3)
    from interviewmaster import ai

    original = ai.complete_json

    def strong(task, inputs, schema=None, **kwargs):
        if task == "evaluate_answer":
            return mock.Mock(data={"score": 95, "criteria": [{"key": "correctness", "score": 5, "rationale": "x"}],
                                   "covered_points": [], "missing_points": [], "feedback": "ok"},
                             provider="stub", model="stub")
        return original(task, inputs, schema, **kwargs)

    with mock.patch.object(ai, "complete_json", side_effect=strong):
        on_commit(services.begin_session, session=session, actor=candidate)
        difficulties = []
        for _ in range(4):
            turn = open_turn(session)
            if turn is None:
                break
            if turn.kind == "question":
                difficulties.append(turn.difficulty)
            answer(on_commit, session, candidate, STRONG_ANSWER)
    assert difficulties == ["medium", "medium", "hard"]
    assert SessionEvent.objects.filter(session=session, kind="difficulty.adapted").exists()


def test_a_weak_answer_moves_difficulty_down_one_level(bank, candidate, on_commit):
    session = start(candidate, max_follow_ups_per_question=0)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    answer(on_commit, session, candidate, "no idea")
    session.refresh_from_db()
    assert session.current_difficulty == "easy"
    assert open_turn(session).difficulty == "easy"


def test_a_second_submit_of_the_same_turn_does_not_land(bank, candidate, on_commit):
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    turn = open_turn(session)
    on_commit(services.submit_answer, session=session, candidate=candidate, text="first", turn_id=turn.id)
    with pytest.raises(StaleTurn):
        on_commit(services.submit_answer, session=session, candidate=candidate, text="second", turn_id=turn.id)
    turn.refresh_from_db()
    assert turn.answer_text == "first"
    assert SessionEvent.objects.filter(session=session, kind="answer.submitted").count() == 1


def test_another_user_cannot_touch_the_session(bank, candidate):
    session = start(candidate)
    intruder = CandidateFactory()
    for call in (lambda: services.begin_session(session=session, actor=intruder),
                 lambda: services.submit_answer(session=session, candidate=intruder, text="x"),
                 lambda: services.save_draft(session=session, candidate=intruder, turn_id=1, text="x"),
                 lambda: services.finish_session(session=session, candidate=intruder),
                 lambda: services.pause_session(session=session, candidate=intruder)):
        with pytest.raises(NotYourSession) as error:
            call()
        assert error.value.code == "not_found"


def test_drafts_are_kept_and_the_first_keystroke_is_recorded(bank, candidate, on_commit):
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    turn = open_turn(session)
    services.save_draft(session=session, candidate=candidate, turn_id=turn.id, text="", code="")
    turn.refresh_from_db()
    assert turn.first_keystroke_at is None
    services.save_draft(session=session, candidate=candidate, turn_id=turn.id, text="Hello", code="x = 1",
                        language="python")
    turn.refresh_from_db()
    assert (turn.draft_text, turn.draft_code, turn.draft_language) == ("Hello", "x = 1", "python")
    assert turn.first_keystroke_at is not None
    with pytest.raises(TurnNotFound):  # no such turn in this interview: 404, not "already answered"
        services.save_draft(session=session, candidate=candidate, turn_id=turn.id + 999, text="lost?")


def test_bad_input_is_refused_with_a_clear_error_and_nothing_changes(bank, candidate, on_commit):
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    turn = open_turn(session)
    with pytest.raises(AnswerTooLong) as error:
        services.submit_answer(session=session, candidate=candidate, text="x" * 20_001, turn_id=turn.id)
    assert error.value.code == "answer_too_long"
    with pytest.raises(UnsupportedAnswerLanguage):
        services.submit_answer(session=session, candidate=candidate, text="", code="print(1)", language="cobol",
                               turn_id=turn.id)
    turn.refresh_from_db()
    assert turn.status == "open" and turn.answer_text == ""


def test_pause_stops_both_clocks_and_resume_restarts_them(bank, candidate, on_commit):
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    earlier = timezone.now() - timedelta(seconds=100)
    InterviewSession.objects.filter(id=session.id).update(running_since=earlier)
    Turn.objects.filter(session=session).update(running_since=earlier)
    on_commit(services.pause_session, session=session, candidate=candidate)
    session.refresh_from_db()
    turn = open_turn(session)
    assert session.state == "paused" and session.running_since is None
    assert 100 <= session.time_used_seconds <= 102 and 100 <= turn.elapsed_seconds <= 102
    remaining = session.remaining_seconds()
    with pytest.raises(SessionPaused):
        services.submit_answer(session=session, candidate=candidate, text="x", turn_id=turn.id)
    on_commit(services.resume_session, session=session, candidate=candidate)
    session.refresh_from_db()
    assert session.state == "in_progress" and abs(session.remaining_seconds() - remaining) <= 1


def test_a_paused_interview_refuses_drafts_and_is_still_abandoned_after_the_idle_limit(bank, candidate, on_commit,
                                                                                       settings):
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    turn = open_turn(session)
    services.save_draft(session=session, candidate=candidate, turn_id=turn.id, text="before the pause")
    on_commit(services.pause_session, session=session, candidate=candidate)
    paused_at = InterviewSession.objects.get(id=session.id).last_activity_at
    with pytest.raises(SessionPaused) as error:
        services.save_draft(session=session, candidate=candidate, turn_id=turn.id, text="typed while paused")
    assert error.value.code == "interview_paused"
    turn.refresh_from_db()
    session.refresh_from_db()
    assert turn.draft_text == "before the pause" and session.last_activity_at == paused_at  # idle time runs on
    assert not SessionEvent.objects.filter(session=session, kind="draft.saved", data__text_chars=18).exists()
    assert on_commit(services.abandon_idle_sessions,
                     now=paused_at + timedelta(minutes=settings.INTERVIEW_IDLE_MINUTES + 1)) == 1
    session.refresh_from_db()
    assert (session.state, session.end_reason) == ("abandoned", "idle")


def test_paused_time_is_recorded_and_shown_in_the_report_and_the_observers_state(bank, candidate, on_commit):
    from interviews import presenters

    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    on_commit(services.pause_session, session=session, candidate=candidate)
    InterviewSession.objects.filter(id=session.id).update(paused_since=timezone.now() - timedelta(seconds=90))
    session.refresh_from_db()
    assert 90 <= presenters.session_payload(session)["paused_seconds"] <= 92  # the pause under way counts
    on_commit(services.resume_session, session=session, candidate=candidate)
    session.refresh_from_db()
    assert 90 <= session.paused_seconds <= 92 and session.paused_since is None
    on_commit(services.pause_session, session=session, candidate=candidate)
    InterviewSession.objects.filter(id=session.id).update(paused_since=timezone.now() - timedelta(seconds=30))
    session.refresh_from_db()
    on_commit(services.finish_session, session=session, candidate=candidate)  # finishing ends the pause too
    session.refresh_from_db()
    assert 120 <= session.paused_seconds <= 123 and session.paused_since is None
    assert session.report["behaviour"]["paused_seconds"] == session.paused_seconds


def test_the_first_keystroke_is_timed_on_the_turns_clock_like_the_time_spent(bank, candidate, on_commit):
    """Asked ten minutes ago, paused for most of them: typing came 3 s into the turn's own clock, not 600 s."""
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    turn = open_turn(session)
    now = timezone.now()
    Turn.objects.filter(id=turn.id).update(asked_at=now - timedelta(seconds=600), elapsed_seconds=3, running_since=now)
    services.save_draft(session=session, candidate=candidate, turn_id=turn.id, text="A hash map")
    turn.refresh_from_db()
    assert 3 <= turn.first_keystroke_seconds <= 4
    answer(on_commit, session, candidate, STRONG_ANSWER)
    on_commit(services.finish_session, session=session, candidate=candidate)
    session.refresh_from_db()
    behaviour = next(t["behaviour"] for q in session.report["questions"] for t in q["turns"] if t["turn"] == turn.id)
    assert 3 <= behaviour["seconds_to_first_keystroke"] <= behaviour["seconds_spent"]


def test_finishing_early_skips_the_open_question_and_still_reports(bank, candidate, on_commit):
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    answer(on_commit, session, candidate, STRONG_ANSWER)
    on_commit(services.finish_session, session=session, candidate=candidate)
    session.refresh_from_db()
    assert session.state == "evaluated" and session.end_reason == "finished"
    assert session.turns.filter(status="skipped").count() == 1
    with pytest.raises(SessionNotLive) as error:
        services.submit_answer(session=session, candidate=candidate, text="late")
    assert error.value.code == "interview_not_live"


def test_ending_a_begun_interview_with_nothing_answered_cancels_it_and_with_an_answer_reports_it(bank, candidate,
                                                                                                    on_commit):
    """"End it" on the start page for an interview whose room was opened (the warm-up answered, or not even that) was
    completed and listed "Evaluated —", as if it had been taken; it is cancelled now. A skipped question ("next") is
    not an answer either; a real answer still goes to the report."""
    empty = start(candidate)
    on_commit(services.begin_session, session=empty, actor=candidate)
    answer(on_commit, empty, candidate, "Hi, I build backend services in Python.")  # the warm-up
    answer(on_commit, empty, candidate, "next")
    on_commit(services.finish_session, session=empty, candidate=candidate, reason="cancelled")
    empty.refresh_from_db()
    assert (empty.state, empty.end_reason, empty.overall) == ("cancelled", "cancelled", None)
    assert empty.turns.filter(status="open").count() == 0

    taken = start(candidate)
    on_commit(services.begin_session, session=taken, actor=candidate)
    answer(on_commit, taken, candidate, "warm up")
    answer(on_commit, taken, candidate, STRONG_ANSWER)
    on_commit(services.finish_session, session=taken, candidate=candidate, reason="cancelled")
    taken.refresh_from_db()
    assert taken.state == "evaluated" and taken.overall is not None


def test_time_up_ends_the_interview(bank, candidate, on_commit):
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    InterviewSession.objects.filter(id=session.id).update(time_used_seconds=session.time_budget_seconds)
    assert on_commit(services.expire_if_out_of_time, session_id=session.id) is True
    session.refresh_from_db()
    assert session.end_reason == "time_up" and session.state in ("completed", "evaluated")
    assert services.expire_if_out_of_time(session_id=session.id) is False


def test_state_machine_refuses_an_illegal_transition_and_a_lost_race(bank, candidate):
    session = start(candidate)
    with pytest.raises(InvalidTransition):
        services.transition(session, "evaluated")
    stale = InterviewSession.objects.get(id=session.id)
    services.transition(session, "in_progress")
    with pytest.raises(InvalidTransition) as error:
        services.transition(stale, "in_progress")  # still thinks it is "created": the conditional UPDATE loses
    assert error.value.code == "invalid_transition"
    assert SessionEvent.objects.filter(session=session, kind="state.changed").count() == 1


def test_concurrency_limit_per_candidate(bank, candidate):
    start(candidate)
    with pytest.raises(InterviewAlreadyOpen) as error:
        start(candidate)
    assert error.value.code == "interview_already_open" and error.value.status_code == 409


def test_seen_questions_are_avoided_next_time(bank, candidate, on_commit):
    first = start(candidate, max_follow_ups_per_question=0)
    on_commit(services.begin_session, session=first, actor=candidate)
    for _ in range(5):
        if open_turn(first) is None:
            break
        answer(on_commit, first, candidate, STRONG_ANSWER)
    asked = set(first.turns.filter(question__isnull=False).values_list("question_id", flat=True))
    second = start(candidate, adaptive_difficulty=False)
    assert asked and not asked & {q["question_id"] for q in second.question_plan}


def test_confirmed_resume_skills_steer_selection(bank, candidate):
    with mock.patch("resumes.selectors.confirmed_skills_for", return_value=[mock.Mock(name="s")]) as skills:
        skills.return_value[0].name = "Go"
        session = start(candidate)
    assert skills.called and session.question_plan


def test_planned_questions_replace_selection_and_the_expert_is_kept(db, candidate, on_commit):
    expert = ExpertFactory()
    bank_question = QuestionFactory(category="databases", difficulty="hard")
    session = services.start_session(
        candidate=candidate, mode="custom_config", role="backend_engineer", config={"max_follow_ups_per_question": 1},
        planned_questions=[
            {"question_id": bank_question.id, "follow_up_ideas": ["How would you shard it?"]},
            {"prompt": "Walk me through how you would design a URL shortener.", "category": "system_design",
             "difficulty": "medium", "expected_points": ["hashing"], "follow_up_ideas": []},
        ], expert=expert)
    assert session.is_planned and session.expert == expert
    assert [q["category"] for q in session.question_plan] == ["databases", "system_design"]
    assert session.question_plan[0]["follow_up_seeds"] == ["How would you shard it?"]
    assert session.time_budget_seconds == 39 * 60  # 20 + 15 minutes + 10%, rounded up
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    assert open_turn(session).question_id == bank_question.id


def test_a_planned_bank_question_with_rewritten_text_is_asked_without_the_banks_title_tests_or_rubric(
        db, candidate, on_commit):
    """The bank's title stood above the expert's new text, and a rewritten coding question would be graded against
    the bank question's judge tests."""
    from studypaths.tests.factories import ProblemFactory

    bank_question = QuestionFactory(title="Group anagrams", problem=ProblemFactory(slug="group-anagrams").slug,
                                    prompt="Write `group_anagrams(words)`: group the words that are anagrams.",
                                    rubric_overrides={"correctness": 0.8, "communication": 0.2})
    rewritten = "Write a function that returns the longest palindrome in a string, and explain its cost."
    session = services.start_session(
        candidate=candidate, mode="custom_config", role="backend_engineer", config={},
        planned_questions=[{"question_id": bank_question.id, "prompt": rewritten, "expected_points": ["Expands"]},
                           {"question_id": bank_question.id, "prompt": f"  {bank_question.prompt}\n"}])
    asked, kept = session.question_plan
    assert asked["prompt"] == rewritten and asked["title"] == services.title_from(rewritten)
    assert asked["question_id"] is None and not asked.get("problem") and not asked.get("rubric_overrides")
    assert (asked["category"], asked["difficulty"]) == ("coding", "medium")  # the slot stays the bank question's
    # The bank's own text (whitespace aside) is still the bank question, with everything that belongs to it.
    assert kept["question_id"] == bank_question.id and kept["title"] == "Group anagrams"
    assert kept["problem"] == "group-anagrams" and kept["rubric_overrides"] == {"correctness": 0.8,
                                                                                "communication": 0.2}
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    turn = open_turn(session)
    assert turn.question_id is None and turn.snapshot["title"] != "Group anagrams"


IN_THE_BANKS_WORDS = ("I'd build a multi-column index with the equality columns first and the range last, since the "
                      "leftmost prefix decides what can be used. Rows then come already sorted so it is a top-N read "
                      "with no sort step.")


def _planned_evaluation(on_commit, planned: dict, text: str) -> Evaluation:
    candidate = CandidateFactory()
    session = services.start_session(candidate=candidate, mode="custom_config", role="backend_engineer",
                                     config={"max_follow_ups_per_question": 0}, planned_questions=[planned])
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    turn = open_turn(session)
    answer(on_commit, session, candidate, text)
    return Evaluation.objects.get(turn=turn)


def test_a_planned_bank_question_is_graded_on_the_banks_keywords_unless_its_point_was_edited(bank, on_commit):
    """A plan keeps a bank question's expected points as text (the plan agent's `_bank_question`, the plan form), so
    a planned bank question was graded on keywords guessed from that text, not on the bank's curated ones: an answer
    in the bank's words met 1 of the composite-index question's 4 points (21/100) where the bank question met 3."""
    question = Question.objects.get(external_id="db-composite-index-order")
    texts = question.expected_point_texts
    on_the_bank = _planned_evaluation(on_commit, {"question_id": question.id}, IN_THE_BANKS_WORDS)  # its own points
    planned = _planned_evaluation(on_commit, {"question_id": question.id, "expected_points": [
        f" {text}\n" for text in texts], "follow_up_ideas": ["Would (status, tenant_id) work?"]}, IN_THE_BANKS_WORDS)
    assert on_the_bank.covered_points  # the answer names what the bank's keywords look for
    assert (planned.overall, planned.covered_points) == (on_the_bank.overall, on_the_bank.covered_points)
    assert planned.turn.snapshot["expected_points"] == question.expected_points
    # A point the expert rewrote is the truth: graded on its own words, which the bank's keywords do not name.
    edited = "Partitions the table by tenant_id so one tenant's rows stay together"
    honest = ("I would partition the table by tenant_id, so one tenant's rows stay together in their own partition "
              "and a query for one tenant reads one partition only.")
    graded = _planned_evaluation(on_commit, {"question_id": question.id,
                                             "expected_points": [*texts[:3], edited]}, honest)
    assert graded.turn.snapshot["expected_points"] == [*question.expected_points[:3], edited]
    assert edited in graded.covered_points


@pytest.mark.parametrize(("prompt", "title"), [
    ("Walk me through how you would design a URL shortener. Think about scale.",
     "Walk me through how you would design a URL shortener."),
    ("Design a rate limiter for a public API given these requirements, comparing token buckets with sliding windows "
     "and saying what you would store where",
     "Design a rate limiter for a public API given these requirements, comparing…"),
    ("x" * 120, "x" * 79 + "…"),
    # a full stop after an abbreviation, in a number or in a name does not end the first sentence: the demo's title
    # was "In Python, write a function that merges overlapping intervals, e.g."
    ("In Python, write a function that merges overlapping intervals, e.g. [(1, 3), (2, 6), (8, 10)] becomes "
     "[(1, 6), (8, 10)].", "In Python, write a function that merges overlapping intervals, e.g. [(1, 3)…"),
    ("Compare REST vs. GraphQL for a mobile app. Say when you would pick each.",
     "Compare REST vs. GraphQL for a mobile app."),
    ("Name one index type, i.e. a B-tree or a hash. Then say why.", "Name one index type, i.e. a B-tree or a hash."),
    ("List a cache's costs (memory, staleness, etc.) and how to measure them. Be concrete.",
     "List a cache's costs (memory, staleness, etc.) and how to measure them."),
    ("Use lists, sets, etc. Then compare them.", "Use lists, sets, etc."),
    ("Why does a Node.js service use 1.5 GB at idle? How would you find out?",
     "Why does a Node.js service use 1.5 GB at idle?"),
])
def test_an_inline_questions_title_is_its_first_sentence_or_whole_words(prompt, title):
    # it was the prompt's first 80 characters: "…requirements, comp"
    assert services.title_from(prompt) == title
    assert len(services.title_from(prompt)) <= 80


def test_the_summary_counts_main_questions_and_quotes_the_reports_overall(bank, candidate, on_commit):
    session = start(candidate, max_follow_ups_per_question=2)
    on_commit(services.begin_session, session=session, actor=candidate)
    answers = iter([STRONG_ANSWER, "I do not know.", STRONG_ANSWER] * 10)
    while open_turn(session) is not None and open_turn(session).question_number < 3:
        answer(on_commit, session, candidate, next(answers))
    on_commit(services.finish_session, session=session, candidate=candidate)
    session.refresh_from_db()
    report = session.report
    assert session.state == "evaluated" and Evaluation.objects.filter(turn__session=session).count() > 2
    assert (report["answered_questions"], report["total_questions"]) == (2, 3)
    assert report["summary"].startswith(f"2 of 3 questions answered; {report['overall']:.0f}/100 on the ones answered")
    assert "The 1 left unanswered is not in the score." in report["summary"]


@pytest.mark.parametrize("planned, field", [
    ([], "planned_questions"),
    ([{"prompt": "short"}], "planned_questions[0].prompt"),
    ([{"prompt": "Design a chat system for a million users.", "category": "cooking", "difficulty": "easy"}],
     "planned_questions[0].category"),
    ([{"prompt": "Design a chat system for a million users.", "category": "system_design", "difficulty": "easy"}],
     "planned_questions[0].difficulty"),
    ([{"question_id": 999999}], "planned_questions[0].question_id"),
])
def test_invalid_planned_questions_are_refused_field_by_field(db, candidate, planned, field):
    with pytest.raises(InvalidPlannedQuestions) as error:
        services.start_session(candidate=candidate, mode="custom_config", role="", config={},
                               planned_questions=planned)
    assert field in error.value.fields
    assert not InterviewSession.objects.exists()


def test_idle_sessions_are_abandoned_by_the_beat_task(bank, candidate, on_commit, settings):
    from interviews.tasks import abandon_idle_sessions

    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    InterviewSession.objects.filter(id=session.id).update(
        last_activity_at=timezone.now() - timedelta(minutes=settings.INTERVIEW_IDLE_MINUTES + 1))
    fresh = start(CandidateFactory())
    assert on_commit(abandon_idle_sessions.delay).get() == 1
    session.refresh_from_db()
    fresh.refresh_from_db()
    assert session.state == "abandoned" and session.end_reason == "idle" and fresh.state == "created"
    assert open_turn(session) is None


def test_session_events_are_append_only(bank, candidate):
    session = start(candidate)
    event = SessionEvent.objects.filter(session=session).first()
    event.data = {"tampered": True}
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_signals_are_counted_on_the_open_turn(bank, candidate, on_commit):
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    turn = open_turn(session)
    for kind in ("paste", "paste", "visibility"):
        services.record_signal(session=session, candidate=candidate, kind=kind, turn_id=turn.id)
    services.record_signal(session=session, candidate=candidate, kind="idle", turn_id=turn.id, seconds=45)
    turn.refresh_from_db()
    assert (turn.paste_count, turn.visibility_count, turn.idle_count, turn.longest_idle_seconds) == (2, 1, 1, 45)


def test_hint_is_pushed_for_the_open_turn(bank, candidate, on_commit):
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    with mock.patch("interviews.realtime.send_now") as send:
        on_commit(services.request_hint, session=session, candidate=candidate)
    hints = [c.args[1] for c in send.call_args_list if c.args[1]["type"] == "hint"]
    assert len(hints) == 1 and len(hints[0]["text"]) > 10
    assert open_turn(session).hints_used == 1


def test_each_hint_on_a_question_goes_a_step_further(bank, candidate, on_commit, settings):
    """Three hints asked in a row were word for word the same (the provider was asked the same thing each time, and
    its reply was cached), spending the question's hints on one nudge."""
    settings.INTERVIEW_HINTS_PER_QUESTION = 5
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    with mock.patch("interviews.realtime.send_now") as send:
        for _ in range(5):
            on_commit(services.request_hint, session=session, candidate=candidate)
    hints = [c.args[1]["text"] for c in send.call_args_list if c.args[1]["type"] == "hint"]
    assert len(hints) == 5 and len(set(hints)) == 5, hints
    expected = " ".join(p["point"] if isinstance(p, dict) else p
                        for p in open_turn(session).snapshot.get("expected_points", [])).lower()
    assert all(hint.lower().rstrip(".?") not in expected for hint in hints)  # the answer key is never quoted


def test_hints_are_capped_per_question_follow_ups_included(bank, candidate, on_commit, settings):
    from interviews.errors import HintLimitReached

    settings.INTERVIEW_HINTS_PER_QUESTION = 3
    session = start(candidate, max_follow_ups_per_question=1)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    main = open_turn(session)
    for _ in range(2):
        services.request_hint(session=session, candidate=candidate)
    Turn.objects.filter(id=main.id).update(status="submitted", submitted_at=timezone.now())
    follow_up = Turn.objects.create(session=session, index=main.index + 1, kind="follow_up", parent=main,
                                    question_number=main.question_number, prompt="And the worst case?",
                                    asked_at=timezone.now())
    services.request_hint(session=session, candidate=candidate)  # the third, on the follow-up
    with pytest.raises(HintLimitReached) as error:
        services.request_hint(session=session, candidate=candidate)
    assert error.value.code == "hint_limit_reached" and error.value.status_code == 409
    follow_up.refresh_from_db()
    main.refresh_from_db()
    assert (main.hints_used, follow_up.hints_used) == (2, 1)
    assert SessionEvent.objects.filter(session=session, kind="hint.requested").count() == 3


COMPLEXITY_FOLLOW_UP = "What is the time and space complexity of your solution, and why?"


@pytest.mark.parametrize("provider", ["offline", "ignores the hint strategy"])
def test_a_hint_on_a_follow_up_is_about_the_follow_up_not_the_parent_question(bank, candidate, on_commit, settings,
                                                                             provider):
    """A hint asked for on the complexity follow-up answered the parent question ("How could dynamic programming
    help here..."): the hint was built from the parent's expected points only, the follow-up's own prompt unread."""
    from types import SimpleNamespace

    from interviewmaster.ai.offline.probes import hint

    settings.INTERVIEW_HINTS_PER_QUESTION = 3
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    main = open_turn(session)
    snapshot = {**main.snapshot, "category": "coding", "expected_points": [
        {"point": "Uses dynamic programming over the prefixes", "keywords": ["dynamic programming", "memoization"]},
        {"point": "Handles the empty input", "keywords": ["empty"]}]}
    Turn.objects.filter(id=main.id).update(status="submitted", submitted_at=timezone.now(), snapshot=snapshot,
                                           category="coding")
    Turn.objects.create(session=session, index=main.index + 1, kind="follow_up", parent=main, strategy="clarify",
                        question_number=main.question_number, prompt=COMPLEXITY_FOLLOW_UP, asked_at=timezone.now())
    other = SimpleNamespace(data={"strategy": "clarify", "follow_up": "Why a list?"})
    with mock.patch("interviews.realtime.send_now") as send, \
            mock.patch("interviewmaster.ai.complete_json", return_value=other) if provider != "offline" \
            else mock.MagicMock():
        for _ in range(3):
            on_commit(services.request_hint, session=session, candidate=candidate)
    hints = [c.args[1]["text"] for c in send.call_args_list if c.args[1]["type"] == "hint"]
    parents = {hint(point, category="coding") for point in snapshot["expected_points"]}
    assert len(hints) == 3 and len(set(hints)) == 3, hints
    assert not parents & set(hints), hints
    assert not any("dynamic programming" in h.lower() or "empty" in h.lower() for h in hints), hints
    assert "work" in hints[0].lower() and "memory" in " ".join(hints[:2]).lower(), hints
    assert not any(re.search(r"O\(|linear|quadratic|logarithmic", h) for h in hints), hints  # no answer named


@pytest.mark.parametrize("provider", ["offline", "ignores the hint strategy"])
def test_hints_on_a_follow_up_never_go_back_to_the_parents_points(bank, candidate, on_commit, settings, provider):
    """The room's fallback, once the follow-up's own hints ran out, went back to the parent's points: the second hint
    on "Why did you pick that over the other options?" was "Think about “complement”…", the parent's answer. It
    now climbs the offline engine's ladder (`follow_up_hint_ladder`): the same hints whichever path gives them."""
    from types import SimpleNamespace

    from interviewmaster.ai.offline.followups import follow_up_hint_ladder

    settings.INTERVIEW_HINTS_PER_QUESTION = 4
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    main = open_turn(session)
    points = [{"point": "Uses a hash set of the values seen so far to find each complement", "keywords": [
        "complement", "hash set"]}, {"point": "Runs in linear time", "keywords": ["linear"]}]
    snapshot = {**main.snapshot, "category": "coding", "expected_points": points}
    Turn.objects.filter(id=main.id).update(status="submitted", submitted_at=timezone.now(), snapshot=snapshot,
                                           category="coding")
    prompt = "Why did you pick that over the other options you had?"
    Turn.objects.create(session=session, index=main.index + 1, kind="follow_up", parent=main, strategy="clarify",
                        question_number=main.question_number, prompt=prompt, asked_at=timezone.now())
    other = SimpleNamespace(data={"strategy": "clarify", "follow_up": "Why a list?"})
    with mock.patch("interviews.realtime.send_now") as send, \
            mock.patch("interviewmaster.ai.complete_json", return_value=other) if provider != "offline" \
            else mock.MagicMock():
        for _ in range(4):
            on_commit(services.request_hint, session=session, candidate=candidate)
    hints = [c.args[1]["text"] for c in send.call_args_list if c.args[1]["type"] == "hint"]
    assert hints == follow_up_hint_ladder(prompt, points=points, category="coding")[:4], hints
    assert not any(re.search(r"complement|hash|linear", h, re.I) for h in hints), hints


@pytest.mark.parametrize("provider", ["offline", "ignores the hint strategy"])
def test_a_follow_up_hint_is_not_led_by_a_word_of_the_parent_question(bank, candidate, on_commit, settings, provider):
    """On coin change, "What happens when the amount cannot be made?" was hinted with dynamic programming, then
    complexity: both points share only "amount" with it, a word of the parent question. Whichever path gives the
    hint, the first one keeps to the follow-up."""
    from types import SimpleNamespace

    from interviewmaster.ai.offline import probes

    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    main = open_turn(session)
    coins = ("Given coins of different denominations and an amount, return the fewest coins needed to make up the "
             "amount, or -1 if it cannot be made.")
    points = ["Use dynamic programming over amounts", "Handle the impossible case with -1",
              "Complexity O(amount * coins) time and O(amount) space"]
    snapshot = {**main.snapshot, "prompt": coins, "category": "coding", "expected_points": points}
    Turn.objects.filter(id=main.id).update(status="submitted", submitted_at=timezone.now(), snapshot=snapshot,
                                           category="coding", prompt=coins)
    Turn.objects.create(session=session, index=main.index + 1, kind="follow_up", parent=main, strategy="clarify",
                        question_number=main.question_number, prompt="What happens when the amount cannot be made?",
                        asked_at=timezone.now())
    other = SimpleNamespace(data={"strategy": "clarify", "follow_up": "Why a list?"})
    with mock.patch("interviews.realtime.send_now") as send, \
            mock.patch("interviewmaster.ai.complete_json", return_value=other) if provider != "offline" \
            else mock.MagicMock():
        on_commit(services.request_hint, session=session, candidate=candidate)
    hints = [c.args[1]["text"] for c in send.call_args_list if c.args[1]["type"] == "hint"]
    assert hints == [f"{probes.HINT_OPENING} {probes.FOLLOW_UP_DEFAULT}"], hints


def test_interview_hints_are_limited_per_user_per_hour_across_interviews(bank, candidate, on_commit, settings):
    from interviewmaster.errors import TooManyRequests

    settings.INTERVIEW_HINTS_PER_QUESTION = 100
    settings.INTERVIEW_HINT_RATE = "2/hour"
    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    for _ in range(2):
        services.request_hint(session=session, candidate=candidate)
    with pytest.raises(TooManyRequests) as error:
        services.request_hint(session=session, candidate=candidate)
    assert error.value.code == "throttled" and error.value.retry_after > 60
    assert open_turn(session).hints_used == 2
    other = CandidateFactory()  # another user has a budget of their own
    theirs = start(other)
    on_commit(services.begin_session, session=theirs, actor=other)
    assert services.request_hint(session=theirs, candidate=other).hints_used == 0  # the row before the increment


def test_the_next_question_does_not_wait_for_the_answers_evaluation(bank, candidate, on_commit):
    """The room's next step runs on its own (`live` queue); the evaluation is only queued on `ai` after it. With the
    `ai` queue stalled (its tasks never run) the candidate still gets the next question at once."""
    from interviews import tasks

    session = start(candidate, max_follow_ups_per_question=0, adaptive_difficulty=False)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    first = open_turn(session)
    with mock.patch.object(tasks.evaluate_turn, "delay") as queued:
        answer(on_commit, session, candidate, STRONG_ANSWER)
    nxt = open_turn(session)
    assert nxt is not None and nxt.index == first.index + 1 and nxt.kind == "question"
    assert not Evaluation.objects.filter(turn=first).exists()  # not evaluated in the room's path...
    queued.assert_called_once_with(first.id)  # ...but queued for the ai queue


def test_a_redelivered_next_step_neither_advances_twice_nor_loses_the_evaluation(bank, candidate, on_commit):
    from interviews import tasks

    session = start(candidate, max_follow_ups_per_question=0, adaptive_difficulty=False)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    first = open_turn(session)
    with mock.patch.object(tasks.evaluate_turn, "delay"):
        answer(on_commit, session, candidate, STRONG_ANSWER)
    turns = Turn.objects.filter(session=session).count()
    with mock.patch.object(tasks.evaluate_turn, "delay") as queued:
        assert services.take_next_step(turn_id=first.id) is None  # the redelivered message
    assert Turn.objects.filter(session=session).count() == turns
    queued.assert_called_once_with(first.id)


def test_adaptive_difficulty_evaluates_the_finished_question_before_picking_the_next(bank, candidate, on_commit):
    """With adaptive difficulty the next question's level needs the last one's score: the next step makes the missing
    evaluation itself instead of waiting for the ai queue."""
    from interviews import tasks

    session = start(candidate, max_follow_ups_per_question=0)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    first = open_turn(session)
    with mock.patch.object(tasks.evaluate_turn, "delay") as queued:
        answer(on_commit, session, candidate, "no idea")
    assert Evaluation.objects.filter(turn=first).exists()
    queued.assert_not_called()
    session.refresh_from_db()
    assert session.current_difficulty == "easy" and open_turn(session).difficulty == "easy"


def test_the_next_step_runs_on_its_own_queue():
    from interviewmaster.celery import app

    assert app.amqp.router.route({}, "interviews.live.advance_turn")["queue"].name == "live"
    assert app.amqp.router.route({}, "interviews.ai.evaluate_turn")["queue"].name == "ai"


def _on_the_question_with_a_draft(on_commit, session, candidate, draft="A hash map from value to index."):
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    turn = open_turn(session)
    services.save_draft(session=session, candidate=candidate, turn_id=turn.id, text=draft)
    return turn


def _time_used(session, seconds_over: int) -> None:
    InterviewSession.objects.filter(id=session.id).update(
        time_used_seconds=session.time_budget_seconds + seconds_over, running_since=timezone.now())


def test_time_up_hands_in_the_saved_draft_of_the_open_question(bank, candidate, on_commit):
    """The draft was skipped at time-up and lost from the report; now it is the answer and is evaluated."""
    session = start(candidate)
    turn = _on_the_question_with_a_draft(on_commit, session, candidate)
    _time_used(session, 0)
    assert on_commit(services.expire_if_out_of_time, session_id=session.id) is True
    turn.refresh_from_db()
    assert turn.status in ("submitted", "evaluated") and turn.answer_text == "A hash map from value to index."
    assert Evaluation.objects.filter(turn=turn).exists()
    session.refresh_from_db()
    assert session.end_reason == "time_up" and session.state == "evaluated"
    assert SessionEvent.objects.filter(session=session, kind="answer.submitted", data__handed_in="time_up").exists()


def test_time_up_hands_in_the_saved_draft_over_a_stash_that_holds_a_nul_character(bank, candidate, on_commit,
                                                                                    monkeypatch):
    """A stash the room took before it refused NUL (U+0000): writing it to PostgreSQL raised, so the interview never
    ended and the idle sweep failed on it every minute. The database's draft is handed in instead."""
    from interviews import drafts

    session = start(candidate)
    turn = _on_the_question_with_a_draft(on_commit, session, candidate)
    later = (timezone.now() + timezone.timedelta(seconds=1)).isoformat()
    monkeypatch.setattr(drafts, "stashed", lambda *args: {"text": "newer\x00draft", "code": "", "language": "",
                                                          "saved_at": later})
    _time_used(session, 0)
    assert on_commit(services.expire_if_out_of_time, session_id=session.id) is True
    turn.refresh_from_db()
    assert turn.answer_text == "A hash map from value to index."
    session.refresh_from_db()
    assert session.end_reason == "time_up"


def _on_a_judge_problems_question(on_commit, candidate):
    """A question linked to a judge problem (tests in python and javascript) in an interview offering every language."""
    from studypaths.tests.factories import ProblemFactory

    question = QuestionFactory(problem=ProblemFactory().slug)
    session = services.start_session(candidate=candidate, mode="quick_start",
                                     planned_questions=[{"question_id": question.id}])
    assert "ruby" in services.answer_languages(session)
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    return session, open_turn(session)


WRONG_ADD = "def add(a, b):\n    # a hash map lookup in O(n)\n    return 0\n"


def test_code_its_tests_never_ran_is_not_called_clean_and_idiomatic(candidate, on_commit):
    """An interview whose languages the judge runs none of (Go only: planned so, or started before the start page
    refused it) asks a judge problem's question: the Go answer is read, never run, and the offline engine scored
    `func solve() int { return 1 }` 4/5 on code quality, "Clean and idiomatic"; it cannot know that."""
    from interviewmaster.ai.offline.evaluation import UNJUDGED_CODE_QUALITY
    from studypaths.tests.factories import ProblemFactory

    question = QuestionFactory(problem=ProblemFactory().slug)
    session = services.start_session(candidate=candidate, mode="quick_start", config={"languages": ["go"]},
                                     planned_questions=[{"question_id": question.id}])
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    turn = open_turn(session)
    assert services.judged_languages(session, turn) is None  # none of its tests' languages is offered
    answer(on_commit, session, candidate, "I use a hash map, O(n).",
           code="package main\nfunc solve() int { return 1 }\n", language="go")
    turn.refresh_from_db()
    assert turn.test_results["error"] == services.NOT_JUDGED_LANGUAGE
    quality = next(c for c in turn.evaluation.criteria if c["key"] == "code_quality")
    assert quality["score"] <= UNJUDGED_CODE_QUALITY == 3 and "not run" in quality["rationale"], quality


@pytest.mark.parametrize("language", ["ruby", ""])
def test_code_for_a_judge_problem_in_a_language_its_tests_do_not_run_is_refused(candidate, on_commit, language):
    """Code labelled "ruby" (or with no language) was never judged, so it was graded by reading alone: wrong Python
    code scored 76 that way and 51 with its failing tests."""
    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    with pytest.raises(UnsupportedAnswerLanguage) as error:
        on_commit(services.submit_answer, session=session, candidate=candidate, turn_id=turn.id,
                  text="My answer.", code=WRONG_ADD, language=language)
    # no language and none to take it in (the question names none, every language is offered, the tests run two)
    said = "one of javascript, python" if language else "required with code: one of javascript, python"
    assert error.value.fields == {"language": [said]}
    with pytest.raises(UnsupportedAnswerLanguage):
        services.save_draft(session=session, candidate=candidate, turn_id=turn.id, code=WRONG_ADD, language=language)
    turn.refresh_from_db()
    assert turn.status == "open" and turn.draft_code == ""
    services.save_draft(session=session, candidate=candidate, turn_id=turn.id, text="words only", language=language)
    answer(on_commit, session, candidate, "My answer.", code=WRONG_ADD, language="python")
    turn.refresh_from_db()
    assert turn.language == "python" and "not judged" not in turn.test_results.get("error", "")


@pytest.mark.parametrize(("named", "config", "draft", "taken"), [
    (["python"], {}, "", "python"),  # the question's language: the one the room's editor opens in
    (["javascript", "typescript"], {}, "", "javascript"),  # its first, as the editor's (typescript has no tests)
    ([], {"languages": ["javascript"]}, "", "javascript"),  # the interview's only language
    ([], {}, "javascript", "javascript"),  # the one the candidate chose for this turn in the room
    (["python"], {}, "ruby", "python"),  # a draft's language the tests do not run is no default
])
def test_code_answered_without_a_language_is_taken_in_the_questions_or_the_interviews(candidate, on_commit, named,
                                                                                       config, draft, taken):
    """A REST answer with code and no `language` was refused (unsupported_language) on a question whose language was
    plain to see."""
    from studypaths.tests.factories import ProblemFactory

    question = QuestionFactory(problem=ProblemFactory().slug, languages=named)
    session = services.start_session(candidate=candidate, mode="quick_start", config=config,
                                     planned_questions=[{"question_id": question.id}])
    on_commit(services.begin_session, session=session, actor=candidate)
    answer(on_commit, session, candidate, "warm up")
    turn = open_turn(session)
    if draft:
        services.save_draft(session=session, candidate=candidate, turn_id=turn.id, text="thinking", language=draft)
    answer(on_commit, session, candidate, "My answer.", code=WRONG_ADD, language="")
    turn.refresh_from_db()
    assert (turn.status, turn.language) == ("evaluated", taken)
    assert "not judged" not in (turn.test_results or {}).get("error", "") and turn.test_results.get("total")


def test_time_up_hands_in_no_code_its_judge_problems_tests_cannot_run(candidate, on_commit, monkeypatch):
    """The room's stash held code labelled "ruby" (taken before the room refused it): code in no language the tests
    run is not handed in to be graded by reading. The stash's text is the newest on the desk: it is handed in alone,
    ahead of the older saved draft."""
    from interviews import drafts

    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    services.save_draft(session=session, candidate=candidate, turn_id=turn.id, text="My answer.", code=WRONG_ADD,
                        language="python")
    later = (timezone.now() + timezone.timedelta(seconds=1)).isoformat()
    monkeypatch.setattr(drafts, "stashed", lambda *args: {"text": "Newer.", "code": WRONG_ADD, "language": "ruby",
                                                          "saved_at": later})
    _time_used(session, 0)
    assert on_commit(services.expire_if_out_of_time, session_id=session.id) is True
    turn.refresh_from_db()
    assert (turn.answer_text, turn.answer_code, turn.language) == ("Newer.", "", "")
    assert not turn.test_results  # no code, so nothing judged, nor "not judged"


def test_time_up_hands_in_the_stash_text_when_its_code_is_refused(candidate, on_commit, monkeypatch):
    """Nothing saved to the database, and the stash held minutes of explanation with code in a language the judge
    problem does not run: the fallbacks were the database's draft (empty) and its text alone (empty), so the
    question was skipped and the explanation lost from the report. The stash's text alone is handed in."""
    from interviews import drafts

    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    assert turn.draft_saved_at is None and not turn.draft_text
    typed = {"text": "Five minutes of explanation typed in the room.", "code": WRONG_ADD, "language": "ruby"}
    monkeypatch.setattr(drafts, "stashed", lambda *args: {**typed, "saved_at": timezone.now().isoformat()})
    _time_used(session, 0)
    assert on_commit(services.expire_if_out_of_time, session_id=session.id) is True
    turn.refresh_from_db()
    assert turn.status in ("submitted", "evaluated")
    assert (turn.answer_text, turn.answer_code, turn.language) == (typed["text"], "", "")
    assert (turn.draft_text, turn.draft_code, turn.draft_language) == (typed["text"], WRONG_ADD, "ruby")
    assert SessionEvent.objects.get(session=session, kind="draft.refused").data["code"] == "unsupported_language"



@pytest.mark.parametrize(("stash", "refused", "text_alone"), [
    ({"text": "newer\x00draft"}, "invalid_message", None),
    ({"code": WRONG_ADD + "\x00", "language": "python"}, "invalid_message", None),
    ({"text": "half \ud800 broken"}, "invalid_message", None),
    ({"code": "# \udfff\n" + WRONG_ADD, "language": "python"}, "invalid_message", None),
    ({"text": "words", "language": "py\ud800" + "n" * 40}, "invalid_message", "words"),
    ({"text": "a" * (services.MAX_TEXT_CHARS + 1)}, "answer_too_long", None),
    ({"code": "#" * services.MAX_CODE_CHARS + WRONG_ADD, "language": "python"}, "answer_too_long", None),
    ({"text": "Newer words.", "language": "klingon"}, "unsupported_language", "Newer words."),
    ({"text": "Newer.", "code": WRONG_ADD, "language": "ruby"}, "unsupported_language", "Newer."),  # ruby: no tests
    ({"text": "Newer.", "code": WRONG_ADD, "language": ""}, "unsupported_language", "Newer."),
])
@pytest.mark.parametrize("with_saved_draft", [True, False])
def test_time_up_with_a_refused_stash_ends_the_interview_and_keeps_what_was_typed(candidate, on_commit, monkeypatch,
                                                                               stash, refused, text_alone,
                                                                               with_saved_draft):
    """A stash the one rule (answer_input_refusal) refuses is never handed in, and never stops the time-up: its text
    alone (`text_alone`: where its code or language was what the rule refused) is the answer, else the last draft the
    database kept (or there is none, and the question is skipped as with nothing written), and what the stash held
    stays the turn's draft, made storable (U+FFFD for what no database stores), with a `draft.refused` event saying
    why. The hand-in checked NUL and the judged language only: a stash with a lone surrogate raised (the interview
    never ended) and one too long or in a language not offered was graded."""
    from interviewmaster.input_limits import without_surrogates
    from interviews import drafts

    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    if with_saved_draft:
        services.save_draft(session=session, candidate=candidate, turn_id=turn.id, text="My answer.", code=WRONG_ADD,
                            language="python")
    typed = {"text": "", "code": "", "language": "", **stash}
    later = timezone.now() + timezone.timedelta(seconds=1)
    monkeypatch.setattr(drafts, "stashed", lambda *args: {**typed, "saved_at": later.isoformat()})
    assert services.answer_input_refusal(**typed, languages=services.answer_languages(session),
                                         judged=services.judged_languages(session, turn)).code == refused
    _time_used(session, 0)
    assert on_commit(services.expire_if_out_of_time, session_id=session.id) is True
    session.refresh_from_db()
    assert session.end_reason == "time_up" and session.state in ("completed", "evaluated")
    turn.refresh_from_db()
    if text_alone is not None:
        assert (turn.status, turn.answer_text, turn.answer_code, turn.language) in \
            [(status, text_alone, "", "") for status in ("submitted", "evaluated")]
    elif with_saved_draft:
        assert (turn.status, turn.answer_text, turn.answer_code, turn.language) in \
            [(status, "My answer.", WRONG_ADD, "python") for status in ("submitted", "evaluated")]
        assert "not judged" not in turn.test_results.get("error", "")
    else:
        assert (turn.status, turn.answer_text, turn.answer_code) == ("skipped", "", "")
    kept = {field: without_surrogates(value.replace("\x00", "\ufffd")) for field, value in typed.items()}
    assert (turn.draft_text, turn.draft_code, turn.draft_language, turn.draft_saved_at) == \
        (kept["text"], kept["code"], kept["language"][:30], later)
    event = SessionEvent.objects.get(session=session, kind="draft.refused")
    assert (event.turn_id, event.data["code"]) == (turn.id, refused)


def test_time_up_keeps_the_code_of_a_saved_draft_its_tests_no_longer_run(candidate, on_commit):
    """The judge problem dropped the draft's language after it was saved: its text alone is handed in (code its tests
    cannot run is not graded by reading), and its code stays the turn's draft instead of being overwritten."""
    from studypaths.models import Problem

    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    services.save_draft(session=session, candidate=candidate, turn_id=turn.id, text="My answer.", code=WRONG_ADD,
                        language="javascript")
    problem = Problem.objects.get(slug=turn.snapshot["problem"])
    problem.function_spec = {**problem.function_spec,
                             "name": {k: v for k, v in problem.function_spec["name"].items() if k != "javascript"}}
    problem.save()
    assert services.judged_languages(session, turn) == ["python"]
    _time_used(session, 0)
    assert on_commit(services.expire_if_out_of_time, session_id=session.id) is True
    turn.refresh_from_db()
    assert (turn.answer_text, turn.answer_code, turn.language) == ("My answer.", "", "")
    assert (turn.draft_text, turn.draft_code, turn.draft_language) == ("My answer.", WRONG_ADD, "javascript")
    assert SessionEvent.objects.get(session=session, kind="draft.refused").data["code"] == "unsupported_language"



def test_an_unpublished_problem_still_shows_and_binds_the_question_that_links_it(candidate, on_commit):
    """Unpublished mid-interview, a question's judge problem vanished from the room (which read published problems
    only) while its tests still judged the answer and its languages still bound the code (which read them all). One
    read now (studypaths.selectors.linked_problem): the room shows the languages the service holds the code to."""
    from interviews.presenters import turn_payload
    from studypaths.models import Problem

    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    Problem.objects.filter(slug=turn.snapshot["problem"]).update(is_published=False)
    shown = turn_payload(turn)["problem"]
    assert shown is not None and shown["slug"] == turn.snapshot["problem"]
    assert shown["languages"] == services.judged_languages(session, turn) == ["javascript", "python"]


def test_a_new_interview_does_not_ask_a_question_whose_problem_was_unpublished(candidate, on_commit):
    """Selection and planned question ids read `is_active` only: every interview started after the problem was
    unpublished could ask the question, and its room showed the problem (statement, starter code, examples) while
    /practice/problems/<slug>/ was a 404 for the same candidate. New interviews now leave the question out; the turn
    that already asked it keeps its problem."""
    from accounts.tests.factories import CandidateFactory
    from interviews.presenters import turn_payload
    from studypaths.models import Problem

    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    linked = turn.snapshot["question_id"]
    plain = QuestionFactory()
    Problem.objects.filter(slug=turn.snapshot["problem"]).update(is_published=False)

    other = CandidateFactory()
    with pytest.raises(NotEnoughQuestions):  # the question is not there to draw
        services.start_session(candidate=other, mode="custom_config", role="backend_engineer",
                               config={"question_distribution": {"coding": {"medium": 2}}})
    drawn = services.start_session(candidate=other, mode="custom_config", role="backend_engineer",
                                   config={"question_distribution": {"coding": {"medium": 1}}})
    assert [q["question_id"] for q in drawn.question_plan] == [plain.id]
    with pytest.raises(InvalidPlannedQuestions) as refused:
        services.start_session(candidate=other, mode="quick_start", planned_questions=[{"question_id": linked}])
    assert list(refused.value.fields) == ["planned_questions[0].question_id"]

    shown = turn_payload(turn)["problem"]  # the interview that asked it keeps showing it
    assert shown is not None and shown["slug"] == turn.snapshot["problem"]


RIGHT_ADD = "def add(a, b):\n    return a + b\n"


def test_the_editors_untouched_starter_code_is_no_code_submitted(candidate, on_commit):
    """On a question with tests, a candidate who answered in words and left the editor's starter code as it came was
    judged and graded on that stub ("the submitted code is a stub", code quality 1/5): it is a text-only answer, its
    starter neither run nor graded, white space aside. Code changed from the starter is still code."""
    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    with mock.patch("studypaths.services.judge_code", return_value=_judged(5)) as judge:
        answer(on_commit, session, candidate, "I add the two numbers with the + operator and return the sum.",
               code="def add(a, b):\n        pass\n\n", language="python")
    judge.assert_not_called()
    turn.refresh_from_db()
    assert (turn.answer_code, turn.language, turn.test_results) == ("", "", None)
    rationales = " ".join(c["rationale"] for c in turn.evaluation.criteria)
    assert "stub" not in rationales and "no code was submitted" in rationales, rationales
    other = CandidateFactory()
    session, turn = _on_a_judge_problems_question(on_commit, other)
    with mock.patch("studypaths.services.judge_code", return_value=_judged(5)):
        answer(on_commit, session, other, "My answer.", code=RIGHT_ADD, language="python")
    turn.refresh_from_db()
    assert turn.answer_code == RIGHT_ADD and turn.test_results["passed"] == 1


def test_an_interview_answer_is_judged_on_every_test_not_stopped_at_the_first_failing_one(candidate, on_commit):
    """A practice submission stops at the first failing hidden test (its verdicts could be steered by the hidden
    inputs, submission after submission); an interview answer is judged once and graded on how many tests it passes,
    so every test runs: stopped at the first failure, this answer would read 5 of 9 where it passes 8."""
    from studypaths import sandbox

    sandbox.reset_mode_cache()
    if sandbox.sandbox_mode()[0] != sandbox.MODE_BUBBLEWRAP:
        pytest.skip("bubblewrap sandbox unavailable here")
    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    answer(on_commit, session, candidate, "My answer.", code="def add(a, b):\n    return a + b if a < 100 else 0\n",
           language="python")
    turn.refresh_from_db()
    # the example and 4 hidden tests pass, (2**31, 1) fails, and of the 3 after it only (123, 456) fails
    assert turn.test_results["verdicts"] == ["accepted"] * 5 + ["wrong_answer", "accepted", "wrong_answer", "accepted"]
    assert {k: turn.test_results[k] for k in ("passed", "total", "skipped", "verdict")} == {
        "passed": 7, "total": 9, "skipped": 0, "verdict": "wrong_answer"}
    assert "not_run" not in turn.test_results  # that key says the budget kept every test from running


def _judged(wall_ms: int, *, accepted: bool = True):
    """What the judge returns for RIGHT_ADD's one test (WRONG_ADD's, not `accepted`), having taken `wall_ms` (a sleep
    just under the limits)."""
    from studypaths import sandbox

    verdict = sandbox.ACCEPTED if accepted else sandbox.WRONG_ANSWER
    return sandbox.SandboxResult(verdict=verdict, language="python", mode="test", wall_ms=wall_ms,
                                 tests=[sandbox.TestResult(name="example 1", verdict=verdict)])


def _judge_budget(settings, candidate, *, used_ms: int) -> None:
    """A judge-seconds budget of 25 s a window, submissions of at most 10 s, and practice runs that used `used_ms`."""
    from studypaths.models import CodeRun, RunStatus
    from studypaths.tests.factories import ProblemFactory

    settings.SANDBOX_SUBMISSION_WALL_SECONDS, settings.SANDBOX_USER_JUDGE_SECONDS = 10, 25
    if used_ms:
        CodeRun.objects.create(user=candidate, problem=ProblemFactory(), language="python", code="x",
                               status=RunStatus.DONE, wall_ms=used_ms, result={"tests": []},
                               finished_at=timezone.now())


def test_an_interview_answers_judging_counts_in_the_judge_seconds_budget(candidate, on_commit, settings):
    """Interview code was judged outside the budget: starting interviews and answering with code that sleeps just
    under the limit in every test held judge slots far past it."""
    from studypaths import services as study
    from studypaths.errors import JudgeBudgetExceeded
    from studypaths.models import Problem

    _judge_budget(settings, candidate, used_ms=6000)
    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    while_judged = []

    def judge(**kwargs):
        while_judged.append(study.judge_seconds_used(user=candidate))
        return _judged(9500)

    with mock.patch("studypaths.services.judge_code", side_effect=judge):
        answer(on_commit, session, candidate, "My answer.", code=RIGHT_ADD, language="python")
    turn.refresh_from_db()
    assert while_judged == [pytest.approx(16.0)]  # the full submission budget while its tests ran
    assert (turn.judge_wall_ms, turn.test_results["passed"]) == (9500, 1)
    assert study.judge_seconds_used(user=candidate) == pytest.approx(15.5)
    with pytest.raises(JudgeBudgetExceeded) as refused:  # 15.5 + a run's 10 > 25
        study.request_run(user=candidate, problem=Problem.objects.get(slug=turn.snapshot["problem"]),
                          language="python", code=RIGHT_ADD)
    assert "used 16 of your 25 judge seconds" in refused.value.message
    Turn.objects.filter(id=turn.id).update(judged_at=timezone.now() - timedelta(seconds=601))
    assert study.judge_seconds_used(user=candidate) == pytest.approx(6.0)  # out of the window


def test_an_answer_judged_long_after_it_was_given_counts_when_it_is_judged(candidate, on_commit, settings):
    """The budget counted an answer's judging by when the answer was given: with the sandbox queue more than the
    window (10 minutes) behind, the judging counted nothing, while it ran and after."""
    from studypaths import services as study

    _judge_budget(settings, candidate, used_ms=0)
    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    with mock.patch("interviews.tasks.judge_turn.delay"):  # waits in the sandbox queue
        answer(on_commit, session, candidate, "My answer.", code=RIGHT_ADD, language="python")
    Turn.objects.filter(id=turn.id).update(submitted_at=timezone.now() - timedelta(minutes=11))
    while_judged = []

    def judge(**kwargs):
        while_judged.append(study.judge_seconds_used(user=candidate))
        return _judged(9500)

    with mock.patch("studypaths.services.judge_code", side_effect=judge):
        services.judge_answer(turn_id=turn.id)
    assert while_judged == [pytest.approx(10.0)]  # the full submission budget while its tests ran
    assert study.judge_seconds_used(user=candidate) == pytest.approx(9.5)


def test_a_practice_interviews_code_over_the_judge_budget_is_kept_and_evaluated_without_its_tests(
        candidate, on_commit, settings, client):
    from studypaths import services as study

    _judge_budget(settings, candidate, used_ms=16000)  # 16 + 10 > 25
    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    InterviewSession.objects.filter(id=session.id).update(is_planned=False)  # self-started (only planning plans)
    with mock.patch("studypaths.services.judge_code") as judge, mock.patch("interviews.realtime.send_now") as push:
        answer(on_commit, session, candidate, "My answer.", code=RIGHT_ADD, language="python")
        on_commit(services.judge_answer, turn_id=turn.id)  # a redelivery says nothing again
    judge.assert_not_called()
    told = [c.args for c in push.call_args_list if c.args[1]["type"] == "tests"]
    assert told == [(session.id, {"type": "tests", "turn": turn.id, "status": "not_run",
                                  "message": services.TESTS_NOT_RUN_MESSAGE})]  # the room hears it once, at once
    turn.refresh_from_db()
    assert (turn.answer_code, turn.judge_wall_ms) == (RIGHT_ADD, None)
    assert turn.test_results == {"passed": 0, "total": 0, "verdicts": [], "not_run": services.JUDGE_BUDGET_SPENT}
    assert Evaluation.objects.filter(turn=turn).exists()
    assert study.judge_seconds_used(user=candidate) == pytest.approx(16.0)
    on_commit(services.finish_session, session=session, candidate=candidate)
    session.refresh_from_db()
    assert session.state == "evaluated"
    client.force_login(candidate)
    page = client.get(f"/interviews/{session.id}/report/").content.decode()
    assert "Tests not run: your judge budget was spent" in page


def test_an_invited_interviews_code_is_judged_over_the_budget_and_counted(candidate, on_commit, settings):
    """An expert-invited interview is rare and not the candidate's to start, and the expert grades by its tests."""
    from studypaths import services as study

    _judge_budget(settings, candidate, used_ms=16000)
    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    assert session.is_planned
    with mock.patch("studypaths.services.judge_code", return_value=_judged(9500)) as judge:
        answer(on_commit, session, candidate, "My answer.", code=RIGHT_ADD, language="python")
    judge.assert_called_once()
    turn.refresh_from_db()
    assert turn.test_results["passed"] == turn.test_results["total"] == 1 and "not_run" not in turn.test_results
    assert study.judge_seconds_used(user=candidate) == pytest.approx(25.5)


def test_an_answer_is_judged_and_counted_once_however_often_it_is_sent(candidate, on_commit, settings):
    """Sending the answer again (a second tab, a reconnected socket) or a redelivered judge message does not buy a
    second judging."""
    from interviews import tasks
    from studypaths import services as study

    _judge_budget(settings, candidate, used_ms=0)
    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    with mock.patch("studypaths.services.judge_code", return_value=_judged(9500)) as judge:
        answer(on_commit, session, candidate, "My answer.", code=RIGHT_ADD, language="python")
        with pytest.raises(StaleTurn):
            on_commit(services.submit_answer, session=session, candidate=candidate, turn_id=turn.id,
                      text="Again.", code=RIGHT_ADD, language="python")
        on_commit(tasks.judge_turn.delay, turn.id)  # the message again (acks_late)
        services.judge_answer(turn_id=turn.id)
    judge.assert_called_once()
    assert study.judge_seconds_used(user=candidate) == pytest.approx(9.5)


def test_spending_the_judge_budget_on_purpose_buys_no_grade(candidate, on_commit, settings):
    """Over budget a practice answer was graded by reading alone: wrong code with a plausible explanation scored 42
    where its failing tests gave 30 (35 against 22 capped at what no code earns). Unrun tests now count as failed."""
    def graded(used_ms):
        _judge_budget(settings, candidate, used_ms=used_ms)
        session, turn = _on_a_judge_problems_question(on_commit, candidate)
        InterviewSession.objects.filter(id=session.id).update(is_planned=False)
        with mock.patch("studypaths.services.judge_code", return_value=_judged(900, accepted=False)):
            answer(on_commit, session, candidate, "I keep a hash map of the values and return the sum in O(1).",
                   code=WRONG_ADD, language="python")
        turn.refresh_from_db()
        evaluation = Evaluation.objects.get(turn=turn)
        InterviewSession.objects.filter(id=session.id).delete()
        return turn.test_results, evaluation.scores["correctness"], evaluation.overall

    (tested, with_tests, overall_tested), (skipped, without, overall_skipped) = graded(0), graded(16000)
    assert tested["total"] == 1 and tested["passed"] == 0 and skipped.get("not_run")
    assert without <= with_tests == 1 and overall_skipped <= overall_tested


def test_a_redelivered_judging_does_not_count_its_own_first_reservation(candidate, on_commit, settings):
    """A worker killed mid-judge left the answer's reservation (the full submission budget); the redelivery counted it
    as spent before, found the budget gone, and marked the answer "tests not run", charged for tests it never ran."""
    from studypaths import services as study

    _judge_budget(settings, candidate, used_ms=6000)  # 6 + 10 fits in 25; 6 + 10 + 10 did not
    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    InterviewSession.objects.filter(id=session.id).update(is_planned=False)
    with mock.patch("interviews.tasks.judge_turn.delay"):
        answer(on_commit, session, candidate, "My answer.", code=RIGHT_ADD, language="python")
    turn.refresh_from_db()
    assert services._reserve_judge_time(turn)  # the first delivery, killed once its tests started
    with mock.patch("studypaths.services.judge_code", return_value=_judged(4000)) as judge:
        services.judge_answer(turn_id=turn.id)  # the redelivery
    judge.assert_called_once()
    turn.refresh_from_db()
    assert turn.test_results["passed"] == 1 and turn.judge_wall_ms == 4000
    assert study.judge_seconds_used(user=candidate) == pytest.approx(10.0)


def test_an_answer_whose_judging_was_lost_is_judged_by_the_sweep_not_read_alone(candidate, on_commit, settings):
    """The sweep sent a stuck answer's evaluation only: code whose judging was lost (a killed worker, a refused
    message) was graded by reading alone, without the tests that would have capped it."""
    _judge_budget(settings, candidate, used_ms=0)
    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    with mock.patch("interviews.tasks.judge_turn.delay"):  # lost with its worker
        answer(on_commit, session, candidate, "I keep a hash map of the values and return the sum in O(1).",
               code=WRONG_ADD, language="python")
    turn.refresh_from_db()
    assert turn.status == "submitted" and turn.test_results is None
    Turn.objects.filter(id=turn.id).update(submitted_at=timezone.now() - timedelta(hours=1))
    with mock.patch("studypaths.services.judge_code", return_value=_judged(900, accepted=False)) as judge:
        assert services.recover_stuck_evaluations() >= 1
    judge.assert_called_once()
    turn.refresh_from_db()
    assert turn.test_results["total"] == 1 and turn.status == "evaluated"
    assert Evaluation.objects.get(turn=turn).scores["correctness"] == 1


@pytest.mark.parametrize(("code", "snapshot", "judged"), [
    (RIGHT_ADD, {"problem": "two-sum"}, True),
    ("  \n", {"problem": "two-sum"}, False),  # words only: nothing to run
    (RIGHT_ADD, {}, False),  # no judge problem: no tests
    (RIGHT_ADD, {"problem": ""}, False),
    (RIGHT_ADD, None, False),  # a row without a snapshot (the sweep reads it as stored)
])
def test_one_test_decides_whether_an_answer_is_judged_before_its_evaluation(code, snapshot, judged):
    """The step after a submit and the sweep's lost step asked the same question in two places (_queue_next_step,
    _resend_answer); both ask _judged_first now."""
    assert services._judged_first(Turn(snapshot=snapshot), code) is judged


def test_a_second_delivery_of_a_judging_under_way_does_nothing(candidate, on_commit, settings):
    """Two deliveries of the judge message both ran the tests and handed on (twice the judge time)."""
    from interviewmaster.models import TaskLease
    from interviews import tasks

    _judge_budget(settings, candidate, used_ms=0)
    session, turn = _on_a_judge_problems_question(on_commit, candidate)
    with mock.patch("interviews.tasks.judge_turn.delay"):
        answer(on_commit, session, candidate, "My answer.", code=RIGHT_ADD, language="python")
    TaskLease.objects.create(name=f"interviews.judge:{turn.id}", holder="the-first-delivery",
                             until=timezone.now() + timedelta(minutes=4))
    with mock.patch("studypaths.services.judge_code") as judge, \
            mock.patch("interviews.tasks.advance_turn.delay") as advance:
        assert tasks.judge_turn.apply(args=[turn.id]).get() is None
    judge.assert_not_called()
    advance.assert_not_called()
    TaskLease.objects.all().delete()
    with mock.patch("studypaths.services.judge_code", return_value=_judged(900)) as judge, \
            mock.patch("interviews.tasks.advance_turn.delay") as advance:
        tasks.judge_turn.apply(args=[turn.id])
    judge.assert_called_once()
    advance.assert_called_once_with(turn.id)


def test_time_up_still_skips_an_open_question_with_nothing_written(bank, candidate, on_commit):
    session = start(candidate)
    turn = _on_the_question_with_a_draft(on_commit, session, candidate, draft="   ")
    _time_used(session, 0)
    assert on_commit(services.expire_if_out_of_time, session_id=session.id) is True
    turn.refresh_from_db()
    assert turn.status == "skipped" and not Evaluation.objects.filter(turn=turn).exists()


def test_an_answer_after_the_time_ran_out_is_refused_and_ends_the_interview(bank, candidate, on_commit):
    """With no room open nothing ended the interview (only the room's timer did): the API and the page without
    JavaScript took answers, and opened new questions, for as long as one liked."""
    session = start(candidate)
    turn = _on_the_question_with_a_draft(on_commit, session, candidate)
    _time_used(session, services.TIME_UP_GRACE_SECONDS + 60)
    with pytest.raises(TimeUp) as error:
        on_commit(services.submit_answer, session=session, candidate=candidate, turn_id=turn.id,
                  text="An answer written long after the end.")
    assert error.value.code == "time_up" and error.value.status_code == 409
    session.refresh_from_db()
    assert session.end_reason == "time_up" and session.state in ("completed", "evaluated")
    turn.refresh_from_db()
    assert turn.answer_text == "A hash map from value to index."  # the draft saved in time, not the late answer
    assert not Turn.objects.filter(session=session, index__gt=turn.index).exists()  # no new question opened


def test_a_draft_after_the_time_ran_out_is_refused(bank, candidate, on_commit):
    session = start(candidate)
    turn = _on_the_question_with_a_draft(on_commit, session, candidate)
    _time_used(session, services.TIME_UP_GRACE_SECONDS + 60)
    with pytest.raises(TimeUp):
        on_commit(services.save_draft, session=session, candidate=candidate, turn_id=turn.id,
                  text="Polished at leisure after the end.")
    turn.refresh_from_db()
    assert turn.answer_text == "A hash map from value to index."


def test_an_answer_sent_as_the_clock_ran_out_is_still_taken(bank, candidate, on_commit):
    session = start(candidate)
    turn = _on_the_question_with_a_draft(on_commit, session, candidate)
    _time_used(session, services.TIME_UP_GRACE_SECONDS - 3)  # the network's delay
    on_commit(services.submit_answer, session=session, candidate=candidate, turn_id=turn.id,
              text="The final answer, sent at 0:00.")
    turn.refresh_from_db()
    assert turn.answer_text == "The final answer, sent at 0:00."


@pytest.mark.parametrize("paused", [False, True])
def test_the_idle_sweep_finishes_an_interview_whose_time_ran_out_instead_of_abandoning_it(bank, candidate, on_commit,
                                                                                         settings, paused):
    """With no room open the time ran out and nothing ended it; the sweep then abandoned it: no report, the draft
    and the answers given never summarised. Paused as the time ran out, too."""
    session = start(candidate)
    turn = _on_the_question_with_a_draft(on_commit, session, candidate)
    if paused:
        on_commit(services.pause_session, session=session, candidate=candidate)
        InterviewSession.objects.filter(id=session.id).update(time_used_seconds=session.time_budget_seconds)
    else:
        _time_used(session, 0)
    later = timezone.now() + timedelta(minutes=settings.INTERVIEW_IDLE_MINUTES + 1)
    assert on_commit(services.abandon_idle_sessions, now=later) == 1
    session.refresh_from_db()
    turn.refresh_from_db()
    assert (session.end_reason, session.state) == ("time_up", "evaluated")
    assert turn.answer_text == "A hash map from value to index." and Evaluation.objects.filter(turn=turn).exists()
    if paused:
        assert services.expire_if_out_of_time(session_id=session.id) is False  # ended once


def test_an_answer_whose_time_ran_out_between_the_checks_still_ends_the_interview(bank, candidate, on_commit,
                                                                                    monkeypatch):
    session = start(candidate)
    turn = _on_the_question_with_a_draft(on_commit, session, candidate)
    _time_used(session, services.TIME_UP_GRACE_SECONDS + 60)
    monkeypatch.setattr(services, "_end_if_past_time", lambda session: None)  # the time runs out just after it
    with pytest.raises(TimeUp):
        on_commit(services.submit_answer, session=session, candidate=candidate, turn_id=turn.id, text="Late.")
    session.refresh_from_db()
    assert session.end_reason == "time_up"  # not left running until the next tick or request


def test_a_follow_ups_evaluation_is_told_the_question_it_follows(bank, candidate, on_commit):
    """A follow-up has no expected points of its own; its evaluation gets the main question's prompt to read the
    answer's topic against (the offline grader scored every follow-up answer as explaining nothing)."""
    from interviewmaster import ai

    original, evaluated = ai.complete_json, []

    def fake(task, inputs, schema=None, **kwargs):
        if task == "evaluate_answer":
            evaluated.append(inputs["question"])
        return original(task, inputs, schema, **kwargs)

    session = start(candidate, max_follow_ups_per_question=1)
    with mock.patch.object(ai, "complete_json", side_effect=fake):
        on_commit(services.begin_session, session=session, actor=candidate)
        answer(on_commit, session, candidate, "warm up")
        main = open_turn(session)
        answer(on_commit, session, candidate, STRONG_ANSWER)
        follow_up = open_turn(session)
        assert follow_up.kind == "follow_up"
        answer(on_commit, session, candidate, STRONG_ANSWER)
    by_prompt = {q["prompt"]: q for q in evaluated}
    assert by_prompt[follow_up.prompt]["parent_prompt"] == main.prompt
    assert by_prompt[follow_up.prompt]["parent_answer"] == STRONG_ANSWER  # the story a behavioural follow-up is about
    assert "parent_prompt" not in by_prompt[main.prompt]


def test_an_answers_evaluation_is_told_the_hints_taken_on_its_turn(bank, candidate, on_commit):
    """A rubric's "found with help" was said of an answer that took no hint: the evaluation is given the hints taken
    on the turn it grades (session 34)."""
    from interviewmaster import ai

    original, told = ai.complete_json, {}

    def fake(task, inputs, schema=None, **kwargs):
        if task == "evaluate_answer":
            told[inputs["question"]["prompt"]] = inputs.get("hints_used")
        return original(task, inputs, schema, **kwargs)

    session = start(candidate, max_follow_ups_per_question=1)
    with mock.patch.object(ai, "complete_json", side_effect=fake):
        on_commit(services.begin_session, session=session, actor=candidate)
        answer(on_commit, session, candidate, "warm up")
        main = open_turn(session)
        Turn.objects.filter(id=main.id).update(hints_used=2)
        answer(on_commit, session, candidate, STRONG_ANSWER)
        follow_up = open_turn(session)
        answer(on_commit, session, candidate, STRONG_ANSWER)
    assert told[main.prompt] == 2
    assert told[follow_up.prompt] == 0  # the hints of the question's main turn are not this turn's


@pytest.mark.parametrize(("hints", "said"), [(0, "A reasonable approach."),
                                            (2, "A reasonable approach found with help.")])
def test_the_stored_rubric_words_say_found_with_help_only_after_hints(bank, candidate, on_commit, hints, said):
    """The report and the room show a criterion's stored anchor, which kept the rubric's "found with help" for an
    answer that took no hint whatever the grader said (any provider): it is said only when the turn took hints."""
    from interviews.evaluation import evaluation_fields

    session = start(candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    turn = open_turn(session)
    turn.hints_used = hints
    fields = evaluation_fields(turn=turn, data={"score": 60, "criteria": [{"key": "problem_solving", "score": 3}]})
    assert [row["anchor"] for row in fields["criteria"]] == [said]


_OFFERED = ("python", "ruby")
_CLEAN = {"text": "An answer.", "code": "", "language": ""}


@pytest.mark.parametrize(("given", "judged", "refused", "field"), [
    ({"text": "half\x00an answer"}, None, "invalid_message", "text"),
    ({"code": "x = 1\x00"}, None, "invalid_message", "code"),
    ({"text": "half \ud800 broken"}, None, "invalid_message", "text"),
    ({"code": "x = '\udfff'"}, None, "invalid_message", "code"),
    ({"language": "py\ud800"}, None, "invalid_message", "language"),
    ({"text": "a" * (services.MAX_TEXT_CHARS + 1)}, None, "answer_too_long", "text"),
    ({"code": "a" * (services.MAX_CODE_CHARS + 1)}, None, "answer_too_long", "code"),
    ({"language": "klingon"}, None, "unsupported_language", "language"),
    ({"language": "javascript"}, None, "unsupported_language", "language"),  # the platform's, not this interview's
    ({"code": "def add(a, b): return 0", "language": "ruby"}, ["python"], "unsupported_language", "language"),
    ({"code": "def add(a, b): return 0", "language": ""}, ["python"], "unsupported_language", "language"),
])
def test_answer_input_refusal_names_each_kind_of_refused_input(given, judged, refused, field):
    """The one rule the service raises by and the room's fast path asks (pure: no session, no database)."""
    refusal = services.answer_input_refusal(**{**_CLEAN, **given}, languages=_OFFERED, judged=judged)
    assert (refusal.code, list(refusal.fields)) == (refused, [field])


@pytest.mark.parametrize(("given", "judged"), [
    ({}, None),
    ({"text": "a" * services.MAX_TEXT_CHARS, "code": "a" * services.MAX_CODE_CHARS, "language": "ruby"}, None),
    ({"code": "def add(a, b): return a + b", "language": "python"}, ["python"]),
    ({"code": "   \n", "language": "ruby"}, ["python"]),  # no code: any offered language goes
    ({"text": "Words only.", "language": ""}, ["python"]),
    ({"text": "caf\u00e9 \U0001f600", "code": "# \u00fc"}, None),  # a character beyond the BMP is no lone surrogate
])
def test_answer_input_refusal_keeps_what_may_be_stored(given, judged):
    assert services.answer_input_refusal(**{**_CLEAN, **given}, languages=_OFFERED, judged=judged) is None


def test_the_service_raises_what_answer_input_refusal_returns(bank, candidate, on_commit):
    """save_draft and submit_answer raise the predicate's refusal, words and fields as it gives them."""
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": list(_OFFERED)})
    on_commit(services.begin_session, session=session, actor=candidate)
    turn = open_turn(session)
    for given in ({"text": "x\x00"}, {"code": "\ud800"}, {"text": "a" * (services.MAX_TEXT_CHARS + 1)},
                  {"language": "klingon"}):
        expected = services.answer_input_refusal(**{**_CLEAN, **given}, languages=_OFFERED)
        for act in (services.save_draft, services.submit_answer):
            with pytest.raises(type(expected)) as error:
                act(session=session, candidate=candidate, turn_id=turn.id, **{**_CLEAN, **given})
            assert (error.value.code, error.value.message, error.value.fields) == \
                (expected.code, expected.message, expected.fields)


def test_a_second_interview_beside_a_planned_one_is_refused_with_finish_it_not_cancel_it(bank, candidate,
                                                                                         planned_live):
    """"finish or cancel it first" named a planned interview, which its candidate cannot cancel (the start page
    offers only the way back to it)."""
    with pytest.raises(InterviewAlreadyOpen) as error:
        start(candidate)
    assert error.value.message == (f"You already have an interview open ({planned_live.title}); finish it first.")
    services.finish_session(session=planned_live, candidate=candidate, confirm=True)
    start(candidate)  # a practice interview open: that one may be cancelled, and the refusal still says so
    with pytest.raises(InterviewAlreadyOpen) as error:
        start(candidate)
    assert error.value.message.endswith("; finish or cancel it first.")


def test_a_planned_interview_with_every_question_answered_finishes_without_confirm(candidate, planned_live,
                                                                                  on_commit):
    """The confirmation guards questions not reached; once the last answer is in (its next step still to come), one
    request ends the interview, and a practice interview never needs it."""
    session = planned_live
    for _ in range(2):
        on_commit(services.submit_answer, session=session, candidate=candidate, text=STRONG_ANSWER,
                  turn_id=open_turn(session).id)
        with pytest.raises(FinishNeedsConfirmation) as refused:
            services.finish_session(session=InterviewSession.objects.get(id=session.id), candidate=candidate)
    assert refused.value.code == "finish_needs_confirmation" and refused.value.status_code == 409
    assert refused.value.fields["remaining_questions"] == ["1"]
    last = open_turn(session)
    assert last.question_number == 2
    services.submit_answer(session=session, candidate=candidate, text=STRONG_ANSWER, turn_id=last.id)  # no step yet
    session.refresh_from_db()
    assert session.state == "in_progress"
    services.finish_session(session=session, candidate=candidate)
    session.refresh_from_db()
    assert session.state == "completed" and session.end_reason == "finished"


def test_a_follow_ups_evaluation_is_told_the_answers_given_before_it_in_the_thread(bank, candidate, on_commit):
    """The answers to the follow-ups before it (session 39): an answer pasted again into the second follow-up adds
    nothing over the first follow-up's answer, and the grader can only see that when it is told."""
    from interviewmaster import ai

    original, evaluated = ai.complete_json, []

    def fake(task, inputs, schema=None, **kwargs):
        if task == "evaluate_answer":
            evaluated.append(inputs["question"])
        return original(task, inputs, schema, **kwargs)

    session = start(candidate, max_follow_ups_per_question=2)
    with mock.patch.object(ai, "complete_json", side_effect=fake):
        on_commit(services.begin_session, session=session, actor=candidate)
        answer(on_commit, session, candidate, "warm up")
        answer(on_commit, session, candidate, STRONG_ANSWER)
        first = open_turn(session)
        assert first.kind == "follow_up"
        answer(on_commit, session, candidate, "The first follow-up's own answer, about the index it uses.")
        second = open_turn(session)
        assert second.kind == "follow_up" and second.parent_id == first.parent_id
        answer(on_commit, session, candidate, STRONG_ANSWER)
    by_prompt = {q["prompt"]: q for q in evaluated}
    assert by_prompt[first.prompt]["earlier_answers"] == []
    assert by_prompt[second.prompt]["earlier_answers"] == [
        "The first follow-up's own answer, about the index it uses."]
