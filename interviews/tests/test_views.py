"""Pages: dashboard, start, history, room, the no-JavaScript answer form, report; others get 404."""

from __future__ import annotations

import html
import json
import re

import pytest

from accounts.tests.factories import CandidateFactory
from interviews import services
from interviews.errors import InvalidMessage
from interviews.models import InterviewSession, Turn
from interviews.tests.factories import STRONG_ANSWER

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, candidate):
    client.force_login(candidate)
    return client


def test_dashboard_is_the_signed_in_home_with_a_start_button(signed_in):
    response = signed_in.get("/")
    assert response.status_code == 200
    assert b"Start an interview" in response.content and b"Recent interviews" in response.content


def test_dashboard_names_each_recent_interview_by_role_and_mode(bank, signed_in, candidate):
    """"5 Dec, 11:01 — Evaluated" five times over told the candidate nothing about which interview was which."""
    services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                           config={"languages": ["python"]})
    page = signed_in.get("/").content.decode()
    recent = page[page.index('class="recent-list"'):]
    recent = recent[:recent.index("</ul>")]
    assert re.search(r">Backend Engineer · Quick start</a>", recent, re.IGNORECASE), recent


def test_start_page_creates_a_quick_start_interview_and_opens_the_room(bank, signed_in, candidate):
    assert signed_in.get("/interviews/new/").status_code == 200
    response = signed_in.post("/interviews/new/", {"mode": "quick_start", "role": "backend_engineer",
                                                   "languages": ["python"]})
    session = InterviewSession.objects.get(candidate=candidate)
    assert response.status_code == 302 and response["Location"] == f"/interviews/{session.id}/"
    assert session.config["languages"] == ["python"]


def test_custom_start_builds_the_distribution(bank, signed_in, candidate):
    response = signed_in.post("/interviews/new/", {
        "mode": "custom_config", "role": "backend_engineer", "categories": ["databases", "system_design"],
        "per_category": 1, "difficulty": "easy", "max_follow_ups": 2, "adaptive": "on"})
    assert response.status_code == 302
    config = InterviewSession.objects.get(candidate=candidate).config
    # System design has no easy questions: the nearest level it offers is used.
    assert config["question_distribution"] == {"databases": {"easy": 1}, "system_design": {"medium": 1}}
    assert config["max_follow_ups_per_question"] == 2


def test_custom_start_offers_the_quick_start_follow_up_default_and_reads_an_empty_field_as_it(bank, signed_in,
                                                                                               candidate):
    form = signed_in.get("/interviews/new/").context["form"]
    assert form["max_follow_ups"].initial == 2  # quick start's: one default for every interview
    signed_in.post("/interviews/new/", {"mode": "custom_config", "role": "backend_engineer",
                                        "categories": ["databases"], "per_category": 1, "max_follow_ups": ""})
    assert InterviewSession.objects.get(candidate=candidate).config["max_follow_ups_per_question"] == 2


def test_custom_start_without_categories_shows_the_error_and_creates_nothing(bank, signed_in):
    response = signed_in.post("/interviews/new/", {"mode": "custom_config", "role": "backend_engineer"})
    assert response.status_code == 400
    assert b"Choose at least one category" in response.content
    assert not InterviewSession.objects.exists()


def test_a_coding_interview_needs_a_language_the_judge_runs_and_the_page_says_which(bank, signed_in, candidate):
    """Custom, "Coding and algorithms" only, Programming languages = Go: it started, the judge problem's room showed a
    blank language list over JavaScript starter code, and the Go answer, never run, was graded by reading. The form
    names the judge's languages and refuses the start; Go beside Python starts, and Go alone is fine where no question
    asks for code."""
    from studypaths.sandbox import LANGUAGES

    custom = {"mode": "custom_config", "role": "backend_engineer", "per_category": 1, "difficulty": "level",
              "max_follow_ups": 0}
    page = signed_in.get("/interviews/new/").content.decode()
    assert "tests run in Python and JavaScript" in page and set(LANGUAGES) == {"python", "javascript"}
    for mode in ({**custom, "categories": ["coding"]}, {"mode": "quick_start", "role": "backend_engineer"}):
        response = signed_in.post("/interviews/new/", {**mode, "languages": ["go"]})
        assert response.status_code == 400 and not InterviewSession.objects.exists()
        error = re.search(r'<p class="form-error" role="alert">([^<]*)</p>', response.content.decode()).group(1)
        assert html.unescape(error) == ("Coding questions run your code against their tests in Python or JavaScript "
                                        "only; add one of them to the languages (Go may stay, for code that is read "
                                        "rather than run).")
    response = signed_in.post("/interviews/new/", {**custom, "categories": ["coding"], "languages": ["go", "python"]})
    assert response.status_code == 302
    InterviewSession.objects.filter(candidate=candidate).update(state="cancelled")
    response = signed_in.post("/interviews/new/", {**custom, "categories": ["behavioral"], "languages": ["go"]})
    assert response.status_code == 302


