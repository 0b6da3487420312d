"""Data migrations of the resumes app, run against today's models (their fields are the ones the migration uses)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from resumes.models import ResumeSkill, SkillStatus
from resumes.services import custom_skill_id
from resumes.tests.factories import ResumeFactory, ResumeSkillFactory

pytestmark = pytest.mark.django_db

typed_ids = importlib.import_module("resumes.migrations.0002_typed_skill_ids_in_any_script")

NAMES = ["Битрикс", "Тестирование ПО", "数据分析", "Résumé", "My Skill!", "C++", "!!!", "x" * 90, "Ｆｕｌｌwidth"]


def test_the_migrations_copy_of_the_id_rule_is_todays_rule():
    assert [typed_ids._custom_skill_id(name) for name in NAMES] == [custom_skill_id(name) for name in NAMES]


def test_typed_skills_under_the_old_ids_get_the_current_ones_and_twins_merge():
    resume = ResumeFactory()
    old = {  # as the old rule stored them: "custom:" + ASCII letters and digits, "skill" when none
        "Битрикс": ResumeSkillFactory(resume=resume, skill_id="custom:skill", name="Битрикс"),
        "Résumé": ResumeSkillFactory(resume=resume, skill_id="custom:r-sum", name="Résumé",
                                     status=SkillStatus.CONFIRMED),
        "My Skill!": ResumeSkillFactory(resume=resume, skill_id="custom:my-skill", name="My Skill!"),
    }
    # typed again after the change: the same skill twice once the old row gets its current id
    twin = ResumeSkillFactory(resume=resume, skill_id=custom_skill_id("Résumé"), name="Résumé",
                              status=SkillStatus.SUGGESTED)
    untouched = ResumeSkillFactory(resume=resume, skill_id="python", name="Python")

    typed_ids.forwards(apps, None)

    rows = {row.name: row for row in ResumeSkill.objects.filter(resume=resume)}
    assert set(rows) == {"Битрикс", "Résumé", "My Skill!", "Python"}
    assert rows["Битрикс"].skill_id == "custom:битрикс" and rows["Битрикс"].id == old["Битрикс"].id
    assert rows["Résumé"].id == twin.id and rows["Résumé"].status == SkillStatus.CONFIRMED
    assert rows["My Skill!"].id == old["My Skill!"].id and rows["My Skill!"].skill_id == "custom:my-skill"
    assert rows["Python"].skill_id == untouched.skill_id
