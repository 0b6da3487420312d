"""planning: business actions (DESIGN §2). Every state change goes through `transition` (conditional UPDATE + event);
AI work leaves through Celery tasks on the `ai` queue after commit."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.validators import name_problem
from interviewmaster import capabilities, recovery, state
from interviewmaster.errors import Invalid
from interviewmaster.input_limits import echoed
from interviewmaster.selectors import one_or_raise
from planning import observer
from planning.errors import (
    InvalidPlanTransition,
    LiveInterviewLimit,
    PlanAgentBusy,
    PlanChanged,
    PlanCritiqueOpen,
    PlanNotApprovable,
    PlanNotEditable,
    PlanNotFound,
    ReasonRequired,
    ResumeNotAvailable,
)
from planning.models import (
    EDITABLE_STATES,
    AgentStatus,
    Critique,
    DecisionKind,
    DecisionReason,
    ExpertDecision,
    InterviewPlan,
    PlanEvent,
    PlanState,
    PlanVersion,
    Position,
    VersionAuthor,
)
from planning.plan_schema import normalise_questions
from planning.selectors import resumes_for_planning

logger = logging.getLogger(__name__)


# --- the state machine --------------------------------------------------------------------------------------------

def record_event(plan: InterviewPlan, kind: str, *, actor=None, agent: str = "", reason: str = "",
                 from_state: str = "", to_state: str = "", data: dict | None = None) -> PlanEvent:
    return PlanEvent.objects.create(plan=plan, actor=actor if getattr(actor, "pk", None) else None, agent=agent,
                                    kind=kind, reason=reason[:300], from_state=from_state, to_state=to_state,
                                    data=data or {})


# The states a plan reaches only once approved and its invitation sent.
SENT_STATES = (PlanState.INVITED, PlanState.IN_PROGRESS, PlanState.COMPLETED, PlanState.INCOMPLETE)


def _transition_refused(old: str, to: str) -> InvalidPlanTransition:
    return InvalidPlanTransition(
        f"A plan that is {PlanState(old).label.lower()} cannot become {PlanState(to).label.lower()}.",
        fields={"state": old, "to": to})


def transition(plan: InterviewPlan, to: str, *, actor=None, agent: str = "", reason: str = "",
               data: dict | None = None) -> InterviewPlan:
    """Move `plan` to `to` if the capabilities' table allows it from the state this object holds. The write is a
    conditional UPDATE (WHERE state = old, `interviewmaster.state.change_state`), so of two racing callers exactly one
    wins; the loser gets InvalidPlanTransition naming the state the plan is really in."""

    def lost(old: str, to: str) -> Exception:
        current = InterviewPlan.objects.filter(pk=plan.pk).values_list("state", flat=True).first()
        if current is None:
            return PlanNotFound()
        return InvalidPlanTransition(
            f"The plan changed meanwhile: it is now {PlanState(current).label.lower()}. Reload and try again.",
            fields={"state": current, "to": to})

    with transaction.atomic():
        old = state.change_state(plan, to, machine="interview_plan", refused=_transition_refused, lost=lost,
                                 state_changed_at=timezone.now())
        record_event(plan, f"state.{to}", actor=actor, agent=agent, reason=reason, from_state=old, to_state=to,
                     data=data)
    return plan


# --- positions and plans ------------------------------------------------------------------------------------------

@transaction.atomic
def create_position(*, title: str, role: str, required_skills: list[str], nice_to_have_skills: list[str] = (),
                    department: str = "", job_description: str = "", created_by=None) -> Position:
    position = Position(title=title, role=role, department=department, job_description=job_description,
                        required_skills=list(required_skills), nice_to_have_skills=list(nice_to_have_skills),
                        created_by=created_by)
    position.full_clean()
    position.save()
    return position


def plan_config(mode: str, overrides: dict | None) -> tuple[dict, int]:
    """The validated interview_config and its duration (raises InvalidInterviewConfig with fields). A plan always
    says how many follow-ups its interview asks: the candidates' own default where the expert did not choose."""
    config = capabilities.interview_config(mode, overrides or {})
    config.setdefault("max_follow_ups_per_question", capabilities.default_max_follow_ups())
    return config, capabilities.interview_duration(config)


