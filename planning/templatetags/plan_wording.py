"""Template filters for the expert's workplace: the audit trail and the critique in words (planning.wording)."""

from django import template

from planning import wording

register = template.Library()


@register.filter
def event_text(event) -> str:
    return wording.event_text(event)


@register.filter
def confidence_text(critique) -> str:
    return wording.confidence_text(critique.confidence, critique.provider)


@register.filter
def issue_kind(kind: str) -> str:
    return wording.issue_kind_text(kind)


@register.filter
def reason_text(reason: str) -> str:
    return wording.reason_text(reason)
