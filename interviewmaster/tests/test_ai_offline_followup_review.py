"""The session 33 product review of follow-ups in the offline engine: an off-topic answer scored higher on a follow-up
than on its main question, a direct answer to "What did you personally do?" was graded on the whole STAR form, the
chooser quoted a negated claim back, repeated a hint and asked for a cost the answer had stated, and the feedback
described the engine instead of the answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings

from interviewmaster.ai.offline.evaluation import evaluate
from interviewmaster.ai.offline.followups import (
    COMPLEXITY_QUESTION,
    CONCRETE_QUESTION,
    PERSONAL_QUESTION,
    follow_up,
)
from interviewmaster.ai.offline.probes import ASPECTS, HINT_OPENING, hint

# The reviewer's paragraph, pasted into every turn of a coding interview.
HASH_MAP = (
    "I would start by clarifying requirements and constraints. For a hash map, lookups are O(1) on average because "
    "the key's hash picks a bucket; collisions are handled by chaining or open addressing, and the table is resized "
    "when the load factor exceeds ~0.75, which keeps amortised insert O(1). In Python, dicts use open addressing with "
    "perturbation. For idempotent writes I'd use a unique request key with a database constraint and retry on "
    "conflict, and I would test edge cases such as empty input, duplicates and very large input.")
COIN = ("Write coin_change(coins, amount): given the list of coin denominations coins, each usable any number of "
        "times, and an amount, return the fewest coins that add up to the amount, or -1 if it cannot be done.")


def _bank_coin_change() -> dict:
    questions = json.loads((Path(settings.BASE_DIR) / "data" / "questions" / "coding.json").read_text("utf-8"))
    questions = questions if isinstance(questions, list) else questions["questions"]
    return next(q for q in questions if q["prompt"] == COIN)


STORY = "Tell me about a time you pushed back on a request because of a security or compliance risk. What did you do?"
PERSONAL = ("I personally wrote the risk note, ran the meeting with the PM and security lead, implemented the "
            "tokenisation change and wrote the CI check; the team reviewed the code.")


def _follow_up_question(prompt: str, parent: str = COIN, category: str = "coding") -> dict:
    return {"prompt": prompt, "parent_prompt": parent, "category": category, "difficulty": "medium",
            "expected_points": [], "needs_code": False}


def _criterion(result: dict, key: str) -> dict:
    return next(row for row in result["criteria"] if row["key"] == key)


@pytest.mark.parametrize("prompt", [
    "How would your solution change if the input were 100 times larger or arrived as a stream?",
    COMPLEXITY_QUESTION,
    "How could dynamic programming help here, and where would it fit in your approach?",
])
def test_an_off_topic_answer_scores_no_higher_on_a_follow_up_than_on_its_main_question(prompt):
    bank = _bank_coin_change()
    main = evaluate({"question": {"prompt": COIN, "category": "coding", "expected_points": bank["expected_points"],
                                  "needs_code": True}, "answer": {"text": HASH_MAP}})
    result = evaluate({"question": _follow_up_question(prompt), "answer": {"text": HASH_MAP}})
    assert result["score"] <= min(25, main["score"]), result["criteria"]
    assert _criterion(result, "communication")["score"] <= 2
    assert _criterion(result, "complexity_analysis")["score"] <= 2
    assert "does not address this follow-up" in result["feedback"]


def test_a_follow_up_earns_complexity_credit_only_for_a_cost_of_this_question():
    """On topic (the coins), but the only Big-O is a hash map's: no coin-change cost is stated."""
    elsewhere = ("I would sort the coins in descending order first, because trying the big coins early finds a small "
                 "count quickly. A hash map lookup is O(1) on average, and the map takes O(n) extra space because "
                 "every key is stored once.")
    stated = ("The bottom-up DP fills one entry for every amount from 1 to amount, and each entry tries every coin, "
              "so time is O(amount * len(coins)). The table has amount+1 entries, so space is O(amount).")
    assert _criterion(evaluate({"question": _follow_up_question(COMPLEXITY_QUESTION), "answer": {"text": elsewhere}}),
                      "complexity_analysis")["score"] <= 2
    assert _criterion(evaluate({"question": _follow_up_question(COMPLEXITY_QUESTION), "answer": {"text": stated}}),
                      "complexity_analysis")["score"] >= 4


