"""planning: the expert's workplace in Django admin (DESIGN §2).

Experts see only their own plans (admins see all). A plan's page shows its questions and the critique side by side,
with the actions approve, edit questions (a new version), request changes with a reason, cancel, and — after
approval — the prefilled invitation to edit and send. Every action calls a service; a refused action is an admin
message, never a 500.
"""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from interviewmaster import capabilities
from interviewmaster.admin import MomentsAdminMixin, ReadOnlyAdminMixin, RelatedLinksAdminMixin, admin_link, data_list
from interviewmaster.errors import DomainError
from interviewmaster.figures import duration_text
from interviewmaster.input_limits import echoed
from interviewmaster.moments import zoned_moment_text
from interviews.admin import named_id_filter
from interviews.models import EndReason, Evaluation, InterviewSession, SessionState
from planning import invitations, services
from planning.errors import InvalidPlanTransition, ResumeNotAvailable
from planning.interview_link import (
    MAX_REASON_CHARS,
    MAX_SCORE_CHANGES,
    adjust_score,
    answered_turns,
    criterion_scores,
    earlier_sessions,
)
from planning.models import (
    AgentStatus,
    DecisionReason,
    ExpertDecision,
    InterviewPlan,
    Invitation,
    LearningSignal,
    PlanEvent,
    PlanState,
    Position,
)
from planning.plan_schema import MAX_LINE_CHARS, MAX_LINES, MAX_QUESTIONS
from planning.selectors import approved_by, bank_origins, plans_for, resumes_for_planning
from planning.skills import skill_name
from planning.wording import agent_choices, agent_name, event_kind_choices, event_kind_name, minutes_text, outcome_text
from resumes.skills import taxonomy

DEFAULT_DISTRIBUTION = {"coding": {"medium": 2}, "databases": {"medium": 1}, "behavioral": {"easy": 1}}
FOLLOW_UP_CHOICES = [
    ("adaptive", "Adaptive: the interviewer writes each follow-up from the answer, guided by the plan's ideas"),
    ("planned", "The plan's follow-up ideas only, in order"),
]


# --- positions ----------------------------------------------------------------------------------------------------

