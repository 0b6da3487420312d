"""Resume actions (DESIGN §1, §2): keyword-only, typed, one transaction each; tasks leave after commit."""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import re
import time
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.text import get_text_list, get_valid_filename

from interviewmaster import recovery, state
from interviewmaster.selectors import one_or_raise
from resumes import analysis as analysis_module
from resumes.errors import (
    ExtractionFailed,
    InvalidSkill,
    ResumeBusy,
    ResumeFailed,
    ResumeNotFound,
    ResumeQuotaExceeded,
    ResumesErrorCode,
    ResumeTransitionNotAllowed,
    SkillLimitReached,
    UnknownTargetRole,
)
from resumes.extraction import ExtractedText, bounded, extract_text
from resumes.facts import find_contacts, find_education
from resumes.instructions import instruction_lines
from resumes.instructions import summary as instruction_summary
from resumes.isolation import ParseCrashed, ParseTimedOut, call_with_deadline
from resumes.models import (
    STATUS_PROGRESS,
    TERMINAL_STATUSES,
    TRANSITIONS,
    Resume,
    ResumeEvent,
    ResumeSkill,
    ResumeStatus,
    SkillSource,
    SkillStatus,
)
from resumes.positions import claimed_years, find_positions, years_of_experience
from resumes.privacy import masked_contacts
from resumes.sections import labelled_lines
from resumes.skills import extract_skills, taxonomy
from resumes.validation import check_upload

logger = logging.getLogger(__name__)


# --- state machine ------------------------------------------------------------------------------------------------
def _transition_refused(old: str, to: str) -> ResumeTransitionNotAllowed:
    return ResumeTransitionNotAllowed(f"A resume cannot go from {old} to {to}.")


def _transition_lost(old: str, to: str) -> ResumeTransitionNotAllowed:
    return ResumeTransitionNotAllowed("The resume changed state meanwhile; reload and try again.")


def transition(resume: Resume, to: str, *, actor=None, reason: str = "", code: str = "",
               progress: int | None = None, **fields) -> Resume:
    """Move `resume` to status `to` if the table allows it, with a conditional UPDATE so two racers cannot both win
    (`interviewmaster.state.change_state`)."""
    values = {"progress": STATUS_PROGRESS[to] if progress is None else progress, "updated_at": timezone.now(),
              **fields}
    if to == ResumeStatus.FAILED:
        values.update(failure_reason=reason[:500], failure_code=code[:64])
    elif to == ResumeStatus.UPLOADED:
        values.update(failure_reason="", failure_code="", recoveries=0)
    old = state.change_state(resume, to, machine=TRANSITIONS, field="status", refused=_transition_refused,
                             lost=_transition_lost, **values)
    ResumeEvent.objects.create(resume=resume, actor=actor, kind=f"status.{to}", from_status=old, to_status=to,
                               detail={"reason": reason, "code": code} if (reason or code) else {})
    return resume


def _set_progress(resume: Resume, progress: int) -> None:
    Resume.objects.filter(id=resume.id, status=resume.status).update(progress=progress, updated_at=timezone.now())
    resume.progress = progress


# --- upload -------------------------------------------------------------------------------------------------------
def _enqueue_parse(resume: Resume) -> None:
    from resumes import tasks

    task_id = str(resume.task_id)
    # the id the status URL polls; a broker that is down leaves the row to recover_stuck_resumes
    recovery.send_on_commit(lambda: tasks.parse_resume.apply_async(args=[resume.id], task_id=task_id),
                            what=f"the parse of resume {resume.id}")


def _lock_owner(owner_id: int) -> None:
    """Serialise one candidate's writes that decide which resume is active or how many they keep (upload, activate,
    delete, a parse ending): the owner row first, then resume rows, always in that order. FOR NO KEY UPDATE, not FOR
    UPDATE: it queues these writers just the same, but lets in a row that names the user (a re-parse holding its
    resume records the event of its actor, a key-share lock on the user row), which FOR UPDATE made a deadlock."""
    get_user_model().objects.select_for_update(no_key=True).filter(id=owner_id).first()


def _check_quota(owner, *, size: int) -> None:
    """At most RESUME_MAX_PER_USER live resumes and RESUME_MAX_BYTES_PER_USER of files per candidate (caller holds
    the owner lock, so two uploads at once cannot both pass)."""
    live = Resume.objects.alive().owned_by(owner).aggregate(count=Count("id"), total=Sum("size_bytes"))
    if live["count"] >= settings.RESUME_MAX_PER_USER:
        raise ResumeQuotaExceeded(f"You already keep {live['count']} resumes, the most you can have; delete one you "
                                  "no longer need, then upload again.")
    if (live["total"] or 0) + size > settings.RESUME_MAX_BYTES_PER_USER:
        limit_mb = settings.RESUME_MAX_BYTES_PER_USER / 1_048_576
        raise ResumeQuotaExceeded(f"Your resumes would take more than the {limit_mb:g} MB you can keep; delete one "
                                  "you no longer need, then upload again.")


