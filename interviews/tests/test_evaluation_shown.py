"""Who reads an interview's evaluation: one rule, `policy.evaluation_shown_to`, for the report (page and JSON), the
REST session's `overall`, the room and the candidate's own lists. It was written three ways: the REST session gave
staff other than the plan's expert (a superuser among them) a null `overall` beside the report's full evaluation, and
a mentor's copy of a planned interview's report kept the reviewer's flags the candidate's copy leaves out."""

from __future__ import annotations

import html
from types import SimpleNamespace

import pytest

from accounts.services import assign_mentor
from accounts.tests.factories import AdminFactory, CandidateFactory, ExpertFactory, MentorFactory
from interviews import policy
from interviews.api import SessionOutput
from interviews.models import InterviewSession
from interviews.reports import report_seen_by
from interviews.selectors import EVALUATION_WITHHELD_FROM_CANDIDATE


def _session(*, planned: bool, candidate=7, expert=9):
    return SimpleNamespace(is_planned=planned, candidate_id=candidate, expert_id=expert if planned else None)


def _user(user_id, *, staff=False, superuser=False):
    return SimpleNamespace(id=user_id, is_staff=staff or superuser, is_superuser=superuser)


def test_a_practice_interviews_evaluation_is_shown_to_whoever_may_see_it():
    practice = _session(planned=False)
    assert all(policy.evaluation_shown_to(practice, user) for user in (_user(7), _user(3), _user(4, superuser=True)))


def test_a_planned_interviews_evaluation_is_its_experts_and_a_superusers():
    planned = _session(planned=True)
    assert policy.evaluation_shown_to(planned, _user(9, staff=True))  # the plan's expert
    assert policy.evaluation_shown_to(planned, _user(4, superuser=True))  # reads every interview in admin too
    assert not policy.evaluation_shown_to(planned, _user(7))  # its candidate
    assert not policy.evaluation_shown_to(planned, _user(3))  # a mentor
    assert not policy.evaluation_shown_to(planned, _user(5, staff=True))  # another expert
    assert not policy.evaluation_shown_to(planned, _user(7, superuser=True))  # the candidate, whatever else they are
    assert not policy.evaluation_shown_to(planned, None)
    assert not policy.evaluation_shown_to(_session(planned=True, expert=None), _user(None))


@pytest.mark.django_db
def test_the_candidates_filter_says_what_the_rule_says():
    candidate = CandidateFactory()
    for planned in (False, True):
        session = InterviewSession.objects.create(candidate=candidate, mode="custom_config", is_planned=planned,
                                                  expert=ExpertFactory() if planned else None)
        withheld = InterviewSession.objects.filter(EVALUATION_WITHHELD_FROM_CANDIDATE, pk=session.pk).exists()
        assert withheld is not policy.evaluation_shown_to(session, candidate)


REPORT = {"overall": 72, "answered_questions": 1, "missed_questions": 0, "total_questions": 1,
          "end_reason": "last_question", "by_criterion": [{"key": "correctness", "name": "Correctness", "score": 3.0}],
          "by_category": [{"key": "system_design", "name": "System design", "score": 72}],
          "summary": "Names tenant_id as the thing to add.", "strengths": [], "weaknesses": ["tenant_id"],
          "recommendations": [], "practice": {"modules": [], "problems": []}, "flags": ["keyword_list"],
          "summary_provider": "offline",
          "questions": [{"number": 1, "title": "Tenants", "category": "system_design", "difficulty": "medium",
                         "score": 72, "answered": True,
                         "turns": [{"turn": 1, "index": 1, "kind": "question", "strategy": "",
                                    "prompt": "How would you isolate tenants?", "status": "evaluated",
                                    "answer_text": "One schema per tenant.", "answer_code": "", "language": "",
                                    "test_results": {}, "hints": [], "score": 72, "criteria": [],
                                    "strengths": [], "improvements": [], "feedback": "Missed tenant_id.",
                                    "flags": ["keyword_list"],
                                    "behaviour": {"seconds_to_first_keystroke": 3, "seconds_spent": 40, "pastes": 0,
                                                  "tab_changes": 0, "long_pauses": 0, "longest_pause_seconds": 0,
                                                  "hints": 0}}]}],
          "transcript": [{"index": 1, "kind": "question", "prompt": "How would you isolate tenants?",
                          "answer_text": "One schema per tenant.", "answer_code": "", "status": "evaluated",
                          "hints": []}],
          "behaviour": {"paused_seconds": 0, "pastes": 0, "tab_changes": 0, "long_pauses": 0, "hints": 0,
                        "note": "Shown for context."}}


