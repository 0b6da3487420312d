"""Resume services: the state machine, idempotent parse steps, candidate edits surviving a re-parse, soft delete."""

from unittest import mock

import pytest

from resumes import services
from resumes.errors import InvalidSkill, ResumeTransitionNotAllowed, SkillLimitReached
from resumes.models import Resume, ResumeEvent, ResumeStatus, SkillSource, SkillStatus
from resumes.selectors import active_resume_for, confirmed_skills_for
from resumes.tasks import parse_resume
from resumes.tests.factories import ResumeFactory, ResumeSkillFactory

pytestmark = pytest.mark.django_db


def test_transition_table_refuses_skipping_states_and_records_allowed_moves():
    resume = ResumeFactory(status=ResumeStatus.UPLOADED, progress=5)
    with pytest.raises(ResumeTransitionNotAllowed):
        services.transition(resume, ResumeStatus.READY)
    services.transition(resume, ResumeStatus.EXTRACTING)
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.EXTRACTING and resume.progress == 15
    event = ResumeEvent.objects.get(resume=resume, kind="status.extracting")
    assert (event.from_status, event.to_status) == ("uploaded", "extracting")


def test_a_stale_copy_cannot_win_a_race_for_the_same_transition():
    resume = ResumeFactory(status=ResumeStatus.UPLOADED, progress=5)
    stale = Resume.objects.get(id=resume.id)
    services.transition(resume, ResumeStatus.EXTRACTING)
    with pytest.raises(ResumeTransitionNotAllowed, match="changed state"):
        services.transition(stale, ResumeStatus.EXTRACTING)


def test_resume_events_are_append_only():
    resume = ResumeFactory()
    event = ResumeEvent.objects.create(resume=resume, kind="x")
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_parse_task_is_idempotent_a_second_delivery_changes_nothing():
    resume = ResumeFactory(status=ResumeStatus.UPLOADED, progress=5)
    assert parse_resume.delay(resume.id).get() == "analysing"
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.READY
    skills_before = list(resume.skills.values_list("skill_id", "confidence"))
    events_before = resume.events.count()
    assert parse_resume.delay(resume.id).get() == "skipped"
    resume.refresh_from_db()
    assert list(resume.skills.values_list("skill_id", "confidence")) == skills_before
    assert resume.events.count() == events_before and resume.status == ResumeStatus.READY


def test_redelivery_after_the_parse_committed_but_before_the_analysis_was_queued_finishes_it():
    resume = ResumeFactory(status=ResumeStatus.UPLOADED, progress=5)
    assert services.parse_resume(resume_id=resume.id) is True  # committed `analysing`; the worker died right after
    skills_before = list(resume.skills.values_list("skill_id", "confidence"))
    assert parse_resume.delay(resume.id).get() == "analysing"  # the redelivered message queues the analysis
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.READY and resume.analysis
    assert list(resume.skills.values_list("skill_id", "confidence")) == skills_before  # nothing extracted twice
    statuses = resume.events.filter(kind__startswith="status.").values_list("to_status", flat=True)
    assert list(statuses) == ["extracting", "analysing", "ready"]


def test_redelivery_after_a_worker_died_mid_extraction_finishes_the_parse():
    resume = ResumeFactory(status=ResumeStatus.EXTRACTING, progress=40)  # the first worker died here
    assert parse_resume.delay(resume.id).get() == "analysing"
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.READY and resume.skills.exists()


def test_parse_task_on_a_deleted_resume_returns_quietly():
    resume = ResumeFactory(status=ResumeStatus.UPLOADED, progress=5)
    Resume.objects.filter(id=resume.id).update(deleted_at="2025-01-01T00:00:00Z")
    assert parse_resume.delay(resume.id).get() == "skipped"
    assert parse_resume.delay(987654).get() == "skipped"


def test_missing_file_in_storage_fails_with_a_reason():
    resume = ResumeFactory(status=ResumeStatus.UPLOADED, progress=5)
    resume.file.storage.delete(resume.file.name)
    parse_resume.delay(resume.id).get()
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.FAILED and resume.failure_code == "file_missing"


def test_unexpected_error_ends_in_failed_instead_of_spinning(monkeypatch):
    resume = ResumeFactory(status=ResumeStatus.UPLOADED, progress=5)

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(services, "parse_text", boom)
    assert parse_resume.delay(resume.id).get() == "failed"
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.FAILED and resume.failure_code == "internal_error"


