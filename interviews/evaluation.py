"""Turning an `evaluate_answer` reply into an Evaluation row, whichever provider wrote it.

The reply has already passed the AI layer's schema; here it is bounded again (scores clamped, lists and texts cut),
each criterion gets its rubric anchor from the capabilities, and an evidence quote is kept only if it really occurs
in the candidate's answer — a provider cannot put words in the candidate's mouth.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from interviewmaster import capabilities
from interviewmaster.ai import grading
from interviews import realtime
from interviews.models import Evaluation, Turn, TurnStatus

MAX_LIST_ITEMS = 8
MAX_ITEM_CHARS = 500
MAX_FEEDBACK_CHARS = 4000
MAX_EVIDENCE_CHARS = 300


def _texts(values: Any) -> list[str]:
    if not isinstance(values, list):
        return []
    return [str(v)[:MAX_ITEM_CHARS] for v in values if str(v).strip()][:MAX_LIST_ITEMS]


def _evidence(quote: Any, answer: str) -> str:
    """The quote if it is a verbatim part of the answer (whitespace- and case-insensitive), else nothing."""
    if not isinstance(quote, str) or not quote.strip():
        return ""
    quote = " ".join(quote.split())[:MAX_EVIDENCE_CHARS]
    return quote if quote.lower() in " ".join(answer.split()).lower() else ""


def _criterion_row(row: dict, answer: str, hints_used: int = 0, code: str = "") -> dict | None:
    caps = capabilities.get_capabilities()
    key = str(row.get("key", ""))
    criterion = caps.criteria.get(key)
    if criterion is None:
        return None
    score = max(1, min(5, int(round(float(row.get("score", 1))))))
    return {"key": key, "name": criterion.name, "score": score,
            "weight": float(row.get("weight", 0) or 0),
            "anchor": grading.criterion_anchor(key, criterion.rubric, score, hints_used, code=code),
            "evidence": _evidence(row.get("evidence") or row.get("quote"), answer),
            "rationale": str(row.get("rationale", ""))[:MAX_ITEM_CHARS]}


def evaluation_fields(*, turn: Turn, data: dict) -> dict:
    answer = f"{turn.answer_text}\n{turn.answer_code}"
    rows = [r for r in (_criterion_row(row, answer, turn.hints_used, turn.answer_code or "")
                        for row in data.get("criteria") or [] if isinstance(row, dict)) if r is not None]
    return {
        "category": turn.category,
        "overall": max(0, min(100, int(round(float(data.get("score", 0)))))),
        "criteria": rows,
        "scores": {r["key"]: r["score"] for r in rows},
        "strengths": _texts(data.get("strengths")),
        "improvements": _texts(data.get("improvements")),
        "covered_points": _texts(data.get("covered_points")),
        "missing_points": _texts(data.get("missing_points")),
        "flags": _texts(data.get("flags")),
        "feedback": str(data.get("feedback", ""))[:MAX_FEEDBACK_CHARS],
    }


def evaluation_payload(evaluation: Evaluation) -> dict:
    """What the room and the API show: the score, each criterion with its anchor and evidence, and advice."""
    return {"turn": evaluation.turn_id, "score": evaluation.overall, "criteria": evaluation.criteria,
            "strengths": evaluation.strengths, "improvements": evaluation.improvements,
            "feedback": evaluation.feedback, "flags": evaluation.flags, "provider": evaluation.provider}


@transaction.atomic
def save_evaluation(*, turn: Turn, result) -> Evaluation | None:
    """Store the evaluation once (a redelivered task finds the row and keeps it) and push it to the room. The
    candidate may have deleted their account while it was written: a practice interview is gone then (None), and a
    planned one keeps only the scores (interviews/personal_data.py), as it does for the evaluations made before."""
    from interviews.personal_data import account_erased, erased_evaluation_texts

    fields = evaluation_fields(turn=turn, data=result.data)
    if account_erased(turn.session.candidate_id):  # the account's row first, in the order its deletion locks
        if not Turn.objects.filter(id=turn.id).exists():
            return None
        fields.update(erased_evaluation_texts(fields["criteria"]))
    evaluation, created = Evaluation.objects.get_or_create(
        turn=turn, defaults={**fields, "candidate_id": turn.session.candidate_id, "provider": result.provider,
                             "model": result.model or "", "evaluated_at": timezone.now()})
    if created:
        Turn.objects.filter(id=turn.id, status=TurnStatus.SUBMITTED).update(status=TurnStatus.EVALUATED)
        realtime.publish(turn.session_id, {"type": "evaluation", **evaluation_payload(evaluation)})
    return evaluation