# The lengths an expert may set (minutes): the shortest question with its transition buffer at least (10 minutes
# could never be approved: one easy question takes 11), and no longer than a working morning.
LENGTH_RANGE = (capabilities.questions_duration(["easy"]), 240)


def length_range_message() -> str:
    """What a length outside `LENGTH_RANGE` is told, by this service and by the API's serializer alike."""
    low, high = LENGTH_RANGE
    return f"The interview lasts between {low} and {high} minutes."


def check_length(minutes: int) -> int:
    """A length the expert sets for the interview, within `LENGTH_RANGE` (raises Invalid with fields)."""
    low, high = LENGTH_RANGE
    if not isinstance(minutes, int) or not low <= minutes <= high:
        message = length_range_message()
        raise Invalid(message, fields={"duration_minutes": [message]})
    return minutes


def ensure_resume_usable(*, expert, resume, candidate_email: str) -> None:
    """A plan's resume is its candidate's and one the expert may read (`selectors.resumes_for_planning`); anything
    else, a missing id included, is one `ResumeNotAvailable`."""
    if resume is None:
        return
    usable = resumes_for_planning(expert).filter(pk=resume.pk, owner__email__iexact=candidate_email.strip())
    if not usable.exists():
        raise ResumeNotAvailable()


@transaction.atomic
def create_plan(*, expert, position: Position, candidate_name: str, candidate_email: str, mode: str = "custom_config",
                config_overrides: dict | None = None, candidate=None, resume=None,
                duration_minutes: int | None = None) -> InterviewPlan:
    """`duration_minutes`: the interview's length when the expert sets one (the agents then fit the questions to it);
    None: the length follows the questions (`interview_minutes`)."""
    problem = name_problem(candidate_name)  # the field's rule (InterviewPlan.candidate_name), for every caller
    if problem:
        raise Invalid(problem, fields={"candidate_name": [problem]})
    config, duration = plan_config(mode, config_overrides)
    if duration_minutes is not None:
        duration = check_length(duration_minutes)
    ensure_resume_usable(expert=expert, resume=resume, candidate_email=candidate_email)
    plan = InterviewPlan.objects.create(expert=expert, position=position, candidate_name=candidate_name.strip(),
                                        candidate_email=candidate_email.strip().lower(), candidate=candidate,
                                        resume=resume, mode=mode, config=config, duration_minutes=duration,
                                        duration_fixed=duration_minutes is not None,
                                        agent_status=AgentStatus.DRAFTING)
    record_event(plan, "plan.created", actor=expert, to_state=plan.state,
                 data={"position": position.id, "duration_minutes": duration})
    _enqueue_planning(plan)
    return plan


def _enqueue_planning(plan: InterviewPlan) -> None:
    from planning.tasks import run_agents

    # a broker that is down leaves the plan to recover_stuck_agents, not the expert's request to fail
    recovery.send_on_commit(lambda: run_agents.delay(plan.id), what=f"the agents of plan {plan.id}")


def _enqueue_critique(plan: InterviewPlan, version: PlanVersion) -> None:
    from planning.tasks import critique_edit

    recovery.send_on_commit(lambda: critique_edit.delay(plan.id, version.id),
                            what=f"the critique of plan {plan.id}, version {version.id}")


def lock_plan(plan_id: int) -> InterviewPlan:
    return one_or_raise(InterviewPlan.objects.select_for_update(), PlanNotFound, pk=plan_id)


def detach_rewritten(questions: list[dict]) -> list[dict]:
    """Planned questions whose text differs from their bank question's beyond whitespace are no longer that bank
    question: `question_id` is dropped (so the interview carries none of the bank's title, judge tests or rubric
    overrides) and `rewritten_from` keeps the id for the plan page to say so."""
    from interviews.models import Question
    from interviews.question_bank import rewrites

    ids = [q["question_id"] for q in questions if q.get("question_id")]
    bank = dict(Question.objects.filter(id__in=ids).values_list("id", "prompt")) if ids else {}
    detached = []
    for q in questions:
        if q.get("question_id") and q["question_id"] in bank and rewrites(bank[q["question_id"]], q["prompt"]):
            q = {**q, "question_id": None, "rewritten_from": q["question_id"]}
        detached.append(q)
    return detached


