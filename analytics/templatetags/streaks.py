"""`{% practice_streak user as streak %}`: the candidate's practice streak (analytics.selectors.streak_for), for pages
of other apps that show it. A streak is the candidate's, not a study path's: Today and the path page read the one
Progress shows, so a new path does not start it over (studypaths imports nothing of analytics; its templates load
this)."""

from __future__ import annotations

from django import template

from analytics.selectors import streak_for

register = template.Library()


@register.simple_tag
def practice_streak(user):
    return streak_for(user)
