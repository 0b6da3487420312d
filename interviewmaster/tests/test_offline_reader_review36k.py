"""Review of session 36's grader changes (K): padded term strings read as prose, honest answers opening with
"Probably" read as guesses, and guesses in disguise."""

from __future__ import annotations

import pytest

from interviewmaster.tests.offline_grading import reading_of, score


# --- 1. terms padded with "only", "all", "both" -----------------------------------------------------------------------
@pytest.mark.parametrize(("qid", "text"), [
    ("db-sql-joins", "INNER JOIN LEFT JOIN RIGHT JOIN FULL JOIN returns only both all. ON CLAUSE WHERE GROUP BY "
                     "returns only all."),
    ("db-sql-joins", "inner join left join right join full join returns only both all. on clause where group by "
                     "returns only all."),
    ("db-window-functions", "ROW NUMBER PARTITION BY ORDER BY returns only. SUM OVER RUNNING TOTAL keeps all. ROWS "
                            "BETWEEN RANK keeps both."),
])
def test_terms_padded_with_quantifiers_are_keyword_stuffing(bank, qid, text):
    """A quantifier with nothing after it to quantify is no function word, and "RIGHT JOIN" beside the rubric's
    "LEFT JOIN" is one more term, not the answer's own words (these scored 51.2/100)."""
    result = score(bank[qid], text)
    assert result["score"] <= 5 and "keyword_list" in result["flags"]


def test_a_term_string_with_a_dangling_quantifier_is_no_prose(bank):
    text = "SELECT FOR UPDATE ATOMIC F EXPRESSION locks only all."
    question = bank["debug-race-condition-counter"]
    assert not any(s.prose for s in reading_of(question, text).sentences)
    assert score(question, text)["score"] <= 5


def test_terms_run_together_in_capitals_are_each_a_word_of_the_prose_share(bank):
    """A term in capitals counts as one word of the prose share, but four run together ("INNER JOIN LEFT JOIN") are a
    string of terms: their words count, and the sentence is no prose (this answer scored 51.2)."""
    text = ("INNER JOIN LEFT JOIN RIGHT JOIN FULL JOIN returns only matching all rows. ON CLAUSE WHERE GROUP BY keeps "
            "both tables.")
    first = reading_of(bank["db-sql-joins"], text).sentences[0]
    assert first.text.startswith("INNER JOIN LEFT JOIN") and not first.prose
    assert score(bank["db-sql-joins"], text)["score"] <= 30
    assert reading_of(bank["db-sql-joins"], "INNER JOIN returns only matching rows.").sentences[0].prose


# --- 2. a long sentence that opens with "Probably" is an answer -------------------------------------------------------
@pytest.mark.parametrize(("qid", "text", "least"), [
    ("coding-pair-with-target-sum", "Maybe the cleanest way is a dictionary of value to index where for each number I "
                                    "check the complement first. It is O(n).", 20),
    ("lang-python-gil", "I guess the short version is that only one thread runs Python bytecode at a time in CPython. "
                        "Use processes.", 25),
    ("lang-python-gil", "Probably the GIL is the lock that lets only one thread run Python bytecode at a time. Use "
                        "multiprocessing instead.", 25),
    ("coding-pair-with-target-sum", "Probably I would use a hash map where I store each value and its index. Then I "
                                    "check the complement. It is O(n).", 15),
])
def test_a_specific_sentence_opening_with_a_guess_word_is_not_a_guess(bank, qid, text, least):
    """Every part of a sentence opening with "Maybe", "Probably" or "I guess" was a guess, so these honest answers
    were capped to 0 (26.2, 31.2, 31.2 and 21.2 before). Only a short part (GUESS_MAX_WORDS content words) is."""
    question = bank[qid]
    assert not reading_of(question, text).hedged
    assert score(question, text)["score"] >= least


# --- 3. guesses in disguise -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "I'd say maybe a hash map of seen values. I'd say probably O(n) time. I'd say maybe sort and two pointers.",
    "My guess is a hash map of seen values. My guess is O(n) time. My guess is sort and two pointers.",
    "I'm guessing a hash map of seen values. Likely O(n) time. Presumably sort and two pointers.",
    "So I guess it's a hash map of seen values. And probably O(n) time. Also maybe you'd sort and use two pointers.",
    "Well I guess it's a hash map of seen values. Hmm probably O(n) time. Um maybe sort and two pointers.",
])
def test_guesses_opened_another_way_are_capped_like_a_hedge(bank, text):
    question = bank["coding-pair-with-target-sum"]
    assert reading_of(question, text).hedged
    assert score(question, text)["score"] == 0


# --- 4. a stub is a body that does nothing once its comments and docstrings are gone ----------------------------------
@pytest.mark.parametrize("code", [
    "function double(x) { /* fast path */ return x * 2; }",
    "def last(xs): *rest, tail = xs; return tail",
    'def f(x): """Doc."""; return x*2',
    "const f = x => x*2",
    "def f(x): return x if x else 0",
    "def f(x): return {}",
    "function f(x) { return `//${x}`; }",
    "def f(x): return '#' + x",
    "def f(xs):\n    return list(map(lambda x: None, xs))",
    # R4: an apostrophe opened a string that swallowed the rest of the line (a Rust lifetime), and a backslash did not
    # escape a quote inside a string
    "fn first<'a>(s: &'a str) -> &'a str { &s[..1] }",
    "fn longest<'a>(x: &'a str, y: &'a str) -> &'a str { if x.len() > y.len() { x } else { y } }",
    'def f(s): return s.count("\\"") + 1',
    "def f(s): return s.count('\\'') + 1",
])
def test_real_code_with_a_comment_or_docstring_is_no_stub(code):
    """A leading comment or a docstring on the signature's line made the one-line body a stub (code quality 1/5)."""
    from interviewmaster.ai.offline.evaluation import is_stub

    assert not is_stub(code)


@pytest.mark.parametrize("code", [
    "def f(x): return None  # TODO",
    "def f(x): pass  # TODO",
    "def f(x): pass;",
    "function f(x) { // TODO\n}",
    "async function f(x) {}",
    "export function f(x) { return null; }",
    "const f = (x) => {}",
    "x => null",
    "f = lambda x: None",
    "def f(x):\n    \"\"\"Docstring.\"\"\"\n    pass",
])
def test_a_body_that_does_nothing_is_a_stub_whatever_its_comments(code):
    from interviewmaster.ai.offline.evaluation import is_stub

    assert is_stub(code)