def test_reparse_keeps_candidate_confirmations_removals_and_additions(django_capture_on_commit_callbacks):
    resume = ResumeFactory(status=ResumeStatus.UPLOADED, progress=5)
    parse_resume.delay(resume.id).get()
    python = resume.skills.get(skill_id="python")
    django_skill = resume.skills.get(skill_id="django")
    services.set_skill_status(resume=resume, actor=resume.owner, skill_pk=python.id, status=SkillStatus.CONFIRMED)
    services.set_skill_status(resume=resume, actor=resume.owner, skill_pk=django_skill.id,
                              status=SkillStatus.REMOVED)
    services.add_skill(resume=resume, actor=resume.owner, name="Underwater basket weaving")
    with django_capture_on_commit_callbacks(execute=True):
        services.reparse_resume(resume=resume, actor=resume.owner)
    resume.refresh_from_db()
    assert resume.status == ResumeStatus.READY
    statuses = dict(resume.skills.values_list("skill_id", "status"))
    assert statuses["python"] == SkillStatus.CONFIRMED
    assert statuses["django"] == SkillStatus.REMOVED
    custom = resume.skills.get(skill_id="custom:underwater-basket-weaving")
    assert custom.source == SkillSource.CANDIDATE and custom.category == "other"


def test_confirmed_skills_of_the_active_resume_are_what_other_features_read(candidate):
    first = ResumeFactory(owner=candidate, is_active=True)
    second = ResumeFactory(owner=candidate)
    ResumeSkillFactory(resume=first, name="Go", skill_id="go", status=SkillStatus.CONFIRMED)
    ResumeSkillFactory(resume=second, name="Rust", skill_id="rust", status=SkillStatus.CONFIRMED)
    ResumeSkillFactory(resume=first, name="Perl", skill_id="perl", status=SkillStatus.SUGGESTED)
    assert [s.name for s in confirmed_skills_for(candidate)] == ["Go"]
    services.set_active_resume(resume=second, actor=candidate)
    assert active_resume_for(candidate) == second
    assert Resume.objects.filter(owner=candidate, is_active=True).count() == 1
    assert [s.name for s in confirmed_skills_for(candidate)] == ["Rust"]


def test_first_upload_becomes_active_and_deleting_it_promotes_the_next(upload, candidate,
                                                                        django_capture_on_commit_callbacks):
    from resumes.tests import documents

    first = Resume.objects.get(id=upload(documents.pdf_bytes()).json()["id"])
    second = Resume.objects.get(id=upload(documents.pdf_bytes()).json()["id"])
    assert first.is_active and not second.is_active
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_resume(resume=first, actor=candidate)
    second.refresh_from_db()
    assert second.is_active


def test_choosing_a_target_role_recomputes_the_gaps(candidate, django_capture_on_commit_callbacks):
    resume = ResumeFactory(owner=candidate, status=ResumeStatus.UPLOADED, progress=5)
    parse_resume.delay(resume.id).get()
    with django_capture_on_commit_callbacks(execute=True):
        services.choose_target_role(resume=resume, actor=candidate, target_role="mobile_engineer")
    resume.refresh_from_db()
    assert resume.analysis["target_role"] == "mobile_engineer"
    areas = {gap["area"] for gap in resume.analysis["gaps"]}
    assert "A mobile platform" in areas and "A UI toolkit" in areas


def test_deleting_the_account_erases_resumes_files_and_code_runs(django_capture_on_commit_callbacks):
    from accounts import selectors as account_selectors
    from accounts import services as account_services
    from accounts.tests.factories import DEFAULT_PASSWORD, CandidateFactory
    from resumes.models import Resume
    from resumes.tests.factories import ResumeFactory
    from studypaths.models import CodeRun
    from studypaths.tests.factories import CodeRunFactory

    user = CandidateFactory()
    resume = ResumeFactory(owner=user, text="Jane Doe jane@example.com +1 555 0100")
    CodeRunFactory(user=user)
    export = account_selectors.personal_data_export(user)
    assert "jane@example.com" in str(export["resumes"]) and export["code_runs"][0]["code"]

    with django_capture_on_commit_callbacks(execute=True):
        account_services.delete_account(user=user, password=DEFAULT_PASSWORD)

    resume = Resume.objects.get(id=resume.id)
    assert resume.deleted_at is not None and resume.text == "" and resume.facts == {} and not resume.file
    assert not CodeRun.objects.filter(user=user).exists()


