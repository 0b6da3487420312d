"""interviews: the interview engine's actions (DESIGN §1, §4, §10). Consumers, the API, views and tasks only translate
to and from these functions; every rule lives here or in `policy.py`."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from interviewmaster import capabilities, recovery, state
from interviewmaster.errors import DomainError, InvalidInterviewConfig, InvalidTransition, ServiceUnavailable
from interviewmaster.input_limits import echoed, surrogate_refusal
from interviewmaster.throttles import InterviewHintThrottle, check_user_rate
from interviews import policy, presenters, realtime, selectors
from interviews.errors import (
    AnswerTooLong,
    ConcurrencyLimitReached,
    EmptyAnswer,
    FinishNeedsConfirmation,
    HintLimitReached,
    InterviewAlreadyOpen,
    InvalidMessage,
    InvalidPlannedQuestions,
    InvalidSignal,
    NoOpenTurn,
    NotYourSession,
    SessionNotLive,
    SessionPaused,
    StaleTurn,
    TimeUp,
    TurnNotFound,
    UnsupportedAnswerLanguage,
)
from interviews.hints import HINT_GIVEN
from interviews.models import (
    LIVE_STATES,
    InterviewSession,
    Question,
    SessionEvent,
    SessionState,
    Turn,
    TurnKind,
    TurnStatus,
)
from interviews.question_bank import expected_point_text, rewrites
from interviews.titles import first_sentence
from studypaths.services import MAX_CODE_CHARS  # the code judge's limit, one constant for practice and interviews

logger = logging.getLogger(__name__)

MAX_TEXT_CHARS = 20_000
MAX_PLANNED_QUESTIONS = 20
WARM_UP_PROMPT = ("Before we start, a short warm-up (not scored): tell me in a few sentences about yourself and a "
                  "recent piece of work you enjoyed.")
SIGNAL_KINDS = ("paste", "visibility", "idle")


# --- events and the state machine ---------------------------------------------------------------------------------
def record_event(session: InterviewSession, kind: str, *, turn: Turn | None = None, actor=None, **data) -> None:
    SessionEvent.objects.create(session=session, turn=turn, kind=kind, actor=actor, data=data)


def _state_words(state_id: str) -> str:
    """A state id as a person reads it ("in_progress" -> "in progress"); ids stay in the error's fields."""
    try:
        return SessionState(state_id).label.lower()
    except ValueError:
        return str(state_id).replace("_", " ")


def _transition_refused(current: str, to: str) -> InvalidTransition:
    return InvalidTransition(f"An interview cannot go from {_state_words(current)} to {_state_words(to)}.",
                             fields={"state": [current], "to": [to]})


def _transition_lost(current: str, to: str) -> InvalidTransition:
    return InvalidTransition("The interview changed state meanwhile; reload and try again.",
                             fields={"state": [current], "to": [to]})


def transition(session: InterviewSession, to: str, *, actor=None, reason: str = "", **updates) -> InterviewSession:
    """Move `session` to state `to` through the capabilities' table with `UPDATE ... WHERE state = <old>`
    (`interviewmaster.state.change_state`): of two racing callers only one wins; the other gets InvalidTransition.
    `updates` are written in the same UPDATE."""
    current = state.change_state(session, to, machine="interview_session", refused=_transition_refused,
                                 lost=_transition_lost, **updates)
    record_event(session, "state.changed", actor=actor, **{"from": current, "to": to, "reason": reason})
    return session


def _lock(session: InterviewSession) -> InterviewSession:
    """Re-read the session under a row lock (PostgreSQL); everything that changes a session's turns goes through it."""
    return InterviewSession.objects.select_for_update().get(id=session.id)


def _require_candidate(session: InterviewSession, user) -> None:
    if user is None or session.candidate_id != getattr(user, "id", None):
        raise NotYourSession()


def _require_turn_of(session: InterviewSession, turn_id: int | None) -> None:
    """A turn id the client names belongs to this session (TurnNotFound, a 404, otherwise): checked before any state
    check, so another interview's turn id read "already answered" (409) or "paused" for a question not here."""
    if turn_id is not None and not Turn.objects.filter(id=turn_id, session_id=session.id).exists():
        raise TurnNotFound()


def _lock_own(session: InterviewSession, candidate) -> InterviewSession:
    """The candidate's own session, re-read under a row lock (NotYourSession for anyone else)."""
    _require_candidate(session, candidate)
    return _lock(session)


# --- starting ---------------------------------------------------------------------------------------------------------
def _question_snapshot(question: Question) -> dict[str, Any]:
    return {"question_id": question.id, "title": question.title, "prompt": question.prompt,
            "category": question.category, "difficulty": question.difficulty,
            "expected_points": list(question.expected_points), "follow_up_seeds": list(question.follow_up_seeds),
            "languages": list(question.languages), "tags": list(question.tags), "problem": question.problem,
            "rubric_overrides": dict(question.rubric_overrides or {})}


def _with_bank_keywords(points: Any, bank_points: list) -> Any:
    """A plan's expected points for a bank question, each point the plan kept as the bank wrote it (whitespace aside)
    given back as the bank's {"point", "keywords"}: a plan stores points as text, and the keywords guessed from that
    text are not the curated ones the grader is tuned on (an answer in the bank's words met 1 of 4 points, not 3;
    session 33). A point the expert edited or added is graded on its own text."""
    curated = {" ".join(expected_point_text(p).split()): p for p in bank_points
               if isinstance(p, Mapping) and p.get("keywords")}
    if not isinstance(points, list):
        return points  # none given (the bank's own are used) or not a list (refused below)
    return [curated.get(" ".join(p.split()), p) if isinstance(p, str) else p for p in points]


def _planned_snapshot(index: int, item: Any, bank: Mapping[int, Question]) -> tuple[dict | None, dict[str, str]]:
    caps = capabilities.get_capabilities()
    where = f"planned_questions[{index}]"
    if not isinstance(item, Mapping):
        return None, {where: "must be an object"}
    problems: dict[str, str] = {}
    snapshot: dict[str, Any] = {}
    if item.get("question_id") is not None:
        question = bank.get(item["question_id"]) if isinstance(item["question_id"], int) else None
        if question is None:
            return None, {f"{where}.question_id": "no active bank question with this id (or its code-judge problem "
                                                  "is unpublished)"}
        if item.get("prompt") and rewrites(question.prompt, str(item["prompt"])):
            # Rewritten: asked as written, without the bank's title, judge tests or rubric (they fit its text).
            snapshot = {"category": question.category, "difficulty": question.difficulty}
        else:
            snapshot = _question_snapshot(question)
            item = {**item, "expected_points": _with_bank_keywords(item.get("expected_points"),
                                                                  question.expected_points)}
    prompt = str(item.get("prompt") or snapshot.get("prompt") or "").strip()
    if not 10 <= len(prompt) <= 5000:
        problems[f"{where}.prompt"] = "give a bank question_id or a prompt of 10 to 5000 characters"
    category = item.get("category") or snapshot.get("category")
    difficulty = item.get("difficulty") or snapshot.get("difficulty")
    if category not in caps.categories:
        problems[f"{where}.category"] = f"unknown category {echoed(category)}"
    elif difficulty not in caps.categories[category].allowed_difficulties:
        problems[f"{where}.difficulty"] = f"category {category!r} has no {echoed(difficulty)} questions"
    ideas = item.get("follow_up_ideas") or []
    points = item.get("expected_points") or snapshot.get("expected_points") or []
    if not isinstance(ideas, list) or not isinstance(points, list):
        problems[where] = "expected_points and follow_up_ideas must be lists"
    if problems:
        return None, problems
    snapshot.update({"prompt": prompt, "category": category, "difficulty": difficulty,
                     "title": snapshot.get("title") or title_from(prompt), "expected_points": points,
                     "follow_up_seeds": [str(i) for i in ideas] or snapshot.get("follow_up_seeds", []),
                     "planned": True})
    snapshot.setdefault("question_id", None)
    return snapshot, {}


_TITLE_CHARS = 80


