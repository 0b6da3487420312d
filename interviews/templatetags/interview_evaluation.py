"""Who reads an interview's evaluation, for the pages that list interviews with their scores."""

from __future__ import annotations

from django import template

from interviews import policy, presenters

register = template.Library()


@register.filter
def evaluation_shown_to(session, user) -> bool:
    """`{% if s|evaluation_shown_to:user %}`: `policy.evaluation_shown_to` (a planned interview's score is its
    expert's, not its candidate's or a mentor's)."""
    return policy.evaluation_shown_to(session, user)


@register.filter
def feedback_for(text, reader_is_candidate) -> str:
    """`{{ t.feedback|feedback_for:reader_is_candidate }}`: `presenters.feedback_for`, the feedback written to the
    candidate read about them by anyone else."""
    return presenters.feedback_for(text or "", reader_is_candidate=bool(reader_is_candidate))
