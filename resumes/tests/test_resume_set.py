"""The resume fixture set (resumes/tests/resume_set): 3,653 resumes of our own (3,041 tuning, 612 held-out), PDF and
DOCX, one column, two columns and tables, with the positions, years and skills a careful reader finds in them
(labelled per docs/resume-labelling.md).

The tuning part is what the rules were adjusted against; the held-out part never was, and is only scored in aggregate:
part A (heldout.json, 12), part B (heldout_b.json, 24), parts C to I and K to Z and AA (heldout_c.json ...
heldout_z.json, heldout_aa.json, 24 each), each of C-AA written and labelled blind by its own writers, committed
before it was scored, and scored once at the end of a round of work (C: 62% positions; D: 75%; E: 92%; F: 71%; G: 92%;
H: 67%; I: 75%; K: 88%; L: 79%; M: 75%; N: 83%; O: 62.5%; P: 75%; Q: 92%; R: 75%; S: 87.5%; T: 83%; U: 96%; V: 92%; W:
79%; X: 87.5%; Y: 75%; Z: 71%; AA: 54%); a part J was withdrawn unscored when its text was shown to the lead. Targets
on the whole held-out part: positions and years right on >= 90% of resumes, skills precision >= 0.95 and recall >=
0.92. Positions are NOT met (see bench/parse_resume.py and docs/resumes.md): A..AA (612) scores positions 83.66%,
years 95.26%, precision 0.9596, recall 0.9259 under the scorer that compares every script's letters (session 17; the
one before compared only ASCII letters, and read A..U 85.5% where this one reads 84.2%). The floors below are the
measured figures, pinned so that they cannot get worse unnoticed; they are floors, not targets.
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


def test_a_blind_second_annotator_writes_the_held_out_positions_as_the_labels_do():
    # 189 of 192 on 2026-12-02 (session 9): the positions target (90%) is well within a careful reader's reach.
    agree, annotated = resume_set.positions_agreement()
    assert annotated == 192 and agree >= 185


@pytest.mark.parametrize(("expected", "found", "same"), [
    (("主任技師", "東海オートシステムズ株式会社"), ("", "東海オートシステムズ株式会社"), False),
    (("인턴", "NHN(주)"), ("인턴", "NHN"), False),
    (("Kıdemli Geliştirici", "Ege Yazılım"), ("Kıdemli Geliştirici", "İstanbul"), False),
    # case, punctuation, spacing and full-width forms are no difference
    (("システムエンジニア（客先常駐）", "日本テクノサービス株式会社"),
     ("システムエンジニア(客先常駐)", "日本テクノサービス株式会社"), True),
    (("Senior Engineer, Platform", "ACME Corp."), ("senior engineer – platform", "Acme Corp"), True),
])
def test_the_scorer_compares_the_letters_of_every_script(expected, found, same):
    position = {"start": "2020-04", "end": None}
    assert resume_set._same_position(dict(position, title=expected[0], company=expected[1]),
                                     dict(position, title=found[0], company=found[1], current=True)) is same


def test_tuning_part_keeps_its_measured_floors():
    # 1,061 resumes at the end of session 9: positions 85.3%, years 97.3%, precision 0.967, recall 0.8995 (797 in
    # session 8: 84.7%, 97.5%, 0.969, 0.897; the 264 added in session 9 first scored 5% to 90% on positions). Each
    # blind batch added to it first scored far lower and was then tuned against, so these say little about new resumes.
    # Session 12 added 360 blind resumes (t1062-t1421, 18 batches written from a brief that asks for untidy, varied
    # resumes; first scored 20% to 75% on positions, 55% overall) and tuned against them: 1,421 resumes at its end,
    # positions 85.8%, years 96.8%, precision 0.9640, recall 0.9182 (the 1,061 before: 88.0%, 97.7%, 0.9664, 0.9243).
    # Session 13 added 480 more (t1422-t1901, 24 batches from the same brief; first scored 30% to 85% on positions,
    # rising from 63% on average in its first round to 80% in its third) and tuned against them: 1,901 resumes at its
    # end, positions 86.1%, years 96.3%, precision 0.9629, recall 0.9255.
    # Session 14 added 120 more (t1902-t2021, six batches; first scored 45% to 85% on positions, 68% overall; the
    # batch steered to dates in a column of their own 45%) and tuned against them: 2,021 resumes, positions 85.55%
    # (the 1,901 before: 86.22%), years 96.3%, precision 0.9629, recall 0.9254. Its second round added 120 more
    # (t2022-t2141; first scored 60% to 90%, 73% overall): 2,141 resumes, positions 85.85%, years 96.3%, precision
    # 0.9626, recall 0.9258. A third round added 120 more (t2142-t2261; first scored 60% to 100%, 75% overall):
    # 2,261 resumes, positions 85.7%, years 96.15%, precision 0.9625, recall 0.9259.
    # Session 15 added 360 more in three rounds (t2262-t2621, 18 batches; first scored 15% to 90% on positions, 59%,
    # 62.5% and 64% per round; the batches steered to contractors and to students and seniors lowest) and tuned
    # against them: 2,621 resumes, positions 84.0% (the 2,261 before: 1,937 -> 1,956 right), years 95.8%.
    # Session 16 added 120 more (t2622-t2741, six batches; first scored 25% to 85% on positions, 52.5% overall; the
    # public-sector and senior batches lowest) and tuned against them: 2,741 resumes, positions 83.66% (the 2,621
    # before: 2,202 -> 2,214 right; the new 120: 63 -> 79), years 95.8%, precision 0.9627, recall 0.9267. A second
    # round's rules took it to 2,296; then 140 more (t2742-t2881, seven mostly natural-mix batches, first scored 75% to
    # 95%, 118 of 140) were added untuned: 2,881 resumes, positions 83.79%, years 95.83%, precision 0.9630, recall
    # 0.9271.
    # Session 17 found the scorer compared only ASCII letters and digits: a Japanese, Chinese or Korean title or
    # employer compared equal to any other (even an empty one), and "(주)" dropped from an employer went unseen. Scored
    # with every script's letters, the same rules read 2,370 of 2,881 tuning resumes right (82.26%), not 2,414.
    # Session 17 added 80 more (t2882-t2961, four natural-mix batches, first scored 75% to 90%, 66 of 80) and tuned
    # against them and the 140 before: 2,961 resumes, positions 84.06% (2,489; 2,436 before the session's rules, under
    # the every-script scorer), years 95.81%, precision 0.9630, recall 0.9279.
    # Session 18 added 80 more (t2962-t3041, four batches by four blind writers, first scored 70% to 80%, 62 of 80)
    # and tuned against them and the 2,961 before: 3,041 resumes, positions 84.41% (2,567; 2,489 of the 2,961 before
    # the session's rules), years 95.76% (the new resumes' years first scored 85% to 95%), precision 0.9631, recall
    # 0.9280. Its later rounds (rules against the misses of the whole tuning part) took it to positions 85.96%
    # (2,614), years 96.38% (2,931), precision 0.9631, recall 0.9280.
    score = resume_set.score("tuning")
    assert score.resumes >= 3041
    # Session 19's rounds (rules against the misses of the whole tuning part, then a review's fixes): positions 86.71%
    # (2,637), years 96.51% (2,935), precision 0.9631, recall 0.9280. Session 20's (likewise, two reviews' fixes):
    # positions 87.70% (2,667), years 96.71% (2,941), precision 0.9631, recall 0.9280. Session 21's (likewise, four
    # reviews' fixes): positions 88.23% (2,683), years 96.88% (2,946), precision 0.9631, recall 0.9280.
    assert score.positions_rate >= 0.882, score.misses
    assert score.years_rate >= 0.968, score.misses
    assert score.precision >= 0.963, score.misses
    assert score.recall >= 0.928, score.misses
    assert score.flags_right == score.resumes, score.misses


def test_held_out_parts_score_in_aggregate_only_and_keep_their_measured_floors():
    for part in resume_set.HELD_OUT:
        with pytest.raises(ValueError):
            resume_set.score(part, explain=True)
    part_a, part_b = resume_set.score("heldout"), resume_set.score("heldout_b")
    assert part_a.misses == [] and part_b.misses == []
    # Part A: positions 92%, years 100%, precision 0.88, recall 1.00 (its labels name fewer skills than the guide asks);
    # against the blind audit 0.98 / 0.93. After session 11's skill rounds: precision 0.867 (one more skill found that
    # its labels lack), audit 0.977 / 0.940.
    assert part_a.positions_rate >= 0.9 and part_a.years_rate >= 0.9
    assert part_a.precision >= 0.86 and part_a.recall >= 0.95
    assert part_a.audited is not None and part_a.audited[0] >= 0.95
    assert part_a.flags_right == part_a.resumes
    # Part B, measured seven times: positions 62% -> 75% -> 71% -> 88% -> 92% -> 96% -> 96%, precision 0.90-0.91,
    # recall 0.88-0.92 (B is no clean measure: read repeatedly between rounds).
    assert part_b.resumes == 24
    assert part_b.positions_rate >= 0.95 and part_b.years_rate >= 0.95
    assert part_b.precision >= 0.90 and part_b.recall >= 0.93  # session 11: 0.902, 0.936
    assert part_b.flags_right == 24
    # Part C, scored once at 7e71195 (62%, 88%, 0.96, 0.89); read again after later rounds: 75%, 96%, 0.965, 0.901;
    # after the session-8 round 71%, 96%, 0.966, 0.910 (one resume's positions got worse). One injection missed.
    part_c = resume_set.score("heldout_c")
    assert part_c.resumes == 24 and part_c.misses == []
    assert part_c.positions_rate >= 0.70 and part_c.years_rate >= 0.95
    # session 9's rules lost C one skill (0.910 -> 0.908); session 11's skill rules: 0.954, 0.928
    assert part_c.precision >= 0.95 and part_c.recall >= 0.925
    assert part_c.flags_right >= 23
    # Part D, scored once at 602a390 (75%, 92%, 0.95, 0.88); 79%, 92%, 0.960, 0.897; after session 8 79%, 92%, 0.962,
    # 0.910; after session 9 83%, 92%, 0.962, 0.910.
    part_d = resume_set.score("heldout_d")
    assert part_d.resumes == 24 and part_d.misses == []
    assert part_d.positions_rate >= 0.83 and part_d.years_rate >= 0.91
    assert part_d.precision >= 0.96 and part_d.recall >= 0.925  # session 11: 0.963, 0.928
    assert part_d.flags_right == 24
    # Parts E and F, each scored once at 29dbda4 (after the t298-t517 rounds): E 92%, 100%, 0.963, 0.885; F 71%, 92%,
    # 0.957, 0.869. After the session-8 round: E 92%, 100%, 0.959, 0.897; F 75%, 92%, 0.956, 0.882; after its review
    # round E lost one resume (88%, 96%).
    part_e, part_f = resume_set.score("heldout_e"), resume_set.score("heldout_f")
    assert part_e.resumes == 24 and part_f.resumes == 24 and part_e.misses == [] and part_f.misses == []
    assert part_e.positions_rate >= 0.875 and part_e.years_rate >= 0.95
    assert part_e.precision >= 0.95 and part_e.recall >= 0.915  # session 11: 0.958, 0.919
    assert part_f.positions_rate >= 0.83 and part_f.years_rate >= 0.95  # after session 9: 83%, 96%
    assert part_f.precision >= 0.95 and part_f.recall >= 0.91  # session 11: 0.960, 0.915
    assert part_e.flags_right == 24 and part_f.flags_right == 24
    # Part G, committed (555a2b7) before any rule of its round changed, scored once at 5ae6b7a: 92%, 100%, 0.965, 0.895.
    # Session 13's rules lost it one resume's positions and some precision: 87.5%, 100%, 0.954, 0.918.
    part_g = resume_set.score("heldout_g")
    assert part_g.resumes == 24 and part_g.misses == []
    assert part_g.positions_rate >= 0.875 and part_g.years_rate >= 0.99
    assert part_g.precision >= 0.954 and part_g.recall >= 0.915  # session 11: 0.956, 0.918
    assert part_g.flags_right == 24
    # Part H, committed (a3f11a2) before the review round changed any rule, scored once at bf3fbbe: 67%, 100%, 0.964,
    # 0.859.
    part_h = resume_set.score("heldout_h")
    assert part_h.resumes == 24 and part_h.misses == []
    assert part_h.positions_rate >= 0.75 and part_h.years_rate >= 0.99  # after session 9: 71%; session 11: 75%
    assert part_h.precision >= 0.96 and part_h.recall >= 0.875  # session 11: 0.971, 0.876
    assert part_h.flags_right == 24


def _keeps(score, *, resumes, positions, years, precision, recall, flags=None):
    """A held-out part's (or several parts') pinned floors, read in aggregate only."""
    assert score.resumes == resumes and score.misses == []
    assert score.positions_rate >= positions and score.years_rate >= years
    assert score.precision >= precision and score.recall >= recall
    if flags is not None:
        assert score.flags_right >= flags
    return score


def test_the_parts_of_session_nine_and_the_whole_held_out_part_keep_their_measured_floors():
    # Part I, committed (9cc8ce5) before any rule of its round was committed, scored once after session 9's first
    # round: 75%, 100%, 0.976, 0.941 (the same after the later rounds).
    part_i = resume_set.score("heldout_i")
    # After session 11's skill rules: 0.960, 0.959.
    _keeps(part_i, resumes=24, positions=0.75, years=0.99, precision=0.96, recall=0.955, flags=24)
    # Part K, committed (f983885) before any rule of its round was committed, scored once at the end of session 9:
    # 88%, 100%, 0.979, 0.938; 23 of 24 injection flags right.
    part_k = resume_set.score("heldout_k")
    _keeps(part_k, resumes=24, positions=0.875, years=0.99, precision=0.98, recall=0.945, flags=23)  # s11: .982 .946
    before_i = sum((resume_set.score(part) for part in resume_set.HELD_OUT[1:8]), resume_set.score("heldout"))
    _keeps(before_i, resumes=180, positions=0.84, years=0.96, precision=0.95, recall=0.915)  # s11: .951 .915
    # Part L, committed (d50e9fd) before any rule of its round was committed, scored once at the end of session 10's
    # round: 79%, 92%, 0.971, 0.904; 23 of 24 injection flags right.
    part_l = resume_set.score("heldout_l")
    _keeps(part_l, resumes=24, positions=0.79, years=0.91, precision=0.965, recall=0.92, flags=23)  # s11: .968 .922
    before_l = before_i + part_i + part_k
    _keeps(before_l, resumes=228, positions=0.835, years=0.97, precision=0.955, recall=0.92)  # s11: .955 .922
    before_m = before_l + part_l
    _keeps(before_m, resumes=252, positions=0.83, years=0.965, precision=0.955, recall=0.92)  # s11: .956 .922
    # Part M, committed (ac2c117) before any rule of its round was committed, scored once at the end of session 10:
    # 75%, 100%, 0.968, 0.891; 24 of 24 injection flags right.
    part_m = resume_set.score("heldout_m")
    _keeps(part_m, resumes=24, positions=0.75, years=0.99, precision=0.955, recall=0.91, flags=24)  # s11: .958 .913
    _keeps(before_m + part_m, resumes=276, positions=0.825, years=0.97, precision=0.955, recall=0.92)  # s11: .957 .922
    # Part N, committed (6be5876) before any rule of its round was committed, scored once at the end of session 11's
    # skill rounds: positions 83%, years 92%, precision 0.967, recall 0.922; 24 of 24 injection flags right.
    part_n = resume_set.score("heldout_n")
    _keeps(part_n, resumes=24, positions=0.83, years=0.91, precision=0.965, recall=0.92, flags=24)
    # The whole held-out part, A to N (300): positions 82.7%, years 96.7%, precision 0.9575, recall 0.9215 (0.9576 and
    # 0.9214 after the review's fixes); after session 12's rules 84.7%, 97.0%, 0.9575, 0.9227, and after its review's
    # fixes 84.3% (one resume fewer).
    a_to_n = before_m + part_m + part_n
    _keeps(a_to_n, resumes=300, positions=0.84, years=0.965, precision=0.955, recall=0.92)
    # Part O, committed (edba218) before any rule of session 12 was committed, written from the new brief (untidy,
    # varied resumes), scored once at the end of the session's rounds: positions 62.5%, years 83.3%, precision 0.946,
    # recall 0.877; 24 of 24 injection flags right.
    part_o = resume_set.score("heldout_o")
    _keeps(part_o, resumes=24, positions=0.62, years=0.83, precision=0.945, recall=0.875, flags=24)
    # The whole held-out part, A to O (324): positions 83.0%, years 96.0%, precision 0.9567, recall 0.9194 (82.7% after
    # the review's fixes).
    # After session 13's rules: A to N 85.3%, 98.0%, 0.9575, 0.9240; part O 75%, 83%, 0.947, 0.893; A to O 84.6%,
    # 96.9%, 0.9568, 0.9218.
    # Session 17's every-script scorer: A to O 84.3% (O: 16 of 24, two Japanese or Korean titles it had not compared).
    _keeps(a_to_n + part_o, resumes=324, positions=0.84, years=0.965, precision=0.955, recall=0.92)
    # Parts P and Q, written from the same brief, P committed (4bc512c) before any rule of session 13 was committed, Q
    # (024171b) before the session's later rules; each scored once at the end of its rounds: P positions 75%, years
    # 100%, precision 0.965, recall 0.923; Q 92%, 96%, 0.973, 0.935; 24 of 24 injection flags right in each.
    part_p, part_q = resume_set.score("heldout_p"), resume_set.score("heldout_q")
    _keeps(part_p, resumes=24, positions=0.75, years=0.99, precision=0.965, recall=0.92, flags=24)
    _keeps(part_q, resumes=24, positions=0.91, years=0.95, precision=0.97, recall=0.935, flags=24)
    # The whole held-out part, A to Q (372): positions 84.4%, years 97.0%, precision 0.9584, recall 0.9228 (the same
    # after session 14's rules: none of its 372 resumes read differently).
    a_to_q = a_to_n + part_o + part_p + part_q
    _keeps(a_to_q, resumes=372, positions=0.84, years=0.97, precision=0.958, recall=0.922)
    # Part R, committed (3331089) before any rule of session 14 was committed, scored once at the end of its round:
    # positions 75%, years 92%, precision 0.969, recall 0.922; 24 of 24 injection flags right.
    part_r = resume_set.score("heldout_r")
    # (70.8% under session 17's every-script scorer: one title in another script it had not compared)
    _keeps(part_r, resumes=24, positions=0.70, years=0.91, precision=0.965, recall=0.92, flags=24)
    # The whole held-out part, A to R (396): positions 83.8%, years 96.7%, precision 0.9591, recall 0.9227 (the same
    # after the session's second round).
    _keeps(a_to_q + part_r, resumes=396, positions=0.835, years=0.965, precision=0.958, recall=0.922)
    # Part S, committed (2f6f6fb) before any rule of session 14's second round was committed, scored once at the end
    # of it: positions 87.5%, years 92%, precision 0.956, recall 0.916; 24 of 24 injection flags right.
    part_s = resume_set.score("heldout_s")
    _keeps(part_s, resumes=24, positions=0.875, years=0.91, precision=0.955, recall=0.915, flags=24)
    # The whole held-out part, A to S (420): positions 84.0%, years 96.4%, precision 0.9589, recall 0.9223 (the same
    # after session 15's rules: none of its 420 resumes read differently).
    _keeps(a_to_q + part_r + part_s, resumes=420, positions=0.84, years=0.96, precision=0.958, recall=0.922)
    # Part T, committed (792ffe0) before any rule of session 15 was committed, scored once at the session's end:
    # positions 83% (20 of 24; the rules before the session read 19), years 92%, precision 0.97, recall 0.91; 24 of
    # 24 injection flags right.
    part_t = resume_set.score("heldout_t")
    # (79.2% under session 17's every-script scorer and rules: 19 of 24; the scorer alone read 18)
    _keeps(part_t, resumes=24, positions=0.79, years=0.91, precision=0.965, recall=0.905, flags=24)
    # The whole held-out part, A to T (444): positions 84.0%, years 96.2%, precision 0.9596, recall 0.9217; after
    # session 16's rules: 84.9% (377), years 96.2%, precision 0.9596, recall 0.9217.
    # Under session 17's every-script scorer and rules: 84.0% (373).
    _keeps(a_to_q + part_r + part_s + part_t, resumes=444, positions=0.84, years=0.96, precision=0.959,
           recall=0.921)
    # Part U, committed (b627e7f) before any rule of session 16 was committed, scored once at the session's end:
    # positions 95.8% (23 of 24; the rules before the session read 23 too), years 95.8%, precision 0.970, recall
    # 0.951; 24 of 24 injection flags right. The whole held-out part, A to U (468): positions 85.5%, years 96.15%,
    # precision 0.9602, recall 0.9232.
    part_u = resume_set.score("heldout_u")
    _keeps(part_u, resumes=24, positions=0.95, years=0.95, precision=0.97, recall=0.95, flags=24)
    # Session 17 found that the scorer compared only ASCII letters: under one that compares every script's, the
    # session-start rules read A to U 84.19% (394, not 400); session 17's rules 84.62% (396), years 96.15%, precision
    # 0.9602, recall 0.9234.
    a_to_u = a_to_q + part_r + part_s + part_t + part_u
    _keeps(a_to_u, resumes=468, positions=0.846, years=0.96, precision=0.96, recall=0.923)
    # Part V, committed (d4febe0) before any rule of session 17's rounds was committed, scored once at the session's
    # end: positions 91.7% (22 of 24; the session-start rules read 21), years 91.7%, precision 0.963, recall 0.936; 24
    # of 24 injection flags right. The whole held-out part, A to V (492): positions 84.96% (418), years 95.93%,
    # precision 0.9604, recall 0.9240.
    part_v = resume_set.score("heldout_v")
    _keeps(part_v, resumes=24, positions=0.91, years=0.91, precision=0.96, recall=0.93, flags=24)
    # (under session 18's rules: A to V 85.77%, 422; the session-start rules read 418; under session 20's: 86.18%, 424)
    a_to_v = a_to_u + part_v
    _keeps(a_to_v, resumes=492, positions=0.861, years=0.959, precision=0.96, recall=0.924)
    # Part W, committed (3c14415) before any rule of session 18 was committed, scored once at the session's end:
    # positions 79.2% (19 of 24; the session-start rules read 19 too), years 87.5% (21), precision 0.966, recall
    # 0.931; 24 of 24 injection flags right. The whole held-out part, A to W (516): positions 85.47% (441; 437 under
    # the session-start rules), years 95.54%, precision 0.9607, recall 0.9244 (positions below the 90% target).
    _keeps(part_w := resume_set.score("heldout_w"), resumes=24,
           positions=0.79, years=0.875, precision=0.965, recall=0.93, flags=24)
    # (under session 19's rules: A to V 85.98%, 423; A to W 85.66%, 442; under session 20's: A to W 85.85%, 443)
    _keeps(a_to_v + part_w, resumes=516, positions=0.858, years=0.955, precision=0.96, recall=0.924)
    # Part X, committed (a617493) before any rule of session 19 was committed, scored once at the session's end:
    # positions 87.5% (21 of 24; the session-start rules read 21 too), years 95.8% (23), precision 0.948, recall 0.947;
    # 24 of 24 injection flags right. The whole held-out part, A to X (540): positions 85.74% (463), years 95.56%,
    # precision 0.9601, recall 0.9254 (positions below the 90% target).
    # (under session 20's rules: A to X 85.93%, 464)
    _keeps(a_to_x := a_to_v + part_w + _keeps(resume_set.score("heldout_x"), resumes=24, positions=0.875, years=0.95,
                                               precision=0.948, recall=0.946, flags=24),
           resumes=540, positions=0.859, years=0.955, precision=0.96, recall=0.925)
    # Part Y, committed (8d02ec7) before any rule of session 20 was committed, scored once at the session's end (after
    # two reviews' fixes): positions 75.0% (18 of 24; the session-start rules read 18 too), years 91.7% (22), precision
    # 0.965, recall 0.937; 24 of 24 injection flags right. The whole held-out part, A to Y (564): positions 85.46%
    # (482), years 95.39%, precision 0.9603, recall 0.9259 (positions below the 90% target).
    # (under session 21's rules: A to Y 85.46%, 482, the same)
    _keeps(a_to_y := a_to_x + _keeps(resume_set.score("heldout_y"), resumes=24, positions=0.75, years=0.91,
                                     precision=0.964, recall=0.936, flags=24),
           resumes=564, positions=0.854, years=0.953, precision=0.96, recall=0.925)
    # Part Z, committed (10b14ed) before any rule of session 21 was committed, scored once at the session's end (after
    # four reviews' fixes): positions 70.8% (17 of 24; the session-start rules read 17 too), years 95.8% (23), precision
    # 0.959, recall 0.923; 24 of 24 injection flags right. The whole held-out part, A to Z (588): positions 84.86%
    # (499), years 95.41%, precision 0.9602, recall 0.9258 (positions below the 90% target).
    a_to_z = _keeps(a_to_y + _keeps(resume_set.score("heldout_z"), resumes=24, positions=0.70, years=0.95,
                                    precision=0.958, recall=0.922, flags=24),
                    resumes=588, positions=0.848, years=0.954, precision=0.96, recall=0.925)
    # Part AA, committed (7703e88) before anything of session 23 was committed, scored once, with the session-start
    # rules (no position rule changed in session 23): positions 54.2% (13 of 24), years 91.7% (22), precision 0.9436,
    # recall 0.9292; 24 of 24 injection flags right. The whole held-out part, A to AA (612): positions 83.66% (512),
    # years 95.26%, precision 0.9596, recall 0.9259 (positions below the 90% target).
    _keeps(a_to_z + _keeps(resume_set.score("heldout_aa"), resumes=24, positions=0.54, years=0.91, precision=0.943,
                           recall=0.929, flags=24),
           resumes=612, positions=0.836, years=0.952, precision=0.959, recall=0.925)