def test_reparse_by_another_candidate_is_refused_but_staff_may_rerun():
    from accounts.tests.factories import AdminFactory, CandidateFactory
    from resumes.errors import ResumeNotFound

    resume = ResumeFactory(status=ResumeStatus.FAILED)
    with pytest.raises(ResumeNotFound):
        services.reparse_resume(resume=resume, actor=CandidateFactory())
    services.reparse_resume(resume=resume, actor=AdminFactory())
    resume.refresh_from_db()
    assert resume.status != ResumeStatus.FAILED


def test_typed_skill_resolves_through_the_taxonomy_and_unknown_stays_unverified(django_capture_on_commit_callbacks):
    from resumes.services import TYPED_SKILL_CONFIDENCE, add_skill
    from resumes.tests.factories import ResumeFactory

    resume = ResumeFactory()
    known, _ = add_skill(resume=resume, actor=resume.owner, name="  node JS ")
    assert (known.skill_id, known.name, known.confidence) == ("node-js", "Node.js", TYPED_SKILL_CONFIDENCE)
    assert known.verified
    unknown, _ = add_skill(resume=resume, actor=resume.owner, name="Blorptastic")
    assert unknown.skill_id == "custom:blorptastic" and not unknown.verified
    assert unknown.confidence == 0.0


def test_skill_edits_on_a_ready_resume_refresh_the_analysis(django_capture_on_commit_callbacks, monkeypatch):
    from resumes import tasks
    from resumes.services import add_skill

    queued = []
    monkeypatch.setattr(tasks.analyse_resume, "delay", lambda resume_id: queued.append(resume_id))
    resume = ResumeFactory(status=ResumeStatus.READY)
    with django_capture_on_commit_callbacks(execute=True):
        add_skill(resume=resume, actor=resume.owner, name="Go")
    assert queued == [resume.id]


def _remote_analysis(monkeypatch) -> list[dict]:
    """A remote provider answering every analysis with a new reading; returns the calls it got."""
    from interviewmaster import ai
    from interviewmaster.ai.base import AIResult

    calls = []

    def fake_complete_json(task, inputs, schema=None, **kwargs):
        calls.append(inputs)
        return AIResult(task=task, provider="groq", model="m", data={
            "seniority": "senior", "summary": f"Reading {len(calls)}.", "suggested_focus": ["system design"]})

    monkeypatch.setattr(ai, "complete_json", fake_complete_json)
    return calls


def test_a_flood_of_skill_edits_spends_at_most_the_analysis_budget_of_provider_calls(
        django_capture_on_commit_callbacks, monkeypatch, settings):
    """Each skill edit re-ran the whole analysis with a remote provider call (a new list of skills is a new prompt, so
    the reply cache never answered): 600 edits a minute under the API-wide budget, on the pages with none, spent the
    deployment's daily AI quota for everyone. Past RESUME_ANALYSIS_RATE a refresh is the taxonomy analysis with the
    last AI reading kept."""
    from resumes.services import add_skill

    settings.RESUME_ANALYSIS_RATE = "5/hour"
    calls = _remote_analysis(monkeypatch)
    resume = ResumeFactory(status=ResumeStatus.READY, text="Backend developer. Python, Django. 3 years.",
                           target_role="backend_engineer")
    for number in range(12):
        with django_capture_on_commit_callbacks(execute=True):  # Celery is eager: each refresh runs at once
            add_skill(resume=resume, actor=resume.owner, name=f"Blorp {number}")
    assert len(calls) == 5
    resume.refresh_from_db()
    assert resume.skills.count() == 12  # the edits themselves all stand
    assert "A relational database" in {gap["area"] for gap in resume.analysis["gaps"]}
    with django_capture_on_commit_callbacks(execute=True):
        add_skill(resume=resume, actor=resume.owner, name="PostgreSQL")
    assert len(calls) == 5
    resume.refresh_from_db()
    # the taxonomy part follows every edit, the last AI reading stays
    assert "A relational database" not in {gap["area"] for gap in resume.analysis["gaps"]}
    assert resume.analysis["source"] == "ai:groq" and resume.analysis["summary"] == "Reading 5."
    assert resume.analysis["seniority"]["level"] == "senior"
    assert resume.analysis["focus"] == ["system design"]


