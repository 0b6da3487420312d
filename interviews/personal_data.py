"""The interviews part of "download my data" and of account deletion (registered with accounts.personal_data).

The export holds every interview the user took as the candidate (settings, report, each turn with its answer, code,
draft, timings, behaviour signals, judge results and evaluation, flags included, and the session's audit events) and
the question-generation requests they made; a planned interview's evaluation (score, report's advice, each answer's
evaluation and test results) is its interviewer's and left out, as everywhere its candidate reads it. Interviews they
watched as an expert are the candidate's, not theirs.

Deletion (docs/interviews.md, "Your data"):
- a practice interview is the candidate's alone: it goes, with its turns, evaluations, report and events;
- a planned interview is also the expert's record of a hiring step (plans and their audit trail are never deleted,
  docs/planning.md), so it stays anonymised: a live one is cancelled first; what the candidate wrote and every text
  written from it go (answers, code, drafts, follow-up questions and their reasons, the evaluation's evidence,
  rationale, strengths, improvements, points and feedback, the report's summary); the planned questions, scores,
  timings, signal counts, state trail and the expert's own score adjustments stay.
Drafts stashed in Redis are dropped after the deletion commits.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet

from interviews import drafts, policy, reports, services
from interviews.models import (
    LIVE_STATES,
    Evaluation,
    InterviewSession,
    QuestionGenerationJob,
    SessionEvent,
    Turn,
    TurnKind,
)

ERASED_FOLLOW_UP = "(A follow-up written from the candidate's answer, erased with their account.)"
ERASED_SUMMARY = ("The candidate deleted their account: their answers, code and every text written from them are "
                  "erased. The questions, scores and timings stay for the interview's record.")
CRITERION_KEEPS = ("key", "name", "score", "weight", "anchor")  # the rubric and the score; no evidence or rationale


def _iso(value) -> str | None:
    return value.isoformat() if value else None


# --- export ----------------------------------------------------------------------------------------------------------
def _evaluation_row(evaluation: Evaluation | None) -> dict | None:
    if evaluation is None:
        return None
    return {"overall": evaluation.overall, "criteria": evaluation.criteria, "strengths": evaluation.strengths,
            "improvements": evaluation.improvements, "covered_points": evaluation.covered_points,
            "missing_points": evaluation.missing_points, "flags": evaluation.flags, "feedback": evaluation.feedback,
            "provider": evaluation.provider, "evaluated_at": _iso(evaluation.evaluated_at)}


def _turn_row(turn: Turn) -> dict:
    return {
        "index": turn.index, "kind": turn.kind, "question_number": turn.question_number, "prompt": turn.prompt,
        "category": turn.category, "difficulty": turn.difficulty, "status": turn.status,
        "answer_text": turn.answer_text, "answer_code": turn.answer_code, "language": turn.language,
        "draft_text": turn.draft_text, "draft_code": turn.draft_code, "draft_language": turn.draft_language,
        "asked_at": _iso(turn.asked_at), "first_keystroke_at": _iso(turn.first_keystroke_at),
        "submitted_at": _iso(turn.submitted_at), "seconds_spent": turn.seconds_elapsed(),
        "hints_used": turn.hints_used, "pastes": turn.paste_count, "tab_changes": turn.visibility_count,
        "long_pauses": turn.idle_count, "longest_pause_seconds": turn.longest_idle_seconds,
        "test_results": turn.test_results, "evaluation": _evaluation_row(getattr(turn, "evaluation", None)),
    }


EVALUATION_WITHHELD = ("The evaluation of a planned interview is its interviewer's, who judges it: ask them (or us) "
                       "for it once the hiring step is over.")


def _session_row(session: InterviewSession) -> dict:
    """One interview as its candidate downloads it. A planned interview's evaluation is left out as everywhere the
    candidate reads it (`policy.evaluation_shown_to`: the room, the report, the REST session): the export gave its
    score, the stored report with its advice, and each answer's missed points and test results, which a candidate
    re-invited to the plan would retake knowing. `evaluation_withheld` says so."""
    shown = policy.evaluation_shown_to(session, SimpleNamespace(id=session.candidate_id))
    turns = [_turn_row(t) for t in session.turns.all()]
    if not shown:
        turns = [{**t, "evaluation": None, "test_results": None} for t in turns]
    report = session.report if shown or not session.report else reports._without_evaluation(session.report)
    return {
        "id": session.id, "mode": session.mode, "role": session.role, "planned": session.is_planned,
        "config": session.config, "state": session.state, "created_at": _iso(session.created_at),
        "started_at": _iso(session.started_at), "ended_at": _iso(session.ended_at), "end_reason": session.end_reason,
        "seconds_used": session.seconds_used(), "overall": session.overall if shown else None, "report": report,
        **({} if shown else {"evaluation_withheld": EVALUATION_WITHHELD}),
        "turns": turns,
        "events": [{"kind": e.kind, "turn_index": e.turn.index if e.turn else None, "data": e.data,
                    "at": _iso(e.created_at)} for e in session.events.all()],
    }


def export_interviews_of(user) -> dict:
    sessions = (InterviewSession.objects.filter(candidate=user).order_by("created_at", "id")
                .prefetch_related(Prefetch("turns", Turn.objects.select_related("evaluation").order_by("index")),
                                  Prefetch("events", SessionEvent.objects.select_related("turn").order_by("id"))))
    jobs = QuestionGenerationJob.objects.filter(requested_by=user).order_by("created_at", "id")
    return {
        "sessions": [_session_row(s) for s in sessions],
        "question_requests": [{"role": j.role, "difficulty": j.difficulty, "count": j.count,
                               "categories": j.categories, "language": j.language, "status": j.status,
                               "created_at": _iso(j.created_at)} for j in jobs],
    }


# --- erasure ---------------------------------------------------------------------------------------------------------
def _planned(sessions: QuerySet[InterviewSession]) -> QuerySet[InterviewSession]:
    return sessions.filter(Q(is_planned=True) | Q(plan__isnull=False))


def account_erased(candidate_id: int) -> bool:
    """Whether the candidate deleted their account, read under the lock the deletion takes first (their user row):
    a deletion erasing their interviews at this moment is waited for and then seen. A worker that evaluated or
    summarised an answer while the account was being deleted asks this before it stores what it wrote."""
    from django.contrib.auth import get_user_model

    # NO KEY UPDATE waits for the deletion's FOR UPDATE all the same, without blocking rows that name the candidate.
    deleted_at = (get_user_model().objects.select_for_update(no_key=True).filter(id=candidate_id)
                  .values_list("deleted_at", flat=True).first())
    return deleted_at is not None


def erased_evaluation_texts(criteria: list) -> dict:
    """An evaluation's fields without any text written from the answer: the rubric and the scores stay."""
    return {"criteria": [{k: c[k] for k in CRITERION_KEEPS if k in c} for c in criteria if isinstance(c, dict)],
            "strengths": [], "improvements": [], "covered_points": [], "missing_points": [], "feedback": ""}