class SkillListField(forms.CharField):
    """Comma-separated skill names or ids ("Python, k8s, PostgreSQL") -> taxonomy ids."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(skill_name(s) for s in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        if text.startswith("["):
            try:
                text = ", ".join(json.loads(text))
            except (ValueError, TypeError):
                pass
        ids, unknown = [], []
        for name in (part.strip() for part in text.split(",")):
            if not name:
                continue
            skill = taxonomy().skills.get(name) or taxonomy().resolve(name)
            if skill is None:
                unknown.append(name)
            elif skill.id not in ids:
                ids.append(skill.id)
        if unknown:
            raise ValidationError(f"Unknown skills: {', '.join(unknown)}. Use names from the skill taxonomy.")
        return ids


class PositionForm(forms.ModelForm):
    required_skills = SkillListField(required=False, help_text="Comma-separated, e.g. Python, PostgreSQL, Redis.")
    nice_to_have_skills = SkillListField(required=False, help_text="Comma-separated.")

    class Meta:
        model = Position
        fields = ["title", "department", "role", "job_description", "required_skills", "nice_to_have_skills"]
        help_texts = {"role": "The kind of job. The plan's questions come from the ones written for this kind of job."}


@admin.register(Position)
class PositionAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, admin.ModelAdmin):
    form = PositionForm
    list_display = ["title", "department", "role", "skills", "created_by"]
    # created_by may be empty, so the changelist's own select_related() skipped it: one query per row (108 for 100)
    list_select_related = ["created_by"]
    list_filter = ["role", "department"]
    search_fields = ["title", "department", "job_description"]

    @admin.display(description="required skills")
    def skills(self, obj: Position) -> str:
        return ", ".join(skill_name(s) for s in obj.required_skills)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


# --- plans --------------------------------------------------------------------------------------------------------

DIFFICULTY_COLUMNS = ["easy", "medium", "hard"]


class DistributionWidget(forms.Widget):
    """A table of number inputs, one row per question category and one column per difficulty (a dash where the
    category has no such difficulty), in place of a JSON document to type. A posted JSON document (`name` itself)
    is still read, for scripts that post the form."""

    class Media:
        css = {"all": ["css/plan_distribution.css"]}

    def _counts(self, value) -> dict:
        if isinstance(value, str):
            try:
                value = json.loads(value or "{}")
            except ValueError:
                return {}
        plain = capabilities.config_limits().plain_count_difficulty
        return {c: (v if isinstance(v, dict) else {plain: v}) for c, v in (value or {}).items()} \
            if isinstance(value, dict) else {}

    def render(self, name, value, attrs=None, renderer=None):
        counts = self._counts(value)
        head = format_html_join("", '<th scope="col">{}</th>', ((d.capitalize(),) for d in DIFFICULTY_COLUMNS))
        rows = []
        for category in capabilities.get_capabilities().categories.values():
            cells = []
            for difficulty in DIFFICULTY_COLUMNS:
                if difficulty not in category.allowed_difficulties:
                    cells.append(format_html('<td aria-label="{} has no {} questions">—</td>', category.name,
                                             difficulty))
                    continue
                count = (counts.get(category.id) or {}).get(difficulty) or ""
                cells.append(format_html(
                    '<td><input type="number" min="0" max="{}" step="1" name="{}__{}__{}" value="{}" '
                    'aria-label="{}, {}"></td>', capabilities.config_limits().max_total_questions,
                    name, category.id, difficulty, count, category.name, difficulty))
            rows.append(format_html('<tr><th scope="row">{}</th>{}</tr>', category.name, mark_safe("".join(cells))))
        return format_html('<table class="plan-distribution" id="id_{}"><thead><tr><th scope="col">Category</th>{}'
                           "</tr></thead><tbody>{}</tbody></table>", name, head, mark_safe("".join(rows)))

    def value_from_datadict(self, data, files, name):
        if name in data:
            return data[name]
        counts: dict[str, dict[str, str]] = {}
        for category in capabilities.get_capabilities().categories:
            for difficulty in DIFFICULTY_COLUMNS:
                raw = (data.get(f"{name}__{category}__{difficulty}") or "").strip()
                if raw:
                    counts.setdefault(category, {})[difficulty] = raw
        return counts


class DistributionField(forms.Field):
    """{category: {difficulty: count}} from the table (or a posted JSON document), whole numbers only, at least one
    question; whether each category allows each difficulty is the configuration's own check (`plan_config`)."""

    widget = DistributionWidget

    def to_python(self, value):
        if isinstance(value, str):
            try:
                value = json.loads(value or "{}")
            except ValueError:
                raise ValidationError("Enter how many questions of each category and difficulty the interview "
                                      "asks.") from None
        if not isinstance(value, dict):
            raise ValidationError("Enter how many questions of each category and difficulty the interview asks.")
        names = capabilities.get_capabilities().categories
        plain = capabilities.config_limits().plain_count_difficulty
        cleaned: dict[str, dict[str, int]] = {}
        for category, counts in value.items():
            for difficulty, raw in (counts if isinstance(counts, dict) else {plain: counts}).items():
                label = f"{names[category].name if category in names else category}, {difficulty}"
                try:
                    count = int(str(raw).strip())
                except ValueError:
                    raise ValidationError(f"{label}: enter a whole number of questions, not {echoed(str(raw))}.") \
                        from None
                if count < 0:
                    raise ValidationError(f"{label}: the number of questions cannot be negative.")
                if count:
                    cleaned.setdefault(str(category), {})[str(difficulty)] = count
        if not cleaned:
            raise ValidationError("The interview needs at least one question: enter how many of some category and "
                                  "difficulty.")
        return cleaned


class PlanCreateForm(forms.ModelForm):
    mode = forms.ChoiceField(choices=[(m, m.replace("_", " ").capitalize()) for m in ("custom_config", "quick_start")])
    question_distribution = DistributionField(
        initial=DEFAULT_DISTRIBUTION, label="Questions",
        help_text="How many questions of each category and difficulty the interview asks (a dash: the category has "
                  "no questions of that difficulty). Empty counts as none.")
    experience_level = forms.ChoiceField(required=False, choices=[("", "—"), *capabilities.experience_level_choices()])
    max_follow_ups_per_question = forms.IntegerField(
        min_value=0, max_value=capabilities.config_limits().max_follow_ups_per_question, required=False,
        initial=capabilities.default_max_follow_ups, label="Follow-ups per question (at most)",
        help_text="Asked while the question's time lasts; 0 asks none. Empty: the default the candidates' own "
                  "interviews use.")
    follow_ups = forms.ChoiceField(
        choices=FOLLOW_UP_CHOICES, initial="adaptive", required=False, widget=forms.RadioSelect,
        label="Follow-up questions")
    interview_length = forms.IntegerField(
        min_value=services.LENGTH_RANGE[0], max_value=services.LENGTH_RANGE[1], required=False,
        label="Interview length (minutes)",
        help_text="Empty: the interview lasts as long as the approved questions take, transitions included, and "
                  "follows your edits. A length you set is kept: the agents fit the questions to it.")

    class Meta:
        model = InterviewPlan
        fields = ["position", "candidate_name", "candidate_email", "resume"]

    expert = None  # set by InterviewPlanAdmin.get_form: whose rule (`resumes_for_planning`) the resume meets

    def clean(self):
        data = super().clean()
        try:
            services.ensure_resume_usable(expert=self.expert, resume=data.get("resume"),
                                          candidate_email=data.get("candidate_email") or "")
        except ResumeNotAvailable as exc:
            self.add_error("resume", exc.message)
        overrides = {"question_distribution": data.get("question_distribution")}
        if data.get("experience_level"):
            overrides["experience_level"] = data["experience_level"]
        chosen = data.get("max_follow_ups_per_question")
        overrides["max_follow_ups_per_question"] = capabilities.default_max_follow_ups() if chosen is None else chosen
        overrides["dynamic_follow_ups"] = (data.get("follow_ups") or "adaptive") == "adaptive"
        try:
            data["config"], data["duration"] = services.plan_config(data.get("mode") or "custom_config", overrides)
        except DomainError as exc:
            for field, message in (exc.fields or {"question_distribution": exc.message}).items():
                self.add_error(field if field in self.fields else "question_distribution", message)
        return data


