"""For the offline grader's review tests (test_offline_reader_review*.py, test_grading.py): the question bank by id,
an answer scored or read the way the room sends it, a question as a plan keeps it, and the answers of the evaluation
sets (data/evaluation/). The `bank` fixture built on `bank_by_id` is in this folder's conftest.py."""

from __future__ import annotations

import json
from pathlib import Path

from interviewmaster.ai.offline.evaluation import evaluate
from interviewmaster.ai.offline.reading import Reading, read_answer
from interviews.question_bank import read_bank

EVALUATION = Path(__file__).resolve().parents[2] / "data" / "evaluation"


def bank_by_id() -> dict[str, dict]:
    """Every question of the bank (data/questions/) by its id."""
    return {q["id"]: q for _f, _i, q in read_bank().questions}


def score(question: dict, text: str, code: str = "") -> dict:
    """The offline evaluation of an answer to `question` (no code is the same as empty code to the grader)."""
    return evaluate({"question": question, "answer": {"text": text, "code": code}})


def reading_of(question: dict, text: str) -> Reading:
    """How the grader reads an answer of words only to `question`."""
    return read_answer(text, "", question["expected_points"], question["prompt"])


def as_planned(question: dict) -> dict:
    """The question as a plan keeps it (the plan agent, or an expert's edit): each point's text only
    (offline.planning._bank_question)."""
    return {**question, "expected_points": [p["point"] for p in question["expected_points"]]}


def criteria_by_key(result: dict) -> dict[str, dict]:
    """An evaluation's criterion rows by their key."""
    return {row["key"]: row for row in result["criteria"]}


def criterion_scores(result: dict) -> dict[str, int]:
    """An evaluation's criterion scores by their key."""
    return {row["key"]: row["score"] for row in result["criteria"]}


def answer_texts(*names: str) -> dict[str, str]:
    """The text of every answer in the named evaluation sets ("calibration.json", "adversarial.json") by its id."""
    found = {}
    for name in names:
        for question in json.loads((EVALUATION / name).read_text(encoding="utf-8"))["questions"]:
            found.update({a["id"]: a["text"] for a in question["answers"]})
    return found


def graded_by_a_model(question: dict, answer: dict, reply: dict, **extra) -> dict:
    """The evaluation a remote model's `reply` becomes once through the chain (a scripted vendor ahead of the offline
    grader, no cache): what the caps every provider's evaluation passes through leave of it. Needs the database."""
    from interviewmaster.ai.chain import Chain, complete_json
    from interviewmaster.ai.offline import OfflineProvider
    from interviewmaster.tests.test_ai_layer import ScriptedProvider

    vendor = ScriptedProvider("vendor", [reply])
    result = complete_json("evaluate_answer", {"question": question, "answer": answer, **extra},
                           chain=Chain([vendor, OfflineProvider()]), use_cache=False)
    assert result.provider == "vendor"
    return result.data
