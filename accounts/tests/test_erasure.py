"""Account deletion against what outlives the person's own rows: the admin's change log, and what was sent to an address
the account held besides its own (another of its addresses, one it gave up)."""

from __future__ import annotations

import json
import secrets
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.db.models import Q
from django.utils import timezone

from accounts import selectors, services
from accounts.models import FormerEmailAddress, MentorAssignment, PendingEmail, User
from accounts.tests.factories import DEFAULT_PASSWORD, AdminFactory, CandidateFactory, MentorFactory
from planning.models import InterviewPlan, Invitation
from planning.tests.factories import InterviewPlanFactory
from resumes.models import Resume
from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


def _log(actor, obj, flag, message=""):
    """What the admin writes for an add, change or delete made there (ModelAdmin.log_addition/change/deletions)."""
    [entry] = LogEntry.objects.log_actions(user_id=actor.pk, queryset=[obj], action_flag=flag,
                                           change_message=message, single_object=False)
    return entry


def _log_text() -> str:
    return json.dumps(list(LogEntry.objects.values_list("object_repr", "change_message")))


def test_the_admin_log_keeps_who_did_what_but_not_the_deleted_persons_address_or_name(
        django_capture_on_commit_callbacks):
    operator = AdminFactory()
    grace = CandidateFactory(email="grace@example.com", name="Grace Hopper")
    EmailAddress.objects.create(user=grace, email="grace.work@example.com", verified=True)
    alan = CandidateFactory(email="alan@example.com", name="Alan Turing")
    molly = MentorFactory(email="molly@example.com", name="Molly Mentor")
    resume = ResumeFactory(owner=grace, original_filename="grace-hopper-cv.pdf")
    link = MentorAssignment.objects.create(mentor=molly, candidate=grace)
    plan = InterviewPlanFactory(candidate_email="grace.work@example.com", candidate_name="G. Hopper")
    _log(operator, grace, CHANGE, [{"changed": {"fields": ["Name", "Email address"]}}])
    _log(operator, resume, CHANGE, [{"changed": {"fields": ["Status"]}}])
    _log(operator, link, ADDITION, [{"added": {}}])
    _log(operator, plan, CHANGE, [{"added": {"name": "invitation", "object": "invitation to grace.work@example.com"}},
                                  {"changed": {"fields": ["Candidate name"]}}])
    # Rows that are not hers but name her: a position titled after her, a message naming her in another's row.
    _log(operator, InterviewPlanFactory(candidate_name="Alan Turing").position, CHANGE,
         "Renamed: role meant for Grace Hopper (GRACE@example.com)")
    untouched = _log(operator, alan, CHANGE, [{"changed": {"fields": ["Name"]}}])
    before = list(LogEntry.objects.order_by("id").values_list("id", "user_id", "action_flag", "action_time"))
    assert "grace" in _log_text().lower() and "Hopper" in _log_text()

    with django_capture_on_commit_callbacks(execute=True):  # the log's scan of her addresses runs after the commit
        services.delete_account(user=grace, password=DEFAULT_PASSWORD)

    # her addresses are gone from every row; her name only from her own rows (renamed whole): a name is free text,
    # and scrubbing it everywhere let an account named like someone else rewrite their entries
    assert "grace@" not in _log_text().lower() and "grace.work@" not in _log_text().lower()
    # Who did what and when stays, every row of it; another person's rows keep their names.
    assert list(LogEntry.objects.order_by("id").values_list("id", "user_id", "action_flag", "action_time")) == before
    reprs = dict(LogEntry.objects.values_list("object_id", "object_repr").filter(content_type__model="user"))
    assert reprs == {str(grace.pk): f"deleted user #{grace.pk}", str(alan.pk): "alan@example.com"}
    assert LogEntry.objects.get(pk=untouched.pk).object_repr == "alan@example.com"
    assert LogEntry.objects.get(object_id=str(resume.pk), content_type__model="resume").object_repr == \
        f"resume of deleted user #{grace.pk}"
    plan_entry = LogEntry.objects.get(object_id=str(plan.pk), content_type__model="interviewplan")
    assert plan_entry.object_repr == f"interview plan of deleted user #{grace.pk}"
    assert "Added invitation" in plan_entry.get_change_message() and "Changed Candidate name" in \
        plan_entry.get_change_message()
    position_entry = LogEntry.objects.get(content_type__model="position")
    assert position_entry.change_message == f"Renamed: role meant for Grace Hopper (deleted user #{grace.pk})"
    assert "molly" not in _log_text()  # her mentor link is named after the deleted person's side, not Molly's


