"""Fixtures for the code judge's tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture
def bubblewrap():
    """The full sandbox must be available: skipped locally without it, a failure under CI=true."""
    from studypaths import sandbox

    sandbox.reset_mode_cache()
    mode, detail = sandbox.sandbox_mode()
    if mode != sandbox.MODE_BUBBLEWRAP:
        message = f"bubblewrap sandbox unavailable here: {detail}"
        if CI:
            pytest.fail(f"CI=true but {message} (apt-get install bubblewrap; user namespaces must be allowed)",
                        pytrace=False)
        pytest.skip(message)
    return mode


def sandbox_uid_processes() -> list[str]:
    """Processes still running as any sandbox uid (there must be none between runs)."""
    from django.conf import settings

    low, high = settings.SANDBOX_UID_BASE, settings.SANDBOX_UID_BASE + settings.SANDBOX_UID_COUNT
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("Uid:"):
                real_uid = int(line.split()[1])
                if low <= real_uid < high:
                    found.append(f"{entry.name}:{status.splitlines()[0]}")
                break
    return found


@pytest.fixture
def candidate(client):
    """A candidate signed in on the test client (files that need a candidate without a session define their own)."""
    from accounts.tests.factories import CandidateFactory

    user = CandidateFactory()
    client.force_login(user)
    return user
