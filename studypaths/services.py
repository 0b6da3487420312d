"""Study paths services: judging code against a problem, code runs through the sandbox queue, the problem bank."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from interviewmaster import capabilities, recovery
from studypaths import bank_checks, harness, sandbox, signals
from studypaths.best_verdicts import forget_best_verdicts
from studypaths.errors import CodeTooLong, EmptyCode, InvalidProblemData, JudgeBudgetExceeded, UnsupportedLanguage
from studypaths.models import (
    CodeRun,
    CompanyProfile,
    Compare,
    Module,
    Problem,
    ProblemTest,
    RunKind,
    RunStatus,
    Track,
    TrackModule,
)

logger = logging.getLogger(__name__)

DEFAULT_BANK_DIR = Path(__file__).resolve().parent / "data" / "problems"
# The longest code the judge takes, in practice and in interviews (interviews.services imports it). A long Python
# program is compiled once before its tests (sandbox.COMPILE_ONCE_CHARS), not once per test.
MAX_CODE_CHARS = 100_000


# --- judging ------------------------------------------------------------------------------------------------------

def sandbox_tests(*, problem: Problem, tests: list[ProblemTest], every_test: bool = False) -> list[dict]:
    """ProblemTests in the runner's form; expected output stays here, the runner compares outside the sandbox.

    A hidden test is marked `hidden` unless `every_test`: the runner stops at the first one that fails and skips the
    rest. With a verdict for every hidden test, code could choose accepted, wrong answer or runtime error by each
    test's input: log2(3) = 1.58 bits a hidden test, ~16 bits a submission of 10 (a reviewer had a problem's hidden
    input lengths in 5 submissions). Stopped at the first failure it learns which test failed first and how: at most
    log2(1 + 10 x 6 failing verdicts) = 5.9 bits. Examples (public) always all run, in full."""
    return [
        {"name": t.name, "stdin": harness.call_stdin(t.args), "expected_stdout": harness.expected_stdout(t.expected),
         "compare": problem.compare, "hidden": not t.is_public and not every_test}
        for t in tests
    ]


def judge_limits_for(problem: Problem) -> list[dict]:
    """What the judge allows per test, per language, as candidates read it beside the statement."""
    recursion = {"python": f"{harness.PYTHON_RECURSION_LIMIT:,} nested calls",
                 "javascript": harness.JAVASCRIPT_STACK_NOTE}
    rows = []
    for language in problem.languages:
        limits = limits_for(problem=problem, language=language)
        rows.append({"language": language, "language_name": capabilities.language_name(language),
                     "cpu_seconds": limits.cpu_seconds, "memory_mb": limits.memory_mb,
                     "output_kib": limits.output_bytes // 1024, "recursion": recursion.get(language, "")})
    return rows


def limits_for(*, problem: Problem, language: str) -> sandbox.Limits:
    base = sandbox.LANGUAGES[language].default_limits
    return sandbox.Limits(**{**base.__dict__, "cpu_seconds": problem.cpu_seconds})


def judge_code(*, problem: Problem, language: str, code: str, public_only: bool = False,
               stop_on_failure: bool = False, tests: list[ProblemTest] | None = None,
               limits: dict | None = None, every_test: bool = False) -> sandbox.SandboxResult:
    """Run `code` (a solution to `problem` in `language`) against its examples or all of its tests (or `tests`);
    `limits` overrides the problem's (the bank check gives a slow solution more time).

    Hidden tests stop at the first that fails, the rest `skipped` (`sandbox_tests`): for practice submissions, study
    tasks and interview answers alike, so `passed` counts the tests passed before it (a lower bound). `every_test`
    runs them all, for the bank's own checks of its reference solutions (never candidate code)."""
    if language not in problem.languages:
        raise UnsupportedLanguage(f"{problem.title} has no {language} version; use one of: "
                                  f"{', '.join(problem.languages)}.")
    if tests is None:
        tests = list(problem.tests.all())
    if public_only:
        tests = [t for t in tests if t.is_public]
    # The examples first (stable): a test is cut at what is left of the submission's wall budget, so an example run
    # after hidden tests would tell, by its verdict, how long they took.
    tests = sorted(tests, key=lambda t: not t.is_public)
    program = harness.build_program(spec=problem.function_spec, language=language, code=code)
    run_limits = limits_for(problem=problem, language=language)
    if limits:
        run_limits = sandbox.Limits(**{**run_limits.__dict__, **limits})
    result = sandbox.run_submission(language=language, code=program,
                                    tests=sandbox_tests(problem=problem, tests=tests, every_test=every_test),
                                    limits=run_limits, stop_on_failure=stop_on_failure)
    # errors as the candidate wrote the code: their line numbers, no harness frames
    result.compile_output = harness.as_written(result.compile_output, language=language, code=code)
    for test in result.tests:
        test.stderr = harness.as_written(test.stderr, language=language, code=code)
    return result


