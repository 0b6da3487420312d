"""The JSON shapes the room (websocket), the API and the pages share for a session and its turns."""

from __future__ import annotations

import json
import re

from django.utils import timezone

from interviewmaster import capabilities
from interviews import policy, selectors
from interviews.hints import HINT_GIVEN
from interviews.models import InterviewSession, SessionEvent, Turn


def _problem_view(slug: str) -> dict | None:
    """A linked judge problem as the room shows it under the question: the statement the tests were written for
    (sanitised HTML, as on the practice page), its constraints, the function the tests call per language with its
    parameters, the public examples, and the starter code. The candidate reads what the tests check, so a correct
    answer to what the room shows passes them."""
    from studypaths.rendering import render_markdown
    from studypaths.selectors import linked_problem
    from studypaths.templatetags.practice import call_args

    problem = linked_problem(slug=slug, examples=True)  # published or not: its tests judge the answer
    if problem is None:
        return None
    spec = problem.function_spec or {}
    params = [p for p in spec.get("params") or [] if isinstance(p, dict)]
    names = spec.get("name") or {}
    language_names = capabilities.get_capabilities().languages
    arguments = ", ".join(str(p.get("name", "")) for p in params)
    return {
        "slug": problem.slug, "title": problem.title, "languages": problem.languages,
        "starter_code": {k: v for k, v in (problem.starter_code or {}).items() if k in problem.languages},
        "statement_html": render_markdown(problem.statement),
        "constraints_html": render_markdown(problem.constraints),
        "signatures": [{"language": lang, "language_name": getattr(language_names.get(lang), "name", lang),
                        "call": f"{names[lang]}({arguments})"} for lang in problem.languages],
        "params": [{"name": str(p.get("name", "")), "type": str(p.get("type", ""))} for p in params],
        "returns": str(spec.get("returns") or ""),
        "examples": [{"name": e.name, "input": call_args(e.args, params),
                      "output": json.dumps(e.expected, ensure_ascii=False), "explanation": e.explanation}
                     for e in problem.examples],
    }


def _draft(turn: Turn) -> dict:
    from interviews import drafts

    stash = drafts.stashed(turn.session_id, turn.id) if turn.status == "open" else None
    if drafts.newer(stash, turn.draft_saved_at):
        return {"text": stash["text"], "code": stash["code"], "language": stash["language"],
                "saved_at": stash["saved_at"]}
    return {"text": turn.draft_text, "code": turn.draft_code, "language": turn.draft_language,
            "saved_at": turn.draft_saved_at.isoformat() if turn.draft_saved_at else None}


def question_languages(turn: Turn) -> list[str]:
    """The languages the turn's question names (the bank's `languages`, a follow-up's copied from its question) that
    the interview offers, in the bank's order: the first is the one the room's editor opens in ("In JavaScript or
    TypeScript, write debounce…" opened in Python, the list's first). Empty where the question names none or none of
    them is offered (the editor keeps its language)."""
    from interviews.services import answer_languages

    named = [lang for lang in (turn.snapshot or {}).get("languages") or [] if isinstance(lang, str)]
    if not named:
        return []
    offered = set(answer_languages(turn.session))
    return [lang for lang in named if lang in offered]


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


def title_repeats_prompt(title: str, prompt: str) -> bool:
    """Whether a title is only the start of its prompt (interviews.services.title_from made it: the first sentence, or
    its first words and "…"), so the room would show the same words twice, the heading cut off."""
    head = _words(title.rstrip().removesuffix("…").removesuffix("..."))
    return bool(head) and _words(prompt).startswith(head)


def room_heading(turn: Turn, *, total: int | None = None) -> str:
    """The room's heading for a turn: "Follow-up", "Warm-up (not scored)", the question's own title ("Two Sum"), or,
    when its title is only the prompt's first words (an expert's question, a generated one), "Question 2 of 4": the
    prompt is shown in full just below, and the heading was that prompt cut off."""
    if turn.kind == "follow_up":
        return "Follow-up"
    if turn.kind == "warm_up":
        return "Warm-up (not scored)"
    title = str((turn.snapshot or {}).get("title") or "").strip()
    if title and not title_repeats_prompt(title, turn.prompt):
        return title
    if not turn.question_number:
        return "Question"
    return f"Question {turn.question_number} of {total}" if total else f"Question {turn.question_number}"


