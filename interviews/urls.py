"""interviews: pages (urlpatterns) and REST endpoints under /api/v1/ (api_urlpatterns)."""

from django.urls import path

from interviews import api, views

app_name = "interviews"
urlpatterns: list = [
    path("", views.interview_list, name="list"),
    path("new/", views.interview_new, name="new"),
    path("new/duration/", views.interview_duration, name="duration"),
    path("<int:session_id>/", views.interview_room, name="room"),
    path("<int:session_id>/answer/", views.interview_answer, name="answer"),
    path("<int:session_id>/finish/", views.interview_finish, name="finish"),
    path("<int:session_id>/cancel/", views.interview_cancel, name="cancel"),
    path("<int:session_id>/report/", views.interview_report, name="report"),
]
api_urlpatterns: list = [
    path("questions/generate", api.QuestionGenerateApi.as_view(), name="question-generate"),
    path("questions/generate/<int:job_id>", api.QuestionGenerationJobApi.as_view(), name="question-generation-job"),
    path("interviews/", api.InterviewListCreateApi.as_view(), name="interview-list"),
    path("interviews/<int:session_id>", api.InterviewDetailApi.as_view(), name="interview-detail"),
    path("interviews/<int:session_id>/begin", api.InterviewBeginApi.as_view(), name="interview-begin"),
    path("interviews/<int:session_id>/resume", api.InterviewResumeApi.as_view(), name="interview-resume"),
    path("interviews/<int:session_id>/answer", api.InterviewAnswerApi.as_view(), name="interview-answer"),
    path("interviews/<int:session_id>/draft", api.InterviewDraftApi.as_view(), name="interview-draft"),
    path("interviews/<int:session_id>/finish", api.InterviewFinishApi.as_view(), name="interview-finish"),
    path("interviews/<int:session_id>/report", api.InterviewReportApi.as_view(), name="interview-report"),
    path("interviews/<int:session_id>/turns/<int:turn_id>/speech", api.QuestionSpeechApi.as_view(),
         name="interview-question-speech"),
    path("mentees/<int:candidate_id>/interviews", api.MenteeInterviewListApi.as_view(), name="mentee-interviews"),
]
