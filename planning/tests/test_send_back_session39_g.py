"""A sixteenth review of the send-back reader (session 39, G): a level denied of one question and said of another
("Q2 isn't too easy but Q4 is") is read for the other, a second wish after "so" / "then" ("Drop Q2 so add a SQL
question") is read, not lost, and questions asked to be added never cost the expert's own under the length they set."""

from __future__ import annotations

import time

import pytest

from planning.tests.test_learned_level import levels, send_back
from planning.tests.test_send_back import read_six
from planning.tests.test_send_back_and_negation import dropped

pytestmark = pytest.mark.django_db


# --- a level denied of one question and said of another -------------------------------------------------------------
@pytest.mark.parametrize("fresh", [False, True])
@pytest.mark.parametrize(("comment", "levels"), [
    ("Q2 isn't too easy but Q4 is", {3: 1}), ("Q2 is not too easy, but Q4 is.", {3: 1}),
    ("Q2 is not too hard but Q3 is", {2: -1}), ("Q2 isn't too difficult but Q3 and Q5 are", {2: -1, 4: -1}),
    ("Q2 is not too simple, whereas Q4 definitely is", {3: 1}), ("I don't think Q2 is too basic but Q4 is", {3: 1}),
    ("Q2 isn't too advanced but Q6 is", {5: -1}),
    # said the other way round: the turn's question is the one left alone
    ("Q2 is too easy but Q4 isn't", {1: 1}), ("Q2 is too hard, but Q4 is not", {1: -1}),
    ("Q2 isn't hard enough but Q4 is", {1: 1}), ("Q2 is not easy enough but Q4 is", {1: -1})])
def test_a_level_denied_of_one_question_and_said_of_another_is_read_for_the_other(comment, levels, fresh):
    """"Q2 isn't too easy but Q4 is" was quoted back under "Not done"; "Q2 is too easy but Q4 isn't" and "Q2 isn't
    hard enough but Q4 is" made Q4 harder as well as Q2. The level moves for the questions it is said of only."""
    got = read_six(comment, fresh=fresh)
    assert got.levels == levels and got.not_done == [] and got.shift == 0
    assert sorted(got.flagged) == sorted(levels)
    moved = {s["question"]: s["difficulty"] for s in got.slots if not s.get("unchanged")}
    assert moved == {i: "hard" if d > 0 else "easy" for i, d in levels.items()}
    assert [s["question"] for s in got.slots] == list(range(6))


def test_a_level_said_after_its_denial_is_it_and_a_denial_alone_is_still_nothing():
    assert dropped(read_six("Q2 is not too easy but Q4 is, drop it")) == [3]
    assert dropped(read_six("Q2 is too easy but Q4 isn't; drop it")) == [1]
    for comment in ["Q2 isn't too easy", "Q2 isn't too easy but Q4 isn't either", "Q2 is not too hard but it is long"]:
        got = read_six(comment, fresh=True)
        assert got.levels == {} and got.shift == 0 and all(s.get("unchanged") for s in got.slots)
    # a level said of a question the same clause drops is not a shift of the whole plan (it made every other harder)
    for comment in ["Q2 isn't too easy but Q4 is so drop it", "Q4 is too easy so drop it"]:
        got = read_six(comment)
        assert dropped(got) == [3] and got.shift == 0 and got.not_done == []
        assert all(s.get("unchanged") for s in got.slots)
    # a level said plainly reads as before
    assert read_six("Q2 is too easy").levels == {1: 1}
    assert read_six("Q2 and Q4 are too easy").levels == {1: 1, 3: 1}
    assert read_six("Make Q2 harder and Q4 easier").levels == {1: 1, 3: -1}


# --- a second wish after "so" / "then" -------------------------------------------------------------------------------
@pytest.mark.parametrize("fresh", [False, True])
@pytest.mark.parametrize("comment", ["Drop Q2 so add a SQL question", "Drop Q2, so add a SQL question",
                                     "Drop Q2 then add a SQL question", "Drop Q2 and then add a SQL question",
                                     "Drop Q2 so please add a SQL question", "Remove Q2 so we can add a SQL question",
                                     "Drop Q2, so that we can add a SQL question"])
def test_a_wish_after_so_is_read_too(comment, fresh):
    """"Drop Q2 so add a SQL question" dropped Q2 and lost the SQL question without a word."""
    got = read_six(comment, fresh=fresh)
    assert dropped(got) == [1] and got.not_done == []
    assert [(s["category"], s.get("topic")) for s in got.slots if "question" not in s] == [("databases", "sql")]
    assert any("added a SQL" in d for d in got.done)


