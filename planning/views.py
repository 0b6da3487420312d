"""planning: the candidate's pages — the invitation link and the lobby of the planned interview. Candidates see who
invites them, for which position and for how long; never the planned questions."""

from __future__ import annotations

from allauth.account.views import SignupView
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.views.decorators.http import require_http_methods

from interviewmaster.errors import DomainError
from interviewmaster.pages import render_error
from planning import invitations
from planning.errors import InvitationProblem, InvitationUsed
from planning.models import InterviewPlan, Invitation


def _used_by_me(request, token: str) -> InterviewPlan | None:
    """A candidate who already accepted this very link goes straight back to their lobby."""
    if not request.user.is_authenticated:
        return None
    from django.core import signing

    try:
        payload = signing.loads(token, salt=invitations.SALT)
        invitation = Invitation.objects.filter(pk=int(payload["i"]), nonce=str(payload["n"]),
                                               used_by=request.user).select_related("plan").first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return invitation.plan if invitation else None


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    try:
        found = invitations.invitation_from_token(token)
    except InvitationUsed as exc:
        plan = _used_by_me(request, token)
        if plan is not None:
            return redirect("planning:lobby", plan_id=plan.id)
        return render_error(request, "planning/invitation_error.html", {"error": exc}, exc)
    except InvitationProblem as exc:
        return render_error(request, "planning/invitation_error.html", {"error": exc}, exc)
    context = {"invitation": found, "plan": found.plan, "token": token, "next": request.get_full_path()}
    if not request.user.is_authenticated:
        from allauth.account.adapter import get_adapter

        # Signing up with the invited address needs no separate verification: the link proves the mailbox.
        get_adapter(request).stash_verified_email(request, found.email)
        return render(request, "planning/invitation.html", context)
    if request.method == "POST":
        try:
            plan = invitations.accept_invitation(token=token, user=request.user)
        except InvitationProblem as exc:
            return render_error(request, "planning/invitation_error.html", {"error": exc}, exc)
        return redirect("planning:lobby", plan_id=plan.id)
    return render(request, "planning/invitation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def lobby(request, plan_id: int):
    plan = (InterviewPlan.objects.select_related("position", "expert", "current_version", "session")
            .filter(pk=plan_id, candidate=request.user).first())
    if plan is None:
        raise Http404("No such interview.")
    questions = len(plan.current_version.questions) if plan.current_version else 0
    context = {"plan": plan, "question_count": questions}
    if request.method == "POST":
        from planning.interview_link import start_planned_interview

        try:
            session = start_planned_interview(plan=plan, candidate=request.user)
        except DomainError as exc:
            return render_error(request, "planning/lobby.html", {**context, "error": exc}, exc)
        return redirect("interviews:room", session_id=session.id)
    return render(request, "planning/lobby.html", context)


def _invitation_to_follow(request) -> Invitation | None:
    """The usable invitation whose page the sign-up returns to (`next`, as the invitation page's Sign up link sends
    it), or None."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    try:
        match = resolve(target.split("?", 1)[0])
    except Resolver404:
        return None
    if match.view_name != "planning:invitation":
        return None
    try:
        return invitations.invitation_from_token(match.kwargs["token"])
    except InvitationProblem:
        return None


class InvitedSignupView(SignupView):
    """allauth's sign-up, which from an invitation's link fills in the invited address and the name the expert wrote
    and says what the account is for ("You are signing up to take ... with ..."): it said nothing of the invitation and
    left both fields empty. Mounted at allauth's own sign-up URL."""

    def dispatch(self, request, *args, **kwargs):
        self.invitation = _invitation_to_follow(request)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict:
        initial = super().get_initial()
        if self.invitation is not None:
            initial.update(email=self.invitation.email, name=self.invitation.plan.candidate_name)
        return initial

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if self.invitation is not None:
            plan = self.invitation.plan
            context["invited_to"] = {"title": plan.position.title,
                                     "expert": plan.expert.get_full_name() or plan.expert.email}
        return context