def _public_view(*, result: sandbox.SandboxResult, tests: list[ProblemTest]) -> dict:
    """What a candidate may see: full detail for public examples, only name and verdict for hidden tests.

    A hidden test's own time and memory let a solution signal its input (allocate memory in proportion to the first
    value), and so do the submission's totals: a program that spends only on the one test it recognises makes the
    largest peak and the CPU sum that test's figures (125 MB against 10 MB, read back to the MB). So a run's figures
    are its public examples' alone (the examples' own rows show the same in full); hidden tests add only their
    verdicts. The wall time is never shown (the judge-seconds budget reads it from `CodeRun.wall_ms`), nor the
    sandbox mode (how the judge is isolated is for operators: /ready's details).
    """
    by_name = {t.name: t for t in tests}
    body = result.as_dict()
    del body["wall_ms"]  # not CPU time: a sleep would carry a hidden test's input out through it (CodeRun.wall_ms)
    del body["mode"]
    shown, public = [], []
    for item, measured in zip(body["tests"], result.tests, strict=True):
        test = by_name.get(item["name"])
        if test is not None and test.is_public:
            shown.append({**item, "args": test.args, "expected": test.expected, "public": True})
            public.append(measured)
        else:
            shown.append({"name": item["name"], "verdict": item["verdict"], "public": False})
    body["tests"] = shown
    body["runtime_ms"] = sum(t.runtime_ms for t in public) if public else None
    body["peak_memory_kb"] = max((t.peak_memory_kb for t in public), default=0)
    # A compile error is only shown as such when a public example produced it: the candidate's code controls its
    # exit code and stderr, so output "compiled" on a hidden test could carry that test's input out.
    failing = next((item for item in body["tests"] if item["verdict"] == sandbox.COMPILE_ERROR), None)
    if body.get("compile_output") and (failing is None or not failing["public"]):
        body["compile_output"] = "Your program failed to start on a hidden test; its output stays hidden."
    return body


# --- code runs (the sandbox queue) --------------------------------------------------------------------------------

def is_blank_code(code: str) -> bool:
    """No visible character: only whitespace as Python or as JSON Schema (ECMA-262 `\\s`) counts it. The two
    disagree on U+FEFF (a byte-order mark: ECMA whitespace, not Python's) and on U+001C-U+001F and U+0085 (Python's
    only); the API schema's `code` pattern leaves out all of them, and so does this."""
    return not code.replace("\ufeff", "").strip()


def validate_run_input(*, problem: Problem, language: str, code: str) -> None:
    """The checks every run request passes before anything is recorded: a language the problem has, some code,
    and not more than MAX_CODE_CHARS of it."""
    if language not in problem.languages:
        message = (f"{problem.title} has no {language or 'unnamed'} version; use one of: "
                   f"{', '.join(problem.languages)}.")
        raise UnsupportedLanguage(message, fields={"language": [message]})
    if is_blank_code(code):
        raise EmptyCode(fields={"code": [EmptyCode.default_message]})
    if len(code) > MAX_CODE_CHARS:
        message = f"The code is {len(code):,} characters long; the limit is {MAX_CODE_CHARS:,}."
        raise CodeTooLong(message, fields={"code": [message]})


