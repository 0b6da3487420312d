"""A sixteenth review of the send-back reader (session 39, P): a level denied of one question named by its topic and
said of another ("The Go question is too easy but the Kafka one isn't") moves the one it is said of only, a fault
said of a question and then of another ("Q3 duplicates Q1, and Q5 too") finds both wanting, and a question a drop
makes room for ("Drop Q2 to make room for a SQL question") is added, not lost."""

from __future__ import annotations

import pytest

from planning.tests.test_send_back import read_six
from planning.tests.test_send_back_and_negation import dropped

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fresh", [False, True])
@pytest.mark.parametrize(("comment", "levels"), [
    ("The Go question is too easy but the Kafka one isn't", {2: 1}),
    ("The Go question is too hard, but the Kafka one is not", {2: -1}),
    ("The Go question isn't too easy but the Kafka one is", {3: 1}),
    ("The Kafka question is not too hard whereas the Go question is", {2: -1}),
    ("Q3 is too easy but the Kafka one isn't", {2: 1}), ("The Go question isn't too easy but Q4 is", {3: 1})])
def test_a_level_turned_between_questions_named_by_topic_moves_the_one_it_is_said_of(comment, levels, fresh):
    """"The Go question is too easy but the Kafka one isn't" made both the Go and the Kafka questions harder; "The Go
    question isn't too easy but the Kafka one is" was quoted back under "Not done"."""
    got = read_six(comment, fresh=fresh)
    assert got.levels == levels and got.not_done == [] and got.shift == 0
    moved = {s["question"]: s["difficulty"] for s in got.slots if not s.get("unchanged")}
    assert moved == {i: "hard" if d > 0 else "easy" for i, d in levels.items()}


def test_a_level_turned_to_a_question_it_cannot_tell_changes_nothing_it_was_denied_of():
    got = read_six("The Go question isn't too easy but the Rust one is")
    assert got.levels == {} and got.shift == 0 and all(s.get("unchanged") for s in got.slots)


@pytest.mark.parametrize("comment", ["Q3 duplicates Q1, and Q5 too, so drop them.",
                                     "Q3 repeats Q1 and so does Q5, drop them",
                                     "Q3 repeats Q1, and Q5 as well; drop them",
                                     "Q3 duplicates Q1 and so do Q5 and Q6, so drop them"])
def test_a_fault_said_of_one_more_question_finds_it_wanting_too(comment):
    """"Q3 duplicates Q1, and Q5 too, so drop them" dropped Q3 only and said nothing of Q5."""
    got = read_six(comment)
    assert dropped(got) == ([2, 4, 5] if "Q6" in comment else [2, 4]) and got.not_done == []


def test_a_fault_said_of_one_question_alone_is_read_as_before():
    assert dropped(read_six("Q3 duplicates Q1 and Q5, drop it")) == [2]
    assert dropped(read_six("Q3 duplicates Q1, drop them")) == [2]


@pytest.mark.parametrize("fresh", [False, True])
@pytest.mark.parametrize("comment", ["Drop Q2 so we have time for a SQL question",
                                     "Drop Q2 to make room for a SQL question",
                                     "Drop Q2 and use the time for a SQL question",
                                     "Remove the Go question to make space for a SQL question"])
def test_a_question_a_drop_makes_room_for_is_added(comment, fresh):
    """"Drop Q2 to make room for a SQL question" dropped Q2 and lost the SQL question without a word."""
    got = read_six(comment, fresh=fresh)
    assert dropped(got) == ([2] if "Go" in comment else [1]) and got.not_done == []
    assert [(s["category"], s.get("topic")) for s in got.slots if "question" not in s] == [("databases", "sql")]
    assert any("added a SQL" in d for d in got.done)


def test_time_a_drop_leaves_for_a_question_of_the_plan_adds_nothing():
    for comment in ["Drop Q2 so we have time for Q3", "Drop Q2 to make room for the Go question",
                    "Drop Q2 so Q3 gets more time", "Drop Q2 so there is no time for a SQL question"]:
        got = read_six(comment)
        assert dropped(got) == [1] and [s for s in got.slots if "question" not in s] == [], comment


@pytest.mark.parametrize(("comment", "written"), [
    ("Q2 is fine but Q4 isn't, please rewrite it.", [3]), ("Q2 is fine but Q4 isn't", [3]),
    ("Q2 looks good, whereas Q4 and Q5 are not", [3, 4])])
def test_praise_denied_of_a_question_after_a_turn_writes_it_afresh(comment, written):
    """"Q2 is fine but Q4 isn't, please rewrite it." kept Q2 and quoted the rest back under "Not done"."""
    got = read_six(comment)
    assert got.flagged == written and got.not_done == [] and got.levels == {}
    assert [s["question"] for s in got.slots if not s.get("unchanged")] == written
    assert got.done[0] == "kept question 2 (Coding, Django)"
