"""`manage.py validate_questions [--strict] [PATH ...]`: check the question bank files. CI runs it with --strict."""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand, CommandError

from interviews.question_bank import read_bank


class Command(BaseCommand):
    help = ("Check question bank files (default: QUESTION_BANK_DIR): schema, duplicates, missing expected points, "
            "unknown categories/roles/languages/tags, difficulty/category mismatches. --strict fails on warnings.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", help="Files or directories (default: the shipped bank).")
        parser.add_argument("--strict", action="store_true", help="Fail on warnings too.")

    def handle(self, *args, paths, strict: bool, **options):
        report = read_bank(paths or None)
        for issue in report.issues:
            style = self.style.ERROR if issue.level == "error" else self.style.WARNING
            self.stdout.write(style(str(issue)))
        by_category = Counter(q.get("category") for _f, _i, q in report.questions)
        by_difficulty = Counter(q.get("difficulty") for _f, _i, q in report.questions)
        roles = Counter(r for _f, _i, q in report.questions for r in q.get("roles", []))
        def counts(counter: Counter) -> str:
            return ", ".join(f"{k}={v}" for k, v in sorted(counter.items(), key=str))

        self.stdout.write(f"{len(report.questions)} questions; categories: {counts(by_category)}; "
                          f"difficulties: {counts(by_difficulty)}; roles: {len(roles)}")
        summary = f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"
        if report.errors or (strict and report.warnings):
            raise CommandError(f"Question bank check failed: {summary}" + (" (strict)" if strict else ""))
        self.stdout.write(self.style.SUCCESS(f"Question bank OK: {summary}"))
