"""REST endpoints of the practice loop: study paths, study tasks (submit, hint, skip, events), progress and export.
One APIView per operation (DESIGN §2); every object comes through a selector scoped to the signed-in user, so another
candidate's path or task is a 404 with the error envelope."""

from __future__ import annotations

import json
import time

from django.conf import settings
from django.http import Http404, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from accounts.permissions import IsCandidate
from interviewmaster.api import Pagination, error_response, paginated_response
from interviewmaster.downloads import STUDY_HISTORY, one_export_at_a_time, spooled_download
from interviewmaster.input_limits import BoundedJSONParser
from interviewmaster.selectors import one_or_raise
from interviewmaster.streaming import Pause, stream_body
from interviewmaster.throttles import (
    CodeRunThrottle,
    ExportThrottle,
    HintThrottle,
    StudyPathCreateThrottle,
    StudyPathFocusThrottle,
    check_rate,
)
from studypaths import export, progress, selectors, services, study
from studypaths.api import RUN_ERRORS, CodeField
from studypaths.errors import PathNotFound, TaskNotFound
from studypaths.models import (
    LANGUAGE_CHOICES,
    EventKind,
    HintStatus,
    StudyPath,
    StudyTask,
    TaskEvaluation,
    TaskEvent,
    TaskHint,
    TaskStatus,
    Track,
)


def _err(description: str) -> OpenApiResponse:
    return error_response(description)


# --- serializers shared by candidate and mentor endpoints ------------------------------------------------------------

class StudyPathSerializer(serializers.ModelSerializer):
    track = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = StudyPath
        fields = ["id", "track", "status", "target_date", "hours_per_week", "focus_modules", "starting_level",
                  "placement", "created_at", "updated_at"]
        read_only_fields = fields


class StudyTaskSerializer(serializers.ModelSerializer):
    problem_slug = serializers.CharField(source="problem.slug", read_only=True)
    problem_title = serializers.CharField(source="problem.title", read_only=True)
    difficulty = serializers.IntegerField(source="problem.difficulty", read_only=True)

    class Meta:
        model = StudyTask
        fields = ["id", "path", "problem", "problem_slug", "problem_title", "difficulty", "kind", "status",
                  "due_date", "attempts", "hints_used", "score", "created_at", "started_at", "finished_at"]
        read_only_fields = fields


class TaskEvaluationSerializer(serializers.ModelSerializer):
    language = serializers.CharField(source="run.language", read_only=True)

    class Meta:
        model = TaskEvaluation
        fields = ["id", "run", "attempt", "status", "language", "verdict", "score", "passed", "total", "tests",
                  "runtime_ms", "peak_memory_kb", "output_excerpt", "created_at", "finished_at"]
        read_only_fields = fields


class TaskEventSerializer(serializers.ModelSerializer):
    """A comment's `data.author_name` is its author's name now, from the account ("Deleted user" once it is
    deleted), not a copy taken when it was written."""

    class Meta:
        model = TaskEvent
        fields = ["id", "kind", "data", "created_at"]
        read_only_fields = fields

    def to_representation(self, instance: TaskEvent) -> dict:
        row = super().to_representation(instance)
        if instance.kind == EventKind.COMMENT:
            row["data"] = {**row["data"], "author_name": instance.author_name}
        return row


class TaskHintSerializer(serializers.ModelSerializer):
    class Meta:
        model = TaskHint
        fields = ["id", "level", "status", "text", "focus", "created_at"]
        read_only_fields = fields


class StudyTaskDetailSerializer(StudyTaskSerializer):
    evaluations = TaskEvaluationSerializer(many=True, read_only=True)
    hints = TaskHintSerializer(many=True, read_only=True)
    events = serializers.SerializerMethodField(
        help_text=f"The latest {selectors.EVENTS_SHOWN} events, oldest first; all of them, paginated, from the task's "
                  "`events` endpoint.")
    events_total = serializers.SerializerMethodField(help_text="How many events the task has in all.")

    class Meta(StudyTaskSerializer.Meta):
        fields = [*StudyTaskSerializer.Meta.fields, "evaluations", "hints", "events", "events_total"]
        read_only_fields = fields

    @extend_schema_field(TaskEventSerializer(many=True))
    def get_events(self, task: StudyTask) -> list[dict]:
        events, _older = selectors.latest_events(task_id=task.id)
        return TaskEventSerializer(events, many=True).data

    def get_events_total(self, task: StudyTask) -> int:
        return selectors.events_total(task_id=task.id)


