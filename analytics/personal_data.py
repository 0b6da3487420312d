"""The analytics part of "download my data" and of account deletion (registered with accounts.personal_data).

Per person analytics stores the motivation preferences (leaderboard opt-in, pseudonym, weekly digest), the badges
awarded and the leaderboard rows; the dashboard itself is computed from the other apps' rows (which their own
erasers remove) and cached per candidate. Cohort statistics hold only quantile cut points, never a row per person.
"""

from __future__ import annotations

from analytics import achievements
from analytics.models import Award, LeaderboardEntry, Preferences
from analytics.selectors import forget_summary


def export_analytics_of(user) -> dict:
    prefs = Preferences.objects.filter(user=user).first()
    return {
        "preferences": prefs and {"leaderboard_opt_in": prefs.leaderboard_opt_in, "pseudonym": prefs.pseudonym,
                                  "weekly_digest": prefs.weekly_digest,
                                  "last_digest_at": prefs.last_digest_at and prefs.last_digest_at.isoformat()},
        "badges": [{"code": a.code, "name": getattr(achievements.BY_CODE.get(a.code), "name", a.code),
                    "points": a.points, "awarded_at": a.awarded_at.isoformat()}
                   for a in Award.objects.filter(user=user).order_by("awarded_at", "id")],
        "leaderboard": [{"period": e.period, "rank": e.rank, "points": e.points, "pseudonym": e.pseudonym,
                         "computed_at": e.computed_at.isoformat()}
                        for e in LeaderboardEntry.objects.filter(user=user).order_by("period")],
    }


def erase_analytics_of(user) -> None:
    """Badges, preferences (the pseudonym with them) and leaderboard rows go; the cached summary now and after
    commit."""
    Award.objects.filter(user=user).delete()
    LeaderboardEntry.objects.filter(user=user).delete()
    Preferences.objects.filter(user=user).delete()
    forget_summary(user.pk)
