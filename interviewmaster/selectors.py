"""Reads every app shares: the one convention for "one object or not found" (docs/architecture.md, Errors)."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

T = TypeVar("T", bound=models.Model)


def one_or_raise(queryset: models.QuerySet[T], error: Exception | type[Exception], **lookup) -> T:
    """The first row of `queryset` matching `lookup`, or raise `error` (the app's `NotFound` subclass, a class or an
    instance with its own message). Selectors and the API/page helpers that scope a lookup to the caller use it, so a
    row someone may not see is a 404 like a row that does not exist."""
    found = queryset.filter(**lookup).first()
    if found is None:
        raise error
    return found