def _the_pages_own_choices(page) -> dict:
    """What posting the start page unchanged sends: each field's initial value."""
    form = page.context["form"]
    return {name: form[name].value() for name in form.fields if form[name].value() not in (None, False, "", [])}


def test_the_start_pages_defaults_start_an_interview_whatever_the_profiles_language(bank, client):
    """The page pre-selected the profile's language alone; Quick start asks for code, so a Java (Go, C++, ...)
    candidate's unchanged form was refused for naming no language the judge runs. The page now adds the judge's first
    language beside one the judge does not run, and says which run; the API, given no languages, takes any."""
    from rest_framework.test import APIClient

    from interviewmaster import capabilities
    from studypaths.sandbox import LANGUAGES

    not_run = [language for language in capabilities.get_capabilities().languages if language not in LANGUAGES]
    assert "java" in not_run and "go" in not_run
    for language in [*not_run, "javascript", ""]:
        candidate = CandidateFactory(target_role="backend_engineer", experience_level="mid",
                                     preferred_language=language)
        client.force_login(candidate)
        page = client.get("/interviews/new/")
        assert "tests run in Python and JavaScript" in page.content.decode()
        chosen = _the_pages_own_choices(page)
        expected = [] if not language else [language] if language in LANGUAGES else [language, "python"]
        assert chosen.get("languages", []) == expected, (language, chosen)
        assert chosen["mode"] == "quick_start"
        response = client.post("/interviews/new/", chosen)
        assert response.status_code == 302, (language, response.context["form"].errors)
        session = InterviewSession.objects.get(candidate=candidate)
        assert session.config.get("languages", []) == expected
        services.cancel_session(session=session, candidate=candidate)
        api = APIClient()
        api.force_authenticate(candidate)
        response = api.post("/api/v1/interviews/", {"mode": "quick_start"}, format="json")
        assert response.status_code == 201, (language, response.json())


def test_duration_partial_follows_the_form(bank, signed_in):
    response = signed_in.get("/interviews/new/duration/", {"mode": "custom_config", "role": "backend_engineer",
                                                            "categories": ["coding"], "per_category": 2,
                                                            "difficulty": "hard"})
    assert b"44 minutes" in response.content  # 2 x 20 min + 10%


def test_room_opens_the_interview_and_the_plain_form_answers(bank, signed_in, candidate, on_commit):
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer", config={})
    response = signed_in.get(f"/interviews/{session.id}/")
    assert response.status_code == 200 and b"Warm-up" in response.content
    # the warm-up has no difficulty: no dot after "Warm-up" (the separator is drawn before a difficulty only)
    assert re.search(r"Warm-up</span>\s*<span data-difficulty></span>", response.content.decode())
    turn = Turn.objects.get(session=session, status="open")
    response = on_commit(signed_in.post, f"/interviews/{session.id}/answer/", {"turn": turn.id, "text": "Hi, I am."})
    assert response.status_code == 302
    assert Turn.objects.get(session=session, status="open").kind == "question"


def test_the_plain_form_answering_another_interviews_turn_is_a_404(bank, signed_in, candidate):
    """It redirected to the room with "That question has already been answered" for a turn that is not this
    interview's; it is a 404, and nothing is recorded."""
    other = CandidateFactory()
    theirs = services.start_session(candidate=other, mode="quick_start", role="backend_engineer", config={})
    services.begin_session(session=theirs, actor=other)
    foreign = Turn.objects.get(session=theirs, status="open")
    services.submit_answer(session=theirs, candidate=other, turn_id=foreign.id, text="Theirs.")
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer", config={})
    signed_in.get(f"/interviews/{session.id}/")
    own = Turn.objects.get(session=session, status="open")
    response = signed_in.post(f"/interviews/{session.id}/answer/", {"turn": foreign.id, "text": "Mine."})
    assert response.status_code == 404
    assert Turn.objects.get(id=own.id).answer_text == "" and Turn.objects.get(id=foreign.id).answer_text == "Theirs."


