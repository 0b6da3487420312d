"""studypaths pages: the problem list, the problem page with its editor, and htmx partials for code runs.

Views translate: they read the request, call a selector or a service and render. Every run a page shows comes from
`selectors.runs_for(request.user)`, so another user's run is a 404."""

from __future__ import annotations

import time

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from interviewmaster import capabilities
from interviewmaster.errors import DomainError
from interviewmaster.pages import render_error
from interviewmaster.throttles import CodeRunThrottle, check_rate
from studypaths import selectors, services
from studypaths.best_verdicts import cached_best_verdicts_for
from studypaths.catalogue import problem_catalogue
from studypaths.models import CodeRun, Problem, RunStatus, StudyTask
from studypaths.rendering import render_markdown
from studypaths.templatetags.practice import BestSlots, best_cell

FINISHED = (RunStatus.DONE, RunStatus.FAILED)


class ProblemFilterForm(forms.Form):
    module = forms.ChoiceField(required=False, label="Module")
    difficulty = forms.TypedChoiceField(required=False, label="Difficulty", coerce=int, empty_value=None,
                                        choices=[("", "Any difficulty")] + [(str(d), f"{d} of 5") for d in range(1, 6)])

    def __init__(self, *args, modules, **kwargs):
        """`modules`: objects with `slug` and `title` (Module rows or the catalogue's ModuleRef)."""
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [("", "All modules")] + [(m.slug, m.title) for m in modules]


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


# The filter's two fields as HTML per (catalogue version, bound, module, difficulty): the same for everyone who filters
# alike, so each combination is rendered once per catalogue instead of through the widget templates every request.
_filter_html: dict[tuple, tuple[str, str]] = {}


def _filter_fields(form: ProblemFilterForm, version: str) -> tuple[str, str]:
    if form.is_bound and form.errors:  # whatever was typed is shown back: not worth keeping
        return str(form["module"]), str(form["difficulty"])
    key = (version, form.is_bound, form.data.get("module"), form.data.get("difficulty"))
    found = _filter_html.get(key)
    if found is None:
        if len(_filter_html) >= 512:
            _filter_html.clear()
        found = _filter_html[key] = (str(form["module"]), str(form["difficulty"]))
    return found


# The problem tables per (catalogue version, module, difficulty, htmx): the same for everyone who filters alike except
# for the "Your best" cells, so each combination is rendered once per catalogue with a slot in place of each of those
# cells (practice.BestSlots) and cut there; a request joins the pieces with its user's cells (a handful of distinct
# ones, each rendered once: practice.best_cell).
_group_pieces: dict[tuple, tuple[str, tuple[tuple[int, str], ...]]] = {}


def _problem_groups_html(shared, context: dict, *, module, difficulty, announce: bool, best) -> str:
    key = (shared.version, module, difficulty, announce)
    found = _group_pieces.get(key)
    if found is None:
        if len(_group_pieces) >= 64 or any(k[0] != shared.version for k in _group_pieces):
            _group_pieces.clear()  # only the current catalogue's are worth keeping
        html = render_to_string("studypaths/_problem_groups.html", context)
        parts = BestSlots.split(html)
        found = _group_pieces[key] = (parts[0], tuple((int(parts[i]), parts[i + 1])
                                                      for i in range(1, len(parts), 2)))
    head, rest = found
    return mark_safe(head + "".join(best_cell(best.get(problem_id)) + after  # noqa: S308 - engine-rendered parts
                                    for problem_id, after in rest))


# The tracks section per catalogue version: the same for everyone, so rendered once per catalogue.
_tracks_html: dict[str, str] = {}


def _tracks_section(shared) -> str:
    found = _tracks_html.get(shared.version)
    if found is None:
        _tracks_html.clear()  # only the current catalogue's is worth keeping
        found = _tracks_html[shared.version] = render_to_string("studypaths/_tracks.html", {"tracks": shared.tracks})
    return found


@login_required
@require_GET
def problem_list(request):
    # What every user sees comes from the cached catalogue (no query while it is warm); the user's best verdicts
    # from the user's cached copy (best_verdicts.py), forgotten when a run of theirs finishes.
    shared = problem_catalogue()
    form = ProblemFilterForm(request.GET or None, modules=shared.all_modules)
    module = difficulty = None
    if form.is_bound and form.is_valid():
        module = form.cleaned_data["module"] or None
        difficulty = form.cleaned_data["difficulty"]
    modules = shared.modules_matching(module=module, difficulty=difficulty)
    announce = _is_htmx(request)  # a short live status instead of the whole list as a live region
    best = cached_best_verdicts_for(request.user)
    groups = _problem_groups_html(shared, {
        "modules": modules,
        "problem_count": sum(len(m.listed_problems) for m in modules),
        "filtered": bool(module or difficulty),
        "announce": announce,
    }, module=module, difficulty=difficulty, announce=announce, best=best)
    if announce:
        return HttpResponse(groups)
    context = {"form": form, "tracks": shared.tracks, "groups_html": groups, "best": best}
    context["module_field"], context["difficulty_field"] = _filter_fields(form, shared.version)
    context["tracks_html"] = _tracks_section(shared)
    return render(request, "studypaths/problem_list.html", context)


