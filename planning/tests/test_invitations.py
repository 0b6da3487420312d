"""Invitations: prefilled and editable, sent by Celery after commit with a SITE_URL link; the link is signed,
single-use and expiring, and every way it can fail has a clear page."""

from __future__ import annotations

import html
import logging
import re
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import CandidateFactory
from planning import invitations
from planning.errors import PlanNotSendable
from planning.models import InterviewPlan, Invitation, PlanEvent
from planning.tests.conftest import run_on_commit
from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(db):
    plan = InterviewPlanFactory(state="approved", candidate_email="grace@example.com", candidate_name="Grace")
    version = PlanVersionFactory(plan=plan)
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=version)
    plan.refresh_from_db()
    return plan


def send(plan, **kwargs):
    subject, body = invitations.default_message(plan)
    with run_on_commit():
        return invitations.send_invitation(plan=plan, expert=plan.expert, subject=kwargs.get("subject", subject),
                                           body=kwargs.get("body", body))


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_invitation_is_prefilled_editable_and_sent_with_a_site_url_link(approved, settings):
    settings.SITE_URL = "https://interviews.example.org"
    subject, body = invitations.default_message(approved)
    assert approved.position.title in subject and "Grace" in body and str(approved.duration_minutes) in body
    invitation = send(approved, body=body + "\nPS: bring water.")
    approved.refresh_from_db()
    assert approved.state == "invited"
    assert invitation.edited_by_expert
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["grace@example.com"] and "bring water" in message.body
    assert link_in(message).startswith("https://interviews.example.org/planning/invite/")
    invitation.refresh_from_db()
    # the link's end, written as the invitation page and every candidate page write a time
    expires = timezone.localtime(invitation.expires_at)
    written = f"{expires.day} {expires:%b %Y, %H:%M}"
    assert f"(works once, until {written} UTC)" in message.body
    page = Client().get(path_of(link_in(message))).content.decode()
    assert f'<time datetime="{expires.isoformat(timespec="seconds")}">{written} UTC</time>' in page  # zone named
    assert invitation.sent_at is not None
    assert PlanEvent.objects.filter(plan=approved, kind="invitation.sent").exists()


def test_the_invitations_time_is_in_utc_whoever_sends_it(approved):
    """Sent from the expert's request (Celery eager), the email was written in the expert's zone ("… 03:44 EST")."""
    with timezone.override(ZoneInfo("America/New_York")):
        invitation = send(approved)
    expires = invitation.expires_at.astimezone(UTC)
    assert f"(works once, until {expires.day} {expires:%b %Y, %H:%M} UTC)" in mail.outbox[0].body


def test_nothing_is_sent_when_the_transaction_rolls_back(approved):
    from django.db import transaction

    with run_on_commit():
        try:
            with transaction.atomic():
                subject, body = invitations.default_message(approved)
                invitations.send_invitation(plan=approved, expert=approved.expert, subject=subject, body=body)
                raise RuntimeError("boom")
        except RuntimeError:
            pass
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_a_plan_that_is_not_approved_cannot_be_sent():
    plan = InterviewPlanFactory(state="pending_review")
    with pytest.raises(PlanNotSendable) as err:
        invitations.send_invitation(plan=plan, expert=plan.expert, subject="Hi", body="Come")
    assert err.value.code == "plan_not_sendable"


def test_opening_the_link_does_not_use_it_and_accepting_lands_in_the_lobby(approved, client):
    send(approved)
    url = path_of(link_in(mail.outbox[0]))
    anonymous = client.get(url)
    assert anonymous.status_code == 200 and b"Sign up" in anonymous.content
    candidate = CandidateFactory(email="grace@example.com")
    client.force_login(candidate)
    assert client.get(url).status_code == 200  # a GET (or a mail scanner's prefetch) never uses the link up
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == f"/planning/lobby/{approved.id}/"
    lobby = client.get(response["Location"])
    assert lobby.status_code == 200 and approved.position.title.encode() in lobby.content
    assert approved.current_version.questions[0]["prompt"].encode() not in lobby.content  # never the plan content
    approved.refresh_from_db()
    assert approved.candidate == candidate
    # The same candidate opening the link again goes back to the lobby.
    assert client.get(url)["Location"] == f"/planning/lobby/{approved.id}/"


def test_a_used_link_gives_a_clear_page_to_anyone_else(approved, client):
    send(approved)
    url = path_of(link_in(mail.outbox[0]))
    client.force_login(CandidateFactory(email="grace@example.com"))
    client.post(url)
    client.logout()
    client.force_login(CandidateFactory(email="mallory@example.com"))
    response = client.get(url)
    assert response.status_code == 409 and b'data-code="invitation_used"' in response.content


