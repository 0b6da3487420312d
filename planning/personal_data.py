"""The planning part of "download my data" and account deletion (registered with accounts.personal_data).

A candidate's export lists the planned interviews they were invited to (never the planned questions); deletion
anonymises their name and address on every plan and invitation that names them.
"""

from __future__ import annotations

from django.db.models import Q

from planning.models import InterviewPlan, Invitation


def _plans_of(user):
    """The plans naming the person: linked to the account, or addressed to any address the account has or had (a
    secondary one, one given up: accounts.selectors.addressed_to), by the plan or by one of its invitations."""
    from accounts.selectors import addressed_to

    invited = Invitation.objects.filter(Q(used_by=user) | addressed_to(user, field="email", made_at="created_at"))
    return InterviewPlan.objects.filter(
        Q(candidate=user) | addressed_to(user, field="candidate_email", made_at="created_at")
        | Q(pk__in=invited.values("plan_id")))


def export_plans_of(user) -> list[dict]:
    return [{"position": p.position.title, "state": p.state, "duration_minutes": p.duration_minutes,
             "invited_as": p.candidate_name, "created_at": p.created_at.isoformat()}
            for p in _plans_of(user).select_related("position")]


def erase_plans_of(user) -> None:
    _erase_plans(list(_plans_of(user).values_list("pk", flat=True)), user_id=user.pk)


def erase_plans_of_earlier_deletion(*, user_id: int, user, addresses: set[str], until) -> int:
    """For an account deleted before deletion found every plan naming the person
    (accounts.services.deletion.scrub_earlier_deletions): the plans linked to the account or an invitation of theirs
    was used on (`user`, None for an account deleted outright), or sent to one of `addresses` (what the admin's log
    still names the account by) until `until`, the deletion; never one linked to a live account (an address may be
    someone else's since). Anonymised as above; returns how many plans."""
    from accounts.models import User

    addressed = Q(pk__in=[])
    invited = Q(pk__in=[])
    for address in addresses:
        addressed |= Q(candidate_email__iexact=address)
        invited |= Q(email__iexact=address)
    linked = Q(pk__in=[])
    if user is not None:
        invited |= Q(used_by=user)
        linked = Q(candidate=user)
    live = User.objects.filter(deleted_at__isnull=True).values("pk")
    plans = list(InterviewPlan.objects.filter(
        linked | (addressed & Q(created_at__lte=until)) | Q(pk__in=Invitation.objects.filter(
            invited, created_at__lte=until).values("plan_id"))).exclude(candidate__in=live)
        .values_list("pk", flat=True))
    _erase_plans(plans, user_id=user_id)
    return len(plans)


def _erase_plans(plans: list[int], *, user_id: int) -> None:
    from accounts import admin_log

    for plan in plans:
        InterviewPlan.objects.filter(pk=plan).update(candidate=None, candidate_name="Deleted candidate",
                                                     candidate_email=f"deleted-{plan}@invalid.invalid")
        Invitation.objects.filter(plan=plan).update(email=f"deleted-{plan}@invalid.invalid", body="", subject="-")
    # The admin's change log names a plan by its candidate and an invitation by its address (accounts.admin_log).
    admin_log.forget_rows(InterviewPlan, plans, user_id=user_id)
    admin_log.forget_rows(Invitation, Invitation.objects.filter(plan__in=plans).values_list("pk", flat=True),
                          user_id=user_id)
