"""`manage.py import_questions [PATH ...] [--only-new] [--deactivate-missing]`: load bank files into the database."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from interviews.errors import QuestionBankInvalid
from interviews.question_bank import import_question_bank


class Command(BaseCommand):
    help = "Import question bank JSON files (default: QUESTION_BANK_DIR). Idempotent; refuses a bank with errors."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*")
        parser.add_argument("--only-new", action="store_true", help="Create missing questions; leave others alone.")
        parser.add_argument("--deactivate-missing", action="store_true",
                            help="Deactivate bank questions no longer present in the files.")

    def handle(self, *args, paths, only_new: bool, deactivate_missing: bool, **options):
        try:
            result = import_question_bank(paths=paths or None, only_new=only_new,
                                          deactivate_missing=deactivate_missing)
        except QuestionBankInvalid as exc:
            for line in exc.fields["questions"]:
                self.stderr.write(line)
            raise CommandError(f"Nothing imported: {len(exc.issues)} error(s) in the question bank.") from exc
        self.stdout.write(self.style.SUCCESS(
            f"Questions: {result.created} created, {result.updated} updated, {result.unchanged} unchanged, "
            f"{result.deactivated} deactivated."))
