"""Typed skills stored under the old id rule get the current one.

Before a944c7c a typed name outside the taxonomy became `custom:` + its ASCII letters and digits ("Битрикс",
"Тестирование ПО" and "数据分析" were all `custom:skill`, "Résumé" was `custom:r-sum`). Such rows keep their name, so
the current id (`resumes.services.custom_skill_id`, copied here as it was when this migration was written) is computed
from it. A row whose current id the resume already holds (the candidate typed the name again after the change) is the
same skill twice: the row under the current id stays, confirmed if either was.
"""

import hashlib
import unicodedata

from django.db import migrations

_CUSTOM_SLUG_MAX = 50


def _custom_skill_id(name: str) -> str:
    folded = unicodedata.normalize("NFKC", name).casefold()
    kept = "".join(char if unicodedata.category(char)[0] in "LMN" else " " for char in folded)
    slug = "-".join(kept.split())
    digest = hashlib.sha256(folded.encode()).hexdigest()
    if not slug:
        return f"custom:{digest[:16]}"
    if len(slug) > _CUSTOM_SLUG_MAX:
        slug = f"{slug[:_CUSTOM_SLUG_MAX - 9].rstrip('-')}-{digest[:8]}"
    return f"custom:{slug}"


def forwards(apps, schema_editor):
    ResumeSkill = apps.get_model("resumes", "ResumeSkill")
    for row in ResumeSkill.objects.filter(skill_id__startswith="custom:").order_by("id").iterator():
        current = _custom_skill_id(row.name)
        if current == row.skill_id:
            continue
        twin = ResumeSkill.objects.filter(resume_id=row.resume_id, skill_id=current).first()
        if twin is None:
            ResumeSkill.objects.filter(id=row.id).update(skill_id=current)
            continue
        if row.status == "confirmed" and twin.status != "confirmed":
            ResumeSkill.objects.filter(id=twin.id).update(status="confirmed")
        ResumeSkill.objects.filter(id=row.id).delete()


class Migration(migrations.Migration):
    dependencies = [("resumes", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