def test_the_room_page_still_says_the_last_answers_tests_were_not_run_until_the_next_answer(bank, signed_in, candidate,
                                                                                             on_commit):
    """The "tests not run" line was only ever filled by the one-time `tests` message: a reload lost it. The page draws
    it from the room's state (the script too), for the last answered turn, until the next answer."""
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer", config={})
    signed_in.get(f"/interviews/{session.id}/")
    first = Turn.objects.get(session=session, status="open")
    on_commit(signed_in.post, f"/interviews/{session.id}/answer/", {"turn": first.id, "text": "Hi, I am."})
    Turn.objects.filter(id=first.id).update(test_results={"passed": 0, "total": 0, "verdicts": [],
                                                          "not_run": services.JUDGE_BUDGET_SPENT})
    line = re.compile(r'<p class="tests-line" data-tests-status[^>]*>([^<]*)</p>')

    page = signed_in.get(f"/interviews/{session.id}/").content.decode()
    assert html.unescape(line.search(page).group(1)) == services.TESTS_NOT_RUN_MESSAGE
    assert f'data-turn="{first.id}"' in line.search(page).group(0)
    state = json.loads(re.search(r'id="room-state" type="application/json">(.*?)</script>', page).group(1))
    assert state["tests"] == {"type": "tests", "turn": first.id, "status": "not_run",
                              "message": services.TESTS_NOT_RUN_MESSAGE}
    second = Turn.objects.get(session=session, status="open")
    on_commit(signed_in.post, f"/interviews/{session.id}/answer/", {"turn": second.id, "text": STRONG_ANSWER})
    page = signed_in.get(f"/interviews/{session.id}/").content.decode()
    assert line.search(page).group(1) == ""


def test_an_answer_with_a_nul_character_is_refused_with_a_message_and_the_turn_stays_open(bank, signed_in, candidate,
                                                                                        on_commit):
    """PostgreSQL cannot store U+0000: the plain form's answer (and a draft or answer from the room's socket, which
    no serializer checks either) was a 500 there, and stored as sent on SQLite."""
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer", config={})
    signed_in.get(f"/interviews/{session.id}/")
    turn = Turn.objects.get(session=session, status="open")
    response = on_commit(signed_in.post, f"/interviews/{session.id}/answer/", {"turn": turn.id, "text": "Hi\x00 there"},
                         follow=True)  # every page form: input_limits.FormNullGuard, the site's 400 page
    assert response.status_code == 400 and "NUL character" in response.content.decode()
    turn.refresh_from_db()
    assert turn.status == "open" and turn.answer_text == ""
    with pytest.raises(InvalidMessage):
        services.save_draft(session=session, candidate=candidate, turn_id=turn.id, code="print(1)\x00")


def test_after_the_time_ran_out_the_plain_form_is_refused_and_the_room_leads_to_the_report(bank, signed_in, candidate,
                                                                                          on_commit):
    """With no room open nothing ended an interview whose time was up: the plain form took answers and opened
    questions, and the room showed 0:00 without ending it."""
    from django.utils import timezone

    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer", config={})
    signed_in.get(f"/interviews/{session.id}/")
    turn = Turn.objects.get(session=session, status="open")
    InterviewSession.objects.filter(id=session.id).update(time_used_seconds=session.time_budget_seconds + 120,
                                                          running_since=timezone.now())
    response = on_commit(signed_in.post, f"/interviews/{session.id}/answer/", {"turn": turn.id, "text": "Late."},
                         follow=True)
    assert "time is up" in response.content.decode()
    assert response.redirect_chain[-1][0] == f"/interviews/{session.id}/report/"
    session.refresh_from_db()
    assert session.end_reason == "time_up" and not Turn.objects.filter(session=session, status="open").exists()
    # The room of another interview whose time ran out while it was closed ends it when opened.
    session.delete()
    other = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer", config={})
    signed_in.get(f"/interviews/{other.id}/")
    InterviewSession.objects.filter(id=other.id).update(time_used_seconds=other.time_budget_seconds,
                                                        running_since=timezone.now())
    response = on_commit(signed_in.get, f"/interviews/{other.id}/")
    assert response.status_code == 302 and response["Location"] == f"/interviews/{other.id}/report/"
    other.refresh_from_db()
    assert other.end_reason == "time_up"


