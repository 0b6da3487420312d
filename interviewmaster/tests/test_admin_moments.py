"""The dates admin pages write as text read as the other pages write them (interviewmaster.moments, MomentsAdminMixin):
"6 Dec 2026, 14:05 NZDT" in the viewer's profile zone and naming it, in list columns, read-only fields, view-only pages
and the plan's workplace, instead of Django's "Dec. 6, 2026, 1:05 a.m." in UTC or a format string of each template."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from accounts.models import LoginEvent, User
from accounts.tests.factories import AdminFactory, CandidateFactory, ExpertFactory
from interviewmaster.models import ProviderUsage
from interviewmaster.moments import moment_text
from planning.models import Invitation
from planning.tests.factories import PositionFactory
from planning.tests.test_admin import act, create_plan
from tests.test_admin_privacy import PERSONAL_MODELS, rows  # noqa: F401 (rows: a fixture, a row of each)

pytestmark = pytest.mark.django_db
AUCKLAND = "Pacific/Auckland"  # UTC+13 in December
JOINED = datetime(2026, 12, 6, 1, 5, tzinfo=UTC)  # 14:05 in Auckland
JOINED_SHOWN = '<time datetime="2026-12-06T14:05:00+13:00">6 Dec 2026, 14:05 NZDT</time>'


def in_auckland(moment) -> str:
    with timezone.override(ZoneInfo(AUCKLAND)):
        return moment_text(moment)


def joined_user() -> User:
    user = CandidateFactory(name="Ada Lovelace")
    User.objects.filter(pk=user.pk).update(date_joined=JOINED)
    return user


@pytest.fixture
def admin_client(client):
    client.force_login(AdminFactory(timezone=AUCKLAND))
    return client


def test_the_user_list_and_page_show_dates_as_moments_in_the_viewers_zone(admin_client):
    user = joined_user()
    listed = admin_client.get("/admin/accounts/user/", {"q": user.email}).content.decode()
    assert JOINED_SHOWN in listed and "Dec. 6, 2026" not in listed
    assert "Date joined" in listed  # the column keeps the field's header

    page = admin_client.get(f"/admin/accounts/user/{user.pk}/change/").content.decode()
    assert JOINED_SHOWN in page and 'class="form-row field-date_joined"' in page
    assert 'name="date_joined' not in page  # still read-only, no widget


def test_a_user_page_with_moments_still_saves_and_sorts_by_the_date(admin_client):
    user = joined_user()
    form = {"email": user.email, "name": "Ada King", "role": user.role, "target_role": "", "experience_level": "",
            "preferred_language": user.preferred_language, "timezone": "UTC", "is_active": "on"}
    response = admin_client.post(f"/admin/accounts/user/{user.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    user.refresh_from_db()
    assert user.name == "Ada King" and user.date_joined == JOINED
    ordered = admin_client.get("/admin/accounts/user/", {"o": "-8"})  # the eighth column: Date joined
    assert ordered.status_code == 200
    joined = [row.date_joined for row in ordered.context["cl"].result_list]
    assert joined == sorted(joined, reverse=True)


def test_a_view_only_page_shows_every_date_as_a_moment(admin_client):
    event = LoginEvent.objects.create(kind="login_failed", channel="api", email="someone@example.com")
    page = admin_client.get(f"/admin/accounts/loginevent/{event.pk}/change/").content.decode()
    assert f">{in_auckland(event.created_at)} NZDT</time>" in page  # events are append-only: created now


def test_a_day_column_is_a_day(admin_client):
    ProviderUsage.objects.create(provider="offline", day=date(2026, 12, 6), last_error_at=JOINED)
    listed = admin_client.get("/admin/interviewmaster/providerusage/").content.decode()
    assert '<time datetime="2026-12-06">6 Dec 2026</time>' in listed and JOINED_SHOWN in listed


def test_the_plan_workplace_and_invitation_pages_write_moments_in_the_experts_zone(client):
    expert = ExpertFactory(timezone=AUCKLAND)
    client.force_login(expert)
    plan = create_plan(client, PositionFactory())
    act(client, plan, "approve")
    sent = act(client, plan, "invite", {"subject": "Interview at ACME", "body": "Hi Grace, see you soon."})
    invitation = Invitation.objects.get(plan=plan)
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=JOINED)
    expires = in_auckland(invitation.expires_at)
    # the expert's pages name the zone too (NZDT: New Zealand daylight time), beside candidate pages in theirs
    assert f"the link works until {expires} NZDT." in " ".join(str(m) for m in get_messages(sent.wsgi_request))

    page = client.get(f"/admin/planning/interviewplan/{plan.pk}/change/").content.decode()
    assert f"Last sent {JOINED_SHOWN}" in page and f">{expires} NZDT</time>" in page
    assert f"on {in_auckland(invitation.created_at)} NZDT stops working" in page

    listed = client.get("/admin/planning/invitation/").content.decode()
    assert JOINED_SHOWN in listed and f">{expires} NZDT</time>" in listed
    view_only = client.get(f"/admin/planning/invitation/{invitation.pk}/change/").content.decode()
    assert JOINED_SHOWN in view_only and "nonce" not in view_only.lower().replace("csp-nonce", "")


# Topic mastery's one date (updated_at, not editable) is on none of its pages.
@pytest.mark.parametrize("model", [model for model in PERSONAL_MODELS if model != "studypaths/topicmastery"])
def test_every_list_and_row_page_writes_its_dates_as_moments(admin_client, rows, model):  # noqa: F811
    """Editable pages, view-only ones (every field read-only), inlines: each draws, with no Django date format."""
    pages = [admin_client.get(url) for url in (f"/admin/{model}/", f"/admin/{model}/{rows[model].pk}/change/")]
    assert [page.status_code for page in pages] == [200, 200]
    text = " ".join(page.content.decode() for page in pages)
    assert "<time datetime=" in text
    assert not any(word in text for word in ("a.m.", "p.m.", "midnight", "noon"))


AT = datetime(2026, 12, 10, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(("zone", "server", "shown"), [
    ("America/New_York", "UTC", '<time datetime="2026-12-10T10:30:00-05:00">10 Dec 2026, 10:30 EST</time>'),
    # no zone of their own, or one the zone database has no file for: the server's, named
    ("", "Asia/Kolkata", '<time datetime="2026-12-10T21:00:00+05:30">10 Dec 2026, 21:00 IST</time>'),
    ("Europe", "UTC", '<time datetime="2026-12-10T15:30:00+00:00">10 Dec 2026, 15:30 UTC</time>'),
])
def test_admin_list_columns_name_the_zone_of_each_time(client, settings, zone, server, shown):
    """The planning, interviews and accounts lists wrote "10 Dec 2026, 10:30" with no zone, while the plan's own
    page wrote "10:30 EST": an operator could not tell whose 10:30 an invitation's expiry or a plan's creation was."""
    from interviews.models import InterviewSession
    from planning.models import InterviewPlan
    from planning.tests.factories import InterviewPlanFactory

    settings.TIME_ZONE = server
    candidate = CandidateFactory(email="zoned@example.com")
    plan = InterviewPlanFactory(candidate_email=candidate.email)
    InterviewPlan.objects.filter(pk=plan.pk).update(created_at=AT)
    Invitation.objects.create(plan=plan, email=candidate.email, subject="Interview", body="Hi.", nonce="zoned",
                              expires_at=AT, sent_at=AT)
    session = InterviewSession.objects.create(candidate=candidate, mode="quick_start")
    InterviewSession.objects.filter(pk=session.pk).update(created_at=AT)
    User.objects.filter(pk=candidate.pk).update(date_joined=AT)

    client.force_login(AdminFactory(timezone=zone))
    for url in ("/admin/planning/interviewplan/", "/admin/planning/invitation/",
                "/admin/interviews/interviewsession/", f"/admin/accounts/user/?q={candidate.email}"):
        response = client.get(url)
        assert response.status_code == 200, url
        listed = response.content.decode()
        assert shown in listed, url
    assert listed.count(shown) == 1  # the user list: date joined (no lock, not deleted)
    invitations = client.get("/admin/planning/invitation/").content.decode()
    assert invitations.count(shown) == 2  # sent and expires

    # An expert of another plan still lists none of it.
    client.force_login(ExpertFactory(timezone=zone))
    listed = client.get("/admin/planning/invitation/").content.decode()
    assert candidate.email not in listed and "10 Dec 2026" not in listed
