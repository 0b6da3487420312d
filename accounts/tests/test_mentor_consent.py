"""A mentor consents before following a candidate (docs/accounts.md, "Mentors").

Adding a mentor's address made the assignment at once: the candidate's mentor list showed the mentor, by name, while
any other address showed as a pending invitation (a probe for mentor accounts and their names), and the mentor was
assigned without being asked. Now a candidate's request waits for the mentor: until they accept, the mentor's API
sees nothing of the candidate, and the candidate sees the request exactly as an invitation to any address."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import selectors, services
from accounts.errors import AlreadyMentored, MenteeRequestNotFound
from accounts.models import MentorAssignment, MentorInvitation
from accounts.tests.factories import CandidateFactory, ExpertFactory, MentorFactory
from accounts.tests.test_mentee_access import ENDPOINTS, _call
from interviewmaster.testing import error_of
from studypaths import study
from studypaths.tests.factories import make_track

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _ask(candidate, mentor) -> MentorAssignment:
    services.invite_mentor(candidate=candidate, email=mentor.email)
    return MentorAssignment.objects.get(candidate=candidate, mentor=mentor, active=True)


@pytest.mark.parametrize(("method", "template"), ENDPOINTS)
def test_a_request_the_mentor_has_not_accepted_shows_nothing_on_any_mentee_endpoint(method, template):
    candidate, mentor = CandidateFactory(), MentorFactory()
    path = study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    request = _ask(candidate, mentor)
    response = _call(mentor, method, template, candidate, path)
    assert error_of(response) == (404, "not_found")  # as for any candidate not theirs: was 200 at once
    assert _api(mentor).get("/api/v1/mentees/").json()["total"] == 0
    services.accept_mentee_request(mentor=mentor, request_id=request.id)
    assert _call(mentor, method, template, candidate, path).status_code == (201 if method == "post" else 200)


def test_a_mentor_does_not_see_the_interviews_of_a_candidate_whose_request_waits():
    from interviews.models import InterviewSession
    from interviews.selectors import sessions_visible_to

    candidate, mentor = CandidateFactory(), MentorFactory()
    session = InterviewSession.objects.create(candidate=candidate, mode="quick_start")
    request = _ask(candidate, mentor)
    assert not sessions_visible_to(mentor).filter(id=session.id).exists()
    services.accept_mentee_request(mentor=mentor, request_id=request.id)
    assert sessions_visible_to(mentor).filter(id=session.id).exists()


def _without_address(payload, address: str):
    """A list answer with what must differ taken out: the address typed, and each row's id and moment."""
    return [{k: v for k, v in row.items() if k not in ("id", "created_at")} | {"email": row["email"] == address}
            for row in payload["items"]]


def test_the_candidate_sees_a_mentors_request_exactly_as_an_invitation_to_an_address_without_an_account(
        django_capture_on_commit_callbacks):
    mentor = MentorFactory(name="Morgan Mentor", email="morgan@example.com")
    seen = {}
    for address in (mentor.email, "nobody@example.com"):
        candidate = CandidateFactory()
        client = _api(candidate)
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post("/api/v1/mentors/invite", {"email": address}, format="json").status_code == 202
        mentors, invitations = client.get("/api/v1/mentors/").json(), client.get("/api/v1/mentors/invitations").json()
        assert invitations["items"][0]["email"] == address
        browser = Client()
        browser.force_login(candidate)
        page = " ".join(browser.get(reverse("accounts:profile")).content.decode().split())
        assert "Morgan" not in page  # the mentor's list showed the name at once
        html = re.search(r'<article aria-labelledby="mentors-heading">.*?</article>', page).group(0)
        html = html.replace(address, "<address>")
        html = re.sub(r"/accounts/mentors/invitations/\d+/withdraw/", "/withdraw/", html)
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
        html = html.replace(candidate.email, "<me>").replace(candidate.get_full_name(), "<my name>")
        seen[address] = (mentors, _without_address(invitations, address), html)
    assert seen[mentor.email] == seen["nobody@example.com"]
    assert seen[mentor.email][0]["total"] == 0
    assert "waiting for them to accept" in seen[mentor.email][2]