def judge_seconds_used(*, user, now=None) -> float:
    """Judge seconds the user's code took in the last SANDBOX_USER_JUDGE_WINDOW_SECONDS: their runs here and their
    code answers in interviews (`Turn.judge_wall_ms`). Each counts by when it was judged (a run's `finished_at`, an
    answer's `judged_at`), not by when it was asked for: with the sandbox queue running further behind than the window,
    judging counted nothing. A run still queued or running counts at the full submission budget (what it may still
    take) however long it has waited, and so does an answer whose tests are running."""
    from interviews.models import Turn

    now = now or timezone.now()
    since = now - timedelta(seconds=settings.SANDBOX_USER_JUDGE_WINDOW_SECONDS)
    live = Q(status__in=[RunStatus.QUEUED, RunStatus.RUNNING])
    # two indexed reads: the few runs not finished (coderun_unfinished), the user's runs finished in the window
    queued = CodeRun.objects.filter(live, user=user).count()
    judged = CodeRun.objects.filter(user=user, finished_at__gte=since).aggregate(wall_ms=Sum("wall_ms"))
    answers = Turn.objects.filter(session__candidate=user, judged_at__gte=since).aggregate(
        wall_ms=Sum("judge_wall_ms"))
    return queued * settings.SANDBOX_SUBMISSION_WALL_SECONDS + \
        ((judged["wall_ms"] or 0) + (answers["wall_ms"] or 0)) / 1000


def judge_budget_spent(*, user) -> bool:
    """Whether one more submission (SANDBOX_SUBMISSION_WALL_SECONDS) would take the user past their judge seconds.
    Runs are limited by count (the throttle) and by judge seconds: a program that sleeps just under the per-test limit
    in every test would otherwise hold judge slots for minutes per run. Serialised per user by a row lock: the caller
    records what it starts (a run, an interview answer's reservation) in the same transaction. NO KEY UPDATE: rows
    naming the user (their foreign keys take a key-share lock) are not held up, nor deadlocked with, by it."""
    get_user_model().objects.select_for_update(no_key=True).filter(pk=user.pk).first()
    used = judge_seconds_used(user=user)
    return used + settings.SANDBOX_SUBMISSION_WALL_SECONDS > settings.SANDBOX_USER_JUDGE_SECONDS


def _check_judge_budget(user) -> None:
    if judge_budget_spent(user=user):
        used, allowed = judge_seconds_used(user=user), settings.SANDBOX_USER_JUDGE_SECONDS
        window = settings.SANDBOX_USER_JUDGE_WINDOW_SECONDS // 60
        raise JudgeBudgetExceeded(f"Your code (runs and interview answers) used {used:.0f} of your {allowed} judge "
                                  f"seconds in the last {window} minutes; wait a few minutes before running more code.")


@transaction.atomic
def request_run(*, user, problem: Problem, language: str, code: str, kind: str = RunKind.EXAMPLES) -> CodeRun:
    """Record a run and hand it to the `sandbox` queue once the row is committed."""
    from studypaths import tasks

    validate_run_input(problem=problem, language=language, code=code)
    _check_judge_budget(user)
    run = CodeRun.objects.create(user=user, problem=problem, language=language, code=code, kind=kind)
    # a broker that is down leaves the run to recover_stuck_code_runs, not the candidate's request to fail
    recovery.send_on_commit(lambda: tasks.execute_code_run.delay(run.id), what=f"code run {run.id}")
    return run


def _fail_run(run_id: int, message: str) -> CodeRun | None:
    CodeRun.objects.filter(id=run_id).update(status=RunStatus.FAILED, verdict=sandbox.SANDBOX_ERROR,
                                             result={"error": message}, finished_at=timezone.now())
    run = CodeRun.objects.filter(id=run_id).first()
    if run is not None:  # None: deleted with its account while it was judged
        forget_best_verdicts(run.user_id)  # .update() sends no signal
    return run


