"""studypaths: pages (urlpatterns) and REST endpoints under /api/v1/ (api_urlpatterns)."""

from django.urls import path

from studypaths import api, views
from studypaths.models import RunKind

app_name = "studypaths"
urlpatterns: list = [
    path("", views.problem_list, name="list"),
    path("problems/<int:problem_id>/run/", views.run_code, {"kind": RunKind.EXAMPLES}, name="run"),
    path("problems/<int:problem_id>/submit/", views.run_code, {"kind": RunKind.SUBMISSION}, name="submit"),
    path("problems/<int:problem_id>/runs/", views.problem_runs, name="problem-runs"),
    path("problems/<slug:key>/", views.problem_detail, name="problem"),
    path("runs/<int:run_id>/", views.code_run, name="code-run"),
]
api_urlpatterns: list = [
    path("problems", api.ProblemListApi.as_view(), name="problem-list"),
    path("problems/<int:problem_id>", api.ProblemDetailApi.as_view(), name="problem-detail"),
    path("problems/<int:problem_id>/run", api.ProblemRunExamplesApi.as_view(), name="problem-run"),
    path("problems/<int:problem_id>/submit", api.ProblemSubmitApi.as_view(), name="problem-submit"),
    path("code-runs/<int:run_id>", api.CodeRunDetailApi.as_view(), name="code-run-detail"),
]
