"""A sixteenth review of the send-back reader (session 39, A): "them" after "so" is every repeat a passive complaint
names ("Q1 is repeated in Q3 and Q5 so drop them"), a fault said of one question after it is denied of another ("Q2
is not off-topic but Q4 is") is read, and questions asked to be added never take a plan whose length follows its
questions past the longest interview."""

from __future__ import annotations

import time

import pytest

from planning import services
from planning.tests.test_learned_level import levels, send_back
from planning.tests.test_send_back import read_six
from planning.tests.test_send_back_and_negation import dropped

pytestmark = pytest.mark.django_db


# --- "so" before the wish the complaint is the reason for ------------------------------------------------------------
@pytest.mark.parametrize("fresh", [False, True])
@pytest.mark.parametrize("comment", ["Q1 is repeated in Q3 and Q5 so drop them",
                                     "Q1 is repeated in Q3 and Q5 so please remove them",
                                     "Q1 is duplicated by Q3, Q5 so drop them",
                                     "Q1 is repeated in questions 3 and 5 so drop them",
                                     "Q1 is repeated in Q3 and Q5 then drop them"])
def test_them_after_so_is_every_repeat_a_passive_complaint_names(comment, fresh):
    """"Q1 is repeated in Q3 and Q5 so drop them" dropped Q3 only (the repeats ended at the "and", Q5 being followed by
    more than a question number), where ", drop them" dropped both."""
    got = read_six(comment, fresh=fresh)
    assert dropped(got) == [2, 4] and got.not_done == []


def test_so_still_joins_a_reason_to_the_wish_it_gives():
    assert dropped(read_six("Q1 is repeated in Q3 so drop it")) == [2]
    assert dropped(read_six("Q1 is repeated in Q3 and Q5 as well, drop them")) == [2, 4]
    # "as well as" joins two repeats: the "as" of it ends no list (it dropped Q3 only, R1)
    assert dropped(read_six("Q1 is repeated in Q3 as well as Q5, drop them")) == [2, 4]
    assert dropped(read_six("Q1 is repeated in Q3 as well as in Q5 so drop them")) == [2, 4]
    got = read_six("The candidate isn't senior, so make it easier")
    assert got.shift == -1 and got.not_done == []


# --- a fault said of one question after it is denied of another ------------------------------------------------------
@pytest.mark.parametrize("fresh", [False, True])
@pytest.mark.parametrize(("comment", "flagged"), [
    ("Q2 is not off-topic but Q4 is", [3]), ("Q2 isn't off-topic, but Q4 is.", [3]),
    ("Q2 is not off-topic but Q4 and Q5 are", [3, 4]), ("Q2 is not off-topic, whereas Q4 definitely is", [3]),
    ("Q2 is not vague but Q4 is", [3]), ("I don't think Q2 is off-topic but Q4 is", [3])])
def test_a_fault_denied_of_one_question_and_said_of_another_is_read_for_the_other(comment, flagged, fresh):
    """"Q2 is not off-topic but Q4 is" was quoted back under "Not done": Q4 is written afresh, as "Q4 is off-topic"
    has it, and Q2 left alone."""
    got = read_six(comment, fresh=fresh)
    assert got.flagged == flagged and got.not_done == []
    assert all(s.get("unchanged") for s in got.slots if s["question"] not in flagged)
    assert [s["question"] for s in got.slots] == list(range(6))
    plain = read_six("Q4 is off-topic", fresh=fresh)
    assert flagged != [3] or (got.slots == plain.slots and got.done == plain.done)


def test_a_fault_said_after_its_denial_is_them_and_the_denial_alone_is_still_nothing():
    assert dropped(read_six("Q2 is not off-topic but Q4 is, drop it")) == [3]
    assert dropped(read_six("Q2 doesn't repeat Q1, whereas Q4 does; drop it")) == [3]
    assert read_six("Q2 isn't repetitive but Q4 and Q5 are", fresh=True).flagged == [3, 4]
    for comment in ["Q2 is not off-topic", "Q2 is not off-topic but it is long", "Q2 is not off-topic but Q4 is fine"]:
        got = read_six(comment, fresh=True)
        assert got.flagged == [] and len(got.slots) == 6 and all(s.get("unchanged") for s in got.slots)


@pytest.mark.parametrize("unit", ["Q2 is not off-topic but Q4 is ", "isn't off-topic but Q4 is, ",
                                  "Q1 is repeated in Q3 and Q5 so ", "not off-topic but Q4 and Q5 and "])
def test_a_long_hostile_comment_of_these_is_read_in_linear_time(unit):
    comment = (unit * (40_000 // len(unit) + 1))[:40_000]
    started = time.process_time()
    read_six(comment, fresh=True)
    assert time.process_time() - started < 1.5


# --- questions added past the longest interview ----------------------------------------------------------------------
SIX_HARD = {"question_distribution": {"coding": {"hard": 6}}}  # 132 minutes; a system design question is 17 more


@pytest.mark.parametrize("asked", [12, 25])
def test_questions_asked_to_add_past_the_longest_interview_are_not_added_and_said(make_plan, asked):
    """Twelve "add a system design question" on six hard coding questions (132 minutes, length left empty) gave 242
    minutes and dropped four of the expert's own questions to make room; twenty-five gave 330 minutes. Now the ones
    that fit are added, every question sent back stays, and the note says which were not added and why."""
    plan = make_plan(config=SIX_HARD)
    before = plan.current_version
    assert not plan.duration_fixed and before.estimated_minutes == 132
    version = send_back(plan, reason="other", comment="; ".join(["add a system design question"] * asked))
    assert levels(version) == [("coding", "hard")] * 6 + [("system_design", "medium")] * 6
    assert plan.duration_minutes == version.estimated_minutes <= services.LENGTH_RANGE[1]
    assert version.rationale.count("added a system design question") == 6
    assert (f"Not done: {asked - 6} of the {asked} questions you asked to add were not added ({asked - 6} system "
            "design questions), because the interview would run past 240 minutes, the longest an interview can "
            "be.") in version.rationale
    assert "dropped" not in version.rationale


def test_questions_asked_to_add_that_fit_are_all_added(make_plan):
    plan = make_plan(config=SIX_HARD)
    version = send_back(plan, reason="other", comment="Add a system design question. Also add a behavioural one")
    assert len(version.questions) == 8 and "Not done" not in version.rationale
    assert plan.duration_minutes == version.estimated_minutes <= services.LENGTH_RANGE[1]