RUN_INTERRUPTED = ("The judge was interrupted several times while running this code (on our side, not because of "
                   "your code). Please run it again.")


def recover_stuck_code_runs() -> int:
    """Beat (every minute): a run still `queued` or `running` STUCK_WORK_AFTER_SECONDS after it was requested (or sent
    again) lost its task (a killed worker, a broker that was down): send it again (interviewmaster/recovery.py). After
    STUCK_WORK_MAX_RECOVERIES it fails with a reason, and a study task's submission gets its attempt back (as for any
    judge failure). Returns the runs handled."""
    from studypaths import study, tasks

    @transaction.atomic
    def give_up(pending, row) -> bool:
        if not pending.select_for_update().exists():
            return False
        _fail_run(row.id, RUN_INTERRUPTED)
        study.record_evaluation(run_id=row.id)
        return True

    return recovery.sweep(CodeRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]),
                          clock=Coalesce("recovered_at", "created_at"), give_up=give_up,
                          send=lambda row: tasks.execute_code_run.delay(row.id), what="code run {id}")


def execute_code_run(*, run_id: int) -> CodeRun | None:
    """Judge a queued run. Safe to repeat: a finished run is left alone; an interrupted one is judged again
    (judging has no side effects besides the row we write). None when the run is finished, or was deleted (with its
    account) before or while it was judged."""
    claimed = CodeRun.objects.filter(id=run_id, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).update(
        status=RunStatus.RUNNING)
    if not claimed:
        return None
    run = CodeRun.objects.select_related("problem").get(id=run_id)
    tests = list(run.problem.tests.all())
    try:
        result = judge_code(problem=run.problem, language=run.language, code=run.code,
                            public_only=run.kind == RunKind.EXAMPLES)
    except sandbox.SandboxUnavailable as exc:
        logger.warning("code run %s not judged: %s", run_id, exc.message)
        return _fail_run(run_id, exc.message)
    except Exception:  # noqa: BLE001 - a run must never stay "running" forever: log it and record the failure
        logger.exception("code run %s failed inside the judge", run_id)
        return _fail_run(run_id, "The judge could not run this code because of an internal error; it has been "
                                 "logged. Please try again.")
    CodeRun.objects.filter(id=run_id).update(status=RunStatus.DONE, verdict=result.verdict,
                                             result=_public_view(result=result, tests=tests),
                                             wall_ms=result.wall_ms, finished_at=timezone.now())
    run = CodeRun.objects.filter(id=run_id).first()
    if run is None:  # deleted with its account while it was judged: the result has nowhere to go
        return None
    forget_best_verdicts(run.user_id)  # .update() sends no signal
    signals.run_judged.send(sender=CodeRun, run=run)
    return run


# --- the problem bank ---------------------------------------------------------------------------------------------

@dataclass
class BankReport:
    modules: int = 0
    tracks: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    slugs: list[str] = field(default_factory=list)


_REQUIRED = ("slug", "title", "difficulty", "statement", "function", "starter", "reference", "tests")


def _validate_problem(data: dict, source: str) -> None:
    missing = [k for k in _REQUIRED if k not in data]
    if missing:
        raise InvalidProblemData(f"{source}: problem {data.get('slug', '?')} lacks {', '.join(missing)}")
    if not 1 <= int(data["difficulty"]) <= 5:
        raise InvalidProblemData(f"{source}: {data['slug']} difficulty must be 1-5")
    names = data["function"].get("name", {})
    for language in names:
        if language not in sandbox.LANGUAGES:
            raise InvalidProblemData(f"{source}: {data['slug']} names unknown language {language}")
        if not str(names[language]).isidentifier():
            raise InvalidProblemData(f"{source}: {data['slug']} function name {names[language]!r} is not valid")
    if data.get("compare", Compare.JSON) not in Compare.values:
        raise InvalidProblemData(f"{source}: {data['slug']} compare must be one of {Compare.values}")
    test_names = [t["name"] for t in data.get("examples", []) + data["tests"]]
    if len(test_names) != len(set(test_names)):
        raise InvalidProblemData(f"{source}: {data['slug']} has duplicate test names")


