"""The interviewer's rules as pure functions (no database): adaptive difficulty, the follow-up budget, time.

Kept free of I/O so the rules can be checked with property tests (interviews/tests/test_policy.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from interviewmaster import capabilities

STRONG_SCORE = 70  # an answer at or above this (0-100) is strong
WEAK_SCORE = 40  # an answer below this is weak
STRONG_ANSWERS_TO_MOVE_UP = 2
MIN_FOLLOW_UP_SECONDS = 60  # do not open a follow-up with less than this left on the question's clock
WARM_UP_SECONDS = 180


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


def needs_code(*, category: str, kind: str) -> bool:
    """Whether a turn asks for code: a main question of a category that requires a language. A follow-up is asked and
    answered in words, so the room shows no editor for it and the evaluator judges its words, not code sent along."""
    found = capabilities.get_capabilities().categories.get(category)
    return bool(found and found.requires_language) and kind == "question"


def may_follow_up(*, asked: int, max_follow_ups: int, question_seconds_left: int) -> bool:
    """Whether another follow-up on the current main question is allowed at all (the AI may still move on)."""
    return asked < max_follow_ups and question_seconds_left >= MIN_FOLLOW_UP_SECONDS


def question_score(scores: Iterable[float]) -> float | None:
    """The score of one main question: the mean over its answer and its follow-ups' answers."""
    values = [float(s) for s in scores]
    return sum(values) / len(values) if values else None


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
