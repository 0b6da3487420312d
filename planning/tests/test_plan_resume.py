"""Which resume an expert may attach to a plan (docs/planning.md, "Whose resume a plan reads").

A resume is the candidate's private file. An expert reads one only for a candidate who took up one of that expert's
invitations (the plan is then linked to the candidate's account); an admin may attach any kept resume. The plan form
answers the same for a resume that does not exist and for one the expert may not use, so it tells nobody whose
resume an id is.
"""

from __future__ import annotations

import pytest

from accounts.tests.factories import AdminFactory, CandidateFactory, ExpertFactory
from planning import services
from planning.models import InterviewPlan
from planning.tests.conftest import run_on_commit
from planning.tests.factories import CONFIG, InterviewPlanFactory, PositionFactory

pytestmark = pytest.mark.django_db
ADD = "/admin/planning/interviewplan/add/"
REFUSED = "Choose one of this candidate's resumes that you may use"


def resume_of(candidate, name: str = "casey-cv.pdf"):
    from resumes.models import Resume, ResumeSkill

    resume = Resume.objects.create(owner=candidate, original_filename=name, kind="pdf", size_bytes=1, sha256=name,
                                   status="ready", is_active=True)
    ResumeSkill.objects.create(resume=resume, skill_id="python", name="Python", category="languages",
                               confidence=0.9, status="confirmed")
    return resume


@pytest.fixture
def people():
    """A candidate with a resume who accepted an invitation of `trusted` (the plan is linked to the account), and
    an expert the candidate never dealt with."""
    candidate = CandidateFactory(email="casey@example.com")
    trusted, stranger = ExpertFactory(), ExpertFactory()
    InterviewPlanFactory(expert=trusted, candidate=candidate, candidate_email=candidate.email, state="completed")
    return {"candidate": candidate, "resume": resume_of(candidate), "trusted": trusted, "stranger": stranger}


def post_plan(client, *, resume, email: str):
    with run_on_commit():
        return client.post(ADD, {
            "position": PositionFactory().id, "candidate_name": "Casey", "candidate_email": email,
            "resume": resume, "mode": "custom_config", "experience_level": "",
            "question_distribution": '{"coding": {"medium": 1}, "behavioral": {"easy": 1}}',
        })


def resume_errors(response) -> list[str]:
    assert response.status_code == 200, response.status_code
    return list(response.context["adminform"].form.errors.get("resume", []))


def test_an_expert_the_candidate_never_dealt_with_cannot_attach_their_resume(client, people):
    client.force_login(people["stranger"])
    response = post_plan(client, resume=people["resume"].id, email="casey@example.com")
    assert len(resume_errors(response)) == 1 and resume_errors(response)[0].startswith(REFUSED)
    assert not InterviewPlan.objects.filter(expert=people["stranger"]).exists()


def test_the_refusal_is_the_same_for_a_missing_resume_and_another_candidates(client, people):
    """The form is no oracle: an id that exists and matches the email, one that exists for another email and one
    that does not exist at all get one answer, and the page never names the file."""
    client.force_login(people["stranger"])
    answers = [resume_errors(post_plan(client, resume=resume, email=email)) for resume, email in [
        (people["resume"].id, "casey@example.com"), (people["resume"].id, "someone@example.com"),
        (people["resume"].id + 1000, "casey@example.com")]]
    assert answers[0] == answers[1] == answers[2]
    page = post_plan(client, resume=people["resume"].id, email="casey@example.com").content.decode()
    assert "casey-cv.pdf" not in page


def test_the_form_offers_only_resumes_the_expert_may_use(client, people):
    other = resume_of(CandidateFactory(), name="someone-else.pdf")
    client.force_login(people["trusted"])
    field = client.get(ADD).context["adminform"].form.fields["resume"]
    assert set(field.queryset) == {people["resume"]}
    client.force_login(people["stranger"])
    page = client.get(ADD)
    assert list(page.context["adminform"].form.fields["resume"].queryset) == []
    assert "casey-cv.pdf" not in page.content.decode() and other.original_filename not in page.content.decode()


def test_the_expert_whose_invitation_the_candidate_accepted_attaches_their_resume(client, people):
    client.force_login(people["trusted"])
    response = post_plan(client, resume=people["resume"].id, email="Casey@Example.com")
    assert response.status_code == 302, resume_errors(response)
    plan = InterviewPlan.objects.filter(expert=people["trusted"]).latest("id")
    assert plan.resume_id == people["resume"].id


def test_even_a_usable_resume_must_be_the_plans_candidates(client, people):
    client.force_login(people["trusted"])
    response = post_plan(client, resume=people["resume"].id, email="someone@example.com")
    assert resume_errors(response)[0].startswith(REFUSED)


def test_a_deleted_resume_is_not_offered(client, people):
    from django.utils import timezone

    people["resume"].__class__.objects.filter(pk=people["resume"].pk).update(deleted_at=timezone.now(),
                                                                                 is_active=False)
    client.force_login(people["trusted"])
    assert resume_errors(post_plan(client, resume=people["resume"].id, email="casey@example.com"))


def test_the_service_refuses_a_resume_the_expert_may_not_use(people):
    """The rule is the service's: a caller other than the form (a script, a future API) meets it too."""
    from planning.errors import ResumeNotAvailable

    for expert, email in [(people["stranger"], "casey@example.com"), (people["trusted"], "someone@example.com")]:
        with pytest.raises(ResumeNotAvailable) as refused:
            services.create_plan(expert=expert, position=PositionFactory(), candidate_name="Casey",
                                 candidate_email=email, config_overrides=CONFIG, resume=people["resume"])
        assert refused.value.fields == {"resume": [refused.value.message]}
    assert not InterviewPlan.objects.filter(resume=people["resume"]).exists()


def test_an_admin_may_attach_any_candidates_resume(client, people):
    client.force_login(AdminFactory())
    response = post_plan(client, resume=people["resume"].id, email="casey@example.com")
    assert response.status_code == 302
    assert InterviewPlan.objects.filter(resume=people["resume"]).count() == 1