def task_detail_queryset(qs):
    return qs.select_related("problem").prefetch_related("evaluations__run", "hints")


# `?before=` of a task's events endpoint (the candidate's and their mentor's), as the task page reads it.
EVENTS_BEFORE = OpenApiParameter(
    "before", {"type": "integer", "format": "int64", "minimum": 1, "maximum": selectors.MAX_EVENT_ID},
    description="The `limit` newest events older than this event id, oldest first within the page: the window the "
                "task page shows for its `?before=`, read alike (ASCII digits for a whole number from 1 to "
                f"{selectors.MAX_EVENT_ID}; anything else is a 400). `total` then counts the events older than it, "
                "`offset` skips that many of the newest of them, and `older` links the page before this one. "
                f"`before={selectors.MAX_EVENT_ID}` is the newest page.")

EVENTS_DESCRIPTION = (
    "A task's events a page at a time. Without `before`: `limit` events from `offset`, oldest first, as every list "
    "pages. With `before=<event id>`: the `limit` newest events older than that event, shown oldest first, as the "
    "task page's `?before=` shows them. To page back from the newest, start from the task detail's `events` (or "
    f"`before={selectors.MAX_EVENT_ID}`) and follow `older` (the same request with `before` set to the oldest event "
    "shown) until it is null: every event comes once. Only the task's own events are read; a `before` that is "
    "another task's event id is only a number to compare with.")


class EventPagination(Pagination):
    """The events endpoints' pages: every list's envelope plus `older`, the link to the events older than the oldest
    one shown (null when there are none). With `?before=` a page is the head of the newest-first events older than
    it (`limit`, `offset` and `total` count there) turned back to oldest first: a client paging back from the newest
    got the oldest `limit` events before its cursor, skipping all the ones between."""

    older: str | None = None

    def paginate_events(self, request, view, *, task_id: int, before: int | None) -> list[TaskEvent]:
        if before is None:
            page = self.paginate_queryset(selectors.task_events(task_id=task_id), request, view=view)
            has_older = bool(page) and selectors.task_events(task_id=task_id, before=page[0].id).exists()
        else:
            newest_first = selectors.newest_events_first(task_id=task_id, before=before)
            page = self.paginate_queryset(newest_first, request, view=view)[::-1]
            has_older = bool(page) and self.offset + self.limit < self.count
        if has_older:
            url = remove_query_param(request.build_absolute_uri(), self.offset_query_param)
            self.older = replace_query_param(url, "before", page[0].id)
        return page

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["older"] = self.older
        return response

    def get_paginated_response_schema(self, schema):
        result = super().get_paginated_response_schema(schema)
        result["required"] = [*result["required"], "older"]
        result["properties"]["older"] = {
            "type": "string", "format": "uri", "nullable": True,
            "description": "The page of the events older than the oldest one here (`before=<its id>`, the same "
                           "`limit`), or null when there are none.",
            "example": "https://example.com/api/v1/study-tasks/7/events?before=120&limit=20"}
        return result


def task_events_page(view, request, task_id: int):
    """A page of a task's events (EventPagination); a bad `before` is a 400 with a field error, as a bad `limit`
    is. Only `task_id`'s events are read: the caller has checked the task is the user's (or their mentee's)."""
    try:
        before = selectors.event_id_before(request.query_params.get("before"))
    except ValueError as error:
        raise serializers.ValidationError({"before": [str(error)]}) from None
    paginator = EventPagination()
    page = paginator.paginate_events(request, view, task_id=task_id, before=before)
    return paginator.get_paginated_response(TaskEventSerializer(page, many=True).data)


class PathConfigSerializer(serializers.Serializer):
    target_date = serializers.DateField(required=False, allow_null=True)
    hours_per_week = serializers.IntegerField(min_value=1, max_value=60, default=5)
    focus_modules = serializers.ListField(child=serializers.SlugField(max_length=60), max_length=50, required=False,
                                          default=list)
    starting_level = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)


