"""A product review (session 33) of the offline evaluator on the running app: a correct output marked missed, a good
answer to a planned question scored 0 of 4, and one canned paragraph meeting the points of a question it never
addressed. Each case is the reviewer's answer (adapted), and next to each loosening the answer that would exploit it."""

from __future__ import annotations

import pytest

from interviewmaster.ai.offline import planning, point_kinds
from interviewmaster.tests.offline_grading import criteria_by_key, score

# --- 1. an output stated, then explained item by item ---------------------------------------------------------------
EVENT_LOOP = ("It prints A, D, C, B. The synchronous code runs first, so A and D are logged immediately. Promise.then "
              "callbacks go onto the microtask queue, which is drained as soon as the current call stack empties, so C "
              "comes next. setTimeout with 0 schedules a macrotask (task queue) which only runs on the next turn of "
              "the event loop after microtasks are drained, so B is last. A 0 ms timeout is a minimum delay, not a "
              "guarantee.")
OUTPUT = "Prints A, D, C, B"


@pytest.mark.parametrize("said", ["It prints A, D, C, B.", "It prints A D C B.", "It prints ADCB.",
                                  "The output is A -> D -> C -> B."])
def test_an_output_stated_then_explained_item_by_item_is_explained(bank, said):
    result = score(bank["lang-js-event-loop"], EVENT_LOOP.replace("It prints A, D, C, B.", said))
    assert OUTPUT in result["covered_points"], result["feedback"]
    assert "did not explain" not in result["feedback"]


@pytest.mark.parametrize("after", [
    # explanations of something else after the output
    " The garbage collector frees objects because nothing references them, so the heap shrinks after a collection. "
    "Kafka partitions let consumers scale because each partition is read by exactly one consumer of a group.",
    # one sentence that repeats the letters with a reason attached
    " The letters A, D, C and B are printed in that order because the event loop prints them in that order.",
])
def test_an_output_followed_by_no_explanation_of_its_items_stays_named(bank, after):
    result = score(bank["lang-js-event-loop"], "It prints A, D, C, B." + after)
    assert OUTPUT not in result["covered_points"]
    assert "You mentioned \u201cA D C B\u201d but did not explain it;" in result["feedback"]


# --- 2. points that name a kind of evidence (the plan agent's coding template) --------------------------------------
PLANNED = {**planning._inline_question("coding", "medium", {"id": "python", "name": "Python"}, "why"),
           "expected_points": ["complexity in Big-O", "how it is tested", "edge cases", "working code"]}
TEMPLATE = planning._inline_question("coding", "medium", {"id": "python", "name": "Python"}, "why")
DEDUPE = ("def dedupe_events(events):\n    seen=set(); out=[]\n    for e in events:\n        if e['id'] not in seen:\n"
          "            seen.add(e['id']); out.append(e)\n    return out")
DEDUPE_NOTES = ("I dedupe by id with a set: O(n) time, O(n) space. Tested with pytest: empty list, all duplicates, "
                "order preserved.")


def test_a_planned_coding_answer_meets_the_points_that_name_its_evidence():
    result = score(PLANNED, f"{DEDUPE}\n\n{DEDUPE_NOTES}")  # typed into the answer box, as the reviewer did
    assert result["covered_points"] == PLANNED["expected_points"], result["feedback"]
    assert result["feedback"].startswith("You explained 4 of 4 expected points")
    assert result["score"] >= 50  # was 29/100


@pytest.mark.parametrize("notes", [
    "O(n) time, O(n) space, O(1), O(log n). Tested with pytest: edge cases, unit tests, tests.",
    "Edge cases tests pytest complexity Big-O working code.",
    "The solution is O(n) time and O(n) space. I tested it with pytest and covered every edge case.",
    "I handled all edge cases and the complexity is optimal; it is tested and it is working code.",
])
def test_naming_the_kinds_of_evidence_meets_none_of_them(notes):
    result = score(PLANNED, f"{DEDUPE}\n\n{notes}")
    assert set(result["covered_points"]) <= {"working code"}, (notes, result["covered_points"])


@pytest.mark.parametrize("code", ["", "def dedupe_events(events):\n    pass"])
def test_tests_edge_cases_and_working_code_need_real_code(code):
    text = ("I tested it with pytest: empty list, all duplicates, order preserved. I dedupe with a set in O(n) time "
            "and O(n) space.")
    result = score(PLANNED, f"{code}\n\n{text}" if code else text)
    assert result["covered_points"] == []


