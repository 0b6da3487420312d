"""Domain errors of the planning feature (DESIGN §3), with the app's own codes."""

from __future__ import annotations

from enum import StrEnum

from interviewmaster.errors import Conflict, DomainError, Invalid, InvalidTransition, NotFound


class PlanningErrorCode(StrEnum):
    PLAN_NOT_EDITABLE = "plan_not_editable"
    PLAN_NOT_SENDABLE = "plan_not_sendable"
    PLAN_AGENT_BUSY = "plan_agent_busy"
    PLAN_NOT_APPROVABLE = "plan_not_approvable"
    PLAN_CHANGED = "plan_changed"
    PLAN_CRITIQUE_OPEN = "plan_critique_open"
    INVITATION_INVALID = "invitation_invalid"
    INVITATION_EXPIRED = "invitation_expired"
    INVITATION_USED = "invitation_used"
    INVITATION_WITHDRAWN = "invitation_withdrawn"
    INVITATION_WRONG_ACCOUNT = "invitation_wrong_account"
    LIVE_INTERVIEW_LIMIT = "live_interview_limit"
    SCORE_CHANGE_LIMIT = "score_change_limit"


class PlanNotFound(NotFound):
    default_message = "No such interview plan."


class InvalidPlanTransition(InvalidTransition):
    pass


class PlanNotEditable(Conflict):
    code = PlanningErrorCode.PLAN_NOT_EDITABLE
    default_message = "This plan can no longer be edited."


class PlanNotSendable(Conflict):
    code = PlanningErrorCode.PLAN_NOT_SENDABLE
    default_message = "Approve the plan before inviting the candidate."


class PlanAgentBusy(Conflict):
    code = PlanningErrorCode.PLAN_AGENT_BUSY
    default_message = "The agents are still working on this plan; wait for them to finish."


class PlanNotApprovable(Conflict):
    code = PlanningErrorCode.PLAN_NOT_APPROVABLE
    default_message = "This version of the plan cannot be approved; edit it or request changes first."


class PlanChanged(Conflict):
    code = PlanningErrorCode.PLAN_CHANGED
    default_message = "The plan changed since you read it; read the current version, then decide."


class PlanCritiqueOpen(Conflict):
    """An approval over the critique's open points (a "revise" verdict, its warnings) without the expert saying so."""

    code = PlanningErrorCode.PLAN_CRITIQUE_OPEN
    default_message = ("The critique's points are still open: approve despite them, edit the questions or request "
                       "changes.")


class InvalidPlanQuestions(Invalid):
    default_message = "The planned questions are not valid."


class ResumeNotAvailable(Invalid):
    """One answer for a resume that does not exist, is deleted, is not the plan's candidate's, or belongs to a
    candidate who never took up one of the expert's invitations: the form tells nobody whose resume an id is."""

    default_message = ("Choose one of this candidate's resumes that you may use (a candidate who took up one of your "
                       "invitations, with the email address above), or leave it empty.")

    def __init__(self, message: str | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.fields = {"resume": [self.message]}


class ReasonRequired(Invalid):
    default_message = "Give a reason for this decision."


class InvitationProblem(DomainError):
    """The invitation link cannot be used; `code` says why."""

    code = PlanningErrorCode.INVITATION_INVALID
    status_code = 400
    default_message = "This invitation link is not valid. Check that you copied the whole link."


class InvitationExpired(InvitationProblem):
    code = PlanningErrorCode.INVITATION_EXPIRED
    status_code = 410
    default_message = "This invitation has expired. Ask the interviewer to send you a new one."


class InvitationWithdrawn(InvitationProblem):
    code = PlanningErrorCode.INVITATION_WITHDRAWN
    status_code = 410
    default_message = "This invitation was replaced or withdrawn. Use the most recent email you received."


class InvitationUsed(InvitationProblem):
    code = PlanningErrorCode.INVITATION_USED
    status_code = 409
    default_message = "This invitation has already been used."


class InvitationWrongAccount(InvitationProblem):
    code = PlanningErrorCode.INVITATION_WRONG_ACCOUNT
    status_code = 403
    default_message = "This invitation was sent to a different email address. Log in with that address."


class LiveInterviewLimit(Conflict):
    code = PlanningErrorCode.LIVE_INTERVIEW_LIMIT
    default_message = "Too many live interviews are running right now; try again when one has finished."


class ScoreChangeLimit(Conflict):
    """One answer's score on one criterion has been changed `interview_link.MAX_SCORE_CHANGES` times, new scores and
    corrected reasons together (each is an append-only row with an audit entry; a new score moves a learning
    signal)."""

    code = PlanningErrorCode.SCORE_CHANGE_LIMIT
    default_message = "This score has been changed as often as it can be; the latest score and reason stand."
