"""Resume analysis: summary, seniority estimate, suggested target roles, strengths and gaps against a target role.

`taxonomy_analysis` is the offline version, computed from the taxonomy and the role profiles alone. `analyse` (called
by the `resumes.ai.analyse_resume` Celery task, never in a request) runs the "analyze_resume" task of the AI layer
(`interviewmaster.ai.complete_json`); when a remote provider answered, its summary, seniority and focus topics enrich
the taxonomy analysis. When only the offline provider answers, the taxonomy analysis is the result.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

logger = logging.getLogger(__name__)

ROLE_PROFILES_PATH = Path(__file__).resolve().parent / "data" / "role_profiles.json"


def seniority_levels() -> tuple[str, ...]:
    """Experience level ids in order, from the platform capabilities (entry, mid, senior, staff)."""
    from interviewmaster.capabilities import experience_levels

    return tuple(level.id for level in experience_levels())


def _level_floors() -> list[tuple[float, str]]:
    """(lowest years, level id) from the capabilities' "years" ranges ("0-2", "2-5", "5-10", "10+")."""
    from interviewmaster.capabilities import experience_levels

    floors = []
    for level in experience_levels():
        match = re.match(r"\s{0,3}(\d{1,2})", level.years)
        floors.append((float(match.group(1)) if match else 0.0, level.id))
    return sorted(floors)


@dataclass(frozen=True)
class SkillView:
    skill_id: str
    name: str
    category: str
    confidence: float
    confirmed: bool
    from_resume: bool = True   # found in the resume text (False: typed by the candidate only)

    @property
    def verified(self) -> bool:
        """A taxonomy skill; a typed name outside the taxonomy is the candidate's own and unverified."""
        return not self.skill_id.startswith("custom:")


@lru_cache(maxsize=1)
def role_profiles() -> dict[str, dict]:
    return json.loads(ROLE_PROFILES_PATH.read_text(encoding="utf-8"))["roles"]


def role_label(role: str) -> str:
    """The role's name as the capabilities spell it (the one label every page uses)."""
    from interviewmaster.capabilities import get_capabilities

    known = get_capabilities().roles.get(role)
    return known.name if known else role.replace("_", " ").capitalize()


def _skill_names(ids: list[str]) -> list[str]:
    from resumes.skills import taxonomy

    skills = taxonomy().skills
    return [skills[i].name for i in ids if i in skills]


def role_fit(skills: list[SkillView], role: str) -> tuple[float, list[dict], list[dict]]:
    """(score 0..1, groups met with the skills that meet them, groups missing with suggestions) for one role."""
    have = {s.skill_id: s for s in skills if s.verified}
    met, missing, total, earned = [], [], 0, 0.0
    for group in role_profiles()[role]["groups"]:
        weight = group.get("weight", 1)
        total += weight
        hits = [have[i] for i in group["any"] if i in have]
        if hits:
            best = max(h.confidence if not h.confirmed else 1.0 for h in hits)
            earned += weight * (0.6 + 0.4 * best)
            met.append({"area": group["label"], "skills": [h.name for h in hits]})
        else:
            missing.append({"area": group["label"], "suggestions": _skill_names(group["any"][:4])})
    return (round(earned / total, 2) if total else 0.0), met, missing


_TITLE_LEVELS = [  # (pattern on the latest title, rule) checked in order
    (re.compile(r"\b(principal|staff|distinguished|head of|director|vp|cto)\b", re.IGNORECASE), "staff"),
    (re.compile(r"\b(senior|sr\.?|lead|architect)\b", re.IGNORECASE), "senior"),
    (re.compile(r"\b(junior|jr\.?|intern|graduate|trainee|apprentice|student)\b", re.IGNORECASE), "entry"),
]


def _level_for_years(years: float) -> str:
    level = _level_floors()[0][1]
    for floor, level_id in _level_floors():
        if years >= floor:
            level = level_id
    return level


def _adjust_for_title(level: str, years: float, rule: str) -> str:
    order = seniority_levels()
    if rule == "staff":
        return "staff" if years >= 6 else max(level, "senior", key=order.index)
    if rule == "senior":
        return "senior" if years >= 3 else level  # the title says senior: years alone do not make it staff
    return min(level, "mid", key=order.index) if years >= 3 else order[0]


def estimate_seniority(years: float | None, titles: list[str]) -> dict:
    """A level id of the capabilities (entry, mid, senior, staff) and the reason, from years and the latest title."""
    years_value = years or 0.0
    level = _level_for_years(years_value)
    latest = titles[0] if titles else ""
    reason = f"about {years_value:g} years of experience from the dates of your positions"
    for pattern, rule in _TITLE_LEVELS:
        if latest and pattern.search(latest):
            level = _adjust_for_title(level, years_value, rule)
            reason += f" and the title “{latest}”"
            break
    if years is None:
        reason = "no dated positions found, so this is a guess from the skills alone"
    return {"level": level, "reason": reason[:400]}