def test_so_after_a_reason_or_a_complaint_still_joins_it_to_its_wish():
    got = read_six("The candidate isn't senior, so make it easier")
    assert got.shift == -1 and got.not_done == []
    got = read_six("The candidate isn't senior so we should make it easier")
    assert got.shift == -1 and got.not_done == []
    for comment in ["Q2 duplicates Q1 so drop Q2", "Q1 is repeated in Q3 and Q5 so drop them"]:
        got = read_six(comment)
        assert got.not_done == [] and dropped(got) in ([1], [2, 4])
    got = read_six("Make Q2 harder so drop Q5")
    assert got.levels == {1: 1} and dropped(got) == [4] and got.not_done == []
    for comment in ["Drop Q2 so the interview stays short", "Drop Q2 so keep it short", "Drop Q2 so make it shorter",
                    "Drop Q2 so more time is left for Q3", "Drop Q2 so Q3 gets more time"]:
        got = read_six(comment)
        assert dropped(got) == [1] and got.not_done == [] and len(got.slots) == 5
    got = read_six("Don't drop Q2 so add a SQL question")
    assert dropped(got) == [] and len(got.slots) == 7 and got.not_done == []


@pytest.mark.parametrize("unit", ["Q2 isn't too easy but Q4 is ", "is not too hard but Q4 and Q5 are, ",
                                  "drop Q2 so add a SQL question so ", "add SQL then drop Q2 then "])
def test_a_long_hostile_comment_of_these_is_read_in_linear_time(unit):
    comment = (unit * (40_000 // len(unit) + 1))[:40_000]
    started = time.process_time()
    read_six(comment, fresh=True)
    assert time.process_time() - started < 1.5


# --- questions added past the length the expert set ------------------------------------------------------------------
SIX_HARD = {"question_distribution": {"coding": {"hard": 6}}}  # 132 minutes; four system design questions are 68 more


@pytest.mark.parametrize(("comment", "added", "not_added"), [
    ("; ".join(["add a system design question"] * 12), [("system_design", "medium")] * 4,
     "8 of the 12 questions you asked to add were not added (8 system design questions)"),
    ("; ".join(["add a behavioural question", "add a testing question"] * 6),
     [("behavioral", "medium"), ("testing", "medium")] * 2,
     "8 of the 12 questions you asked to add were not added (4 behavioural questions, 4 testing and quality "
     "questions)")])
def test_questions_asked_to_add_past_the_length_the_expert_set_are_not_added_and_said(make_plan, comment, added,
                                                                                       not_added):
    """Twelve "add a system design question" on six hard coding questions under a length of 200 minutes the expert
    set dropped all six of the expert's own questions to make room, and the note said each was added. The ones that
    fit the length are added, every question sent back stays at its level, and the note says which were not added
    and why."""
    plan = make_plan(config=SIX_HARD, duration_minutes=200)
    assert plan.duration_fixed and plan.current_version.estimated_minutes == 132
    version = send_back(plan, reason="other", comment=comment)
    assert levels(version) == [("coding", "hard")] * 6 + added
    assert plan.duration_minutes == 200 and version.estimated_minutes <= 200
    assert version.rationale.count("added a") == len(added)
    assert (f"Not done: {not_added}, because the interview would run past 200 minutes, the length you set."
            in version.rationale)
    assert "dropped" not in version.rationale


def test_questions_asked_to_add_that_fit_the_length_the_expert_set_are_all_added(make_plan):
    plan = make_plan(config=SIX_HARD, duration_minutes=200)
    version = send_back(plan, reason="other", comment="Add a system design question. Also add a behavioural one")
    assert levels(version)[:6] == [("coding", "hard")] * 6 and len(version.questions) == 8
    assert "Not done" not in version.rationale and version.estimated_minutes <= 200


def test_questions_added_under_the_length_the_expert_set_never_cost_one_of_their_questions(make_plan):
    """With "Too easy" the questions sent back are harder: an addition that fits only at their old levels is not added
    (one was, and a coding question of the expert's was dropped to make room)."""
    plan = make_plan(config={"question_distribution": {"coding": {"medium": 4}, "behavioral": {"medium": 1}}},
                     duration_minutes=120)
    version = send_back(plan, reason="too_easy", comment="; ".join(["add a system design question"] * 5))
    assert [c for c, _ in levels(version)][:5] == ["coding"] * 4 + ["behavioral"]
    assert version.estimated_minutes <= 120 and "dropped" not in version.rationale
    assert "you asked to add were not added" in version.rationale