def title_from(prompt: str) -> str:
    """A question's title from its prompt: its first sentence when that is short, else its first words and "…" (a
    cut at 80 characters left "…requirements, comp"). "e.g.", "i.e.", "vs.", "1.5" and "Node.js" do not end a sentence
    (the title was "…merges overlapping intervals, e.g.")."""
    first = first_sentence(prompt)
    if len(first) <= _TITLE_CHARS:
        return first
    cut = first[:_TITLE_CHARS - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:—–-") + "…"


def _planned_plan(planned_questions: Sequence[Any]) -> list[dict]:
    if not isinstance(planned_questions, Sequence) or not 1 <= len(planned_questions) <= MAX_PLANNED_QUESTIONS:
        raise InvalidPlannedQuestions(f"Give 1 to {MAX_PLANNED_QUESTIONS} planned questions.",
                                      fields={"planned_questions": "wrong number of questions"})
    ids = [q.get("question_id") for q in planned_questions if isinstance(q, Mapping)]
    bank = selectors.askable_questions().in_bulk([i for i in ids if isinstance(i, int)])
    plan, problems = [], {}
    for index, item in enumerate(planned_questions):
        snapshot, issues = _planned_snapshot(index, item, bank)
        problems.update(issues)
        if snapshot:
            plan.append(snapshot)
    if problems:
        raise InvalidPlannedQuestions(fields=problems)
    return plan


def _selected_plan(*, session: InterviewSession, candidate, config: dict) -> list[dict]:
    from interviews.selection import CandidateProfile, select_questions
    from resumes.selectors import confirmed_skills_for

    profile = CandidateProfile(target_role=config.get("role") or candidate.target_role or None,
                               experience_level=config.get("experience_level") or candidate.experience_level or None,
                               skills=[s.name for s in confirmed_skills_for(candidate)])
    questions = select_questions(config=config, profile=profile,
                                 seen_question_ids=selectors.seen_question_ids(candidate), seed=session.id)
    return [_question_snapshot(q) for q in questions]


def _check_concurrency(*, candidate, expert) -> None:
    limits = capabilities.concurrency_limits()
    from accounts.models import User

    # serialise one candidate's starts; NO KEY UPDATE as every per-user lock (rows naming the user are not held up,
    # and a planned start that locked the row so already is not upgraded)
    User.objects.select_for_update(no_key=True).filter(id=candidate.id).first()
    open_now = list(selectors.live_sessions_of(candidate).order_by("created_at", "id"))
    if len(open_now) >= limits.live_interviews_per_candidate:
        names = ", ".join(s.title for s in open_now)
        # a planned interview is not the candidate's to cancel (views.interview_cancel): it is only finished
        end = "finish" if all(s.is_planned for s in open_now) else "finish or cancel"
        refusal = InterviewAlreadyOpen(
            f"You already have an interview open ({names}); {end} it first." if len(open_now) == 1 else
            f"You already have {len(open_now)} interviews open ({names}); {end} one of them first.",
            fields={"limit": [str(limits.live_interviews_per_candidate)], "open": [str(s.id) for s in open_now]})
        refusal.open_interviews = open_now  # the candidate's own, for the page to link to each
        raise refusal
    if expert is not None and InterviewSession.objects.filter(expert=expert, state__in=LIVE_STATES).count() >= \
            limits.live_interviews_per_expert:
        raise ConcurrencyLimitReached(f"This expert already has {limits.live_interviews_per_expert} live interviews.")
    if InterviewSession.objects.filter(state__in=LIVE_STATES).count() >= limits.live_interviews_global:
        raise ServiceUnavailable("The platform is at its limit of live interviews; please try again shortly.")


@transaction.atomic
def start_session(*, candidate, mode: str, role: str = "", config: Mapping[str, Any] | None = None,
                  planned_questions: Sequence[Mapping[str, Any]] | None = None, expert=None,
                  duration_minutes: int | None = None) -> InterviewSession:
    """Create an interview: validate the configuration, pick the questions (or take the plan's), set the clock.

    The clock is the questions' minutes plus the transition buffer, or `duration_minutes` when the interview was
    announced with a duration (a planned interview's invitation and lobby): the room then gives exactly the time the
    candidate was told. The session starts in `created`; the clock starts when the candidate opens the room
    (`begin_session`)."""
    overrides = dict(config or {})
    if role:
        overrides["role"] = role
    plan = _planned_plan(planned_questions) if planned_questions is not None else None
    full = capabilities.interview_config(mode, overrides)
    asked = {category for category, _difficulty in capabilities.distribution_counts(full)}  # weight > 0 only
    refused = None if plan is not None else code_language_refusal(languages=full.get("languages") or (),
                                                                   categories=asked)
    if refused is not None:
        raise refused
    _check_concurrency(candidate=candidate, expert=expert)
    session = InterviewSession.objects.create(
        candidate=candidate, expert=expert, mode=mode, role=full.get("role", ""), config=full,
        is_planned=plan is not None,
        current_difficulty=policy.starting_difficulty(full, candidate.experience_level or ""))
    if plan is None:
        plan = _selected_plan(session=session, candidate=candidate, config=full)
    session.question_plan = plan
    session.time_budget_seconds = (duration_minutes * 60 if duration_minutes
                                   else policy.time_budget_seconds([q["difficulty"] for q in plan]))
    session.save(update_fields=["question_plan", "time_budget_seconds"])
    record_event(session, "session.created", actor=candidate, questions=len(plan), planned=session.is_planned)
    return session


def judge_language_ids() -> list[str]:
    """The languages the code judge runs (studypaths.sandbox), in the platform's order (capabilities): a coding
    question's judge problem has tests in these only."""
    from studypaths.sandbox import LANGUAGES

    return [language for language in capabilities.get_capabilities().languages if language in LANGUAGES]


def code_language_refusal(*, languages: Collection[str], categories: Collection[str]) -> InvalidInterviewConfig | None:
    """The start page's and the API's one rule for the languages of an interview that asks for code (a category that
    `requires_language`: coding): if it names languages, one must be a language the judge runs, as its coding
    questions' tests run only those. A Go-only coding interview asked "Can every course be finished?", showed its
    JavaScript starter in a blank language list, and graded the Go answer, never run, by reading. None: it may start
    (no languages named means any, and a judge problem's question then takes the languages its tests run).
    `categories`: those it asks questions in; a category weighted 0 asks for none (capabilities.distribution_counts)."""
    caps = capabilities.get_capabilities()
    asks_code = any(caps.categories[c].requires_language for c in categories if c in caps.categories)
    runs = judge_language_ids()
    if not languages or not asks_code or set(languages) & set(runs):
        return None
    judged = " or ".join(capabilities.language_name(language) for language in runs)
    chosen = ", ".join(capabilities.language_name(language) for language in languages)
    message = (f"Coding questions run your code against their tests in {judged} only; add one of them to the "
               f"languages ({chosen} may stay, for code that is read rather than run).")
    return InvalidInterviewConfig(message, fields={"languages": message})


@transaction.atomic
def cancel_session(*, session: InterviewSession, candidate) -> InterviewSession:
    session = _lock_own(session, candidate)
    return transition(session, SessionState.CANCELLED, actor=candidate, reason="cancelled", ended_at=timezone.now(),
                      end_reason="cancelled")


# --- turns --------------------------------------------------------------------------------------------------------
def _turn_message(turn: Turn, message_type: str) -> dict:
    from interviews.presenters import turn_payload

    return {"type": message_type, **turn_payload(turn)}


def _open_turn(session: InterviewSession, *, kind: str, prompt: str, snapshot: dict | None = None,
               parent: Turn | None = None, strategy: str = "", time_limit: int = 0,
               question_number: int = 0) -> Turn:
    now = timezone.now()
    snapshot = snapshot or {}
    last = Turn.objects.filter(session=session).order_by("-index").values_list("index", flat=True).first()
    turn = Turn.objects.create(
        session=session, index=0 if last is None else last + 1, kind=kind, parent=parent,
        question_id=snapshot.get("question_id") if kind == TurnKind.QUESTION else None,
        question_number=question_number, prompt=prompt, snapshot=snapshot,
        category=snapshot.get("category", ""), difficulty=snapshot.get("difficulty", ""), strategy=strategy,
        asked_at=now, time_limit_seconds=time_limit,
        running_since=now if session.state == SessionState.IN_PROGRESS else None)
    record_event(session, "turn.opened", turn=turn, turn_kind=kind, strategy=strategy)
    realtime.publish(session.id, _turn_message(turn, "followup" if kind == TurnKind.FOLLOW_UP else "question"))
    return turn


@transaction.atomic
def begin_session(*, session: InterviewSession, actor) -> InterviewSession:
    """The candidate opened the room: start the clock and ask the unscored warm-up. Repeating it on a running
    interview does nothing. A paused one is refused (SessionPaused): beginning does not resume it, and answering as
    if it had would leave a client waiting on a clock that is stopped; `resume_session` is the way back."""
    _require_candidate(session, actor)
    session = _lock(session)
    if session.state == SessionState.PAUSED:
        raise SessionPaused("The interview is paused; resume it to continue (beginning again does not resume it).")
    if session.state != SessionState.CREATED:
        return session
    now = timezone.now()
    transition(session, SessionState.IN_PROGRESS, actor=actor, reason="opened", started_at=now, running_since=now,
               last_activity_at=now)
    _open_turn(session, kind=TurnKind.WARM_UP, prompt=WARM_UP_PROMPT, time_limit=policy.WARM_UP_SECONDS)
    return session


def answer_input_refusal(*, text: str, code: str, language: str, languages: Collection[str],
                         judged: Collection[str] | None = None) -> DomainError | None:
    """The one rule for what an answer or a draft may hold, as the error to raise, or None when it may be kept: no NUL
    (PostgreSQL cannot store it), no lone surrogate (nothing can encode it), text and code within their limits, a
    language the interview offers (`languages`), and code for a judge problem's question only in a language its
    tests run (`judged`, from `judged_languages`; None where any offered language goes). Pure: the services raise
    what it returns, and the room's Redis fast path (interviews.consumers) asks it too and leaves every input it
    refuses to the service, so the two cannot disagree on what is kept."""
    for field, value in (("text", text), ("code", code)):
        if "\x00" in value:  # PostgreSQL cannot store it: the plain form and the room's socket were a 500 / 1011
            return InvalidMessage("The answer contains a NUL character (U+0000), which cannot be saved; remove it.",
                                  fields={field: ["Null characters are not allowed."]})
    for field, value in (("text", text), ("code", code), ("language", language)):
        # A lone surrogate (the socket's JSON may hold "\ud800") cannot be encoded for the database or Redis: the
        # room answered internal_error with a traceback. Refused in the API's words (its serializers' rule).
        refusal = surrogate_refusal(value)
        if refusal is not None:
            return InvalidMessage(refusal, fields={field: [refusal]})
    if len(text) > MAX_TEXT_CHARS:
        return AnswerTooLong(f"The answer is {len(text):,} characters; the limit is {MAX_TEXT_CHARS:,}.",
                             fields={"text": [f"at most {MAX_TEXT_CHARS} characters"]})
    if len(code) > MAX_CODE_CHARS:
        return AnswerTooLong(f"The code is {len(code):,} characters; the limit is {MAX_CODE_CHARS:,}.",
                             fields={"code": [f"at most {MAX_CODE_CHARS} characters"]})
    if language and language not in languages:
        offered = ", ".join(languages)
        return UnsupportedAnswerLanguage(f"{echoed(language)} is not offered here; choose one of: {offered}.",
                                         fields={"language": [f"one of {offered}"]})
    return judged_language_refusal(code=code, language=language, judged=judged)


def judged_language_refusal(*, code: str, language: str,
                            judged: Collection[str] | None) -> UnsupportedAnswerLanguage | None:
    """`answer_input_refusal`'s last rule, alone: code for a judge problem's question in a language its tests do not
    run (or none) was never judged: it was graded by reading alone, so wrong code labelled "ruby" scored what passing
    tests would have earned. `judged` None: any offered language goes."""
    if not code.strip() or judged is None or language in judged:
        return None
    if not language:  # `code_answer_language` found no one language to take it in
        return UnsupportedAnswerLanguage(
            f"Say which language the code is in (`language`): this question's tests can run it in "
            f"{', '.join(judged)}.", fields={"language": [f"required with code: one of {', '.join(judged)}"]})
    return UnsupportedAnswerLanguage(f"This question's tests run your code in {', '.join(judged)}; choose one of them.",
                                     fields={"language": [f"one of {', '.join(judged)}"]})


def code_answer_language(session: InterviewSession, turn: Turn) -> str:
    """The language of code answered without one (the REST answer's `language` left out): the one the candidate last
    chose for this turn in the room (its draft), else the interview's only language, else the one the room's editor
    opens in for the question (`presenters.question_languages`, the first the question names), else the judge
    problem's only one; each only if the question takes code in it (`judged_languages`, else the interview's).
    Empty when none is sensible: the question names no language and the interview offers several (its tests then
    refuse code in none)."""
    from interviews.presenters import question_languages

    judged = judged_languages(session, turn)
    takes = judged or answer_languages(session)
    configured = session.config.get("languages") or []
    named = question_languages(turn)
    for language in (turn.draft_language, configured[0] if len(configured) == 1 else "",
                     named[0] if named else "", judged[0] if judged and len(judged) == 1 else ""):
        if language and language in takes:
            return language
    return ""


def _check_answer_input(session: InterviewSession, *, text: str, code: str, language: str) -> None:
    """`answer_input_refusal` before the turn is read: all but the judged language (`_judged_language_refused`)."""
    refusal = answer_input_refusal(text=text, code=code, language=language, languages=answer_languages(session))
    if refusal is not None:
        raise refusal


def answer_languages(session: InterviewSession) -> list[str]:
    """The languages a candidate may write code in: the config's, else every language of the platform."""
    return list(session.config.get("languages") or capabilities.get_capabilities().languages)


def judged_languages(session: InterviewSession, turn: Turn) -> list[str] | None:
    """The languages a question linked to a judge problem takes code in: those its tests run (and the interview
    offers). None where any offered language goes (no problem, or none of its languages is offered here)."""
    slug = (turn.snapshot or {}).get("problem") if turn.kind == TurnKind.QUESTION else None
    if not slug:
        return None
    from studypaths.selectors import linked_problem

    problem = linked_problem(slug=slug)  # the room shows this one, and judge_answer runs its tests
    runs = problem.languages if problem is not None else []
    offered = answer_languages(session)
    return [language for language in runs if language in offered] or None


def _judged_language_refused(session: InterviewSession, turn: Turn, *, code: str,
                             language: str) -> UnsupportedAnswerLanguage | None:
    """`judged_language_refusal` for `turn`'s judge problem (the rest of `answer_input_refusal` was asked before the
    turn was read)."""
    judged = judged_languages(session, turn) if code.strip() else None
    return judged_language_refusal(code=code, language=language, judged=judged)


def _fold_clock(obj, now) -> dict:
    """Stop an object's clock: seconds so far are added to its counter."""
    if obj.running_since is None:
        return {}
    field = "time_used_seconds" if isinstance(obj, InterviewSession) else "elapsed_seconds"
    used = getattr(obj, field) + max(0, int((now - obj.running_since).total_seconds()))
    return {field: used, "running_since": None}


def _fold_pause(session: InterviewSession, now) -> dict:
    """End the pause under way, if any: its seconds are added to the session's paused time, and to the turn that was
    open when it began (_credit_pause)."""
    if session.paused_since is None:
        return {}
    _credit_pause(session, now)
    return {"paused_seconds": session.seconds_paused(now), "paused_since": None}


def _paused_turn(session: InterviewSession) -> Turn | None:
    """The turn a pause stopped: the open one (stop_clocks counted the pause on it), or, when an ending interview has
    closed it already, the last one asked by the time the pause began and not answered before it."""
    at = session.paused_since
    return selectors.open_turn(session) or (
        Turn.objects.filter(session=session, asked_at__lte=at, status=TurnStatus.SKIPPED)
        .filter(Q(submitted_at__isnull=True) | Q(submitted_at__gt=at)).order_by("-index").first())


def _credit_pause(session: InterviewSession, now) -> None:
    """The seconds of the pause ending now, on the turn it paused; the observers' integrity table hears of it."""
    turn = _paused_turn(session)
    if turn is None:
        return  # paused between an answer and the next question
    seconds = max(0, int((now - session.paused_since).total_seconds()))
    Turn.objects.filter(id=turn.id).update(paused_seconds=F("paused_seconds") + seconds)
    _tell_observers_integrity(session, turn.id)


# An answer or a draft that arrives just after the clock ran out (the network's delay, the room's last flush) is still
# taken; a later one is refused (TimeUp) and ends the interview, as the room's timer would have.
TIME_UP_GRACE_SECONDS = 5


def _past_time(session: InterviewSession, now=None) -> bool:
    return session.state == SessionState.IN_PROGRESS and \
        session.seconds_used(now) >= session.time_budget_seconds + TIME_UP_GRACE_SECONDS


def _end_if_past_time(session: InterviewSession) -> None:
    """Before an answer or a draft, outside their transaction (so the ending commits though they are refused): the
    room's timer ends an interview whose time is up, but with no room open (the API, the page without JavaScript)
    nothing did, and answers were taken for as long as one liked."""
    clock = InterviewSession.objects.filter(id=session.id).only(
        "state", "time_budget_seconds", "time_used_seconds", "running_since").first()
    if clock is not None and _past_time(clock):
        expire_if_out_of_time(session_id=session.id)
        raise TimeUp()


def save_draft(*, session: InterviewSession, candidate, turn_id: int, text: str = "", code: str = "",
               language: str = ""):
    """Keep what the candidate has typed so far on the open turn (a reconnect or reload restores it). Only while the
    interview runs: a paused one refuses drafts (SessionPaused), so its clock and its idle time stay stopped (a draft
    refreshed the activity time, and a paused interview was never abandoned), and one whose time is up refuses them
    (TimeUp). The first keystroke is recorded on the turn's clock too (`first_keystroke_seconds`), so it is never
    later than the time the turn took."""
    _require_candidate(session, candidate)
    _require_turn_of(session, turn_id)
    _check_answer_input(session, text=text, code=code, language=language)
    _end_if_past_time(session)
    return _save_draft(session=session, candidate=candidate, turn_id=turn_id, text=text, code=code,
                       language=language)


@transaction.atomic
def _save_draft(*, session: InterviewSession, candidate, turn_id: int, text: str, code: str, language: str):
    now = timezone.now()
    keystroke = {}
    if text.strip() or code.strip():
        clock = Turn.objects.filter(id=turn_id, session_id=session.id).only("elapsed_seconds", "running_since").first()
        keystroke = {"first_keystroke_at": Coalesce(F("first_keystroke_at"), Value(now)),
                     "first_keystroke_seconds": Coalesce(F("first_keystroke_seconds"),
                                                         Value(clock.seconds_elapsed(now) if clock else 0))}
    # The session row first, then the turn: the order submit_answer locks them in. The other order deadlocked with a
    # submit of the same turn (the room's draft flush and the answer arriving together).
    if code.strip():
        turn = Turn.objects.filter(id=turn_id, session_id=session.id).only("kind", "snapshot").first()
        refused = _judged_language_refused(session, turn, code=code, language=language) if turn else None
        if refused is not None:
            raise refused
    InterviewSession.objects.filter(id=session.id, state=SessionState.IN_PROGRESS).update(last_activity_at=now)
    changed = Turn.objects.filter(id=turn_id, session_id=session.id, status=TurnStatus.OPEN,
                                  session__state=SessionState.IN_PROGRESS).update(
        draft_text=text, draft_code=code, draft_language=language, draft_saved_at=now, **keystroke)
    if not changed:
        if InterviewSession.objects.filter(id=session.id, state=SessionState.PAUSED).exists():
            raise SessionPaused("The interview is paused: nothing is saved while it is. Resume it to go on writing.")
        raise StaleTurn()  # rolls the activity time back with it
    SessionEvent.objects.create(session_id=session.id, turn_id=turn_id, kind="draft.saved", actor=candidate,
                                data={"text_chars": len(text), "code_chars": len(code)})
    return now


def _live_open_turn(session: InterviewSession, turn_id: int | None) -> Turn:
    if session.state == SessionState.PAUSED:
        raise SessionPaused()
    if session.state != SessionState.IN_PROGRESS:
        raise SessionNotLive()
    turn = selectors.open_turn(session, for_update=True)
    if turn is None:
        raise StaleTurn() if turn_id is not None else NoOpenTurn()
    if turn_id is not None and turn_id != turn.id:
        raise StaleTurn()
    return turn


def submit_answer(*, session: InterviewSession, candidate, text: str, code: str = "", language: str = "",
                  turn_id: int | None = None) -> Turn:
    """Record the answer to the open turn. Of two concurrent submits of one turn exactly one lands (row lock plus
    `UPDATE ... WHERE status = 'open'`); the other gets StaleTurn. After the interview's time (and its grace) it is
    refused with TimeUp and the interview ends. The next step (`take_next_step`, the `live` queue) and the
    evaluation (the `ai` queue) run in Celery."""
    _require_candidate(session, candidate)
    _require_turn_of(session, turn_id)
    _check_answer_input(session, text=text, code=code, language=language)
    if not text.strip() and not code.strip():
        raise EmptyAnswer(fields={"text": [EmptyAnswer.default_message]})
    _end_if_past_time(session)
    try:
        return _submit_answer(session=session, candidate=candidate, text=text, code=code, language=language,
                              turn_id=turn_id)
    except TimeUp:
        expire_if_out_of_time(session_id=session.id)  # the time ran out since the check: end it now, as promised
        raise


@transaction.atomic
def _submit_answer(*, session: InterviewSession, candidate, text: str, code: str, language: str,
                   turn_id: int | None) -> Turn:
    session = _lock(session)
    if session.state == SessionState.CREATED:
        begin_session(session=session, actor=candidate)
        session = _lock(session)
    if _past_time(session):
        raise TimeUp()  # the time ran out since the check above: submit_answer ends it once this rolls back
    turn = _live_open_turn(session, turn_id)
    if code.strip() and not language:
        language = code_answer_language(session, turn)
    refused = _judged_language_refused(session, turn, code=code, language=language)
    if refused is not None:
        raise refused
    now = timezone.now()
    if not _record_answer(session, turn, text=text, code=code, language=language, now=now, actor=candidate):
        raise StaleTurn()
    InterviewSession.objects.filter(id=session.id).update(last_activity_at=now)
    if turn.kind == TurnKind.WARM_UP:
        _advance(session, after=turn)
    else:
        _queue_next_step(turn, code=turn.answer_code)  # without an untouched starter (_record_answer)
    return turn


def untouched_starter(turn: Turn, *, code: str, language: str) -> bool:
    """Whether `code` is the starter code the room's editor opened with for the question's judge problem in
    `language`, untouched (white space aside). A candidate who answers in words and leaves the editor as it came has
    submitted no code: that stub was judged and graded as code ("Code was submitted … stub", code quality 1/5)."""
    from studypaths.selectors import linked_problem

    if not code.strip() or not (turn.snapshot or {}).get("problem"):
        return False
    problem = linked_problem(slug=turn.snapshot["problem"])
    starter = (problem.starter_code or {}).get(language) if problem is not None else None
    return isinstance(starter, str) and "".join(starter.split()) == "".join(code.split())


def _record_answer(session: InterviewSession, turn: Turn, *, text: str, code: str, language: str, now, actor,
                   **event_data) -> bool:
    """Store `text`/`code` as the answer of the open `turn` (the candidate's submit, or the draft handed in at
    time-up): its clock stopped, the `answer.submitted` event recorded, the observing expert told. False when the turn
    was no longer open (`UPDATE ... WHERE status = 'open'`: of two at once, one lands)."""
    if text.strip() and untouched_starter(turn, code=code, language=language):
        code = language = ""  # the editor's starter sent back as it came: a text-only answer, no stub to judge
    changed = Turn.objects.filter(id=turn.id, status=TurnStatus.OPEN).update(
        status=TurnStatus.SUBMITTED, answer_text=text, answer_code=code, language=language if code else "",
        draft_text=text, draft_code=code, draft_language=language, submitted_at=now, draft_saved_at=now,
        first_keystroke_at=Coalesce(F("first_keystroke_at"), Value(now)),
        first_keystroke_seconds=Coalesce(F("first_keystroke_seconds"), Value(turn.seconds_elapsed(now))),
        **_fold_clock(turn, now))
    if not changed:
        return False
    turn.refresh_from_db()
    record_event(session, "answer.submitted", turn=turn, actor=actor, text_chars=len(text), code_chars=len(code),
                 language=language, **event_data)
    if session.expert_id:  # the planned interview's expert watches the answers as they come
        from interviews.presenters import answer_payload

        realtime.publish_to_observers(session.id, answer_payload(turn))
    return True


def _judged_first(turn: Turn, code: str) -> bool:
    """Whether an answer goes to the judge before its evaluation: code on a question linked to a judge problem (its
    tests). One test for the step after a submit (_queue_next_step) and for the sweep's lost step (_resend_answer)."""
    return bool(code.strip() and (turn.snapshot or {}).get("problem"))


def _queue_next_step(turn: Turn, *, code: str) -> None:
    """After an answer commits: the judge first for code on a question with tests (it then hands on to
    advance_turn), else the next step and the evaluation (advance_turn)."""
    from interviews.tasks import advance_turn, judge_turn

    # a broker that is down leaves the answer to recover_stuck_evaluations, not the candidate's request to fail
    task = judge_turn if _judged_first(turn, code) else advance_turn
    recovery.send_on_commit(lambda: task.delay(turn.id), what=f"the step after interview turn {turn.id}")


# --- pause, resume, finish ----------------------------------------------------------------------------------------
@transaction.atomic
def pause_session(*, session: InterviewSession, candidate, reason: str = "candidate") -> InterviewSession:
    session = _lock_own(session, candidate)
    if session.state == SessionState.PAUSED:
        return session
    return stop_clocks(session, actor=candidate, reason=reason, at=timezone.now())


def stop_clocks(session: InterviewSession, *, actor, reason: str, at) -> InterviewSession:
    """Pause a running `session` (locked by the caller) as of `at`: now, or the last sign of life of a room whose web
    process died (interviews.presence), in the past. The clocks keep only what ran until `at` (a turn opened since
    then has run for nothing), the pause counts from `at`, and so does the idle time (the sweep's limit applies to
    the gap as to any pause)."""
    turn = selectors.open_turn(session, for_update=True)
    if turn is not None:
        clock = _fold_clock(turn, at) if turn.running_since is not None else {}
        Turn.objects.filter(id=turn.id).update(pause_count=F("pause_count") + 1, **clock)
        _tell_observers_integrity(session, turn.id)
    transition(session, SessionState.PAUSED, actor=actor, reason=reason, paused_reason=reason,
               last_activity_at=at, paused_since=at, **_fold_clock(session, at))
    realtime.publish(session.id, {"type": "state", "state": SessionState.PAUSED, "reason": reason})
    return session


@transaction.atomic
def resume_session(*, session: InterviewSession, candidate) -> InterviewSession:
    """Restart both clocks of a paused interview (the room's `session.resume`, `POST .../resume`). Resuming a running
    interview does nothing; an ended one is refused by the state table (InvalidTransition)."""
    session = _lock_own(session, candidate)
    if session.state == SessionState.IN_PROGRESS:
        return session
    if session.state == SessionState.CREATED:
        # The table allows created -> in_progress, but only begin_session may take it: it also records the start
        # and opens the warm-up, which a resume would skip.
        raise InvalidTransition("The interview has not begun yet; begin it first.",
                                fields={"state": [session.state], "to": [SessionState.IN_PROGRESS]})
    now = timezone.now()
    transition(session, SessionState.IN_PROGRESS, actor=candidate, reason="resumed", paused_reason="",
               running_since=now, last_activity_at=now, **_fold_pause(session, now))
    Turn.objects.filter(session=session, status=TurnStatus.OPEN).update(running_since=now)
    realtime.publish(session.id, {"type": "state", "state": SessionState.IN_PROGRESS})
    return session


def _close_open_turn(session: InterviewSession, now) -> None:
    turn = selectors.open_turn(session, for_update=True)
    if turn is not None:
        Turn.objects.filter(id=turn.id).update(status=TurnStatus.SKIPPED, **_fold_clock(turn, now))


def _end(session: InterviewSession, *, to: str, actor, reason: str) -> InterviewSession:
    now = timezone.now()
    _close_open_turn(session, now)
    return transition(session, to, actor=actor, reason=reason, ended_at=now, end_reason=reason,
                      last_activity_at=now, **_fold_clock(session, now), **_fold_pause(session, now))


def _complete(session: InterviewSession, *, actor, reason: str) -> InterviewSession:
    from interviews.tasks import finalize_session

    _end(session, to=SessionState.COMPLETED, actor=actor, reason=reason)
    realtime.publish(session.id, {"type": "completed", "reason": reason,
                                  "report_url": f"/interviews/{session.id}/report/"})
    recovery.send_on_commit(lambda: finalize_session.delay(session.id), what=f"the report of interview {session.id}")
    return session


def _has_answered_question(session: InterviewSession) -> bool:
    """Whether any question (not the warm-up) of `session` was answered (`policy.is_answer`: not "next" or "I don't
    know")."""
    answers = (Turn.objects.filter(session=session, submitted_at__isnull=False).exclude(kind=TurnKind.WARM_UP)
               .values_list("answer_text", "answer_code"))
    return any(policy.is_answer(text, code) for text, code in answers)


@transaction.atomic
def finish_session(*, session: InterviewSession, candidate, reason: str = "finished",
                   confirm: bool = False) -> InterviewSession:
    """The candidate ends the interview. Answers given so far are still evaluated; the open question is skipped.

    A planned interview (taken once, for an expert) with main questions not answered yet ends only when the request
    says `confirm`: otherwise FinishNeedsConfirmation (409 `finish_needs_confirmation`) and nothing changes. The
    room's "are you sure?" was its script's alone, so one request without it (the REST API, the room's form, the
    socket's `session.finish`) ended a hiring interview with questions unreached. A practice interview, or a planned
    one with every question answered (or with its time up), finishes without it.

    `reason="cancelled"` (the start page's "End it") on a self-started interview with no question answered yet (the
    warm-up or nothing: `policy.is_answer`, the report's rule for an interview that earns a score) cancels it: it was
    reported "Evaluated" with no score, as if it had been taken."""
    session = _lock_own(session, candidate)
    # (once its time is up there is nothing left to lose: it ends as the timer would end it)
    if session.is_planned and not confirm and session.state in LIVE_STATES and session.remaining_seconds() > 0:
        remaining = selectors.unanswered_questions(session)
        if remaining:
            raise FinishNeedsConfirmation(remaining=remaining, total=len(session.question_plan))
    if session.state == SessionState.CREATED:
        return transition(session, SessionState.CANCELLED, actor=candidate, reason="finished before starting",
                          ended_at=timezone.now(), end_reason="cancelled")
    if session.state not in (SessionState.IN_PROGRESS, SessionState.PAUSED):
        raise SessionNotLive()
    if reason == "cancelled" and not session.is_planned and not _has_answered_question(session):
        _end(session, to=SessionState.CANCELLED, actor=candidate, reason=reason)
        realtime.publish(session.id, {"type": "state", "state": SessionState.CANCELLED, "reason": reason})
        return session
    if session.state == SessionState.PAUSED:
        transition(session, SessionState.IN_PROGRESS, actor=candidate, reason="finishing",
                   **_fold_pause(session, timezone.now()))
    return _complete(session, actor=candidate, reason=reason)


@transaction.atomic
def expire_if_out_of_time(*, session_id: int) -> bool:
    """End a running interview whose time is up (the room's timer asks). True if it ended now."""
    session = InterviewSession.objects.select_for_update().filter(id=session_id).first()
    if session is None or session.state not in (SessionState.IN_PROGRESS, SessionState.PAUSED) or \
            session.remaining_seconds() > 0:
        return False
    _time_up(session)
    return True


def _time_up(session: InterviewSession) -> None:
    """End a live interview whose time is up (locked by the caller): the open question's draft handed in, then
    completed with `time_up` and its report made. A paused one (paused as the time ran out) is taken out of its pause
    first: the state table has no paused -> completed."""
    now = timezone.now()
    if session.state == SessionState.PAUSED:
        transition(session, SessionState.IN_PROGRESS, actor=None, reason="time_up", **_fold_pause(session, now))
    _hand_in_draft(session, now)
    _complete(session, actor=None, reason="time_up")


def _hand_in_draft(session: InterviewSession, now) -> Turn | None:
    """When the time runs out, the open question's last saved draft is its answer, evaluated like one (an exam hands
    in what is on the desk): it used to be skipped, and the work was lost from the report. The newest draft the one
    rule (`answer_input_refusal`) keeps is handed in: the room's stash (interviews.drafts, written only while the
    interview runs) when newer than the database's, else that newest draft's text alone (its code and language
    emptied: code in a language the question's tests do not run is not graded by reading), else the database's draft,
    else the database draft's text alone, else nothing (a warm-up, or nothing written, is skipped as before). A
    refused draft never stops the time-up, and its words are kept (`_keep_refused_draft`)."""
    from datetime import datetime

    from interviews import drafts

    turn = selectors.open_turn(session, for_update=True)
    if turn is None or turn.kind == TurnKind.WARM_UP:
        return None
    offered, judged = answer_languages(session), judged_languages(session, turn)

    def refusal(draft: dict) -> DomainError | None:
        return answer_input_refusal(**draft, languages=offered, judged=judged)

    saved = {"text": turn.draft_text, "code": turn.draft_code, "language": turn.draft_language}
    desk, desk_at = saved, turn.draft_saved_at  # what is on the desk: the newest draft, kept or not
    stash = drafts.stashed(session.id, turn.id)
    if drafts.newer(stash, turn.draft_saved_at):
        desk = {field: str(stash.get(field) or "") for field in saved}
        desk_at = datetime.fromisoformat(stash["saved_at"])
    refused = refusal(desk)
    no_code = {"code": "", "language": ""}  # a draft's text alone
    choices = [{**desk, **no_code}, saved, {**saved, **no_code}] if refused is not None else [desk]
    handed = next((draft for draft in choices
                   if refusal(draft) is None and (draft["text"].strip() or draft["code"].strip())), None)
    if handed is not None and not _record_answer(session, turn, **handed, now=now, actor=None, handed_in="time_up"):
        handed = None
    if handed is not None:
        _queue_next_step(turn, code=turn.answer_code)
    if refused is not None:
        _keep_refused_draft(session, turn, desk, refused, saved_at=desk_at)
    return turn if handed is not None else None


def _keep_refused_draft(session: InterviewSession, turn: Turn, draft: dict, refused: DomainError, *, saved_at) -> None:
    """A draft the rule refuses at time-up (a stash an older room took before it asked the rule; code in a language
    the question's judge problem no longer runs) is not handed in, but what was typed is not thrown away: it stays the
    turn's draft (not its answer: the answer and the report hold what was handed in), made storable (NUL and lone
    surrogates become U+FFFD, the language cut to its column), where the candidate's data export shows it and account
    erasure clears it, as it does every draft. The `draft.refused` event says why it was not handed in."""
    from interviewmaster.input_limits import without_surrogates

    def storable(value: str) -> str:
        return without_surrogates(value.replace("\x00", "\ufffd"))

    width = Turn._meta.get_field("draft_language").max_length
    Turn.objects.filter(id=turn.id).update(draft_text=storable(draft["text"]), draft_code=storable(draft["code"]),
                                           draft_language=storable(draft["language"])[:width],
                                           draft_saved_at=saved_at)
    record_event(session, "draft.refused", turn=turn, code=refused.code, fields=sorted(refused.fields or {}))
    logger.warning("interview %s: the draft of turn %s was refused at time-up (%s); kept as its draft, not handed in",
                   session.id, turn.id, refused.code)


WITHDRAWAL_REASONS = ("account_deleted", "plan_cancelled")


@transaction.atomic
def withdraw_session(*, session: InterviewSession, reason: str) -> InterviewSession:
    """End a live interview from outside the room: the candidate deleted their account (`account_deleted`, before its
    answers are erased) or the expert cancelled the plan (`plan_cancelled`). It is cancelled (a planned interview's
    plan follows), the open question is skipped, and the room is told; the consumer then closes its sockets
    (CLOSE_WITHDRAWN), so an open room cannot add new answers afterwards. An ended interview is left as it is."""
    if reason not in WITHDRAWAL_REASONS:
        raise ValueError(f"unknown withdrawal reason {reason!r}")
    session = _lock(session)
    if not session.is_live:
        return session
    _end(session, to=SessionState.CANCELLED, actor=None, reason=reason)
    realtime.publish(session.id, {"type": "state", "state": SessionState.CANCELLED, "reason": reason})
    return session


# --- hints and behavioural signals --------------------------------------------------------------------------------
@transaction.atomic
def request_hint(*, session: InterviewSession, candidate) -> Turn:
    """One hint for the open turn, given by the `ai` queue. Capped: INTERVIEW_HINTS_PER_QUESTION per question (the
    question and its follow-ups together; HintLimitReached), counted under the session's row lock so sockets asking
    at once cannot pass it, and INTERVIEW_HINT_RATE per user (TooManyRequests), whatever the interview."""
    from interviews.tasks import give_hint

    session = _lock_own(session, candidate)
    turn = _live_open_turn(session, None)
    limit = settings.INTERVIEW_HINTS_PER_QUESTION
    if selectors.hints_asked_on_question(turn) >= limit:
        raise HintLimitReached(f"You have had the {limit} hints this question allows; answer as best you can.",
                               fields={"limit": [str(limit)]})
    check_user_rate(candidate, InterviewHintThrottle)
    Turn.objects.filter(id=turn.id).update(hints_used=F("hints_used") + 1)
    record_event(session, "hint.requested", turn=turn, actor=candidate)
    _tell_observers_integrity(session, turn.id)
    give_hint.delay_on_commit(turn.id)
    return turn


def record_signal(*, session: InterviewSession, candidate, kind: str, turn_id: int | None = None,
                  seconds: int = 0) -> None:
    """Behavioural signals (paste, tab hidden, idle) are recorded and shown in the report, never scored."""
    _require_candidate(session, candidate)
    if kind not in SIGNAL_KINDS:
        raise InvalidSignal(f"Unknown signal {echoed(kind)}; use one of: {', '.join(SIGNAL_KINDS)}.",
                            fields={"kind": list(SIGNAL_KINDS)})
    seconds = max(0, min(int(seconds or 0), 24 * 3600))
    updates = {"paste": {"paste_count": F("paste_count") + 1},
               "visibility": {"visibility_count": F("visibility_count") + 1},
               "idle": {"idle_count": F("idle_count") + 1,
                        "longest_idle_seconds": Greatest(F("longest_idle_seconds"), Value(seconds))}}[kind]
    qs = Turn.objects.filter(session_id=session.id, status=TurnStatus.OPEN)
    if turn_id is not None:
        qs = qs.filter(id=turn_id)
    opened = qs.first()
    if opened is None:
        return
    Turn.objects.filter(id=opened.id).update(**updates)
    SessionEvent.objects.create(session_id=session.id, turn=opened, kind=f"signal.{kind}", actor=candidate,
                                data={"seconds": seconds} if kind == "idle" else {})
    _tell_observers_integrity(session, opened.id)


def _tell_observers_integrity(session: InterviewSession, turn_id: int) -> None:
    """A planned interview's expert sees a turn's integrity counts change as they happen (observers only)."""
    if not session.expert_id:
        return
    from interviews.presenters import integrity_payload

    realtime.publish_to_observers(session.id, integrity_payload(Turn.objects.get(id=turn_id)))


# --- after an answer: evaluation, follow-up or next question ------------------------------------------------------
def _question_seconds_left(main: Turn, now) -> int:
    used = sum(t.seconds_elapsed(now) for t in [main, *main.follow_ups.all()])
    return max(0, main.time_limit_seconds - used)


def _follow_up_allowed(session: InterviewSession, turn: Turn) -> bool:
    if turn.kind == TurnKind.WARM_UP:
        return False
    main = selectors.main_turn(turn)
    return policy.may_follow_up(asked=main.follow_ups.count(),
                                max_follow_ups=capabilities.max_follow_ups(session.config),
                                question_seconds_left=_question_seconds_left(main, timezone.now()))


def _follow_up_strategies(session: InterviewSession, *, nudge_only: bool) -> list[dict]:
    """The configured strategies; after a non-answer only the gentle one (a hint), whatever the provider prefers."""
    allowed = session.config.get("follow_up_strategies")
    return [s.__dict__ for s in capabilities.follow_up_strategies()
            if (not allowed or s.id in allowed) and (not nudge_only or s.id in policy.NUDGE_STRATEGIES)]


def propose_follow_up(*, session: InterviewSession, turn: Turn) -> dict | None:
    """Ask the AI layer (from a Celery task only) for a follow-up to `turn`, or None to move on.

    A non-answer ("I don't know", "next") never starts a run of probes: it gets at most one gentle hint, and only on
    the main question (`policy.may_nudge`); "next" and a second non-answer move on to the next question."""
    if not _follow_up_allowed(session, turn):
        return None
    kind = policy.non_answer(turn.answer_text, turn.answer_code)
    if not policy.may_nudge(non_answer_kind=kind, turn_kind=turn.kind):
        record_event(session, "follow_up.skipped", turn=turn, reason=f"non-answer ({kind})")
        return None
    main = selectors.main_turn(turn)
    asked = list(main.follow_ups.values_list("prompt", flat=True))
    if not session.config.get("dynamic_follow_ups", True):
        ideas = [i for i in main.snapshot.get("follow_up_seeds", []) if i not in asked]
        return {"follow_up": ideas[0], "strategy": "deepen", "reason": "planned follow-up"} if ideas and not kind \
            else None
    strategies = _follow_up_strategies(session, nudge_only=kind is not None)
    if not strategies:
        return None
    from interviewmaster.ai import complete_json

    # The hints given on this question: a follow-up that repeats one word for word asks what the candidate was told.
    hints = [event.data.get("text", "") for event in SessionEvent.objects.filter(
        kind=HINT_GIVEN, turn__in=selectors.question_turns(main)).order_by("id")]
    data = complete_json("follow_up", {
        "question": _ai_question(main), "answer": {"text": turn.answer_text, "code": turn.answer_code},
        "asked": asked, "hints": hints, "max_follow_ups": capabilities.max_follow_ups(session.config),
        "strategies": strategies}, owners=[session.candidate_id]).data
    if data.get("strategy") == "move_on" or data.get("strategy") not in {s["id"] for s in strategies}:
        return None
    return {"follow_up": str(data["follow_up"])[:1000], "strategy": data["strategy"], "reason": data.get("reason", "")}


def _ai_question(turn: Turn) -> dict:
    snap = turn.snapshot
    question = {"prompt": turn.prompt, "title": snap.get("title", ""), "category": turn.category,
                "difficulty": turn.difficulty, "expected_points": snap.get("expected_points", []),
                "follow_up_seeds": snap.get("follow_up_seeds", []),
                "rubric_overrides": snap.get("rubric_overrides") or {},
                "needs_code": policy.needs_code(category=turn.category, kind=turn.kind,
                                                prompt=turn.prompt)}
    if turn.kind == TurnKind.FOLLOW_UP and turn.parent_id:
        # A follow-up has no expected points of its own: the question it follows says what it is about.
        # And the candidate's answer to it: a behavioural follow-up is about the story told there (session 33).
        parent = Turn.objects.filter(id=turn.parent_id).values_list("prompt", "answer_text").first() or ("", "")
        question["parent_prompt"], question["parent_answer"] = parent[0] or "", parent[1] or ""
        # And the answers to the follow-ups before it: one answered again adds nothing new (session 39).
        question["earlier_answers"] = [text for text in Turn.objects.filter(
            parent_id=turn.parent_id, kind=TurnKind.FOLLOW_UP, id__lt=turn.id).order_by("id").values_list(
            "answer_text", flat=True) if text]
    return question


def _ai_answer(turn: Turn, *, needs_code: bool) -> dict:
    """The answer as the evaluator sees it. A turn that does not ask for code is judged on its words, so its code
    (often the main question's, sent again with each follow-up) is not shown to the provider at all: a remote model
    could be swayed by it, and the grading caps cannot take that back."""
    code = turn.answer_code if needs_code else ""
    return {"text": turn.answer_text, "code": code, "language": turn.language if code else ""}


def _adapt_after(session: InterviewSession, main: Turn) -> None:
    if not session.config.get("adaptive_difficulty") or session.is_planned or main.kind != TurnKind.QUESTION:
        return
    score = policy.question_score(*selectors.main_question_scores(main))
    if score is None:
        return
    difficulty, streak = policy.adapt_difficulty(difficulty=session.current_difficulty, streak=session.strong_streak,
                                                 score=score)
    if (difficulty, streak) != (session.current_difficulty, session.strong_streak):
        record_event(session, "difficulty.adapted", turn=main, score=round(score), **{
            "from": session.current_difficulty, "to": difficulty, "streak": streak})
    session.current_difficulty, session.strong_streak = difficulty, streak
    InterviewSession.objects.filter(id=session.id).update(current_difficulty=difficulty, strong_streak=streak)


def _replacement(session: InterviewSession, slot: dict, difficulty: str) -> dict:
    """The planned slot at the adapted difficulty: an unseen bank question of the same category if there is one."""
    from interviews.errors import NotEnoughQuestions
    from interviews.selection import CandidateProfile, select_questions

    used = {q.get("question_id") for q in session.question_plan} | selectors.seen_question_ids(session.candidate)
    config = {"question_distribution": {slot["category"]: {difficulty: 1}}}
    if session.config.get("languages"):
        config["languages"] = session.config["languages"]
    try:
        picked = select_questions(config=config, profile=CandidateProfile(target_role=session.role or None),
                                  seen_question_ids=used, seed=f"{session.id}:{session.position}")
    except (NotEnoughQuestions, capabilities.InvalidInterviewConfig):
        return slot
    if not picked or picked[0].id in used:
        return slot
    return _question_snapshot(picked[0])


def _next_question(session: InterviewSession, after: Turn) -> Turn | None:
    _adapt_after(session, selectors.main_turn(after))
    if session.position >= len(session.question_plan) or session.remaining_seconds() <= 0:
        reason = "last_question" if session.position >= len(session.question_plan) else "time_up"
        _complete(session, actor=None, reason=reason)
        return None
    slot = session.question_plan[session.position]
    if session.config.get("adaptive_difficulty") and not session.is_planned:
        difficulty = policy.difficulty_for_category(session.current_difficulty, slot["category"])
        if difficulty != slot["difficulty"]:
            slot = _replacement(session, slot, difficulty)
            plan = list(session.question_plan)
            plan[session.position] = slot
            session.question_plan = plan
    session.position += 1
    InterviewSession.objects.filter(id=session.id).update(position=session.position,
                                                          question_plan=session.question_plan)
    return _open_turn(session, kind=TurnKind.QUESTION, prompt=slot["prompt"], snapshot=slot,
                      time_limit=capabilities.minutes_for(slot["difficulty"]) * 60,
                      question_number=session.position)


def _advance(session: InterviewSession, *, after: Turn, follow_up: dict | None = None) -> Turn | None:
    if follow_up is not None and _follow_up_allowed(session, after):
        main = selectors.main_turn(after)
        return _open_turn(session, kind=TurnKind.FOLLOW_UP, prompt=follow_up["follow_up"], parent=main,
                          snapshot={"category": main.category, "difficulty": main.difficulty,
                                    "reason": follow_up.get("reason", ""),
                                    # the editor stays in the question's language (presenters.question_languages)
                                    "languages": list((main.snapshot or {}).get("languages") or [])},
                          strategy=follow_up["strategy"], question_number=main.question_number,
                          time_limit=_question_seconds_left(main, timezone.now()))
    return _next_question(session, after)


def _waits_on(session: InterviewSession, turn: Turn) -> bool:
    """Whether the running session still waits for its next step after `turn` (its latest turn, answered)."""
    if session.state not in (SessionState.IN_PROGRESS, SessionState.PAUSED):
        return False
    latest = Turn.objects.filter(session=session).order_by("-index").only("id", "status").first()
    return latest is not None and latest.id == turn.id and latest.status != TurnStatus.OPEN


def _scores_needed_now(session: InterviewSession) -> bool:
    """Adaptive difficulty picks the next question from the scores of the one just finished."""
    return bool(session.config.get("adaptive_difficulty")) and not session.is_planned and \
        session.position < len(session.question_plan)


def _evaluate_group(main: Turn) -> None:
    """Evaluate the answers of `main` and its follow-ups that have no evaluation yet, here and now (idempotent)."""
    pending = selectors.question_turns(main).filter(status=TurnStatus.SUBMITTED).values_list("id", flat=True)
    for turn_id in pending:
        evaluate_answer(turn_id=turn_id)


def take_next_step(*, turn_id: int) -> Turn | None:
    """After an answer (Celery, the `live` queue): open the follow-up or the next question at once, and leave the
    answer's evaluation to the `ai` queue. The room waits on this step only, never behind other candidates'
    evaluations. Adaptive difficulty needs the finished question's scores before it picks the next one: only then are
    the missing evaluations made here. Idempotent: a redelivered task finds the session moved on and only makes sure
    the evaluation is queued."""
    from interviews.tasks import evaluate_turn

    turn = Turn.objects.select_related("session").filter(id=turn_id).first()
    if turn is None or turn.kind == TurnKind.WARM_UP:
        return None
    session, opened = turn.session, None
    if _waits_on(session, turn):
        follow_up = propose_follow_up(session=session, turn=turn)
        if follow_up is None and _scores_needed_now(session):
            _evaluate_group(selectors.main_turn(turn))
        opened = advance_after_answer(turn_id=turn.id, follow_up=follow_up)
    if not Turn.objects.filter(id=turn.id, status=TurnStatus.SUBMITTED).exists():
        return opened  # evaluated (here or before)
    evaluate_turn.delay(turn.id)
    return opened


@transaction.atomic
def advance_after_answer(*, turn_id: int, follow_up: dict | None) -> Turn | None:
    """Open the follow-up (if one was proposed and is still allowed) or the next question. Idempotent: only the
    latest submitted turn of a running session with no open turn advances it."""
    turn = Turn.objects.filter(id=turn_id).select_related("session").first()
    if turn is None:
        return None
    session = _lock(turn.session)
    if session.state not in (SessionState.IN_PROGRESS, SessionState.PAUSED):
        return None
    latest = Turn.objects.filter(session=session).order_by("-index").first()
    if latest.id != turn.id or latest.status == TurnStatus.OPEN:
        return None  # already advanced (a redelivered task) or not answered
    return _advance(session, after=turn, follow_up=follow_up)


JUDGE_BUDGET_SPENT = "tests not run: judge budget spent"
# An answer to a judge problem's question in a language its tests do not run (an interview whose languages the judge
# runs none of, started before the start page refused one): its code is read, never run.
NOT_JUDGED_LANGUAGE = "not judged: no tests for this language"
# What the room says when it happens (the `tests` message, presenters.tests_status).
TESTS_NOT_RUN_MESSAGE = presenters.TESTS_NOT_RUN_MESSAGE


def judge_answer(*, turn_id: int) -> dict | None:
    """Run a code answer against its judge problem's tests (sandbox queue) and keep {passed, total, verdicts,
    skipped}: every test, hidden ones past a failure too (`skipped` is 0). A practice submission stops at the first
    failing hidden test (studypaths.services.sandbox_tests: its verdicts could be steered by the hidden inputs and
    read back, submission after submission); an answer is judged once, when its turn closes, and graded on how many
    tests it passes, which a stop at the first failure would understate (correctness 4 capped to 2 for an answer
    failing only an early test). Probing hidden inputs through interviews costs an interview per judged answer.

    The judging counts in the candidate's judge-seconds budget, one with their practice runs
    (studypaths.services.judge_seconds_used reads `Turn.judge_wall_ms` by `judged_at`). Over that budget a
    self-started interview's answer is kept and evaluated, its tests not run and its results saying so (`not_run`),
    its correctness capped as low as failing tests (grading: read alone, wrong code scored above them): starting
    interviews must not buy judge time past the budget. An expert-invited interview's tests run whatever the budget
    (the candidate cannot start one, and the expert grades by them) and count in it. Safe to repeat: an answer with
    results is judged once (a submitted answer cannot be submitted again). Tests not run for the budget are told to
    the room at once (`tests`), so the candidate learns it as they answer."""
    from studypaths.sandbox import SandboxUnavailable
    from studypaths.selectors import linked_problem
    from studypaths.services import judge_code

    turn = Turn.objects.select_related("session").filter(id=turn_id).first()
    if turn is None or turn.test_results is not None:
        return turn.test_results if turn else None
    problem = linked_problem(slug=turn.snapshot.get("problem", ""))
    if problem is None or turn.language not in problem.languages:
        results = {"passed": 0, "total": 0, "verdicts": [], "error": NOT_JUDGED_LANGUAGE}
    elif not _reserve_judge_time(turn):
        results = {"passed": 0, "total": 0, "verdicts": [], "not_run": JUDGE_BUDGET_SPENT}
    else:
        try:
            outcome = judge_code(problem=problem, language=turn.language, code=turn.answer_code, every_test=True)
            verdicts = [t.verdict for t in outcome.tests]
            results = {"passed": verdicts.count("accepted"), "total": len(verdicts), "verdicts": verdicts,
                       "skipped": verdicts.count("skipped"), "verdict": outcome.verdict}
            wall_ms = outcome.wall_ms
        except SandboxUnavailable as exc:
            results, wall_ms = {"passed": 0, "total": 0, "verdicts": [], "error": exc.message}, 0
        # (an unexpected error leaves the reservation: it counts as the full budget, as nobody knows what it took)
        Turn.objects.filter(id=turn_id).update(judge_wall_ms=wall_ms, judged_at=timezone.now())
    kept = Turn.objects.filter(id=turn_id, test_results__isnull=True).update(test_results=results)
    turn.test_results = results
    told = presenters.tests_status(turn) if kept else None
    if told is not None:  # said once, by the delivery whose results were kept (and in every `state` after it)
        realtime.publish(turn.session_id, told)
    return results


@transaction.atomic
def _reserve_judge_time(turn: Turn) -> bool:
    """Count the answer's judging at the full submission budget while its tests run (judge_answer then writes the
    time they took), unless the candidate's budget is spent in a self-started interview (False)."""
    from django.contrib.auth import get_user_model

    from studypaths.services import judge_budget_spent

    session = turn.session
    # The candidate's row before the turn's, in the order an account deletion locks them (the user, then the
    # interviews): the budget's lock taken after the turn's deadlocked with a deletion waiting to delete that turn.
    get_user_model().objects.select_for_update(no_key=True).filter(pk=session.candidate_id).first()
    # A redelivery after a killed worker finds its own first reservation: it is not part of what was spent before.
    Turn.objects.filter(id=turn.id).update(judge_wall_ms=None, judged_at=None)
    if judge_budget_spent(user=session.candidate) and not session.is_planned:
        logger.info("interview turn %s: tests not run, candidate %s is out of judge seconds", turn.id,
                    session.candidate_id)
        return False
    Turn.objects.filter(id=turn.id).update(judge_wall_ms=round(settings.SANDBOX_SUBMISSION_WALL_SECONDS * 1000),
                                           judged_at=timezone.now())
    return True


def evaluate_answer(*, turn_id: int):
    """Evaluate one answer through the AI layer (Celery, `ai` queue) and push it to the room. Idempotent: a turn is
    evaluated once (a one-to-one row); a redelivered task finds it and only makes sure the session moved on."""
    from interviewmaster.ai import complete_json
    from interviews.evaluation import save_evaluation

    turn = Turn.objects.select_related("session").filter(id=turn_id).first()
    if turn is None or turn.kind == TurnKind.WARM_UP or turn.status == TurnStatus.UNSCORED:
        return None  # UNSCORED: the sweep gave up on it and the report went without it; a late message changes nothing
    evaluation = getattr(turn, "evaluation", None) if hasattr(turn, "evaluation") else None
    if evaluation is None:
        question = _ai_question(turn)
        inputs = {"question": question, "answer": _ai_answer(turn, needs_code=question["needs_code"]),
                  "hints_used": turn.hints_used}  # a rubric's "found with help" is said only when hints were taken
        if turn.test_results is not None and turn.test_results.get("total"):
            inputs["test_results"] = {k: turn.test_results[k] for k in ("passed", "total", "verdicts")}
        elif turn.test_results is not None and turn.test_results.get("not_run"):
            inputs["test_results"] = {"passed": 0, "total": 0, "verdicts": [], "not_run": True}  # capped: grading
        elif turn.test_results is not None and turn.test_results.get("error") == NOT_JUDGED_LANGUAGE:
            # read alone: the offline engine cannot tell "clean and idiomatic" in a language it never ran
            inputs["test_results"] = {"passed": 0, "total": 0, "verdicts": [], "unjudged": True}
        result = complete_json("evaluate_answer", inputs, owners=[turn.session.candidate_id])
        evaluation = save_evaluation(turn=turn, result=result)
    return evaluation


def settle_after_evaluation(*, turn_id: int) -> None:
    """After an evaluation: decide the next step for a running session, or finish the report of an ended one."""
    turn = Turn.objects.select_related("session").filter(id=turn_id).first()
    if turn is None:
        return
    session = turn.session
    if _waits_on(session, turn):  # only when the next step was lost (normally take_next_step came first)
        advance_after_answer(turn_id=turn.id, follow_up=propose_follow_up(session=session, turn=turn))
    session.refresh_from_db()
    if session.state == SessionState.COMPLETED and not selectors.unevaluated_answers(session).exists():
        from interviews.tasks import finalize_session

        finalize_session.delay(session.id)


# --- the end: summary and report ----------------------------------------------------------------------------------
SUMMARY_INTERRUPTED = ("The written summary could not be prepared: writing it was interrupted on our side several "
                       "times. The scores below are complete.")


def finalize_report(*, session_id: int, without_summary: bool = False) -> InterviewSession | None:
    """Summarise a completed session once every answer is evaluated, store the report, mark it evaluated.
    `without_summary`: the stuck-work sweep gave up on the AI summary; the report says so instead."""
    from types import SimpleNamespace

    from interviewmaster.ai import complete_json
    from interviews import personal_data
    from interviews.reports import build_report, summary_inputs

    session = InterviewSession.objects.filter(id=session_id).first()
    if session is None or session.state != SessionState.COMPLETED:
        return session
    if selectors.unevaluated_answers(session).exists():
        return session  # the last evaluation triggers this again
    inputs = summary_inputs(session)
    if not inputs["answered_questions"]:  # nothing answered: the report says so itself; no summary to write
        summary = SimpleNamespace(data={}, provider="none")
    elif without_summary:
        summary = SimpleNamespace(data={"summary": SUMMARY_INTERRUPTED}, provider="none")
    else:
        summary = complete_json("summarize_session", inputs, owners=[session.candidate_id])
    report = build_report(session, summary=summary)
    with transaction.atomic():
        erased = personal_data.account_erased(session.candidate_id)  # the account's row first, as deletion locks
        session = _lock(session)
        if session.state != SessionState.COMPLETED:
            return session
        if erased:  # deleted while the summary was written from the answers: it goes, as the deletion's own rebuild
            report = build_report(session, summary=personal_data.erased_summary(), with_hint_texts=False)
        transition(session, SessionState.EVALUATED, reason="report ready", report=report,
                   report_ready_at=timezone.now(), overall=report["overall"])
        realtime.publish(session.id, {"type": "state", "state": SessionState.EVALUATED,
                                      "report_url": f"/interviews/{session.id}/report/"})
    return session


# --- stuck work: an evaluation or a report a dead worker or a down broker lost (interviewmaster/recovery.py) -------
def recover_stuck_evaluations() -> int:
    """Beat (every minute): an answer still waiting for its evaluation, or a completed interview still waiting for its
    report, STUCK_WORK_AFTER_SECONDS after its last step has lost its task (a killed worker, a broker that was down):
    send it again. The evaluation's task also opens the next step of a running interview if that was lost with it. An
    answer sent again STUCK_WORK_MAX_RECOVERIES times ends `unscored` (the report says so); a report, without its AI
    summary (the report says so). Returns the rows handled."""
    return _recover_stuck_answers() + _recover_stuck_reports()


def _lock_session_row(session_id: int) -> None:
    """The session's row before one of its turns', as every change to an interview (and the account's deletion, which
    deletes the turns) locks them: a sweep that wrote the turn first and then recorded the session's event (a
    key-share lock on the session row) deadlocked with a deletion holding the session and waiting for that turn. FOR
    NO KEY UPDATE: it waits for those all the same, and lets in rows that merely name the session."""
    InterviewSession.objects.select_for_update(no_key=True).filter(id=session_id).values_list("id", flat=True).first()


def _recover_stuck_answers() -> int:
    # The warm-up is never evaluated (the scan leaves it out; a turn's kind never changes, so neither does the claim).
    return recovery.sweep(
        Turn.objects.filter(status=TurnStatus.SUBMITTED).exclude(kind=TurnKind.WARM_UP),
        clock=Coalesce("recovered_at", "submitted_at"), read=["session_id"],
        lock=lambda row: _lock_session_row(row.session_id),
        give_up=lambda pending, row: _give_up_evaluation(pending, turn_id=row.id, session_id=row.session_id,
                                                         recoveries=row.recoveries),
        on_claim=lambda row: SessionEvent.objects.create(session_id=row.session_id, turn_id=row.id,
                                                         kind="evaluation.resent",
                                                         data={"recovery": row.recoveries + 1}),
        send=lambda row: _resend_answer(row.id), what="the evaluation of interview turn {id}")


def _resend_answer(turn_id: int):
    """The lost step of a stuck answer: its judging if code for a judge problem was never judged (the evaluation alone
    graded it by reading, without the tests that would have capped it), else its evaluation. Judging hands on to the
    next step, which queues the evaluation (take_next_step, idempotent)."""
    from interviews.tasks import evaluate_turn, judge_turn

    turn = Turn.objects.filter(id=turn_id).only("answer_code", "test_results", "snapshot").first()
    if turn is not None and turn.test_results is None and _judged_first(turn, turn.answer_code):
        return judge_turn.delay(turn_id)
    return evaluate_turn.delay(turn_id)


@transaction.atomic
def _give_up_evaluation(pending, *, turn_id: int, session_id: int, recoveries: int) -> int:
    """The answer goes unscored; a running interview that waited on it moves on (its report, once complete, is
    picked up by the sweep below)."""
    from interviews.tasks import advance_turn

    _lock_session_row(session_id)
    if not pending.update(status=TurnStatus.UNSCORED, recovered_at=timezone.now()):
        return 0
    SessionEvent.objects.create(session_id=session_id, turn_id=turn_id, kind="evaluation.interrupted",
                                data={"recoveries": recoveries})
    turn = Turn.objects.select_related("session").get(id=turn_id)
    if _waits_on(turn.session, turn):
        recovery.send_on_commit(lambda: advance_turn.delay(turn_id), what=f"the step after interview turn {turn_id}")
    return 1


def _recover_stuck_reports() -> int:
    from interviews.tasks import finalize_session

    before = recovery.stuck_before()
    waiting = Turn.objects.filter(session=OuterRef("pk"), status=TurnStatus.SUBMITTED).exclude(kind=TurnKind.WARM_UP)
    recent = Turn.objects.filter(session=OuterRef("pk"), evaluation__evaluated_at__gte=before)
    stuck = (InterviewSession.objects.filter(state=SessionState.COMPLETED)
             .annotate(clock=Coalesce("recovered_at", "ended_at")).filter(clock__lt=before)
             .exclude(Exists(waiting)).exclude(Exists(recent))  # the last evaluation queued it a moment ago
             .order_by("clock").values_list("id", "recoveries")[:recovery.BATCH])
    handled = 0
    for session_id, recoveries in stuck:
        if recovery.exhausted(recoveries):  # the report without its AI summary, here: no task left to lose
            logger.warning("interview %s: its report was interrupted %s times; finishing it without the summary",
                           session_id, recoveries)
            try:
                finalize_report(session_id=session_id, without_summary=True)
            except Exception:  # noqa: BLE001 - one report that cannot be built must not hold up the others
                logger.exception("interview %s: the report could not be finished without its summary", session_id)
                continue
            handled += 1
            continue

        def claim(session_id=session_id, recoveries=recoveries) -> bool:
            claimed = InterviewSession.objects.filter(id=session_id, state=SessionState.COMPLETED,
                                                      recoveries=recoveries).update(
                recoveries=F("recoveries") + 1, recovered_at=timezone.now())
            if claimed:
                SessionEvent.objects.create(session_id=session_id, kind="report.resent",
                                            data={"recovery": recoveries + 1})
            return bool(claimed)

        handled += recovery.resend(claim=claim, send=lambda session_id=session_id: finalize_session.delay(session_id),
                                   what=f"the report of interview {session_id}")
    return handled


def abandon_idle_sessions(*, now=None) -> int:
    """Beat: running or paused sessions idle longer than INTERVIEW_IDLE_MINUTES are abandoned; never-opened ones
    older than that are cancelled. Rooms whose web process died are paused first, as of their last sign of life
    (`presence.pause_lost_rooms`), so they end as a cleanly disconnected room would. Returns how many sessions were
    closed."""
    from interviews import presence

    now = now or timezone.now()
    presence.pause_lost_rooms(now=now)  # a room whose web process died is a disconnect, idle since its last sign
    cutoff = now - timezone.timedelta(minutes=settings.INTERVIEW_IDLE_MINUTES)
    closed = 0
    stale = (InterviewSession.objects
             .filter(state__in=[SessionState.IN_PROGRESS, SessionState.PAUSED, SessionState.CREATED])
             .annotate(idle_since=Coalesce("last_activity_at", "created_at")).filter(idle_since__lt=cutoff)
             .values_list("id", flat=True))
    for session_id in list(stale[:500]):
        try:
            with transaction.atomic():
                session = InterviewSession.objects.select_for_update().get(id=session_id)
                if session.state != SessionState.CREATED and session.remaining_seconds(now) <= 0:
                    _time_up(session)  # its time ran out with no room open: finished, not abandoned (a report)
                    closed += 1
                    continue
                target = SessionState.CANCELLED if session.state == SessionState.CREATED else SessionState.ABANDONED
                _end(session, to=target, actor=None, reason="idle")
                realtime.publish(session.id, {"type": "state", "state": target, "reason": "idle"})
            closed += 1
        except InvalidTransition:
            continue  # it moved on meanwhile
    return closed