def test_skill_edits_while_a_refresh_is_queued_queue_no_other(django_capture_on_commit_callbacks, monkeypatch):
    """One queued refresh per resume: it reads the skills when it runs, so edits made meanwhile need no task of their
    own (600 edits a minute queued 600 analyses on the `ai` queue, ahead of everyone's interview evaluations)."""
    from resumes import tasks
    from resumes.services import add_skill, analyse_resume, choose_target_role, set_skill_status

    queued = []
    monkeypatch.setattr(tasks.analyse_resume, "delay", lambda resume_id: queued.append(resume_id))
    resume = ResumeFactory(status=ResumeStatus.READY)
    other = ResumeFactory(status=ResumeStatus.READY, owner=resume.owner)
    with django_capture_on_commit_callbacks(execute=True):
        skill, _ = add_skill(resume=resume, actor=resume.owner, name="Go")
    for status in ("removed", "confirmed", "removed"):
        with django_capture_on_commit_callbacks(execute=True):
            set_skill_status(resume=resume, actor=resume.owner, skill_pk=skill.pk, status=status)
    with django_capture_on_commit_callbacks(execute=True):
        choose_target_role(resume=resume, actor=resume.owner, target_role="backend_engineer")
    with django_capture_on_commit_callbacks(execute=True):
        add_skill(resume=other, actor=other.owner, name="Go")
    assert queued == [resume.id, other.id]
    analyse_resume(resume_id=resume.id)  # the queued refresh runs: the next edit queues one again
    with django_capture_on_commit_callbacks(execute=True):
        add_skill(resume=resume, actor=resume.owner, name="Rust")
    assert queued == [resume.id, other.id, resume.id]


# --- which resume is active: one rule, the one of set_active_resume (a resume that could not be read never is) ----
def _upload_file(candidate, content: bytes, name: str, capture):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with capture(execute=True):  # the parse queued on commit runs (Celery is eager in tests)
        resume = services.upload_resume(owner=candidate, file=SimpleUploadedFile(name, content))
    resume.refresh_from_db()
    return resume


def test_a_first_upload_that_cannot_be_read_hands_active_to_the_next_readable_one(candidate,
                                                                                   django_capture_on_commit_callbacks):
    from resumes.tests import documents

    encrypted = _upload_file(candidate, documents.encrypted_pdf_bytes(), "enc.pdf", django_capture_on_commit_callbacks)
    assert encrypted.status == ResumeStatus.FAILED and encrypted.failure_code == "encrypted_pdf"
    assert not encrypted.is_active and active_resume_for(candidate) is None
    readable = _upload_file(candidate, documents.pdf_bytes(), "r1.pdf", django_capture_on_commit_callbacks)
    assert readable.status == ResumeStatus.READY and readable.is_active
    assert active_resume_for(candidate) == readable


def test_an_active_resume_still_being_read_that_fails_gives_way_to_a_ready_one(candidate):
    ready = ResumeFactory(owner=candidate)
    parsing = ResumeFactory(owner=candidate, status=ResumeStatus.EXTRACTING, progress=15)
    services.set_active_resume(resume=parsing, actor=candidate)  # allowed: it is on its way to being ready
    services.fail_resume(resume_id=parsing.id, code="no_text_layer", reason="The PDF has no text layer.")
    parsing.refresh_from_db()
    ready.refresh_from_db()
    assert not parsing.is_active and ready.is_active


def test_a_resume_that_becomes_ready_takes_over_when_none_is_active(candidate):
    failed = ResumeFactory(owner=candidate, status=ResumeStatus.FAILED)
    other = ResumeFactory(owner=candidate, status=ResumeStatus.UPLOADED, progress=5)
    assert parse_resume.delay(other.id).get() == "analysing"
    other.refresh_from_db()
    failed.refresh_from_db()
    assert other.status == ResumeStatus.READY and other.is_active and not failed.is_active
    # with an active resume already chosen, a later one becoming ready leaves it alone
    later = ResumeFactory(owner=candidate, status=ResumeStatus.UPLOADED, progress=5)
    parse_resume.delay(later.id).get()
    later.refresh_from_db()
    assert later.status == ResumeStatus.READY and not later.is_active and active_resume_for(candidate) == other