def _problem_fields(data: dict, module: Module, position: int) -> dict:
    return {
        "module": module, "title": data["title"], "statement": data["statement"],
        "constraints": data.get("constraints", ""), "difficulty": int(data["difficulty"]),
        "topics": data.get("topics", []), "function_spec": data["function"],
        "compare": data.get("compare", Compare.JSON), "starter_code": data["starter"],
        "reference_solutions": data["reference"], "cpu_seconds": float(data.get("cpu_seconds", 2.0)),
        "position": position, "is_published": data.get("published", True),
    }


def _test_rows(data: dict) -> list[dict]:
    rows = []
    for test in data.get("examples", []):
        rows.append({"name": test["name"], "args": test["args"], "expected": test["expected"], "is_public": True,
                     "explanation": test.get("explanation", "")})
    for test in data["tests"]:
        rows.append({"name": test["name"], "args": test["args"], "expected": test["expected"], "is_public": False,
                     "explanation": test.get("explanation", "")})
    for position, row in enumerate(rows):
        row["position"] = position
    return rows


def _same(problem: Problem, fields: dict, rows: list[dict]) -> bool:
    for key, value in fields.items():
        current = problem.module_id if key == "module" else getattr(problem, key)
        if (value.id if key == "module" else value) != current:
            return False
    existing = [{"name": t.name, "args": t.args, "expected": t.expected, "is_public": t.is_public,
                 "explanation": t.explanation, "position": t.position} for t in problem.tests.all()]
    return existing == rows


def _upsert_problem(data: dict, module: Module, position: int, report: BankReport) -> None:
    """Create or update one problem and its tests; an identical problem is left untouched."""
    fields = _problem_fields(data, module, position)
    rows = _test_rows(data)
    problem = Problem.objects.filter(slug=data["slug"]).prefetch_related("tests").first()
    if problem is not None and _same(problem, fields, rows):
        report.unchanged += 1
        return
    if problem is None:
        problem = Problem.objects.create(slug=data["slug"], **fields)
        report.created += 1
    else:
        for key, value in fields.items():
            setattr(problem, key, value)
        problem.save()
        problem.tests.all().delete()
        report.updated += 1
    ProblemTest.objects.bulk_create(ProblemTest(problem=problem, **row) for row in rows)


def _load_tracks(tracks_path: Path, report: BankReport) -> None:
    for meta in json.loads(tracks_path.read_text(encoding="utf-8"))["tracks"]:
        company = CompanyProfile.objects.filter(slug=meta["company"]).first() if meta.get("company") else None
        if meta.get("company") and company is None:
            raise InvalidProblemData(f"tracks.json: track {meta['slug']} names unknown company {meta['company']}")
        track, _ = Track.objects.update_or_create(
            slug=meta["slug"], defaults={"title": meta["title"], "description": meta.get("description", ""),
                                         "company": company})
        for position, slug in enumerate(meta["modules"]):
            module = Module.objects.filter(slug=slug).first()
            if module is None:
                raise InvalidProblemData(f"tracks.json: track {meta['slug']} names unknown module {slug}")
            TrackModule.objects.update_or_create(track=track, module=module, defaults={"position": position})
        report.tracks += 1


