"""The expert's review list: whole words in titles, role names as the capabilities spell them."""

from __future__ import annotations

import re

import pytest

from interviews.generation import title_from_prompt
from interviews.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def test_generated_titles_end_at_a_word_or_a_sentence():
    long_prompt = "Describe " + "a very careful migration of a busy PostgreSQL database " * 4 + "without downtime?"
    title = title_from_prompt(long_prompt)
    assert len(title) <= 120 and title.endswith("…")
    assert title[:-1] == title[:-1].rstrip() and long_prompt.startswith(title[:-1])
    assert long_prompt[len(title) - 1] == " "  # the cut falls between words
    assert title_from_prompt("What is a B-tree? Explain its cost.") == "What is a B-tree"


@pytest.mark.parametrize(("prompt", "title"), [
    ("Compare REST vs. GraphQL for a mobile app. Say when you would pick each.",
     "Compare REST vs. GraphQL for a mobile app"),
    ("Merge overlapping intervals, e.g. [(1, 3), (2, 6)] becomes [(1, 6)]. Say its cost.",
     "Merge overlapping intervals, e.g. [(1, 3), (2, 6)] becomes [(1, 6)]"),
    ("Why does a Node.js service use 1.5 GB at idle? Say how you would find out. Then fix it.",
     "Why does a Node.js service use 1.5 GB at idle"),
])
def test_generated_titles_do_not_end_at_an_abbreviation_a_number_or_a_name(prompt, title):
    # "e.g." ended the title, and a "? " came second to any later ". "
    assert title_from_prompt(prompt) == title


def test_review_list_shows_role_names_not_ids(admin_client):
    QuestionFactory(roles=["backend_engineer", "qa_engineer"])
    page = admin_client.get("/admin/interviews/question/").content.decode()
    assert "Backend Engineer, QA / Test Automation Engineer" in page
    assert "backend_engineer, qa_engineer" not in page


# --- whose interviews an expert reads in admin ------------------------------------------------------------------

SESSION_ADMINS = {"interviewsession": lambda s: s.id, "evaluation": lambda s: s.turns.get().evaluation.id,
                  "sessionevent": lambda s: s.events.get().id}


def interview(candidate, *, expert=None, answer: str):
    """A session with one answered, evaluated turn and one event: everything admin could show of it."""
    from django.utils import timezone

    from interviews.models import Evaluation, InterviewSession, SessionEvent, Turn

    session = InterviewSession.objects.create(candidate=candidate, expert=expert, is_planned=expert is not None,
                                              mode="custom_config" if expert else "quick_start", state="completed")
    turn = Turn.objects.create(session=session, index=1, kind="question", question_number=1, prompt="Explain it.",
                               asked_at=timezone.now(), status="submitted", answer_text=answer, paste_count=3)
    Evaluation.objects.create(turn=turn, overall=70, evaluated_at=timezone.now(), feedback=f"About {answer}")
    SessionEvent.objects.create(session=session, turn=turn, kind="signal.paste", actor=candidate)
    return session


@pytest.fixture
def interviews_of_three():
    from accounts.tests.factories import CandidateFactory, ExpertFactory

    candidate, owner, other = CandidateFactory(), ExpertFactory(), ExpertFactory()
    return {"owner": owner, "other": other,
            "planned": interview(candidate, expert=owner, answer="my planned answer"),
            "others_planned": interview(candidate, expert=other, answer="answer for another expert"),
            "practice": interview(candidate, answer="my private practice answer")}


def listed(client, model: str, **params) -> set[int]:
    response = client.get(f"/admin/interviews/{model}/", params)
    assert response.status_code == 200
    return {row.pk for row in response.context["cl"].result_list}


def refused(response) -> bool:
    """Django admin answers a hidden object like a missing one: a redirect saying it doesn't exist (or a 404)."""
    from django.contrib.messages import get_messages

    if response.status_code == 404:
        return True
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    return response.status_code == 302 and response["Location"] == "/admin/" and "doesn’t exist" in said


@pytest.mark.parametrize("model", SESSION_ADMINS)
def test_an_expert_lists_only_the_interviews_they_are_the_expert_of(client, interviews_of_three, model):
    row = SESSION_ADMINS[model]
    client.force_login(interviews_of_three["owner"])
    assert listed(client, model) == {row(interviews_of_three["planned"])}