def test_deleting_the_active_resume_never_promotes_one_that_could_not_be_read(candidate,
                                                                              django_capture_on_commit_callbacks):
    active = ResumeFactory(owner=candidate, is_active=True)
    failed = ResumeFactory(owner=candidate, status=ResumeStatus.FAILED, failure_code="encrypted_pdf")
    with django_capture_on_commit_callbacks(execute=True):
        deletion = services.delete_resume(resume=active, actor=candidate)
    failed.refresh_from_db()
    assert not failed.is_active and active_resume_for(candidate) is None
    assert deletion == services.Deletion(was_active=True, now_active=None)


def test_deleting_the_active_resume_promotes_the_newest_ready_else_one_being_read(candidate,
                                                                                  django_capture_on_commit_callbacks):
    first = ResumeFactory(owner=candidate, is_active=True)
    ResumeFactory(owner=candidate, status=ResumeStatus.FAILED)
    parsing = ResumeFactory(owner=candidate, status=ResumeStatus.EXTRACTING, progress=15)
    older_ready = ResumeFactory(owner=candidate)
    ResumeFactory(owner=candidate, status=ResumeStatus.FAILED)  # the newest: failed, never chosen
    Resume.objects.filter(id=older_ready.id).update(created_at=parsing.created_at.replace(year=2020))
    deletion = services.delete_resume(resume=first, actor=candidate)
    assert active_resume_for(candidate) == older_ready  # a ready one before a newer one still being read
    assert deletion.was_active and deletion.now_active == older_ready and deletion.now_active.is_active
    deletion = services.delete_resume(resume=older_ready, actor=candidate)
    assert active_resume_for(candidate) == parsing and deletion.now_active == parsing
    assert services.delete_resume(resume=ResumeFactory(owner=candidate), actor=candidate) == services.Deletion(
        was_active=False)  # not the active one: nothing changed hands


# --- uploads: nothing stored without its row; the per-candidate quota ---------------------------------------------
def _stored_files(settings) -> list:
    from pathlib import Path

    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_failed_row_insert_leaves_no_file_in_storage(candidate, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import IntegrityError, connection

    from resumes.tests import documents

    def refuse_the_resume_row(execute, sql, params, many, context):  # the database says no, as on a constraint
        if sql.lstrip().upper().startswith('INSERT INTO "RESUMES_RESUME"'):
            raise IntegrityError("refused by the test")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse_the_resume_row), pytest.raises(IntegrityError):
        services.upload_resume(owner=candidate, file=SimpleUploadedFile("r1.pdf", documents.pdf_bytes()))
    assert not Resume.objects.exists()
    assert _stored_files(settings) == []


