"""The one "one object or not found" read (interviewmaster/selectors.py)."""

from __future__ import annotations

import pytest
from django.http import Http404

from accounts.models import User
from accounts.tests.factories import CandidateFactory
from interviewmaster.errors import NotFound
from interviewmaster.selectors import one_or_raise

pytestmark = pytest.mark.django_db


def test_returns_the_row_the_lookup_matches():
    user = CandidateFactory()
    assert one_or_raise(User.objects.all(), NotFound, id=user.id) == user


def test_a_row_outside_the_queryset_is_not_found_like_a_missing_one():
    user = CandidateFactory()
    for lookup in ({"id": user.id}, {"id": user.id + 1000}):
        with pytest.raises(NotFound) as err:
            one_or_raise(User.objects.exclude(id=user.id), NotFound("No such person."), **lookup)
        assert err.value.message == "No such person."
        assert isinstance(err.value, Http404)  # a page renders the 404 page