def test_a_direct_answer_to_what_did_you_personally_do_is_graded_on_the_actions_asked_for():
    result = evaluate({"question": _follow_up_question(PERSONAL_QUESTION, STORY, "behavioral"),
                       "answer": {"text": PERSONAL}})
    star = _criterion(result, "star_structure")
    assert star["score"] >= 4 and "risk note" in star["evidence"], star
    assert result["score"] >= 50


@pytest.mark.parametrize("gaming", [
    HASH_MAP,
    "I personally did everything myself. I personally did all of it, and I did my part very well.",
    "Our office moved to a new building last spring, with better meeting rooms and a quieter kitchen for everyone.",
    "I would always take ownership, communicate clearly with stakeholders and drive the outcome for the team.",
])
def test_an_answer_without_the_candidates_own_actions_scores_low_on_what_did_you_personally_do(gaming):
    """The loosening above (the part asked for is enough) must not pay for claiming actions without any, nor for a
    past-tense sentence about something else, nor for a paragraph on another subject."""
    result = evaluate({"question": _follow_up_question(PERSONAL_QUESTION, STORY, "behavioral"),
                       "answer": {"text": gaming}})
    assert result["score"] <= 25, result["criteria"]


MEDIOCRE_PERSONAL = "I wrote the risk note about the security issue and talked to the PM."


@pytest.mark.parametrize("prompt, parent", [
    (PERSONAL_QUESTION, STORY), (CONCRETE_QUESTION, STORY),
    (PERSONAL_QUESTION, "Tell me about a time you disagreed with a teammate about a technical decision."),
])
@pytest.mark.parametrize("gaming", [
    "In my last team we moved our deployments to Kubernetes, which gave us rolling updates and easier rollbacks. We "
    "wrote Helm charts for every service and added readiness probes, so a broken release never took traffic.",
    "I personally analysed the problem, wrote the plan, ran the meetings and implemented the fix myself.",
    "I analysed the situation, discussed it with the stakeholders, implemented the solution and monitored the "
    "results, which improved things by 40%.",
])
def test_a_past_tense_answer_that_names_nothing_of_the_story_scores_low(prompt, parent, gaming):
    """Any first-person past-tense sentence passed for the story (60/100, as much as the honest answer): the answer
    must name something of the story, and generic verbs over generic objects make no STAR part."""
    question = _follow_up_question(prompt, parent, "behavioral")
    result = evaluate({"question": question, "answer": {"text": gaming}})
    mediocre = evaluate({"question": _follow_up_question(prompt, STORY, "behavioral"),
                         "answer": {"text": MEDIOCRE_PERSONAL}})
    assert result["score"] <= 25 and result["score"] < mediocre["score"], result["criteria"]
    assert _criterion(result, "star_structure")["score"] <= 2


def test_a_follow_up_answer_about_the_story_told_is_on_topic_through_the_earlier_answer():
    """The story's things are often only in the candidate's earlier answer, not in the question ("disagreed with a
    teammate"); the room gives that answer to the evaluation (`parent_answer`)."""
    question = _follow_up_question(PERSONAL_QUESTION, "Tell me about a time you disagreed with a colleague.",
                                   "behavioral")
    text = ("I benchmarked the queue-based import against the cron job on staging and wrote up the load numbers, "
            "then I owned the rollout of the queue.")
    told = ("Sam wanted a nightly cron job for the CSV import and I proposed a queue-based import; we disagreed for a "
            "week until the staging numbers settled it.")
    alone = evaluate({"question": question, "answer": {"text": text}})
    with_story = evaluate({"question": {**question, "parent_answer": told}, "answer": {"text": text}})
    assert alone["score"] <= 25
    assert with_story["score"] >= 50 and _criterion(with_story, "star_structure")["score"] >= 4, with_story


def test_follow_up_feedback_speaks_about_the_answer_not_the_engine():
    for text in (PERSONAL, HASH_MAP, "It uses a DP table over the amounts and the coins."):
        result = evaluate({"question": _follow_up_question(PERSONAL_QUESTION, STORY, "behavioral"),
                           "answer": {"text": text}})
        assert "expected points" not in result["feedback"] and "follow-up has no" not in result["feedback"]


