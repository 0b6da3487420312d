"""The expert's workplace for the problem bank: statement preview, tests inline, a reference-check action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from interviewmaster.admin import (
    MomentsAdminMixin,
    OwnRowsOnlyAdminMixin,
    ReadOnlyAdminMixin,
    RelatedLinksAdminMixin,
)
from interviewmaster.figures import figure
from studypaths.models import (
    CodeRun,
    CompanyProfile,
    Module,
    Problem,
    ProblemTest,
    ReviewCard,
    StudyPath,
    StudyTask,
    TaskEvent,
    TopicMastery,
    Track,
    TrackModule,
)
from studypaths.rendering import render_markdown
from studypaths.services import request_reference_check


class TrackModuleInline(admin.TabularInline):
    model = TrackModule
    extra = 0
    autocomplete_fields = ["module"]


@admin.register(CompanyProfile)
class CompanyProfileAdmin(admin.ModelAdmin):
    """Experts write and edit the company/loop profiles the coach uses."""

    list_display = ["name", "slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "company"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [TrackModuleInline]


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "position", "problem_count"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_problems=Count("problems"))

    @admin.display(description="problems", ordering="_problems")
    def problem_count(self, obj):
        return obj._problems


class ProblemTestInline(admin.TabularInline):
    model = ProblemTest
    extra = 1
    fields = ["position", "name", "is_public", "args", "expected", "explanation"]


@admin.register(Problem)
class ProblemAdmin(MomentsAdminMixin, admin.ModelAdmin):
    list_display = ["title", "module", "difficulty", "test_count", "is_published", "reference_check_status"]
    list_filter = ["module", "difficulty", "is_published"]
    search_fields = ["title", "slug", "statement"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["statement_preview", "reference_check_status", "created_at", "updated_at"]
    inlines = [ProblemTestInline]
    actions = ["run_reference_check"]
    fieldsets = [
        (None, {"fields": ["module", "title", "slug", "difficulty", "topics", "is_published", "position"]}),
        ("Statement", {"fields": ["statement", "statement_preview", "constraints"]}),
        ("Judge", {"fields": ["function_spec", "compare", "cpu_seconds", "starter_code", "reference_solutions"]}),
        ("History", {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).select_related("module").annotate(_tests=Count("tests"))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "cpu_seconds" and field is not None:  # a number: its label says its unit
            field.label = "CPU time limit (seconds)"
            field.help_text = "The CPU time one run of the tests may use, in seconds: more than 0, at most 10."
        return field

    @admin.display(description="tests", ordering="_tests")
    def test_count(self, obj):
        return obj._tests

    @admin.display(description="preview")
    def statement_preview(self, obj):
        if not obj.pk:
            return "Save to preview."
        return format_html('<div class="markdown-preview" style="max-width:60em">{}</div>',
                           mark_safe(render_markdown(obj.statement)))  # noqa: S308 - sanitised by nh3

    @admin.action(description="Reference check: references pass every test, starters fail (sandbox queue)")
    def run_reference_check(self, request, queryset):
        count = request_reference_check(problems=queryset)
        self.message_user(request, f"Reference check queued for {count} problem(s); the 'reference check' column "
                                   "shows the outcome when the sandbox worker is done.", messages.SUCCESS)

    @admin.display(description="reference check")
    def reference_check_status(self, obj):
        check = obj.reference_check or {}
        status = check.get("status", "never run")
        failures = "; ".join(check.get("failures", []))
        return f"{status}: {failures}"[:200] if failures else status


@admin.register(CodeRun)
class CodeRunAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, OwnRowsOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "user", "problem", "language", "kind", "status", "verdict", "created_at"]
    list_filter = ["status", "verdict", "language", "kind"]
    search_fields = ["user__email", "problem__slug"]
    # the judge time is kept in milliseconds: shown in seconds ("2.1 s"), not "Wall ms: 2140"
    readonly_fields = [f.name if f.name != "wall_ms" else "judge_time" for f in CodeRun._meta.fields]
    exclude = ["wall_ms"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="judge time", ordering="wall_ms")
    def judge_time(self, obj: CodeRun) -> str:
        return f"{figure(obj.wall_ms / 1000)} s"


# --- the practice loop (each row is one candidate's: superusers see all, other staff their own) --------------------

class TaskEventInline(MomentsAdminMixin, RelatedLinksAdminMixin, ReadOnlyAdminMixin, admin.TabularInline):
    model = TaskEvent
    extra = 0
    fields = ["created_at", "kind", "actor", "data"]
    readonly_fields = fields
    can_delete = False


@admin.register(StudyPath)
class StudyPathAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, OwnRowsOnlyAdminMixin, ReadOnlyAdminMixin,
                     admin.ModelAdmin):
    list_display = ["id", "user", "track", "status", "hours_per_week", "starting_level", "created_at"]
    list_filter = ["status", "track"]
    search_fields = ["user__email"]


@admin.register(StudyTask)
class StudyTaskAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, OwnRowsOnlyAdminMixin, ReadOnlyAdminMixin,
                     admin.ModelAdmin):
    owner_lookup = "path__user"

    list_display = ["id", "path", "problem", "kind", "status", "due_date", "attempts", "hints_used", "score"]
    list_filter = ["status", "kind"]
    search_fields = ["path__user__email", "problem__slug"]
    list_select_related = ["path", "problem"]
    inlines = [TaskEventInline]


@admin.register(TaskEvent)
class TaskEventAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, OwnRowsOnlyAdminMixin, ReadOnlyAdminMixin,
                     admin.ModelAdmin):
    """Append-only: no add, change or delete here (the model refuses them too)."""

    owner_lookup = "task__path__user"

    list_display = ["id", "task", "kind", "actor", "created_at"]
    list_filter = ["kind"]
    search_fields = ["task__path__user__email"]


@admin.register(ReviewCard)
class ReviewCardAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, OwnRowsOnlyAdminMixin, ReadOnlyAdminMixin,
                      admin.ModelAdmin):
    list_display = ["user", "problem", "due", "last_rating", "reviews"]
    search_fields = ["user__email", "problem__slug"]


@admin.register(TopicMastery)
class TopicMasteryAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, OwnRowsOnlyAdminMixin, ReadOnlyAdminMixin,
                        admin.ModelAdmin):
    list_display = ["user", "topic", "mastery", "attempts", "failures", "hints"]
    search_fields = ["user__email", "topic"]
