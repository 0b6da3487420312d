"""The controller, critique and observer agents with the offline provider (tasks run eagerly)."""

from __future__ import annotations

import pytest

from interviewmaster.ai.offline import ENGINE
from interviewmaster.ai.schemas import validation_errors
from planning import agents
from planning.models import AgentStatus, Critique, InterviewPlan, PlanEvent, PlanVersion
from planning.plan_schema import CRITIQUE_SCHEMA, PLAN_SCHEMA
from planning.tests.factories import CONFIG, InterviewPlanFactory, planned_question

pytestmark = pytest.mark.django_db


def critique_of(questions, plan=None, **kwargs):
    plan = plan or InterviewPlanFactory()
    inputs = {"plan": {"questions": questions}, "role": "backend_engineer", "duration_minutes": 61,
              "slots": agents.slots_for(CONFIG),
              "required_skills": [{"id": s, "name": s} for s in plan.position.required_skills], **kwargs}
    data = ENGINE["critique_plan"](inputs)
    assert validation_errors(data, CRITIQUE_SCHEMA) == []
    return data


def test_controller_and_critique_bring_a_new_plan_to_expert_review(bank, make_plan):
    plan = make_plan()
    plan.refresh_from_db()
    assert plan.state == "pending_review"
    assert plan.agent_status == AgentStatus.IDLE
    version = plan.current_version
    assert validation_errors({"title": "t", "rationale": version.rationale, "questions": version.questions},
                             PLAN_SCHEMA) == []
    # Follows the configuration's mix and duration.
    assert sorted((q["category"], q["difficulty"]) for q in version.questions) == sorted(
        [("coding", "medium")] * 2 + [("databases", "medium"), ("behavioral", "easy")])
    assert sum(q["minutes"] for q in version.questions) * 1.1 <= plan.duration_minutes
    # Covers every required skill, using the bank where it can.
    skills = {q["skill"] for q in version.questions}
    assert {"python", "postgresql", "redis"} <= skills
    assert any(q["question_id"] for q in version.questions)
    assert all(q["why"] and q["expected_points"] and q["follow_up_ideas"] for q in version.questions)
    critique = Critique.objects.get(version=version)
    assert not critique.has_high_severity
    kinds = list(PlanEvent.objects.filter(plan=plan).values_list("kind", flat=True))
    assert kinds == ["plan.created", "controller.drafted", "critique.reviewed", "state.critiqued",
                     "state.pending_review"]


def test_critique_finds_a_seeded_duplicate():
    questions = [planned_question(), planned_question(skill="sql"),
                 planned_question(prompt="Write a Python function to merge two sorted lists.", category="coding",
                                  skill="python"),
                 planned_question(prompt="Tell me about a time Redis caching broke in production.",
                                  category="behavioral", difficulty="easy", skill="redis", minutes=10)]
    data = critique_of(questions)
    duplicates = [i for i in data["issues"] if i["kind"] == "duplicate"]
    assert [i["question_index"] for i in duplicates] == [1]
    assert data["verdict"] == "revise"


def test_critique_finds_a_missing_required_skill():
    questions = [planned_question(prompt="Write a Python function to merge two sorted lists.", category="coding",
                                  skill="python"), planned_question()]
    data = critique_of(questions)
    missing = [i for i in data["issues"] if i["kind"] == "missing_skill"]
    assert [i["severity"] for i in missing] == ["blocker"]
    assert "redis" in missing[0]["message"]


@pytest.mark.parametrize("prompt", [
    "How old are you, and when do you plan to retire from engineering work?",
    "Are you married, and do you have children who might need your time?",
    "Where are you really from, and what is your native language at home?",
    "Do you have any medical condition or disability we should know about?",
])
def test_critique_flags_a_biased_question(prompt):
    questions = [planned_question(prompt=prompt, category="behavioral", difficulty="easy", skill="")]
    data = critique_of(questions)
    biased = [i for i in data["issues"] if i["kind"] == "biased"]
    assert biased and biased[0]["severity"] == "blocker" and biased[0]["question_index"] == 0


def test_technical_words_are_not_mistaken_for_bias():
    questions = [planned_question(prompt="How do you find a race condition in a Python worker pool that handles "
                                         "health checks and retries?", category="debugging", skill="python")]
    assert not [i for i in critique_of(questions)["issues"] if i["kind"] == "biased"]


