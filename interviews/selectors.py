"""interviews: reads several places share (DESIGN §2)."""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from datetime import date
from typing import NamedTuple

from django.conf import settings
from django.db import NotSupportedError
from django.db.models import Exists, Func, IntegerField, OuterRef, Q, QuerySet, Sum

from interviews.models import (
    LIVE_STATES,
    EndReason,
    Evaluation,
    InterviewSession,
    Question,
    SessionState,
    Turn,
    TurnKind,
    TurnStatus,
)


def askable_questions() -> QuerySet[Question]:
    """The bank questions a new interview may ask: active, and linked to no code-judge problem or to a published one.
    Unpublishing a problem takes it out of the practice catalogue and out of new interviews (their room would show
    its statement, starter code and examples while its practice page is a 404); a turn that already asked it keeps
    it (studypaths.selectors.linked_problem)."""
    from studypaths.selectors import published_problems

    return Question.objects.filter(is_active=True).filter(
        Q(problem="") | Q(problem__in=published_problems().values("slug")))


def sessions_for(user) -> QuerySet[InterviewSession]:
    """The sessions a user may act on as the candidate."""
    if user is None or not user.is_authenticated:
        return InterviewSession.objects.none()
    return InterviewSession.objects.filter(candidate=user)


def sessions_visible_to(user) -> QuerySet[InterviewSession]:
    """Sessions a user may read: their own, a planned interview's expert, an actively assigned mentor's (accepted)."""
    if user is None or not user.is_authenticated:
        return InterviewSession.objects.none()
    visible = Q(candidate=user) | Q(expert=user)
    if getattr(user, "role", "") == "mentor":
        visible |= Q(candidate__mentor_assignments__mentor=user, candidate__mentor_assignments__active=True,
                     candidate__mentor_assignments__accepted_at__isnull=False, candidate__deleted_at__isnull=True)
    return InterviewSession.objects.filter(visible).distinct()


def session_list_for(user) -> QuerySet[InterviewSession]:
    return sessions_for(user).select_related("candidate").order_by("-created_at", "-id")


def live_sessions_of(candidate) -> QuerySet[InterviewSession]:
    return InterviewSession.objects.filter(candidate=candidate, state__in=LIVE_STATES)


def open_turn(session: InterviewSession, *, for_update: bool = False) -> Turn | None:
    qs = Turn.objects.filter(session=session, status=TurnStatus.OPEN)
    if for_update:
        qs = qs.select_for_update()
    turn = qs.first()
    if turn is not None:
        turn.session = session  # its payload reads the interview's languages (presenters.question_languages)
    return turn


def unanswered_questions(session: InterviewSession) -> int:
    """How many of `session`'s main questions have no answer handed in: not asked yet, or asked and still open (the
    warm-up and follow-ups do not count). What finishing a planned interview early leaves out
    (`services.finish_session`)."""
    answered = Turn.objects.filter(session=session, kind=TurnKind.QUESTION, submitted_at__isnull=False).count()
    return max(0, len(session.question_plan) - answered)


def seen_question_ids(candidate) -> set[int]:
    """Bank questions this candidate has been asked in any interview (selection avoids them)."""
    return set(Turn.objects.filter(session__candidate=candidate, question__isnull=False)
               .values_list("question_id", flat=True))


def turns_with_evaluations(session: InterviewSession) -> list[Turn]:
    return list(Turn.objects.filter(session=session).select_related("evaluation").order_by("index"))


def main_turn(turn: Turn) -> Turn:
    """The main question a turn belongs to: its parent for a follow-up, the turn itself otherwise."""
    return turn.parent if turn.parent_id else turn


def question_turns(main: Turn) -> QuerySet[Turn]:
    """A main question's turns: itself and its follow-ups (one question of the report, one hint allowance)."""
    return Turn.objects.filter(Q(id=main.id) | Q(parent_id=main.id))


