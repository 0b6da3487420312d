"""The planning part of "download my data" and account deletion (registered with accounts.personal_data).

A candidate's export lists the planned interviews they were invited to (never the planned questions); deletion
anonymises their name and address on every plan and invitation that names them.
"""

from __future__ import annotations

from django.db.models import Q

from planning.models import InterviewPlan, Invitation


def _plans_of(user):
    return InterviewPlan.objects.filter(Q(candidate=user) | Q(candidate_email__iexact=user.email))


def export_plans_of(user) -> list[dict]:
    return [{"position": p.position.title, "state": p.state, "duration_minutes": p.duration_minutes,
             "invited_as": p.candidate_name, "created_at": p.created_at.isoformat()}
            for p in _plans_of(user).select_related("position")]


def erase_plans_of(user) -> None:
    for plan in _plans_of(user):
        InterviewPlan.objects.filter(pk=plan.pk).update(candidate=None, candidate_name="Deleted candidate",
                                                        candidate_email=f"deleted-{plan.pk}@invalid.invalid")
        Invitation.objects.filter(plan=plan).update(email=f"deleted-{plan.pk}@invalid.invalid", body="", subject="-")
