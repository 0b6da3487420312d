"""Pages of the practice loop: "Today", the path page and the task page (the practice page with the task's context).

Views translate only: selectors read, `studypaths.study` services act. Tasks come from `selectors.tasks_for(user)`,
so another candidate's task is a 404."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interviewmaster.errors import DomainError, TooManyRequests
from interviewmaster.pages import act, render_error
from interviewmaster.throttles import CodeRunThrottle, StudyPathCreateThrottle, StudyPathFocusThrottle, check_rate
from studypaths import progress, selectors, study
from studypaths.models import (
    FINISHED_TASK_STATUSES,
    OPEN_TASK_STATUSES,
    EventKind,
    HintStatus,
    ReviewCard,
    StudyTask,
    TaskEvent,
    TaskStatus,
    Track,
)
from studypaths.views import _is_htmx, _problem_context, _render_run


class ModuleCheckboxes(forms.CheckboxSelectMultiple):
    """Each module's box says the tracks it belongs to (`data-tracks`, slugs): static/js/path-form.js shows the
    chosen track's only. Without the script every module shows and the server refuses another track's."""

    tracks_of: dict[str, list[str]] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex=subindex, attrs=attrs)
        if self.tracks_of:
            option["attrs"]["data-tracks"] = " ".join(self.tracks_of.get(str(value), []))
        return option


class PathForm(forms.Form):
    track = forms.ModelChoiceField(queryset=Track.objects.all(), to_field_name="slug", empty_label=None,
                                   label="Track")
    target_date = forms.DateField(required=False, label="Interview date (optional)",
                                  widget=forms.DateInput(attrs={"type": "date"}))
    hours_per_week = forms.IntegerField(min_value=1, max_value=60, initial=5, label="Hours a week")
    starting_level = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Starting level",
                                            choices=[("", "From my profile and resume")]
                                            + [(str(n), f"{n} of 5") for n in range(1, 6)])
    focus_modules = forms.MultipleChoiceField(required=False, label="Focus modules (none = all of the track)",
                                              widget=ModuleCheckboxes)
    placement = forms.BooleanField(required=False, label="Start with a short placement set (3 problems)")

    def __init__(self, *args, modules=(), user=None, track: Track | None = None, tracks_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.track = user, track
        self.fields["focus_modules"].choices = [(m.slug, m.title) for m in modules]
        self.fields["focus_modules"].widget.tracks_of = tracks_of or {}

    def clean(self):
        """The service's checks (`study.path_config_errors`) beside the fields' own, so every field's error shows at
        once: a field already refused keeps its own message."""
        data = super().clean()
        track = data.get("track") if "track" in self.fields else self.track
        if track is None or self.user is None:
            return data
        config = study.PathConfig(target_date=data.get("target_date"), hours_per_week=data.get("hours_per_week") or 5,
                                  focus_modules=data.get("focus_modules") or [],
                                  starting_level=data.get("starting_level"))
        for field, messages in study.path_config_errors(track, config, user=self.user).items():
            if field in self.fields and field not in self.errors:
                for message in messages:
                    self.add_error(field, message)
        return data

    def config(self) -> study.PathConfig:
        data = self.cleaned_data
        return study.PathConfig(target_date=data.get("target_date"), hours_per_week=data["hours_per_week"],
                                focus_modules=data.get("focus_modules") or [],
                                starting_level=data.get("starting_level"), placement=bool(data.get("placement")))


class SettingsForm(PathForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["track"]
        del self.fields["placement"]


def _modules_and_their_tracks() -> tuple[list, dict[str, list[str]]]:
    """Every module, and each module's tracks by slug (the start form's boxes: path-form.js shows the chosen
    track's)."""
    from studypaths.models import Module, TrackModule

    tracks_of: dict[str, list[str]] = {}
    for module, track in TrackModule.objects.order_by("track__slug").values_list("module__slug", "track__slug"):
        tracks_of.setdefault(module, []).append(track)
    return list(Module.objects.all()), tracks_of