def hints_asked_on_question(turn: Turn) -> int:
    """The hints asked for on a turn's question, its follow-ups included (the allowance counts them together)."""
    return question_turns(main_turn(turn)).aggregate(n=Sum("hints_used"))["n"] or 0


def hints_left(turn: Turn) -> int:
    """How many more hints the turn's question allows (INTERVIEW_HINTS_PER_QUESTION less those asked for)."""
    return max(0, settings.INTERVIEW_HINTS_PER_QUESTION - hints_asked_on_question(turn))


def main_question_scores(main: Turn) -> tuple[int | None, list[int]]:
    """The main answer's score (None before it is evaluated) and its follow-ups' scores (`policy.question_score`)."""
    rows = Evaluation.objects.filter(Q(turn=main) | Q(turn__parent=main)).values_list("turn_id", "overall")
    scores = dict(rows)
    return scores.pop(main.id, None), list(scores.values())


class QuestionScore(NamedTuple):
    """One main question's score as the report computes it (`policy.question_score`, follow-ups folded in)."""

    category: str
    day: date | None  # of its first evaluation, in the time zone asked for (None where the day was not read)
    score: float


class ScoredAnswer(NamedTuple):
    """One evaluated answer as `score_questions` reads it: its turn, the turn's parent and that parent's parent (the
    turn's ancestry, None where there is none), the evaluation's category and overall, and optionally its day."""

    turn_id: int
    parent_id: int | None
    grandparent_id: int | None
    category: str
    overall: int
    day: date | None = None


def main_question_of(answer: ScoredAnswer) -> int | None:
    """The main question (its turn id) whose score an evaluated answer goes into, as the report groups a session's
    turns (`reports._question_groups`): a main question's own, its parent's for a follow-up. A follow-up of a
    follow-up (the engine asks none: a follow-up's parent is its main question, services._advance) belongs to no
    question of the report, which neither scores nor counts it: None."""
    if answer.parent_id is None:
        return answer.turn_id
    return answer.parent_id if answer.grandparent_id is None else None


def score_questions(answers: Iterable[ScoredAnswer], *,
                    followed_up: Container[int] | None = None) -> Iterator[QuestionScore]:
    """`answers` grouped by main question (`main_question_of`) and each group scored as the report scores a question:
    its main answer and its follow-ups through `policy.question_score`, in the main question's category (its main
    answer's; the first follow-up's with one, by the order they were asked, when the main answer has no evaluation or
    no category: a follow-up is asked in its main question's category; "" when none says one, `question_category`),
    dated by its first evaluation's day. The one grouping of the candidate's dashboard (`scores_by_question`) and of
    the cohorts' cut points (analytics.services.recompute_cohorts), so the figures a candidate is ranked by are the
    ones ranked against. An answer's category is its turn's, else its bank question's (`answer_category`): a main
    answer without one had its whole question left out of every category and of the cut points, and a question with
    an empty category but a categorised follow-up was filed under none.

    `answers` may come in any order. With `followed_up`, the main questions that have follow-ups, a main answer of
    another question is scored as it arrives and only the others are held until the end (`scores_by_question`);
    without, every group is held until `answers` ends (one candidate's, for the cohorts)."""
    from interviews import policy

    groups: dict[int, list] = {}  # main turn id -> [main score, {follow-up id: (score, category)}, category, first day]
    for answer in answers:
        main = main_question_of(answer)
        if main is None:
            continue
        if followed_up is not None and main not in followed_up:
            yield QuestionScore(answer.category, answer.day, policy.question_score(answer.overall))
            continue
        group = groups.get(main)
        if group is None:
            group = groups[main] = [None, {}, None, answer.day]
        if main == answer.turn_id:
            group[0], group[2] = answer.overall, answer.category
        else:
            group[1][answer.turn_id] = (answer.overall, answer.category)
        if answer.day is not None and answer.day < group[3]:
            group[3] = answer.day
    for main_score, follow_ups, category, first in groups.values():
        if not category:  # no evaluation or no category on the main answer: the first follow-up with one says it
            category = next((follow_ups[turn][1] for turn in sorted(follow_ups) if follow_ups[turn][1]), "")
        yield QuestionScore(category, first, policy.question_score(main_score, [s for s, _ in follow_ups.values()]))