def test_the_room_paints_both_clocks_as_minutes_and_seconds(bank, signed_in, candidate):
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer", config={})
    InterviewSession.objects.filter(id=session.id).update(time_budget_seconds=3941)
    html = signed_in.get(f"/interviews/{session.id}/").content.decode()
    # The first paint, before any script or socket: never the raw seconds ("Interview 3941").
    session_clock = re.search(r"<time data-session-timer[^>]*>([^<]*)</time>", html).group(1)
    turn_clock = re.search(r"<time data-turn-timer[^>]*>([^<]*)</time>", html).group(1)
    assert session_clock in ("65:41", "65:40")
    assert re.fullmatch(r"\d+:[0-5]\d", turn_clock)


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (59, "0:59"), (60, "1:00"), (3941, "65:41"),
                                                (-5, "0:00"), (None, ""), ("", "")])
def test_clock_filter_shows_minutes_and_seconds(seconds, shown):
    from interviews.templatetags.interview_clock import clock

    assert clock(seconds) == shown


def test_the_room_shows_the_code_editor_only_for_turns_that_ask_for_code(bank, signed_in, candidate, on_commit):
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer", config={})
    assert b"data-code-area hidden" in signed_in.get(f"/interviews/{session.id}/").content  # the warm-up: words
    turn = Turn.objects.get(session=session, status="open")
    on_commit(signed_in.post, f"/interviews/{session.id}/answer/", {"turn": turn.id, "text": "Hi, I am."})
    assert Turn.objects.get(session=session, status="open").category == "coding"
    assert b"data-code-area>" in signed_in.get(f"/interviews/{session.id}/").content


def test_the_room_shows_the_linked_judge_problem_as_its_tests_check_it(bank, signed_in, candidate, on_commit):
    """The room showed only the problem's title: "group the anagrams" was all the candidate read, and a correct
    answer to it failed 8 of 12 hidden tests that also want each group and the groups sorted."""
    from interviews.models import Question
    from studypaths.services import load_problem_bank

    load_problem_bank()
    question = Question.objects.get(external_id="coding-group-anagrams")
    session = services.start_session(candidate=candidate, mode="custom_config", role="backend_engineer",
                                     config={"question_distribution": {"coding": {"medium": 1}}},
                                     planned_questions=[{"question_id": question.id}])
    on_commit(services.begin_session, session=session, actor=candidate)
    turn = Turn.objects.get(session=session, status="open")
    on_commit(services.submit_answer, session=session, candidate=candidate, text="Hi, I am Ada.", turn_id=turn.id)
    html = signed_in.get(f"/interviews/{session.id}/").content.decode()
    brief = html[html.index("data-problem "):html.index("</section>", html.index("data-problem "))]
    assert "hidden" not in brief[:brief.index(">")]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", brief)).replace("&quot;", '"')
    assert "each group's words sorted alphabetically, and the groups sorted by their first word" in text.replace(
        "&#x27;", "'")
    assert "Python: group_anagrams(words)" in text and "JavaScript: groupAnagrams(words)" in text
    assert "words: string[]; returns string[][]" in text
    assert ('Inputwords = ["eat", "tea", "tan", "ate", "nat", "bat"]'
            'Output[["ate", "eat", "tea"], ["bat"], ["nat", "tan"]]') in text
    assert "1 &lt;= len(words) &lt;= 10^4" in brief  # the constraints
    state = json.loads(re.search(r'<script id="room-state" type="application/json">(.*?)</script>', html,
                                 re.S).group(1))
    problem = state["turn"]["problem"]  # what the script redraws a later question from
    assert problem["signatures"] == [{"language": "javascript", "language_name": "JavaScript",
                                      "call": "groupAnagrams(words)"},
                                     {"language": "python", "language_name": "Python", "call": "group_anagrams(words)"}]
    assert "sorted by their first word" in problem["statement_html"] and len(problem["examples"]) == 2


