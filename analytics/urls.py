"""analytics: pages (urlpatterns) and REST endpoints under /api/v1/ (api_urlpatterns)."""

from django.urls import path

from analytics import api, views

app_name = "analytics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
    path("achievements/", views.achievement_list, name="achievements"),
    path("preferences/", views.preferences, name="preferences"),
]
api_urlpatterns = [
    path("analytics/summary", api.SummaryApi.as_view(), name="summary"),
    path("analytics/leaderboard", api.LeaderboardApi.as_view(), name="leaderboard"),
    path("analytics/achievements", api.AchievementListApi.as_view(), name="achievements"),
    path("analytics/preferences", api.PreferencesApi.as_view(), name="preferences"),
    path("mentees/<int:candidate_id>/analytics", api.MenteeSummaryApi.as_view(), name="mentee-summary"),
]
