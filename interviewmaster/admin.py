"""Operator views of project-level models, and the one read-only admin mixin every app uses.

`ReadOnlyAdminMixin` is for rows that services own (audit events, engine state, counters): the admin shows them and
never adds or changes them; `deletable = True` keeps the delete action for rows an operator may remove."""

from django.contrib import admin

from interviewmaster.models import ProviderUsage


class ReadOnlyAdminMixin:
    """Mix into a `ModelAdmin` or an inline: no add, no change, and no delete unless `deletable`."""

    deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.deletable and super().has_delete_permission(request, obj)


@admin.register(ProviderUsage)
class ProviderUsageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("day", "provider", "model_name", "requests", "failures", "cache_hits", "tokens_in", "tokens_out",
                    "cost_usd", "average_latency_ms", "last_error_at")
    list_filter = ("provider", "day")
    search_fields = ("provider", "model_name", "last_error")
    date_hierarchy = "day"
    readonly_fields = [f.name for f in ProviderUsage._meta.fields]
    deletable = True
