"""Import a candidate's task history exported by GET /api/v1/study-tasks/export (JSON or CSV).

    manage.py import_study_history FILE --user EMAIL [--dry-run] [--revert]

Idempotent (rows are keyed; a second import changes nothing) and reversible (--revert removes exactly the rows of
FILE that were imported, and the imported paths left empty)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from studypaths import export


class Command(BaseCommand):
    help = "Import (or with --revert remove) a study history file for one user."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--user", required=True, help="email of the candidate who receives the history")
        parser.add_argument("--dry-run", action="store_true", help="report what would change, change nothing")
        parser.add_argument("--revert", action="store_true", help="remove the tasks this file imported")

    def handle(self, *args, file, user, dry_run, revert, **options):
        account = get_user_model().objects.filter(email__iexact=user).first()
        if account is None:
            raise CommandError(f"no user with email {user}")
        try:
            rows = export.read_rows(Path(file).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        action = export.revert_import if revert else export.import_history
        report = action(user=account, rows=rows, dry_run=dry_run)
        for error in report.errors[:50]:
            self.stderr.write(error)
        prefix = "dry run: " if dry_run else ""
        if revert:
            self.stdout.write(f"{prefix}removed {report.removed} tasks, {-report.paths_created} empty imported paths")
        else:
            self.stdout.write(f"{prefix}created {report.created}, unchanged {report.unchanged}, "
                              f"errors {len(report.errors)}, new paths {report.paths_created}")
