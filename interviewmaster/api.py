"""Project-wide API plumbing: the one pagination shape, the one error envelope (DESIGN §3) and its schema.

Error responses are documented from here: `interviewmaster.schema.AutoSchema` adds the errors every endpoint can
give (400, 401, 403, 404, 429, from its input, permissions, path and throttles); an endpoint lists its own specific
errors with `error_response("...")` in `extend_schema(responses=...)`.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.db import OperationalError
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from interviewmaster.errors import DatabaseBusy, DomainError, ErrorCode, NullCharacterInForm
from interviewmaster.input_limits import without_surrogates

logger = logging.getLogger(__name__)


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class ErrorSerializer(serializers.Serializer):
    """The one error envelope (DESIGN §3)."""

    error = ErrorDetailSerializer()


def error_response(description: str) -> OpenApiResponse:
    """An error response for `extend_schema(responses={status: error_response("...")})`."""
    return OpenApiResponse(ErrorSerializer, description=description)


class Pagination(LimitOffsetPagination):
    """Every list API answers {items, total, limit, offset, has_more}."""

    default_limit = 20
    max_limit = 100

    def get_limit(self, request):
        return self._parameter(request, self.limit_query_param, default=self.default_limit, low=1,
                               high=self.max_limit)

    def get_offset(self, request):
        return self._parameter(request, self.offset_query_param, default=0, low=0, high=10**9)

    @staticmethod
    def _parameter(request, name: str, *, default: int, low: int, high: int) -> int:
        """A bad `limit`/`offset` is a 400 with a field error, never silently clamped or ignored."""
        raw = request.query_params.get(name)
        if raw is None:
            return default
        if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
            raise exceptions.ValidationError({name: [f"Use a whole number from {low} to {high}."]})
        return int(raw)

    def get_paginated_response(self, data):
        return Response({
            "items": data,
            "total": self.count,
            "limit": self.limit,
            "offset": self.offset,
            "has_more": self.offset + self.limit < self.count,
        })

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.limit_query_param, "required": False, "in": "query",
             "description": f"Items per page, 1 to {self.max_limit} (default {self.default_limit}).",
             "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit}},
            {"name": self.offset_query_param, "required": False, "in": "query",
             "description": "How many items to skip (default 0).",
             "schema": {"type": "integer", "minimum": 0, "maximum": 10**9}},
        ]

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["items", "total", "limit", "offset", "has_more"],
            "properties": {
                "items": schema,
                "total": {"type": "integer", "example": 42},
                "limit": {"type": "integer", "example": 20},
                "offset": {"type": "integer", "example": 0},
                "has_more": {"type": "boolean", "example": True},
            },
        }


class FileDownloadNegotiation(BaseContentNegotiation):
    """For an endpoint that answers with a file or audio of its own type (an HttpResponse, not a DRF Response): the
    client's Accept names that type (application/pdf, audio/mpeg), which no renderer offers, and DRF answered 406
    before the view ran. The first renderer (JSON) serves the errors; the file is sent as it is."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def paginated_response(view, request, queryset, serializer_class) -> Response:
    """One page of `queryset` (`?limit=&offset=`) rendered with `serializer_class` in the list envelope."""
    paginator = Pagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


_DRF_CODES = {
    exceptions.ParseError: ErrorCode.MALFORMED_REQUEST,
    exceptions.AuthenticationFailed: ErrorCode.AUTHENTICATION_FAILED,
    exceptions.NotAuthenticated: ErrorCode.NOT_AUTHENTICATED,
    exceptions.PermissionDenied: ErrorCode.PERMISSION_DENIED,
    exceptions.NotFound: ErrorCode.NOT_FOUND,
    exceptions.MethodNotAllowed: ErrorCode.METHOD_NOT_ALLOWED,
    exceptions.NotAcceptable: ErrorCode.NOT_ACCEPTABLE,
    exceptions.UnsupportedMediaType: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    exceptions.Throttled: ErrorCode.THROTTLED,
    exceptions.ValidationError: ErrorCode.INVALID,
}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    """The envelope; `fields` always maps a field to a list of messages, as documented, even where a service raised
    a DomainError with one message (or a number) per field. The code is a plain string, not the StrEnum member the
    apps name it by: every renderer can write it (the schema view's YAML renderer cannot write an enum member). A lone
    surrogate a message quotes from the request (DRF's '"\ud800" is not a valid choice.', an unknown key) becomes
    U+FFFD: the renderer writes UTF-8 and raised on it, a 500 instead of the 400."""
    flat = flatten_field_errors(fields) if fields else {}
    return {"error": {"code": str(code), "message": without_surrogates(str(message)),
                      "fields": {without_surrogates(key): [without_surrogates(m) for m in messages]
                                 for key, messages in flat.items()}}}


def _code_for(exc: exceptions.APIException) -> str:
    for cls in type(exc).__mro__:
        if cls in _DRF_CODES:
            return _DRF_CODES[cls]
    return getattr(exc, "default_code", "error") or "error"