def shortened_filename(name: str, *, limit: int = 200) -> str:
    """A safe file name of at most `limit` characters that keeps its extension ("aaa….pdf")."""
    name = get_valid_filename((name or "resume").rsplit("/", 1)[-1]) or "resume"
    if len(name) <= limit:
        return name
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or len(extension) > 10:
        return name[:limit]
    return f"{stem[:limit - len(extension) - 1]}.{extension}"


def upload_resume(*, owner, file: UploadedFile, target_role: str = "") -> Resume:
    """Check the file by content, store it under a random name and queue the parse. Raises 400/409/413/415 errors
    (the API and the page limit the rate first: `interviewmaster.throttles.ResumeUploadThrottle`).

    The candidate's first live resume that is not failed becomes the active one. Uploads of one candidate queue up
    on the owner lock, so simultaneous first uploads make one active resume, never a constraint error. A stored file
    never outlives a failed insert: whatever goes wrong before the commit removes it again. (Called inside a
    caller's own transaction, as the demo loader does, a later rollback of that transaction is the caller's.)"""
    if target_role:
        _check_role(target_role)
    checked = check_upload(file, size=getattr(file, "size", None))
    resume = Resume(owner=owner, original_filename=shortened_filename(file.name), kind=checked.kind,
                    size_bytes=checked.size, sha256=checked.sha256, target_role=target_role)
    try:
        with transaction.atomic():
            _lock_owner(owner.id)
            _check_quota(owner, size=checked.size)
            resume.is_active = not Resume.objects.alive().owned_by(owner).filter(is_active=True).exists()
            file.seek(0)
            resume.file.save(f"upload.{checked.kind}", file, save=False)
            resume.save()
            ResumeEvent.objects.create(resume=resume, actor=owner, kind="status.uploaded",
                                       to_status=ResumeStatus.UPLOADED,
                                       detail={"size": checked.size, "kind": checked.kind})
    except BaseException:
        if resume.file.name:  # stored, but the row never committed: nobody could list or delete the file
            resume.file.storage.delete(resume.file.name)
        raise
    logger.info("resume %s uploaded: %s, %d bytes", resume.id, checked.kind, checked.size)
    # Outside the block above: the row is committed here (or commits with the caller's transaction), so a broker
    # that refuses the message must not take the file away from its row.
    _enqueue_parse(resume)
    return resume


# --- parsing ------------------------------------------------------------------------------------------------------
def _owner_of(resume_id: int) -> int | None:
    return Resume.objects.filter(id=resume_id).values_list("owner_id", flat=True).first()


def _hand_over_active(owner_id: int, *, leaving: Resume) -> Resume | None:
    """`leaving` stops being the active resume (deleted, or could not be read): the candidate's newest ready resume
    takes over, else the newest one still being read; a failed resume never does (the rule of `set_active_resume`).
    Returns the one that took over, if any. Caller holds the owner lock."""
    Resume.objects.filter(id=leaving.id).update(is_active=False)
    leaving.is_active = False
    others = Resume.objects.alive().filter(owner_id=owner_id).exclude(id=leaving.id)
    successor = (others.filter(status=ResumeStatus.READY).order_by("-created_at", "-id").first()
                 or others.exclude(status=ResumeStatus.FAILED).order_by("-created_at", "-id").first())
    if successor is not None:
        Resume.objects.filter(id=successor.id).update(is_active=True)
        successor.is_active = True
        ResumeEvent.objects.create(resume=successor, kind="resume.activated",
                                   detail={"instead_of": leaving.id})
    return successor


def _take_over_if_none_active(resume: Resume) -> None:
    """A resume that became ready is the active one when the candidate has none (theirs could not be read, or was
    deleted). Caller holds the owner lock."""
    if not Resume.objects.alive().filter(owner_id=resume.owner_id, is_active=True).exists():
        Resume.objects.filter(id=resume.id).update(is_active=True)
        resume.is_active = True
        ResumeEvent.objects.create(resume=resume, kind="resume.activated", detail={"on": "ready"})


def fail_resume(*, resume_id: int, code: str, reason: str) -> None:
    """End the parse in `failed` with a reason the candidate can act on (no-op when already terminal). A failed
    resume is never the active one: if it was, a readable one takes over (`_hand_over_active`)."""
    with transaction.atomic():
        owner_id = _owner_of(resume_id)
        if owner_id is None:
            return
        _lock_owner(owner_id)
        resume = Resume.objects.select_for_update().filter(id=resume_id).first()
        if resume is None or resume.status in TERMINAL_STATUSES:
            return
        transition(resume, ResumeStatus.FAILED, reason=reason, code=code)
        if resume.is_active:
            _hand_over_active(owner_id, leaving=resume)
    logger.info("resume %s failed: %s", resume_id, code)