def scores_by_question(evaluations: QuerySet[Evaluation], *, candidate, zone) -> Iterator[QuestionScore]:
    """`candidate`'s `evaluations` scored per main question (`score_questions`), one at a time. Dated by the local day
    (`zone`) of the group's first evaluation (a date, not a moment: loading 2,000 timestamps cost more than the
    query). Two queries whatever the history: the evaluations (no join: analytics reads them by their candidate index
    (candidate, evaluated_at) INCLUDE (category, overall, turn_id), an index-only scan on PostgreSQL) and the
    candidate's follow-up turns with their parent and turns without a category with their bank question's
    (`answer_category`), by the sessions' ids.

    Streamed: a question without follow-ups is scored as its row arrives, and only those with follow-ups are held
    until the end, so a long history leaves few objects behind for the garbage collector (holding 2,000 rows and
    their groups made a full collection every few summaries: p95 300 ms in bench/dashboard.py). What a candidate's
    dashboard averages: an average of answers counted a follow-up as a question (8, then 85 and 85 on two
    follow-ups, averaged 59.3 beside the report's 46)."""
    from django.db.models.functions import TruncDate

    sessions = InterviewSession.objects.filter(candidate=candidate).values("id")
    parents: dict[int, int] = {}
    banked: dict[int, str] = {}  # a turn without a category -> its (or its parent's) bank question's
    turns = (Turn.objects.filter(Q(parent__isnull=False) | Q(category=""), session_id__in=sessions).order_by()
             .values_list("id", "parent_id", "category", "question__category", "parent__question__category"))
    for turn_id, parent, category, bank_category, parent_bank_category in turns:
        if parent is not None:
            parents[turn_id] = parent
        if not category:
            banked[turn_id] = bank_category or parent_bank_category or ""
    rows = (evaluations.annotate(day=TruncDate("evaluated_at", tzinfo=zone)).order_by()
            .values_list("turn_id", "category", "overall", "day"))
    answers = (ScoredAnswer(turn_id, parent, parents.get(parent), category or banked.get(turn_id, ""), overall, day)
               for turn_id, category, overall, day in rows
               for parent in (parents.get(turn_id),))
    return score_questions(answers, followed_up=set(parents.values()))


def answer_category(prefix: str = "turn__"):
    """An evaluated answer's category as `score_questions` reads it, as an expression on Evaluation (`prefix` the path
    to its turn): its own (its turn's, copied when it was evaluated), else its turn's bank question's, else (a
    follow-up: it has no bank question and copies its main question's category, "" too) its main question's bank
    question's, else "". A question asked without a category (a bank row or an older plan slot that had none) keeps
    the topic the bank files it under; `scores_by_question` reads the same columns in Python,
    `reports.question_category` from the turn."""
    from django.db.models import Value
    from django.db.models.functions import Coalesce, NullIf

    return Coalesce(NullIf("category", Value("")), NullIf(f"{prefix}question__category", Value("")),
                    NullIf(f"{prefix}parent__question__category", Value("")), Value(""))


def question_category(main: Turn, follow_ups: Iterable[Turn] = ()) -> str:
    """The category a report files a main question under, as `score_questions` does for the dashboard and the cohorts:
    its own, else its bank question's (`answer_category`), else the first of its follow-ups' that has one, else ""
    (counted in the overall, under no category). `main.question` should be loaded with it (select_related)."""
    if main.category:
        return main.category
    if main.question_id is not None and main.question is not None and main.question.category:
        return main.question.category
    return next((turn.category for turn in follow_ups if turn.category), "")


def unevaluated_answers(session: InterviewSession) -> QuerySet[Turn]:
    return Turn.objects.filter(session=session, status=TurnStatus.SUBMITTED).exclude(kind=TurnKind.WARM_UP)


