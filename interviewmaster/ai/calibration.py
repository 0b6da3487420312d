"""The evaluator's calibration: run any provider's `evaluate_answer` over `data/evaluation/calibration.json` and
compare its scores with our human grades (issue 10).

The set is split by question into a `tune` half and a `holdout` half. Grading rules may be adjusted against the
tune half only; the holdout half measures what the rules do on answers they were not fitted to. Every figure is
reported for both halves and for the whole set.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

FORMAT = "interviewmaster.calibration/v1"
KINDS = ("strong", "mediocre", "evasive", "gaming")
GAMING_TRICKS = ("keyword_list", "hollow_template", "bare_claim", "grader_instruction")
SPLITS = ("tune", "holdout")


def default_path() -> Path:
    return Path(settings.BASE_DIR) / "data" / "evaluation" / "calibration.json"


@dataclass
class Scored:
    question_id: str
    split: str
    answer_id: str
    kind: str
    grade: int
    score: float
    gaming: str = ""
    flags: list[str] = field(default_factory=list)


def load(path: Path | None = None) -> list[dict]:
    """The calibration questions, each joined with its bank question; raises ValueError naming what is wrong."""
    from interviews.question_bank import read_bank

    data = json.loads((path or default_path()).read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"calibration file format must be {FORMAT!r}")
    bank = {q["id"]: q for _f, _i, q in read_bank().questions}
    rows = []
    for entry in data["questions"]:
        question = bank.get(entry["question_id"])
        if question is None:
            raise ValueError(f"calibration question {entry['question_id']!r} is not in the question bank")
        if entry.get("split") not in SPLITS:
            raise ValueError(f"{entry['question_id']}: split must be one of {SPLITS}")
        rows.append({**entry, "question": question})
    return rows


def inputs_for(question: dict, answer: dict) -> dict[str, Any]:
    inputs: dict[str, Any] = {"question": question, "answer": {"text": answer["text"], "code": answer.get("code", ""),
                                                              "language": answer.get("language", "")}}
    if answer.get("test_results"):
        inputs["test_results"] = answer["test_results"]
    return inputs


def score_all(evaluate: Callable[[dict], dict], rows: list[dict]) -> list[Scored]:
    scored = []
    for entry in rows:
        for answer in entry["answers"]:
            data = evaluate(inputs_for(entry["question"], answer))
            scored.append(Scored(entry["question_id"], entry["split"], answer["id"], answer["kind"],
                                 int(answer["grade"]), float(data["score"]), answer.get("gaming", ""),
                                 list(data.get("flags") or [])))
    return scored


def _ranks(values: list[float]) -> list[float]:
    """Average ranks (ties share the mean rank), as Spearman needs."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float:
    if len(xs) < 2:
        return 0.0
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def misorderings(scored: list[Scored], *, same_question: bool = True) -> list[tuple[Scored, Scored]]:
    """Pairs (better-graded, worse-graded) where the worse-graded answer scored at least as high, worst (largest
    score inversion) first: on the same question, or across questions (what lowers the pooled Spearman)."""
    pairs = []
    for a in scored:
        for b in scored:
            if (a.question_id == b.question_id) == same_question and a.grade > b.grade and a.score <= b.score:
                pairs.append((a, b))
    return sorted(pairs, key=lambda p: p[0].score - p[1].score)


def ordered_on_every_question(scored: list[Scored]) -> list[str]:
    """Questions where strong > mediocre > evasive does NOT hold (empty = all good)."""
    bad = []
    for question_id in dict.fromkeys(s.question_id for s in scored):
        by_kind: dict[str, list[float]] = {}
        for s in scored:
            if s.question_id == question_id:
                by_kind.setdefault(s.kind, []).append(s.score)
        strong, mediocre, evasive = by_kind["strong"], by_kind["mediocre"], by_kind["evasive"]
        if not (min(strong) > max(mediocre) and min(mediocre) > max(evasive)):
            bad.append(question_id)
    return bad


@dataclass
class Figures:
    name: str
    answers: int
    spearman: float
    gaming_max: float
    misordered_questions: list[str]

    def line(self) -> str:
        order = "ok" if not self.misordered_questions else f"broken on {len(self.misordered_questions)}"
        return (f"{self.name}: {self.answers} answers, Spearman {self.spearman:.3f}, gaming max "
                f"{self.gaming_max:.1f}/100, strong>mediocre>evasive {order}")


def figures(scored: list[Scored], name: str) -> Figures:
    gaming = [s.score for s in scored if s.kind == "gaming"]
    return Figures(name=name, answers=len(scored),
                   spearman=spearman([s.grade for s in scored], [s.score for s in scored]),
                   gaming_max=max(gaming, default=0.0), misordered_questions=ordered_on_every_question(scored))


def report(scored: list[Scored]) -> dict[str, Figures]:
    return {"all": figures(scored, "all"),
            **{split: figures([s for s in scored if s.split == split], split) for split in SPLITS}}


# --- follow-ups: questions without expected points -----------------------------------------------------------------
FOLLOW_UP_KINDS = ("genuine", "unsure", "off_topic")


@dataclass
class FollowUpFigures:
    part: str
    items: int
    ordered: int  # genuine above both the honest "not sure" and the off-topic answer
    genuine_mean: float
    genuine_min: float
    unsure_max: float
    off_topic_max: float

    def line(self) -> str:
        return (f"follow-ups {self.part}: {self.items} items, genuine above 'not sure' and off-topic on "
                f"{self.ordered}, genuine mean {self.genuine_mean:.1f} (min {self.genuine_min:.1f}), 'not sure' max "
                f"{self.unsure_max:.1f}, off-topic max {self.off_topic_max:.1f}")


def follow_up_figures(evaluate: Callable[[dict], dict], path: Path | None = None) -> dict[str, FollowUpFigures]:
    """Score data/evaluation/followups.json as the room asks a follow-up: its prompt, the question it follows, no
    expected points. Reported per part (`tune`, `holdout`: the held-out items were written before the rule)."""
    path = path or Path(settings.BASE_DIR) / "data" / "evaluation" / "followups.json"
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    figures = {}
    for part in SPLITS:
        scores = []
        for item in (i for i in items if i["part"] == part):
            question = {"prompt": item["prompt"], "parent_prompt": item["parent"], "category": item["category"],
                        "difficulty": "medium", "expected_points": [], "needs_code": False}
            scores.append({kind: float(evaluate({"question": question, "answer": {"text": item[kind]}})["score"])
                           for kind in FOLLOW_UP_KINDS})
        genuine = [s["genuine"] for s in scores]
        figures[part] = FollowUpFigures(
            part=part, items=len(scores),
            ordered=sum(s["genuine"] > max(s["unsure"], s["off_topic"]) for s in scores),
            genuine_mean=sum(genuine) / len(genuine), genuine_min=min(genuine),
            unsure_max=max(s["unsure"] for s in scores), off_topic_max=max(s["off_topic"] for s in scores))
    return figures
