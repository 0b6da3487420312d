import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files land in a per-test directory, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def candidate(db):
    from accounts.tests.factories import CandidateFactory

    return CandidateFactory()


@pytest.fixture
def other_candidate(db):
    from accounts.tests.factories import CandidateFactory

    return CandidateFactory()


@pytest.fixture
def api(candidate):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(candidate)
    return client


@pytest.fixture
def upload(api, django_capture_on_commit_callbacks):
    """POST a file to the upload API; the parse queued on commit runs (Celery is eager in tests)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    def post(content: bytes, name: str = "resume.pdf", client=None, **data):
        with django_capture_on_commit_callbacks(execute=True):
            return (client or api).post("/api/v1/resumes/", {"file": SimpleUploadedFile(name, content), **data},
                                        format="multipart")

    return post


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