def test_controller_revises_once_after_a_high_severity_critique(bank, monkeypatch):
    plan = InterviewPlanFactory(state="draft", agent_status=AgentStatus.DRAFTING)
    real = ENGINE["build_plan"]
    biased = "Are you married, and do you have children who might need your time?"

    def first_draft_is_biased(inputs):
        data = real(inputs)
        if not inputs.get("revise"):
            data["questions"][-1]["prompt"] = biased
        return data

    monkeypatch.setitem(ENGINE, "build_plan", first_draft_is_biased)
    agents.advance_plan(plan.id)
    plan.refresh_from_db()
    assert plan.state == "pending_review"
    first, second = PlanVersion.objects.filter(plan=plan).order_by("number")
    assert biased in [q["prompt"] for q in first.questions]
    assert biased not in [q["prompt"] for q in second.questions]
    assert second.trigger == "critique" and second.revision_of == first
    assert Critique.objects.get(version=first).has_high_severity
    assert not Critique.objects.get(version=second).has_high_severity
    assert PlanVersion.objects.filter(plan=plan).count() == 2  # exactly one revision


def test_a_second_blocker_does_not_loop(bank, monkeypatch):
    plan = InterviewPlanFactory(state="draft", agent_status=AgentStatus.DRAFTING)
    real = ENGINE["build_plan"]

    def always_biased(inputs):
        data = real(inputs)
        data["questions"][-1]["prompt"] = "How old are you, and when will you retire from the industry?"
        return data

    monkeypatch.setitem(ENGINE, "build_plan", always_biased)
    agents.advance_plan(plan.id)
    plan.refresh_from_db()
    assert plan.state == "pending_review"  # the expert sees the remaining blocker in the critique
    assert PlanVersion.objects.filter(plan=plan).count() == 2
    assert plan.current_version.critiques.get().has_high_severity


def test_redelivered_task_does_not_redo_finished_work(bank, make_plan):
    plan = make_plan()
    from planning.tasks import run_agents

    assert run_agents.delay(plan.id).get() == "pending_review"
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    assert InterviewPlan.objects.get(pk=plan.pk).state == "pending_review"


def test_agent_failure_is_recorded_for_the_expert(monkeypatch, make_plan):
    from interviewmaster.ai.errors import AIUnavailable

    def down(*args, **kwargs):
        raise AIUnavailable("every provider is down")

    monkeypatch.setattr(agents, "complete_json", down)
    plan = make_plan()
    plan.refresh_from_db()
    assert plan.agent_status == AgentStatus.FAILED
    assert "down" in plan.agent_error
    assert PlanEvent.objects.filter(plan=plan, kind="agent.failed").exists()


def test_weak_or_unverified_resume_skills_come_first(bank, make_plan):
    from accounts.tests.factories import CandidateFactory, ExpertFactory
    from planning.tests.factories import InterviewPlanFactory, PositionFactory
    from resumes.models import Resume, ResumeSkill

    candidate, expert = CandidateFactory(), ExpertFactory()
    # The expert may read the resume: the candidate took up one of their invitations (docs/planning.md).
    InterviewPlanFactory(expert=expert, candidate=candidate, candidate_email=candidate.email, state="completed")
    resume = Resume.objects.create(owner=candidate, original_filename="cv.pdf", kind="pdf", size_bytes=1, sha256="x")
    ResumeSkill.objects.create(resume=resume, skill_id="python", name="Python", category="languages",
                               confidence=0.9, status="confirmed")
    ResumeSkill.objects.create(resume=resume, skill_id="redis", name="Redis", category="databases",
                               confidence=0.4, status="suggested")
    position = PositionFactory(required_skills=["python", "redis", "postgresql"])
    # Two questions for three required skills: the confirmed one (Python) is the one left out.
    plan = make_plan(expert=expert, resume=resume, candidate=candidate, candidate_email=candidate.email,
                     position=position,
                     config={"question_distribution": {"coding": {"medium": 1}, "databases": {"medium": 1}}})
    skills = {q["skill"] for q in plan.current_version.questions}
    assert skills == {"redis", "postgresql"}
    assert all("weak or unverified" in q["why"] for q in plan.current_version.questions)


REVIEWED_MIX = {"question_distribution": {"coding": {"medium": 1}, "system_design": {"hard": 1}, "behavioral": 1}}


def test_too_easy_makes_the_plan_harder_within_the_duration_the_candidate_is_told(bank, make_plan):
    from accounts.tests.factories import CandidateFactory
    from planning import interview_link, invitations, services
    from planning.tests.conftest import run_on_commit

    # the length the expert set (the mix's own 55 minutes): with the length left empty it follows the harder
    # questions instead (test_send_back_length)
    plan = make_plan(config=REVIEWED_MIX, duration_minutes=55)
    assert plan.duration_fixed
    assert plan.duration_minutes == 55 and plan.current_version.estimated_minutes == 55
    with run_on_commit():
        services.request_changes(plan=plan, expert=plan.expert, reason="too_easy")
    plan.refresh_from_db()
    version = plan.current_version
    # Not three hard questions (60 minutes, 66 with transitions): the behavioural one is made shorter instead.
    assert [(q["category"], q["difficulty"]) for q in version.questions] == [
        ("coding", "hard"), ("system_design", "hard"), ("behavioral", "easy")]
    assert version.estimated_minutes == 55
    assert "to fit the duration, 1 question made shorter" in version.rationale
    assert not [i for i in version.critiques.get().issues if i["kind"] in ("timing", "difficulty_imbalance")]

    services.approve_plan(plan=plan, expert=plan.expert)
    _subject, body = invitations.default_message(plan)
    with run_on_commit():
        invitations.send_invitation(plan=plan, expert=plan.expert, subject="Interview", body=body)
    candidate = CandidateFactory(email=plan.candidate_email)
    InterviewPlan.objects.filter(pk=plan.pk).update(candidate=candidate)
    plan.refresh_from_db()
    session = interview_link.start_planned_interview(plan=plan, candidate=candidate)
    assert "55-minute" in body and session.time_budget_seconds == 55 * 60


