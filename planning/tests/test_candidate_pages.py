"""The candidate's way back to an accepted planned interview (dashboard, interview list), what they are told when it is
cancelled (an email, the lobby), and the one name the interview goes by (invitation, lobby, room)."""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from interviews.models import InterviewSession
from planning import services
from planning.models import InterviewPlan, Position
from planning.tests.conftest import run_on_commit

pytestmark = pytest.mark.django_db


@pytest.fixture
def payments(invited_plan):
    """The invited plan, accepted by its candidate, for "Senior Backend Engineer" in Payments."""
    Position.objects.filter(pk=invited_plan.position_id).update(title="Senior Backend Engineer",
                                                                department="Payments")
    invited_plan.refresh_from_db()
    return invited_plan


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def test_an_accepted_planned_interview_is_the_dashboards_next_step_and_listed_with_its_lobby(payments, client):
    """After accepting, neither the dashboard nor /interviews/ mentioned the planned interview: the only way back to
    the lobby was the email's link."""
    client.force_login(payments.candidate)
    lobby = f'href="/planning/lobby/{payments.id}/"'
    dashboard = page(client, "/")
    next_step = dashboard[dashboard.index('id="next-heading"'):dashboard.index('id="recent-heading"')]
    assert lobby in next_step and "Senior Backend Engineer (Payments)" in next_step
    assert "Take a quick-start interview" not in next_step  # the planned interview comes before practice
    listing = page(client, "/interviews/")
    assert lobby in listing and "Senior Backend Engineer (Payments)" in listing
    with run_on_commit():
        assert client.post(f"/planning/lobby/{payments.id}/").status_code == 302  # started: the room
    payments.refresh_from_db()
    room = f'href="/interviews/{payments.session_id}/"'
    assert room in page(client, "/")[:page(client, "/").index('id="recent-heading"')]
    assert room in page(client, "/interviews/")


def test_a_finished_or_cancelled_plan_is_no_longer_offered(payments, client):
    client.force_login(payments.candidate)
    with run_on_commit():
        services.cancel_plan(plan=payments, expert=payments.expert)
    assert f"/planning/lobby/{payments.id}/" not in page(client, "/")
    assert f"/planning/lobby/{payments.id}/" not in page(client, "/interviews/")


@pytest.mark.parametrize("started", [False, True])
def test_cancelling_an_accepted_plan_mails_the_candidate_and_the_lobby_says_why(payments, client, started):
    """The candidate was sent nothing and the lobby said only "This interview is not available."."""
    client.force_login(payments.candidate)
    if started:
        with run_on_commit():
            client.post(f"/planning/lobby/{payments.id}/")
    mail.outbox.clear()
    with run_on_commit():
        services.cancel_plan(plan=InterviewPlan.objects.get(pk=payments.pk), expert=payments.expert,
                             comment="internal note")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    expert = payments.expert.get_full_name() or payments.expert.email
    assert message.to == [payments.candidate.email]
    assert message.subject == "Your interview for Senior Backend Engineer is cancelled"
    assert f"{expert} has cancelled your interview" in message.body and "internal note" not in message.body
    assert ("The interview you had started has ended" in message.body) is started
    lobby = page(client, f"/planning/lobby/{payments.id}/")
    assert f"{expert} cancelled this interview" in lobby and "contact your interviewer" in lobby
    assert "This interview is not available." not in lobby


def test_nothing_is_mailed_when_the_transaction_rolls_back_or_nobody_was_invited(payments, make_plan):
    from django.db import transaction

    with pytest.raises(RuntimeError), run_on_commit(), transaction.atomic():
        services.cancel_plan(plan=payments, expert=payments.expert)
        raise RuntimeError
    assert mail.outbox == []
    draft = make_plan()
    with run_on_commit():
        services.cancel_plan(plan=draft, expert=draft.expert)  # never sent: nobody to tell
    assert mail.outbox == []


def test_the_room_is_named_by_the_position_as_the_invitation_and_lobby_name_it(payments, client):
    """The room said "Backend Engineer planned interview" while the invitation and the lobby said "Senior Backend
    Engineer (Payments)"."""
    client.force_login(payments.candidate)
    assert "Senior Backend Engineer (Payments)" in page(client, f"/planning/lobby/{payments.id}/")
    with run_on_commit():
        response = client.post(f"/planning/lobby/{payments.id}/")
    room = page(client, response["Location"])
    heading = room[room.index('class="room-title"'):room.index("</h1>")]
    assert "Interview for Senior Backend Engineer (Payments)" in heading and "planned interview" not in heading
    assert InterviewSession.objects.get(plan=payments).title == "Interview for Senior Backend Engineer (Payments)"


