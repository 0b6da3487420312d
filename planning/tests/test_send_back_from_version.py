"""A send-back starts from the version the expert sent back (session 36's review, with the demo's data): the questions
its comment does not name stay as they were (same text, same bank ids, same order), the ones it drops stay dropped in
later versions, and neither the revision after a high-severity critique nor the critique's severity undoes the
expert's edit, whichever provider writes or critiques the version."""

from __future__ import annotations

import pytest

from interviewmaster import demo_data
from interviews.tests.factories import load_shipped_bank
from planning import services
from planning.tests.conftest import run_on_commit

pytestmark = pytest.mark.django_db
# the reviewer's mix: coding, system design, behavioural, databases
MIX = {"question_distribution": {"coding": 1, "system_design": 1, "behavioral": 1, "databases": 1}}


@pytest.fixture
def demo_plan(make_plan):
    """The demo's "Backend engineer (Python)" plan (Python, Django, PostgreSQL required) on the shipped bank: Q1 a
    Python coding question, Q2 a system design question, Q3 a Django behavioural one, Q4 a PostgreSQL one."""
    from accounts.tests.factories import ExpertFactory
    from planning.models import Position

    load_shipped_bank()
    expert = ExpertFactory()
    demo_data.seed_positions(expert)
    plan = make_plan(expert=expert, position=Position.objects.get(title="Backend engineer (Python)"), config=MIX)
    assert [(q["category"], q["skill"]) for q in plan.current_version.questions][::2] == [
        ("coding", "python"), ("behavioral", "django")]
    assert [q["category"] for q in plan.current_version.questions] == [
        "coding", "system_design", "behavioral", "databases"]
    return plan


def send_back(plan, comment, reason="other"):
    with run_on_commit():
        services.request_changes(plan=plan, expert=plan.expert, reason=reason, comment=comment)
    plan.refresh_from_db()
    return plan.current_version


def same(question):
    return question["question_id"], question["prompt"]


@pytest.mark.parametrize("reason", ["other", "off_topic", "missing_skill"])
def test_questions_dropped_stay_dropped_and_those_not_named_stay_as_they_were(demo_plan, reason):
    first = demo_plan.current_version.questions
    second = send_back(demo_plan, "Drop Q1, Q2", reason).questions
    assert list(map(same, second)) == list(map(same, first[2:]))
    third = send_back(demo_plan, "Replace the SQL question with a Kafka one", reason)
    # the behavioural question nobody named is the same question at the same place; the dropped ones stay dropped
    assert len(third.questions) == 2 and same(third.questions[0]) == same(first[2])
    assert third.questions[1]["skill"] == "kafka" and third.questions[1]["prompt"] != first[3]["prompt"]
    assert not {q["prompt"] for q in first[:2]} & {q["prompt"] for q in third.questions}
    assert [v.trigger for v in demo_plan.versions.order_by("number")] == ["", "feedback", "feedback"]


def test_a_reason_with_a_comment_it_cannot_read_still_brings_fresh_questions_in_the_places_sent_back(demo_plan):
    first = demo_plan.current_version.questions
    send_back(demo_plan, "Drop Q1")
    version = send_back(demo_plan, "Closer to the job please", reason="off_topic")
    assert [q["category"] for q in version.questions] == [q["category"] for q in first[1:]]
    assert not {q["prompt"] for q in first} & {q["prompt"] for q in version.questions}