@pytest.mark.parametrize("model", SESSION_ADMINS)
@pytest.mark.parametrize("hidden", ["others_planned", "practice"])
@pytest.mark.parametrize("view", ["change", "history"])
def test_another_experts_or_a_practice_interview_is_refused_by_url(client, interviews_of_three, model, hidden, view):
    client.force_login(interviews_of_three["owner"])
    response = client.get(f"/admin/interviews/{model}/{SESSION_ADMINS[model](interviews_of_three[hidden])}/{view}/")
    assert refused(response)
    assert b"answer" not in response.content


@pytest.mark.parametrize("model", SESSION_ADMINS)
def test_the_expert_reads_their_own_planned_interview(client, interviews_of_three, model):
    client.force_login(interviews_of_three["owner"])
    row = SESSION_ADMINS[model](interviews_of_three["planned"])
    assert client.get(f"/admin/interviews/{model}/{row}/change/").status_code == 200
    assert client.get(f"/admin/interviews/{model}/{row}/history/").status_code == 200


def test_the_session_page_shows_the_owners_answers_inline(client, interviews_of_three):
    client.force_login(interviews_of_three["owner"])
    page = client.get(f"/admin/interviews/interviewsession/{interviews_of_three['planned'].id}/change/")
    assert "my planned answer" in page.content.decode()


def test_raw_id_popup_and_autocomplete_offer_only_visible_interviews(client, interviews_of_three):
    client.force_login(interviews_of_three["owner"])
    own = interviews_of_three["planned"].id
    assert listed(client, "interviewsession", _to_field="id", _popup="1") == {own}
    found = client.get("/admin/autocomplete/", {"app_label": "interviews", "model_name": "sessionevent",
                                                "field_name": "session", "term": "example.com"})
    assert found.status_code == 200 and [r["id"] for r in found.json()["results"]] == [str(own)]


def test_a_superuser_still_sees_every_interview(admin_client, interviews_of_three):
    every = {interviews_of_three[k].id for k in ("planned", "others_planned", "practice")}
    assert listed(admin_client, "interviewsession") == every
    practice = interviews_of_three["practice"]
    page = admin_client.get(f"/admin/interviews/interviewsession/{practice.id}/change/")
    assert page.status_code == 200 and "my private practice answer" in page.content.decode()


def test_a_question_for_every_role_says_all_roles(admin_client):
    """Eight role names stacked in one cell made each row of the review list a screen high."""
    from interviewmaster import capabilities

    QuestionFactory(title="Everyone's question", roles=sorted(capabilities.get_capabilities().roles))
    page = admin_client.get("/admin/interviews/question/").content.decode()
    assert '<td class="field-role_list">All roles</td>' in page


def test_an_action_that_changes_nothing_says_which_and_why(admin_client):
    """"Activated 0 question(s)", in green, was all an expert learnt on activating questions still pending review."""
    from django.contrib.messages import get_messages

    pending = QuestionFactory(status="pending_review", is_active=False)
    approved = QuestionFactory(status="approved", is_active=False)

    def run(action, *questions):
        response = admin_client.post("/admin/interviews/question/", {
            "action": action, "_selected_action": [q.pk for q in questions]}, follow=True)
        return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)] or [
            (m.level_tag, str(m)) for m in response.context["messages"]]

    assert run("activate", pending) == [("warning", "Activated 0 of the 1 selected question(s); 1 left as they were: "
                                                    "already active, or not approved (a question pending review is "
                                                    "activated by approving it).")]
    assert run("activate", pending, approved) == [
        ("success", "Activated 1 of the 2 selected question(s); 1 left as they were: already active, or not approved "
                    "(a question pending review is activated by approving it).")]
    assert run("approve", pending) == [("success", "Approved 1 question(s).")]
    pending.refresh_from_db()
    assert (pending.status, pending.is_active) == ("approved", True)
    assert run("reject", pending)[0][0] == "warning"
    pending.refresh_from_db()
    assert pending.status == "approved"


# --- the read-only pages as an expert reads them: names and lists, never raw JSON -------------------------------

HOSTILE = "<script>alert('x')</script> Tell me about the hardest bug you fixed and how you found it."


