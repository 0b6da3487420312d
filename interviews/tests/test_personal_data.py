"""An interview in "download my data" and in account deletion: the candidate's own interviews are exported whole; on
deletion a practice interview goes and a planned one stays for the expert without anything the candidate wrote."""

from __future__ import annotations

import json
import re

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from rest_framework.test import APIClient

from accounts import selectors as account_selectors
from accounts import services as account_services
from accounts.tests.factories import DEFAULT_PASSWORD, CandidateFactory, ExpertFactory
from accounts.tests.stored_text import tables_holding
from interviewmaster.testing import body_of
from interviews import drafts, personal_data, services
from interviews.models import Evaluation, InterviewSession, QuestionGenerationJob, SessionEvent, Turn
from planning import interview_link
from planning.models import InterviewPlan, ScoreAdjustment
from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory, planned_question

pytestmark = pytest.mark.django_db


def _open(session) -> Turn:
    return Turn.objects.get(session=session, status="open")


def _interview(on_commit, candidate, *, words: str, code: str, draft: str, session=None) -> InterviewSession:
    """A quick-start (or the given planned) interview: a warm-up, an answer with code, a draft left on the next
    question, a hint, a paste signal, then the end and the report."""
    session = session or services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                                config={"languages": ["python"]})
    on_commit(services.begin_session, session=session, actor=candidate)
    on_commit(services.submit_answer, session=session, candidate=candidate, text=f"Warm-up: {words}",
              turn_id=_open(session).id)
    services.record_signal(session=session, candidate=candidate, kind="paste")
    on_commit(services.submit_answer, session=session, candidate=candidate, text=words, code=code,
              language="python", turn_id=_open(session).id)
    services.save_draft(session=session, candidate=candidate, turn_id=_open(session).id, text=draft)
    on_commit(services.request_hint, session=session, candidate=candidate)
    on_commit(services.finish_session, session=InterviewSession.objects.get(pk=session.pk), candidate=candidate,
              confirm=True)  # a planned one with its draft left: the candidate confirms the end
    return InterviewSession.objects.get(pk=session.pk)


def _export(user) -> str:
    return json.dumps(account_selectors.personal_data_export(user), cls=DjangoJSONEncoder)


def test_the_export_holds_the_candidates_interviews_and_nothing_of_another(bank, on_commit):
    owner, other = CandidateFactory(target_role="backend_engineer"), CandidateFactory(target_role="backend_engineer")
    session = _interview(on_commit, owner, words="Own answer owl-1731: I would use a hash map.",
                         code="def owl_1731(): pass", draft="Own draft owl-1732")
    _interview(on_commit, other, words="Other answer fox-2841: I would sort.", code="def fox_2841(): pass",
               draft="Other draft fox-2842")
    QuestionGenerationJob.objects.create(requested_by=owner, role="backend_engineer", difficulty="easy", count=2)
    client = APIClient()
    client.force_authenticate(owner)
    response = client.get("/api/v1/users/me/export")

    assert response.status_code == 200
    body = body_of(response).decode()
    interviews = json.loads(body)["interviews"]
    [row] = interviews["sessions"]
    assert row["id"] == session.id and row["state"] == "evaluated" and row["report"]["questions"]
    answered = next(t for t in row["turns"] if t["answer_code"])
    assert "owl-1731" in answered["answer_text"] and answered["answer_code"] == "def owl_1731(): pass"
    assert answered["evaluation"]["overall"] == Evaluation.objects.get(turn_id=Turn.objects.get(
        session=session, answer_code__startswith="def owl").id).overall
    assert answered["pastes"] == 1 and "flags" in answered["evaluation"]
    assert any(t["draft_text"] == "Own draft owl-1732" for t in row["turns"])
    kinds = {e["kind"] for e in row["events"]}
    assert {"session.created", "answer.submitted", "draft.saved", "hint.requested", "signal.paste"} <= kinds
    assert interviews["question_requests"][0]["count"] == 2
    assert "fox-2841" not in body and "fox_2841" not in body