# --- whose evaluation a candidate reads ------------------------------------------------------------------------------
# `policy.evaluation_shown_to` as a filter, for what reads a candidate's own sessions in bulk (their dashboard's
# averages and charts, analytics.selectors): the sessions whose evaluation their candidate does not read (a planned
# interview's is its expert's). interviews/tests/test_evaluation_shown.py checks the two agree.
EVALUATION_WITHHELD_FROM_CANDIDATE = Q(is_planned=True)


# --- what counts: an interview with at least one answered question ---------------------------------------------------
# The report decides (interviews.reports._headline: an evaluated answer that is not "next" or "I don't know") and
# gives an interview ended without one no overall. Everything that counts interviews or averages their scores (badges
# and through them the leaderboard, streaks, the dashboard's averages and charts, the weekly digest, cohorts) reads
# these two, so an empty or all-skipped interview counts for nothing there.
ANSWERED = Q(overall__isnull=False)


def with_answered_questions(sessions: QuerySet[InterviewSession]) -> QuerySet[InterviewSession]:
    """The reported interviews of `sessions` with at least one answered question (one awaiting its report is not
    counted yet: whether anything was answered is known once its answers are evaluated)."""
    return sessions.filter(ANSWERED, state=SessionState.EVALUATED)


class PlannedQuestions(Func):
    """How many main questions an interview's `question_plan` (a JSON array) holds; NULL for anything but an array
    (services only write arrays, but PostgreSQL's jsonb_array_length raises on an object or a scalar, which failed
    every badge of that candidate, while SQLite's json_array_length gave 0, "every question asked")."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("PlannedQuestions reads JSON on SQLite and PostgreSQL only")

    def as_sqlite(self, compiler, connection, **extra):
        template = ("CASE WHEN json_type(%(expressions)s) = 'array' THEN json_array_length(%(expressions)s) "
                    "ELSE NULL END")
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = ("CASE WHEN jsonb_typeof(%(expressions)s) = 'array' THEN jsonb_array_length(%(expressions)s) "
                    "ELSE NULL END")
        return super().as_sql(compiler, connection, template=template, **extra)


def finished_in_full(sessions: QuerySet[InterviewSession]) -> QuerySet[InterviewSession]:
    """What a badge for an interview asks more than `with_answered_questions`: every main question of its plan was
    asked, answered and evaluated (none skipped), and it was not ended by the candidate or by idling. It ran to its
    last question, or the clock ended it after its last main question was asked: a follow-up is not a question of
    the plan, so one cut short by the clock (the last question's follow-up, unanswered) does not cost the badge (it
    did: only `last_question` counted), while a main question the clock left unanswered still does. A 20-second
    quick start ended after one of its three questions earned "First interview". An answer whose evaluation was lost
    with its worker (`UNSCORED`) was answered: our loss does not cost the candidate the badge."""
    open_questions = Turn.objects.filter(session=OuterRef("pk"), kind=TurnKind.QUESTION).exclude(
        status__in=(TurnStatus.EVALUATED, TurnStatus.UNSCORED))
    every_question_asked = Q(position__gte=PlannedQuestions("question_plan"))
    ran_to_the_end = Q(end_reason=EndReason.LAST_QUESTION) | (Q(end_reason=EndReason.TIME_UP) & every_question_asked)
    return with_answered_questions(sessions).filter(ran_to_the_end).exclude(Exists(open_questions))


def evaluations_that_count(evaluations: QuerySet[Evaluation], *, candidate=None) -> QuerySet[Evaluation]:
    """`evaluations` without those of interviews reported with no answered question (their non-answers, scored 0);
    those of an interview under way or awaiting its report count. `candidate` narrows the subquery to theirs."""
    sessions = InterviewSession.objects.filter(state=SessionState.EVALUATED).exclude(ANSWERED)
    if candidate is not None:
        sessions = sessions.filter(candidate=candidate)
    return evaluations.exclude(turn_id__in=Turn.objects.filter(session__in=sessions).values("id"))
