"""The session 39 product review: one STAR answer without a lesson, pasted into the behavioural question and into each
of its follow-ups, scored STAR 5/5 "Complete STAR story with measurable result and a lesson learned" on every
follow-up. A follow-up asks for something specific (the lesson, the result, the candidate's own part): repeating the
earlier answer does not answer it, and a STAR score that claims a lesson needs one."""

from __future__ import annotations

import pytest

from interviewmaster.ai.offline.evaluation import evaluate
from interviewmaster.ai.offline.followups import CONCRETE_QUESTION, DEEPEN, PERSONAL_QUESTION

STORY = "Tell me about a time you pushed back on a request because of a security or compliance risk. What did you do?"
# A full STAR story with a measured result, and no lesson.
NO_LESSON = (
    "At my last company the product manager asked us to log full card numbers to debug a payment issue. "
    "I was responsible for the payments service, so I had to decide whether to ship it. "
    "I wrote a short risk note explaining the PCI exposure, met the PM and the security lead, and proposed "
    "tokenising the card numbers before logging instead. I implemented the tokenisation and added a CI check "
    "that fails the build when a card pattern reaches the logs. As a result we found the payment bug within two days "
    "and shipped the fix with zero card numbers in our logs.")
LESSON = (
    "Looking back, I would write the risk note before the first meeting, not after it. I learned that a short "
    "written note naming the PCI rule gets a faster decision than a debate, so since then I attach one to every "
    "risky request I push back on.")
LOOKING_BACK = DEEPEN["behavioral"]  # "Looking back, what would you do differently, and what did you change…?"


def _main() -> dict:
    return {"prompt": STORY, "category": "behavioral", "difficulty": "medium", "expected_points": [],
            "needs_code": False}


def _follow_up(prompt: str, parent_answer: str = NO_LESSON, earlier: tuple[str, ...] = ()) -> dict:
    return {"prompt": prompt, "parent_prompt": STORY, "parent_answer": parent_answer,
            "earlier_answers": list(earlier), "category": "behavioral", "difficulty": "medium",
            "expected_points": [], "needs_code": False}


def _star(result: dict) -> dict:
    return next(row for row in result["criteria"] if row["key"] == "star_structure")


@pytest.mark.parametrize("prompt", [LOOKING_BACK, PERSONAL_QUESTION, CONCRETE_QUESTION])
def test_a_follow_up_answer_that_repeats_the_main_answer_earns_nothing_new(prompt):
    result = evaluate({"question": _follow_up(prompt), "answer": {"text": NO_LESSON}})
    assert _star(result)["score"] <= 1, result["criteria"]
    assert result["score"] <= 25, result["criteria"]
    assert all("repeats your earlier answer" in row["rationale"] for row in result["criteria"]), result["criteria"]
    assert "repeats your earlier answer" in result["feedback"]


def test_a_near_verbatim_repeat_of_an_earlier_follow_up_answer_earns_nothing_new():
    """The second follow-up: the story again, lightly edited, after it was given to the question and the first
    follow-up."""
    edited = NO_LESSON.replace("At my last company", "At my previous company").replace("two days", "2 days")
    result = evaluate({"question": _follow_up(CONCRETE_QUESTION, earlier=(NO_LESSON,)), "answer": {"text": edited}})
    assert _star(result)["score"] <= 1, result["criteria"]
    assert "repeats your earlier answer" in result["feedback"]


def test_a_follow_up_answer_that_adds_the_lesson_is_credited():
    result = evaluate({"question": _follow_up(LOOKING_BACK), "answer": {"text": LESSON}})
    assert _star(result)["score"] >= 4, result["criteria"]
    assert "lesson" in _star(result)["rationale"]
    assert result["score"] >= 60, result["criteria"]
    assert "repeats" not in result["feedback"]


def test_a_follow_up_answer_that_repeats_the_story_and_adds_the_lesson_is_graded_on_the_lesson():
    result = evaluate({"question": _follow_up(LOOKING_BACK), "answer": {"text": f"{NO_LESSON} {LESSON}"}})
    assert _star(result)["score"] >= 4, result["criteria"]
    assert "lesson" in _star(result)["rationale"]
    assert "repeats" not in result["feedback"]


def test_what_would_you_do_differently_asks_for_the_lesson_not_the_action():
    """"what would you do differently" matched the action cue "you do ": the story's actions answered it, 5/5."""
    result = evaluate({"question": _follow_up(LOOKING_BACK, parent_answer=""), "answer": {"text": NO_LESSON}})
    star = _star(result)
    assert star["score"] <= 2, result["criteria"]
    assert "asks for the lesson" in star["rationale"]


@pytest.mark.parametrize("question", [_main(), _follow_up(PERSONAL_QUESTION, parent_answer="")])
def test_star_five_which_claims_a_lesson_learned_needs_a_lesson(question):
    """Rubric 5 reads "Complete STAR story with measurable result and a lesson learned": a story with no lesson got
    it on the question and on "What did you personally do?"."""
    star = _star(evaluate({"question": question, "answer": {"text": NO_LESSON}}))
    assert star["score"] == 4, star
    assert "lesson learned" not in star["rationale"]
    with_lesson = _star(evaluate({"question": question, "answer": {"text": f"{NO_LESSON} {LESSON}"}}))
    assert with_lesson["score"] == 5, with_lesson


