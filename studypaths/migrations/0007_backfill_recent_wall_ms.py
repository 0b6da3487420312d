"""Runs of the last day get `wall_ms` from their result, where it was kept before 0006: the judge-seconds budget
(`studypaths.services.judge_seconds_used`, a window of SANDBOX_USER_JUDGE_WINDOW_SECONDS) reads the field, and
without this every run judged before the deploy counted 0 s, a fresh budget for everyone at deploy. Older runs are
outside any window and are left as they are."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    CodeRun = apps.get_model("studypaths", "CodeRun")
    recent = CodeRun.objects.filter(created_at__gte=timezone.now() - timedelta(days=1), wall_ms=0)
    for run_id, result in recent.values_list("id", "result").iterator():
        wall_ms = result.get("wall_ms") if isinstance(result, dict) else None
        if isinstance(wall_ms, int) and wall_ms > 0:
            CodeRun.objects.filter(id=run_id).update(wall_ms=wall_ms)


class Migration(migrations.Migration):
    dependencies = [("studypaths", "0006_coderun_wall_ms")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
