"""Limits on what a client may send before anything parses it: JSON depth and size, characters in query strings.

Python's json module recurses per nesting level: a body of 100,000 `[` raised RecursionError (a 500) on every JSON
endpoint and closed websockets with 1011. The depth is counted here first, in linear time, without recursion.
PostgreSQL refuses NUL in text, so `?module=%00` was a 500 too: control characters in query strings are refused.
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.validators import ProhibitSurrogateCharactersValidator

from interviewmaster.errors import NullCharacterInForm

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)  # alternatives never overlap: linear
_BRACKETS = re.compile(r"[\[\]{}]")
_BAD_QUERY_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# "Some visible character", as a pattern both Python (the field's check) and JSON Schema (the API schema, ECMA-262
# regexes) read alike: what either counts as whitespace is left out (`\s` differs between them on U+001C-U+001F,
# U+0085 and U+FEFF). The code of a run (studypaths.services.is_blank_code says the same).
VISIBLE_CHARACTER = r"[^\s\x1c-\x1f\x85\ufeff]"


# How much of a client's value an error message echoes: a 100 KB signal kind came back whole in `invalid_signal`.
ECHO_CHARS = 40
# U+D800-U+DFFF, the range DRF's ProhibitSurrogateCharactersValidator refuses in every CharField of the API. A lone
# one cannot be encoded as UTF-8: SQLite, PostgreSQL and Redis all raise on it.
_SURROGATES = re.compile("[\ud800-\udfff]")


def echoed(value, limit: int = ECHO_CHARS) -> str:
    """A client's value as an error message shows it: its repr, cut at `limit` characters ("…" marks the cut)."""
    if isinstance(value, str):
        return repr(value[:limit]) + ("…" if len(value) > limit else "")
    shown = repr(value)
    return shown if len(shown) <= limit + 2 else shown[:limit] + "…"


def without_surrogates(text: str) -> str:
    """`text` with each surrogate replaced by U+FFFD, for echoing a client's value where UTF-8 is written."""
    return _SURROGATES.sub("\ufffd", text)


def surrogate_refusal(value: str) -> str | None:
    """The API's refusal of a surrogate character (DRF's ProhibitSurrogateCharactersValidator: its range, its words)
    for text that no serializer reads, such as the interview room's messages; None when `value` holds none. A regular
    expression finds it: the validator's loop in Python took milliseconds on every 100 KB draft."""
    found = None if value.isascii() else _SURROGATES.search(value)  # isascii() reads a flag: no scan
    if found is None:
        return None
    return str(ProhibitSurrogateCharactersValidator.message).format(code_point=ord(found.group()))


class JSONTooDeep(ValueError):
    pass


class JSONTooLarge(ValueError):
    pass


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def max_json_bytes() -> int:
    return int(settings.API_MAX_JSON_BYTES)


def max_json_depth() -> int:
    return int(settings.API_MAX_JSON_DEPTH)


def json_depth(text: str, limit: int) -> int:
    """Deepest nesting of arrays/objects (strings skipped); stops counting once past `limit`."""
    if text.count("[") + text.count("{") <= limit:
        return 0  # cannot be deeper than the number of openers
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRING.sub("", text)):
        depth += 1 if match.group(0) in "[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def loads_bounded(text: str | bytes, *, max_bytes: int | None = None, max_depth: int | None = None):
    """json.loads with a size and a nesting limit (JSONTooLarge / JSONTooDeep, both ValueError)."""
    max_bytes = max_json_bytes() if max_bytes is None else max_bytes
    max_depth = max_json_depth() if max_depth is None else max_depth
    if len(text) > max_bytes:
        raise JSONTooLarge(f"The JSON is larger than {max_bytes:,} bytes.")
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if json_depth(text, max_depth) > max_depth:
        raise JSONTooDeep(f"The JSON is nested more than {max_depth} levels deep.")
    return json.loads(text)


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser with the limits above: 413 for a body over API_MAX_JSON_BYTES, 400 for deeper nesting."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = max_json_bytes()
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH") if request is not None else None
        if declared and declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge(f"The request body is larger than {limit:,} bytes.")
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise RequestTooLarge(f"The request body is larger than {limit:,} bytes.")
        try:
            data = loads_bounded(raw, max_bytes=limit)
        except JSONTooDeep as exc:
            raise exceptions.ParseError(str(exc)) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from exc
        if b"\\u" in raw:  # only a \u escape can write a lone surrogate: UTF-8 bytes cannot
            _refuse_surrogates(data)
        return data


