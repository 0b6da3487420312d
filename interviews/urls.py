"""interviews: pages (urlpatterns) and REST endpoints under /api/v1/ (api_urlpatterns)."""

from django.urls import path

from interviews import api

app_name = "interviews"
urlpatterns: list = []
api_urlpatterns: list = [
    path("questions/generate", api.QuestionGenerateApi.as_view(), name="question-generate"),
    path("questions/generate/<int:job_id>", api.QuestionGenerationJobApi.as_view(), name="question-generation-job"),
]
