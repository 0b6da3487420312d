"""Read-only REST for a mentor's assigned candidates' study paths, tasks, evaluations and progress, and comments on
tasks (`/api/v1/mentees/{id}/...`). Scoping reuses `accounts.selectors.mentees_for`: a candidate not actively assigned
to the signed-in mentor does not exist for them (404 `not_found`), and neither do their paths or tasks."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from accounts.permissions import IsMentor
from accounts.selectors import mentee_of
from accounts.validators import validate_written_text
from interviewmaster.api import paginated_response
from interviewmaster.selectors import one_or_raise
from interviewmaster.throttles import MentorCommentThrottle
from studypaths import progress, selectors, study
from studypaths.errors import PathNotFound, TaskNotFound
from studypaths.models import TaskStatus
from studypaths.study_api import (
    EVENTS_BEFORE,
    EVENTS_DESCRIPTION,
    EventPagination,
    ProgressSerializer,
    StudyPathSerializer,
    StudyTaskDetailSerializer,
    StudyTaskSerializer,
    TaskEventSerializer,
    _err,
    task_detail_queryset,
    task_events_page,
    with_status_filter,
)

COMMON = {403: _err("Only mentors can do that."), 404: _err("Not one of your active mentees (`not_found`), "
                                                             "or no such path/task.")}


def _mentee(request, candidate_id: int):
    return mentee_of(request.user, candidate_id)


class MenteePathListApi(APIView):
    permission_classes = [IsMentor]

    @extend_schema(operation_id="mentees_study_paths", tags=["mentees"],
                   responses={200: StudyPathSerializer(many=True), **COMMON})
    def get(self, request, candidate_id: int):
        paths = selectors.paths_for(_mentee(request, candidate_id))
        return paginated_response(self, request, paths, StudyPathSerializer)


class MenteePathProgressApi(APIView):
    permission_classes = [IsMentor]

    @extend_schema(operation_id="mentees_study_path_progress", tags=["mentees"],
                   responses={200: ProgressSerializer, **COMMON})
    def get(self, request, candidate_id: int, path_id: int):
        path = one_or_raise(selectors.paths_for(_mentee(request, candidate_id)), PathNotFound, id=path_id)
        return Response(progress.path_progress(path))


class MenteeTaskListApi(APIView):
    permission_classes = [IsMentor]

    @extend_schema(operation_id="mentees_study_tasks", tags=["mentees"],
                   parameters=[OpenApiParameter("status", str, enum=TaskStatus.values)],
                   responses={200: StudyTaskSerializer(many=True), 400: _err("Unknown status filter."), **COMMON})
    def get(self, request, candidate_id: int):
        tasks = selectors.tasks_for(_mentee(request, candidate_id)).select_related("problem").order_by("-due_date",
                                                                                                       "-id")
        # the same filter as the candidate's own list (an unknown status was silently ignored here)
        return paginated_response(self, request, with_status_filter(tasks, request), StudyTaskSerializer)


def _mentee_task(request, candidate_id: int, task_id: int):
    tasks = task_detail_queryset(selectors.tasks_for(_mentee(request, candidate_id)))
    return one_or_raise(tasks, TaskNotFound, id=task_id)


class MenteeTaskDetailApi(APIView):
    """A mentee's task with its evaluations, hints and events (comments included)."""

    permission_classes = [IsMentor]

    @extend_schema(operation_id="mentees_study_task_detail", tags=["mentees"],
                   responses={200: StudyTaskDetailSerializer, **COMMON})
    def get(self, request, candidate_id: int, task_id: int):
        return Response(StudyTaskDetailSerializer(_mentee_task(request, candidate_id, task_id)).data)


class MenteeTaskEventsApi(APIView):
    """All of a mentee's task's events (comments included), a page at a time (`?limit=&offset=` oldest first, or
    `?before=` back from an event); the task's detail holds only the latest ones."""

    permission_classes = [IsMentor]
    pagination_class = EventPagination  # read by the schema only

    @extend_schema(operation_id="mentees_study_task_events", tags=["mentees"], parameters=[EVENTS_BEFORE],
                   description=EVENTS_DESCRIPTION,
                   responses={200: TaskEventSerializer(many=True), 400: _err("A bad `before`, `limit` or `offset`."),
                              **COMMON})
    def get(self, request, candidate_id: int, task_id: int):
        task = one_or_raise(selectors.tasks_for(_mentee(request, candidate_id)), TaskNotFound, id=task_id)
        return task_events_page(self, request, task.id)


class MenteeTaskCommentApi(APIView):
    """Comment on a mentee's task; the candidate sees it on the task page. Stored as a `comment` event."""

    permission_classes = [IsMentor]
    throttle_classes = [*api_settings.DEFAULT_THROTTLE_CLASSES, MentorCommentThrottle]

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=4000, validators=[validate_written_text])

    @extend_schema(operation_id="mentees_study_task_comment", tags=["mentees"], request=InputSerializer,
                   responses={201: TaskEventSerializer,
                              200: OpenApiResponse(TaskEventSerializer, description="The same text by you on this task "
                                                   "within COMMENT_REPEAT_SECONDS (10 s): the comment already stored."),
                              400: _err("Empty, too long, or holding control or "
                                                                  "text-direction characters."),
                              409: _err("The task holds MAX_COMMENTS_PER_TASK (200) comments already "
                                        "(`too_many_comments`)."),
                              429: _err("Too many comments (MENTOR_COMMENT_RATE); see Retry-After."), **COMMON})
    def post(self, request, candidate_id: int, task_id: int):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = _mentee_task(request, candidate_id, task_id)
        event, created = study.add_comment(author=request.user, task=task, text=data.validated_data["text"])
        # The same text again within seconds (a double click, a retry) is answered with the stored comment.
        return Response(TaskEventSerializer(event).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