def test_a_harder_mix_gives_way_shorter_first_then_dropped_never_below_one_question():
    four_medium = {"question_distribution": {"coding": {"medium": 4}}}  # 60 minutes, 66 with transitions
    fitted, done = agents.fit_slots(agents.slots_for(four_medium, shift=1), duration=66)
    assert fitted == [{"category": "coding", "difficulty": "hard"}] * 3 and done == {"shortened": 0, "dropped": 1}
    one_easy = {"question_distribution": {"coding": {"easy": 1}}}  # 11 minutes: not even one medium question fits
    assert agents.fit_slots(agents.slots_for(one_easy, shift=2), duration=11) == (
        [{"category": "coding", "difficulty": "easy"}], {"shortened": 1, "dropped": 0})


def test_a_question_the_expert_named_is_never_dropped_to_fit_the_duration():
    """The payments review: the behavioural question made harder (and the questions kept or moved) gives way after
    every other and is never dropped; the one nobody named is."""
    slots = [{"category": "databases", "difficulty": "hard", "named": True},
             {"category": "coding", "difficulty": "hard", "requested": True},
             {"category": "behavioral", "difficulty": "hard", "requested": True, "named": True},
             {"category": "coding", "difficulty": "hard"}]
    fitted, done = agents.fit_slots(slots, duration=40)
    assert [s["category"] for s in fitted] == ["databases", "coding", "behavioral"] and done["dropped"] == 1
    # with nothing else left to give way, a named one is made easier, not dropped
    fitted, done = agents.fit_slots(slots[:3], duration=20)
    assert [s["category"] for s in fitted] == ["databases", "coding", "behavioral"] and done["dropped"] == 0
    # of those, the one written afresh for the expert gives way first: the one made harder stays harder
    fitted, _ = agents.fit_slots(slots[:3], duration=60)
    assert [s["difficulty"] for s in fitted] == ["hard", "easy", "hard"]


def test_the_experts_feedback_survives_an_agent_failure_while_drafting_it(bank, make_plan, monkeypatch):
    """The worker died (or the provider failed) while writing the version the expert asked for: the plan is already
    back in draft, and the retry (or the redelivered task) must still write it from the expert's feedback."""
    from interviewmaster.ai.errors import AIUnavailable
    from planning import services
    from planning.tests.conftest import run_on_commit

    plan = make_plan(config=REVIEWED_MIX)
    real = agents.complete_json

    def down_once(task, *args, **kwargs):
        monkeypatch.setattr(agents, "complete_json", real)
        raise AIUnavailable("the provider went away mid-draft")

    monkeypatch.setattr(agents, "complete_json", down_once)
    with run_on_commit():
        services.request_changes(plan=plan, expert=plan.expert, reason="too_easy")
    plan.refresh_from_db()
    assert (plan.state, plan.agent_status, plan.current_version.number) == ("draft", AgentStatus.FAILED, 1)

    with run_on_commit():
        services.retry_agents(plan=plan, expert=plan.expert)
    plan.refresh_from_db()
    version = plan.current_version
    assert plan.state == "pending_review" and version.number == 2 and version.trigger == "feedback"
    # "too easy" made every question that could be harder (the length follows them: 66 minutes)
    assert [(q["category"], q["difficulty"]) for q in version.questions] == [
        ("coding", "hard"), ("system_design", "hard"), ("behavioral", "hard")]
    assert plan.duration_minutes == version.estimated_minutes == 66


def test_the_controllers_bank_leaves_out_a_question_whose_judge_problem_is_unpublished():
    """A plan drafted from such a question would show the candidate a problem whose practice page is a 404."""
    from interviews.models import ReviewStatus
    from interviews.tests.factories import QuestionFactory
    from planning.tests.factories import PositionFactory
    from studypaths.models import Problem
    from studypaths.tests.factories import ProblemFactory

    kept, dropped = ProblemFactory(), ProblemFactory()
    linked = QuestionFactory(problem=kept.slug, status=ReviewStatus.APPROVED)
    plain = QuestionFactory(status=ReviewStatus.APPROVED)
    unpublished = QuestionFactory(problem=dropped.slug, status=ReviewStatus.APPROVED)
    slots = [{"category": "coding", "difficulty": "medium"}]
    assert {q["id"] for q in agents.bank_for(PositionFactory(), slots)} == {linked.id, plain.id, unpublished.id}
    Problem.objects.filter(pk=dropped.pk).update(is_published=False)
    assert {q["id"] for q in agents.bank_for(PositionFactory(), slots)} == {linked.id, plain.id}