_CJK_YEAR_MONTH = re.compile(r"((?:19|20)\d\d)[ \t]?[年년][ \t]?(\d{1,2})[ \t]?[月월]")  # and Korean "2021년 7월"


def parse_text(text: str, *, today: date | None = None) -> dict:
    """Everything the taxonomy finds in resume text: skills, positions, years, education, contacts. Works on at most
    RESUME_MAX_TEXT_CHARS (extraction has already cut what it passes; this holds for any other caller too)."""
    text = bounded(text)
    if "年" in text or "년" in text:  # "2016年4月～2018年9月": a Chinese or Japanese year and month, read as "2016.04"
        text = _CJK_YEAR_MONTH.sub(lambda m: f"{m.group(1)}.{int(m.group(2)):02d}", text)
    lines = labelled = labelled_lines(text)
    flagged = instruction_lines(lines)
    if flagged:  # instruction-like text is never a source of skills or facts
        flagged_set = set(flagged)  # built once: a set per line made many flagged lines quadratic
        lines = [replace(line, text="") if position in flagged_set else line
                 for position, line in enumerate(lines)]
    positions = find_positions(lines, today=today)
    joined = "\n".join(line.text for line in lines)
    years = years_of_experience(positions)
    claimed, claimed_words = claimed_years(joined)
    return {
        "skills": extract_skills(lines, positions, today=today),
        "facts": {
            "years_experience": years,
            "years_claimed": claimed,
            "years_claimed_words": claimed_words,
            "positions": [p.as_dict() for p in positions],
            "titles": [p.title for p in positions if p.title],
            "education": find_education(lines),
            "contacts": find_contacts(text, lines),
            "injection": instruction_summary(labelled, flagged),
        },
    }


def read_and_parse(data: bytes, kind: str) -> tuple[ExtractedText, dict]:
    """Text, skills and facts of an uploaded file: pure CPU, run in a child process with a deadline."""
    extracted = extract_text(io.BytesIO(data), kind)
    return extracted, parse_text(extracted.text)


def _save_extracted_skills(resume: Resume, found: list) -> None:
    """Replace the extractor's suggestions; keep what the candidate confirmed, added or removed."""
    existing = {s.skill_id: s for s in resume.skills.all()}
    keep_ids = set()
    for item in found:
        keep_ids.add(item.skill.id)
        current = existing.get(item.skill.id)
        data = item.as_dict()
        if current is None:
            ResumeSkill.objects.create(resume=resume, skill_id=item.skill.id, name=item.skill.name,
                                       category=item.skill.category, confidence=item.confidence,
                                       evidence=data["evidence"])
        else:
            current.confidence, current.evidence = item.confidence, data["evidence"]
            current.save(update_fields=["confidence", "evidence"])
    resume.skills.filter(source=SkillSource.EXTRACTED, status=SkillStatus.SUGGESTED).exclude(
        skill_id__in=keep_ids).delete()


def parse_resume(*, resume_id: int) -> bool:
    """Step 1 of the parse (task `parse_resume`): text, skills and facts. Returns True when analysis should follow.

    Idempotent: a resume that is not `uploaded`/`extracting` (already done, failed or deleted) is left alone, and a
    redelivered message after a worker crash simply extracts again. One found `analysing` answers True without
    extracting: the worker that committed the parse may have died before it queued the analysis, which nothing else
    queues (the candidate cannot re-parse a resume that is not ready or failed), and the analysis is idempotent.
    """
    with transaction.atomic():
        resume = Resume.objects.select_for_update().filter(id=resume_id, deleted_at__isnull=True).first()
        if resume is not None and resume.status == ResumeStatus.ANALYSING:
            return True
        if resume is None or resume.status not in (ResumeStatus.UPLOADED, ResumeStatus.EXTRACTING):
            return False
        if resume.status == ResumeStatus.UPLOADED:
            transition(resume, ResumeStatus.EXTRACTING)
        Resume.objects.filter(id=resume.id).update(attempts=resume.attempts + 1)
    started = time.perf_counter()
    try:
        with resume.file.open("rb") as handle:
            data = handle.read()
        _set_progress(resume, 20)
        extracted, parsed = call_with_deadline(read_and_parse, data, resume.kind,
                                               seconds=settings.RESUME_PARSE_TIMEOUT_SECONDS,
                                               memory_mb=settings.RESUME_PARSE_MEMORY_MB)
    except ExtractionFailed as exc:
        fail_resume(resume_id=resume.id, code=exc.code, reason=exc.reason)
        return False
    except FileNotFoundError:
        fail_resume(resume_id=resume.id, code=ResumesErrorCode.FILE_MISSING,
                    reason="The uploaded file is no longer in storage. Upload it again.")
        return False
    except ParseTimedOut:
        logger.warning("resume %s: parsing stopped after %s s", resume.id, settings.RESUME_PARSE_TIMEOUT_SECONDS)
        fail_resume(resume_id=resume.id, code=ResumesErrorCode.TIMEOUT,
                    reason="Reading the file took too long. Upload a simpler export of your resume (PDF from your "
                           "editor, or DOCX).")
        return False
    except ParseCrashed:
        logger.warning("resume %s: the parsing process died (memory cap or crash)", resume.id)
        fail_resume(resume_id=resume.id, code=ResumesErrorCode.TOO_COMPLEX,
                    reason="The file needs far more memory to read than any resume. Export it again and upload "
                           "the new copy.")
        return False
    with transaction.atomic():
        resume = Resume.objects.select_for_update().filter(id=resume_id, deleted_at__isnull=True).first()
        if resume is None or resume.status != ResumeStatus.EXTRACTING:
            return False
        _save_extracted_skills(resume, parsed["skills"])
        transition(resume, ResumeStatus.ANALYSING, text=extracted.text, page_count=extracted.pages,
                   facts=parsed["facts"])
    logger.info("resume %s extracted: %d pages, %d skills in %.0f ms; contacts %s", resume.id, extracted.pages,
                len(parsed["skills"]), (time.perf_counter() - started) * 1000,
                masked_contacts(parsed["facts"]["contacts"]))
    return True


