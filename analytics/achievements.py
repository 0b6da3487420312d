"""The achievement catalogue: declarative data. One service (`services.evaluate_achievements`) checks it after
each relevant event; adding a badge is one entry here, never a new code path.

Each entry reads one number from the candidate's `Facts` and is earned when it reaches `at_least`. A threshold on the
problem bank is relative to it (every problem of a module or a track), never a count the shipped bank may not have:
`analytics/tests/test_services.py::test_every_achievement_can_be_earned_with_the_shipped_bank` earns the whole
catalogue with the shipped problems.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Facts:
    """What the catalogue can look at; gathered by `selectors.achievement_facts` in a fixed number of queries."""

    interviews_completed: int = 0
    perfect_submissions: int = 0  # submissions that passed every test, hidden ones included
    longest_streak: int = 0
    modules_completed: int = 0  # modules (with problems) whose every problem the candidate has solved
    tracks_completed: int = 0
    best_criterion_gain: float = 0.0  # the largest rise of one criterion: mean of the last 3 answers − first 3


@dataclass(frozen=True)
class Achievement:
    code: str
    name: str
    description: str
    points: int
    fact: str
    at_least: float

    def earned(self, facts: Facts) -> bool:
        return getattr(facts, self.fact) >= self.at_least


CATALOGUE: tuple[Achievement, ...] = (
    Achievement("first_interview", "First interview", "Finished a mock interview.", 10, "interviews_completed", 1),
    Achievement("five_interviews", "Regular", "Finished five mock interviews.", 25, "interviews_completed", 5),
    Achievement("first_perfect", "Flawless", "Passed every hidden test of a problem on a submission.", 15,
                "perfect_submissions", 1),
    Achievement("streak_7", "One week", "Practised 7 days in a row.", 20, "longest_streak", 7),
    Achievement("streak_30", "One month", "Practised 30 days in a row.", 60, "longest_streak", 30),
    Achievement("streak_100", "Hundred days", "Practised 100 days in a row.", 200, "longest_streak", 100),
    Achievement("module_complete", "Module finished", "Solved every problem of a module.", 40, "modules_completed", 1),
    Achievement("track_complete", "Track finished", "Solved every problem of a whole track.", 150,
                "tracks_completed", 1),
    Achievement("criterion_up", "Getting better", "Raised one evaluation criterion by a whole point.", 30,
                "best_criterion_gain", 1.0),
)
BY_CODE = {achievement.code: achievement for achievement in CATALOGUE}
FACT_NAMES = {field.name for field in fields(Facts)}


def earned(facts: Facts) -> list[Achievement]:
    return [achievement for achievement in CATALOGUE if achievement.earned(facts)]
