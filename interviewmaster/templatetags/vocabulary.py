"""`{{ id|category_name }}`, `{{ id|criterion_name }}` and `{{ id|language_name }}`: a category's, an evaluation
criterion's or a programming language's display name, by the one rule every page uses
(`interviewmaster.capabilities.category_name` / `criterion_name` / `language_name`)."""

from django import template

from interviewmaster import capabilities

register = template.Library()


@register.filter
def category_name(value) -> str:
    return capabilities.category_name(value)


@register.filter
def criterion_name(value) -> str:
    return capabilities.criterion_name(value)


@register.filter
def language_name(value) -> str:
    return capabilities.language_name(value)