def test_a_question_without_a_judge_problem_shows_no_problem_section(bank, signed_in, candidate):
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer", config={})
    html = signed_in.get(f"/interviews/{session.id}/").content.decode()
    assert re.search(r'<section class="problem-brief" data-problem [^>]* hidden>', html)


def test_history_and_report(bank, signed_in, candidate, on_commit):
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"max_follow_ups_per_question": 0})
    on_commit(services.begin_session, session=session, actor=candidate)
    while (turn := Turn.objects.filter(session=session, status="open").first()) is not None:
        on_commit(services.submit_answer, session=session, candidate=candidate, text=STRONG_ANSWER, turn_id=turn.id)
    assert b"Report" in signed_in.get("/interviews/").content
    response = signed_in.get(f"/interviews/{session.id}/report/")
    assert response.status_code == 200 and b"Question by question" in response.content
    assert signed_in.get(f"/interviews/{session.id}/").status_code == 302  # an ended room leads to the report


def test_other_users_get_404_on_every_page(bank, client, candidate):
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer", config={})
    client.force_login(CandidateFactory())
    for method, url in (("get", f"/interviews/{session.id}/"), ("get", f"/interviews/{session.id}/report/"),
                        ("post", f"/interviews/{session.id}/answer/"), ("post", f"/interviews/{session.id}/finish/"),
                        ("post", f"/interviews/{session.id}/cancel/")):
        assert getattr(client, method)(url).status_code == 404, url
    assert InterviewSession.objects.get(id=session.id).state == "created"


def test_the_report_says_which_answer_came_after_a_hint_and_when(bank, signed_in, candidate, on_commit):
    """Hints were given and kept (`hint.given` events), but the report only counted them: the reader could not tell
    which answer followed a hint, or what it said. Each hint is shown on its turn, with its time, in the candidate's
    report and in the one the expert reads (the same stored report; the API serves it too)."""
    from datetime import datetime
    from unittest import mock

    from django.utils import timezone as tz
    from django.utils.html import escape

    from interviews.models import SessionEvent

    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"max_follow_ups_per_question": 0})
    on_commit(services.begin_session, session=session, actor=candidate)
    at = datetime(2025, 3, 1, 14, 5, 9, tzinfo=tz.get_current_timezone())
    hinted = None
    while (turn := Turn.objects.filter(session=session, status="open").first()) is not None:
        if turn.kind == "question" and hinted is None:
            hinted = turn
            with mock.patch("django.utils.timezone.now", return_value=at):  # the hint's event is stamped 14:05
                on_commit(services.request_hint, session=session, candidate=candidate)
        on_commit(services.submit_answer, session=session, candidate=candidate, text=STRONG_ANSWER, turn_id=turn.id)
    given = SessionEvent.objects.get(session=session, kind="hint.given")
    assert given.created_at == at and len(given.data["text"]) > 10
    report = InterviewSession.objects.get(id=session.id).report
    entry = next(t for q in report["questions"] for t in q["turns"] if t["turn"] == hinted.id)
    assert entry["hints"] == [{"text": given.data["text"], "at": at.isoformat()}]
    assert next(t for t in report["transcript"] if t["index"] == hinted.index)["hints"] == entry["hints"]
    assert all(not t["hints"] for q in report["questions"] for t in q["turns"] if t["turn"] != hinted.id)
    html = signed_in.get(f"/interviews/{session.id}/report/").content.decode()
    shown = f'Hint taken at <time datetime="{at.isoformat()}">14:05 UTC</time></strong>: {escape(given.data["text"])}'
    assert shown in html
    # In the candidate's own zone, which the time names, as every date and time on the page does ("14:05" alone
    # was read as the reader's clock whatever the zone), in the question's list and in the transcript.
    candidate.timezone = "America/New_York"
    candidate.save(update_fields=["timezone"])
    html = signed_in.get(f"/interviews/{session.id}/report/").content.decode()
    assert 'Hint taken at <time datetime="2025-03-01T09:05:09-05:00">09:05 EST</time></strong>' in html
    assert "<strong>Hint (09:05 EST):</strong>" in html


