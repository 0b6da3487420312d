"""Every email the product sends goes through here, from a Celery task after the transaction commits (DESIGN §1):
a service calls `accounts.tasks.<name>.delay_on_commit(id)` and the task calls the function of the same name below. A
slow or failing mail server never holds a request, and a rolled-back action sends nothing.

Tasks take ids, never a message: a mail rendered elsewhere (allauth's confirmation and password-reset mails, the
unlock link) is stored as a PendingEmail by `queue_email` and its task gets the row's id, so no secret link or mail
body is in the broker's payload, the task's arguments or the worker's "received"/"succeeded" log lines.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import MentorAssignment, MentorInvitation, PendingEmail
from accounts.validators import CONTROL_CHARACTERS
from interviewmaster import recovery
from interviewmaster.links import absolute_url


def one_line(text: str) -> str:
    """Text people typed, made safe for a header or a one-line mention: every control character (line breaks among
    them) and run of blanks becomes one space, so a name cannot start a header of its own."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())


def send_email(*, subject: str, body: str, to: list[str], from_email: str | None = None,
               alternatives: list[list[str]] | None = None) -> None:
    """Send one already-rendered message, now (inside a task: stored mails, planning's invitations, the mentor
    invitations). The subject is made one line here, whoever wrote it."""
    message = EmailMultiAlternatives(subject=one_line(subject), body=body, from_email=from_email, to=to)
    for content, mimetype in alternatives or []:
        message.attach_alternative(content, mimetype)
    message.send(fail_silently=False)


def queue_email(*, subject: str, body: str, to: str, from_email: str | None = None,
                alternatives: list[list[str]] | None = None) -> PendingEmail:
    """Send an already-rendered message through Celery after the transaction commits. The message is stored here and
    the task is given only its id (the body may hold a secret link: see the module's docstring)."""
    from accounts import tasks

    pending = PendingEmail.objects.create(recipient=to, subject=subject, body=body, from_email=from_email or "",
                                          alternatives=[list(pair) for pair in alternatives or []])
    # a broker that is down leaves the row to recover_unsent_emails instead of failing the request that stored it
    recovery.send_on_commit(lambda: tasks.send_pending_email.delay(pending.id), what=f"email {pending.id}")
    return pending


@transaction.atomic
def send_pending_email(*, email_id: int) -> bool:
    """Send a stored message and delete it in the same transaction. The row is locked while it is sent, so a second
    delivery of the task waits and then finds it gone (False); a send that fails leaves the row for the retry."""
    pending = PendingEmail.objects.select_for_update().filter(pk=email_id).first()
    if pending is None:
        return False
    send_email(subject=pending.subject, body=pending.body, to=[pending.recipient],
               from_email=pending.from_email or None, alternatives=pending.alternatives)
    pending.delete()
    return True


PENDING_EMAIL_MAX_AGE = timedelta(days=1)  # far longer than a task's retries (about 4 minutes) take


def recover_unsent_emails() -> int:
    """Beat (every minute): a stored message still here STUCK_WORK_AFTER_SECONDS after it was stored (or last sent
    again) lost its task: a worker killed while sending it, a broker that was down at the commit, a mail server that
    stayed down past the task's retries. Send it again (interviewmaster/recovery.py), at most
    STUCK_WORK_MAX_RECOVERIES times; then it waits for delete_stale_pending_emails. A second delivery of one message is
    harmless: the first locks the row, sends and deletes it, and the second finds it gone."""
    from accounts import tasks

    before = recovery.stuck_before()
    quiet = Q(created_at__lt=before) & (Q(resent_at__isnull=True) | Q(resent_at__lt=before))
    # No give-up: a message sent again STUCK_WORK_MAX_RECOVERIES times is left for delete_stale_pending_emails.
    return recovery.sweep(PendingEmail.objects.filter(quiet), clock="created_at", before=before, restart="resent_at",
                          send=lambda row: tasks.send_pending_email.delay(row.id), what="email {id}")


