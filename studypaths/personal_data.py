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


def export_study_of(user) -> dict:
    from studypaths import export
    from studypaths.models import ReviewCard, StudyPath, TopicMastery

    return {
        "paths": [{"track": p.track.slug, "status": p.status,
                   "target_date": p.target_date and p.target_date.isoformat(),
                   "hours_per_week": p.hours_per_week, "focus_modules": p.focus_modules,
                   "created_at": p.created_at.isoformat()}
                  for p in StudyPath.objects.filter(user=user).select_related("track")],
        "tasks": list(export.task_rows(user=user)),
        "mastery": list(TopicMastery.objects.filter(user=user).values("topic", "mastery", "attempts", "failures")),
        "reviews": [{"problem": slug, "due": due.isoformat()} for slug, due in
                    ReviewCard.objects.filter(user=user).values_list("problem__slug", "due")],
    }


def erase_study_of(user) -> None:
    """Paths (with their tasks, events, evaluations and hints), review cards and mastery go with the account."""
    from studypaths.models import ReviewCard, StudyPath, TopicMastery

    StudyPath.objects.filter(user=user).delete()
    ReviewCard.objects.filter(user=user).delete()
    TopicMastery.objects.filter(user=user).delete()