def _skill_views(resume: Resume) -> list[analysis_module.SkillView]:
    return [analysis_module.SkillView(skill_id=s.skill_id, name=s.name, category=s.category,
                                      confidence=s.confidence, confirmed=s.status == SkillStatus.CONFIRMED,
                                      from_resume=bool((s.evidence or {}).get("sections")))
            for s in resume.skills.exclude(status=SkillStatus.REMOVED)]


def target_role_for(resume: Resume) -> str:
    """The resume's own target role, else the owner's profile target role (when it is a role we profile)."""
    if resume.target_role:
        return resume.target_role
    role = getattr(resume.owner, "target_role", "") or ""
    return role if role in analysis_module.role_profiles() else ""


def analyse_resume(*, resume_id: int) -> bool:
    """Step 2 (task `analyse_resume`, queue ai): summary, seniority, roles, strengths, gaps; then `ready`.

    Also refreshes the analysis of a `ready` resume (after a target-role change or skill edits). Idempotent.
    """
    resume = Resume.objects.filter(id=resume_id, deleted_at__isnull=True).first()
    if resume is None or resume.status not in (ResumeStatus.ANALYSING, ResumeStatus.READY):
        return False
    refresh = resume.status == ResumeStatus.READY
    if refresh:
        _refresh_started(resume.id)  # before the skills are read: an edit from now on queues the next refresh
    remote = not refresh or _within_analysis_budget(resume.owner)
    result = analysis_module.analyse(skills=_skill_views(resume), facts=resume.facts,
                                     target_role=target_role_for(resume), text=resume.text, owner_id=resume.owner_id,
                                     remote=remote)
    if not remote:
        result = analysis_module.keep_reading(result, resume.analysis)
    with transaction.atomic():
        _lock_owner(resume.owner_id)
        resume = Resume.objects.select_for_update().filter(id=resume_id, deleted_at__isnull=True).first()
        if resume is None:
            return False
        if resume.status == ResumeStatus.ANALYSING:
            transition(resume, ResumeStatus.READY, analysis=result, parsed_at=timezone.now())
            _take_over_if_none_active(resume)
        elif resume.status == ResumeStatus.READY:
            Resume.objects.filter(id=resume.id).update(analysis=result, updated_at=timezone.now())
        else:
            return False
    return True


# --- stuck work -----------------------------------------------------------------------------------------------------
IN_PROGRESS_STATUSES = (ResumeStatus.UPLOADED, ResumeStatus.EXTRACTING, ResumeStatus.ANALYSING)


def recover_stuck_resumes() -> int:
    """Beat (every minute): a resume still `uploaded`, `extracting` or `analysing` STUCK_WORK_AFTER_SECONDS after its
    last step has lost its task (its worker was killed, or the broker was down when it was uploaded or when the parse
    queued the analysis): send the step again (interviewmaster/recovery.py). One already sent again
    STUCK_WORK_MAX_RECOVERIES times fails with a reason, and the candidate can re-run it. Returns the rows handled."""
    from resumes import tasks

    def give_up(pending, row) -> bool:  # fail_resume checks the status under the owner's lock itself
        fail_resume(resume_id=row.id, code=ResumesErrorCode.INTERRUPTED,
                    reason="Reading the resume was interrupted on our side several times. Try again in a few minutes.")
        return True

    def send(row) -> object:
        return (tasks.analyse_resume if row.status == ResumeStatus.ANALYSING else tasks.parse_resume).delay(row.id)

    # Every step bumps updated_at (the clock), the claim too: pinned with the status, it tells any change since.
    return recovery.sweep(Resume.objects.alive().filter(status__in=IN_PROGRESS_STATUSES), clock="updated_at",
                          pin=["status", "updated_at"], restart="updated_at", give_up=give_up,
                          on_claim=lambda row: ResumeEvent.objects.create(
                              resume_id=row.id, kind="recovery.resent",
                              detail={"status": row.status, "recovery": row.recoveries + 1}),
                          send=send, what="resume {id} ({status})")