def recover_unsent_mentor_invitations() -> int:
    """Beat (every minute): a mentor's mail (an assignment's) or an invited address's (a pending invitation's) still
    owed STUCK_WORK_AFTER_SECONDS after its row was made, or after its last delivery claim, lost its task (a broker
    that was down at the commit, a worker killed while sending, a mail server that stayed down past the task's
    retries): send it again (interviewmaster/recovery.py). After STUCK_WORK_MAX_RECOVERIES it is given up and left
    owing (the assignment or the invitation stands either way: the mail only tells about it). Returns the rows
    sent again."""
    from accounts import tasks

    before = recovery.stuck_before()
    # The clock is three fields (made, last claimed, last sent again): `quiet` holds the other two to `before`.
    quiet = (Q(sending_since__isnull=True) | Q(sending_since__lt=before)) & (Q(resent_at__isnull=True)
                                                                             | Q(resent_at__lt=before))
    common = {"before": before, "restart": "resent_at", "clear": ["sending_since"]}
    return (recovery.sweep(MentorAssignment.objects.filter(quiet, active=True, sent_at__isnull=True), clock="since",
                           send=lambda row: tasks.send_mentor_invitation.delay(row.id),
                           what="the mentor email of assignment {id}", **common)
            + recovery.sweep(MentorInvitation.objects.filter(quiet, sent_at__isnull=True), clock="created_at",
                             send=lambda row: tasks.send_mentor_signup_invitation.delay(row.id),
                             what="the email of mentor invitation {id}", **common))


def delete_stale_pending_emails() -> int:
    """Forget stored messages nobody sent (their task gave up or was lost): they hold secret links and addresses."""
    deleted, _ = PendingEmail.objects.filter(created_at__lt=timezone.now() - PENDING_EMAIL_MAX_AGE).delete()
    return deleted


MAIL_ONCE_PER_SECONDS = 24 * 3600  # an invitation mail goes to one recipient about one thing at most once a day


def _send_at_most_once_a_day(sent_key: str, send) -> bool | None:
    """Call `send()` (True) unless a mail under `sent_key` went out within MAIL_ONCE_PER_SECONDS (False), or is being
    sent by another delivery (None: try again later). A send that raises frees the key, so the task's retry (or the
    next request) may send it. The key is only a lease of STUCK_WORK_AFTER_SECONDS (above every task's time limit)
    until the mail server took the mail: a worker killed in between (SIGKILL, the hard time limit; no handler runs)
    used to hold it for the day, and the broker's redelivery sent nothing. Now the lease runs out first: at most a
    duplicate, never no mail."""
    if not cache.add(sent_key, "sending", settings.STUCK_WORK_AFTER_SECONDS):
        return False if cache.get(sent_key) == "sent" else None
    try:
        send()
    except Exception:
        cache.delete(sent_key)
        raise
    cache.set(sent_key, "sent", MAIL_ONCE_PER_SECONDS)
    return True


def _mail_once(row: QuerySet, *, sent_key: str, send: Callable[[], None]) -> bool:
    """Send the mail a mentor row (`row`: the query set of that one row) still owes, once; True when it went out now.

    The row is claimed (sending_since) while it is sent and marked sent_at only after the mail server took it, as
    planning's invitations are: a broker that was down at the commit, a worker killed mid-send or a mail server down
    past the task's retries leaves the row owing, and recover_unsent_mentor_invitations sends it again; a late or
    repeated task finds it sent. A send that raises releases the claim for the retry; a worker killed between the
    claim and the send leaves one that runs out after STUCK_WORK_AFTER_SECONDS. The day's limit (`sent_key`) settles
    the row too (that person was told today: nothing is owed), unless another row's mail to them is being sent right
    now: then this one is left owing, for the sweep to look at again once that one is done."""
    now = timezone.now()
    claimed = row.filter(sent_at__isnull=True).filter(
        Q(sending_since__isnull=True) | Q(sending_since__lt=recovery.stuck_before())).update(sending_since=now)
    if not claimed:
        return False  # sent already, or another delivery holds it right now
    try:
        sent = _send_at_most_once_a_day(sent_key, send)
    except Exception:
        row.filter(sending_since=now).update(sending_since=None)
        raise
    if sent is None:
        row.filter(sending_since=now).update(sending_since=None)
        return False
    row.update(sent_at=timezone.now(), sending_since=None)
    return sent


