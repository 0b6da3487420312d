"""Approving over the critique is the expert's call, made knowingly (session 37 review): a critique that says
"revise" and warns that a required skill is not assessed was approved with one click, as if it had said nothing."""

from __future__ import annotations

import pytest

from planning.models import Critique, DecisionKind, ExpertDecision, PlanEvent
from planning.tests.factories import PositionFactory
from planning.tests.test_admin import ADMIN, act, create_plan, expert_client, messages_of
from planning.wording import event_text

pytestmark = pytest.mark.django_db
__all__ = ["expert_client"]  # the fixture, imported for these tests

NOT_ASSESSED = "Kafka is a required skill and no question assesses it."


def critique_says(plan, verdict: str, *issues: dict) -> Critique:
    """The version's latest critique, as the critique agent could have written it."""
    return Critique.objects.create(plan=plan, version=plan.current_version, verdict=verdict, issues=list(issues),
                                   suggestions=["Add a question on Kafka consumer groups."])


def warning(message: str = NOT_ASSESSED) -> dict:
    return {"severity": "warning", "kind": "missing_skill", "message": message, "question_index": None,
            "skills": ["kafka"]}


def approved_events(plan):
    return PlanEvent.objects.filter(plan=plan, kind="state.approved")


def test_the_admin_refuses_an_approval_over_a_revise_verdict_without_the_checkbox(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory())
    critique_says(plan, "revise", warning())

    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    decision = page[page.index('id="actions-heading"'):]
    assert NOT_ASSESSED in decision[:decision.index('id="approve-plan"')]
    assert 'name="override_critique" value="1"' in decision and "Approve despite the critique's points" in decision

    refused = act(expert_client, plan, "approve", {"version": "1"})
    assert messages_of(refused)[-1:] == [
        f"The critique's verdict is “revise” and its points are open: {NOT_ASSESSED} Approve despite the critique's "
        "points if you still want this version, or edit the questions or request changes."]
    plan.refresh_from_db()
    assert plan.state == "pending_review"
    assert not ExpertDecision.objects.filter(plan=plan).exists() and not approved_events(plan).exists()

    approved = act(expert_client, plan, "approve", {"version": "1", "override_critique": "1"})
    assert "Plan approved" in " ".join(messages_of(approved))
    plan.refresh_from_db()
    assert plan.state == "approved"
    event = approved_events(plan).get()
    assert event.data == {"over_critique": {"verdict": "revise", "points": [NOT_ASSESSED]}}
    assert f"despite the critique (verdict “revise”: {NOT_ASSESSED})" in event_text(event)
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert "despite the critique (verdict “revise”: Kafka is a required skill" in page

    # a second click (with or without the box) still changes nothing and says so
    for data in ({"version": "1", "override_critique": "1"}, {"version": "1"}):
        again = act(expert_client, plan, "approve", data)
        assert messages_of(again)[-1].startswith("Already approved.")
    assert ExpertDecision.objects.filter(plan=plan, kind=DecisionKind.APPROVE).count() == 1
    assert approved_events(plan).count() == 1


def test_a_warning_under_an_approve_verdict_asks_too_and_notes_do_not(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory())
    critique_says(plan, "approve", warning("Two questions test the same idea."))
    refused = act(expert_client, plan, "approve")
    assert "Two questions test the same idea." in messages_of(refused)[-1]
    plan.refresh_from_db()
    assert plan.state == "pending_review"

    critique_says(plan, "approve", {"severity": "info", "kind": "timing", "message": "Done as you asked.",
                                    "question_index": None, "skills": []})
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert 'name="override_critique"' not in page
    approved = act(expert_client, plan, "approve")  # one click, as before
    assert "Plan approved" in " ".join(messages_of(approved))
    plan.refresh_from_db()
    assert plan.state == "approved" and approved_events(plan).get().data == {}