# --- candidate actions --------------------------------------------------------------------------------------------
def _own(resume: Resume, actor) -> None:
    if resume.owner_id != getattr(actor, "id", None) or resume.deleted_at is not None:
        raise ResumeNotFound()


def _check_role(role: str) -> None:
    if role not in analysis_module.role_profiles():
        choices = ", ".join(analysis_module.role_profiles())
        raise UnknownTargetRole(fields={"target_role": [f"Choose one of: {choices}."]})


def _lock_resume(resume: Resume) -> None:
    Resume.objects.select_for_update().filter(id=resume.id).first()


def _refresh_key(resume_id: int) -> str:
    return f"resume-analysis-queued:{resume_id}"


def _refresh_analysis(resume: Resume) -> None:
    """Skill edits and a new target role change strengths and gaps: analyse a ready resume again after commit. One
    refresh is queued per resume at a time: it reads the skills when it starts, so edits made while it waits need no
    task of their own (a flood of edits queued a flood of analyses on the shared `ai` queue).

    The mark and the task are both set once the edit commits: a mark set inside an edit that then rolled back queued
    nothing and still made every later edit queue nothing for STUCK_WORK_AFTER_SECONDS."""
    if resume.status != ResumeStatus.READY:
        return
    from kombu.exceptions import OperationalError

    from resumes import tasks

    resume_id = resume.id

    def mark_and_send() -> None:
        try:
            first = cache.add(_refresh_key(resume_id), 1, timeout=settings.STUCK_WORK_AFTER_SECONDS)
        except Exception:  # noqa: BLE001 - the cache down: queue it (the analysis budget still bounds the AI calls)
            logger.warning("resume %s: the cache cannot be reached; refreshing its analysis without coalescing",
                           resume_id)
            first = True
        if not first:
            return
        try:
            tasks.analyse_resume.delay(resume_id)
        except OperationalError:  # no sweep refreshes a ready resume: let the next edit queue it instead
            logger.warning("broker unavailable: the analysis of resume %s is refreshed by its next edit", resume_id,
                           exc_info=True)
            _refresh_started(resume_id)

    transaction.on_commit(mark_and_send)


def refresh_waiting(resume_id: int) -> bool:
    """An edit queued a refresh that no analysis has started on yet (its mark is set). True when the cache cannot
    say: the caller then runs one refresh too many rather than none."""
    try:
        return bool(cache.get(_refresh_key(resume_id)))
    except Exception:  # noqa: BLE001
        return True


def refresh_given_up(resume_id: int) -> None:
    """A queued refresh that could not run: clear its mark, so that the next edit queues one again."""
    _refresh_started(resume_id)


def _refresh_started(resume_id: int) -> None:
    try:
        cache.delete(_refresh_key(resume_id))
    except Exception:  # noqa: BLE001 - the key expires on its own
        logger.warning("resume %s: the cache cannot be reached; its queued-refresh mark expires by itself", resume_id)


def _within_analysis_budget(owner) -> bool:
    """Count one AI-enriched refresh of `owner`'s resumes; False past RESUME_ANALYSIS_RATE."""
    from interviewmaster.errors import TooManyRequests
    from interviewmaster.throttles import ResumeAnalysisThrottle, check_user_rate

    try:
        check_user_rate(owner, ResumeAnalysisThrottle)
    except TooManyRequests:
        logger.info("resume analysis of user %s: over RESUME_ANALYSIS_RATE; taxonomy analysis only", owner.pk)
        return False
    return True


@transaction.atomic
def reparse_resume(*, resume: Resume, actor) -> Resume:
    """Run the parse again (admin action, or the candidate after a failure). Candidate edits to skills survive.
    Only the owner, or staff acting from the admin, may ask for it."""
    if not getattr(actor, "is_staff", False):
        _own(resume, actor)
    resume = Resume.objects.select_for_update().get(id=resume.id)
    if resume.deleted_at is not None:
        raise ResumeNotFound()
    if resume.status not in TERMINAL_STATUSES:
        raise ResumeBusy()
    transition(resume, ResumeStatus.UPLOADED, actor=actor, task_id=uuid.uuid4())
    _enqueue_parse(resume)
    return resume


