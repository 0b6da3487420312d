"""The code judge's part of "download my data" and of account deletion (registered with accounts.personal_data)."""

from __future__ import annotations

from studypaths.models import CodeRun


def export_code_runs_of(user) -> list[dict]:
    runs = CodeRun.objects.filter(user=user).select_related("problem").order_by("created_at")
    return [{"problem": r.problem.slug, "kind": r.kind, "language": r.language, "code": r.code,
             "verdict": r.verdict, "created_at": r.created_at.isoformat()} for r in runs]


def erase_code_runs_of(user) -> None:
    """Candidates' code is their own writing: it goes with the account."""
    CodeRun.objects.filter(user=user).delete()
