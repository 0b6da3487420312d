"""The cached problem catalogue behind the problem list page and the problems API list: cheap while warm, never stale
after a change to the bank, and the same answers as before it existed."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tests.factories import CandidateFactory
from studypaths import catalogue
from studypaths.models import Problem, Track, TrackModule
from studypaths.tests.factories import ModuleFactory, ProblemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    client = APIClient()
    client.force_authenticate(CandidateFactory())
    return client


def test_a_warm_list_page_reads_only_the_session_the_user_and_their_verdicts(client, candidate, settings,
                                                                             django_assert_num_queries):
    for module in (ModuleFactory(), ModuleFactory()):
        for _ in range(3):
            ProblemFactory(module=module, with_tests=False)
    client.get(reverse("studypaths:list"))  # builds the catalogue (and, with Redis, caches the session and verdicts)
    # The user always; the session and the best verdicts only where they are not cached (no Redis): never the bank.
    expected = 1 + (not settings.SESSION_ENGINE.endswith("cached_db")) + (not settings.BEST_VERDICTS_CACHE_SECONDS)
    with django_assert_num_queries(expected):
        response = client.get(reverse("studypaths:list"))
    assert "6 problems." in response.content.decode()


def test_a_warm_problems_api_list_reads_nothing_from_the_database(api, django_assert_num_queries):
    ProblemFactory(with_tests=False)
    api.get("/api/v1/problems")
    with django_assert_num_queries(0):
        body = api.get("/api/v1/problems").json()
    assert body["total"] == 1


def test_a_new_renamed_unpublished_or_deleted_problem_shows_at_once(client, candidate, api):
    module = ModuleFactory(slug="arrays", title="Arrays")
    kept = ProblemFactory(module=module, title="Two sum", with_tests=False)
    gone = ProblemFactory(module=module, title="Old problem", with_tests=False)
    hidden = ProblemFactory(module=module, title="To be a draft", with_tests=False)
    assert "Two sum" in client.get(reverse("studypaths:list")).content.decode()
    assert api.get("/api/v1/problems").json()["total"] == 3

    kept.title = "Two sum, renamed"
    kept.save()
    Problem.objects.filter(pk=gone.pk).delete()
    hidden.is_published = False
    hidden.save()
    ProblemFactory(module=module, title="Brand new", with_tests=False)

    html = client.get(reverse("studypaths:list")).content.decode()
    assert "Two sum, renamed" in html and "Brand new" in html
    assert "Old problem" not in html and "To be a draft" not in html
    assert {item["title"] for item in api.get("/api/v1/problems").json()["items"]} == {"Two sum, renamed", "Brand new"}


def test_a_new_track_or_module_shows_at_once(client, candidate):
    ProblemFactory(module=ModuleFactory(slug="graphs", title="Graphs"), with_tests=False)
    client.get(reverse("studypaths:list"))
    track = Track.objects.create(slug="prep", title="Interview prep")
    TrackModule.objects.create(track=track, module=ModuleFactory(slug="graphs"), position=0)
    ModuleFactory(slug="trees", title="Trees")
    response = client.get(reverse("studypaths:list"))
    assert [t.title for t in response.context["tracks"]] == ["Interview prep"]
    assert [e.module.slug for e in response.context["tracks"][0].ordered_track_modules] == ["graphs"]
    assert ("trees", "Trees") in response.context["form"].fields["module"].choices


def test_the_catalogue_holds_no_users_verdicts(client, candidate):
    from studypaths.tests.test_views import finished_run

    problem = ProblemFactory(with_tests=False)
    finished_run(user=candidate, problem=problem, verdict="accepted")
    assert "Accepted" in client.get(reverse("studypaths:list")).content.decode()
    client.force_login(CandidateFactory())
    html = client.get(reverse("studypaths:list")).content.decode()
    assert "Accepted" not in html
    assert "accepted" not in repr(cache.get(catalogue.CACHE_KEY))


def test_the_api_list_keeps_the_model_order_across_modules(api):
    second, first = ModuleFactory(slug="b-mod"), ModuleFactory(slug="a-mod")
    second.position, first.position = 2, 1
    second.save()
    first.save()
    late = ProblemFactory(module=second, slug="z", with_tests=False)
    early = ProblemFactory(module=first, slug="y", with_tests=False)
    body = api.get("/api/v1/problems").json()
    assert [item["id"] for item in body["items"]] == [early.id, late.id]
    assert body["items"][0] == {"id": early.id, "slug": "y", "title": early.title, "module": "a-mod",
                                "difficulty": early.difficulty, "topics": early.topics}


def test_each_process_reuses_its_copy_until_it_is_old_or_forgotten(settings, monkeypatch):
    settings.PROBLEM_CATALOGUE_LOCAL_SECONDS = 5
    ProblemFactory(title="First", with_tests=False)
    reads = []

    class CountingCache:
        def get(self, key, *args, **kwargs):
            reads.append(key)
            return cache.get(key, *args, **kwargs)

        def __getattr__(self, name):
            return getattr(cache, name)

    monkeypatch.setattr(catalogue, "cache", CountingCache())
    clock = [1000.0]
    monkeypatch.setattr(catalogue.time, "monotonic", lambda: clock[0])
    catalogue.forget_catalogue()

    first = catalogue.problem_catalogue()
    assert catalogue.problem_catalogue() is first and len(reads) == 1  # the local copy, no cache read
    clock[0] += 6
    catalogue.problem_catalogue()
    assert len(reads) == 2  # older than PROBLEM_CATALOGUE_LOCAL_SECONDS: read again
    ProblemFactory(title="Second", with_tests=False)  # forgets it in this process at once
    assert [p.title for p in catalogue.problem_catalogue().problems] == ["First", "Second"]


def test_pre_rendered_rows_still_escape_what_authors_typed(client, candidate):
    ProblemFactory(title="<script>alert(1)</script>", topics=["<b>x</b>"], with_tests=False)
    html = client.get(reverse("studypaths:list")).content.decode()
    assert "<script>alert(1)</script>" not in html and "<b>x</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_the_filter_fields_show_the_choice_made_and_reflect_new_modules(client, candidate):
    ProblemFactory(module=ModuleFactory(slug="arrays", title="Arrays"), difficulty=2, with_tests=False)
    page = client.get(reverse("studypaths:list"), {"module": "arrays", "difficulty": "2"}).content.decode()
    assert '<option value="arrays" selected>Arrays</option>' in page
    assert '<option value="2" selected>2 of 5</option>' in page
    plain = client.get(reverse("studypaths:list")).content.decode()
    assert '<option value="arrays" selected>' not in plain and '<option value="2" selected>' not in plain
    ModuleFactory(slug="graphs", title="Graphs")
    again = client.get(reverse("studypaths:list")).content.decode()
    assert '<option value="graphs">Graphs</option>' in again
    typed = client.get(reverse("studypaths:list"), {"difficulty": "9"}).content.decode()
    assert '<option value="9"' not in typed and "id_difficulty" in typed
