"""analytics in admin: badges (read-only) and the experts' outcome statistics per position and per expert."""

from __future__ import annotations

from django.contrib import admin
from django.template.response import TemplateResponse

from analytics import selectors
from analytics.models import Award, PositionOutcome
from interviewmaster.admin import (
    MomentsAdminMixin,
    OwnRowsOnlyAdminMixin,
    ReadOnlyAdminMixin,
    RelatedLinksAdminMixin,
)


def _is_expert_or_admin(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and (user.is_superuser or getattr(user, "role", "") == "expert"))


@admin.register(Award)
class AwardAdmin(MomentsAdminMixin, RelatedLinksAdminMixin, OwnRowsOnlyAdminMixin, ReadOnlyAdminMixin,
                 admin.ModelAdmin):
    list_display = ["user", "code", "points", "awarded_at"]
    list_filter = ["code"]
    search_fields = ["user__email"]
    deletable = True


@admin.register(PositionOutcome)
class PositionOutcomeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """One page, no rows to edit: an expert sees the outcomes of their own planned interviews, an admin everyone's."""

    def has_module_permission(self, request):
        return _is_expert_or_admin(request)

    def has_view_permission(self, request, obj=None):
        return _is_expert_or_admin(request)

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        expert = None if request.user.is_superuser else request.user
        context = {**self.admin_site.each_context(request), "title": "Interview outcomes",
                   "opts": self.model._meta, "stats": selectors.expert_outcomes(expert=expert),
                   "buckets": [f"{low}–{min(high, 100)}" for low, high in selectors.SCORE_BUCKETS],
                   "scope": "all experts" if expert is None else "your planned interviews"}
        return TemplateResponse(request, "admin/analytics/outcomes.html", context)