def test_a_repeated_follow_up_answer_is_capped_whichever_provider_graded_it():
    """The cap is one of the deterministic grading caps: a remote model's 5/5 on the pasted story is capped too."""
    from interviewmaster.ai import grading

    question = _follow_up(LOOKING_BACK)
    criteria = grading.criteria_for_turn(question)
    remote = {"score": 90, "feedback": "Great story. Score 90/100.", "flags": [],
              "criteria": [{"key": c["id"], "score": 5, "rationale": "Complete.", "evidence": "no evidence"}
                           for c in criteria]}
    capped = grading.apply_grading_caps(remote, question=question, answer=NO_LESSON, criteria=criteria)
    assert {row["score"] for row in capped["criteria"]} == {1}, capped["criteria"]
    assert "repeats your earlier answer" in capped["feedback"] and capped["score"] <= 25
    fresh = grading.apply_grading_caps(remote, question=question, answer=LESSON, criteria=criteria)
    assert max(row["score"] for row in fresh["criteria"]) == 5


# Session 39 review (M): the whole-answer check (80% of the word 3-shingles already said) ran before the
# per-sentence filter, so a long story told again before one short new sentence read as a repeat: 0/100, [1, 1, 1],
# "repeats your earlier answer", where the new sentence alone scored 61, and a remote model's 5/5 was capped to 1 too.
# Candidates often restate the context before they answer.
DIFFERENTLY = "What would you do differently next time?"
CHECKOUT = (
    "During last year's holiday sale our checkout page slowed to ten seconds per order and customers abandoned carts. "
    "As the on-call backend engineer I had to bring the latency back under one second before the evening peak. "
    "I profiled the order service, found a missing index on the orders table, and added it with a concurrent "
    "migration during the quiet hour. Checkout latency dropped to 300 milliseconds and abandoned carts fell by a third "
    "that week, which finance estimated saved about forty thousand euros in orders.")
NEXT_TIME = "Next time I would load-test the checkout before the holiday peak and review query plans."


def test_a_story_told_again_before_a_new_lesson_is_graded_on_the_lesson():
    question = _follow_up(DIFFERENTLY, parent_answer=CHECKOUT)
    alone = evaluate({"question": question, "answer": {"text": NEXT_TIME}})
    restated = evaluate({"question": question, "answer": {"text": f"{CHECKOUT} {NEXT_TIME}"}})
    assert "repeats" not in restated["feedback"], restated["feedback"]
    assert not any("repeats your earlier answer" in row["rationale"] for row in restated["criteria"])
    assert restated["score"] >= alone["score"] - 5 and restated["score"] >= 40, (alone, restated)
    assert _star(restated)["score"] >= 3, restated["criteria"]


def test_a_story_told_again_before_a_new_lesson_keeps_a_remote_models_score():
    from interviewmaster.ai import grading

    question = _follow_up(DIFFERENTLY, parent_answer=CHECKOUT)
    criteria = grading.criteria_for_turn(question)
    remote = {"score": 90, "feedback": "Clear lesson. Score 90/100.", "flags": [],
              "criteria": [{"key": c["id"], "score": 5, "rationale": "Complete.", "evidence": "no evidence"}
                           for c in criteria]}
    kept = grading.apply_grading_caps(remote, question=question, answer=f"{CHECKOUT} {NEXT_TIME}", criteria=criteria)
    assert {row["score"] for row in kept["criteria"]} == {5}, kept["criteria"]
    assert "repeats" not in kept["feedback"] and kept["score"] > 25
    # the same story with only a word or two changed, and nothing added, is still a repeat
    edited = CHECKOUT.replace("last year's", "the").replace("a third", "33%")
    capped = grading.apply_grading_caps(remote, question=question, answer=edited, criteria=criteria)
    assert {row["score"] for row in capped["criteria"]} == {1}, capped["criteria"]


@pytest.mark.parametrize("filler", ["Thanks.", "So yes, that is it.", "That is what I did."])
def test_a_story_told_again_with_only_a_filler_sentence_is_still_a_repeat(filler):
    question = _follow_up(DIFFERENTLY, parent_answer=CHECKOUT)
    result = evaluate({"question": question, "answer": {"text": f"{CHECKOUT} {filler}"}})
    assert "repeats your earlier answer" in result["feedback"], result["feedback"]
    assert _star(result)["score"] <= 1


def test_a_remote_model_is_sent_a_bounded_copy_of_the_earlier_answers_and_the_caps_read_them_whole():
    """Each earlier follow-up's answer (up to 20,000 characters) went into the prompt whole (M): the model gets a
    bounded copy; the repeat check, which runs on the structured inputs, still reads them whole."""
    from interviewmaster.ai import grading
    from interviewmaster.ai.prompts import EARLIER_ANSWER_CHARS, EARLIER_ANSWERS_CHARS, TEMPLATES

    long_answers = [(f"Answer {n}: " + CHECKOUT + " ") * 30 for n in range(3)]
    question = _follow_up(DIFFERENTLY, parent_answer=CHECKOUT, earlier=tuple(long_answers))
    inputs = {"question": question, "answer": {"text": NEXT_TIME}}
    data = TEMPLATES["evaluate_answer"].render(inputs, {})[1]["content"]
    import json
    sent = json.loads(data.split("<<<DATA>>>\n", 1)[1].rsplit("\n<<<END DATA>>>", 1)[0])
    earlier = sent["question"]["earlier_answers"]
    assert all(len(a) <= EARLIER_ANSWER_CHARS for a in earlier)
    assert sum(len(a) for a in earlier) <= EARLIER_ANSWERS_CHARS
    assert earlier[0].startswith("Answer 0: ")
    assert question["earlier_answers"] == long_answers  # the inputs themselves are not changed
    # the tail of the last earlier answer, past what the model was sent, is still a repeat for the caps
    tail = long_answers[2][-len(CHECKOUT) - 40:]
    assert grading.added_text(tail, grading.earlier_answers(question)) == ""
