"""Issue 17 item 9: a Content-Security-Policy with nonces, Swagger UI from local files, JSON 404s under /api/."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from accounts.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/"])
def test_pages_carry_a_strict_csp_and_every_inline_script_has_the_nonce(path):
    response = Client().get(path)
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"] and policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    nonce = next(v for v in policy["script-src"] if v.startswith("'nonce-"))[7:-1]
    html = response.content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or f'nonce="{nonce}"' in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"""(src|href)=["']https?://""", html)  # nothing from a CDN


def test_signed_in_pages_too():
    client = Client()
    client.force_login(CandidateFactory())
    response = client.get("/accounts/profile/")
    assert response.status_code == 200 and "'nonce-" in response["Content-Security-Policy"]


def test_swagger_ui_is_served_from_local_static_files():
    client = Client()
    client.force_login(CandidateFactory())
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert assets and all(not a.startswith(("http://", "https://", "//")) for a in assets), assets
    assert any("swagger-ui-bundle" in a for a in assets)
    assert "<script>" not in html.replace(" ", "")  # no inline script: the start-up script is a file
    script = next(a for a in assets if "swagger-ui-bundle" in a)
    assert client.get(script).status_code == 200


@pytest.mark.parametrize("debug", [False, True])
def test_unmatched_api_urls_answer_with_the_json_envelope_in_debug_mode_too(settings, debug):
    settings.DEBUG = debug
    response = Client().get("/api/v1/no-such-endpoint/here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_no_template_carries_an_inline_event_handler_the_policy_would_block():
    # The report's "Print" link was an onclick="window.print()" that the policy silently blocked: handlers live in
    # static files (static/js/confirm.js handles data-confirm and data-print).
    from pathlib import Path

    from django.conf import settings

    handler = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
    offenders = [str(path) for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
                 if handler.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
    report = (Path(settings.BASE_DIR) / "templates" / "interviews" / "report.html").read_text(encoding="utf-8")
    assert "data-print" in report
    assert "[data-print]" in (Path(settings.BASE_DIR) / "static" / "js" / "confirm.js").read_text(encoding="utf-8")


def test_every_template_comment_closes_on_its_line_and_no_page_shows_one():
    """Django's {# #} comment is one line: a multi-line one is text. base.html's (about htmx's settle step) was drawn
    at the top of every page."""
    from pathlib import Path

    from django.conf import settings

    offenders = [f"{path}:{number}" for path in (Path(settings.BASE_DIR) / "templates").rglob("*.html")
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if line.count("{#") != line.count("#}")]
    assert offenders == []
    for url in ("/", "/accounts/login/", "/accounts/signup/"):
        html = Client().get(url).content.decode()
        assert "{#" not in html and "#}" not in html and "{%" not in html, url


def test_a_cached_or_ranged_static_file_is_not_compressed_after_the_fact():
    """Below GZipMiddleware, WhiteNoise's 304 went out gzip-encoded with a body (the empty body compressed): uvicorn
    failed it ("Response content longer than Content-Length") on every page a browser revisited; a 206 range was
    compressed after cutting, so its Content-Range named bytes the body did not hold."""
    client, path = Client(HTTP_ACCEPT_ENCODING="gzip, deflate, br"), "/static/css/app.css"  # no .gz copy in tests
    first = client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert "Content-Encoding" not in again and b"".join(again.streaming_content if again.streaming else
                                                        [again.content]) == b""
    part = client.get(path, HTTP_RANGE="bytes=0-99")
    assert part.status_code == 206 and "Content-Encoding" not in part
    assert len(b"".join(part.streaming_content)) == 100
    assert first["X-Content-Type-Options"] == "nosniff"  # static files still carry the security headers
