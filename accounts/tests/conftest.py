"""Fixtures for the accounts tests."""

import pytest


@pytest.fixture(autouse=True)
def _fast_argon2(settings):
    """Argon2 stays the first hasher, with tiny costs (Django's defaults cost ~0.2 s per hash)."""
    settings.PASSWORD_HASHERS = ["accounts.hashers.FastArgon2PasswordHasher",
                                 *[h for h in settings.PASSWORD_HASHERS if not h.endswith("Argon2PasswordHasher")]]
