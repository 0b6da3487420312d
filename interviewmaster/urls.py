from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView

from accounts import urls as accounts_urls
from analytics import urls as analytics_urls
from interviewmaster import health, metrics, views
from interviewmaster.ai.api import AIStatusApi
from interviewmaster.schema_api import SchemaApi
from interviews import urls as interviews_urls
from planning import urls as planning_urls
from planning.views import InvitedSignupView
from resumes import urls as resumes_urls
from studypaths import urls as studypaths_urls

# Each app's urls.py holds its pages (`urlpatterns`) and its REST endpoints (`api_urlpatterns`).
APP_URLS = {
    "accounts": accounts_urls,
    "resumes": resumes_urls,
    "interviews": interviews_urls,
    "planning": planning_urls,
    "studypaths": studypaths_urls,
    "analytics": analytics_urls,
}

api_v1 = [path("", include((module.api_urlpatterns, f"{name}-api"))) for name, module in APP_URLS.items()]
api_v1 += [path("ai/status", AIStatusApi.as_view(), name="ai-status")]
pages = [path(f"{name}/", include((module.urlpatterns, name))) for name, module in APP_URLS.items()
         if module.urlpatterns]

urlpatterns = [
    path("", views.landing, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("health", health.health, name="health"),
    path("ready", health.ready, name="ready"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("admin/", admin.site.urls),
    # allauth's sign-up, knowing the invitation it came from (planning: prefilled, and says what it is for)
    path("accounts/signup/", InvitedSignupView.as_view(), name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SchemaApi.as_view(), name="api-schema"),
    # The split view loads its start-up script as a file, so the CSP needs no inline script for it.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    # Unmatched /api/ URLs answer with the JSON envelope, in debug mode too (Django's debug 404 page is HTML).
    re_path(r"^api/", views.api_not_found),
    *pages,
]

handler400 = "interviewmaster.views.bad_request"
handler404 = "interviewmaster.views.page_not_found"
handler500 = "interviewmaster.views.server_error"
handler403 = "interviewmaster.views.permission_denied"
handler429 = "interviewmaster.views.too_many_requests"  # allauth's rate limits answer with it
