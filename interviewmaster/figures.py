"""How a score or a percentage is printed, everywhere a person reads one (pages, charts' tables, emails): an integer
without ".0", anything else with one decimal. The reports keep one decimal for their means (72.5), so the same 100 read
"100.0" on the report and "100" on the interview list. The API's fields stay numbers; only what is printed goes
through `figure`.
"""

from __future__ import annotations

import re
from decimal import Decimal


def figure(value) -> str:
    """`value` as shown: 100 and 100.0 as "100", 72.45 as "72.5" (rounded first, so 99.96 is "100", never "100.0");
    None as ""; anything that is not a number as it is."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    rounded = round(float(value), 1)
    if rounded != rounded or rounded in (float("inf"), float("-inf")):
        return str(value)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.1f}"


def duration_text(seconds) -> str:
    """A duration kept in seconds as a person reads it: 1680 as "28 min", 95 as "1 min 35 s", 40 as "40 s", 0 as
    "0 min" (minutes are not folded into hours, as the interview clocks count them); None as ""; anything that is no
    number as it is."""
    if seconds is None or seconds == "":
        return ""
    try:
        total = max(0, round(float(seconds)))
    except (TypeError, ValueError, OverflowError):
        return str(seconds)
    minutes, rest = divmod(total, 60)
    if not minutes:
        return f"{rest} s" if rest else "0 min"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def latency_text(milliseconds) -> str:
    """A time kept in milliseconds as a person reads it: 340.4 as "340 ms", 1234 as "1.2 s", 95000 as "1 min 35 s"
    (`duration_text` from a minute on); None as ""; anything that is no number as it is."""
    if milliseconds is None or milliseconds == "":
        return ""
    try:
        value = max(0.0, float(milliseconds))
    except (TypeError, ValueError, OverflowError):
        return str(milliseconds)
    if value != value or value == float("inf"):
        return str(milliseconds)
    if round(value) < 1000:
        return f"{round(value)} ms"
    if round(value / 1000, 1) < 60:
        return f"{figure(value / 1000)} s"
    return duration_text(value / 1000)


SAID_AS_WORDS = frozenset({"SQL", "NoSQL", "SCSS"})  # "a SQL question" ("sequel"), as the product has always written


def with_article(phrase: str) -> str:
    """`phrase` after "a" or "an" by its first sound: "an Apache Kafka question", "a Go question", "a unit test" (a
    "yoo"), "an hour"; an acronym opening on two consonants is read letter by letter ("an HTML question", "an MLOps
    question", "a CSS question"; "a SQL question": SAID_AS_WORDS), another as a word ("a REST question", "a URL",
    "an AWS question"); a number as it is read ("an 8-bit", "an 11-minute")."""
    text = phrase.lstrip()
    digits = re.match(r"\d[\d,]*", text)
    if digits:
        return f"{article_for(int(digits.group().replace(',', '')))} {phrase}"
    head = re.match(r"[A-Za-z]+", text)
    word = head.group() if head else ""
    if len(word) >= 2 and word[:2].isupper():  # an acronym: HTML, MLOps, SQL, REST, URL
        if word[0] not in "AEIOU" and word[1] not in "AEIOU" and word not in SAID_AS_WORDS:  # "an HTML", "a JSON"
            return f"{'an' if word[0] in 'FHLMNRSX' else 'a'} {phrase}"
        return f"{'an' if word[0] in 'AEIO' else 'a'} {phrase}"  # read as a word: "a REST", "a URL", "an AWS"
    lower = word.lower()
    vowel = (lower[:1] in ("a", "e", "i", "o", "u") and not lower.startswith(("uni", "use", "usu", "uti", "eu", "one"))
             or lower.startswith(("hour", "honest", "honour", "honor", "heir")))
    return f"{'an' if vowel else 'a'} {phrase}"


def article_for(number: int) -> str:
    """"a" or "an" before `number` written in digits, as it is read aloud: "an" before the numbers read with a vowel
    first (8, 11, 18, 80-89, 800-899, 8,000, 11,000, 18,000, ...: "an 88-minute interview"), "a" before the rest ("a
    60-minute interview"). The leading group of thousands decides: 11,500 is read "eleven thousand five hundred"."""
    lead = abs(int(number))
    while lead >= 1000:
        lead //= 1000
    return "an" if lead in (11, 18) or str(lead).startswith("8") else "a"