def test_a_bank_question_on_the_topic_the_expert_asked_for_is_labelled_with_that_topic():
    """"Replace the system design question with a SQL one": the bank's SQL question, filed first under another tag
    ("transactions"), was labelled with that tag, so the plan page said "Q2 · Databases · transactions" for the SQL
    question the expert asked for (and "rails" for another). It is the topic asked for, as a question written for it
    would be."""
    bank = [{"id": 80, "prompt": "Under load your service logs 'deadlock detected' errors from PostgreSQL. Why, and "
                                 "how do you stop them?", "category": "databases", "difficulty": "medium",
             "tags": ["transactions", "sql", "concurrency"], "expected_points": ["Lock ordering"],
             "follow_up_seeds": []}]
    slots = [{"category": "coding", "difficulty": "medium"},
             {"category": "databases", "difficulty": "medium", "topic": "sql", "topic_name": "SQL", "requested": True}]
    questions = ENGINE["build_plan"]({"role": "backend_engineer", "duration_minutes": 30, "slots": slots, "bank": bank,
                                      "required_skills": agents._skills(["python"])})["questions"]
    assert [(q["category"], q["question_id"], q["skill"]) for q in questions] == [
        ("coding", None, "python"), ("databases", 80, "sql")]
    assert questions[1]["why"] == "The expert asked for a SQL question; from the question bank, medium."


def test_two_questions_on_a_topic_the_expert_asked_for_are_not_duplicates_of_each_other(make_plan):
    from interviews.tests.factories import QuestionFactory
    from planning import services
    from planning.tests.conftest import run_on_commit
    from planning.tests.factories import PositionFactory

    QuestionFactory(prompt="Explain the difference between INNER JOIN and LEFT JOIN using customers and orders.",
                    category="databases", difficulty="medium", tags=["joins", "sql"])
    QuestionFactory(prompt="Under load your service logs 'deadlock detected' errors from PostgreSQL. Why?",
                    category="databases", difficulty="medium", tags=["transactions", "sql"])
    plan = make_plan(position=PositionFactory(required_skills=["python"], nice_to_have_skills=[]),
                     config={"question_distribution": {"coding": {"medium": 2}}})
    with run_on_commit():
        services.request_changes(plan=plan, expert=plan.expert, reason="other",
                                 comment="More questions on SQL, and add another SQL question")
    plan.refresh_from_db()
    sql = [q for q in plan.current_version.questions if q["question_id"]]
    assert [q["skill"] for q in sql] == ["sql", "sql"]
    assert "duplicate" not in {i["kind"] for i in plan.current_version.critiques.get().issues}


def test_a_topic_the_bank_has_no_question_on_at_the_slots_level_is_said_and_written_on_that_skill(make_plan):
    """The demo bank's one Kafka question is a hard system design one. "Replace the SQL question with a Kafka one" on
    a medium plan said only "replaced … with an Apache Kafka (system design) one", over a notification-service
    question that ended "Base your answer on your work with Apache Kafka". The version says the bank had none at that
    level and which question was written for the plan, and the written one is on Kafka (the skill's own template)."""
    from interviews.question_bank import import_question_bank
    from planning import services
    from planning.tests.conftest import run_on_commit
    from planning.tests.factories import PositionFactory

    import_question_bank()
    position = PositionFactory(role="backend_engineer", required_skills=["python", "django", "postgresql"],
                               nice_to_have_skills=["redis", "celery", "docker"])  # the demo's backend position
    plan = make_plan(position=position, config={"question_distribution": {
        "coding": {"medium": 1}, "system_design": {"medium": 1}, "databases": {"medium": 1}}})
    assert plan.current_version.questions[2]["category"] == "databases"
    with run_on_commit():
        services.request_changes(plan=plan, expert=plan.expert, reason="other",
                                 comment="Replace the SQL question with a Kafka one")
    plan.refresh_from_db()
    version = plan.current_version
    kafka = version.questions[2]
    assert (kafka["category"], kafka["skill"], kafka["question_id"]) == ("system_design", "kafka", None)
    assert "through Apache Kafka" in kafka["prompt"] and "Base your answer" not in kafka["prompt"]
    assert ("The question bank has no medium Apache Kafka (system design) question (it has a hard one): question 3 "
            "was written for this plan.") in version.rationale
