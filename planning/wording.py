"""How the expert's workplace words the plan's audit trail and its critique: sentences, not event codes
("state.pending_review (observer)", "too_hard: ...", "confidence 0.85 · offline")."""

from __future__ import annotations

from typing import Any

from interviewmaster.events import kind_words
from planning.models import DecisionReason, PlanEvent, PlanState

AGENTS = {"controller": "The plan agent", "critique": "The critique agent", "observer": "The coordinator"}
PROVIDERS = {"offline": "the built-in offline engine"}
ISSUE_KINDS = {"biased": "Possibly biased", "duplicate": "Duplicate", "missing_skill": "Skill not assessed",
               "difficulty_imbalance": "Difficulty mix", "timing": "Too long", "off_topic": "Off-topic"}
EVENTS = {
    "plan.created": "Created the plan",
    "controller.drafted": "Wrote version {version} ({questions_text})",
    "controller.nothing_changed": "Could change nothing of version {sent_back} in version {version}: {why}",
    "critique.reviewed": "Reviewed version {version}: {issues_text}",
    "observer.learned": "Learned from the expert's decision for the next plans",
    "observer.score_delta": "Learned from a score adjustment for the next plans",
    "version.edited": "Saved the edited questions as version {version}",
    "agent.failed": "Stopped: {message}",
    "agent.retried": "Restarted the agents",
    "agent.resent": "Restarted the agents after they were interrupted",
    "invitation.sent": "Sent the invitation",
    "invitation.resent": "Sent a new invitation link",
    "invitation.accepted": "Accepted the invitation",
    "invitation.undelivered": "Could not deliver the invitation",
    "score.adjusted": "Adjusted a score",
    "score.reason_corrected": "Corrected the reason for a score",
    "plan.length_fixed": "Fixed the interview's length at {duration_minutes} minutes",
    "plan.length_follows": "Let the interview's length follow the questions ({duration_minutes} minutes)",
}
# Events that are said as a whole sentence, whoever recorded them ("Casey Candidate interview created" read for the
# session the candidate's arrival in the lobby created): the key "+previous" is the wording when the data says so.
SENTENCES = {
    "interview.created": "The interview was created",
    "interview.created+previous_session": "A new interview was created in place of the unfinished one",
    "interview.cancelled_before_start": "The interview was cancelled before it started",
}
# What an event with nobody named says (a mail sent by a worker, an invitation run out): a sentence with its subject,
# not a verb without one ("Sent the invitation").
UNATTRIBUTED = {
    "invitation.sent": "The invitation was sent",
    "invitation.resent": "A new invitation link was sent",
    "invitation.undelivered": "The invitation could not be delivered",
    "invitation.accepted": "The invitation was accepted",
    "agent.retried": "The agents were restarted",
    "agent.resent": "The agents were restarted after they were interrupted",
    "score.adjusted": "A score was adjusted",
    "score.reason_corrected": "The reason for a score was corrected",
    "plan.created": "The plan was created",
}
# The reason a plan's move records when it follows its interview (interview_link.follow_session writes "interview
# <session state>"): said as when it happened, not as the session's state id ("…: interview in_progress").
FOLLOWED = {
    "interview in_progress": "when the interview started",
    "interview completed": "when the interview ended",
    "interview evaluated": "when the interview's report was ready",
    "interview abandoned": "when the interview was left unfinished",
    "interview cancelled": "when the interview was cancelled",
}
# What each PlanEvent kind (the ids planning's services, agents, invitations and interview link write) reads as in
# the admin's event list, its filter and an event's page; "state.<state>" is a transition, named by its state.
EVENT_KINDS = {
    "plan.created": "Plan created",
    "controller.drafted": "Plan drafted",
    "controller.nothing_changed": "Send-back changed nothing",
    "critique.reviewed": "Plan critiqued",
    "observer.learned": "Learned from the expert's decision",
    "observer.score_delta": "Learned from a score adjustment",
    "version.edited": "Questions edited by the expert",
    "agent.failed": "Agents stopped",
    "agent.retried": "Agents restarted",
    "agent.resent": "Agents restarted after an interruption",
    "invitation.sent": "Invitation sent",
    "invitation.resent": "New invitation link sent",
    "invitation.accepted": "Invitation accepted",
    "invitation.undelivered": "Invitation not delivered",
    "interview.created": "Interview created",
    "interview.cancelled_before_start": "Interview cancelled before it started",
    "score.adjusted": "Score adjusted",
    "score.reason_corrected": "Score reason corrected",
    "plan.length_fixed": "Interview length fixed",
    "plan.length_follows": "Interview length follows the questions",
}
VERDICTS = {"verdict revise": "it asks for a revision", "verdict approve": "it found nothing to change"}


def _who(event: PlanEvent) -> str:
    if event.actor_id:
        return event.actor.get_full_name()
    return AGENTS.get(event.agent, event.agent.capitalize() if event.agent else "")


def event_kind_name(kind: str) -> str:
    """A plan event's kind in words: "Plan drafted" for "controller.drafted", "Moved to “Pending expert review”" for
    "state.pending_review"; an unknown kind as words ("Agent paused" for "agent.paused"), never its id."""
    state = kind.removeprefix("state.")
    if state != kind and state in PlanState.values:
        return f"Moved to “{PlanState(state).label}”"
    return EVENT_KINDS.get(kind) or kind_words(kind)


def event_kind_choices() -> list[tuple[str, str]]:
    return [*EVENT_KINDS.items(), *((f"state.{state}", event_kind_name(f"state.{state}")) for state in PlanState)]