@pytest.fixture
def sent_invitation(db):
    """An invitation emailed to grace@example.com (who has a verified candidate account) and not taken up yet."""
    from accounts.tests.factories import CandidateFactory
    from planning import invitations
    from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory

    grace = CandidateFactory(email="grace@example.com")
    plan = InterviewPlanFactory(state="approved", candidate_email="Grace@Example.com", candidate_name="Grace")
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=PlanVersionFactory(plan=plan))
    Position.objects.filter(pk=plan.position_id).update(title="Data Engineer", department="")
    plan.refresh_from_db()
    subject, body = invitations.default_message(plan)
    with run_on_commit():
        invitation = invitations.send_invitation(plan=plan, expert=plan.expert, subject=subject, body=body)
    return grace, invitation


def _unsigned(path: str) -> str:
    """An invitation link's path up to its token's timestamp and signature ("/planning/invite/<payload>:")."""
    return path.split(":", 1)[0] + ":"


def _next_step(client) -> str:
    dashboard = page(client, "/")
    return dashboard[dashboard.index('id="next-heading"'):dashboard.index('id="recent-heading"')]


def test_an_invitation_not_taken_up_is_shown_to_its_candidate_with_its_expiry_and_link(sent_invitation, client):
    """The email's link was the only way to an invitation: the candidate's home and interview list said nothing."""
    from planning import invitations
    from planning.models import Invitation

    grace, invitation = sent_invitation
    client.force_login(grace)
    # the link's token is signed with the second it was made (TimestampSigner): the page's and this one differ when a
    # second passes between them, so the link is matched up to its signature: the invitation it names
    link = f'href="{_unsigned(invitations.invitation_path(invitation))}'
    expert = invitation.plan.expert.get_full_name()
    for shown in (_next_step(client), page(client, "/interviews/")):
        assert link in shown and "Data Engineer" in shown and expert in shown
        assert "invitation open until" in shown and "View the invitation" in shown
    # Taken up: the lobby instead, as "Go to the lobby".
    assert client.post(invitations.invitation_path(invitation)).status_code == 302
    shown = _next_step(client)
    assert link not in shown and f'href="/planning/lobby/{invitation.plan_id}/"' in shown and "Go to the lobby" in shown
    # Expired, or withdrawn by a newer link: nothing.
    Invitation.objects.filter(pk=invitation.pk).update(used_at=None, used_by=None)
    InterviewPlan.objects.filter(pk=invitation.plan_id).update(candidate=None)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    assert "invitation open until" not in page(client, "/interviews/")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(days=1),
                                                       superseded_at=timezone.now())
    assert "invitation open until" not in page(client, "/interviews/")


@pytest.mark.parametrize("state", ["cancelled", "completed"])
def test_an_invitation_of_a_cancelled_or_completed_plan_is_not_offered(sent_invitation, client, state):
    grace, invitation = sent_invitation
    InterviewPlan.objects.filter(pk=invitation.plan_id).update(state=state)
    client.force_login(grace)
    assert "invitation open until" not in _next_step(client)
    assert "invitation open until" not in page(client, "/interviews/")


def test_nobody_else_sees_an_invitation_nor_its_link(sent_invitation, client):
    """Another candidate, an expert, and an account under the invited address that never verified it see nothing."""
    from allauth.account.models import EmailAddress

    from accounts.tests.factories import CandidateFactory, ExpertFactory
    from planning import invitations

    grace, invitation = sent_invitation
    token = _unsigned(invitations.invitation_path(invitation)).rsplit("/", 1)[-1]  # as a link made at any second
    for other in (CandidateFactory(), ExpertFactory()):
        client.force_login(other)
        for url in ("/", "/interviews/"):
            body = page(client, url)
            assert token not in body and "invitation open until" not in body
    EmailAddress.objects.filter(user=grace).update(verified=False)
    client.force_login(grace)
    assert token not in page(client, "/interviews/")


LATER = datetime(2030, 1, 10, 15, 30, tzinfo=UTC)  # 10:30 in New York (EST), 21:00 in Kolkata (IST)