def test_deleting_the_account_erases_its_practice_interviews_everywhere(bank, on_commit, monkeypatch):
    owner, other = CandidateFactory(target_role="backend_engineer"), CandidateFactory(target_role="backend_engineer")
    mine = _interview(on_commit, owner, words="Private answer heron-5521: hash map, O(n).",
                      code="def heron_5521(): return 5521", draft="Private draft heron-5522")
    theirs = _interview(on_commit, other, words="Kept answer ibis-6631: hash map.", code="def ibis_6631(): pass",
                        draft="Kept draft ibis-6632")
    forgotten = []
    monkeypatch.setattr(drafts, "forget", forgotten.extend)
    stashes = set(Turn.objects.filter(session=mine).values_list("session_id", "id"))
    before = {e.id: e.overall for e in Evaluation.objects.filter(candidate=other)}

    on_commit(account_services.delete_account, user=owner, password=DEFAULT_PASSWORD)

    for text in ("heron-5521", "heron_5521", "heron-5522"):
        assert tables_holding(text) == [], text
    assert not InterviewSession.objects.filter(candidate=owner).exists()
    assert not Evaluation.objects.filter(candidate=owner).exists()
    assert not SessionEvent.objects.filter(session_id=mine.id).exists()
    assert set(forgotten) == stashes
    # Another candidate's interview is untouched.
    assert set(tables_holding("ibis-6631")) >= {"interviews_turn", "interviews_interviewsession"}
    assert Turn.objects.filter(session=theirs, answer_code="def ibis_6631(): pass").exists()
    assert {e.id: e.overall for e in Evaluation.objects.filter(candidate=other)} == before
    assert "ibis-6632" in Turn.objects.get(session=theirs, status="skipped").draft_text


@pytest.fixture
def planned(bank):
    candidate = CandidateFactory(email="planned@example.com", target_role="backend_engineer")
    plan = InterviewPlanFactory(state="invited", candidate=candidate, candidate_email=candidate.email,
                                expert=ExpertFactory(), config={"question_distribution": {"databases": {"medium": 1},
                                                                                     "behavioral": {"easy": 1}}})
    version = PlanVersionFactory(plan=plan, questions=[planned_question(), planned_question(
        prompt="Tell me about a time a cache made an outage worse.", category="behavioral", difficulty="easy")])
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=version)
    plan.refresh_from_db()
    return plan


def test_a_planned_interview_stays_for_the_expert_without_the_candidates_words(planned, on_commit):
    candidate = planned.candidate
    session = on_commit(interview_link.start_planned_interview, plan=planned, candidate=candidate)
    session = _interview(on_commit, candidate, session=session,
                         words="Planned answer lynx-7741: a composite index on user and date, always.",
                         code="def lynx_7741(): return 7741", draft="Planned draft lynx-7742")
    evaluated = Turn.objects.get(session=session, answer_code__startswith="def lynx")
    scores = {e.turn_id: (e.overall, e.scores) for e in Evaluation.objects.filter(turn__session=session)}
    planned.refresh_from_db()
    adjustment = interview_link.adjust_score(plan=planned, expert=planned.expert, turn_id=evaluated.id,
                                             criterion=evaluated.evaluation.criteria[0]["key"], score=5,
                                             reason="Good index choice")
    # A hint given on that answer, written from its draft: the rebuilt report keeps when it was taken, not its words.
    SessionEvent.objects.create(session=session, turn=evaluated, kind="hint.given", data={"text": "Hint lynx-7743"})

    on_commit(account_services.delete_account, user=candidate, password=DEFAULT_PASSWORD)

    hinted = next(t for q in InterviewSession.objects.get(id=session.id).report["questions"] for t in q["turns"]
                  if t["turn"] == evaluated.id)
    assert [h["text"] for h in hinted["hints"]] == [""] and hinted["hints"][0]["at"]
    for text in ("lynx-7741", "lynx_7741", "lynx-7742", "lynx-7743"):  # 7743: the hint's event too
        assert tables_holding(text) == [], text
    session.refresh_from_db()
    assert session.state == "evaluated" and session.report["summary"] == personal_data.ERASED_SUMMARY
    assert session.report["questions"] and all(t["answer_text"] == "" for t in session.report["transcript"])
    # The expert's record stays: the planned question, the scores, the adjustment and the audit trail.
    assert Turn.objects.get(id=evaluated.id).prompt == planned_question()["prompt"]
    assert {e.turn_id: (e.overall, e.scores) for e in Evaluation.objects.filter(turn__session=session)} == scores
    assert all(set(c) <= set(personal_data.CRITERION_KEEPS) for c in Evaluation.objects.get(turn=evaluated).criteria)
    assert ScoreAdjustment.objects.filter(id=adjustment.id, reason="Good index choice").exists()
    assert SessionEvent.objects.filter(session=session, kind="answer.submitted").count() == 2
    assert all(t.prompt == personal_data.ERASED_FOLLOW_UP for t in Turn.objects.filter(session=session,
                                                                                       kind="follow_up"))


