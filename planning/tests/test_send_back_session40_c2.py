"""A seventeenth review of the send-back reader (session 40, C2): a level said of the whole plan with an exception
("The plan is too easy except Q4", "Everything except Q2 and Q5 is too hard") moves every question but those, not
only them; a fault said of more questions after it ("…, and so is Q5, and Q6 as well", "Q3 is off-topic. Q5 as well.")
finds each wanting; a fault after a level with a turn ("The plan is too easy but Q4 isn't, and Q3 is off-topic") is
said of its own question only; "Rewrite Q4 in Python" asks for a Python question; and a question rewritten never
brings back a prompt the plan had before nor one it holds."""

from __future__ import annotations

import time

import pytest

from planning import agents
from planning.tests import test_send_back_from_version as from_version
from planning.tests.test_send_back import read_six
from planning.tests.test_send_back_session40_c import KAFKA, changed

pytestmark = pytest.mark.django_db
demo_plan, same, send_back = from_version.demo_plan, from_version.same, from_version.send_back


# --- 1. the whole plan too easy, except a question -------------------------------------------------------------------
@pytest.mark.parametrize(("comment", "direction", "spared"), [
    ("The plan is too easy except Q4", 1, [3]), ("The plan is too easy but not Q4", 1, [3]),
    ("The plan is too easy, apart from Q4", 1, [3]), ("The plan is too easy except for Q4", 1, [3]),
    ("Too easy overall, except Q4", 1, [3]), ("Except for Q4, the plan is too easy", 1, [3]),
    ("Everything except Q2 and Q5 is too hard", -1, [1, 4]), ("All questions but Q3 are too easy", 1, [2]),
    ("All but Q3 are too easy", 1, [2]), ("The plan is too easy except the Kafka question", 1, [3]),
    ("Every question other than Q4 is too hard", -1, [3])])
def test_a_level_said_of_the_plan_except_a_question_moves_every_other(comment, direction, spared):
    """"The plan is too easy except Q4" made only Q4 harder: the opposite of what was asked."""
    got = read_six(comment)
    assert got.shift == direction and got.kept == spared and got.levels == {} and got.flagged == []
    assert got.not_done == [] and all(s["unchanged"] for s in got.slots)
    assert got.done == ["kept " + ", ".join(
        f"question {i + 1} ({c})" for i, c in ((1, "Coding, Django"), (2, "Coding, Go"),
                                               (3, "System design, Apache Kafka"), (4, "Behavioural, pytest"))
        if i in spared) + (" at its level" if len(spared) == 1 else " at their level")]


@pytest.mark.parametrize("comment", ["Too easy overall, but Q4 is fine", "The plan is too easy, but Q4 is good",
                                     "Too easy, but Q4 looks great"])
def test_a_level_said_of_the_plan_and_a_question_praised_after_it_moves_every_other(comment):
    got = read_six(comment)
    assert got.shift == 1 and got.kept == [3] and got.levels == {} and got.not_done == []
    assert got.done == [f"kept {KAFKA}"]


@pytest.mark.parametrize(("comment", "shift", "levels"), [
    ("Q2 is good but too easy", 0, {1: 1}), ("Q2 is too easy except the small talk", 0, {1: 1}),
    ("Questions 1 to 4 are too easy except Q3", 0, {0: 1, 1: 1, 3: 1}), ("It is too easy except Q4", 0, {})])
def test_a_level_said_of_questions_with_an_exception_moves_those_questions(comment, shift, levels):
    got = read_six(comment)
    assert got.shift == shift and got.levels == levels


# --- 2. one fault said of more questions -----------------------------------------------------------------------------
@pytest.mark.parametrize("fresh", [False, True])
@pytest.mark.parametrize(("comment", "flagged"), [
    ("Q3 is off-topic, and so is Q5, and Q6 as well", [2, 4, 5]),
    ("Q3 is off-topic, Q5 too, and Q6 as well", [2, 4, 5]),
    ("Q3 is off-topic. Q5 as well.", [2, 4]), ("Q3 is off-topic; Q5 too.", [2, 4]),
    ("Q3 is off-topic. And so is Q5.", [2, 4]), ("Q3 is off-topic. Same for Q5 and Q6.", [2, 4, 5])])
def test_a_fault_said_of_more_questions_finds_each_wanting(comment, flagged, fresh):
    """"Q3 is off-topic, and so is Q5, and Q6 as well" left Q6 as it was, said nowhere; "Q3 is off-topic. Q5 as well."
    quoted "Q5 as well" back under "Not done"."""
    got = read_six(comment, fresh=fresh)
    assert got.flagged == flagged and sorted(changed(got)) == flagged and got.not_done == []


