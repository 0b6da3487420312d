"""Answers judged in the last day get `judged_at` from when they were given, which the judge budget read before 0012
(`studypaths.services.judge_seconds_used`, a window of SANDBOX_USER_JUDGE_WINDOW_SECONDS): without it every answer
judged before the deploy counted 0 s, a fresh budget for everyone at deploy. Older answers are outside any window."""

from datetime import timedelta

from django.db import migrations
from django.db.models import F
from django.utils import timezone


def forwards(apps, schema_editor):
    Turn = apps.get_model("interviews", "Turn")
    Turn.objects.filter(judge_wall_ms__isnull=False, judged_at__isnull=True,
                        submitted_at__gte=timezone.now() - timedelta(days=1)).update(judged_at=F("submitted_at"))


class Migration(migrations.Migration):
    dependencies = [("interviews", "0012_answer_judged_at")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
