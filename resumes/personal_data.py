"""The resumes part of "download my data" and of account deletion (registered with accounts.personal_data)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from resumes.models import Resume, ResumeSkill


def export_resumes_of(user) -> list[dict]:
    rows = Resume.objects.filter(owner=user, deleted_at__isnull=True).order_by("created_at").prefetch_related("skills")
    return [
        {
            "id": r.id,
            "original_filename": r.original_filename,
            "kind": r.kind,
            "status": r.status,
            "uploaded_at": r.created_at.isoformat(),
            "is_active": r.is_active,
            "target_role": r.target_role,
            "text": r.text,
            "facts": r.facts,
            "analysis": r.analysis,
            "skills": [{"name": s.name, "category": s.category, "status": s.status, "source": s.source}
                       for s in r.skills.all()],
        }
        for r in rows
    ]


def erase_resumes_of(user) -> None:
    """Runs inside the account-deletion transaction: every resume (deleted ones too) loses its personal content;
    the files leave storage once the deletion commits."""
    resumes = list(Resume.objects.select_for_update().filter(owner=user))
    files = [(r.file.storage, r.file.name) for r in resumes if r.file.name]
    now = timezone.now()
    ResumeSkill.objects.filter(resume__owner=user).delete()
    Resume.objects.filter(owner=user).update(
        file="", text="", facts={}, analysis={}, original_filename="(deleted)", is_active=False,
        deleted_at=now,
    )
    for storage, name in files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
