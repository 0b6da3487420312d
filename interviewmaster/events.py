"""Append-only audit rows (DESIGN §4): the one base every app's event model inherits.

A stored event is never rewritten or removed through the ORM: `save()` of a stored row, `delete()` of an instance, and
`update()` / `delete()` of a queryset all raise `AppendOnlyError`; the one bulk write allowed is `erase()`, which blanks
personal fields when an account is erased. The rows still go with their parent: a cascade (a deleted plan, task or
session) deletes through Django's collector, not through these methods.

    class PlanEvent(AppendOnlyModel):
        plan = models.ForeignKey(InterviewPlan, on_delete=models.CASCADE, related_name="events")
        ...
"""

from __future__ import annotations

from django.db import models


class AppendOnlyError(ValueError):
    """A write that would change or remove a stored audit row. A programming error, never a user's: not a
    DomainError, so it is a 500 wherever it escapes."""


def _refuse(model: type[models.Model]) -> AppendOnlyError:
    return AppendOnlyError(f"{str(model._meta.verbose_name_plural).capitalize()} are append-only.")


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk update/delete are refused: audit rows are never rewritten. The one write allowed is `erase`."""

    def update(self, **kwargs):
        raise _refuse(self.model)

    def erase(self, **blanks) -> int:
        """Blank personal fields of these rows when their person's account is erased (the rows stay, anonymised)."""
        return super().update(**blanks)

    def delete(self):
        raise _refuse(self.model)


class AppendOnlyModel(models.Model):
    """Abstract base of an append-only event model: insert only."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise _refuse(type(self))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise _refuse(type(self))


def kind_words(kind: str) -> str:
    """An event kind no label knows, in words, never as its id: "follow_up.skipped" -> "Follow up skipped"."""
    return " ".join(str(kind).replace(".", " ").replace("_", " ").split()).capitalize()
