"""The join between a plan and the interview engine (interviews): the candidate starts the planned interview from the
lobby, the plan's state follows the session, and after the end the expert adjusts criterion scores with a reason."""

from __future__ import annotations

import logging
from collections import Counter

from django.db import transaction

from interviewmaster import capabilities
from interviewmaster.errors import Invalid
from planning import observer, services
from planning.errors import InvalidPlanTransition, PlanNotEditable, PlanNotFound, ScoreChangeLimit
from planning.models import InterviewPlan, PlanState, ScoreAdjustment, ScoreReasonCorrection

logger = logging.getLogger(__name__)

# Session state -> the plan state it means (None: nothing to follow). An abandoned interview (left idle) has no
# report: its plan is incomplete, not completed, and the expert can invite the candidate again.
FOLLOW = {"in_progress": PlanState.IN_PROGRESS, "completed": PlanState.COMPLETED, "evaluated": PlanState.COMPLETED,
          "abandoned": PlanState.INCOMPLETE, "cancelled": PlanState.CANCELLED}

# How often one answer's score on one criterion can change (`adjust_score`), new scores and corrected reasons
# together: each is an append-only row and an audit entry (a new score also moves the learning signal), and a script
# with the expert's session could post two reasons, or two scores, in turn without end. An expert rarely needs more
# than a couple of changes.
MAX_SCORE_CHANGES = 20
MAX_REASON_CHARS = 2000  # a score's reason (ScoreAdjustment.reason, ScoreReasonCorrection.reason): longer is refused


def _engine_questions(plan: InterviewPlan) -> list[dict]:
    """The current version as the engine's planned_questions; a bank question deactivated since the plan was written,
    or whose code-judge problem was unpublished since, is asked from its stored text (as a question written for the
    plan: without the bank's judge problem, whose statement the room would show while its practice page is a 404)."""
    from interviews.selectors import askable_questions

    questions = plan.current_version.questions
    active = set(askable_questions().filter(id__in=[q["question_id"] for q in questions if q["question_id"]])
                 .values_list("id", flat=True))
    return [{"question_id": q["question_id"] if q["question_id"] in active else None, "prompt": q["prompt"],
             "category": q["category"], "difficulty": q["difficulty"], "expected_points": q["expected_points"],
             "follow_up_ideas": q["follow_up_ideas"]} for q in questions]


def _distribution(questions: list[dict]) -> dict[str, dict[str, int]]:
    """{category: {difficulty: count}} of the questions that will be asked."""
    mix: dict[str, dict[str, int]] = {}
    for question in questions:
        by_difficulty = mix.setdefault(question["category"], {})
        by_difficulty[question["difficulty"]] = by_difficulty.get(question["difficulty"], 0) + 1
    return mix


@transaction.atomic
def start_planned_interview(*, plan: InterviewPlan, candidate):
    """The invited candidate starts (or re-enters) the planned interview: one session per plan, the expert attached
    as observer, the capabilities' live limits checked.

    Lock order: the candidate's row, then the plan's, as the account's deletion takes them (the user, then their
    plans). The plan first and the candidate's row after (starting the session serialises a candidate's starts on
    it) deadlocked with a deletion of the account. FOR NO KEY UPDATE: rows that merely name the candidate (an
    invitation's acceptance) are not held up by it."""
    from django.contrib.auth import get_user_model

    from interviews.services import start_session

    get_user_model().objects.select_for_update(no_key=True).filter(pk=candidate.pk).first()
    plan = services.lock_plan(plan.pk)
    if plan.candidate_id != candidate.id:
        raise PlanNotFound()
    if plan.state not in (PlanState.INVITED, PlanState.IN_PROGRESS):
        raise InvalidPlanTransition(f"This interview is {plan.get_state_display().lower()}; it cannot be started.",
                                    fields={"state": plan.state})
    session = plan.session
    if session is not None and session.is_live:
        return session  # re-entering the interview that runs
    if plan.state != PlanState.INVITED:
        raise InvalidPlanTransition(f"This interview is {plan.get_state_display().lower()}; it cannot be started.",
                                    fields={"state": plan.state})
    services.ensure_live_capacity(expert=plan.expert)
    questions = _engine_questions(plan)
    # The session's mix is the approved version's questions, not the config the plan was drafted from ("too easy"
    # refits the questions, so the drafted mix showed the candidate and mentor 4 questions beside 3 that ran).
    config = {**{k: v for k, v in plan.config.items() if k != "total_questions"},
              "question_distribution": _distribution(questions)}
    # The clock is the length the invitation and the lobby announced (services.interview_minutes: the approved
    # questions, or the length the expert set, which approval made sure they fit).
    session = start_session(candidate=candidate, mode=plan.mode, role=plan.position.role, config=config,
                            planned_questions=questions, expert=plan.expert,
                            duration_minutes=plan.duration_minutes)
    previous = plan.session_id  # an earlier, abandoned attempt (the plan was incomplete and invited again)
    InterviewPlan.objects.filter(pk=plan.pk).update(session=session)
    plan.session = session
    services.record_event(plan, "interview.created", actor=candidate,
                          data={"session": session.id, **({"previous_session": previous} if previous else {})})
    return session