@pytest.fixture
def planned(db):
    candidate, expert = CandidateFactory(name="Ann Lee"), ExpertFactory()
    session = InterviewSession.objects.create(candidate=candidate, expert=expert, mode="custom_config",
                                              role="backend_engineer", is_planned=True, state="evaluated",
                                              overall=72, report=REPORT)
    mentor = MentorFactory()
    assign_mentor(mentor=mentor, candidate=candidate)
    return SimpleNamespace(session=session, candidate=candidate, expert=expert, mentor=mentor)


def test_whoever_gets_a_null_overall_reads_the_candidates_copy_of_the_report(planned):
    """A superuser or another expert got a null `overall` from the REST session and the full evaluation from the
    report; now both follow `policy.evaluation_shown_to`."""
    readers = {"candidate": planned.candidate, "mentor": planned.mentor, "expert": planned.expert,
               "another expert": ExpertFactory(), "superuser": AdminFactory()}
    seen = {}
    for name, user in readers.items():
        overall = SessionOutput(planned.session, context={"viewer": user}).data["overall"]
        report = report_seen_by(planned.session, user)
        assert (overall is None) is bool(report.get("scores_withheld")), name
        assert (overall is None) is ("overall" not in report), name
        seen[name] = overall
    assert seen == {"candidate": None, "mentor": None, "expert": 72, "another expert": None, "superuser": 72}


def test_a_mentors_copy_of_a_planned_interviews_report_is_the_candidates_without_the_reviewers_flags(planned):
    mentor = report_seen_by(planned.session, planned.mentor)
    assert mentor == report_seen_by(planned.session, planned.candidate)
    assert "flags" not in mentor and "tenant_id" not in str(mentor)
    assert report_seen_by(planned.session, planned.expert)["flags"] == ["keyword_list"]


def test_the_report_page_speaks_to_a_mentor_of_the_candidate_not_as_to_the_candidate(planned, client):
    """A mentor read "Your interviewer reads the evaluation ... what you were asked" and "You:" before each answer of
    the transcript: words written for the candidate."""
    client.force_login(planned.mentor)
    page = html.unescape(client.get(f"/interviews/{planned.session.id}/report/").content.decode())
    assert "Ann Lee's interviewer reads the evaluation of this interview" in page
    assert "what they were asked and what they answered" in page
    assert "Your interviewer" not in page and "what you were asked" not in page
    assert "<strong>Ann Lee:</strong> One schema per tenant." in page and "<strong>You:</strong>" not in page
    client.force_login(planned.candidate)
    page = html.unescape(client.get(f"/interviews/{planned.session.id}/report/").content.decode())
    assert "Your interviewer reads the evaluation of this interview" in page and "Ann Lee's interviewer" not in page
    assert "<strong>You:</strong> One schema per tenant." in page


def test_the_rest_of_the_report_page_speaks_to_a_mentor_of_the_candidate_too(planned, client):
    """A mentor also read "Tests not run: your judge budget was spent", "Your answers are being evaluated", a "go back
    to the room" link they cannot follow, and "All your interviews · Start another"."""
    import copy

    report = copy.deepcopy(REPORT)
    report["questions"][0]["turns"][0]["test_results"] = {"not_run": True}
    practice = InterviewSession.objects.create(candidate=planned.candidate, mode="mock", role="backend_engineer",
                                               state="evaluated", overall=72, report=report)
    pages = {}
    for name, user in (("mentor", planned.mentor), ("candidate", planned.candidate)):
        client.force_login(user)
        pages[name] = {}
        for state in ("evaluated", "completed", "in_progress"):
            InterviewSession.objects.filter(pk=practice.pk).update(state=state)
            pages[name][state] = html.unescape(client.get(f"/interviews/{practice.id}/report/").content.decode())
    mentor, candidate = pages["mentor"], pages["candidate"]
    assert "Tests not run: the candidate's judge budget was spent (their practice runs" in mentor["evaluated"]
    assert "Tests not run: your judge budget was spent (your practice runs" in candidate["evaluated"]
    assert "All your interviews" not in mentor["evaluated"] and "All your interviews" in candidate["evaluated"]
    assert "Ann Lee's answers are being evaluated" in mentor["completed"]
    assert "Your answers are being evaluated" in candidate["completed"]
    assert "go back to the room" not in mentor["in_progress"] and "go back to the room" in candidate["in_progress"]


def test_the_report_of_a_live_planned_interview_links_its_expert_to_the_room(planned, client):
    """Its expert sits in the room as the observer: the report's "no report yet" line kept the room's link from them
    along with the mentor, who cannot enter it."""
    InterviewSession.objects.filter(pk=planned.session.pk).update(state="in_progress")
    links = {}
    for name in ("candidate", "expert", "mentor"):
        client.force_login(getattr(planned, name))
        page = client.get(f"/interviews/{planned.session.id}/report/").content.decode()
        links[name] = f'href="/interviews/{planned.session.id}/"' in page
    assert links == {"candidate": True, "expert": True, "mentor": False}
