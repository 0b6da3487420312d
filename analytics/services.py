"""Analytics actions: achievements, preferences, the leaderboard and the weekly digest (DESIGN §1, §2)."""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone

from analytics import achievements, selectors
from analytics.models import Award, LeaderboardEntry, LeaderboardPeriod, Preferences

logger = logging.getLogger(__name__)

_ADJECTIVES = ("Brisk", "Calm", "Clever", "Curious", "Steady", "Swift", "Bold", "Quiet", "Keen", "Bright", "Patient",
               "Nimble")
_ANIMALS = ("Otter", "Falcon", "Badger", "Heron", "Lynx", "Panda", "Marten", "Ibis", "Fox", "Wren", "Orca", "Yak")


def _new_pseudonym() -> str:
    return f"{secrets.choice(_ADJECTIVES)} {secrets.choice(_ANIMALS)} {secrets.randbelow(900_000) + 100_000}"


def ensure_preferences(*, user) -> Preferences:
    prefs = selectors.preferences_for(user)
    if prefs is not None:
        return prefs
    for _ in range(5):
        try:
            with transaction.atomic():
                return Preferences.objects.create(user=user, pseudonym=_new_pseudonym())
        except IntegrityError:  # a concurrent create for this user, or a pseudonym collision
            prefs = selectors.preferences_for(user)
            if prefs is not None:
                return prefs
    raise RuntimeError("could not allocate a pseudonym")  # 5 collisions in 130 million names: a bug, not luck


@transaction.atomic
def update_preferences(*, user, leaderboard_opt_in: bool, weekly_digest: bool) -> Preferences:
    """Save the choices. Opting out takes the candidate's rows off the leaderboard now: the pseudonym stayed listed
    (and the page said "You are not on the leaderboard" above its own highlighted row) until the next rebuild."""
    prefs = ensure_preferences(user=user)
    prefs.leaderboard_opt_in = leaderboard_opt_in
    prefs.weekly_digest = weekly_digest
    prefs.save(update_fields=["leaderboard_opt_in", "weekly_digest"])
    if not leaderboard_opt_in:
        LeaderboardEntry.objects.filter(user=user).delete()
    return prefs


def evaluate_achievements(*, user, now: datetime | None = None) -> list[Award]:
    """Award every catalogue entry the candidate has earned and not yet received. Idempotent: the unique constraint
    decides races, and only the request that created an award announces it."""
    already = set(Award.objects.filter(user=user).values_list("code", flat=True))
    facts = selectors.achievement_facts(user, now=now)
    new_awards = []
    for achievement in achievements.earned(facts):
        if achievement.code in already:
            continue
        try:
            with transaction.atomic():
                award = Award.objects.create(user=user, code=achievement.code, points=achievement.points)
        except IntegrityError:
            continue  # a concurrent evaluation got there first and announces it
        new_awards.append(award)
        transaction.on_commit(lambda award=award: _announce(award))
    return new_awards


def _announce(award: Award) -> None:
    """Push the badge to the candidate's open pages (the notifications socket); a missing layer only logs."""
    from asgiref.sync import async_to_sync
    from channels.layers import get_channel_layer

    achievement = achievements.BY_CODE[award.code]
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(notification_group(award.user_id), {
            "type": "achievement.awarded", "code": award.code, "name": achievement.name,
            "description": achievement.description, "points": award.points,
        })
    except Exception:  # noqa: BLE001 - a push is best effort; the badge is already stored
        logger.warning("could not push award %s to user %s", award.code, award.user_id, exc_info=True)


def notification_group(user_id: int) -> str:
    return f"notifications.user.{user_id}"


def week_start(now: datetime) -> datetime:
    """Monday 00:00 UTC of the week containing `now`: the leaderboard's week is one for everybody."""
    today = now.astimezone(UTC).date()
    return datetime.combine(today - timedelta(days=today.weekday()), datetime.min.time(), tzinfo=UTC)


