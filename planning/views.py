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
        # Nothing is stashed in the session here: the sign-up the page links to marks the invited address verified
        # only when that very address is the one signed up with (InvitedSignupView.form_valid).
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

    def get_form(self, form_class=None):
        """From an invitation the address is shown read-only: the invitation is for that address, and signing up
        from it with another one made the account under the invited address (verified, primary) and only added the
        typed one as an unverified extra, while the page said "Successfully signed in"."""
        form = super().get_form(form_class)
        if self.invitation is not None and "email" in form.fields:
            field = form.fields["email"]
            field.widget.attrs["readonly"] = "readonly"
            field.help_text = "The address the invitation was sent to. To use another one, sign up without the link."
        return form

    def form_valid(self, form):
        if self.invitation is None:
            return super().form_valid(form)
        email = (form.cleaned_data.get("email") or "").strip().lower()
        if email != self.invitation.email.strip().lower():
            # Only a hand-made POST gets here (the field is read-only): refused with a clear error, never a silent
            # account under an address the person did not type.
            form.add_error("email", f"This invitation is for {self.invitation.email}. Sign up with that address, "
                                    "or sign up without the invitation's link to use another one.")
            return self.form_invalid(form)
        if not getattr(form, "account_already_exists", False):
            from allauth.account.adapter import get_adapter

            # Signing up with the invited address needs no separate verification: the link proves the mailbox.
            get_adapter(self.request).stash_verified_email(self.request, self.invitation.email)
        return super().form_valid(form)

    def form_invalid(self, form):
        """The form shown again shows the invited address in its read-only field, never the one refused (it kept the
        posted address there, read-only, so the person could neither fix it nor see which address would do)."""
        if self.invitation is not None and form.is_bound and "email" in form.fields:
            data = form.data.copy()
            data[form.add_prefix("email")] = self.invitation.email
            form.data = data
        return super().form_invalid(form)

    def get_context_data(self, **kwargs) -> dict:
        context = super().get_context_data(**kwargs)
        if self.invitation is not None:
            plan = self.invitation.plan
            context["invited_to"] = {"title": plan.position.title,
                                     "expert": plan.expert.get_full_name() or plan.expert.email}
        return context