def follow_session(*, session_id: int, to: str) -> None:
    """Called (inside the session's transaction) whenever an interview changes state: the plan follows."""
    plan = InterviewPlan.objects.filter(session_id=session_id).first()
    target = FOLLOW.get(to)
    if plan is None or target is None or plan.state == target:
        return
    if to == "cancelled" and plan.state == PlanState.INVITED:
        InterviewPlan.objects.filter(pk=plan.pk).update(session=None)  # cancelled before it began: start again
        services.record_event(plan, "interview.cancelled_before_start", data={"session": session_id})
        return
    try:
        services.transition(plan, target, agent="observer", reason=f"interview {to}", data={"session": session_id})
    except InvalidPlanTransition:
        logger.warning("plan %s (%s) could not follow its interview to %s", plan.pk, plan.state, to)


def answered_turns(plan: InterviewPlan) -> list:
    """The answers given in the plan's interview, in order, each with its evaluation when it has one: what an
    incomplete (abandoned) interview leaves the expert, who has no report for it."""
    from interviews.models import Turn

    if plan.session_id is None:
        return []
    turns = list(Turn.objects.filter(session_id=plan.session_id, submitted_at__isnull=False)
                 .exclude(kind="warm_up").select_related("evaluation").order_by("index"))
    hints = _hints_taken(plan)
    for turn in turns:
        turn.hints_taken = hints.get(turn.id, [])
    return turns


def _hints_taken(plan: InterviewPlan) -> dict[int, list[dict]]:
    """Turn id -> the hints the room gave on it ({"text", "at"}): the expert judging an answer sees that it came after
    a hint, and which."""
    from interviews.models import InterviewSession
    from interviews.presenters import hints_given

    return hints_given(InterviewSession(id=plan.session_id))


def earlier_sessions(plan: InterviewPlan) -> list[int]:
    """The ids of the plan's earlier interviews (abandoned, then replaced when the candidate was invited again)."""
    return [e["previous_session"] for e in plan.events.filter(kind="interview.created").values_list("data", flat=True)
            if isinstance(e, dict) and e.get("previous_session")]


def _answer_labels(session_id: int) -> dict[int, str]:
    """turn id -> "Q2" for a question, "Q2 follow-up 1/2" for its follow-ups (numbered in the order asked, out of
    how many that question had), so two follow-ups of one question can be told apart."""
    from interviews.models import Turn, TurnKind

    rows = list(Turn.objects.filter(session_id=session_id).order_by("index")
                .values_list("id", "question_number", "kind"))
    totals: dict[int, int] = {}
    for _id, number, kind in rows:
        if kind == TurnKind.FOLLOW_UP:
            totals[number] = totals.get(number, 0) + 1
    labels, seen = {}, {}
    for turn_id, number, kind in rows:
        if kind == TurnKind.FOLLOW_UP:
            seen[number] = seen.get(number, 0) + 1
            labels[turn_id] = f"Q{number} follow-up {seen[number]}/{totals[number]}"
        else:
            labels[turn_id] = f"Q{number}"
    return labels


def criterion_scores(plan: InterviewPlan) -> list[dict]:
    """Per answered question: each criterion's AI score and the expert's latest adjustment, and whether it is
    `closed` (changed MAX_SCORE_CHANGES times, as often as it can be)."""
    from interviews.models import Turn

    if plan.session_id is None:
        return []
    adjustments = list(plan.score_adjustments.order_by("created_at", "id"))
    adjusted = {(a.turn_id, a.criterion): a for a in adjustments}
    corrections = list(ScoreReasonCorrection.objects.filter(adjustment__plan=plan).order_by("created_at", "id")
                       .values_list("adjustment_id", "reason"))
    reasons = dict(corrections)  # the latest correction of each adjustment wins
    # How often each answer's criterion was changed (adjustments and corrections together, as _check_score_changes
    # counts them): at MAX_SCORE_CHANGES the row is closed for changes.
    changes = Counter((a.turn_id, a.criterion) for a in adjustments)
    of_adjustment = {a.id: (a.turn_id, a.criterion) for a in adjustments}
    changes.update(of_adjustment[adjustment_id] for adjustment_id, _reason in corrections)
    rows = []
    hints = _hints_taken(plan)
    labels = _answer_labels(plan.session_id)
    turns = Turn.objects.filter(session_id=plan.session_id, evaluation__isnull=False).select_related("evaluation")
    for turn in turns.order_by("index"):
        for position, criterion in enumerate(turn.evaluation.criteria):
            adjustment = adjusted.get((turn.id, criterion.get("key")))
            rows.append({"turn": turn, "label": labels.get(turn.id, f"Q{turn.question_number}"),
                         "criterion": criterion.get("key"),
                         "name": capabilities.criterion_name(criterion.get("key")), "ai_score": criterion.get("score"),
                         "expert_score": adjustment.expert_score if adjustment else None,
                         "reason": reasons.get(adjustment.id, adjustment.reason) if adjustment else "",
                         "closed": changes[(turn.id, criterion.get("key"))] >= MAX_SCORE_CHANGES,
                         # said once per answer, on its first criterion's row
                         "hints": hints.get(turn.id, []) if position == 0 else []})
    return rows


