"""Property tests of the task generation rules (studypaths/generation.py), one per rule."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from studypaths.generation import (
    Candidate,
    History,
    Outcome,
    choose_next,
    difficulty_window,
    plan_batch,
    problem_weight,
    summarize,
    topic_weights,
)

TOPICS = ["arrays", "hash map", "two pointers", "stack", "tree", "graph"]


@st.composite
def banks(draw):
    size = draw(st.integers(min_value=1, max_value=30))
    return [Candidate(id=i + 1, module_index=draw(st.integers(0, 4)), difficulty=draw(st.integers(1, 5)),
                      topics=tuple(draw(st.lists(st.sampled_from(TOPICS), min_size=0, max_size=2, unique=True))),
                      position=draw(st.integers(0, 10)))
            for i in range(size)]


@st.composite
def scenarios(draw):
    bank = draw(banks())
    ids = [c.id for c in bank]
    outcomes = draw(st.lists(st.builds(Outcome, problem_id=st.sampled_from(ids), difficulty=st.integers(1, 5),
                                       passed=st.booleans(), main_topic=st.sampled_from(["", *TOPICS])),
                             max_size=12))
    solved = {o.problem_id for o in outcomes if o.passed} | set(draw(st.lists(st.sampled_from(ids), max_size=5)))
    history = History(outcomes=outcomes, solved=solved, starting_level=draw(st.integers(1, 5)),
                      last_topic=draw(st.sampled_from(["", *TOPICS])))
    weights = draw(st.dictionaries(st.sampled_from(TOPICS), st.floats(0, 5), max_size=6))
    return bank, history, weights


def _eligible(bank, history, exclude=frozenset()):
    limit, _ = difficulty_window(history)
    return [c for c in bank if c.difficulty <= limit and c.id not in history.solved and c.id not in exclude]


@given(scenarios())
@settings(max_examples=150)
def test_difficulty_never_more_than_one_above_the_last_solved(scenario):
    bank, history, weights = scenario
    pick = choose_next(bank, history, weights)
    if pick is None:
        return
    solved = [o for o in history.outcomes if o.passed]
    ceiling = solved[-1].difficulty + 1 if solved else history.starting_level
    assert pick.difficulty <= ceiling


@given(scenarios())
@settings(max_examples=150)
def test_after_two_consecutive_failures_the_next_task_is_easier(scenario):
    bank, history, weights = scenario
    tail = []
    for outcome in reversed(history.outcomes):
        if outcome.passed:
            break
        tail.append(outcome)
    pick = choose_next(bank, history, weights)
    if len(tail) >= 2 and pick is not None:
        assert pick.difficulty < tail[0].difficulty or pick.difficulty == 1


@given(scenarios())
@settings(max_examples=150)
def test_modules_come_in_prerequisite_order(scenario):
    bank, history, weights = scenario
    pick = choose_next(bank, history, weights)
    eligible = _eligible(bank, history)
    assert (pick is None) == (not eligible)
    if pick is not None:
        assert pick.module_index == min(c.module_index for c in eligible)


@given(scenarios())
@settings(max_examples=150)
def test_topics_rotate_inside_a_module(scenario):
    bank, history, weights = scenario
    pick = choose_next(bank, history, weights)
    if pick is None or not history.last_topic:
        return
    same_module = [c for c in _eligible(bank, history) if c.module_index == pick.module_index]
    if any(c.main_topic != history.last_topic for c in same_module):
        assert pick.main_topic != history.last_topic


@given(scenarios())
@settings(max_examples=150)
def test_weak_topics_come_first_among_the_allowed_choices(scenario):
    bank, history, weights = scenario
    pick = choose_next(bank, history, weights)
    if pick is None:
        return
    same_module = [c for c in _eligible(bank, history) if c.module_index == pick.module_index]
    rotated = [c for c in same_module if not history.last_topic or c.main_topic != history.last_topic] or same_module
    assert problem_weight(pick, weights) == max(problem_weight(c, weights) for c in rotated)


@given(scenarios(), st.integers(1, 6))
@settings(max_examples=100)
def test_a_batch_keeps_every_rule_and_never_repeats_or_resolves(scenario, count):
    bank, history, weights = scenario
    batch = plan_batch(bank, history, weights, count=count)
    ids = [c.id for c in batch]
    assert len(ids) == len(set(ids)) <= count
    assert not set(ids) & history.solved
    limit, _ = difficulty_window(history)
    assert all(c.difficulty <= limit for c in batch)
    previous = history.last_topic
    taken: set[int] = set()
    for pick in batch:
        eligible = _eligible(bank, History(outcomes=history.outcomes, solved=history.solved,
                                           starting_level=history.starting_level), exclude=taken)
        assert pick.module_index == min(c.module_index for c in eligible)
        same = [c for c in eligible if c.module_index == pick.module_index]
        if previous and any(c.main_topic != previous for c in same):
            assert pick.main_topic != previous
        previous = pick.main_topic
        taken.add(pick.id)


@given(scenarios(), st.integers(1, 6))
@settings(max_examples=150)
def test_the_folded_summary_reads_like_the_whole_history(scenario, count):
    """Generation reads a per-path summary folded one finished task at a time (GenerationState), not the history:
    the rules must choose exactly as they would from every outcome."""
    bank, history, weights = scenario
    short = History(outcomes=summarize(history.outcomes).outcomes(), solved=history.solved,
                    starting_level=history.starting_level, last_topic=history.last_topic)
    assert len(short.outcomes) <= 3
    assert difficulty_window(short) == difficulty_window(history)
    assert choose_next(bank, short, weights) == choose_next(bank, history, weights)
    assert plan_batch(bank, short, weights, count=count) == plan_batch(bank, history, weights, count=count)


def test_topic_weights_rise_with_failures_hints_and_interview_signals():
    weights = topic_weights([("tree", 0.9, 0, 0), ("graph", 0.2, 3, 2)], {"tree": 1.5})
    assert weights["graph"] == 0.8 + 1.5 + 0.5
    assert weights["tree"] == 0.1 + 1.5


def test_first_task_starts_at_the_starting_level():
    bank = [Candidate(id=1, module_index=0, difficulty=1), Candidate(id=2, module_index=0, difficulty=3),
            Candidate(id=3, module_index=0, difficulty=4)]
    assert choose_next(bank, History(starting_level=3), {}).id == 2


def test_outside_signals_add_to_an_unseen_topics_weight():
    assert topic_weights([], {"graph": 0.5}) == {"graph": 1.5}


@given(scenarios(), st.integers(1, 5))
@settings(max_examples=150)
def test_a_placed_level_leaves_easier_problems_while_others_up_to_the_maximum_are_left(scenario, placed):
    """Rule 6: with the placement set done, nothing below the placed level (or the target, when failures brought it
    lower) is set while the bank has an eligible problem at or above it; rules 1 and 4 hold inside that set."""
    bank, history, weights = scenario
    history.placed_level = placed
    pick = choose_next(bank, history, weights)
    eligible = _eligible(bank, history)
    if pick is None:
        assert not eligible
        return
    floor = min(placed, difficulty_window(history)[1])
    above = [c for c in eligible if c.difficulty >= floor]
    if above:
        assert pick.difficulty >= floor
        assert pick.module_index == min(c.module_index for c in above)
    assert pick.difficulty <= difficulty_window(history)[0]
    assert plan_batch(bank, history, weights, count=1) == [pick]