class LinesField(forms.CharField):
    """One item per line, as many lines and as long as a version keeps (`plan_schema.MAX_LINES`, `MAX_LINE_CHARS`):
    beyond that the form says so, where the version used to drop the extra lines and cut long ones without a word."""

    def validate(self, value):
        super().validate(value)
        lines = [line.strip() for line in (value or "").splitlines() if line.strip()]
        if len(lines) > MAX_LINES:
            raise ValidationError(f"At most {MAX_LINES} lines, one per line; this has {len(lines)}.")
        for number, line in enumerate(lines, start=1):
            if len(line) > MAX_LINE_CHARS:
                raise ValidationError(f"Line {number} has {len(line)} characters; a line has at most "
                                      f"{MAX_LINE_CHARS}.")


# What a full list takes: MAX_LINES lines of MAX_LINE_CHARS, their line breaks ("\r\n" from a browser) and a little
# blank space around them; the lines themselves are checked by LinesField.
LINES_MAX_LENGTH = MAX_LINES * (MAX_LINE_CHARS + 2) + 100


class QuestionForm(forms.Form):
    question_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    rewritten_from = forms.IntegerField(required=False, widget=forms.HiddenInput)
    prompt = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), max_length=2000, min_length=15)
    category = forms.ChoiceField(choices=lambda: [("", "—"), *capabilities.category_choices()])
    difficulty = forms.ChoiceField(choices=lambda: [("", "—"), *capabilities.difficulty_choices()])
    skill = forms.CharField(required=False, max_length=100)
    why = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))
    expected_points = LinesField(widget=forms.Textarea(attrs={"rows": 3, "cols": 60}), max_length=LINES_MAX_LENGTH,
                                 help_text=f"One per line, at most {MAX_LINES}.")
    follow_up_ideas = LinesField(required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
                                 max_length=LINES_MAX_LENGTH, help_text=f"One per line, at most {MAX_LINES}.")


QuestionFormSet = formset_factory(QuestionForm, extra=1, can_delete=True, max_num=MAX_QUESTIONS, validate_max=True)


class EditReasonForm(forms.Form):
    base_version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)  # what was edited
    reason = forms.ChoiceField(required=False, choices=[("", "— no particular reason —"), *DecisionReason.choices])
    comment = forms.CharField(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class RequestChangesForm(forms.Form):
    reason = forms.ChoiceField(choices=[("", "— choose a reason —"), *DecisionReason.choices])
    comment = forms.CharField(required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))


class InvitationForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(max_length=10_000, widget=forms.Textarea(attrs={"rows": 10, "cols": 70}))


def _initial_questions(plan: InterviewPlan) -> list[dict]:
    questions = plan.current_version.questions if plan.current_version else []
    return [{**q, "expected_points": "\n".join(q.get("expected_points") or []),
             "follow_up_ideas": "\n".join(q.get("follow_up_ideas") or [])} for q in questions]


ACTIONS = {
    "approve": "approve",
    "request-changes": "request_changes",
    "cancel": "cancel",
    "invite": "invite",
    "retry": "retry",
    "adjust-score": "adjust_score",
    "length": "set_length",
}


