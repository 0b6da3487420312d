"""Mentors see their assigned candidates' study paths, tasks, evaluations and progress, and comment on tasks; an
unassigned mentor (or one whose assignment ended) gets 404 `not_found`."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.tests.factories import CandidateFactory, MentorAssignmentFactory, MentorFactory
from interviewmaster.testing import json_of
from studypaths import study
from studypaths.models import TaskEvent
from studypaths.tests.factories import make_track

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    candidate, mentor = CandidateFactory(), MentorFactory()
    MentorAssignmentFactory(candidate=candidate, mentor=mentor)
    path = study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig())
    client = APIClient()
    client.force_authenticate(mentor)
    return candidate, mentor, path, client


def test_assigned_mentor_reads_paths_tasks_progress_and_the_mentee_summary(setup):
    candidate, _, path, client = setup
    base = f"/api/v1/mentees/{candidate.id}"
    assert [p["id"] for p in client.get(f"{base}/study-paths").json()["items"]] == [path.id]
    tasks = client.get(f"{base}/study-tasks").json()
    assert tasks["total"] == path.tasks.count()
    task_id = tasks["items"][0]["id"]
    detail = client.get(f"{base}/study-tasks/{task_id}").json()
    assert detail["events"][0]["kind"] == "created" and detail["evaluations"] == []
    assert client.get(f"{base}/study-paths/{path.id}/progress").json()["path"] == path.id
    summary = client.get(f"/api/v1/mentees/{candidate.id}/").json()["progress"]["study_path"]
    assert summary["path"] == path.id and summary["tasks"]["total"] == path.tasks.count()


def test_mentor_comment_is_an_event_the_candidate_sees(setup):
    candidate, mentor, path, client = setup
    task = path.tasks.first()
    response = client.post(f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}/comments",
                           {"text": "Think about the empty list."}, format="json")
    assert response.status_code == 201
    event = TaskEvent.objects.get(task=task, kind="comment")
    assert event.actor_id == mentor.id and event.data["text"] == "Think about the empty list."
    own = APIClient()
    own.force_authenticate(candidate)
    kinds = [e["kind"] for e in own.get(f"/api/v1/study-tasks/{task.id}").json()["events"]]
    assert "comment" in kinds
    empty = client.post(f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}/comments", {"text": ""},
                        format="json")
    assert empty.status_code == 400 and "text" in empty.json()["error"]["fields"]


@pytest.mark.parametrize("text", ["a\u0007\u001bb", "a\u202eevil", "x\u2066y\u2069"])
def test_a_comment_with_control_or_direction_characters_is_refused(setup, text):
    """A comment stays in the candidate's append-only history: a bell, an escape or a right-to-left override that
    shows "live" as "evil" must not get in. Line breaks and tabs are text."""
    candidate, _mentor, path, client = setup
    task = path.tasks.first()
    url = f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}/comments"
    refused = client.post(url, {"text": text}, format="json")
    assert refused.status_code == 400 and "text" in refused.json()["error"]["fields"]
    assert client.post(url, {"text": "Line one\n\tline two"}, format="json").status_code == 201
    assert list(TaskEvent.objects.filter(task=task, kind="comment").values_list("data__text", flat=True)) == [
        "Line one\n\tline two"]


def test_other_or_unassigned_mentors_get_404_and_cannot_comment(setup):
    candidate, mentor, path, _ = setup
    task = path.tasks.first()
    stranger = APIClient()
    stranger.force_authenticate(MentorFactory())
    base = f"/api/v1/mentees/{candidate.id}"
    for url in (f"{base}/study-paths", f"{base}/study-tasks", f"{base}/study-tasks/{task.id}",
                f"{base}/study-paths/{path.id}/progress"):
        response = stranger.get(url)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found", url
        assert response.json()["error"]["message"] == "Not one of your active mentees."
    response = stranger.post(f"{base}/study-tasks/{task.id}/comments", {"text": "hi"}, format="json")
    assert response.json()["error"]["code"] == "not_found"
    mentor.mentee_assignments.update(active=False)
    ended = APIClient()
    ended.force_authenticate(mentor)
    assert ended.get(f"{base}/study-tasks").json()["error"]["code"] == "not_found"
    assert not TaskEvent.objects.filter(kind="comment").exists()


def test_another_mentees_task_through_my_mentee_is_404(setup):
    candidate, mentor, _, client = setup
    other = CandidateFactory()
    MentorAssignmentFactory(candidate=other, mentor=mentor)
    other_path = study.create_study_path(user=other, track=make_track(), config=study.PathConfig())
    foreign = other_path.tasks.first()
    response = client.get(f"/api/v1/mentees/{candidate.id}/study-tasks/{foreign.id}")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert response.json()["error"]["message"] == "No such study task."


def test_candidates_cannot_use_mentor_endpoints(setup):
    candidate, _, _, _ = setup
    client = APIClient()
    client.force_authenticate(candidate)
    response = client.get(f"/api/v1/mentees/{candidate.id}/study-tasks")
    assert response.status_code == 403


@pytest.mark.parametrize("status", ["", "bogus"])
def test_the_mentors_task_list_filters_by_status_as_the_candidates_does(setup, status):
    candidate, _, path, client = setup
    base = f"/api/v1/mentees/{candidate.id}/study-tasks"
    assert client.get(base, {"status": "pending"}).json()["total"] == path.tasks.filter(status="pending").count()
    assert client.get(base, {"status": "passed"}).json()["total"] == 0
    response = client.get(base, {"status": status})
    assert response.status_code == 400 and "status" in response.json()["error"]["fields"]


def test_a_deleted_mentors_comments_are_signed_by_a_deleted_user_on_the_page_and_in_the_api(
        setup, django_capture_on_commit_callbacks):
    from django.test import Client

    from accounts import services as account_services
    from accounts.tests.factories import DEFAULT_PASSWORD
    from accounts.tests.stored_text import tables_holding

    candidate, mentor, path, mentor_client = setup
    mentor.name = "Mallory Mentor2"
    mentor.save(update_fields=["name"])
    task = path.tasks.first()
    mentor_client.post(f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}/comments",
                       {"text": "Think about the empty list."}, format="json")
    # A comment written before names were read from the account carries a copy of the name in its row.
    TaskEvent.objects.create(task=task, kind="comment", actor=mentor,
                             data={"text": "Older advice.", "author_name": "Mallory Mentor2"})
    page = Client()
    page.force_login(candidate)
    assert page.get(f"/studypaths/tasks/{task.id}/").content.decode().count("— Mallory Mentor2") == 2
    assert [c["text"] for c in json_of(mentor_client.get("/api/v1/users/me/export"))["task_comments_written"]] == [
        "Think about the empty list.", "Older advice."]

    with django_capture_on_commit_callbacks(execute=True):
        account_services.delete_account(user=mentor, password=DEFAULT_PASSWORD)

    html = page.get(f"/studypaths/tasks/{task.id}/").content.decode()
    assert "Mallory" not in html and html.count("— Deleted user") == 2
    assert "Think about the empty list." in html and "Older advice." in html  # the advice stays with the candidate
    api = APIClient()
    api.force_authenticate(candidate)
    for events in (api.get(f"/api/v1/study-tasks/{task.id}").json()["events"],
                   api.get(f"/api/v1/study-tasks/{task.id}/events").json()["items"]):
        comments = [e["data"] for e in events if e["kind"] == "comment"]
        assert [(c["text"], c["author_name"]) for c in comments] == [
            ("Think about the empty list.", "Deleted user"), ("Older advice.", "Deleted user")]
    comments = [e for e in json_of(api.get("/api/v1/users/me/export"))["study_paths"]["task_events"]
                if e["kind"] == "comment"]
    assert {c["data"]["author_name"] for c in comments} == {"Deleted user"}
    assert tables_holding("Mallory") == []


def test_a_mentors_comments_have_their_own_budget(setup, settings):
    """Each comment stays for good in the candidate's task history (and on the task page); under the API-wide budget
    alone a mentor could add 600 comments of 4,000 characters a minute."""
    from django.core.cache import cache

    cache.clear()
    settings.MENTOR_COMMENT_RATE = "2/hour"
    candidate, _, path, client = setup
    url = f"/api/v1/mentees/{candidate.id}/study-tasks/{path.tasks.first().id}/comments"
    codes = [client.post(url, {"text": f"Note {i}"}, format="json").status_code for i in range(3)]
    assert codes == [201, 201, 429]
    assert TaskEvent.objects.filter(kind="comment").count() == 2


def test_the_same_comment_repeated_within_seconds_is_stored_once_and_answered_with_it(setup):
    """A double click or a retried request stored the comment twice, for good (comments are append-only). The repeat
    by the same mentor on the same task within COMMENT_REPEAT_SECONDS gets the stored comment back (200); a
    different text or a later repeat is a new comment (201)."""
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    candidate, mentor, path, client = setup
    first_task = path.tasks.first()
    url = f"/api/v1/mentees/{candidate.id}/study-tasks/{{}}/comments"
    first = client.post(url.format(first_task.id), {"text": "Mind the empty list."}, format="json")
    repeat = client.post(url.format(first_task.id), {"text": "Mind the empty list."}, format="json")
    assert (first.status_code, repeat.status_code) == (201, 200)
    assert repeat.json() == first.json()
    assert client.post(url.format(first_task.id), {"text": "And the negatives."}, format="json").status_code == 201
    later = timezone.now() + timedelta(seconds=study.COMMENT_REPEAT_SECONDS + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):  # the events are append-only: the clock moves
        again = client.post(url.format(first_task.id), {"text": "Mind the empty list."}, format="json")
    assert again.status_code == 201
    assert sorted(event.data["text"] for event in TaskEvent.objects.filter(kind="comment")) == [
        "And the negatives.", "Mind the empty list.", "Mind the empty list."]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_simultaneous_identical_comments_store_one():
    """Four requests at once (a mentor's double clicks, a client's retries) stored four identical comments: the task
    row is locked while the repeat is looked for, so one stores it and the other three get it back."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from django.db import connection

    candidate, mentor = CandidateFactory(), MentorFactory()
    MentorAssignmentFactory(candidate=candidate, mentor=mentor)
    task = study.create_study_path(user=candidate, track=make_track(), config=study.PathConfig()).tasks.first()
    url = f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}/comments"
    barrier = Barrier(4)

    def post(_):
        client = APIClient()
        client.force_authenticate(mentor)
        barrier.wait()
        try:
            response = client.post(url, {"text": "Look at the loop bound."}, format="json")
            return response.status_code, response.json()["id"]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        outcomes = list(pool.map(post, range(4)))
    assert sorted(code for code, _ in outcomes) == [200, 200, 200, 201]
    assert len({event_id for _, event_id in outcomes}) == 1
    assert TaskEvent.objects.filter(task=task, kind="comment").count() == 1


