"""The one way a page's POST action reports a refused DomainError (interviewmaster.pages.act)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore

from interviewmaster.errors import Conflict, NotFound
from interviewmaster.pages import act


@pytest.fixture
def request_(rf):
    request = rf.post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _raise(error):
    raise error


def test_success_adds_the_success_message(request_):
    assert act(request_, lambda: None, "Saved.") is True
    assert [(m.level_tag, m.message) for m in get_messages(request_)] == [("success", "Saved.")]


def test_a_refused_action_shows_the_errors_message(request_):
    assert act(request_, lambda: _raise(Conflict("Already finished.")), "Saved.") is False
    assert [(m.level_tag, m.message) for m in get_messages(request_)] == [("error", "Already finished.")]


def test_not_found_is_the_404_page_not_a_message(request_):
    with pytest.raises(NotFound):
        act(request_, lambda: _raise(NotFound("No such thing.")))
    assert list(get_messages(request_)) == []
