"""planning: domain errors with stable codes (DESIGN §3)."""

from __future__ import annotations

from interviewmaster.errors import Conflict, DomainError, InvalidTransition, NotFound


class PlanNotFound(NotFound):
    code = "plan_not_found"
    default_message = "No such interview plan."


class InvalidPlanTransition(InvalidTransition):
    code = "invalid_transition"


class PlanNotEditable(Conflict):
    code = "plan_not_editable"
    default_message = "This plan can no longer be edited."


class PlanAgentBusy(Conflict):
    code = "plan_agent_busy"
    default_message = "The agents are still working on this plan; wait for them to finish."


class InvalidPlanQuestions(DomainError):
    code = "invalid_plan_questions"
    status_code = 400
    default_message = "The planned questions are not valid."


class ReasonRequired(DomainError):
    code = "reason_required"
    status_code = 400
    default_message = "Give a reason for this decision."


class InvitationProblem(DomainError):
    """The invitation link cannot be used; `code` says why (expired, used, invalid, wrong account)."""

    code = "invitation_invalid"
    status_code = 400
    default_message = "This invitation link is not valid."


class InvitationExpired(InvitationProblem):
    code = "invitation_expired"
    status_code = 410
    default_message = "This invitation has expired. Ask the interviewer to send a new one."


class InvitationUsed(InvitationProblem):
    code = "invitation_used"
    status_code = 409
    default_message = "This invitation has already been used."


class InvitationWrongAccount(InvitationProblem):
    code = "invitation_wrong_account"
    status_code = 403
    default_message = "This invitation was sent to a different e-mail address. Log in with that address."


class LiveInterviewLimit(DomainError):
    code = "live_interview_limit"
    status_code = 429
    default_message = "Too many live interviews right now."