def _check_score_changes(plan: InterviewPlan, *, turn, criterion: str) -> None:
    """At most MAX_SCORE_CHANGES adjustments and reason corrections of one answer's criterion (`ScoreChangeLimit`)."""
    changes = plan.score_adjustments.filter(turn=turn, criterion=criterion)
    made = changes.count() + ScoreReasonCorrection.objects.filter(adjustment__in=changes).count()
    if made >= MAX_SCORE_CHANGES:
        raise ScoreChangeLimit(
            f"This score has been changed {MAX_SCORE_CHANGES} times (new scores and corrected reasons together), as "
            "often as it can be; the latest score and reason stand.", fields={"limit": "score_changes_per_criterion"})


@transaction.atomic
def adjust_score(*, plan: InterviewPlan, expert, turn_id: int, criterion: str, score: int,
                 reason: str) -> ScoreAdjustment:
    """The expert's score for one criterion of one answer, with a reason. The AI's score stays as it was; both are
    kept, and the difference becomes a learning signal. Safe to repeat: the plan's row lock serialises two submits of
    one form, and an adjustment to the score the criterion already has (the double-submitted form, the second of two
    racing posts) is a no-op that returns the standing adjustment with `repeated` set (it stored two adjustments, two
    audit entries and two learning signals, so the lesson counted twice). The same score with a different reason is
    a correction of the reason (`reason_corrected` set): stored beside the adjustment and said in the audit trail,
    with no second adjustment and no new learning signal (it was taken for the double-submitted form and the
    corrected reason was lost). A different score later is a new adjustment, and the answer's learning signal is then
    its latest gap, not the sum of both. Adjustments and corrections of one answer's criterion are at most
    MAX_SCORE_CHANGES together: past that any change is refused (`ScoreChangeLimit`, 409 `score_change_limit`) and
    nothing is written; the no-op above still answers quietly."""
    from interviews.models import Turn

    plan = services.lock_plan(plan.pk)
    if plan.state != PlanState.COMPLETED or plan.session_id is None:
        raise PlanNotEditable("Scores can be adjusted once the interview has ended.")
    turn = Turn.objects.filter(id=turn_id, session_id=plan.session_id, evaluation__isnull=False) \
        .select_related("evaluation").first()
    if turn is None:
        raise Invalid("That answer is not part of this interview.", fields={"turn": "unknown"})
    ai = next((c for c in turn.evaluation.criteria if c.get("key") == criterion), None)
    if ai is None:
        raise Invalid(f"The answer was not scored on {criterion!r}.", fields={"criterion": "unknown"})
    if not isinstance(score, int) or not 1 <= score <= 5:
        raise Invalid("A score is 1 to 5.", fields={"score": "1-5"})
    reason = reason.replace("\r\n", "\n").strip()  # a textarea sends CRLF: a line break is one character
    if not reason:
        raise Invalid("Say why you change the score.", fields={"reason": "required"})
    if len(reason) > MAX_REASON_CHARS:  # refused, not cut: the cut lost the expert's last sentences without a word
        raise Invalid(f"A reason is at most {MAX_REASON_CHARS:,} characters; this one has {len(reason):,}.",
                      fields={"reason": f"at most {MAX_REASON_CHARS} characters"})
    # Read under the plan's lock: of two racing posts the second sees the first's committed row here.
    standing = plan.score_adjustments.filter(turn=turn, criterion=criterion).order_by("-created_at", "-id").first()
    if standing is not None and standing.expert_score == score:
        latest = standing.reason_corrections.order_by("-created_at", "-id").first()
        standing.repeated = (latest.reason if latest else standing.reason) == reason
        standing.reason_corrected = not standing.repeated
        if standing.repeated:
            return standing
    _check_score_changes(plan, turn=turn, criterion=criterion)  # nothing is written past it
    if standing is not None and standing.expert_score == score:  # the same score with a corrected reason
        ScoreReasonCorrection.objects.create(adjustment=standing, expert=expert, reason=reason)
        services.record_event(plan, "score.reason_corrected", actor=expert,
                              data={"turn": turn.id, "criterion": criterion, "expert": score})
        return standing
    adjustment = ScoreAdjustment.objects.create(plan=plan, expert=expert, turn=turn, criterion=criterion,
                                                ai_score=int(ai.get("score") or 0), expert_score=score,
                                                reason=reason)
    adjustment.repeated = adjustment.reason_corrected = False
    observer.learn_from_score(plan, expert=expert, criterion=criterion, ai_score=adjustment.ai_score,
                              expert_score=score, replaces=standing)
    services.record_event(plan, "score.adjusted", actor=expert,
                          data={"turn": turn.id, "criterion": criterion, "ai": adjustment.ai_score, "expert": score})
    return adjustment
