"""Project-level pages: the landing page, navigation by role, JSON-aware error pages."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.html import format_html
from django.views.decorators.csrf import csrf_exempt

from interviewmaster.api import DJANGO_REQUEST_ERRORS, error_body
from interviewmaster.errors import ErrorCode, TooManyRequests
from interviewmaster.figures import figure

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
    from interviews.policy import evaluation_shown_to
    from interviews.selectors import live_sessions_of, session_list_for
    from planning.selectors import pending_invitations_for, waiting_plans_of

    if getattr(user, "role", None) == "mentor":
        return _mentor_dashboard_context(user)
    recent = list(session_list_for(user)[:5])
    # A planned interview's scores are its expert's (interviews.policy.evaluation_shown_to): not the weakest area here.
    latest = next((s for s in recent if s.state == "evaluated" and s.report and evaluation_shown_to(s, user)), None)
    weakest = None
    practice: list = []
    if latest is not None:
        scored = [c for c in latest.report.get("by_category", []) if c.get("score") is not None]
        weakest = min(scored, key=lambda c: c["score"], default=None)
        practice = latest.report.get("practice", {}).get("problems", [])[:3]
    invited, invited_more = pending_invitations_for(user, limit=3)
    planned, planned_more = waiting_plans_of(user, limit=3)
    context = {"recent": recent, "live": live_sessions_of(user).first(), "weakest": weakest, "practice": practice,
               "planned": planned, "planned_more": planned_more, "invited": invited, "invited_more": invited_more}
    if getattr(user, "role", None) == "candidate":
        from analytics.views import dashboard_context as analytics_context

        context.update(analytics_context(user))  # the summary and its charts, as on the progress page
    return context


def _mentor_dashboard_context(user) -> dict:
    """A mentor takes no interviews: their home is their mentees, the requests waiting for them and the mentees'
    latest interviews (it offered "Start an interview" and "Take a quick-start interview")."""
    from accounts.selectors import mentee_requests_for, mentees_for
    from interviews.selectors import sessions_visible_to

    return {"mentor_home": True, "mentees": list(mentees_for(user)[:20]),
            "waiting_requests": mentee_requests_for(user).count(),
            "mentee_recent": list(sessions_visible_to(user).exclude(candidate=user).select_related("candidate")
                                  .order_by("-created_at", "-id")[:5])}


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse(error_body(ErrorCode.NOT_FOUND, "Not found."), status=404)
    return render(request, "404.html", status=404)


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    return JsonResponse(error_body("not_found", f"No API endpoint at {request.path[:200]}."), status=404)


def _back(request) -> str:
    """The page the request came from, when it is ours; else the start page."""
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.META.get("HTTP_REFERER", "")
    return referer if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                      require_https=request.is_secure()) else "/"


def _megabytes(size: int) -> str:
    return f"{figure(size / (1024 * 1024))} MB"


def _wait_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minutes"


def _error_fragment(message: str, status: int) -> HttpResponse:
    """An htmx request's refusal: a fragment with its message, shown where the answer would have gone
    (static/js/htmx-errors.js swaps a 4xx fragment in place)."""
    return HttpResponse(format_html('<div class="request-error" role="alert"><p>{}</p></div>', message),
                        status=status, content_type="text/html; charset=utf-8")


@csrf_exempt  # the body was never read, the token in it neither; nothing is done
def request_too_large(request, *args, **kwargs):
    """A page's request whose body passed REQUEST_BODY_MAX_BYTES (interviewmaster/asgi_handler.py): drawn like every
    other page, through the middleware (the user is known, the styles load), with the limit in MB and what to do; a
    fragment for htmx and the JSON envelope for a script sending or asking for JSON. It was a bare text/plain line."""
    limit = _megabytes(settings.REQUEST_BODY_MAX_BYTES)
    message = f"What you sent is larger than {limit}, the most this site accepts at once. Nothing was saved."
    if _wants_json(request) or "application/json" in request.headers.get("Content-Type", ""):
        return JsonResponse(error_body("request_too_large", message), status=413)
    if request.headers.get("HX-Request"):
        return _error_fragment(f"{message} Send less (a smaller file or a shorter text) and try again.", 413)
    return render(request, "413.html", {"limit": limit, "resume_limit": _megabytes(settings.RESUME_MAX_UPLOAD_BYTES),
                                        "back": _back(request)}, status=413)


def _rate_period_seconds(rate: str) -> int:
    """The window of one allauth rate ("20/m/ip", "1/3m/key"), in seconds (0 when it cannot be read)."""
    parts = rate.split("/")
    if len(parts) < 2 or not parts[1]:
        return 0
    period = parts[1]
    count, unit = (period[:-1] or "1"), period[-1]
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    return int(count) * units[unit] if count.isdigit() and unit in units else 0


def too_many_requests(request, exception=None):
    """allauth's refusal past ACCOUNT_RATE_LIMITS (sign-in, sign-up, password reset, email confirmation) and any
    `TooManyRequests` a page lets through: the site's page saying what happened and when to try again, with
    `Retry-After`. allauth's own was a bare "Too Many Requests" document. allauth does not say which of its limits was
    reached, so the wait named is the longest of their windows."""
    retry_after = getattr(exception, "retry_after", None) or max(
        [_rate_period_seconds(rate) for value in settings.ACCOUNT_RATE_LIMITS.values() if value
         for rate in str(value).split(",")] or [60]) or 60
    wait = _wait_words(retry_after)
    error = TooManyRequests(f"Too many requests in a short time. Wait {wait} and try again.", retry_after=retry_after)
    if _wants_json(request):
        response = JsonResponse(error_body(error.code, error.message), status=429)
    elif request.headers.get("HX-Request"):
        response = _error_fragment(error.message, 429)
    else:
        response = render(request, "429.html", {"wait": wait, "back": _back(request)}, status=429)
    for name, value in error.headers.items():  # Retry-After, as every TooManyRequests sets it
        response[name] = value
    return response


def csrf_failure(request, reason=""):
    if _wants_json(request):
        return JsonResponse(error_body("csrf_failed", "CSRF check failed: send the X-CSRFToken header with a session, "
                                       "or use a Bearer token."), status=403)
    # The site's page, saying what happened and what to do (Django's bare "Forbidden (403)" said neither). The way
    # back is the page the form was on, when it is ours.
    return render(request, "403_csrf.html", {"back": _back(request)}, status=403)


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
