"""resumes: pages (urlpatterns) and REST endpoints under /api/v1/ (api_urlpatterns)."""

from django.urls import path

from resumes import api, views

app_name = "resumes"
urlpatterns = [
    path("", views.resume_list, name="list"),
    path("upload", views.resume_upload, name="upload"),
    path("<int:resume_id>/", views.resume_detail, name="detail"),
    path("<int:resume_id>/status", views.resume_status, name="status"),
    path("<int:resume_id>/file", views.resume_file, name="file"),
    path("<int:resume_id>/activate", views.resume_activate, name="activate"),
    path("<int:resume_id>/delete", views.resume_delete, name="delete"),
    path("<int:resume_id>/reparse", views.resume_reparse, name="reparse"),
    path("<int:resume_id>/target-role", views.resume_target_role, name="target-role"),
    path("<int:resume_id>/skills/add", views.skill_add, name="skill-add"),
    path("<int:resume_id>/skills/confirm-all", views.skill_confirm_all, name="skill-confirm-all"),
    path("<int:resume_id>/skills/<int:skill_pk>", views.skill_status, name="skill-status"),
]
api_urlpatterns = [
    path("resumes/", api.ResumeCollectionApi.as_view(), name="list"),
    path("resumes/<int:resume_id>", api.ResumeItemApi.as_view(), name="detail"),
    path("resumes/<int:resume_id>/file", api.ResumeFileApi.as_view(), name="file"),
    path("resumes/<int:resume_id>/activate", api.ResumeActivateApi.as_view(), name="activate"),
    path("resumes/<int:resume_id>/reparse", api.ResumeReparseApi.as_view(), name="reparse"),
    path("resumes/<int:resume_id>/target-role", api.ResumeTargetRoleApi.as_view(), name="target-role"),
    path("resumes/<int:resume_id>/skills", api.SkillAddApi.as_view(), name="skill-add"),
    path("resumes/<int:resume_id>/skills/<int:skill_pk>", api.SkillStatusApi.as_view(), name="skill-status"),
    path("tasks/<uuid:task_id>", api.TaskStatusApi.as_view(), name="task-status"),
]
