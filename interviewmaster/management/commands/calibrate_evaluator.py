"""`manage.py calibrate_evaluator [--provider NAME] [--split all|tune|holdout] [--check]`: how well a provider's
answer evaluation agrees with our graded calibration set (data/evaluation/calibration.json, docs/ai.md).

Every answer goes through `complete_json("evaluate_answer", ...)` on a chain holding only the chosen provider, so the
scores are exactly what the product would show, deterministic caps included. Prints Spearman against the grades for
the tune half, the held-out half and the whole set, the worst misorderings, and every gaming answer's score.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interviewmaster.ai import calibration
from interviewmaster.ai.chain import Chain, build_providers, complete_json
from interviewmaster.ai.errors import AIUnavailable

SPEARMAN_TARGET = 0.9
GAMING_TARGET = 25.0


class Command(BaseCommand):
    help = ("Score the calibration set with one AI provider (default: offline) and print Spearman against the human "
            "grades, the worst misorderings and every gaming answer's score.")

    def add_arguments(self, parser):
        parser.add_argument("--provider", default="offline", help="A configured provider name (default: offline).")
        parser.add_argument("--split", choices=["all", *calibration.SPLITS], default="all",
                            help="Score only the tune or the held-out questions (default: all).")
        parser.add_argument("--file", type=Path, help="Another calibration file in the same format.")
        parser.add_argument("--worst", type=int, default=5, help="How many misorderings to print (default 5).")
        parser.add_argument("--check", action="store_true",
                            help=f"Exit non-zero unless Spearman >= {SPEARMAN_TARGET}, every gaming answer <= "
                                 f"{GAMING_TARGET:.0f} and strong > mediocre > evasive on every question.")

    def handle(self, *args, provider: str, split: str, file: Path | None, worst: int, check: bool, **options):
        chosen = self._provider(provider)
        try:
            rows = calibration.load(file)
        except (OSError, ValueError, KeyError) as exc:
            raise CommandError(f"Cannot read the calibration set: {exc}") from exc
        if split != "all":
            rows = [r for r in rows if r["split"] == split]
        chain = Chain([chosen])
        failures: list[str] = []

        def evaluate(inputs: dict) -> dict:
            try:
                return complete_json("evaluate_answer", inputs, chain=chain, use_cache=False).data
            except AIUnavailable as exc:
                failures.append(str(exc)[:200])
                return {"score": float("nan"), "flags": ["provider_failed"]}

        scored = [s for s in calibration.score_all(evaluate, rows) if s.score == s.score]  # drop NaN (failures)
        if not scored:
            raise CommandError(f"Provider {provider!r} could not score any answer: {failures[:1]}")
        self._print(provider, scored, worst, failures)
        if check:
            self._check(calibration.report(scored)["all"])

    def _provider(self, name: str):
        providers = {p.name: p for p in build_providers()}
        if name not in providers:
            known = ", ".join(sorted(providers)) or "none"
            raise CommandError(f"Unknown or disabled AI provider {name!r}. Configured: {known}.")
        return providers[name]

    def _print(self, provider: str, scored: list, worst: int, failures: list[str]) -> None:
        self.stdout.write(f"Calibration of provider '{provider}' on {len(scored)} graded answers")
        if failures:
            self.stdout.write(self.style.WARNING(f"{len(failures)} answers could not be scored: {failures[0]}"))
        for same, title in ((True, "on the same question"), (False, "across questions (these lower Spearman)")):
            pairs = calibration.misorderings(scored, same_question=same)
            self.stdout.write(f"Worst misorderings {title}: {len(pairs)}")
            for better, worse in pairs[:worst]:
                self.stdout.write(f"  {better.answer_id} (grade {better.grade}) {better.score:.1f} <= "
                                  f"{worse.answer_id} (grade {worse.grade}) {worse.score:.1f}")
        self.stdout.write("Gaming answers:")
        for s in (s for s in scored if s.kind == "gaming"):
            self.stdout.write(f"  {s.score:5.1f}  {s.answer_id} ({s.gaming}; {s.split}) flags: "
                              f"{', '.join(s.flags) or 'none'}")
        for figures in calibration.report(scored).values():
            if figures.answers:
                self.stdout.write(figures.line())

    def _check(self, figures: calibration.Figures) -> None:
        problems = []
        if figures.spearman < SPEARMAN_TARGET:
            problems.append(f"Spearman {figures.spearman:.3f} < {SPEARMAN_TARGET}")
        if figures.gaming_max > GAMING_TARGET:
            problems.append(f"a gaming answer scored {figures.gaming_max:.1f} > {GAMING_TARGET:.0f}")
        if figures.misordered_questions:
            problems.append(f"strong > mediocre > evasive broken on {', '.join(figures.misordered_questions)}")
        if problems:
            raise CommandError("Calibration check failed: " + "; ".join(problems))
        self.stdout.write(self.style.SUCCESS("Calibration check passed."))
