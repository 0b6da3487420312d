"""The resume fixture set (resumes/tests/resume_set): 381 resumes of our own (297 tuning, 84 held-out), PDF and DOCX,
one column, two columns and tables, with the positions, years and skills a careful reader finds in them (labelled per
docs/resume-labelling.md).

The tuning part is what the rules were adjusted against; the held-out part never was, and is only scored in
aggregate: part A (heldout.json, 12), part B (heldout_b.json, 24), part C (heldout_c.json, 24) and part D
(heldout_d.json, 24); C and D were written and labelled blind on 2026-12-02, committed before they were scored, and
each scored once at the end of a round of work (C: 62% positions; D: 75%). Targets on the whole held-out part:
positions and years right on >= 90% of resumes, skills precision >= 0.95 and recall >= 0.92. They are NOT met (see
bench/parse_resume.py and docs/resumes.md): A + B + C + D scores positions 80%, years 94%, precision 0.93, recall
0.90. The floors below are the measured figures, pinned so that they cannot get worse unnoticed; they are floors, not
targets.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest

from resumes.tests import resume_set


def test_the_set_has_30_resumes_in_both_formats_and_every_layout_with_a_held_out_part_of_10():
    tuning = resume_set.load("tuning")
    heldout = [spec for part in resume_set.HELD_OUT for spec in resume_set.load(part)]
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


def test_tuning_part_keeps_its_measured_floors():
    # 297 resumes on 2026-12-02: positions 88%, years 97%, precision 0.97, recall 0.91. Each blind batch added to it
    # first scored far lower (positions 15% to 60%) and was then tuned against, so these say little about new resumes.
    score = resume_set.score("tuning")
    assert score.resumes >= 297
    assert score.positions_rate >= 0.87, score.misses
    assert score.years_rate >= 0.95, score.misses
    assert score.precision >= 0.96, score.misses
    assert score.recall >= 0.90, score.misses
    assert score.flags_right == score.resumes, score.misses


def test_held_out_parts_score_in_aggregate_only_and_keep_their_measured_floors():
    for part in resume_set.HELD_OUT:
        with pytest.raises(ValueError):
            resume_set.score(part, explain=True)
    part_a, part_b = resume_set.score("heldout"), resume_set.score("heldout_b")
    assert part_a.misses == [] and part_b.misses == []
    # Part A: positions 92%, years 100%, precision 0.895, recall 1.00 (0.90 / 0.98 before the taxonomy grew from 832
    # to 1,763 skills: A's labels name few long-tail tools); against the blind audit 0.98 / 0.92.
    assert part_a.positions_rate >= 0.9 and part_a.years_rate >= 0.9
    assert part_a.precision >= 0.89 and part_a.recall >= 0.95
    assert part_a.audited is not None and part_a.audited[0] >= 0.95
    assert part_a.flags_right == part_a.resumes
    # Part B, measured five times: positions 62% -> 75% -> 71% -> 88% -> 92%, years 88% -> 92% -> 88% -> 92% -> 96%,
    # precision 0.90-0.91, recall 0.88-0.89 (the last two after the t123-t257 and t258-t297 rounds).
    assert part_b.resumes == 24
    assert part_b.positions_rate >= 0.91 and part_b.years_rate >= 0.95
    assert part_b.precision >= 0.90 and part_b.recall >= 0.89
    assert part_b.flags_right == 24
    # Part C, scored once at 7e71195 (positions 62%, years 88%, precision 0.96, recall 0.89); read again after the
    # t258-t297 round: 67%, 92%, 0.96, 0.89. One injection missed.
    part_c = resume_set.score("heldout_c")
    assert part_c.resumes == 24 and part_c.misses == []
    assert part_c.positions_rate >= 0.66 and part_c.years_rate >= 0.91
    assert part_c.precision >= 0.95 and part_c.recall >= 0.88
    assert part_c.flags_right >= 23
    # Part D, scored once at 602a390: positions 75%, years 92%, precision 0.95, recall 0.88.
    part_d = resume_set.score("heldout_d")
    assert part_d.resumes == 24 and part_d.misses == []
    assert part_d.positions_rate >= 0.75 and part_d.years_rate >= 0.91
    assert part_d.precision >= 0.95 and part_d.recall >= 0.88
    assert part_d.flags_right == 24
    whole = part_a + part_b + part_c + part_d
    assert whole.resumes == 84 and whole.positions_rate >= 0.79 and whole.years_rate >= 0.93
    assert whole.precision >= 0.93 and whole.recall >= 0.89
