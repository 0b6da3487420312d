"""Peer percentiles from quantile cut points."""

from hypothesis import given
from hypothesis import strategies as st

from analytics.cohorts import cutpoints, percentile_of

scores = st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=1, max_size=300)


def test_cutpoints_are_101_whatever_the_cohort_size():
    assert len(cutpoints(range(20))) == 101
    assert len(cutpoints(range(5000))) == 101
    assert cutpoints([]) == []


def test_best_and_worst_of_a_cohort():
    points = cutpoints([float(n) for n in range(1, 101)])
    assert percentile_of(1000.0, points) == 100
    assert percentile_of(-1.0, points) == 0
    assert 45 <= percentile_of(50.0, points) <= 55


@given(scores, st.floats(min_value=0, max_value=100, allow_nan=False),
       st.floats(min_value=0, max_value=100, allow_nan=False))
def test_a_higher_score_never_has_a_lower_percentile(values, a, b):
    points = cutpoints(values)
    low, high = sorted((a, b))
    assert percentile_of(low, points) <= percentile_of(high, points)


@given(scores)
def test_cutpoints_are_sorted_and_span_the_cohort(values):
    points = cutpoints(values)
    assert points == sorted(points)
    assert min(values) == points[0] and max(values) == points[-1]