def test_a_live_planned_interview_is_cancelled_before_its_answers_are_erased(planned, on_commit):
    candidate = planned.candidate
    session = on_commit(interview_link.start_planned_interview, plan=planned, candidate=candidate)
    on_commit(services.begin_session, session=session, actor=candidate)
    services.save_draft(session=session, candidate=candidate, turn_id=_open(session).id, text="Live draft wren-8851")

    on_commit(account_services.delete_account, user=candidate, password=DEFAULT_PASSWORD)

    session.refresh_from_db()
    planned.refresh_from_db()
    assert session.state == "cancelled" and session.end_reason == "account_deleted"
    assert planned.state == "cancelled" and planned.candidate is None
    assert not Turn.objects.filter(session=session, status="open").exists()
    assert tables_holding("wren-8851") == []


def _deleting_mid_evaluation(monkeypatch, on_commit, candidate) -> None:
    """The worker's provider answers the evaluation, and the candidate deletes their account before it is stored."""
    import interviewmaster.ai as ai

    real, deleted = ai.complete_json, []

    def answer_then_delete(task, *args, **kwargs):
        result = real(task, *args, **kwargs)
        if task == "evaluate_answer" and not deleted:
            deleted.append(task)
            on_commit(account_services.delete_account, user=candidate, password=DEFAULT_PASSWORD)
        return result

    monkeypatch.setattr(ai, "complete_json", answer_then_delete)


def test_an_evaluation_written_while_the_account_is_deleted_keeps_only_the_scores(planned, on_commit, monkeypatch):
    from interviews import tasks

    candidate = planned.candidate
    queued = []
    monkeypatch.setattr(tasks.evaluate_turn, "delay", queued.append)  # the ai worker has not got to them yet
    session = on_commit(interview_link.start_planned_interview, plan=planned, candidate=candidate)
    session = _interview(on_commit, candidate, session=session,
                         words="Planned answer kestrel-3391: a composite index on user and date, always.",
                         code="def heron_5521(): return 5521", draft="Planned draft")
    assert session.state == "completed" and queued

    _deleting_mid_evaluation(monkeypatch, on_commit, candidate)
    for turn_id in queued:
        on_commit(tasks.evaluate_turn.apply, args=[turn_id])

    session.refresh_from_db()
    assert session.state == "evaluated" and session.report["summary"] == personal_data.ERASED_SUMMARY
    for evaluation in Evaluation.objects.filter(turn__session=session):
        assert evaluation.overall is not None and evaluation.scores
        assert (evaluation.strengths, evaluation.improvements, evaluation.feedback) == ([], [], "")
        assert all(set(c) <= set(personal_data.CRITERION_KEEPS) for c in evaluation.criteria)
    assert tables_holding("kestrel-3391") == [] and tables_holding("heron_5521") == []