def test_the_per_candidate_quota_refuses_one_resume_too_many_and_stores_nothing(candidate, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from resumes.errors import ResumeQuotaExceeded
    from resumes.tests import documents

    settings.RESUME_MAX_PER_USER = 2
    kept = [ResumeFactory(owner=candidate), ResumeFactory(owner=candidate)]
    ResumeFactory(owner=candidate, deleted_at="2025-01-01T00:00:00Z")  # deleted ones do not count
    ResumeFactory()  # nor do other candidates'
    files_before = _stored_files(settings)
    with pytest.raises(ResumeQuotaExceeded) as refused:
        services.upload_resume(owner=candidate, file=SimpleUploadedFile("r3.pdf", documents.pdf_bytes()))
    assert refused.value.code == "resume_quota_exceeded" and refused.value.status_code == 409
    assert "delete one" in refused.value.message
    assert _stored_files(settings) == files_before
    services.delete_resume(resume=kept[0], actor=candidate)
    assert services.upload_resume(owner=candidate, file=SimpleUploadedFile("r3.pdf", documents.pdf_bytes()))


def test_the_per_candidate_quota_counts_the_bytes_of_live_resumes(candidate, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from resumes.errors import ResumeQuotaExceeded
    from resumes.tests import documents

    content = documents.pdf_bytes()
    kept = ResumeFactory(owner=candidate)
    settings.RESUME_MAX_BYTES_PER_USER = kept.size_bytes + len(content) - 1
    with pytest.raises(ResumeQuotaExceeded, match="MB you can keep"):
        services.upload_resume(owner=candidate, file=SimpleUploadedFile("r2.pdf", content))
    settings.RESUME_MAX_BYTES_PER_USER = kept.size_bytes + len(content)
    assert services.upload_resume(owner=candidate, file=SimpleUploadedFile("r2.pdf", content))


# --- names: typed skills in any script, long file names ------------------------------------------------------------
def test_typed_skill_names_in_other_scripts_are_kept_apart(candidate):
    resume = ResumeFactory(owner=candidate)
    names = ["Битрикс", "Тестирование ПО", "数据分析", "データ分析", "تحليل البيانات", "किताब", "कुताब"]
    added = [services.add_skill(resume=resume, actor=candidate, name=name) for name in names]
    assert all(created for _, created in added)
    assert len({skill.skill_id for skill, _ in added}) == len(names)
    assert sorted(resume.skills.values_list("name", flat=True)) == sorted(names)
    assert added[0][0].skill_id == "custom:битрикс" and added[2][0].skill_id == "custom:数据分析"
    again, created = services.add_skill(resume=resume, actor=candidate, name="  БИТРИКС ")  # case and spaces aside
    assert not created and again.id == added[0][0].id and resume.skills.count() == len(names)


@pytest.mark.parametrize(("name", "problem"), [
    ("\u200b", "visible character"),                    # an empty row on the page
    ("\u200b\u200d\ufe0f", "visible character"),
    ("a\x00b", "control characters"),                   # PostgreSQL refuses a NUL: a 500 from the page
    ("\u202eevil", "text-direction characters"),        # shown as "live"
    ("Go\u2066lang", "text-direction characters"),
])
def test_a_typed_skill_without_a_visible_character_or_with_hidden_ones_is_refused(candidate, name, problem):
    resume = ResumeFactory(owner=candidate)
    with pytest.raises(InvalidSkill, match=problem) as exc:
        services.add_skill(resume=resume, actor=candidate, name=name)
    assert problem in exc.value.fields["name"][0]
    assert not resume.skills.exists()


@pytest.mark.parametrize(("text", "entries"), [
    ("Rust, Terraform", ["Rust", "Terraform"]),
    ("Go;\n  Rust、Zig ，Elixir,,", ["Go", "Rust", "Zig", "Elixir"]),
    ("Kubernetes (container orchestration, scheduling)", ["Kubernetes (container orchestration, scheduling)"]),
    ("Python / Django", ["Python / Django"]),
    (" , ;", []),
])
def test_a_typed_text_lists_skills_at_commas_semicolons_and_line_breaks_outside_brackets(text, entries):
    assert services.skill_entries(text) == entries


def test_a_typed_list_adds_each_skill_through_the_taxonomy_once(candidate):
    """"Rust, Terraform" was one unverified skill of that name; through the API "a,b,c" was the C language."""
    resume = ResumeFactory(owner=candidate)
    ResumeSkillFactory(resume=resume, skill_id="go", name="Go", status=SkillStatus.SUGGESTED)
    added = services.add_skills(resume=resume, actor=candidate, text="Rust, Terraform; golang, rust, Blorp")
    assert [(skill.skill_id, created) for skill, created in added] == [
        ("rust", True), ("terraform", True), ("go", False), ("custom:blorp", True)]
    assert dict(resume.skills.values_list("skill_id", "status")) == {
        "rust": SkillStatus.CONFIRMED, "terraform": SkillStatus.CONFIRMED, "go": SkillStatus.CONFIRMED,
        "custom:blorp": SkillStatus.CONFIRMED}


def test_one_skill_per_add_skill_a_list_is_refused_and_never_read_as_the_one_skill_it_names(candidate):
    resume = ResumeFactory(owner=candidate)
    for text in ["a,b,c", "Rust, Terraform"]:
        with pytest.raises(InvalidSkill, match="add one skill per request") as exc:
            services.add_skill(resume=resume, actor=candidate, name=text)
        assert "skills" in exc.value.fields["name"][0]
    assert not resume.skills.exists()
    # two ways of writing one skill are that skill
    skill, created = services.add_skill(resume=resume, actor=candidate, name="Kubernetes, k8s")
    assert (skill.skill_id, created) == ("kubernetes", True)


def test_a_typed_list_is_bounded_and_added_whole_or_not_at_all(candidate, settings):
    resume = ResumeFactory(owner=candidate)
    too_many = ", ".join(f"Blorp {number}" for number in range(services.MAX_SKILLS_PER_ADD + 1))
    with pytest.raises(InvalidSkill, match=f"at most {services.MAX_SKILLS_PER_ADD}"):
        services.add_skills(resume=resume, actor=candidate, text=too_many)
    with pytest.raises(InvalidSkill, match="text-direction"):  # one bad entry: none of them
        services.add_skills(resume=resume, actor=candidate, text="Rust, \u202eevil")
    settings.RESUME_MAX_SKILLS = 3
    ResumeSkillFactory(resume=resume, skill_id="python", name="Python")
    with pytest.raises(SkillLimitReached, match="room for 2 more"):
        services.add_skills(resume=resume, actor=candidate, text="Rust, Terraform, Go")
    assert list(resume.skills.values_list("skill_id", flat=True)) == ["python"]
    assert len(services.add_skills(resume=resume, actor=candidate, text="Rust, Terraform, python")) == 3


def test_typed_skill_ids_stay_distinct_without_letters_and_when_cut_to_length(candidate):
    resume = ResumeFactory(owner=candidate)
    names = ["+++", "###", "x" * 60 + " one", "x" * 60 + " two"]
    skills = [services.add_skill(resume=resume, actor=candidate, name=name)[0] for name in names]
    assert len({s.skill_id for s in skills}) == 4
    assert all(len(s.skill_id) <= 64 for s in skills)


@pytest.mark.parametrize("count", [1, 5, 20])
def test_typed_names_read_the_resumes_skills_in_one_query_however_many_are_typed(candidate, count,
                                                                                 django_assert_num_queries):
    """Each name the taxonomy does not know was looked up on the resume with a query of its own, and each skill read
    cost one more (its deferred resume id): twenty typed names beside three skills were eighty queries (session 35)."""
    resume = ResumeFactory(owner=candidate)
    there = ResumeSkillFactory(resume=resume, skill_id="custom:node-red", name="Node RED", category="other")
    ResumeSkillFactory.create_batch(2, resume=resume)
    names = ["node-red", *(f"Blorp {n}" for n in range(count - 1))]
    services.typed_skills(resume, "Python")  # the taxonomy is read from its file, never from the database
    with django_assert_num_queries(1):
        typed = services.typed_skills(resume, ", ".join(names))
    assert [t.skill_id for t in typed] == [there.skill_id, *(f"custom:blorp-{n}" for n in range(count - 1))]
    assert typed[0].name == "Node RED"  # the one on the resume, whatever its case and punctuation
    with django_assert_num_queries(0):  # names the taxonomy knows never read the resume
        services.typed_skills(resume, "Python, Go, Rust")


def test_a_long_file_name_is_shortened_keeping_its_extension(candidate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from resumes.tests import documents

    resume = services.upload_resume(owner=candidate, file=SimpleUploadedFile("a" * 300 + ".pdf",
                                                                              documents.pdf_bytes()))
    assert len(resume.original_filename) == 200 and resume.original_filename == "a" * 196 + ".pdf"
    assert services.shortened_filename("b" * 300) == "b" * 200  # no extension: simply cut
    assert services.shortened_filename("cv.pdf") == "cv.pdf"


@pytest.mark.django_db(transaction=True)
def test_a_broker_refusing_the_parse_after_the_commit_keeps_the_file_with_its_row(settings, monkeypatch):
    """Only an uncommitted row loses its file: when the queue fails after the commit, the row and its file stay (a
    "read again" can then queue the parse)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.tests.factories import CandidateFactory
    from resumes import tasks
    from resumes.tests import documents

    def broker_down(*args, **kwargs):
        raise OSError("broker unreachable")

    monkeypatch.setattr(tasks.parse_resume, "apply_async", broker_down)
    candidate = CandidateFactory()
    with pytest.raises(OSError):
        services.upload_resume(owner=candidate, file=SimpleUploadedFile("r1.pdf", documents.pdf_bytes()))
    resume = Resume.objects.get(owner=candidate)
    assert resume.file.storage.exists(resume.file.name)
    assert len(_stored_files(settings)) == 1


def _hold_analysis(resume_id: int):
    from datetime import timedelta

    from django.utils import timezone

    from interviewmaster.models import TaskLease

    return TaskLease.objects.create(name=f"resumes.analysis:{resume_id}", holder="task-A",
                                    until=timezone.now() + timedelta(seconds=60))


def test_a_refresh_that_finds_another_analysis_running_comes_back_for_its_edit(
        django_capture_on_commit_callbacks, monkeypatch):
    """Refresh A cleared the queued mark and read the skills; an edit saved then queued refresh B, which started while
    A still ran, found the lease held and did nothing: the edit was in no analysis, and B's mark made every later edit
    queue nothing for STUCK_WORK_AFTER_SECONDS (no sweep refreshes a ready resume)."""
    from celery.exceptions import Retry

    from resumes import tasks
    from resumes.services import add_skill

    queued, retried = [], []
    monkeypatch.setattr(tasks.analyse_resume, "delay", lambda resume_id: queued.append(resume_id))

    def retry(**options):
        retried.append(options)
        return Retry()

    monkeypatch.setattr(tasks.analyse_resume, "retry", retry)
    resume = ResumeFactory(status=ResumeStatus.READY)
    lease = _hold_analysis(resume.id)
    with django_capture_on_commit_callbacks(execute=True):
        add_skill(resume=resume, actor=resume.owner, name="Go")
    assert queued == [resume.id]
    with pytest.raises(Retry):  # Celery sends it again in REFRESH_WAIT_SECONDS
        tasks.analyse_resume.apply(args=[resume.id], task_id="task-B")
    assert retried == [{"countdown": tasks.REFRESH_WAIT_SECONDS, "max_retries": tasks.REFRESH_WAIT_ATTEMPTS}]
    lease.delete()  # A is done: B's retry runs, reads the skills and clears the mark
    assert tasks.analyse_resume.apply(args=[resume.id], task_id="task-B", retries=1).get() == "ready"
    with django_capture_on_commit_callbacks(execute=True):
        add_skill(resume=resume, actor=resume.owner, name="Rust")
    assert queued == [resume.id, resume.id]


def test_a_refresh_that_waited_its_last_attempt_lets_the_next_edit_queue_one(django_capture_on_commit_callbacks,
                                                                             monkeypatch):
    from resumes import tasks
    from resumes.services import add_skill

    queued = []
    monkeypatch.setattr(tasks.analyse_resume, "delay", lambda resume_id: queued.append(resume_id))
    resume = ResumeFactory(status=ResumeStatus.READY)
    _hold_analysis(resume.id)
    with django_capture_on_commit_callbacks(execute=True):
        add_skill(resume=resume, actor=resume.owner, name="Go")
    result = tasks.analyse_resume.apply(args=[resume.id], task_id="task-B", retries=tasks.REFRESH_WAIT_ATTEMPTS)
    assert result.get() == "skipped"
    with django_capture_on_commit_callbacks(execute=True):
        add_skill(resume=resume, actor=resume.owner, name="Rust")
    assert queued == [resume.id, resume.id]


def test_a_copy_that_finds_the_analysis_running_with_no_edit_waiting_does_nothing(monkeypatch):
    """The sweep's copy of a first analysis, or a refresh whose edits the running one has read: no second AI call."""
    from resumes import tasks

    monkeypatch.setattr(tasks.analyse_resume, "retry", mock.Mock(side_effect=AssertionError("no retry")))
    resume = ResumeFactory(status=ResumeStatus.ANALYSING)
    _hold_analysis(resume.id)
    assert tasks.analyse_resume.apply(args=[resume.id], task_id="task-B").get() == "skipped"


def test_an_edit_that_rolls_back_leaves_no_queued_mark(django_capture_on_commit_callbacks, monkeypatch):
    """The mark was set inside the edit's transaction: an edit that then failed queued no refresh, yet its mark kept
    the next edits from queueing one for STUCK_WORK_AFTER_SECONDS."""
    from django.db import transaction

    from resumes import tasks
    from resumes.services import add_skill

    queued = []
    monkeypatch.setattr(tasks.analyse_resume, "delay", lambda resume_id: queued.append(resume_id))
    resume = ResumeFactory(status=ResumeStatus.READY)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        add_skill(resume=resume, actor=resume.owner, name="Go")
        raise RuntimeError("the rest of the request failed")
    assert queued == []
    with django_capture_on_commit_callbacks(execute=True):
        add_skill(resume=resume, actor=resume.owner, name="Rust")
    assert queued == [resume.id]