def test_an_expired_link_gives_a_clear_page_and_the_expert_can_reinvite(approved, client):
    send(approved)
    url = path_of(link_in(mail.outbox[0]))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(url)
    assert response.status_code == 410 and b"expired" in response.content
    # one request for a new link, not the same advice twice over
    assert response.content.count(b"Ask the interviewer to send you a new one.") == 1
    assert b"ask for a new invitation" not in response.content
    approved.refresh_from_db()
    assert approved.state == "expired"
    send(approved)
    approved.refresh_from_db()
    assert approved.state == "invited"
    new_url = path_of(link_in(mail.outbox[1]))
    assert client.get(new_url).status_code == 200
    assert b'data-code="invitation_withdrawn"' in client.get(url).content  # the old link stays dead


@pytest.mark.parametrize("mangle", [
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),
    lambda t: "x" + t,
    lambda t: "not-a-token",
])
def test_a_tampered_link_gives_a_clear_page(approved, client, mangle):
    send(approved)
    token = path_of(link_in(mail.outbox[0])).rstrip("/").rsplit("/", 1)[1]
    response = client.get(f"/planning/invite/{mangle(token)}/")
    assert response.status_code == 400 and b'data-code="invitation_invalid"' in response.content


def test_a_different_account_cannot_take_the_invitation(approved, client):
    send(approved)
    url = path_of(link_in(mail.outbox[0]))
    client.force_login(CandidateFactory(email="mallory@example.com"))
    response = client.post(url)
    assert response.status_code == 403 and b"invitation_wrong_account" in response.content
    assert Invitation.objects.get().used_at is None


def test_a_refused_link_leaves_no_live_token_in_the_log(approved, client, caplog):
    """Django logs every 4xx with its path: the wrong account's 403 wrote the still usable token to the log, and the
    link lets its holder sign up with the invited address unverified."""
    from pythonjsonlogger.json import JsonFormatter

    send(approved)
    url = path_of(link_in(mail.outbox[0]))
    token = url.rstrip("/").rsplit("/", 1)[1]
    client.force_login(CandidateFactory(email="mallory@example.com"))
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.post(url).status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Forbidden: /planning/invite/[redacted]/"
    assert token not in JsonFormatter("%(message)s").format(record)  # the JSON line prints the request's repr too
    assert Invitation.objects.get().used_at is None


def test_another_candidate_cannot_open_the_lobby(approved, client):
    send(approved)
    client.force_login(CandidateFactory(email="grace@example.com"))
    client.post(path_of(link_in(mail.outbox[0])))
    client.logout()
    client.force_login(CandidateFactory(email="mallory@example.com"))
    assert client.get(f"/planning/lobby/{approved.id}/").status_code == 404


def test_periodic_expiry_moves_overdue_plans(approved):
    send(approved)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert invitations.expire_overdue_invitations() == 1
    approved.refresh_from_db()
    assert approved.state == "expired"


def test_account_deletion_anonymises_the_candidate_on_plans_and_invitations(approved):
    from accounts import personal_data

    send(approved)
    candidate = CandidateFactory(email="grace@example.com")
    assert personal_data.export_sections(candidate)["planning"][0]["invited_as"] == "Grace"
    personal_data.erase_all(candidate)
    approved.refresh_from_db()
    assert approved.candidate_name == "Deleted candidate" and "grace" not in approved.candidate_email
    assert not Invitation.objects.filter(email__icontains="grace").exists()


def test_once_the_candidate_accepted_nothing_is_sent_again_and_the_plan_page_says_so(approved, client):
    """Re-sending after the candidate accepted withdrew the link they had used and, left unused, expired the plan: the
    lobby then refused the interview the candidate had accepted."""
    send(approved)
    url = path_of(link_in(mail.outbox[0]))
    client.force_login(CandidateFactory(email="grace@example.com", name="Grace Hopper"))
    client.post(url)
    with pytest.raises(PlanNotSendable) as err, timezone.override(ZoneInfo("America/New_York")):
        send(approved)
    # when, in the expert's zone and naming it (it read "on 7 Dec 2026, 03:44", whose 03:44 unsaid)
    used_at = timezone.localtime(Invitation.objects.get().used_at, ZoneInfo("America/New_York"))
    assert f"accepted the invitation on {used_at.day} {used_at:%b %Y, %H:%M} EST;" in err.value.message
    assert len(mail.outbox) == 1 and Invitation.objects.count() == 1
    approved.refresh_from_db()
    assert approved.state == "invited"
    client.force_login(approved.expert)
    page = client.get(f"/admin/planning/interviewplan/{approved.id}/change/").content.decode()
    assert 'id="send-invitation"' not in page
    assert "Accepted by Grace Hopper" in page and "waits in their lobby" in page