def add_version(*, plan: InterviewPlan, questions: list[dict], created_by: str, author=None, rationale: str = "",
                confidence: float = 0.0, provider: str = "", model_name: str = "",
                revision_of: PlanVersion | None = None, slots: list | None = None) -> PlanVersion:
    """Store a new immutable version (numbers are allocated under the plan's row lock) and make it current."""
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = PlanVersion.objects.create(plan=plan, number=number,
                                         questions=detach_rewritten(normalise_questions(questions)),
                                         rationale=rationale, confidence=max(0.0, min(1.0, confidence)),
                                         provider=provider, model_name=model_name, created_by=created_by,
                                         author=author, revision_of=revision_of, slots=slots or [])
    minutes = interview_minutes(plan, version)
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=version, duration_minutes=minutes)
    plan.current_version, plan.duration_minutes = version, minutes
    return version


# --- the interview's length ---------------------------------------------------------------------------------------

# A length the expert set is kept, but the plan page warns before approval when the questions leave more than this
# share of it unused (2 questions, about 28 minutes, in a 121-minute interview).
SPARE_TIME_WARNING_PERCENT = 25


def interview_minutes(plan: InterviewPlan, version: PlanVersion | None) -> int:
    """How long the planned interview lasts with `version` current: the one rule. The length the expert set when they
    set one, else the version's questions (their minutes plus the transition buffer, `estimated_minutes`, the
    formula of the room's clock). `add_version` stores it in `duration_minutes`, which the plan page, the invitation
    email, the candidate's pages and the room's clock (`interview_link.start_planned_interview`) all read: dropping
    questions shortened the plan, not the interview (2 questions, 28 minutes of them, on a 121-minute clock)."""
    if plan.duration_fixed or version is None:
        return plan.duration_minutes
    return version.estimated_minutes


@transaction.atomic
def set_length(*, plan: InterviewPlan, expert, minutes: int | None, keep_current: bool = False) -> InterviewPlan:
    """The expert fixes the interview's length at `minutes`, or lets it follow the questions again (None), while the
    plan is still theirs to change: its candidate has been told no length yet. The questions stay as they are (a
    length shorter than they take is refused at approval); the agents' next version fills the length.
    `keep_current` fixes the length the interview has now (the API's `duration_fixed: true` alone), read under the
    plan's lock so a version written meanwhile is the one whose length is kept."""
    plan = lock_plan(plan.pk)
    if plan.state not in EDITABLE_STATES:
        raise PlanNotEditable(f"A plan that is {plan.get_state_display().lower()} can no longer change its length.")
    _check_idle(plan)
    if keep_current:
        minutes = plan.duration_minutes
        low, high = LENGTH_RANGE
        if not low <= minutes <= high:  # twenty hard questions take 440 minutes: no length an expert may set
            message = (f"The interview takes {minutes} minutes now, which is not a length you can fix ("
                       f"{low}–{high} minutes): send `duration_minutes` instead.")
            raise Invalid(message, fields={"duration_fixed": [message]})
    plan.duration_fixed = minutes is not None
    if minutes is not None:
        plan.duration_minutes = check_length(minutes)
    plan.duration_minutes = interview_minutes(plan, plan.current_version)
    InterviewPlan.objects.filter(pk=plan.pk).update(duration_fixed=plan.duration_fixed,
                                                     duration_minutes=plan.duration_minutes)
    if plan.duration_fixed:
        record_event(plan, "plan.length_fixed", actor=expert, data={"duration_minutes": plan.duration_minutes})
    else:
        record_event(plan, "plan.length_follows", actor=expert, data={"duration_minutes": plan.duration_minutes})
    return plan


