"""A sixteenth review of the send-back reader (session 39, P): a level denied of one question named by its topic and
said of another ("The Go question is too easy but the Kafka one isn't") moves the one it is said of only, a fault
said of a question and then of another ("Q3 duplicates Q1, and Q5 too") finds both wanting, and a question a drop
makes room for ("Drop Q2 to make room for a SQL question") is added, not lost."""

from __future__ import annotations

import pytest

from planning.tests.test_send_back import read_six

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
