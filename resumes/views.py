"""Resume pages: upload and history, the resume with live parse progress, skill editing (htmx partials)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils.text import get_text_list
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from interviewmaster.errors import DomainError, NotFound
from interviewmaster.pages import act, render_error
from interviewmaster.throttles import ResumeUploadThrottle, check_rate
from resumes import selectors, services
from resumes.analysis import role_label, role_profiles, years_in_words
from resumes.api import file_response
from resumes.models import ResumeStatus, SkillStatus
from resumes.validation import max_upload_bytes


def _own_resume(request, resume_id: int):
    return selectors.resume_for(request.user, resume_id)  # ResumeNotFound is an Http404: the 404 page


def _role_choices() -> list[tuple[str, str]]:
    return [(role, role_label(role)) for role in role_profiles()]


def _list_context(request, **extra) -> dict:
    # A resume without a role of its own is read for the profile's target role (services.target_role_for): the
    # empty choice says so instead of "Let us suggest one".
    profile_role = getattr(request.user, "target_role", "") or ""
    return {"resumes": selectors.resumes_for(request.user), "roles": _role_choices(),
            "profile_role_label": role_label(profile_role) if profile_role in role_profiles() else "",
            "max_mb": max_upload_bytes() // 1_048_576, **extra}


@login_required
@require_GET
def resume_list(request):
    return render(request, "resumes/list.html", _list_context(request))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def resume_upload(request):
    if request.method != "POST":
        # The form's address, typed, bookmarked or reloaded after a refused upload: the resumes page, which holds
        # the form (it answered 405).
        return redirect("resumes:list")
    upload = request.FILES.get("file")
    if upload is None:
        return render(request, "resumes/list.html",
                      _list_context(request, upload_error="Choose a PDF or DOCX file to upload."), status=400)
    try:
        check_rate(request, ResumeUploadThrottle)  # one budget shared with the REST API
        resume = services.upload_resume(owner=request.user, file=upload,
                                        target_role=request.POST.get("target_role", ""))
    except DomainError as exc:
        return render_error(request, "resumes/list.html", _list_context(request, upload_error=exc.message), exc)
    messages.success(request, f"“{resume.original_filename}” uploaded.")
    return redirect("resumes:detail", resume_id=resume.id)


def _detail_context(request, resume) -> dict:
    analysis = resume.analysis or {}
    years = (resume.facts or {}).get("years_experience")
    return {
        "resume": resume,
        "years_in_words": years_in_words(years) if years is not None else "",
        "groups": selectors.skills_by_category(resume) if resume.status != ResumeStatus.UPLOADED else [],
        "removed": resume.skills.filter(status=SkillStatus.REMOVED).order_by("name"),
        # none left: no "Confirm all suggested", and the next step no longer says to confirm them
        "suggested_count": resume.skills.filter(status=SkillStatus.SUGGESTED).count(),
        "roles": _role_choices(),
        "skill_list_max_chars": services.SKILL_LIST_MAX_CHARS,
        "analysis": analysis,
        "analysis_stale": bool(analysis) and analysis.get("target_role", "") != (
            resume.target_role or analysis.get("target_role", "")),
        "target_label": role_label(analysis.get("target_role", "")) if analysis.get("target_role") else "",
        "profile_role_label": role_label(services.target_role_for(resume)) if not resume.target_role
        and services.target_role_for(resume) else "",
    }


@login_required
@require_GET
def resume_detail(request, resume_id: int):
    resume = _own_resume(request, resume_id)
    return render(request, "resumes/detail.html", _detail_context(request, resume))


@login_required
@require_GET
def resume_status(request, resume_id: int):
    """htmx polls this while parsing; once the resume is ready or failed it asks the page to reload itself."""
    resume = _own_resume(request, resume_id)
    if not request.headers.get("HX-Request"):  # the fragment opened directly: its page has title and landmarks
        return redirect("resumes:detail", resume_id=resume.id)
    response = render(request, "resumes/_progress.html", {"resume": resume, "polling": not resume.is_terminal})
    if resume.is_terminal and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def resume_file(request, resume_id: int):
    return file_response(request, _own_resume(request, resume_id))


def _act(request, resume_id: int, action, success: str | None = None, to_list: bool = False):
    resume = _own_resume(request, resume_id)
    act(request, lambda: action(resume), success or "")
    return redirect("resumes:list") if to_list else redirect("resumes:detail", resume_id=resume_id)


@login_required
@require_POST
def resume_activate(request, resume_id: int):
    return _act(request, resume_id, lambda r: services.set_active_resume(resume=r, actor=request.user),
                "This resume is now your active one: its confirmed skills drive your questions and study paths.")


def deletion_message(deletion: services.Deletion) -> str:
    """The active resume changed with a delete: say to which, or that none is active now."""
    message = "Resume deleted; its file was removed."
    if not deletion.was_active:
        return message
    successor = deletion.now_active
    if successor is None:
        return (f"{message} No resume is active now: upload one so that your questions and study paths follow your "
                "skills.")
    reading = "" if successor.status == ResumeStatus.READY else " (it is still being read)"
    return f"{message} “{successor.original_filename}” is now your active resume{reading}."


@login_required
@require_POST
def resume_delete(request, resume_id: int):
    resume = _own_resume(request, resume_id)

    def delete() -> None:  # the message names the resume now active: known once the delete is done
        messages.success(request, deletion_message(services.delete_resume(resume=resume, actor=request.user)))

    act(request, delete)
    return redirect("resumes:list")


@login_required
@require_POST
def resume_reparse(request, resume_id: int):
    def read_again(resume):
        check_rate(request, ResumeUploadThrottle)  # the budget uploads and the API's re-reads share
        return services.reparse_resume(resume=resume, actor=request.user)

    return _act(request, resume_id, read_again, "Reading the resume again.")


@login_required
@require_POST
def resume_target_role(request, resume_id: int):
    role = request.POST.get("target_role", "")
    return _act(request, resume_id,
                lambda r: services.choose_target_role(resume=r, actor=request.user, target_role=role),
                "Target role saved; the analysis is being updated.")


def _skills_partial(request, resume, status: int = 200, error: str = "", note: str = "") -> HttpResponse:
    resume.refresh_from_db()
    context = {**_detail_context(request, resume), "skill_error": error, "skill_note": note, "oob_next_step": True}
    return render(request, "resumes/_skills.html", context, status=status)


def _skill_action(request, resume_id: int, action):
    """Run `action(resume)`; a string it returns is a note for the candidate (the action changed nothing they see)."""
    resume = _own_resume(request, resume_id)
    error, note, status = "", "", 200
    try:
        note = action(resume) or ""
    except NotFound:
        raise  # an Http404: the 404 page
    except DomainError as exc:
        error, status = exc.message, exc.status_code
    if request.headers.get("HX-Request"):
        return _skills_partial(request, resume, status=status, error=error, note=note)
    if error:
        messages.error(request, error)
    elif note:
        messages.info(request, note)
    return redirect("resumes:detail", resume_id=resume_id)


@login_required
@require_POST
def skill_status(request, resume_id: int, skill_pk: int):
    status = request.POST.get("status", "")
    return _skill_action(request, resume_id, lambda r: services.set_skill_status(
        resume=r, actor=request.user, skill_pk=skill_pk, status=status))


@login_required
@require_POST
def skill_add(request, resume_id: int):
    name = request.POST.get("name", "")

    def add(resume) -> str:
        # "Rust, Terraform" adds each (services.add_skills); the note names what was added. A name already on the
        # resume (typed again, or an alias: "golang" for Go) adds nothing: say so, or the button seems to do nothing.
        added = services.add_skills(resume=resume, actor=request.user, text=name)
        new = [f"“{skill.name}”" for skill, created in added if created]
        there = [f"“{skill.name}”" for skill, created in added if not created]
        notes = []
        if new and len(added) > 1:
            notes.append(f"Added {get_text_list(new, 'and')}.")
        if there:
            verb = "is" if len(there) == 1 else "are"
            notes.append(f"{get_text_list(there, 'and')} {verb} already on this resume; "
                         f"{'it is' if len(there) == 1 else 'they are'} confirmed.")
        return " ".join(notes)

    return _skill_action(request, resume_id, add)


@login_required
@require_POST
def skill_confirm_all(request, resume_id: int):
    def confirm_all(resume) -> str:
        # the service returns how many it confirmed: the note says so in words (it showed a bare "11")
        count = services.confirm_all_skills(resume=resume, actor=request.user)
        return f"Confirmed {count} skill{pluralize(count)}."

    return _skill_action(request, resume_id, confirm_all)
