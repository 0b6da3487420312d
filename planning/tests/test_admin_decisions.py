"""The expert's decisions in admin apply to what the expert read: an approval or a request for changes made from a
page showing an older version, a second click on Send invitation, and the critique of an edit measured against the
mix the edited version was written for (session 30 review)."""

from __future__ import annotations

import pytest
from django.core import mail

from interviewmaster.moments import moment_text
from planning.models import DecisionKind, ExpertDecision, InterviewPlan, Invitation
from planning.tests.conftest import run_on_commit
from planning.tests.factories import PositionFactory
from planning.tests.test_admin import (
    ADMIN,
    act,
    create_plan,
    expert_client,
    messages_of,
    question_form_data,
    save_questions,
)

pytestmark = pytest.mark.django_db
__all__ = ["expert_client"]  # the fixture, imported for these tests

NEW_PROMPT = "Write a Python function that merges two sorted lists and explain its complexity."


def edit_in_another_tab(client, plan) -> None:
    data = question_form_data(client, plan)
    data["q-0-prompt"] = NEW_PROMPT
    save_questions(client, plan, data)


def test_approving_from_a_page_that_shows_an_older_version_is_refused(expert_client, bank):
    """The page showed v1; another tab (or an admin) saved v2 meanwhile. Approve approved v2, questions the expert
    never read, and the plan went to the candidate."""
    plan = create_plan(expert_client, PositionFactory())
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert '<input type="hidden" name="version" value="1">' in page
    edit_in_another_tab(expert_client, plan)
    assert plan.current_version.number == 2 and plan.state == "pending_review"

    response = act(expert_client, plan, "approve", {"version": "1"})
    assert messages_of(response)[-1:] == [
        "The plan changed meanwhile: you read version 1, and version 2 is current now. Read it, then decide."]
    plan.refresh_from_db()
    assert plan.state == "pending_review"
    assert not ExpertDecision.objects.filter(plan=plan, kind=DecisionKind.APPROVE).exists()

    response = act(expert_client, plan, "approve", {"version": "2"})
    assert "Plan approved" in " ".join(messages_of(response))
    plan.refresh_from_db()
    assert plan.state == "approved"
    assert ExpertDecision.objects.get(plan=plan, kind=DecisionKind.APPROVE).version.number == 2


def test_requesting_changes_to_an_older_version_is_refused(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory())
    edit_in_another_tab(expert_client, plan)
    response = act(expert_client, plan, "request-changes", {"reason": "too_easy", "version": "1"})
    assert "you read version 1, and version 2 is current now" in " ".join(messages_of(response))
    plan.refresh_from_db()
    assert plan.state == "pending_review" and plan.current_version.number == 2
    assert not ExpertDecision.objects.filter(plan=plan, kind=DecisionKind.REQUEST_CHANGES).exists()