def test_a_tasks_detail_holds_the_latest_events_and_the_rest_are_paginated(setup):
    # 46 comments made the detail 162 KB, every event at once; now the latest 20, all of them a page at a time.
    candidate, mentor, path, client = setup
    task = path.tasks.first()
    for i in range(46):
        study.add_comment(author=mentor, task=task, text=f"comment {i} " + "x" * 100)
    base = f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}"
    detail = client.get(base).json()
    assert detail["events_total"] == 47  # the task's "created" event and the comments
    assert [e["data"]["text"][:11] for e in detail["events"]] == [f"comment {i} " for i in range(26, 46)]
    page = client.get(f"{base}/events?limit=10&offset=0").json()
    assert page["total"] == 47 and [e["kind"] for e in page["items"]][:2] == ["created", "comment"]
    assert len(page["items"]) == 10
    last = client.get(f"{base}/events?limit=10&offset=40").json()["items"]
    assert last[-1]["data"]["text"].startswith("comment 45 ")
    other = APIClient()
    other.force_authenticate(MentorFactory())
    assert other.get(f"{base}/events").status_code == 404


def test_a_task_keeps_at_most_max_comments(setup, monkeypatch):
    candidate, mentor, path, client = setup
    monkeypatch.setattr(study, "MAX_COMMENTS_PER_TASK", 3)
    task = path.tasks.first()
    url = f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}/comments"
    assert [client.post(url, {"text": f"note {i}"}, format="json").status_code for i in range(4)] == [201] * 3 + [409]
    refused = client.post(url, {"text": "one more"}, format="json").json()["error"]
    assert refused["code"] == "too_many_comments" and "3 comments" in refused["message"]
    assert TaskEvent.objects.filter(task=task, kind="comment").count() == 3