def length_warning(plan: InterviewPlan, version: PlanVersion | None) -> str:
    """What the plan page says before approval when the length the expert set is far more than the questions take
    ("" otherwise; questions that run past it are refused at approval, `_check_approvable`)."""
    if not plan.duration_fixed or version is None or not plan.duration_minutes:
        return ""
    spare = plan.duration_minutes - version.estimated_minutes
    if spare * 100 <= plan.duration_minutes * SPARE_TIME_WARNING_PERCENT:
        return ""
    return (f"You set this interview to {plan.duration_minutes} minutes and its questions take about "
            f"{version.estimated_minutes}: the candidate would have {spare} minutes with nothing to answer. Add "
            "questions, or let the length follow the questions, before you approve.")


# --- the expert's decisions ---------------------------------------------------------------------------------------

def _check_idle(plan: InterviewPlan) -> None:
    if plan.agent_status in (AgentStatus.DRAFTING, AgentStatus.CRITIQUING):
        raise PlanAgentBusy()


def _check_approvable(plan: InterviewPlan) -> None:
    """Approval is the last look before the candidate is told how long the interview takes: a version whose
    questions run past that duration, or one a critique blocker still stands against, is not approved."""
    version = plan.current_version
    if version is None:
        raise PlanNotApprovable("The plan has no questions yet.")
    if version.estimated_minutes > plan.duration_minutes:
        raise PlanNotApprovable(
            f"The questions take about {version.estimated_minutes} minutes with transitions, longer than the "
            f"{plan.duration_minutes}-minute interview the invitation announces. Remove a question or make one "
            "easier, then approve.",
            fields={"estimated_minutes": version.estimated_minutes, "duration_minutes": plan.duration_minutes})
    critique = version.critiques.order_by("-created_at", "-id").first()
    blockers = [str(i.get("message", "")) for i in (critique.issues if critique else [])
                if i.get("severity") == "blocker"]
    if blockers:
        message = " ".join(blockers[:3])
        raise PlanNotApprovable(f"The critique found a blocker: {message} Edit the questions or request changes, then "
                                "approve.", fields={"blockers": blockers})


def critique_points(critique: Critique | None) -> list[str]:
    """What a critique leaves open for the expert to weigh before approving: its warnings (a blocker refuses the
    approval outright, `_check_approvable`); for a "revise" verdict without warnings, its suggestions, or the verdict
    itself. A skill the expert's own send-back left out (`agents._experts_choice` marks it `expert_choice`) is no
    point: the expert decided that already, and a "revise" verdict beside it is taken as the drop's doing. A
    critique's suggestions are not linked to its issues, so there only its other warnings are points, as under any
    verdict: a note ("info") and its suggestion ("Replace a generic question …") are none, as when the same plan
    without the drop is approved with them (they made one click a checkbox, session 39). [] for no critique, one that
    approves with notes only, or whose only warnings are the expert's own choices."""
    if critique is None:
        return []
    points = [str(i.get("message", "")) for i in critique.issues
              if i.get("severity") in ("warning", "blocker") and not i.get("expert_choice")]
    if points or critique.verdict == "approve" or any(i.get("expert_choice") for i in critique.issues):
        return points
    return [str(s) for s in critique.suggestions] or ["The critique asks for a revision of this version."]


def _check_critique_answered(plan: InterviewPlan, override_critique: bool) -> dict | None:
    """An approval over a critique that asks for a revision or warns (a skill not assessed) is the expert's to make,
    but knowingly: without `override_critique` it is refused with the points; with it, what the audit trail keeps."""
    critique = plan.current_version.critiques.order_by("-created_at", "-id").first()
    points = critique_points(critique)
    if not points:
        return None
    if not override_critique:
        raise PlanCritiqueOpen(
            f"The critique's verdict is “{critique.verdict}” and its points are open: {' '.join(points[:3])} "
            "Approve despite the critique's points if you still want this version, or edit the questions or request "
            "changes.", fields={"verdict": critique.verdict, "points": points, "override_critique": "required"})
    return {"verdict": critique.verdict, "points": [p[:300] for p in points[:10]]}


