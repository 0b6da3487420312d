"""The resume fixture set (resumes/tests/resume_set): 94 resumes of our own (82 tuning, 12 held-out), PDF and DOCX,
one column, two columns and tables, with the positions, years and skills a careful reader finds in them.

The tuning part is what the rules were adjusted against; the held-out part never was, and is only scored in
aggregate. Targets on the held-out part: positions and years right on >= 90% of resumes, skills precision >= 0.95 and
recall >= 0.92. The held-out floors below are the measured figures (see bench/parse_resume.py); skills precision is
below its 0.95 target there (0.89 when first scored, 0.91 after the precision work of issue 16, 0.90 after the
t68-t82 work, both tuned on tuning.json only) and the test pins that floor so it cannot get worse unnoticed. Against
the blind label audit (heldout_audit.json) the same output scores precision 0.99, recall 0.90: the gap is largely in
what the labels count, which is why both are reported and neither is called met.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest

from resumes.tests import resume_set


def test_the_set_has_30_resumes_in_both_formats_and_every_layout_with_a_held_out_part_of_10():
    tuning, heldout = resume_set.load("tuning"), resume_set.load("heldout")
    everything = tuning + heldout
    assert len(everything) >= 30 and len(heldout) >= 10
    assert {spec["kind"] for spec in heldout} == {"pdf", "docx"}
    assert Counter(spec["layout"] for spec in everything).keys() == {"one_column", "two_column", "table"}
    assert len({spec["id"] for spec in everything}) == len(everything)
    assert any(spec["expected"].get("flagged") for spec in tuning)


@pytest.mark.parametrize("spec", resume_set.load("tuning")[:4], ids=lambda s: s["id"])
def test_every_rendered_resume_is_a_real_document_of_its_kind(spec):
    from resumes.validation import check_upload

    data = resume_set.render(spec)
    assert check_upload(io.BytesIO(data), size=len(data)).kind == spec["kind"]


def test_tuning_part_meets_the_targets():
    score = resume_set.score("tuning")
    assert score.resumes >= 20
    assert score.positions_rate >= 0.9, score.misses
    assert score.years_rate >= 0.9, score.misses
    assert score.precision >= 0.95, score.misses
    assert score.recall >= 0.92, score.misses
    assert score.flags_right == score.resumes, score.misses


def test_held_out_part_scores_in_aggregate_only_and_keeps_its_measured_floor():
    with pytest.raises(ValueError):
        resume_set.score("heldout", explain=True)
    score = resume_set.score("heldout")
    assert score.misses == []
    assert score.positions_rate >= 0.9
    assert score.years_rate >= 0.9
    assert score.recall >= 0.92
    assert score.precision >= 0.9  # target 0.95, measured 0.90: below target, reported as such
    assert score.audited is not None and score.audited[0] >= 0.95  # the audit's figures, informational floors
    assert score.flags_right == score.resumes
