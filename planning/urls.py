"""planning: pages (urlpatterns) and REST endpoints under /api/v1/ (api_urlpatterns)."""

from django.urls import path

from planning import api, views

app_name = "planning"
urlpatterns: list = [
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("lobby/<int:plan_id>/", views.lobby, name="lobby"),
]
api_urlpatterns: list = [
    path("plans/", api.PlanListApi.as_view(), name="plans"),
    path("plans/<int:plan_id>/", api.PlanDetailApi.as_view(), name="plan"),
    path("plans/<int:plan_id>/approve", api.PlanApproveApi.as_view(), name="plan-approve"),
    path("plans/<int:plan_id>/request-changes", api.PlanRequestChangesApi.as_view(), name="plan-request-changes"),
]