def turn_payload(turn: Turn, *, now=None) -> dict:
    now = now or timezone.now()
    snapshot = turn.snapshot or {}
    languages = question_languages(turn)
    return {
        "turn": turn.id, "index": turn.index, "kind": turn.kind, "status": turn.status, "prompt": turn.prompt,
        "title": snapshot.get("title", ""), "heading": room_heading(turn, total=len(turn.session.question_plan)),
        "category": turn.category,
        "category_name": capabilities.category_name(turn.category) if turn.category else "",
        "difficulty": turn.difficulty,
        "strategy": turn.strategy, "question_number": turn.question_number,
        "needs_code": policy.needs_code(category=turn.category, kind=turn.kind, prompt=turn.prompt),
        "problem": _problem_view(snapshot.get("problem", "")) if turn.kind == "question" else None,
        # the languages the question names and the interview offers; the editor opens in the first (`language`)
        "languages": languages, "language": languages[0] if languages else "",
        "time_limit_seconds": turn.time_limit_seconds, "remaining_seconds": turn.remaining_seconds(now),
        "draft": _draft(turn),
        # The hints given on this turn and how many more its question allows: a reload shows them again and keeps
        # "I need a hint" disabled once none are left.
        "hints": _hints(SessionEvent.objects.filter(turn_id=turn.id)).get(turn.id, []),
        "hints_left": selectors.hints_left(turn),
    }


def question_hidden(session: InterviewSession, *, role: str = "candidate") -> bool:
    """Whether the candidate's view of a planned interview leaves the open question out: while it is paused the clock
    is stopped, and a question left on the screen could be researched at leisure before resuming. The expert still
    sees it; a self-started interview keeps its question on the screen."""
    return session.is_planned and session.state == "paused" and role != "observer"


def hidden_turn(payload: dict) -> dict:
    """A turn's payload without its question (`question_hidden`): no prompt, title, problem or hints until resumed;
    `hidden` tells the room to hide the question and the editor. The candidate's own draft stays."""
    return {**payload, "prompt": "", "title": "", "heading": "Paused", "problem": None, "hints": [], "hidden": True}


def session_payload(session: InterviewSession, *, now=None) -> dict:
    now = now or timezone.now()
    return {"id": session.id, "state": session.state, "mode": session.mode, "role": session.role,
            "planned": session.is_planned, "total_questions": len(session.question_plan),
            "asked_questions": session.position, "difficulty": session.current_difficulty,
            "remaining_seconds": session.remaining_seconds(now), "time_budget_seconds": session.time_budget_seconds,
            "paused_reason": session.paused_reason, "paused_seconds": session.seconds_paused(now),
            "languages": session.config.get("languages") or [],
            "report_url": f"/interviews/{session.id}/report/"}


INTEGRITY_FIELDS = ("paste_count", "visibility_count", "idle_count", "longest_idle_seconds", "hints_used",
                    "pause_count", "paused_seconds")


def _integrity(turn: Turn) -> dict:
    return {field: getattr(turn, field) for field in INTEGRITY_FIELDS}


def integrity_payload(turn: Turn) -> dict:
    """The `integrity` message for the observer: a turn's behavioural counts (recorded, never scored)."""
    return {"type": "integrity", "turn": turn.id, "kind": turn.kind, "question_number": turn.question_number,
            **_integrity(turn)}


def _submitted(turn: Turn) -> dict:
    return {"text": turn.answer_text, "code": turn.answer_code, "language": turn.language,
            "submitted_at": turn.submitted_at.isoformat() if turn.submitted_at else None}


def answer_payload(turn: Turn) -> dict:
    """The `answer` message for the observer: what the candidate submitted, as the candidate wrote it (the page shows
    it as text, never as markup)."""
    return {"type": "answer", "turn": turn.id, "kind": turn.kind, "question_number": turn.question_number,
            **_submitted(turn)}


def observed_turn(turn: Turn, *, hints: list[dict] | None = None) -> dict:
    """One turn of the observer's transcript: the prompt as asked, the hints given, the submitted answer, the
    integrity counts. `hints` come from `hints_given` (one query for the session)."""
    answered = turn.submitted_at is not None and turn.status != "open"
    return {"turn": turn.id, "index": turn.index, "kind": turn.kind, "question_number": turn.question_number,
            "prompt": turn.prompt, "title": (turn.snapshot or {}).get("title", ""), "category": turn.category,
            "difficulty": turn.difficulty, "strategy": turn.strategy, "status": turn.status,
            "hints": hints or [], "answer": _submitted(turn) if answered else None,
            "integrity": _integrity(turn)}


def hints_given(session: InterviewSession) -> dict[int, list[dict]]:
    """Turn id -> the hints given on it, in order ({"text", "at"}), read back from the append-only audit trail
    (interviews.hints records each one as it is sent): the watch page shows them again after a reload."""
    return _hints(SessionEvent.objects.filter(session=session))


