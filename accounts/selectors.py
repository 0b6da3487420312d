"""accounts: reads several places share (DESIGN §2)."""

from __future__ import annotations

from itertools import chain

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts import personal_data
from accounts.errors import MenteeNotFound
from accounts.models import FormerEmailAddress, LoginEvent, MentorAssignment, MentorInvitation, Role, User
from interviewmaster.selectors import one_or_raise
from interviewmaster.streaming import Members, materialized


def mentees_for(mentor: User) -> QuerySet[User]:
    """The candidates a mentor may see: those with an active assignment to them that the mentor accepted (nobody
    else, ever: a candidate's request the mentor has not accepted shows nothing of them)."""
    if mentor.role != Role.MENTOR:
        return User.objects.none()
    return (User.objects.filter(role=Role.CANDIDATE, deleted_at__isnull=True, mentor_assignments__mentor=mentor,
                                mentor_assignments__active=True, mentor_assignments__accepted_at__isnull=False)
            .distinct().order_by("name", "id"))


def mentee_requests_for(mentor: User) -> QuerySet[MentorAssignment]:
    """The candidates' requests waiting for the mentor to accept or decline, oldest first."""
    if mentor.role != Role.MENTOR:
        return MentorAssignment.objects.none()
    return (MentorAssignment.objects.filter(mentor=mentor, active=True, accepted_at__isnull=True,
                                            candidate__deleted_at__isnull=True)
            .select_related("candidate").order_by("since", "id"))


def mentee_of(mentor: User, candidate_id: int) -> User:
    """One of the mentor's active mentees, or MenteeNotFound (404): every mentee endpoint answers a candidate who is
    not theirs alike. Who is no mentor at all is refused before, by the endpoints' IsMentor (403)."""
    return one_or_raise(mentees_for(mentor), MenteeNotFound, id=candidate_id)


def _confirmed_addresses(user: User) -> set[str]:
    """The account's own address and the other (allauth) addresses it confirmed. An address added and never
    confirmed proves nothing: anyone can add a stranger's (an invited candidate's, a mentor invitee's) to their
    account, and counting it let them export that stranger's planned interview and erase it with their account."""
    from allauth.account.models import EmailAddress

    return {user.email, *EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)}


def addresses_of(user: User) -> set[str]:
    """Every address the account has or had, lower-cased: its own, its other confirmed (allauth) addresses, and the
    confirmed ones it gave up (FormerEmailAddress)."""
    return {e.lower() for e in (*_confirmed_addresses(user),
                                *FormerEmailAddress.objects.filter(user=user).values_list("email", flat=True))}


def addressed_to(user: User, *, field: str, made_at: str) -> Q:
    """A filter for rows addressed to the account (an invitation, a mail): to an address it has confirmed, whenever
    made; to a confirmed one it gave up, only if made while the address was its own or before (the address may be
    someone else's since: their rows are not this account's to erase). `field` holds the address, `made_at` the row's
    creation time."""
    condition = Q(pk__in=[])
    for email in _confirmed_addresses(user):
        condition |= Q(**{f"{field}__iexact": email})
    for email, until in FormerEmailAddress.objects.filter(user=user).values_list("email", "held_until"):
        condition |= Q(**{f"{field}__iexact": email, f"{made_at}__lte": until})
    return condition


def mentor_assignments_of(candidate: User, *, active: bool | None = True) -> QuerySet[MentorAssignment]:
    """A candidate's mentors: accepted assignments only. A request the mentor has not accepted (or declined) is shown
    to the candidate only as its pending invitation, like one to any address: no mentor name, no account. The latest
    accepted first: a mentor is the candidate's since they accepted (the lists say so)."""
    qs = MentorAssignment.objects.filter(candidate=candidate, accepted_at__isnull=False).select_related("mentor")
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("-accepted_at", "-id")


def mentor_invitations_of(candidate: User) -> QuerySet[MentorInvitation]:
    """A candidate's pending invitations (addresses that were not mentor accounts), newest first."""
    return MentorInvitation.objects.filter(candidate=candidate).order_by("-created_at", "-id")


def personal_data_export(user: User) -> dict:
    """Everything we hold about the user, as JSON-serialisable data, read whole into memory (what the download
    holds; the download itself writes `personal_data_document` as it reads it)."""
    return materialized(personal_data_document(user))


def personal_data_document(user: User) -> Members:
    """Everything we hold about the user ("download my data"), to write with `interviewmaster.streaming.json_chunks`:
    the lists that grow with use (login events, and the apps' histories: accounts.personal_data) are iterators read
    as they are written, and each app's section is made when its turn comes, so memory does not grow with the history.
    """
    # The candidate's own export holds accepted mentors only: a request waiting (or declined) is the mentor's to
    # disclose, and it is listed as its pending invitation (the address the candidate typed) below.
    assignments = mentor_assignments_of(user, active=None).order_by("since", "id")
    mentoring = MentorAssignment.objects.filter(mentor=user).select_related("candidate").order_by("since", "id")
    events = LoginEvent.objects.filter(user=user).order_by("created_at", "id")
    return Members(chain({
        "format": "interviewmaster-personal-data/1",
        "exported_at": timezone.now().isoformat(),
        "account": {
            "id": user.id, "email": user.email, "name": user.name, "role": user.role,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "former_addresses": [
            {"email": f.email, "held_until": f.held_until.isoformat()}
            for f in FormerEmailAddress.objects.filter(user=user)
        ],
        "profile": {
            "target_role": user.target_role, "experience_level": user.experience_level,
            "preferred_language": user.preferred_language, "timezone": user.timezone,
        },
        # A mentor relation's two times by name: `requested_at` (the candidate asked; made in admin, when it was made)
        # and `accepted_at` (the mentor accepted: they follow from then). `since` is the request too, kept as format
        # /1 gave it (the API's `since` is the acceptance since session 39: the export's cannot change under /1).
        "mentors": [
            {"mentor_email": a.mentor.email, "mentor_name": a.mentor.name, "requested_at": a.since.isoformat(),
             "accepted_at": a.accepted_at.isoformat(), "since": a.since.isoformat(),
             "active": a.active, "ended_at": a.ended_at.isoformat() if a.ended_at else None}
            for a in assignments
        ],
        "mentor_invitations": [
            {"email": i.email, "status": "pending", "created_at": i.created_at.isoformat()}
            for i in mentor_invitations_of(user)
        ],
        "mentees": [
            {"candidate_email": a.candidate.email, "requested_at": a.since.isoformat(),
             "accepted_at": a.accepted_at.isoformat() if a.accepted_at else None, "since": a.since.isoformat(),
             "active": a.active}
            for a in mentoring
        ],
        "login_events": (
            {"kind": e.kind, "channel": e.channel, "ip_address": e.ip_address, "at": e.created_at.isoformat()}
            for e in events.iterator(chunk_size=1000)
        ),
    }.items(), personal_data.sections_as_read(user)))