def test_an_invitations_expiry_is_written_in_the_candidates_zone_and_names_it(sent_invitation, client, settings):
    """The home page and the interview list said "invitation open until 10 Jan 2030, 15:30": no zone, so a candidate
    could not tell whether the link still worked at their 15:30. Now the time is the candidate's profile zone's (the
    server's TIME_ZONE without one) and says which; the invitation's own page writes it the same way."""
    from accounts.tests.factories import CandidateFactory
    from planning import invitations
    from planning.models import Invitation

    grace, invitation = sent_invitation
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=LATER)
    path = invitations.invitation_path(invitation)
    client.force_login(grace)

    def shown_to_grace() -> list[str]:
        return [_next_step(client), page(client, "/interviews/"), page(client, path)]

    grace.timezone = "America/New_York"
    grace.save(update_fields=["timezone"])
    for body in shown_to_grace():
        assert '<time datetime="2030-01-10T10:30:00-05:00">10 Jan 2030, 10:30 EST</time>' in body
    grace.timezone = ""  # no zone of their own: the server's, named
    grace.save(update_fields=["timezone"])
    settings.TIME_ZONE = "Asia/Kolkata"
    for body in shown_to_grace():
        assert '<time datetime="2030-01-10T21:00:00+05:30">10 Jan 2030, 21:00 IST</time>' in body

    # Another candidate, in the same zone, still sees neither the invitation nor its expiry.
    client.force_login(CandidateFactory(timezone=""))
    token = _unsigned(path).rsplit("/", 1)[-1]
    for url in ("/", "/interviews/"):
        body = page(client, url)
        assert token not in body and "10 Jan 2030" not in body and "invitation open until" not in body


BERLIN_AT = datetime(2026, 12, 7, 13, 5, 9, tzinfo=UTC)  # 14:05 in Berlin (CET)
IN_BERLIN = "7 Dec 2026, 14:05 CET"


def test_every_time_on_the_candidates_pages_names_its_zone(invited_plan, client, monkeypatch):
    """Only the invitation's expiry named its zone: the recent interviews, the interview list and report, the lobby's
    open interviews, the practice runs, a task's comments and the résumés said "7 Dec 2026, 14:05" in the candidate's
    zone without saying which. Each time is written with `zoned_moment` now, as the invitation's expiry."""
    from accounts.tests.factories import MentorAssignmentFactory, MentorFactory
    from interviews import services as interview_services
    from interviews.tests.factories import load_shipped_bank
    from resumes.models import Resume
    from resumes.tests.factories import ResumeFactory
    from studypaths import study
    from studypaths.models import CodeRun, TaskEvent
    from studypaths.tests.factories import CodeRunFactory, make_track

    load_shipped_bank()
    grace = invited_plan.candidate
    grace.timezone, grace.target_role = "Europe/Berlin", "backend_engineer"
    grace.save(update_fields=["timezone", "target_role"])
    practice = interview_services.start_session(candidate=grace, mode="quick_start", role="backend_engineer")
    InterviewSession.objects.filter(id=practice.id).update(created_at=BERLIN_AT)
    resume = ResumeFactory(owner=grace)
    Resume.objects.filter(id=resume.id).update(created_at=BERLIN_AT)
    run = CodeRunFactory(user=grace)
    CodeRun.objects.filter(id=run.id).update(created_at=BERLIN_AT)
    mentor = MentorFactory()
    MentorAssignmentFactory(candidate=grace, mentor=mentor)
    task = study.create_study_path(user=grace, track=make_track(), config=study.PathConfig()).tasks.first()
    with monkeypatch.context() as frozen:  # the comment's created_at is set on insert (an append-only row)
        frozen.setattr(timezone, "now", lambda: BERLIN_AT)
        TaskEvent.objects.create(task=task, kind="comment", actor=mentor, data={"text": "Mind the empty list."})
    client.force_login(grace)

    shown = f'<time datetime="2026-12-07T14:05:09+01:00">{IN_BERLIN}</time>'
    for url in ("/", "/interviews/", f"/interviews/{practice.id}/report/", "/resumes/", f"/resumes/{resume.id}/",
                f"/studypaths/problems/{run.problem.slug}/", f"/studypaths/tasks/{task.id}/"):
        body = page(client, url)
        assert shown in body, url
        assert "7 Dec 2026, 14:05<" not in body and "7 Dec 2026, 14:05)" not in body, url  # no time without its zone
    # the new-interview page's way back to the open practice interview, and a run's "Show" label
    assert f"started {IN_BERLIN} (" in page(client, "/interviews/new/")
    assert f'aria-label="Show run from {IN_BERLIN}"' in page(client, f"/studypaths/problems/{run.problem.slug}/")
    # The lobby's refusal lists the interview already open, with when it started.
    lobby = client.post(f"/planning/lobby/{invited_plan.id}/")
    assert lobby.status_code in (200, 409), lobby.status_code
    assert f"started {shown}" in html.unescape(lobby.content.decode())


def _invite_many(grace, number: int, *, after: int = 0) -> None:
    """`number` more open invitations addressed to Grace, each for its own plan, expiring an hour apart."""
    import uuid

    from planning.models import Invitation
    from planning.tests.factories import InterviewPlanFactory

    for i in range(after, after + number):
        plan = InterviewPlanFactory(state="invited", candidate_email=grace.email, candidate_name="Grace")
        Invitation.objects.create(plan=plan, email=grace.email, subject="An interview", body="Come along.",
                                  nonce=uuid.uuid4().hex, sent_at=timezone.now(),
                                  expires_at=timezone.now() + timedelta(days=2, hours=i))


