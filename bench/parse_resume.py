"""Benchmark: resume parse pipeline (extraction + cleaning + sections + skills + facts, no AI) vs bare pypdf.

Run from the repo root: /work/main/.venv/bin/python bench/parse_resume.py
Target: our pipeline within 1.5x of pypdf's bare `page.extract_text()` on the same 10-page PDF.

Also scores the resume fixture set (resumes/tests/resume_set): positions, years of experience, skills precision and
recall on the tuning part and on the held-out part, which the rules were never adjusted against: part A
(heldout.json, 12 resumes), part B (heldout_b.json, 24 resumes written and labelled blind per
docs/resume-labelling.md) and part C (heldout_c.json, 24 resumes, likewise by another writer, committed on
2026-12-02 before it was ever scored), part D (heldout_d.json, 24 resumes, likewise by a fourth writer) and part E
(heldout_e.json, 24 resumes, likewise by a fifth writer), part F (heldout_f.json, 24, a sixth writer), part G
(heldout_g.json, 24, a seventh writer), part H (heldout_h.json, 24, an eighth writer) and part I (heldout_i.json, 24,
a ninth writer, committed before any rule of its round), part K (heldout_k.json, 24, an eleventh writer, likewise;
a part J was withdrawn unscored after its text was shown to the lead) and part L (heldout_l.json, 24, a twelfth and a
thirteenth writer, likewise, session 10) and part M (heldout_m.json, 24, two more writers, likewise, session 10) and
part N (heldout_n.json, 24, two more writers, likewise, session 11) and part O (heldout_o.json, 24, two more writers
from a brief that asks for untidy, varied resumes, likewise, session 12) and parts P and Q (heldout_p.json,
heldout_q.json, 24 each, four more writers from the same brief, session 13) and part R (heldout_r.json, 24, two
more writers, committed before any rule of session 14) and part S (heldout_s.json, 24, two more writers, committed
before the session's second round) and part T (heldout_t.json, 24, two more writers, committed before any rule of
session 15) and part U (heldout_u.json, 24, two more writers, committed before any rule of session 16). Targets on
the whole held-out part (A to U): positions and years right on
>= 90% of resumes, skills precision >= 0.95,
recall >= 0.92. Each part's own figures are printed too, and part A's
skills
against a blind label audit (heldout_audit.json: a second annotator and an adjudicator who never saw the extractor's
output), informational: part A is scored on its own labels.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewmaster.settings")

import django  # noqa: E402

django.setup()

from pypdf import PdfReader  # noqa: E402

from resumes.extraction import extract_text  # noqa: E402
from resumes.services import parse_text  # noqa: E402
from resumes.tests import resume_set  # noqa: E402
from resumes.tests.documents import SAMPLE_LINES, docx_bytes, pdf_bytes  # noqa: E402

FILLER = [f"- Delivered feature {i} with Python, Django, PostgreSQL and Kubernetes; reviewed code and mentored."
          for i in range(25)]
LINES = SAMPLE_LINES + FILLER


def best_of(fn, repeat: int = 15) -> float:
    """The best CPU time of this process over `repeat` runs: other processes on the machine do not count in it (wall
    time put the ratio anywhere from 1.31x to 1.91x on a machine still busy after boot)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def bare_pypdf(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def pipeline(data: bytes, kind: str) -> dict:
    extracted = extract_text(io.BytesIO(data), kind)
    return parse_text(extracted.text)


def main() -> None:
    pdf = pdf_bytes(LINES, pages=10)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    docx = docx_bytes(LINES * 10, table=[["Skill", "Years"], ["Python", "8"], ["Go", "3"]])
    docx_pages = extract_text(io.BytesIO(docx), "docx").pages
    skills = len(pipeline(pdf, "pdf")["skills"])

    # Interleaved so that load from other processes hits both sides alike; the best run of each counts.
    bare = ours = float("inf")
    for _ in range(40):  # the best of many interleaved runs: 15 left the ratio 0.15 apart run to run
        bare = min(bare, best_of(lambda: bare_pypdf(pdf), repeat=1))
        ours = min(ours, best_of(lambda: pipeline(pdf, "pdf"), repeat=1))
    ours_docx = best_of(lambda: pipeline(docx, "docx"))
    ratio = ours / bare
    print(f"PDF  {pages} pages: bare pypdf {pages / bare:8.1f} pages/s ({bare * 1000:.1f} ms)")
    print(f"PDF  {pages} pages: pipeline  {pages / ours:8.1f} pages/s ({ours * 1000:.1f} ms, {skills} skills)")
    print(f"DOCX ~{docx_pages} pages: pipeline  {docx_pages / ours_docx:8.1f} pages/s ({ours_docx * 1000:.1f} ms)")
    status = "OK" if ratio <= 1.5 else "OVER TARGET"
    print(f"pdf pipeline {pages / ours:.1f} pages/s, docx {docx_pages / ours_docx:.1f} pages/s, ratio to bare pypdf "
          f"{ratio:.2f}x (target <= 1.50x) {status}")
    fixture_set(ratio)


def fixture_set(ratio: float) -> None:
    """The resume fixture set's figures, each held-out part and their sums; the last line has the headline figures."""
    tuning = resume_set.score("tuning")
    (part_a, part_b, part_c, part_d, part_e, part_f, part_g, part_h, part_i, part_k, part_l, part_m, part_n, part_o,
     part_p, part_q, part_r, part_s, part_t, part_u) = (resume_set.score(part) for part in resume_set.HELD_OUT)
    before_i = part_a + part_b + part_c + part_d + part_e + part_f + part_g + part_h
    before_l = before_i + part_i + part_k
    before_n = before_l + part_l + part_m
    before_o = before_n + part_n
    before_p = before_o + part_o
    before_r = before_p + part_p + part_q
    before_t = before_r + part_r + part_s
    heldout = before_t + part_t + part_u
    print(tuning.line())
    print(f"held-out part A {part_a.line()}")
    if part_a.audited:  # informational: part A is scored on heldout.json's own labels
        print(f"held-out part A against the blind label audit (heldout_audit.json): skills precision "
              f"{part_a.audited[0]:.2f} recall {part_a.audited[1]:.2f}")
    print(f"held-out part B {part_b.line()}")
    print(f"held-out part C {part_c.line()}")
    print(f"held-out part D {part_d.line()}")
    print(f"held-out part E {part_e.line()}")
    print(f"held-out part F {part_f.line()}")
    print(f"held-out part G {part_g.line()}")
    print(f"held-out part H {part_h.line()}")
    print(f"held-out part I {part_i.line()}")
    print(f"held-out part K {part_k.line()} (precision {part_k.precision:.3f}, recall {part_k.recall:.3f})")
    print(f"held-out part L {part_l.line()} (precision {part_l.precision:.3f}, recall {part_l.recall:.3f})")
    print(f"held-out part M {part_m.line()} (precision {part_m.precision:.3f}, recall {part_m.recall:.3f})")
    print(f"held-out part N {part_n.line()} (precision {part_n.precision:.3f}, recall {part_n.recall:.3f})")
    print(f"held-out part O {part_o.line()} (precision {part_o.precision:.3f}, recall {part_o.recall:.3f})")
    print(f"held-out part P {part_p.line()} (precision {part_p.precision:.3f}, recall {part_p.recall:.3f})")
    print(f"held-out part Q {part_q.line()} (precision {part_q.precision:.3f}, recall {part_q.recall:.3f})")
    print(f"held-out part R (written in session 14, first scored at the end of its first round) {part_r.line()} "
          f"(positions {part_r.positions_rate:.1%}, precision {part_r.precision:.4f}, recall {part_r.recall:.4f})")
    print(f"held-out part S (written in session 14, first scored at the end of its second round) {part_s.line()} "
          f"(positions {part_s.positions_rate:.1%}, precision {part_s.precision:.4f}, recall {part_s.recall:.4f}); "
          f"held-out A to R (the part before S) {(before_r + part_r).line()} (positions "
          f"{(before_r + part_r).positions_rate:.1%}, precision {(before_r + part_r).precision:.4f}, recall "
          f"{(before_r + part_r).recall:.4f})")
    print(f"held-out part U (written in session 16, first scored at its end) {part_u.line()} (positions "
          f"{part_u.positions_rate:.1%}, precision {part_u.precision:.4f}, recall {part_u.recall:.4f}); held-out A to "
          f"T (the part before U) {(before_t + part_t).line()} (positions {(before_t + part_t).positions_rate:.1%}, "
          f"precision {(before_t + part_t).precision:.4f}, recall {(before_t + part_t).recall:.4f})\n"
          f"held-out part T (written in session 15, first scored at its end) {part_t.line()} (positions "
          f"{part_t.positions_rate:.1%}, precision {part_t.precision:.4f}, recall {part_t.recall:.4f}); held-out A to "
          f"S (the part before T) {before_t.line()} (positions {before_t.positions_rate:.1%}, precision "
          f"{before_t.precision:.4f}, recall {before_t.recall:.4f})")
    print(f"held-out A to Q (the part before R) {before_r.line()} (positions {before_r.positions_rate:.1%}, "
          f"precision {before_r.precision:.4f}, recall {before_r.recall:.4f})")
    print(f"held-out P + Q (written in session 13, first scored at its end) {(part_p + part_q).line()} (positions "
          f"{(part_p + part_q).positions_rate:.1%}, precision {(part_p + part_q).precision:.4f}, recall "
          f"{(part_p + part_q).recall:.4f})")
    print(f"held-out A to O (the part before P) {before_p.line()} (positions {before_p.positions_rate:.1%}, "
          f"precision {before_p.precision:.4f}, recall {before_p.recall:.4f})")
    print(f"held-out A to N (the part before O) {before_o.line()} (positions {before_o.positions_rate:.1%}, "
          f"precision {before_o.precision:.4f}, recall {before_o.recall:.4f})")
    print(f"held-out A to M (the part before N) {before_n.line()} (precision {before_n.precision:.3f}, "
          f"recall {before_n.recall:.3f})")
    print(f"held-out A to K (the part before L) {before_l.line()} (precision {before_l.precision:.3f}, "
          f"recall {before_l.recall:.3f})")
    print(f"held-out A to L (the part before M) {(before_l + part_l).line()} (precision "
          f"{(before_l + part_l).precision:.3f}, recall {(before_l + part_l).recall:.3f})")
    print(f"held-out A to I (the part before K) {(before_i + part_i).line()} (precision "
          f"{(before_i + part_i).precision:.3f}, recall {(before_i + part_i).recall:.3f})\n"
          f"held-out A to H (the part before I) {before_i.line()} (precision {before_i.precision:.3f}, "
          f"recall {before_i.recall:.3f})")
    agree, annotated = resume_set.positions_agreement()
    b_to_i = part_b + part_c + part_d + part_e + part_f + part_g + part_h + part_i
    print(f"held-out B to I positions: the extractor {b_to_i.positions_right}/{b_to_i.resumes} "
          f"({b_to_i.positions_rate:.0%}); a blind second annotator (heldout_positions_audit.json) {agree}/{annotated} "
          f"({agree / annotated:.0%})")
    print(f"held-out G + H (the parts first scored on 2026-12-02, session 8) {(part_g + part_h).line()}")
    print(f"held-out A + B + C + D + E + F (the part before G) "
          f"{(part_a + part_b + part_c + part_d + part_e + part_f).line()}")
    print(f"held-out E + F (the parts first scored on 2026-12-02, later) {(part_e + part_f).line()}\n"
          f"held-out A + B + C + D (the part before E) {(part_a + part_b + part_c + part_d).line()}")
    print(f"held-out A + B (the part the targets were first set on) {(part_a + part_b).line()}")
    met = (heldout.positions_rate >= 0.9 and heldout.years_rate >= 0.9 and heldout.precision >= 0.95
           and heldout.recall >= 0.92)
    print(f"parse ratio {ratio:.2f}x (target <= 1.50x); held-out A to U {heldout.line()} "
          f"(positions {heldout.positions_rate:.1%}, precision {heldout.precision:.4f}, recall {heldout.recall:.4f}) "
          f"(targets: positions and years >= 90%, precision >= 0.95, recall >= 0.92) "
          f"{'OK' if met else 'BELOW TARGET'}")


if __name__ == "__main__":
    main()
