"""studypaths: pages (urlpatterns) and REST endpoints under /api/v1/ (api_urlpatterns)."""

from django.urls import path

from studypaths import api, mentor_api, study_api, study_views, views
from studypaths.models import RunKind

app_name = "studypaths"
urlpatterns: list = [
    path("", views.problem_list, name="list"),
    path("problems/<int:problem_id>/run/", views.run_code, {"kind": RunKind.EXAMPLES}, name="run"),
    path("problems/<int:problem_id>/submit/", views.run_code, {"kind": RunKind.SUBMISSION}, name="submit"),
    path("problems/<int:problem_id>/runs/", views.problem_runs, name="problem-runs"),
    path("problems/<slug:key>/", views.problem_detail, name="problem"),
    path("runs/<int:run_id>/", views.code_run, name="code-run"),
    path("today/", study_views.today, name="today"),
    path("path/", study_views.path_page, name="path"),
    path("path/archive/", study_views.path_archive, name="path-archive"),
    path("tasks/<int:task_id>/", study_views.task_page, name="task"),
    path("tasks/<int:task_id>/start/", study_views.task_start, name="task-start"),
    path("tasks/<int:task_id>/skip/", study_views.task_skip, name="task-skip"),
    path("tasks/<int:task_id>/submit/", study_views.task_submit, name="task-submit"),
    path("tasks/<int:task_id>/status/", study_views.task_status, name="task-status"),
]
api_urlpatterns: list = [
    path("problems", api.ProblemListApi.as_view(), name="problem-list"),
    path("problems/<int:problem_id>", api.ProblemDetailApi.as_view(), name="problem-detail"),
    path("problems/<int:problem_id>/run", api.ProblemRunExamplesApi.as_view(), name="problem-run"),
    path("problems/<int:problem_id>/submit", api.ProblemSubmitApi.as_view(), name="problem-submit"),
    path("code-runs/<int:run_id>", api.CodeRunDetailApi.as_view(), name="code-run-detail"),
    path("study-paths", study_api.StudyPathListApi.as_view(), name="study-path-list"),
    path("study-paths/<int:path_id>", study_api.StudyPathDetailApi.as_view(), name="study-path-detail"),
    path("study-paths/<int:path_id>/archive", study_api.StudyPathArchiveApi.as_view(), name="study-path-archive"),
    path("study-paths/<int:path_id>/progress", study_api.StudyPathProgressApi.as_view(), name="study-path-progress"),
    path("study-paths/<int:path_id>/brief", study_api.StudyPathBriefApi.as_view(), name="study-path-brief"),
    path("study-tasks", study_api.StudyTaskListApi.as_view(), name="study-task-list"),
    path("study-tasks/next", study_api.StudyTaskNextApi.as_view(), name="study-task-next"),
    path("study-tasks/export", study_api.StudyTaskExportApi.as_view(), name="study-task-export"),
    path("study-tasks/<int:task_id>", study_api.StudyTaskDetailApi.as_view(), name="study-task-detail"),
    path("study-tasks/<int:task_id>/events", study_api.StudyTaskEventsApi.as_view(), name="study-task-events"),
    path("study-tasks/<int:task_id>/submit", study_api.StudyTaskSubmitApi.as_view(), name="study-task-submit"),
    path("study-tasks/<int:task_id>/start", study_api.StudyTaskStartApi.as_view(), name="study-task-start"),
    path("study-tasks/<int:task_id>/skip", study_api.StudyTaskSkipApi.as_view(), name="study-task-skip"),
    path("study-tasks/<int:task_id>/hint", study_api.StudyTaskHintApi.as_view(), name="study-task-hint"),
    path("mentees/<int:candidate_id>/study-paths", mentor_api.MenteePathListApi.as_view(), name="mentee-paths"),
    path("mentees/<int:candidate_id>/study-paths/<int:path_id>/progress", mentor_api.MenteePathProgressApi.as_view(),
         name="mentee-path-progress"),
    path("mentees/<int:candidate_id>/study-tasks", mentor_api.MenteeTaskListApi.as_view(), name="mentee-tasks"),
    path("mentees/<int:candidate_id>/study-tasks/<int:task_id>", mentor_api.MenteeTaskDetailApi.as_view(),
         name="mentee-task"),
    path("mentees/<int:candidate_id>/study-tasks/<int:task_id>/events", mentor_api.MenteeTaskEventsApi.as_view(),
         name="mentee-task-events"),
    path("mentees/<int:candidate_id>/study-tasks/<int:task_id>/comments", mentor_api.MenteeTaskCommentApi.as_view(),
         name="mentee-task-comments"),
]
