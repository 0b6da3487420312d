import pytest

from accounts.tests.factories import CandidateFactory
from interviews.tests.factories import load_shipped_bank


@pytest.fixture
def bank(db):
    load_shipped_bank()


@pytest.fixture
def bank_with_problems(db):
    """The shipped bank and the judge problems its coding questions link: those questions are askable too."""
    load_shipped_bank(problems=True)


@pytest.fixture
def candidate(db):
    return CandidateFactory(target_role="backend_engineer", experience_level="mid")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run a call and everything it leaves for after the commit (tasks run eagerly, pushes go to the layer)."""

    def run(func, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(*args, **kwargs)

    return run
