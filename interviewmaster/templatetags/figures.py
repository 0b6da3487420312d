"""`{{ value|figure }}`: a score or a percentage printed by the one rule (interviewmaster/figures.py)."""

from django import template

from interviewmaster.figures import figure as _figure

register = template.Library()


@register.filter
def figure(value) -> str:
    return _figure(value)
