"""Operators' view of resumes: status, filters, skills inline, re-run parsing (calls the service)."""

from __future__ import annotations

from django.contrib import admin, messages

from interviewmaster.admin import (
    MomentsAdminMixin,
    OwnRowsOnlyAdminMixin,
    ReadOnlyAdminMixin,
    RelatedLinksAdminMixin,
)
from interviewmaster.errors import DomainError
from resumes import services
from resumes.models import Resume, ResumeEvent, ResumeSkill


class ResumeSkillInline(admin.TabularInline):
    model = ResumeSkill
    extra = 0
    fields = ["name", "category", "confidence", "status", "source"]
    readonly_fields = ["name", "category", "confidence", "source"]
    show_change_link = False


class ResumeEventInline(MomentsAdminMixin, RelatedLinksAdminMixin, ReadOnlyAdminMixin, admin.TabularInline):
    model = ResumeEvent
    extra = 0
    fields = ["created_at", "kind", "from_status", "to_status", "actor", "detail"]
    readonly_fields = fields
    can_delete = False


class DeletedFilter(admin.SimpleListFilter):
    title = "deleted"
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", "Not deleted"), ("yes", "Deleted")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


@admin.register(Resume)
class ResumeAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, OwnRowsOnlyAdminMixin, admin.ModelAdmin):
    owner_lookup = "owner"  # a resume is its owner's (resumes_for); superusers see all

    list_display = ["id", "original_filename", "owner", "kind", "status", "progress", "is_active", "failure_code",
                    "created_at", "parsed_at"]
    list_filter = ["status", "kind", "is_active", DeletedFilter, "failure_code", "created_at"]
    search_fields = ["original_filename", "owner__email", "failure_reason"]
    list_select_related = ["owner"]
    date_hierarchy = "created_at"
    readonly_fields = ["owner", "file", "original_filename", "kind", "size_bytes", "sha256", "status", "progress",
                       "failure_code", "failure_reason", "task_id", "attempts", "page_count", "facts", "analysis",
                       "created_at", "updated_at", "parsed_at", "deleted_at", "target_role", "is_active", "text"]
    # Everything is read-only: changes go through the services (the candidate's pages, or the re-run action), so the
    # one-active-resume rule and the analysis queue are never bypassed.
    fields = ["owner", "original_filename", "kind", "size_bytes", "status", "progress", "failure_code",
              "failure_reason", "target_role", "is_active", "task_id", "attempts", "page_count", "facts",
              "analysis", "text", "created_at", "parsed_at", "deleted_at"]
    inlines = [ResumeSkillInline, ResumeEventInline]
    actions = ["rerun_parsing"]

    @admin.action(description="Re-run parsing of the selected resumes")
    def rerun_parsing(self, request, queryset):
        queued, skipped = 0, []
        for resume in queryset:
            try:
                services.reparse_resume(resume=resume, actor=request.user)
                queued += 1
            except DomainError as exc:
                skipped.append(f"#{resume.id}: {exc.message}")
        if queued:
            self.message_user(request, f"Parsing queued again for {queued} resume(s).", messages.SUCCESS)
        if skipped:
            self.message_user(request, "Skipped " + "; ".join(skipped), messages.WARNING)


@admin.register(ResumeEvent)
class ResumeEventAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, OwnRowsOnlyAdminMixin, ReadOnlyAdminMixin,
                       admin.ModelAdmin):
    owner_lookup = "resume__owner"

    list_display = ["created_at", "resume", "kind", "from_status", "to_status", "actor"]
    list_filter = ["kind"]
    search_fields = ["resume__original_filename", "resume__owner__email"]
    list_select_related = ["resume", "actor"]