def flatten_field_errors(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail ({"items": {0: {"name": [...]}}}) as {"items.0.name": ["message"]}: plain strings,
    never a Python repr of ErrorDetail objects."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            out.update(flatten_field_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        out = {}
        for index, item in enumerate(detail):
            if item:
                out.update(flatten_field_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return out
    items = detail if isinstance(detail, list) else [detail]
    return {prefix: [str(item) for item in items]}


# Django's own refusals of a request: raised while DRF reads the body (answered here) or before or while a page view
# reads it (interviewmaster.views.bad_request). Django would answer with its bare HTML 400.
DJANGO_REQUEST_ERRORS = {
    RequestDataTooBig: (413, "request_too_large", "The request is larger than the site accepts (a few megabytes "
                                                  "without files); shorten it and send it again."),
    TooManyFieldsSent: (400, "too_many_fields", "The request has too many fields or query parameters."),
    TooManyFilesSent: (400, "too_many_files", "The request has too many files."),
    NullCharacterInForm: (400, "null_character", "The form contains a NUL character (U+0000), which cannot be saved; "
                                                 "remove it and send the form again."),
}


def _request_error_response(exc) -> Response | None:
    """Django's own body errors, raised while DRF reads the body."""
    if type(exc) in DJANGO_REQUEST_ERRORS:
        status_code, code, message = DJANGO_REQUEST_ERRORS[type(exc)]
        return Response(error_body(code, message), status=status_code)
    if isinstance(exc, SuspiciousOperation):  # e.g. a malformed multipart body: Django would answer an empty 400
        return Response(error_body(ErrorCode.MALFORMED_REQUEST, "The request body could not be parsed."), status=400)
    return None


def _headers_for(exc: exceptions.APIException) -> dict[str, str]:
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    return headers


def _as_api_exception(exc):
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def _domain_error_response(exc) -> Response | None:
    if isinstance(exc, DomainError):
        if exc.status_code >= 500:
            logger.warning("domain error %s: %s", exc.code, exc.message)
        # A domain error that is also DRF's AuthenticationFailed (accounts.errors.TokenRevoked) keeps its challenge.
        headers = {**_headers_for(exc), **exc.headers}
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status_code, headers=headers)
    return None


# SQLite's lock messages, from their start ("database table is locked: <table>"): a substring "locked" anywhere also
# matched PostgreSQL's deadlock report ("... blocked by process ..."), which then passed for a busy database unnoticed.
SQLITE_LOCKED = ("database is locked", "database table is locked", "database schema is locked")
# PostgreSQL's transaction rollbacks a retry clears: deadlock_detected, serialization_failure.
RETRYABLE_SQLSTATES = {"40P01", "40001"}


def _as_domain_error(exc):
    """SQLite's "database is locked" that still escapes (a write waited the whole `timeout`, or a transaction began
    outside BEGIN IMMEDIATE) is no bug: the request did nothing and can be repeated — a 503, not a 500. A PostgreSQL
    deadlock also rolled everything back and a retry succeeds (a 503 too), but it is a lock-order bug of ours: it is
    logged with its traceback, so the contract run and the error tracker see it."""
    if not isinstance(exc, OperationalError):
        return exc
    if str(exc).strip().lower().startswith(SQLITE_LOCKED):
        return DatabaseBusy()  # logged as a 5xx domain error by _domain_error_response
    if getattr(exc.__cause__, "sqlstate", None) in RETRYABLE_SQLSTATES:
        logger.error("database transaction rolled back (%s); answered 503", exc.__cause__.sqlstate, exc_info=exc)
        return DatabaseBusy()
    return exc


# DRF's own field messages quote the client's value whole ('"<100 KB>" is not a valid choice.', a related field's
# 'Invalid pk "<...>"'): each is cut here, as the domain errors cut what they echo (input_limits.echoed). None of the
# messages of our own comes near it.
FIELD_MESSAGE_CHARS = 200


def _cut(message: str) -> str:
    return message if len(message) <= FIELD_MESSAGE_CHARS else message[:FIELD_MESSAGE_CHARS] + "…"


def _validation_response(exc: exceptions.ValidationError, headers: dict) -> Response:
    detail = exc.detail
    if isinstance(detail, dict):
        fields = {key: [_cut(m) for m in messages] for key, messages in flatten_field_errors(detail).items()}
        non_field = fields.pop("non_field_errors", None)
        message = non_field[0] if non_field else "Some fields are invalid."
    else:
        fields = {}
        message = "; ".join(_cut(m) for msgs in flatten_field_errors({"": detail}).values() for m in msgs)
        message = message or "Invalid input."
    return Response(error_body(ErrorCode.INVALID, message, fields), status=status.HTTP_400_BAD_REQUEST,
                    headers=headers)


def exception_handler(exc, context):
    """Maps DomainError and DRF/Django exceptions to {"error": {"code", "message", "fields"}}."""
    exc = _as_domain_error(exc)
    response = _request_error_response(exc) or _domain_error_response(exc)
    if response is not None:
        return response
    exc = _as_api_exception(exc)
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: let Django's 500 handling (and Sentry) see it

    headers = _headers_for(exc)
    if isinstance(exc, exceptions.ValidationError):
        return _validation_response(exc, headers)

    code = _code_for(exc)
    message = str(exc.detail) if not isinstance(exc.detail, (list, dict)) else str(exc.default_detail)
    if code == ErrorCode.MALFORMED_REQUEST:
        message = f"The request body could not be parsed: {message}"
    return Response(error_body(code, message), status=exc.status_code, headers=headers)