def test_a_mentor_lists_accepts_and_declines_requests_through_the_api():
    mentor = MentorFactory()
    ada, bo = CandidateFactory(name="Ada"), CandidateFactory(name="Bo")
    first, second = _ask(ada, mentor), _ask(bo, mentor)
    client = _api(mentor)
    listed = client.get("/api/v1/mentees/requests").json()
    assert [(r["id"], r["candidate_name"], r["candidate_email"], r["accepted_at"]) for r in listed["items"]] == [
        (first.id, "Ada", ada.email, None), (second.id, "Bo", bo.email, None)]
    accepted = client.post(f"/api/v1/mentees/requests/{first.id}/accept")
    assert accepted.status_code == 200 and accepted.json()["accepted_at"] is not None
    assert client.post(f"/api/v1/mentees/requests/{second.id}/decline").status_code == 204
    assert client.get("/api/v1/mentees/requests").json()["total"] == 0
    assert [m["id"] for m in client.get("/api/v1/mentees/").json()["items"]] == [ada.id]
    assert error_of(client.get(f"/api/v1/mentees/{bo.id}/")) == (404, "not_found")
    # Accepting again (a retry after a timeout) answers as the first accept did; it was a 404 "No such request".
    again = client.post(f"/api/v1/mentees/requests/{first.id}/accept")
    assert (again.status_code, again.json()) == (200, accepted.json())
    # Declining the accepted one, or answering the declined one again, is no request of theirs any more.
    assert error_of(client.post(f"/api/v1/mentees/requests/{first.id}/decline")) == (404, "not_found")
    for decision in ("accept", "decline"):
        assert error_of(client.post(f"/api/v1/mentees/requests/{second.id}/{decision}")) == (404, "not_found")
    assert error_of(_api(MentorFactory()).post(f"/api/v1/mentees/requests/{first.id}/accept")) == (404, "not_found")
    # the candidate who was accepted sees the mentor by name now, and no pending invitation
    assert _api(ada).get("/api/v1/mentors/").json()["items"][0]["mentor_name"] == mentor.name
    assert _api(ada).get("/api/v1/mentors/invitations").json()["total"] == 0


@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_another_mentors_request_is_404_and_a_non_mentor_is_403(decision):
    candidate, mentor = CandidateFactory(), MentorFactory()
    request = _ask(candidate, mentor)
    url = f"/api/v1/mentees/requests/{request.id}/{decision}"
    assert error_of(_api(MentorFactory()).post(url)) == (404, "not_found")
    assert _api(MentorFactory()).get("/api/v1/mentees/requests").json()["total"] == 0
    for outsider in (candidate, CandidateFactory(), ExpertFactory()):
        assert error_of(_api(outsider).post(url)) == (403, "permission_denied")
        assert error_of(_api(outsider).get("/api/v1/mentees/requests")) == (403, "permission_denied")
    request.refresh_from_db()
    assert request.active and request.accepted_at is None  # nobody but its mentor answered it


def test_a_declined_request_stays_pending_for_the_candidate_until_it_expires(settings):
    settings.MENTOR_INVITATION_DAYS = 30
    candidate, mentor = CandidateFactory(), MentorFactory()
    request = _ask(candidate, mentor)
    before = _api(candidate).get("/api/v1/mentors/invitations").json()
    services.decline_mentee_request(mentor=mentor, request_id=request.id)
    assert selectors.mentee_requests_for(mentor).count() == 0
    assert _api(candidate).get("/api/v1/mentors/invitations").json() == before  # a decline tells nothing
    assert error_of(_api(candidate).post("/api/v1/mentors/invite", {"email": mentor.email}, format="json")) == (
        409, "already_assigned")  # as for any pending address
    assert services.expire_mentor_invitations(now=timezone.now() + timedelta(days=31)) == 1
    assert _api(candidate).get("/api/v1/mentors/invitations").json()["total"] == 0
    services.invite_mentor(candidate=candidate, email=mentor.email)  # expired: the candidate may ask again
    assert selectors.mentee_requests_for(mentor).count() == 1


def test_an_expired_invitation_ends_the_request_behind_it(settings):
    settings.MENTOR_INVITATION_DAYS = 30
    candidate, mentor = CandidateFactory(), MentorFactory()
    request = _ask(candidate, mentor)
    assert services.expire_mentor_invitations(now=timezone.now() + timedelta(days=31)) == 1
    request.refresh_from_db()
    assert not request.active and request.ended_at is not None
    assert error_of(_api(mentor).post(f"/api/v1/mentees/requests/{request.id}/accept")) == (404, "not_found")


def test_an_accepted_mentor_outlives_the_invitation_expiry(settings):
    candidate, mentor = CandidateFactory(), MentorFactory()
    request = _ask(candidate, mentor)
    services.accept_mentee_request(mentor=mentor, request_id=request.id)
    services.expire_mentor_invitations(now=timezone.now() + timedelta(days=settings.MENTOR_INVITATION_DAYS + 1))
    assert list(selectors.mentees_for(mentor)) == [candidate]


