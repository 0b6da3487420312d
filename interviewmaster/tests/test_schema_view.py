"""GET /api/schema/: the OpenAPI schema the public /api/docs/ page draws, open to anyone."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.test import APIRequestFactory

from accounts.models import User
from interviewmaster import schema_api as schema_module

pytestmark = pytest.mark.django_db


@pytest.fixture
def generations(monkeypatch):
    """Counts drf-spectacular's schema generations; starts with no schema kept."""
    calls = []
    real = SchemaGenerator.get_schema
    monkeypatch.setattr(SchemaGenerator, "get_schema", lambda self, *a, **k: calls.append(1) or real(self, *a, **k))
    schema_module.forget_kept_schemas()
    return calls


def test_the_schema_is_made_once_per_process_not_on_every_request(client, generations):
    """Anyone could ask for it, and each request generated and rendered the whole schema again: 338 KB and about
    0.2 s of CPU, one request at a time. Each process makes each variant once now; what a caller can vary (the
    language, the format, a JSON indent) is a short list, so made-up values are no new variant to make."""
    first = client.get("/api/schema/")
    assert first.status_code == 200 and b"InterviewMaster API" in first.content
    for _ in range(5):
        assert client.get("/api/schema/").content == first.content
    assert len(generations) == 1
    for query in ("?lang=xx-made-up", "?lang=" + "q" * 300, "?version=anything", "?version=2&lang=zz"):
        assert client.get("/api/schema/" + query).content == first.content, query
    assert len(generations) == 1
    as_json = client.get("/api/schema/?format=json")
    assert as_json.status_code == 200 and as_json.json()["info"]["title"] == "InterviewMaster API"
    assert client.get("/api/schema/?format=json").content == as_json.content
    assert len(generations) == 2


@pytest.mark.parametrize(("query", "headers"), [
    ("", {}),
    ("?format=json", {}),
    ("?format=yaml", {}),
    ("", {"Accept": "application/json"}),
    ("", {"Accept": "application/json; indent=2"}),
    ("", {"Accept": "application/yaml"}),
    ("?lang=de", {}),
])
def test_the_kept_schema_is_what_drf_spectacular_generates(client, query, headers):
    """The same bytes and headers as drf-spectacular's own view, made (first request) and kept (second), whoever
    asked first: a superuser's request makes the schema an anonymous caller is then given."""
    schema_module.forget_kept_schemas()
    expected = SpectacularAPIView.as_view()(APIRequestFactory().get("/api/schema/" + query, headers=headers)).render()
    client.force_login(User.objects.create_superuser(email="root@example.com", password="root-pass-123456"))
    for _ in range(2):
        response = client.get("/api/schema/" + query, headers=headers)
        client.logout()
        assert response.status_code == 200
        assert response.content == expected.content
        for header in ("Content-Type", "Content-Disposition"):
            assert response[header] == expected[header], header


def test_a_browser_is_given_the_schema_compressed_once(client, generations, monkeypatch):
    """GZipMiddleware compressed the 338 KB again for every browser (about 4 ms of CPU each)."""
    import gzip

    from django.utils.text import compress_string

    plain = client.get("/api/schema/")
    compressions = []

    def counted(real):
        return lambda *a, **k: compressions.append(1) or real(*a, **k)

    monkeypatch.setattr(gzip, "compress", counted(gzip.compress))
    monkeypatch.setattr("django.middleware.gzip.compress_string", counted(compress_string))  # GZipMiddleware's
    for _ in range(3):
        response = client.get("/api/schema/", headers={"Accept-Encoding": "gzip, deflate, br"})
        assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content) == plain.content
        assert len(response.content) < len(plain.content) / 5
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    assert (len(generations), len(compressions)) == (1, 1)


def test_the_kept_schema_is_made_again_after_a_setting_changes_or_the_capabilities_reload(client, settings,
                                                                                        generations):
    from interviewmaster.capabilities import reset_capabilities_cache

    client.get("/api/schema/")
    settings.THROTTLE_RATES_FOR_THIS_TEST = "changed"  # any setting: tests change what the schema is made from
    client.get("/api/schema/")
    reset_capabilities_cache()
    client.get("/api/schema/")
    client.get("/api/schema/")
    assert len(generations) == 3


def test_the_docs_page_loads_the_schema(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    script = client.get("/api/docs/?script=").content.decode()
    assert "/api/schema/" in script
