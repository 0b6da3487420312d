"""How far a wish of the expert's comment reaches: "it" / "them" is the questions named before it, a question named
by its category or skill leaves the others as they were, two wishes of one clause are each done, and "except" never
does the opposite of what was asked."""

from __future__ import annotations

import pytest

from planning.tests import test_send_back
from planning.tests.test_send_back import read_six, request

pytestmark = pytest.mark.django_db
demo_plan = test_send_back.demo_plan  # the demo's six-question payments plan


def changed(request):
    return {s["question"]: s["difficulty"] for s in request.slots if not s.get("unchanged")}


@pytest.mark.parametrize(("comment", "levels"), [
    ("Q2 is too hard, make it easier", {1: "easy"}),
    ("Keep the Kafka question but make it harder", {3: "hard"}),
    ("Keep Q2 and Q3 but make them harder", {1: "hard", 2: "hard"}),
    ("Q3 is good but make it harder", {2: "hard"}),
])
def test_it_or_them_after_a_named_question_changes_that_question_only(comment, levels):
    request = read_six(comment)
    assert request.shift == 0
    assert changed(request) == levels
    assert all(s.get("unchanged") for s in request.slots if s["question"] not in levels)
    assert not any(d.startswith("made the questions") for d in request.done)


@pytest.mark.parametrize(("comment", "order", "levels"), [
    ("Move the behavioural question to the start", [4, 0, 1, 2, 3, 5], {}),
    ("Make the behavioural question harder", list(range(6)), {4: "hard"}),
    ("The Go question is too easy", list(range(6)), {2: "hard"}),
])
def test_a_question_named_by_category_or_skill_in_an_order_or_level_wish_leaves_the_others_as_they_were(
        comment, order, levels):
    request = read_six(comment)
    assert request.shift == 0
    assert [s["question"] for s in request.slots] == order
    assert changed(request) == levels
    assert not any(d.startswith("made the questions") for d in request.done)
    # no question named: every question, as before
    assert read_six("Harder questions please").shift == 1


@pytest.mark.parametrize(("comment", "index"), [("Keep the Kafka question but make it harder", 3),
                                                ("The Go question is too easy", 2)])
def test_end_to_end_only_the_question_named_changes_and_the_note_says_so(demo_plan, comment, index):
    before, version = request(demo_plan, "other", comment)
    after = version.questions
    assert [q["prompt"] for i, q in enumerate(after) if i != index] == [
        q["prompt"] for i, q in enumerate(before) if i != index]
    assert after[index]["difficulty"] == "hard" and after[index]["skill"] == before[index]["skill"]
    assert "made the questions harder" not in version.rationale


@pytest.mark.parametrize(("comment", "levels"), [
    ("Make Q4 harder and Q5 easier", {3: "hard", 4: "easy"}),
    ("Q2 is a bit too easy and Q5 too hard", {1: "hard", 4: "easy"}),
    ("Q2 is a bit too easy, Q5 too hard", {1: "hard", 4: "easy"}),
])
def test_two_directions_in_one_clause_are_each_done_to_the_question_they_are_said_of(comment, levels):
    request = read_six(comment)
    assert request.shift == 0 and request.not_done == []
    assert changed(request) == levels
    assert len(request.done) == 2 and "harder" in request.done[0] and "easier" in request.done[1]


def test_a_long_run_of_wishes_of_both_directions_is_read_in_linear_time():
    import time

    comment = "Q2 too easy, Q5 too hard, " * 150
    started = time.perf_counter()
    read_six(comment[:4000])
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("comment", ["Replace Q2, Q3 with a Kafka question",
                                     "Replace questions 2, 3 with a Kafka question",
                                     "replace Q2, #3 with a Kafka question"])
def test_a_comma_list_of_questions_replaced_replaces_each(comment):
    from planning.send_back import REPLACE

    request = read_six(comment)
    assert [s["question"] for s in request.slots if s.get("topic") == "kafka"] == [1, 2]
    assert request.not_done == [] and len(request.done) == 2
    # a comma before anything but a question number still ends what is replaced
    assert REPLACE.search("swap Q1 and Q4, then start with the database one") is None


@pytest.mark.parametrize(("comment", "left"), [
    ("Drop everything except Q1", [0]),
    ("Drop all but Q1 and Q2", [0, 1]),
    ("Remove all the questions other than Q6", [5]),
    ("Drop the coding questions except the Go one", [2, 3, 4, 5]),
])
def test_drop_everything_except_a_question_keeps_that_question_and_drops_the_rest(comment, left):
    request = read_six(comment)
    assert [s["question"] for s in request.slots] == left
    assert all(s.get("unchanged") for s in request.slots) and request.not_done == []


def test_an_exception_the_reader_cannot_place_is_quoted_back_not_done_the_other_way():
    request = read_six("Drop everything except the behavioural question")
    assert [s["category"] for s in request.slots] == [s["category"] for s in read_six("").slots]
    assert request.done == [] and request.not_done


def test_a_question_kept_is_not_rewritten_by_a_wish_for_harder_questions(demo_plan):
    before, version = request(demo_plan, "other", "Keep Q4. Make the questions harder.")
    after = [q["prompt"] for q in version.questions]
    assert before[3]["prompt"] in after, after
    assert "kept question 4 (System design, Apache Kafka)" in version.rationale
    assert "made the questions harder" in version.rationale


@pytest.mark.parametrize(("comment", "flagged"), [("I like Q1, but Q2 is too generic", [1]),
                                                  ("Q1 is fine while Q3 is vague", [2]),
                                                  ("Q1 and Q3 are off-topic", [0, 2])])
def test_a_question_praised_before_but_is_not_the_one_written_afresh(comment, flagged):
    request = read_six(comment)
    assert [s["question"] for s in request.slots if not s.get("unchanged")] == flagged


@pytest.mark.parametrize(("comment", "order"), [
    ("Swap the Kafka question with the behavioural one", [0, 1, 2, 4, 3, 5]), ("Swap Q2 with Q5", [0, 4, 2, 3, 1, 5])])
def test_swapping_a_question_with_another_of_the_plan_moves_both_and_replaces_none(comment, order):
    request = read_six(comment)
    assert [s["question"] for s in request.slots] == order
    assert all(s.get("unchanged") for s in request.slots) and request.not_done == []
    # with a question not in the plan, it is a replacement, as before
    assert read_six("Swap the Kafka question with a SQL one").slots[3]["topic"] == "sql"