# --- candidate endpoints ----------------------------------------------------------------------------------------------

# A path's settings have nullable fields and a list, which a form body cannot carry ("null" is text there, and the
# update merged a QueryDict's value lists into the settings): JSON only.
PATH_PARSERS = [BoundedJSONParser]


class StudyPathListApi(APIView):
    permission_classes = [IsCandidate]
    parser_classes = PATH_PARSERS

    def get_throttles(self):  # starts only (POST): STUDY_PATH_CREATE_RATE, one budget with the Today page's form
        return [*super().get_throttles(), StudyPathCreateThrottle()]

    class InputSerializer(PathConfigSerializer):
        track = serializers.SlugRelatedField(slug_field="slug", queryset=Track.objects.all())
        placement = serializers.BooleanField(default=False)

    @extend_schema(operation_id="study_paths_list", tags=["study paths"],
                   responses={200: StudyPathSerializer(many=True)})
    def get(self, request):
        return paginated_response(self, request, selectors.paths_for(request.user), StudyPathSerializer)

    @extend_schema(operation_id="study_paths_create", tags=["study paths"], request=InputSerializer,
                   responses={201: StudyPathSerializer, 400: _err("Invalid settings (`invalid_path_config`)."),
                              403: _err("Only candidates have study paths."),
                              409: _err("An active path exists (`active_path_exists`)."),
                              429: _err("Too many paths started lately (`throttled`); see Retry-After.")})
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        track = values.pop("track")
        path = study.create_study_path(user=request.user, track=track, config=study.PathConfig(**values))
        return Response(StudyPathSerializer(path).data, status=status.HTTP_201_CREATED)


def _own_path(request, path_id: int) -> StudyPath:
    return one_or_raise(selectors.paths_for(request.user), PathNotFound, id=path_id)


class StudyPathDetailApi(APIView):
    permission_classes = [IsCandidate]
    parser_classes = PATH_PARSERS

    @extend_schema(operation_id="study_paths_detail", tags=["study paths"],
                   responses={200: StudyPathSerializer, 404: _err("Not your path (`not_found`).")})
    def get(self, request, path_id: int):
        return Response(StudyPathSerializer(_own_path(request, path_id)).data)

    @extend_schema(operation_id="study_paths_update", tags=["study paths"], request=PathConfigSerializer,
                   responses={200: StudyPathSerializer, 400: _err("Invalid settings."),
                              404: _err("Not your path (`not_found`)."),
                              409: _err("The path is archived (`path_archived`)."),
                              429: _err("Too many changes of the focus modules lately (`throttled`); see "
                                        "Retry-After.")})
    def patch(self, request, path_id: int):
        path = _own_path(request, path_id)
        current = {"target_date": path.target_date, "hours_per_week": path.hours_per_week,
                   "focus_modules": path.focus_modules, "starting_level": path.starting_level}
        data = PathConfigSerializer(data={**current, **request.data} if isinstance(request.data, dict) else None)
        data.is_valid(raise_exception=True)
        if study.changes_focus(path, data.validated_data["focus_modules"]):
            check_rate(request, StudyPathFocusThrottle)  # one budget with the path page's form
        path = study.update_path_config(path=path, config=study.PathConfig(**data.validated_data))
        return Response(StudyPathSerializer(path).data)


class StudyPathArchiveApi(APIView):
    permission_classes = [IsCandidate]

    @extend_schema(operation_id="study_paths_archive", tags=["study paths"], request=None,
                   responses={200: StudyPathSerializer, 404: _err("Not your path (`not_found`).")})
    def post(self, request, path_id: int):
        path = study.archive_path(path=_own_path(request, path_id))
        return Response(StudyPathSerializer(path).data)


class ProgressSerializer(serializers.Serializer):
    path = serializers.IntegerField()
    track = serializers.CharField()
    modules = serializers.ListField(child=serializers.DictField())
    topics = serializers.ListField(child=serializers.DictField())
    difficulty_over_time = serializers.ListField(child=serializers.DictField())
    streak = serializers.IntegerField()
    reviews_due_today = serializers.IntegerField()
    tasks = serializers.DictField()


