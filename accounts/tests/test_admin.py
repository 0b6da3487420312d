"""Who manages accounts in Django admin: admins (superusers) only. Experts are staff for the planning and interview
workplace; no part of their work needs the list of users, and they never unlock an account (docs/accounts.md)."""

from __future__ import annotations

import pytest

from accounts import services
from accounts.tests.factories import CandidateFactory, ExpertFactory

pytestmark = pytest.mark.django_db
USERS = "/admin/accounts/user/"


def locked_candidate():
    user = CandidateFactory(email="locked.candidate@example.com", name="Locked Candidate")
    for _ in range(5):
        services.record_login_failure(email=user.email, channel="api")
    assert is_locked(user)
    return user


def is_locked(user) -> bool:
    """The login rule's own answer: a locked (or delayed) email is refused before any password is checked."""
    from accounts.errors import AccountLocked, LoginDelayed

    try:
        services.ensure_login_allowed(email=user.email, channel="api")
    except (AccountLocked, LoginDelayed):
        return True
    return False


@pytest.fixture
def expert(client):
    expert = ExpertFactory()
    client.force_login(expert)
    return expert


def test_an_expert_neither_lists_nor_opens_user_accounts(client, expert):
    candidate = CandidateFactory(email="private.candidate@example.com", target_role="backend_engineer")
    for url in (USERS, f"{USERS}{candidate.pk}/change/", f"{USERS}{candidate.pk}/history/",
                f"{USERS}{candidate.pk}/password/", f"{USERS}add/", f"{USERS}?_to_field=id&_popup=1"):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert b"private.candidate@example.com" not in response.content, url
    index = client.get("/admin/").content.decode()
    assert USERS not in index  # no "Users" entry on the admin home


def test_an_expert_cannot_unlock_an_account(client, expert):
    user = locked_candidate()
    response = client.post(USERS, {"action": "unlock_accounts", "_selected_action": [user.pk]})
    assert response.status_code == 403
    assert is_locked(user)


def test_model_permissions_given_to_an_expert_do_not_open_account_management(client, expert):
    """Account pages are the superusers' whatever permissions a staff account holds (an operator's extra grant, or
    `ACCOUNTS_EXPERT_ADMIN_APPS` naming accounts)."""
    from django.contrib.auth.models import Permission

    expert.user_permissions.add(*Permission.objects.filter(content_type__app_label="accounts"))
    user = locked_candidate()
    assert client.get(USERS).status_code == 403
    assert client.get(f"{USERS}{user.pk}/change/").status_code == 403
    assert client.post(USERS, {"action": "unlock_accounts", "_selected_action": [user.pk]}).status_code == 403
    assert client.post(f"{USERS}{user.pk}/change/", {"email": user.email, "role": "admin"}).status_code == 403
    user.refresh_from_db()
    assert is_locked(user) and user.role == "candidate"


def test_experts_hold_no_accounts_permission():
    from accounts.models import Role

    groups = services.sync_role_groups()
    assert not groups[Role.EXPERT].permissions.filter(content_type__app_label="accounts").exists()


def test_an_admin_lists_opens_and_unlocks_accounts(client, admin_user):
    user = locked_candidate()
    client.force_login(admin_user)
    assert user.pk in {u.pk for u in client.get(USERS).context["cl"].result_list}
    assert client.get(f"{USERS}{user.pk}/change/").status_code == 200
    page = client.get(USERS)
    assert "unlock_accounts" in dict(page.context["action_form"].fields["action"].choices)
    assert client.post(USERS, {"action": "unlock_accounts", "_selected_action": [user.pk]}).status_code == 302
    assert not is_locked(user)


def test_ending_a_mentor_assignment_in_admin_records_when(admin_client):
    """Unticking Active left "Ended at" empty (it is read-only in the form), unlike the candidate's own revoke; ticking
    it again kept the old end date on a running assignment."""
    from accounts.models import MentorAssignment
    from accounts.tests.factories import MentorAssignmentFactory

    assignment = MentorAssignmentFactory()
    url = f"/admin/accounts/mentorassignment/{assignment.pk}/change/"
    form = {"mentor": assignment.mentor_id, "candidate": assignment.candidate_id,
            "since_0": assignment.since.strftime("%Y-%m-%d"), "since_1": assignment.since.strftime("%H:%M:%S")}
    assert admin_client.post(url, form).status_code == 302  # "active" left out: unticked
    assignment.refresh_from_db()
    assert assignment.active is False and assignment.ended_at is not None
    assert admin_client.post(url, {**form, "active": "on"}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.active is True and assignment.ended_at is None
    assert MentorAssignment.objects.count() == 1