def test_the_api_refuses_an_approval_of_an_older_version(client, bank, expert_client):
    plan = create_plan(expert_client, PositionFactory())
    edit_in_another_tab(expert_client, plan)
    response = expert_client.post(f"/api/v1/plans/{plan.id}/approve", {"version": 1}, content_type="application/json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "plan_changed"
    response = expert_client.post(f"/api/v1/plans/{plan.id}/approve", {"version": 2}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "approved"


def test_a_second_click_on_send_invitation_sends_nothing(expert_client, bank):
    """Two posts of the same form (a double click, a second tab): two emails went out and the first one's link was
    already withdrawn when the candidate opened it."""
    plan = create_plan(expert_client, PositionFactory())
    act(expert_client, plan, "approve")
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert '<input type="hidden" name="replaces" value="0">' in page
    form = {"subject": "Interview at ACME", "body": "Hi Grace, see you soon.", "replaces": "0"}
    act(expert_client, plan, "invite", form)
    response = act(expert_client, plan, "invite", form)
    first = Invitation.objects.get(plan=plan)
    assert messages_of(response)[-1:] == [f"An invitation to grace@example.com was sent meanwhile "
                                     f"({moment_text(first.created_at)} UTC), so this one was not sent. Reload the "
                                     "page to send another."]
    assert first.superseded_at is None and len(mail.outbox) == 1

    # The re-invite form says what sending again does, asks before it replaces the link, and then does it.
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert f'<input type="hidden" name="replaces" value="{first.id}">' in page
    assert "Sending again replaces that link with a new one." in page
    assert 'data-confirm="Send a new link? The one sent to grace@example.com on' in page
    act(expert_client, plan, "invite", {**form, "replaces": str(first.id)})
    first.refresh_from_db()
    assert first.superseded_at is not None and Invitation.objects.filter(plan=plan).count() == 2
    assert len(mail.outbox) == 2


def test_cancel_asks_first_and_says_what_it_ends(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory())
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert "js/confirm.js" in page
    assert 'data-confirm="Cancel this plan? This cannot be undone."' in page
    InterviewPlan.objects.filter(pk=plan.pk).update(state="in_progress")
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert ("data-confirm=\"Cancel this plan? The candidate's interview ends now and cannot be resumed or "
            "evaluated.\"") in page


def test_the_critique_of_an_edit_measures_it_against_the_mix_its_version_was_written_for(expert_client, bank):
    """After "too easy" the agents wrote a harder mix and their critique found nothing; the expert then reworded one
    question, and the critique of that edit compared the unchanged difficulties with the configuration from before
    the shift: "difficulty_imbalance: the configuration asks for 1 easy, 3 medium"."""
    plan = create_plan(expert_client, PositionFactory())
    act(expert_client, plan, "request-changes", {"reason": "too_easy", "version": "1"})
    plan.refresh_from_db()
    shifted = plan.current_version
    assert shifted.number == 2 and shifted.slots
    assert not [i for i in shifted.critiques.get().issues if i["kind"] == "difficulty_imbalance"]

    data = question_form_data(expert_client, plan)
    data["q-0-prompt"] = NEW_PROMPT
    save_questions(expert_client, plan, data)
    edited = plan.current_version
    assert edited.number == 3 and edited.slots == shifted.slots
    assert [(q["category"], q["difficulty"]) for q in edited.questions] == [
        (q["category"], q["difficulty"]) for q in shifted.questions]
    assert not [i for i in edited.critiques.get().issues if i["kind"] == "difficulty_imbalance"]


def test_position_list_reads_its_creators_in_one_query(expert_client, django_assert_max_num_queries):
    from accounts.tests.factories import ExpertFactory

    for _ in range(60):
        PositionFactory(created_by=ExpertFactory())
    with django_assert_max_num_queries(10):
        response = expert_client.get("/admin/planning/position/")
    assert response.status_code == 200 and response.context["cl"].result_count == 60


def test_the_bulk_cancel_asks_first_and_names_the_interviews_it_ends(expert_client, bank):
    """"Cancel selected plans" cancelled at once: links withdrawn and running interviews ended from a menu choice."""
    from planning.tests.factories import InterviewPlanFactory

    expert = expert_client.expert
    invited = InterviewPlanFactory(expert=expert, state="invited", candidate_name="Ada")
    running = InterviewPlanFactory(expert=expert, state="in_progress", candidate_name="Grace")
    done = InterviewPlanFactory(expert=expert, state="completed", candidate_name="Linus")
    chosen = {"action": "cancel_selected", "_selected_action": [invited.pk, running.pk, done.pk]}
    page = expert_client.post(ADMIN, chosen)
    assert page.status_code == 200
    html = page.content.decode()
    assert ("Cancel 2 plans? Their candidates' invitation links stop working, and 1 interview that is running now "
            "ends and cannot be resumed or evaluated. This cannot be undone.") in html
    assert "Already ended, left as they are:" in html and "Linus" in html
    assert set(InterviewPlan.objects.values_list("state", flat=True)) == {"invited", "in_progress", "completed"}

    with run_on_commit():
        response = expert_client.post(ADMIN, {**chosen, "_selected_action": [invited.pk, running.pk], "post": "yes"})
    assert response.status_code == 302
    assert "Cancelled 2 plan(s)." in messages_of(response)
    assert {p.pk: p.state for p in InterviewPlan.objects.all()} == {
        invited.pk: "cancelled", running.pk: "cancelled", done.pk: "completed"}


def test_the_plan_list_offers_no_bulk_approve(expert_client, bank):
    """"Approve selected plans" approved each plan's current version from a checkbox, read or not; an approval is
    made on the plan's page, of the version it shows."""
    from planning.tests.factories import InterviewPlanFactory

    plan = InterviewPlanFactory(expert=expert_client.expert, state="pending_review", candidate_name="Ada")
    listing = expert_client.get(ADMIN).content.decode()
    assert 'value="cancel_selected"' in listing and "approve_selected" not in listing
    expert_client.post(ADMIN, {"action": "approve_selected", "_selected_action": [plan.pk]})
    plan.refresh_from_db()
    assert plan.state == "pending_review"
