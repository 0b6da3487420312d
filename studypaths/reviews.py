"""Spaced repetition of solved (and failed) problems with the `fsrs` package (pinned to 6.3.2 in requirements.txt).

Mapping of a finished task to an FSRS rating:
- failed (or expired after an attempt)                    -> Again
- passed after hints or after a wrong submission          -> Hard
- clean pass (first submission, no hints)                 -> Good
- fast clean pass (within half the expected time)         -> Easy
"""

from __future__ import annotations

from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler

# Minutes we expect a problem of each difficulty to take; "fast" is at most half of it.
EXPECTED_MINUTES = {1: 15, 2: 20, 3: 30, 4: 40, 5: 50}
FAST_FRACTION = 0.5

# Coding problems are reviewed in days, not minutes: no intra-day learning steps, no fuzz (reproducible schedules).
SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_for(*, passed: bool, hints_used: int, attempts: int, duration: timedelta | None,
               difficulty: int) -> Rating:
    if not passed:
        return Rating.Again
    if hints_used > 0 or attempts > 1:
        return Rating.Hard
    expected = timedelta(minutes=EXPECTED_MINUTES.get(difficulty, 30))
    if duration is not None and duration <= expected * FAST_FRACTION:
        return Rating.Easy
    return Rating.Good


def review(card_data: dict | None, rating: Rating, at: datetime) -> tuple[dict, datetime]:
    """Apply one review to a stored card (or a new one); returns the card to store and its next due time."""
    card = Card.from_dict(card_data) if card_data else Card(due=at)
    card, _log = SCHEDULER.review_card(card, rating, review_datetime=at)
    return card.to_dict(), card.due
