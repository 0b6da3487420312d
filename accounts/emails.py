"""Every e-mail the product sends goes through here, from a Celery task after the transaction commits (DESIGN §1):
a service (or the allauth adapter) calls `accounts.tasks.<name>.delay_on_commit(...)` and the task calls the function
of the same name below. A slow or failing mail server never holds a request, and a rolled-back action sends nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from accounts.models import MentorAssignment
from accounts.validators import CONTROL_CHARACTERS
from interviewmaster.links import absolute_url


def one_line(text: str) -> str:
    """Text people typed, made safe for a header or a one-line mention: every control character (line breaks among
    them) and run of blanks becomes one space, so a name cannot start a header of its own."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", text).split())


def send_email(*, subject: str, body: str, to: list[str], from_email: str | None = None,
               alternatives: list[list[str]] | None = None) -> None:
    """Send one already-rendered message (allauth's mails, planning's invitations, the mentor invitation). The subject
    is made one line here, whoever wrote it."""
    message = EmailMultiAlternatives(subject=one_line(subject), body=body, from_email=from_email, to=to)
    for content, mimetype in alternatives or []:
        message.attach_alternative(content, mimetype)
    message.send(fail_silently=False)


def send_mentor_invitation(*, assignment_id: int) -> bool:
    """Tell a mentor that a candidate added them. Returns False when the assignment is gone or was revoked."""
    assignment = (MentorAssignment.objects.select_related("mentor", "candidate")
                  .filter(id=assignment_id, active=True).first())
    if assignment is None:
        return False
    candidate = assignment.candidate
    name = one_line(candidate.get_full_name())  # a name stored before names were checked may hold a line break
    send_email(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{name} invited you as their mentor",
        body=(f"Hello {one_line(assignment.mentor.get_short_name())},\n\n{name} ({candidate.email}) "
              f"added you as a mentor on InterviewMaster. You can now follow their progress through the API: "
              f"{absolute_url(f'/api/v1/mentees/{candidate.id}/')}\n"),
        to=[assignment.mentor.email],
    )
    return True