def _hints(events) -> dict[int, list[dict]]:
    given: dict[int, list[dict]] = {}
    rows = (events.filter(kind=HINT_GIVEN, turn__isnull=False).order_by("id")
            .values_list("turn_id", "data", "created_at"))
    for turn_id, data, created_at in rows:
        given.setdefault(turn_id, []).append({"text": str((data or {}).get("text", "")),
                                              "at": created_at.isoformat()})
    return given


def integrity_by_question(transcript: list[dict]) -> list[dict]:
    """The integrity counts per question as the candidate numbers them: a main question and its follow-ups together
    (0 is the warm-up); the longest idle spell is the longest of them."""
    rows: dict[int, dict] = {}
    for turn in transcript:
        row = rows.setdefault(turn["question_number"], {"question_number": turn["question_number"],
                                                        **{field: 0 for field in INTEGRITY_FIELDS}})
        for field, value in turn["integrity"].items():
            row[field] = max(row[field], value) if field == "longest_idle_seconds" else row[field] + value
    return [rows[number] for number in sorted(rows)]


# What the room says when a code answer's tests were not run because the candidate's judge budget is spent: they learn
# it as they answer, not in the report.
TESTS_NOT_RUN_MESSAGE = ("Your answer is saved, but its code's tests were not run: your judge time (practice runs and "
                         "interview answers together) is used up for now. It is scored as if the tests had failed; "
                         "the report says so.")


def tests_status(turn: Turn | None) -> dict | None:
    """The `tests` message for an answered turn whose code's tests were not run for the judge budget, else None.
    Pushed once as the answer is judged (services.judge_answer), and carried in every `state` (`room_state`) for the
    last answered turn, so a reload or a reconnect shows the same line until the next answer."""
    if turn is None or not (turn.test_results or {}).get("not_run"):
        return None
    return {"type": "tests", "turn": turn.id, "status": "not_run", "message": TESTS_NOT_RUN_MESSAGE}


# The feedback is written to the candidate ("You explained 3 of 5 expected points", the AI is asked for the same); the
# pages that speak to anyone else of the candidate (`reader_is_candidate` on the report, the expert's watch page) read
# it about them. Words only, linear: the feedback quotes the candidate's answer, and quoted words are left as written.
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][a-z]+)?")  # "you're", "you\u2019re": one word
_THEIR = {"your": "their", "yours": "theirs", "yourself": "themselves", "you're": "they're", "you've": "they've",
          "you'd": "they'd", "you'll": "they'll"}
# after these a "you" is the subject of what follows ("because you listed"); elsewhere it is an object ("gives you")
_SUBJECT_AFTER = frozenset({"and", "but", "or", "if", "when", "because", "that", "so", "as", "where", "while",
                            "unless", "though", "although", "since", "once", "before", "after", "until", "why",
                            "how", "what", "whether", "which", "who"})
# "The candidate" only where the verb reads the same for them ("You explained", "You did not", "You should")
_SAME_VERB = frozenset({"did", "could", "should", "would", "might", "must", "will", "can", "may", "gave", "wrote",
                        "said", "made", "left", "got", "took", "began", "chose", "knew", "saw", "went", "ran"})
_VERB_AFTER_SUBJECT = _SAME_VERB | {"are", "were", "have", "had", "need", "do", "don't", "didn't", "can't", "won't",
                                    "also", "only", "still", "never", "clearly"}
# an apostrophe inside a word is part of the word (_WORD), so what is left of these quotes
_QUOTES = ('"', "'", "\u201c", "\u201d", "\u2018", "\u2019")
# words in -ed that are no past tense: "You need to" is not "The candidate need to" (R2)
_PRESENT_ED = frozenset({"need", "proceed", "succeed", "exceed", "embed", "feed", "speed", "seed", "heed", "shed"})
# before these a "you" is an object ("gives you", "for you", "thank you"); elsewhere, as a sentence's own voice, it is
# the subject: "Overall, you handle" and "Then you forgot" read "they", not "them" (R2)
_OBJECT_AFTER = frozenset({"to", "for", "with", "at", "on", "about", "from", "by", "into", "than", "of", "without",
                           "like", "against", "toward", "towards", "let", "help", "thank", "give", "show", "tell",
                           "ask", "make", "get", "want", "allow", "cost", "save", "keep", "bring", "take", "send",
                           "leave", "lead", "force", "push", "cause", "expose"})
_S_NOT_A_VERB = frozenset({"yes", "thus", "always", "perhaps", "sometimes", "unless", "as", "is", "was", "has",
                           "does", "its", "this", "these", "those", "his", "hers", "ours", "yours", "plus", "less"})