def send_mentor_invitation(*, assignment_id: int) -> bool:
    """Tell a mentor that a candidate asked them to mentor (how to accept or decline). Returns False when the
    assignment is gone or was revoked, its mail went out already, or the mentor was already told about this
    candidate today (a remove-and-add loop is no way to mail them often)."""
    assignment = (MentorAssignment.objects.select_related("mentor", "candidate")
                  .filter(id=assignment_id, active=True, sent_at__isnull=True).first())
    if assignment is None:
        return False
    # one per candidate and mentor a day: removing and adding a mentor again must not mail them each time
    return _mail_once(MentorAssignment.objects.filter(id=assignment_id, active=True),
                      sent_key=f"accounts:mentor-mail:{assignment.candidate_id}:{assignment.mentor_id}",
                      send=lambda: _mail_mentor_invitation(assignment))


def _mail_mentor_invitation(assignment: MentorAssignment) -> None:
    candidate = assignment.candidate
    name = one_line(candidate.get_full_name())  # a name stored before names were checked may hold a line break
    if assignment.accepted_at is None:  # a candidate's request: the mentor sees nothing of them until they accept
        what = (f"asked you to be their mentor on InterviewMaster. Until you accept, you see nothing of them and they "
                f"do not learn that this address has an account. Accept or decline (signed in) at "
                f"{absolute_url(reverse('accounts:mentor-requests'))}, or through the API: "
                f"{absolute_url('/api/v1/mentees/requests')} (see {absolute_url('/api/docs/')}).\n")
    else:  # made before mentors consented (migration accounts.0015): in force already
        what = (f"added you as a mentor on InterviewMaster. You can now follow their progress through the API: "
                f"{absolute_url(f'/api/v1/mentees/{candidate.id}/')}\n")
    send_email(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{name} invited you as their mentor",
        body=f"Hello {one_line(assignment.mentor.get_short_name())},\n\n{name} ({candidate.email}) {what}",
        to=[assignment.mentor.email],
    )


def send_mentor_signup_invitation(*, invitation_id: int) -> bool:
    """Tell an address without a mentor account that a candidate asked them to mentor, and how to get an account.

    Nothing the candidate typed is in it (neither their name nor their address), and one such mail per address a
    day, whoever asks (the invite form must not make us a way to mail anyone often). False when the invitation was
    withdrawn before the task ran, its mail went out already, or the address already got one today."""
    invitation = MentorInvitation.objects.filter(id=invitation_id, sent_at__isnull=True).first()
    if invitation is None:
        return False
    address_key = hashlib.sha256(invitation.email.encode()).hexdigest()[:32]
    return _mail_once(MentorInvitation.objects.filter(id=invitation_id),
                      sent_key=f"accounts:mentor-signup-mail:{address_key}",
                      send=lambda: _mail_signup_invitation(invitation))


def _mail_signup_invitation(invitation: MentorInvitation) -> None:
    """Fixed text: nothing the candidate typed (a display name is free text, and this goes to any address)."""
    send_email(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}You were asked to be a mentor on InterviewMaster",
        body=("Hello,\n\nA candidate who prepares for job interviews on InterviewMaster asked you, at this address, to "
              "be their mentor: a mentor follows a candidate's profile and progress.\n\n"
              "To accept, you need a mentor account. Create an account with this address at "
              f"{absolute_url(reverse('account_signup'))} and ask the InterviewMaster team to make it a mentor account "
              "(reply to this email); then the candidate can add you from their profile.\n\n"
              "If you do not expect this or do not want to, ignore this email: nothing else happens. We send such "
              "a request to an address at most once a day, whoever asks.\n"),
        to=[invitation.email],
    )
