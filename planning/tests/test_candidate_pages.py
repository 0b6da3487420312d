"""The candidate's way back to an accepted planned interview (dashboard, interview list), what they are told when it is
cancelled (an email, the lobby), and the one name the interview goes by (invitation, lobby, room)."""

from __future__ import annotations

import html

import pytest
from django.core import mail

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
