"""Project-level pages: the landing page, navigation by role, JSON-aware error pages."""

from __future__ import annotations

import functools

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.views.decorators.csrf import csrf_exempt

from interviewmaster.api import DJANGO_REQUEST_ERRORS, error_body
from interviewmaster.errors import ErrorCode

# (label, url name, roles that see it; None = everyone signed in)
_NAV = [
    ("Dashboard", "home", None),
    ("Resumes", "resumes:list", {"candidate"}),
    ("Interviews", "interviews:list", {"candidate"}),
    ("Study paths", "studypaths:list", {"candidate"}),
    ("Progress", "analytics:dashboard", {"candidate"}),
    ("Expert workplace", "admin:index", {"expert", "admin"}),
    ("API docs", "api-docs", {"mentor", "admin"}),
    ("Profile", "accounts:profile", None),
]


def navigation(request) -> dict:
    """Template context: the navigation entries the current user's role may see (names that exist yet)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {"nav_items": _nav_items(getattr(user, "role", None), get_script_prefix())}


@functools.lru_cache(maxsize=32)
def _nav_items(role: str | None, script_prefix: str) -> tuple[dict, ...]:
    """The entries of a role, reversed once per process (and URL prefix) instead of on every page."""
    items = []
    for label, name, roles in _NAV:
        if roles is not None and role not in roles:
            continue
        try:
            items.append({"label": label, "url": reverse(name)})
        except NoReverseMatch:
            continue
    return tuple(items)


def landing(request):
    """Signed-out visitors see the landing page; signed-in users their dashboard (the "Dashboard" nav entry)."""
    if request.user.is_authenticated:
        return render(request, "interviewmaster/dashboard.html", dashboard_context(request.user))
    return render(request, "interviewmaster/landing.html")


def dashboard_context(user) -> dict:
    """Recent interviews, a live one to continue, the next step and, for candidates, the analytics summary
    (streak, charts, badges: templates/analytics/_dashboard.html)."""
    from interviews.selectors import live_sessions_of, session_list_for

    recent = list(session_list_for(user)[:5])
    latest = next((s for s in recent if s.state == "evaluated" and s.report), None)
    weakest = None
    practice: list = []
    if latest is not None:
        scored = [c for c in latest.report.get("by_category", []) if c.get("score") is not None]
        weakest = min(scored, key=lambda c: c["score"], default=None)
        practice = latest.report.get("practice", {}).get("problems", [])[:3]
    context = {"recent": recent, "live": live_sessions_of(user).first(), "weakest": weakest, "practice": practice}
    if getattr(user, "role", None) == "candidate":
        from analytics.views import dashboard_context as analytics_context

        context.update(analytics_context(user))  # the summary and its charts, as on the progress page
    return context


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body(ErrorCode.NOT_FOUND, "Not found."), status=404)
    return render(request, "404.html", status=404)


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    return JsonResponse(error_body("not_found", f"No API endpoint at {request.path[:200]}."), status=404)


def csrf_failure(request, reason=""):
    if _wants_json(request):
        return JsonResponse(error_body("csrf_failed", "CSRF check failed: send the X-CSRFToken header with a session, "
                                       "or use a Bearer token."), status=403)
    # The site's page, saying what happened and what to do (Django's bare "Forbidden (403)" said neither). The way
    # back is the page the form was on, when it is ours.
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.META.get("HTTP_REFERER", "")
    back = referer if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                      require_https=request.is_secure()) else "/"
    return render(request, "403_csrf.html", {"back": back}, status=403)


def bad_request(request, exception=None):
    """Django's 400s (a body past DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields, an unknown Host): the JSON envelope
    under /api/, the site's page elsewhere, with the API's own codes and words (interviewmaster.api). Django's default
    was a bare HTML page (a traceback with DEBUG on)."""
    status, code, message = DJANGO_REQUEST_ERRORS.get(
        type(exception), (400, "bad_request", "The request was malformed or not meant for this site."))
    if _wants_json(request):
        return JsonResponse(error_body(code, message), status=status)
    return render(request, "400.html", {"message": message}, status=status)


def server_error(request):
    if _wants_json(request):
        return JsonResponse(error_body(ErrorCode.INTERNAL_ERROR,
                                       "Something went wrong on our side; it has been logged."), status=500)
    return render(request, "500.html", status=500)


def permission_denied(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body("permission_denied", "You do not have permission to do that."), status=403)
    return render(request, "403.html", status=403)


def favicon(request):
    """Browsers that ask for /favicon.ico get the site's icon (resolved per request: manifest storage may hash it)."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("favicon.svg"), permanent=True)
