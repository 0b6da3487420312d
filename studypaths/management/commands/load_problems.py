"""Load the shipped problem bank (or another directory of problem JSON files). Safe to run repeatedly."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from studypaths.services import DEFAULT_BANK_DIR, load_problem_bank


class Command(BaseCommand):
    help = "Create or update tracks, modules and problems (with hidden tests) from JSON files."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(DEFAULT_BANK_DIR), help="directory of problem JSON files")

    def handle(self, *args, **options):
        report = load_problem_bank(directory=Path(options["dir"]))
        self.stdout.write(self.style.SUCCESS(
            f"Problem bank: {len(report.slugs)} problems in {report.modules} modules, {report.tracks} tracks "
            f"({report.created} created, {report.updated} updated, {report.unchanged} unchanged)."))