@pytest.fixture
def planned_interview():
    """A planned interview started by the service (so config and question_plan have their real shapes): one bank
    question and one written for the plan, whose prompt is hostile; its report written, one answer evaluated."""
    from django.utils import timezone

    from accounts.tests.factories import CandidateFactory, ExpertFactory
    from interviews.evaluation import evaluation_fields
    from interviews.models import Evaluation, Turn
    from interviews.services import start_session

    expert, bank = ExpertFactory(), QuestionFactory(title="Two sum with a hash map", category="coding")
    session = start_session(candidate=CandidateFactory(), mode="quick_start", role="backend_engineer",
                            config={"languages": ["python", "go"]}, expert=expert,
                            planned_questions=[{"question_id": bank.id},
                                               {"prompt": HOSTILE, "category": "behavioral", "difficulty": "easy"}])
    session.state, session.report = "evaluated", {
        "overall": 72, "answered_questions": 2, "total_questions": 2,
        "summary": "Solid on lookups; <b>vague</b> on the bug story.", "strengths": ["Knows hash maps"],
        "weaknesses": [], "recommendations": [], "flags": [],
        "by_criterion": [{"key": "correctness", "name": "Correctness", "score": 4.0}]}
    session.save()
    turn = Turn.objects.create(session=session, index=0, kind="question", question_number=1, prompt=bank.prompt,
                               category="coding", asked_at=timezone.now(), status="evaluated",
                               answer_text="I keep a hash map of seen values.")
    Evaluation.objects.create(turn=turn, evaluated_at=timezone.now(), **evaluation_fields(turn=turn, data={
        "score": 70, "criteria": [{"key": "correctness", "score": 4, "rationale": "Right <i>main</i> case",
                                   "evidence": "a hash map of seen values"}],
        "strengths": ["Clear idea"], "covered_points": ["Uses a hash map for lookups"],
        "missing_points": ["States O(n) time"]}))
    session.expert_user = expert
    return session


def raw_json_of(page: str, *keys: str) -> list[str]:
    """The keys that appear as JSON keys (as admin prints a JSONField, escaped or not) on the page."""
    return [key for key in keys if f'"{key}"' in page or f"&quot;{key}&quot;" in page]


def test_the_session_page_reads_configuration_plan_and_report(admin_client, planned_interview):
    from interviewmaster import capabilities

    page = admin_client.get(f"/admin/interviews/interviewsession/{planned_interview.id}/change/").content.decode()
    assert "<dt>Role</dt><dd>Backend Engineer</dd>" in page
    assert "<dt>Languages</dt><dd>Python, Go</dd>" in page
    assert "<dt>Mode</dt><dd>Planned interview</dd>" in page
    assert '<li value="1"><strong>Two sum with a hash map</strong> · Coding' in page
    assert f"{capabilities.category_name('behavioral')} · Easy" in page
    assert "Solid on lookups; &lt;b&gt;vague&lt;/b&gt; on the bug story." in page
    assert "By criterion: Correctness 4/5" in page
    assert raw_json_of(page, "question_id", "expected_points", "total_questions", "dynamic_follow_ups",
                       "summary", "by_criterion") == []


def test_a_hostile_question_prompt_is_shown_as_text(admin_client, planned_interview):
    page = admin_client.get(f"/admin/interviews/interviewsession/{planned_interview.id}/change/").content.decode()
    assert "<script>alert(" not in page
    assert '<li value="2"><strong>&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Tell me about the hardest' in page


def test_the_report_link_is_offered_only_to_whom_the_report_page_opens(client, admin_client, planned_interview):
    report = f"/interviews/{planned_interview.id}/report/"
    # A superuser who is neither the candidate nor the expert: the report page says 404, so no link.
    assert admin_client.get(report).status_code == 404
    page = admin_client.get(f"/admin/interviews/interviewsession/{planned_interview.id}/change/").content.decode()
    assert "Solid on lookups" in page and f'href="{report}"' not in page
    client.force_login(planned_interview.expert_user)
    page = client.get(f"/admin/interviews/interviewsession/{planned_interview.id}/change/").content.decode()
    assert f'<a href="{report}">Open the full report</a>' in page
    assert client.get(report).status_code == 200