def _ranked(points_by_user: list[tuple[int, str, int]]) -> list[tuple[int, str, int, int]]:
    """Competition ranking ("1224"): equal points share a rank; the order among equals is by pseudonym."""
    ordered = sorted(points_by_user, key=lambda row: (-row[2], row[1]))
    ranked, previous_points, previous_rank = [], None, 0
    for position, (user_id, pseudonym, points) in enumerate(ordered, start=1):
        rank = previous_rank if points == previous_points else position
        ranked.append((user_id, pseudonym, points, rank))
        previous_points, previous_rank = points, rank
    return ranked


@transaction.atomic
def recompute_leaderboard(*, now: datetime | None = None) -> dict[str, int]:
    """Rebuild both periods from the awards of opted-in candidates, in two aggregate queries and two bulk writes."""
    now = now or timezone.now()
    since = week_start(now)
    # The opted-in preferences, locked until the rebuild commits. An opt-out (update_preferences) updates its row
    # and then deletes its entries: one that commits first is not locked here (PostgreSQL re-checks a locked row that
    # changed) and not read below (each statement reads what is committed when it starts); one that comes later waits
    # for the rebuild and deletes what it wrote. Unlocked, the rebuild could read the opt-in just before the opt-out
    # and put the pseudonym back on the board until the next rebuild. The rows are only locked, not carried back.
    len(Preferences.objects.select_for_update().filter(leaderboard_opt_in=True).values_list("pk", flat=True))
    opted_in = get_user_model().objects.filter(analytics_prefs__leaderboard_opt_in=True, is_active=True,
                                               deleted_at__isnull=True)
    rows = opted_in.annotate(
        all_points=Sum("awards__points"),
        week_points=Sum("awards__points", filter=Q(awards__awarded_at__gte=since)),
    ).values_list("id", "analytics_prefs__pseudonym", "all_points", "week_points")
    all_time = [(uid, name, total or 0) for uid, name, total, _ in rows]
    weekly = [(uid, name, week or 0) for uid, name, _, week in rows if week]
    LeaderboardEntry.objects.all().delete()
    entries = [LeaderboardEntry(period=period, user_id=uid, pseudonym=name, points=points, rank=rank, computed_at=now)
               for period, source in ((LeaderboardPeriod.ALL, all_time), (LeaderboardPeriod.WEEK, weekly))
               for uid, name, points, rank in _ranked(source)]
    LeaderboardEntry.objects.bulk_create(entries, batch_size=1000)
    return {"all": len(all_time), "week": len(weekly)}


# --- weekly digest ------------------------------------------------------------------------------------------------

def enqueue_weekly_digests(*, now: datetime | None = None) -> int:
    """One digest task per active, verified candidate who has not opted out and has not had this week's digest."""
    from analytics.tasks import send_weekly_digest

    since = week_start(now or timezone.now())
    candidates = (get_user_model().objects.filter(role="candidate", is_active=True, deleted_at__isnull=True,
                                                  emailaddress__verified=True)
                  .exclude(analytics_prefs__weekly_digest=False)
                  .exclude(analytics_prefs__last_digest_at__gte=since)
                  .values_list("id", flat=True).distinct())
    count = 0
    for user_id in candidates.iterator():
        send_weekly_digest.delay(user_id)
        count += 1
    return count


