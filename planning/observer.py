"""The observer agent: records every agent step as a PlanEvent and turns the expert's decisions (and later score
adjustments) into LearningSignals that shape the next plans for the same expert and position."""

from __future__ import annotations

from django.utils import timezone

from planning.models import (
    DecisionKind,
    DecisionReason,
    ExpertDecision,
    InterviewPlan,
    LearningSignal,
    PlanEvent,
    ScoreAdjustment,
)

DIFFICULTY_REASONS = {DecisionReason.TOO_EASY: 1.0, DecisionReason.TOO_HARD: -1.0}


def record_step(plan: InterviewPlan, kind: str, *, agent: str, data: dict | None = None) -> PlanEvent:
    return PlanEvent.objects.create(plan=plan, agent=agent, kind=kind, data=data or {})


def _signal(decision: ExpertDecision, kind: str, key: str, value: float = 1.0) -> LearningSignal | None:
    if not key:
        return None
    return LearningSignal(expert=decision.expert, position=decision.plan.position, plan=decision.plan, kind=kind,
                          key=str(key)[:300], value=value)


def _edit_signals(decision: ExpertDecision) -> list[LearningSignal | None]:
    signals = []
    for q in decision.diff.get("removed") or []:
        if q.get("reworded"):  # the expert reworded it where it stood: edited, not removed (nothing to avoid)
            continue
        signals.append(_signal(decision, LearningSignal.Kind.AVOID_QUESTION, q.get("prompt", "")))
        if q.get("question_id"):
            signals.append(_signal(decision, LearningSignal.Kind.AVOID_QUESTION, str(q["question_id"])))
    for q in decision.diff.get("added") or []:
        signals.append(_signal(decision, LearningSignal.Kind.PREFER_CATEGORY, q.get("category", "")))
        signals.append(_signal(decision, LearningSignal.Kind.PREFER_SKILL, q.get("skill", "")))
    return signals


def learn_from_decision(decision: ExpertDecision) -> list[LearningSignal]:
    signals = _edit_signals(decision) if decision.kind == DecisionKind.EDIT else []
    if decision.reason in DIFFICULTY_REASONS:
        signals.append(_signal(decision, LearningSignal.Kind.DIFFICULTY, decision.reason,
                               DIFFICULTY_REASONS[decision.reason]))
    created = LearningSignal.objects.bulk_create([s for s in signals if s is not None])
    record_step(decision.plan, "observer.learned", agent="observer",
                data={"decision": decision.kind, "reason": decision.reason, "signals": len(created)})
    return created


def learn_from_score(plan: InterviewPlan, *, expert, criterion: str, ai_score: float, expert_score: float,
                     replaces: ScoreAdjustment | None = None) -> LearningSignal:
    """The gap between the AI's and the expert's score of one criterion (positive: the AI was too harsh). One signal
    per answer and criterion: a re-adjustment (`replaces`, the adjustment it supersedes) moves that answer's signal to
    the new gap instead of adding a second one beside it (the lesson then counted both gaps)."""
    value = float(expert_score) - float(ai_score)
    signal = None
    if replaces is not None:
        # Signals do not name their answer; the superseded one is any of this plan's signals for the criterion with
        # the superseded gap (rows equal in kind, key and value are interchangeable).
        signal = LearningSignal.objects.filter(
            plan=plan, kind=LearningSignal.Kind.SCORE_DELTA, key=criterion,
            value=float(replaces.expert_score) - float(replaces.ai_score)).order_by("-created_at", "-id").first()
    if signal is None:
        signal = LearningSignal.objects.create(expert=expert, position=plan.position, plan=plan,
                                               kind=LearningSignal.Kind.SCORE_DELTA, key=criterion, value=value)
    else:
        signal.expert, signal.value, signal.created_at = expert, value, timezone.now()
        signal.save(update_fields=["expert", "value", "created_at"])
    record_step(plan, "observer.score_delta", agent="observer",
                data={"criterion": criterion, "delta": signal.value})
    return signal