@pytest.mark.parametrize("point", ["Adds a regression test", "Test pyramid reasoning", "Edge cases of {skill} in "
                                   "production", "Schema and keys"])
def test_a_point_about_a_fact_is_no_kind_of_evidence(point):
    assert point_kinds.kind_of(point) is None


def test_the_template_points_are_met_by_the_reviewers_answer():
    result = score(TEMPLATE, f"{DEDUPE}\n\n{DEDUPE_NOTES}")
    assert result["covered_points"] == TEMPLATE["expected_points"], result["feedback"]


def test_feedback_never_asks_for_working_code_beside_good_code_quality():
    code = ("def greet(name):\n    message = 'Hello, ' + name\n    print(message)\n    print('Welcome back')\n"
            "    print('Bye')")
    result = score(TEMPLATE, "I print a greeting for the name.", code)
    working = TEMPLATE["expected_points"][0]
    assert working == "Working, readable code" and criteria_by_key(result)["code_quality"]["score"] >= 4
    assert working not in result["covered_points"]  # no result and no control flow: not shown to work
    assert working not in result["missing_points"]  # nor missed beside code quality 4/5 (session 37: one reading)
    assert f"Most important to add: {working}" not in result["feedback"]
    assert f"Address: {working}" not in result["improvements"]


@pytest.mark.parametrize(("point", "text"), [
    ("Verifies with EXPLAIN (ANALYZE) and considers a partial or covering index",
     "I would start with the slow query log, because it shows which statements take the longest time."),
    ("Composite index (tenant_id, status, created_at)",
     "Each tenant gets its own schema, so the rows of one tenant never mix with the rows of another customer."),
])
def test_a_plain_text_point_is_not_met_by_a_function_word_or_half_a_name(point, text):
    result = score({"prompt": "Design the index.", "category": "databases", "expected_points": [point]}, text)
    assert result["covered_points"] == [] and "mentioned" not in result["feedback"], result["feedback"]


# --- 3. one canned paragraph sent to every question -------------------------------------------------------------------
CANNED = ("A solid answer: I would use select_related and prefetch_related to avoid N+1 queries, add a composite "
          "index, measure with EXPLAIN ANALYZE, and write pytest tests for empty and large inputs. Complexity is O(n) "
          "time and O(1) extra space. Situation: at Zalando, Task: fix a Kafka consumer lag incident, Action: I added "
          "partitions and idempotent consumers, Result: lag fell from 2 hours to 30 seconds.")


@pytest.mark.parametrize("planned", [False, True], ids=["bank points", "planned (plain-text) points"])
def test_a_canned_paragraph_meets_no_point_of_the_composite_index_question(bank, planned):
    question = dict(bank["db-composite-index-order"])
    if planned:  # the plan agent keeps only each point's text (offline.planning._bank_question)
        question["expected_points"] = [p["point"] for p in question["expected_points"]]
    result = score(question, CANNED)
    assert result["covered_points"] == [], result["feedback"]  # was 3 of 4, Correctness 4/5, 55/100
    assert criteria_by_key(result)["correctness"]["score"] <= 2


@pytest.mark.parametrize("planned", [False, True], ids=["bank points", "planned (plain-text) points"])
def test_an_answer_about_the_column_order_still_meets_the_points(bank, planned):
    question = dict(bank["db-composite-index-order"])
    if planned:
        question["expected_points"] = [p["point"] for p in question["expected_points"]]
    honest = ("I would add a composite index on (tenant_id, status, created_at), because the two equality columns "
              "come first and the sort column last, so the planner can walk the index in order. The index returns the "
              "rows already sorted by created_at, so the LIMIT stops early after 20 rows without sorting anything.")
    result = score(question, honest)
    assert len(result["covered_points"]) >= 2, result["feedback"]
    assert result["score"] > score(question, CANNED)["score"] + 15


def test_a_snake_case_name_is_not_read_as_the_english_words_in_it(bank):
    """ "select_related" said "selective" (a point of the index question) to the keyword matcher."""
    point = "Useful for selective predicates, joins, ORDER BY"
    text = ("I would use select_related in Django so the ORM fetches the author with each book in one query, "
            "because otherwise it sends one query per book.")
    result = score(bank["db-indexes-basics"], text)
    assert point not in result["covered_points"] and "\u201cselective\u201d" not in result["feedback"]
    said = score(bank["db-indexes-basics"], text.replace("select_related", "a selective filter"))
    assert point in said["covered_points"]  # the word itself still counts