def _comment_numbers(page: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r"comment (\d+) ", page)]


def test_a_tasks_events_before_an_event_are_the_same_on_the_api_and_the_page(setup):
    """`?before=` on the task page (the comments before an event) and on the events API (the candidate's and the
    mentor's) read one parser and one selector: the older events of the API end with the page's older comments."""
    from django.test import Client

    candidate, _, _, client = setup
    task, base, first_shown, own = _task_with_46_comments(setup)
    for url in (f"{base}/events", f"/api/v1/study-tasks/{task.id}/events"):
        older = (own if url.startswith("/api/v1/study-tasks") else client).get(
            f"{url}?before={first_shown}&limit=100").json()
        assert older["total"] == 27 and older["has_more"] is False  # the "created" event and comments 0 to 25
        assert older["items"][0]["kind"] == "created" and all(e["id"] < first_shown for e in older["items"])
        assert [int(e["data"]["text"].split()[1]) for e in older["items"][1:]] == list(range(26))
    page = Client()
    page.force_login(candidate)
    shown = _comment_numbers(page.get(f"/studypaths/tasks/{task.id}/?before={first_shown}").content.decode())
    assert shown == list(range(6, 26))  # the latest 20 of the API's older events


@pytest.mark.parametrize("before", ["abc", "-1", "0", "", "1.5", "%C2%B2", "%E2%91%A0", "99999999999999999999",
                                    "9223372036854775808"])
