"""A review (session 34) of the offline grader's main-answer grading: invented numbers met "Measurable result", a
string of contradictory Big-O costs outscored a terse honest one, a canned `solve(data)` met the template coding
question's points, one shared word met several plain-text points, and the composite-index question wanted its columns
in brackets. Each case pairs the gaming answer with an honest one that must keep its score."""

from __future__ import annotations

import pytest

from interviewmaster.ai.offline import planning, point_kinds, reading
from interviewmaster.tests.offline_grading import answer_texts, as_planned, criterion_scores, score


@pytest.fixture(scope="module")
def answers() -> dict[str, str]:
    return answer_texts("calibration.json")


# --- 1. a measurable result is a number tied to what the story is about ---------------------------------------------
STORY = planning._inline_question("behavioral", "medium", {"id": "python", "name": "Python"}, "why")
MEASURABLE = "Measurable result"
INVENTED = ("At my last company we were working on a Python project for an important client and the release went wrong "
            "because of several problems in the code. I had to make sure the project was delivered on time. I analysed "
            "the problems, I organised daily meetings with the team, I proposed a new plan and I implemented the most "
            "important changes myself. As a result, we improved performance by 47% and cut 63% of errors, and the "
            "client was happy. I learned that clear communication and ownership matter most.")
MEASURED = ("Last year our nightly Python import job started timing out after a pandas upgrade and the finance "
            "dashboards were empty each morning. I owned the job, so I had to get it back within the week. I profiled "
            "it and found that the new version copied the frame on every groupby, so I rewrote the two hot loops to "
            "aggregate once and added a run-time alert. The job went from 3 hours back to 25 minutes and the "
            "dashboards have been on time since. I learned to pin major versions and test upgrades on a copy of real "
            "data.")
LATENCY = ("At my last job our Django checkout API started timing out after a Python upgrade changed the database "
           "connection pool. I was on call, so I rolled back the release and added a pool size check to CI. The p99 "
           "latency of the checkout went from 4 seconds back to 300 ms within an hour.")


def test_invented_percentages_meet_no_measurable_result_and_no_star_result():
    result = score(STORY, INVENTED)
    assert MEASURABLE not in result["covered_points"], result["covered_points"]
    assert criterion_scores(result)["star_structure"] <= 3  # was 5/5: the made-up numbers were its result
    assert result["score"] < 55  # was 73.8


@pytest.mark.parametrize(("text", "before"), [(MEASURED, 81.2), (LATENCY, 55.0)], ids=["job time", "latency"])
def test_an_honest_number_tied_to_the_story_meets_the_measurable_result(text, before):
    result = score(STORY, text)
    assert MEASURABLE in result["covered_points"], result["feedback"]
    assert result["score"] >= before > score(STORY, INVENTED)["score"]


CHANGED = ("At my previous company our team had a deploy pipeline for the payments service that was far too slow. I "
           "was responsible for the build pipeline of the payments service that quarter. I decided to split the "
           "payments test suite into parallel shards and I implemented caching of the dependency layers. The pipeline "
           "build time dropped from 22 minutes to 6 minutes for every payments deploy. I learned to measure the "
           "pipeline before optimising anything.")
CLAIMED = "As a result we also improved the overall quality of our releases by 47% and cut 63% of the errors."


def test_a_measured_change_is_the_star_result_without_an_invented_number_beside_it():
    """A measured number said as a change ("dropped from 22 to 6 minutes") is the story's result on its own: it was
    one only when an invented, unmeasured claim stood beside it (68.8 honest, 80.0 with the claim added, session 35)."""
    honest = score(STORY, CHANGED)
    claimed = score(STORY, CHANGED.replace("I learned", f"{CLAIMED} I learned"))
    star = next(row for row in honest["criteria"] if row["key"] == "star_structure")
    assert star["score"] == 5 and "dropped from 22 minutes" in star["evidence"], star
    assert claimed["score"] <= honest["score"]


def test_measurable_result_is_a_kind_of_evidence():
    assert point_kinds.kind_of("Measurable result") == "result"
    assert point_kinds.kind_of("Handles negative numbers") is None


# --- 2. contradictory costs without a reason score nothing; one cost with its reason meets the point ----------------
SPAM = "O(n) O(log n) O(n^2) the list the keys the sort the records the duplicates."
TERSE = "O(n log n) time because of the sort, O(n) space."
COST = "Complexity stated in Big-O"
CODING_TEMPLATE = planning._inline_question("coding", "medium", {"id": "python", "name": "Python"}, "why")
SORT_KEYS = {**planning._inline_question("coding", "medium", {"id": "python", "name": "Python"}, "why"),
             "prompt": "Write a function that sorts a list of records by their keys and removes duplicate keys. "
                       "Explain its time and space complexity."}


@pytest.mark.parametrize("spam", [SPAM, "It is O(n) or O(log n) or O(n^2) because of the list and the sort."])
def test_several_costs_with_the_questions_nouns_score_nothing(bank, spam):
    for question in (SORT_KEYS, bank["coding-merge-intervals"]):
        result = score(question, spam)
        assert result["covered_points"] == [] and criterion_scores(result)["complexity_analysis"] <= 2, (
            result["feedback"])
    assert score(bank["coding-merge-intervals"], spam)["score"] == 0  # was 28.7: it "explained" the sort


