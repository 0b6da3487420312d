"""Mentor assignments: a candidate invites a mentor, revokes one; the mentor is mailed after commit."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.errors import AlreadyMentored, AssignmentNotFound, MentorNotFound, NotACandidate
from accounts.models import MentorAssignment, Role, User
from accounts.services.lockout import _active_user_by_email

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

    tasks.send_mentor_invitation.delay_on_commit(assignment.id)  # e-mails leave through Celery, after commit
    return assignment


def invite_mentor(*, candidate: User, email: str) -> MentorAssignment:
    """A candidate adds a mentor by email address; the mentor must already have a mentor account."""
    if candidate.role != Role.CANDIDATE:
        raise NotACandidate("Only candidates can invite mentors.")
    mentor = _active_user_by_email(email)
    if mentor is None or mentor.role != Role.MENTOR:
        raise MentorNotFound(fields={"email": ["There is no mentor with that email address."]})
    return assign_mentor(mentor=mentor, candidate=candidate, created_by=candidate)


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