def test_a_bad_before_is_a_400_on_the_events_api_and_shows_the_latest_comments_on_the_page(setup, before):
    """The events API ignored `?before=` (every event came back, as if it meant something); the page read it with
    a parser of its own in two statements. One parser now: a 400 naming `before` there, the latest comments here."""
    from django.test import Client

    candidate, mentor, path, client = setup
    task = path.tasks.first()
    study.add_comment(author=mentor, task=task, text="comment 0 the only one")
    own = APIClient()
    own.force_authenticate(candidate)
    for api, url in ((client, f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}/events"),
                     (own, f"/api/v1/study-tasks/{task.id}/events")):
        response = api.get(f"{url}?before={before}")
        assert response.status_code == 400, response.json()
        error = response.json()["error"]
        assert error["code"] == "invalid" and "before" in error["fields"]
    page = Client()
    page.force_login(candidate)
    response = page.get(f"/studypaths/tasks/{task.id}/?before={before}")
    assert response.status_code == 200 and _comment_numbers(response.content.decode()) == [0]


def test_the_largest_event_id_is_a_before_the_events_api_takes(setup):
    candidate, _, path, client = setup
    task = path.tasks.first()
    response = client.get(f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}/events?before={2**63 - 1}")
    assert response.status_code == 200 and response.json()["total"] == task.events.count()


def _task_with_46_comments(setup):
    """The mentee's first task with 46 mentor comments, its mentor API path, the first event its detail shows, and a
    client signed in as the candidate."""
    candidate, mentor, path, client = setup
    task = path.tasks.first()
    for i in range(46):
        study.add_comment(author=mentor, task=task, text=f"comment {i} " + "x" * 10)
    base = f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}"
    first_shown = client.get(base).json()["events"][0]["id"]
    own = APIClient()
    own.force_authenticate(candidate)
    return task, base, first_shown, own


def _texts(items: list[dict]) -> list[str]:
    return [e["data"]["text"].split()[1] if e["kind"] == "comment" else e["kind"] for e in items]


