"""Celery tasks of analytics: thin wrappers named after their service (DESIGN §2); they take ids and re-fetch."""

from __future__ import annotations

from celery import shared_task


@shared_task(bind=True, name="analytics.evaluate_achievements", acks_late=True, soft_time_limit=60, time_limit=90)
def evaluate_achievements(self, user_id: int) -> list[str]:
    """Award what the candidate has earned; repeating it awards nothing twice (a unique constraint decides)."""
    from django.contrib.auth import get_user_model

    from analytics import services

    user = get_user_model().objects.filter(id=user_id, is_active=True).first()
    if user is None:
        return []
    return [award.code for award in services.evaluate_achievements(user=user)]


@shared_task(bind=True, name="analytics.recompute_leaderboard", acks_late=True, soft_time_limit=300, time_limit=360)
def recompute_leaderboard(self) -> dict:
    from analytics import services

    return services.recompute_leaderboard()


@shared_task(bind=True, name="analytics.send_weekly_digests", acks_late=True, soft_time_limit=300, time_limit=360)
def send_weekly_digests(self) -> int:
    """Fan out one digest task per candidate who wants it (each one idempotent within its week)."""
    from analytics import services

    return services.enqueue_weekly_digests()


@shared_task(bind=True, name="analytics.send_weekly_digest", acks_late=True, soft_time_limit=60, time_limit=90,
             autoretry_for=(ConnectionError,), max_retries=3, retry_backoff=True)
def send_weekly_digest(self, user_id: int) -> bool:
    """One candidate's digest; a copy of this task another delivery is running does nothing (the digest is marked
    sent only after the mail server took it)."""
    from analytics import services
    from interviewmaster.recovery import exclusively

    return bool(exclusively(self, f"analytics.digest:{user_id}", lambda: services.send_weekly_digest(user_id=user_id)))


@shared_task(bind=True, name="analytics.recompute_cohorts", acks_late=True, soft_time_limit=600, time_limit=660)
def recompute_cohorts(self) -> int:
    from analytics import services

    return services.recompute_cohorts()
