"""planning: reads shared by admin, API, pages and agents."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import QuerySet

from interviewmaster.selectors import one_or_raise
from planning.errors import PlanNotFound
from planning.models import DecisionKind, ExpertDecision, InterviewPlan, Invitation, LearningSignal, PlanState
from resumes.models import Resume

# Repeated "too easy" (or "too hard") feedback shifts the difficulty one level once it adds up to this.
DIFFICULTY_SHIFT_THRESHOLD = 2


def approved_by(*, plan_id: int, expert, version: int | None = None) -> bool:
    """The plan stands approved, at `version` (its number; None: whichever is current) and by this expert: what a
    repeated approve (a double click on Approve) finds, which the admin answers as a no-op, not an error."""
    plan = InterviewPlan.objects.select_related("current_version").filter(pk=plan_id).first()
    if plan is None or plan.state != PlanState.APPROVED or plan.current_version is None:
        return False
    if version is not None and version != plan.current_version.number:
        return False
    return ExpertDecision.objects.filter(plan=plan, version=plan.current_version, expert=expert,
                                         kind=DecisionKind.APPROVE).exists()


def plans_for(user) -> QuerySet[InterviewPlan]:
    """The plans a user may work on: an expert's own; every plan for admins; nothing for anyone else."""
    base = InterviewPlan.objects.select_related("position", "expert", "current_version")
    if not getattr(user, "is_authenticated", False):
        return base.none()
    if user.is_superuser:
        return base
    if getattr(user, "is_expert", False):
        return base.filter(expert=user)
    return base.none()


def _shown_and_more(rows: QuerySet, limit: int | None) -> tuple[list, int]:
    """At most `limit` of the ordered rows (all without one) and how many more there are: one more row is read, and
    they are counted (a second query) only when there are more than shown. Never below 0: a row gone between the
    two queries (an invitation used meanwhile) is not "-1 more"."""
    shown = list(rows[:None if limit is None else limit + 1])
    if limit is None or len(shown) <= limit:
        return shown, 0
    return shown[:limit], max(0, rows.count() - limit)


def waiting_plans_of(candidate, *, limit: int | None = None) -> tuple[list[InterviewPlan], int]:
    """The planned interviews a candidate accepted and has not finished (invited: waiting in the lobby; in progress:
    its room is open), at most `limit` of them, and how many more there are: the dashboard's next step and the
    interview list lead back to them (the list showed every one, however many). One whose room is open comes first,
    so "Return to the interview room" is never among the ones counted; then the oldest invitation first."""
    from django.db.models import Case, IntegerField, Value, When

    from interviews.models import LIVE_STATES
    from planning.models import PlanState

    if not getattr(candidate, "is_authenticated", False):
        return [], 0
    waiting = InterviewPlan.objects.filter(candidate=candidate, state__in=(PlanState.INVITED, PlanState.IN_PROGRESS))
    started_first = Case(When(session__state__in=LIVE_STATES, then=Value(0)), default=Value(1),
                         output_field=IntegerField())
    return _shown_and_more(waiting.select_related("position", "expert", "session")
                           .order_by(started_first, "created_at", "id"), limit)


def pending_invitations_for(user, *, limit: int | None = None) -> tuple[list[Invitation], int]:
    """The invitations a signed-in candidate may still take up, the soonest to expire first, each with `.link` (its
    page's path), at most `limit` of them, and how many more there are: the plan's latest link, unused, unexpired, of
    a plan still waiting for its candidate (the pages listed every one, however many, each signed for its link). An
    invitation is addressed by email, so it is matched as taking it up matches it
    (planning.invitations.accept_invitation: the account's address, whatever its case), and only once the account
    has proved that address (a verified allauth address equal to it): an unverified account under someone's address
    never sees, nor gets the link of, their invitation."""
    from allauth.account.models import EmailAddress
    from django.db.models import Q
    from django.utils import timezone

    from planning.invitations import invitation_path

    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_candidate", False):
        return [], 0
    email = (user.email or "").strip()
    if not email or not EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists():
        return [], 0
    pending = (Invitation.objects.filter(email__iexact=email, used_at__isnull=True, superseded_at__isnull=True,
                                         expires_at__gt=timezone.now(), plan__state=PlanState.INVITED)
               .filter(Q(plan__candidate__isnull=True) | Q(plan__candidate=user)))
    rows, more = _shown_and_more(pending.select_related("plan", "plan__position", "plan__expert")
                                 .order_by("expires_at", "id"), limit)
    for row in rows:
        row.link = invitation_path(row)
    return rows, more


