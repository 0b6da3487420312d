"""The session report: per-criterion and per-category scores, a per-question breakdown with evidence, what to practise
next (judge problems and modules by tag), the transcript and behavioural notes (shown, never scored).

Scores are computed here from the stored evaluations, deterministically; the AI summary only adds words.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import mean

from interviewmaster import capabilities
from interviewmaster.ai.schemas import REPORT_ITEMS, SOLID_SCORE
from interviews import policy
from interviews.models import InterviewSession, Turn, TurnKind
from interviews.selectors import question_category

WEAK_QUESTION = SOLID_SCORE  # the summary's own mark of a solid area


def _round(values) -> float | None:
    values = list(values)
    return round(mean(values), 1) if values else None


def category_score(question_scores: list[float]) -> float | int:
    """The mean of a category's question scores as the report prints them (each rounded, as `overall_score` takes
    them), to one decimal; a category of one question is that question's printed score (18.7 beside its "19/100" read
    as two figures for one thing). The report's category, the dashboard's (analytics.selectors, over every interview)
    and the cohorts' cut points read it, so each is the mean of figures the candidate can read on their reports: the
    mean of the unrounded scores put 61.2 on the dashboard beside reports that print 62 and 61 (61.5)."""
    if len(question_scores) == 1:
        return round(question_scores[0])
    return _round(round(score) for score in question_scores)


def overall_score(question_scores: list[float]) -> int:
    """The mean of questions' scores as the report prints them (each rounded), rounded: the report's overall, and the
    dashboard's interview score of a day (analytics.selectors), so one interview shows one figure on both."""
    return round(mean(round(score) for score in question_scores))


def _evaluation(turn: Turn):
    """A turn's evaluation, or None (the warm-up is never scored)."""
    return getattr(turn, "evaluation", None) if turn.kind != TurnKind.WARM_UP else None


def _question_groups(turns: list[Turn]) -> list[tuple[Turn, list[Turn]]]:
    """Each main question with its follow-ups, in order: the unit the report scores and counts."""
    return [(main, [main, *(t for t in turns if t.parent_id == main.id)])
            for main in turns if main.kind == TurnKind.QUESTION]


NOTHING_ANSWERED = ("No question was answered, so there is no score: a request to move on (\"next\") or an "
                    "\"I don't know\" is not an answer. This interview counts for no badge, streak or progress chart.")


def _headline(questions: list[dict], total_questions: int) -> dict:
    """The report's top line. A question is answered when it has an evaluated answer that answers
    (`policy.is_answer`); one answered only "next" or "I don't know" is scored as a miss (0) without being answered
    (`missed_questions`). The overall is the mean of the scored main questions' (rounded) scores, and there is none
    (None) when no question was answered: an empty interview is not a 0 performance. `unreached_questions` are the
    rest of the planned questions, neither answered nor missed: never asked, or open with no answer when the
    interview ended (an interview ended after 1 of its 2 questions said "1 answered, 0 missed" of 2, which did not
    add up)."""
    scored = [round(q["score"]) for q in questions if q["score"] is not None]
    answered = sum(1 for q in questions if q["answered"])
    reached = sum(1 for q in questions if q["answered"] or q["score"] is not None)
    return {"overall": overall_score(scored) if scored and answered else None, "answered_questions": answered,
            "missed_questions": len(scored) - answered, "total_questions": total_questions,
            "unreached_questions": max(0, total_questions - reached)}


def _answers(turn: Turn) -> bool:
    return _evaluation(turn) is not None and policy.is_answer(turn.answer_text, turn.answer_code)


def _question_score(group: list[Turn], score_of) -> float | None:
    """`policy.question_score` of a main question (group[0]) and its follow-ups, `score_of(turn)` each (None when
    not evaluated)."""
    main, *follow_ups = group
    return policy.question_score(score_of(main), [s for s in map(score_of, follow_ups) if s is not None])


def _overall_of(turn: Turn) -> int | None:
    ev = _evaluation(turn)
    return ev.overall if ev is not None else None


def _answer_input(turn: Turn, ev) -> dict:
    """One evaluated answer for the summary; `follow_up` and `prompt` let it name a strong answer that had no expected
    points to cover (a follow-up is judged without any)."""
    return {"category": turn.category, "difficulty": turn.difficulty, "score": ev.overall,
            "follow_up": turn.kind == TurnKind.FOLLOW_UP, "question": turn.question_number, "prompt": turn.prompt,
            "criteria": [{"key": c["key"], "score": c["score"]} for c in ev.criteria],
            "covered_points": ev.covered_points, "missing_points": ev.missing_points}


def summary_inputs(session: InterviewSession) -> dict:
    """What the summary is written from: every evaluated answer (`turns`) and the report's own figures (each main
    question's score with its follow-ups folded in, answered of asked, the overall), so that the summary's words quote
    the numbers the report shows above them rather than counting follow-ups as questions."""
    turns = list(session.turns.select_related("evaluation", "question").order_by("index"))
    answers = [_answer_input(t, _evaluation(t)) for t in turns if _evaluation(t) is not None]
    questions = [{"number": main.question_number, "category": question_category(main, group[1:]),
                  "difficulty": main.difficulty,
                  "score": _question_score(group, _overall_of), "answered": any(map(_answers, group))}
                 for main, group in _question_groups(turns)]
    return {"turns": answers, "questions": questions, "role": session.role,
            **_headline(questions, len(session.question_plan))}