def _default_language(request, problem: Problem) -> str:
    preferred = (getattr(request.user, "preferred_language", "") or "").lower()
    if preferred in problem.languages:
        return preferred
    return "python" if "python" in problem.languages else problem.languages[0]


def _problem_context(request, problem: Problem, *, run: CodeRun | None = None, error: DomainError | None = None,
                     language: str | None = None, code: str | None = None, task: StudyTask | None = None) -> dict:
    languages = [(code_, capabilities.language_name(code_)) for code_ in problem.languages]
    chosen = language if language in problem.languages else _default_language(request, problem)
    return {
        "problem": problem,
        "statement_html": render_markdown(problem.statement),
        "constraints_html": render_markdown(problem.constraints),
        "judge_limits": services.judge_limits_for(problem),
        "params": (problem.function_spec or {}).get("params", []),
        "languages": languages,
        "language": chosen,
        "starter_code": {lang: (problem.starter_code or {}).get(lang, "") for lang in problem.languages},
        # Code the server must show (a failed post, a past run); otherwise the editor restores the user's draft.
        "code": code if code is not None else (problem.starter_code or {}).get(chosen, ""),
        "code_from_server": code is not None,
        "max_code_chars": services.MAX_CODE_CHARS,
        "run": run,
        "run_finished": run is not None and run.status in FINISHED,
        "error": error,
        "runs": selectors.runs_for_problem(request.user, problem=problem, task=task),  # a task's page: its attempts too
        # The server's clock, for the drafts' saved times: a draft typed on this page and compared, on the task page,
        # with a submission's server time must be dated by the same clock (a slow browser clock made it look older).
        "server_now": int(time.time() * 1000),
    }


@login_required
@require_GET
def problem_detail(request, key: str):
    problem = selectors.problem_for(key=key)
    run = None
    run_id = request.GET.get("run", "")
    if run_id:
        if not run_id.isdigit():
            raise Http404("No such run.")
        run = get_object_or_404(selectors.runs_for(request.user), id=int(run_id), problem=problem)
    context = _problem_context(request, problem, run=run, language=run.language if run else None,
                               code=run.code if run else None)
    return render(request, "studypaths/problem_detail.html", context)


@login_required
@require_POST
def run_code(request, problem_id: int, kind: str):
    problem = selectors.problem_for(key=problem_id)
    language = request.POST.get("language", "")
    code = request.POST.get("code", "")
    try:
        check_rate(request, CodeRunThrottle)  # one budget shared with the REST API
        run = services.request_run(user=request.user, problem=problem, language=language, code=code, kind=kind)
    except DomainError as exc:
        if _is_htmx(request):
            return render_error(request, "studypaths/_run_error.html", {"error": exc}, exc)
        context = _problem_context(request, problem, error=exc, language=language, code=code)
        return render_error(request, "studypaths/problem_detail.html", context, exc)
    run.refresh_from_db()  # eager Celery (tests, no broker) has judged it already
    if not _is_htmx(request):
        return redirect(f"{reverse('studypaths:problem', args=[problem.slug])}?run={run.id}#run-result")
    return _render_run(request, run, announce=True)


def _render_run(request, run: CodeRun, *, announce: bool):
    finished = run.status in FINISHED
    params = (run.problem.function_spec or {}).get("params", [])
    response = render(request, "studypaths/_run.html", {"run": run, "finished": finished, "params": params,
                                                        "result": run.result or {}})
    if finished and announce:
        response["HX-Trigger"] = "runs-changed"  # the past-runs list reloads itself
    return response


@login_required
@require_GET
def code_run(request, run_id: int):
    run = get_object_or_404(selectors.runs_for(request.user), id=run_id)
    if not _is_htmx(request):  # a fragment opened directly: show it on its page, with title and landmarks
        return redirect(f"{reverse('studypaths:problem', args=[run.problem.slug])}?run={run.id}#run-result")
    return _render_run(request, run, announce=request.GET.get("poll") == "1")


@login_required
@require_GET
def problem_runs(request, problem_id: int):
    problem = selectors.problem_for(key=problem_id)
    if not _is_htmx(request):
        return redirect(reverse("studypaths:problem", args=[problem.slug]) + "#past-runs-heading")
    # From a task's page (`?task=`, the candidate's own task of this problem): each run says whether it counts.
    task_id = request.GET.get("task", "")
    runs_task = (selectors.tasks_for(request.user).filter(id=int(task_id), problem=problem).first()
                 if task_id.isascii() and task_id.isdigit() and len(task_id) < 19 else None)
    return render(request, "studypaths/_runs.html",
                  {"problem": problem,
                   "runs": selectors.runs_for_problem(request.user, problem=problem, task=runs_task),
                   "runs_task": runs_task})