def _check_read(plan: InterviewPlan, version: int | None) -> None:
    """A decision is about the version the expert read (`version`, its number; None: whichever is current): when
    another became current meanwhile (another tab's or another admin's edit, the agents answering a request for
    changes) the decision is refused, not applied to questions nobody looked at."""
    current = plan.current_version.number if plan.current_version else 0
    if version is not None and version != current:
        raise PlanChanged(f"The plan changed meanwhile: you read version {version}, and version {current} is current "
                          "now. Read it, then decide.", fields={"version": version, "current_version": current})


@transaction.atomic
def approve_plan(*, plan: InterviewPlan, expert, comment: str = "", version: int | None = None,
                 override_critique: bool = False) -> InterviewPlan:
    """Approve the version the expert read. Over a critique's open points (`critique_points`) only with
    `override_critique`, and the approval's event keeps them (`data.over_critique`)."""
    # Locked: an edit saved meanwhile (it locks the plan too) either comes first and is seen here, or waits.
    plan = lock_plan(plan.pk)
    _check_idle(plan)
    _check_read(plan, version)
    if plan.state in SENT_STATES:
        # A stale Approve posted after the invitation went out (another tab): it said "A plan that is invited cannot
        # become approved.", the state machine's words.
        raise InvalidPlanTransition("This plan was already approved and its invitation has been sent.",
                                    fields={"state": plan.state, "to": PlanState.APPROVED})
    over = None
    if plan.state == PlanState.PENDING_REVIEW:  # from any other state the state machine refuses with its own reason
        _check_approvable(plan)
        over = _check_critique_answered(plan, override_critique)
    transition(plan, PlanState.APPROVED, actor=expert, reason=comment[:300],
               data={"over_critique": over} if over else None)
    decision = ExpertDecision.objects.create(plan=plan, version=plan.current_version, expert=expert,
                                             kind=DecisionKind.APPROVE, comment=comment)
    observer.learn_from_decision(decision)
    return plan


@transaction.atomic
def request_changes(*, plan: InterviewPlan, expert, reason: str, comment: str = "",
                    version: int | None = None) -> InterviewPlan:
    """The expert sends the plan back with a reason; the controller writes a new version that takes it into account."""
    if reason not in DecisionReason.values:
        raise ReasonRequired("Choose a reason: " + ", ".join(str(label) for label in DecisionReason.labels) + ".",
                             fields={"reason": "required"})
    plan = lock_plan(plan.pk)
    _check_idle(plan)
    _check_read(plan, version)
    transition(plan, PlanState.CHANGES_REQUESTED, actor=expert, reason=f"{reason}: {comment}"[:300])
    decision = ExpertDecision.objects.create(plan=plan, version=plan.current_version, expert=expert,
                                             kind=DecisionKind.REQUEST_CHANGES, reason=reason, comment=comment)
    observer.learn_from_decision(decision)
    InterviewPlan.objects.filter(pk=plan.pk).update(agent_status=AgentStatus.DRAFTING, agent_error="")
    plan.agent_status = AgentStatus.DRAFTING
    _enqueue_planning(plan)
    return plan


@transaction.atomic
def cancel_plan(*, plan: InterviewPlan, expert, comment: str = "") -> InterviewPlan:
    """Withdraw the plan: unused invitation links stop working, and an interview that was started from it and is still
    live (not yet begun, running or paused) ends with it — cancelled the way account deletion cancels one
    (`interviews.services.withdraw_session`: the open room is told and closed), so it cannot be taken to a report."""
    from interviews.models import InterviewSession
    from interviews.services import withdraw_session

    # Locks in the interview's order, session before plan: its own changes (finish, time up, the idle beat, begin)
    # lock the session and then move the plan (interview_link.follow_session). Plan first here deadlocked with them.
    session_id = InterviewPlan.objects.filter(pk=plan.pk).values_list("session_id", flat=True).first()
    if session_id is not None:
        list(InterviewSession.objects.select_for_update().filter(pk=session_id).values_list("pk", flat=True))
    plan = lock_plan(plan.pk)  # a Start in the lobby (which locks the plan too) either comes first or sees "cancelled"
    told = plan.state in (PlanState.INVITED, PlanState.IN_PROGRESS)  # the candidate holds a link or sits in the room
    transition(plan, PlanState.CANCELLED, actor=expert, reason=comment[:300])
    ExpertDecision.objects.create(plan=plan, version=plan.current_version, expert=expert, kind=DecisionKind.CANCEL,
                                  comment=comment)
    plan.invitations.filter(used_at__isnull=True, superseded_at__isnull=True).update(superseded_at=timezone.now())
    if plan.session_id is not None:
        withdraw_session(session=plan.session, reason="plan_cancelled")
    if told:
        from planning.invitations import tell_cancelled

        tell_cancelled(plan=plan, started=plan.session_id is not None)
    return plan


