import pytest

from resumes.models import Resume
from resumes.tests.factories import ResumeFactory

pytestmark = pytest.mark.django_db


def test_admin_cannot_edit_resume_fields_that_services_own(admin_client):
    resume = ResumeFactory(text="original text", is_active=False, target_role="")
    page = admin_client.get(f"/admin/resumes/resume/{resume.id}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="text"' not in html and 'name="is_active"' not in html and 'name="target_role"' not in html
    admin_client.post(f"/admin/resumes/resume/{resume.id}/change/",
                      {"text": "edited", "is_active": "on", "target_role": "qa_engineer"})
    resume = Resume.objects.get(id=resume.id)
    assert (resume.text, resume.is_active, resume.target_role) == ("original text", False, "")
