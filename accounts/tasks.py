"""accounts: Celery tasks (DESIGN §2) — thin wrappers named after the function they call, which they import inside
the body. Emails go out here, never inside a request (accounts/emails.py)."""

from __future__ import annotations

import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True, name="accounts.send_pending_email", acks_late=True, max_retries=3)
def send_pending_email(self, email_id: int) -> bool:
    """A message stored by accounts.emails.queue_email, by id: its body (a reset or confirmation link) is never a task
    argument, so it is neither in the broker nor in Celery's log lines. False when it was already sent."""
    from accounts import emails

    try:
        return emails.send_pending_email(email_id=email_id)
    except OSError as exc:  # the mail server is unreachable: transient, retry with backoff
        raise self.retry(exc=exc, countdown=2 ** self.request.retries * 30) from exc


@shared_task(bind=True, name="accounts.send_mentor_invitation", acks_late=True, max_retries=3)
def send_mentor_invitation(self, assignment_id: int) -> bool:
    """The assignment is already committed and stands either way: the email only tells the mentor about it (their
    mentee list shows it). An unreachable mail server is retried; a message that cannot be sent at all is logged,
    never raised into the request that added the mentor (tasks run there when Celery is eager). Either way the row
    still owes the mail, for recover_unsent_mentor_invitations (a few more tries, then given up)."""
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


@shared_task(name="accounts.recover_unsent_emails", acks_late=True)
def recover_unsent_emails() -> int:
    """Beat (every minute): send again a stored email whose task a dead worker or a down broker lost."""
    from accounts import emails

    return emails.recover_unsent_emails()


@shared_task(name="accounts.scrub_admin_log", acks_late=True)
def scrub_admin_log(scrub_id: int) -> int:
    """After an account's deletion commits: replace its addresses in the admin's change log, chunk by chunk
    (accounts.admin_log.scrub). The words are read from the record, never a task argument."""
    from accounts import admin_log

    return admin_log.scrub(scrub_id)


@shared_task(name="accounts.resume_admin_log_scrubs", acks_late=True)
def resume_admin_log_scrubs() -> int:
    """Beat (every minute): finish a scrub of the admin's log whose task a dead worker or a down broker lost."""
    from accounts import admin_log

    return admin_log.resume_stale_scrubs()


@shared_task(name="accounts.recover_unsent_mentor_invitations", acks_late=True)
def recover_unsent_mentor_invitations() -> int:
    """Beat (every minute): send again a mentor's or an invited address's mail whose task a dead worker or a down
    broker lost."""
    from accounts import emails

    return emails.recover_unsent_mentor_invitations()


@shared_task(name="accounts.delete_sessions_of", acks_late=True)
def delete_sessions_of(user_id: int) -> int:
    """A deleted account's stored browser sessions (they hold its address); safe to run twice."""
    from accounts import services

    return services.delete_sessions_of(user_id=user_id)


@shared_task(name="accounts.clear_expired_sessions")
def clear_expired_sessions() -> None:
    from accounts import services

    services.clear_expired_sessions()


@shared_task(name="accounts.delete_stale_pending_emails")
def delete_stale_pending_emails() -> int:
    from accounts import emails

    return emails.delete_stale_pending_emails()


@shared_task(name="accounts.expire_mentor_invitations")
def expire_mentor_invitations() -> int:
    from accounts import services

    return services.expire_mentor_invitations()