def test_many_invitations_list_a_bounded_number_and_say_how_many_more(sent_invitation, client):
    """/interviews/ listed every open invitation addressed to the candidate, however many (each signed for its link):
    it lists the 20 expiring soonest now and says how many more there are; the home page its 3, and the rest too. The
    page's queries do not grow with the invitations."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from interviews.views import INVITATIONS_SHOWN

    grace, _ = sent_invitation
    client.force_login(grace)

    def queries(url: str) -> int:
        page(client, url)  # the first view of a day fills caches (analytics) the next ones read
        with CaptureQueriesContext(connection) as captured:
            page(client, url)
        return len(captured)

    _invite_many(grace, INVITATIONS_SHOWN + 4)  # 25 in all with the sent one
    few = {url: queries(url) for url in ("/", "/interviews/")}
    listing = page(client, "/interviews/")
    assert listing.count("data-pending-invitation") == INVITATIONS_SHOWN
    assert "and 5 more invitations" in listing
    home = _next_step(client)
    assert home.count("data-pending-invitation") == 3 and "and 22 more invitations" in home
    assert 'href="/interviews/"' in home  # where the rest are listed

    _invite_many(grace, 30, after=INVITATIONS_SHOWN + 4)
    assert {url: queries(url) for url in ("/", "/interviews/")} == few
    listing = page(client, "/interviews/")
    assert listing.count("data-pending-invitation") == INVITATIONS_SHOWN and "and 35 more invitations" in listing


def test_invitations_within_the_bound_say_nothing_more(sent_invitation, client):
    grace, _ = sent_invitation
    client.force_login(grace)
    _invite_many(grace, 2)
    listing = page(client, "/interviews/")
    assert listing.count("data-pending-invitation") == 3 and "more invitation" not in listing
    assert "more invitation" not in _next_step(client)


def _accept_many(candidate, number: int) -> None:
    """`number` more planned interviews Grace accepted and has not started (each its own plan, waiting in its lobby)."""
    from planning.tests.factories import InterviewPlanFactory

    for _ in range(number):
        InterviewPlanFactory(state="invited", candidate=candidate, candidate_email=candidate.email)


def test_many_accepted_interviews_list_a_bounded_number_and_say_how_many_more(payments, client):
    """/interviews/ listed every planned interview the candidate accepted and had not finished, however many: it
    lists 20 now, one in progress first (its room), and says how many more there are; the home page its 3 and the
    rest too. The pages' queries do not grow with the interviews."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from interviews.views import ACCEPTED_SHOWN

    candidate = payments.candidate
    client.force_login(candidate)

    def queries(url: str) -> int:
        page(client, url)  # the first view of a day fills caches (analytics) the next ones read
        with CaptureQueriesContext(connection) as captured:
            page(client, url)
        return len(captured)

    _accept_many(candidate, ACCEPTED_SHOWN + 4)  # 25 in all with Payments, the oldest
    few = {url: queries(url) for url in ("/", "/interviews/")}
    listing = page(client, "/interviews/")
    assert listing.count("data-accepted-plan") == ACCEPTED_SHOWN
    assert "and 5 more interviews you accepted" in listing
    home = _next_step(client)
    assert home.count("data-accepted-plan") == 3 and "and 22 more interviews you accepted" in home
    assert 'href="/interviews/"' in home  # where the rest are listed

    _accept_many(candidate, 30)
    assert {url: queries(url) for url in ("/", "/interviews/")} == few
    listing = page(client, "/interviews/")
    assert listing.count("data-accepted-plan") == ACCEPTED_SHOWN and "and 35 more interviews you accepted" in listing

    from planning import interview_link
    from planning.tests.factories import PlanVersionFactory, planned_question

    newest = InterviewPlan.objects.filter(candidate=candidate).order_by("-created_at", "-id").first()
    version = PlanVersionFactory(plan=newest, questions=[planned_question()])
    InterviewPlan.objects.filter(pk=newest.pk).update(current_version=version)
    with run_on_commit():  # the newest, started: its room is listed first, never among the ones counted
        session = interview_link.start_planned_interview(plan=newest, candidate=candidate)
    room = f'href="/interviews/{session.id}/" role="button">Return to the interview room'
    assert room in page(client, "/interviews/") and room in _next_step(client)


def test_accepted_interviews_within_the_bound_say_nothing_more(payments, client):
    client.force_login(payments.candidate)
    _accept_many(payments.candidate, 2)
    listing = page(client, "/interviews/")
    assert listing.count("data-accepted-plan") == 3 and "more interview" not in listing
    assert "more interview" not in _next_step(client)
