"""The expert's workplace in Django admin, driven through the test client as an expert."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core import mail

from accounts.tests.factories import CandidateFactory, ExpertFactory, MentorFactory
from interviewmaster.capabilities import get_capabilities
from planning.models import DecisionKind, ExpertDecision, InterviewPlan, PlanVersion, Position
from planning.tests.conftest import run_on_commit
from planning.tests.factories import PositionFactory

pytestmark = pytest.mark.django_db
ADMIN = "/admin/planning/interviewplan/"


@pytest.fixture
def expert_client(client):
    expert = ExpertFactory()
    client.force_login(expert)
    client.expert = expert
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def create_plan(client, position, **extra) -> InterviewPlan:
    with run_on_commit():
        response = client.post(f"{ADMIN}add/", {
            "position": position.id, "candidate_name": "Grace Hopper", "candidate_email": "grace@example.com",
            "resume": "", "mode": "custom_config", "experience_level": "",
            "question_distribution": '{"coding": {"medium": 2}, "databases": {"medium": 1}, "behavioral": {"easy": 1}}',
            **extra,
        })
    plan = InterviewPlan.objects.get(candidate_email="grace@example.com")
    assert response.status_code == 302 and response["Location"] == f"{ADMIN}{plan.id}/change/"
    return plan


def question_form_data(client, plan, **extra) -> dict:
    """The plan's question formset as the edit page fills it in, ready to change and post."""
    page = client.get(f"{ADMIN}{plan.id}/questions/")
    formset = page.context["formset"]
    data = {"q-TOTAL_FORMS": str(len(formset.forms)), "q-INITIAL_FORMS": str(len(formset.initial_forms)),
            "q-MIN_NUM_FORMS": "0", "q-MAX_NUM_FORMS": "30",
            "base_version": page.context["reason_form"].initial["base_version"], **extra}
    for i, form in enumerate(formset.forms):
        for name in form.fields:
            value = form.initial.get(name, "")
            data[f"q-{i}-{name}"] = "" if value is None else value
    return data


