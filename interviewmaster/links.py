"""Absolute links (emails, API responses, anything read outside the browser tab) come from one setting: SITE_URL."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

SITE_NAME = "InterviewMaster"


def absolute_url(path_or_url: str) -> str:
    """SITE_URL + the path, query and fragment of `path_or_url` (whatever host it named is replaced)."""
    bits = urlsplit(path_or_url)
    path = urlunsplit(("", "", bits.path or "/", bits.query, bits.fragment))
    return settings.SITE_URL.rstrip("/") + (path if path.startswith("/") else "/" + path)


def site_domain() -> str:
    """The host (and port) of SITE_URL: what the Sites framework and email templates call the site's domain."""
    return urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"


@dataclass(frozen=True)
class CurrentSite:
    """Stands in for django.contrib.sites' Site in email templates, always in step with SITE_URL."""

    name: str
    domain: str


def current_site() -> CurrentSite:
    return CurrentSite(name=SITE_NAME, domain=site_domain())
