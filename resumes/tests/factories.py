"""factory-boy factories for resumes."""

import hashlib

import factory
from django.core.files.base import ContentFile

from accounts.tests.factories import CandidateFactory
from resumes.models import FileKind, Resume, ResumeSkill, ResumeStatus, SkillStatus
from resumes.tests.documents import pdf_bytes


class ResumeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resume

    class Params:
        content = factory.LazyFunction(pdf_bytes)

    owner = factory.SubFactory(CandidateFactory)
    original_filename = "resume.pdf"
    kind = FileKind.PDF
    status = ResumeStatus.READY
    progress = 100
    size_bytes = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name="resume.pdf"))


class ResumeSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResumeSkill

    resume = factory.SubFactory(ResumeFactory)
    skill_id = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.Sequence(lambda n: f"Skill {n}")
    category = "languages"
    confidence = 0.6
    status = SkillStatus.SUGGESTED
