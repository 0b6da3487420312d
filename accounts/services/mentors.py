"""Mentor assignments: a candidate invites a mentor (or an address that is not one yet), revokes one; mails go after
commit."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.errors import (
    AlreadyMentored,
    AssignmentNotFound,
    MenteeRequestNotFound,
    MentorNotFound,
    NotACandidate,
    OwnAddress,
)
from accounts.models import MentorAssignment, MentorInvitation, Role, User
from accounts.services.lockout import _active_user_by_email
from interviewmaster import recovery

logger = logging.getLogger(__name__)


# --- Mentors ---------------------------------------------------------------------------------------------------------
@transaction.atomic
def assign_mentor(*, mentor: User, candidate: User, created_by: User | None = None,
                  pending: bool = False) -> MentorAssignment:
    """Assign a mentor. `pending` (a candidate's own request): the mentor sees nobody until they accept it
    (accept_mentee_request); otherwise (admin, demo data) it is accepted at once."""
    if candidate.role != Role.CANDIDATE:
        raise NotACandidate("Only candidates can have mentors.")
    if mentor.role != Role.MENTOR or mentor.is_deleted or not mentor.is_active:
        raise MentorNotFound(fields={"email": ["There is no mentor with that email address."]})
    if MentorAssignment.objects.filter(mentor=mentor, candidate=candidate, active=True).exists():
        raise AlreadyMentored(fields={"email": ["That mentor already follows you."]})
    try:
        with transaction.atomic():
            assignment = MentorAssignment.objects.create(mentor=mentor, candidate=candidate, created_by=created_by,
                                                         **({"accepted_at": None} if pending else {}))
    except IntegrityError as exc:  # a concurrent request created the same active pair
        raise AlreadyMentored(fields={"email": ["That mentor already follows you."]}) from exc
    from accounts import tasks

    # emails leave through Celery, after commit; a broker that is down leaves the mail to
    # recover_unsent_mentor_invitations, not the candidate's request to fail
    recovery.send_on_commit(lambda: tasks.send_mentor_invitation.delay(assignment.id),
                            what=f"the mentor email of assignment {assignment.id}")
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


INVITED_MESSAGE = ("Invitation sent to {email}. It waits here until they accept it: if they have a mentor account "
                   "they can accept it now; otherwise we have told them how to get one.")
ALREADY_INVITED_MESSAGE = "You have already invited that address."


def invite_mentor(*, candidate: User, email: str) -> str:
    """A candidate asks an email address to mentor them. Returns the one message the candidate is shown.

    What the candidate sees (status, body, wording, and afterwards the pending invitation) does not depend on who
    owns the address, so the form cannot be used to learn which addresses are mentor accounts (or accounts at all),
    nor their names. Behind it:
      * an active mentor account gets a pending assignment (a request: the mentor accepts or declines it, and sees
        the candidate only once accepted) and its email, and the candidate a pending `MentorInvitation` for the
        address they typed, tied to the request (its mail is the assignment's: it owes none of its own). Until the
        mentor accepts, the candidate sees only that invitation, exactly like any other;
      * any other address (unknown, a candidate's, an expert's) becomes a pending `MentorInvitation` that only the
        inviting candidate sees, and the address is mailed (accounts.emails.send_mentor_signup_invitation) how to
        get a mentor account. We do send it: the mail is the only way the request can ever be met. It carries
        nothing the candidate typed (not their name, which is free text, nor their address), and it leaves through
        a task that sends one per address a day whoever asks, so it is no way to spam anyone.
    The address is compared in one form (`canonical_email`: trimmed, lower case, an internationalised domain in its
    ASCII form), so "x@exämple.com" and "x@xn--exmple-cua.com" are one invitation and one mail. The candidate's own
    address is refused (400 `own_address`): that tells nothing about anyone else.
    The two branches do not do the same work (a mentor's request costs about twice the queries of a plain invitation:
    the assignment's checks and insert come on top of the invitation's), so the answer's timing may tell them apart;
    the status, body and later view do not. Inviting the same address again is one 409 with one
    message whichever branch it took the first time, and while its invitation is pending whatever the address has
    become since (a declined request stays pending for the candidate until it expires); an address that has become
    a mentor account since gets its request then, behind the same 409. A mentor asked already under an address they
    have changed since is answered at their new address as any other address is (202, an invitation that mails
    nobody), so the form does not tell the candidate that the two addresses are one mentor's.
    """
    if candidate.role != Role.CANDIDATE:
        raise NotACandidate("Only candidates can invite mentors.")
    email = canonical_email(email)
    if email == canonical_email(candidate.email):
        raise OwnAddress(fields={"email": [OwnAddress.default_message]})
    with transaction.atomic():  # what it did commits even when the answer is the 409 below
        invited = _invite(candidate=candidate, email=email)
    if not invited:
        raise AlreadyMentored(ALREADY_INVITED_MESSAGE, fields={"email": [ALREADY_INVITED_MESSAGE]})
    return INVITED_MESSAGE.format(email=email)


def _invite(*, candidate: User, email: str) -> bool:
    """invite_mentor's work; False when the address is invited already (the 409)."""
    user = _active_user_by_email(email)
    mentor = user if user is not None and user.role == Role.MENTOR and user.is_active else None
    pending = MentorInvitation.objects.select_for_update().filter(candidate=candidate, email=email).first()
    if pending is not None:
        if mentor is not None and pending.assignment_id is None:
            # Invited before the address became a mentor account (the sign-up mail says "then the candidate can add
            # you"): the invitation gets its request now, and the candidate the same 409 as for any address.
            try:
                with transaction.atomic():
                    pending.assignment = assign_mentor(mentor=mentor, candidate=candidate, created_by=candidate,
                                                       pending=True)
                    pending.save(update_fields=["assignment"])
            except AlreadyMentored:  # asked (or followed) already, under another of its addresses
                pass
        return False
    if mentor is None:
        _record_invitation(candidate=candidate, email=email)
        return True
    try:
        assignment = assign_mentor(mentor=mentor, candidate=candidate, created_by=candidate, pending=True)
    except AlreadyMentored as exc:
        if MentorAssignment.objects.filter(mentor=mentor, candidate=candidate, active=True,
                                           accepted_at__isnull=False).exists():
            # the candidate's mentor already, by name: nothing to hide
            raise AlreadyMentored(ALREADY_INVITED_MESSAGE, fields={"email": [ALREADY_INVITED_MESSAGE]}) from exc
        # Asked under an address the mentor has changed since: a 409 here would tell the candidate that this new
        # address is the same mentor's. Answered as any other address, with an invitation that mails nobody (the
        # mentor has the request already); accepting the request removes it.
        _record_invitation(candidate=candidate, email=email, quiet=True)
        return True
    # an invitation already pending for the address raises here and rolls the request (and its mail) back
    _record_invitation(candidate=candidate, email=email, assignment=assignment)
    return True


def _record_invitation(*, candidate: User, email: str, assignment: MentorAssignment | None = None,
                       quiet: bool = False) -> MentorInvitation:
    quiet = quiet or assignment is not None
    try:
        with transaction.atomic():
            invitation = MentorInvitation.objects.create(
                candidate=candidate, email=email, assignment=assignment,
                # a mentor's request is mailed as the assignment (send_mentor_invitation): this row owes no mail
                sent_at=timezone.now() if quiet else None)
    except IntegrityError as exc:  # already pending (or a concurrent request created it)
        raise AlreadyMentored(ALREADY_INVITED_MESSAGE, fields={"email": [ALREADY_INVITED_MESSAGE]}) from exc
    if quiet:
        return invitation
    from accounts import tasks

    recovery.send_on_commit(lambda: tasks.send_mentor_signup_invitation.delay(invitation.id),
                            what=f"the email of mentor invitation {invitation.id}")
    return invitation


@transaction.atomic
def expire_mentor_invitations(*, now=None) -> int:
    """Beat: pending invitations older than MENTOR_INVITATION_DAYS are forgotten (the address is someone else's
    data, and an invitation nobody took up in a month is not one any more), and a mentor's request still waiting
    behind one ends with it. Returns how many."""
    now = now or timezone.now()
    expiring = MentorInvitation.objects.filter(created_at__lt=now - timedelta(days=settings.MENTOR_INVITATION_DAYS))
    return forget_mentor_invitations(expiring, now=now)


@transaction.atomic
def forget_mentor_invitations(invitations, *, now=None) -> int:
    """Delete the `invitations` (a queryset) and end a mentor's request still waiting behind one: a request whose
    invitation is gone could still be accepted, and the candidate would have a mentor they no longer asked for.
    Returns how many invitations."""
    _end_requests(MentorAssignment.objects.filter(invitation__in=invitations), now=now or timezone.now())
    deleted, _ = invitations.delete()
    return deleted


def _end_requests(assignments, *, now) -> int:
    """End the requests among `assignments` that still wait for their mentor (an accepted one is no request).

    The rows are locked first, as accepting one does (`_request_for_update`), and only then updated by id: a single
    UPDATE ... WHERE id IN (subquery) that waited on an accept's row lock would re-check only its outer WHERE on
    PostgreSQL and end the request the mentor has just accepted."""
    ids = list(assignments.select_for_update(of=("self",)).filter(active=True, accepted_at__isnull=True)
               .order_by("id").values_list("id", flat=True))
    return (MentorAssignment.objects.filter(id__in=ids, active=True, accepted_at__isnull=True)
            .update(active=False, ended_at=now))


@transaction.atomic
def withdraw_mentor_invitation(*, candidate: User, invitation_id: int) -> None:
    """A candidate takes back a pending invitation: the address is forgotten, and a mentor's request behind it ends
    (the mentor no longer sees it)."""
    invitation = MentorInvitation.objects.filter(id=invitation_id, candidate=candidate).first()
    if invitation is not None and invitation.assignment_id is not None:
        # Lock the request first, as accepting it does: a mentor accepting right now either wins (the invitation is
        # gone: 404 here, the mentor stays) or waits and finds the request ended.
        list(MentorAssignment.objects.select_for_update().filter(id=invitation.assignment_id))
    deleted, _ = MentorInvitation.objects.filter(id=invitation_id, candidate=candidate).delete()
    if not deleted:
        raise AssignmentNotFound("No such pending invitation.")
    if invitation.assignment_id is not None:
        _end_requests(MentorAssignment.objects.filter(id=invitation.assignment_id), now=timezone.now())


def _request_for_update(*, mentor: User, request_id: int) -> MentorAssignment:
    assignment = (MentorAssignment.objects.select_for_update()
                  .filter(id=request_id, mentor=mentor, active=True, accepted_at__isnull=True).first())
    if assignment is None:
        raise MenteeRequestNotFound()
    return assignment


@transaction.atomic
def accept_mentee_request(*, mentor: User, request_id: int) -> MentorAssignment:
    """A mentor accepts a candidate's request: from now on they see the candidate, and the candidate sees them (by
    name) among their mentors instead of the pending invitation."""
    if mentor.role != Role.MENTOR:
        raise MenteeRequestNotFound()
    # Repeating the accept (a client retrying after a timeout, a second click) changes nothing and answers as the
    # first did; it was a 404 "No such request". Only this mentor's own request that is still active and accepted:
    # a declined, withdrawn or expired one (and anyone else's) is still not found.
    accepted = (MentorAssignment.objects.select_for_update()
                .filter(id=request_id, mentor=mentor, active=True, accepted_at__isnull=False).first())
    if accepted is not None:
        return accepted
    assignment = _request_for_update(mentor=mentor, request_id=request_id)
    assignment.accepted_at = timezone.now()
    assignment.save(update_fields=["accepted_at"])
    # with the request's invitation, one the candidate sent to the mentor's address since (_invite: a changed one)
    MentorInvitation.objects.filter(
        Q(assignment=assignment)
        | Q(candidate=assignment.candidate_id, email=canonical_email(mentor.email), assignment__isnull=True)).delete()
    return assignment


@transaction.atomic
def decline_mentee_request(*, mentor: User, request_id: int) -> MentorAssignment:
    """A mentor declines a candidate's request: it is gone for the mentor. The candidate's invitation stays pending
    until it expires (MENTOR_INVITATION_DAYS) or they withdraw it, exactly like one to an address without a mentor
    account: a decline must not tell the candidate that the address is one."""
    if mentor.role != Role.MENTOR:
        raise MenteeRequestNotFound()
    assignment = _request_for_update(mentor=mentor, request_id=request_id)
    assignment.active = False
    assignment.ended_at = timezone.now()
    assignment.save(update_fields=["active", "ended_at"])
    return assignment


@transaction.atomic
def revoke_mentor(*, candidate: User, assignment_id: int) -> MentorAssignment:
    # a request the mentor has not accepted is no mentor of the candidate's (it is withdrawn as an invitation)
    assignment = (MentorAssignment.objects.select_for_update()
                  .filter(id=assignment_id, candidate=candidate, accepted_at__isnull=False).first())
    if assignment is None:
        raise AssignmentNotFound()
    if not assignment.active:
        # Already ended: repeating the revoke (a retry after a timeout) answers as the first did, the ended
        # assignment; it was a 404. Another candidate's, or a request the mentor never accepted, is still a 404.
        return assignment
    assignment.active = False
    assignment.ended_at = timezone.now()
    assignment.save(update_fields=["active", "ended_at"])
    return assignment
