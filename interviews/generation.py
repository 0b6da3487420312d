"""Question generation (POST /api/v1/questions/generate): the response cache, then the bank, then the AI layer for
the shortfall. AI-written questions are validated (schema, bank rules, no near-duplicates of existing prompts) and
stored inactive with source "ai:<provider>" so experts approve them in admin before they reach candidates.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from interviewmaster import capabilities, recovery
from interviewmaster.ai import complete_json
from interviewmaster.ai.errors import AIUnavailable
from interviewmaster.ai.offline.text import NearDuplicateIndex
from interviewmaster.errors import ErrorCode
from interviews.errors import GenerationJobHeld, InvalidGenerationRequest, NotEnoughQuestions
from interviews.models import Question, QuestionGenerationJob, ReviewStatus
from interviews.question_bank import question_problems
from interviews.titles import first_sentence

logger = logging.getLogger(__name__)

SELECTION_TTL = 30 * 24 * 3600
MAX_COUNT = 20


def _check_spec(*, role: str, difficulty: str, count: int, categories: list[str], language: str) -> None:
    caps = capabilities.get_capabilities()
    problems = {}
    if role not in caps.roles:
        problems["role"] = f"Unknown role '{role}'. Choose one of: {', '.join(caps.roles)}."
    if difficulty not in caps.difficulties:
        problems["difficulty"] = f"Unknown difficulty '{difficulty}'. Choose one of: {', '.join(caps.difficulties)}."
    if not 1 <= count <= MAX_COUNT:
        problems["count"] = f"count must be between 1 and {MAX_COUNT}."
    unknown = [c for c in categories if c not in caps.categories]
    if unknown:
        problems["categories"] = f"Unknown categories {unknown}. Choose from: {', '.join(caps.categories)}."
    elif difficulty in caps.difficulties:
        wrong = [c for c in categories if difficulty not in caps.categories[c].allowed_difficulties]
        if wrong:
            problems["categories"] = f"{difficulty} is not offered for: {', '.join(wrong)}."
    if language and caps.language_for(language) is None:
        problems["language"] = f"Unknown language '{language}'."
    if problems:
        raise InvalidGenerationRequest("Some fields are invalid.", fields=problems)


@transaction.atomic
def request_question_generation(*, user, role: str, difficulty: str, count: int, categories: list[str] | None = None,
                                language: str = "") -> QuestionGenerationJob:
    """Validate the request and queue the work on the ai queue (after commit)."""
    from interviews import tasks

    categories = list(dict.fromkeys(categories or []))
    _check_spec(role=role, difficulty=difficulty, count=count, categories=categories, language=language)
    if language:
        language = capabilities.get_capabilities().language_for(language).id
    job = QuestionGenerationJob.objects.create(requested_by=user, role=role, difficulty=difficulty, count=count,
                                               categories=categories, language=language)
    # a broker that is down leaves the job to recover_stuck_generation_jobs, not the request to fail
    recovery.send_on_commit(lambda: tasks.generate_questions_for_job.delay(job.id), what=f"generation job {job.id}")
    return job


def _selection_key(job: QuestionGenerationJob, categories: list[str]) -> str:
    spec = f"{job.role}|{job.difficulty}|{','.join(sorted(categories))}|{job.language}|{job.count}"
    return "questions:selection:" + hashlib.sha256(spec.encode()).hexdigest()[:32]


def _bank_queryset(job: QuestionGenerationJob, categories: list[str]):
    # Role and language live in JSON lists; they are checked in Python (_matches) to stay portable across databases.
    return Question.objects.filter(is_active=True, difficulty=job.difficulty, category__in=categories).order_by("id")


def _matches(question: Question, job: QuestionGenerationJob) -> bool:
    role_ok = not question.roles or job.role in question.roles
    lang_ok = not job.language or not question.languages or job.language in question.languages
    return role_ok and lang_ok


def title_from_prompt(prompt: str, limit: int = 120) -> str:
    """A title from the prompt's first sentence, cut at a word boundary with an ellipsis when it is too long.
    "e.g.", "i.e.", "vs.", "1.5" and "Node.js" do not end a sentence."""
    first = first_sentence(" ".join(prompt.split()))
    if len(first) <= limit:
        return first.rstrip(" ?.!") or "Generated question"
    cut = first[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return (cut or first[:limit - 1]) + "…"


def _store_generated(data: dict, job: QuestionGenerationJob, provider: str) -> Question | None:
    caps = capabilities.get_capabilities()
    prompt = data["prompt"].strip()
    external_id = "ai-" + hashlib.sha256(prompt.lower().encode()).hexdigest()[:16]
    existing = Question.objects.filter(external_id=external_id).first()
    if existing:
        return existing
    question = Question(
        external_id=external_id, title=title_from_prompt(prompt), prompt=prompt,
        category=data["category"], difficulty=data["difficulty"], roles=[job.role],
        languages=[job.language] if job.language and data["category"] in ("coding", "language_knowledge") else [],
        tags=[t for t in data.get("tags", []) if t in caps.question_tags],
        expected_points=data["expected_points"], follow_up_seeds=data.get("follow_up_seeds", []),
        reference_answer=data.get("reference_answer", ""), source=f"ai:{provider}"[:120], is_active=False,
        status=ReviewStatus.PENDING_REVIEW,
    )
    problems = [p for p in question_problems(question.as_bank_dict()) if p.level == "error"]
    if problems:
        logger.info("generated question rejected: %s", "; ".join(p.message for p in problems)[:300])
        return None
    question.save()
    return question


def _from_cache_or_bank(job: QuestionGenerationJob, categories: list[str], key: str) -> list[tuple[Question, str]]:
    """The cached selection when it still holds `count` questions, else a fresh pick from the bank."""
    cached_ids = cache.get(key) or []
    if cached_ids:
        by_id = Question.objects.in_bulk(cached_ids)
        chosen = [(by_id[i], "hit") for i in cached_ids if i in by_id][: job.count]
        if len(chosen) >= job.count:
            return chosen
    chosen = []  # a stale selection is rebuilt whole, so every question in it has the same provenance
    for question in _bank_queryset(job, categories):
        if len(chosen) >= job.count:
            break
        if _matches(question, job):
            chosen.append((question, "bank"))
    return chosen


def _add_generated(job: QuestionGenerationJob, categories: list[str], chosen: list[tuple[Question, str]]) -> None:
    """Ask the AI layer for the shortfall and add the new, valid, non-duplicate questions to `chosen`."""
    existing_prompts = list(Question.objects.filter(category__in=categories).values_list("prompt", flat=True))
    result = complete_json("generate_questions", {
        "role": job.role, "difficulty": job.difficulty, "count": job.count - len(chosen) + 2,
        "categories": categories, "language": job.language, "avoid": existing_prompts[-200:]})
    job.provider = result.provider
    seen = NearDuplicateIndex(existing_prompts + [q.prompt for q, _ in chosen])
    for data in result.data["questions"]:
        if len(chosen) >= job.count:
            break
        if data["category"] not in categories or data["difficulty"] != job.difficulty or seen.matches(data["prompt"]):
            continue
        seen.add(data["prompt"])
        stored = _store_generated(data, job, result.provider)
        if stored is not None and all(stored.id != q.id for q, _ in chosen):
            chosen.append((stored, "generated"))


def run_question_generation(*, job: QuestionGenerationJob) -> QuestionGenerationJob:
    """Fill the job with exactly `count` questions, or fail it with a clear reason. Call from the Celery task."""
    caps = capabilities.get_capabilities()
    categories = job.categories or [c for c in caps.roles[job.role].focus_categories
                                    if job.difficulty in caps.categories[c].allowed_difficulties]
    key = _selection_key(job, categories)
    chosen = _from_cache_or_bank(job, categories, key)
    if len(chosen) < job.count:
        try:
            _add_generated(job, categories, chosen)
        except AIUnavailable as exc:
            return _fail(job, exc.code, exc.message)
    if len(chosen) < job.count:
        return _fail(job, NotEnoughQuestions.code,
                     f"Only {len(chosen)} of {job.count} {job.difficulty} questions for {job.role} in "
                     f"{', '.join(categories)} could be found or generated without repeating existing ones. "
                     "Ask for fewer, add categories, or approve pending questions in admin.")
    cache.set(key, [q.id for q, _ in chosen], SELECTION_TTL)
    job.result = [{"question_id": q.id, "cache": how} for q, how in chosen]
    job.status = QuestionGenerationJob.Status.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["result", "status", "provider", "finished_at"])
    return job


def _claim(job_id: int) -> QuestionGenerationJob | None:
    """Take the job for this worker, or None when it is gone or finished. A job claimed less than the hard time limit
    ago may be running elsewhere: `GenerationJobHeld`, never a quiet None (a redelivery after a killed pool process
    comes at once, and dropping it left the job "running" for ever). A job left running for longer than the hard time
    limit allows was orphaned by a dead worker and is taken over."""
    with transaction.atomic():
        job = QuestionGenerationJob.objects.select_for_update().filter(id=job_id).first()
        if job is None or job.status in (QuestionGenerationJob.Status.DONE, QuestionGenerationJob.Status.FAILED):
            return None
        if job.status == QuestionGenerationJob.Status.RUNNING and job.started_at:
            held_for = settings.AI_TASK_TIME_LIMIT - (timezone.now() - job.started_at).total_seconds()
            if held_for > 0:
                raise GenerationJobHeld(retry_after=held_for)
        job.status, job.started_at = QuestionGenerationJob.Status.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
    return job


def generate_questions_for_job(*, job_id: int) -> QuestionGenerationJob | None:
    """The Celery task's service: claim the job (redelivery and a second worker are harmless), run it, and never leave
    it "running" — an unexpected error is logged and recorded as the job's failure. Raises `GenerationJobHeld` when
    another delivery claimed it within the hard time limit (the task asks again when that time is up)."""
    job = _claim(job_id)
    if job is None:
        return None
    try:
        return run_question_generation(job=job)
    except Exception:  # noqa: BLE001 - never leave a job "running": log it, record the failure
        logger.exception("question generation job %s failed", job_id)
        return record_generation_failure(job=job)


JOB_INTERRUPTED = "Question generation was interrupted on our side several times. Please try again."


def recover_stuck_generation_jobs() -> int:
    """Beat (every minute): a job still `queued` or `running` STUCK_WORK_AFTER_SECONDS after it was queued, claimed or
    sent again lost its task (a killed worker, a broker that was down): send it again (interviewmaster/recovery.py;
    `_claim` takes over a `running` job older than the hard time limit). After STUCK_WORK_MAX_RECOVERIES it fails
    with a reason. Returns the jobs handled."""
    from interviews import tasks

    unfinished = [QuestionGenerationJob.Status.QUEUED, QuestionGenerationJob.Status.RUNNING]
    return recovery.sweep(
        QuestionGenerationJob.objects.filter(status__in=unfinished),
        clock=Greatest(Coalesce("recovered_at", "created_at"), Coalesce("started_at", "created_at")),
        give_up=lambda pending, row: pending.update(status=QuestionGenerationJob.Status.FAILED,
                                                    error_code="interrupted", error_message=JOB_INTERRUPTED,
                                                    finished_at=timezone.now()),
        send=lambda row: tasks.generate_questions_for_job.delay(row.id), what="generation job {id}")


def record_generation_failure(*, job: QuestionGenerationJob) -> QuestionGenerationJob:
    """An unexpected error (a bug, a database error, the soft time limit) ended the job: say so instead of leaving
    it "running" forever. The caller logs the exception."""
    return _fail(job, ErrorCode.INTERNAL_ERROR, "Question generation stopped because of an internal error; it has been "
                                        "logged. Please try again.")


def _fail(job: QuestionGenerationJob, code: str, message: str) -> QuestionGenerationJob:
    job.status = QuestionGenerationJob.Status.FAILED
    job.error_code, job.error_message = code, message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error_code", "error_message", "provider", "finished_at"])
    return job
