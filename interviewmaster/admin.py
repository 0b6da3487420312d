"""Operator views of project-level models, and the admin mixins every app uses.

`ReadOnlyAdminMixin` is for rows that services own (audit events, engine state, counters): the admin shows them and
never adds or changes them; `deletable = True` keeps the delete action for rows an operator may remove.

Model permissions say which admin pages a staff account opens, never whose rows it reads (docs/accounts.md). Experts
are the only staff who are not superusers, so every admin of rows about people says whose rows a non-superuser sees:
- `SuperusersOnlyAdminMixin`: account management (users, logins, mentor links) — superusers only;
- `OwnRowsOnlyAdminMixin`: one person's rows (resumes, the study loop, code runs, badges, question requests) — a
  non-superuser sees only their own, as in the API;
- rows an expert's work needs follow the API's read rule of their app: `interviews.admin.VisibleSessionsOnly`
  (`sessions_visible_to`), `planning.admin.ExpertScopedReadOnlyAdmin` (`plans_for`)."""

from django.contrib import admin

from interviewmaster.models import ProviderUsage

# The expert's workplace is the admin: it says whose it is ("Django administration" on every page and tab before).
admin.site.site_header = "InterviewMaster administration"
admin.site.site_title = "InterviewMaster admin"
admin.site.index_title = "Plans, positions, questions and operations"


class ReadOnlyAdminMixin:
    """Mix into a `ModelAdmin` or an inline: no add, no change, and no delete unless `deletable`."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


class SuperusersOnlyAdminMixin:
    """Mix into a `ModelAdmin`: only superusers see the model in admin (its home entry, lists, pages, actions),
    whatever model permissions a staff account was given; anybody else gets 403."""

    def has_module_permission(self, request):
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class OwnRowsOnlyAdminMixin:
    """Mix into a `ModelAdmin` of rows about one person: a superuser sees every row, anybody else only their own
    (`owner_lookup`, the path from the model to that person) — the read rule the app's API has for them. Filtering
    the queryset hides a row everywhere admin reaches it: lists, change, history and delete pages (which then say it
    doesn't exist), actions, raw-id popups and autocomplete."""

    owner_lookup = "user"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.owner_lookup: request.user})


@admin.register(ProviderUsage)
class ProviderUsageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("day", "provider", "model_name", "requests", "failures", "cache_hits", "tokens_in", "tokens_out",
                    "cost_usd", "average_latency_ms", "last_error_at")
    list_filter = ("provider", "day")
    search_fields = ("provider", "model_name", "last_error")
    date_hierarchy = "day"
    readonly_fields = [f.name for f in ProviderUsage._meta.fields]
    deletable = True