def question_origins(before: list[dict], after: list[dict]) -> list[int | None]:
    """For each question of `after`, the index in `before` of the question it is (matched by prompt text, each
    earlier question once), or None for one added."""
    unmatched = list(enumerate(before))
    origins: list[int | None] = []
    for q in after:
        match = next(((i, b) for i, b in unmatched if b["prompt"] == q["prompt"]), None)
        if match is not None:
            unmatched.remove(match)
        origins.append(match[0] if match is not None else None)
    return origins


def reworded_in_place(before: list[dict], after: list[dict]) -> list[int]:
    """The places where the expert reworded a question where it stood (a typo fixed, a sentence added, a new prompt
    on the same category): no question of `before` matches the text now at that place, and the one that stood there,
    of the same category, matches none of `after`. It is the same question, edited, not one removed and another
    added."""
    origins = question_origins(before, after)
    taken = set(origins)
    return [at for at, (q, origin) in enumerate(zip(after, origins, strict=True))
            if origin is None and at < len(before) and at not in taken
            and q.get("category") == before[at].get("category")]


def slots_after_edit(slots: list[dict], before: list[dict], after: list[dict]) -> list[dict]:
    """The slots of an edited version, one per question in its order: a kept question keeps its own slot wherever
    it moved (what the expert asked of it: a topic, "keep"), an added one gets a plain slot of its category and
    difficulty. Stored as the previous version's slots, a deletion or a reorder paired each question with its
    neighbour's slot, and the critique judged a question the expert had asked for as a spare one (and the reverse)."""
    if not slots:
        return []
    origins = question_origins(before, after)
    # a question reworded in place is the same question: it keeps its slot (a topic the expert asked for stays asked
    # for), not a plain one that made its skill a blocker of the critique
    for at in reworded_in_place(before, after):
        origins[at] = at
    return [dict(slots[origin]) if origin is not None and origin < len(slots)
            else {"category": q.get("category", ""), "difficulty": q.get("difficulty", "")}
            for q, origin in zip(after, origins, strict=True)]


def question_diff(before: list[dict], after: list[dict]) -> dict[str, Any]:
    """{removed, added, changed} between two question lists, matched by prompt text, each earlier question matched
    once: a second copy of a question is added, and removing one of two copies removes it (matched by membership, a
    copy added or removed was no change at all, and the edit was dropped while the page said it was saved)."""
    origins = question_origins(before, after)
    matched = set(origins) - {None}
    unmatched = [(i, b) for i, b in enumerate(before) if i not in matched]
    added, changed, kept = [], [], []  # kept: (index after, index before) of each question in both lists
    for index, (q, old_index) in enumerate(zip(after, origins, strict=True)):
        if old_index is None:
            added.append(q)
            continue
        old = before[old_index]
        kept.append((index, old_index))
        fields = sorted(k for k in q if k != "minutes" and q.get(k) != old.get(k))
        if fields:
            changed.append({"index": index, "fields": fields})
    reworded = set(reworded_in_place(before, after))
    # A question asked at another place among the kept ones (a reorder is an edit: the order is the interview's)
    ranks = sorted(old_index for _, old_index in kept)
    moved = [{"index": index, "from": old_index} for (index, old_index), rank in zip(kept, ranks, strict=True)
             if old_index != rank]
    keep = ("question_id", "prompt", "category", "difficulty", "skill")
    # a question reworded where it stood is listed as removed (its old text) and added (its new one), marked
    # `reworded`: the expert did not remove it (the planner's "avoids N questions the expert removed before")
    return {"removed": [{**{k: q.get(k) for k in keep}, **({"reworded": True} if i in reworded else {})}
                        for i, q in unmatched],
            "added": [{k: q.get(k) for k in keep} for q in added], "changed": changed, "moved": moved}