def test_deleting_an_account_in_admin_is_the_erasure_and_its_log_row_does_not_name_them(client):
    """The admin's delete was a hard delete: the resume's file and the plans sent to the person stayed, and the log
    row the admin writes just before ("grace@example.com" deleted) kept the address for good."""
    operator = AdminFactory()
    grace = CandidateFactory(email="grace@example.com", name="Grace Hopper")
    resume = ResumeFactory(owner=grace, text="Grace Hopper, COBOL")
    plan = InterviewPlanFactory(candidate_email="grace@example.com", candidate_name="Grace Hopper")
    client.force_login(operator)
    page = client.get(f"/admin/accounts/user/{grace.pk}/delete/").content.decode()
    # the page says what the erasure does, not a cascade's list of rows "to be deleted" that in fact stay anonymised
    assert "same deletion a person can make of their own account" in page and "will be deleted" not in page

    response = client.post(f"/admin/accounts/user/{grace.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    grace = User.objects.get(pk=grace.pk)  # the row stays for what refers to it
    assert grace.is_deleted and grace.email == f"deleted-user-{grace.pk}@deleted.invalid" and grace.name == ""
    assert Resume.objects.get(pk=resume.pk).text == "" and InterviewPlan.objects.get(pk=plan.pk).candidate_name == \
        "Deleted candidate"
    [entry] = LogEntry.objects.filter(action_flag=DELETION)
    assert (entry.user_id, entry.object_id, entry.object_repr) == (operator.pk, str(grace.pk),
                                                                   f"deleted user #{grace.pk}")
    assert "grace" not in _log_text().lower()


def test_the_delete_action_on_the_user_list_erases_too(client):
    operator = AdminFactory()
    first, second = CandidateFactory(name="First Person"), CandidateFactory(name="Second Person")
    client.force_login(operator)
    page = client.post("/admin/accounts/user/", {"action": "delete_selected",
                                                 "_selected_action": [first.pk, second.pk]}).content.decode()
    assert "Delete the 2 selected accounts?" in page and "will be deleted" not in page
    client.post("/admin/accounts/user/", {"action": "delete_selected", "_selected_action": [first.pk, second.pk],
                                          "post": "yes"})
    assert User.objects.filter(pk__in=[first.pk, second.pk], deleted_at__isnull=False).count() == 2
    assert "Person" not in _log_text()


# --- What was sent to the account's other addresses --------------------------------------------------------------
def _invited(email: str, *, at=None) -> InterviewPlan:
    plan = InterviewPlanFactory(candidate_email=email, candidate_name="Invited Person", state="invited")
    Invitation.objects.create(plan=plan, email=email, subject="Your interview", body=f"Dear {email}",
                              nonce=secrets.token_hex(16), expires_at=timezone.now() + timedelta(days=3))
    if at is not None:
        InterviewPlan.objects.filter(pk=plan.pk).update(created_at=at)
        Invitation.objects.filter(plan=plan).update(created_at=at)
    return plan


def _still_naming(email: str) -> list[str]:
    return [*InterviewPlan.objects.filter(candidate_email__iexact=email).values_list("candidate_email", flat=True),
            *Invitation.objects.filter(Q(email__iexact=email) | Q(body__icontains=email)).values_list("email",
                                                                                                      flat=True),
            *PendingEmail.objects.filter(recipient__iexact=email).values_list("recipient", flat=True)]


def test_deletion_finds_what_was_sent_to_a_secondary_a_removed_and_a_replaced_address():
    user = CandidateFactory(email="grace@example.com", name="Grace Hopper")
    EmailAddress.objects.create(user=user, email="grace.work@example.com", verified=True)
    EmailAddress.objects.create(user=user, email="grace.pending@example.com", verified=False)  # a change not confirmed
    old = EmailAddress.objects.create(user=user, email="grace.old@example.com", verified=True)
    for email in ("grace.work@example.com", "Grace.Pending@example.com", "grace.old@example.com",
                  "grace@example.com"):
        _invited(email)
        PendingEmail.objects.create(recipient=email.lower(), subject="Confirm", body="a link")
    # an address added and never confirmed may be anyone's: what was sent to it is not the account's
    EmailAddress.objects.create(user=user, email="stranger@example.com", verified=False).delete()
    old.delete()  # removed on the email page
    user.email = "grace.new@example.com"  # the account's address replaced (a new primary, or the admin's form)
    user.save()
    EmailAddress.objects.filter(user=user, email="grace@example.com").delete()
    _invited("grace.new@example.com")
    assert set(FormerEmailAddress.objects.filter(user=user).values_list("email", flat=True)) == \
        {"grace.old@example.com", "grace@example.com"}
    assert {e["email"] for e in selectors.personal_data_export(user)["former_addresses"]} == \
        {"grace.old@example.com", "grace@example.com"}
    assert len(selectors.personal_data_export(user)["planning"]) == 4  # not the one to the unconfirmed address

    services.delete_account(user=user, password=DEFAULT_PASSWORD)

    for email in ("grace.work@example.com", "grace.old@example.com", "grace@example.com", "grace.new@example.com"):
        assert _still_naming(email) == [], email
    # the unconfirmed address's plan, invitation and mail are left as they were
    assert len(_still_naming("grace.pending@example.com")) == 3
    assert not FormerEmailAddress.objects.exists()


def test_an_address_given_up_is_not_the_accounts_for_what_was_sent_to_it_afterwards():
    """The address may be someone else's since: their invitation and mails are not this account's to erase."""
    user = CandidateFactory(email="grace@example.com")
    old = EmailAddress.objects.create(user=user, email="shared@example.com", verified=True)
    mine = _invited("shared@example.com", at=timezone.now() - timedelta(days=2))
    old.delete()
    later = timezone.now() + timedelta(seconds=1)
    theirs = _invited("shared@example.com", at=later)
    their_mail = PendingEmail.objects.create(recipient="shared@example.com", subject="Hi", body="b", created_at=later)

    services.delete_account(user=user, password=DEFAULT_PASSWORD)

    assert InterviewPlan.objects.get(pk=mine.pk).candidate_email != "shared@example.com"
    assert InterviewPlan.objects.get(pk=theirs.pk).candidate_email == "shared@example.com"
    assert Invitation.objects.get(plan=theirs).email == "shared@example.com"
    assert PendingEmail.objects.filter(pk=their_mail.pk).exists()


def test_the_log_rows_of_many_own_rows_are_found_in_chunks(monkeypatch):
    """An account's rows of one kind can pass the bound parameters one query may carry; the ids go in chunks."""
    from accounts import admin_log

    monkeypatch.setattr(admin_log, "ID_CHUNK", 2)
    operator = AdminFactory()
    grace = CandidateFactory(email="grace@example.com")
    resumes = [ResumeFactory(owner=grace, original_filename=f"cv-{n}.pdf") for n in range(5)]
    for resume in resumes:
        _log(operator, resume, CHANGE, [{"changed": {"fields": ["Status"]}}])
    assert admin_log.forget_rows(Resume, [r.pk for r in resumes], user_id=grace.pk) == 5
    assert set(LogEntry.objects.values_list("object_repr", flat=True)) == {f"resume of deleted user #{grace.pk}"}


def test_a_name_of_a_few_letters_is_not_scrubbed_from_other_peoples_log_rows():
    """Replacing "Al" word by word would rewrite unrelated staff entries ("Al" the colleague, "Go" the language)."""
    operator = AdminFactory()
    al = CandidateFactory(email="al.x@example.com", name="Al")
    other = _log(operator, InterviewPlanFactory().position, CHANGE, "Renamed after a talk with Al from sales")
    services.delete_account(user=al, password=DEFAULT_PASSWORD)
    assert LogEntry.objects.get(pk=other.pk).change_message == "Renamed after a talk with Al from sales"


def test_an_unconfirmed_address_of_a_stranger_neither_exports_nor_erases_their_plan(client):
    """Anyone can add a stranger's address (an invited candidate's) to their account without confirming it: counting
    it exported the stranger's planned interview and erased it with the account."""
    plan = InterviewPlanFactory(candidate_email="victim@corp.example", candidate_name="Victor Victim")
    mallory = CandidateFactory(email="mallory@example.com", name="Mallory")
    client.force_login(mallory)
    client.post("/accounts/email/", {"action_add": "", "email": "victim@corp.example"})
    assert EmailAddress.objects.filter(user=mallory, email="victim@corp.example", verified=False).exists()
    assert selectors.personal_data_export(mallory)["planning"] == []
    client.post("/accounts/email/", {"action_remove": "", "email": "victim@corp.example"})
    assert not FormerEmailAddress.objects.filter(user=mallory).exists()

    services.delete_account(user=mallory, password=DEFAULT_PASSWORD)

    plan.refresh_from_db()
    assert (plan.candidate_name, plan.candidate_email) == ("Victor Victim", "victim@corp.example")


def test_a_name_chosen_to_match_other_entries_does_not_rewrite_them():
    operator = AdminFactory()
    alan = CandidateFactory(email="alan@example.com", name="Alan Turing")
    entry = _log(operator, alan, CHANGE, [{"changed": {"fields": ["Staff status", "Superuser status"]}}])
    for name in ("alan@example.com", "Superuser status"):
        services.delete_account(user=CandidateFactory(name=name), password=DEFAULT_PASSWORD)
    entry.refresh_from_db()
    assert entry.object_repr == "alan@example.com"
    assert "Superuser status" in entry.change_message