QUESTION = {"prompt": "What does this print? console.log('A'); setTimeout(() => console.log('B'), 0); "
                      "Promise.resolve().then(() => console.log('C')); console.log('D');",
            "category": "language_knowledge", "expected_points": [], "follow_up_seeds": []}


@pytest.mark.parametrize("text", [
    "A 0 ms timeout is a minimum delay, not a guarantee, so B runs after the microtasks are drained.",
    "I said it is NOT a guarantee: if the main thread is busy, B runs later because timers are clamped.",
    "There is no guarantee that B runs at 0 ms, because the event loop first drains the microtask queue.",
])
def test_a_claim_the_candidate_negated_is_not_quoted_back_as_one(text):
    chosen = follow_up({"question": QUESTION, "answer": {"text": text}, "asked": []})
    assert "guarantee" not in chosen["follow_up"].lower(), chosen


def test_an_absolute_claim_that_is_not_negated_is_still_challenged():
    text = "The promise callback always runs before the timeout, because microtasks are drained first, not later."
    chosen = follow_up({"question": QUESTION, "answer": {"text": text}, "asked": []})
    assert chosen["strategy"] == "challenge" and "\"always\"" in chosen["follow_up"], chosen


COIN_QUESTION = {"prompt": COIN, "category": "coding", "follow_up_seeds": [],
                 "expected_points": [{"point": "Uses dynamic programming over the amounts",
                                      "keywords": ["dynamic programming"]}]}


@pytest.mark.parametrize("text", [
    "I try the largest coin first greedily, no doubt it always gives the fewest coins. It is O(1) time and O(1) space.",
    "Without question this always gives the fewest coins: largest coin first. O(1) time, O(1) space.",
    "Largest coin first: it not only always gives the fewest coins, it is also O(1) time and O(1) space.",
])
def test_a_claim_made_stronger_by_a_negation_idiom_is_still_challenged(text):
    """"No doubt", "without question": the negation word asserts the claim; the false greedy "always" is challenged."""
    chosen = follow_up({"question": COIN_QUESTION, "answer": {"text": text}, "asked": []})
    assert chosen["strategy"] == "challenge" and "\"always\"" in chosen["follow_up"], chosen


def test_a_follow_up_does_not_repeat_a_hint_given_on_the_question():
    question = {"prompt": COIN, "category": "coding", "follow_up_seeds": [],
                "expected_points": [{"point": "Uses dynamic programming over the amounts",
                                     "keywords": ["dynamic programming"]}]}
    answer = {"text": "I would try the largest coin first and keep going greedily until the amount is reached, "
                      "because that gives few coins, which is O(amount) time and O(1) space."}
    given = hint(question["expected_points"][0], category="coding")
    assert given.startswith(HINT_OPENING)
    before = follow_up({"question": question, "answer": answer, "asked": []})["follow_up"]
    assert before in given  # the probe the hint was made of: the case the review saw
    after = follow_up({"question": question, "answer": answer, "asked": [], "hints": [given]})["follow_up"]
    assert after not in given, after


def test_no_follow_up_asks_for_the_cost_an_answer_already_stated():
    question = {"prompt": "Rotate an n x n matrix by 90 degrees clockwise in place.", "category": "coding",
                "follow_up_seeds": [],
                "expected_points": [{"point": "O(n^2) time and O(1) extra space", "keywords": ["quadratic"]},
                                    {"point": "Transpose then reverse each row", "keywords": ["transpose"]}]}
    stated = {"text": "I swap a[i][j] with a[j][i] and then reverse each row. Every cell moves a constant number of "
                      "times, so time is O(n^2), and it works in place, so extra space is O(1)."}
    silent = {"text": "I swap a[i][j] with a[j][i] and then reverse each row, because that moves every cell to its "
                      "rotated place, and it works in place."}
    asked_cost = {COMPLEXITY_QUESTION, ASPECTS[0][1]}
    assert follow_up({"question": question, "answer": silent, "asked": []})["follow_up"] in asked_cost
    assert follow_up({"question": question, "answer": stated, "asked": []})["follow_up"] not in asked_cost


