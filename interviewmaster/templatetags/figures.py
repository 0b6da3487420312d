"""`{{ value|figure }}`: a score or a percentage printed by the one rule (interviewmaster/figures.py);
`{{ number|article }}`: "a" or "an" before a number written in digits ("an 88-minute interview")."""

from django import template

from interviewmaster.figures import article_for
from interviewmaster.figures import figure as _figure

register = template.Library()


@register.filter
def figure(value) -> str:
    return _figure(value)


@register.filter
def article(number) -> str:
    return article_for(number)
