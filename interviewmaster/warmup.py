"""Pay a web process's first-request costs when it starts, not in its first requests.

A fresh process imports every urls module and view on its first request (the URL resolver is lazy), builds the
reverse-URL map on its first `{% url %}`, loads the translation catalogue on its first `get_language()` and compiles
each template on first use. Measured with the production settings that was about 2.6 s for the first `/health` and
0.5 s more for the first page; every web worker pays it, and again each time gunicorn recycles one
(`WEB_MAX_REQUESTS`), while requests queue behind it. `warm_up()` does the same work at start-up, before the worker
accepts connections (gunicorn imports the application first). It imports and compiles only: it opens no database or
cache connection, so it is safe
before a fork and when those services are still starting. Last, it moves everything loaded so far into the collector's
permanent generation (`gc.freeze`): a full collection walked all of it (hundreds of thousands of framework objects)
while every request of the worker waited, which was most of the API list's p95 (1.0 s against a p50 of 0.25 s at 50
clients; 0.46 s after). `WEB_WARM_UP=false` skips it.
"""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


def _project_templates() -> list[str]:
    names = []
    for directory in settings.TEMPLATES[0].get("DIRS", []):
        root = Path(directory)
        names += sorted(str(p.relative_to(root)) for p in root.rglob("*.html"))
    return names


def warm_up() -> float:
    """Import the URL configuration and views, build the reverse map, load the translations, compile the project's
    templates. Returns the seconds it took."""
    from django.template import TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation
    from django.utils.module_loading import import_string
    from rest_framework.settings import api_settings

    started = time.perf_counter()
    # Modules loaded on first use: the cache and session backends (redis-py alone is about half a second), the
    # authentication backends, DRF's configured classes. Imports only: nothing connects.
    import_string(settings.CACHES["default"]["BACKEND"])
    import_string(settings.SESSION_ENGINE + ".SessionStore")
    for path in settings.AUTHENTICATION_BACKENDS:
        import_string(path)
    for name in ("DEFAULT_RENDERER_CLASSES", "DEFAULT_PARSER_CLASSES", "DEFAULT_AUTHENTICATION_CLASSES",
                 "DEFAULT_PERMISSION_CLASSES", "DEFAULT_THROTTLE_CLASSES", "DEFAULT_CONTENT_NEGOTIATION_CLASS",
                 "DEFAULT_PAGINATION_CLASS", "EXCEPTION_HANDLER"):
        getattr(api_settings, name)
    resolver = get_resolver()
    resolver.url_patterns  # noqa: B018 - imports every urls module and view
    with translation.override(settings.LANGUAGE_CODE):
        resolver.reverse_dict  # noqa: B018 - the reverse map is built per language
    for name in _project_templates():
        try:
            get_template(name)  # the cached loader keeps the compiled template
        except TemplateSyntaxError:  # a broken template fails where it is used, with its own error
            logger.exception("template %s does not compile", name)
    # Everything loaded so far lives as long as the process: out of the collector's sight, a full collection no
    # longer walks the whole framework (hundreds of thousands of objects) while every request of the worker waits.
    gc.collect()
    gc.freeze()
    seconds = time.perf_counter() - started
    logger.info("web process warmed up in %.2f s", seconds)
    return seconds
