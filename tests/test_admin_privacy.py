"""No staff account reads another person's private rows in Django admin unless it is a superuser (docs/accounts.md,
"Roles and admin access"). Model permissions say which pages a staff account opens, never whose rows: an expert
given every permission of every app (an operator widening `ACCOUNTS_EXPERT_ADMIN_APPS`, or a grant by hand) still
sees nothing of a candidate's account, logins, mentors, resumes, study loop, code runs, badges or
question-generation requests — lists are empty or refused, and a row's own pages are refused or say it doesn't
exist. Interviews and plans follow their own rules (interviews/tests/test_admin.py, planning/tests/test_admin.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

pytestmark = pytest.mark.django_db
EMAIL = "private.person@example.com"
APPS = ["accounts", "resumes", "studypaths", "analytics", "interviews", "planning"]
PERSONAL_MODELS = [  # the admin models of `rows`
    "accounts/user", "accounts/loginevent", "accounts/mentorassignment", "accounts/mentorinvitation",
    "resumes/resume", "resumes/resumeevent", "studypaths/studypath", "studypaths/studytask", "studypaths/taskevent",
    "studypaths/reviewcard", "studypaths/topicmastery", "studypaths/coderun", "analytics/award",
    "interviews/questiongenerationjob"]


@pytest.fixture
def rows():
    """One row of every admin model that is about one person, all about the same candidate."""
    from accounts.models import LoginEvent, MentorAssignment, MentorInvitation
    from accounts.tests.factories import CandidateFactory, MentorFactory
    from analytics.tests.factories import AwardFactory
    from interviews.models import QuestionGenerationJob
    from resumes.models import ResumeEvent
    from resumes.tests.factories import ResumeFactory
    from studypaths.models import ReviewCard, StudyPath, StudyTask, TaskEvent, TopicMastery
    from studypaths.tests.factories import CodeRunFactory, ProblemFactory, TrackFactory

    person = CandidateFactory(email=EMAIL, name="Private Person")
    resume = ResumeFactory(owner=person, original_filename="private-person-cv.pdf")
    problem = ProblemFactory()
    path = StudyPath.objects.create(user=person, track=TrackFactory(), hours_per_week=5, starting_level=2)
    task = StudyTask.objects.create(path=path, problem=problem, due_date=timezone.localdate())
    return {
        "accounts/user": person,
        "accounts/loginevent": LoginEvent.objects.create(user=person, email=EMAIL, kind="failed", channel="api"),
        "accounts/mentorassignment": MentorAssignment.objects.create(mentor=MentorFactory(), candidate=person),
        "accounts/mentorinvitation": MentorInvitation.objects.create(candidate=person, email="friend@example.com"),
        "resumes/resume": resume,
        "resumes/resumeevent": ResumeEvent.objects.create(resume=resume, kind="status.ready", actor=person),
        "studypaths/studypath": path,
        "studypaths/studytask": task,
        "studypaths/taskevent": TaskEvent.objects.create(task=task, kind="created", actor=person),
        "studypaths/reviewcard": ReviewCard.objects.create(user=person, problem=problem,
                                                           due=timezone.now() + timedelta(days=1)),
        "studypaths/topicmastery": TopicMastery.objects.create(user=person, topic="hashing", mastery=0.4),
        "studypaths/coderun": CodeRunFactory(user=person, problem=problem),
        "analytics/award": AwardFactory(user=person),
        "interviews/questiongenerationjob": QuestionGenerationJob.objects.create(
            requested_by=person, role="backend_engineer", difficulty="medium", count=2),
    }


@pytest.fixture
def widened_expert(client):
    """An expert holding every model permission of every app of ours."""
    from django.contrib.auth.models import Permission

    from accounts.tests.factories import ExpertFactory

    expert = ExpertFactory()
    expert.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=APPS))
    client.force_login(expert)
    return expert


def refused(response) -> bool:
    """403 or 404, or admin's answer for a row it cannot find: a redirect home saying it doesn't exist."""
    if response.status_code in (403, 404):
        return True
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    return response.status_code == 302 and response["Location"] == "/admin/" and "doesn’t exist" in said


def listed(response) -> set[int]:
    return {row.pk for row in response.context["cl"].result_list} if response.status_code == 200 else set()


@pytest.mark.parametrize("model", PERSONAL_MODELS)
def test_an_expert_with_every_permission_reads_no_other_persons_rows(client, rows, widened_expert, model):
    row = rows[model]
    listing = client.get(f"/admin/{model}/")
    assert listing.status_code in (200, 403)
    assert row.pk not in listed(listing)
    assert row.pk not in listed(client.get(f"/admin/{model}/", {"_to_field": "id", "_popup": "1"}))
    for view in ("change", "history", "delete"):
        response = client.get(f"/admin/{model}/{row.pk}/{view}/")
        assert refused(response), (view, response.status_code)
        assert EMAIL.encode() not in response.content
    deleted = client.post(f"/admin/{model}/{row.pk}/delete/", {"post": "yes"})
    assert refused(deleted)
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", ["resumes/resume", "studypaths/studypath", "studypaths/coderun",
                                   "analytics/award", "interviews/questiongenerationjob", "accounts/user"])
def test_a_superuser_still_reads_every_persons_rows(admin_client, rows, model):
    assert rows[model].pk in listed(admin_client.get(f"/admin/{model}/"))
    assert admin_client.get(f"/admin/{model}/{rows[model].pk}/change/").status_code == 200


def test_a_persons_own_rows_name_them_without_a_link_the_user_admin_refuses(client, admin_client, rows):
    """An expert reading their own rows (a resume, the study loop, a badge) got Django's link on their own name to the
    user admin, which answers them 403. The name stays, the link goes; a link to a page that opens for them (a task's
    study path) stays, and a superuser keeps every link."""
    from django.contrib.auth.models import Permission

    from accounts.models import Role

    person = rows["accounts/user"]
    person.role, person.is_staff = Role.EXPERT, True
    person.save()
    person.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=APPS))
    client.force_login(person)
    user_page = f"/admin/accounts/user/{person.pk}/change/"
    assert client.get(user_page).status_code == 403
    for model in PERSONAL_MODELS:
        if model.startswith("accounts/"):
            continue
        response = client.get(f"/admin/{model}/{rows[model].pk}/change/")
        assert response.status_code == 200, model
        assert EMAIL in response.content.decode() and 'href="/admin/accounts/user/' not in response.content.decode()
        assert admin_client.get(f"/admin/{model}/{rows[model].pk}/change/").status_code == 200, model
    task = client.get(f"/admin/studypaths/studytask/{rows['studypaths/studytask'].pk}/change/").content.decode()
    assert f'href="/admin/studypaths/studypath/{rows["studypaths/studypath"].pk}/change/"' in task
    award = admin_client.get(f"/admin/analytics/award/{rows['analytics/award'].pk}/change/").content.decode()
    assert f'href="{user_page}"' in award