def send_weekly_digest(*, user_id: int, now: datetime | None = None) -> bool:
    """Mail this week's digest unless it went out already, then mark it sent with a conditional UPDATE (a repeated
    task finds it sent). Marked only after the mail server took it: the claim used to be written first, so a worker
    killed between the claim and the send left the week claimed and the broker's redelivery sent nothing (the digest
    was lost). Now that costs at most a duplicate (a worker killed in the instant between the server's answer and the
    mark). Two deliveries at once are kept apart by the task's lease (analytics.tasks.send_weekly_digest)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

    now = now or timezone.now()
    user = get_user_model().objects.filter(id=user_id, is_active=True, deleted_at__isnull=True).first()
    if user is None:
        return False
    prefs = ensure_preferences(user=user)
    since = week_start(now)
    owed = (Preferences.objects.filter(id=prefs.id, weekly_digest=True)
            .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lt=since)))
    if not owed.exists():
        return False
    context = {"user": user, "digest": selectors.weekly_digest(user, now=now), "site_url": settings.SITE_URL}
    send_mail(subject="Your week on InterviewMaster",
              message=render_to_string("analytics/email/weekly_digest.txt", context),
              from_email=None, recipient_list=[user.email])
    owed.update(last_digest_at=now)
    return True


# --- peer cohorts ---------------------------------------------------------------------------------------------------

@transaction.atomic
def recompute_cohorts(*, now: datetime | None = None) -> int:
    """Rebuild every cohort's cut points from per-candidate category averages. Cohorts of any size are stored; the
    selector shows a percentile only from ANALYTICS_COHORT_MIN people up.

    A candidate's category average is what their dashboard ranks against the cut points: the mean of their questions'
    scores (`reports.category_score`), each question grouped and scored by the function their dashboard uses
    (interviews.selectors.score_questions, behind scores_by_question), so the two cannot drift apart. It grouped
    apart before: a follow-up of a follow-up made a question of its own here and on the dashboard while the report
    counts it nowhere, and a main answer without a category had its follow-ups scored without it here and with it
    (in the follow-up's category or none, by the order the rows came in) on the dashboard. One query, streamed in
    candidate order: only the candidate being read is held (their answers grouped per question), beside one average
    per candidate and category, as before. An answer without a category is read in its bank question's
    (interviews.selectors.answer_category, as the dashboard reads it): its question was left out of every cut point."""
    from itertools import groupby

    from analytics import cohorts
    from analytics.models import CohortStat
    from interviews import reports
    from interviews.models import Evaluation, InterviewSession, Turn
    from interviews.selectors import (
        EVALUATION_WITHHELD_FROM_CANDIDATE,
        ScoredAnswer,
        answer_category,
        evaluations_that_count,
        score_questions,
    )

    now = now or timezone.now()
    prefix = "candidate__"  # the evaluation's own copy of its session's candidate: no join through turn and session
    # A planned interview's scores are its expert's (interviews.policy.evaluation_shown_to): its candidate's own
    # averages leave them out (analytics.selectors._evaluations), so the cut points they are ranked against do too.
    withheld = Turn.objects.filter(session_id__in=InterviewSession.objects.filter(
        EVALUATION_WITHHELD_FROM_CANDIDATE).values("id")).values("id")
    rows = (evaluations_that_count(Evaluation.objects.exclude(turn_id__in=withheld))
            .filter(**{f"{prefix}role": "candidate", f"{prefix}is_active": True,
                       f"{prefix}deleted_at__isnull": True})
            .exclude(**{f"{prefix}target_role": ""}).exclude(**{f"{prefix}experience_level": ""})
            .order_by(f"{prefix}id")
            .values_list(f"{prefix}id", f"{prefix}target_role", f"{prefix}experience_level", "turn_id",
                         "turn__parent_id", "turn__parent__parent_id", answer_category("turn__"), "overall"))
    groups: dict[tuple[str, str, str], list[float]] = {}
    for (_candidate, role, level), answers in groupby(rows.iterator(chunk_size=2000), key=lambda row: row[:3]):
        by_category: dict[str, list[float]] = {}
        for question in score_questions(ScoredAnswer(*row[3:]) for row in answers):
            if question.category and question.score is not None:  # as the dashboard's categories (no category: none)
                by_category.setdefault(question.category, []).append(question.score)
        for category, scores in by_category.items():
            groups.setdefault((role, level, category), []).append(float(reports.category_score(scores)))
    CohortStat.objects.all().delete()
    CohortStat.objects.bulk_create([
        CohortStat(role=role, level=level, category=category, size=len(values), cutpoints=cohorts.cutpoints(values),
                   computed_at=now) for (role, level, category), values in groups.items()], batch_size=500)
    return len(groups)
