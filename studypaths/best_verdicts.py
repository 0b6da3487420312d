"""The user's best verdicts per problem (the problem list's badges), kept in the cache per user.

Every view of the problem list needs them and they change only when a run of the user's finishes (or runs are deleted),
so they are read from the database once and then served from the cache under the user's key until one of these forgets
them:

* the judge finishing a run (`services.execute_code_run` and its failure path write with `.update()`, which sends no
  signal, so they call `forget_best_verdicts` themselves);
* a save of a finished run, or the delete of any run, through the ORM (admin, cascades, account deletion): signals.

Forgetting does not delete the key: it writes a short-lived marker (`TOMBSTONE_SECONDS`) that readers never store over
(`interviewmaster/forgettable.py`). A reader that read the old rows just before the run committed can therefore not put
them back after the forget; readers go to the database until the marker expires, and then the next one stores fresh
rows. The forget is also repeated when the surrounding transaction commits. `BEST_VERDICTS_CACHE_SECONDS` (default 600)
bounds how long any copy lives; 0 turns the cache off.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_delete, post_save

from interviewmaster.forgettable import TOMBSTONE, forget, read_through
from studypaths.models import CodeRun, RunStatus
from studypaths.selectors import BestVerdict, best_verdicts_for

# The shape's version is part of the key: a deploy that changes it never reads an old one.
KEY = "studypaths:best:v1:{user_id}"
__all__ = ["TOMBSTONE", "cached_best_verdicts_for", "forget_best_verdicts"]
TOMBSTONE_SECONDS = 60
FINISHED = (RunStatus.DONE, RunStatus.FAILED)


def _seconds() -> int:
    return settings.BEST_VERDICTS_CACHE_SECONDS


def cached_best_verdicts_for(user) -> dict[int, BestVerdict]:
    """`selectors.best_verdicts_for(user)`, from the cache when it holds them (one cache read, no query)."""
    if not getattr(user, "pk", None):
        return best_verdicts_for(user)
    return read_through(
        KEY.format(user_id=user.pk), lambda: best_verdicts_for(user), _seconds(),
        encode=lambda best: {problem_id: (b.verdict, b.kind) for problem_id, b in best.items()},
        decode=lambda found: {problem_id: BestVerdict(verdict=verdict, kind=kind)
                              for problem_id, (verdict, kind) in found.items()})


def forget_best_verdicts(user_id: int | None) -> None:
    """The user's runs changed: drop the cached copy now and again when the transaction commits."""
    if user_id is None:
        return
    forget(KEY.format(user_id=user_id), TOMBSTONE_SECONDS)


def _run_saved(sender, instance: CodeRun, **kwargs) -> None:
    if instance.status in FINISHED:
        forget_best_verdicts(instance.user_id)


def _run_deleted(sender, instance: CodeRun, **kwargs) -> None:
    forget_best_verdicts(instance.user_id)


def connect_signals() -> None:
    post_save.connect(_run_saved, sender=CodeRun, dispatch_uid="best-verdicts-save")
    post_delete.connect(_run_deleted, sender=CodeRun, dispatch_uid="best-verdicts-delete")
