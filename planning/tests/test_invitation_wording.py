"""The invitation names the position once: the department follows the title unless the title already names it."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from planning import invitations
from planning.models import InterviewPlan
from planning.tests.factories import InterviewPlanFactory, PlanVersionFactory, PositionFactory
from planning.tests.test_invitations import send

pytestmark = pytest.mark.django_db


def _approved(title: str, department: str) -> InterviewPlan:
    plan = InterviewPlanFactory(state="approved", candidate_email="grace@example.com", candidate_name="Grace",
                                position=PositionFactory(title=title, department=department))
    InterviewPlan.objects.filter(pk=plan.pk).update(current_version=PlanVersionFactory(plan=plan))
    plan.refresh_from_db()
    return plan


@pytest.mark.parametrize(("title", "department", "named"), [
    ("Senior Backend Engineer (Payments)", "Payments", "Senior Backend Engineer (Payments)"),
    ("Payments backend engineer", "payments", "Payments backend engineer"),
    ("Site reliability engineer", "IT", "Site reliability engineer (IT)"),
    ("Backend engineer", "Platform", "Backend engineer (Platform)"),
    ("Backend engineer", "", "Backend engineer"),
])
def test_the_invitation_names_the_department_once(title, department, named):
    _, body = invitations.default_message(_approved(title, department))
    assert f"for the position {named}.\n" in body


def test_the_invitation_page_does_not_repeat_a_department_the_title_names(client):
    invitation = send(_approved("Senior Backend Engineer (Payments)", "Payments"))
    page = client.get(urlsplit(invitations.invitation_url(invitation)).path).content.decode()
    article = page[page.index('<article class="invitation">'):page.index("</article>")]
    assert article.count("(Payments)") == 1  # the title's own