def _object_after(previous: str) -> bool:
    """A "you" after `previous` is an object: after a preposition or a verb that takes one ("gives you")."""
    return previous in _OBJECT_AFTER or (previous.endswith("s") and previous[:-1] in _OBJECT_AFTER) or (
        previous.endswith("es") and previous[:-2] in _OBJECT_AFTER) or previous in {"lets", "gets", "costs"}


def _you_said(previous: str, following: str, *, opens: bool, named: bool) -> str:
    """What a "you" between `previous` and `following` reads as about the candidate."""
    past = (following.endswith("ed") and following not in _PRESENT_ED) or following in _SAME_VERB
    if opens and not named and past:
        return "The candidate"
    if opens or previous in _SUBJECT_AFTER or following in _VERB_AFTER_SUBJECT or past:
        return "they"
    return "them" if _object_after(previous) and previous not in _S_NOT_A_VERB else "they"


def feedback_for(text: str, *, reader_is_candidate: bool) -> str:
    """An evaluation's feedback as `reader_is_candidate` says who reads it: as written for the candidate, about the
    candidate for anyone else ("The candidate explained 3 of 5 expected points. … They mentioned “heap” but did not
    explain it"). The first sentence that opens on "You"/"Your" names the candidate; the rest say "they"."""
    if reader_is_candidate or not text:
        return text
    out, last, previous, named, quoted = [], 0, "", False, False
    matches = list(_WORD.finditer(text))
    for i, match in enumerate(matches):
        between = text[last:match.start()]
        ends_sentence = between.rstrip().endswith((".", "!", "?"))
        if ends_sentence and not any(q in between for q in _QUOTES):
            quoted = False  # a quote mark left open (5" long) closes with its sentence, not at the text's end
        quoted ^= sum(between.count(q) for q in _QUOTES) % 2 == 1
        word, lower = match.group(), match.group().lower().replace("\u2019", "'")
        opens = (i == 0 and not between.strip()) or ends_sentence or between.rstrip().endswith(":")
        said = word
        if not quoted and lower == "you":
            following = matches[i + 1].group().lower() if i + 1 < len(matches) else ""
            said = _you_said(previous, following, opens=opens, named=named)
            named = named or opens
        elif not quoted and lower == "your" and opens and not named:
            said, named = "The candidate's", True
        elif not quoted and lower in _THEIR:
            said = _THEIR[lower]
        if said is not word and "\u2019" in word:
            said = said.replace("'", "\u2019")
        if said is not word and word[0].isupper():
            said = said[0].upper() + said[1:]
        out.append(between + said)
        previous, last = lower, match.end()
    out.append(text[last:])
    return "".join(out)


def room_reader(session: InterviewSession, *, role: str):
    """Who sits in the room as `role`: the observer is the session's expert, anyone else its candidate."""
    return session.expert if role == "observer" else session.candidate


def room_state(session: InterviewSession, *, role: str, scores: bool | None = None) -> dict:
    """The `state` message sent on every connect: enough to redraw the room exactly as it was. The observer's copy also
    carries the `transcript` (every turn asked so far with the submitted answer and its integrity counts), so the
    watch page redraws from it on every (re)connect instead of piling up what it already showed. `tests` is the last
    answered turn's `tests` message (its code's tests not run), or None. `evaluations` are there for whoever
    `policy.evaluation_shown_to` shows them (`scores`, which the consumer works out once per socket; by default, for
    the room's reader in `role`): never for a planned interview's candidate."""
    from interviews.evaluation import evaluation_payload
    from interviews.selectors import open_turn

    now = timezone.now()
    turn = open_turn(session)
    evaluations = []
    if scores is None:
        scores = policy.evaluation_shown_to(session, room_reader(session, role=role))
    evaluated = session.turns.filter(evaluation__isnull=False) if scores else session.turns.none()
    for t in evaluated.select_related("evaluation").order_by("index"):
        payload = evaluation_payload(t.evaluation)
        if role != "observer":
            payload.pop("flags", None)
        else:  # the expert reads it about the candidate
            payload["feedback"] = feedback_for(payload["feedback"], reader_is_candidate=False)
        evaluations.append(payload)
    answered = session.turns.filter(submitted_at__isnull=False).order_by("-index").only("id", "test_results").first()
    shown = turn_payload(turn, now=now) if turn else None
    if shown is not None and question_hidden(session, role=role):
        shown = hidden_turn(shown)
    state = {"type": "state", "role": role, "session": session_payload(session, now=now),
             "turn": shown, "evaluations": evaluations,
             "tests": tests_status(answered)}
    if role == "observer":
        hints = hints_given(session)
        state["transcript"] = [observed_turn(t, hints=hints.get(t.id)) for t in session.turns.order_by("index")]
    return state
