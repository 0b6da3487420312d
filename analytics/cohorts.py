"""Anonymous peer comparison: where a candidate's category average falls among candidates with the same target role
and level. Only quantile cut points of a cohort are stored (never an individual's score), and a percentile is shown
only when the cohort has at least ANALYTICS_COHORT_MIN people."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

QUANTILES = 100


def cutpoints(values: Sequence[float]) -> list[float]:
    """The 0th..100th percentiles of `values` (nearest-rank), 101 numbers whatever the cohort's size."""
    ordered = sorted(values)
    if not ordered:
        return []
    last = len(ordered) - 1
    return [ordered[round(q * last / QUANTILES)] for q in range(QUANTILES + 1)]


def percentile_of(value: float, points: Sequence[float]) -> int | None:
    """The share of the cohort (0–100) scoring below `value`, ties counted half: the mid-rank percentile."""
    if not points:
        return None
    below = bisect_left(points, value)
    through = bisect_right(points, value)
    share = (below + through) / 2 / len(points)
    return max(0, min(100, round(share * 100)))
