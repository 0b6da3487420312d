"""`manage.py export_questions --out DIR`: write the database's questions as bank JSON files, one per category."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from interviews.models import Question
from interviews.question_bank import export_question_bank, write_bank


class Command(BaseCommand):
    help = "Export questions to bank JSON files (one per category) in --out."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Directory to write <category>.json files to.")
        parser.add_argument("--active-only", action="store_true")

    def handle(self, *args, out: str, active_only: bool, **options):
        rows = Question.objects.order_by("category", "difficulty", "external_id")
        if active_only:
            rows = rows.filter(is_active=True)
        written = write_bank(export_question_bank(questions=rows), out)
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(written)} file(s) to {out}."))