def test_the_lobby_refusal_links_to_each_open_interview_of_the_candidate_only(bank, client, candidate):
    """"You already have 1 interview(s) open" and no way to reach it: the refusal now says it in words and links to
    the candidate's own open interview (never anyone else's)."""
    from planning.models import InterviewPlan
    from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory, planned_question

    mine = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                  config={"languages": ["python"]})
    theirs = services.start_session(candidate=CandidateFactory(), mode="quick_start", role="backend_engineer",
                                    config={"languages": ["python"]})
    plan = InterviewPlanFactory(state="invited", candidate=candidate, candidate_email=candidate.email)
    InterviewPlan.objects.filter(pk=plan.pk).update(
        current_version=PlanVersionFactory(plan=plan, questions=[planned_question()]))
    client.force_login(candidate)
    response = client.post(f"/planning/lobby/{plan.id}/")
    page = response.content.decode()
    assert response.status_code == 409  # a conflict with the open interview, not a 429 "too many requests"
    assert ("You already have an interview open (Backend Engineer interview); finish or cancel it first." in page
            and "(s)" not in page)
    assert f'href="/interviews/{mine.id}/"' in page and f'/interviews/{theirs.id}/' not in page
    assert re.search(r'<a href="/interviews/\d+/">Backend Engineer interview, started <time', page), page


def test_the_start_page_lists_every_open_interview_with_a_way_back(bank, signed_in, candidate, monkeypatch):
    from types import SimpleNamespace

    from interviewmaster import capabilities

    monkeypatch.setattr(capabilities, "concurrency_limits", lambda: SimpleNamespace(
        live_interviews_per_expert=5, live_interviews_per_candidate=2, live_interviews_global=50))
    first, second = (services.start_session(candidate=candidate, mode="quick_start", role=role,
                                            config={"languages": ["python"]})
                     for role in ("backend_engineer", "data_engineer"))
    page = signed_in.get("/interviews/new/").content.decode()
    assert "You have 2 interviews open." in page and "Only 2 can be open at a time." in page
    assert f'href="/interviews/{first.id}/"' in page and f'href="/interviews/{second.id}/"' in page
    response = signed_in.post("/interviews/new/", {"mode": "quick_start", "role": "backend_engineer",
                                                   "languages": ["python"]})
    assert response.status_code == 409  # a conflict with the open ones (it was a 400)
    refused = response.content.decode()
    assert ("You already have 2 interviews open (Backend Engineer interview, Data Engineer interview); finish or "
            "cancel one of them first.") in refused


def test_a_candidate_sees_their_interview_by_role_and_date_never_its_platform_id(bank, signed_in, candidate):
    """"Interview #2" on a candidate's first interview told them how many interviews the platform had run."""
    for _ in range(3):
        services.start_session(candidate=CandidateFactory(), mode="quick_start", role="backend_engineer",
                               config={"languages": ["python"]})
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": ["python"]})
    page = signed_in.get(f"/interviews/{session.id}/").content.decode()
    title = re.search(r'<h1 class="room-title">(.*?)</h1>', page, re.S).group(1)
    assert "#" not in title and f">{session.id}<" not in title
    assert title.startswith("Backend Engineer interview")
    assert '<time datetime="' in title  # and the day it was started


