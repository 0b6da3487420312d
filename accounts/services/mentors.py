"""Mentor assignments: a candidate invites a mentor (or an address that is not one yet), revokes one; mails go after
commit."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.errors import AlreadyMentored, AssignmentNotFound, MentorNotFound, NotACandidate, OwnAddress
from accounts.models import MentorAssignment, MentorInvitation, Role, User
from accounts.services.lockout import _active_user_by_email
from interviewmaster import recovery

logger = logging.getLogger(__name__)


# --- Mentors ---------------------------------------------------------------------------------------------------------
@transaction.atomic
def assign_mentor(*, mentor: User, candidate: User, created_by: User | None = None) -> MentorAssignment:
    if candidate.role != Role.CANDIDATE:
        raise NotACandidate("Only candidates can have mentors.")
    if mentor.role != Role.MENTOR or mentor.is_deleted or not mentor.is_active:
        raise MentorNotFound(fields={"email": ["There is no mentor with that email address."]})
    if MentorAssignment.objects.filter(mentor=mentor, candidate=candidate, active=True).exists():
        raise AlreadyMentored(fields={"email": ["That mentor already follows you."]})
    try:
        with transaction.atomic():
            assignment = MentorAssignment.objects.create(mentor=mentor, candidate=candidate, created_by=created_by)
    except IntegrityError as exc:  # a concurrent request created the same active pair
        raise AlreadyMentored(fields={"email": ["That mentor already follows you."]}) from exc
    from accounts import tasks

    # e-mails leave through Celery, after commit; a broker that is down leaves the mail to
    # recover_unsent_mentor_invitations, not the candidate's request to fail
    recovery.send_on_commit(lambda: tasks.send_mentor_invitation.delay(assignment.id),
                            what=f"the mentor e-mail of assignment {assignment.id}")
    return assignment


def canonical_email(email: str) -> str:
    """One spelling of an address: trimmed, lower case, its domain in IDNA ASCII form (a domain that cannot be
    encoded is kept as typed; the form validated it as an address already)."""
    local, at, domain = (email or "").strip().lower().rpartition("@")
    if not at:
        return domain
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    return f"{local}@{domain}"


INVITED_MESSAGE = ("Invitation sent to {email}. If they have a mentor account they can follow your progress now; "
                   "otherwise we have told them how to get one, and the invitation waits here.")
ALREADY_INVITED_MESSAGE = "You have already invited that address."


@transaction.atomic
def invite_mentor(*, candidate: User, email: str) -> str:
    """A candidate asks an e-mail address to mentor them. Returns the one message the candidate is shown.

    What the candidate sees (status, body, wording) does not depend on who owns the address, so the form cannot be
    used to learn which addresses are mentor accounts (or accounts at all). Behind it:
      * an active mentor account gets the assignment and its e-mail, as before;
      * any other address (unknown, a candidate's, an expert's) becomes a pending `MentorInvitation` that only the
        inviting candidate sees, and the address is mailed (accounts.emails.send_mentor_signup_invitation) how to
        get a mentor account. We do send it: the mail is the only way the request can ever be met. It carries
        nothing the candidate typed (not their name, which is free text, nor their address), and it leaves through
        a task that sends one per address a day whoever asks, so it is no way to spam anyone.
    The address is compared in one form (`canonical_email`: trimmed, lower case, an internationalised domain in its
    ASCII form), so "x@exämple.com" and "x@xn--exmple-cua.com" are one invitation and one mail. The candidate's own
    address is refused (400 `own_address`): that tells nothing about anyone else.
    Both branches do the same work in the request (one user look-up, one duplicate check, one insert, one task
    after commit), so the answer's timing does not tell either. Inviting the same address again is one 409 with one
    message whichever branch it took the first time.
    """
    if candidate.role != Role.CANDIDATE:
        raise NotACandidate("Only candidates can invite mentors.")
    email = canonical_email(email)
    if email == canonical_email(candidate.email):
        raise OwnAddress(fields={"email": [OwnAddress.default_message]})
    user = _active_user_by_email(email)
    if user is not None and user.role == Role.MENTOR and user.is_active:
        try:
            assign_mentor(mentor=user, candidate=candidate, created_by=candidate)
        except AlreadyMentored as exc:
            raise AlreadyMentored(ALREADY_INVITED_MESSAGE, fields={"email": [ALREADY_INVITED_MESSAGE]}) from exc
        MentorInvitation.objects.filter(candidate=candidate, email=email).delete()  # it has become an assignment
    else:
        _record_invitation(candidate=candidate, email=email)
    return INVITED_MESSAGE.format(email=email)


def _record_invitation(*, candidate: User, email: str) -> MentorInvitation:
    try:
        with transaction.atomic():
            invitation = MentorInvitation.objects.create(candidate=candidate, email=email)
    except IntegrityError as exc:  # already pending (or a concurrent request created it)
        raise AlreadyMentored(ALREADY_INVITED_MESSAGE, fields={"email": [ALREADY_INVITED_MESSAGE]}) from exc
    from accounts import tasks

    recovery.send_on_commit(lambda: tasks.send_mentor_signup_invitation.delay(invitation.id),
                            what=f"the e-mail of mentor invitation {invitation.id}")
    return invitation


def expire_mentor_invitations(*, now=None) -> int:
    """Beat: pending invitations older than MENTOR_INVITATION_DAYS are forgotten (the address is someone else's
    data, and an invitation nobody took up in a month is not one any more). Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.MENTOR_INVITATION_DAYS)
    deleted, _ = MentorInvitation.objects.filter(created_at__lt=cutoff).delete()
    return deleted


@transaction.atomic
def withdraw_mentor_invitation(*, candidate: User, invitation_id: int) -> None:
    """A candidate takes back a pending invitation: the address is forgotten."""
    deleted, _ = MentorInvitation.objects.filter(id=invitation_id, candidate=candidate).delete()
    if not deleted:
        raise AssignmentNotFound("No such pending invitation.")


@transaction.atomic
def revoke_mentor(*, candidate: User, assignment_id: int) -> MentorAssignment:
    assignment = (MentorAssignment.objects.select_for_update()
                  .filter(id=assignment_id, candidate=candidate, active=True).first())
    if assignment is None:
        raise AssignmentNotFound()
    assignment.active = False
    assignment.ended_at = timezone.now()
    assignment.save(update_fields=["active", "ended_at"])
    return assignment