def bank_origins(questions: list[dict]) -> list[dict | None]:
    """Per planned question, where it came from in the question bank, as the plan page and the edit form say it:
    {"kind": "bank" | "rewritten", "id", "title", "problem"} or None for a question written for the plan. A question
    whose text differs from its bank question's (beyond whitespace) is "rewritten": the interview asks it as written,
    without the bank's title, judge tests or rubric (planning.services.detach_rewritten; versions stored before that
    rule are read the same way, as the engine reads them)."""
    from interviews.models import Question
    from interviews.question_bank import rewrites

    ids = {q.get("question_id") or q.get("rewritten_from") for q in questions} - {None}
    bank = Question.objects.only("id", "title", "prompt", "problem").in_bulk(ids) if ids else {}
    origins: list[dict | None] = []
    for q in questions:
        source = bank.get(q.get("question_id") or q.get("rewritten_from"))
        if source is None:
            origins.append({"kind": "rewritten", "id": q["rewritten_from"], "title": "", "problem": ""}
                           if q.get("rewritten_from") else None)
            continue
        rewritten = not q.get("question_id") or rewrites(source.prompt, q.get("prompt", ""))
        origins.append({"kind": "rewritten" if rewritten else "bank", "id": source.id, "title": source.title,
                        "problem": source.problem})
    return origins


def resumes_for_planning(user) -> QuerySet[Resume]:
    """The resumes a user may attach to a plan (docs/planning.md, "Whose resume a plan reads"). A resume is its
    owner's: an expert reads one only of a candidate who took up one of the expert's invitations (accepting links the
    plan to the account), an admin any kept resume, nobody else any. Deleted resumes and deleted accounts' are never
    offered."""
    if not getattr(user, "is_authenticated", False):
        return Resume.objects.none()
    kept = Resume.objects.filter(deleted_at__isnull=True, owner__deleted_at__isnull=True).select_related("owner")
    if not user.is_superuser:
        kept = kept.filter(owner__in=plans_for(user).filter(candidate__isnull=False).values("candidate"))
    return kept.order_by("owner__email", "-created_at", "-id")


def plan_for(user, plan_id: Any) -> InterviewPlan:
    try:
        plan_id = int(plan_id)
    except (TypeError, ValueError):
        raise PlanNotFound() from None
    return one_or_raise(plans_for(user), PlanNotFound, pk=plan_id)


def learned_preferences(*, expert, position) -> dict[str, Any]:
    """What earlier decisions of this expert on this position teach the controller."""
    rows = list(LearningSignal.objects.filter(expert=expert, position=position).values_list("kind", "key", "value"))
    avoid = list(dict.fromkeys(k for kind, k, _ in rows if kind == LearningSignal.Kind.AVOID_QUESTION))
    categories = Counter(k for kind, k, _ in rows if kind == LearningSignal.Kind.PREFER_CATEGORY)
    skills = Counter(k for kind, k, _ in rows if kind == LearningSignal.Kind.PREFER_SKILL)
    total = sum(v for kind, _, v in rows if kind == LearningSignal.Kind.DIFFICULTY)
    shift = int(total / DIFFICULTY_SHIFT_THRESHOLD) if abs(total) >= DIFFICULTY_SHIFT_THRESHOLD else 0
    # each question removed is one avoid entry by its prompt (and one more by its bank id, when it has one)
    removed = len({k for kind, k, _ in rows if kind == LearningSignal.Kind.AVOID_QUESTION and not k.isdigit()})
    return {"avoid": avoid[:200], "removed": removed, "prefer_categories": [c for c, _ in categories.most_common(3)],
            "prefer_skills": [s for s, _ in skills.most_common(5)], "difficulty_shift": max(-2, min(2, shift))}