class StudyPathProgressApi(APIView):
    permission_classes = [IsCandidate]

    @extend_schema(operation_id="study_paths_progress", tags=["study paths"],
                   responses={200: ProgressSerializer, 404: _err("Not your path (`not_found`).")})
    def get(self, request, path_id: int):
        return Response(progress.path_progress(_own_path(request, path_id)))


class PrepBriefSerializer(serializers.Serializer):
    company = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    summary = serializers.CharField()
    rounds = serializers.ListField(child=serializers.DictField())
    readiness = serializers.ListField(child=serializers.DictField())
    focus_now = serializers.ListField(child=serializers.CharField())
    style_notes = serializers.ListField(child=serializers.CharField())
    plan = serializers.ListField(child=serializers.CharField())
    resume_skills = serializers.ListField(child=serializers.CharField())
    source = serializers.CharField()


class StudyPathBriefApi(APIView):
    """The company-specific prep brief for a path whose track targets a company's (or a loop type's) interviews."""

    permission_classes = [IsCandidate]

    @extend_schema(operation_id="study_paths_brief", tags=["study paths"],
                   responses={200: PrepBriefSerializer, 404: _err("Not your path (`not_found`) or its track "
                                                                  "targets no company (`not_found`).")})
    def get(self, request, path_id: int):
        from studypaths.coaching import prep_brief
        from studypaths.errors import NoCompanyProfile

        brief = prep_brief(_own_path(request, path_id))
        if brief is None:
            raise NoCompanyProfile()
        return Response(brief)


class StudyTaskListApi(APIView):
    permission_classes = [IsCandidate]

    @extend_schema(operation_id="study_tasks_list", tags=["study tasks"],
                   responses={200: StudyTaskSerializer(many=True), 400: _err("Unknown status filter.")},
                   parameters=[OpenApiParameter("status", str, enum=TaskStatus.values)])
    def get(self, request):
        tasks = selectors.tasks_for(request.user).select_related("problem").order_by("-due_date", "-id")
        return paginated_response(self, request, with_status_filter(tasks, request), StudyTaskSerializer)


def with_status_filter(tasks, request):
    """`?status=`: present means a real status; an empty or unknown one is a 400 (the candidate's list and the
    mentor's alike)."""
    wanted = request.query_params.get("status")
    if wanted is None:
        return tasks
    if wanted not in TaskStatus.values:
        raise serializers.ValidationError({"status": [f"One of {', '.join(TaskStatus.values)}."]})
    return tasks.filter(status=wanted)


class StudyTaskNextApi(APIView):
    permission_classes = [IsCandidate]

    @extend_schema(operation_id="study_tasks_next", tags=["study tasks"],
                   responses={200: StudyTaskSerializer,
                              404: _err("No active path (`not_found`) or nothing left.")})
    def get(self, request):
        from studypaths.errors import NoActivePath

        task = study.get_next_task(user=request.user)
        if task is None:
            raise NoActivePath("No task to do: create a study path first, or your path is complete.")
        return Response(StudyTaskSerializer(task).data)


def _own_task(request, task_id: int) -> StudyTask:
    return one_or_raise(task_detail_queryset(selectors.tasks_for(request.user)), TaskNotFound, id=task_id)


class StudyTaskDetailApi(APIView):
    permission_classes = [IsCandidate]

    @extend_schema(operation_id="study_tasks_detail", tags=["study tasks"],
                   responses={200: StudyTaskDetailSerializer, 404: _err("Not your task (`not_found`).")})
    def get(self, request, task_id: int):
        return Response(StudyTaskDetailSerializer(_own_task(request, task_id)).data)


class StudyTaskEventsApi(APIView):
    permission_classes = [IsCandidate]
    pagination_class = EventPagination  # read by the schema only

    @extend_schema(operation_id="study_tasks_events", tags=["study tasks"], parameters=[EVENTS_BEFORE],
                   description=EVENTS_DESCRIPTION,
                   responses={200: TaskEventSerializer(many=True), 400: _err("A bad `before`, `limit` or `offset`."),
                              404: _err("Not your task (`not_found`).")})
    def get(self, request, task_id: int):
        if not selectors.tasks_for(request.user).filter(id=task_id).exists():
            raise TaskNotFound()
        return task_events_page(self, request, task_id)


