"""Project-wide API plumbing: the one pagination shape, the one error envelope (DESIGN §3) and its schema.

Error responses are documented from here: `interviewmaster.schema.AutoSchema` adds the errors every endpoint can
give (400, 401, 403, 404, 429, from its input, permissions, path and throttles); an endpoint lists its own specific
errors with `error_response("...")` in `extend_schema(responses=...)`.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response

from interviewmaster.errors import DomainError, ErrorCode

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

    def get_paginated_response(self, data):
        return Response({
            "items": data,
            "total": self.count,
            "limit": self.limit,
            "offset": self.offset,
            "has_more": self.offset + self.limit < self.count,
        })

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
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def _code_for(exc: exceptions.APIException) -> str:
    for cls in type(exc).__mro__:
        if cls in _DRF_CODES:
            return _DRF_CODES[cls]
    return getattr(exc, "default_code", "error") or "error"


def _headers_for(exc: exceptions.APIException) -> dict[str, str]:
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    return headers


def _validation_message(detail) -> tuple[str, dict]:
    """A ValidationError's detail as (message, {field: [messages]})."""
    if isinstance(detail, dict):
        fields = {k: [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
        non_field = fields.pop("non_field_errors", None)
        return (non_field[0] if non_field else "Some fields are invalid."), fields
    items = detail if isinstance(detail, list) else [detail]
    return "; ".join(str(m) for m in items) or "Invalid input.", {}


def _as_api_exception(exc):
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def exception_handler(exc, context):
    """Maps DomainError and DRF/Django exceptions to {"error": {"code", "message", "fields"}}."""
    if isinstance(exc, DomainError):
        if exc.status_code >= 500:
            logger.warning("domain error %s: %s", exc.code, exc.message)
        return Response(error_body(exc.code, exc.message, exc.fields), status=exc.status_code, headers=exc.headers)
    exc = _as_api_exception(exc)
    if not isinstance(exc, exceptions.APIException):
        return None  # a real bug: let Django's 500 handling (and Sentry) see it

    headers = _headers_for(exc)
    if isinstance(exc, exceptions.ValidationError):
        message, fields = _validation_message(exc.detail)
        return Response(error_body(ErrorCode.INVALID, message, fields), status=status.HTTP_400_BAD_REQUEST,
                        headers=headers)

    code = _code_for(exc)
    message = str(exc.detail) if not isinstance(exc.detail, (list, dict)) else str(exc.default_detail)
    if code == ErrorCode.MALFORMED_REQUEST:
        message = f"The request body could not be parsed: {message}"
    return Response(error_body(code, message), status=exc.status_code, headers=headers)