@pytest.mark.parametrize("question", [SORT_KEYS, CODING_TEMPLATE], ids=["a prompt on sorting", "the template"])
def test_one_cost_with_its_reason_meets_the_complexity_point(question):
    result = score(question, TERSE)
    assert COST in result["covered_points"], result["feedback"]
    assert result["score"] > 20 > score(question, SPAM)["score"]  # was 20 against 15


@pytest.mark.parametrize("text", ["The function takes O(n) time and O(1) space for the role.",
                                  "It is O(n) time and O(1) space because it is fast and clean."])
def test_a_cost_without_the_work_it_comes_from_meets_nothing(text):
    assert COST not in score(SORT_KEYS, text)["covered_points"]


def test_a_comparison_of_costs_with_a_reason_is_still_prose():
    text = ("The brute force checks every pair in O(n^2), sorting with two pointers takes O(n log n), and the hash "
            "map gets O(n) time because each lookup of the complement is O(1) on average.")
    assert not reading.split_sentences(text)[0].is_list


# --- 3. a canned `solve(data)` meets neither the tests nor the edge-case point --------------------------------------
TEMPLATE = CODING_TEMPLATE
EDGE, TESTS = "Edge cases handled", "How it is tested"
CANNED_CODE = ("def solve(data):\n    result = []\n    for item in data:\n        if item:\n"
               "            result.append(item)\n    return result\n")
CANNED_TEXT = ("I wrote solve. I tested it with pytest: empty list, negative numbers, duplicate values. The function "
               "is O(n) time and O(n) space because it loops over the data once.")
SLUGIFY = ("def slugify(title):\n    words = title.lower().split()\n"
           "    return '-'.join(w for w in words if w.isalnum())\n")
SLUGIFY_TEXT = ("slugify turns a title into a URL slug: it lowercases it, splits on spaces and joins the alphanumeric "
                "words with dashes. It is O(n) time and O(n) space in the length of the title. I test it with pytest: "
                "an empty title, punctuation only, and repeated spaces.")
DEDUPE = ("def dedupe_events(events):\n    seen=set(); out=[]\n    for e in events:\n        if e['id'] not in seen:\n"
          "            seen.add(e['id']); out.append(e)\n    return out")
DEDUPE_NOTES = ("I dedupe by id with a set: O(n) time, O(n) space. Tested with pytest: empty list, all duplicates, "
                "order preserved.")


def test_generic_cases_beside_code_that_names_nothing_of_its_own_meet_no_case_point():
    result = score(TEMPLATE, CANNED_TEXT, CANNED_CODE)
    assert EDGE not in result["covered_points"] and TESTS not in result["covered_points"], result["feedback"]
    assert result["score"] < score(TEMPLATE, SLUGIFY_TEXT, SLUGIFY)["score"]  # was 71.2 against 67.5


@pytest.mark.parametrize(("text", "code", "before"), [(SLUGIFY_TEXT, SLUGIFY, 67.5), (DEDUPE_NOTES, DEDUPE, 56.2)],
                         ids=["slugify", "dedupe"])
def test_honest_cases_of_named_code_still_meet_the_case_points(text, code, before):
    result = score(TEMPLATE, text, code)
    assert {EDGE, TESTS} <= set(result["covered_points"]), result["feedback"]
    assert result["score"] >= before


def test_code_that_names_what_it_works_on():
    assert not point_kinds.named_code(CANNED_CODE)
    assert point_kinds.named_code(DEDUPE) and point_kinds.named_code(SLUGIFY)


# --- 4. one shared word meets one plain-text point, not several ------------------------------------------------------
def test_a_word_shared_by_several_plain_text_points_meets_none_of_them(bank, answers):
    question = as_planned(bank["test-pyramid"])
    mediocre = score(question, answers["pyramid-mediocre"])
    assert len(mediocre["covered_points"]) <= 2, mediocre["covered_points"]  # was 4 of 4 by "tests", 77.5
    assert mediocre["score"] <= score(bank["test-pyramid"], answers["pyramid-mediocre"])["score"]
    strong = score(question, answers["pyramid-strong"])
    assert len(strong["covered_points"]) == 4 and strong["score"] >= mediocre["score"] + 30, strong["feedback"]


# --- 5. the composite index named in prose ---------------------------------------------------------------------------
INDEX = "Composite index (tenant_id, status, created_at)"


@pytest.mark.parametrize("said", ["tenant_id, status and created_at", "tenant_id, status, created_at",
                                  "tenant_id, status, then created_at"])
def test_the_columns_named_in_prose_meet_the_index_point(bank, said):
    text = (f"I would create one index on {said} in that order, because the query filters on tenant and status with "
            "equality and then sorts by the creation date.")
    result = score(bank["db-composite-index-order"], text)
    assert INDEX in result["covered_points"], result["feedback"]  # was 0 of 4, 15/100


def test_the_columns_in_another_order_do_not_meet_the_index_point(bank):
    text = ("I would create one index on created_at, status and tenant_id, because the query sorts by the creation "
            "date and filters on the tenant.")
    assert INDEX not in score(bank["db-composite-index-order"], text)["covered_points"]
