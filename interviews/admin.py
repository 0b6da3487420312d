"""interviews: the expert's workplace for the question bank (DESIGN §2)."""

from __future__ import annotations

from django.contrib import admin, messages

from interviewmaster import capabilities
from interviewmaster.admin import MomentsAdminMixin, OwnRowsOnlyAdminMixin, ReadOnlyAdminMixin
from interviews.models import Evaluation, InterviewSession, Question, QuestionGenerationJob, SessionEvent, Turn
from interviews.question_bank import review_questions, set_questions_active
from interviews.selectors import sessions_visible_to


class RoleFilter(admin.SimpleListFilter):
    title = "target role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return capabilities.role_choices()

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(roles__icontains=f'"{self.value()}"')
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    title = "language"
    parameter_name = "language"

    def lookups(self, request, model_admin):
        return [("any", "Any language (agnostic)"), *capabilities.language_choices()]

    def queryset(self, request, queryset):
        if self.value() == "any":
            return queryset.filter(languages=[])
        if self.value():
            return queryset.filter(languages__icontains=f'"{self.value()}"')
        return queryset


def _role_name(role: str) -> str:
    """A role's name as the capabilities spell it ("Backend Engineer"), never its raw id."""
    known = capabilities.get_capabilities().roles.get(role)
    return known.name if known else role


@admin.register(Question)
class QuestionAdmin(MomentsAdminMixin, admin.ModelAdmin):
    list_display = ["title", "category", "difficulty", "role_list", "point_count", "status", "is_active", "source",
                    "updated_at"]
    list_filter = ["status", "is_active", "category", "difficulty", RoleFilter, LanguageFilter, "source"]
    search_fields = ["external_id", "title", "prompt", "tags"]
    list_per_page = 50
    readonly_fields = ["created_at", "updated_at"]
    actions = ["approve", "reject", "activate", "deactivate"]
    fieldsets = [
        (None, {"fields": ["external_id", "title", "prompt", "category", "difficulty", "status", "is_active"]}),
        ("Audience", {"fields": ["roles", "languages", "tags"]}),
        ("Grading", {"fields": ["expected_points", "reference_answer", "rubric_overrides", "follow_up_seeds"]}),
        ("Provenance", {"fields": ["source", "created_at", "updated_at"]}),
    ]

    @admin.display(description="roles")
    def role_list(self, obj: Question) -> str:
        # A question for every role listed them all: eight names stacked one per line in each row of the review list.
        if obj.roles and set(obj.roles) >= set(capabilities.get_capabilities().roles):
            return "All roles"
        return ", ".join(_role_name(role) for role in obj.roles)

    @admin.display(description="expected points")
    def point_count(self, obj: Question) -> int:
        return len(obj.expected_points)

    def _tell(self, request, done: str, changed: int, selected: int, skipped: str) -> None:
        """What an action did and, when it left some of the selected questions as they were, why: "Activated 0
        question(s)" in green was all an expert learnt when the selection was still pending review."""
        if changed == selected:
            self.message_user(request, f"{done} {changed} question(s).", messages.SUCCESS)
            return
        self.message_user(request, f"{done} {changed} of the {selected} selected question(s); {selected - changed} "
                                   f"left as they were: {skipped}", messages.SUCCESS if changed else messages.WARNING)

    @admin.action(description="Approve selected AI questions (and activate them)")
    def approve(self, request, queryset):
        changed = review_questions(questions=queryset, approve=True)
        self._tell(request, "Approved", changed, queryset.count(), "only questions pending review are approved.")

    @admin.action(description="Reject selected AI questions")
    def reject(self, request, queryset):
        changed = review_questions(questions=queryset, approve=False)
        self._tell(request, "Rejected", changed, queryset.count(), "only questions pending review are rejected; "
                                                                   "deactivate an approved one instead.")

    @admin.action(description="Activate selected questions")
    def activate(self, request, queryset):
        changed = set_questions_active(questions=queryset, active=True)
        self._tell(request, "Activated", changed, queryset.count(), "already active, or not approved (a question "
                                                                    "pending review is activated by approving it).")

    @admin.action(description="Deactivate selected questions")
    def deactivate(self, request, queryset):
        changed = set_questions_active(questions=queryset, active=False)
        self._tell(request, "Deactivated", changed, queryset.count(), "already inactive.")


@admin.register(QuestionGenerationJob)
class QuestionGenerationJobAdmin(MomentsAdminMixin, OwnRowsOnlyAdminMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only log of question generation requests (POST /api/v1/questions/generate): a request is its requester's
    (a mentor's among them; the API shows each their own, and the export holds them), so experts see their own."""

    owner_lookup = "requested_by"

    list_display = ["id", "requested_by", "role_name", "difficulty", "count", "status", "provider", "error_code",
                    "created_at", "finished_at"]
    list_filter = ["status", "role", "difficulty", "provider"]
    search_fields = ["requested_by__email", "error_message"]
    list_select_related = ["requested_by"]
    readonly_fields = [f.name for f in QuestionGenerationJob._meta.fields]
    deletable = True

    @admin.display(description="role", ordering="role")
    def role_name(self, obj: QuestionGenerationJob) -> str:
        return _role_name(obj.role)


class VisibleSessionsOnly:
    """Interview content (sessions, their turns and answers, evaluations, events and integrity signals) follows the
    API's read rule, `selectors.sessions_visible_to`: experts hold the interviews app's admin permissions for the
    question bank, but a candidate's practice interview, or another expert's planned one, is not theirs to read.
    Filtering the queryset hides a row everywhere admin reaches it: lists, change and history pages (which then say
    it doesn't exist), inlines, raw-id popups and autocomplete. Superusers see every interview."""

    session_lookup = "session"  # the path from this admin's model to its InterviewSession

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.session_lookup}__in": sessions_visible_to(request.user)})


class TurnInline(VisibleSessionsOnly, ReadOnlyAdminMixin, admin.TabularInline):
    model = Turn
    fields = ["index", "kind", "strategy", "category", "difficulty", "status", "prompt", "answer_text", "hints_used",
              "paste_count", "visibility_count"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False


@admin.register(InterviewSession)
class InterviewSessionAdmin(MomentsAdminMixin, VisibleSessionsOnly, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Interviews are changed only by the engine's services; the admin shows them (with their flags) read-only."""

    session_lookup = "pk"

    list_display = ["id", "candidate", "expert", "mode", "role", "state", "overall", "created_at", "ended_at"]
    list_filter = ["state", "mode", "is_planned", "role"]
    search_fields = ["candidate__email", "expert__email"]
    list_select_related = ["candidate", "expert"]
    inlines = [TurnInline]


@admin.register(Evaluation)
class EvaluationAdmin(MomentsAdminMixin, VisibleSessionsOnly, ReadOnlyAdminMixin, admin.ModelAdmin):
    session_lookup = "turn__session"
    list_display = ["turn", "category", "overall", "provider", "flag_list", "evaluated_at"]
    list_filter = ["category", "provider"]
    search_fields = ["turn__session__candidate__email", "flags"]

    @admin.display(description="flags")
    def flag_list(self, obj) -> str:
        return ", ".join(obj.flags)


@admin.register(SessionEvent)
class SessionEventAdmin(MomentsAdminMixin, VisibleSessionsOnly, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Append-only: no add, change or delete here either."""

    list_display = ["created_at", "session", "kind", "turn", "actor"]
    list_filter = ["kind"]
    search_fields = ["session__candidate__email"]
