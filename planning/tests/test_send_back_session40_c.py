"""A seventeenth review of the send-back reader (session 40, C): a fault said of one question and then of another, its
words left out ("Q3 is off-topic, and Q5 as well"), finds both wanting; "Please rewrite Q4" writes another question
on Q4's skill at its level; and a level said of the whole plan and denied of a question after a turn ("The plan is too
easy but Q4 isn't") moves every question but that one."""

from __future__ import annotations

import time

import pytest

from planning.tests import test_send_back_from_version as from_version
from planning.tests.test_send_back import read_six
from planning.tests.test_send_back_and_negation import dropped

pytestmark = pytest.mark.django_db
demo_plan, same, send_back = from_version.demo_plan, from_version.same, from_version.send_back

KAFKA = "question 4 (System design, Apache Kafka)"


def changed(got):
    return {s["question"]: s for s in got.slots if not s.get("unchanged") and "question" in s}


# --- 1. a fault said of one more question, its words left out ------------------------------------------------------
@pytest.mark.parametrize("fresh", [False, True])
@pytest.mark.parametrize("comment", [
    "Q3 is off-topic, and Q5 as well", "Q3 is off-topic and Q5 too", "Q3 is off-topic, Q5 also",
    "Q3 is off-topic, as is Q5", "Q3 is off-topic, same for Q5", "Q3 is off topic, and the same goes for Q5",
    "Q3 is off-topic and so is Q5", "Q3 is vague and Q5 too"])
def test_a_fault_said_of_one_more_question_by_kind_writes_both_afresh(comment, fresh):
    """"Q3 is off-topic, and Q5 as well" wrote a new question in place of Q3 only and said nothing of Q5."""
    got = read_six(comment, fresh=fresh)
    assert got.flagged == [2, 4] and got.not_done == [] and got.levels == {}
    assert {i: s.get("instead_of") for i, s in changed(got).items()} == {2: "go", 4: "pytest"}
    assert got.done == ["wrote a new question in place of question 3 (Coding, Go)",
                        "wrote a new question in place of question 5 (Behavioural, pytest)"]


@pytest.mark.parametrize("fresh", [False, True])
@pytest.mark.parametrize(("comment", "flagged"), [
    ("Q3 is off-topic, and the plan as well is too long", [2]), ("Q3 is off-topic and Q5 is fine", [2]),
    ("Q3 is off-topic, but Q5 isn't", [2]), ("Q3 isn't off-topic, and Q5 as well", []),
    ("Q3 is off-topic and Q5 too is fine", [2]), ("Q3 is off-topic, as is the candidate", [2])])
def test_what_is_not_one_more_question_found_wanting_leaves_it_be(comment, flagged, fresh):
    got = read_six(comment, fresh=fresh)
    assert got.flagged == flagged and 4 not in changed(got)


# --- 2. "rewrite Q4": another question on its skill, at its level ----------------------------------------------------
@pytest.mark.parametrize("fresh", [False, True])
@pytest.mark.parametrize("comment", [
    "Please rewrite Q4", "Rewrite Q4", "Could you reword Q4?", "Q4 needs rewriting", "Rephrase question 4 please",
    "Q4 should be reworded.", "Q4 needs to be rewritten", "Rewrite the Kafka question", "Rewrite the fourth one",
    "Q4 reads oddly; please rewrite it", "Rewrite Q4 to be more concrete"])
def test_a_question_asked_to_be_rewritten_is_another_on_its_skill_at_its_level(comment, fresh):
    """"Please rewrite Q4" was quoted back under "Not done" as not something the planner reads."""
    got = read_six(comment, fresh=fresh)
    assert got.not_done == [] and got.levels == {} and got.shift == 0
    assert changed(got) == {3: {"category": "system_design", "difficulty": "medium", "topic": "apache-kafka",
                                "requested": True, "question": 3}}
    assert got.done == [f"rewrote {KAFKA} as another Apache Kafka question, medium"]


def test_questions_rewritten_by_a_list_and_a_level_said_with_it():
    got = read_six("Rewrite questions 2 and 4")
    assert sorted(changed(got)) == [1, 3] and got.not_done == [] and len(got.done) == 2
    # a level said of it wins: the new question is on its skill, at the level asked
    got = read_six("Rewrite Q4 and make it harder")
    assert changed(got)[3]["difficulty"] == "hard" and got.done == [f"made {KAFKA} harder"]


def test_a_rewrite_the_reader_cannot_do_is_said_under_not_done():
    got = read_six("Rewrite Q9")
    assert changed(got) == {} and got.not_done == ["the plan has no question 9 (it has 6)"]
    got = read_six("Keep Q4. Rewrite Q4")
    assert changed(got) == {} and got.not_done == [f"{KAFKA} is one you asked to keep, so it was not rewritten"]
    got = read_six("Rewrite the Rust question")
    assert changed(got) == {} and got.not_done[0].startswith('"Rewrite the Rust question" (this is not something')
    got = read_six("Rewrite Q4 as a quantum question")
    assert changed(got) == {} and got.not_done == [
        f'could not tell which question category or topic "a quantum question" means, so {KAFKA} was not replaced']


def test_a_rewrite_as_another_kind_of_question_replaces_it():
    got = read_six("Rewrite Q4 as a SQL question")
    assert changed(got)[3]["category"] == "databases" and changed(got)[3]["topic"] == "sql"
    assert got.done == [f"replaced {KAFKA} with a SQL (databases and data modelling) question"]


@pytest.mark.parametrize(("comment", "kept"), [
    ("Q4 is fine, don't rewrite it", True), ("Don't rewrite Q4", True), ("Please don't reword Q4.", True),
    ("The candidate will rewrite the service in Go", False), ("Q4 asks the candidate to rewrite a function", False),
    ("Q4 is well written", True)])
