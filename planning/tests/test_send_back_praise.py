"""A fourteenth review round of the expert's "Request changes" comment (session 37): praise of a question keeps it
(it is no wish left undone), the question a passive or "overlaps" complaint names as the repeat is the one acted on,
and the rationale says which questions a level change moved instead of claiming the whole plan shifted."""

from __future__ import annotations

import time

import pytest

from planning.tests import test_send_back_from_version as from_version
from planning.tests.test_send_back import read_six

pytestmark = pytest.mark.django_db
demo_plan, same, send_back = from_version.demo_plan, from_version.same, from_version.send_back


def dropped(got):
    return [i for i in range(6) if i not in [s["question"] for s in got.slots]]


@pytest.mark.parametrize(("comment", "kept"), [
    ("Q2 is fine", [1]), ("Q2 is good", [1]), ("keep Q2", [1]), ("Q2 looks great", [1]), ("Q2 is OK as it is", [1]),
    ("Q2 and Q4 are good", [1, 3]), ("The Kafka question is great", [3]), ("Q2 is fine, thanks", [1])])
def test_praise_of_a_question_keeps_it_and_is_not_quoted_back_as_not_done(comment, kept):
    got = read_six(comment)
    assert got.not_done == [] and got.kept == kept
    assert all(s.get("unchanged") for s in got.slots) and dropped(got) == []
    assert got.done == ["kept " + ", ".join(
        ["question 2 (Coding, Django)", "question 4 (System design, Apache Kafka)"][k // 2] for k in kept)]


def test_praise_beside_another_wish_keeps_the_praised_question_and_reads_the_wish():
    got = read_six("Q2 is fine, but Q3 is too easy")
    assert got.kept == [1] and got.levels == {2: 1} and got.not_done == []
    assert got.done == ["kept question 2 (Coding, Django)", "made question 3 (Coding, Go) harder"]
    # what else the clause says is quoted back on its own, without the praise
    rest = read_six("Q2 is fine but the order is wrong")
    assert rest.kept == [1] and rest.not_done[0].startswith('"the order is wrong" (this is not something')


@pytest.mark.parametrize(("comment", "done"), [
    ("Q2 is good but too easy", "made question 2 (Coding, Django) harder"),
    ("Q2 is great, replace it with a SQL one",
     "replaced question 2 (Coding, Django) with a SQL (databases and data modelling) question"),
    ("Q2 is fine; drop Q2", "dropped question 2 (Coding, Django)")])
def test_a_praised_question_the_comment_changes_is_changed_and_not_said_to_be_kept(comment, done):
    got = read_six(comment)
    assert got.kept == [] and got.done == [done] and got.not_done == []


@pytest.mark.parametrize("comment", ["I don't think Q2 is fine", "Q2 is not fine"])
def test_praise_said_the_other_way_round_keeps_nothing(comment):
    got = read_six(comment)
    assert got.kept == [] and got.done == [] and got.not_done


def test_praise_keeps_its_question_against_a_fresh_reason_and_the_reasons_shift(demo_plan):
    first = demo_plan.current_version.questions
    version = send_back(demo_plan, "Q2 is fine", "off_topic")
    assert same(version.questions[1]) == same(first[1])
    assert "Not done" not in version.rationale and "kept question 2" in version.rationale
    assert not {q["prompt"] for i, q in enumerate(first) if i != 1} & {q["prompt"] for q in version.questions}


@pytest.mark.parametrize(("comment", "gone"), [
    ("Q1 is duplicated by Q3, drop it", [2]), ("Q1 is repeated in Q3; remove it", [2]),
    ("Q1 is overlapped by Q3, drop it", [2]), ("Q3 overlaps with Q1, drop it", [2]), ("Q3 overlaps Q1, drop it", [2]),
    ("Q3 duplicates Q1, drop it", [2]), ("drop Q3 as it overlaps with Q1", [2]),
    # "covers" names the question not needed: the one covered ("drop Q1, Q3 already covers it")
    ("Q1 is covered by Q3, drop it", [0]), ("Q3 already covers Q1, drop it", [0]),
    ("Q1 is duplicated by Q3, and Q5 repeats Q2; drop them", [2, 4])])
def test_of_two_questions_a_complaint_names_the_repeat_is_the_one_acted_on(comment, gone):
    got = read_six(comment)
    assert dropped(got) == gone and got.not_done == []


@pytest.mark.parametrize(("comment", "flagged"), [("Q1 is repeated in Q3", [2]), ("Q3 overlaps with Q1", [2]),
                                                  ("Q1 is covered by Q3", [0])])
def test_a_complaint_under_a_fresh_reason_rewrites_the_repeat(comment, flagged):
    got = read_six(comment, fresh=True)
    assert got.flagged == flagged and got.not_done == []
    assert [s["question"] for s in got.slots if not s.get("unchanged")] == flagged


@pytest.mark.parametrize("comment", ["Q3 covers Python", "Python is covered by Q3"])
def test_covering_a_topic_is_no_complaint(comment):
    got = read_six(comment, fresh=True)
    assert got.flagged == [] and all(s.get("unchanged") for s in got.slots)


@pytest.mark.parametrize("unit", ["Q1 is fine and ", "Q1 is duplicated by Q2 ", "Q2 is good but too easy, ",
                                  "Q3 covers Q1 ", "the rest ", "The rest, thanks! "])
@pytest.mark.parametrize("end", ["", "x"])
def test_long_praise_and_complaints_are_read_in_linear_time(unit, end):
    # "the rest" and "the", "rest" were all thanks words: a clause of them that failed at its end tried 2^n ways
    # ("the rest " * 20 + "x" took 2.6 s, R2)
    comment = (unit * 1000)[:3990 - len(unit)].rsplit(" ", 1)[0] + " " + end
    started = time.process_time()
    read_six(comment, fresh=True)
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize(("reason", "comment", "said", "not_said"), [
    ("too_easy", "Q2 is too easy", "made question 2 (System design, Redis) harder", "difficulty shifted"),
    ("too_hard", "Q3 is too hard", "made question 3 (Behavioural, Django) easier", "difficulty shifted"),
    ("too_hard", "Keep Q3", "question 1 (Coding, Python) and question 4 (Databases, PostgreSQL) of the version sent "
                            "back made easier after the expert's feedback", "difficulty shifted"),
    ("too_easy", "Drop Q1", "difficulty shifted +1 after the expert's feedback", "of the version sent back made")])
def test_the_rationale_says_which_questions_a_level_change_moved(demo_plan, reason, comment, said, not_said):
    first = demo_plan.current_version.questions
    version = send_back(demo_plan, comment, reason)
    assert said in version.rationale and not_said not in version.rationale, version.rationale
    if comment == "Q2 is too easy":  # only Q2 moved: the others are the questions sent back
        assert [same(q) for i, q in enumerate(version.questions) if i in (0, 2)] == [same(first[0]), same(first[2])]


@pytest.mark.parametrize(("reason", "comment", "said"), [
    ("too_easy", "Q2 is too easy", "made question 2 (System design, Redis) harder"),
    ("too_hard", "Q3 is too hard", "made question 3 (Behavioural, Django) easier")])
def test_under_a_length_the_expert_set_the_rationale_still_says_which_questions_moved(demo_plan, reason, comment,
                                                                                      said):
    """The final reading: with the length fixed, the per-question note fell back to "difficulty shifted +1" for the
    whole plan (the questions that moved were worked out only where the length follows them)."""
    from planning.models import InterviewPlan

    InterviewPlan.objects.filter(pk=demo_plan.pk).update(duration_fixed=True, duration_minutes=120)
    demo_plan.refresh_from_db()
    version = send_back(demo_plan, comment, reason)
    assert said in version.rationale and "difficulty shifted" not in version.rationale, version.rationale


def test_a_plan_without_a_question_mix_keeps_its_length_rather_than_none(demo_plan):
    """The final reading: a first draft from a config with no question mix (older plans) had no slots, and with the
    length following the questions the agents were told the interview lasts 0 minutes."""
    from planning import agents
    from planning.models import InterviewPlan

    InterviewPlan.objects.filter(pk=demo_plan.pk).update(config={**demo_plan.config, "question_distribution": {}},
                                                         duration_fixed=False)
    demo_plan.refresh_from_db()
    inputs = agents.plan_inputs(demo_plan)
    assert inputs["duration_minutes"] == demo_plan.duration_minutes > 0