def test_withdrawing_a_pending_request_ends_it_for_the_mentor():
    candidate, mentor = CandidateFactory(), MentorFactory()
    request = _ask(candidate, mentor)
    [invitation] = _api(candidate).get("/api/v1/mentors/invitations").json()["items"]
    assert _api(candidate).post(f"/api/v1/mentors/invitations/{invitation['id']}/withdraw").status_code == 204
    assert _api(mentor).get("/api/v1/mentees/requests").json()["total"] == 0
    assert error_of(_api(mentor).post(f"/api/v1/mentees/requests/{request.id}/accept")) == (404, "not_found")
    request.refresh_from_db()
    assert not request.active and request.accepted_at is None


def test_revoking_a_mentor_again_answers_as_the_first_revoke_did():
    """A candidate retrying a revoke after a timeout got 404 "No such…" for a mentor who was in fact gone."""
    candidate, mentor = CandidateFactory(), MentorFactory()
    request = _ask(candidate, mentor)
    services.accept_mentee_request(mentor=mentor, request_id=request.id)
    url = f"/api/v1/mentors/{request.id}/revoke"
    first = _api(candidate).post(url)
    assert first.status_code == 200 and first.json()["active"] is False
    again = _api(candidate).post(url)
    assert (again.status_code, again.json()) == (200, first.json())
    assert error_of(_api(CandidateFactory()).post(url)) == (404, "not_found")  # never anyone else's
    assert list(selectors.mentees_for(mentor)) == []


def test_a_candidate_cannot_revoke_a_request_as_a_mentor_before_it_is_accepted():
    """Revoking by the assignment's id answered 200 for a request: a way to learn that the address is a mentor."""
    candidate, mentor = CandidateFactory(), MentorFactory()
    request = _ask(candidate, mentor)
    assert error_of(_api(candidate).post(f"/api/v1/mentors/{request.id}/revoke")) == (404, "not_found")
    services.decline_mentee_request(mentor=mentor, request_id=request.id)
    assert error_of(_api(candidate).post(f"/api/v1/mentors/{request.id}/revoke")) == (404, "not_found")


