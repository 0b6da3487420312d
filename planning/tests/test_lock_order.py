"""Lock order on PostgreSQL: legal requests that meet on a plan and its invitation never deadlock (each test holds
the two transactions in the order that deadlocked, with real threads and connections)."""

from __future__ import annotations

import pytest

from accounts.models import User
from accounts.tests.factories import CandidateFactory
from interviewmaster.tests.pg_locks import held_while_the_other_runs
from planning import invitations
from planning.errors import PlanNotSendable
from planning.models import InterviewPlan, Invitation
from planning.tests.conftest import run_on_commit
from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def invited():
    """A plan whose invitation went out (one unused link), its candidate's account ready to take it."""
    plan = InterviewPlanFactory(state="approved", candidate_email="grace@example.com", candidate_name="Grace")
    version = PlanVersionFactory(plan=plan)
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=version)
    plan.refresh_from_db()
    subject, body = invitations.default_message(plan)
    with run_on_commit():
        invitations.send_invitation(plan=plan, expert=plan.expert, subject=subject, body=body)
    plan.refresh_from_db()
    return plan


def test_accepting_the_invitation_while_the_expert_sends_it_again_does_not_deadlock(invited, monkeypatch):
    """The candidate accepts the link while the expert, in the plan page, sends the invitation again. The acceptance
    locked the invitation and then updated the plan; the re-send locked the plan and then withdrew the plan's
    unused links, that invitation among them: each waited for the other and PostgreSQL killed one (a 500, or the
    API's 503). Both lock the plan first now: the re-send waits, then sees the link accepted and sends nothing."""
    candidate = CandidateFactory(email="grace@example.com")
    token = invitations.token_for(Invitation.objects.get(plan=invited))

    def send_again():
        plan = InterviewPlan.objects.get(pk=invited.pk)
        subject, body = invitations.default_message(plan)
        try:
            return invitations.send_invitation(plan=plan, expert=plan.expert, subject=subject, body=body).id
        except PlanNotSendable as exc:
            return exc.message

    results = held_while_the_other_runs(
        monkeypatch, hold=(User, "is_candidate"),  # the acceptance holds its locks there, before it writes
        first=lambda: invitations.accept_invitation(token=token, user=candidate).candidate_id,
        then=send_again)  # the re-send comes to wait on a lock the acceptance holds
    assert results[0] == candidate.id
    assert "accepted the invitation" in results[1]
    assert Invitation.objects.filter(plan=invited).count() == 1
    assert Invitation.objects.get(plan=invited).used_by_id == candidate.id


def test_sending_the_invitation_again_while_the_candidate_accepts_it_does_not_deadlock(invited, monkeypatch):
    """The other order (the final reading): the re-send holds the plan and is about to withdraw the unused links; the
    acceptance locked the invitation and its plan in one statement, the invitation first, and waited for the plan:
    each waited for the other. The acceptance locks the plan first now, and finds the link withdrawn by the re-send
    that committed meanwhile (it took a superseded link up before: it checked only whether the link was used)."""
    from planning.errors import InvitationWithdrawn

    candidate = CandidateFactory(email="grace@example.com")
    token = invitations.token_for(Invitation.objects.get(plan=invited))

    def send_again():
        plan = InterviewPlan.objects.get(pk=invited.pk)
        subject, body = invitations.default_message(plan)
        return invitations.send_invitation(plan=plan, expert=plan.expert, subject=subject, body=body).id

    def accept():
        try:
            return invitations.accept_invitation(token=token, user=candidate).candidate_id
        except InvitationWithdrawn:
            return "withdrawn"

    results = held_while_the_other_runs(
        monkeypatch, hold=(invitations, "accepted_link"),  # the re-send holds the plan there, before it withdraws
        first=send_again, then=accept)
    newest = Invitation.objects.filter(plan=invited).order_by("-id").first()
    assert results == (newest.id, "withdrawn")
    assert Invitation.objects.filter(plan=invited, used_at__isnull=False).count() == 0


def test_starting_the_planned_interview_while_the_account_is_deleted_does_not_deadlock(invited_plan, monkeypatch):
    """The lobby's Start locked the plan and then (starting the session) the candidate's row; the account's deletion
    holds the candidate's row and then anonymises their plans, that one among them: each waited for the other and
    PostgreSQL killed one. The Start takes the candidate's row first now, in the order the deletion locks."""
    from accounts.services.deletion import delete_account_as_operator
    from accounts.tests.factories import AdminFactory
    from interviews.models import InterviewSession
    from planning import interview_link
    from planning import services as planning_services

    admin, candidate = AdminFactory(), invited_plan.candidate
    results = held_while_the_other_runs(
        # the Start holds the plan's row (and now the candidate's first) there
        monkeypatch, hold=(planning_services, "ensure_live_capacity"),
        first=lambda: interview_link.start_planned_interview(plan=InterviewPlan.objects.get(pk=invited_plan.pk),
                                                             candidate=candidate).id,
        then=lambda: delete_account_as_operator(user=candidate, actor=admin).deleted_at is not None)
    assert isinstance(results[0], int) and results[1] is True, results
    # the deletion, coming second, withdrew the interview it found live
    assert InterviewSession.objects.get(id=results[0]).state == "cancelled"
    assert InterviewPlan.objects.get(pk=invited_plan.pk).candidate_name == "Deleted candidate"
