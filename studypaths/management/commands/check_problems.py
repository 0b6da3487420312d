"""Check of the problem bank: every reference solution passes every test, every starter code fails; for problems from
the bank files also every test within its limits, unique answers where promised (brute-force checker) and a promised
complexity enforced (the slow solution exceeds 3x the time limit, the reference stays under a third of it).

Runs every solution through the real sandbox. Exits non-zero when any problem fails, so CI can gate on it.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from studypaths.models import Problem
from studypaths.services import DEFAULT_BANK_DIR, bank_data, check_problem, load_problem_bank


class Command(BaseCommand):
    help = "Check every problem: reference solutions pass every test, starter code fails, >= N hidden tests."

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="only these problems")
        parser.add_argument("--load", action="store_true", help=f"load {DEFAULT_BANK_DIR} first")
        parser.add_argument("--dir", default=str(DEFAULT_BANK_DIR))
        parser.add_argument("--jobs", type=int, default=4, help="problems checked in parallel")
        parser.add_argument("--min-hidden", type=int, default=8)
        parser.add_argument("--min-problems", type=int, default=0, help="fail if fewer problems are checked")
        parser.add_argument("--min-modules", type=int, default=0, help="fail if they span fewer modules")

    def handle(self, *args, **options):
        if options["load"]:
            load_problem_bank(directory=Path(options["dir"]))
        problems = list(Problem.objects.select_related("module").prefetch_related("tests").order_by("slug"))
        if options["slugs"]:
            problems = [p for p in problems if p.slug in set(options["slugs"])]
        if not problems:
            raise CommandError("no problems to check (load them with --load or manage.py load_problems)")
        started = time.monotonic()
        data = bank_data(Path(options["dir"]))

        def one(problem):
            try:
                return check_problem(problem=problem, min_hidden_tests=options["min_hidden"],
                                     data=data.get(problem.slug))
            finally:
                connections.close_all()

        with ThreadPoolExecutor(max_workers=max(1, options["jobs"])) as pool:
            checks = list(pool.map(one, problems))
        failed = [c for c in checks if not c.ok]
        for check in checks:
            mark = self.style.SUCCESS("ok  ") if check.ok else self.style.ERROR("FAIL")
            self.stdout.write(f"{mark} {check.slug} ({check.hidden_tests} hidden tests)")
            for failure in check.failures:
                self.stdout.write(f"       - {failure}")
        modules = {p.module.slug for p in problems}
        summary = (f"{len(checks) - len(failed)}/{len(checks)} problems pass across {len(modules)} modules "
                   f"in {time.monotonic() - started:.1f}s")
        if len(problems) < options["min_problems"] or len(modules) < options["min_modules"]:
            raise CommandError(f"{summary}; need at least {options['min_problems']} problems and "
                               f"{options['min_modules']} modules")
        if failed:
            raise CommandError(f"{summary}; failing: {', '.join(c.slug for c in failed)}")
        self.stdout.write(self.style.SUCCESS(summary))
