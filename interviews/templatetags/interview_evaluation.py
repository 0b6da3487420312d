"""Who reads an interview's evaluation, for the pages that list interviews with their scores."""

from __future__ import annotations

from django import template

from interviews import policy

register = template.Library()


@register.filter
def evaluation_shown_to(session, user) -> bool:
    """`{% if s|evaluation_shown_to:user %}`: `policy.evaluation_shown_to` (a planned interview's score is its
    expert's, not its candidate's or a mentor's)."""
    return policy.evaluation_shown_to(session, user)