def agent_name(agent: str) -> str:
    """An event's agent as the admin's columns name it: "Plan agent" for "controller"; "" for none."""
    return AGENTS[agent].removeprefix("The ").capitalize() if agent in AGENTS else agent.capitalize()


def agent_choices() -> list[tuple[str, str]]:
    return [(agent, agent_name(agent)) for agent in AGENTS]


def reason_text(reason: str) -> str:
    """A stored reason in words: "too_hard: comment" -> "Too hard: comment"; "verdict revise" -> a sentence."""
    if reason in VERDICTS:
        return VERDICTS[reason]
    code, sep, rest = reason.partition(": ")
    if code in DecisionReason.values:
        label = DecisionReason(code).label
        return f"{label}: {rest}" if sep and rest else str(label)
    return reason


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def _issues_text(data: dict[str, Any]) -> str:
    """What a review found, in the words the plan's move to "Critiqued" agrees with: findings (warnings and
    blockers, what needs a change) apart from notes for information ("Done as you asked: …"). "Reviewed version 5:
    1 issue" stood beside "it found nothing to change" when the one issue was such a note. A review recorded before
    notes were counted and that approved the version had only notes: its approval is what said nothing needs
    changing."""
    issues, blockers = int(data.get("issues") or 0), int(data.get("blockers") or 0)
    if "notes" in data:
        notes = int(data.get("notes") or 0)
    else:
        notes = issues - blockers if data.get("verdict") == "approve" else 0
    findings = max(issues - notes, 0)
    if not issues:
        return "nothing to note"
    parts = []
    if findings:
        parts.append(_plural(findings, "finding") + " to change" + (f", {blockers} blocking approval" if blockers
                                                                    else ""))
    if notes:
        parts.append(_plural(notes, "note") + " for information")
    return "; ".join(parts)


def event_text(event: PlanEvent) -> str:
    """One line of the audit trail: who did what, and why."""
    who = _who(event)
    data = {k: v for k, v in (event.data or {}).items() if isinstance(k, str)}
    if event.kind in SENTENCES:
        line = SENTENCES.get(f"{event.kind}+previous_session" if data.get("previous_session") else "", "") \
            or SENTENCES[event.kind]
    elif event.kind.startswith("state.") and event.to_state in PlanState.values:
        label = PlanState(event.to_state).label
        line = f"{who} moved the plan to “{label}”" if who else f"The plan moved to “{label}”"
    else:
        template = EVENTS.get(event.kind) if who else UNATTRIBUTED.get(event.kind) or EVENTS.get(event.kind)
        counted = {"questions_text": _plural(data["questions"], "question")} \
            if isinstance(data.get("questions"), int) else {}  # "(1 questions)" read for a one-question version
        try:
            what = template.format(**data, issues_text=_issues_text(data), **counted) if template else ""
        except (KeyError, IndexError, ValueError):
            what = ""
        what = what or event_kind_name(event.kind)
        line = f"{who} {what[:1].lower() + what[1:]}" if who else what
    over = data.get("over_critique") if event.kind == "state.approved" else None
    if isinstance(over, dict):  # approved knowingly over a critique that asked for a revision or warned
        points = "; ".join(str(p) for p in over.get("points") or [])
        line += f" despite the critique (verdict “{over.get('verdict', '')}”{': ' + points if points else ''})"
    if event.reason in FOLLOWED:
        return f"{line} {FOLLOWED[event.reason]}"
    reason = reason_text(event.reason)
    return f"{line}: {reason}" if reason else line


def confidence_text(confidence: float, provider: str) -> str:
    """"85% confident, from the built-in offline engine"."""
    return f"{round(confidence * 100)}% confident, from {PROVIDERS.get(provider, provider or 'an unknown provider')}"


def issue_kind_text(kind: str) -> str:
    return ISSUE_KINDS.get(kind, kind.replace("_", " ").capitalize())


def minutes_text(questions: int, estimated: int, duration: int) -> str:
    """How long a version's questions take, against the interview's length that the page's heading already gives:
    each figure once ("about 61 minutes …, in the 61-minute interview" said the same figure twice)."""
    text = f"{questions} question{'s' if questions != 1 else ''}: about {estimated} minutes with the transitions " \
           "between them"
    if not duration:
        return text
    if estimated == duration:
        return f"{text}, the whole interview"
    gap = abs(duration - estimated)
    return f"{text}, {gap} minute{'s' if gap != 1 else ''} {'less' if estimated < duration else 'more'} than the " \
           "interview"


def outcome_text(session) -> str:
    """How far the candidate got, for the completed plan's evaluation line: "1 of 2 questions answered" when the
    interview ran its course, "Ended by the candidate after 1 of 2 questions" when they ended it early (it read
    "Completed · 1 of 2 questions answered" beside an interview the candidate had cancelled); "" before a report."""
    report = (session.report or {}) if session is not None else {}
    answered, total = report.get("answered_questions"), report.get("total_questions")
    if answered is None or total is None:
        return ""
    # how far they got: the questions they reached (answered, or met with "next" / "I don't know"), not only those
    # answered ("after 1 of 3" read for an interview ended at its third question with one miss)
    reached = total - report["unreached_questions"] if isinstance(report.get("unreached_questions"), int) else answered
    if answered < total and session.end_reason in ("cancelled", "finished"):
        return (f"Ended by the candidate after {reached} of {total} question{'s' if total != 1 else ''}"
                + (f", {answered} answered" if answered != reached else ""))
    if answered < total and session.end_reason == "time_up":
        return (f"The time ran out after {reached} of {total} question{'s' if total != 1 else ''}"
                + (f", {answered} answered" if answered != reached else ""))
    return f"{answered} of {total} question{'s' if total != 1 else ''} answered"
