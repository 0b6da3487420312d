"""A second review of the thirteenth round's send-back reader (session 36, C2): "cut" / "lose" in their everyday
senses drop nothing, a dash used as punctuation is no range, "them" after two complaints is both questions, a drop
for the plan's time is still a drop, "it … for this interview" is the question named, a question already as hard as
it can be stays so under a whole-plan "too hard", a range said backwards is the range, and a duplicate warning knows
a topic asked for by tag is its skill."""

from __future__ import annotations

import pytest

from planning.tests import test_send_back
from planning.tests.test_send_back import read_six, request

pytestmark = pytest.mark.django_db
demo_plan = test_send_back.demo_plan  # the demo's six-question payments plan


def dropped(got):
    return [i for i in range(6) if i not in [s.get("question") for s in got.slots]]


@pytest.mark.parametrize("comment", ["we lose the candidate on Q2", "we'd lose the room at Q2",
                                     "cut the small talk before Q2", "they cut the corners on Q2",
                                     "cut it short on Q2", "we lose it at Q2"])
def test_cut_and_lose_in_their_everyday_senses_drop_nothing(comment):
    assert dropped(read_six(comment)) == []


@pytest.mark.parametrize(("comment", "gone"), [
    ("cut the second question", [1]), ("lose the Go question", [2]), ("Q2 is weak, cut it", [1]),
    ("cut Q2 and Q4", [1, 3]), ("lose questions 2 and 3", [1, 2]), ("cut the Go one", [2]),
    ("cut both the Go and Kafka questions", [2, 3])])
def test_cut_and_lose_drop_the_question_that_is_their_object(comment, gone):
    assert dropped(read_six(comment)) == gone


@pytest.mark.parametrize(("comment", "gone"), [
    ("Drop Q1 \u2014 Q3 already covers it", [0]), ("Drop Q1 - Q3 covers the same ground", [0]),
    ("Drop Q1 \u2013 it repeats Q4", [0]), ("Drop Q1 \u2013 Q3", [0, 1, 2]), ("Drop Q1 - Q3, please", [0, 1, 2]),
    ("Drop Q1 - Q3 and add a SQL one", [0, 1, 2]), ("Drop Q1-Q3", [0, 1, 2])])
def test_a_spaced_dash_before_a_clause_is_punctuation_not_a_range(comment, gone):
    assert dropped(read_six(comment)) == gone


@pytest.mark.parametrize(("comment", "gone"), [
    ("Q2 duplicates Q1 and Q3 duplicates Q1; drop them", [1, 2]),
    ("Q2 is off-topic and Q4 repeats Q1; drop them", [1, 3]), ("Q3 duplicates Q1, drop it", [2])])
def test_them_after_several_complaints_is_every_question_complained_of(comment, gone):
    got = read_six(comment)
    assert dropped(got) == gone and got.not_done == []


@pytest.mark.parametrize("comment", ["Drop Q6 to save 10 minutes", "Drop Q6 to bring it down to 60 min",
                                     "Remove Q6, the interview runs over by 15 minutes"])
def test_a_drop_for_the_plans_time_drops_the_question(comment):
    assert dropped(read_six(comment)) == [5]


@pytest.mark.parametrize("comment", ["cut Q6 down to 5 minutes", "Cut the Go question to five minutes",
                                     "drop Q6 to about 10 minutes"])
def test_a_question_cut_to_a_length_of_its_own_is_still_not_dropped(comment):
    got = read_six(comment)
    assert got.done == [] and got.dropped == 0


def test_it_too_hard_for_this_interview_is_the_question_named_not_the_plan():
    got = read_six("Look at Q2. It is too hard for this interview.")
    assert got.shift == 0 and got.levels == {1: -1} and 1 in got.flagged
    assert read_six("Look at Q2. The interview is too hard.").shift == -1


def test_a_question_already_hardest_named_harder_is_not_made_easier_by_a_whole_plan_too_hard(make_plan):
    from planning.tests.factories import PositionFactory

    plan = make_plan(position=PositionFactory(required_skills=["python", "django"], nice_to_have_skills=[]),
                     config={"question_distribution": {"coding": {"hard": 2}, "behavioral": {"medium": 1}}})
    before, version = request(plan, "other", "The plan is too hard; make Q2 harder")
    assert before[1]["difficulty"] == "hard"
    assert version.questions[1]["difficulty"] == "hard" and version.questions[1]["prompt"] == before[1]["prompt"]
    assert "is already as hard as its category allows" in version.rationale


def test_a_range_said_backwards_is_the_same_range():
    got = read_six("Drop Q3 to Q1")
    assert dropped(got) == [0, 1, 2] and got.not_done == [] and len(got.done) == 3


def test_a_range_replaced_replaces_each_of_its_questions():
    got = read_six("Replace Q2 to Q4 with SQL ones")
    assert [s.get("topic") for s in got.slots[1:4]] == ["sql"] * 3 and len(got.done) == 3
    assert read_six("Replace Q2 with a SQL one").slots[1]["topic"] == "sql"


def test_more_questions_on_a_topic_asked_by_tag_are_not_warned_as_duplicates(demo_plan):
    _, version = request(demo_plan, "other", "More questions on Kafka")
    assert "duplicate" not in {i["kind"] for i in version.critiques.get().issues}


def test_the_duplicate_warning_compares_the_topic_asked_for_by_its_skills_name():
    from interviewmaster.ai.offline.planning import _duplicate_issues

    questions = [{"category": "system_design", "skill": "apache-kafka", "prompt": "Design a Kafka pipeline."},
                 {"category": "system_design", "skill": "apache-kafka", "prompt": "Explain consumer groups."}]
    slots = [{"category": "system_design"}, {"category": "system_design", "topic": "kafka",
                                             "topic_name": "Apache Kafka", "requested": True}]
    assert _duplicate_issues(questions, slots) == []
    assert _duplicate_issues(questions, [{"category": "system_design"}] * 2) != []


def test_a_question_left_alone_under_a_whole_plan_too_hard_is_a_new_easier_one_not_its_text_relabelled(demo_plan):
    before, version = request(demo_plan, "other", "The plan is too hard; make Q2 harder")
    after = version.questions
    for i in (0, 2, 4, 5):  # medium before: a new easy question on the same skill
        assert (after[i]["difficulty"], after[i]["skill"]) == ("easy", before[i]["skill"])
        assert after[i]["prompt"] != before[i]["prompt"]
    assert after[3] == before[3]  # system design allows no easier level: Q4 stays as it was
    assert "made the questions easier" in version.rationale