@transaction.atomic
def set_active_resume(*, resume: Resume, actor) -> Resume:
    _own(resume, actor)
    # Lock the owner first so two concurrent activations (or an activation and an upload or a parse ending) queue up
    # instead of both clearing and then colliding on the one-active-resume constraint.
    _lock_owner(resume.owner_id)
    if Resume.objects.filter(id=resume.id, status=ResumeStatus.FAILED).exists():
        # a resume nothing could be read from would drive questions and study paths with no skills at all
        raise ResumeFailed()
    if not Resume.objects.alive().filter(id=resume.id).exists():
        raise ResumeNotFound()
    Resume.objects.filter(owner=resume.owner, is_active=True).exclude(id=resume.id).update(is_active=False)
    Resume.objects.filter(id=resume.id).update(is_active=True)
    resume.is_active = True
    ResumeEvent.objects.create(resume=resume, actor=actor, kind="resume.activated")
    return resume


@dataclass(frozen=True)
class Deletion:
    """What deleting a resume did to the active one: `was_active`, and then `now_active`, the resume that took over
    (None when none could: no other, or none that could be read)."""

    was_active: bool
    now_active: Resume | None = None


@transaction.atomic
def delete_resume(*, resume: Resume, actor) -> Deletion:
    """Soft delete: the row stays for the audit trail, the file leaves storage after commit. The active resume's place
    goes to another (`_hand_over_active`); the answer says which, for the candidate to be told."""
    _own(resume, actor)
    _lock_owner(resume.owner_id)
    resume = Resume.objects.select_for_update().get(id=resume.id)
    if resume.deleted_at is not None:
        raise ResumeNotFound()
    was_active, name, storage = resume.is_active, resume.file.name, resume.file.storage
    Resume.objects.filter(id=resume.id).update(deleted_at=timezone.now(), is_active=False, file="", text="")
    ResumeEvent.objects.create(resume=resume, actor=actor, kind="resume.deleted")
    now_active = _hand_over_active(resume.owner_id, leaving=resume) if was_active else None
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    return Deletion(was_active=was_active, now_active=now_active)


@transaction.atomic
def choose_target_role(*, resume: Resume, actor, target_role: str) -> Resume:
    _own(resume, actor)
    if target_role:
        _check_role(target_role)
    resume = Resume.objects.select_for_update().get(id=resume.id)
    Resume.objects.filter(id=resume.id).update(target_role=target_role)
    resume.target_role = target_role
    _refresh_analysis(resume)
    return resume


def _skill_row(resume: Resume, skill_pk: int) -> ResumeSkill:
    return one_or_raise(ResumeSkill.objects.select_for_update(), ResumeNotFound("Skill not found."), resume=resume,
                        id=skill_pk)


def _record(resume: Resume, actor, kind: str, skill: ResumeSkill) -> None:
    ResumeEvent.objects.create(resume=resume, actor=actor, kind=kind,
                               detail={"skill_id": skill.skill_id, "name": skill.name})


@transaction.atomic
def set_skill_status(*, resume: Resume, actor, skill_pk: int, status: str) -> ResumeSkill:
    """Confirm, remove or restore (back to suggested) one skill of the candidate's resume."""
    _own(resume, actor)
    if status not in SkillStatus.values:
        raise InvalidSkill(f"Unknown skill status {status!r}.", fields={"status": ["Use confirmed, removed or "
                                                                                     "suggested."]})
    skill = _skill_row(resume, skill_pk)
    if skill.status != status:
        skill.status = status
        skill.save(update_fields=["status"])
        _record(resume, actor, f"skill.{status}", skill)
        _refresh_analysis(resume)
    return skill


@transaction.atomic
def confirm_all_skills(*, resume: Resume, actor) -> int:
    _own(resume, actor)
    count = resume.skills.filter(status=SkillStatus.SUGGESTED).update(status=SkillStatus.CONFIRMED)
    ResumeEvent.objects.create(resume=resume, actor=actor, kind="skill.confirmed_all", detail={"count": count})
    if count:
        _refresh_analysis(resume)
    return count


# A taxonomy skill the candidate typed but the resume does not show: their word, without evidence behind it.
TYPED_SKILL_CONFIDENCE = 0.5
_CUSTOM_SLUG_MAX = 50  # "custom:" + 50 fits ResumeSkill.skill_id (64)


