"""studypaths: pages (urlpatterns) and REST endpoints under /api/v1/ (api_urlpatterns)."""

from django.urls import path

from studypaths import api

app_name = "studypaths"
urlpatterns: list = []
api_urlpatterns: list = [
    path("problems", api.ProblemListApi.as_view(), name="problem-list"),
    path("problems/<int:problem_id>", api.ProblemDetailApi.as_view(), name="problem-detail"),
    path("problems/<int:problem_id>/run", api.ProblemRunExamplesApi.as_view(), name="problem-run"),
    path("problems/<int:problem_id>/submit", api.ProblemSubmitApi.as_view(), name="problem-submit"),
    path("code-runs/<int:run_id>", api.CodeRunDetailApi.as_view(), name="code-run-detail"),
]