@transaction.atomic
def load_problem_bank(*, directory: Path = DEFAULT_BANK_DIR) -> BankReport:
    """Create or update modules, problems (with their tests) and tracks from the JSON files in `directory`.

    Idempotent: loading the same files twice changes nothing. Problems missing from the files are left as they are
    (an expert may have written them in the admin)."""
    report = BankReport()
    files = sorted(p for p in Path(directory).glob("*.json") if p.name != "tracks.json")
    if not files:
        raise InvalidProblemData(f"no problem files in {directory}")
    for path in files:
        bundle = json.loads(path.read_text(encoding="utf-8"))
        if problems := bank_checks.schema_problems(bundle, path.name):
            raise InvalidProblemData("; ".join(problems))
        meta = bundle["module"]
        module, _ = Module.objects.update_or_create(
            slug=meta["slug"], defaults={"title": meta["title"], "description": meta.get("description", ""),
                                         "position": meta.get("position", 0)})
        report.modules += 1
        for position, data in enumerate(bundle["problems"]):
            _validate_problem(data, path.name)
            _upsert_problem(data, module, position, report)
            report.slugs.append(data["slug"])
    load_company_profiles(path=Path(directory).parent / "companies" / "companies.json")
    tracks_path = Path(directory) / "tracks.json"
    if tracks_path.exists():
        _load_tracks(tracks_path, report)
    return report


def load_company_profiles(*, path: Path) -> int:
    """Create or update company/loop profiles from `path` (absent file: nothing to do). Idempotent."""
    if not path.exists():
        return 0
    profiles = json.loads(path.read_text(encoding="utf-8"))["profiles"]
    for meta in profiles:
        CompanyProfile.objects.update_or_create(slug=meta["slug"], defaults={
            "name": meta["name"], "kind": meta.get("kind", "loop"), "rounds": meta.get("rounds", []),
            "focus_areas": meta.get("focus_areas", []), "style_notes": meta.get("style_notes", [])})
    return len(profiles)


@dataclass
class ProblemCheck:
    slug: str
    failures: list[str] = field(default_factory=list)
    hidden_tests: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures


@transaction.atomic
def request_reference_check(*, problems) -> int:
    """Queue a reference check of each problem on the sandbox queue (the admin's action); returns how many."""
    from studypaths import tasks

    ids = [p.pk for p in problems]
    Problem.objects.filter(pk__in=ids).update(reference_check={"status": "queued",
                                                               "queued_at": timezone.now().isoformat()})
    for problem_id in ids:
        recovery.send_on_commit(lambda problem_id=problem_id: tasks.check_problem_references.delay(problem_id),
                                what=f"the reference check of problem {problem_id}")
    return len(ids)


def check_problem_references(*, problem_id: int) -> dict | None:
    """Run the reference check of one problem (in the sandbox worker) and store the outcome on the problem. Whatever
    goes wrong ends the check `failed` with a reason: the admin's column never stays "queued" behind an error."""
    problem = Problem.objects.filter(pk=problem_id).prefetch_related("tests").first()
    if problem is None:
        return None
    try:
        check = check_problem(problem=problem)
        outcome = {"status": "ok" if check.ok else "failed", "failures": check.failures,
                   "hidden_tests": check.hidden_tests}
    except sandbox.SandboxUnavailable as exc:
        outcome = {"status": "failed", "failures": [exc.message]}
    except Exception:  # noqa: BLE001 - a time limit or a bug: logged, and the check ends failed with a reason
        logger.exception("reference check of problem %s did not finish", problem_id)
        outcome = {"status": "failed", "failures": ["The check did not finish (an internal error or its time limit; "
                                                    "it has been logged). Run it again."]}
    outcome["checked_at"] = timezone.now().isoformat()
    Problem.objects.filter(pk=problem_id).update(reference_check=outcome)
    return outcome