def test_a_planned_interviews_report_shows_its_candidate_no_scores_or_missed_points(bank, signed_in, candidate,
                                                                                    client, on_commit):
    """The candidate's report of a planned interview listed "Missed: …" expected points and every score. It keeps what
    was asked and answered; the evaluation is the expert's, who still reads all of it (the same stored report)."""
    from accounts.tests.factories import ExpertFactory

    expert = ExpertFactory()
    session = services.start_session(
        candidate=candidate, mode="custom_config", role="backend_engineer", expert=expert,
        config={"max_follow_ups_per_question": 0},
        planned_questions=[{"prompt": "How would you isolate tenants in one database?", "category": "system_design",
                            "difficulty": "medium", "expected_points": ["Shared tables with tenant_id"]}])
    assert session.is_planned
    on_commit(services.begin_session, session=session, actor=candidate)
    while (turn := Turn.objects.filter(session=session, status="open").first()) is not None:
        on_commit(services.submit_answer, session=session, candidate=candidate, text="One schema per tenant.",
                  turn_id=turn.id)
    stored = InterviewSession.objects.get(id=session.id)
    assert stored.state == "evaluated" and stored.overall is not None
    assert "tenant_id" in json.dumps(stored.report)  # what the expert reads names the missed point
    page = html.unescape(signed_in.get(f"/interviews/{session.id}/report/").content.decode())
    assert "One schema per tenant." in page and "How would you isolate tenants" in page
    assert "tenant_id" not in page and "Missed" not in page and "/100" not in page and "By criterion" not in page
    assert "Your interviewer reads the evaluation" in page
    api = signed_in.get(f"/api/v1/interviews/{session.id}/report").json()["report"]
    assert "tenant_id" not in json.dumps(api) and "overall" not in api
    assert all("score" not in t for q in api["questions"] for t in q["turns"])
    listing = signed_in.get("/interviews/").content.decode()
    assert f"{stored.overall}/100" not in listing
    dashboard = signed_in.get("/").content.decode()
    recent = dashboard[dashboard.index('class="recent-list"'):]
    assert f"{stored.overall}/100" not in recent[:recent.index("</ul>")]
    # the REST session said the overall the report leaves out; the expert's copy keeps it
    assert signed_in.get(f"/api/v1/interviews/{session.id}").json()["overall"] is None
    assert [s["overall"] for s in signed_in.get("/api/v1/interviews/").json()["items"]] == [None]
    from accounts.services import assign_mentor
    from accounts.tests.factories import MentorFactory

    mentor = MentorFactory()
    assign_mentor(mentor=mentor, candidate=candidate)
    client.force_login(mentor)  # a mentor could pass the evaluation on: they read the candidate's copy
    assert "tenant_id" not in json.dumps(client.get(f"/api/v1/interviews/{session.id}/report").json())
    client.force_login(expert)
    assert "tenant_id" in html.unescape(client.get(f"/interviews/{session.id}/report/").content.decode())
    assert client.get(f"/api/v1/interviews/{session.id}").json()["overall"] == stored.overall


def test_a_paused_planned_interviews_room_and_api_leave_the_question_out(bank, signed_in, candidate, on_commit):
    """Opened (or reloaded) while paused, a planned interview's room drew the question for the candidate to research
    before resuming; the REST detail gave it too. Both leave it out until the interview is resumed."""
    from accounts.tests.factories import ExpertFactory

    prompt = "How would you isolate tenants in one database?"
    session = services.start_session(
        candidate=candidate, mode="custom_config", role="backend_engineer", expert=ExpertFactory(), config={},
        planned_questions=[{"prompt": prompt, "category": "system_design", "difficulty": "medium",
                            "expected_points": ["Shared tables with tenant_id"]}])
    on_commit(services.begin_session, session=session, actor=candidate)
    warm_up = Turn.objects.get(session=session, status="open")
    on_commit(services.submit_answer, session=session, candidate=candidate, text="I build APIs.", turn_id=warm_up.id)
    assert Turn.objects.get(session=session, status="open").prompt == prompt
    on_commit(services.pause_session, session=session, candidate=candidate)
    page = html.unescape(signed_in.get(f"/interviews/{session.id}/").content.decode())
    assert prompt not in page
    assert re.search(r'<section class="question"[^>]* data-question hidden>', page)
    assert re.search(r'<div class="answer-fields" data-answer-fields hidden>', page)
    detail = signed_in.get(f"/api/v1/interviews/{session.id}").json()["current_turn"]
    assert detail["prompt"] == "" and detail["hidden"] is True
    on_commit(services.resume_session, session=session, candidate=candidate)
    page = html.unescape(signed_in.get(f"/interviews/{session.id}/").content.decode())
    assert prompt in page and not re.search(r"data-question hidden", page)
    assert signed_in.get(f"/api/v1/interviews/{session.id}").json()["current_turn"]["prompt"] == prompt


