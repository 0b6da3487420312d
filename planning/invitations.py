"""Invitations: a prefilled email the expert edits and sends (through Celery, after commit), carrying a signed,
single-use, expiring link built from settings.SITE_URL.

The token is `signing.dumps({"i": invitation id, "n": nonce})`: tampering breaks the signature, the nonce must match
the row, the row must be the plan's latest invitation, unused and not expired. Opening the link (GET) never uses it
up — mail scanners prefetch links — the candidate confirms with a POST once logged in with the invited address.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.emails import send_email
from interviewmaster import recovery
from interviewmaster.errors import Invalid
from interviewmaster.figures import article_for
from interviewmaster.moments import moment_text, zoned_moment_text
from planning import services
from planning.errors import (
    InvalidPlanTransition,
    InvitationExpired,
    InvitationProblem,
    InvitationUsed,
    InvitationWithdrawn,
    InvitationWrongAccount,
    PlanNotSendable,
)
from planning.models import InterviewPlan, Invitation, PlanState

logger = logging.getLogger(__name__)
SALT = "planning.invitation"
SENDABLE_STATES = {PlanState.APPROVED, PlanState.EXPIRED, PlanState.INVITED, PlanState.INCOMPLETE}


def token_for(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.id, "n": invitation.nonce}, salt=SALT, compress=False)


def invitation_path(invitation: Invitation) -> str:
    return reverse("planning:invitation", args=[token_for(invitation)])


def invitation_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + invitation_path(invitation)


def position_words(position) -> str:
    """"Senior Backend Engineer (Payments)": the title, and the department after it unless the title already names it
    (the email read "Senior Backend Engineer (Payments) (Payments)")."""
    title, department = position.title.strip(), position.department.strip()
    if not department or re.search(rf"(?<!\w){re.escape(department)}(?!\w)", title, re.IGNORECASE):
        return title
    return f"{title} ({department})"


def default_message(plan: InterviewPlan) -> tuple[str, str]:
    """The prefilled subject and body the expert edits before sending (the link is added below the body)."""
    expert = plan.expert.get_full_name() or plan.expert.email
    subject = f"Your interview for {plan.position.title}"
    minutes = plan.duration_minutes
    body = (f"Hello {plan.candidate_name},\n\n"
            f"{expert} invites you to {article_for(minutes)} {minutes}-minute technical interview for the position "
            f"{position_words(plan.position)}.\n\n"
            "Open the link below to create your account (or log in) and enter the interview lobby when you are "
            "ready. You can take the interview at any time before the link expires.\n\n"
            f"Best regards,\n{expert}")
    return subject, body


def cancellation_recipient(plan: InterviewPlan) -> str:
    """Who hears that a plan was cancelled: its candidate once they accepted it, else the address the latest emailed
    invitation went to ("" when no invitation was sent: nobody was told of the interview)."""
    if plan.candidate is not None and plan.candidate.email:
        return plan.candidate.email
    sent = plan.invitations.filter(sent_at__isnull=False).order_by("-created_at", "-id").first()
    return sent.email if sent else ""


def tell_cancelled(*, plan: InterviewPlan, started: bool) -> None:
    """A short email to the candidate of a plan just cancelled (invited or in progress), through the same Celery mail
    as everything else after the commit (accounts.emails.queue_email): the lobby alone said "not available"."""
    from accounts.emails import queue_email

    to = cancellation_recipient(plan)
    if not to:
        return
    expert = plan.expert.get_full_name() or plan.expert.email
    ended = " The interview you had started has ended; nothing more is needed from you." if started else ""
    body = (f"Hello {plan.candidate_name},\n\n"
            f"{expert} has cancelled your interview for the position {position_words(plan.position)}. The "
            f"invitation link no longer works.{ended}\n\n"
            f"If you have questions, or would like to be interviewed again, please contact {expert}; if they invite "
            "you again, you will get a new email with a new link.\n\n"
            "Best regards,\nInterviewMaster")
    queue_email(subject=f"Your interview for {plan.position.title} is cancelled", body=body, to=to)


def full_body(invitation: Invitation) -> str:
    # Written as the candidate's pages write a time ("6 Dec 2026, 14:05"), in UTC and saying so: the email has no
    # reader's zone, and sent from the expert's request (Celery eager) it was written in the expert's ("… EST").
    with timezone.override(UTC):
        expires = f"{moment_text(invitation.expires_at)} UTC"
    return (f"{invitation.body.rstrip()}\n\n--\nYour personal link (works once, until {expires}):\n"
            f"{invitation_url(invitation)}\n")


def accepted_link(plan: InterviewPlan) -> Invitation | None:
    """The link the candidate took up for the plan's current invitation, if they did: from then on the interview waits
    in their lobby, and a new link would only withdraw that (and, left unused, expire the plan under them)."""
    if plan.state != PlanState.INVITED:
        return None
    return plan.invitations.filter(used_at__isnull=False, superseded_at__isnull=True).order_by("-used_at").first()


ANY_EARLIER = -1  # send_invitation(replaces=...) without a check of what was sent before


@transaction.atomic
def send_invitation(*, plan: InterviewPlan, expert, subject: str, body: str,
                    replaces: int | None = ANY_EARLIER) -> Invitation:
    """Send (or re-send) the invitation: approved, expired and incomplete plans become invited (an incomplete one's
    candidate then starts a new interview from the same plan); an invited plan gets a fresh link and the old one stops
    working. The email leaves through Celery after the commit. `replaces` is the id of the latest invitation the
    expert saw (None: none): when another was sent since (a double click, a second tab) nothing is sent, so one click
    never mails the candidate twice and withdraws the link of the first email."""
    plan = services.lock_plan(plan.pk)
    if plan.state not in SENDABLE_STATES:
        raise PlanNotSendable(f"A plan that is {plan.get_state_display().lower()} cannot be sent to the candidate; "
                              "approve it first.")
    latest = plan.invitations.order_by("-created_at", "-id").first()
    if replaces != ANY_EARLIER and (latest.id if latest else None) != replaces:
        # in the sender's zone, named (the plan page beside it writes its times so): an hour alone was read as anyone's
        when = zoned_moment_text(latest.created_at) if latest else ""
        raise PlanNotSendable(f"An invitation to {latest.email if latest else plan.candidate_email} was sent "
                              f"meanwhile ({when}), so this one was not sent. Reload the page to send another.")
    accepted = accepted_link(plan)
    if accepted is not None:
        when = zoned_moment_text(accepted.used_at)
        raise PlanNotSendable(f"The candidate accepted the invitation on {when}; the interview waits in their lobby, "
                              "so there is nothing to send again.")
    subject, body = subject.strip()[:200], body.strip()[:10_000]
    if not subject or not body:
        raise Invalid("The invitation needs a subject and a message.",
                      fields={"subject" if not subject else "body": "This field is required."})
    default_subject, default_body = default_message(plan)
    now = timezone.now()
    plan.invitations.filter(superseded_at__isnull=True).update(superseded_at=now)
    invitation = Invitation.objects.create(
        plan=plan, email=plan.candidate_email, subject=subject, body=body, nonce=services.new_nonce(),
        edited_by_expert=(subject, body) != (default_subject, default_body.strip()),
        expires_at=now + services.invitation_expiry())
    if plan.state != PlanState.INVITED:
        services.transition(plan, PlanState.INVITED, actor=expert, data={"invitation": invitation.id})
    else:
        services.record_event(plan, "invitation.resent", actor=expert, data={"invitation": invitation.id})
    from planning.tasks import deliver_invitation

    # a broker that is down leaves the mail to recover_undelivered_invitations, not the expert's request to fail
    recovery.send_on_commit(lambda: deliver_invitation.delay(invitation.id), what=f"invitation {invitation.id}")
    return invitation


def _deliverable():
    """Invitations whose mail should still go out: not sent, still the plan's latest, unused and unexpired."""
    return Invitation.objects.filter(sent_at__isnull=True, superseded_at__isnull=True, used_at__isnull=True,
                                     expires_at__gt=timezone.now(), delivery_error="")


