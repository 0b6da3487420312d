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


# The feedback is written to the candidate; whoever else reads it (the plan's expert watching live, a mentor on the
# report) read "You explained 3 of 5 expected points" as if it were said to them.
OFFLINE_FEEDBACK = ("You explained 3 of 5 expected points. Score 60/100. You mentioned \u201cheap\u201d but did not "
                    "explain it; for example, a heap gives you the minimum. Most important to add: Complexity.")
ABOUT_THE_CANDIDATE = ("The candidate explained 3 of 5 expected points. Score 60/100. They mentioned \u201cheap\u201d "
                       "but did not explain it; for example, a heap gives them the minimum. Most important to add: "
                       "Complexity.")


@pytest.mark.parametrize(("written", "about"), [
    (OFFLINE_FEEDBACK, ABOUT_THE_CANDIDATE),
    ("Your answer was empty or only a few words, so there was nothing to assess.",
     "The candidate's answer was empty or only a few words, so there was nothing to assess."),
    # an AI's feedback, with the candidate's own words in quotes left as they wrote them
    ('You have the idea but did not say why you would use it: "you can cache it". Your design is sound; you\'re close.',
     'They have the idea but did not say why they would use it: "you can cache it". Their design is sound; they\'re '
     'close.'),
    # R2: "need" is no past tense; a "you" after a word that is no verb nor preposition is the subject; single quotes
    # quote; an inch mark left open does not stop the rewriting for the rest of the text
    ("You need to state the complexity.", "They need to state the complexity."),
    ("Overall, you handle the edge cases well. Then you forgot the empty input.",
     "Overall, they handle the edge cases well. Then they forgot the empty input."),
    ("You wrote 'you can use a set', which is right.", "The candidate wrote 'you can use a set', which is right."),
    ('The board is 5" long. You explained nothing.', 'The board is 5" long. The candidate explained nothing.'),
    ("This lets you skip work and is faster for you.", "This lets them skip work and is faster for them."),
    # curly quotes quote and curly apostrophes stay in their word (R3)
    ("You mentioned \u2018heap\u2019 but you didn\u2019t explain it, so you lose points.",
     "The candidate mentioned \u2018heap\u2019 but they didn\u2019t explain it, so they lose points."),
    ("You\u2019re close: you\u2019ve got the idea.", "They\u2019re close: they\u2019ve got the idea."),
])
def test_feedback_written_to_the_candidate_reads_about_them_for_anyone_else(written, about):
    from interviews.presenters import feedback_for

    assert feedback_for(written, reader_is_candidate=False) == about
    assert feedback_for(written, reader_is_candidate=True) == written


def _evaluated(session, feedback: str):
    from django.utils import timezone

    from interviews.models import Evaluation, Turn

    turn = Turn.objects.create(session=session, index=1, kind="question", question_number=1, prompt="Explain it.",
                               asked_at=timezone.now(), status="evaluated", answer_text="A heap.")
    return Evaluation.objects.create(turn=turn, overall=60, evaluated_at=timezone.now(), feedback=feedback)


def test_the_experts_watch_page_reads_the_feedback_about_the_candidate(planned):
    """The watch page is drawn from the observer's `state` and kept current by `evaluation` pushes: both said "You
    explained 3 of 5 expected points" to the expert."""
    import asyncio

    from interviews.consumers import OBSERVER, InterviewConsumer
    from interviews.evaluation import evaluation_payload
    from interviews.presenters import room_state

    InterviewSession.objects.filter(pk=planned.session.pk).update(state="in_progress")
    evaluation = _evaluated(planned.session, OFFLINE_FEEDBACK)
    assert [e["feedback"] for e in room_state(planned.session, role=OBSERVER)["evaluations"]] == [ABOUT_THE_CANDIDATE]

    sent = []
    for role, expected in ((OBSERVER, ABOUT_THE_CANDIDATE), ("candidate", OFFLINE_FEEDBACK)):
        consumer = InterviewConsumer()
        consumer.role, consumer.scores = role, True

        async def send_json(message, sent=sent):
            sent.append(message)

        consumer.send_json = send_json
        asyncio.run(consumer.interview_evaluation({"message": {"type": "evaluation",
                                                               **evaluation_payload(evaluation)}}))
        assert sent[-1]["feedback"] == expected, role


def test_the_report_reads_the_feedback_about_the_candidate_to_a_mentor(planned, client):
    practice = InterviewSession.objects.create(candidate=planned.candidate, mode="mock", role="backend_engineer",
                                               state="evaluated", overall=72, report=REPORT)
    InterviewSession.objects.filter(pk=practice.pk).update(report={**REPORT, "questions": [{
        **REPORT["questions"][0], "turns": [{**REPORT["questions"][0]["turns"][0], "feedback": OFFLINE_FEEDBACK}]}]})
    pages = {}
    for name in ("mentor", "candidate"):
        client.force_login(getattr(planned, name))
        pages[name] = html.unescape(client.get(f"/interviews/{practice.id}/report/").content.decode())
    assert ABOUT_THE_CANDIDATE in pages["mentor"] and "You explained" not in pages["mentor"]
    assert OFFLINE_FEEDBACK in pages["candidate"]
