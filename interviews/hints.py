"""'I need a hint': the smallest nudge for the open question, from the AI layer's `hint` strategy (Celery only)."""

from __future__ import annotations

from interviewmaster import capabilities
from interviews import realtime, selectors
from interviews.models import SessionEvent, Turn, TurnStatus

HINT_GIVEN = "hint.given"  # the SessionEvent that keeps a hint's text ({"text"}); "hint.requested" counts the asking


def _fallback_hint(turn: Turn, earlier: list[str]) -> str:
    """The hint when the provider gave none (it answered another strategy, or repeated itself): the offline engine's
    nudge towards the next expected point, in an interviewer's words (on a follow-up: its ladder, the same as the
    offline engine's, `follow_up_hint_ladder`). (It
    read the point itself out, the answer key:
    "Think about this part first: uses a canonical key per word…", whenever a provider ignored the `hint` strategy.)"""
    from interviewmaster.ai.offline.followups import follow_up_hint_ladder
    from interviewmaster.ai.offline.probes import hint

    main = turn.parent or turn
    points = list(main.snapshot.get("expected_points") or [])
    if turn.parent_id is not None:  # a follow-up: the offline engine's ladder, never the parent question's points
        ladder = follow_up_hint_ladder(turn.prompt, points=points, category=main.category, parent_prompt=main.prompt)
        return next((text for text in ladder if text not in earlier), ladder[-1])
    step = min(max(turn.hints_used - 1, 0), max(len(points) - 1, 0))
    for point in points[step:] + points[:step]:
        text = hint(point, category=main.category)
        if text not in earlier:
            return text
    return "Start with the simplest case you can solve, say it out loud, then generalise step by step."


def give_hint(*, turn_id: int) -> str | None:
    from interviewmaster.ai import complete_json

    turn = Turn.objects.select_related("parent", "session").filter(id=turn_id).first()
    if turn is None or turn.status != TurnStatus.OPEN:
        return None
    if SessionEvent.objects.filter(turn=turn, kind=HINT_GIVEN).count() >= turn.hints_used:
        return None  # every hint asked for is given: a redelivered task (acks_late) does not give one twice
    main = turn.parent or turn
    # The hints already given on this question (its follow-ups included): the next one goes a step further. Without
    # them the provider was asked the same thing each time and gave the same hint back (the reply cache too).
    earlier = [event.data.get("text", "") for event in SessionEvent.objects.filter(
        kind=HINT_GIVEN, turn__in=selectors.question_turns(main)).order_by("id")]
    hint_strategy = capabilities.get_capabilities().follow_up_strategies.get("hint")
    result = complete_json("follow_up", {
        "question": {"prompt": main.prompt, "category": main.category, "difficulty": main.difficulty,
                     "expected_points": main.snapshot.get("expected_points", []),
                     "follow_up_seeds": main.snapshot.get("follow_up_seeds", [])},
        "answer": {"text": turn.draft_text, "code": turn.draft_code},
        # A hint asked on a follow-up is for the follow-up: without its question the hint answered the parent's.
        **({"follow_up": {"prompt": turn.prompt, "strategy": turn.strategy}} if turn.parent_id else {}),
        "asked": earlier, "hint_number": len(earlier) + 1,
        "strategies": [hint_strategy.__dict__] if hint_strategy else []},
        owners=[turn.session.candidate_id])
    text = result.data.get("follow_up", "") if result.data.get("strategy") == "hint" else ""
    if text in earlier:
        text = ""  # a provider that repeats itself: the fallback's step instead
    text = (text or _fallback_hint(turn, earlier))[:1000]
    # Recorded before it is sent: the audit trail is where the watch page reads the hints back after a reload.
    event = SessionEvent.objects.create(session_id=turn.session_id, turn=turn, kind=HINT_GIVEN, data={"text": text})
    realtime.send_now(turn.session_id, {"type": "hint", "turn": turn.id, "text": text,
                                        "at": event.created_at.isoformat(), "hints_left": selectors.hints_left(turn)})
    return text