def _surrogate_within(data) -> str | None:
    """The refusal of the first lone surrogate in a parsed JSON value's keys and strings. Nesting is bounded by the
    parser's depth limit."""
    if isinstance(data, str):
        return surrogate_refusal(data)
    if isinstance(data, dict):
        items = [*data.keys(), *data.values()]
    elif isinstance(data, list):
        items = data
    else:
        return None
    for item in items:
        refusal = _surrogate_within(item)
        if refusal is not None:
            return refusal
    return None


def _refuse_surrogates(data) -> None:
    """A lone surrogate anywhere in a JSON body is a 400 naming the top-level field that holds it. The serializers
    refuse one only in their text fields; elsewhere (a key, a value inside a JSON object) each view's own validation
    had to catch it, or PostgreSQL's jsonb would refuse it with a 500 and a quoted one could not be written back as
    UTF-8. One rule before any view, for every JSON body."""
    fields = data.items() if isinstance(data, dict) else [("non_field_errors", data)]
    for key, value in fields:
        refusal = surrogate_refusal(key) if isinstance(key, str) else None
        refusal = refusal or _surrogate_within(value)
        if refusal is not None:
            raise exceptions.ValidationError({key[:40]: [refusal]})  # a key is echoed bounded, as everywhere


def _key_holding(fields, pattern: re.Pattern) -> str | None:
    """The first field of a QueryDict (the query string, a form) whose name or one of whose values `pattern` finds."""
    for key, values in fields.lists():
        for text in (key, *values):
            if pattern.search(text):
                return key
    return None


class QueryStringGuard:
    """Refuses (400) a query string with NUL, other control characters or undecodable bytes before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = _key_holding(request.GET, _BAD_QUERY_CHARS)
        if key is None:
            return self.get_response(request)
        message = f"The query parameter {echoed(key)} contains characters that are not allowed (control characters)."
        if request.path.startswith("/api/"):
            return JsonResponse({"error": {"code": "invalid_query", "message": message, "fields": {
                key[:40]: ["Remove control characters from this value."]}}}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


# The methods the site answers. Any other (TRACE, CONNECT, PROPFIND, a made-up verb) on a page is 501 Not Implemented
# before any view runs: function views that do not name their methods answered TRACE with the page. 501, not 405:
# no resource of the site answers such a method, so there is no Allow list to give (RFC 9110 §15.6.2). The API's
# views answer it themselves (DRF: 405 with the view's own Allow, in the error envelope).
KNOWN_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class MethodGuard:
    """Refuses (501) a page request whose method the site never answers. A page's own 405 to a browser's GET (an
    address that only takes a form, typed or bookmarked: `require_POST`'s empty body, which the browser showed as its
    own blank error) is drawn as the site's page, its Allow header kept."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            return self.get_response(request)
        if request.method not in KNOWN_METHODS:
            return HttpResponse(f"The {request.method[:20]!r} method is not supported.", status=501,
                                content_type="text/plain; charset=utf-8")
        response = self.get_response(request)
        if (response.status_code == 405 and request.method in ("GET", "HEAD")
                and not getattr(response, "streaming", False) and not response.content):
            from django.shortcuts import render

            page = render(request, "405.html", status=405)
            if response.has_header("Allow"):
                page["Allow"] = response["Allow"]
            return page
        return response


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_NUL = re.compile("\x00")


class FormNullGuard:
    """Refuses (400, the site's page: interviewmaster.views.bad_request) a page's form whose field names or values hold
    U+0000. Django's form fields refuse it, but views that read request.POST themselves (the code of a run, an
    expert's comment in the plan's admin) passed it on, and PostgreSQL cannot store it: a 500. The API's fields refuse
    it themselves (DRF), so /api/ is left to them. Reading request.POST here parses the body as the view (or the CSRF
    check) would, with the same limits and errors. The check runs in process_view, once the address has resolved to a
    view: a POST to an address with no view (a 404) is not parsed at all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (request.method == "POST" and not request.path.startswith("/api/")
                and request.content_type in _FORM_TYPES):
            key = _key_holding(request.POST, _NUL)
            if key is not None:
                raise NullCharacterInForm(f"NUL in form field {echoed(key)}")
        return None