class StudyTaskSubmitApi(APIView):
    """Judge code for a task against every test; the result becomes the task's evaluation."""

    permission_classes = [IsCandidate]
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES]

    class InputSerializer(serializers.Serializer):
        language = serializers.ChoiceField(choices=LANGUAGE_CHOICES)
        code = CodeField()

    class OutputSerializer(serializers.Serializer):
        evaluation = serializers.IntegerField()
        run = serializers.IntegerField()
        task = StudyTaskSerializer()
        status_url = serializers.CharField()

    def get_throttles(self):
        return [*super().get_throttles(), CodeRunThrottle()]

    @extend_schema(operation_id="study_tasks_submit", tags=["study tasks"], request=InputSerializer,
                   responses={202: OutputSerializer, **RUN_ERRORS, 404: _err("Not your task (`not_found`)."),
                              409: _err("The task is finished (`task_finished`) or still being judged "
                                        "(`task_being_judged`).")})
    def post(self, request, task_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evaluation = study.submit_task(user=request.user, task_id=task_id, **data.validated_data)
        task = StudyTask.objects.select_related("problem").get(id=evaluation.task_id)
        body = {"evaluation": evaluation.id, "run": evaluation.run_id, "task": StudyTaskSerializer(task).data,
                "status_url": f"/api/v1/study-tasks/{task.id}"}
        return Response(body, status=status.HTTP_202_ACCEPTED)


class StudyTaskStartApi(APIView):
    """What opening the task's page does: start the clock of a pending task (the review's rating and the path's average
    time run from here, not from the first submission). Safe to repeat: a started or finished task is left as it is."""

    permission_classes = [IsCandidate]

    @extend_schema(operation_id="study_tasks_start", tags=["study tasks"], request=None,
                   responses={200: StudyTaskSerializer, 404: _err("Not your task (`not_found`).")})
    def post(self, request, task_id: int):
        task = study.start_task(user=request.user, task_id=task_id)
        return Response(StudyTaskSerializer(task).data)


class StudyTaskSkipApi(APIView):
    permission_classes = [IsCandidate]

    @extend_schema(operation_id="study_tasks_skip", tags=["study tasks"], request=None,
                   responses={200: StudyTaskSerializer, 404: _err("Not your task (`not_found`)."),
                              409: _err("The task is finished (`task_finished`).")})
    def post(self, request, task_id: int):
        task = study.skip_task(user=request.user, task_id=task_id)
        return Response(StudyTaskSerializer(task).data)


class EventStreamRenderer(BaseRenderer):
    """Lets clients that accept only `text/event-stream` reach the hint stream; errors still come as JSON text."""

    media_type = "text/event-stream"
    format = "sse"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data).encode()


def _sse(event: str, data: dict) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"


def hint_stream(hint_id: int, *, wait_seconds: float, poll: float = 0.25):
    """Server-sent events: `queued`, then the hint text in word chunks (`delta`), then `done` (or `error`). Served
    through `interviewmaster.streaming.stream_body`: `queued` leaves at once, and the waits for the tutor are pauses
    (no thread sleeps under ASGI)."""
    yield _sse("queued", {"hint": hint_id})
    deadline = time.monotonic() + wait_seconds
    hint = TaskHint.objects.filter(id=hint_id).first()
    while hint is not None and hint.status == HintStatus.PENDING and time.monotonic() < deadline:
        yield Pause(poll)
        hint = TaskHint.objects.filter(id=hint_id).first()
    if hint is None or hint.status != HintStatus.READY:
        yield _sse("error", {"hint": hint_id, "message": "The tutor is busy; your hint will appear on the task "
                                                         "page shortly."})
        return
    words = hint.text.split(" ")
    for start in range(0, len(words), 4):
        yield _sse("delta", {"text": " ".join(words[start:start + 4]) + " "})
    yield _sse("done", {"hint": hint.id, "level": hint.level, "focus": hint.focus, "text": hint.text})