def deliver_invitation(*, invitation_id: int) -> None:
    """Send one invitation email once. The row is claimed (sending_since) while it is sent and marked sent_at only
    after the mail server took it; a send that fails releases the claim for the retry. A worker killed between the
    claim and the send leaves a claim that runs out after STUCK_WORK_AFTER_SECONDS, so the redelivered task (or the
    stuck-work sweep's) sends it then: the mail is never lost, and sent twice only if the worker died in the instant
    between the server's answer and sent_at."""
    invitation = _deliverable().select_related("plan").filter(pk=invitation_id).first()
    if invitation is None:
        return
    now = timezone.now()
    claimed = _deliverable().filter(pk=invitation_id).filter(
        Q(sending_since__isnull=True) | Q(sending_since__lt=recovery.stuck_before())).update(sending_since=now)
    if not claimed:
        return  # another delivery holds it right now
    try:
        send_email(subject=invitation.subject, body=full_body(invitation), to=[invitation.email])
    except Exception:
        Invitation.objects.filter(pk=invitation_id, sending_since=now).update(sending_since=None)
        raise
    Invitation.objects.filter(pk=invitation_id).update(sent_at=timezone.now(), sending_since=None)
    services.record_event(invitation.plan, "invitation.sent", data={"invitation": invitation.id})


