"""The interviewer's rules as pure functions (no database): adaptive difficulty, the follow-up budget, time.

Kept free of I/O so the rules can be checked with property tests (interviews/tests/test_policy.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from interviewmaster import capabilities

STRONG_SCORE = 70  # an answer at or above this (0-100) is strong
WEAK_SCORE = 40  # an answer below this is weak
STRONG_ANSWERS_TO_MOVE_UP = 2
MIN_FOLLOW_UP_SECONDS = 60  # do not open a follow-up with less than this left on the question's clock
WARM_UP_SECONDS = 180


# --- the interview's role --------------------------------------------------------------------------------------------
DEFAULT_ROLE = "backend_engineer"


def default_role(target_role: str) -> str:
    """The role an interview takes when the candidate names none: their profile's target role (one the platform
    knows), else DEFAULT_ROLE. The one default of the start page (its initial choice) and of the REST API (a create
    without `role`, which used to be a "General interview" whatever the profile said)."""
    return target_role if target_role in capabilities.get_capabilities().roles else DEFAULT_ROLE


def difficulty_ladder() -> list[str]:
    return [d.id for d in capabilities.difficulties()]


def adapt_difficulty(*, difficulty: str, streak: int, score: float) -> tuple[str, int]:
    """The next level and strong-answer streak after one question scored `score` (0-100).

    Two strong answers in a row move up one level; a weak answer moves down one; never more than one level at a
    time and never off the ladder. Anything in between resets the streak.
    """
    ladder = difficulty_ladder()
    rank = ladder.index(difficulty) if difficulty in ladder else len(ladder) // 2
    if score >= STRONG_SCORE:
        streak += 1
        if streak >= STRONG_ANSWERS_TO_MOVE_UP:
            return ladder[min(rank + 1, len(ladder) - 1)], 0
        return ladder[rank], streak
    if score < WEAK_SCORE:
        return ladder[max(rank - 1, 0)], 0
    return ladder[rank], 0


def difficulty_for_category(difficulty: str, category: str) -> str:
    """`difficulty`, or the nearest level the category offers (system design has no easy questions)."""
    cat = capabilities.get_capabilities().categories.get(category)
    if cat is None or difficulty in cat.allowed_difficulties:
        return difficulty
    ladder = difficulty_ladder()
    rank = ladder.index(difficulty) if difficulty in ladder else 0
    return min(cat.allowed_difficulties, key=lambda d: (abs(ladder.index(d) - rank), ladder.index(d)))


# A prompt that tells the candidate to write code: an imperative at the start of a clause, "Write/Implement/Code a
# <function|method|decorator|class|...>" (up to three words between) or "Write code", after an optional polite lead
# ("then/now/next/so", "can/could you", "please": "Could you please implement an LRU cache?"; not "would you":
# "Would you write a class or a function here, and why?" asks for a judgement, and a false yes caps a spoken
# answer). "Using Python, write and explain a small function ..." is the planner's coding template, which a plan may
# file under another category. A question about code ("Which tests would you write first for a function ...?",
# "How would you implement rate limiting as a function of tier?"), "Write a query" and "Implement a mentoring
# program" do not ask for code (session 32).
ASKS_FOR_A_FUNCTION = re.compile(
    r"(?:^|[.?!;:,\n])[ \t]{0,4}(?:(?:then|now|next|so)[ \t]{1,4})?(?:(?:can|could)[ \t]{1,4}you[ \t]{1,4})?"
    r"(?:please[ \t]{1,4})?(?:write|implement|code)"
    r"(?:[ \t]{1,4}and[ \t]{1,4}explain)?[ \t]{1,4}"
    r"(?:code\b|(?:a|an|the)[ \t]{1,4}(?:[\w+#-]{1,30}[ \t]{1,4}){0,3}?"
    r"(?:function|method|decorator|class|helper|generator|iterator|context manager|lru[ \t]{1,4}cache|script)s?\b)",
    re.IGNORECASE)


def needs_code(*, category: str, kind: str, prompt: str = "") -> bool:
    """Whether a turn asks for code: a main question of a category that requires a language, or one whose prompt asks
    the candidate to write a function. A follow-up is asked and answered in words, so the room shows no editor for it
    and the evaluator judges its words, not code sent along."""
    if kind != "question":
        return False
    found = capabilities.get_capabilities().categories.get(category)
    return bool(found and found.requires_language) or bool(ASKS_FOR_A_FUNCTION.search(prompt or ""))


def may_follow_up(*, asked: int, max_follow_ups: int, question_seconds_left: int) -> bool:
    """Whether another follow-up on the current main question is allowed at all (the AI may still move on)."""
    return asked < max_follow_ups and question_seconds_left >= MIN_FOLLOW_UP_SECONDS


# --- who reads an interview's evaluation ------------------------------------------------------------------------------
def evaluation_shown_to(session, user) -> bool:
    """Whether `user` reads `session`'s evaluation (its scores, the rubric, the feedback, the summary and advice), the
    one rule of the report (`reports.report_seen_by`), the REST session's `overall` (`api.SessionOutput`), the room and
    its pushes (`presenters.room_state`, the consumer). Asked only of someone who may see the session at all
    (`selectors.sessions_visible_to`); anyone it says no to reads the candidate's copy, without the evaluation.

    A practice interview's evaluation is its candidate's, and so their accepted mentors' (who read what the candidate
    reads). A planned interview's is its expert's, who judges it: not its candidate's (who would answer a follow-up,
    or a retake of the plan, knowing the points an answer missed) nor a mentor's (who could pass it on). A superuser,
    who reads every interview in admin, reads it too; another expert does not (admin hides another expert's planned
    interview). The candidate of a planned interview never reads it, whatever else they are."""
    if not session.is_planned:
        return True
    user_id = getattr(user, "id", None)
    if user_id is None or user_id == session.candidate_id:
        return False
    return user_id == session.expert_id or bool(getattr(user, "is_superuser", False))


# --- non-answers: "I don't know", "next" ------------------------------------------------------------------------------
SKIP, UNSURE = "skip", "unsure"
# Whole clauses that ask to move on, or say the candidate cannot answer. Only a clause that is nothing but one of these
# counts, so "I don't know the exact figure, but roughly a million rows" is an answer.
SKIP_PHRASES = frozenset({"next", "next question", "next one", "skip", "skip it", "skip this", "skip this one",
                          "skip this question", "pass", "i pass", "move on", "let's move on", "lets move on",
                          "can we move on", "go on", "next please"})
UNSURE_PHRASES = frozenset({"i don't know", "i do not know", "i dont know", "don't know", "dont know", "idk",
                            "no idea", "i have no idea", "not sure", "i'm not sure", "im not sure", "i am not sure",
                            "no clue", "i have no clue", "dunno", "i can't answer", "i cannot answer",
                            "i can't answer that", "i cannot answer that", "no", "nope", "nothing", "n/a", "na",
                            "none", "i don't remember", "i do not remember", "i forgot", "no comment", "i give up",
                            "i'm stuck", "im stuck", "i am stuck", "stuck"})
FILLER_WORDS = frozenset({"sorry", "um", "umm", "uh", "uhm", "hmm", "er", "erm", "well", "honestly", "really",
                          "please", "ok", "okay", "so", "just", "actually", "thanks", "thank", "you", "oh"})
MAX_NON_ANSWER_CHARS = 80  # longer than this is an attempt, however it starts
NUDGE_STRATEGIES = ("hint",)  # the one gentle follow-up a non-answer may get


def _clause_words(clause: str) -> str:
    words = re.findall(r"[a-z0-9/']+", clause.lower().replace("\u2019", "'"))
    return " ".join(w for w in words if w not in FILLER_WORDS)


def non_answer(text: str, code: str = "") -> str | None:
    """SKIP when the answer only asks to move on ("Next.", "skip"), UNSURE when it only says the candidate cannot
    answer ("I don't know", "no idea", punctuation alone), None for anything else, including any code."""
    if code.strip() or len(text.strip()) > MAX_NON_ANSWER_CHARS:
        return None
    clauses = [c for c in (_clause_words(part) for part in re.split(r"[.,;:!?\n-]+", text)) if c]
    if any(c not in SKIP_PHRASES and c not in UNSURE_PHRASES for c in clauses):
        return None
    return SKIP if any(c in SKIP_PHRASES for c in clauses) else UNSURE


def may_nudge(*, non_answer_kind: str | None, turn_kind: str) -> bool:
    """Whether a follow-up may come after this answer at all. A real answer: yes (within the budget). A non-answer to
    the main question: one gentle hint. A request to move on, or a non-answer to a follow-up (the hint, or any probe
    the candidate cannot take): no, the next question comes."""
    if non_answer_kind is None:
        return True
    return non_answer_kind == UNSURE and turn_kind == "question"


def is_answer(text: str, code: str = "") -> bool:
    """Whether a submitted answer answers: anything but a non-answer ("next", "I don't know"). A question counts as
    answered (the report's "N of M answered", an interview that earns anything) only with one of these; a non-answer
    still counts in the score, as a miss."""
    return non_answer(text, code) is None


FOLLOW_UP_MAX_DRAG = 15  # follow-ups take at most this many points off their main answer


def question_score(main: float | None, follow_ups: Iterable[float] = ()) -> float | None:
    """The score of one main question from its main answer's score and its follow-ups' (a follow-up answered "next"
    or "I don't know" is scored 0 there, and stays in: a miss, so skipping a probe never scores above answering it).

    The main answer weighs as much as all its follow-ups together, and the follow-ups take at most FOLLOW_UP_MAX_DRAG
    points off it: a follow-up is a probe, judged without expected points of its own, so one weak or skipped probe
    tempers a main answer that covered the question and does not undo it (81, then 21 and a skip, made 34 as a plain
    mean). The score never falls as a follow-up's score rises. Without a main score (lost on our side) the follow-ups'
    mean; without any score, None."""
    follow = [float(s) for s in follow_ups]
    if main is None:
        return sum(follow) / len(follow) if follow else None
    main = float(main)
    if not follow:
        return main
    combined = (main + sum(follow) / len(follow)) / 2
    return max(combined, main - FOLLOW_UP_MAX_DRAG)


def time_budget_seconds(difficulties: Sequence[str]) -> int:
    """Minutes per question by difficulty plus the capabilities' transition buffer, rounded up to whole minutes: the
    capabilities' own formula, so the clock gives what the new-interview form announced."""
    return capabilities.questions_duration(difficulties) * 60


def starting_difficulty(config: dict, experience_level: str = "") -> str:
    if config.get("starting_difficulty"):
        return config["starting_difficulty"]
    level = capabilities.get_capabilities().experience_levels.get(config.get("experience_level") or experience_level)
    if level is not None:
        return level.starting_difficulty
    return capabilities.config_limits().plain_count_difficulty