def save_questions(client, plan, data):
    with run_on_commit():
        saved = client.post(f"{ADMIN}{plan.id}/questions/", data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    plan.refresh_from_db()


def act(client, plan, action, data=None):
    with run_on_commit():
        return client.post(f"{ADMIN}{plan.id}/act/{action}/", data or {})


def test_expert_creates_a_position_with_skills_by_name(expert_client):
    response = expert_client.post("/admin/planning/position/add/", {
        "title": "Platform engineer", "department": "Infra", "role": "backend_engineer",
        "job_description": "Run Python services", "required_skills": "Python, postgres, Redis",
        "nice_to_have_skills": "k8s"})
    assert response.status_code == 302
    position = Position.objects.get(title="Platform engineer")
    assert position.required_skills == ["python", "postgresql", "redis"]
    assert position.nice_to_have_skills == ["kubernetes"]
    assert position.created_by == expert_client.expert


def test_unknown_skill_is_a_form_error(expert_client):
    response = expert_client.post("/admin/planning/position/add/", {
        "title": "X", "role": "backend_engineer", "required_skills": "Python, Quantum Basket Weaving"})
    assert response.status_code == 200 and b"Unknown skills: Quantum Basket Weaving" in response.content
    assert not Position.objects.exists()


def test_invalid_config_is_a_form_error(expert_client):
    response = expert_client.post(f"{ADMIN}add/", {
        "position": PositionFactory().id, "candidate_name": "A", "candidate_email": "a@example.com",
        "mode": "custom_config", "question_distribution": '{"astrology": 2}'})
    assert response.status_code == 200 and b"astrology" in response.content
    assert not InterviewPlan.objects.exists()


@pytest.mark.parametrize("name", ["Eve \u202eredaeR", "\u2066Eve\u2069", "Eve\r\nBcc: victim@x.test"])
def test_candidate_name_has_the_name_rule(expert_client, name):
    # A text-direction override showed the name reversed on the invitation page, its email, the admin and the API;
    # the plan's name has the rule of every other name (accounts.validators), as mentor comments refuse the same.
    response = expert_client.post(f"{ADMIN}add/", {
        "position": PositionFactory().id, "candidate_name": name, "candidate_email": "a@example.com",
        "mode": "custom_config", "question_distribution": '{"coding": {"medium": 1}}'})
    assert response.status_code == 200 and "A name cannot contain" in response.content.decode()
    assert not InterviewPlan.objects.exists()


def test_create_plan_refuses_a_reversed_name_for_every_caller():
    from interviewmaster.errors import Invalid
    from planning import services

    with pytest.raises(Invalid) as exc:
        services.create_plan(expert=ExpertFactory(), position=PositionFactory(), candidate_name="Eve \u202eredaeR",
                             candidate_email="eve@example.com")
    assert exc.value.fields == {"candidate_name": ["A name cannot contain text-direction characters (such as U+202E)."]}
    assert not InterviewPlan.objects.exists()


@pytest.mark.parametrize("field", ["title", "department"])
def test_position_names_have_the_name_rule(expert_client, field):
    data = {"title": "Platform engineer", "department": "Infra", "role": "backend_engineer"}
    data[field] = "Eng \u202eenigne"
    response = expert_client.post("/admin/planning/position/add/", data)
    assert response.status_code == 200
    assert "A name cannot contain text-direction characters" in response.content.decode()
    assert not Position.objects.exists()


def test_full_workflow_through_admin(expert_client, bank):
    client = expert_client
    plan = create_plan(client, PositionFactory())
    plan.refresh_from_db()
    assert plan.state == "pending_review" and plan.expert == client.expert
    page = client.get(f"{ADMIN}{plan.id}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="questions-heading"' in html and 'id="critique-heading"' in html
    assert plan.current_version.questions[0]["prompt"] in html

    # Edit the first question inline: a new version, the old one stays. The harder first question takes the five
    # minutes an easier second one gives back, so the plan still fits its duration.
    assert client.get(f"{ADMIN}{plan.id}/questions/").status_code == 200
    data = question_form_data(client, plan, reason="too_easy", comment="Harder please")
    data["q-0-prompt"] = "Design a rate limiter in Python backed by Redis; explain the data structure you use."
    data["q-0-difficulty"] = "hard"
    data["q-1-difficulty"] = "easy"
    save_questions(client, plan, data)
    assert plan.current_version.number == 2 and plan.current_version.created_by == "expert"
    assert plan.current_version.questions[0]["difficulty"] == "hard"
    assert PlanVersion.objects.filter(plan=plan).count() == 2
    decision = ExpertDecision.objects.get(plan=plan, kind=DecisionKind.EDIT)
    assert decision.reason == "too_easy" and decision.diff["added"][0]["prompt"].startswith("Design a rate limiter")
    assert plan.current_version.critiques.exists()

    # Approve — over the critique of the harder mix, which asks for a revision: knowingly — then send the edited
    # invitation.
    assert plan.current_version.critiques.get().verdict == "revise"
    refused = act(client, plan, "approve")
    assert "Approve despite the critique's points" in messages_of(refused)[-1]
    response = act(client, plan, "approve", {"override_critique": "1"})
    assert "Plan approved" in " ".join(messages_of(response))
    plan.refresh_from_db()
    assert plan.state == "approved"
    page = client.get(f"{ADMIN}{plan.id}/change/")
    assert page.context["invitation_form"].initial["subject"].startswith("Your interview for")
    response = act(client, plan, "invite", {"subject": "Interview at ACME", "body": "Hi Grace, see you soon."})
    assert "Invitation sent to grace@example.com" in " ".join(messages_of(response))
    plan.refresh_from_db()
    assert plan.state == "invited"
    assert mail.outbox[0].subject == "Interview at ACME" and "/planning/invite/" in mail.outbox[0].body


def test_the_plan_form_asks_for_follow_ups_with_the_candidates_default(expert_client, bank):
    """The form had no follow-up setting and custom plans were stored without one: their interviews asked none."""
    form = expert_client.get(f"{ADMIN}add/").context["adminform"].form
    assert form["max_follow_ups_per_question"].initial == 2 == get_capabilities().modes["quick_start"].defaults[
        "max_follow_ups_per_question"]
    assert form["follow_ups"].initial == "adaptive"
    plan = create_plan(expert_client, PositionFactory())  # the fields left as the browser sends them untouched
    assert plan.config["max_follow_ups_per_question"] == 2 and plan.config["dynamic_follow_ups"] is True
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert "Follow-ups: up to 2 per question, adaptive" in page


@pytest.mark.parametrize(("count", "style", "shown"), [
    ("4", "planned", "Follow-ups: up to 4 per question, the plan's follow-up ideas only."),
    ("0", "adaptive", "Follow-ups: none."),
])
def test_the_expert_chooses_how_many_follow_ups_and_which(expert_client, bank, count, style, shown):
    with run_on_commit():
        expert_client.post(f"{ADMIN}add/", {
            "position": PositionFactory().id, "candidate_name": "Grace Hopper", "candidate_email": "grace@example.com",
            "resume": "", "mode": "custom_config", "experience_level": "", "question_distribution": '{"coding": 1}',
            "max_follow_ups_per_question": count, "follow_ups": style})
    plan = InterviewPlan.objects.get(candidate_email="grace@example.com")
    assert plan.config["max_follow_ups_per_question"] == int(count)
    assert plan.config["dynamic_follow_ups"] is (style == "adaptive")
    assert shown in expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()


@pytest.fixture
def bank_question(db):
    from interviews.tests.factories import QuestionFactory

    return QuestionFactory(title="Composite index column order", category="databases", problem="",
                           prompt="How would you order the columns of a composite index for a query on user and date?",
                           rubric_overrides={"correctness": 0.7, "communication": 0.3})


def plan_asking(expert, question, **states):
    from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory, planned_question

    plan = InterviewPlanFactory(expert=expert, state=states.get("state", "pending_review"))
    version = PlanVersionFactory(plan=plan, questions=[planned_question(question_id=question.id, prompt=question.prompt,
                                                                        category=question.category)])
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=version)
    plan.refresh_from_db()
    return plan


def test_rewriting_a_bank_questions_text_detaches_it_and_the_plan_page_says_so(expert_client, bank_question):
    """Rewriting bank question #53's text kept its heading "Composite index column order" above the new text (and,
    for a coding question, the bank's judge tests and rubric)."""
    plan = plan_asking(expert_client.expert, bank_question)
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert f"bank #{bank_question.id}" in page and "“Composite index column order” is the heading" in page
    assert "Changing the text makes it this plan's own question" in page  # told before editing, too

    data = question_form_data(expert_client, plan)
    data["q-0-prompt"] = "How would you index a table of payments queried by merchant and day, and why?"
    with run_on_commit():
        response = expert_client.post(f"{ADMIN}{plan.id}/questions/", data, follow=True)
    plan.refresh_from_db()
    stored = plan.current_version.questions[0]
    assert stored["question_id"] is None and stored["rewritten_from"] == bank_question.id
    assert (f"Q1 is no longer bank question #{bank_question.id}: you changed its text, so it is asked as written "
            "here, without the bank question's title, judge tests or rubric.") in messages_of(response)
    page = response.content.decode()
    assert f"Rewritten from bank #{bank_question.id} (“Composite index column order”):" in page
    assert f"· bank #{bank_question.id}" not in page

    # Edited again, it stays the plan's own question and still says where it came from.
    data = question_form_data(expert_client, plan)
    assert data["q-0-rewritten_from"] == bank_question.id
    data["q-0-prompt"] += " Mention partial indexes."
    save_questions(expert_client, plan, data)
    stored = plan.current_version.questions[0]
    assert stored["question_id"] is None and stored["rewritten_from"] == bank_question.id


def test_a_whitespace_only_change_keeps_the_bank_question(expert_client, bank_question):
    plan = plan_asking(expert_client.expert, bank_question)
    before = plan.current_version.number
    data = question_form_data(expert_client, plan, comment="tidy")
    data["q-0-prompt"] = "  " + bank_question.prompt.replace(" ", "  \n", 2) + "  "
    data["q-0-why"] = "Indexing is what this team gets wrong most."
    save_questions(expert_client, plan, data)
    assert plan.current_version.number == before + 1
    assert plan.current_version.questions[0]["question_id"] == bank_question.id
    assert plan.current_version.questions[0]["rewritten_from"] is None


def test_a_version_stored_with_a_rewritten_bank_question_reads_as_rewritten(expert_client, bank_question):
    """Versions written before the rule keep the bank id beside a new text: the page and the engine treat them alike."""
    plan = plan_asking(expert_client.expert, bank_question)
    PlanVersion.objects.filter(pk=plan.current_version.pk).update(questions=[{
        **plan.current_version.questions[0], "prompt": "Explain how you would index a table queried by user."}])
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert f"Rewritten from bank #{bank_question.id}" in page and f"· bank #{bank_question.id}" not in page


def test_approval_is_refused_while_the_questions_run_past_the_length_the_expert_set(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory(), interview_length="61")
    assert plan.duration_minutes == 61 and plan.duration_fixed  # 3 medium and 1 easy: 55 minutes plus 10%
    data = question_form_data(expert_client, plan)
    data["q-0-difficulty"] = "hard"
    save_questions(expert_client, plan, data)
    refused = act(expert_client, plan, "approve")
    assert "The questions take about 66 minutes with transitions, longer than the 61-minute interview" in " ".join(
        messages_of(refused))
    plan.refresh_from_db()
    assert plan.state == "pending_review" and not plan.decisions.filter(kind=DecisionKind.APPROVE).exists()
    data = question_form_data(expert_client, plan)  # the edit page of version 2
    data["q-1-difficulty"] = "easy"  # now it fits again
    save_questions(expert_client, plan, data)
    # (the critique of the expert's mix asks for a revision: approved over it)
    assert "Plan approved" in " ".join(messages_of(act(expert_client, plan, "approve", {"override_critique": "1"})))


def test_approval_is_refused_while_a_critique_blocker_stands(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory())
    data = question_form_data(expert_client, plan)
    data["q-3-prompt"] = "Tell me about your family plans and whether you have children."
    save_questions(expert_client, plan, data)
    assert plan.current_version.critiques.get().has_high_severity
    refused = act(expert_client, plan, "approve")
    assert any(m.startswith("The critique found a blocker: Question 4 touches the candidate's family")
               for m in messages_of(refused))
    plan.refresh_from_db()
    assert plan.state == "pending_review"


def test_a_stale_approve_after_the_invitation_says_so_in_words(expert_client, bank):
    """Approve posted again from a stale tab after the invitation went out said "A plan that is invited cannot become
    approved.", the state machine's words."""
    plan = create_plan(expert_client, PositionFactory())
    act(expert_client, plan, "approve")
    act(expert_client, plan, "invite", {"subject": "Interview at ACME", "body": "Hi Grace, see you soon."})
    plan.refresh_from_db()
    assert plan.state == "invited"
    stale = act(expert_client, plan, "approve")
    assert stale.status_code == 302
    said = messages_of(stale)
    assert "This plan was already approved and its invitation has been sent." in said
    assert not any("cannot become" in m for m in said)
    plan.refresh_from_db()
    assert plan.state == "invited" and ExpertDecision.objects.filter(plan=plan, kind="approve").count() == 1


def test_refused_actions_are_admin_messages_not_500s(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory())
    act(expert_client, plan, "approve")
    again = act(expert_client, plan, "approve")
    assert again.status_code == 302
    # A double click on Approve is a no-op success, not "A plan that is approved cannot become approved."
    assert "Already approved. Edit the invitation below and send it to the candidate." in messages_of(again)
    assert not any("cannot become" in m for m in messages_of(again))
    assert ExpertDecision.objects.filter(plan=plan, kind="approve").count() == 1
    no_reason = act(expert_client, plan, "request-changes", {"reason": "", "comment": "x"})
    assert no_reason.status_code == 302 and any("Choose a reason" in m for m in messages_of(no_reason))
    empty_invite = act(expert_client, plan, "invite", {"subject": "", "body": ""})
    assert empty_invite.status_code == 400 and b"needs a subject" in empty_invite.content
    assert expert_client.get(f"{ADMIN}{plan.id}/act/approve/").status_code == 405
    assert act(expert_client, plan, "explode").status_code == 404
    cancelled = act(expert_client, plan, "cancel")
    assert "Plan cancelled" in " ".join(messages_of(cancelled))
    assert any("cannot become approved" in m for m in messages_of(act(expert_client, plan, "approve")))
    edit = expert_client.get(f"{ADMIN}{plan.id}/questions/")
    assert edit.status_code == 302 and any("can no longer be edited" in m for m in messages_of(edit))


def test_request_changes_from_admin_writes_a_new_version(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory())
    response = act(expert_client, plan, "request-changes", {"reason": "off_topic", "comment": "More about data"})
    assert "Changes requested" in " ".join(messages_of(response))
    plan.refresh_from_db()
    assert plan.state == "pending_review" and plan.current_version.number == 2


def test_invalid_question_edit_keeps_the_input_and_explains(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory())
    data = {"q-TOTAL_FORMS": "1", "q-INITIAL_FORMS": "0", "q-MIN_NUM_FORMS": "0", "q-MAX_NUM_FORMS": "30",
            "q-0-prompt": "Too short", "q-0-category": "system_design", "q-0-difficulty": "easy",
            "q-0-expected_points": "x"}
    response = expert_client.post(f"{ADMIN}{plan.id}/questions/", data)
    assert response.status_code == 400 and b"Too short" in response.content
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    data["q-0-prompt"] = "Design a URL shortener for a million users a day."
    with run_on_commit():
        response = expert_client.post(f"{ADMIN}{plan.id}/questions/", data)
    assert response.status_code == 400  # system design has no easy questions
    assert b"system_design has no" in response.content or b"has no &#x27;easy&#x27;" in response.content


def test_one_expert_cannot_see_or_act_on_another_experts_plan(expert_client, client, bank):
    plan = create_plan(expert_client, PositionFactory())
    other = ExpertFactory()
    expert_client.force_login(other)
    assert expert_client.get(f"{ADMIN}{plan.id}/change/").status_code == 404
    assert act(expert_client, plan, "approve").status_code == 404
    assert expert_client.get(f"{ADMIN}{plan.id}/questions/").status_code == 404
    listing = expert_client.get(ADMIN)
    assert listing.status_code == 200 and "Grace Hopper" not in listing.content.decode()
    plan.refresh_from_db()
    assert plan.state == "pending_review"


def test_another_experts_plan_rows_are_not_listed_and_their_pages_do_not_exist(expert_client, bank):
    from datetime import timedelta

    from django.utils import timezone

    from planning.models import Invitation, PlanEvent

    plan = create_plan(expert_client, PositionFactory())
    invitation = Invitation.objects.create(plan=plan, email=plan.candidate_email, subject="S", body="B",
                                           nonce="n-1", expires_at=timezone.now() + timedelta(hours=1))
    event = PlanEvent.objects.filter(plan=plan).first()
    pages = [f"{ADMIN}{plan.id}/history/", f"/admin/planning/planevent/{event.id}/change/",
             f"/admin/planning/planevent/{event.id}/history/", f"/admin/planning/invitation/{invitation.id}/change/"]
    assert all(expert_client.get(url).status_code == 200 for url in pages)  # the owner reads them all
    expert_client.force_login(ExpertFactory())
    for url in pages:
        response = expert_client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/", url
        assert any("doesn’t exist" in m for m in messages_of(response)), url
    for model in ("interviewplan", "planevent", "invitation"):
        assert expert_client.get(f"/admin/planning/{model}/").context["cl"].result_count == 0


@pytest.mark.parametrize("factory", [CandidateFactory, MentorFactory])
def test_candidates_and_mentors_never_reach_the_workplace(client, factory):
    client.force_login(factory())
    response = client.get(ADMIN)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/login" in response["Location"]


def test_plan_list_filters_and_query_count(expert_client, django_assert_max_num_queries, bank):
    for _ in range(3):
        create_plan(expert_client, PositionFactory())
        InterviewPlan.objects.filter(candidate_email="grace@example.com").update(candidate_email="x@example.com")
    with django_assert_max_num_queries(12):
        response = expert_client.get(ADMIN, {"state__exact": "pending_review"})
    assert response.status_code == 200 and response.context["cl"].result_count == 3
    assert expert_client.get(ADMIN, {"state__exact": "approved"}).context["cl"].result_count == 0


def test_plan_page_query_count_is_bounded(expert_client, django_assert_max_num_queries, bank):
    plan = create_plan(expert_client, PositionFactory())
    with django_assert_max_num_queries(20):
        response = expert_client.get(f"{ADMIN}{plan.id}/change/")
    assert response.status_code == 200


def test_audit_trail_is_read_only_in_admin_and_plans_cannot_be_deleted(expert_client, bank):
    from planning.models import PlanEvent

    plan = create_plan(expert_client, PositionFactory())
    event = PlanEvent.objects.filter(plan=plan).first()
    assert expert_client.get(f"{ADMIN}{plan.id}/delete/").status_code == 403
    assert expert_client.post(f"/admin/planning/planevent/{event.id}/delete/").status_code == 403
    assert expert_client.post(f"/admin/planning/planevent/{event.id}/change/", {"kind": "forged"}).status_code == 403
    assert PlanEvent.objects.get(pk=event.pk).kind == event.kind
    listing = expert_client.get("/admin/planning/planevent/")
    assert listing.status_code == 200 and listing.context["cl"].result_count == PlanEvent.objects.count()
    expert_client.force_login(ExpertFactory())
    assert expert_client.get("/admin/planning/planevent/").context["cl"].result_count == 0


@pytest.mark.parametrize("stopped_in", ["changes_requested", "draft", "critiqued"])
def test_editing_after_the_agents_failed_puts_the_plan_up_for_review(expert_client, bank, stopped_in):
    """The agents failed before the plan reached the expert and the expert wrote the questions instead: the plan sat
    in its state, idle, with no Retry (nothing had failed any more) and no Approve (not pending review): only Cancel."""
    plan = create_plan(expert_client, PositionFactory())
    InterviewPlan.objects.filter(pk=plan.pk).update(
        state=stopped_in, agent_status="failed", agent_error="The provider is down."
    )
    data = question_form_data(expert_client, plan)
    data["q-0-prompt"] = "Write a Python function that merges two sorted lists and explain its complexity."
    save_questions(expert_client, plan, data)
    assert plan.state == "pending_review" and plan.agent_status == "idle"
    assert plan.current_version.created_by == "expert" and plan.current_version.critiques.exists()
    approved = act(expert_client, plan, "approve")
    assert "Plan approved" in " ".join(messages_of(approved))
    plan.refresh_from_db()
    assert plan.state == "approved"


def test_adding_a_copy_of_a_question_saves_a_new_version(expert_client, bank):
    """Matched by membership, a second copy of a question was no change: the edit was dropped while the page said
    "Saved as version 1"."""
    plan = create_plan(expert_client, PositionFactory())
    data = question_form_data(expert_client, plan, reason="duplicate")
    first, extra = 0, int(data["q-TOTAL_FORMS"]) - 1
    for name in ("question_id", "rewritten_from", "prompt", "category", "difficulty", "skill", "why",
                 "expected_points", "follow_up_ideas"):
        data[f"q-{extra}-{name}"] = data[f"q-{first}-{name}"]
    save_questions(expert_client, plan, data)
    assert plan.current_version.number == 2
    assert [q["prompt"] for q in plan.current_version.questions].count(data["q-0-prompt"]) == 2
    decision = ExpertDecision.objects.get(plan=plan, kind=DecisionKind.EDIT)
    assert [q["prompt"] for q in decision.diff["added"]] == [data["q-0-prompt"]]
    assert decision.diff["removed"] == [] and decision.diff["changed"] == []


def test_saving_unchanged_questions_says_nothing_was_saved(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory())
    with run_on_commit():
        response = expert_client.post(f"{ADMIN}{plan.id}/questions/", question_form_data(expert_client, plan))
    assert response.status_code == 302
    assert messages_of(response) == ["Nothing changed: the questions are those of version 1, so no version was saved."]
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_swapping_two_questions_is_an_edit_the_interview_asks_in_the_new_order(expert_client, bank):
    """A reorder matched every prompt, so it counted as no change: the page said "Nothing changed" and the interview
    kept the old order."""
    plan = create_plan(expert_client, PositionFactory())
    data = question_form_data(expert_client, plan)
    names = [k[len("q-0-"):] for k in data if k.startswith("q-0-")]
    first, second = plan.current_version.questions[0]["prompt"], plan.current_version.questions[1]["prompt"]
    for name in names:
        data[f"q-0-{name}"], data[f"q-1-{name}"] = data[f"q-1-{name}"], data[f"q-0-{name}"]
    save_questions(expert_client, plan, data)
    assert [q["prompt"] for q in plan.current_version.questions[:2]] == [second, first]
    decision = plan.decisions.get()
    assert decision.diff["moved"] == [{"index": 0, "from": 1}, {"index": 1, "from": 0}]
    assert decision.diff["added"] == decision.diff["removed"] == []


def test_an_edit_made_from_an_older_version_is_refused_not_saved_over_the_new_one(expert_client, bank):
    """Two tabs: the expert opened the questions of v1, meanwhile changes were requested and the agents wrote v2. The
    edit of v1 was saved over v2 as v3, and its diff against v2 taught the observer to avoid questions the expert
    never removed."""
    plan = create_plan(expert_client, PositionFactory())
    data = question_form_data(expert_client, plan)
    assert data["base_version"] == 1
    data["q-0-prompt"] = "Write a Python function that merges two sorted lists and explain its complexity."
    act(expert_client, plan, "request-changes", {"reason": "off_topic", "comment": "More about data"})
    plan.refresh_from_db()
    assert plan.current_version.number == 2
    with run_on_commit():
        response = expert_client.post(f"{ADMIN}{plan.id}/questions/", data)
    assert response.status_code == 400
    assert ("The plan changed meanwhile: you edited version 1, and version 2 is current now. Reload the questions "
            "and make your changes again.") in messages_of(response)
    assert PlanVersion.objects.filter(plan=plan).count() == 2
    assert not ExpertDecision.objects.filter(plan=plan, kind=DecisionKind.EDIT).exists()


def test_a_changed_hidden_field_or_a_too_long_comment_says_why_nothing_was_saved(expert_client, bank):
    """A 400 page with no word: the errors of the hidden fields (base version, question ids) and of the reason and
    comment were never drawn, so a comment over 4,000 characters was refused in silence."""
    plan = create_plan(expert_client, PositionFactory())
    data = question_form_data(expert_client, plan)
    data["q-0-prompt"] = "Write a Python function that merges two sorted lists and explain its complexity."
    for field, value in (("base_version", "one"), ("q-0-question_id", "x")):
        response = expert_client.post(f"{ADMIN}{plan.id}/questions/", {**data, field: value})
        assert response.status_code == 400
        assert b"a hidden field no longer holds what the page sent" in response.content
    response = expert_client.post(f"{ADMIN}{plan.id}/questions/", {**data, "comment": "c" * 4001})
    assert response.status_code == 400
    assert b"Ensure this value has at most 4000 characters (it has 4001)." in response.content
    assert b"a hidden field" not in response.content
    assert PlanVersion.objects.filter(plan=plan).count() == 1


def test_more_expected_points_than_a_version_keeps_is_a_form_error_not_a_silent_cut(expert_client, bank):
    """Twelve expected points were saved as ten without a word (and a line over 500 characters was cut)."""
    plan = create_plan(expert_client, PositionFactory())
    data = question_form_data(expert_client, plan)
    data["q-0-expected_points"] = "\n".join(f"Point number {i}" for i in range(1, 13))
    response = expert_client.post(f"{ADMIN}{plan.id}/questions/", data)
    assert response.status_code == 400 and b"At most 10 lines, one per line; this has 12." in response.content
    data["q-0-expected_points"] = "Short point\n" + "x" * 501
    response = expert_client.post(f"{ADMIN}{plan.id}/questions/", data)
    assert response.status_code == 400 and b"Line 2 has 501 characters; a line has at most 500." in response.content
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    data["q-0-expected_points"] = "\r\n".join(f"{i:02d} " + "y" * 497 for i in range(1, 11))  # as full as a version
    save_questions(expert_client, plan, data)  # keeps: 10 lines of 500 characters, a browser's line breaks
    assert [len(point) for point in plan.current_version.questions[0]["expected_points"]] == [500] * 10


def test_the_admin_is_named_for_the_site_not_for_django(expert_client):
    page = expert_client.get("/admin/").content.decode()
    assert "InterviewMaster administration" in page and "Django administration" not in page
    assert "<title>" in page and "InterviewMaster admin" in page


def test_a_plan_events_data_reads_as_a_list_with_names(expert_client, bank):
    """The event page printed `data` as raw JSON: {"position": 7, "duration_minutes": 55}."""
    from planning.models import PlanEvent

    position = PositionFactory(title="Staff <Platform> Engineer")
    plan = create_plan(expert_client, position)
    event = PlanEvent.objects.get(plan=plan, kind="plan.created")
    page = expert_client.get(f"/admin/planning/planevent/{event.id}/change/").content.decode()
    assert (f"<dt>Duration minutes</dt><dd>{plan.duration_minutes}</dd><dt>Position</dt><dd>"
            f'<a href="/admin/planning/position/{position.id}/change/">Staff &lt;Platform&gt; Engineer</a></dd>'
            ) in page
    assert "duration_minutes" not in page


def test_ids_in_a_plan_events_data_link_to_what_the_viewer_may_open(expert_client, admin_client):
    """The event printed "Session: 12" and "Invitation: 3" as bare numbers. Each is a link to its admin page where
    that page opens for the viewer; a row they may not read (another's practice interview), a row that does not
    exist and a model they hold no view permission for stay a bare number: nothing says which rows exist."""
    from datetime import timedelta

    from django.contrib.auth.models import Group, Permission
    from django.utils import timezone

    from interviews.models import Evaluation, InterviewSession, Turn
    from planning.models import Invitation, PlanEvent
    from planning.tests.factories import InterviewPlanFactory

    expert, candidate = expert_client.expert, CandidateFactory()
    plan = InterviewPlanFactory(expert=expert)
    own = InterviewSession.objects.create(candidate=candidate, expert=expert, is_planned=True, mode="custom_config")
    practice = InterviewSession.objects.create(candidate=candidate, mode="quick_start")
    turn = Turn.objects.create(session=own, index=1, kind="question", question_number=1, prompt="Explain it.",
                               asked_at=timezone.now(), status="evaluated")
    evaluation = Evaluation.objects.create(turn=turn, overall=70, evaluated_at=timezone.now())
    invitation = Invitation.objects.create(plan=plan, email=plan.candidate_email, subject="s", body="b",
                                           nonce="n-1", expires_at=timezone.now() + timedelta(days=1))
    event = PlanEvent.objects.create(plan=plan, kind="interview.created", data={
        "session": own.id, "previous_session": practice.id, "invitation": invitation.id, "turn": turn.id,
        "position": plan.position_id, "version": 2, "gone": 999_999})
    page_url = f"/admin/planning/planevent/{event.id}/change/"

    def link(path, text):
        return f'<a href="/admin/{path}/change/">{text}</a>'

    page = expert_client.get(page_url).content.decode()
    assert f"<dt>Session</dt><dd>{link(f'interviews/interviewsession/{own.id}', own.id)}</dd>" in page
    assert f"<dt>Previous session</dt><dd>{practice.id}</dd>" in page  # not theirs to read: the number alone
    assert f"<dt>Invitation</dt><dd>{link(f'planning/invitation/{invitation.id}', invitation.id)}</dd>" in page
    assert f"<dt>Turn</dt><dd>{link(f'interviews/evaluation/{evaluation.id}', turn.id)}</dd>" in page
    position = link(f"planning/position/{plan.position_id}", plan.position.title)
    assert f"<dt>Position</dt><dd>{position}</dd>" in page
    assert "<dt>Version</dt><dd>2</dd>" in page
    assert "<dt>Gone</dt><dd>999999</dd>" in page
    # A superuser reads every interview: the practice interview is a link for them.
    page = admin_client.get(page_url).content.decode()
    assert f"<dd>{link(f'interviews/interviewsession/{practice.id}', practice.id)}</dd>" in page

    # Without the view permission of evaluations the turn is a number again, though the row is in their interview.
    Group.objects.get(name="Experts").permissions.remove(*Permission.objects.filter(
        content_type__app_label="interviews", codename__in=["view_evaluation", "change_evaluation"]))
    page = expert_client.get(page_url).content.decode()
    assert f"<dt>Turn</dt><dd>{turn.id}</dd>" in page
    assert f"<dt>Session</dt><dd>{link(f'interviews/interviewsession/{own.id}', own.id)}</dd>" in page


def test_a_huge_id_in_a_plan_events_data_stays_a_number(expert_client):
    """An id larger than any integer key (10**30, or its digits as a string) made the event's page fail with a 500
    on SQLite, which cannot bind it: it is no row's id, so it stays the number alone."""
    from planning.models import PlanEvent
    from planning.tests.factories import InterviewPlanFactory

    plan = InterviewPlanFactory(expert=expert_client.expert)
    event = PlanEvent.objects.create(plan=plan, kind="interview.created",
                                     data={"session": 10**30, "turn": "99999999999999999999999"})
    response = expert_client.get(f"/admin/planning/planevent/{event.id}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<dt>Session</dt><dd>{10**30}</dd>" in page
    assert "<dt>Turn</dt><dd>99999999999999999999999</dd>" in page


def test_plan_event_states_read_by_name(expert_client, bank):
    from planning.models import PlanEvent

    plan = create_plan(expert_client, PositionFactory())
    event = PlanEvent.objects.filter(plan=plan).exclude(to_state="").first()
    page = expert_client.get("/admin/planning/planevent/").content.decode()
    label = dict(InterviewPlan._meta.get_field("state").choices)[event.to_state]
    assert f'<td class="field-to_state_name">{label}</td>' in page
    assert f'<td class="field-to_state_name">{event.to_state}</td>' not in page
    page = expert_client.get(f"/admin/planning/planevent/{event.id}/change/").content.decode()
    assert f'<div class="readonly">{label}</div>' in page


def test_plan_event_agents_read_by_name(expert_client):
    """The audit trail's list, its filter and an event's page showed the agent's id: "controller", "critique"."""
    from planning.models import PlanEvent
    from planning.tests.factories import InterviewPlanFactory
    from planning.wording import AGENTS

    plan = InterviewPlanFactory(expert=expert_client.expert)
    event = PlanEvent.objects.create(plan=plan, kind="critique.reviewed", agent="critique")
    PlanEvent.objects.create(plan=plan, kind="controller.drafted", agent="controller")
    page = expert_client.get("/admin/planning/planevent/").content.decode()
    assert '<td class="field-agent_column">Critique agent</td>' in page
    assert '<td class="field-agent_column">Plan agent</td>' in page
    assert '?agent=controller">Plan agent</a>' in page and '?agent=observer">Coordinator</a>' in page
    assert not any(f">{agent}<" in page for agent in AGENTS)
    assert expert_client.get("/admin/planning/planevent/?agent=critique").context["cl"].result_count == 1
    page = expert_client.get(f"/admin/planning/planevent/{event.id}/change/").content.decode()
    assert '<div class="readonly">Critique agent</div>' in page and '<div class="readonly">critique</div>' not in page


def test_an_events_actor_links_to_the_user_admin_only_for_whom_it_opens(expert_client, admin_client):
    """An expert read the event's actor (themselves) as a link to the user admin, which answers them 403; the plan
    opens for them, so its link stays. A superuser keeps both links."""
    from planning.models import PlanEvent
    from planning.tests.factories import InterviewPlanFactory

    expert = expert_client.expert
    plan = InterviewPlanFactory(expert=expert)
    event = PlanEvent.objects.create(plan=plan, kind="state.approved", actor=expert)
    user_page = f"/admin/accounts/user/{expert.id}/change/"
    plan_link = f'href="/admin/planning/interviewplan/{plan.id}/change/"'
    assert expert_client.get(user_page).status_code == 403
    page = expert_client.get(f"/admin/planning/planevent/{event.id}/change/").content.decode()
    assert f'<div class="readonly">{expert}</div>' in page
    assert 'href="/admin/accounts/user/' not in page and plan_link in page
    page = admin_client.get(f"/admin/planning/planevent/{event.id}/change/").content.decode()
    assert f'href="{user_page}"' in page and plan_link in page


def test_plan_event_kinds_read_in_words_in_the_list_its_filter_and_the_page(expert_client):
    """The list, its filter and an event's page showed the ids: "controller.drafted", "state.pending_review"."""
    import re

    from planning.models import PlanEvent
    from planning.tests.factories import InterviewPlanFactory

    plan = InterviewPlanFactory(expert=expert_client.expert)
    drafted = PlanEvent.objects.create(plan=plan, kind="controller.drafted", agent="controller")
    PlanEvent.objects.create(plan=plan, kind="state.pending_review", to_state="pending_review")
    PlanEvent.objects.create(plan=plan, kind="agent.paused_for_lunch")  # a kind no label knows
    page = expert_client.get("/admin/planning/planevent/").content.decode()
    assert '<td class="field-kind_name">Plan drafted</td>' in page
    assert '<td class="field-kind_name">Moved to “Pending expert review”</td>' in page
    assert '<td class="field-kind_name">Agent paused for lunch</td>' in page
    assert '?kind=controller.drafted">Plan drafted</a>' in page
    assert '?kind=state.approved">Moved to “Approved”</a>' in page
    assert not re.search(r">\s*(controller\.drafted|state\.pending_review|agent\.paused_for_lunch)\s*<", page)
    assert expert_client.get("/admin/planning/planevent/?kind=controller.drafted").context["cl"].result_count == 1
    page = expert_client.get(f"/admin/planning/planevent/{drafted.id}/change/").content.decode()
    assert '<div class="readonly">Plan drafted</div>' in page and "controller.drafted" not in page


def test_the_plan_list_reads_the_duration_in_minutes(expert_client):
    """A bare 61 under "Duration minutes"."""
    from planning.tests.factories import InterviewPlanFactory

    InterviewPlanFactory(expert=expert_client.expert, duration_minutes=61)
    page = expert_client.get(ADMIN).content.decode()
    assert '<td class="field-duration">61 min</td>' in page and "Duration minutes" not in page


def test_the_history_and_delete_pages_look_up_no_links_they_do_not_show(expert_client):
    """The links to an event's plan, actor and the rows its data names are made for the change page that shows them:
    the history page and the expert's 403 delete page looked every one up (12 and 11 queries, now 6 and 3)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planning.models import PlanEvent
    from planning.tests.factories import InterviewPlanFactory

    plan = InterviewPlanFactory(expert=expert_client.expert)
    bare = PlanEvent.objects.create(plan=plan, kind="state.approved")
    full = PlanEvent.objects.create(plan=plan, kind="state.approved", actor=expert_client.expert,
                                    data={"position": plan.position_id, "invitation": 1})
    for page, status in (("history", 200), ("delete", 403)):
        counts = []
        for event in (bare, full):
            with CaptureQueriesContext(connection) as queries:
                assert expert_client.get(f"/admin/planning/planevent/{event.id}/{page}/").status_code == status
            counts.append(len(queries))
            sql = " ".join(q["sql"] for q in queries.captured_queries)
            assert 'FROM "planning_position"' not in sql and 'FROM "planning_invitation"' not in sql, page
        assert counts[0] == counts[1], page  # an actor and named rows cost nothing where nothing shows them
    page = expert_client.get(f"/admin/planning/planevent/{full.id}/change/").content.decode()
    assert f'href="/admin/planning/interviewplan/{plan.id}/change/"' in page
    assert f'href="/admin/planning/position/{plan.position_id}/change/"' in page