def recover_undelivered_invitations() -> int:
    """Beat (every minute): an invitation still unsent STUCK_WORK_AFTER_SECONDS after it was created, or after its
    last delivery claim, lost its task (a killed worker, a broker that was down at send time, a mail server that stayed
    down past the task's retries): send it again (interviewmaster/recovery.py). After STUCK_WORK_MAX_RECOVERIES the
    invitation keeps a delivery error the expert sees on the plan, with a plan event; sending it again makes a new
    one. Returns the invitations handled."""
    from planning import tasks

    before = recovery.stuck_before()
    quiet = (Q(sending_since__isnull=True) | Q(sending_since__lt=before)) & (Q(resent_at__isnull=True)
                                                                             | Q(resent_at__lt=before))

    def give_up(pending, row) -> bool:
        message = "The invitation email could not be sent; check the mail settings, then send it again."
        if not pending.update(delivery_error=message, sending_since=None):
            return False
        services.record_event(InterviewPlan.objects.get(pk=row.plan_id), "invitation.undelivered",
                              data={"invitation": row.id, "recoveries": row.recoveries})
        return True

    # The clock is three fields (created, last claimed, last sent again): `quiet` holds the other two to `before`.
    return recovery.sweep(_deliverable().filter(quiet), clock="created_at", before=before, read=["plan_id"],
                          restart="resent_at", clear=["sending_since"], give_up=give_up,
                          send=lambda row: tasks.deliver_invitation.delay(row.id), what="invitation {id}")


def _expire(invitation: Invitation) -> None:
    plan = invitation.plan
    if plan.state == PlanState.INVITED and not plan.invitations.filter(superseded_at__isnull=True,
                                                                        expires_at__gt=timezone.now()).exists():
        try:
            services.transition(plan, PlanState.EXPIRED, reason="The invitation expired unused")
        except InvalidPlanTransition:
            pass  # someone else moved it first: nothing to expire


def invitation_from_token(token: str) -> Invitation:
    """The usable invitation behind a link, or the precise reason it cannot be used."""
    try:
        payload = signing.loads(token, salt=SALT)
        invitation = Invitation.objects.select_related("plan", "plan__position", "plan__expert").filter(
            pk=int(payload["i"]), nonce=str(payload["n"])).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        invitation = None
    if invitation is None:
        raise InvitationProblem()
    if invitation.used_at:
        raise InvitationUsed()
    if invitation.superseded_at or invitation.plan.state in (PlanState.CANCELLED, PlanState.COMPLETED):
        raise InvitationWithdrawn()
    if invitation.expires_at <= timezone.now():
        _expire(invitation)
        raise InvitationExpired()
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user) -> InterviewPlan:
    """The logged-in candidate takes up the invitation: the plan is linked to their account, the link is used up."""
    invitation = invitation_from_token(token)
    # The plan first, then the invitation, as `send_invitation` locks them: one statement locking both took the
    # invitation first, and a re-send holding the plan then waited for it while this waited for the plan (deadlock).
    services.lock_plan(invitation.plan_id)
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("plan").get(pk=invitation.pk)
    if invitation.used_at:
        raise InvitationUsed()
    if invitation.superseded_at or invitation.plan.state in (PlanState.CANCELLED, PlanState.COMPLETED):
        raise InvitationWithdrawn()  # a re-send (or a cancellation) committed while this waited for the plan
    if user.email.strip().lower() != invitation.email.strip().lower():
        raise InvitationWrongAccount()
    if not getattr(user, "is_candidate", False):
        raise InvitationWrongAccount("Only a candidate account can take an interview.")
    now = timezone.now()
    Invitation.objects.filter(pk=invitation.pk).update(used_at=now, used_by=user)
    plan = invitation.plan
    InterviewPlan.objects.filter(pk=plan.pk).update(candidate=user)
    plan.candidate = user
    services.record_event(plan, "invitation.accepted", actor=user, data={"invitation": invitation.id})
    return plan


def expire_overdue_invitations() -> int:
    """Periodic: invited plans whose latest link ran out become expired (the expert can re-invite)."""
    overdue = Invitation.objects.select_related("plan").filter(
        plan__state=PlanState.INVITED, superseded_at__isnull=True, used_at__isnull=True,
        expires_at__lte=timezone.now())
    count = 0
    for invitation in overdue:
        _expire(invitation)
        count += 1
    return count