@transaction.atomic
def edit_questions(*, plan: InterviewPlan, expert, questions: list[dict], reason: str = "",
                   comment: str = "", base_version: int | None = None) -> PlanVersion:
    """The expert's edit becomes a new version (the old one stays), with the structured diff and the reason stored
    as a decision the observer learns from; the critique agent reviews the new version. `base_version` is the
    version number the edit was made from: when another version became current meanwhile (the agents answering a
    request for changes, another tab's edit) the edit is refused, not saved over it."""
    plan = lock_plan(plan.pk)
    if plan.state not in EDITABLE_STATES:
        raise PlanNotEditable(f"A plan that is {plan.get_state_display().lower()} can no longer be edited.")
    _check_idle(plan)
    current = plan.current_version.number if plan.current_version else 0
    if base_version is not None and base_version != current:
        raise PlanNotEditable(f"The plan changed meanwhile: you edited version {base_version}, and version {current} "
                              "is current now. Reload the questions and make your changes again.",
                              fields={"base_version": base_version, "current_version": current})
    if reason and reason not in DecisionReason.values:
        raise ReasonRequired(f"Unknown reason {echoed(reason)}.",
                              fields={"reason": f"unknown reason {echoed(reason)}"})
    cleaned = detach_rewritten(normalise_questions(questions))
    before = plan.current_version.questions if plan.current_version else []
    diff = question_diff(before, cleaned)
    if not (diff["removed"] or diff["added"] or diff["changed"] or diff["moved"]):
        return plan.current_version
    version = add_version(plan=plan, questions=cleaned, created_by=VersionAuthor.EXPERT, author=expert,
                          rationale=comment or "Edited by the expert.", confidence=1.0,
                          revision_of=plan.current_version,
                          # the mix the edited version was written for (the critique measures the edit against it,
                          # not against the configuration before the expert's "too easy" shifted it), each kept
                          # question with its own slot wherever it moved, a deleted one's slot gone with it
                          slots=slots_after_edit(plan.current_version.slots, before, cleaned)
                          if plan.current_version else [])
    if plan.state != PlanState.PENDING_REVIEW:
        # The agents stopped before the plan reached the expert (draft, critiqued or changes requested with
        # agent_status failed): the expert's version takes the place of theirs and goes to review as theirs would.
        # Left in its state, the plan had nothing to retry and nothing to approve: only Cancel was left.
        transition(plan, PlanState.PENDING_REVIEW, actor=expert, reason="Edited by the expert")
    decision = ExpertDecision.objects.create(plan=plan, version=version, expert=expert, kind=DecisionKind.EDIT,
                                             reason=reason, comment=comment, diff=diff)
    record_event(plan, "version.edited", actor=expert, data={"version": version.number, **{
        k: len(v) for k, v in diff.items()}})
    observer.learn_from_decision(decision)
    InterviewPlan.objects.filter(pk=plan.pk).update(agent_status=AgentStatus.CRITIQUING)
    _enqueue_critique(plan, version)
    return version


@transaction.atomic
def retry_agents(*, plan: InterviewPlan, expert) -> InterviewPlan:
    """After an agent failure the expert restarts the agents from where they stopped."""
    plan = lock_plan(plan.pk)
    if plan.agent_status != AgentStatus.FAILED:
        raise PlanAgentBusy("The agents have not failed on this plan; there is nothing to retry.")
    version = plan.current_version
    if plan.state == PlanState.PENDING_REVIEW and version is not None and not version.critiques.exists():
        bump(plan, agent_status=AgentStatus.CRITIQUING, agent_error="")
        _enqueue_critique(plan, version)
    else:
        bump(plan, agent_status=AgentStatus.DRAFTING, agent_error="")
        _enqueue_planning(plan)
    record_event(plan, "agent.retried", actor=expert)
    return plan


