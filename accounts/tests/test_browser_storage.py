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
