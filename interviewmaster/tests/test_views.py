import pytest

from accounts.models import Role
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_landing_page_says_what_the_product_does(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "mock interviews" in html
    assert 'href="/accounts/signup/"' in html
    assert "vendor/pico/pico.min.css" in html and "vendor/htmx/htmx.min.js" in html


@pytest.mark.parametrize(("role", "sees", "hidden"), [
    (Role.EXPERT, "Expert workplace", "API docs"),
    (Role.MENTOR, "API docs", "Expert workplace"),
    (Role.CANDIDATE, "Dashboard", "Expert workplace"),
])
def test_navigation_depends_on_role(client, role, sees, hidden):
    client.force_login(UserFactory(role=role))
    html = client.get("/").content.decode()
    assert sees in html
    assert hidden not in html


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    html = response.content.decode()
    assert "could not find that page" in html
    # said in words, in the tab and the heading (they said only "404"); the code stays, below
    assert "<title>Page not found · InterviewMaster</title>" in html and "<h1>Page not found</h1>" in html
    assert "Error 404" in html


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"InterviewMaster API" in schema.content
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.parametrize("accept", ["", "application/json"])
def test_the_schema_with_a_bad_or_revoked_token_is_a_401_in_the_schemas_own_format(client, accept):
    # The schema view renders errors with its YAML renderer, which cannot write the error codes' enum members: an
    # expired, forged or revoked token (the contract run's, after a logout-all) made it a 500.
    import yaml

    from accounts import services

    user = UserFactory()
    revoked = services.issue_tokens(user=user)["access"]
    services.revoke_all_tokens(user=user)
    for token, code in (("garbage", "authentication_failed"), (revoked, "token_revoked")):
        headers = {"Authorization": f"Bearer {token}", **({"Accept": accept} if accept else {})}
        response = client.get("/api/schema/", headers=headers)
        assert response.status_code == 401
        assert yaml.safe_load(response.content)["error"]["code"] == code  # YAML is a superset of JSON


def test_load_demo_creates_one_verified_user_per_role_idempotently():
    from allauth.account.models import EmailAddress
    from django.core.management import call_command

    from accounts.models import User
    from accounts.selectors import mentees_for

    call_command("load_demo")
    call_command("load_demo")
    assert sorted(User.objects.values_list("role", flat=True)) == sorted(r.value for r in Role)
    assert EmailAddress.objects.filter(verified=True).count() == 4
    candidate = User.objects.get(role=Role.CANDIDATE)
    assert candidate.target_role == "backend_engineer"
    assert candidate.mentor_assignments.filter(active=True).count() == 1
    # the demo mentor follows the demo candidate: accepted, even where the candidate had only asked
    mentor = User.objects.get(role=Role.MENTOR)
    assert list(mentees_for(mentor)) == [candidate]
    candidate.mentor_assignments.update(accepted_at=None)
    call_command("load_demo")
    assert list(mentees_for(mentor)) == [candidate]
    assert list(User.objects.get(role=Role.EXPERT).groups.values_list("name", flat=True)) == ["Experts"]
    # the expert's first "Add plan" form has positions to choose from (its drop-down was empty), made once
    from planning.models import Position

    assert sorted(Position.objects.filter(created_by__role=Role.EXPERT).values_list("title", flat=True)) == [
        "Backend engineer (Python)", "Frontend engineer"]


@pytest.mark.django_db(transaction=True)
def test_load_demo_ends_with_how_to_log_in_and_keeps_the_tasks_quiet(caplog, settings):
    """`make run` printed about 150 Celery "Task ... succeeded" lines after the accounts; they are last now."""
    import io
    import logging

    from django.core.management import call_command

    settings.SITE_URL = "http://127.0.0.1:8000"
    out = io.StringIO()
    with caplog.at_level(logging.INFO):
        call_command("load_demo", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[-1] == "Log in at http://127.0.0.1:8000/accounts/login/ (experts and admins: http://127.0.0.1:8000/admin/)."
    assert lines[-6].startswith("Demo accounts (password for all: ")
    assert [line.split()[0] for line in lines[-5:-1]] == ["Candidate", "Expert", "Mentor", "Admin"]  # not ids
    assert any(line.startswith("Demo candidate: demo interview") for line in lines)
    assert not [r for r in caplog.records if r.name.startswith("celery") and r.levelno < logging.WARNING]
    assert logging.getLogger("celery.app.trace").level == logging.NOTSET  # restored


@pytest.mark.django_db(transaction=True)
def test_the_demo_says_an_unfinished_interviews_state_in_words(monkeypatch):
    """"its report is still being written (in_progress)": the state's id, where the summary reads as sentences."""
    from accounts.tests.factories import CandidateFactory
    from interviewmaster import demo_data
    from interviews.question_bank import import_question_bank
    from studypaths import sandbox

    import_question_bank(only_new=True)
    monkeypatch.setattr(sandbox, "sandbox_mode", lambda: (sandbox.MODE_RLIMITS_ONLY, "in tests"))
    monkeypatch.setattr(demo_data, "_wait_for", lambda session, ready: session.refresh_from_db())  # never ready
    said = demo_data.seed_interview(CandidateFactory())
    assert said.endswith("its report is still being written (the interview is in progress)"), said


def test_a_page_form_that_fails_its_csrf_check_gets_the_sites_page_saying_what_to_do():
    from django.test import Client

    user = UserFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    response = browser.post("/accounts/profile/", {"name": "Changed"}, HTTP_REFERER="http://testserver/accounts/profile/",
                            HTTP_HOST="testserver")
    assert response.status_code == 403
    page = response.content.decode()
    assert "The form could not be sent" in page and "Nothing was changed" in page
    assert 'href="http://testserver/accounts/profile/"' in page and "<nav" in page  # the site's layout
    foreign = browser.post("/accounts/profile/", {}, HTTP_REFERER="https://evil.example/")
    assert 'href="/"' in foreign.content.decode() and "evil.example" not in foreign.content.decode()
    assert browser.post("/api/v1/auth/logout-all").json()["error"]["code"] == "permission_denied"  # JSON there


@pytest.mark.parametrize("path", ["/accounts/profile/", "/api/v1/auth/token"])
def test_django_s_own_400s_are_the_sites_page_or_the_json_envelope(client, settings, path):
    """A form post past DATA_UPLOAD_MAX_MEMORY_SIZE, too many query parameters or an unknown Host got Django's bare
    400 page (a traceback with DEBUG on), HTML under /api/ too."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    client.force_login(UserFactory())
    big = client.post(path, {"text": "x" * 5000})
    many = client.get(path + "?" + "&".join(f"x{i}=1" for i in range(20)))
    host = client.get(path, HTTP_HOST="evil.example")
    if path.startswith("/api/"):
        assert (big.status_code, big.json()["error"]["code"]) == (413, "request_too_large")
        assert (many.status_code, many.json()["error"]["code"]) == (400, "too_many_fields")
        assert (host.status_code, host.json()["error"]["code"]) == (400, "bad_request")
    else:
        assert big.status_code == 413 and "larger than the site accepts" in big.content.decode()
        assert many.status_code == 400 and "too many fields" in many.content.decode()
        assert host.status_code == 400 and "not meant for this site" in host.content.decode()


@pytest.mark.django_db
def test_allauths_rate_limits_answer_with_the_sites_429_page_and_retry_after(client, settings):
    """allauth's own answer was a bare "Too Many Requests" document: no page of ours, no word on when to try again."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "reset_password": "1/m/ip"}
    for _ in range(2):
        response = client.post("/accounts/password/reset/", {"email": "somebody@example.com"})
    assert response.status_code == 429
    assert [t.name for t in response.templates][0] == "429.html"
    page = response.content.decode()
    assert "<title>Too many requests · InterviewMaster</title>" in page and "<main" in page
    wait = int(response["Retry-After"])
    assert wait >= 60 and "try again" in page
    htmx = client.post("/accounts/password/reset/", {"email": "somebody@example.com"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 429 and htmx.content.startswith(b'<div class="request-error" role="alert">')


def test_a_mentors_home_offers_their_mentees_and_requests_not_an_interview_to_take(client):
    """The mentor's home offered "Start an interview" and "Take a quick-start interview", a candidate's actions."""
    from django.utils import timezone

    from accounts.tests.factories import CandidateFactory, MentorAssignmentFactory, MentorFactory
    from interviews.models import InterviewSession

    mentor = MentorFactory()
    ada = CandidateFactory(name="Ada Mentee")
    MentorAssignmentFactory(mentor=mentor, candidate=ada, accepted_at=timezone.now())
    session = InterviewSession.objects.create(candidate=ada, mode="quick_start", role="backend_engineer")
    MentorAssignmentFactory(mentor=mentor, candidate=CandidateFactory(name="Bob Asking"), accepted_at=None)
    client.force_login(mentor)
    page = client.get("/").content.decode()
    assert "Start an interview" not in page and "quick-start" not in page and "/interviews/new/" not in page
    assert "Ada Mentee" in page and "Bob Asking" not in page  # an unaccepted request shows nothing of them
    assert 'href="/accounts/mentor-requests/"' in page and "(1 waiting)" in page
    assert f'href="/interviews/{session.id}/report/">Ada Mentee: ' in page  # the mentee's interview, to read
