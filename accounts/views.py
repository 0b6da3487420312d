"""accounts pages: the profile (with mentors and the danger zone), data export and account deletion."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts import selectors, services
from accounts.adapter import client_ip
from accounts.browser_storage import forget_browser_storage
from accounts.forms import DeleteAccountForm, InviteMentorForm, ProfileForm
from accounts.models import LoginEvent, Role
from interviewmaster.downloads import PERSONAL_DATA, one_export_at_a_time, spooled_download
from interviewmaster.errors import DomainError, ExportInProgress, TooManyRequests
from interviewmaster.pages import render_error
from interviewmaster.streaming import json_chunks
from interviewmaster.throttles import (
    MentorInviteThrottle,
    PasswordCheckThrottle,
    PersonalDataExportThrottle,
    check_rate,
)


def _add_domain_errors(form, exc: DomainError) -> None:
    if not exc.fields:
        form.add_error(None, exc.message)
    for field, field_messages in exc.fields.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


def _profile_context(request, *, form=None, invite_form=None) -> dict:
    user = request.user
    return {
        "form": form or ProfileForm(initial={f: getattr(user, f) for f in services.PROFILE_FIELDS}),
        "invite_form": invite_form or InviteMentorForm(),
        "assignments": list(selectors.mentor_assignments_of(user)) if user.role == Role.CANDIDATE else [],
        "invitations": list(selectors.mentor_invitations_of(user)) if user.role == Role.CANDIDATE else [],
        "invitation_days": settings.MENTOR_INVITATION_DAYS,
        "is_candidate": user.role == Role.CANDIDATE,
        "is_mentor": user.role == Role.MENTOR,
        "locked": user.is_locked(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST)
        changes = {f: request.POST.get(f, "") for f in services.PROFILE_FIELDS if f in request.POST}
        try:
            services.update_profile(user=request.user, **changes)
        except DomainError as exc:
            _add_domain_errors(form, exc)
            form.is_valid()  # populate cleaned data for re-display; our errors are already attached
            return render(request, "accounts/profile.html", _profile_context(request, form=form), status=400)
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", _profile_context(request))


@login_required
@require_POST
def invite_mentor(request):
    """The profile page's "Add mentor": one message whoever owns the address (accounts.services.invite_mentor)."""
    form = InviteMentorForm(request.POST)
    if form.is_valid():
        try:
            check_rate(request, MentorInviteThrottle)  # one budget shared with the REST API
            message = services.invite_mentor(candidate=request.user, email=form.cleaned_data["email"])
        except DomainError as exc:
            _add_domain_errors(form, exc)
            return render_error(request, "accounts/profile.html", _profile_context(request, invite_form=form), exc)
        messages.success(request, message)
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", _profile_context(request, invite_form=form), status=400)


@login_required
@require_POST
def withdraw_mentor_invitation(request, invitation_id: int):
    try:
        services.withdraw_mentor_invitation(candidate=request.user, invitation_id=invitation_id)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    messages.success(request, "Invitation withdrawn.")
    return redirect("accounts:profile")


@login_required
@require_POST
def revoke_mentor(request, assignment_id: int):
    try:
        assignment = services.revoke_mentor(candidate=request.user, assignment_id=assignment_id)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    messages.success(request, f"{assignment.mentor.get_full_name()} no longer sees your progress.")
    return redirect("accounts:profile")


@login_required
@require_http_methods(["GET"])
def mentor_requests(request):
    """A mentor's waiting requests (the link in the request email), with accept and decline buttons."""
    if request.user.role != Role.MENTOR:
        raise PermissionDenied("Only mentors have mentee requests.")
    return render(request, "accounts/mentor_requests.html",
                  {"mentee_requests": list(selectors.mentee_requests_for(request.user))})


MENTOR_REQUEST_DECISIONS = {"accept": services.accept_mentee_request, "decline": services.decline_mentee_request}


@login_required
@require_POST
def answer_mentor_request(request, request_id: int, decision: str):
    if request.user.role != Role.MENTOR:
        raise PermissionDenied("Only mentors have mentee requests.")
    if decision not in MENTOR_REQUEST_DECISIONS:
        raise Http404("No such decision.")
    try:
        assignment = MENTOR_REQUEST_DECISIONS[decision](mentor=request.user, request_id=request_id)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    name = assignment.candidate.get_full_name()
    messages.success(request, f"You now mentor {name}." if decision == "accept" else f"You declined {name}'s request.")
    return redirect("accounts:mentor-requests")


@login_required
@require_http_methods(["GET", "HEAD"])
def export_my_data(request):
    """The whole of the user's data as a JSON file, made whole (memory does not grow with the history) before it is
    sent, so a client that stops reading holds no database connection (`interviewmaster.downloads`); rate-limited
    (one budget with `GET /api/v1/users/me/export`), one at a time per user. Refused, it is the profile page saying
    when to try again (the link is a plain link, so the browser shows that page instead of saving it as the file)."""
    try:
        check_rate(request, PersonalDataExportThrottle)
    except TooManyRequests as exc:
        context = {**_profile_context(request), "export_error": exc.message}
        return render_error(request, "accounts/profile.html", context, exc)
    try:
        with one_export_at_a_time(request.user, PERSONAL_DATA):
            chunks = json_chunks(selectors.personal_data_document(request.user), cls=DjangoJSONEncoder, indent=2)
            return spooled_download(request, chunks, content_type="application/json",
                                    filename="interviewmaster-my-data.json")
    except ExportInProgress as exc:
        context = {**_profile_context(request), "export_error": exc.message}
        return render_error(request, "accounts/profile.html", context, exc)


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_rate(request, PasswordCheckThrottle)  # one budget shared with DELETE /api/v1/users/me
            services.delete_account(user=request.user, password=form.cleaned_data["password"],
                                    channel=LoginEvent.Channel.BROWSER, ip=client_ip(request),
                                    trusted=services.is_trusted(request, request.user.email))
        except DomainError as exc:
            _add_domain_errors(form, exc)
            return render_error(request, "accounts/delete.html", {"form": form}, exc)
        logout(request)
        forget_browser_storage(request)  # the next page removes the drafts this browser kept for the account
        messages.success(request, "Your account is deleted and your personal data removed.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET"])
def unlock(request, token: str):
    """The link mailed to an owner whose email is being attacked: clears the locks and delays on it and marks this
    browser as trusted for that email (no delay while the guessing goes on elsewhere)."""
    user = services.use_unlock_token(token)
    if user is None:
        messages.error(request, "That unlock link is invalid or has expired. You can reset your password instead.")
        return redirect("account_login")
    messages.success(request, "Your account is unlocked and this browser can sign in without waiting.")
    response = redirect("account_login")
    response.set_cookie(services.TRUST_COOKIE, services.trust_cookie_value(user), max_age=30 * 24 * 3600,
                        secure=request.is_secure(), httponly=True, samesite="Lax")
    return response
