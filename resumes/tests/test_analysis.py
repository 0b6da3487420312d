"""The offline (taxonomy-based) analysis: seniority, suggested roles, strengths and gaps."""

from resumes.analysis import SkillView, estimate_seniority, role_profiles, taxonomy_analysis
from resumes.skills import taxonomy


def skills(*ids, confirmed=()):
    tax = taxonomy().skills
    return [SkillView(skill_id=i, name=tax[i].name, category=tax[i].category, confidence=0.7,
                      confirmed=i in confirmed) for i in ids]


def test_role_profiles_only_name_taxonomy_skills():
    known = set(taxonomy().skills)
    for role, profile in role_profiles().items():
        for group in profile["groups"]:
            assert set(group["any"]) <= known, role


def test_role_profiles_cover_the_platform_target_roles():
    assert set(role_profiles()) == {"backend_engineer", "frontend_engineer", "fullstack_engineer", "data_engineer",
                                    "ml_engineer", "devops_engineer", "mobile_engineer", "qa_engineer"}


def test_seniority_follows_years_and_titles():
    assert estimate_seniority(1.0, ["Developer"])["level"] == "junior"
    assert estimate_seniority(3.5, ["Engineer"])["level"] == "mid"
    assert estimate_seniority(4.0, ["Senior Engineer"])["level"] == "senior"
    assert estimate_seniority(10.0, ["Principal Engineer"])["level"] == "staff"
    assert estimate_seniority(6.0, ["Junior Developer"])["level"] == "mid"
    assert "guess" in estimate_seniority(None, [])["reason"]


def test_frontend_skills_suggest_frontend_and_show_gaps_for_a_chosen_backend_role():
    facts = {"years_experience": 4.0, "positions": [{"title": "Frontend Developer", "company": "Web"}]}
    view = skills("javascript", "typescript", "react", "css", "html", "redux", "jest", "webpack")
    result = taxonomy_analysis(skills=view, facts=facts, target_role="")
    assert result["suggested_roles"][0]["role"] == "frontend_engineer"
    assert result["seniority"]["level"] == "mid"
    assert "Frontend Developer with about 4 years" in result["summary"]
    backend = taxonomy_analysis(skills=view, facts=facts, target_role="backend_engineer")
    areas = {gap["area"] for gap in backend["gaps"]}
    assert {"A back-end framework", "A relational database"} <= areas
    assert backend["target_role"] == "backend_engineer"


def test_confirmed_skills_lead_the_strengths():
    view = skills("python", "go", "docker", confirmed=("go",))
    result = taxonomy_analysis(skills=view, facts={}, target_role="backend_engineer")
    assert result["strengths"][0].startswith("Go (confirmed by you)")