def test_a_planned_interview_is_not_ended_from_the_start_page_by_one_click(bank, signed_in, candidate):
    """The start page's notice offered "End it" on a paused planned interview, and one click cancelled what the
    expert planned, with no confirmation and no word afterwards. It offers only the way back; a practice interview
    keeps its one-click end, now followed by "Interview ended."."""
    from accounts.tests.factories import ExpertFactory

    planned = services.start_session(
        candidate=candidate, mode="custom_config", role="backend_engineer", expert=ExpertFactory(),
        config={"max_follow_ups_per_question": 0},
        planned_questions=[{"prompt": "How would you isolate tenants in one database?", "category": "system_design",
                            "difficulty": "medium", "expected_points": ["Shared tables with tenant_id"]}])
    page = signed_in.get("/interviews/new/").content.decode()
    assert f'/interviews/{planned.id}/cancel/' not in page and "End it" not in page
    assert "Go back to it" in page and f'href="/interviews/{planned.id}/"' in page
    response = signed_in.post(f"/interviews/{planned.id}/cancel/", follow=True)  # a stale or hand-made post
    planned.refresh_from_db()
    assert planned.is_live and planned.end_reason != "cancelled"
    assert "is not ended from here" in response.content.decode()

    InterviewSession.objects.filter(pk=planned.pk).update(state="cancelled")
    practice = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                      config={"languages": ["python"]})
    assert "End it" in signed_in.get("/interviews/new/").content.decode()
    response = signed_in.post(f"/interviews/{practice.id}/cancel/", follow=True)
    practice.refresh_from_db()
    assert not practice.is_live and "Interview ended." in response.content.decode()


def test_a_stale_start_form_says_the_open_interview_once(bank, signed_in, candidate):
    """A start form posted from a second tab while an interview was open said so twice: the notice "You have an
    interview open. Only one can be open at a time." and the refusal again above the form."""
    open_one = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                      config={"languages": ["python"]})
    response = signed_in.post("/interviews/new/", {"mode": "quick_start", "role": "backend_engineer",
                                                   "languages": ["python"]})
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    said = ["You already have an interview open", "You have an interview open", "Only one can be open at a time"]
    assert sum(page.count(s) for s in said) == 1, page
    assert page.count(f'href="/interviews/{open_one.id}/"') == 1  # and one way back to it


def test_the_rooms_finish_form_needs_its_confirm_for_a_planned_interview_with_questions_left(
        signed_in, client, candidate, planned_live, on_commit):
    """"Finish interview" posted without the room's script (or by anything else) ended a hiring interview with its
    questions unreached: the "are you sure?" was the script's alone. Without `confirm` the room comes back with the
    refusal and a "Finish anyway" form that sends it; the interview goes on unchanged."""
    session = planned_live
    url = f"/interviews/{session.id}/finish/"
    response = on_commit(signed_in.post, url)
    assert response.status_code == 302 and response["Location"] == f"/interviews/{session.id}/?finish=confirm"
    session.refresh_from_db()
    assert (session.state, session.ended_at) == ("in_progress", None)
    assert Turn.objects.get(session=session, kind="warm_up").status == "open"
    page = signed_in.get(response["Location"]).content.decode()
    assert "2 questions have no answer yet (0 of 2 answered)" in html.unescape(page)
    confirm_form = page[page.index("data-confirm-finish"):]
    confirm_form = confirm_form[:confirm_form.index("</form>")]
    assert f'action="{url}"' in confirm_form and '<input type="hidden" name="confirm" value="1">' in confirm_form
    assert "data-confirm-finish" not in signed_in.get(f"/interviews/{session.id}/").content.decode()
    stranger = CandidateFactory()
    client.force_login(stranger)
    assert client.post(url, {"confirm": "1"}).status_code == 404
    assert InterviewSession.objects.get(id=session.id).state == "in_progress"
    client.force_login(candidate)
    response = on_commit(client.post, url, {"confirm": "1"})
    assert response.status_code == 302 and response["Location"] == f"/interviews/{session.id}/report/"
    session.refresh_from_db()
    assert session.state in ("completed", "evaluated") and session.end_reason == "finished"


def test_the_rooms_finish_form_still_ends_a_practice_interview_in_one_post(bank, signed_in, candidate, on_commit):
    session = services.start_session(candidate=candidate, mode="quick_start", role="backend_engineer",
                                     config={"languages": ["python"]})
    on_commit(services.begin_session, session=session, actor=candidate)
    response = on_commit(signed_in.post, f"/interviews/{session.id}/finish/")
    assert response.status_code == 302 and response["Location"] == f"/interviews/{session.id}/report/"
    assert InterviewSession.objects.get(id=session.id).state in ("completed", "evaluated")
