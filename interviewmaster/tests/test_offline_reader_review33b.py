"""An adversarial review (session 33) of the offline grader's session-33 changes: honest answers that lost credit to
the series rule, keyword stuffing that passed again on planned questions, a template coding question met by canned
code, acronyms read as outputs, and several outputs listed at once. Each case is the reviewer's (from the calibration
and adversarial sets, data/evaluation/), with the answer that would exploit a loosening next to it."""

from __future__ import annotations

import pytest

from interviewmaster.ai.offline import planning, reading
from interviewmaster.tests.offline_grading import answer_texts, as_planned, reading_of, score


@pytest.fixture(scope="module")
def answers() -> dict[str, str]:
    return answer_texts("calibration.json", "adversarial.json")


# --- A. a sentence of several clauses is no series of bare terms ------------------------------------------------------
@pytest.mark.parametrize(("question", "answer", "point"), [
    ("ml-bias-variance", "biasvar-strong", "Fix underfitting with more capacity or better features"),
    ("lang-python-gil", "gil-mediocre", "CPU-bound work needs multiprocessing or native code (NumPy/C extensions) "
                                        "that releases the GIL"),
    ("behavioral-mistake-in-production", "mistake-strong", "Takes ownership without blaming others"),
])
def test_an_explaining_sentence_of_several_clauses_still_explains_its_terms(bank, answers, question, answer, point):
    result = score(bank[question], answers[answer])
    assert point in result["covered_points"], result["feedback"]


def test_a_part_that_is_only_the_term_is_still_bare_in_a_series():
    text = ("I would use select_related to avoid N+1 queries, add a composite index, measure with EXPLAIN ANALYZE, "
            "and write pytest tests for empty inputs.")
    sentence = reading.split_sentences(text)[0]
    assert reading._bare_in_series("composite index", sentence)
    assert reading._bare_in_series("explain", sentence, frozenset({"explain"}))
    said = reading.split_sentences("The model has high bias and is underfitting, so more data will not help, and "
                                   "I'd add capacity, for example more features or a deeper model.")[0]
    assert not reading._bare_in_series("high bias", said) and not reading._bare_in_series("more features", said)


def test_one_word_shared_by_several_planned_points_does_not_make_a_sentence_a_list(bank, answers):
    """ "thread" is a derived keyword of four plain-text points of the GIL question: one honest sentence naming it
    named four points and was read as a list of terms (0/100, flagged as a keyword list)."""
    question = as_planned(bank["lang-python-gil"])
    result = score(question, answers["gil-mediocre"])
    assert result["covered_points"] and result["score"] > 0, result["feedback"]
    read = reading_of(question, answers["gil-mediocre"])
    assert not read.sentences[0].is_list and not read.stuffed


# --- B. stuffing on a planned question (point text only) --------------------------------------------------------------
@pytest.mark.parametrize(("question", "answer"), [("behavioral-feedback-received", "adv-feedback-stuffed"),
                                                  ("behavioral-tight-deadline", "adv-deadline-stuffed")])
def test_stuffing_the_words_of_planned_behavioural_points_meets_none(bank, answers, question, answer):
    result = score(as_planned(bank[question]), answers[answer])
    assert result["covered_points"] == [], result["feedback"]


def test_derived_keywords_keep_the_points_nouns_and_drop_function_words():
    keywords = reading.derived_keywords("Describes a specific situation with context (team, project, stakes)")
    assert {"team", "project"} <= set(keywords) and "with" not in keywords


# --- C. the template coding question's points are tied to the question ---------------------------------------------
TEMPLATE = planning._inline_question("coding", "medium", {"id": "python", "name": "Python"}, "why")
EDGE, TESTS, COST = "Edge cases handled", "How it is tested", "Complexity stated in Big-O"
CANNED_CODE = ("def solve(data):\n    result = []\n    for item in data:\n        if item:\n"
               "            result.append(item)\n    return result\n")
CANNED_TEXT = ("I wrote solve. I tested it with pytest: empty list, single item, large input. The function is O(n) "
               "time and O(n) space because it loops over the data once.")
