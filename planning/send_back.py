"""What an expert's "Request changes" comment asks of the next version, read deterministically (no model call) so
every provider gets the same slots and the expert is told plainly what was done and what could not be.

The comment is read clause by clause ("replace the system design question with a SQL one; add a testing question")
against the capabilities' vocabulary: question categories (by id or name) and question tags (a tag becomes the
category the bank files it under most, e.g. "SQL" -> databases). Anything else is left alone and said so: a clause
that asks for nothing this module reads ("more time for the system design question", "reorder the questions") is
quoted back under "Not done", so the expert's words never vanish and they know to make that change by hand. A wish
said the other way round ("don't focus on Kafka", "less focus on Kafka") is not done the wrong way: it is quoted back
too, except "don't drop the SQL question" / "keep the SQL question", which keeps it; of "SQL instead of Python" only
SQL is asked for.

A question named as the expert sees it ("Q3", "question 3", "#3", "the third question", "questions 2 and 4", "Q1 to
Q3", "the Go question") is the one acted on: "Q3 is off-topic" writes Q3 afresh (not on its skill again), "replace Q3
with a Kafka coding question in Python" replaces it, "drop the Go question" (or "get rid of Q6") drops it, "Q3 is too
easy" (or "make the behavioural question harder") makes it harder, "rewrite Q4" (or "Q4 needs rewording") writes
another question on its skill at its level, "swap Q1 and Q4" / "put Q4 first" moves them, and the questions no wish
changes keep their text in the next version.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from interviewmaster import capabilities
from interviewmaster.figures import with_article
from planning.skills import skill_named

# The verbs a wish opens with, in one table: what each asks, and where a clause breaks before it: "," after a comma
# ("…, drop Q4"), ",and" after a bare "and" / "but" too ("… and drop Q4"), "" nowhere. A guard is what must (not)
# follow the verb for it to ask that: "cut" and "lose" drop a question named as one ("cut Q6", "lose the Go question",
# "cut it"), not "cut down Q6", "cut corners on Q6" or "lose time on Q6". The patterns below are made from it.
VERBS = {
    "replace": ("replace", ",and"), "swap": ("replace", ",and"), "change": ("replace", ","),
    "drop": ("drop", ",and"), "remove": ("drop", ",and"), "delete": ("drop", ","), "skip": ("drop", ","),
    "get rid of": ("drop", ",and"), "scrap": ("drop", ",and"), "ditch": ("drop", ",and"), "cut": ("drop", ",and"),
    "lose": ("drop", ",and"), "fewer": ("fewer", ","), "one less": ("fewer", ""),
    "add": ("add", ",and"), "include": ("add", ",and"), "also ask": ("add", ","), "focus": ("focus", ",and"),
    "more": ("more", ",and"), "less": ("more", ","), "make": ("level", ",and"), "give": ("give", ","),
    "keep": ("keep", ",and"), "rewrite": ("rewrite", ",and"), "reword": ("rewrite", ",and"),
    "rephrase": ("rewrite", ",and"),
}
# What "cut" / "lose" must be followed by to drop a question: the question itself ("cut Q6", "lose question 2",
# "cut the second question", "lose the Go one", "cut it", "cut both"), not "lose the candidate on Q2" or "cut the
# small talk before Q2".
QUESTION_NAMED = (r"(?=\s(?:q\s?\d|#\s?\d|questions?\b|(?:the|this|that|these|those|all|both)(?:\s[\w+#.-]{1,30})"
                  r"{0,4}?\s(?:questions?|ones?)\b|(?:it|them|this|that|these|those|both|all|everything)(?:$|[^\w ]|"
                  r"\s(?:and|but|too|as|since|because|except|other|apart|please|entirely|altogether|then|so)\b)))")
VERB_GUARDS = {"cut": QUESTION_NAMED, "lose": QUESTION_NAMED, "fewer": r"(?!\s+than\b)"}


def _verbs(*kinds: str, breaks: str = "", guarded: bool = False) -> str:
    """An alternation of the verbs of `kinds` (every kind when none), of those that break a clause as `breaks` asks."""
    return "|".join(verb.replace(" ", r"\s") + (VERB_GUARDS.get(verb, "") if guarded else "")
                    for verb, (kind, where) in VERBS.items()
                    if (not kinds or kind in kinds) and breaks in where)


# A question named by number with a verb of its own after a comma starts a clause too: "drop Q2, Q3 is too easy" drops
# Q2 and says Q3 is too easy (read as one clause, Q3 was dropped along with Q2), "drop Q1, Q3 already covers it"
# drops Q1; "remove Q2, Q5" and "replace Q2, Q3 with …" go on along their list. After "and" it does when a wish or a
# level is said on either side of it: "Drop Q2 and Q3 is too easy" drops Q2 and makes Q3 harder, "Q2 is off-topic and
# Q3 is too easy" makes Q3 (not Q2) harder; two complaints ("Q2 duplicates Q1 and Q3 duplicates Q1; drop them", after
# a comma too) stay one clause, so "them" is both.
SAID_OF = (r"(?:q ?|# ?|questions? )\d{1,2} (?:(?:already|also|really|still|just|clearly) )?(?:is|isn['’]?t|are|"
           r"aren['’]?t|was|were|looks?|seems?|feels?|sounds?|reads?|needs?|should|must|could|would|has|have|"
           r"duplicates?|repeats?|overlaps?|covers?|asks?|tests?|too (?:easy|simple|basic|hard|difficult|advanced))\b")
def _said_again(clauses: list[str]) -> list[str]:
    """The clauses, each that only says the one before it again of more questions (SAID_AGAIN: "Q3 is off-topic. Q5 as
    well.") read with that one, as after a comma ("Q3 is off-topic, Q5 as well": both), when that one names a
    question by number; after one that names none ("Add a SQL question. Q5 too.") it is quoted back as before."""
    joined: list[list[str]] = []  # each clause's parts, joined once (a thousand "Q5 too." is read in linear time)
    named = False  # the clause before names a question by number
    for clause in clauses:
        if named and SAID_AGAIN.fullmatch(clause):
            joined[-1].append(clause)
        else:
            joined.append([clause])
            named = bool(_numbers(clause, 99))
    return [", ".join(parts) for parts in joined]


def _said_of_clauses(part: str) -> list[str]:
    """`part` cut before each question said something of after a comma or "and" (SAID_OF_BREAK) where what comes
    before is a clause of its own: after "and" one that asks something or says a level, or what follows says a level;
    after a comma any, but a complaint before another when neither asks anything. In linear time (each piece is
    searched once)."""
    pieces = SAID_OF_BREAK.split(part)
    clauses, current = [], pieces[0]
    whole, asks, complains = _whole(current), _asks(current), _complains(current)
    for sep, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        asked = asks or _asks(piece)
        if whole and not BARE_VERB.fullmatch(piece) and (
                asked or (sep.strip() == "," and not (complains and _complains(piece)))):
            clauses.append(current)
            current, whole, asks, complains = piece, _whole(piece), _asks(piece), _complains(piece)
        else:
            current = f"{current}{sep}{piece}"
            whole = whole or bool(WISHES.search(piece) or COMPLAINT.search(piece)) or _level_said(piece)
            asks, complains = asked, complains or _complains(piece)
    return [*clauses, current]


def _so_clauses(part: str) -> list[str]:
    """`part` cut before a wish after "so" / "then" (SO_BREAK) where what comes before asks something of its own:
    "Drop Q2 so add a SQL question" is two wishes (read as one clause, the SQL question was lost without a word), but
    a reason or a complaint stays with the wish it gives ("The candidate isn't senior, so make it easier", "Q2
    duplicates Q1 so drop Q2"). In linear time (each piece is searched once)."""
    pieces = SO_BREAK.split(part)
    clauses, current, asks = [], pieces[0], _asks(pieces[0])
    for sep, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        if asks:
            clauses.append(current)
            current = piece
        else:
            current = f"{current}{sep}{piece}"
        asks = True  # what follows opens with a wish
    return [*clauses, current]


def _whole(piece: str) -> bool:
    """`piece` is a clause of its own: it asks something, complains, says a level ("The plan is too easy but Q4
    isn't[, and Q3 is off-topic]") or says something of a question."""
    return bool(WISHES.search(piece) or COMPLAINT.search(piece) or SAID_OF_OPENS.match(piece.strip())
                or _level_said(piece))


def _asks(piece: str) -> bool:
    return bool(WISHES.search(piece)) or _level_said(piece)


def _level_said(piece: str) -> bool:
    return bool(EASIER.search(piece) or HARDER.search(piece))


def _complains(piece: str) -> bool:
    return bool(_faults(piece, 99, (FAULT, COMPLAINT)))


# Why the wish just before was made, said of a question: "[drop Q1,] Q3 already covers it" asks nothing more.
BECAUSE = re.compile(r"\b(?:covers?|duplicates?|repeats?|overlaps?(?: with)?|asks?|tests?) (?:it|them|this|that|"
                     r"the same)\b", re.I)
CLAUSES = re.compile(rf"[.;!?\n]+|,\s*(?:(?:and|but)\s+)?(?=(?:please\s+)?(?:{_verbs(breaks=',')})\b)|"
                     rf"\b(?:and|but)\s+(?=(?:{_verbs(breaks=',and')})\b)", re.I)
# ... but only after a clause that is whole: one that asks something, complains or says something of a question.
# Before a list's last item it is no break: "Q1, Q2 are too easy" is both, "Q3, Q5 look fine" keeps both (R3). The
# separator is kept (a group), to be put back where the pieces stay one clause.
# A wish after "so" / "then" ("drop Q2 so add a SQL question", "…, then add …", "… so we can add …"): a clause of its
# own after one that asks something (`_so_clauses`); not what the wish is for ("drop Q2 so keep it short", "… so more
# time is left for Q3"). The separator is kept (a group), to be put back where it is not.
SO_BREAK = re.compile(r"((?:, ?)?(?:\band )?\b(?:so|then)(?: that)?(?: (?:we|you|i|they) (?:can|could|may|might|will|"
                      r"would|should))? (?:please )?)"
                      rf"(?=(?:{_verbs('replace', 'drop', 'add', 'focus', 'level', 'rewrite', breaks=',and')}|"
                      r"more(?! (?:time|room|space)\b))\b)", re.I)
SAID_OF_BREAK = re.compile(rf"(, ?| and )(?={SAID_OF})", re.I)
SAID_OF_OPENS = re.compile(SAID_OF, re.I)
# ... nor before a question and a verb with nothing more, the last of the questions a turn says the same of: "Q2 isn't
# too difficult but Q3 and Q5 are" (ELIDED).
BARE_VERB = re.compile(r" ?(?:q ?|# ?|questions? )\d{1,2} (?:is|are|was|were|does|do)(?:n['’]?t| not)?"
                       r"(?: (?:too|as well|either|imo))?\W*", re.I)
WISHES = re.compile(rf"\b(?:{_verbs()})\b", re.I)
# A dash with a space beside it is punctuation when a clause follows the number after it ("drop Q1 — Q3 already covers
# it" drops Q1): a range only when the number ends the clause or a list, or a conjunction or "with" follows it.
RANGE_END = (r"(?:q\s?|#\s?)?\d{1,2}(?:$|[^\w ]|\s(?:and|or|with|for|by|into|as|so|because|since|then|but|please|"
             r"too|entirely|altogether|completely)\b)")
# What is replaced ends where the clause's next part starts: "swap Q1 and Q4 so we start with the database one" replaces
# nothing; a comma goes on only along a list of question numbers ("replace Q2, Q3 with …"). The runs of spaces are one
# space by the time a clause is read; what is replaced is said in 120 characters, so a long clause is read in linear
# time.
REPLACE = re.compile(rf"\b(?:{_verbs('replace')})\s(?P<old>(?:(?!\b(?:so|then|because|since|as)\b)"
                     r"(?:[^,:(]|,(?= ?(?:q ?|# ?)?\d{1,2}\b))){1,120}?)"
                     r"\s(?:with|for|by|to(?! (?:q ?|# ?)?\d)|into)\s(?P<new>.+)", re.I)
# A new order: "swap Q1 and Q4", "switch questions 2 and 3", "put Q4 first", "move Q2 to the end", "start with the
# database one". The questions move; none is replaced.
SWAP = re.compile(r"\b(?:swap|switch|exchange|reorder|re-order)\b", re.I)
TO_FIRST = re.compile(r"\b(?:start|begin|open|lead) (?:\w+ )?with (?P<one>.{1,80})|"
                      r"\b(?:put|move|have) (?P<two>.{1,80}?) "
                      r"(?:first|at the (?:start|top|beginning)|to the (?:start|top|front|beginning))\b", re.I)
TO_LAST = re.compile(r"\b(?:end|finish|close) (?:\w+ )?with (?P<one>.{1,80})|"
                     r"\b(?:put|move|have) (?P<two>.{1,80}?) "
                     r"(?:last|at the end|to the end|at the bottom|to the bottom)\b", re.I)
# "swap the Kafka question with the behavioural one" (a question of the plan: "the", a number), not "… with a SQL one"
SWAP_WITH = re.compile(r" with (?=(?:the|q|question|#)\b|q ?\d|#)", re.I)
REORDER_REACH = re.compile(r"\b(?:so|then|because|since|as)\b|[,:(]", re.I)  # where the questions an order names end
# What is dropped ends at a dash used as punctuation ("drop Q1 — it repeats Q3"), not at one of a range or a word.
DROP = re.compile(rf"\b(?:{_verbs('drop', 'fewer', guarded=True)})\s+(?P<old>(?:[^-–—]|(?<=\S)[-–—](?=\S)|"
                  rf"[-–—]{{1,2}}(?=\s?{RANGE_END}))+)", re.I)
# "cut Q6 to five minutes", "drop Q2 to 5 min": a question made shorter (quoted back: not something this reads), not
# one dropped. The length is the question's own, said right after it ("Q6 down to 5 min"), not the plan's: "drop Q6
# to save 10 minutes", "remove Q6, the interview runs over by 15 minutes" drop Q6.
SHORTENED = re.compile(r"(?:(?!(?:to|by)\b)[^\s,]{1,30} ){1,4}?(?:down )?(?:to|by) (?:about |around |roughly |just "
                       r"|only |under )?[\w.-]{1,12} ?(?:minutes?|mins?|hours?)\b", re.I)
# "focus more on Kafka", "ask more about testing", "more questions on SQL": a question on it is added.
ADD = re.compile(r"\b(?:add|include|also ask|ask (?:more )?about|focus (?:more )?on|more questions (?:on|about))"
                 r"\s+(?P<new>.+)", re.I)
# "Fewer coding, more SQL": a clause that opens with "more" and names a category or topic adds a question on it.
MORE = re.compile(r"(?:and\s+)?more\s+(?:on\s+|about\s+)?(?P<new>.+)", re.I)
# "keep the SQL question", "make sure the SQL question stays": that question is not dropped to make room.
KEEP = re.compile(r"\b(?:keep|stays?|remains?)\b", re.I)
# Praise of a question ("Q2 is fine", "Q2 looks great", "Q2 and Q4 are good", "the Kafka question is a good one"):
# it asks nothing, so the question is kept as it was unless the comment asks something else of it ("Q2 is good but
# too easy" makes it harder). Said of the words before it, as "stays" is (`_kept_before`).
PRAISE = re.compile(r"\b(?:(?:is|are|was|were|looks?|seems?|sounds?)(?: (?:really|very|quite|pretty|perfectly|"
                    r"totally|absolutely|all|just))? (?:fine|good|great|ok|okay|perfect|excellent|solid|nice|spot on|"
                    r"spot-on|well written|on[- ]topic)|(?:is|are) (?:a|an) (?:really |very )?(?:good|great|fine|solid|"
                    r"nice|excellent) (?:one|question))(?: as (?:it is|is|they are))?(?: to me)?(?: too| as well)?\b",
                    re.I)
# What is left of a clause of praise once the praise is taken out starts with a word that joined it: "but", "and" …
JOINED = re.compile(r"(?:and|but|so|though|although|however|while|whereas|also|yet)\b", re.I)
# Praise denied of the questions after a turn, its words left out: "[Q2 is fine but] Q4 isn't", "[…, whereas] Q4 and
# Q5 are not" (`_praise`).
PRAISE_DENIED = re.compile(r"(?P<said>(?:q ?|# ?|questions? )\d{1,2}(?:(?:,|,? and|,? &) (?:q ?|# ?)?\d{1,2}){0,5}) "
                           r"(?:is|are|was|were|does|do)(?:n['’]?t| not)"
                           r"(?= ?(?:$|[,;:.!?)]| (?:and|but|so|then|please|though|imo)\b))", re.I)
# "Keep" followed by a verb or a preposition keeps no question: "the candidate will keep using Go", "keep in mind".
NOT_OBJECT = re.compile(r" ?(?:(?:the|all|both|a|an|this|that|these|those) ){0,2}(?P<head>\w{1,30}ing|in|on|it|up|to|"
                        r"at|track|going)\b", re.I)
# What "stays" / "remains" is followed by when it says how a question is, not that it should stay: "Q2 remains a
# concern", "Q3 stays too easy" (or a fault: "remains vague").
STAYS_WANTING = re.compile(r" (?:a|an|too|very|quite|rather|somewhat|pretty|far|way)\b", re.I)
# A subject of its own before "stays" / "remains": "drop the coding question so the plan stays short" keeps no question.
OWN_SUBJECT = re.compile(r"\b(?:the|a|an|it|this|that|these|those|they|we|i|you|everything|rest)\b", re.I)
# A name in a list that "keep" or "stays" reaches along ("Q2 and Q4", "Q2, Q4", "the Kafka and Go questions"): a word
# or two with no verb of its own.
LISTED = re.compile(r"(?:(?:the|both) )?(?!(?:" + _verbs('replace', 'drop', 'add', 'focus', 'level', 'give', 'keep',
                                                                    'rewrite') + "|"
                    r"ask|is|are|was|were|should|must|will|can|stays?|remains?)\b)[\w+#.-]{1,30}"
                    r"(?: (?!(?:is|are|was|were|should|must|will|can)\b)[\w+#.-]{1,30})?(?: (?:questions?|ones?))?",
                    re.I)
# A wish said the other way round ("don't focus on Kafka", "less focus on Kafka", "I'd rather you didn't ...",
# "never drop behavioural"): a negation before what a clause asks means it is not asked. "No, ..." is an answer.
NEGATION = re.compile(r"\b(?:(?:do|does|did|is|are|was|were|would|should|could|must|need|wo|ca)n['’]?t|"
                      r"not|never|no(?!\s*[,:])|nothing|none|neither|nor|without|less|rather not|avoid|stop)\b",
                      re.I)
# A fault said of a question the other way round ("Q4 isn't off-topic", "I don't think Q3 is vague", "Q2 is not a
# duplicate of Q1", "Q3 is hardly off-topic"; read by `_denials`): narrower than NEGATION, so "Q3 without any context
# is vague" still finds fault.
DENIAL = re.compile(r"\b(?:(?:do|does|did|is|are|was|were|would|should|could|must|need|wo|ca|has|have)n['’]?t|not|"
                    r"never|hardly|barely|by no means)\b", re.I)
# Where a negation's reach ends: "the candidate isn't senior, so make it easier" asks to make it easier.
SCOPE = re.compile(r"\b(?:so|but|and|then|because|since|therefore|hence)\b|[,:(]", re.I)
# "Ask about SQL instead of Python": only what comes before is asked for.
CONTRAST = re.compile(r"\b(?:instead of|rather than)\b", re.I)
PUNCTUATION = re.compile(r"[^\w\s.+#]+|\.(?!\w)")
# A term said the other way round: a negation or a contrast just before it, past an article at most ("not a coding
# one", "no coding", "rather than Kafka", "I don't want a coding one"). A negation before another word ("a not too
# difficult SQL question", "how to avoid deadlocks in SQL", "a no-nonsense SQL question") denies that word, not the
# term. Read on `_phrase`d text ("don't" is "don t"), just before where a term is found.
DENIED = re.compile(r"(?:\b(?:not|no|nor|without|rather than|instead of|other than|except)|\Bn t)(?: (?:want|need))?"
                    r"(?: (?:a|an|the|any|another|more|on|about))? $")
# Where a phrase ends in the text `_term` reads: a comma, colon or bracket, kept (as words) so "not coding, SQL" denies
# coding only.
REACH = re.compile(r"([,:(])")
# One question fewer, when the clause names no question ("make it shorter", "fewer questions").
SHORTER = re.compile(r"\b(?:shorter(?!\s+(?:questions?|prompts?|answers?)\b)|(?:fewer|less) questions|"
                     r"too many questions)\b", re.I)
# Time is the plan's duration, not a question: "add more time for the design question" adds no question. A time word
# inside a term ("real-time", "real time", "time complexity", "time-series", "compile-time") is not a duration.
TIME = re.compile(r"(?<![\w-])(?<!real )(?<!compile )(?:time(?!\s(?:complexity|series|zones?)\b)|minutes?|"
                  r"mins?|longer|hours?)\b(?!-)", re.I)
# "Q3 is not hard enough" asks for it harder, as "too easy" does ("Q3 is not too easy" asks nothing: `_negated`).
NOT_ENOUGH = r"(?:not|(?:is|are|was|were)n['’]?t) (?:(?:really|quite|very) )?"
EASIER = re.compile(rf"\b(easier|simpler|less (?:hard|difficult)|too (?:hard|difficult|advanced)|"
                    rf"{NOT_ENOUGH}(?:easy|simple|basic) enough)\b", re.I)
# A level wish said of the whole plan, whatever question was named before it: "overall it is too hard".
# The plan named is what is said to be too hard, not where a question is ("it is too hard for this interview": "it").
WHOLE = re.compile(r"\b(?:overall|in general|generally|on the whole|across the board|(?<!\bfor )(?<!\bin )(?<!\bof )"
                   r"(?<!\bto )(?<!\bat )(?<!\bon )(?<!\bwith )(?:everything|(?:the|this) (?:whole |entire )?(?:plan|"
                   r"interview|set)|(?:all )?(?:the|these) questions))\b", re.I)
LEVEL_BREAK = re.compile(r",|\b(?:and|but|while|whereas)\b", re.I)  # between two wishes of opposite directions
HARDER = re.compile(rf"\b(harder|more (?:difficult|challenging)|tougher|too (?:easy|simple|basic)|"
                    rf"{NOT_ENOUGH}(?:hard|difficult|challenging|tough|advanced) enough)\b", re.I)
# What the reasons that bring fresh questions complain of: the next version does not repeat the questions sent back.
# Of two questions a complaint names, the one acted on ("drop it") is the repeat: the subject of "Q3 duplicates /
# repeats / overlaps (with) Q1" (Q3), the question after a passive "Q1 is duplicated by / repeated in / overlapped by
# Q3" (`by`: Q3). "Covers" says which one is not needed: the one covered, the question after "Q3 (already) covers
# Q1" (`covers`: Q1) and before "Q1 is covered by Q3" (`covered`: Q1), as in "drop Q1, Q3 already covers it"; either
# is a complaint only with a question named on both sides ("Q3 covers Python" is none).
ANOTHER = r"(?= (?:q ?|# ?|questions? )\d)"  # a question named by number next
COMPLAINT = re.compile(rf"\b(?:(?P<by>(?:duplicated|repeated|overlapped|copied) (?:by|in){ANOTHER})|"
                       rf"(?P<covers>covers{ANOTHER})|(?P<covered>covered (?:by|in){ANOTHER})|"
                       r"duplicates?|duplicated|repeats?|repeated|overlap(?:s|ping)?|same question|off[- ]?topic|"
                       r"repetitive|irrelevant|not relevant|biased|unfair)\b", re.I)
# A clause that asks nothing: thanks and praise are not requests left undone. Each word one way only: with both
# "the rest" and "the", "rest" a clause that failed to match tried 2^n splits ("the rest " * 20 + "x": 2.4 s, R2).
COURTESY = re.compile(r"(?:(?:thanks|thank you|thx|cheers|please|ok|okay|great|nice|lgtm|good|fine|otherwise|"
                      r"looks?|overall|rest|is|are|plan|job|work|all|else|everything|the|this|these|"
                      r"questions)\b[\s,!]*)+", re.I)
# A question named by its number as the expert sees it: "Q3", "q 3", "#3", "question 3", "questions 2 and 4", "the
# third question" / "the third one".
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
            "ninth": 9, "tenth": 10, "last": -1}
# A range of them: "Q1 to Q3", "Q1-Q3", "questions 2–4", "Q1 through Q3" (not "Q6 to 5 minutes").
RANGE = (rf"(?:[-–—](?!\s)|\s?[-–—]\s?(?={RANGE_END})|\s(?:to|through|thru|till|until)\s)(?:q\s?|#\s?)?\d{{1,2}}\b"
         r"(?!\s?(?:minutes?|mins?|hours?)\b)")
RANGE_SAID = re.compile(r"[-–—]|\b(?:to|through|thru|till|until)\b", re.I)
NUMBER = re.compile(r"\d{1,2}")
NUMBERED = re.compile(rf"(?:\bq|(?<![\w#])#)\s?(?P<one>\d{{1,2}}(?:{RANGE})?)\b|\bquestions?\s+(?:no\.?\s?|number\s|"
                      rf"#\s?)?(?P<many>\d{{1,2}}(?:(?:\s?[,&/]\s?|\s(?:and|or|&)\s)(?:q\s?|#\s?)?\d{{1,2}}|{RANGE})"
                      r"{0,9})\b|"
                      r"\bthe\s(?P<nth>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)"
                      r"\s(?:question|one)\b", re.I)
# "drop everything except Q1", "all but Q1", "the rest other than the Go question": what comes after is spared.
EXCEPT = re.compile(r"\b(?:except(?: for)?|but not|other than|apart from|save for)\b|(?<=\ball )but\b|"
                    r"(?<=\beverything )but\b", re.I)
EVERY = re.compile(r"(?:everything|all|each|every|the rest|rest|the others|others)(?: (?:of|the|other|others|rest|"
                   r"questions?|ones?)){0,4}", re.I)
# "replace it with …", "replace with …": the question the comment named just before.
REPLACE_IT = re.compile(rf"\b(?:{_verbs('replace')})\s(?:(?:it|this|that|them|those|these)(?:\s(?:one|question)s?)?\s)?"
                        r"(?:with|for|by|into)\s(?P<new>.+)", re.I)
# A question named by its number and found wanting, with no more said ("Q3 is off-topic", "question 2 is weak"):
# it is written afresh.
FAULT = re.compile(r"\b(?:off(?:[- ]?topic)?|wrong|bad|poor|weak|vague|unclear|useless|pointless|generic|"
                   r"irrelevant|not (?:a )?(?:good|great|right|fit|needed|useful|relevant))\b", re.I)
TURN = re.compile(r"\b(?:but|while|whereas|though|although|however)\b", re.I)  # what is said after it is another matter
# The words a question's language comes in ("… coding question in Python", "using Go").
LANGUAGE = re.compile(r"\b(?:in|using|with|written in)\s(?P<language>[\w+#.]{1,20})", re.I)
UNREAD_SHOWN = 4  # clauses quoted back under "Not done", the rest counted
# Words that name a category in everyday speech beside its id and name.
CATEGORY_WORDS = {"behavioural": "behavioral", "behavior": "behavioral", "behaviour": "behavioral",
                  "database": "databases", "design": "system_design", "algorithm": "coding", "algorithms": "coding",
                  "language": "language_knowledge", "machine learning": "ml_concepts", "ml": "ml_concepts",
                  "debug": "debugging", "tests": "testing", "test": "testing"}


@dataclass
class SendBack:
    """The slots after the comment, and what the next version tells the expert about it."""

    slots: list[dict[str, str]]
    done: list[str] = field(default_factory=list)
    not_done: list[str] = field(default_factory=list)
    shift: int = 0
    dropped: int = 0  # questions dropped by name: one of them is the "shorter" a comment also asks for
    # The questions the expert saw, (category, skill) each, when the comment names them ("Q3", "the Go question"):
    # the slots are then those questions, each with `question` (its index) and `unchanged` until a wish changes it.
    shown: list[tuple[str, str]] = field(default_factory=list)
    skill_words: dict[str, list[str]] = field(default_factory=dict)  # skill id -> its name and aliases
    named: list[int] = field(default_factory=list)  # the questions the last clause named ("replace it with …")
    flagged: list[int] = field(default_factory=list)  # named and found wanting ("Q3 is off-topic"): written afresh
    rewritten: list[int] = field(default_factory=list)  # asked to be rewritten ("rewrite Q4"): on its skill and level
    levels: dict[int, int] = field(default_factory=dict)  # named as too easy (+1) or too hard (-1): on the same skill
    kept: list[int] = field(default_factory=list)  # asked to keep ("keep Q4"): a shift of the whole plan leaves them be
    own_levels: list[str] = field(default_factory=list)  # the difficulty of each question shown, as the expert saw it
    # praised ("Q2 is fine"): (where in `done` it is said, the questions), kept at the end if nothing else changed them
    praised: list[tuple[int, list[int]]] = field(default_factory=list)

    def note(self) -> str:
        parts = []
        if self.done:
            parts.append("As you asked: " + "; ".join(self.done) + ".")
        if self.not_done:
            parts.append("Not done: " + "; ".join(self.not_done) + ".")
        return " ".join(parts)


def _phrase(text: str) -> str:
    """`text` lower-cased in words: punctuation ("coding, more SQL", '"system design"') is a space, so a term beside
    it is still a word; a dot, "+" or "#" inside a word ("node.js", "c++") stays."""
    return " ".join(PUNCTUATION.sub(" ", text.lower()).replace("_", " ").split())


def _term(text: str, topic_categories: dict[str, str]) -> tuple[str, str] | None:
    """(category, topic tag or "") named in `text`: a category by id, name or everyday word, or a question tag the
    bank files under a category; of several, the one said first (at one place the longest, a category before a tag:
    "a SQL one, not Kafka" is SQL). A term said the other way round ("a SQL question, not a coding one", "SQL rather
    than coding") is not one: it is not what is asked for."""
    caps = capabilities.get_capabilities()
    said = " " + " ".join(part if part in ",:(" else _phrase(part) for part in REACH.split(text)) + " "
    names = {_phrase(c.id): c.id for c in caps.categories.values()} | {
        _phrase(c.name): c.id for c in caps.categories.values()} | {
        _phrase(c.name.split(" and ")[0]): c.id for c in caps.categories.values()} | CATEGORY_WORDS
    found = []  # (where in `said`, longest first, a category before a tag, the term, where it ends)
    for name, category in names.items():
        at = min((i for i in (said.find(f" {name} "), said.find(f" {name}s ")) if i >= 0), default=-1)
        if at >= 0:
            found.append((at, -len(name), 0, (category, ""), said.index(" ", at + 1 + len(name))))
    found += _tags_said(said, topic_categories)
    # a term denied denies the terms inside it and right after it too: "not a system design one" is not design either,
    # "not a Kafka coding one" not coding; each term is looked at once, just before it (linear in the text)
    asked, reach = [], -1
    for f in sorted(found):
        if f[0] <= reach or DENIED.search(said, max(0, f[0] - 40), f[0] + 1):
            reach = max(reach, f[4])
        else:
            asked.append(f)
    found = asked
    if not found:
        return None
    # the first term said is the one meant: "SQL, not Kafka", "a SQL one (Kafka is covered)"; a topic and a category
    # said together are a question of that category on the topic ("a Kafka coding question": coding, on Kafka)
    first = min(found, key=lambda f: f[:3])
    named = min((f for f in found if f[2] == 0), key=lambda f: f[:3], default=None)
    if first[2] == 1 and named is not None:
        return named[3][0], first[3][1]
    return first[3]


class Topics(dict):
    """tag -> category (`topic_categories`), with each tag's words worked out once for a whole comment."""

    @cached_property
    def phrases(self) -> tuple[dict[str, list[tuple[str, str]]], int]:
        """Each tag's words (`_phrase`) -> the tags that are said so, and the most words a tag has."""
        phrases: dict[str, list[tuple[str, str]]] = {}
        for tag, category in self.items():
            if phrase := _phrase(tag):
                phrases.setdefault(phrase, []).append((tag, category))
        return phrases, max((phrase.count(" ") + 1 for phrase in phrases), default=0)


def _tags_said(said: str, topics: dict[str, str]) -> list[tuple]:
    """The question tags `said` (`_term`'s words) names, each where it is said first: (where, its length negated, 1,
    (category, tag), where it ends). A tag is looked up by the words where it would start (a run of up to as many
    words as the longest tag has), not each tag looked for in the text: a comment of many clauses is read in time
    linear in its length, not in its length times the bank's tags (300 "keep" clauses took 0.35 s at 1,000 tags, 1 s
    at 3,000)."""
    phrases, longest = (topics if isinstance(topics, Topics) else Topics(topics)).phrases
    spaces = [i for i, c in enumerate(said) if c == " "]
    found, seen = [], set()
    for k, at in enumerate(spaces):
        for end in spaces[k + 1:k + 1 + longest]:
            for tag, category in phrases.get(said[at + 1:end], ()):
                if tag not in seen:
                    seen.add(tag)
                    found.append((at, -(end - at - 1), 1, (category, tag), end))
    return found


def _label(category: str, topic: str) -> str:
    name = capabilities.category_name(category).lower()
    return f"{topic_name(topic)} ({name})" if topic else name


def topic_name(topic: str) -> str:
    """A question tag as the expert writes it: the skill's own name when the tag is its id, its name in another case
    ("go" -> "Go", "sql" -> "SQL") or a one-word alias ("kafka" -> "Apache Kafka", "cpp" -> "C++"); a hyphenated
    alias of a broader skill keeps its own words ("garbage-collection" -> "Garbage collection", not "Memory
    Management", but "e2e-testing" -> "End-to-End Testing"); else a tag of three letters upper-cased ("API"), else
    the tag's words capitalised ("math" -> "Math", not "MATH")."""
    skill = skill_named(topic)
    if skill is not None and (skill.id == topic or skill.name.lower() == topic.lower() or "-" not in topic
                              or topic.rsplit("-", 1)[-1] in skill.name.lower()):
        return skill.name
    if len(topic) <= 3:
        return topic.upper()
    parts = topic.split("-")  # "tcp-ip" -> "TCP IP", "big-o" -> "Big O", "two-pointers" -> "Two pointers"
    named = " ".join(part.upper() if len(part) <= 3 and part.isalpha() and (at or not set(part) & set("aeiou"))
                     else part for at, part in enumerate(parts))
    return named[:1].upper() + named[1:]


def topic_categories(rows: list[tuple[str, list]]) -> dict[str, str]:
    """question tag -> the category the bank files it under most, from (category, tags) rows."""
    counts: dict[str, Counter] = {}
    for category, tags in rows:
        for tag in tags or []:
            counts.setdefault(str(tag), Counter())[category] += 1
    return {tag: c.most_common(1)[0][0] for tag, c in counts.items()}


def read_send_back(comment: str, *, slots: list[dict[str, str]], topics: dict[str, str], difficulty_for,
                   reason_shift: int = 0, fresh: bool = False, questions: list[dict] | None = None,
                   skill_words: dict[str, list[str]] | None = None) -> SendBack:
    """Apply what `comment` asks to `slots` ({category, difficulty}); `topics` is tag -> category (see
    `topic_categories`); `difficulty_for(category, index)` is the difficulty a new slot of that category
    gets in place of slot `index` (None: an added one). A replaced or added slot carries `topic` (the tag asked
    for) and `requested: True`. `fresh`: the reason chosen brings fresh questions (a clause that says a question is a
    duplicate, off-topic or biased is answered by that). A clause none of this reads is quoted under "Not done".

    `questions`: the version the expert sent back, `skill_words` its skills' names and aliases. When the comment names
    its questions ("Q3 is off-topic", "replace question 3 with …", "drop the Go question") the slots are those
    questions: the ones no wish touches stay `unchanged` (the next version keeps their text unless their level moves:
    slots that already are those questions keep their difficulty, see `_show`), the others are replaced or dropped one
    by one."""
    result = SendBack(slots=[dict(s) for s in slots], skill_words=dict(skill_words or {}))
    topics = topics if isinstance(topics, Topics) else Topics(topics)  # its tags' words worked out once
    # Runs of spaces are one space before any pattern reads a clause: "replace" followed by thousands of spaces kept
    # the replace pattern's two whitespace runs around its lazy group trying every split (cubic: 11 s at 1,000).
    clauses = [" ".join(c.split()) for part in CLAUSES.split(comment or "")
               for so in _so_clauses(" ".join(part.split())) for c in _said_of_clauses(so)]
    clauses = _said_again([c for c in clauses if c])
    if questions and _names_questions(clauses, questions, result.skill_words, topics):
        _show(result, questions)
    # a wish that a question stay is done first (whatever the comment asks of it later); the rest of its clause
    # ("drop Q2 but the SQL question stays": "drop Q2") is read as any other clause
    kept, praised = _keeps(result, clauses, topics)
    unread = []
    reason = None  # the clause before, when it named questions ("Q2 is too Django-specific")
    done_before = False  # the clause before asked something that was done
    shorter = None  # where in `done` the wish for a shorter plan goes, when no question is dropped by name
    for at, clause in enumerate(clauses):
        # "it" / "them" later in the comment is the questions named last, by number or by skill, kept ones too ("keep
        # the Kafka question but make it harder")
        # ("Q2 is fine but Q4 isn't[, rewrite it]": of what praise leaves, Q4)
        result.named = _named_here(result, praised.get(at, "")) or _named_here(result, clause) or result.named
        clause = kept.get(at, clause)
        # of "Q2 is fine, but Q3 is vague" what is left once the praise is out is read ("Q3 is vague"); a wish for
        # another level that names no question of its own is said of the one praised ("Q2 is good but too easy")
        # ... but a level said of the whole plan before the praise is the plan's: "Too easy overall, but Q4 is fine"
        # makes every question but Q4 harder, not Q4
        said = praised[at] if at in praised and (_named_here(result, praised[at]) or _plan_level_before(
            result, clause)) else clause
        clause = praised.get(at, clause)
        asked = _asked(clause) if clause else None
        numbers = _numbers(clause, len(result.shown))
        read = (asked is not None and _read(result, asked, topics, difficulty_for, fresh)) or at in kept
        if read == "shorter":
            shorter = len(result.done) if shorter is None else shorter
        read = _level(result, _asked(said) if said else None, reason_shift, topics) or read
        if at in praised and not read:  # praise asks nothing: quoted back is only what else the clause says
            read = not clause or COURTESY.fullmatch(clause) is not None
        if not read and not (fresh and _faults(clause, len(result.shown), (COMPLAINT,))) and (
                not COURTESY.fullmatch(clause)) and not (done_before and numbers and BECAUSE.search(clause)):
            unread.append(clause)
        elif read and not numbers and unread and unread[-1] == reason and PRONOUN_SAID.search(clause):
            unread.pop()  # "Q2 is too Django-specific; replace it with …": the reason of what was done to "it"
        reason = clause if numbers else None
        done_before = bool(read)  # "drop Q1, Q3 already covers it": the clause after says why (`BECAUSE`)
    if shorter is not None:
        _shorten(result, shorter)
    _write_named(result, difficulty_for)
    _keep_praised(result)
    # a question the expert asked to keep is one they named: `fit_slots` never drops it
    result.slots = [{**{k: v for k, v in slot.items() if k != "kept"}, **({"named": True} if slot.get("kept") else {})}
                    for slot in result.slots]
    if unread:
        result.not_done.append(_unread(unread))
    return result


def _plan_level_before(result: SendBack, clause: str) -> bool:
    """`clause` says a level of the whole plan before it praises a question ("Too easy overall, but Q4 is fine", "The
    plan is too easy, but Q4 is good"): nothing, or the plan, is said before the level, as `_spared` reads it."""
    level, praise = EASIER.search(clause) or HARDER.search(clause), PRAISE.search(clause)
    if level is None or praise is None or praise.start() < level.start():
        return False  # "Q2 is good but too easy": said of Q2
    before = clause[:level.start()]
    return (not before.strip() or WHOLE.search(before) is not None) and not _questions_named(result, before) and (
        not _negated(clause, level.start()))


def _write_named(result: SendBack, difficulty_for) -> None:
    """The questions the comment found wanting or gave a level are written afresh (`_write_afresh`), then those it
    asked to be rewritten (`_rewrite_question`): one also found wanting ("Q3 is off-topic; rewrite it") or given a
    level ("rewrite Q4 and make it harder") is written as that says."""
    for index in result.flagged:
        _write_afresh(result, index, difficulty_for)
    for index in result.rewritten:
        if index not in result.flagged:
            _rewrite_question(result, index)


def _keeps(result: SendBack, clauses: list[str], topics: dict[str, str]) -> tuple[dict[int, str], dict[int, str]]:
    """The clauses that ask a question to stay (`_keep`) and those that praise one (`_praise`), by where they are:
    what is left of each to read ("drop Q2" of "drop Q2 but the SQL question stays", "Q3 is vague" of "Q2 is fine,
    but Q3 is vague")."""
    kept, praised = {}, {}
    for at, clause in enumerate(clauses):
        if (rest := _keep(result, clause, topics)) is not None:
            kept[at] = rest
        elif (rest := _praise(result, clause, topics)) is not None:
            praised[at] = rest
    return kept, praised


def _read(result: SendBack, clause: str, topics: dict[str, str], difficulty_for, fresh: bool) -> bool | str:
    """Do what `clause` asks: of the questions it names (`_act_on_questions`), else of a category or topic (`_act`),
    else write afresh the questions it finds wanting (`_flag`)."""
    if (reordered := _reorder(result, clause, topics)) is not None:
        return reordered
    if (on_questions := _act_on_questions(result, clause, topics, difficulty_for)) is not None:
        return on_questions
    if (rewritten := _rewrite(result, clause, topics, difficulty_for)) is not None:
        return _flag(result, clause, fresh) or rewritten  # "Q3 is vague so rewrite it": written afresh, as Q3 is vague
    return _act(result, clause, topics, difficulty_for) or _flag(result, clause, fresh)


def _level(result: SendBack, asked: str | None, reason_shift: int, topics: dict[str, str]) -> bool:
    """The clause asks for easier or harder questions ("too hard", "make it harder"): of the questions it names ("Q3
    is too easy", "make the Go question harder", "make the behavioural question harder") those only, else all (unless
    the reason chosen already shifts them). False: it does not."""
    if not asked:
        return False
    # "make Q4 harder and Q5 easier", "Q2 is a bit too easy, Q5 too hard": each wish reaches to the "and" or comma
    # before the other (one wish at a time, so a long run of them is read in linear time)
    done = False
    while (easier := EASIER.search(asked)) and (harder := HARDER.search(asked)):
        first, second = sorted((easier, harder), key=lambda m: m.start())
        cut = max(LEVEL_BREAK.finditer(asked, first.end(), second.start()), key=lambda m: m.start(), default=None)
        if cut is None:
            break
        done = _level_wish(result, asked[:cut.start()], reason_shift, topics) or done
        asked = asked[cut.end():]
    return _level_wish(result, asked, reason_shift, topics) or done


def _level_wish(result: SendBack, asked: str, reason_shift: int, topics: dict[str, str]) -> bool:
    """One wish for easier or harder questions (`_level`)."""
    level = EASIER.search(asked) or HARDER.search(asked)
    if not level:
        return False
    # "The plan is too easy except Q4", "Everything except Q2 and Q5 is too hard" (`_excepted`), else a turn
    excepted = _excepted(result, asked, topics) if result.shown else None
    turned = excepted[0] if excepted else _turned(asked, len(result.shown), lambda part: _questions_named(
        result, part) or []) if result.shown else None
    direction = -1 if EASIER.search(asked) else 1
    if turned == []:  # "The plan is too easy but Q4 isn't" / "… except Q4": every question but Q4, kept as it is
        return _spare(result, excepted[1] if excepted else _spared(result, asked), direction, reason_shift)
    if turned is None and _negated(asked, level.start()):
        return False
    named = ([at for index in turned if (at := _slot_at(result, index)) is not None] if turned
             else _slots_named(result, asked, topics))
    if not named and result.shown and any(i < len(result.shown) for i in turned or _numbers(asked, len(result.shown))):
        return True  # said of questions the comment drops ("Q4 is too easy so drop it"), not of the whole plan
    if not named and result.shown and result.named and PRONOUN_SAID.search(asked) and not WHOLE.search(asked):
        # "Q2 is too hard, make it easier": "it" is Q2, not the whole plan (but "overall it is too hard" is)
        named = [at for index in result.named if (at := _slot_at(result, index)) is not None]
    if result.shown and named:
        for index in (result.slots[at]["question"] for at in named):
            result.levels[index] = direction
            result.flagged += [] if index in result.flagged else [index]
    elif named:  # no question of the version sent back is named: the slots of the category named
        _level_category(result, named, direction)
    elif not reason_shift:
        result.shift = direction
    return True


def _level_category(result: SendBack, named: list[int], direction: int) -> None:
    """The slots `named` (of one category, the comment naming no question of the version sent back) a level easier or
    harder."""
    category = result.slots[named[0]]["category"]
    for at in named:
        slot = result.slots[at]
        result.slots[at] = {**slot, "difficulty": _one_level(category, slot["difficulty"], direction),
                            "requested": True, "named": True, "level": "easier" if direction < 0 else "harder"}
    result.done.append(f"made the {_label(category, '')} question{'s' if len(named) > 1 else ''} "
                       f"{'easier' if direction < 0 else 'harder'}")


def _turned(text: str, count: int, named=None) -> list[int] | None:
    """The questions a level is said of when it is said of one question and then, its words left out, of another after
    a turn (ELIDED): "Q2 isn't too easy but Q4 is" is Q4, "Q2 is too easy but Q4 isn't" and "Q2 isn't hard enough but
    Q4 is" are Q2 (the questions named before the level); [] when it is said of none ("Q2 isn't too easy but Q4 isn't
    either"); None: no such turn follows the level. `named(text)`: the questions a text names by number or topic,
    when questions named by topic are read too ("The Go question is too easy but the Kafka one isn't": the Go one)."""
    level = EASIER.search(text) or HARDER.search(text)
    if level is None or (turn := ELIDED.match(text, level.end()) or (
            named is not None and ELIDED_NAMED.match(text, level.end()) or None)) is None:
        return None
    said = named or (lambda part: _numbers(part, count))
    # the turn's questions get the level's words without the first question's negation: "too easy", "hard enough"
    enough = level[0].lower().endswith(" enough")
    before = [] if _negated(text, level.start()) else said(text[:level.start()])
    after = said(turn["said"]) if (turn["denied"] is None) != enough else []
    return list(dict.fromkeys(before + after))


def _excepted(result: SendBack, text: str, topics: dict[str, str]) -> tuple[list[int], list[int]] | None:
    """(the questions a level is said of, those it leaves out) when it is said with an exception (LEVEL_EXCEPT): after
    it ("The plan is too easy except (for) Q4", "…, apart from Q4", "… but not Q4", "Too easy overall, except Q4"),
    before the words it is said of ("Everything except Q2 and Q5 is too hard", "All (questions) but Q3 are too easy",
    "Except for Q4, the plan is too easy"). The questions said of are [] for the whole plan (said so, or nothing said
    before the level, as `_spared` reads it: the others move, `_spare`), else those named ("Questions 1 to 4 are too
    easy except Q3": Q1, Q2, Q4); ([], []) when the reader cannot tell ("It is too easy except Q4": quoted back). None:
    no exception that names a question of the plan (one that names none, "Q2 is too easy except the small talk", is
    read as before)."""
    level = EASIER.search(text) or HARDER.search(text)
    if level is None or (but := LEVEL_EXCEPT.search(text)) is None:
        return None
    if (said := EXCEPTED.match(text, but.end())) is None or not (spared := _questions_named(result, said["said"])):
        return None
    if but.start() > level.start():  # "The plan is too easy except Q4": said of what comes before the level
        subject = text[:level.start()]
    else:  # "Everything except Q2 and Q5 is too hard", "Except for Q4, the plan is too easy"
        before, between = text[:but.start()].strip(" ,"), text[said.end():level.start()]
        if not before:
            subject = between
        elif SAID_BEFORE_LEVEL.fullmatch(between) and (EVERY.fullmatch(before) or WHOLE.fullmatch(before)):
            return [], spared
        else:
            subject = before if SAID_BEFORE_LEVEL.fullmatch(between) else ""
    if _negated(subject, len(subject)):
        return None  # "The plan isn't too easy except Q4": read as before
    if not subject.strip(" ,") or (WHOLE.search(subject) and not _numbers(subject, len(result.shown))):
        return [], spared
    if numbers := _numbers(subject, len(result.shown)):
        pool = numbers
    elif (term := _term(subject, topics)) is not None:
        pool = [i for i, (category, _) in enumerate(result.shown) if category == term[0]]
    else:
        pool = [i for i, (_, skill) in enumerate(result.shown) if _skill_said(subject, skill, result.skill_words)]
    pool = [i for i in pool if i not in spared]
    return (pool, spared) if pool else ([], [])


def _spared(result: SendBack, text: str) -> list[int]:
    """The questions a level said of the whole plan is denied of after a turn, its words left out (ELIDED, as
    `_turned` reads it): "The plan is too easy but Q4 isn't", "Overall it's too easy, whereas Q4 and Q5 aren't", "The
    plan isn't hard enough but Q4 is" are Q4 (and Q5); [] when the level is said of questions ("Q2 is too easy but Q4
    isn't", "The Go question …"), of words that do not name the plan ("It is too easy but Q4 isn't": "it" may be a
    question; "Too easy, but Q4 isn't", nothing before the level, is the plan), or denied of the plan ("The plan isn't
    too easy but Q4 is")."""
    level = EASIER.search(text) or HARDER.search(text)
    turn = ELIDED.match(text, level.end()) or ELIDED_NAMED.match(text, level.end())
    if turn is None or _negated(text, level.start()) or (
            (turn["denied"] is None) != level[0].lower().endswith(" enough")):
        return []
    before = text[:level.start()]
    if (before.strip() and not WHOLE.search(before)) or _questions_named(result, before):
        return []
    return _questions_named(result, turn["said"]) or []


def _spare(result: SendBack, spared: list[int], direction: int, reason_shift: int) -> bool:
    """A wish for the whole plan's level (`direction`) but the questions it leaves be (`_spared`): they are kept, as
    "keep Q4" keeps Q4 from a shift of the whole plan, and said to be (one the plan does not have is said under "Not
    done"); the others move, unless the reason chosen already moves them. False: it leaves none be (it is said of
    none: "Q2 isn't too easy but Q4 isn't either")."""
    if not spared:
        return False
    if not reason_shift:
        result.shift = direction
    left = []
    for index in spared:
        if index >= len(result.shown):
            result.not_done.append(f"the plan has no question {index + 1} (it has {len(result.shown)})")
        elif (at := _slot_at(result, index)) is not None:
            result.slots[at]["kept"] = result.slots[at].get("kept") or True
            left.append(index)
    result.kept += [i for i in left if i not in result.kept]
    if left:
        result.done.append(f"kept {', '.join(_shown(result, i) for i in left)} at "
                           f"{'its' if len(left) == 1 else 'their'} level")
    return True


def _one_level(category: str, difficulty: str, direction: int) -> str:
    """`difficulty` one level easier (-1) or harder (+1), within what `category` allows."""
    allowed = capabilities.get_capabilities().categories[category].allowed_difficulties
    order = [d for d in ("easy", "medium", "hard") if d in allowed]
    return order[max(0, min(len(order) - 1, (order.index(difficulty) if difficulty in order else 1) + direction))]


def _slots_named(result: SendBack, text: str, topics: dict[str, str]) -> list[int]:
    """Where the questions `text` names stand among the slots: of the version sent back by number or skill ("Q4",
    "the Go question"), else those of the category or topic it names ("the database one"); [] when it names none."""
    if result.shown and (named := _questions_named(result, text)):
        return [at for index in named if (at := _slot_at(result, index)) is not None]
    term = _term(text, topics)
    return [at for at, slot in enumerate(result.slots) if term is not None and slot["category"] == term[0]]


def _reorder(result: SendBack, clause: str, topics: dict[str, str]) -> bool | None:
    """A new order of the questions ("swap Q1 and Q4", "put Q4 first", "start with the database one", "move Q2 to the
    end"): they move, none is replaced, and each moved question is one the expert named (`fit_slots` never drops
    it). False: the order wish is negated ("don't swap …"); None: the clause asks for no order this reads."""
    found = [m for m in (SWAP.search(clause), TO_FIRST.search(clause), TO_LAST.search(clause)) if m]
    if not found:
        return None
    if _negated(clause, min(m.start() for m in found)):
        return False
    done = False
    if (swap := SWAP.search(clause)) is not None:
        said = clause[swap.end():]
        said = said[:next((m.start() for m in REORDER_REACH.finditer(said)), len(said))]
        named = _swapped(result, said, topics)
        if len(named) == 2:
            a, b = named
            result.slots[a], result.slots[b] = result.slots[b], result.slots[a]
            for at in named:
                result.slots[at]["named"] = True
            result.done.append(f"swapped {_said(result, result.slots[b])} and {_said(result, result.slots[a])}")
            done = True
    for pattern, first in ((TO_FIRST, True), (TO_LAST, False)):
        if (m := pattern.search(clause)) is None:
            continue
        said = m["one"] or m["two"]
        said = said[:next((r.start() for r in REORDER_REACH.finditer(said)), len(said))]
        named = _slots_named(result, said, topics)
        if not named:
            continue
        at = named[0] if first else named[-1]
        slot = {**result.slots.pop(at), "named": True}
        result.slots.insert(0 if first else len(result.slots), slot)
        if at != (0 if first else len(result.slots) - 1):
            result.done.append(f"put {_said(result, slot)} {'first' if first else 'last'}")
        done = True
    return True if done else None


def _swapped(result: SendBack, said: str, topics: dict[str, str]) -> list[int]:
    """Where the questions a swap names stand ("Q1 and Q4", "the Kafka question with the behavioural one": two
    questions of the plan, each named once); [] when the comment names no question of the version sent back."""
    if not result.shown:
        return []
    named = list(dict.fromkeys(_slots_named(result, said, topics)))
    if len(named) != 2 and (with_ := SWAP_WITH.search(said)):
        one, other = _slots_named(result, said[:with_.start()], topics), _slots_named(result, said[with_.end():],
                                                                                      topics)
        named = one + other if len(one) == len(other) == 1 and one != other else named
    return named


def _said(result: SendBack, slot: dict) -> str:
    """A slot as the expert knows it: the question it was ("question 4 (Databases, PostgreSQL)"), else its category."""
    return _shown(result, slot["question"]) if "question" in slot else f"the {_label(slot['category'], '')} question"


def _dropping(text: str) -> re.Match | None:
    """Where `text` asks to drop questions (`DROP`), unless it asks to make one shorter ("cut Q6 to five minutes")."""
    m = DROP.search(text)
    return None if m is None or SHORTENED.match(m["old"]) else m


def _asked(clause: str) -> str | None:
    """What `clause` asks for: up to "instead of" / "rather than" ("ask about SQL instead of Python" asks about SQL);
    None when nothing comes before it."""
    contrast = CONTRAST.search(clause)
    asked = clause[:contrast.start()].strip() if contrast else clause
    return asked or None


def _negated(clause: str, at: int) -> bool:
    """A negation stands before what `clause` asks at `at`, past the last "so", "but", comma …: "don't focus on
    Kafka", "less focus on Kafka" (not "the candidate isn't senior, so make it easier")."""
    before = clause[:at]
    start = max((m.end() for m in SCOPE.finditer(before)), default=0)
    return NEGATION.search(before, start) is not None


def _keep(result: SendBack, clause: str, topics: dict[str, str]) -> str | None:
    """The clause asks that a question stay ("keep the SQL question", "don't drop the SQL question", "make sure the
    SQL question stays"): its questions are marked so nothing this comment asks drops or replaces them, and it is
    said. The questions kept are the ones its own verb names, within that verb's reach (`_keep_reach`): of "drop the
    coding question so the SQL question stays" the SQL one, and the rest of the clause ("drop the coding question") is
    returned to be read as any other. None: it is not such a clause, or names no question of the plan."""
    if REPLACE.search(clause):
        return None
    if (reach := _keep_reach(clause, _naming(topics, [skill for _, skill in result.shown],
                                             result.skill_words))) is not None:
        said, items, rest = reach
    elif (m := _dropping(clause)) and _negated(clause, m.start()):
        said, items, rest = m["old"], [m["old"]], ""
    else:
        return None  # "don't keep the SQL question" is not read: it is quoted back
    if _keep_questions(result, said, items, topics):
        return rest.strip(" ,:;")
    # "keep the coding and behavioural questions": each category of the list
    kept = [term for term in dict.fromkeys(_term(item, topics) for item in items)
            if term is not None and any(s["category"] == term[0] for s in result.slots)]
    if not kept:
        return None
    for category, topic in kept:
        for slot in result.slots:
            if slot["category"] == category:
                slot["kept"] = True
        result.done.append(f"kept the {_label(category, topic)} question")
    return rest.strip(" ,:;")


def _naming(topics: dict[str, str], skills: list[str], skill_words: dict[str, list[str]]):
    """Whether a text names a question: by number, by a category or topic, or by one of `skills` (the questions')."""
    return lambda text: bool(_numbers(text, len(skills)) or _term(text, topics) is not None
                             or any(_skill_said(text, skill, skill_words) for skill in skills))


def _keep_reach(clause: str, names) -> tuple[str, list[str], str] | None:
    """Where `clause` asks that questions stay: (the words that name them, each name of a list, the rest of the
    clause). "Keep" reaches what follows it ("keep the SQL question[, so drop …]", "keep: Q2 and Q4"), "stays" /
    "remains" what comes before ("[drop Q2 but] the SQL question stays", "the coding questions are fine and should
    stay"). `names(text)`: whether a text names a question. None: no such wish ("keep using Go" keeps nothing)."""
    for at, m in enumerate(KEEP.finditer(clause)):
        if at == 3:
            return None
        if not _negated(clause, m.start()):
            reach = _kept_after(clause, m, names) if m[0].lower() == "keep" else _kept_before(clause, m, names)
            if reach is not None:
                return reach
    return None


def _kept_after(clause: str, m: re.Match, names) -> tuple[str, list[str], str] | None:
    """What "keep" keeps: its object, to a comma, "so", "but" …, or on along a list ("keep Q2, Q4", "keep questions 2
    and 4", "keep the Kafka and Go questions"); of "keep Q4 rather than Q5" only Q4."""
    bounds = list(SCOPE.finditer(clause, m.end()))
    start, i = m.end(), 0
    while i < len(bounds) and bounds[i][0] in ",:" and not clause[start:bounds[i].start()].strip():
        start, i = bounds[i].end(), i + 1  # "Keep: the SQL question"
    end = bounds[i].start() if i < len(bounds) else len(clause)
    if contrast := CONTRAST.search(clause, start, end):
        end, i = contrast.start(), len(bounds)
    said = clause[start:end]
    verb = NOT_OBJECT.match(said)
    if not names(said) or (verb is not None and not names(verb["head"])):
        return None  # "keep using Go", "keep in mind …": no question is its object
    items = [said]
    while i < len(bounds) and len(items) < 10 and bounds[i][0].lower() in (",", "and"):
        after = bounds[i + 1].start() if i + 1 < len(bounds) else len(clause)
        if not _listed(clause[bounds[i].end():after], names):
            break
        items.append(clause[bounds[i].end():after])
        end, i = after, i + 1
    return clause[start:end], items, clause[:m.start()] + clause[end:]


def _kept_before(clause: str, m: re.Match, names, *, praise: bool = False) -> tuple[str, list[str], str] | None:
    """What "stays" / "remains" keeps: its subject, from the last comma, "so", "but" … before it, or from further back
    past the words between it and its verb ("… are fine and should stay", "…, which is great, stays"), and back
    along a list ("Q2 and Q4 stay"); never past words with a subject of their own ("so the plan stays short" keeps no
    question). `praise`: `m` is praise ("Q2 is fine"), said of the words before it just as well."""
    if not praise and (STAYS_WANTING.match(clause, m.end()) or FAULT.match(clause, m.end() + 1)):
        return None  # "Q2 remains a concern", "Q3 stays too easy": said of the question, not a wish that it stay
    bounds = list(SCOPE.finditer(clause, 0, m.start()))

    def part(i: int) -> str:  # the words from bounds[i - 1] (or the clause's start) to bounds[i] (or the verb)
        return clause[bounds[i - 1].end() if i else 0:bounds[i].start() if i < len(bounds) else m.start()]

    i = len(bounds)
    while not names(part(i)):
        if not i or len(bounds) - i == 3 or bounds[i - 1][0].lower() not in (",", "and", ":") or (
                OWN_SUBJECT.search(part(i))):
            return None
        i -= 1
    if i < len(bounds) and (_dropping(part(i)) or ADD.search(part(i))):
        return None  # "drop Q3 and should stay": the question is dropped, not kept
    items = [part(i)]
    while i and len(items) < 10 and bounds[i - 1][0].lower() in (",", "and") and _listed(part(i - 1), names):
        i -= 1
        items.insert(0, part(i))
    start, cut = (bounds[i - 1].end(), bounds[i - 1].start()) if i else (0, 0)
    return clause[start:m.start()], items, clause[:cut] + clause[m.end():]


def _listed(text: str, names) -> bool:
    """`text` is one more question of a list ("Q4" of "Q2 and Q4", "4" of "questions 2 and 4", "Go questions" of "the
    Kafka and Go questions"): a name and nothing more."""
    text = text.strip()
    return LISTED.fullmatch(text) is not None and (text.isdigit() or names(text))


def _keep_questions(result: SendBack, said: str, items: list[str], topics: dict[str, str]) -> bool:
    """`said` names questions the expert saw ("keep Q4", "keep the Kafka question", "the SQL question stays" when
    one question is of that category; `items`: each name of a list): they are kept as those questions, so a wish of
    the same comment that names them to be dropped or replaced is not done, and said. False: it names none, or
    several of a category ("keep the coding question" with three: kept from drops of a coding question, not from one
    named by number)."""
    if not result.shown:
        return False
    named = _questions_named(result, said)
    if named is not None:  # by number and by skill together: "keep question 6 and the Go question"
        named += [i for i, (_, skill) in enumerate(result.shown) if _skill_said(said, skill, result.skill_words)]
    else:
        named = []
        for term in (_term(item, topics) for item in items):
            of_category = [i for i, (category, _) in enumerate(result.shown) if term and category == term[0]]
            if len(of_category) != 1:
                return False
            named += of_category
    named = [i for i in sorted(set(named)) if _slot_at(result, i) is not None]
    if not named:
        return False
    for index in named:
        result.slots[_slot_at(result, index)]["kept"] = "question"
    result.kept += [i for i in named if i not in result.kept]
    result.done.append(f"kept {', '.join(_shown(result, i) for i in named)}")
    return True


def _praise(result: SendBack, clause: str, topics: dict[str, str]) -> str | None:
    """The clause praises questions ("Q2 is fine", "Q2 and Q4 look great", "the Kafka question is good"): they are
    noted (`SendBack.praised`), to be kept as they were if nothing else the comment asks changes them
    (`_keep_praised`). Returns what is left of the clause once the praise is taken out ("" for "Q2 is fine", "Q3 is
    vague" of "Q2 is fine but Q3 is vague"); None: it praises no question ("the plan is fine" is courtesy)."""
    names = _naming(topics, [skill for _, skill in result.shown], result.skill_words)
    rest, at, found = clause, 0, []
    for _ in range(20):  # each praise said (a few): a clause is read in linear time
        if (m := PRAISE.search(rest, at)) is None:
            break
        reach = None if _negated(rest, m.start()) else _kept_before(rest, m, names, praise=True)
        if reach is None:  # "I don't think Q2 is fine", "the plan is fine"
            at = m.end()
            continue
        said, items, rest = reach
        found.append((said, items))
        at = 0
    if not found:
        return None
    named = []
    for said, items in found:
        named += [i for i in _praised_named(result, said, items, topics) if i not in named]
    if named:
        result.praised.append((len(result.done), named))
    rest = rest.strip(" ,:;!")
    joined = JOINED.match(rest)
    rest = rest[joined.end():].strip(" ,:;!") if joined else rest
    if joined is not None and TURN.fullmatch(joined[0]) and (denied := PRAISE_DENIED.match(rest)) is not None:
        # "Q2 is fine but Q4 isn't[, please rewrite it]": Q4 is found wanting, as "Q4 is not good" has it
        rest = f"{denied['said']} is not good{rest[denied.end():]}"
    return rest


def _praised_named(result: SendBack, said: str, items: list[str], topics: dict[str, str]) -> list[int]:
    """The questions of the version sent back praise names: by number or skill, else each of the category it names
    ("the coding questions are good": all of them, as praise keeps none from a wish that names it)."""
    if not result.shown:
        return []
    named = _questions_named(result, said)
    if named is None:
        terms = [term for term in (_term(item, topics) for item in items) if term is not None]
        named = [i for i, (category, _) in enumerate(result.shown) if any(category == t[0] for t in terms)]
    return [i for i in named if i < len(result.shown)]


def _keep_praised(result: SendBack) -> None:
    """The questions praised that no wish of the comment changed ("Q2 is fine"; not "Q2 is good but too easy", nor
    one dropped or replaced after it) are kept, and said to be, where the praise was read: as "keep Q2" keeps Q2, a
    shift of the whole plan or the reason's own "too easy" / "too hard" leaves them be, and a reason that asks for
    fresh questions does not rewrite them."""
    for at, named in reversed(result.praised):
        left = [i for i in named if i not in result.kept and i not in result.levels
                and (slot := _slot_at(result, i)) is not None and result.slots[slot].get("unchanged")
                and "level" not in result.slots[slot]]
        for index in left:
            result.slots[_slot_at(result, index)]["kept"] = True
        result.kept += left
        if left:
            result.done.insert(at, f"kept {', '.join(_shown(result, i) for i in left)}")


def _act(result: SendBack, clause: str, topics: dict[str, str], difficulty_for) -> bool | str:
    """Do what `clause` asks of the slots, if it asks for a replacement, a drop or an addition (whether or not the
    plan allows it: what it does not allow is said); "shorter": it asks for one question fewer, which a question
    dropped by name already gives (`read_send_back` does it at the end); False: it asks for none of these, or asks
    it negated ("don't add a Kafka question")."""
    if m := REPLACE.search(clause):
        kind = "replace"
    elif (m := SHORTER.search(clause)) and _term(clause, topics) is None:
        kind = "shorter"
    elif m := _dropping(clause):
        kind = "drop"
    elif (m := ADD.search(clause) or MORE.match(clause)) and not TIME.search(clause):
        if m.re is MORE and _term(m["new"], topics) is None:
            return False  # "more challenging", "more detail": not a question on something
        kind = "add"
    else:
        return False
    target = m.groupdict().get("old") or m.groupdict().get("new") or ""
    if _negated(clause, m.start()) or NEGATION.match(target):  # "don't add ...", "skip nothing"
        return False
    if kind == "replace":
        _replace(result, m["old"], m["new"], topics, difficulty_for)
    elif kind == "drop":
        _drop(result, m["old"], topics)
    elif kind == "add":
        _add(result, m["new"], topics, difficulty_for)
    return "shorter" if kind == "shorter" else True


def _unread(clauses: list[str]) -> str:
    """The clauses nothing read, quoted short ("…" past 60 characters), the first few of them."""
    quoted = []
    for clause in clauses[:UNREAD_SHOWN]:
        text = " ".join(clause.replace('"', "'").split())
        quoted.append(f'"{text if len(text) <= 60 else text[:59].rstrip() + "…"}"')
    more = len(clauses) - UNREAD_SHOWN
    said = ", ".join(quoted) + (f" and {more} more" if more > 0 else "")
    return (f"{said} ({'this is' if len(clauses) == 1 else 'these are'} not something the planner reads, so please "
            "make that change by hand)")


def _index_of(result: SendBack, category: str) -> int | None:
    matches = [i for i, s in enumerate(result.slots) if s["category"] == category and not s.get("requested")
               and not s.get("kept")]
    return matches[-1] if matches else None


def _replace(result: SendBack, old: str, new: str, topics: dict[str, str], difficulty_for) -> None:
    was, now = _term(old, topics), _term(new, topics)
    if was is None or now is None:
        unknown = old if was is None else new
        result.not_done.append(f"could not tell which question category or topic \"{unknown.strip()[:60]}\" means, "
                               "so no question was replaced")
        return
    index = _index_of(result, was[0])
    if index is None:
        result.not_done.append(f"the plan has no {_label(*was)} question to replace")
        return
    difficulty = difficulty_for(now[0], index)
    # a question the expert saw stays that question, replaced: "drop Q3" after it says so, not that Q3 is gone
    shown = {"question": result.slots[index]["question"]} if "question" in result.slots[index] else {}
    result.slots[index] = {"category": now[0], "difficulty": difficulty, "topic": now[1], "requested": True, **shown}
    result.done.append(f"replaced the {_label(*was)} question with {with_article(_label(*now))} one")


def _drop(result: SendBack, old: str, topics: dict[str, str]) -> None:
    was = _term(old, topics)
    if was is None:
        result.not_done.append(f"could not tell which question \"{old.strip()[:60]}\" means, so none was dropped")
        return
    index = _index_of(result, was[0])
    if index is None or len(result.slots) < 2:
        result.not_done.append(f"the plan has no {_label(*was)} question it can do without")
        return
    del result.slots[index]
    result.dropped += 1
    result.done.append(f"dropped the {_label(*was)} question")


def _shorten(result: SendBack, at: int) -> None:
    """One question fewer (the wish's note goes at `done[at]`): a question the comment dropped by name already makes
    the plan shorter; else of the category with the most questions, the later one (never one the expert asked for or
    to keep, never the last)."""
    if result.dropped:
        return
    waiting = [i for i, s in enumerate(result.slots) if not s.get("requested") and not s.get("kept")]
    counts = Counter(result.slots[i]["category"] for i in waiting)  # an added question is not one too many
    if len(result.slots) < 2 or not waiting:
        result.not_done.append("the plan has no question it can do without to make it shorter")
        return
    index = max(waiting, key=lambda i: (counts[result.slots[i]["category"]], i))
    was = (result.slots[index]["category"], "")
    del result.slots[index]
    result.done.insert(at, f"dropped the {_label(*was)} question to make the plan shorter")


def _add(result: SendBack, new: str, topics: dict[str, str], difficulty_for) -> None:
    now = _term(new, topics)
    if now is None:
        result.not_done.append(f"could not tell which question category or topic \"{new.strip()[:60]}\" means, so "
                               "none was added")
        return
    result.slots.append({"category": now[0], "difficulty": difficulty_for(now[0], None), "topic": now[1],
                         "requested": True})
    result.done.append(f"added {with_article(_label(*now))} question")



def not_added(result: SendBack, slots: list[dict], *, asked: int, why: str) -> None:
    """The questions the comment asked to add (`asked` in all) that are not added after all (`slots`, as `_add` made
    them; the plan has no room for them): their "added …" notes go, the later ones first, and "Not done" says how
    many, which and `why`."""
    labels = Counter()
    for slot in reversed(slots):
        label = _label(slot["category"], slot.get("topic") or "")
        labels[label] += 1
        said = f"added {with_article(label)} question"
        at = next((i for i in reversed(range(len(result.done))) if result.done[i] == said), None)
        if at is not None:
            del result.done[at]
    which = ", ".join(with_article(f"{label} question") if count == 1 else f"{count} {label} questions"
                      for label, count in reversed(labels.items()))
    many = len(slots)
    whom = (("the question" if asked == 1 else f"the {asked} questions") if many == asked
            else f"{many} of the {asked} questions")
    result.not_done.append(f"{whom} you asked to add {'was' if many == 1 else 'were'} not added ({which}), because "
                           f"{why}")


# --- questions named by number or by their skill ---------------------------------------------------------------------

def _show(result: SendBack, questions: list[dict]) -> None:
    """The slots become the questions the expert saw, each `unchanged` until a wish of the comment changes it. Slots
    that already are those questions, one each in order (`agents._apply_send_back`), keep their difficulty: the
    reason's own "too easy" / "too hard" has moved it already."""
    result.shown = [(str(q.get("category") or ""), str(q.get("skill") or "")) for q in questions]
    result.own_levels = [str(q.get("difficulty") or "medium") for q in questions]
    ours = len(result.slots) == len(questions) and all(s.get("question") == i for i, s in enumerate(result.slots))
    result.slots = [{"category": category, "difficulty": str(
        (result.slots[i] if ours else q).get("difficulty") or "medium"), "question": i, "unchanged": True}
        for i, ((category, _), q) in enumerate(zip(result.shown, questions, strict=True))]


def _act_on_questions(result: SendBack, clause: str, topics: dict[str, str], difficulty_for) -> bool | None:
    """Replace or drop the questions `clause` names by number, as "it" or by skill ("replace Q3 with a Kafka
    coding question", "replace with …" after "Q3 is off", "drop the Go question"); None: it names none."""
    if not result.shown:
        return None
    m = REPLACE.search(clause) or REPLACE_IT.search(clause)
    replace = m is not None
    m = m or _dropping(clause)
    if m is None:
        return None
    old = m.groupdict().get("old") or ""
    if not replace and (purpose := PURPOSE.search(old)) and old[:purpose.start()].strip():
        old = old[:purpose.start()]  # "drop Q2 so Q3 gets more time" drops Q2, not Q3 too
    if (but := EXCEPT.search(old)) is not None:
        # "drop everything except Q1": the rest are dropped, never Q1; what the reader cannot tell apart is quoted back
        if _negated(clause, m.start()) or (named := _all_but(result, old, but, topics)) is None:
            return False
    elif (named := _questions_named(result, old or "it")) is None:
        return None
    if _negated(clause, m.start()):
        return False
    if replace:
        _replace_questions(result, named, m["new"], topics, difficulty_for)
    else:
        _drop_questions(result, named)
        # "drop Q2 to make room for a SQL question", "… so we have time for a SQL question": that one is added
        if (room := ROOM_FOR.search(m["old"])) and not _negated(m["old"], room.start()) and (
                _term(room["new"], topics) is not None and not _questions_named(result, room["new"])):
            _add(result, room["new"], topics, difficulty_for)
    return True


def _all_but(result: SendBack, old: str, but: re.Match, topics: dict[str, str]) -> list[int] | None:
    """The questions "everything except Q1" / "the coding questions other than the Go one" names: those before the
    exception ("everything", "all", "the rest", a category or questions named) but the ones after it. None: either side
    names nothing this reads."""
    spared = _questions_named(result, old[but.end():])
    before = old[:but.start()].strip(" ,")
    if spared is None:
        return None
    if EVERY.fullmatch(before):
        pool = list(range(len(result.shown)))
    elif (named := _questions_named(result, before)) is not None:
        pool = named
    elif (term := _term(before, topics)) is not None:
        pool = [i for i, (category, _) in enumerate(result.shown) if category == term[0]]
    else:
        return None
    return [i for i in pool if i not in spared] or None


def _numbers(text: str, count: int) -> list[int]:
    """The questions `text` names by number, as indexes (0-based; past the plan's end too: said to be missing)."""
    found = []
    for m in NUMBERED.finditer(text):
        if m["nth"]:
            found.append(count - 1 if m["nth"].lower() == "last" else ORDINALS[m["nth"].lower()] - 1)
        else:
            said, last, end = m["one"] or m["many"], None, 0
            for number in NUMBER.finditer(said):
                n = int(number[0])
                if last is not None and n != last and RANGE_SAID.search(said, end, number.start()):
                    # "Q1 to Q3": the ones between too, up to the plan's end (one past it is said to be missing);
                    # "Q3 to Q1" is the same range said the other way round
                    found += [k - 1 for k in (range(last + 1, n) if n > last else range(last - 1, n, -1)) if k <= count]
                found.append(n - 1)
                last, end = n, number.end()
    return list(dict.fromkeys(n for n in found if n >= 0))


def _skill_said(text: str, skill: str, skill_words: dict[str, list[str]]) -> bool:
    said = f" {_phrase(text)} "
    return bool(skill) and any(f" {_phrase(w)} " in said for w in [skill, *skill_words.get(skill, [])] if _phrase(w))


def _names_questions(clauses: list[str], questions: list[dict], skill_words: dict[str, list[str]],
                     topics: dict[str, str]) -> bool:
    """The comment names a question of the version sent back: by number, or by its skill where it asks to replace,
    drop or keep a question ("drop the generic Go question", "keep the Go question"), by its skill or category where
    it asks for a new order or level ("put the behavioural question first", "the Go question is too easy")."""
    skills = [str(q.get("skill") or "") for q in questions]
    for clause in clauses:
        if _numbers(clause, len(questions)):
            return True
        m = REPLACE.search(clause) or _dropping(clause) or REWRITE.search(clause)
        if m and any(_skill_said(m["old"], skill, skill_words) for skill in skills):
            return True
        if (m := REWRITTEN.search(clause)) and any(_skill_said(clause[:m.start()], skill, skill_words)
                                                   for skill in skills):
            return True  # "the Kafka question needs rewriting"
        names = _naming(topics, skills, skill_words)
        kept = None if REPLACE.search(clause) else _keep_reach(clause, names) or (
            (praise := PRAISE.search(clause)) and _kept_before(clause, praise, names, praise=True))
        if kept and any(_skill_said(kept[0], skill, skill_words) for skill in skills):
            return True
        if (SWAP.search(clause) or TO_FIRST.search(clause) or TO_LAST.search(clause)
                or EASIER.search(clause) or HARDER.search(clause)) and (
                any(_skill_said(clause, skill, skill_words) for skill in skills)
                or ((term := _term(clause, topics)) is not None and any(
                    str(q.get("category") or "") == term[0] for q in questions))):
            return True  # "put the Kafka question first", "make the behavioural question harder"
    return False


# What a drop is for, after the questions it names ("drop Q2 so Q3 gets more time"): none of them.
PURPOSE = re.compile(r"\bso\b(?!-)", re.I)
# A new question a drop is for: "drop Q2 to make room for a SQL question", "… so we have time for …" (not "time for
# Q3", a question of the plan).
ROOM_FOR = re.compile(r"\b(?:time|room|space) for (?P<new>.+)", re.I)
PRONOUN_SAID = re.compile(r"\b(?:it|them|this one|that one)\b", re.I)
PRONOUN = re.compile(r"(?:it|this|that|them|those|these)(?:\s(?:one|question)s?)?", re.I)


def _questions_named(result: SendBack, text: str) -> list[int] | None:
    """The questions (indexes into the version sent back) `text` names: by number, as "it" (the ones named last),
    or by their skill ("the Go question"); None: it names none of them (a category or topic, read as before)."""
    if numbers := _numbers(text, len(result.shown)):
        return _found_wanting(text, len(result.shown)) or _turned(text, len(result.shown)) or numbers
    if PRONOUN.fullmatch(text.strip()):
        return list(result.named) or None
    by_skill = [i for i, (_, skill) in enumerate(result.shown) if _skill_said(text, skill, result.skill_words)]
    return by_skill or None


def _named_here(result: SendBack, clause: str) -> list[int]:
    """The questions of the version sent back `clause` names by number, or by skill before any "it" or new question
    ("replace it with a Kafka question in Python", "replace with … in Python" name no Python question): [] when none."""
    if not result.shown:
        return []
    if numbers := _numbers(clause, len(result.shown)):
        return _found_wanting(clause, len(result.shown)) or _turned(clause, len(result.shown)) or numbers
    ends = [m.start() for m in (PRONOUN_SAID.search(clause), ADD.search(clause)) if m]
    ends += [m.start("new") for m in (REPLACE.search(clause), REPLACE_IT.search(clause)) if m]
    said = clause[:min(ends, default=len(clause))]
    return [i for i, (_, skill) in enumerate(result.shown) if _skill_said(said, skill, result.skill_words)]


def question_label(category: str, skill: str, number: int, skill_words: dict[str, list[str]] | None = None) -> str:
    """"question 3 (Coding, Go)": the question as the expert sees it on the plan page."""
    area = capabilities.category_name(category).split(" and ")[0] if category else ""
    name = ((skill_words or {}).get(skill) or [topic_name(skill)])[0] if skill else ""
    about = ", ".join(part for part in (area, name) if part)
    return f"question {number}" + (f" ({about})" if about else "")


def _shown(result: SendBack, index: int) -> str:
    category, skill = result.shown[index]
    return question_label(category, skill, index + 1, result.skill_words)


def _slot_at(result: SendBack, index: int) -> int | None:
    """Where the question sent back as `index` stands among the slots now (None: gone, or never there)."""
    return next((at for at, s in enumerate(result.slots) if s.get("question") == index), None)


def _missing(result: SendBack, index: int) -> bool:
    """Say so when the plan has no such question (or a wish already dropped it)."""
    if index >= len(result.shown):
        result.not_done.append(f"the plan has no question {index + 1} (it has {len(result.shown)})")
        return True
    if _slot_at(result, index) is None:
        result.not_done.append(f"{_shown(result, index)} was already dropped")
        return True
    return False


def _replace_questions(result: SendBack, named: list[int], new: str, topics: dict[str, str], difficulty_for) -> None:
    now = _term(new, topics)
    if now is None:
        result.not_done.append(f"could not tell which question category or topic \"{new.strip()[:60]}\" means, so "
                               f"{', '.join(_shown(result, i) for i in named if i < len(result.shown)) or 'none'} "
                               "was not replaced")
        return
    language = next((said for m in LANGUAGE.finditer(new) if (said := _language(m["language"])) != now[1]), "")
    for index in named:
        if _missing(result, index):
            continue
        at = _slot_at(result, index)
        if result.slots[at].get("kept") == "question":
            result.not_done.append(f"{_shown(result, index)} is one you asked to keep, so it was not replaced")
            continue
        if not result.slots[at].get("unchanged"):
            result.done.append(f"{_shown(result, index)} was replaced above, so it was not replaced again")
            continue
        skill = result.shown[index][1]
        result.slots[at] = {"category": now[0], "difficulty": difficulty_for(now[0], index), "topic": now[1],
                            **({"language": language} if language else {}),
                            **({"instead_of": skill} if skill and skill != now[1] else {}),
                            "requested": True, "question": index}
        said = f"{_label(*now)} question" + (f" in {topic_name(language)}" if language else "")
        result.done.append(f"replaced {_shown(result, index)} with {with_article(said)}")


def _language(word: str) -> str:
    """The programming language `word` names in the skill taxonomy ("Python" -> "python"); "" for any other word."""
    skill = skill_named(word)
    return skill.id if skill is not None and skill.category == "languages" else ""


def _drop_questions(result: SendBack, named: list[int]) -> None:
    for index in named:
        if _missing(result, index):
            continue
        at = _slot_at(result, index)
        if result.slots[at].get("kept") == "question":
            result.not_done.append(f"{_shown(result, index)} is one you asked to keep, so it was not dropped")
            continue
        if not result.slots[at].get("unchanged"):
            result.done.append(f"{_shown(result, index)} was replaced above, so it was not dropped too")
            continue
        if len(result.slots) < 2:
            result.not_done.append(f"{_shown(result, index)} is the plan's only question, so it was not dropped")
            continue
        del result.slots[at]
        result.dropped += 1
        result.done.append(f"dropped {_shown(result, index)}")


def _flag(result: SendBack, clause: str, fresh: bool) -> bool:
    """A clause that names questions by number and finds them wanting, asking nothing else ("Q3 is off-topic",
    "question 2 is too generic"): those questions are written afresh (at the end, unless a later wish replaces or
    drops them)."""
    numbers = _numbers(clause, len(result.shown)) if result.shown else []
    patterns = (FAULT, COMPLAINT) if fresh else (FAULT,)
    if not numbers or not _faults(clause, len(result.shown), patterns):
        return False
    for index in _wanting(clause, len(result.shown), patterns) or numbers:
        if index not in result.flagged:
            result.flagged.append(index)
    return True


def _found_wanting(text: str, count: int) -> list[int]:
    """Of the questions `text` names, the ones it finds wanting when it names others beside them: "Q3 duplicates Q1"
    (so "drop it" after it, or "drop Q3 as it repeats Q1", is Q3), "Q3 is weak next to Q1"; [] when it says no
    fault, or names no question before it. A fault said the other way round names its question all the same when no
    other fault is found, though it finds none wanting: "Q4 doesn't repeat Q1, drop it" is Q4, not Q4 and Q1; "Q2 is
    not off-topic and Q3 repeats Q1, drop them" is Q3."""
    return (_wanting(text, count, (FAULT, COMPLAINT))
            or _wanting(text, count, (FAULT, COMPLAINT), denied=True))


def _wanting(text: str, count: int, patterns: tuple[re.Pattern, ...], *, denied: bool = False) -> list[int]:
    """The questions `text` finds wanting, each fault (of `patterns`) said of the ones before it: of "Q2 duplicates Q1
    and Q3 duplicates Q1" Q2 and Q3 (a later fault's are the ones after the last "and", comma or "but" before it);
    of a passive complaint ("Q1 is duplicated by Q3") or "covers" the ones after it (`COMPLAINT`)."""
    wanting = []
    for _, said in _faults(text, count, patterns, denied=denied):
        wanting += [i for i in said if i not in wanting]
    return wanting


def _faults(text: str, count: int, patterns: tuple[re.Pattern, ...], *,
            denied: bool = False) -> list[tuple[re.Match, list[int]]]:
    """Each fault (of `patterns`) `text` says, with the questions it is said of (`_wanting`); "covers" / "covered by"
    only with a question named before it ("Python is covered by Q3" finds no question wanting). A fault said the
    other way round ("Q4 isn't off-topic", "I don't think Q3 is vague") is none, unless `denied` (what a text names,
    `_found_wanting`)."""
    faults = sorted((m for pattern in patterns for m in pattern.finditer(text)), key=lambda m: m.start())
    found, end, said_otherwise = [], 0, _denials(text)
    for m in faults:
        if m.start() < end:
            continue  # "not relevant" is a fault and a complaint: said once
        if not denied and said_otherwise(m.start()):
            # "Q4 isn't off-topic", "I don't think Q3 is vague": no fault is found ("Q3 is not relevant" is), and a
            # fault after it is said of the questions after it ("Q2 is not off-topic and Q3 repeats Q1": Q3)
            end = m.end()
            if (elided := ELIDED.match(text, end)) is not None and not elided["denied"]:
                # "Q2 is not off-topic but Q4 is": the fault denied of Q2 is said of Q4
                end = elided.end()
                found.append((m, _numbers(elided["said"], count)))
            continue
        if not end:
            said = _said_before(text, m.start(), count)
        else:
            part = text[end:m.start()]
            cut = max((b.end() for b in AFTER_FAULT.finditer(part)), default=None)
            said = _numbers(part[cut:], count) if cut is not None else []
        end = m.end()
        kind = next((k for k, v in m.groupdict().items() if v), "") if m.re is COMPLAINT else ""
        if kind in ("by", "covers"):
            # the questions right after it, to the next "and", comma, "but" … that goes on to more than a question
            # number: "Q1 is repeated in Q3, drop it" is Q3, "Q1 is repeated in Q3 and Q5, drop them" Q3 and Q5
            stop = _list_end(text, end)
            after, end = _numbers(text[end:stop], count), stop
            said = (after or said) if kind == "by" else after if said else []
        if kind in ("covers", "covered") and not said:
            continue
        while not kind and (also := ALSO_SAID.match(text, end)) is not None:
            # "Q3 duplicates Q1, and Q5 too", "Q3 repeats Q1 and so does Q5": Q5 is found wanting as well, and each
            # one more said after it ("…, and so is Q5, and Q6 as well": Q6 too); each match goes on past the last
            named = also["said"] or also["so"] or also["same"] or also["and"]
            said, end = list(dict.fromkeys(said + _numbers(named, count))), also.end()
        found.append((m, said))
    return found


def _denials(text: str):
    """Whether what `text` says at a place (asked in order) is said the other way round: `_negated` with DENIAL, each
    boundary of a negation's reach and each denial looked at once, so a clause of a thousand faults ("repeats repeats
    …") is read in linear time, not each fault's words before it again (quadratic: 2 s at 16,000 characters)."""
    scopes, denials = SCOPE.finditer(text), DENIAL.finditer(text)
    scope, denial = next(scopes, None), next(denials, None)
    start, denied_at = 0, -1

    def denied(at: int) -> bool:
        nonlocal scope, denial, start, denied_at
        while scope is not None and scope.end() <= at:
            start, scope = scope.end(), next(scopes, None)
        while denial is not None and denial.end() <= at:
            denied_at, denial = denial.start(), next(denials, None)
        return denied_at >= start

    return denied


# A fault denied of a question and then said of another, its words left out: "[Q2 is not off-topic] but Q4 is",
# "[Q2 doesn't repeat Q1,] whereas Q4 and Q5 do". What is between the fault and the turn is a few words at most.
# `denied`: the other is said the other way round ("[Q2 is too easy] but Q4 isn't"), which a level reads (`_turned`).
ELIDED_SAID = (r"[^,;:.!?]{0,60}?,? (?:but|while|whereas|though|although) (?P<said>%s) (?:(?:definitely|certainly|"
               r"clearly|really|surely|probably|actually|indeed|very much) )?(?:is|are|was|were|does|do)"
               r"(?P<denied>n['’]?t| not)?(?= ?(?:$|[,;:.!?)]| (?:and|but|so|then|please|though|too|as well|imo)\b))")
ELIDED = re.compile(ELIDED_SAID % r"(?:q ?|# ?|questions? )\d{1,2}(?:(?:,|,? and|,? &) (?:q ?|# ?)?\d{1,2}){0,5}", re.I)
# ... or a question named by its topic ("The Go question is too easy but the Kafka one isn't"), for a level (`_turned`)
ELIDED_NAMED = re.compile(ELIDED_SAID % r"(?:the|that|this) (?:[\w+#.-]{1,30} ){1,3}?(?:question|one)", re.I)
# The same fault said of more questions after it, its words left out: "[Q3 duplicates] Q1, and Q5 too", "[Q3 repeats]
# Q1 and so does Q5", "[Q3 is off-topic,] as is Q5", "[…,] same for Q5" (`_faults`), past what the fault names (a
# question at most). With no comma ("[Q3 is off-topic] and Q5 too") only right after the fault: "[Q3 duplicates] Q1 and
# Q5 too" is Q3 repeating both.
QUESTION_LIST = r"(?:q ?|# ?|questions? )\d{1,2}(?:(?:,|,? and|,? &) (?:q ?|# ?)?\d{1,2}){0,5}"
ALSO_SAID = re.compile(rf"(?:(?: (?:q ?|# ?|questions? )\d{{1,2}})?(?:,? (?:and )?(?:so|as) (?:does|do|did|is|are|"
                       rf"was|were) (?P<so>{QUESTION_LIST})|, (?:and |also )?(?P<said>{QUESTION_LIST})(?: too|"
                       rf" as well| also)|,? (?:and )?(?:the )?same (?:goes )?for (?P<same>{QUESTION_LIST}))|"
                       rf" and (?:also )?(?P<and>{QUESTION_LIST})(?: too| as well| also))"
                       r"(?=$|[^\w ]| (?:and|but|so|then|please)\b)", re.I)
# An exception a level is said with ("[The plan is too easy] except Q4", "[Everything] except Q2 and Q5 [is too hard]",
# "All questions but Q3 [are too easy]", `_excepted`), the questions it names right after it, to where they end, and
# the verb between them and the level ("[Everything except Q2] is [too hard]").
LEVEL_EXCEPT = re.compile(rf"{EXCEPT.pattern}|(?<=\bquestions )but\b|(?<=\bones )but\b", re.I)
EXCEPTED = re.compile(rf" ?(?P<said>{QUESTION_LIST}|(?:the|that|this) (?:[\w+#.-]{{1,30}} ){{1,3}}?(?:question|one)s?)"
                      r"(?= ?(?:$|[,;:.!?)]| (?:is|are|was|were|seems?|looks?|feels?|and|but|so|then|please|which|"
                      r"imo|overall)\b))", re.I)
SAID_BEFORE_LEVEL = re.compile(r",? ?(?:(?:is|are|was|were|seems?|seem|looks?|look|feels?|feel)(?: (?:a bit|a little|"
                               r"slightly|way|much|far|all|still|generally))? ?)?", re.I)
# A sentence that only says the one before it again of more questions: "[Q3 is off-topic.] Q5 as well.", "[…;] Q5 too",
# "[….] And so is Q5", "[….] Same for Q5 and Q6" (`_said_again`).
SAID_AGAIN = re.compile(rf"(?:(?:and |also )?{QUESTION_LIST} (?:too|as well|also)|(?:and )?(?:so|as) (?:does|do|did|"
                        rf"is|are|was|were) {QUESTION_LIST}|(?:and )?(?:the )?same (?:goes )?for {QUESTION_LIST})\W*",
                        re.I)
AFTER_FAULT = re.compile(r"\b(?:and|but|while|whereas|though|although|however)\b|[,;]", re.I)
# Where the questions a passive complaint names end besides (`_list_end`): a word that starts what follows from it
# ("Q1 is repeated in Q3 and Q5 so drop them": Q3 and Q5).
LIST_END = re.compile(rf"{AFTER_FAULT.pattern}|\b(?:so|then|hence|therefore|because|since"
                      r"|(?<!\bwell\s)as(?!\s+well\s+as\b))\b", re.I)  # "as well as" joins two, ends nothing
# One more question of a list after its "and" or comma: a number and nothing more ("Q5" of "Q3 and Q5", "5" of
# "questions 3 and 5"); nothing at all between a comma and its "and" ("Q3, and Q5").
LISTED_NUMBER = re.compile(r" ?(?:(?:q ?|# ?|questions? )?\d{1,2} ?)?", re.I)


def _list_end(text: str, start: int) -> int:
    """Where the questions named from `start` end: at the first "and", comma, "but" … (AFTER_FAULT) that goes on to
    more than one more question number, or at a "so", "then", "because" … (LIST_END); each boundary is looked at once
    (linear in the text)."""
    bounds = LIST_END.finditer(text, start)
    bound = next(bounds, None)
    while bound is not None and bound[0].lower() in (",", "and"):
        after = next(bounds, None)
        listed = LISTED_NUMBER.fullmatch(text, bound.end(), after.start() if after else len(text))
        if listed is None or not (listed[0].strip() or (bound[0] == "," and after and after[0].lower() == "and")):
            break
        bound = after
    return bound.start() if bound is not None else len(text)


def _said_before(text: str, at: int, count: int) -> list[int]:
    """The questions named before `at`, where a fault is said: "Q2 is a duplicate of Q1" is said of Q2; of "I like Q1,
    but Q2 is too generic" of the one after the "but"."""
    before = text[:at]
    turn = max(TURN.finditer(before), key=lambda m: m.start(), default=None)
    return (_numbers(before[turn.end():], count) if turn else []) or _numbers(before, count)


def _write_afresh(result: SendBack, index: int, difficulty_for) -> None:
    """A new question in place of a flagged one: same category, not on the skill the expert found wanting."""
    if index >= len(result.shown):
        result.not_done.append(f"the plan has no question {index + 1} (it has {len(result.shown)})")
        return
    at = _slot_at(result, index)
    if at is None or not result.slots[at].get("unchanged"):
        return  # a wish of the same comment dropped or replaced it
    category, skill = result.shown[index]
    if index in result.levels:  # the same skill, one level easier or harder than the expert saw it
        was = result.own_levels[index] if index < len(result.own_levels) else result.slots[at]["difficulty"]
        now = _one_level(category, was, result.levels[index])
        if now == was:
            said = "easy" if result.levels[index] < 0 else "hard"
            result.not_done.append(f"{_shown(result, index)} is already as {said} as its category allows")
            # it stays as it is: a shift of the whole plan the same comment asks ("too hard overall") leaves it be
            result.slots[at] = {**result.slots[at], "level": "easier" if result.levels[index] < 0 else "harder"}
            return
        result.slots[at] = {"category": category, "difficulty": now, "requested": True, "named": True,
                            "question": index, "level": "easier" if result.levels[index] < 0 else "harder",
                            **({"topic": skill} if skill else {})}
        result.done.append(f"made {_shown(result, index)} {'easier' if result.levels[index] < 0 else 'harder'}")
        return
    if result.slots[at].get("kept") == "question":  # "Keep Q4; Q4 is off-topic": the wish to keep it wins
        result.not_done.append(f"{_shown(result, index)} is one you asked to keep, so it was not rewritten")
        return
    result.slots[at] = {"category": category, "difficulty": difficulty_for(category, index), "requested": True,
                        "question": index, **({"instead_of": skill} if skill else {})}
    result.done.append(f"wrote a new question in place of {_shown(result, index)}")


# "Rewrite Q4", "could you reword Q2", "rephrase the Kafka question", "rewrite it": the question itself is what the verb
# names (QUESTION_NAMED: not "rewrite the service in Go", "rewrite a function"), to where the clause goes on ("to be
# more concrete", "so …", a comma); "as" / "into" / "with" a question of another kind ("rewrite Q4 as a SQL question")
# replaces it. What is rewritten is said in 120 characters: a long clause is read in linear time.
REWRITE = re.compile(rf"\b(?:{_verbs('rewrite')}){QUESTION_NAMED}\s(?P<old>[^,:;(]{{1,120}}?)(?:\s(?:as|into|with)\s"
                     r"(?P<new>[^,:;(]+)|(?=$|[,:;(]|\s(?:to|so|because|since|then|please|pls|for|but|as|into|with)\b))",
                     re.I)
# "[rewrite Q4] in Python", "… using Go", "… in plain English": what the question is to be in, after the questions
# named.
REWRITE_IN = re.compile(r"\s(?:written in|in|using)\s(?P<said>\S.*)", re.I)
# "[rewrite Q4] as a … question / one": a question of another kind asked for, not a rewrite "with more detail".
KIND_SAID = re.compile(r"\b(?:questions?|ones?)\b", re.I)
# ... or said of the questions before it: "Q4 needs rewriting", "Q4 should be reworded", "Q4 could use a rewrite".
REWRITTEN = re.compile(r"\b(?:needs?|wants?|requires?|could use|could do with|(?:should|must|could|has to|have to|"
                       r"needs? to|ought to) be)(?: (?:a|some))?(?: (?:complete|full|total|quick))? (?:rewrit(?:e|ten|"
                       r"ing)|re-?word(?:ed|ing)?|rephras(?:e|ed|ing))\b", re.I)


def _rewrite(result: SendBack, clause: str, topics: dict[str, str], difficulty_for) -> bool | None:
    """The clause asks that questions of the version sent back be rewritten ("please rewrite Q4", "Q4 needs
    rewriting", "rewrite it"): each is noted, to be written again on its skill at its level at the end
    (`_rewrite_question`), unless the comment finds it wanting or moves its level, which say how. "Don't rewrite Q4"
    keeps it, as "don't drop Q4" does; "rewrite Q4 as a SQL question" replaces it. None: it asks no question of the
    plan rewritten."""
    if not result.shown:
        return None
    said_in = None  # "[rewrite Q4] in Python": what it is to be in ("in Python")
    if (m := REWRITE.search(clause)) is not None:
        old = m["old"].strip()
        if (said := REWRITE_IN.search(old)) is not None:
            old, said_in = old[:said.start()], said[0].strip()
    elif (m := REWRITTEN.search(clause)) is not None:
        before = clause[:m.start()]
        turn = max(TURN.finditer(before), key=lambda t: t.start(), default=None)
        old = before[turn.end():] if turn else before
    else:
        return None
    if (named := _questions_named(result, old)) is None:
        return None  # "the candidate will rewrite the Go service"
    if _negated(clause, m.start()):
        return _keep_questions(result, old, [old], topics)
    if m.re is REWRITE and m["new"] and (_term(m["new"], topics) is not None or KIND_SAID.search(m["new"])):
        # "… as a SQL question"; one the reader cannot tell ("… as a quantum question") is said under "Not done"
        _replace_questions(result, named, m["new"], topics, difficulty_for)
        return True
    if said_in is not None and (_term(said_in, topics) is not None or _language(said_in.split()[-1].strip(".,"))):
        # "rewrite Q4 in Python": a Python question in its place, as "rewrite Q4 as a Python question" asks; a
        # language the bank has no question on ("… in Rust") is said under "Not done"
        _replace_questions(result, named, said_in, topics, difficulty_for)
        return True
    result.rewritten += [i for i in named if i not in result.rewritten]
    if said_in is not None:  # "rewrite Q4 in plain English": rewritten, and what it is to be in is quoted back
        result.not_done.append(_unread([said_in]))
    return True


def _rewrite_question(result: SendBack, index: int) -> None:
    """Another question in place of one asked to be rewritten: its category, on its skill (the bank's question on
    it at that level first), at the level it has now; the expert is told so."""
    if index >= len(result.shown):
        result.not_done.append(f"the plan has no question {index + 1} (it has {len(result.shown)})")
        return
    at = _slot_at(result, index)
    if at is None or not result.slots[at].get("unchanged"):
        return  # a wish of the same comment dropped or replaced it
    if result.slots[at].get("kept") == "question":  # "Keep Q4. Rewrite Q4": the wish to keep it wins
        result.not_done.append(f"{_shown(result, index)} is one you asked to keep, so it was not rewritten")
        return
    category, skill = result.shown[index]
    difficulty = result.slots[at]["difficulty"]
    result.slots[at] = {"category": category, "difficulty": difficulty, **({"topic": skill} if skill else {}),
                        "requested": True, "question": index}
    name = (result.skill_words.get(skill) or [topic_name(skill)])[0] if skill else _label(category, "")
    result.done.append(f"rewrote {_shown(result, index)} as another {name} question, {difficulty}")
