"""The "Request changes" reader (planning.send_back) on a term said the other way round, on a wish that a question
stay, and on time words: what a twelfth review round found the session's own changes got wrong."""

from __future__ import annotations

import time

import pytest

from planning.tests.test_send_back import SLOTS, read, read_six

pytestmark = pytest.mark.django_db

SQL = "SQL (databases and data modelling)"
KAFKA = "question 4 (System design, Apache Kafka)"


# --- a negation denies the term it governs, not a word before it -----------------------------------------------------
@pytest.mark.parametrize(("comment", "done"), [
    ("Drop the less useful coding question", "dropped the coding and algorithms question"),
    ("Drop the no-longer-relevant behavioural question", "dropped the behavioural question"),
    ("Add a not too difficult SQL question", f"added a {SQL} question"),
    ("Add a no-nonsense SQL question", f"added a {SQL} question"),
    ("Add a question on how to avoid deadlocks in SQL", f"added a {SQL} question"),
    ("Add a question on how to stop duplicate messages in Kafka", "added an Apache Kafka (system design) question"),
    ("Add a question on never losing messages in Kafka", "added an Apache Kafka (system design) question")])
def test_a_negation_inside_the_wanted_term_does_not_hide_it(comment, done):
    request = read(comment)
    assert request.done == [done] and request.not_done == []


@pytest.mark.parametrize("comment", ["Replace Q3 with a less trivial SQL question",
                                     # what is denied is the whole noun phrase, every term in it
                                     "Replace Q3 with a SQL question, not a system design one",
                                     "Replace Q3 with a SQL question, not a Kafka design one",
                                     "Replace Q3 with a SQL question, I don't want a coding one"])
def test_a_question_replaced_by_number_gets_the_term_asked_for_not_the_one_denied(comment):
    request = read_six(comment)
    assert (request.slots[2]["category"], request.slots[2]["topic"]) == ("databases", "sql")
    assert request.done == [f"replaced question 3 (Coding, Go) with a {SQL} question"]


# --- "stays", "should remain", "Keep:" reach the question they are said of -------------------------------------------
@pytest.mark.parametrize(("comment", "kept"), [
    ("The behavioural question is good and should remain", "behavioural"),
    ("The system design question is good and stays", "system design"),
    ("The behavioural question, which is great, stays", "behavioural"),
    ("Keep: the behavioural question", "behavioural")])
def test_a_question_said_to_stay_past_and_or_a_comma_is_kept(comment, kept):
    request = read(comment)
    # the kept question is marked `named` (never dropped to fit the duration); nothing else changes
    assert [{k: v for k, v in s.items() if k != "named"} for s in request.slots] == SLOTS and request.not_done == []
    assert sum(bool(s.get("named")) for s in request.slots) == 1
    assert request.done == [f"kept the {kept} question"]


def test_questions_said_to_stay_are_not_the_ones_dropped_to_make_the_plan_shorter():
    request = read("The coding questions are fine and should stay; make it shorter")
    assert [s["category"] for s in request.slots] == ["coding", "coding", "system_design"]
    assert request.done == ["kept the coding and algorithms question",
                            "dropped the behavioural question to make the plan shorter"]
    both = read("Keep the coding and behavioural questions; make it shorter")
    assert [s["category"] for s in both.slots] == ["coding", "coding", "behavioral"]
    assert both.done == ["kept the coding and algorithms question", "kept the behavioural question",
                         "dropped the system design question to make the plan shorter"]
    # what else stays is not a question kept: the drop is done
    plan = read("Drop the coding question so the plan stays short")
    assert plan.done == ["dropped the coding and algorithms question"]


@pytest.mark.parametrize(("comment", "kept", "refused"), [
    ("The Kafka question is good and should stay; drop Q4", KAFKA, KAFKA),
    ("Keep questions 2 and 4; drop question 4", f"question 2 (Coding, Django), {KAFKA}", KAFKA),
    ("Keep Q2 and Q4, drop Q4", f"question 2 (Coding, Django), {KAFKA}", KAFKA),
    ("Keep Q2, Q4; drop Q4", f"question 2 (Coding, Django), {KAFKA}", KAFKA),
    ("Keep the Kafka and Go questions; drop Q3", f"question 3 (Coding, Go), {KAFKA}", "question 3 (Coding, Go)"),
    ("Keep question 6 and the Go question; drop Q3", "question 3 (Coding, Go), question 6 (Databases, PostgreSQL)",
     "question 3 (Coding, Go)")])
