"""Reads of resumes shared by pages, APIs, tasks and other apps (question selection, study paths)."""

from __future__ import annotations

import uuid

from django.db.models import Count, Q, QuerySet

from interviewmaster.selectors import one_or_raise
from resumes.errors import ResumeNotFound
from resumes.models import Resume, ResumeSkill, SkillStatus


def resumes_for(user) -> QuerySet[Resume]:
    """The user's resumes that are not deleted, newest first, with skill counts."""
    return (Resume.objects.alive().owned_by(user)
            .annotate(skill_count=Count("skills", filter=~Q(skills__status=SkillStatus.REMOVED)))
            .order_by("-created_at", "-id"))  # Meta.ordering is not applied to GROUP BY queries


def _alive_resumes_of(user) -> QuerySet[Resume]:
    return Resume.objects.alive().owned_by(user) if user.is_authenticated else Resume.objects.none()


def resume_for(user, resume_id: int) -> Resume:
    """One resume of the user; another user's (or a deleted) resume is simply not found (404)."""
    return one_or_raise(_alive_resumes_of(user), ResumeNotFound, id=resume_id)


def resume_for_task(user, task_id: uuid.UUID | str) -> Resume:
    return one_or_raise(_alive_resumes_of(user), ResumeNotFound("No such task."), task_id=task_id)


def visible_skills(resume: Resume) -> QuerySet[ResumeSkill]:
    return resume.skills.exclude(status=SkillStatus.REMOVED)


def skills_by_category(resume: Resume) -> list[tuple[str, list[ResumeSkill]]]:
    from resumes.skills import taxonomy

    labels = taxonomy().categories
    groups: dict[str, list[ResumeSkill]] = {}
    for skill in visible_skills(resume).order_by("category", "-confidence", "name"):
        groups.setdefault(skill.category, []).append(skill)
    order = list(labels)
    return [(labels.get(cat, cat.replace("_", " ").capitalize()), items)
            for cat, items in sorted(groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)]


def active_resume_for(user) -> Resume | None:
    return Resume.objects.alive().owned_by(user).filter(is_active=True).first()


def confirmed_skills_for(user) -> list[ResumeSkill]:
    """The skills the candidate confirmed on their active resume: these drive question selection and study paths."""
    resume = active_resume_for(user)
    if resume is None:
        return []
    return list(resume.skills.filter(status=SkillStatus.CONFIRMED).order_by("-confidence", "name"))