def test_the_evaluation_page_shows_a_score_table_with_rubric_labels(client, planned_interview):
    from interviewmaster import capabilities

    client.force_login(planned_interview.expert_user)
    evaluation = planned_interview.turns.get().evaluation
    page = client.get(f"/admin/interviews/evaluation/{evaluation.id}/change/").content.decode()
    anchor = capabilities.get_capabilities().criteria["correctness"].rubric[4]
    assert (f"<tr><td>Correctness</td><td>4/5</td><td>{anchor}</td>"
            "<td>“a hash map of seen values” Right &lt;i&gt;main&lt;/i&gt; case</td></tr>") in page
    assert "<ul><li>Uses a hash map for lookups</li></ul>" in page and "<ul><li>States O(n) time</li></ul>" in page
    assert f"{capabilities.category_name('coding')}" in page
    assert raw_json_of(page, "key", "anchor", "rationale", "correctness", "Clear idea") == []


def test_the_event_page_shows_its_data_as_a_list(client, planned_interview):
    client.force_login(planned_interview.expert_user)
    event = planned_interview.events.get(kind="session.created")
    page = client.get(f"/admin/interviews/sessionevent/{event.id}/change/").content.decode()
    assert "<dt>Planned</dt><dd>yes</dd><dt>Questions</dt><dd>2</dd>" in page  # by name, on PostgreSQL too
    assert raw_json_of(page, "questions", "planned") == []


def test_an_idle_event_says_how_long_the_candidate_was_idle_in_minutes_and_seconds(client, planned_interview):
    """The event page of a long pause read "Seconds: 312": the pause is said as a duration, as the clocks are."""
    from interviews.models import SessionEvent

    event = SessionEvent.objects.create(session=planned_interview, kind="signal.idle",
                                        actor=planned_interview.candidate, data={"seconds": 312})
    client.force_login(planned_interview.expert_user)
    page = client.get(f"/admin/interviews/sessionevent/{event.id}/change/").content.decode()
    assert "<dt>Idle for</dt><dd>5 min 12 s</dd>" in page
    assert "312" not in page and "<dt>Seconds</dt>" not in page


def test_scores_in_the_report_read_as_the_report_page_prints_them(admin_client, planned_interview):
    """"Correctness 4.0/5" and "72.5/100" as stored: the report page prints them through `figure` ("4", "72.5")."""
    from interviewmaster.figures import figure

    planned_interview.report.update(overall=72.46, by_criterion=[
        {"key": "correctness", "name": "Correctness", "score": 4.0},
        {"key": "communication", "name": "Communication", "score": 3.25}])
    planned_interview.save()
    page = admin_client.get(f"/admin/interviews/interviewsession/{planned_interview.id}/change/").content.decode()
    assert f"<strong>{figure(72.46)}/100</strong>" in page and "72.46" not in page
    assert f"By criterion: Correctness {figure(4.0)}/5; Communication {figure(3.25)}/5" in page
    assert "4.0/5" not in page and "3.25/5" not in page


def test_turns_and_the_current_difficulty_read_by_name(client, planned_interview):
    """The Turns table showed "coding", "easy", "deepen" and the session "medium": the capabilities' ids."""
    from interviewmaster import capabilities

    planned_interview.turns.update(category="coding", difficulty="easy", strategy="deepen")
    planned_interview.current_difficulty = "medium"
    planned_interview.save()
    client.force_login(planned_interview.expert_user)
    page = client.get(f"/admin/interviews/interviewsession/{planned_interview.id}/change/").content.decode()
    page = re.sub(r">\s+<", "><", page)  # the inline table's cells are laid out over several lines
    names = capabilities.get_capabilities()
    assert f'<td class="field-category_name"><p>{capabilities.category_name("coding")}</p></td>' in page
    assert f'<td class="field-difficulty_name"><p>{names.difficulties["easy"].name}</p></td>' in page
    assert f'<td class="field-strategy_name"><p>{names.follow_up_strategies["deepen"].name}</p></td>' in page
    assert f'<div class="readonly">{names.difficulties["medium"].name}</div>' in page
    assert "<p>coding</p>" not in page and "<p>easy</p>" not in page and "<p>deepen</p>" not in page
    assert '<div class="readonly">medium</div>' not in page