def test_what_does_not_ask_a_question_rewritten_rewrites_none(comment, kept):
    got = read_six(comment)
    assert changed(got) == {} and (3 in got.kept) == kept
    assert not [n for n in got.not_done if "rewrite it" in n or "Q4\"" in n]


@pytest.mark.parametrize("comment", ["Q3 is off-topic, rewrite it", "Q3 is off-topic; please rewrite it",
                                     "Q3 is vague so rewrite it"])
def test_a_question_found_wanting_and_asked_to_be_rewritten_is_not_on_its_skill_again(comment):
    got = read_six(comment)
    assert changed(got) == {2: {"category": "coding", "difficulty": "medium", "requested": True, "question": 2,
                                "instead_of": "go"}} and got.not_done == []


def test_praise_denied_and_rewrite_it_rewrites_the_one_denied_only():
    got = read_six("Q2 is fine but Q4 isn't, please rewrite it.")
    assert sorted(changed(got)) == [3] and got.not_done == [] and got.done[0] == "kept question 2 (Coding, Django)"


def test_drop_one_and_rewrite_another_is_two_wishes():
    """Read as one clause, "Drop Q5 and rewrite Q4" dropped Q4 as well."""
    got = read_six("Drop Q5 and rewrite Q4")
    assert dropped(got) == [4] and sorted(changed(got)) == [3]


def test_the_next_version_rewrites_the_question_on_its_skill_at_its_level(demo_plan):
    first = demo_plan.current_version.questions
    version = send_back(demo_plan, "Please rewrite Q1")
    new = version.questions[0]
    assert (new["category"], new["skill"], new["difficulty"]) == (
        first[0]["category"], first[0]["skill"], first[0]["difficulty"])
    assert new["prompt"] != first[0]["prompt"]
    assert list(map(same, version.questions[1:])) == list(map(same, first[1:]))
    assert "As you asked: rewrote question 1 (Coding, Python) as another Python question, medium." in (
        version.rationale)
    assert "Not done" not in version.rationale


# --- 3. the whole plan too easy, but a question not ------------------------------------------------------------------
@pytest.mark.parametrize(("comment", "direction", "spared"), [
    ("The plan is too easy but Q4 isn't", 1, [3]), ("Overall it's too easy, but Q4 isn't.", 1, [3]),
    ("The questions are too easy, but Q4 and Q5 aren't", 1, [3, 4]), ("The plan is too hard but Q2 is not", -1, [1]),
    ("The plan isn't hard enough but Q4 is", 1, [3]), ("Everything is too easy, whereas Q4 isn't", 1, [3])])
def test_a_level_said_of_the_plan_and_denied_of_a_question_moves_every_other(comment, direction, spared):
    """"The plan is too easy but Q4 isn't" was quoted back under "Not done"."""
    got = read_six(comment)
    assert got.shift == direction and got.kept == spared and got.not_done == [] and got.levels == {}
    assert [s["question"] for s in got.slots if s.get("named")] == spared and all(s["unchanged"] for s in got.slots)
    assert got.done == ["kept " + ", ".join(
        f"question {i + 1} ({c})" for i, c in ((1, "Coding, Django"), (3, "System design, Apache Kafka"),
                                               (4, "Behavioural, pytest")) if i in spared)
                        + (" at its level" if len(spared) == 1 else " at their level")]


def test_a_level_denied_of_a_question_the_plan_does_not_have_is_said_under_not_done():
    got = read_six("The plan is too easy but Q9 isn't")
    assert got.shift == 1 and got.kept == [] and got.not_done == ["the plan has no question 9 (it has 6)"]


@pytest.mark.parametrize(("comment", "shift", "levels"), [
    ("The plan isn't too easy but Q4 is", 0, {3: 1}), ("The Go question is too easy but Q4 isn't", 0, {2: 1}),
    ("Q2 is too easy but Q4 isn't", 0, {1: 1}), ("The plan is too easy", 1, {})])
def test_a_level_said_of_questions_or_turned_to_one_is_read_as_before(comment, shift, levels):
    got = read_six(comment)
    assert got.shift == shift and got.levels == levels and got.kept == [] and got.not_done == []


@pytest.mark.parametrize("reason", ["other", "too_easy"])
def test_the_next_version_makes_every_question_but_the_one_denied_harder(demo_plan, reason):
    first = demo_plan.current_version.questions
    version = send_back(demo_plan, "The plan is too easy but Q3 isn't", reason)
    assert same(version.questions[2]) == same(first[2]) and version.questions[2]["difficulty"] == first[2][
        "difficulty"]
    assert version.questions[0]["difficulty"] == "hard" and version.questions[0]["prompt"] != first[0]["prompt"]
    assert "kept question 3 (Behavioural, Django) at its level" in version.rationale
    assert "Not done" not in version.rationale


# --- hostile comments -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("unit", [
    "Q3 is off-topic, and Q5 as well, ", "Q3 is off-topic and Q5 too and ", "Q3 is off-topic, same for Q5 ",
    "rewrite ", "rewrite the ", "rewrite the a ", "please rewrite Q4 ", "rewrite Q4 as ", "rewrite it, ",
    "Q4 needs rewriting ", "Q4 needs to be ", "don't rewrite Q4 ", "The plan is too easy but Q4 isn't ",
    "The plan is too easy but ", "too easy but Q4 isn't, "])
def test_a_long_hostile_comment_of_these_is_read_in_linear_time(unit):
    comment = (unit * (40_000 // len(unit) + 1))[:40_000]
    started = time.process_time()
    read_six(comment, fresh=True)
    assert time.process_time() - started < 1.5
