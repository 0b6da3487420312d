"""interviews: server-rendered pages — start, history, the live room, the report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interviewmaster import capabilities
from interviewmaster.errors import DomainError, NotFound
from interviewmaster.pages import act, render_error
from interviewmaster.selectors import one_or_raise
from interviewmaster.throttles import InterviewStartThrottle, check_rate
from interviews import policy, presenters, selectors, services
from interviews.errors import FinishNeedsConfirmation, InterviewAlreadyOpen
from interviews.forms import StartInterviewForm, initial_languages
from interviews.models import InterviewSession
from interviews.reports import report_seen_by
from interviews.speech import speech_available

INVITATIONS_SHOWN = 20  # open invitations listed on /interviews/, the soonest to expire first; the rest are counted
ACCEPTED_SHOWN = 20  # accepted planned interviews listed there, one in progress first; the rest are counted


def _visible(request, session_id: int) -> InterviewSession:
    return one_or_raise(selectors.sessions_visible_to(request.user), Http404("No such interview."), id=session_id)


def _own(request, session_id: int) -> InterviewSession:
    return one_or_raise(selectors.sessions_for(request.user), Http404("No such interview."), id=session_id)


@login_required
@require_GET
def interview_list(request):
    from planning.selectors import pending_invitations_for, waiting_plans_of

    sessions = selectors.session_list_for(request.user)[:50]
    invited, invited_more = pending_invitations_for(request.user, limit=INVITATIONS_SHOWN)
    planned, planned_more = waiting_plans_of(request.user, limit=ACCEPTED_SHOWN)
    return render(request, "interviews/list.html", {"sessions": sessions, "planned": planned,
                                                    "planned_more": planned_more, "invited": invited,
                                                    "invited_more": invited_more})


def _duration_minutes(form: StartInterviewForm, user) -> int | None:
    if not form.is_valid():
        return None
    try:
        config = capabilities.interview_config(form.cleaned_data["mode"],
                                               form.config(experience_level=user.experience_level or ""))
    except DomainError:
        return None
    return capabilities.interview_duration(config) if config.get("question_distribution") else None


@login_required
@require_http_methods(["GET", "POST"])
def interview_new(request):
    initial = {"role": policy.default_role(request.user.target_role),
               "languages": initial_languages(getattr(request.user, "preferred_language", "") or "")}
    form = StartInterviewForm(request.POST or None, initial=initial)
    refused = None
    if request.method == "POST" and form.is_valid():
        try:
            check_rate(request, InterviewStartThrottle)  # one budget shared with the REST API
            session = services.start_session(
                candidate=request.user, mode=form.cleaned_data["mode"], role=form.cleaned_data["role"],
                config=form.config(experience_level=request.user.experience_level or ""))
        except DomainError as exc:
            refused = exc
        else:
            return redirect("interviews:room", session_id=session.id)
    live = list(selectors.live_sessions_of(request.user).order_by("created_at", "id"))
    # Refused for the open interview(s) the notice above the form lists: the refusal is said there, once (a stale
    # form posted from a second tab said it twice, in the notice and again above the form).
    refused_open = refused.message if isinstance(refused, InterviewAlreadyOpen) and live else ""
    if refused is not None and not refused_open:
        form.add_error(None, refused.message)
    context = {"form": form, "live": live, "refused_open": refused_open,
               "live_limit": capabilities.concurrency_limits().live_interviews_per_candidate,
               "duration": _duration_minutes(form, request.user) if request.method == "POST" else 50}
    if refused is not None and refused.status_code in (409, 429):
        return render_error(request, "interviews/new.html", context, refused)  # 409, or 429 with Retry-After
    return render(request, "interviews/new.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_GET
def interview_duration(request):
    """htmx partial: the duration of what the start form currently describes."""
    form = StartInterviewForm(request.GET)
    return render(request, "interviews/_duration.html", {"duration": _duration_minutes(form, request.user)})


@login_required
@require_GET
def interview_room(request, session_id: int):
    session = _visible(request, session_id)
    role = "candidate" if session.candidate_id == request.user.id else (
        "observer" if session.expert_id == request.user.id else None)
    if role is None:
        raise Http404("No such interview.")  # mentors read reports, they do not sit in the room
    if session.state == "in_progress" and session.remaining_seconds() <= 0 and \
            services.expire_if_out_of_time(session_id=session.id):
        session.refresh_from_db()  # its time ran out with no room open: it ends now (the timer would have)
    if not session.is_live:
        return redirect("interviews:report", session_id=session.id)
    if role == "candidate" and session.state == "created":
        session = services.begin_session(session=session, actor=request.user)  # opening the room starts it
        session.refresh_from_db()
    scores = policy.evaluation_shown_to(session, request.user)
    state = presenters.room_state(session, role=role, scores=scores)
    languages = [{"id": lang, "name": capabilities.get_capabilities().languages[lang].name}
                 for lang in services.answer_languages(session)]
    # a finish refused for want of `confirm` (interview_finish) comes back here to offer it
    confirm_finish = role == "candidate" and session.is_planned and request.GET.get("finish") == "confirm" and \
        selectors.unanswered_questions(session) > 0
    return render(request, "interviews/room.html", {
        "session": session, "state": state, "turn": state["turn"], "role": role, "languages": languages,
        "scores": scores, "confirm_finish": confirm_finish,
        "room_config": {"session": session.id, "ws_url": f"/ws/interviews/{session.id}/", "role": role,
                        "report_url": f"/interviews/{session.id}/report/",
                        # The person's zone (accounts.time_zone), for the times the page writes itself.
                        "time_zone": timezone.get_current_timezone_name(),
                        # Server text-to-speech when an AI endpoint is configured; else the browser's own speech.
                        "speech_url": reverse("interviews-api:interview-question-speech", args=[session.id, 0]).replace(
                            "/turns/0/", "/turns/{turn}/") if speech_available() else None}})


@login_required
@require_POST
def interview_answer(request, session_id: int):
    """The room without JavaScript: a plain form post of the answer."""
    session = _own(request, session_id)
    try:
        turn_id = int(request.POST.get("turn", ""))
        services.submit_answer(session=session, candidate=request.user, turn_id=turn_id,
                               text=request.POST.get("text", ""), code=request.POST.get("code", ""),
                               language=request.POST.get("language", "") if request.POST.get("code") else "")
    except ValueError:
        messages.error(request, "That answer did not name its question; please try again.")
    except NotFound:
        raise  # a question of another interview is a 404 here too, not a note on the room
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Answer received; the next question appears when it is ready.")
    return redirect("interviews:room", session_id=session.id)


CONFIRMED = frozenset({"1", "true", "on", "yes"})  # a form's `confirm`: its checkbox or hidden field


@login_required
@require_POST
def interview_finish(request, session_id: int):
    """The room's "Finish interview" as a plain form post (without its script, or posted by anything else). A planned
    interview with questions left needs the form's `confirm` (services.finish_session): without it the room is shown
    again, the interview unchanged, with the refusal and a "Finish anyway" form that sends it."""
    session = _own(request, session_id)
    try:
        services.finish_session(session=session, candidate=request.user,
                                confirm=request.POST.get("confirm", "") in CONFIRMED)
    except FinishNeedsConfirmation as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('interviews:room', args=[session.id])}?finish=confirm")
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("interviews:report", session_id=session.id)


@login_required
@require_POST
def interview_cancel(request, session_id: int):
    """The start page's one-click "End it", for the candidate's own practice interviews only. An interview an expert
    planned is not ended here by one click (it cannot be taken again): the start page offers only the way back to it."""
    session = _own(request, session_id)
    if session.is_planned:
        if session.is_live:
            messages.error(request, "An interview your interviewer planned is not ended from here; it is still open. "
                                    "Go back to it to continue.")
            return redirect("interviews:room", session_id=session.id)
        return redirect("interviews:report", session_id=session.id)
    act(request, lambda: services.finish_session(session=session, candidate=request.user, reason="cancelled"),
        success="Interview ended.")
    return redirect("interviews:list")


@login_required
@require_GET
def interview_report(request, session_id: int):
    session = _visible(request, session_id)
    # The page speaks to the candidate ("Your interviewer ...", "You:"); to anyone else (the expert, a mentor) of the
    # candidate, by name.
    return render(request, "interviews/report.html", {"session": session,
                                                      "report": report_seen_by(session, request.user),
                                                      "ready": session.state == "evaluated",
                                                      "reader_is_candidate": session.candidate_id == request.user.id,
                                                      # who sits in the room (`interview_room`): its candidate, and
                                                      # the expert of a planned interview as its observer
                                                      "reader_enters_room": request.user.id in (
                                                          session.candidate_id, session.expert_id)})