def recover_stuck_reference_checks() -> int:
    """Beat (every minute): a reference check still "queued" STUCK_WORK_AFTER_SECONDS after it was queued (or sent
    again) lost its task (a killed worker, a broker that was down): send it again (interviewmaster/recovery.py); after
    STUCK_WORK_MAX_RECOVERIES it ends failed with a reason in the admin's column. Returns the checks handled."""
    from studypaths import tasks

    before = recovery.stuck_before()
    handled = 0
    for problem_id, check in (Problem.objects.filter(reference_check__status="queued")
                              .values_list("id", "reference_check")[:recovery.BATCH]):
        queued_at = parse_datetime(check.get("queued_at") or "") or timezone.now() - timedelta(days=1)
        if queued_at >= before:
            continue
        recoveries = int(check.get("recoveries", 0))

        def claim(problem_id=problem_id, check=check, recoveries=recoveries) -> bool:
            row = Problem.objects.select_for_update().filter(pk=problem_id).values_list("reference_check",
                                                                                         flat=True).first()
            if row != check:
                return False  # finished or queued again meanwhile
            if recovery.exhausted(recoveries):
                Problem.objects.filter(pk=problem_id).update(reference_check={
                    "status": "failed", "checked_at": timezone.now().isoformat(),
                    "failures": [f"The check was interrupted {recoveries + 1} times (its worker stopped); run it "
                                 "again."]})
                return False
            Problem.objects.filter(pk=problem_id).update(reference_check={
                **check, "queued_at": timezone.now().isoformat(), "recoveries": recoveries + 1})
            return True

        handled += recovery.resend(claim=claim, send=lambda problem_id=problem_id:
                                   tasks.check_problem_references.delay(problem_id),
                                   what=f"the reference check of problem {problem_id}")
    return handled


def bank_data(directory: Path = DEFAULT_BANK_DIR) -> dict[str, dict]:
    """The bank files' problems by slug (their limits, checkers and slow solutions live only in the files)."""
    found = {}
    for path in sorted(Path(directory).glob("*.json")):
        if path.name != "tracks.json":
            for data in json.loads(path.read_text(encoding="utf-8"))["problems"]:
                found[data["slug"]] = data
    return found


def _judge_every_test(**kwargs) -> sandbox.SandboxResult:
    """`judge_code` on every test, hidden ones past a failure too: the bank's checks of its own solutions."""
    return judge_code(every_test=True, **kwargs)


def check_problem(*, problem: Problem, min_hidden_tests: int = 8, data: dict | None = None) -> ProblemCheck:
    """Every reference solution passes every test, and every starter fails at least one. With the problem's bank
    `data`, also: every test within its limits, unique answers where promised, the promised complexity enforced."""
    tests = list(problem.tests.all())
    check = ProblemCheck(slug=problem.slug, hidden_tests=sum(1 for t in tests if not t.is_public))
    if data is not None:
        check.failures += bank_checks.limit_violations(data)
        check.failures += bank_checks.uniqueness_failures(data)
        check.failures += bank_checks.complexity_failures(data=data, problem=problem, judge=_judge_every_test)
    if check.hidden_tests < min_hidden_tests:
        check.failures.append(f"only {check.hidden_tests} hidden tests (need {min_hidden_tests})")
    if not any(t.is_public for t in tests):
        check.failures.append("no public example")
    for language in sorted(sandbox.LANGUAGES):
        if language not in problem.languages:
            check.failures.append(f"no {language} function name")
            continue
        reference = (problem.reference_solutions or {}).get(language)
        starter = (problem.starter_code or {}).get(language)
        if not reference:
            check.failures.append(f"no {language} reference solution")
        else:
            result = judge_code(problem=problem, language=language, code=reference, every_test=True)
            bad = [f"{t.name}={t.verdict}" for t in result.tests if t.verdict != sandbox.ACCEPTED]
            if bad:
                detail = next((t.stderr or t.stdout for t in result.tests if t.verdict != sandbox.ACCEPTED), "")
                check.failures.append(f"{language} reference fails {', '.join(bad)}: {detail[:300]}")
        if not starter:
            check.failures.append(f"no {language} starter code")
        else:
            result = judge_code(problem=problem, language=language, code=starter, stop_on_failure=True)
            if result.verdict == sandbox.ACCEPTED:
                check.failures.append(f"{language} starter code passes every test")
    return check