def _seconds_to_first_keystroke(turn: Turn, spent: int) -> int | None:
    """On the turn's own clock (pauses excluded), like `seconds_spent`, so it is never the larger of the two. A turn
    recorded before the clock reading was kept has only the wall-clock time, capped at the time spent."""
    if turn.first_keystroke_seconds is not None:
        return min(turn.first_keystroke_seconds, spent)
    if turn.first_keystroke_at is None:
        return None
    return min(round((turn.first_keystroke_at - turn.asked_at).total_seconds()), spent)


def _behaviour(turn: Turn) -> dict:
    spent = turn.seconds_elapsed()
    return {"seconds_to_first_keystroke": _seconds_to_first_keystroke(turn, spent),
            "seconds_spent": spent, "pastes": turn.paste_count, "tab_changes": turn.visibility_count,
            "long_pauses": turn.idle_count, "longest_pause_seconds": turn.longest_idle_seconds,
            "hints": turn.hints_used}


def _turn_entry(turn: Turn, hints: list[dict]) -> dict:
    ev = _evaluation(turn)
    entry = {"turn": turn.id, "index": turn.index, "kind": turn.kind, "strategy": turn.strategy,
             "prompt": turn.prompt, "status": turn.status, "answer_text": turn.answer_text,
             "answer_code": turn.answer_code, "language": turn.language, "test_results": turn.test_results,
             "behaviour": _behaviour(turn), "hints": hints, "score": None}
    if ev is not None:
        entry.update({"score": ev.overall, "criteria": ev.criteria, "strengths": ev.strengths,
                      "improvements": ev.improvements, "feedback": ev.feedback, "flags": ev.flags})
    return entry


def _practice(weak_tags: set[str], problems: set[str]) -> dict:
    from studypaths.models import Module, Problem

    modules = [m for m in Module.objects.all()
               if m.slug in weak_tags or any(part in weak_tags for part in m.slug.split("-"))]
    linked = list(Problem.objects.filter(slug__in=problems, is_published=True))
    by_module = list(Problem.objects.filter(module__in=modules, is_published=True).exclude(slug__in=problems)
                     .order_by("difficulty", "position")[:4])
    return {"modules": [{"slug": m.slug, "title": m.title, "url": f"/studypaths/?module={m.slug}"} for m in modules],
            "problems": [{"slug": p.slug, "title": p.title, "url": f"/studypaths/problems/{p.slug}/"}
                         for p in linked + by_module]}


def report_seen_by(session: InterviewSession, user) -> dict:
    """The stored report as `user` may read it. Whoever `policy.evaluation_shown_to` leaves the evaluation from (a
    planned interview's candidate and mentors) reads the candidate's copy without it (`_without_evaluation`). Flags
    (`possible_prompt_injection`, `keyword_list`, ...) are notes for the reviewer and sit both at the top and on every
    turn; the candidate gets neither. Stripped on the way out, not left out when stored, because the expert and the
    mentors read the same stored report (and older reports have them)."""
    report = dict(session.report or {})
    if not policy.evaluation_shown_to(session, user):
        return _without_evaluation(report)
    if session.candidate_id != getattr(user, "id", None):
        return report
    report.pop("flags", None)
    if "questions" in report:
        report["questions"] = [{**q, "turns": [_without_flags(t) for t in q.get("turns", [])]}
                               for q in report["questions"]]
    return report


def _without_flags(turn: dict) -> dict:
    return {key: value for key, value in turn.items() if key != "flags"}


# What a planned interview's candidate (and a mentor, who reads their copy) does not read in their report: the
# evaluation is the expert's (they read it in the admin). Scores, the rubric's anchors and evidence, the feedback and
# the advice all name what an answer missed; the flags are notes for the reviewer.
WITHHELD_FROM_PLANNED = ("overall", "by_criterion", "by_category", "summary", "strengths", "weaknesses",
                         "recommendations", "practice", "summary_provider", "flags")
WITHHELD_TURN_KEYS = ("flags", "score", "criteria", "strengths", "improvements", "feedback", "test_results")


def _without_evaluation(report: dict) -> dict:
    """A planned interview's report as its candidate reads it (and anyone else `policy.evaluation_shown_to` leaves the
    evaluation from): what was asked and answered, how long it took and how far it got, without the evaluation or the
    reviewer's flags (`scores_withheld` says so to the page)."""
    kept = {key: value for key, value in report.items() if key not in WITHHELD_FROM_PLANNED}
    kept["questions"] = [{**{k: v for k, v in q.items() if k != "score"},
                          "turns": [{k: v for k, v in t.items() if k not in WITHHELD_TURN_KEYS}
                                    for t in q.get("turns", [])]} for q in report.get("questions", [])]
    kept["scores_withheld"] = True
    return kept