# Honest answers to the engine's own complexity follow-up that count the work over the parts of the input the question
# names (a grid's cells, a matrix's rows, intervals' starts and ends): they shared no word with the question, and a
# second review found each capped as off topic at 25/100 (58.8, 33.8 and 58.8 before this session).
@pytest.mark.parametrize("parent, text", [
    ("Rotate an n x n matrix by 90 degrees clockwise in place.",
     "Transposing and then reversing each row touches every cell a constant number of times, so O(n^2) time and O(1) "
     "extra space."),
    ("Write num_islands(grid), where grid is a 2D list of integers, 1 for land and 0 for water. Return the number of "
     "islands, where an island is land connected horizontally or vertically.",
     "Every cell is visited once by the DFS, so O(rows * cols) time, and the recursion can go O(rows * cols) deep."),
    ("Given a list of meeting intervals, decide whether one person can attend all of them.",
     "I sort by start time, which is O(n log n), then a single linear scan checks each start against the previous "
     "end, so O(n log n) time and O(1) extra space."),
])
def test_an_honest_cost_counted_over_the_parts_of_the_input_is_on_topic(parent, text):
    result = evaluate({"question": _follow_up_question(COMPLEXITY_QUESTION, parent=parent), "answer": {"text": text}})
    assert result["score"] > 25
    assert _criterion(result, "complexity_analysis")["score"] >= 3


def test_the_parts_of_the_input_do_not_put_an_off_topic_paragraph_on_topic():
    """The hash-map paragraph names no part of a grid: still capped."""
    parent = ("Write num_islands(grid), where grid is a 2D list of integers, 1 for land and 0 for water. Return the "
              "number of islands, where an island is land connected horizontally or vertically.")
    result = evaluate({"question": _follow_up_question(COMPLEXITY_QUESTION, parent=parent),
                       "answer": {"text": HASH_MAP}})
    assert result["score"] <= 25


def test_with_the_earlier_answer_the_questions_nouns_copied_into_a_generic_answer_name_nothing_of_the_story():
    """The story is what the candidate told; the question's own words ("security", "compliance", "request") copied into
    a generic answer scored 47.5 as if they named it."""
    told = ("At my last job product wanted the export to keep customer addresses for ten years. I showed the legal "
            "team the retention clause, proposed deleting them after ninety days and wrote the cleanup job.")
    question = {**_follow_up_question(PERSONAL_QUESTION, parent=STORY, category="behavioral"),
                "parent_answer": told}
    generic = ("I personally analysed the security risk and the compliance request, wrote the plan, ran the meetings "
               "and implemented the solution. I took ownership of the pushback.")
    honest = "I personally wrote the cleanup job and walked the legal team through the retention clause."
    assert evaluate({"question": question, "answer": {"text": generic}})["score"] <= 25
    assert evaluate({"question": question, "answer": {"text": honest}})["score"] > 40


RETENTION_STORY = ("At my last job product wanted the export to keep customer addresses for ten years. I showed the "
                   "legal team the retention clause, proposed deleting them after ninety days and wrote the cleanup "
                   "job.")


@pytest.mark.parametrize("honest", [
    "I personally wrote the cleanup job and walked the legal team through the retention clause.",
    "I worked with the legal team to rewrite the retention clause for the customer addresses.",
    "I helped the legal team rewrite the retention clause and the cleanup job for the export.",
])
@pytest.mark.parametrize("copied", [
    "I personally worked on the export and the customer addresses and made the retention clause and the cleanup job "
    "better with the team.",
    "I personally handled the export, the customer addresses, the legal team and the retention clause. I improved "
    "the cleanup job with the team.",
    "I personally helped with the export and the customer addresses, and made sure the cleanup job got better.",
    # a year, a duration or a destination added is not a thing done (each scored 66, session 34)
    "I personally worked on the export and the customer addresses and made the retention clause and the cleanup job "
    "better with the team in 2023.",
    "I personally worked on the export and the customer addresses and the cleanup job all the way to production.",
    "I personally handled the export, the customer addresses, the legal team and the retention clause for 2 sprints.",
    "I personally handled the export, the customer addresses, the legal team and the retention clause for two "
    "sprints.",
    "I personally handled the export, the customer addresses, the legal team and the retention clause 2 times.",
])
def test_the_earlier_answers_nouns_copied_into_a_generic_story_score_below_a_concrete_answer(honest, copied):
    """An action says what was done ("wrote", "walked … through", "to rewrite"): the candidate's own nouns re-listed
    under "worked on", "made … better", "handled" scored 66 on "What did you personally do?", above the honest 55."""
    question = {**_follow_up_question(PERSONAL_QUESTION, parent=STORY, category="behavioral"),
                "parent_answer": RETENTION_STORY}
    concrete = evaluate({"question": question, "answer": {"text": honest}})
    generic = evaluate({"question": question, "answer": {"text": copied}})
    assert concrete["score"] >= 45 and _criterion(concrete, "star_structure")["score"] >= 4, concrete["criteria"]
    assert generic["score"] <= 30 and _criterion(generic, "star_structure")["score"] <= 2, generic["criteria"]