@admin.register(InterviewPlan)
class InterviewPlanAdmin(MomentsAdminMixin, admin.ModelAdmin):
    list_display = ["candidate_name", "position", "state_badge", "agent_status", "version_number", "duration",
                    "created_at"]
    list_filter = ["state", "position", "agent_status"]
    search_fields = ["candidate_name", "candidate_email", "position__title"]
    list_select_related = ["position", "current_version"]
    # No bulk Approve: an approval is of the version the expert read on the plan's page (a decision on another is
    # refused with plan_changed); a checkbox on the list approved whatever each plan's current version was, unread.
    actions = ["cancel_selected"]
    add_form = PlanCreateForm
    autocomplete_fields = []

    # -- querysets and permissions --
    def get_queryset(self, request):
        return plans_for(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # plans are cancelled, never deleted: their audit trail stays

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        form = super().get_form(request, obj, **kwargs)
        form.expert = request.user  # a class made for this request by modelform_factory
        return form

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["position", "candidate_name", "candidate_email", "resume"]}),
                    ("Interview configuration", {"fields": ["mode", "question_distribution", "experience_level",
                                                            "max_follow_ups_per_question", "follow_ups",
                                                            "interview_length"]})]
        return super().get_fieldsets(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "resume":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        # A choice among the resumes this user may read, never a raw id: a typed id of anybody's resume got an answer
        # (and the raw-id widget a label) that said whose it was. A missing id and a forbidden one read the same.
        field = super().formfield_for_foreignkey(
            db_field, request, required=False, queryset=resumes_for_planning(request.user),
            error_messages={"invalid_choice": ResumeNotAvailable.default_message}, **kwargs)
        field.label_from_instance = lambda r: f"{r.owner.email} — {r.original_filename} ({r.get_status_display()})"
        field.help_text = ("Resumes of candidates who took up one of your invitations. Leave it empty for anyone "
                           "else: the agents then plan from the position alone.")
        return field

    def save_model(self, request, obj, form, change):
        if change:
            return  # a plan changes only through the actions on its page
        data = form.cleaned_data
        plan = services.create_plan(expert=request.user, position=data["position"],
                                    candidate_name=data["candidate_name"], candidate_email=data["candidate_email"],
                                    resume=data.get("resume"), mode=data.get("mode") or "custom_config",
                                    config_overrides={k: v for k, v in data["config"].items()},
                                    duration_minutes=data.get("interview_length"))
        obj.__dict__.update({k: v for k, v in plan.__dict__.items() if not k.startswith("_")})
        obj._state = plan._state

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, "The plan was created; the agents are drafting and critiquing it.",
                          messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:planning_interviewplan_change", args=[obj.pk]))

    # -- list columns --
    @admin.display(description="state", ordering="state")
    def state_badge(self, obj: InterviewPlan) -> str:
        return format_html('<span class="plan-state plan-state-{}">{}</span>', obj.state, obj.get_state_display())

    @admin.display(description="version")
    def version_number(self, obj: InterviewPlan):
        return f"v{obj.current_version.number}" if obj.current_version else "—"

    @admin.display(description="duration", ordering="duration_minutes")
    def duration(self, obj: InterviewPlan) -> str:
        return duration_text(obj.duration_minutes * 60)  # "45 min", not a bare 45 under "Duration minutes"

    # -- bulk actions --
    def _bulk(self, request, queryset, action, done: str):
        ok = 0
        for plan in queryset:
            try:
                action(plan)
                ok += 1
            except DomainError as exc:
                self.message_user(request, f"{plan}: {exc.message}", messages.ERROR)
        if ok:
            self.message_user(request, f"{done} {ok} plan(s).", messages.SUCCESS)

    @admin.action(description="Cancel selected plans")
    def cancel_selected(self, request, queryset):
        """Asks first, as the plan page's Cancel does (and as Django's own bulk delete does): the action cancelled at
        once, withdrawing candidates' links and ending running interviews, from a checkbox and a menu choice."""
        if request.POST.get("post") == "yes":
            self._bulk(request, queryset, lambda p: services.cancel_plan(plan=p, expert=request.user), "Cancelled")
            return None
        plans = list(queryset.order_by("candidate_name", "pk"))
        return TemplateResponse(request, "admin/planning/cancel_selected.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "title": "Cancel plans?",
            "plans": [p for p in plans if not p.is_terminal], "ended": [p for p in plans if p.is_terminal],
            "running": [p for p in plans if p.state == PlanState.IN_PROGRESS],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME})

    # -- the plan page --
    def get_urls(self):
        own = [path("<int:plan_id>/act/<str:action>/", self.admin_site.admin_view(self.act_view),
                    name="planning_interviewplan_act"),
               path("<int:plan_id>/questions/", self.admin_site.admin_view(self.edit_questions_view),
                    name="planning_interviewplan_questions"),
               path("<int:plan_id>/watch/", self.admin_site.admin_view(self.watch_view),
                    name="planning_interviewplan_watch")]
        return own + super().get_urls()

    def _plan(self, request, plan_id) -> InterviewPlan:
        plan = self.get_queryset(request).filter(pk=plan_id).first()
        if plan is None or not self.has_view_permission(request, plan):
            raise Http404("No such plan.")
        return plan

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        plan = self._plan(request, object_id)
        return TemplateResponse(request, "admin/planning/plan_workplace.html", self._context(request, plan))

    def _context(self, request, plan: InterviewPlan, **extra) -> dict:
        version = plan.current_version
        scores = criterion_scores(plan) if plan.state == PlanState.COMPLETED else []
        draft = extra.pop("score_draft", None)  # a refused score: what the expert typed, back in its row
        for row in scores:
            row["draft"] = draft if draft and (draft["turn"], draft["criterion"]) == (row["turn"].id,
                                                                                     row["criterion"]) else None
            # The form's Score starts at the expert's standing score (the AI's where there is none): at the AI's, a
            # reason corrected alone was saved as a new score, the AI's.
            row["selected"] = (row["draft"] or {}).get("score") or row["expert_score"] or row["ai_score"]
        critique = version.critiques.order_by("-created_at", "-id").first() if version else None
        flagged: dict[int, list[dict]] = {}
        for issue in (critique.issues if critique else []):
            if isinstance(issue.get("question_index"), int):
                flagged.setdefault(issue["question_index"], []).append(issue)
        stored = version.questions if version else []
        questions = [{"index": i + 1, "flags": flagged.get(i, []), "origin": origin, **q}
                     for i, (q, origin) in enumerate(zip(stored, bank_origins(stored), strict=True))]
        subject, body = invitations.default_message(plan)
        latest_invitation = plan.invitations.order_by("-created_at", "-id").first()
        accepted = invitations.accepted_link(plan)
        return {
            **self.admin_site.each_context(request), "opts": self.model._meta, "plan": plan, "version": version,
            "critique": critique, "critique_points": services.critique_points(critique), "questions": questions,
            "title": f"Plan: {plan}",
            "minutes_text": minutes_text(len(stored), version.estimated_minutes, plan.duration_minutes)
            if version else "",
            "length_warning": services.length_warning(plan, version) if plan.is_editable else "",
            "length_range": services.LENGTH_RANGE,
            "general_issues": [i for i in (critique.issues if critique else [])
                               if not isinstance(i.get("question_index"), int)],
            "working": plan.agent_status in (AgentStatus.DRAFTING, AgentStatus.CRITIQUING),
            "can_decide": plan.state == PlanState.PENDING_REVIEW,
            "can_edit": plan.is_editable, "can_cancel": not plan.is_terminal,
            "can_invite": plan.state in invitations.SENDABLE_STATES and accepted is None, "accepted_link": accepted,
            "request_form": RequestChangesForm(), "invitation_form": extra.pop("invitation_form", None)
            or InvitationForm(initial={"subject": subject, "body": body}),
            "latest_invitation": latest_invitation,
            "open_invitation": latest_invitation if latest_invitation and latest_invitation.used_at is None
            and latest_invitation.superseded_at is None and latest_invitation.expires_at > timezone.now() else None,
            "versions": plan.versions.order_by("-number"),
            "decisions": ExpertDecision.objects.filter(plan=plan).select_related("expert")[:20],
            "events": PlanEvent.objects.filter(plan=plan).select_related("actor").order_by("-created_at", "-id")[:50],
            "skills": [skill_name(s) for s in plan.position.required_skills],
            "follow_ups": capabilities.max_follow_ups(plan.config),
            "adaptive_follow_ups": plan.config.get("dynamic_follow_ups", True),
            "can_watch": plan.session_id is not None and plan.state == PlanState.IN_PROGRESS
            and plan.expert_id == request.user.id,
            "scores": scores, "max_score_changes": MAX_SCORE_CHANGES,
            "max_reason_chars": MAX_REASON_CHARS,
            "outcome": outcome_text(plan.session) if plan.state == PlanState.COMPLETED and plan.session_id else "",
            "answered": answered_turns(plan) if plan.state == PlanState.INCOMPLETE else [],
            "earlier_sessions": earlier_sessions(plan), "idle_minutes": settings.INTERVIEW_IDLE_MINUTES,
            "score_range": range(1, 6),
            # The zone the page's times are in: the expert's profile zone (accounts.time_zone activates it).
            "time_zone": timezone.get_current_timezone_name(), **extra,
        }

    def act_view(self, request, plan_id: int, action: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        plan = self._plan(request, plan_id)
        handler = getattr(self, f"_act_{ACTIONS.get(action, 'unknown')}", None)
        if handler is None:
            raise Http404("No such action.")
        try:
            response = handler(request, plan)
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            response = None
        return response or HttpResponseRedirect(reverse("admin:planning_interviewplan_change", args=[plan.pk]))

    def _act_approve(self, request, plan):
        version = _int_or_none(request.POST.get("version"))
        try:
            services.approve_plan(plan=plan, expert=request.user, comment=request.POST.get("comment", "")[:4000],
                                  version=version, override_critique=request.POST.get("override_critique") == "1")
        except InvalidPlanTransition:
            # A double click on Approve: the second found the version approved by this very expert and said "A plan
            # that is approved cannot become approved." It changes nothing and says so.
            if not approved_by(plan_id=plan.pk, expert=request.user, version=version):
                raise
            self.message_user(request, "Already approved. Edit the invitation below and send it to the candidate.",
                              messages.SUCCESS)
            return
        self.message_user(request, "Plan approved. Edit the invitation below and send it to the candidate.",
                          messages.SUCCESS)

    def _act_request_changes(self, request, plan):
        form = RequestChangesForm(request.POST)
        if not form.is_valid():
            self.message_user(request, "Choose a reason for the changes you request.", messages.ERROR)
            return None
        services.request_changes(plan=plan, expert=request.user, **form.cleaned_data,
                                 version=_int_or_none(request.POST.get("version")))
        self.message_user(request, "Changes requested: the controller is writing a new version.", messages.SUCCESS)
        return None

    def _act_cancel(self, request, plan):
        services.cancel_plan(plan=plan, expert=request.user, comment=request.POST.get("comment", "")[:4000])
        self.message_user(request, "Plan cancelled.", messages.SUCCESS)

    def _act_retry(self, request, plan):
        services.retry_agents(plan=plan, expert=request.user)
        self.message_user(request, "The agents are working on the plan again.", messages.SUCCESS)

    def _act_set_length(self, request, plan):
        raw = request.POST.get("interview_length", "").strip()
        minutes = _int_or_none(raw)
        if raw and minutes is None:
            low, high = services.LENGTH_RANGE
            self.message_user(request, f"Enter the interview's length in whole minutes, {low} to {high}, or leave it "
                                       "empty to follow the questions.", messages.ERROR)
            return None
        plan = services.set_length(plan=plan, expert=request.user, minutes=minutes)
        self.message_user(request, f"The interview lasts {plan.duration_minutes} minutes, "
                                   + ("the length you set." if plan.duration_fixed else "as long as its questions."),
                          messages.SUCCESS)
        return None

    def _act_adjust_score(self, request, plan):
        criterion, reason = request.POST.get("criterion", "")[:60], request.POST.get("reason", "")
        try:
            turn_id, score = int(request.POST.get("turn", "")), int(request.POST.get("score", ""))
            adjustment = adjust_score(plan=plan, expert=request.user, turn_id=turn_id, score=score,
                                      criterion=criterion, reason=reason)
        except (ValueError, DomainError) as exc:
            # Refused (a reason too long, the score's 20 changes spent, …): the page again, with what the expert typed
            # back in that row's box beside the refusal. The redirect lost the reason, perhaps 2,000 characters.
            message = exc.message if isinstance(exc, DomainError) else "Choose a score from 1 to 5."
            self.message_user(request, message, messages.ERROR)
            draft = {"turn": _int_or_none(request.POST.get("turn")), "criterion": criterion, "reason": reason,
                     "score": _int_or_none(request.POST.get("score")), "error": message}
            return TemplateResponse(request, "admin/planning/plan_workplace.html",
                                    self._context(request, plan, score_draft=draft),
                                    status=getattr(exc, "status_code", 400))
        if adjustment.repeated:  # the same form sent twice: the first one saved it
            self.message_user(request, f"Nothing to change: the score was already adjusted to {score}.",
                              messages.SUCCESS)
        elif adjustment.reason_corrected:  # the same score with a better reason
            self.message_user(request, f"Reason corrected; the score stays at {score}.", messages.SUCCESS)
        else:
            self.message_user(request, "Score saved beside the AI's.", messages.SUCCESS)
        return None

    def watch_view(self, request, plan_id: int):
        plan = self._plan(request, plan_id)
        if plan.expert_id != request.user.id:
            # The interview's observer is the plan's expert (the socket refuses anyone else, an admin too): the page
            # drew the candidate's answers and then said "You cannot watch this interview".
            self.message_user(request, "Only the plan's expert watches the interview live; the interview itself is "
                                       "under Interview sessions.", messages.WARNING)
            return HttpResponseRedirect(reverse("admin:planning_interviewplan_change", args=[plan.pk]))
        if plan.session_id is None:
            self.message_user(request, "The candidate has not started the interview yet.", messages.WARNING)
            return HttpResponseRedirect(reverse("admin:planning_interviewplan_change", args=[plan.pk]))
        from interviews import presenters

        # The page is drawn from the same state the socket sends the observer, so it shows everything at once and the
        # script only keeps it current.
        state = presenters.room_state(plan.session, role="observer")
        return TemplateResponse(request, "admin/planning/plan_watch.html",
                                {**self.admin_site.each_context(request), "opts": self.model._meta, "plan": plan,
                                 # The session states in the words the models give them ("In progress"): the
                                 # line the page draws and the one the script redraws read the same.
                                 "state": state, "state_label": SessionState(state["session"]["state"]).label,
                                 "state_labels": dict(SessionState.choices),
                                 # and why it ended ("The time ran out"), for the line the script writes then
                                 "end_reason_labels": dict(EndReason.choices),
                                 "integrity": presenters.integrity_by_question(state["transcript"]),
                                 # The person's zone (accounts.time_zone), for the times the script writes.
                                 "time_zone": timezone.get_current_timezone_name(),
                                 "title": f"Watch live: {plan}"})

    def _act_invite(self, request, plan):
        form = InvitationForm(request.POST)
        if not form.is_valid():
            self.message_user(request, "The invitation needs a subject and a message.", messages.ERROR)
            return TemplateResponse(request, "admin/planning/plan_workplace.html",
                                    self._context(request, plan, invitation_form=form), status=400)
        replaces = _int_or_none(request.POST.get("replaces"))
        invitation = invitations.send_invitation(plan=plan, expert=request.user, **form.cleaned_data,
                                                 replaces=invitations.ANY_EARLIER if replaces is None
                                                 else (replaces or None))
        self.message_user(request, f"Invitation sent to {invitation.email}; the link works until "
                                   f"{zoned_moment_text(invitation.expires_at)}.", messages.SUCCESS)
        return None

    def _tell_detached(self, request, submitted: list[dict], version) -> None:
        """Say which bank questions the edit rewrote: they are the plan's own now (services.detach_rewritten)."""
        was_bank = {q.get("question_id") for q in submitted} - {None}
        for index, q in enumerate(version.questions, start=1):
            if q.get("rewritten_from") in was_bank:
                self.message_user(request, f"Q{index} is no longer bank question #{q['rewritten_from']}: you changed "
                                           "its text, so it is asked as written here, without the bank question's "
                                           "title, judge tests or rubric.", messages.WARNING)

    def edit_questions_view(self, request, plan_id: int):
        plan = self._plan(request, plan_id)
        if not plan.is_editable:
            self.message_user(request, f"A plan that is {plan.get_state_display().lower()} can no longer be edited.",
                              messages.ERROR)
            return HttpResponseRedirect(reverse("admin:planning_interviewplan_change", args=[plan.pk]))
        if request.method == "POST":
            formset, reason_form = QuestionFormSet(request.POST, prefix="q"), EditReasonForm(request.POST)
            if formset.is_valid() and reason_form.is_valid():
                questions = [f.cleaned_data for f in formset.forms
                             if f.cleaned_data and not f.cleaned_data.get("DELETE")]
                try:
                    version = services.edit_questions(plan=plan, expert=request.user, questions=questions,
                                                      **reason_form.cleaned_data)
                except DomainError as exc:
                    self.message_user(request, exc.message, messages.ERROR)
                else:
                    if version.pk == plan.current_version_id:
                        self.message_user(request, f"Nothing changed: the questions are those of version "
                                                   f"{version.number}, so no version was saved.", messages.INFO)
                        return HttpResponseRedirect(reverse("admin:planning_interviewplan_change", args=[plan.pk]))
                    self.message_user(request, f"Saved as version {version.number}; the critique agent is reviewing "
                                               "it.", messages.SUCCESS)
                    self._tell_detached(request, questions, version)
                    return HttpResponseRedirect(reverse("admin:planning_interviewplan_change", args=[plan.pk]))
        else:
            formset = QuestionFormSet(initial=_initial_questions(plan), prefix="q")
            reason_form = EditReasonForm(
                initial={"base_version": plan.current_version.number if plan.current_version else 0})
        origins = bank_origins([{"question_id": _int_or_none(f["question_id"].value()),
                                 "rewritten_from": _int_or_none(f["rewritten_from"].value()),
                                 "prompt": f["prompt"].value() or ""} for f in formset.forms])
        for form, origin in zip(formset.forms, origins, strict=True):
            form.origin = origin
        hidden_errors = request.method == "POST" and any(
            form[field.name].errors for form in (*formset.forms, reason_form) for field in form.hidden_fields())
        return TemplateResponse(request, "admin/planning/plan_questions.html",
                                self._context(request, plan, formset=formset, reason_form=reason_form,
                                              hidden_errors=hidden_errors, title=f"Edit questions: {plan}"),
                                status=400 if request.method == "POST" else 200)


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ExpertScopedReadOnlyAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Rows the services write, shown with their plan: whoever may work on the plan (`plans_for`, the rule the plan
    list, the plan page and the API share) sees them; lists, change and history pages of other rows say they don't
    exist."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(plan__in=plans_for(request.user))


@admin.register(PlanEvent)
class PlanEventAdmin(ExpertScopedReadOnlyAdmin):
    # the agent by name ("Critique agent", not "critique"), as the plan's audit trail words it (planning.wording)
    # and the kind in words ("Plan drafted", not "controller.drafted"), in the list, its filter and the event's page
    list_display = ["created_at", "plan", "kind_name", "agent_column", "actor", "from_state_name", "to_state_name"]
    list_filter = [named_id_filter("kind", "event", event_kind_choices),
                   named_id_filter("agent", "agent", agent_choices)]
    list_select_related = ["plan__position", "actor"]
    # `data` as a definition list, not raw JSON
    readonly_fields = ["details", "kind_name", "agent_column", "from_state_name", "to_state_name"]
    fields = ["plan", "kind_name", "agent_column", "actor", "from_state_name", "to_state_name", "reason", "created_at",
              "details"]

    # The rows `data` names by id, each with the admin page it opens: (model, the field the id is of). A turn has no
    # page of its own: its evaluation's page shows the question, the scores and the interview it belongs to. A
    # version is the plan's version number, listed on the plan's page (the event's plan).
    DATA_LINKS = {"session": (InterviewSession, "pk"), "previous_session": (InterviewSession, "pk"),
                  "invitation": (Invitation, "pk"), "turn": (Evaluation, "turn"), "position": (Position, "pk")}

    @admin.display(description="event", ordering="kind")
    def kind_name(self, obj: PlanEvent) -> str:
        return event_kind_name(obj.kind)

    @admin.display(description="agent", ordering="agent")
    def agent_column(self, obj: PlanEvent) -> str:
        return agent_name(obj.agent) or self.get_empty_value_display()

    @admin.display(description="from state", ordering="from_state")
    def from_state_name(self, obj: PlanEvent) -> str:
        return _plan_state_name(obj.from_state) or self.get_empty_value_display()

    @admin.display(description="to state", ordering="to_state")
    def to_state_name(self, obj: PlanEvent) -> str:
        return _plan_state_name(obj.to_state) or self.get_empty_value_display()

    def _shown_data(self, request, event: PlanEvent) -> dict:
        data = event.data if isinstance(event.data, dict) else {}
        shown = {}
        for key, (model, lookup) in self.DATA_LINKS.items():
            if key in data:
                # the ids a person reads by name: the plan's own position by its title
                text = (event.plan.position.title if key == "position" and data[key] == event.plan.position_id
                        else None)
                shown[key] = admin_link(request, model, data[key], text=text, lookup=lookup)
        if isinstance(data.get("criterion"), str):
            shown["criterion"] = capabilities.criterion_name(data["criterion"])
        return shown

    @admin.display(description="data")
    def details(self, obj: PlanEvent):
        # what it shows needs the viewer (whose rows its links may open): `get_object` knows them, on the change page
        request = getattr(obj, "viewing_request", None)
        return data_list(obj.data, empty=self.get_empty_value_display(),
                         shown=self._shown_data(request, obj) if request is not None else None)


def _plan_state_name(state: str) -> str:
    """ "Pending review" for "pending_review"; an id the states do not know as stored; "" for none."""
    return PlanState(state).label if state in PlanState.values else state


@admin.register(Invitation)
class InvitationAdmin(ExpertScopedReadOnlyAdmin):
    list_display = ["plan", "email", "sent_at", "expires_at", "used_at", "superseded_at", "edited_by_expert"]
    exclude = ["nonce"]
    list_select_related = ["plan__position"]


@admin.register(LearningSignal)
class LearningSignalAdmin(ExpertScopedReadOnlyAdmin):
    list_display = ["created_at", "expert", "position", "kind", "key", "value"]
    list_filter = ["kind", "position"]

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset if request.user.is_superuser else queryset.filter(expert=request.user)