def test_an_evaluation_of_a_practice_interview_deleted_meanwhile_is_dropped(bank, on_commit, monkeypatch):
    from interviews import tasks

    candidate = CandidateFactory()
    queued = []
    monkeypatch.setattr(tasks.evaluate_turn, "delay", queued.append)
    _interview(on_commit, candidate, words="Practice answer: a composite index.", code="def ibis(): pass",
               draft="draft")
    _deleting_mid_evaluation(monkeypatch, on_commit, candidate)
    assert [on_commit(tasks.evaluate_turn.apply, args=[turn_id]).get() for turn_id in queued] == [None] * len(queued)
    assert not Evaluation.objects.filter(candidate=candidate).exists()


def test_forgetting_stashed_drafts_deletes_their_redis_keys_in_batches(settings, monkeypatch):
    class FakeRedis:
        def __init__(self):
            self.deleted = []

        def delete(self, *keys):
            self.deleted.append(keys)

    settings.REDIS_URL = "redis://redis.invalid:6379/0"
    fake = FakeRedis()
    monkeypatch.setattr(drafts, "_sync_client", fake)
    drafts.forget([(7, turn) for turn in range(600)])
    assert [len(batch) for batch in fake.deleted] == [500, 100]
    assert fake.deleted[0][0] == drafts.key(7, 0) and fake.deleted[1][-1] == drafts.key(7, 599)


def _figures(value, key="", *, strings=False):
    """Every number (and with `strings`, every text) in an exported structure, with the key it is under (a list's
    items under the list's key)."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _figures(item, str(name), strings=strings)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _figures(item, key, strings=strings)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield key, value
    elif strings and isinstance(value, str):
        yield key, value


def test_the_export_leaves_a_planned_interviews_evaluation_out_as_the_report_does():
    """"Download my data" gave a planned interview's candidate its score, the stored report with its advice and each
    answer's missed points: the evaluation the room, the report and the REST session leave out."""
    from analytics.tests.factories import evaluated_answer

    user = CandidateFactory()
    practice = evaluated_answer(user, category="coding", overall=81)
    planned = evaluated_answer(user, category="system_design", overall=37)
    Evaluation.objects.filter(pk=planned.pk).update(missing_points=["tenant_id on every table"])
    InterviewSession.objects.filter(pk=planned.turn.session_id).update(
        is_planned=True, expert=ExpertFactory(),
        report={"overall": 37, "summary": "Missed tenant isolation.", "practice": {"problems": ["x"]},
                "questions": [{"number": 1, "score": 37, "turns": [{"score": 37, "feedback": "Add tenant_id."}]}]})
    sessions = {row["id"]: row for row in personal_data.export_interviews_of(user)["sessions"]}
    kept, withheld = sessions[practice.turn.session_id], sessions[planned.turn.session_id]
    assert kept["overall"] == 81 and kept["turns"][0]["evaluation"]["overall"] == 81
    assert "evaluation_withheld" not in kept
    body = json.dumps(withheld, cls=DjangoJSONEncoder)
    assert withheld["overall"] is None and withheld["turns"][0]["evaluation"] is None
    assert withheld["report"]["scores_withheld"] and withheld["evaluation_withheld"]
    for secret in ("tenant_id on every table", "Missed tenant isolation", "Add tenant_id"):
        assert secret not in body, secret
    # The score 37 nowhere as a figure (as text it was flaky: a timestamp or an id may hold "37"; ids may be 37).
    assert not [key for key, value in _figures(withheld) if value == 37 and not key.endswith("id")]
    texts = [value for _key, value in _figures(withheld, strings=True)
             if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.+-]+Z?", value)]
    assert not [text for text in texts if re.search(r"(?<![\w.:])37(?![\w.:])", text)]  # "37/100" in a sentence
    assert withheld["turns"][0]["answer_text"] == "An answer."
