"""The controller and critique agents (the observer is planning.observer). They run only inside Celery tasks on the
`ai` queue (planning.tasks) and reach models only through `complete_json`.

`advance_plan` is the pipeline, written as resumable steps keyed by the plan's state, so a redelivered task picks up
where a dead worker stopped: changes_requested -> draft -> (controller) -> critique -> critiqued -> [one revision when
the critique finds a blocker] -> pending_review.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import replace
from typing import Any

from django.db import transaction

from interviewmaster import capabilities
from interviewmaster.ai import complete_json
from interviewmaster.ai.offline import ENGINE as OFFLINE_ENGINE
from interviewmaster.figures import with_article
from planning import observer, send_back
from planning.errors import InvalidPlanQuestions
from planning.models import (
    AgentStatus,
    Critique,
    DecisionKind,
    DecisionReason,
    InterviewPlan,
    PlanState,
    PlanVersion,
    VersionAuthor,
)
from planning.plan_schema import CRITIQUE_SCHEMA, PLAN_SCHEMA, normalise_questions
from planning.selectors import learned_preferences
from planning.services import LENGTH_RANGE
from planning.skills import skill_name, skill_named

logger = logging.getLogger(__name__)
BANK_LIMIT = 60
DIFFICULTIES = ["easy", "medium", "hard"]
FEEDBACK_SHIFT = {DecisionReason.TOO_EASY: 1, DecisionReason.TOO_HARD: -1}
FRESH_REASONS = {DecisionReason.DUPLICATE, DecisionReason.OFF_TOPIC, DecisionReason.BIASED, DecisionReason.OTHER}


# --- inputs -------------------------------------------------------------------------------------------------------

def _shifted(category: str, difficulty: str, shift: int) -> str:
    allowed = capabilities.get_capabilities().categories[category].allowed_difficulties
    index = max(0, min(len(DIFFICULTIES) - 1, DIFFICULTIES.index(difficulty) + shift))
    wanted = DIFFICULTIES[index]
    if wanted in allowed:
        return wanted
    return min(allowed, key=lambda d: abs(DIFFICULTIES.index(d) - index))


def _rank(values: list[str], value: str) -> int:
    """Where `value` stands in `values`; an unknown one after them all."""
    return values.index(value) if value in values else len(values)


def slots_for(config: dict, *, shift: int = 0) -> list[dict[str, str]]:
    """One {category, difficulty} per question of the config's distribution, difficulty shifted by what the expert
    taught us (within what each category allows)."""
    # In the capabilities' category order, not the config's: a plan's config comes back from PostgreSQL's jsonb with
    # its keys reordered (shortest first), so "the order the expert listed" is not something the database keeps, and
    # which question gives way to the duration (the later first) must not depend on the database.
    order = list(capabilities.get_capabilities().categories)
    counts = sorted(capabilities.distribution_counts(config).items(),
                    key=lambda item: (_rank(order, item[0][0]), _rank(DIFFICULTIES, item[0][1])))
    slots = []
    for (category, difficulty), count in counts:
        slots += [{"category": category, "difficulty": _shifted(category, difficulty, shift)}] * count
    return slots


def slots_minutes(slots: list[dict[str, str]]) -> int:
    """How long questions for these slots take in the room, transitions included (the clock's own formula)."""
    return capabilities.questions_duration(s["difficulty"] for s in slots)


def fit_slots(shifted: list[dict[str, str]], *, duration: int) -> tuple[list[dict[str, str]], dict[str, int]]:
    """The difficulty-shifted slots refitted to the interview's duration (the one the invitation will announce),
    with how many questions were made shorter and how many dropped.

    The configured mix fills that duration, so a harder mix must give way somewhere: one question at a time (see
    `_next_to_give_way`) is made one level easier, then easier again, then dropped, until the plan fits. A question
    shortened this way keeps its slot (the skill it covers stays covered), which is why shortening comes first; the
    last question is never dropped, nor one the expert's comment named (replaced, added, kept, made harder or moved:
    `requested` or `named`), which gives way last and then only as far as its easiest."""
    if not duration or slots_minutes(shifted) <= duration:
        return shifted, {"shortened": 0, "dropped": 0}
    slots: list[dict[str, str] | None] = [dict(s) for s in shifted]
    gave_way: set[int] = set()
    while slots_minutes(_present(slots)) > duration:
        index = _next_to_give_way(slots, gave_way)
        if index is None:  # every question gave way as far as it can
            break
        gave_way.add(index)
        _give_way(slots, index, duration)
    fitted = _present(slots)
    shortened = sum(s is not None and s["difficulty"] != shifted[i]["difficulty"] for i, s in enumerate(slots))
    return fitted, {"shortened": shortened, "dropped": len(shifted) - len(fitted)}


def _present(slots: list[dict[str, str] | None]) -> list[dict[str, str]]:
    return [s for s in slots if s is not None]


def _next_to_give_way(slots: list[dict[str, str] | None], gave_way: set[int]) -> int | None:
    """A question of the category that has the most left (each category keeps one as long as it can), the later
    slot first (slots stand in the capabilities' category order: coding, system design, behavioural, ...); a question
    the expert named ("make Q3 harder", "replace Q3 with …", "keep Q2", "put Q4 first") after every other."""
    per_category = Counter(s["category"] for s in _present(slots))
    waiting = [i for i, s in enumerate(slots) if s is not None and i not in gave_way]
    # of those the expert named, one written afresh for them ("replace Q2 with …") before one they asked to keep as it
    # is, moved, or made harder: making that one easier would undo what they asked
    return max(waiting, key=lambda i: (not _named(slots[i]), not slots[i].get("named"),
                                       per_category[slots[i]["category"]], i), default=None)


def _named(slot: dict) -> bool:
    """The expert's comment named this slot's question: never dropped to fit the duration."""
    return bool(slot.get("requested") or slot.get("named"))


def _give_way(slots: list[dict[str, str] | None], index: int, duration: int) -> None:
    """Make slot `index` one level easier at a time, past its easiest drop it (unless it is the last one), until the
    slots fit `duration`."""
    while slots_minutes(_present(slots)) > duration:
        slot = slots[index]
        allowed = capabilities.get_capabilities().categories[slot["category"]].allowed_difficulties
        easier = [d for d in DIFFICULTIES[:DIFFICULTIES.index(slot["difficulty"])] if d in allowed]
        if easier:
            slots[index] = {**slot, "difficulty": easier[-1]}
        else:
            if len(_present(slots)) > 1 and not _named(slot):
                slots[index] = None
            return


def bank_for(position, slots: list[dict[str, str]]) -> list[dict[str, Any]]:
    from interviews.models import ReviewStatus
    from interviews.selectors import askable_questions

    categories = {s["category"] for s in slots}
    wanted = (set(position.required_skills) | set(position.nice_to_have_skills)
              | {s["topic"] for s in slots if s.get("topic")})  # a topic the expert asked for, first
    rows = (askable_questions().filter(status=ReviewStatus.APPROVED, category__in=categories)
            .only("id", "prompt", "category", "difficulty", "roles", "tags", "expected_points", "follow_up_seeds")
            .order_by("id")[:2000])
    usable = [q for q in rows if not q.roles or position.role in q.roles]
    usable.sort(key=lambda q: (not (set(q.tags) & wanted), q.id))
    return [{"id": q.id, "prompt": q.prompt, "category": q.category, "difficulty": q.difficulty, "tags": q.tags,
             "expected_points": q.expected_points, "follow_up_seeds": q.follow_up_seeds} for q in usable[:BANK_LIMIT]]


def candidate_skills(plan: InterviewPlan) -> dict[str, list[str]]:
    from resumes.models import SkillStatus

    resume = plan.resume
    if resume is None and plan.candidate_id:
        from resumes.selectors import active_resume_for

        resume = active_resume_for(plan.candidate)
    if resume is None:
        return {}
    rows = list(resume.skills.exclude(status=SkillStatus.REMOVED).values_list("skill_id", "status", "confidence"))
    on_resume = {skill for skill, _, _ in rows}
    return {"strong": [s for s, status, c in rows if status == SkillStatus.CONFIRMED and c >= 0.6],
            "unverified": [s for s, status, _ in rows if status == SkillStatus.SUGGESTED],
            "weak": [s for s in plan.position.required_skills if s not in on_resume]
            + [s for s, status, c in rows if status == SkillStatus.CONFIRMED and c < 0.6]}


def _skills(ids: list[str]) -> list[dict[str, Any]]:
    from resumes.skills import taxonomy

    found = taxonomy()
    aliases: dict[str, list[str]] = {}
    for tokens, skill_id in found.free.items():  # what a bank tag or a prompt may call the skill ("kafka")
        if skill_id in ids:
            aliases.setdefault(skill_id, []).append(" ".join(tokens))
    return [{"id": s, "name": skill_name(s), "category": found.skills[s].category if s in found.skills else "",
             "aliases": aliases.get(s, [])[:20]} for s in ids]


def _sent_back(plan: InterviewPlan, *, answered_by: PlanVersion | None = None):
    """The expert's request for changes the next version answers (None: there is none). `answered_by`: the version
    that answered it (a revision after the critique keeps answering the same request)."""
    decision = (plan.decisions.filter(kind=DecisionKind.REQUEST_CHANGES).select_related("version")
                .order_by("-created_at", "-id").first())
    if decision is None:
        return None
    if answered_by is not None:
        return decision if answered_by.trigger == "feedback" and decision.created_at <= answered_by.created_at else None
    if plan.current_version and decision.created_at < plan.current_version.created_at:
        return None
    return decision


def _feedback(plan: InterviewPlan) -> dict[str, str] | None:
    decision = _sent_back(plan)
    return {"reason": decision.reason, "comment": decision.comment} if decision else None


def _topic_categories(position) -> dict[str, str]:
    from interviews.models import Question, ReviewStatus

    rows = (Question.objects.filter(is_active=True, status=ReviewStatus.APPROVED)
            .values_list("category", "tags", "roles").order_by("id")[:3000])
    return send_back.topic_categories([(c, t) for c, t, roles in rows if not roles or position.role in roles])


def _apply_send_back(plan: InterviewPlan, slots: list[dict], feedback: dict, shift: int,
                     questions: list[dict] | None = None) -> send_back.SendBack:
    """The configured slots changed as the expert's comment asks (a replaced or added slot keeps the difficulty the
    configuration and the expert's reason give it). `questions`: the version sent back: the slots are its questions,
    one each, moved a level by the reason's own "too easy" / "too hard" (a question whose category allows no other
    level stays as it was; one the comment keeps, and with a comment that says which questions are too easy or too
    hard every other, keeps its level), and the comment may name them ("Q3 is off-topic", "drop the Go question").
    A question whose level moves is written afresh (`plan_inputs` avoids its text)."""
    base = slots_for(plan.config)

    def difficulty_for(category: str, index: int | None) -> str:
        configured = base[index]["difficulty"] if index is not None and index < len(base) else "medium"
        allowed = capabilities.get_capabilities().categories[category].allowed_difficulties
        if configured not in allowed:
            configured = min(allowed, key=lambda d: abs(DIFFICULTIES.index(d) - DIFFICULTIES.index(configured)))
        return _shifted(category, configured, shift)

    reason_shift, fresh = FEEDBACK_SHIFT.get(feedback["reason"], 0), feedback["reason"] in FRESH_REASONS
    categories = capabilities.get_capabilities().categories
    if questions and all(q.get("category") in categories for q in questions):
        # The next version starts from the version sent back, not from the configured mix: the questions the comment
        # does not name stay as they were (in their order), and one dropped before stays dropped. The reason's own
        # "too easy" / "too hard" moves each of them a level (a question whose level moves is written afresh).
        slots = [{"category": q["category"], "difficulty": _shifted(q["category"], str(
            q.get("difficulty") or "medium"), reason_shift), "question": i, "unchanged": True}
                 for i, q in enumerate(questions)]
    request = send_back.read_send_back(feedback.get("comment", ""), slots=slots, topics=_topic_categories(
        plan.position), difficulty_for=difficulty_for, reason_shift=reason_shift, fresh=fresh, questions=questions,
        skill_words={s["id"]: [s["name"], *s["aliases"]] for s in _skills(
            list(dict.fromkeys(str(q.get("skill")) for q in questions or [] if q.get("skill"))))})
    if reason_shift and questions:
        # the reason's "too easy" / "too hard" leaves be a question the expert asked to keep, and when the comment
        # says which questions it means ("Q3 is too easy"), every other question too
        said = any(direction == reason_shift for direction in request.levels.values())
        request.slots = [{**s, "difficulty": str(questions[s["question"]].get("difficulty") or "medium")}
                         if _left_be(s, questions) and (said or s["question"] in request.kept) else s
                         for s in request.slots]
    # "easier"/"harder" in the comment, with another reason chosen: a question kept stays as it was, and one the comment
    # made harder or easier by name ("too hard overall, but make Q2 harder") stays as it asked
    if request.shift:
        request.slots = [s if s.get("level") or (s.get("unchanged") and s.get("question") in request.kept) else
                         _shifted_slot(s, request) for s in request.slots]
        request.done.append("made the questions " + ("easier" if request.shift < 0 else "harder"))
    if not request.shown and not request.done:
        # a comment that asks nothing this reads (or none): the reason alone speaks ("off-topic", "a skill is
        # missing"), so every question is written again in the places of those sent back (afresh for a reason that
        # asks for fresh questions); under "too easy" / "too hard" alone a question whose category allows no other
        # level stays as it was
        request.slots = [s if reason_shift and not fresh and _level_kept(s, questions) else _rewritten(s)
                         for s in request.slots]
    elif fresh and questions and _untouched(request.slots, questions):
        # a comment that only keeps (or praises) questions, with a reason that asks for fresh ones ("Off-topic",
        # "Keep Q2"): the questions it did not keep are written afresh, as the reason asks
        request.slots = [s if s.get("question") in request.kept else _rewritten(s) for s in request.slots]
    return request


def _rewritten(slot: dict) -> dict:
    return {k: v for k, v in slot.items() if k != "unchanged"}


def _left_be(slot: dict, questions: list[dict]) -> bool:
    index = slot.get("question")
    return bool(slot.get("unchanged")) and isinstance(index, int) and index < len(questions)


def _level_kept(slot: dict, questions: list[dict] | None) -> bool:
    """`slot` is a question of the version sent back, left alone at its own level."""
    index = slot.get("question")
    return bool(slot.get("unchanged")) and isinstance(index, int) and index < len(questions or []) and (
        str(questions[index].get("difficulty") or "medium") == slot["difficulty"])


def _untouched(slots: list[dict], questions: list[dict]) -> bool:
    """The slots are the questions of the version sent back, in order, none dropped, replaced or added."""
    return len(slots) == len(questions) and all(s.get("unchanged") and s.get("question") == i
                                                for i, s in enumerate(slots))


def _shifted_slot(slot: dict, request: send_back.SendBack) -> dict:
    """`slot` one level easier or harder as a wish for the whole plan asks. A question of the version sent back the
    comment left alone is then a new question at that level on the same skill (its text is not kept relabelled: the
    next version's `avoid` holds it), or stays as it was when its category allows no other level."""
    difficulty = _shifted(slot["category"], slot["difficulty"], request.shift)
    if not slot.get("unchanged") or difficulty == slot["difficulty"]:
        return {**slot, "difficulty": difficulty}
    skill = request.shown[slot["question"]][1] if slot.get("question", -1) < len(request.shown) else ""
    return {**{k: v for k, v in slot.items() if k != "unchanged"}, "difficulty": difficulty,
            **({"topic": skill} if skill else {})}


def drafting_minutes(plan: InterviewPlan, *, learned_shift: int = 0) -> int:
    """The time the agents fill when they write a version: the length the expert set, else the configured mix's
    (which the stored length no longer is once the expert dropped questions from a version), or the same mix at the
    level the expert's earlier decisions on the position taught (`learned_shift`) when that takes longer. A learned
    preference is not the expert's length: with the length left empty it follows the questions, so a harder learned
    level must never cost a question of the mix the expert configured (it was measured against the unshifted mix,
    and "too easy" learned on the position dropped the behavioural question of a new two-question plan)."""
    if plan.duration_fixed or not (plan.config or {}).get("question_distribution"):
        return plan.duration_minutes
    return max(capabilities.interview_duration(plan.config),
               slots_minutes(slots_for(plan.config, shift=learned_shift)))


def fit_learned(shifted: list[dict[str, str]], configured: list[dict[str, str]], *,
                duration: int) -> tuple[list[dict[str, str]], dict[str, int]]:
    """A new plan's slots at the learned level (`shifted`, the configured mix's `configured` moved by what the expert
    taught on the position) fitted to `duration`. Under a length the expert set, the learned preference gives way
    first: a question the learned shift made longer goes back to the level the expert configured (the later first)
    until the plan fits, and only a mix that does not fit the expert's own length even as configured is then fitted
    as `fit_slots` fits it. Returns the slots and {"shortened", "dropped", "learned_undone"}. A send-back that raises
    levels on a plan whose length follows its questions is fitted the same way to the longest interview, `configured`
    then being the levels of the version sent back (`_sent_back_levels`)."""
    slots = [dict(s) for s in shifted]
    undone = 0
    for index in reversed(range(len(slots))):
        if not duration or slots_minutes(slots) <= duration:
            break
        was, now = configured[index]["difficulty"], slots[index]["difficulty"]
        if _rank(DIFFICULTIES, now) > _rank(DIFFICULTIES, was):
            slots[index] = {**slots[index], "difficulty": was}
            undone += 1
    fitted, done = fit_slots(slots, duration=duration)
    return fitted, {**done, "learned_undone": undone}


def _add_within(request: send_back.SendBack, previous: list[dict], most: int, said: str, *,
                as_asked: bool = False) -> None:
    """The questions the comment asks to add, in the order asked, as long as the plan still fits `most` minutes
    (`said`: what that length is) with every question of the version sent back at its level there (`fit_learned`
    sets a raised level back that far), or at the level asked (`as_asked`: under the expert's length, where
    `fit_slots` would shorten or drop one of them to make room): one past it is not added, and the expert reads
    which and why under "Not done" (twelve "add a system design question" on six hard coding questions ran to 242
    minutes and dropped four of them). Only when the slots are the version's questions, each with its `question`: an
    added one has none."""
    if not any(isinstance(s.get("question"), int) for s in request.slots):
        return
    added = [at for at, s in enumerate(request.slots) if s.get("requested") and not isinstance(s.get("question"), int)]
    if not added:
        return
    base, adding = request.slots if as_asked else _sent_back_levels(request.slots, previous), set(added)
    total = sum(capabilities.minutes_for(s["difficulty"]) for at, s in enumerate(base) if at not in adding)
    left_out = []
    for at in added:
        minutes = capabilities.minutes_for(base[at]["difficulty"])
        if capabilities.with_transition_buffer(total + minutes) <= most:
            total += minutes
        else:
            left_out.append(at)
    if left_out:
        send_back.not_added(request, [request.slots[at] for at in left_out], asked=len(added),
                            why=f"the interview would run past {said}")
        gone = set(left_out)
        request.slots = [s for at, s in enumerate(request.slots) if at not in gone]


def _sent_back_levels(slots: list[dict], previous: list[dict]) -> list[dict]:
    """`slots` at the levels their questions had in the version sent back: what `fit_learned` sets a raised level
    back to when the harder questions would run too long. A slot the comment added or named ("make Q2 harder",
    "replace Q3 with …") keeps its own level: going back would undo what the expert asked (`fit_slots` makes it give
    way last)."""
    return [{**s, "difficulty": str(previous[s["question"]].get("difficulty") or "medium")}
            if isinstance(s.get("question"), int) and 0 <= s["question"] < len(previous) and not _named(s) else s
            for s in slots]


def learned_moves(configured: list[dict[str, str]], fitted: list[dict[str, str]]) -> list[dict[str, str]]:
    """What the learned difficulty preference changed in a new plan, slot by slot ({category, from, to}): what the
    rationale tells the expert, so "following the configured mix" never hides a level they did not configure."""
    if len(configured) != len(fitted):
        return []
    return [{"category": c["category"], "from": c["difficulty"], "to": f["difficulty"]}
            for c, f in zip(configured, fitted, strict=True) if c["difficulty"] != f["difficulty"]]


def learned_note(shift: int, moves: list[dict[str, str]], *, undone: int = 0) -> str:
    """The rationale's plain account of a learned difficulty preference on a new plan: which questions it moved,
    from which level to which, and how many it left at the configured level to fit the length the expert set."""
    if not shift:
        return ""
    taught = f"your earlier \"{'too easy' if shift > 0 else 'too hard'}\" decisions on this position"
    if moves:
        said = ", ".join(f"{capabilities.category_name(m['category'])} {m['from']} \u2192 {m['to']}" for m in moves)
        note = (f"Learned preference: {taught} made {len(moves)} question{'s' if len(moves) != 1 else ''} "
                f"{'harder' if shift > 0 else 'easier'} than the mix you configured ({said}); no question of the mix "
                "was dropped for it.")
    else:
        note = f"Learned preference: {taught} changed no question's level."
    if undone:
        note += (f" {undone} question{'s' if undone != 1 else ''} kept at the level you configured so the plan fits "
                 "the length you set.")
    return note


def plan_inputs(plan: InterviewPlan, *, feedback: dict | None = None,
                sent_back_questions: list[dict] | None = None) -> dict[str, Any]:
    prefs = learned_preferences(expert=plan.expert, position=plan.position)
    learned = prefs["difficulty_shift"]
    shift = max(-2, min(2, learned + (FEEDBACK_SHIFT.get(feedback["reason"], 0) if feedback else 0)))
    slots = slots_for(plan.config, shift=shift)
    previous = (sent_back_questions if sent_back_questions is not None
                else plan.current_version.questions if plan.current_version else [])
    request = (_apply_send_back(plan, slots, feedback, shift, previous) if feedback
               else send_back.SendBack(slots=slots))
    minutes = drafting_minutes(plan, learned_shift=learned)
    learned_said: dict[str, Any] = {}
    moved = None
    longest = None
    if feedback and plan.duration_fixed:
        # questions the comment adds never take the plan past the length the expert set, nor cost a question of the
        # version sent back (twelve added to a 200-minute plan dropped the expert's own): the ones that do not fit are
        # not added, and said so
        _add_within(request, previous, minutes, f"{minutes} minutes, the length you set", as_asked=True)
        slots, fitted = fit_slots(request.slots, duration=minutes)
        # which questions moved, once fitted (the per-question note, not "difficulty shifted" for the whole plan)
        moved = _moved_by_shift(replace(request, slots=slots), previous) if previous else None
    elif feedback:
        # the length follows the questions: a send-back that makes them harder keeps every one and the interview
        # grows with them ("Too easy" on coding/medium + behavioural/easy dropped the behavioural question, and a
        # one-question plan could not get harder at all), up to the longest interview the expert could set (or the
        # configured mix's own time, when that is longer); past it the raised levels go back before any question
        # gives way, as a learned level does under the expert's length
        most = max(LENGTH_RANGE[1], minutes)
        said = f"{most} minutes, " + ("the longest an interview can be" if most == LENGTH_RANGE[1] else
                                      "the time the configured mix fills")
        # questions the comment adds never take it past that either: the ones that do not fit are not added
        _add_within(request, previous, most, said)
        slots, fitted = fit_learned(request.slots, _sent_back_levels(request.slots, previous), duration=most)
        longest = {"minutes": most, "kept": fitted.pop("learned_undone"), "said": said}
        minutes = slots_minutes(slots) if slots else minutes  # no slots: a plan written without a question mix
        # which questions moved, once fitted: one made harder and then shorter again to fit moved nowhere, and the
        # rationale said it was made harder
        moved = _moved_by_shift(replace(request, slots=slots), previous) if previous else None
    else:
        # a version written from the configured mix: the learned level gives way before any question does, and the
        # expert reads what it changed
        configured = slots_for(plan.config)
        slots, fitted = fit_learned(request.slots, configured, duration=minutes)
        if learned:
            learned_said = {"shift": learned, "moves": learned_moves(configured, slots),
                            "undone": fitted.pop("learned_undone")}
        fitted.pop("learned_undone", None)
        # no slots (a plan written without a question mix): its length stays, never 0 minutes
        minutes = minutes if plan.duration_fixed or not slots else slots_minutes(slots)
    slots, keep = _kept_questions(_on_own_skill(slots, previous), previous)
    # a topic the expert asked for, named as they wrote it ("a Go question", not "a GO question") whoever writes it
    # and the kind of skill it is ("kafka": data), so a question written for it is one on that skill
    slots = [{**s, "topic_name": send_back.topic_name(s["topic"]), **_topic_kind(s["topic"])} if s.get("topic") else s
             for s in slots]
    avoid = list(prefs["avoid"])
    # the questions the expert's comment named, or all (written afresh) are not written again; nor, whatever the
    # reason, one whose level changes (the reason's "too easy" / "too hard", a shift of the whole plan): it is written
    # afresh at its new level, never its text relabelled
    if feedback and previous:
        named = set(range(len(previous))) - {s["question"] for s in request.slots if s.get("unchanged")}
        if not (request.shown or feedback["reason"] in FRESH_REASONS):
            named = set()
        named |= {s["question"] for s in request.slots if isinstance(s.get("question"), int)
                  and s["question"] < len(previous) and str(previous[s["question"]].get("difficulty") or "medium")
                  != s["difficulty"]}
        avoid += [q["prompt"] for i, q in enumerate(previous) if i in named]
        # and a question written afresh neither brings back a prompt an earlier version of the plan had (a second
        # "Please rewrite Q4" brought back the first version's Q4 word for word) nor repeats one the plan keeps (a
        # rewrite of Q5 came back nearly a copy of Q4): every prompt of the plan's versions is avoided (the questions
        # kept are put back at their places whoever writes the version, `_keep_questions`)
        avoid += [p for p in dict.fromkeys(_plan_prompts(plan) + [str(q.get("prompt") or "") for q in previous])
                  if p and p not in avoid]
    position = plan.position
    required = _skills(position.required_skills)
    return {"role": position.role, "duration_minutes": minutes, "slots": slots,
            "expert_request": {"done": request.done, "not_done": request.not_done,
                               **(_skills_left_out(request.slots, previous, required, uncovered=bool(
                                   request.done) and feedback["reason"] != DecisionReason.MISSING_SKILL)
                                  if feedback else {})},
            "position": {"title": position.title, "department": position.department,
                         "job_description": position.job_description[:4000]},
            "required_skills": required,
            "nice_to_have_skills": _skills(position.nice_to_have_skills),
            "candidate_skills": candidate_skills(plan), "bank": bank_for(position, slots), "avoid": avoid,
            "prefer_categories": prefs["prefer_categories"], "prefer_skills": prefs["prefer_skills"],
            "difficulty_shift": shift, **({"level_moves": moved} if moved is not None else {}),
            **({"learned_shift": learned_said} if learned_said else {}),
            **({"longest": longest} if longest and longest["kept"] else {}),
            "fitted_to_duration": fitted, "expert_feedback": feedback or {},
            # the questions the expert removed from earlier versions (the ones this comment names are said by its
            # note): `avoid` holds these and those, and a removed bank question twice (by prompt and by id)
            "removed_before": prefs["removed"],
            **({"keep": keep} if keep else {})}


def _plan_prompts(plan: InterviewPlan, *, versions: int = 20) -> list[str]:
    """The prompts of the plan's latest `versions` versions, the latest first."""
    return [str(q.get("prompt") or "") for questions in plan.versions.order_by("-number").values_list(
        "questions", flat=True)[:versions] for q in questions or [] if isinstance(q, dict)]


def _moved_by_shift(request: send_back.SendBack, previous: list[dict]) -> dict[str, Any] | None:
    """Which questions of the version sent back a shift of level moved, the comment not naming them (the reason's
    "too easy" / "too hard"; the ones the comment made harder or easier by name its note says): {"every": all of the
    ones carried over moved, "harder": [their labels], "easier": [...]}, so the rationale does not say the whole plan
    shifted when "Q2 is too easy" moved Q2 only, or when "Keep Q3" left Q3 be. None: the slots are not that version's
    questions (a new mix, shifted as a whole)."""
    if not any(isinstance(s.get("question"), int) for s in request.slots):
        return None
    carried = [s for s in request.slots if isinstance(s.get("question"), int) and s["question"] < len(previous)
               and not s.get("requested") and not s.get("level")]
    moves: dict[str, list[str]] = {"harder": [], "easier": []}
    for slot in carried:
        question = previous[slot["question"]]
        was = str(question.get("difficulty") or "medium")
        if slot["difficulty"] != was and {was, slot["difficulty"]} <= set(DIFFICULTIES):
            label = send_back.question_label(str(question.get("category") or ""), str(question.get("skill") or ""),
                                             slot["question"] + 1, request.skill_words)
            moves["harder" if DIFFICULTIES.index(slot["difficulty"]) > DIFFICULTIES.index(was) else "easier"].append(
                label)
    return {"every": bool(carried) and len(moves["harder"] + moves["easier"]) == len(carried), **moves}


def _topic_kind(topic: str) -> dict[str, str]:
    """{"topic_kind": the taxonomy category of the skill a topic names} ("kafka": "data"); {} for no skill."""
    found = skill_named(topic)
    return {"topic_kind": found.category} if found is not None and found.category else {}


def bank_gaps(inputs: dict[str, Any], questions: list[dict]) -> list[str]:
    """What the expert reads when the question bank had no question on a topic they asked for at the slot's category
    and difficulty, so the question in its place was written for the plan (whichever provider wrote it): "the question
    bank has no medium Apache Kafka (system design) question (it has a hard one): question 3 was written for this
    plan"."""
    from planning.selectors import bank_origins

    slots = inputs["slots"]
    if len(questions) != len(slots):
        return []
    origins = bank_origins(questions)
    gaps = []
    for at, slot in enumerate(slots):
        topic = slot.get("topic")
        if not topic or not slot.get("requested") or slot.get("level") or (origins[at] or {}).get("kind") == "bank":
            continue
        on_topic = [q for q in inputs["bank"] if q["category"] == slot["category"] and topic in (q.get("tags") or [])]
        if any(q["difficulty"] == slot["difficulty"] for q in on_topic):
            continue  # the bank had one; the provider chose to write another
        others = sorted({q["difficulty"] for q in on_topic}, key=lambda d: _rank(DIFFICULTIES, d))
        gaps.append(f"the question bank has no {slot['difficulty']} {slot.get('topic_name') or topic} "
                    f"({capabilities.category_name(slot['category']).lower()}) question"
                    + (f" (it has {' and '.join(with_article(d) for d in others)} one)" if others else "")
                    + f": question {at + 1} was written for this plan")
    return gaps


def _skills_left_out(slots: list[dict], previous: list[dict], required: list[dict], *,
                     uncovered: bool = True) -> dict[str, list[str]]:
    """The required skills the expert chose to go without, by what they did to the version they sent back: the
    questions on them they dropped (`dropped_skills`) or had replaced (`replaced_skills`), and (`uncovered`: a comment
    that asked for changes, with a reason other than a missing skill) those that version had no question on and the
    comment did not ask for (`uncovered_skills`). Neither the revision after the critique nor the critique's severity
    brings them back against the expert's edit."""
    from interviewmaster.ai.offline.planning import _covers

    at = {s["question"] for s in slots if isinstance(s.get("question"), int)}
    dropped = [q for i, q in enumerate(previous) if i not in at]
    replaced = {str(s["instead_of"]) for s in slots if s.get("instead_of")}
    out: dict[str, list[str]] = {"dropped_skills": [], "replaced_skills": [], "uncovered_skills": []}
    for skill in required:
        if not any(_covers(q, skill) for q in previous):
            out["uncovered_skills"] += [skill["id"]] if uncovered else []
        elif skill["id"] in replaced:
            out["replaced_skills"].append(skill["id"])
        elif any(_covers(q, skill) for q in dropped):
            out["dropped_skills"].append(skill["id"])
    return {key: ids for key, ids in out.items() if ids}


def _on_own_skill(slots: list[dict], previous: list[dict]) -> list[dict]:
    """A question of the version sent back whose level moves though the comment did not name it (the reason's "too
    easy" / "too hard", or fitting the duration) is written afresh on its own skill: its slot carries that skill as
    its topic. Without it the new question went to whichever skill the planner had left ("merge intervals" in Python
    became a generic Django question, the expert's PostgreSQL story a Django one)."""
    out = []
    for slot in slots:
        index = slot.get("question")
        if slot.get("unchanged") and not slot.get("topic") and isinstance(index, int) and index < len(previous):
            question = previous[index]
            if str(question.get("difficulty") or "medium") != slot["difficulty"] and question.get("skill"):
                slot = {**slot, "topic": str(question["skill"])}
        if (isinstance(index, int) and index < len(previous) and not slot.get("requested")
                and not slot.get("instead_of") and _rank(
                DIFFICULTIES, slot["difficulty"]) > _rank(DIFFICULTIES, str(previous[index].get("difficulty") or ""))):
            # made harder: where the bank has no question on its topic at the new level, the same question is asked
            # with concrete extra requirements rather than a vague one ("merge intervals" became "write and explain
            # a small function you would ship")
            question = previous[index]
            slot = {**slot, "harder_of": {"prompt": str(question.get("prompt") or "")[:2000],
                                          "skill": str(question.get("skill") or "")[:100],
                                          "expected_points": [p for p in question.get("expected_points") or []
                                                              if isinstance(p, str)][:10]}}
        out.append(slot)
    return out


def _kept_questions(slots: list[dict], previous: list[dict]) -> tuple[list[dict], list[dict]]:
    """The slots without the reader's bookkeeping, and the questions of the version sent back that the next version
    keeps as they were ({slot, question}): those the expert's comment left alone when it named others ("Q3 is
    off-topic" keeps Q1, Q2, Q4 …), unless fitting the duration made them shorter."""
    clean, keep = [], []
    for at, slot in enumerate(slots):
        slot = dict(slot)
        index, unchanged = slot.pop("question", None), slot.pop("unchanged", False)
        slot.pop("named", None)
        if unchanged and isinstance(index, int) and index < len(previous) and (
                previous[index].get("difficulty") == slot["difficulty"]):
            keep.append({"slot": at, "question": previous[index]})
        clean.append(slot)
    return clean, keep


def _same_text_same_level(questions: list[dict], previous: list[dict], inputs: dict | None = None) -> list[dict]:
    """Old text is never shown under another level, whichever provider wrote the next version. A question whose text
    is one of the version sent back at another difficulty (a model that ignored `avoid`) is replaced by the offline
    engine's question for that place, written at the slot's level (so the fit to the duration and the rationale's
    shift stay true); when there is none, it carries the old question's difficulty."""
    levels = {str(q.get("prompt") or ""): q.get("difficulty") for q in previous if q.get("difficulty")}

    def relabelled(q: dict) -> bool:
        return levels.get(q.get("prompt")) not in (None, q.get("difficulty"))

    stale = [at for at, q in enumerate(questions) if relabelled(q)]
    if not stale:
        return questions
    fresh: list[dict] = []
    if inputs is not None:
        try:
            fresh = _clean_questions(OFFLINE_ENGINE["build_plan"](inputs), inputs)
        except InvalidPlanQuestions:
            fresh = []
    questions = list(questions)
    for at in stale:
        if len(fresh) == len(questions) and not relabelled(fresh[at]):
            questions[at] = fresh[at]
        else:
            questions[at] = {**questions[at], "difficulty": levels[questions[at]["prompt"]]}
    return questions


def _keep_questions(questions: list[dict], inputs: dict) -> list[dict]:
    """Whichever provider wrote the version, the questions the expert left alone stay as they saw them."""
    if len(questions) != len(inputs["slots"]):
        return questions
    questions = list(questions)
    for kept in inputs.get("keep") or []:
        questions[kept["slot"]] = kept["question"]
    return questions


def nothing_changed(reason: str, previous: list[dict], questions: list[dict], *, fitted: dict[str, int],
                    fixed: bool, longest: dict[str, Any] | None = None) -> str:
    """Why a version written for the expert's "Request changes" is the version they sent back, question for question
    (text, category, level), or "" when it is not. A second "Too easy" on a plan already at the hardest level gave
    an identical version with nothing said, so the expert could not tell whether the agents had run at all."""
    def same(q: dict) -> tuple:
        return str(q.get("prompt") or ""), q.get("category"), q.get("difficulty")

    identical = bool(previous) and [same(q) for q in previous] == [same(q) for q in questions]
    # "too easy" / "too hard" that moved no question's level (written afresh at the same level, at most)
    unmoved = (reason in (DecisionReason.TOO_EASY, DecisionReason.TOO_HARD) and bool(previous)
               and [q.get("difficulty") for q in previous] == [q.get("difficulty") for q in questions])
    if not (identical or unmoved):
        return ""
    categories = capabilities.get_capabilities().categories
    edge = {DecisionReason.TOO_EASY: ("harder", "hardest", -1), DecisionReason.TOO_HARD: ("easier", "easiest", 0)}
    if reason in edge:
        word, extreme, at = edge[reason]

        def at_edge(q: dict) -> bool:
            allowed = [d for d in DIFFICULTIES if q.get("category") not in categories
                       or d in categories[q["category"]].allowed_difficulties]
            return bool(allowed) and q.get("difficulty") == allowed[at]

        if all(at_edge(q) for q in previous):
            return f"every question is already at the {extreme} level its category allows"
        if longest and longest.get("kept"):  # the length follows the questions, up to the longest interview
            return f"{word} questions would run past {longest['said']}"
        if fitted.get("shortened") or fitted.get("dropped"):
            length = "the length you set" if fixed else "the time the configured mix fills"
            return f"{word} questions would not fit {length}"
        return f"no question could be made {word}"
    return "nothing your request asked could be changed"


# --- controller and critique --------------------------------------------------------------------------------------

def _clean_questions(data: dict, inputs: dict) -> list[dict]:
    bank_ids = {q["id"] for q in inputs["bank"]}
    questions = [dict(q) for q in data.get("questions") or [] if isinstance(q, dict)]
    for q in questions:
        if q.get("question_id") not in bank_ids:
            q["question_id"] = None  # a provider may not invent bank ids
    return normalise_questions(questions)


def plan_owners(plan: InterviewPlan) -> list[int | None]:
    """Whose cached AI replies a plan's drafts and critiques are (interviewmaster/ai/personal_data.py): the expert's
    work, about the candidate (linked account, the resume it reads)."""
    return [plan.expert_id, plan.candidate_id, plan.resume.owner_id if plan.resume_id else None]


def run_controller(plan: InterviewPlan, *, trigger: str = "", revise: dict | None = None,
                   answering=None) -> tuple[PlanVersion, dict[str, list[str]] | None]:
    """Write the next version. `answering`: the expert's request for changes a revision after the critique still
    answers (its slots and what it asked stay those of the version it revises). Returns the version and what became
    of the expert's comment in it ({done, not_done}; None: it answers no comment), which its critique is told."""
    from planning.services import add_version

    decision = answering or (_sent_back(plan) if trigger == "feedback" else None)
    feedback = {"reason": decision.reason, "comment": decision.comment} if decision else None
    inputs = plan_inputs(plan, feedback=feedback,
                         sent_back_questions=decision.version.questions if decision and decision.version else None)
    if revise:
        inputs["revise"] = revise
    result = complete_json("build_plan", inputs, PLAN_SCHEMA, owners=plan_owners(plan))
    data, provider, model = result.data, result.provider, result.model
    try:
        questions = _clean_questions(data, inputs)
    except InvalidPlanQuestions as exc:  # a hostile or confused provider: fall back to the offline engine
        logger.warning("plan %s: %s answered unusable questions (%s); using the offline engine", plan.id, provider,
                       exc.message)
        data, provider, model = OFFLINE_ENGINE["build_plan"](inputs), "offline", "offline-v1"
        questions = _clean_questions(data, inputs)
    # whichever provider wrote it, a revision after the critique too: the expert's edit wins over the critique's
    questions = _keep_questions(questions, inputs)
    questions = _same_text_same_level(questions, decision.version.questions if decision and decision.version else [],
                                      inputs)
    rationale = str(data.get("rationale", ""))[:3000]
    note = send_back.SendBack(slots=[], done=inputs["expert_request"]["done"],
                              not_done=inputs["expert_request"]["not_done"]).note()
    if note:  # whichever provider wrote it, the expert reads what became of their comment
        rationale = f"{rationale} {note}".strip()
    sent_back_version = decision.version if decision and decision.version else None
    unchanged = (nothing_changed(decision.reason, sent_back_version.questions, questions,
                                 fitted=inputs["fitted_to_duration"], fixed=plan.duration_fixed,
                                 longest=inputs.get("longest"))
                 if sent_back_version else "")
    identical = bool(unchanged) and [q.get("prompt") for q in questions] == [
        q.get("prompt") for q in sent_back_version.questions]
    if unchanged:  # whichever provider wrote it: the expert is not left to find out the versions are the same
        said = (f"Nothing changed: this version is the same as version {sent_back_version.number} you sent back"
                if identical else f"No question's level changed from version {sent_back_version.number} you sent "
                "back")
        rationale = (f"{rationale} {said}, because {unchanged}. Edit the questions yourself, or send it back with a "
                     "comment that says what to change.").strip()
    if (longest := inputs.get("longest")) and not unchanged:  # whichever provider wrote it: a level raised and back
        kept = longest["kept"]
        sent = f"version {sent_back_version.number}" if sent_back_version else "the version"
        rationale = (f"{rationale} {kept} question{'s' if kept != 1 else ''} kept at the level of {sent} you sent "
                     f"back so the interview stays within {longest['said']}.").strip()
    if learned := inputs.get("learned_shift"):  # whichever provider wrote it: what the learned preference changed
        rationale = f"{rationale} {learned_note(learned['shift'], learned['moves'], undone=learned['undone'])}".strip()
    if gaps := bank_gaps(inputs, questions):  # and that the bank had no question on a topic they asked for
        said = "; ".join(gaps)
        rationale = f"{rationale} {said[:1].upper()}{said[1:]}.".strip()
    with transaction.atomic():
        version = add_version(plan=plan, questions=questions, created_by=VersionAuthor.CONTROLLER,
                              rationale=rationale[:4000],
                              confidence=float(data.get("confidence") or 0.6), provider=provider, model_name=model,
                              revision_of=plan.current_version)
        slots = [{k: v for k, v in s.items() if k != "harder_of"} for s in inputs["slots"]]  # the engine's hint only
        PlanVersion.objects.filter(pk=version.pk).update(trigger=trigger, slots=slots)
        version.trigger, version.slots = trigger, slots
        observer.record_step(plan, "controller.drafted", agent="controller",
                             data={"version": version.number, "questions": len(questions), "provider": provider,
                                   "trigger": trigger, "latency_ms": result.latency_ms,
                                   "difficulty_shift": inputs["difficulty_shift"], "avoided": len(inputs["avoid"]),
                                   "fitted_to_duration": inputs["fitted_to_duration"]})
        if unchanged:  # the audit trail says so too
            observer.record_step(plan, "controller.nothing_changed", agent="controller",
                                 data={"version": version.number, "sent_back": sent_back_version.number,
                                       "reason": decision.reason, "why": unchanged, "identical": identical})
    return version, (inputs["expert_request"] if decision and decision.comment else None)


def critique_inputs(plan: InterviewPlan, version: PlanVersion, *,
                    expert_request: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """`expert_request`: what the controller made of the expert's comment when it wrote `version` (run_controller's
    second value); without it (an edited version, a critique retried on its own) the comment is read again."""
    inputs = {"plan": {"questions": version.questions, "rationale": version.rationale},
              "role": plan.position.role, "duration_minutes": plan.duration_minutes,
              "slots": version.slots or slots_for(plan.config),
              "required_skills": _skills(plan.position.required_skills)}
    if request := expert_request or _expert_request(plan, version):
        inputs["expert_request"] = request
    return inputs


def _expert_request(plan: InterviewPlan, version: PlanVersion) -> dict[str, list[str]] | None:
    """What became of the expert's "Request changes" comment in `version` (a version written for it, or the
    revision of one after the critique): {done, not_done}, read again as the controller read it, so the critique can
    say what the expert asked for and did not get."""
    answering = version
    if version.trigger == "critique" and version.revision_of_id:
        answering = PlanVersion.objects.filter(pk=version.revision_of_id).first() or version
    if answering.trigger != "feedback":
        return None
    decision = _sent_back(plan, answered_by=answering)
    if decision is None or not decision.comment:
        return None
    return plan_inputs(plan, feedback={"reason": decision.reason, "comment": decision.comment},
                       sent_back_questions=decision.version.questions if decision.version else None)["expert_request"]


def run_critique(plan: InterviewPlan, version: PlanVersion, *,
                 expert_request: dict[str, list[str]] | None = None) -> Critique:
    inputs = critique_inputs(plan, version, expert_request=expert_request)
    result = complete_json("critique_plan", inputs, CRITIQUE_SCHEMA, owners=plan_owners(plan))
    data = result.data
    count = len(version.questions)
    issues = [{"severity": i["severity"], "kind": i["kind"], "message": str(i["message"])[:500],
               "question_index": i.get("question_index") if isinstance(i.get("question_index"), int)
               and 0 <= i["question_index"] < count else None, "skills": [
                   s for s in i.get("skills") or [] if isinstance(s, str)][:5]}
              for i in data["issues"]]
    issues = _experts_choice(issues, inputs.get("expert_request") or {}, inputs["required_skills"])
    critique = Critique.objects.create(plan=plan, version=version, verdict=data["verdict"], issues=issues,
                                       suggestions=[str(s)[:500] for s in data["suggestions"]],
                                       confidence=float(data.get("confidence") or 0.6), provider=result.provider,
                                       model_name=result.model)
    observer.record_step(plan, "critique.reviewed", agent="critique",
                         data={"version": version.number, "verdict": critique.verdict, "issues": len(issues),
                               "blockers": sum(i["severity"] == "blocker" for i in issues),
                               "notes": sum(i["severity"] == "info" for i in issues)})
    return critique


LEFT_OUT = {"dropped_skills": "{name} is no longer covered: you dropped its question.",
            "replaced_skills": "{name} is no longer covered: you asked to replace its question. Add one back if you "
                               "still want it assessed.",
            "uncovered_skills": "{name} is not covered: the version you sent back had no question on it either, and "
                                "your comment did not ask for one."}


def _experts_choice(issues: list[dict], request: dict, required: list[dict]) -> list[dict]:
    """Whichever provider critiqued it, a required skill the expert's send-back left out (`_skills_left_out`) is not
    a blocker to revise against (the revision would undo the expert's edit) nor to approve against: a warning that
    says plainly why it is missing (another warning that says why stands, unless the expert dropped the question)."""
    said = {skill["id"]: (key, skill, message.format(name=skill["name"])) for key, message in LEFT_OUT.items()
            for skill in required if skill["id"] in (request.get(key) or [])}
    from interviewmaster.ai.offline.text import words

    out = []
    for issue in issues:
        named = f" {' '.join(words(issue['message'].lower()))} "  # a model's issue may name the skill only in words
        about = [] if issue["kind"] != "missing_skill" else [s for s in issue.get("skills") or [] if s in said] or [
            s for s, (_, skill, _) in said.items() if f" {' '.join(words(skill['name'].lower()))} " in named]
        if any(s not in said for s in issue.get("skills") or []):
            about = []  # it is about another skill too: that one's blocker stands
        if about and (issue["severity"] == "blocker" or any(said[s][0] == "dropped_skills" for s in about)):
            issue = {**issue, "severity": "info" if issue["severity"] == "info" else "warning",
                     "message": " ".join(said[s][2] for s in about)[:500], "skills": about,
                     "expert_choice": True}  # the expert's own doing: no point to approve over (critique_points)
        out.append(issue)
    return out


# --- the pipeline -------------------------------------------------------------------------------------------------

def _step_changes_requested(plan: InterviewPlan) -> None:
    from planning.services import transition

    transition(plan, PlanState.DRAFT, agent="controller", reason="Writing a new version after the expert's feedback")
    _, request = run_controller(plan, trigger="feedback")
    _critique_and_mark(plan, expert_request=request)


def _critique_and_mark(plan: InterviewPlan, *, expert_request: dict[str, list[str]] | None = None) -> None:
    from planning.services import bump, transition

    bump(plan, agent_status=AgentStatus.CRITIQUING)
    critique = run_critique(plan, plan.current_version, expert_request=expert_request)
    transition(plan, PlanState.CRITIQUED, agent="critique", reason=f"verdict {critique.verdict}")


def _step_draft(plan: InterviewPlan) -> None:
    """Draft (unless the current version still waits for its critique), then critique. A plan the expert sent back is
    in draft before its new version is written: when that draft failed or its worker died, the retry or redelivery
    comes here, and the expert's request (newer than the current version) still shapes the draft."""
    version, request = plan.current_version, None
    if version is None or version.critiques.exists():
        _, request = run_controller(plan, trigger="feedback" if _feedback(plan) else "")
    _critique_and_mark(plan, expert_request=request)


def _step_critiqued(plan: InterviewPlan) -> None:
    from planning.services import transition

    version = plan.current_version
    critique = version.critiques.order_by("-created_at", "-id").first()
    if critique and critique.has_high_severity and version.trigger != "critique":
        transition(plan, PlanState.DRAFT, agent="controller", reason="Revising once after a high-severity critique")
        _, request = run_controller(plan, trigger="critique", revise={"questions": version.questions,
                                                                      "issues": critique.issues},
                                    answering=_sent_back(plan, answered_by=version))
        _critique_and_mark(plan, expert_request=request)
        return
    transition(plan, PlanState.PENDING_REVIEW, agent="observer", reason="Ready for the expert")


STEPS = {PlanState.CHANGES_REQUESTED: _step_changes_requested, PlanState.DRAFT: _step_draft,
         PlanState.CRITIQUED: _step_critiqued}


def record_agent_failure(plan_id: int, exc: Exception) -> None:
    """Never leave a plan "drafting": the expert sees why the agents stopped and can retry."""
    logger.exception("planning agents failed on plan %s", plan_id)
    message = getattr(exc, "message", "") or "The agents stopped unexpectedly; retry from the plan page."
    plan = InterviewPlan.objects.filter(pk=plan_id).first()
    if plan is not None:
        InterviewPlan.objects.filter(pk=plan_id).update(agent_status=AgentStatus.FAILED, agent_error=message[:300],
                                                        agent_recoveries=0)
        observer.record_step(plan, "agent.failed", agent="observer",
                             data={"error": type(exc).__name__, "message": message[:300]})


def run_agents(*, plan_id: int) -> InterviewPlan | None:
    """The task's service: advance the plan, recording any failure on it."""
    try:
        return advance_plan(plan_id)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded for the expert, with its log line
        record_agent_failure(plan_id, exc)
        return None


def advance_plan(plan_id: int) -> InterviewPlan | None:
    """Run one step of the agents (at most two model calls, so each task stays inside its AI budget and Celery time
    limit) and chain the next step as its own task until the plan waits for the expert. Safe to deliver twice: each
    step is keyed by the plan's state."""
    from planning.services import bump
    from planning.tasks import run_agents

    plan = InterviewPlan.objects.select_related("position", "expert", "current_version").filter(pk=plan_id).first()
    if plan is None:
        return None
    step = STEPS.get(plan.state)
    if step is None:
        bump(plan, agent_status=AgentStatus.IDLE, agent_error="", agent_recoveries=0)
        return plan
    step(plan)
    if plan.state in STEPS:
        run_agents.delay(plan_id)  # the next step, as its own task (no transaction is open here)
    else:
        bump(plan, agent_status=AgentStatus.IDLE, agent_error="", agent_recoveries=0)
    return plan


def critique_edit(*, plan_id: int, version_id: int) -> Critique | None:
    """Review an expert's edited version without moving the plan."""
    try:
        return _critique_edit(plan_id, version_id)
    except Exception as exc:  # noqa: BLE001 - recorded for the expert, with its log line
        record_agent_failure(plan_id, exc)
        return None


def _critique_edit(plan_id: int, version_id: int) -> Critique | None:
    from planning.services import bump

    plan = InterviewPlan.objects.select_related("position").filter(pk=plan_id).first()
    version = PlanVersion.objects.filter(pk=version_id, plan_id=plan_id).first()
    if plan is None or version is None:
        return None
    critique = version.critiques.first() or run_critique(plan, version)
    if plan.current_version_id == version.id:
        bump(plan, agent_status=AgentStatus.IDLE, agent_error="", agent_recoveries=0)
    return critique