def _hints_taken(session: InterviewSession, *, with_texts: bool) -> dict[int, list[dict]]:
    """Turn id -> the hints the room gave on it ({"text", "at"}, in order, from the `hint.given` audit events): the
    report says which answer came after a hint and when it was taken, not just how many there were. Without their
    texts (`with_texts=False`) where the candidate's words are erased: a hint is written from the draft and may quote
    it."""
    from interviews.presenters import hints_given

    return {turn_id: [{"text": h["text"] if with_texts else "", "at": h["at"]} for h in hints]
            for turn_id, hints in hints_given(session).items()}


def build_report(session: InterviewSession, *, summary, with_hint_texts: bool = True) -> dict:
    turns = list(session.turns.select_related("evaluation", "question").order_by("index"))
    hints = _hints_taken(session, with_texts=with_hint_texts)
    questions, criteria, categories = [], defaultdict(list), defaultdict(list)
    weak_tags: set[str] = set()
    weak_problems: set[str] = set()
    for main, group in _question_groups(turns):
        entries = [_turn_entry(t, hints.get(t.id, [])) for t in group]
        printed = {t.id: e["score"] for t, e in zip(group, entries, strict=True)}
        score = _question_score(group, lambda t, printed=printed: printed[t.id])
        category = question_category(main, group[1:])  # as the dashboard and the cohorts file it
        for entry in entries:
            for c in entry.get("criteria", []):
                criteria[c["key"]].append(c["score"])
        if score is not None:
            if category:  # one nothing files under a topic is in the overall and its own row, not a nameless one
                categories[category].append(score)
            if score < WEAK_QUESTION:
                weak_tags.update(main.snapshot.get("tags", []))
                if main.snapshot.get("problem"):
                    weak_problems.add(main.snapshot["problem"])
        questions.append({"number": main.question_number, "title": main.snapshot.get("title", ""),
                          "category": category, "difficulty": main.difficulty,
                          "score": round(score) if score is not None else None,
                          "answered": any(map(_answers, group)), "turns": entries})
    headline = _headline(questions, len(session.question_plan))
    if not headline["answered_questions"]:
        return _nothing_answered(session, headline, questions, turns, hints, summary)
    data = summary.data
    flags = sorted({f for q in questions for e in q["turns"] for f in e.get("flags", [])})
    return {
        **headline,
        "end_reason": session.end_reason,
        "by_criterion": [{"key": k, "name": capabilities.criterion_name(k),
                          "score": _round(v)} for k, v in sorted(criteria.items())],
        "by_category": [{"key": k, "name": capabilities.category_name(k),
                         "score": category_score(v)} for k, v in sorted(categories.items())],
        "questions": questions,
        "summary": str(data.get("summary", ""))[:2000],
        "strengths": [str(s)[:300] for s in data.get("strengths", [])][:REPORT_ITEMS],
        "weaknesses": [str(s)[:300] for s in data.get("weaknesses", [])][:REPORT_ITEMS],
        "recommendations": [str(s)[:300] for s in data.get("recommendations", [])][:REPORT_ITEMS],
        "practice": _practice(weak_tags, weak_problems),
        "transcript": _transcript(turns, hints),
        "behaviour": _session_behaviour(session, turns),
        "flags": flags,
        "summary_provider": summary.provider,
    }


def _transcript(turns: list[Turn], hints: dict[int, list[dict]]) -> list[dict]:
    return [{"index": t.index, "kind": t.kind, "prompt": t.prompt, "answer_text": t.answer_text,
             "answer_code": t.answer_code, "status": t.status, "hints": hints.get(t.id, [])} for t in turns]


def _session_behaviour(session: InterviewSession, turns: list[Turn]) -> dict:
    return {"paused_seconds": session.seconds_paused(), "pastes": sum(t.paste_count for t in turns),
            "tab_changes": sum(t.visibility_count for t in turns),
            "long_pauses": sum(t.idle_count for t in turns), "hints": sum(t.hints_used for t in turns),
            "note": "Shown for context; these signals never change a score."}


def _nothing_answered(session: InterviewSession, headline: dict, questions: list[dict], turns: list[Turn],
                      hints: dict[int, list[dict]], summary) -> dict:
    """The report of an interview ended with no question answered: it says so, with no score (`overall` None, no
    question, criterion or category scores, no "a strong/early-stage performance"), no advice and no practice drawn
    from scores that measure nothing. The turns stay for the record (a provider's summary is not used even when one
    was written: `finalize_report` asks none)."""
    erased = summary.provider == "erased"
    return {
        **headline,
        "end_reason": session.end_reason,
        "by_criterion": [], "by_category": [],
        "questions": [{**q, "score": None} for q in questions],
        "summary": str(summary.data.get("summary", ""))[:2000] if erased else NOTHING_ANSWERED,
        "strengths": [], "weaknesses": [], "recommendations": [],
        "practice": {"modules": [], "problems": []},
        "transcript": _transcript(turns, hints),
        "behaviour": _session_behaviour(session, turns),
        "flags": sorted({f for q in questions for e in q["turns"] for f in e.get("flags", [])}),
        "summary_provider": summary.provider if erased else "none",
    }
