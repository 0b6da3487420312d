"""GET /api/schema/: the OpenAPI schema (interviewmaster.schema makes it in the house style), made once per process.

The schema is a function of the code (URLconf, serializers, settings, capabilities.json): each process keeps the
rendered bytes of each variant it was asked for. They are forgotten when a setting changes or the capabilities are
reloaded (tests do both). Not in interviewmaster.schema: drf-spectacular's views import that module (the
DEFAULT_SCHEMA_CLASS) while they load.
"""

from __future__ import annotations

import contextlib
import gzip
import re
import threading

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SCHEMA_KWARGS, SpectacularAPIView
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as GZipMiddleware reads Accept-Encoding

_kept: dict[tuple, bytes] = {}
_kept_lock = threading.Lock()
_kept_from: dict = {"capabilities": None}


def forget_kept_schemas(**kwargs) -> None:
    with _kept_lock:
        _kept.clear()
        _kept_from["capabilities"] = None


setting_changed.connect(forget_kept_schemas, dispatch_uid="interviewmaster.schema_api.forget_kept_schemas")


def _kept_or_made(key: tuple, make) -> bytes:
    from interviewmaster.capabilities import get_capabilities

    capabilities = get_capabilities()
    with _kept_lock:
        if _kept_from["capabilities"] is not capabilities:
            _kept.clear()
            _kept_from["capabilities"] = capabilities
        if key not in _kept:
            content = make()
            # variants that come out the same (?lang=en and the site's en-us) share one copy
            _kept[key] = next((kept for kept in _kept.values() if kept == content), content)
        return _kept[key]


class SchemaApi(SpectacularAPIView):
    """The OpenAPI schema, for anyone: it is what the public API docs page (/api/docs/) draws.

    drf-spectacular generated and rendered it on every request (338 KB, about 0.2 s of CPU). It is made once per
    process for each variant now, and the same for every caller (made without the request: the public schema,
    whoever asked first). What a caller can vary is a short list, so no query makes the kept variants grow: the
    renderer (YAML or JSON, by `?format=` or Accept), a JSON indent (`Accept: application/json; indent=2`, 0 to 8) and
    the language (`?lang=`, one of settings.LANGUAGES, else the site's). `?version=` counts only for a version in
    REST_FRAMEWORK's ALLOWED_VERSIONS: the API has one (/api/v1) and none is listed, and drf-spectacular only wrote
    whatever was asked into the title's version and the file name.
    """

    @extend_schema(**SCHEMA_KWARGS)  # as drf-spectacular's: not in the schema itself (SERVE_INCLUDE_SCHEMA)
    def get(self, request, *args, **kwargs):
        language = None
        if settings.USE_I18N and request.GET.get("lang"):
            with contextlib.suppress(LookupError):
                language = translation.get_supported_language_variant(request.GET["lang"])
        with translation.override(language) if language else contextlib.nullcontext():
            return self._kept_schema_response(request)

    def _get_version_parameter(self, request):
        version = request.GET.get("version")
        return version if version in (api_settings.ALLOWED_VERSIONS or ()) else None

    def _kept_schema_response(self, request) -> HttpResponse:
        renderer, media_type = request.accepted_renderer, request.accepted_media_type
        context = self.get_renderer_context()
        indent = renderer.get_indent(media_type, context) if isinstance(renderer, JSONRenderer) else None
        version = self.api_version or request.version or self._get_version_parameter(request)

        def make() -> bytes:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            return renderer.render(generator.get_schema(request=None, public=self.serve_public), media_type, context)

        key = (translation.get_language(), version, type(renderer), indent)
        content = plain = _kept_or_made(key, make)
        # GZipMiddleware would compress the 338 KB again on every request (about 4 ms): kept compressed too. No
        # BREACH padding: the schema holds no secret.
        gzipped = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if gzipped:
            content = _kept_or_made((*key, "gzip"), lambda: gzip.compress(plain, compresslevel=6, mtime=0))
        charset = f"; charset={renderer.charset}" if renderer.charset else ""
        response = HttpResponse(content, content_type=renderer.media_type + charset, headers={
            "Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'})
        if gzipped:
            response["Content-Encoding"] = "gzip"
        patch_vary_headers(response, ("Accept-Encoding",))
        return response
