"""Lock order on PostgreSQL: legal requests that meet on a plan and its invitation never deadlock (each test holds
the two transactions in the order that deadlocked, with real threads and connections)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from accounts.models import User
from accounts.tests.factories import CandidateFactory
from interviewmaster.tests.pg_locks import until_a_lock_waits
from planning import invitations
from planning.errors import PlanNotSendable
from planning.models import InterviewPlan, Invitation
from planning.tests.conftest import run_on_commit
from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def invited():
    """A plan whose invitation went out (one unused link), its candidate's account ready to take it."""
    plan = InterviewPlanFactory(state="approved", candidate_email="grace@example.com", candidate_name="Grace")
    version = PlanVersionFactory(plan=plan)
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=version)
    plan.refresh_from_db()
    subject, body = invitations.default_message(plan)
    with run_on_commit():
        invitations.send_invitation(plan=plan, expert=plan.expert, subject=subject, body=body)
    plan.refresh_from_db()
    return plan


def test_accepting_the_invitation_while_the_expert_sends_it_again_does_not_deadlock(invited, monkeypatch):
    """The candidate accepts the link while the expert, in the plan page, sends the invitation again. The acceptance
    locked the invitation and then updated the plan; the re-send locked the plan and then withdrew the plan's
    unused links, that invitation among them: each waited for the other and PostgreSQL killed one (a 500, or the
    API's 503). Both lock the plan first now: the re-send waits, then sees the link accepted and sends nothing."""
    candidate = CandidateFactory(email="grace@example.com")
    token = invitations.token_for(Invitation.objects.get(plan=invited))
    accepting, holding, go_on = threading.local(), threading.Event(), threading.Event()
    real_is_candidate = User.is_candidate

    def is_candidate_after_the_resend_waits(user):
        if getattr(accepting, "now", False):  # the acceptance holds its locks here, before it writes
            holding.set()
            assert go_on.wait(timeout=10)
        return real_is_candidate.fget(user)

    monkeypatch.setattr(User, "is_candidate", property(is_candidate_after_the_resend_waits))

    def accept():
        accepting.now = True
        try:
            return invitations.accept_invitation(token=token, user=candidate).candidate_id
        except Exception as exc:  # noqa: BLE001 - the deadlock surfaces here
            return repr(exc)
        finally:
            connection.close()

    def send_again():
        assert holding.wait(timeout=10)
        plan = InterviewPlan.objects.get(pk=invited.pk)
        subject, body = invitations.default_message(plan)
        try:
            return invitations.send_invitation(plan=plan, expert=plan.expert, subject=subject, body=body).id
        except PlanNotSendable as exc:
            return exc.message
        except Exception as exc:  # noqa: BLE001
            return repr(exc)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        accepted, sent = pool.submit(accept), pool.submit(send_again)
        assert holding.wait(timeout=10)
        until_a_lock_waits()  # the re-send waits on a lock the acceptance holds
        go_on.set()
        results = (accepted.result(timeout=30), sent.result(timeout=30))
    assert results[0] == candidate.id
    assert "accepted the invitation" in results[1]
    assert Invitation.objects.filter(plan=invited).count() == 1
    assert Invitation.objects.get(plan=invited).used_by_id == candidate.id


@pytest.fixture
def startable():
    """A plan its candidate accepted: the lobby's Start begins it."""
    from planning.tests.factories import planned_question

    candidate = CandidateFactory(email="ada@example.com")
    plan = InterviewPlanFactory(state="invited", candidate=candidate, candidate_email=candidate.email,
                                config={"question_distribution": {"databases": {"medium": 1}}})
    version = PlanVersionFactory(plan=plan, questions=[planned_question()])
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=version)
    plan.refresh_from_db()
    return plan


def test_starting_the_planned_interview_while_the_account_is_deleted_does_not_deadlock(startable, monkeypatch):
    """The lobby's Start locked the plan and then (starting the session) the candidate's row; the account's deletion
    holds the candidate's row and then anonymises their plans, that one among them: each waited for the other and
    PostgreSQL killed one. The Start takes the candidate's row first now, in the order the deletion locks."""
    from accounts.services.deletion import delete_account_as_operator
    from accounts.tests.factories import AdminFactory
    from interviews.models import InterviewSession
    from planning import interview_link
    from planning import services as planning_services

    admin, candidate = AdminFactory(), startable.candidate
    holding, go_on = threading.Event(), threading.Event()
    real_capacity = planning_services.ensure_live_capacity

    def capacity_after_the_deletion_waits(**kwargs):
        holding.set()  # the Start holds the plan's row (and now the candidate's first) here
        assert go_on.wait(timeout=10)
        return real_capacity(**kwargs)

    monkeypatch.setattr(planning_services, "ensure_live_capacity", capacity_after_the_deletion_waits)

    def start():
        try:
            return interview_link.start_planned_interview(plan=InterviewPlan.objects.get(pk=startable.pk),
                                                          candidate=candidate).id
        except Exception as exc:  # noqa: BLE001 - the deadlock surfaces here
            return repr(exc)
        finally:
            connection.close()

    def delete():
        assert holding.wait(timeout=10)
        try:
            return delete_account_as_operator(user=candidate, actor=admin).deleted_at is not None
        except Exception as exc:  # noqa: BLE001
            return repr(exc)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        started, deleted = pool.submit(start), pool.submit(delete)
        assert holding.wait(timeout=10)
        until_a_lock_waits()
        go_on.set()
        results = (started.result(timeout=30), deleted.result(timeout=30))
    assert isinstance(results[0], int) and results[1] is True, results
    # the deletion, coming second, withdrew the interview it found live
    assert InterviewSession.objects.get(id=results[0]).state == "cancelled"
    assert InterviewPlan.objects.get(pk=startable.pk).candidate_name == "Deleted candidate"