def test_one_more_question_after_a_full_stop_with_nothing_named_before_is_quoted_back():
    got = read_six("Add a SQL question. Q5 too.")
    assert got.not_done and "Q5 too" in got.not_done[-1]


# --- 3. a fault after a level turned from a question -----------------------------------------------------------------
@pytest.mark.parametrize("comment", ["The plan is too easy but Q4 isn't, and Q3 is off-topic",
                                     "The plan is too easy but Q4 isn't and Q3 is off-topic",
                                     "The plan is too easy but Q4 isn't, Q3 is off-topic"])
def test_a_fault_after_a_level_turned_from_a_question_is_said_of_its_own_question(comment):
    """Q4 was both "kept … at its level" and written afresh."""
    got = read_six(comment)
    assert got.shift == 1 and got.kept == [3] and got.flagged == [2] and got.not_done == []
    assert sorted(changed(got)) == [2]
    assert got.done == [f"kept {KAFKA} at its level", "wrote a new question in place of question 3 (Coding, Go)"]


# --- 4. "rewrite Q4 in Python" ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("comment", ["Rewrite Q4 in Python", "Please rewrite Q4 using Python",
                                     "Rewrite the Kafka question in Python"])
def test_a_rewrite_in_a_language_is_a_question_on_it(comment):
    """"Rewrite Q4 in Python" wrote another Kafka question and left "in Python" out without a word."""
    got = read_six(comment)
    assert sorted(changed(got)) == [3] and got.not_done == []
    assert changed(got)[3]["category"] == "coding" and changed(got)[3]["topic"] == "python"
    assert got.done == [f"replaced {KAFKA} with a Python (coding and algorithms) question"]


def test_a_rewrite_in_words_the_reader_cannot_tell_is_done_and_they_are_said_under_not_done():
    got = read_six("Rewrite Q4 in plain English")
    assert changed(got)[3]["topic"] == "apache-kafka" and got.done == [
        f"rewrote {KAFKA} as another Apache Kafka question, medium"]
    assert len(got.not_done) == 1 and got.not_done[0].startswith('"in plain English" (this is not something')
    got = read_six("Rewrite the Go question in Python")  # the Python question (Q1) is not the one rewritten
    assert sorted(changed(got)) == [2] and changed(got)[2]["topic"] == "python"


# --- 5. a rewrite never brings back a prompt the plan had or holds ---------------------------------------------------
def test_a_question_rewritten_twice_never_brings_back_an_earlier_prompt(demo_plan):
    """The second "Please rewrite Q4" brought back the first version's Q4 word for word."""
    first = demo_plan.current_version.questions
    second = send_back(demo_plan, "Please rewrite Q4").questions
    third = send_back(demo_plan, "Please rewrite Q4").questions
    assert third[3]["prompt"] not in {first[3]["prompt"], second[3]["prompt"]}
    assert list(map(same, third[:3])) == list(map(same, first[:3]))


def test_a_rewrite_avoids_every_prompt_of_the_plan(demo_plan):
    """A rewrite of Q3 and Q5 made Q5 nearly a copy of Q4, which the plan held."""
    first = demo_plan.current_version.questions
    second = send_back(demo_plan, "Rewrite Q1").questions
    inputs = agents.plan_inputs(demo_plan, feedback={"reason": "other", "comment": "Rewrite Q2"})
    assert {q["prompt"] for q in first + second} <= set(inputs["avoid"])
    assert [k["slot"] for k in inputs["keep"]] == [0, 2, 3]


# --- hostile comments -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("unit", [
    "The plan is too easy except Q4 ", "Everything except Q2 and ", "All questions but Q3 are too easy, ",
    "except for Q4, ", "Q3 is off-topic, and so is Q5, ", "Q5 too. ", "Q3 is off-topic. Q5 as well. ",
    "too easy but Q4 isn't, and Q3 is off-topic ", "rewrite Q4 in ", "rewrite Q4 in Python ", "in in in ",
    "Too easy overall, but Q4 is fine "])
def test_a_long_hostile_comment_of_these_is_read_in_linear_time(unit):
    comment = (unit * (40_000 // len(unit) + 1))[:40_000]
    started = time.process_time()
    read_six(comment, fresh=True)
    assert time.process_time() - started < 1.5
