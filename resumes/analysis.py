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
SENIORITY_LEVELS = ("junior", "mid", "senior", "staff")
ANALYSIS_SCHEMA = {
    "type": "object",
    "required": ["summary", "seniority", "suggested_roles", "strengths", "gaps"],
    "properties": {
        "summary": {"type": "string", "maxLength": 1200},
        "seniority": {"type": "object", "required": ["level", "reason"], "properties": {
            "level": {"enum": list(SENIORITY_LEVELS)}, "reason": {"type": "string", "maxLength": 400}}},
        "suggested_roles": {"type": "array", "maxItems": 8, "items": {
            "type": "object", "required": ["role", "score"], "properties": {
                "role": {"type": "string"}, "score": {"type": "number", "minimum": 0, "maximum": 1}}}},
        "strengths": {"type": "array", "maxItems": 12, "items": {"type": "string", "maxLength": 300}},
        "gaps": {"type": "array", "maxItems": 12, "items": {
            "type": "object", "required": ["area", "suggestions"], "properties": {
                "area": {"type": "string", "maxLength": 200},
                "suggestions": {"type": "array", "items": {"type": "string"}, "maxItems": 6}}}},
    },
}


@dataclass(frozen=True)
class SkillView:
    skill_id: str
    name: str
    category: str
    confidence: float
    confirmed: bool


@lru_cache(maxsize=1)
def role_profiles() -> dict[str, dict]:
    return json.loads(ROLE_PROFILES_PATH.read_text(encoding="utf-8"))["roles"]


def role_label(role: str) -> str:
    return role_profiles().get(role, {}).get("label", role.replace("_", " ").capitalize())


def _skill_names(ids: list[str]) -> list[str]:
    from resumes.skills import taxonomy

    skills = taxonomy().skills
    return [skills[i].name for i in ids if i in skills]


def role_fit(skills: list[SkillView], role: str) -> tuple[float, list[dict], list[dict]]:
    """(score 0..1, groups met with the skills that meet them, groups missing with suggestions) for one role."""
    have = {s.skill_id: s for s in skills}
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


def estimate_seniority(years: float | None, titles: list[str]) -> dict:
    years_value = years or 0.0
    level = ("junior" if years_value < 2 else "mid" if years_value < 5 else "senior" if years_value < 9 else "staff")
    latest = (titles[0] if titles else "").lower()
    reason = f"about {years_value:g} years of experience from the dates of your positions"
    if re.search(r"\b(principal|staff|distinguished|head of|director|vp|cto)\b", latest):
        level = "staff" if years_value >= 6 else max(level, "senior", key=SENIORITY_LEVELS.index)
        reason += f" and the title “{titles[0]}”"
    elif re.search(r"\b(senior|sr\.?|lead|architect)\b", latest):
        if years_value >= 3:
            level = "senior"  # the title says senior: years alone do not make it staff
        reason += f" and the title “{titles[0]}”"
    elif re.search(r"\b(junior|jr\.?|intern|graduate|trainee|apprentice)\b", latest):
        level = min(level, "mid", key=SENIORITY_LEVELS.index) if years_value >= 3 else "junior"
        reason += f" and the title “{titles[0]}”"
    if years is None:
        reason = "no dated positions found, so this is a guess from the skills alone"
    return {"level": level, "reason": reason[:400]}


def taxonomy_analysis(*, skills: list[SkillView], facts: dict, target_role: str = "") -> dict:
    """The offline analysis: deterministic, from the taxonomy and role profiles; same shape as the AI one."""
    years = facts.get("years_experience")
    if years is None:
        years = facts.get("years_claimed")
    titles = [p["title"] for p in facts.get("positions", []) if p.get("title")]
    seniority = estimate_seniority(years, titles)
    fits = sorted(((role_fit(skills, role)[0], role) for role in role_profiles()), reverse=True)
    suggested = [{"role": role, "label": role_label(role), "score": score} for score, role in fits if score >= 0.3][:3]
    ranked = sorted(skills, key=lambda s: (not s.confirmed, -s.confidence, s.name))
    top = [s for s in ranked if s.category != "soft_skills"][:6]
    strengths = [f"{s.name} ({'confirmed by you' if s.confirmed else f'confidence {s.confidence:.0%}'})" for s in top]
    role_for_gaps = target_role or (suggested[0]["role"] if suggested else "")
    gaps: list[dict] = []
    if role_for_gaps in role_profiles():
        _, met, missing = role_fit(skills, role_for_gaps)
        gaps = missing
        strengths += [f"Covers “{m['area']}” for {role_label(role_for_gaps)}: {', '.join(m['skills'][:3])}"
                      for m in met[:3]]
    latest = facts.get("positions", [{}])[0] if facts.get("positions") else {}
    parts = []
    headline = latest.get("title") or (suggested[0]["label"] if suggested else "Candidate")
    if years is not None:
        parts.append(f"{headline} with about {years:g} years of experience ({seniority['level']} level).")
    else:
        parts.append(f"{headline}; no dated positions were found ({seniority['level']} level is a guess).")
    if top:
        parts.append("Strongest in " + ", ".join(s.name for s in top[:4]) + ".")
    if latest.get("title") and latest.get("company"):
        parts.append(f"Most recently {latest['title']} at {latest['company']}.")
    if suggested:
        parts.append("Best matching target roles: " + ", ".join(r["label"] for r in suggested) + ".")
    return {
        "summary": " ".join(parts),
        "seniority": seniority,
        "suggested_roles": suggested,
        "strengths": strengths[:12],
        "gaps": gaps[:12],
        "target_role": role_for_gaps,
        "source": "taxonomy",
    }


AI_TASK = "analyze_resume"
_AI_TEXT_LIMIT = 20_000


def _enrich(result: dict, data: dict, provider: str) -> dict:
    enriched = dict(result)
    if isinstance(data.get("summary"), str) and data["summary"].strip():
        enriched["summary"] = data["summary"].strip()[:1200]
    level = data.get("seniority")
    if level in SENIORITY_LEVELS and level != result["seniority"]["level"]:
        enriched["seniority"] = {"level": level, "reason": f"the AI reading of your resume ({provider}); the dates "
                                 f"alone suggest {result['seniority']['level']}"}
    focus = [str(item)[:100] for item in data.get("suggested_focus", []) if str(item).strip()][:8]
    if focus:
        enriched["focus"] = focus
    enriched["source"] = f"ai:{provider}"
    return enriched


def analyse(*, skills: list[SkillView], facts: dict, target_role: str = "", text: str = "") -> dict:
    """Taxonomy analysis, enriched by a remote AI provider when one is configured and answers."""
    from interviewmaster import ai
    from interviewmaster.errors import DomainError

    result = taxonomy_analysis(skills=skills, facts=facts, target_role=target_role)
    if not text.strip():
        return result
    try:
        reply = ai.complete_json(AI_TASK, {"text": text[:_AI_TEXT_LIMIT], "target_role": target_role,
                                           "known_skills": [s.name for s in skills][:80]})
    except DomainError as exc:  # AIUnavailable and friends: the taxonomy analysis stands on its own
        logger.warning("resume analysis: AI layer unavailable (%s); taxonomy analysis only", exc.code)
        return result
    if reply.provider == "offline" or not isinstance(reply.data, dict):
        return result  # the offline engine's reading is cruder than the taxonomy analysis above
    return _enrich(result, reply.data, reply.provider)
