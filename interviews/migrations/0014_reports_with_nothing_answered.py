"""Interviews reported before session 33 with no question answered got "0/100, an early-stage performance" and an
overall of 0, which counted them as finished interviews (badges, the digest, the minutes chart). They get the report
such an interview gets now: no overall, a summary that says nothing was answered, no advice. (Interviews answered
only with "next" or "I don't know" cannot be told apart from the old report's counts; they are left as they are.)"""

from django.db import migrations

NOTHING_ANSWERED = ("No question was answered, so there is no score: a request to move on (\"next\") or an "
                    "\"I don't know\" is not an answer. This interview counts for no badge, streak or progress chart.")


def forwards(apps, schema_editor):
    InterviewSession = apps.get_model("interviews", "InterviewSession")
    for session in InterviewSession.objects.filter(state="evaluated", overall=0).only("id", "report").iterator():
        report = session.report if isinstance(session.report, dict) else {}
        if report.get("answered_questions") != 0:
            continue
        report.update({"overall": None, "missed_questions": 0, "by_criterion": [], "by_category": [],
                       "strengths": [], "weaknesses": [], "recommendations": [],
                       "practice": {"modules": [], "problems": []}, "summary_provider": "none",
                       "summary": NOTHING_ANSWERED if report.get("summary_provider") != "erased"
                       else report.get("summary", "")})
        InterviewSession.objects.filter(id=session.id).update(overall=None, report=report)


class Migration(migrations.Migration):
    dependencies = [("interviews", "0013_backfill_answer_judged_at")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