def test_the_api_answers_409_plan_critique_open_until_override_critique(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory())
    critique_says(plan, "revise", warning())
    url = f"/api/v1/plans/{plan.id}/approve"

    refused = expert_client.post(url, {"version": 1}, content_type="application/json")
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "plan_critique_open"
    assert error["fields"] == {"verdict": ["revise"], "points": [NOT_ASSESSED], "override_critique": ["required"]}
    plan.refresh_from_db()
    assert plan.state == "pending_review" and not approved_events(plan).exists()

    assert expert_client.post(url, {"version": 1, "override_critique": False},
                              content_type="application/json").status_code == 409
    approved = expert_client.post(url, {"version": 1, "override_critique": True}, content_type="application/json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert approved_events(plan).get().data["over_critique"]["points"] == [NOT_ASSESSED]


def test_a_revise_verdict_without_warnings_shows_its_suggestions_as_the_points(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory())
    critique_says(plan, "revise")
    response = expert_client.post(f"/api/v1/plans/{plan.id}/approve", {}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["error"]["fields"]["points"] == ["Add a question on Kafka consumer groups."]


def the_experts_choice() -> dict:
    """A warning `agents._experts_choice` wrote: a skill the expert's own send-back left out."""
    return {"severity": "warning", "kind": "missing_skill", "message": "Kafka is no longer covered: you dropped its "
            "question.", "question_index": None, "skills": ["kafka"], "expert_choice": True}


JUNIOR = "Q3 is a junior-level question for a senior role."


def test_a_revise_verdict_beside_the_experts_own_choice_asks_over_its_other_warnings_in_the_admin(expert_client,
                                                                                                     bank):
    """The skill the expert dropped is no point to approve over, but it does not hide another warning of the "revise"
    verdict: that one is the point, and only that one (not the dropped skill, nor the suggestions)."""
    plan = create_plan(expert_client, PositionFactory())
    critique_says(plan, "revise", the_experts_choice(), warning(JUNIOR))

    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    decision = page[page.index('id="actions-heading"'):]
    assert JUNIOR in decision[:decision.index('id="approve-plan"')]
    assert 'name="override_critique" value="1"' in decision
    refused = act(expert_client, plan, "approve", {"version": "1"})
    assert messages_of(refused)[-1].startswith(f"The critique's verdict is “revise” and its points are open: {JUNIOR} "
                                               "Approve despite")
    plan.refresh_from_db()
    assert plan.state == "pending_review" and not approved_events(plan).exists()

    approved = act(expert_client, plan, "approve", {"version": "1", "override_critique": "1"})
    assert "Plan approved" in " ".join(messages_of(approved))
    assert approved_events(plan).get().data == {"over_critique": {"verdict": "revise", "points": [JUNIOR]}}


def test_over_rest_a_revise_verdict_beside_the_experts_own_choice_asks_only_for_its_other_warnings(expert_client,
                                                                                                    bank):
    plan = create_plan(expert_client, PositionFactory())
    critique_says(plan, "revise", the_experts_choice(), {**warning(JUNIOR), "severity": "blocker", "kind": "other"})
    url = f"/api/v1/plans/{plan.id}/approve"
    refused = expert_client.post(url, {"version": 1}, content_type="application/json")
    assert refused.status_code == 409  # a blocker that is not the expert's choice still refuses outright
    assert refused.json()["error"]["code"] != "plan_critique_open"

    critique_says(plan, "revise", the_experts_choice(), warning(JUNIOR))
    refused = expert_client.post(url, {"version": 1}, content_type="application/json")
    assert refused.status_code == 409
    assert refused.json()["error"]["fields"] == {"verdict": ["revise"], "points": [JUNIOR],
                                                 "override_critique": ["required"]}
    plan.refresh_from_db()
    assert plan.state == "pending_review" and not approved_events(plan).exists()

    # the expert's drop alone, with the suggestions the critique made of it: the expert decided that already
    critique_says(plan, "revise", the_experts_choice())
    approved = expert_client.post(url, {"version": 1}, content_type="application/json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert approved_events(plan).get().data == {}


def test_the_experts_own_choice_under_an_approve_verdict_is_still_one_click(expert_client, bank):
    plan = create_plan(expert_client, PositionFactory())
    critique_says(plan, "approve", the_experts_choice())
    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert 'name="override_critique"' not in page
    approved = expert_client.post(f"/api/v1/plans/{plan.id}/approve", {"version": 1},
                                  content_type="application/json")
    assert approved.status_code == 200 and approved_events(plan).get().data == {}


GENERIC = {"severity": "info", "kind": "other", "question_index": 1, "message": "Question 2 is a generic template, "
           "not a concrete task: the candidate is not given a problem to solve and its expected points fit any "
           "answer. Replace it with a concrete question (from the bank, or written with its own requirements)."}


def test_a_note_beside_the_experts_own_choice_is_one_click_as_without_the_drop(expert_client, bank):
    """A note (info) is for information under any verdict: the offline critique of a plan with a generic question
    approves with its suggestion "Replace a generic question …" and no point; after the expert dropped a skill's
    question it says "revise" for the drop, and that suggestion was then a point to approve over. It stays a note:
    only a warning or blocker that is not the expert's own choice is a point beside it."""
    from interviewmaster.ai.offline.planning import SUGGESTION
    from planning.services import critique_points

    plan = create_plan(expert_client, PositionFactory())
    without_drop = critique_says(plan, "approve", GENERIC)
    without_drop.suggestions = [SUGGESTION["generic"]]
    assert critique_points(without_drop) == []

    after_drop = critique_says(plan, "revise", the_experts_choice(), GENERIC)
    after_drop.suggestions = [SUGGESTION["missing_skill"], SUGGESTION["generic"]]
    after_drop.save(update_fields=["suggestions"])
    assert critique_points(after_drop) == []
    after_drop.suggestions = ["Make Q3 a senior-level question."]  # a model's suggestion, with no warning of its own
    assert critique_points(after_drop) == []
    after_drop.issues = [the_experts_choice(), GENERIC, warning(JUNIOR)]
    assert critique_points(after_drop) == [JUNIOR]

    page = expert_client.get(f"{ADMIN}{plan.id}/change/").content.decode()
    assert 'name="override_critique"' not in page
    approved = act(expert_client, plan, "approve", {"version": "1"})  # one click, as without the drop
    assert "Plan approved" in " ".join(messages_of(approved))
    plan.refresh_from_db()
    assert plan.state == "approved" and approved_events(plan).get().data == {}