def test_the_request_mail_tells_the_mentor_how_to_accept(django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://im.example.org"
    candidate, mentor = CandidateFactory(name="Casey"), MentorFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_mentor(candidate=candidate, email=mentor.email)
    [sent] = mail.outbox
    assert sent.to == [mentor.email]
    assert "https://im.example.org/accounts/mentor-requests/" in sent.body
    assert "https://im.example.org/api/docs/" in sent.body
    # the companion invitation owes no mail of its own: the address is mailed once, as the mentor
    assert MentorInvitation.objects.get(candidate=candidate).sent_at is not None


def test_the_mentor_requests_page_accepts_and_declines(client):
    mentor = MentorFactory()
    ada, bo = CandidateFactory(name="Ada Lovelace"), CandidateFactory(name="Bo Brown")
    first, second = _ask(ada, mentor), _ask(bo, mentor)
    client.force_login(mentor)
    page = client.get(reverse("accounts:mentor-requests")).content.decode()
    assert "Ada Lovelace" in page and "Bo Brown" in page
    accepted = client.post(reverse("accounts:answer-mentor-request", args=[first.id, "accept"]), follow=True)
    assert "You now mentor Ada Lovelace." in accepted.content.decode()
    declined = client.post(reverse("accounts:answer-mentor-request", args=[second.id, "decline"]), follow=True)
    assert "Bo Brown" in declined.content.decode()  # the message names whom they declined
    assert "No requests waiting." in client.get(reverse("accounts:mentor-requests")).content.decode()
    assert list(selectors.mentees_for(mentor)) == [ada]
    # another mentor's request, an unknown decision, a candidate: nothing happens
    third = _ask(CandidateFactory(), mentor)
    client.force_login(MentorFactory())
    assert client.post(reverse("accounts:answer-mentor-request", args=[third.id, "accept"])).status_code == 404
    client.force_login(mentor)
    assert client.post(reverse("accounts:answer-mentor-request", args=[third.id, "maybe"])).status_code == 404
    client.force_login(CandidateFactory())
    assert client.get(reverse("accounts:mentor-requests")).status_code == 403
    assert client.post(reverse("accounts:answer-mentor-request", args=[third.id, "accept"])).status_code == 403
    third.refresh_from_db()
    assert third.active and third.accepted_at is None


def test_the_export_lists_a_request_as_an_invitation_for_the_candidate_and_as_a_request_for_the_mentor():
    candidate, mentor = CandidateFactory(), MentorFactory(name="Morgan")
    request = _ask(candidate, mentor)
    mine = selectors.personal_data_export(candidate)
    assert mine["mentors"] == [] and [i["email"] for i in mine["mentor_invitations"]] == [mentor.email]
    assert selectors.personal_data_export(mentor)["mentees"][0]["accepted_at"] is None
    services.accept_mentee_request(mentor=mentor, request_id=request.id)
    mine = selectors.personal_data_export(candidate)
    assert mine["mentor_invitations"] == []
    assert mine["mentors"][0]["mentor_name"] == "Morgan" and mine["mentors"][0]["accepted_at"] is not None
    assert selectors.personal_data_export(mentor)["mentees"][0]["accepted_at"] is not None


def test_the_export_says_when_a_mentor_was_asked_and_when_they_accepted():
    """The export gave a mentor's `since` (the candidate's request) beside `accepted_at` without saying which was the
    asking: since the API's `since` became the acceptance, the same word read two ways. Both sides' exports name
    them `requested_at` and `accepted_at`; `since` stays as it was for readers of format /1 (the request)."""
    candidate, mentor = CandidateFactory(), MentorFactory()
    request = _ask(candidate, mentor)
    asked = timezone.now() - timedelta(days=3)
    MentorAssignment.objects.filter(pk=request.pk).update(since=asked)
    services.accept_mentee_request(mentor=mentor, request_id=request.id)
    accepted = MentorAssignment.objects.get(pk=request.pk).accepted_at
    assert accepted > asked
    mine, theirs = selectors.personal_data_export(candidate), selectors.personal_data_export(mentor)
    assert mine["format"] == theirs["format"] == "interviewmaster-personal-data/1"
    for row in (mine["mentors"][0], theirs["mentees"][0]):
        assert (row["requested_at"], row["accepted_at"]) == (asked.isoformat(), accepted.isoformat())
        assert row["since"] == row["requested_at"]  # the key format /1 had, its meaning unchanged


def test_an_assignment_made_in_admin_is_accepted(client, admin_user):
    candidate, mentor = CandidateFactory(), MentorFactory()
    client.force_login(admin_user)
    response = client.post("/admin/accounts/mentorassignment/add/", {
        "mentor": mentor.pk, "candidate": candidate.pk, "since_0": "2026-01-01", "since_1": "10:00:00",
        "active": "on"})
    assert response.status_code == 302
    assert MentorAssignment.objects.get().accepted_at is not None
    assert list(selectors.mentees_for(mentor)) == [candidate]


def test_the_migration_counts_existing_assignments_as_accepted_since_they_were_made():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("accounts.migrations.0015_mentor_consent")
    assignment = MentorAssignment.objects.create(candidate=CandidateFactory(), mentor=MentorFactory(),
                                                 since=timezone.now() - timedelta(days=3), accepted_at=None)
    migration.accept_existing_assignments(apps, None)
    assignment.refresh_from_db()
    assert assignment.accepted_at == assignment.since


def test_rolling_the_migration_back_ends_the_waiting_requests_not_accepts_them():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("accounts.migrations.0015_mentor_consent")
    candidate = CandidateFactory()
    waiting = _ask(candidate, MentorFactory())
    accepted = MentorAssignment.objects.create(candidate=candidate, mentor=MentorFactory())
    migration.end_waiting_requests(apps, None)
    waiting.refresh_from_db()
    accepted.refresh_from_db()
    assert not waiting.active and waiting.ended_at is not None
    assert accepted.active and accepted.ended_at is None


def test_deleting_an_invitation_in_admin_ends_the_request_behind_it(client, admin_user):
    mentor = MentorFactory()
    first, second = _ask(CandidateFactory(), mentor), _ask(CandidateFactory(), mentor)
    client.force_login(admin_user)
    one = MentorInvitation.objects.get(assignment=first)
    assert client.post(f"/admin/accounts/mentorinvitation/{one.pk}/delete/", {"post": "yes"}).status_code == 302
    other = MentorInvitation.objects.get(assignment=second)
    assert client.post("/admin/accounts/mentorinvitation/", {
        "action": "delete_selected", "_selected_action": [other.pk], "post": "yes"}).status_code == 302
    assert selectors.mentee_requests_for(mentor).count() == 0
    for request in (first, second):
        with pytest.raises(MenteeRequestNotFound):
            services.accept_mentee_request(mentor=mentor, request_id=request.id)


def test_admin_cannot_make_a_declined_request_active_again(client, admin_user):
    candidate, mentor = CandidateFactory(), MentorFactory()
    request = _ask(candidate, mentor)
    services.decline_mentee_request(mentor=mentor, request_id=request.id)
    client.force_login(admin_user)
    url = f"/admin/accounts/mentorassignment/{request.pk}/change/"
    assert 'name="active"' not in client.get(url).content.decode()
    client.post(url, {"mentor": mentor.pk, "candidate": candidate.pk, "since_0": "2026-01-01",
                      "since_1": "10:00:00", "active": "on"})
    request.refresh_from_db()
    assert not request.active
    assert selectors.mentee_requests_for(mentor).count() == 0


def test_an_address_that_became_a_mentor_after_the_invitation_gets_the_request_when_invited_again(
        mailoutbox, django_capture_on_commit_callbacks):
    candidate = CandidateFactory()
    services.invite_mentor(candidate=candidate, email="later@example.org")
    mentor = MentorFactory(email="later@example.org")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(AlreadyMentored) as again:
        services.invite_mentor(candidate=candidate, email="later@example.org")  # the answer to any second time
    assert again.value.code == "already_assigned"
    request = selectors.mentee_requests_for(mentor).get()
    assert MentorInvitation.objects.get(candidate=candidate).assignment == request
    assert mailoutbox[-1].to == [mentor.email]  # the mentor is told of the request
    services.accept_mentee_request(mentor=mentor, request_id=request.id)
    assert list(selectors.mentees_for(mentor)) == [candidate]
    assert not MentorInvitation.objects.filter(candidate=candidate).exists()


def test_the_new_address_of_a_mentor_already_asked_answers_as_any_other():
    candidate, mentor = CandidateFactory(), MentorFactory(email="a@example.org")
    request = _ask(candidate, mentor)
    mentor.email = "b@example.org"
    mentor.save(update_fields=["email"])
    assert services.invite_mentor(candidate=candidate, email="b@example.org") == services.invite_mentor(
        candidate=candidate, email="c@example.org").replace("c@", "b@")
    assert sorted(MentorInvitation.objects.filter(candidate=candidate).values_list("email", flat=True)) == [
        "a@example.org", "b@example.org", "c@example.org"]
    assert MentorAssignment.objects.filter(candidate=candidate, active=True).count() == 1
    # accepting the request takes the invitation of the new address with it
    services.accept_mentee_request(mentor=mentor, request_id=request.id)
    assert list(MentorInvitation.objects.filter(candidate=candidate).values_list("email", flat=True)) == [
        "c@example.org"]


def test_deleting_the_candidate_ends_a_waiting_request(admin_user):
    candidate, mentor = CandidateFactory(), MentorFactory()
    request = _ask(candidate, mentor)
    services.delete_account_as_operator(user=candidate, actor=admin_user)
    request.refresh_from_db()
    assert not request.active
    assert selectors.mentee_requests_for(mentor).count() == 0
    assert not MentorInvitation.objects.filter(candidate=candidate).exists()


def test_a_mentors_since_is_when_they_accepted_and_the_request_keeps_its_own_time(client):
    """The candidate's mentor list (API and profile page) said "since" the candidate asked, days before the mentor
    accepted and could see anything: the relation holds from the acceptance, which is what "since" says now. The
    mentor's request keeps `requested_at`, the asking, beside its `accepted_at`."""
    from datetime import UTC, datetime

    asked, accepted = datetime(2026, 3, 1, 9, 0, tzinfo=UTC), datetime(2026, 3, 5, 16, 30, tzinfo=UTC)
    candidate, mentor = CandidateFactory(timezone="UTC"), MentorFactory()
    request = _ask(candidate, mentor)
    MentorAssignment.objects.filter(pk=request.pk).update(since=asked)
    with pytest.MonkeyPatch.context() as frozen:
        frozen.setattr(timezone, "now", lambda: accepted)
        decided = _api(mentor).post(f"/api/v1/mentees/requests/{request.id}/accept").json()
    assert (decided["requested_at"], decided["accepted_at"]) == ("2026-03-01T09:00:00Z", "2026-03-05T16:30:00Z")
    [listed] = _api(candidate).get("/api/v1/mentors/").json()["items"]
    assert listed["since"] == "2026-03-05T16:30:00Z"
    client.force_login(candidate)
    profile = " ".join(client.get("/accounts/profile/").content.decode().split())
    assert f'{mentor.email}, since <time datetime="2026-03-05">5 Mar 2026</time>' in profile
    assert "1 Mar 2026" not in profile
    revoked = _api(candidate).post(f"/api/v1/mentors/{request.id}/revoke").json()
    assert revoked["since"] == "2026-03-05T16:30:00Z" and revoked["active"] is False
