"""Task generation rules for study paths: pure functions over plain data, so each rule has a property test.

The rules (docs/study-paths.md):
1. difficulty never more than +1 above the last solved problem (before any solve: the path's starting level);
2. never more than 2 consecutive failures before an easier task: after two failures in a row the next task is
   easier than the last failed one (difficulty 1 is the floor);
3. topic rotation inside a module: the next task's main topic differs from the previous task's when the module
   offers an eligible problem with another topic;
4. modules in prerequisite (track) order: a task comes from a later module only when no earlier module has an
   eligible problem left;
5. weights: among eligible problems of that module, the one on the weakest topic (highest weight) comes first, then
   the one closest to the target difficulty, then bank order;
6. a placed level (the path's placement set done): problems below it, or below the target when that is lower (after
   failures), are eligible only when no problem of the track is left between it and the maximum (rule 7 of the
   docs, whose rule 6 is the service's exclusions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_CONSECUTIVE_FAILURES = 2


@dataclass(frozen=True)
class Candidate:
    """A problem as generation sees it."""

    id: int
    module_index: int  # position of its module in the path's module order
    difficulty: int
    topics: tuple[str, ...] = ()
    position: int = 0

    @property
    def main_topic(self) -> str:
        return self.topics[0] if self.topics else ""


@dataclass(frozen=True)
class Outcome:
    """A finished task, oldest first in a history."""

    problem_id: int
    difficulty: int
    passed: bool
    main_topic: str = ""


@dataclass
class History:
    outcomes: list[Outcome] = field(default_factory=list)  # recent finished tasks, oldest first
    solved: set[int] = field(default_factory=set)  # every problem ever passed on this path
    starting_level: int = 1
    last_topic: str = ""  # main topic of the most recent task (finished or not)
    placed_level: int = 1  # the placement set's result (rule 6); 1 leaves every difficulty eligible


@dataclass
class Summary:
    """What the difficulty rules read from a whole history, folded one finished task at a time: the difficulty of the
    last solved problem, how many failures came after it and the difficulty of the latest one. The service keeps one
    per path up to date as tasks finish, so generation reads one row instead of the history."""

    last_solved_difficulty: int | None = None
    failure_streak: int = 0
    last_failed_difficulty: int | None = None

    def record(self, outcome: Outcome) -> None:
        if outcome.passed:
            self.last_solved_difficulty = outcome.difficulty
            self.failure_streak, self.last_failed_difficulty = 0, None
        else:
            self.failure_streak += 1
            self.last_failed_difficulty = outcome.difficulty

    def outcomes(self) -> list[Outcome]:
        """The shortest history (oldest first) the rules read exactly as the full one: the last pass, then the
        trailing failures up to the count the rules look at, each carrying the latest failure's difficulty."""
        rows = []
        if self.last_solved_difficulty is not None:
            rows.append(Outcome(problem_id=0, difficulty=self.last_solved_difficulty, passed=True))
        if self.failure_streak and self.last_failed_difficulty is not None:
            rows += [Outcome(problem_id=0, difficulty=self.last_failed_difficulty, passed=False)] * min(
                self.failure_streak, MAX_CONSECUTIVE_FAILURES)
        return rows


def summarize(outcomes: list[Outcome]) -> Summary:
    summary = Summary()
    for outcome in outcomes:
        summary.record(outcome)
    return summary


def last_solved_difficulty(history: History) -> int | None:
    for outcome in reversed(history.outcomes):
        if outcome.passed:
            return outcome.difficulty
    return None


def trailing_failures(history: History) -> list[Outcome]:
    tail: list[Outcome] = []
    for outcome in reversed(history.outcomes):
        if outcome.passed:
            break
        tail.append(outcome)
    return tail


def difficulty_window(history: History) -> tuple[int, int]:
    """(maximum allowed, target) difficulty for the next task."""
    solved = last_solved_difficulty(history)
    cap = min(5, solved + 1) if solved is not None else max(1, min(5, history.starting_level))
    failures = trailing_failures(history)
    if len(failures) >= MAX_CONSECUTIVE_FAILURES:
        easier = max(1, failures[0].difficulty - 1)
        return min(cap, easier), min(cap, easier)
    if failures:
        return cap, min(cap, failures[0].difficulty)
    return cap, cap


UNSEEN_TOPIC_WEIGHT = 1.0  # a topic never tried counts as weak as one tried and not yet mastered


def problem_weight(candidate: Candidate, weights: dict[str, float]) -> float:
    return max((weights.get(topic, UNSEEN_TOPIC_WEIGHT) for topic in candidate.topics), default=0.0)


def choose_next(candidates: list[Candidate], history: History, weights: dict[str, float], *,
                exclude: set[int] | frozenset[int] = frozenset()) -> Candidate | None:
    """The next problem by the rules above, or None when nothing eligible is left."""
    max_difficulty, target = difficulty_window(history)
    eligible = [c for c in candidates
                if c.difficulty <= max_difficulty and c.id not in history.solved and c.id not in exclude]
    if not eligible:
        return None
    floor = min(history.placed_level, target)
    eligible = [c for c in eligible if c.difficulty >= floor] or eligible
    first_module = min(c.module_index for c in eligible)
    in_module = [c for c in eligible if c.module_index == first_module]
    rotated = [c for c in in_module if not history.last_topic or c.main_topic != history.last_topic]
    pool = rotated or in_module
    return min(pool, key=lambda c: (-problem_weight(c, weights), abs(c.difficulty - target), c.position, c.id))


def plan_batch(candidates: list[Candidate], history: History, weights: dict[str, float], *, count: int,
               exclude: set[int] | frozenset[int] = frozenset()) -> list[Candidate]:
    """Up to `count` problems for the coming days. Outcomes are unknown yet, so the difficulty window stays as it is;
    rotation and order apply from one pick to the next."""
    chosen: list[Candidate] = []
    taken = set(exclude)
    current = History(outcomes=history.outcomes, solved=history.solved, starting_level=history.starting_level,
                      last_topic=history.last_topic, placed_level=history.placed_level)
    for _ in range(count):
        pick = choose_next(candidates, current, weights, exclude=taken)
        if pick is None:
            break
        chosen.append(pick)
        taken.add(pick.id)
        current.last_topic = pick.main_topic
    return chosen


def topic_weights(mastery: list[tuple[str, float, int, int]], extra: dict[str, float] | None = None
                  ) -> dict[str, float]:
    """Weak topics weigh more: rows are (topic, mastery 0..1, failures, hints); `extra` adds outside signals (weak
    interview criteria mapped to topics)."""
    weights: dict[str, float] = {}
    for topic, level, failures, hints in mastery:
        weights[topic] = round((1.0 - level) + 0.5 * min(failures, 10) + 0.25 * min(hints, 10), 4)
    for topic, value in (extra or {}).items():
        weights[topic] = round(weights.get(topic, UNSEEN_TOPIC_WEIGHT) + max(0.0, float(value)), 4)
    return weights