def custom_skill_id(name: str) -> str:
    """The id of a typed name outside the taxonomy, in any script: NFKC-normalised and case-folded, its letters, marks
    and digits kept and everything else one "-" ("Битрикс" -> "custom:битрикс", "数据分析" -> "custom:数据分析",
    "My Skill!" -> "custom:my-skill"). A name with none of those, or longer than the id holds, gets a digest of the
    whole name so that two different names never share an id."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    kept = "".join(char if unicodedata.category(char)[0] in "LMN" else " " for char in folded)
    slug = "-".join(kept.split())
    digest = hashlib.sha256(folded.encode()).hexdigest()
    if not slug:
        return f"custom:{digest[:16]}"
    if len(slug) > _CUSTOM_SLUG_MAX:
        slug = f"{slug[:_CUSTOM_SLUG_MAX - 9].rstrip('-')}-{digest[:8]}"
    return f"custom:{slug}"


def _skill_name_problem(name: str) -> str | None:
    """The people's-name rule (accounts.validators) on a typed skill whose blanks are already one space: nothing
    visible ("\u200b" was a skill with an empty row), a control character (a NUL, which PostgreSQL refuses: a 500
    from the page, whose form nothing else checks) or a text-direction override ("\u202eevil" showed as "live")."""
    from accounts.validators import BLANK_NAME, CONTROL_IN_NAME, name_problem

    problem = name_problem(name)
    if problem == BLANK_NAME:
        return "Give the skill a name with a visible character."
    if problem == CONTROL_IN_NAME:
        return "A skill's name cannot contain control characters."
    if problem:
        return "A skill's name cannot contain text-direction characters (such as U+202E)."
    return None


def _skills_by_name(resume: Resume) -> dict[str, ResumeSkill]:
    """The skills already on the resume by name, whatever their case, blanks and punctuation (`_name_key`): the first
    of each name in the resume's order. One query: the related manager sets each row's `resume` from its `resume_id`,
    which, deferred, cost a query a row."""
    by_name: dict[str, ResumeSkill] = {}
    for skill in resume.skills.only("resume_id", "skill_id", "name", "category"):
        by_name.setdefault(_name_key(skill.name), skill)
    return by_name


def _name_key(name: str) -> str:
    """Letters, marks (a Devanagari vowel sign tells two words apart), digits, "+" and "#", case-folded."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", name).casefold()
                   if unicodedata.category(ch)[0] in "LMN" or ch in "+#")


# A typed list ("Rust, Terraform") is split at commas, semicolons and line breaks (and the full-width and Arabic ones,
# and the Japanese "、") outside brackets: "Kubernetes (k8s, helm)" is one entry. The page adds at most 20 at once.
MAX_SKILLS_PER_ADD = 20
SKILL_LIST_MAX_CHARS = 2_000  # the page's field: 20 names and their separators; the API's name holds 100
_LIST_SEPARATORS = frozenset(",;\n\r\uff0c\uff1b\u3001\u060c\u061b")
_OPENING, _CLOSING = frozenset("([{\uff08\uff3b\uff5b"), frozenset(")]}\uff09\uff3d\uff5d")


def skill_entries(text: str) -> list[str]:
    """The names a typed text lists, in order, blanks squeezed and empty entries dropped ("Rust, Terraform" is two;
    "Kubernetes (k8s)" and "Kubernetes (container orchestration, scheduling)" are one each)."""
    entries, start, depth = [], 0, 0
    for position, char in enumerate(text):
        if char in _OPENING:
            depth += 1
        elif char in _CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0 and char in _LIST_SEPARATORS:
            entries.append(text[start:position])
            start = position + 1
    entries.append(text[start:])
    return [entry for entry in (" ".join(raw.split()) for raw in entries) if entry]


@dataclass(frozen=True)
class TypedSkill:
    """What one typed name adds: a taxonomy skill, the resume's skill of the same name, or the candidate's own."""

    skill_id: str
    name: str
    category: str
    confidence: float


def _check_skill_name(name: str) -> None:
    if not 1 <= len(name) <= 100:
        raise InvalidSkill(fields={"name": ["Give the skill a name of 1 to 100 characters."]})
    problem = _skill_name_problem(name)
    if problem:
        raise InvalidSkill(problem, fields={"name": [problem]})


def _typed_skill(name: str, earlier: list[TypedSkill],
                 on_resume: Callable[[], dict[str, ResumeSkill]]) -> TypedSkill:
    """`on_resume`: the resume's skills by name (`_skills_by_name`), loaded once for all the names typed together."""
    known = taxonomy().resolve_typed(name)  # "Kubernetes (k8s)" is Kubernetes, not a second, unverified skill
    if known:
        return TypedSkill(known.id, known.name, known.category, TYPED_SKILL_CONFIDENCE)
    wanted = _name_key(name)  # "node-red" beside "Node RED": the one there, or the one listed before it
    same = next((typed for typed in earlier if wanted and _name_key(typed.name) == wanted), None)
    if same is not None:
        return same
    if wanted and (same_name := on_resume().get(wanted)) is not None:
        return TypedSkill(same_name.skill_id, same_name.name, same_name.category, 0.0)
    return TypedSkill(custom_skill_id(name), name, "other", 0.0)  # the candidate's own word: unverified


