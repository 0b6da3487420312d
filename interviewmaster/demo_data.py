"""A lived-in demo candidate for `make run` (load_demo): a realistic resume, parsed, and a few code runs.

Everything goes through the real services, so the demo shows what a candidate would see. Idempotent: nothing is added
when the candidate already has a resume or runs.
"""

from __future__ import annotations

import io
import logging

from django.core.files.uploadedfile import SimpleUploadedFile

logger = logging.getLogger(__name__)

RESUME_LINES = [
    "Casey Candidate", "casey.candidate@demo.interviewmaster.local | Berlin", "",
    "SUMMARY",
    "Backend engineer with 6 years of experience building APIs and data-heavy services in Python.", "",
    "EXPERIENCE",
    "Senior Backend Engineer, Parcelly", "Mar 2022 – Present",
    "- Designed REST APIs with Django and Django REST Framework on PostgreSQL; Celery and Redis for background jobs.",
    "- Moved the services to Kubernetes with Docker and Terraform on AWS; on-call with Prometheus and Grafana.",
    "Backend Developer, Lumen Health", "Jan 2019 – Feb 2022",
    "- FastAPI services, pytest suites, GitHub Actions pipelines; Kafka events between services.",
    "", "EDUCATION", "BSc Computer Science, Technical University of Berlin, 2018", "",
    "SKILLS", "Python, Django, FastAPI, PostgreSQL, Redis, Celery, Docker, Kubernetes, Terraform, AWS, Git",
]

# (problem slug, kind, code): one accepted submission, one wrong answer on the examples, one accepted example run.
RUNS = [
    ("two-sum", "submission", "def two_sum(nums, target):\n    seen = {}\n    for i, x in enumerate(nums):\n"
                              "        if target - x in seen:\n            return [seen[target - x], i]\n"
                              "        seen[x] = i\n    return []\n"),
    ("reverse-words", "examples", "def reverse_words(s):\n    return ' '.join(s.split(' ')[::-1])\n"),
    ("reverse-words", "examples", "def reverse_words(s):\n    return ' '.join(reversed(s.split()))\n"),
]


def _resume_docx() -> bytes:
    import docx

    document = docx.Document()
    for line in RESUME_LINES:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def seed_resume(candidate) -> str:
    from resumes import services
    from resumes.models import Resume

    if Resume.objects.alive().owned_by(candidate).exists():
        return "demo resume already present"
    upload = SimpleUploadedFile("casey-candidate-resume.docx", _resume_docx(),
                                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    resume = services.upload_resume(owner=candidate, file=upload)  # parsed by Celery (eagerly without Redis)
    return f"demo resume uploaded (#{resume.id})"


def seed_runs(candidate) -> str:
    from studypaths import sandbox
    from studypaths.models import CodeRun, Problem
    from studypaths.services import request_run

    if CodeRun.objects.filter(user=candidate).exists():
        return "demo runs already present"
    mode, detail = sandbox.sandbox_mode()
    if mode == sandbox.MODE_REFUSED:
        return f"no demo runs: the code sandbox is unavailable here ({detail})"
    made = 0
    for slug, kind, code in RUNS:
        problem = Problem.objects.filter(slug=slug).first()
        if problem is not None:
            request_run(user=candidate, problem=problem, language="python", code=code, kind=kind)
            made += 1
    return f"{made} demo code runs queued"
