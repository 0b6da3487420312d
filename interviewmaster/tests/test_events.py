"""The one append-only base (interviewmaster/events.py): every event model inherits it, and every one refuses to
rewrite or remove a stored row, by instance and by queryset."""

from __future__ import annotations

import pytest
from django.apps import apps

from accounts.models import LoginEvent
from accounts.tests.factories import CandidateFactory
from interviewmaster.events import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet
from planning.models import InterviewPlan, PlanEvent, ScoreAdjustment
from planning.tests.factories import InterviewPlanFactory

APPS = {"accounts", "resumes", "interviews", "planning", "studypaths", "analytics", "interviewmaster"}


def _append_only_models() -> list[type]:
    return [m for m in apps.get_models() if issubclass(m, AppendOnlyModel)]


def test_every_event_model_inherits_the_append_only_base():
    events = [m for m in apps.get_models() if m._meta.app_label in APPS and m.__name__.endswith("Event")]
    assert {m.__name__ for m in events} >= {"SessionEvent", "PlanEvent", "TaskEvent", "ResumeEvent", "LoginEvent"}
    assert [m.__name__ for m in events if not issubclass(m, AppendOnlyModel)] == []
    assert issubclass(ScoreAdjustment, AppendOnlyModel)


def test_no_append_only_model_overrides_the_base():
    """The refusals live once, in the base: no event model writes its own save/delete or queryset."""
    for model in _append_only_models():
        assert "save" not in vars(model) and "delete" not in vars(model), model
        assert type(model._default_manager.all()) is AppendOnlyQuerySet, model


@pytest.mark.parametrize("model", _append_only_models(), ids=lambda m: m.__name__)
def test_a_stored_row_refuses_save_and_delete(model):
    stored = model()
    stored._state.adding = False  # as loaded from the database
    with pytest.raises(AppendOnlyError, match="append-only"):
        stored.save()
    with pytest.raises(AppendOnlyError, match="append-only"):
        stored.delete()
    with pytest.raises(AppendOnlyError, match="append-only"):
        model.objects.all().update(pk=1)
    with pytest.raises(AppendOnlyError, match="append-only"):
        model.objects.all().delete()


@pytest.mark.django_db
def test_a_related_manager_refuses_bulk_writes_and_a_cascade_still_removes_the_rows():
    plan = InterviewPlanFactory(state="pending_review")
    PlanEvent.objects.create(plan=plan, kind="note")
    with pytest.raises(AppendOnlyError):
        plan.events.update(kind="rewritten")
    with pytest.raises(AppendOnlyError):
        plan.events.all().delete()
    assert PlanEvent.objects.get(plan=plan).kind == "note"
    InterviewPlan.objects.filter(pk=plan.pk).delete()
    assert not PlanEvent.objects.filter(plan_id=plan.pk).exists()


@pytest.mark.django_db
def test_erase_blanks_personal_fields_and_keeps_the_rows():
    user = CandidateFactory()
    event = LoginEvent.objects.create(user=user, email=user.email, kind=LoginEvent.Kind.FAILED, channel="api",
                                      ip_address="10.1.2.3")
    assert LoginEvent.objects.filter(user=user).erase(email="", ip_address=None) == 1
    event.refresh_from_db()
    assert (event.email, event.ip_address, event.kind) == ("", None, LoginEvent.Kind.FAILED)
