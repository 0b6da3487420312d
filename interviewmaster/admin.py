"""Operator views of project-level models: AI provider usage per day (read-only; the counters are written by code)."""

from django.contrib import admin

from interviewmaster.models import ProviderUsage


@admin.register(ProviderUsage)
class ProviderUsageAdmin(admin.ModelAdmin):
    list_display = ("day", "provider", "model_name", "requests", "failures", "cache_hits", "tokens_in", "tokens_out",
                    "cost_usd", "average_latency_ms", "last_error_at")
    list_filter = ("provider", "day")
    search_fields = ("provider", "model_name", "last_error")
    date_hierarchy = "day"
    readonly_fields = [f.name for f in ProviderUsage._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