def typed_skills(resume: Resume, text: str) -> list[TypedSkill]:
    """The skills a typed text names, each once, in the order typed: the one rule the page's form and the API read a
    name by (`add_skills`, `add_skill`). Raises InvalidSkill for an empty entry list, a name the name rule refuses,
    or more than MAX_SKILLS_PER_ADD entries."""
    if len(text or "") > SKILL_LIST_MAX_CHARS:
        raise InvalidSkill(fields={"name": [f"Add at most {MAX_SKILLS_PER_ADD} skills at a time, each of 1 to 100 "
                                            "characters."]})
    entries = skill_entries(text or "")
    if len(entries) > MAX_SKILLS_PER_ADD:
        message = (f"That lists {len(entries)} skills; add at most {MAX_SKILLS_PER_ADD} at a time, separated by "
                   "commas.")
        raise InvalidSkill(message, fields={"name": [message]})
    if not entries:
        _check_skill_name("")
    found: list[TypedSkill] = []
    on_resume = functools.cache(functools.partial(_skills_by_name, resume))  # one query, and only when a name needs it
    for entry in entries:
        _check_skill_name(entry)
        typed = _typed_skill(entry, found, on_resume)
        if all(typed.skill_id != seen.skill_id for seen in found):
            found.append(typed)
    return found


def _make_room(resume: Resume, wanted: list[TypedSkill]) -> None:
    """RESUME_MAX_SKILLS holds for all of `wanted` that are new on the resume, or none is added."""
    there = set(resume.skills.filter(skill_id__in=[typed.skill_id for typed in wanted])
                .values_list("skill_id", flat=True))
    new = sum(typed.skill_id not in there for typed in wanted)
    if not new:
        return
    _lock_resume(resume)  # two adds at once cannot both take the last place
    limit, count = settings.RESUME_MAX_SKILLS, resume.skills.count()
    if count >= limit:
        raise SkillLimitReached(f"This resume holds {limit} skills, the most one can hold (removed ones count: "
                                "they stay listed to restore).")
    if count + new > limit:
        raise SkillLimitReached(f"That adds {new} skills, and this resume has room for {limit - count} more of the "
                                f"{limit} skills one can hold (removed ones count: they stay listed to restore). "
                                "Add fewer; nothing was added.")


def _add_typed(resume: Resume, actor, wanted: list[TypedSkill]) -> list[tuple[ResumeSkill, bool]]:
    """Each skill new on the resume, or confirmed when there; one analysis refresh for them all."""
    added, changed = [], False
    for typed in wanted:
        skill, created = ResumeSkill.objects.select_for_update().get_or_create(
            resume=resume, skill_id=typed.skill_id,
            defaults={"name": typed.name, "category": typed.category, "confidence": typed.confidence,
                      "source": SkillSource.CANDIDATE, "status": SkillStatus.CONFIRMED})
        added.append((skill, created))
        if not created and skill.status == SkillStatus.CONFIRMED:
            continue
        if not created:
            skill.status = SkillStatus.CONFIRMED
            skill.save(update_fields=["status"])
        _record(resume, actor, "skill.added", skill)
        changed = True
    if changed:
        _refresh_analysis(resume)
    return added


@transaction.atomic
def add_skills(*, resume: Resume, actor, text: str) -> list[tuple[ResumeSkill, bool]]:
    """Add the skills a typed text lists ("Rust, Terraform": `typed_skills`), each as `add_skill` adds one, all or
    none. Returns each skill with whether it is new on the resume."""
    _own(resume, actor)
    wanted = typed_skills(resume, text)
    _make_room(resume, wanted)
    return _add_typed(resume, actor, wanted)


@transaction.atomic
def add_skill(*, resume: Resume, actor, name: str) -> tuple[ResumeSkill, bool]:
    """Add a skill by name; taxonomy aliases resolve ("k8s" -> Kubernetes), anything else is kept as typed. Returns
    the skill and whether it is new on the resume (one already there is confirmed, nothing else is added).

    One skill: a name that lists several ("a, b, c", read as `typed_skills` reads the page's form) is refused with
    a 400 rather than read as the one of them the taxonomy knows ("C"). "Kubernetes, k8s" names one."""
    _own(resume, actor)
    wanted = typed_skills(resume, name)
    if len(wanted) > 1:
        names = get_text_list([f"“{typed.name}”" for typed in wanted], "and")
        message = (f"That lists {len(wanted)} skills ({names}); add one skill per request. (The resume page's form "
                   "takes a list separated by commas.)")
        raise InvalidSkill(message, fields={"name": [message]})
    _make_room(resume, wanted)
    return _add_typed(resume, actor, wanted)[0]
