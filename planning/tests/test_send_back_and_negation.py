"""A fifteenth review of the send-back reader (session 38, B): what is said of a question after "and" is a clause of
its own ("Drop Q2 and Q3 is too easy"), "them" after a passive complaint is every repeat it names ("Q1 is repeated
in Q3 and Q5, drop them"), and a complaint said the other way round ("Q4 isn't off-topic", "I don't think Q3 is too
hard") acts on no question."""

from __future__ import annotations

import time

import pytest

from planning.tests.test_send_back import read_six

pytestmark = pytest.mark.django_db


def dropped(got):
    return [i for i in range(6) if i not in [s.get("question") for s in got.slots]]


# --- "and" before a question said something of --------------------------------------------------------------------
@pytest.mark.parametrize(("comment", "gone", "levels", "flagged"), [
    ("Drop Q2 and Q3 is too easy", [1], {2: 1}, [2]), ("Drop Q2 and Q3 are too easy", [1], {2: 1}, [2]),
    ("drop Q2   and   Q3 is too easy", [1], {2: 1}, [2]), ("Remove Q2 and Q3 needs to be harder", [1], {2: 1}, [2]),
    ("Drop Q2 and Q3 is off-topic", [1], {}, [2]), ("Make Q2 harder and Q3 is off-topic", [], {1: 1}, [1, 2]),
    ("Q2 is off-topic and Q3 is too easy", [], {2: 1}, [1, 2]), ("Q2 is too easy and Q3 is off-topic", [], {1: 1},
                                                                 [1, 2])])
def test_a_question_said_something_of_after_and_is_a_clause_of_its_own(comment, gone, levels, flagged):
    """"Drop Q2 and Q3 is too easy" dropped Q2 and Q3 and made the whole plan harder: "Q3 is too easy" was read as
    more of the list "drop" names, as "Drop Q2, Q3 is too easy" no longer is."""
    got = read_six(comment)
    assert dropped(got) == gone and got.levels == levels and sorted(got.flagged) == flagged
    assert got.shift == 0 and got.not_done == []


@pytest.mark.parametrize(("comment", "gone", "levels"), [
    ("Drop Q2 and Q3", [1, 2], {}), ("Q1 and Q2 are too easy", [], {0: 1, 1: 1}),
    ("Q2 is too hard and Q3 is too easy", [], {1: -1, 2: 1}), ("Drop Q2 and Q3 is fine", [1], {})])
def test_a_list_joined_by_and_is_still_one_list(comment, gone, levels):
    got = read_six(comment)
    assert dropped(got) == gone and got.levels == levels and got.not_done == []


def test_two_complaints_joined_by_and_are_still_them():
    assert dropped(read_six("Q2 duplicates Q1 and Q3 duplicates Q1; drop them")) == [1, 2]


@pytest.mark.parametrize(("comment", "gone"), [
    ("Q2 duplicates Q1, Q3 duplicates Q1; drop them", [1, 2]), ("Q2 is off-topic, Q4 repeats Q1; drop them", [1, 3])])
def test_two_complaints_after_a_comma_are_them_too(comment, gone):
    """The comma cut "Q2 duplicates Q1" off as a clause of its own: "them" was Q3 alone, and "Q2 duplicates Q1" was
    quoted back under "Not done"."""
    got = read_six(comment)
    assert dropped(got) == gone and got.not_done == []
    # a complaint said the other way round is none: cut off, quoted back, and not "them"
    denied = read_six("Q2 is not off-topic, Q3 repeats Q1; drop them")
    assert dropped(denied) == [2] and len(denied.not_done) == 1 and "Q2 is not off-topic" in denied.not_done[0]


# --- "them" after a passive complaint --------------------------------------------------------------------------------
@pytest.mark.parametrize("comment", ["Q1 is repeated in Q3 and Q5, drop them",
                                     "Q1 is duplicated by Q3 and Q5; drop them", "Q1 is repeated in Q3, Q5, drop them",
                                     "Q1 is repeated in Q3, and Q5; drop them",
                                     "Q1 is repeated in questions 3 and 5. Remove them"])
def test_them_after_a_passive_complaint_is_every_repeat_it_names(comment):
    got = read_six(comment)
    assert dropped(got) == [2, 4] and got.not_done == []


