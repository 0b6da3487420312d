"""Reads of the problem bank shared by pages, APIs and tasks."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from studypaths.models import CodeRun, Module, Problem, ProblemTest


def published_problems(*, module: str | None = None) -> QuerySet[Problem]:
    qs = Problem.objects.filter(is_published=True).select_related("module")
    if module:
        qs = qs.filter(module__slug=module)
    return qs


def problem_with_examples(*, problem_id: int) -> Problem | None:
    examples = Prefetch("tests", queryset=ProblemTest.objects.filter(is_public=True), to_attr="examples")
    return published_problems().prefetch_related(examples).filter(id=problem_id).first()


def modules_with_counts() -> QuerySet[Module]:
    return Module.objects.annotate(problem_count=Count("problems", filter=Q(problems__is_published=True)))


def runs_for(user) -> QuerySet[CodeRun]:
    """The runs a user may see: their own only."""
    return CodeRun.objects.filter(user=user).select_related("problem")