def test_the_events_api_before_an_event_is_the_latest_page_before_it_oldest_first_as_on_the_page(setup):
    """`?before=X&limit=20` on the events API answered the OLDEST 20 events before X (the "created" event and comments
    0 to 18) while the task page showed the latest 20 (comments 6 to 25): a client paging back from the newest skipped
    comments 19 to 25. Now both answer the latest 20 before X, oldest first, and the API links the page before them."""
    from django.test import Client

    candidate, _, _, client = setup
    task, base, first_shown, own = _task_with_46_comments(setup)
    for api, url in ((client, f"{base}/events"), (own, f"/api/v1/study-tasks/{task.id}/events")):
        window = api.get(f"{url}?before={first_shown}&limit=20").json()
        assert _texts(window["items"]) == [str(i) for i in range(6, 26)]
        assert [e["id"] for e in window["items"]] == sorted(e["id"] for e in window["items"])
        assert (window["total"], window["limit"], window["offset"], window["has_more"]) == (27, 20, 0, True)
        assert window["older"] == f"http://testserver{url}?before={window['items'][0]['id']}&limit=20"
        rest = api.get(window["older"]).json()
        assert _texts(rest["items"]) == ["created", *[str(i) for i in range(6)]] and rest["older"] is None
        skipped = api.get(f"{url}?before={first_shown}&limit=5&offset=5").json()  # the 5 newest skipped
        assert _texts(skipped["items"]) == [str(i) for i in range(16, 21)]
        assert f"before={skipped['items'][0]['id']}" in skipped["older"] and "offset" not in skipped["older"]
    page = Client()
    page.force_login(candidate)
    shown = _comment_numbers(page.get(f"/studypaths/tasks/{task.id}/?before={first_shown}").content.decode())
    assert shown == list(range(6, 26))


def test_paging_back_with_older_from_the_newest_visits_every_event_once(setup):
    """Follows `older` from the newest page to the end: every event of the task once, each page oldest first, none of
    another task's events interleaved with them, and one comment stored with an earlier clock (a second writer's)
    neither skipped nor repeated: the window is read in id order, the order `before` compares."""
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    from studypaths.selectors import MAX_EVENT_ID

    candidate, mentor, path, client = setup
    task = path.tasks.first()
    other = study.create_study_path(user=CandidateFactory(), track=path.track, config=study.PathConfig())
    other_task = other.tasks.first()
    for i in range(23):
        study.add_comment(author=mentor, task=task, text=f"comment {i}")
        study.add_comment(author=mentor, task=other_task, text=f"other {i}")
        if i == 11:
            earlier = timezone.now() - timedelta(hours=1)
            with mock.patch("django.utils.timezone.now", return_value=earlier):
                study.add_comment(author=mentor, task=task, text="comment skewed")
    expected = list(TaskEvent.objects.filter(task=task).order_by("id").values_list("id", flat=True))
    url = f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}/events?before={MAX_EVENT_ID}&limit=4"
    seen, pages = [], 0
    while url:
        body = client.get(url).json()
        ids = [e["id"] for e in body["items"]]
        assert ids == sorted(ids) and len(ids) == 4 or body["older"] is None
        seen = ids + seen
        url, pages = body["older"], pages + 1
    assert seen == expected and len(expected) == 25 and pages == 7


def test_the_events_api_before_reads_only_the_requested_task_and_only_for_its_people(setup):
    """An attacker's `before` (another candidate's event id, a huge limit or offset) reads nothing but the requested
    task's own events, and the task's events are a 404 to another candidate and to a mentor not assigned to it."""
    candidate, mentor, path, client = setup
    task = path.tasks.first()
    study.add_comment(author=mentor, task=task, text="comment mine")
    stranger = CandidateFactory()
    theirs = study.create_study_path(user=stranger, track=path.track, config=study.PathConfig()).tasks.first()
    their_event = TaskEvent.objects.filter(task=theirs).latest("id").id
    study.add_comment(author=mentor, task=task, text="comment later")
    own = APIClient()
    own.force_authenticate(candidate)
    url = f"/api/v1/study-tasks/{task.id}/events"
    body = own.get(f"{url}?before={their_event}").json()
    mine_before = list(TaskEvent.objects.filter(task=task, id__lt=their_event).order_by("id")
                       .values_list("id", flat=True))
    assert [e["id"] for e in body["items"]] == mine_before and body["total"] == len(mine_before) == 2
    assert _texts(body["items"]) == ["created", "mine"]  # not "later", not the stranger's events
    for limit in ("101", "1000000", "0", "-1"):
        assert own.get(f"{url}?before={their_event}&limit={limit}").status_code == 400
    far = own.get(f"{url}?before={their_event}&offset=1000000000").json()
    assert far["items"] == [] and far["older"] is None
    intruder = APIClient()
    intruder.force_authenticate(stranger)
    assert intruder.get(f"{url}?before={their_event + 1}").status_code == 404
    outsider = APIClient()
    outsider.force_authenticate(MentorFactory())
    mentee_url = f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}/events?before={their_event}"
    assert outsider.get(mentee_url).status_code == 404
    their_url = f"/api/v1/mentees/{stranger.id}/study-tasks/{theirs.id}/events?before={their_event + 1}"
    assert client.get(their_url).status_code == 404  # this mentor's, but not their mentee's task
    assert client.get(f"/api/v1/mentees/{candidate.id}/study-tasks/{theirs.id}/events").status_code == 404