def test_interview_lists_and_their_filters_read_by_name(admin_client, planned_interview):
    from interviews.models import QuestionGenerationJob

    names = capabilities_of()
    page = admin_client.get("/admin/interviews/interviewsession/").content.decode()
    assert '<td class="field-role_column">Backend Engineer</td>' in page
    assert '<td class="field-mode_column">Planned interview</td>' in page
    assert f'?role=backend_engineer">{names.roles["backend_engineer"].name}</a>' in page
    assert f'?mode=quick_start">{names.modes["quick_start"].name}</a>' in page
    assert ">backend_engineer</" not in page and ">quick_start</" not in page

    page = admin_client.get("/admin/interviews/evaluation/").content.decode()
    coding = names.categories["coding"].name
    assert f'<td class="field-category_name">{coding}</td>' in page and f'?category=coding">{coding}</a>' in page
    assert ">coding</" not in page
    assert admin_client.get("/admin/interviews/evaluation/?category=behavioral").context["cl"].result_count == 0
    assert admin_client.get("/admin/interviews/evaluation/?category=coding").context["cl"].result_count == 1

    QuestionGenerationJob.objects.create(requested_by=planned_interview.expert_user, role="backend_engineer",
                                         difficulty="hard", count=3)
    page = admin_client.get("/admin/interviews/questiongenerationjob/").content.decode()
    assert f'<td class="field-difficulty_name">{names.difficulties["hard"].name}</td>' in page
    assert f'?difficulty=hard">{names.difficulties["hard"].name}</a>' in page
    assert ">hard</" not in page and ">backend_engineer</" not in page


def test_an_adapted_difficulty_and_a_state_change_read_by_name(client, planned_interview):
    from interviews.models import SessionEvent

    names = capabilities_of()
    client.force_login(planned_interview.expert_user)
    adapted = SessionEvent.objects.create(session=planned_interview, kind="difficulty.adapted",
                                          data={"from": "medium", "to": "hard", "streak": 0})
    changed = SessionEvent.objects.create(session=planned_interview, kind="state.changed",
                                          data={"from": "in_progress", "to": "completed", "reason": "finished"})
    page = client.get(f"/admin/interviews/sessionevent/{adapted.id}/change/").content.decode()
    assert (f"<dt>From</dt><dd>{names.difficulties['medium'].name}</dd>"
            f"<dt>To</dt><dd>{names.difficulties['hard'].name}</dd>") in page
    page = client.get(f"/admin/interviews/sessionevent/{changed.id}/change/").content.decode()
    assert ("<dt>From</dt><dd>In progress</dd><dt>To</dt><dd>Completed</dd>"
            "<dt>Reason</dt><dd>Finished by the candidate</dd>") in page


def capabilities_of():
    from interviewmaster import capabilities

    return capabilities.get_capabilities()


@pytest.mark.django_db
def test_the_report_of_an_interview_with_nothing_answered_reads_no_score_in_admin():
    """Its report has no overall (session 33): admin printed "None/100"."""
    from django.contrib import admin as django_admin

    from interviews.models import InterviewSession

    overview = django_admin.site._registry[InterviewSession].report_overview(InterviewSession(report={
        "overall": None, "answered_questions": 0, "total_questions": 3, "summary": "No question was answered."}))
    assert "<strong>No score</strong> · 0 of 3 questions answered" in overview and "None" not in overview


def test_the_session_page_reads_its_reasons_progress_and_turns_in_words(client, planned_interview):
    """It showed "time_up", "disconnect", "Position: 1" and a turn row headed "Turn 0 (question) of session 7"."""
    planned_interview.end_reason, planned_interview.paused_reason, planned_interview.position = (
        "time_up", "disconnect", 1)
    planned_interview.save()
    client.force_login(planned_interview.expert_user)
    page = client.get(f"/admin/interviews/interviewsession/{planned_interview.id}/change/").content.decode()
    page = re.sub(r">\s+<", "><", page)
    assert '<label>End reason:</label><div class="readonly">The time ran out</div>' in page
    assert '<label>Paused because:</label><div class="readonly">The candidate&#x27;s connection dropped</div>' in page
    assert '<label>Questions asked:</label><div class="readonly">1 of 2</div>' in page
    assert "time_up" not in page and ">disconnect<" not in page and "Position:" not in page
    # the turn row is named as the room names it, counted from 1, and no 0-based index column is left
    assert re.search(rf"<p>\s*Turn 1 · Question 1 of interview #{planned_interview.id}\s*<", page)
    assert "(question)" not in page and "field-index" not in page


