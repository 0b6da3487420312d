"""With S3 configured (django-storages), files go to the bucket under random keys, private, through the owner view."""

import boto3
import pytest
from moto import mock_aws

from resumes.models import Resume, ResumeStatus
from resumes.tests import documents

pytestmark = pytest.mark.django_db

BUCKET = "im-test-resumes"


@pytest.fixture
def s3(settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "storages.backends.s3.S3Storage",
                        "OPTIONS": {"bucket_name": BUCKET, "location": "media", "default_acl": None,
                                    "querystring_auth": True, "file_overwrite": False, "region_name": "us-east-1"}},
        }
        yield client


def test_upload_parse_download_and_delete_through_s3(s3, upload, api, django_capture_on_commit_callbacks):
    content = documents.pdf_bytes()
    response = upload(content, "Jane Resume.pdf")
    assert response.status_code == 202
    resume = Resume.objects.get(id=response.json()["id"])
    assert resume.status == ResumeStatus.READY and resume.skills.filter(name="Kubernetes").exists()

    keys = [obj["Key"] for obj in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"media/{resume.file.name}"]
    assert "Jane" not in keys[0]
    acl = s3.get_object_acl(Bucket=BUCKET, Key=keys[0])
    assert not [g for g in acl["Grants"] if g["Grantee"].get("URI", "").endswith("AllUsers")]  # not public

    download = api.get(f"/api/v1/resumes/{resume.id}/file")
    assert download.status_code == 200 and b"".join(download.streaming_content) == content

    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/v1/resumes/{resume.id}").status_code == 204
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
