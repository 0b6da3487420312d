"""Evaluation.candidate: the session's candidate copied onto each evaluation (analytics reads a candidate's evaluations
from one index instead of joining turn -> session). Added nullable and backfilled here; 0006 makes it required and
adds the index (a separate migration: PostgreSQL refuses ALTER TABLE with the backfill's FK checks pending)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BACKFILL = """
UPDATE interviews_evaluation SET candidate_id = (
    SELECT s.candidate_id FROM interviews_turn t JOIN interviews_interviewsession s ON s.id = t.session_id
    WHERE t.id = interviews_evaluation.turn_id)
WHERE candidate_id IS NULL
"""


class Migration(migrations.Migration):

    dependencies = [
        ('interviews', '0004_interview_engine'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='evaluation',
            name='candidate',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop, elidable=False),
    ]