def _strength_rank(skill: SkillView) -> tuple:
    """Evidence from the resume first; a skill only typed by the candidate after; never an unverified one."""
    return (not skill.from_resume, not skill.confirmed, -skill.confidence, skill.name)


def _ranked(skills: list[SkillView]) -> list[SkillView]:
    return sorted((s for s in skills if s.verified and s.category != "soft_skills"), key=_strength_rank)


def _strengths(skills: list[SkillView]) -> list[SkillView]:
    return _ranked(skills)[:6]


STRONGEST_NAMED = 4


def _strongest(skills: list[SkillView]) -> list[SkillView]:
    """The skills the evidence ranks above the others, at most STRONGEST_NAMED: a tie is broken by the name only, so
    skills tied with one left out are left out too, and none is named when every skill ties (a resume whose skills
    all read "confidence 42%" was "Strongest in" the first four in alphabetical order)."""
    ranked = _ranked(skills)
    if len(ranked) == 1:
        return ranked
    evidence = [_strength_rank(s)[:-1] for s in ranked]
    if len(set(evidence)) <= 1:
        return []
    named = ranked[:STRONGEST_NAMED]
    if len(ranked) > STRONGEST_NAMED:
        named = [s for s, e in zip(named, evidence, strict=False) if e < evidence[STRONGEST_NAMED]]
    return named


def _strength_text(skill: SkillView) -> str:
    if not skill.from_resume:
        return f"{skill.name} (added by you)"
    return f"{skill.name} ({'confirmed by you' if skill.confirmed else f'confidence {skill.confidence:.0%}'})"


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


def _when(value: str | None) -> str:
    """"2019-01" -> "January 2019", "2019" -> "2019"."""
    if not value:
        return ""
    year, _, month = value.partition("-")
    return f"{_MONTH_NAMES[int(month) - 1]} {year}" if month else year


def years_in_words(years: float) -> str:
    """"about 8.5 years", "less than a year": the one way the summary and the page round a span (8.7 read "about 8.5"
    in the summary and "About 8.7" beside it)."""
    if years < 1:
        return "less than a year"
    rounded = round(years * 2) / 2
    return f"about {rounded:g} year{'s' if rounded != 1 else ''}"


def _years_phrase(years: float) -> str:
    return f"{years_in_words(years)} of experience"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _latest_sentence(latest: dict) -> str:
    title, company = latest.get("title", ""), latest.get("company", "")
    if not (title or company):
        return ""
    role = f"as {title} " if title else ""
    at = f"at {company}" if company else ""
    if latest.get("current"):
        since = f" since {_when(latest.get('start'))}" if latest.get("start") else ""
        return f"Currently works {role}{at}{since}.".replace("  ", " ").replace(" .", ".")
    span = ""
    if latest.get("start") and latest.get("end"):
        span = f" from {_when(latest['start'])} to {_when(latest['end'])}"
    return f"Most recently worked {role}{at}{span}.".replace("  ", " ").replace(" .", ".")


def _summary(*, headline: str, years: float | None, claimed: bool, level: str, top: list[SkillView],
             latest: dict, matches: list[dict]) -> str:
    level_name = _level_name(level)
    sentences = []
    if years is not None:
        source = "by the resume's own account" if claimed else "from the dates of the positions"
        sentences.append(f"{headline} with {_years_phrase(years)} ({source}), at {level_name.lower()} level.")
    else:
        sentences.append(f"{headline}; the resume gives no dated positions, so the {level_name.lower()} level is a "
                         f"guess.")
    if top:
        sentences.append(f"Strongest in {_join([s.name for s in top])}.")
    if sentence := _latest_sentence(latest):
        sentences.append(sentence)
    if matches:
        sentences.append(f"Best match: {_join([r['label'] for r in matches])}.")
    return " ".join(sentences)


def _level_name(level: str) -> str:
    from interviewmaster.capabilities import get_capabilities

    known = get_capabilities().experience_levels.get(level)
    name = known.name if known else level
    return name[:-6] if name.lower().endswith(" level") else name


BEST_MATCH_MIN_FIT = 0.3  # a role fitting less is suggested only as the candidate's own target


def _suggested_roles(skills: list[SkillView], target_role: str) -> list[dict]:
    """The three best-fitting roles; the target role, when set, leads whatever its score."""
    fits = sorted(((role_fit(skills, role)[0], role) for role in role_profiles()), key=lambda f: (-f[0], f[1]))
    ranked = [{"role": role, "label": role_label(role), "score": score} for score, role in fits]
    chosen = [r for r in ranked if r["role"] == target_role]
    others = [r for r in ranked if r["role"] != target_role and r["score"] >= BEST_MATCH_MIN_FIT]
    return (chosen + others)[:3]