class StudyTaskHintApi(APIView):
    """Ask the tutor for the next hint (1 nudge, 2 approach, 3 pseudo-code; never code). Streams server-sent
    events; each request counts as a hint and is stored as a `hint_requested` event."""

    permission_classes = [IsCandidate]
    renderer_classes = [JSONRenderer, EventStreamRenderer]
    # `code` is optional: a form or multipart body that parses to nothing would pass for "no code" and spend one of
    # the three hints on garbage. The task page posts JSON; anything else is a 415 and spends nothing.
    parser_classes = PATH_PARSERS

    class InputSerializer(serializers.Serializer):
        code = serializers.CharField(max_length=services.MAX_CODE_CHARS, required=False, allow_blank=True,
                                     default="", trim_whitespace=False)

    def get_throttles(self):
        return [*super().get_throttles(), HintThrottle()]

    class EventSerializer(serializers.Serializer):
        """One server-sent event of the stream (`event: <name>` then `data: <JSON>`): `queued` {hint}, `delta` {text}
        (repeated), then `done` {hint, level, focus, text} or `error` {hint, message}. Described per event, as clients
        (and schemathesis) read the stream event by event: a plain string said nothing of them."""

        event = serializers.ChoiceField(choices=["queued", "delta", "done", "error"])
        data = serializers.CharField(help_text="The event's JSON payload, as text.")

    @extend_schema(operation_id="study_tasks_hint", tags=["study tasks"], request=InputSerializer,
                   responses={(200, "text/event-stream"): EventSerializer,
                              400: _err("Invalid input."), 404: _err("Not your task (`not_found`)."),
                              409: _err("Task finished (`task_finished`) or all hints used (`hints_exhausted`)."),
                              429: _err("Too many hints; see Retry-After.")})
    def post(self, request, task_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hint = study.request_hint(user=request.user, task_id=task_id, code=data.validated_data["code"])
        events = hint_stream(hint.id, wait_seconds=settings.STUDY_HINT_WAIT_SECONDS)
        response = StreamingHttpResponse(stream_body(request, events), content_type="text/event-stream")
        response["Cache-Control"] = "no-cache"
        response["X-Accel-Buffering"] = "no"
        return response


class CSVRenderer(EventStreamRenderer):
    """`?format=csv` is DRF's format override too: this renderer makes it legal (errors still come as JSON text)."""

    media_type = "text/csv"
    format = "csv"


class StudyTaskExportApi(APIView):
    """Your task history as JSON or CSV, read row by row (constant memory) and made whole before it is sent (a client
    that stops reading holds no database connection: interviewmaster.downloads); rate-limited, one at a time."""

    permission_classes = [IsCandidate]
    renderer_classes = [JSONRenderer, CSVRenderer]

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force)
        except Http404:  # an unknown ?format= is bad input (400 below), not a missing page
            return JSONRenderer(), JSONRenderer.media_type

    class InputSerializer(serializers.Serializer):
        format = serializers.ChoiceField(choices=["json", "csv"], default="json")
        to = serializers.DateField(required=False)

        def validate(self, attrs):
            if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
                raise serializers.ValidationError({"to": ["`to` is before `from`."]})
            return attrs

    InputSerializer._declared_fields["from"] = serializers.DateField(required=False)  # a keyword in Python

    def get_throttles(self):
        return [*super().get_throttles(), ExportThrottle()]

    @extend_schema(operation_id="study_tasks_export", tags=["study tasks"],
                   parameters=[OpenApiParameter("format", str, enum=["json", "csv"]),
                               OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE)],
                   responses={(200, "application/json"): OpenApiTypes.OBJECT, (200, "text/csv"): OpenApiTypes.STR,
                              400: _err("Invalid format or dates."),
                              409: _err("Another export of your task history is still being prepared."),
                              429: _err("Too many exports; see Retry-After.")})
    def get(self, request):
        params = request.query_params
        data = self.InputSerializer(data={k: params[k] for k in ("format", "from", "to") if k in params})
        data.is_valid(raise_exception=True)
        fmt = data.validated_data["format"]
        with one_export_at_a_time(request.user, STUDY_HISTORY):  # made whole, then sent: interviewmaster.downloads
            rows = export.task_rows(user=request.user, start=data.validated_data.get("from"),
                                    end=data.validated_data.get("to"))
            body = export.as_json(rows, user=request.user) if fmt == "json" else export.as_csv(rows)
            return spooled_download(request, body, content_type="application/json" if fmt == "json" else "text/csv",
                                    filename=f"study-history.{fmt}")
