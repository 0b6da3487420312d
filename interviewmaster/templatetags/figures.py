"""`{{ value|figure }}`: a score or a percentage printed by the one rule (interviewmaster/figures.py);
`{{ number|article }}`: "a" or "an" before a number written in digits ("an 88-minute interview");
`{{ seconds|duration }}`: a duration kept in seconds as a person reads it ("5 min 12 s")."""

from django import template

from interviewmaster.figures import article_for, duration_text
from interviewmaster.figures import figure as _figure

register = template.Library()


@register.filter
def figure(value) -> str:
    return _figure(value)


@register.filter
def article(number) -> str:
    return article_for(number)


@register.filter
def duration(seconds) -> str:
    return duration_text(seconds)