@pytest.mark.parametrize("minutes, words", [(88, "an 88-minute"), (18, "an 18-minute"), (60, "a 60-minute")])
def test_the_invitation_says_an_before_a_duration_read_with_a_vowel(approved, minutes, words):
    """"invites you to a 88-minute technical interview": the email and the invitation page."""
    InterviewPlan.objects.filter(pk=approved.pk).update(duration_minutes=minutes)
    approved.refresh_from_db()
    _subject, body = invitations.default_message(approved)
    assert f"invites you to {words} technical interview" in body
    send(approved)
    page = Client().get(path_of(link_in(mail.outbox[0]))).content.decode()
    assert f"to {words} technical interview" in " ".join(page.split())


def test_signing_up_from_the_invitation_is_prefilled_and_says_what_it_is_for(approved, client):
    # The sign-up page said nothing of the invitation and left the name empty (and the address too, in another
    # browser session than the one that opened the link).
    send(approved)
    url = path_of(link_in(mail.outbox[0]))
    page = client.get(url).content.decode()
    href = re.search(r'href="(/accounts/signup/[^"]*)">Sign up', page).group(1).replace("&amp;", "&")
    signup = Client().get(href).content.decode()  # a fresh session: all it has is the link
    assert re.search(r'<input type="email" name="email" value="grace@example.com"', signup)
    assert re.search(r'<input type="text" name="name" value="Grace"', signup)
    expert = approved.expert.get_full_name() or approved.expert.email
    assert (f"You are signing up to take the <strong>{approved.position.title}</strong> interview with "
            f"<strong>{expert}</strong>.") in signup
    plain = Client().get("/accounts/signup/").content.decode()
    assert "You are signing up to take" not in plain and 'name="name" value=' not in plain
    assert "You are signing up" not in Client().get("/accounts/signup/?next=/planning/invite/forged/").content.decode()


def test_signing_up_from_the_invitation_keeps_the_invited_address_and_refuses_another(approved, client):
    # Review round 36: from the invitation's Sign up, changing the address made the account under the invited address
    # (verified, primary) and added the typed one as an unverified extra, while the page said "Successfully signed
    # in". The invited address is now read-only there, and a different one posted is refused with a form error.
    from allauth.account.models import EmailAddress

    from accounts.models import User

    send(approved)
    url = path_of(link_in(mail.outbox[0]))
    page = client.get(url).content.decode()
    href = re.search(r'href="(/accounts/signup/[^"]*)">Sign up', page).group(1).replace("&amp;", "&")
    form = client.get(href).content.decode()
    field = re.search(r'<input[^>]*name="email"[^>]*>', form).group(0)
    assert "readonly" in field and 'value="grace@example.com"' in field
    fields = {"name": "Grace", "password1": "analytical-engine-42", "password2": "analytical-engine-42"}
    refused = client.post(href, {**fields, "email": "attacker@example.com"})
    assert refused.status_code == 200
    assert "This invitation is for grace@example.com." in html.unescape(refused.content.decode())
    # and the read-only field shows the invited address again, not the refused one it could no longer be changed from
    field = re.search(r'<input[^>]*name="email"[^>]*>', refused.content.decode()).group(0)
    assert 'value="grace@example.com"' in field and "attacker@example.com" not in field
    signed_up = ["grace@example.com", "attacker@example.com", "other@example.com"]
    assert not User.objects.filter(email__in=signed_up).exists()
    assert not EmailAddress.objects.filter(email__in=signed_up).exists()
    # A plain sign-up in the same browser is not handed the invited address either.
    with run_on_commit():
        client.post("/accounts/signup/", {**fields, "email": "other@example.com"})
    assert list(EmailAddress.objects.filter(email__in=signed_up).values_list("email", "verified")) == [
        ("other@example.com", False)]
    # With the invited address the account is made verified, under that address only.
    response = Client().post(href, {**fields, "email": "grace@example.com"})
    assert response.status_code == 302
    assert list(EmailAddress.objects.filter(user__email="grace@example.com").values_list("email", "verified",
                                                                                          "primary")) == [
        ("grace@example.com", True, True)]
