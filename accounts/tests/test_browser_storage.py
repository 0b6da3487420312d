"""Pages name the owner of what they keep in the browser's storage (accounts.browser_storage): an opaque value per
user on a signed-in page, an empty one on a signed-out page, none where the page cannot tell."""

from __future__ import annotations

import re

import pytest

from accounts.browser_storage import storage_owner
from accounts.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

OWNER = re.compile(r'<html [^>]*data-storage-owner="([^"]*)"')


def test_a_signed_in_page_names_its_user_by_an_opaque_value_and_a_signed_out_page_names_no_one(client):
    kai, lee = CandidateFactory(email="kai@example.com"), CandidateFactory(email="lee@example.com")
    assert OWNER.search(client.get("/").content.decode()).group(1) == ""  # signed out: the page clears storage

    client.force_login(kai)
    page = client.get("/").content.decode()
    owner = OWNER.search(page).group(1)
    assert owner == storage_owner(kai) and re.fullmatch(r"[0-9a-f]{24}", owner)
    assert "kai" not in owner and str(kai.pk) != owner
    assert owner != storage_owner(lee) and owner == storage_owner(kai)  # one user's, the same on every page
    assert re.search(r'<form [^>]*action="/accounts/logout/"[^>]*data-signs-out', page)  # the logout clears it too
    assert "js/browser-storage.js" in page


def test_a_page_drawn_without_a_user_leaves_the_storage_alone(rf):
    """A request the authentication middleware did not reach: the page cannot tell who is signed in, so its script
    neither keeps nor clears anything (an empty owner would clear the signed-in user's drafts)."""
    from django.template.loader import render_to_string

    page = render_to_string("404.html", request=rf.get("/nowhere/"))
    assert "data-storage-owner" not in page


FORGET = re.compile(r"<html [^>]*data-storage-forget")


def test_the_first_page_after_a_logout_or_a_deletion_removes_the_drafts_and_no_other_page_does(client):
    """A logout or an account deletion in this browser marks the next page to remove every draft the site kept here;
    a signed-out page otherwise (an expired session, a sign-out everywhere from another device) keeps them for their
    user, and a signed-in page keeps its user's."""
    from accounts.tests.factories import DEFAULT_PASSWORD

    kai = CandidateFactory(email="kai@example.com")
    assert not FORGET.search(client.get("/").content.decode())  # signed out, no logout here: nothing removed
    client.force_login(kai)
    assert not FORGET.search(client.get("/").content.decode())
    client.post("/accounts/logout/")
    assert FORGET.search(client.get("/").content.decode())  # the page after the logout
    assert not FORGET.search(client.get("/").content.decode())  # once

    client.force_login(kai)
    response = client.post("/accounts/delete/", {"password": DEFAULT_PASSWORD}, follow=True)
    assert FORGET.search(response.content.decode()), response.content.decode()[:300]