def test_every_question_of_a_list_kept_is_kept_and_not_dropped_by_number(comment, kept, refused):
    request = read_six(comment)
    assert len(request.slots) == 6 and all(s.get("unchanged") for s in request.slots)
    assert request.done == [f"kept {kept}"]
    assert request.not_done == [f"{refused} is one you asked to keep, so it was not dropped"]


def test_questions_listed_before_stay_are_all_kept():
    request = read_six("Q2 and Q4 stay")
    assert request.done == [f"kept question 2 (Coding, Django), {KAFKA}"] and request.not_done == []
    # the Kafka question was the one dropped in place of the behavioural one
    dropped = read_six("Remove the behavioural question so the Kafka and Go questions stay")
    assert dropped.done == [f"kept question 3 (Coding, Go), {KAFKA}", "dropped the behavioural question"]
    assert [s["question"] for s in dropped.slots] == [0, 1, 2, 3, 5]


# --- "keep" keeps a question, and only the one asked for -------------------------------------------------------------
@pytest.mark.parametrize(("comment", "dropped"), [("Drop Q3 since the candidate will keep using Go", 2),
                                                  ("Drop Q2, we keep asking about Django", 1)])
def test_keep_as_an_ordinary_verb_does_not_block_a_drop(comment, dropped):
    request = read_six(comment)
    assert [s["question"] for s in request.slots] == [i for i in range(6) if i != dropped]
    assert len(request.done) == 1 and request.done[0].startswith(f"dropped question {dropped + 1} ")
    assert request.not_done == []


def test_a_question_said_to_remain_wanting_is_not_kept():
    request = read_six("Q2 remains a concern, replace it with SQL")
    assert request.done == [f"replaced question 2 (Coding, Django) with a {SQL} question"]
    assert request.slots[1]["category"] == "databases"


@pytest.mark.parametrize(("comment", "dropped"), [
    ("Keep the Go question; drop a coding question", "dropped the coding and algorithms question"),
    ("Keep the Go question; make it shorter", "dropped the coding and algorithms question to make the plan shorter")])
def test_a_question_kept_by_its_skill_alone_is_kept(comment, dropped):
    request = read_six(comment)
    assert request.done == ["kept question 3 (Coding, Go)", dropped] and request.not_done == []
    assert [s["question"] for s in request.slots] == [0, 2, 3, 4, 5]  # the Django question gave way, not Go


def test_a_question_kept_rather_than_another_is_the_only_one_kept():
    request = read_six("Keep Q4 rather than Q5; drop Q5")
    assert request.done == [f"kept {KAFKA}", "dropped question 5 (Behavioural, pytest)"]
    assert request.not_done == [] and [s["question"] for s in request.slots] == [0, 1, 2, 3, 5]


def test_a_question_kept_is_not_written_afresh_and_the_note_says_so():
    request = read_six("Keep Q4; Q4 is off-topic")
    assert all(s.get("unchanged") for s in request.slots) and len(request.slots) == 6
    assert request.done == [f"kept {KAFKA}"]
    assert request.not_done == [f"{KAFKA} is one you asked to keep, so it was not rewritten"]


# --- cost and time words ---------------------------------------------------------------------------------------------
def test_a_long_clause_with_many_topics_is_read_in_linear_time():
    """Each term looked back over the whole text before it for a negation: 3.4 s of CPU for this 48,000-character
    clause and 400 topics, against 0.03 s when a term was only looked up."""
    from planning.send_back import read_send_back

    topics = {f"topic{i}": "coding" for i in range(400)}
    comment = "Add a question on " + "word " * 9000 + " ".join(f"topic{i}" for i in range(400))
    read_send_back("Add a question on topic1", slots=SLOTS, topics=topics, difficulty_for=lambda c, i: "medium")
    started = time.process_time()
    request = read_send_back(comment, slots=SLOTS, topics=topics, difficulty_for=lambda c, i: "medium")
    assert time.process_time() - started < 0.5
    assert request.done == ["added a Topic0 (coding and algorithms) question"]


@pytest.mark.parametrize("comment", ["Add a question about run time errors",
                                     "Add more run time for the system design question"])
def test_run_time_is_time_the_plan_runs_not_a_question(comment):
    request = read(comment)
    assert request.slots == SLOTS
    assert request.note() == (f'Not done: "{comment}" (this is not something the planner reads, so please make that '
                              "change by hand).")
