"""planning: pages (urlpatterns) and REST endpoints under /api/v1/ (api_urlpatterns)."""

from django.urls import path

from planning import views

app_name = "planning"
urlpatterns: list = [
    path("invite/<str:token>/", views.invitation, name="invitation"),
    path("lobby/<int:plan_id>/", views.lobby, name="lobby"),
]
api_urlpatterns: list = []