def test_limit_and_offset_without_before_page_oldest_first_as_before_and_link_the_older_events(setup):
    candidate, mentor, path, client = setup
    task = path.tasks.first()
    for i in range(12):
        study.add_comment(author=mentor, task=task, text=f"comment {i}")
    url = f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}/events"
    first = client.get(f"{url}?limit=5&offset=0").json()
    assert _texts(first["items"]) == ["created", "0", "1", "2", "3"] and first["older"] is None
    assert (first["total"], first["has_more"]) == (13, True)
    second = client.get(f"{url}?limit=5&offset=5").json()
    assert _texts(second["items"]) == ["4", "5", "6", "7", "8"]
    assert second["older"] == f"http://testserver{url}?before={second['items'][0]['id']}&limit=5"
    assert _texts(client.get(second["older"]).json()["items"]) == ["created", "0", "1", "2", "3"]


def test_the_schema_documents_the_events_apis_before_window_and_older_link():
    import yaml

    schema = yaml.safe_load(APIClient().get("/api/schema/").content)
    for path in ("/api/v1/study-tasks/{task_id}/events",
                 "/api/v1/mentees/{candidate_id}/study-tasks/{task_id}/events"):
        operation = schema["paths"][path]["get"]
        assert "newest events older than that event" in operation["description"]
        before = next(p for p in operation["parameters"] if p["name"] == "before")
        assert "oldest first within the page" in before["description"]
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        envelope = schema["components"]["schemas"][ref]
        assert "older" in envelope["required"] and envelope["properties"]["older"]["nullable"] is True


def test_offset_pages_are_in_the_id_order_their_older_links_walk(setup):
    """Offset pages were ordered by time while `older` compares ids: a comment stored with an earlier clock sat at the
    head of the first offset page and again on the `older` walk's. Both are in id order now."""
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    candidate, mentor, path, client = setup
    task = path.tasks.first()
    study.add_comment(author=mentor, task=task, text="comment 0")
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(hours=1)):
        study.add_comment(author=mentor, task=task, text="comment skewed")
    study.add_comment(author=mentor, task=task, text="comment 1")
    url = f"/api/v1/mentees/{candidate.id}/study-tasks/{task.id}/events"
    assert _texts(client.get(f"{url}?limit=5&offset=0").json()["items"]) == ["created", "0", "skewed", "1"]


@pytest.mark.postgres
def test_the_newest_events_of_a_task_are_read_from_its_id_index_without_a_sort(setup):
    """The page's and the detail's latest events (newest first by id) were sorted after reading every event of the
    task before X: the index was (task, created_at, id). With (task, id) the read walks the index backwards and stops
    at the page."""
    from django.db import connection, transaction

    from studypaths.selectors import newest_events_first

    candidate, mentor, path, _ = setup
    task = path.tasks.first()
    for i in range(5):
        study.add_comment(author=mentor, task=task, text=f"comment {i}")
    sql, params = newest_events_first(task_id=task.id, before=10**9)[:21].query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "taskevent_task_id" in plan and "Sort" not in plan, plan