@pytest.mark.parametrize(("honest", "at_least"), [
    # 45, not 55: STAR 4, not 5, with no lesson (session 39: 5 reads "… and a lesson learned").
    ("I worked on the cleanup job, a nightly cron that deletes addresses older than ninety days.", 45),
    ("I improved the cleanup job so it runs hourly instead of nightly.", 55),
    ("I personally collaborated with the DPO on a data map of every table holding addresses.", 50),
    ("I did the cleanup job myself.", 40),
    ("I did the cleanup job myself and the retention clause wording.", 40),
])
def test_a_vague_verb_followed_by_what_was_new_or_ones_own_part_is_an_action(honest, at_least):
    """"Worked on", "improved", "collaborated", "did" then something the earlier answer did not say ("a nightly cron
    that deletes…", "so it runs hourly", "a data map of every table"), or one thing of the story claimed as one's own
    ("myself"), says what was done: these scored 15, 21, 21 and 7.5 once vague verbs counted for nothing (session 34),
    60, 66, 55 and 41 before."""
    question = {**_follow_up_question(PERSONAL_QUESTION, parent=STORY, category="behavioral"),
                "parent_answer": RETENTION_STORY}
    result = evaluate({"question": question, "answer": {"text": honest}})
    assert result["score"] >= at_least and _criterion(result, "star_structure")["score"] >= 4, result["criteria"]


MEMORY_QUESTION = "Can you make it use less memory?"
ONE_ROW_DP = ("def coin_change(coins, amount):\n    # O(amount * len(coins)) time, O(amount) space\n"
              "    dp = [0] + [amount + 1] * amount\n    for a in range(1, amount + 1):\n        for c in coins:\n"
              "            if c <= a:\n                dp[a] = min(dp[a], dp[a - c] + 1)\n"
              "    return dp[amount] if dp[amount] <= amount else -1\n")


@pytest.mark.parametrize(("text", "code"), [
    ("Yes: I keep a single one-dimensional array indexed by amount instead of the two dimensional table, so memory is "
     "linear in the amount.", ""),
    ("For every amount up to the target I still try each coin in turn, exactly as the table version did before. I "
     "keep a single one-dimensional array instead of the two dimensional table, so memory is linear because only one "
     "row is kept.", ONE_ROW_DP),
])
def test_a_cost_in_words_or_in_a_code_comment_is_this_questions_cost(text, code):
    """"Memory is linear in the amount", or a code comment "# O(amount * len(coins)) time", is the coin change's cost:
    only a Big-O in the prose was read, so these had complexity 2, "a complexity is stated, but not one of this
    question's approach" (session 34)."""
    question = {**_follow_up_question(MEMORY_QUESTION), "needs_code": bool(code)}
    result = evaluate({"question": question, "answer": {"text": text, "code": code}})
    assert _criterion(result, "complexity_analysis")["score"] >= 3, result["criteria"]
    elsewhere = evaluate({"question": question, "answer": {"text": text, "code": code.replace(
        "# O(amount * len(coins)) time, O(amount) space", "# O(n) space")}})
    if code:  # the same answer whose comment names nothing of this question keeps the cap
        assert _criterion(elsewhere, "complexity_analysis")["score"] == 2, elsewhere["criteria"]