@pytest.mark.parametrize(("kind", "number", "label"), [("warm_up", 0, "Warm-up"), ("question", 2, "Question 2"),
                                                       ("follow_up", 2, "Follow-up to question 2")])
def test_a_turn_is_named_as_the_candidate_reads_it(kind, number, label):
    from interviews.models import Turn

    turn = Turn(session_id=7, index=3, kind=kind, question_number=number)
    assert (turn.label, str(turn)) == (label, f"Turn 4 · {label} of interview #7")


def test_related_rows_link_only_for_whom_their_page_opens(client, admin_client, planned_interview):
    """Django linked every foreign key of a view-only page: an expert's click on the candidate or an event's actor
    opened the user admin, which answers them 403."""
    from interviews.models import SessionEvent

    expert = planned_interview.expert_user
    event = SessionEvent.objects.create(session=planned_interview, kind="signal.paste",
                                        actor=planned_interview.candidate)
    session_page = f"/admin/interviews/interviewsession/{planned_interview.id}/change/"
    users = "/admin/accounts/user/"
    client.force_login(expert)
    assert client.get(f"{users}{planned_interview.candidate_id}/change/").status_code == 403
    event_page = f"/admin/interviews/sessionevent/{event.id}/change/"
    for url in (session_page, event_page):
        page = client.get(url).content.decode()
        assert f">{planned_interview.candidate}<" in page
        assert f'href="{users}' not in page
    assert f'<a href="{session_page}">' in page  # the interview the event belongs to opens for them: that link stays
    page = admin_client.get(event_page).content.decode()
    assert f'href="{users}{planned_interview.candidate_id}/change/"' in page and f'<a href="{session_page}">' in page


def test_event_kinds_read_in_words_in_the_list_its_filter_and_the_page(client, planned_interview):
    """The list, its filter and an event's page showed the ids: "signal.paste", "session.created"."""
    from interviews.models import SessionEvent

    client.force_login(planned_interview.expert_user)
    paste = SessionEvent.objects.create(session=planned_interview, kind="signal.paste")
    SessionEvent.objects.create(session=planned_interview, kind="agent.did_a_new_thing")  # a kind no label knows
    page = client.get("/admin/interviews/sessionevent/").content.decode()
    assert '<td class="field-kind_text">Pasted text</td>' in page
    assert '<td class="field-kind_text">Interview created</td>' in page
    assert '<td class="field-kind_text">Agent did a new thing</td>' in page
    assert '?kind=signal.paste">Pasted text</a>' in page and '?kind=state.changed">State changed</a>' in page
    assert not re.search(r">\s*(signal\.paste|session\.created|agent\.did_a_new_thing)\s*<", page)
    assert client.get("/admin/interviews/sessionevent/?kind=signal.paste").context["cl"].result_count == 1
    page = client.get(f"/admin/interviews/sessionevent/{paste.id}/change/").content.decode()
    assert '<div class="readonly">Pasted text</div>' in page and "signal.paste" not in page


def test_the_session_page_reads_its_clocks_as_durations(client, planned_interview):
    """"Time budget seconds: 1680" and "Time used seconds: 95": seconds a person had to divide by 60."""
    planned_interview.time_budget_seconds, planned_interview.time_used_seconds = 1680, 95
    planned_interview.paused_seconds, planned_interview.running_since = 40, None
    planned_interview.save()
    client.force_login(planned_interview.expert_user)
    page = client.get(f"/admin/interviews/interviewsession/{planned_interview.id}/change/").content.decode()
    page = re.sub(r">\s+<", "><", page)
    assert '<label>Time budget:</label><div class="readonly">28 min</div>' in page
    assert '<label>Time used:</label><div class="readonly">1 min 35 s</div>' in page
    assert '<label>Time paused:</label><div class="readonly">40 s</div>' in page
    assert "seconds:" not in page.lower() and ">1680<" not in page


@pytest.mark.parametrize(("seconds", "text"), [(1680, "28 min"), (95, "1 min 35 s"), (40, "40 s"), (0, "0 min"),
                                               (3941, "65 min 41 s"), (59.6, "1 min"), (None, ""), ("n/a", "n/a")])
def test_a_duration_reads_in_minutes_and_seconds(seconds, text):
    from interviewmaster.figures import duration_text

    assert duration_text(seconds) == text