SLUGIFY = ("def slugify(title):\n    words = title.lower().split()\n"
           "    return '-'.join(w for w in words if w.isalnum())\n")
SLUGIFY_TEXT = ("slugify turns a title into a URL slug: it lowercases it, splits on spaces and joins the alphanumeric "
                "words with dashes. It is O(n) time and O(n) space in the length of the title. I test it with pytest: "
                "an empty title, punctuation only, and repeated spaces.")


@pytest.mark.parametrize(("text", "code"), [
    (CANNED_TEXT, CANNED_CODE),
    ("I tested it with pytest: empty input, None value, zero value.", "def f(x):\n    if x:\n        return x\n"
                                                                      "    return None\n"),  # "None" of the code
], ids=["canned solve(data)", "None of the code"])
def test_cases_that_fit_any_function_meet_neither_the_tests_nor_the_edge_case_point(text, code):
    result = score(TEMPLATE, text, code)
    assert EDGE not in result["covered_points"] and TESTS not in result["covered_points"], result["feedback"]


def test_the_cases_of_this_functions_input_meet_the_tests_and_edge_case_points():
    result = score(TEMPLATE, SLUGIFY_TEXT, SLUGIFY)
    assert {EDGE, TESTS, COST} <= set(result["covered_points"]), result["feedback"]
    assert {row["key"]: row["score"] for row in result["criteria"]}["complexity_analysis"] >= 3  # "length of"
    assert result["score"] > score(TEMPLATE, CANNED_TEXT, CANNED_CODE)["score"]


def test_the_templates_own_words_tie_no_cost_to_the_question():
    result = score(TEMPLATE, "The function takes O(n) time and O(1) space for the role.")
    assert COST not in result["covered_points"], result["feedback"]


# --- D. acronyms are no outputs, "A" and "I" are English words -------------------------------------------------------
DESIGN = " A good design matters because users expect relevant results and fast responses."
SIMPLE = " A simple approach is best because it keeps latency low and costs predictable."
STANDARD = " I would choose the standard approach because it keeps latency low and costs predictable."
OUTPUT = "Prints A, D, C, B"


def test_an_acronym_is_no_output():
    assert reading.output_items("ANN") == [] and reading.output_items("ARIA") == []
    assert reading.point_output(["Vector index / approximate nearest neighbour search", "ANN", "HNSW"]) == []
    assert reading.point_output(["Prints A, D, C, B", "A D C B", "ADCB"]) == ["A", "D", "C", "B"]


@pytest.mark.parametrize(("question", "text"), [("ml-embeddings-basics", "You can use ANN." + DESIGN + SIMPLE),
                                                ("ml-recommender-design", "Use ANN." + DESIGN + SIMPLE),
                                                ("lang-web-accessibility", "Add ARIA." + DESIGN + STANDARD)])
def test_an_acronym_then_boilerplate_with_a_standalone_a_explains_nothing(bank, question, text):
    result = score(bank[question], text)
    assert result["covered_points"] == [], result["feedback"]


def test_an_article_a_or_the_pronoun_i_names_no_item_of_the_output():
    question = {"prompt": "What does this print?", "category": "language_knowledge",
                "expected_points": [{"point": "Prints A, I, B", "keywords": ["A I B"]}]}
    text = ("It prints A, I, B. A callback runs first because the engine queues it. I think the engine is clever "
            "because it orders all the work.")
    assert score(question, text)["covered_points"] == []


# --- E. several outputs listed state none of them -------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "It prints A, B, C, D or A, D, C, B or A, D, B, C. A is printed because the program prints it with a call to the "
    "logger. I think D and C follow because that order is how the engine prints them out. B is shown because the "
    "program logs it too at some point.",
])
def test_listing_several_orders_does_not_meet_the_output_point(bank, text):
    result = score(bank["lang-js-event-loop"], text)
    assert OUTPUT not in result["covered_points"], result["feedback"]
    honest = text.replace("A, B, C, D or A, D, C, B or A, D, B, C", "A, D, C, B")
    assert score(bank["lang-js-event-loop"], honest)["score"] >= result["score"]