def erased_summary() -> SimpleNamespace:
    """The report's summary once the candidate's words are erased (in the shape of a `complete_json` result)."""
    return SimpleNamespace(data={"summary": ERASED_SUMMARY}, provider="erased")


def _erase_evaluation_texts(sessions: QuerySet[InterviewSession]) -> None:
    for evaluation in Evaluation.objects.filter(turn__session__in=sessions).only("id", "criteria"):
        Evaluation.objects.filter(id=evaluation.id).update(**erased_evaluation_texts(evaluation.criteria))


def _erase_follow_ups(turns: QuerySet[Turn]) -> None:
    """A follow-up is written from the answer before it (it may quote it), and so is its reason."""
    for turn in turns.filter(kind=TurnKind.FOLLOW_UP).only("id", "snapshot"):
        snapshot = {k: v for k, v in (turn.snapshot or {}).items() if k != "reason"}
        Turn.objects.filter(id=turn.id).update(prompt=ERASED_FOLLOW_UP, snapshot=snapshot)


def _rebuild_reports(sessions: QuerySet[InterviewSession]) -> None:
    """The stored report quotes the answers: built again from the anonymised rows, with no summary."""
    from interviews.reports import build_report

    for session in sessions.exclude(report={}):
        report = build_report(session, summary=erased_summary(), with_hint_texts=False)
        InterviewSession.objects.filter(id=session.id).update(report=report)


def _anonymise_planned(sessions: QuerySet[InterviewSession]) -> None:
    for session in sessions.filter(state__in=LIVE_STATES):
        services.withdraw_session(session=session, reason="account_deleted")
    turns = Turn.objects.filter(session__in=sessions)
    turns.update(answer_text="", answer_code="", draft_text="", draft_code="")
    _erase_follow_ups(turns)
    _erase_hint_texts(sessions)
    _erase_evaluation_texts(sessions)
    _rebuild_reports(sessions)


def _erase_hint_texts(sessions: QuerySet[InterviewSession]) -> None:
    """A room hint is written from the candidate's draft (it may quote it): its `hint.given` event keeps when it was
    given, not its words (the expert's watch page and the rebuilt report read the same events)."""
    from interviews.hints import HINT_GIVEN

    for event in SessionEvent.objects.filter(session__in=sessions, kind=HINT_GIVEN).only("id", "data"):
        data = event.data if isinstance(event.data, dict) else {}
        SessionEvent.objects.filter(id=event.id).erase(data={k: v for k, v in data.items() if k != "text"})


def erase_interviews_of(user) -> None:
    """Runs inside the account-deletion transaction (see the module's docstring for what goes and what stays)."""
    sessions = InterviewSession.objects.filter(candidate=user)
    # The sessions' rows first, in id order: every change to an interview locks its session and then its turns, and
    # the deletion below removes the turns before their session (a cascade deletes the children first), so a submit
    # holding the session waited for a turn the deletion had taken while the deletion waited for the session.
    list(sessions.order_by("id").select_for_update().values_list("id", flat=True))
    stashes = list(Turn.objects.filter(session__candidate=user).values_list("session_id", "id"))
    planned_ids = list(_planned(sessions).values_list("id", flat=True))
    # The events are append-only, but they go with their session through the cascade (interviewmaster/events.py).
    sessions.exclude(id__in=planned_ids).delete()
    _anonymise_planned(InterviewSession.objects.filter(id__in=planned_ids))
    QuestionGenerationJob.objects.filter(requested_by=user).delete()
    transaction.on_commit(lambda: drafts.forget(stashes))
