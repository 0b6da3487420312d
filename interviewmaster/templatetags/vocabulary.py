"""`{{ id|category_name }}` and `{{ id|criterion_name }}`: a category's or an evaluation criterion's display name, by
the one rule every page uses (`interviewmaster.capabilities.category_name` / `criterion_name`)."""

from django import template

from interviewmaster import capabilities

register = template.Library()


@register.filter
def category_name(value) -> str:
    return capabilities.category_name(value)


@register.filter
def criterion_name(value) -> str:
    return capabilities.criterion_name(value)