AGENTS_INTERRUPTED = "The agents were interrupted several times on our side; retry from the plan page."


def recover_stuck_agents() -> int:
    """Beat (every minute): a plan whose agents are drafting or critiquing but have recorded nothing for
    STUCK_WORK_AFTER_SECONDS (every step records an event, and each step stays inside its task's time limit) lost
    its task (a killed worker, a broker that was down): the expert could neither decide nor retry. Send the step
    again, as `retry_agents` would (interviewmaster/recovery.py); after STUCK_WORK_MAX_RECOVERIES the agents are
    `failed` with a reason, and the expert's Retry starts them again. Returns the plans handled."""
    last_step = PlanEvent.objects.filter(plan=OuterRef("pk")).order_by("-created_at").values("created_at")[:1]

    @transaction.atomic
    def give_up(pending, row) -> bool:
        if not pending.update(agent_status=AgentStatus.FAILED, agent_error=AGENTS_INTERRUPTED, agent_recoveries=0):
            return False
        PlanEvent.objects.create(plan_id=row.id, agent="observer", kind="agent.failed",
                                 data={"error": "interrupted", "message": AGENTS_INTERRUPTED,
                                       "recoveries": row.agent_recoveries})
        return True

    # The claim writes no clock of its own: its event is the plan's last step, which restarts the clock.
    return recovery.sweep(
        InterviewPlan.objects.filter(agent_status__in=[AgentStatus.DRAFTING, AgentStatus.CRITIQUING]),
        clock=Coalesce(Subquery(last_step), "created_at"), pin=["agent_status"], recoveries="agent_recoveries",
        restart=None, give_up=give_up,
        on_claim=lambda row: PlanEvent.objects.create(plan_id=row.id, agent="observer", kind="agent.resent",
                                                      data={"agent_status": row.agent_status,
                                                            "recovery": row.agent_recoveries + 1}),
        send=lambda row: _send_agents_again(row.id), what="the agents of plan {id}")


def _send_agents_again(plan_id: int) -> None:
    """The step `retry_agents` would start: the critique of a version waiting for one in review, else the pipeline
    (keyed by the plan's state, so a step already done is not done again)."""
    from planning.tasks import critique_edit, run_agents

    plan = InterviewPlan.objects.select_related("current_version").get(pk=plan_id)
    version = plan.current_version
    if plan.state == PlanState.PENDING_REVIEW and version is not None and not version.critiques.exists():
        critique_edit.delay(plan_id, version.id)
    else:
        run_agents.delay(plan_id)


def ensure_live_capacity(*, expert) -> None:
    """Refuse a new live planned interview beyond the capabilities' limits (per expert, and for the platform)."""
    limits = capabilities.concurrency_limits()
    live = InterviewPlan.objects.filter(state=PlanState.IN_PROGRESS)
    if live.filter(expert=expert).count() >= limits.live_interviews_per_expert:
        raise LiveInterviewLimit(f"{expert.get_full_name() or expert.email} already has "
                                 f"{limits.live_interviews_per_expert} live interviews; start this one when one of "
                                 "them has finished.", fields={"limit": "live_interviews_per_expert"})
    if live.count() >= limits.live_interviews_global:
        raise LiveInterviewLimit("The platform is running as many live interviews as it can; try again in a few "
                                 "minutes.", fields={"limit": "live_interviews_global"})


def invitation_expiry() -> timedelta:
    return timedelta(hours=settings.PLANNING_INVITATION_TTL_HOURS)


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def bump(plan: InterviewPlan, **fields: Any) -> None:
    InterviewPlan.objects.filter(pk=plan.pk).update(**fields)
    for key, value in fields.items():
        if not isinstance(value, F):
            setattr(plan, key, value)