def test_a_passive_complaint_rewrites_every_repeat_it_names_and_not_the_original():
    got = read_six("Q1 is repeated in Q3 and Q5", fresh=True)
    assert sorted(got.flagged) == [2, 4] and got.slots[0].get("unchanged")


def test_the_repeats_a_passive_complaint_names_end_where_another_clause_starts():
    got = read_six("Q1 is repeated in Q3 and Q5 repeats Q2, drop them")
    assert dropped(got) == [2, 4]
    got = read_six("Q1 is repeated in Q3 and the plan is long; drop it")
    assert dropped(got) == [2]


# --- a complaint said the other way round ----------------------------------------------------------------------------
DENIED = ["Q2 is not too easy", "Q4 isn't repetitive", "I don't think Q3 is too hard", "Q4 isn't repeated",
          "Q4 is not off-topic", "I don't think Q3 is off-topic", "Q3 isn't vague", "Q3 is not generic",
          "Q2 is not a duplicate of Q1", "Q4 doesn't duplicate Q1", "Q3 is not irrelevant", "Q2 is not biased",
          "Q3 is not the same question as Q1", "I wouldn't say Q3 is weak", "Q3 is hardly off-topic"]


@pytest.mark.parametrize("fresh", [False, True])
@pytest.mark.parametrize("comment", DENIED)
def test_a_complaint_said_the_other_way_round_leaves_the_question_alone(comment, fresh):
    got = read_six(comment, fresh=fresh)
    assert len(got.slots) == 6 and all(s.get("unchanged") for s in got.slots)
    assert got.levels == {} and got.flagged == [] and got.shift == 0 and got.done == []


@pytest.mark.parametrize(("comment", "gone"), [("Q4 doesn't repeat Q1, drop it", [3]),
                                             ("drop Q3 as it doesn't overlap with Q1", [2]),
                                             ("Q2 is not off-topic and Q3 repeats Q1, drop them", [2])])
def test_a_complaint_said_the_other_way_round_still_names_its_question_for_it(comment, gone):
    assert dropped(read_six(comment)) == gone


@pytest.mark.parametrize(("comment", "levels"), [
    ("Q3 is not hard enough", {2: 1}), ("Q3 isn't challenging enough", {2: 1}),
    ("Q3 is not really difficult enough", {2: 1}), ("Q3 is not easy enough", {2: -1}),
    ("Q3 isn't too hard but Q4 is too easy", {3: 1}), ("Q2 is not too easy, it is too hard", {1: -1})])
def test_not_hard_enough_is_harder_and_a_level_denied_moves_nothing(comment, levels):
    got = read_six(comment)
    assert got.levels == levels and got.shift == 0 and got.not_done == []


@pytest.mark.parametrize(("comment", "flagged"), [
    ("Q3 is not relevant", [2]), ("Q3 is not a good fit", [2]), ("Q4 isn't off-topic, Q3 is vague", [2]),
    ("Q2 is not off-topic but Q3 duplicates Q1", [2]),
    ("Q4 is repetitive", [3]), ("Q2 is not off-topic and Q3 repeats Q1", [2]),
    ("Q3 without any context is vague", [2]), ("Q3 with no follow-up is off-topic", [2])])
def test_a_fault_said_with_its_own_not_or_after_a_denied_one_is_still_a_fault(comment, flagged):
    assert read_six(comment, fresh=True).flagged == flagged


@pytest.mark.parametrize("unit", ["repeats ", "off-topic ", "Q1 repeats ", "is repeated in ",
                                  "Q1 is repeated in Q3 and ", "Q1 is repeated in Q3 and Q5, ",
                                  "Q1 is repeated in Q3, ",
                                  "Drop Q2 and Q3 is too easy and ", "and Q3 is ", "I don't think Q3 is not ",
                                  "Q3 isn't hard enough ", "isn't isn't ", "q1 and q2 and ", "Q2 duplicates Q1, ",
                                  "Q1 repeats Q2, Q3 is "])
def test_a_long_hostile_comment_of_these_is_read_in_linear_time(unit):
    """Each fault looked back over all the words before it for a denial: 2 s of CPU at 16,000 characters of "repeats
    " (0.03 s when each is looked at once), 12 s at this length."""
    comment = (unit * (40_000 // len(unit) + 1))[:40_000]
    started = time.process_time()
    read_six(comment, fresh=True)
    assert time.process_time() - started < 1.5
