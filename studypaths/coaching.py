"""Company coaching: a prep brief for the company (or loop type) a track targets, from the candidate's resume,
progress and the company profile.

`prep_brief(path)` is the offline coach: deterministic, built from the profile (rounds, focus areas, style notes), the
candidate's weak topics (mastery and failures) and confirmed resume skills. An AI-written brief can replace it through
the AI layer once a `coach_brief` task exists there (docs/study-paths.md); this function's output is the input and
fallback such a task would use."""

from __future__ import annotations

from studypaths.models import StudyPath, TopicMastery

WEAK_BELOW = 0.6  # mastery under this is a topic to work on


def _readiness(profile, mastery: dict[str, tuple[float, int]]) -> list[dict]:
    rows = []
    for topic in profile.focus_areas:
        level, attempts = mastery.get(topic, (0.0, 0))
        state = "not started" if attempts == 0 else ("ready" if level >= WEAK_BELOW else "needs work")
        rows.append({"topic": topic, "mastery": round(level, 2), "attempts": attempts, "state": state})
    return rows


def _skills(user) -> list[str]:
    try:
        from resumes.selectors import confirmed_skills_for
    except ImportError:  # pragma: no cover
        return []
    return [s.name for s in confirmed_skills_for(user)][:8]


def prep_brief(path: StudyPath) -> dict | None:
    """The brief for `path`'s company profile, or None when its track targets no company."""
    profile = path.track.company
    if profile is None:
        return None
    mastery = {m.topic: (m.mastery, m.attempts)
               for m in TopicMastery.objects.filter(user_id=path.user_id, topic__in=profile.focus_areas)}
    readiness = _readiness(profile, mastery)
    weak = [r["topic"] for r in readiness if r["state"] != "ready"]
    weak.sort(key=lambda t: (mastery.get(t, (0.0, 0))[1] == 0, mastery.get(t, (0.0, 0))[0]))
    rounds = [{"name": r.get("name", ""), "minutes": r.get("minutes"),
               "practise": [t for t in r.get("focus", []) if t in weak] or r.get("focus", []),
               "behavioural": not r.get("focus")} for r in profile.rounds]
    skills = _skills(path.user)
    plan = [f"This week: two problems on {topic}, then one review of a solved one." for topic in weak[:3]]
    if any(r["behavioural"] for r in rounds):
        plan.append("Write three short STAR stories (situation, task, action, result) and say them out loud.")
    if skills:
        plan.append(f"Be ready to go deep on what your resume claims: {', '.join(skills[:4])}.")
    summary = (f"{profile.name}: {len(profile.rounds)} rounds. You are ready on "
               f"{sum(r['state'] == 'ready' for r in readiness)} of {len(readiness)} focus areas"
               + (f"; start with {weak[0]}." if weak else "; keep them fresh with reviews."))
    return {"company": profile.slug, "name": profile.name, "kind": profile.kind, "summary": summary,
            "rounds": rounds, "readiness": readiness, "focus_now": weak[:3], "style_notes": list(profile.style_notes),
            "plan": plan, "resume_skills": skills, "source": "offline"}
