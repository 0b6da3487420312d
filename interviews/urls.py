"""interviews: pages (urlpatterns) and REST endpoints under /api/v1/ (api_urlpatterns)."""

app_name = "interviews"
urlpatterns: list = []
api_urlpatterns: list = []
