"""The taxonomy is well-formed, aliases resolve, traps stay out, and extraction meets precision/recall targets."""

import json
from datetime import date

import pytest

from resumes.sections import labelled_lines
from resumes.services import parse_text
from resumes.skills import TAXONOMY_PATH, build_taxonomy, extract_skills, taxonomy
from resumes.tests.skill_cases import CASES

TODAY = date(2025, 6, 1)


def found_ids(text: str) -> set[str]:
    return {f.skill.id for f in parse_text(text, today=TODAY)["skills"]}


def test_taxonomy_has_500_skills_across_all_categories_with_unique_aliases():
    data = json.loads(TAXONOMY_PATH.read_text())
    tax = build_taxonomy(data)  # raises on duplicate ids or an alias claimed by two skills
    assert len(tax.skills) >= 500
    used = {s.category for s in tax.skills.values()}
    assert used == set(data["categories"])
    for category in ["languages", "frontend", "backend", "databases", "cloud", "devops", "tools", "methodologies",
                     "soft_skills"]:
        assert sum(1 for s in tax.skills.values() if s.category == category) >= 25


def test_taxonomy_rejects_an_alias_claimed_by_two_skills():
    data = {"version": 1, "categories": {"x": "X"}, "skills": [
        {"id": "a", "name": "Alpha", "category": "x", "aliases": ["al"]},
        {"id": "b", "name": "Beta", "category": "x", "aliases": ["AL"]}]}
    with pytest.raises(ValueError, match="already belongs to 'a'"):
        build_taxonomy(data)


@pytest.mark.parametrize(("written", "expected"), [
    ("k8s", "Kubernetes"), ("Postgres", "PostgreSQL"), ("c++", "C++"), ("C#", "C#"), (".NET", ".NET"),
    ("node.js", "Node.js"), ("NodeJS", "Node.js"), ("Scikit-Learn", "scikit-learn"), ("golang", "Go"),
    ("ci/cd", "CI/CD"), ("ReactJS", "React"), ("Vue", "Vue.js"), ("GCP", "Google Cloud Platform"),
])
def test_aliases_and_punctuation_variants_resolve_to_one_skill(written, expected):
    assert taxonomy().resolve(written).name == expected


@pytest.mark.parametrize(("text", "absent"), [
    ("I go to the office and excel at my job.", {"go", "excel"}),
    ("The rest of the team has a solid understanding of it.", {"rest-apis", "solid"}),
    ("We make it safe and keep the notion of less waste.", {"safe", "make", "notion", "less"}),
    ("Jane R. Smith wrote C-level reports.", {"r", "c"}),
])
def test_ordinary_words_are_not_taken_for_skills(text, absent):
    assert not (found_ids(text) & absent)


def test_ambiguous_names_count_in_a_skills_list():
    assert {"go", "r", "c", "excel", "less"} <= found_ids("Skills: Go, R, C, Excel, Less")


def test_longest_alias_wins_over_its_prefix():
    ids = found_ids("Skills: Spring Boot, ASP.NET Core, Objective-C")
    assert {"spring-boot", "aspnet-core", "objective-c"} <= ids
    assert not ({"spring", "aspnet", "c", "dotnet"} & ids)


def test_confidence_rewards_skills_section_plus_recent_experience_over_an_old_passing_mention():
    text = """SKILLS
Python, Django
EXPERIENCE
Backend Engineer, Acme | Jan 2023 - Present
Built Django services in Python; Python everywhere.
Developer, Old Co | 2010 - 2012
Some Perl scripts."""
    lines = labelled_lines(text)
    from resumes.facts import find_positions

    found = {f.skill.id: f for f in extract_skills(lines, find_positions(lines, today=TODAY), today=TODAY)}
    assert found["python"].confidence > found["perl"].confidence
    assert found["python"].sections == {"skills", "experience"}
    assert found["python"].mentions == 3 and found["python"].last_year == 2025
    assert found["perl"].last_year == 2012
    assert 0 < found["perl"].confidence < 0.5
    assert all(0 <= f.confidence <= 1 for f in found.values())


def test_extraction_precision_and_recall_on_the_test_set(capsys):
    assert len(CASES) >= 20
    true_positive = false_positive = false_negative = 0
    misses = []
    for text, expected in CASES:
        found = found_ids(text)
        true_positive += len(found & expected)
        false_positive += len(found - expected)
        false_negative += len(expected - found)
        if found != expected:
            misses.append((text.splitlines()[0], sorted(found - expected), sorted(expected - found)))
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    with capsys.disabled():
        print(f"\nskill extraction on {len(CASES)} resumes: precision {precision:.3f} (target 0.90), "
              f"recall {recall:.3f} (target 0.85)")
        for first_line, extra, missing in misses:
            print(f"  {first_line[:40]!r}: extra {extra} missing {missing}")
    assert precision >= 0.9
    assert recall >= 0.85