def _show_error(form: forms.Form, exc: DomainError) -> None:
    for field, messages in (exc.fields or {}).items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
    if not exc.fields:
        form.add_error(None, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def today(request):
    """Next task, reviews due, streak; or the form that starts a path."""
    path = selectors.active_path_for(request.user)
    modules, tracks_of = _modules_and_their_tracks()
    form = PathForm(request.POST or None, modules=modules, tracks_of=tracks_of, user=request.user)
    refused = None
    if request.method == "POST" and path is None and form.is_valid():
        try:
            check_rate(request, StudyPathCreateThrottle)  # one budget with POST /api/v1/study-paths
            study.create_study_path(user=request.user, track=form.cleaned_data["track"], config=form.config())
            return redirect("studypaths:today")
        except TooManyRequests as exc:
            _show_error(form, exc)
            refused = exc
        except DomainError as exc:
            _show_error(form, exc)
    context = {"path": path, "form": form, "tracks": list(selectors.tracks_with_modules())}
    if path is not None:
        summary = progress.path_progress(path)
        context.update(next_task=study.get_next_task(user=request.user), progress=summary,
                       todays=list(selectors.tasks_for(request.user).filter(
                           path=path, due_date__lte=study.today(request.user), status__in=OPEN_TASK_STATUSES)
                           .select_related("problem__module").order_by("due_date", "id")[:10]))
    if refused is not None:  # 429 with Retry-After; the message says when
        return render_error(request, "studypaths/today.html", context, refused)
    status = 400 if request.method == "POST" and form.errors else 200
    return render(request, "studypaths/today.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def path_page(request):
    path = selectors.active_path_for(request.user)
    if path is None:
        return redirect("studypaths:today")
    initial = {"target_date": path.target_date, "hours_per_week": path.hours_per_week,
               "starting_level": path.starting_level, "focus_modules": path.focus_modules}
    form = SettingsForm(request.POST or None, initial=initial, user=request.user, track=path.track, modules=[
        m.module for m in selectors.tracks_with_modules().get(id=path.track_id).ordered_track_modules])
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            config = form.config()
            if study.changes_focus(path, config.focus_modules):
                check_rate(request, StudyPathFocusThrottle)  # one budget with PATCH /api/v1/study-paths/{id}
            study.update_path_config(path=path, config=config)
            return redirect("studypaths:path")
        except TooManyRequests as exc:
            _show_error(form, exc)
            refused = exc
        except DomainError as exc:
            _show_error(form, exc)
    status = 400 if request.method == "POST" and form.errors else 200
    from studypaths.coaching import prep_brief

    context = {"path": path, "form": form, "brief": prep_brief(path), "progress": progress.path_progress(path),
               "placement_skipped": selectors.placement_skipped(path)}
    if refused is not None:  # 429 with Retry-After; the message says when
        return render_error(request, "studypaths/path.html", context, refused)
    return render(request, "studypaths/path.html", context, status=status)


@login_required
@require_POST
def path_archive(request):
    path = selectors.active_path_for(request.user)
    if path is not None:
        study.archive_path(path=path)
    return redirect("studypaths:today")


def _own_task(request, task_id: int) -> StudyTask:
    task = (selectors.tasks_for(request.user).select_related("problem__module", "path__track")
            .prefetch_related("evaluations__run", "hints").filter(id=task_id).first())
    if task is None:
        raise Http404("No such task.")
    return task


def _task_context(request, task: StudyTask) -> dict:
    problem = selectors.problem_for(key=task.problem_id)
    evaluations = list(task.evaluations.all())
    last_run = evaluations[-1].run if evaluations else None
    context = _problem_context(request, problem, run=last_run, language=last_run.language if last_run else None,
                               code=last_run.code if last_run else None, task=task)
    if last_run is not None:
        # The last submission's code is shown, but it must not beat a browser draft typed after it (a reload then
        # showed the old code and the first keystroke overwrote the draft): the editor gets the submission's time and
        # the server's clock, restores the newer of the two, and writes no draft until the candidate edits.
        context.update(code_from_server=False, code_saved_language=last_run.language,
                       code_saved_at=_epoch_ms(last_run.created_at), server_now=_epoch_ms(timezone.now()))
    # The latest comments (comments are kept for good: 46 made the page 71,000 px tall); `?before=<id>` the ones before.
    before = _comments_before(request)
    comments, older_comments = selectors.latest_events(task_id=task.id, kind=EventKind.COMMENT, before=before)
    context.update(
        task=task, runs_task=task, evaluations=evaluations, comments=comments, comments_before=before,
        older_comments_url=(f"{reverse('studypaths:task', args=[task.id])}?before={comments[0].id}#comments-heading"
                            if older_comments else None),
        hints=[h for h in task.hints.all() if h.status == HintStatus.READY],
        finished=task.status in FINISHED_TASK_STATUSES,
        submit_url=reverse("studypaths:task-submit", args=[task.id]), submit_target="#run-result",
        max_attempts=_max_attempts(), hints_left=max(0, study.MAX_HINTS - task.hints_used),
        judging=task.status == TaskStatus.SUBMITTED, review_due=_review_due(task), out_of_focus=_out_of_focus(task),
        next_task=study.get_next_task(user=request.user) if task.status in FINISHED_TASK_STATUSES else None,
    )
    return context


def _epoch_ms(moment) -> int:
    """A moment as milliseconds since the epoch: how the editor's script compares it with a draft's saved time."""
    return int(moment.timestamp() * 1000)


def _comments_before(request) -> int | None:
    """The page's `?before=`, read as the events API reads it (`selectors.event_id_before`); one the API answers with
    a 400 (not an id, 0, negative, too long) shows the latest comments here."""
    try:
        return selectors.event_id_before(request.GET.get("before"))
    except ValueError:
        return None


def _max_attempts() -> int:
    from django.conf import settings

    return settings.STUDY_TASK_MAX_ATTEMPTS


# What browsers send when they load a page ahead of the person (prefetch, prerender, a preview of a top site).
SPECULATIVE_HEADERS = ("HTTP_SEC_PURPOSE", "HTTP_PURPOSE", "HTTP_X_PURPOSE", "HTTP_X_MOZ")
SPECULATIVE_WORDS = ("prefetch", "prerender", "preview")


def _is_speculative(request) -> bool:
    values = " ".join(request.META.get(header, "") for header in SPECULATIVE_HEADERS).lower()
    return any(word in values for word in SPECULATIVE_WORDS)


@login_required
@require_GET
def task_page(request, task_id: int):
    """The task's page. Opening a pending task starts its clock (`study.start_task`): the time a review is rated by
    and the path's average time run from here, whichever link led here (the dashboard's next step, the Today list, the
    next task), not from the first submission. A GET with an effect, kept safe: only the owner's own task (another's
    is 404 before anything happens), only a pending one, under the row's lock (two tabs start it once), and never for a
    browser's speculative load (prefetch, prerender, preview), which is not the candidate opening it."""
    task = _own_task(request, task_id)
    if task.status == TaskStatus.PENDING and not _is_speculative(request):
        study.start_task(user=request.user, task_id=task.id)
        task = _own_task(request, task_id)
    return render(request, "studypaths/task.html", _task_context(request, task))


@login_required
@require_POST
def task_start(request, task_id: int):
    # Another user's task is the 404 page; a refused start (a finished task) a message on the task's page.
    act(request, lambda: study.start_task(user=request.user, task_id=task_id))
    return redirect("studypaths:task", task_id=task_id)


@login_required
@require_POST
def task_skip(request, task_id: int):
    # A refused skip (the task is being judged or already finished) says why on the task's page instead of
    # returning to today's page as if it had worked.
    if act(request, lambda: study.skip_task(user=request.user, task_id=task_id), success="Task skipped."):
        return redirect("studypaths:today")
    return redirect("studypaths:task", task_id=task_id)


@login_required
@require_POST
def task_submit(request, task_id: int):
    task = _own_task(request, task_id)
    language, code = request.POST.get("language", ""), request.POST.get("code", "")
    try:
        check_rate(request, CodeRunThrottle)  # the judge's one per-user budget, shared with the API and practice page
        evaluation = study.submit_task(user=request.user, task_id=task.id, language=language, code=code)
    except DomainError as exc:
        if exc.status_code == 404:
            raise Http404(exc.message) from exc
        if _is_htmx(request):
            response = render_error(request, "studypaths/_run_error.html", {"error": exc}, exc)
            # Refused because the task changed elsewhere (another tab skipped or finished it): the status panel
            # reloads itself and shows why.
            response["HX-Trigger"] = "task-changed"
            return response
        context = {**_task_context(request, task), "error": exc, "code": code, "code_from_server": True,
                   "code_saved_at": None}  # the code just posted, shown as is
        return render(request, "studypaths/task.html", context, status=exc.status_code)
    if not _is_htmx(request):
        return redirect(f"{reverse('studypaths:task', args=[task.id])}#run-result")
    run = evaluation.run
    run.refresh_from_db()
    response = _render_run(request, run, announce=True)
    response["HX-Trigger"] = "runs-changed, task-changed"
    return response


@login_required
@require_GET
def task_status(request, task_id: int):
    """The task's status panel; it re-requests itself while a submission is being judged."""
    task = _own_task(request, task_id)
    next_task = None
    if task.status in FINISHED_TASK_STATUSES:
        next_task = study.get_next_task(user=request.user)
    return render(request, "studypaths/_task_status.html",
                  {"task": task, "next_task": next_task, "max_attempts": _max_attempts(),
                   "finished": task.status in FINISHED_TASK_STATUSES,
                   "judging": task.status == TaskStatus.SUBMITTED, "review_due": _review_due(task),
                   "out_of_focus": _out_of_focus(task)})


def _out_of_focus(task: StudyTask) -> bool:
    """Whether the task was skipped because the path's focus left its module out (`study.update_path_config`)."""
    return task.status == TaskStatus.SKIPPED and TaskEvent.objects.filter(
        task_id=task.id, kind=EventKind.STATUS_CHANGED, data__to=TaskStatus.SKIPPED,
        data__reason=study.OUT_OF_FOCUS).exists()


def _review_due(task: StudyTask):
    if task.status not in (TaskStatus.PASSED, TaskStatus.FAILED):
        return None
    return ReviewCard.objects.filter(user_id=task.path.user_id, problem_id=task.problem_id).values_list(
        "due", flat=True).first()
