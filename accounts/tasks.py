"""accounts: Celery tasks (DESIGN §2) — thin wrappers named after the function they call, which they import inside
the body. E-mails go out here, never inside a request (accounts/emails.py)."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="accounts.send_email", acks_late=True, max_retries=3)
def send_email(self, *, subject: str, body: str, to: list[str], from_email: str | None = None,
               alternatives: list[list[str]] | None = None) -> None:
    from accounts import emails

    try:
        emails.send_email(subject=subject, body=body, to=to, from_email=from_email, alternatives=alternatives)
    except OSError as exc:  # the mail server is unreachable: transient, retry with backoff
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30) from exc


@shared_task(bind=True, name="accounts.send_mentor_invitation", acks_late=True, max_retries=3)
def send_mentor_invitation(self, assignment_id: int) -> bool:
    """The assignment is already committed and stands either way: the e-mail only tells the mentor about it (their
    mentee list shows it). An unreachable mail server is retried; a message that cannot be sent at all is logged and
    dropped, never raised into the request that added the mentor (tasks run there when Celery is eager)."""
    from accounts import emails

    try:
        return emails.send_mentor_invitation(assignment_id=assignment_id)
    except OSError as exc:
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30) from exc
    except Exception:  # noqa: BLE001 - e.g. BadHeaderError: retrying cannot fix the message; logged for operators
        logger.exception("mentor invitation of assignment %s could not be sent; the assignment stands",
                         assignment_id)
        return False


@shared_task(bind=True, name="accounts.send_mentor_signup_invitation", acks_late=True, max_retries=3)
def send_mentor_signup_invitation(self, invitation_id: int) -> bool:
    """The pending invitation is committed and stands either way (the candidate's profile lists it); like the
    mentor's mail above, an unreachable server is retried and an unsendable message is logged, never raised."""
    from accounts import emails

    try:
        return emails.send_mentor_signup_invitation(invitation_id=invitation_id)
    except OSError as exc:
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30) from exc
    except Exception:  # noqa: BLE001 - e.g. BadHeaderError: retrying cannot fix the message; logged for operators
        logger.exception("mentor sign-up invitation %s could not be sent; the invitation stands", invitation_id)
        return False


@shared_task(name="accounts.expire_mentor_invitations")
def expire_mentor_invitations() -> int:
    from accounts import services

    return services.expire_mentor_invitations()