def taxonomy_analysis(*, skills: list[SkillView], facts: dict, target_role: str = "") -> dict:
    """The offline analysis: deterministic, from the taxonomy and role profiles; same shape as the AI one."""
    years, claimed = facts.get("years_experience"), False
    if years is None and facts.get("years_claimed") is not None:
        years, claimed = float(facts["years_claimed"]), True
    positions = facts.get("positions") or []
    titles = [p["title"] for p in positions if p.get("title")]
    seniority = estimate_seniority(years, titles)
    suggested = _suggested_roles(skills, target_role if target_role in role_profiles() else "")
    top = _strengths(skills)
    strengths = [_strength_text(s) for s in top]
    role_for_gaps = target_role if target_role in role_profiles() else (suggested[0]["role"] if suggested else "")
    gaps: list[dict] = []
    if role_for_gaps:
        _, met, gaps = role_fit(skills, role_for_gaps)
        strengths += [f"Covers “{m['area']}” for {role_label(role_for_gaps)}: {', '.join(m['skills'][:3])}"
                      for m in met[:3]]
    latest = positions[0] if positions else {}
    headline = latest.get("title") or (suggested[0]["label"] if suggested else "Candidate")
    headline = headline[:1].upper() + headline[1:]
    # "Best match" names the roles that fit, best first: the target role leads the suggestions whatever its fit, and
    # a summary saying "Best match: Backend Engineer" of a front-end resume at 7 % contradicted the list beside it.
    best = sorted((r for r in suggested if r["score"] >= BEST_MATCH_MIN_FIT), key=lambda r: -r["score"])
    summary = _summary(headline=headline, years=years, claimed=claimed, level=seniority["level"],
                       top=_strongest(skills), latest=latest, matches=best)
    return {
        "summary": summary,
        "seniority": seniority,
        "suggested_roles": suggested,
        "strengths": strengths[:12],
        "gaps": gaps[:12],
        "target_role": role_for_gaps,
        "source": "taxonomy",
    }


AI_TASK = "analyze_resume"
_AI_LEVELS = {"junior": "entry"}  # the AI task's word for the capabilities' entry level
_AI_TEXT_LIMIT = 20_000


def _enrich(result: dict, data: dict, provider: str) -> dict:
    enriched = dict(result)
    if isinstance(data.get("summary"), str) and data["summary"].strip():
        enriched["summary"] = data["summary"].strip()[:1200]
    level = _AI_LEVELS.get(data.get("seniority"), data.get("seniority"))
    if level in seniority_levels() and level != result["seniority"]["level"]:
        enriched["seniority"] = {"level": level, "reason": f"the AI reading of your resume ({provider}); the dates "
                                 f"alone suggest {result['seniority']['level']}"}
    focus = [str(item)[:100] for item in data.get("suggested_focus", []) if str(item).strip()][:8]
    if focus:
        enriched["focus"] = focus
    enriched["source"] = f"ai:{provider}"
    return enriched


def keep_reading(result: dict, previous: dict | None) -> dict:
    """`result` (a taxonomy analysis) with the AI reading of `previous` (summary, seniority, focus), when it had one:
    a refresh past the owner's analysis budget (`ResumeAnalysisThrottle`) keeps the last reading instead of a call."""
    previous = previous if isinstance(previous, dict) else {}
    if not str(previous.get("source", "")).startswith("ai:"):
        return result
    kept = dict(result)
    for key in ("summary", "focus", "source"):
        if key in previous:
            kept[key] = previous[key]
    level = (previous.get("seniority") or {}).get("level") if isinstance(previous.get("seniority"), dict) else None
    if level in seniority_levels() and level != result["seniority"]["level"]:
        kept["seniority"] = previous["seniority"]
    return kept


def analyse(*, skills: list[SkillView], facts: dict, target_role: str = "", text: str = "",
            owner_id: int | None = None, remote: bool = True) -> dict:
    """Taxonomy analysis, enriched by a remote AI provider when one is configured and answers (and `remote`).
    `owner_id`: the resume's owner, whose account deletion deletes the cached reply
    (interviewmaster/ai/personal_data.py)."""
    from interviewmaster import ai
    from interviewmaster.errors import DomainError

    result = taxonomy_analysis(skills=skills, facts=facts, target_role=target_role)
    if not remote:
        return result
    if not text.strip() or (facts.get("injection") or {}).get("flagged"):
        return result  # a resume that tries to instruct the AI gets the deterministic analysis only
    try:
        reply = ai.complete_json(AI_TASK, {"text": text[:_AI_TEXT_LIMIT], "target_role": target_role,
                                           "known_skills": [s.name for s in skills][:80]}, owners=[owner_id])
    except DomainError as exc:  # AIUnavailable and friends: the taxonomy analysis stands on its own
        logger.warning("resume analysis: AI layer unavailable (%s); taxonomy analysis only", exc.code)
        return result
    if reply.provider == "offline" or not isinstance(reply.data, dict):
        return result  # the offline engine's reading is cruder than the taxonomy analysis above
    return _enrich(result, reply.data, reply.provider)
