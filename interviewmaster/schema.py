"""OpenAPI schema generation for the house style: the one place that names components and documents errors.

Names: every view nests serializers called `InputSerializer` / `OutputSerializer`; drf-spectacular names components
after the class name alone, so they would all collide as "Input"/"Output". This names a nested serializer after its
enclosing view instead: `TokenObtainApi.InputSerializer` → `TokenObtainInput` (and
`AIStatusApi.OutputSerializer.ProviderSerializer` → `AIStatusOutputProvider`). Do not use
`extend_schema_serializer(component_name=...)`.

Errors: every operation documents the errors it can give from its shape, with the one error envelope
(`interviewmaster.api.ErrorSerializer`): 400 when it takes input, 401 when it needs a signed-in caller, 403 when a
permission narrower than "signed in" applies, 404 when its path names an object, 429 when it is throttled. An
endpoint's own `extend_schema(responses=...)` adds its specific errors or overrides these descriptions.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import AllowAny, IsAuthenticated

IMPLIED_ERRORS = {
    "400": "Invalid input (`invalid`, with one message per field in `fields`) or a business rule said no.",
    "401": "Not signed in (`not_authenticated`), the token is invalid or expired (`authentication_failed`), or it was "
           "issued before the account signed out everywhere: logout-all, a password change or reset, or its session "
           "was signed out because one of its refresh tokens was used twice (`token_revoked`).",
    "403": "Your role may not do this (`permission_denied`).",
    "404": "No such object, or not yours (`not_found`).",
    "429": "Too many requests (`throttled`); see the Retry-After header.",
}


def component_name(serializer_class: type) -> str | None:
    qualname = serializer_class.__qualname__
    if "." not in qualname or "<locals>" in qualname:
        return None
    parts = qualname.split(".")
    return "".join(part.removesuffix("Api").removesuffix("View").removesuffix("Serializer") for part in parts)


class AutoSchema(SpectacularAutoSchema):
    def get_serializer_name(self, serializer, direction):
        name = component_name(type(serializer))
        if name is None:
            return super().get_serializer_name(serializer, direction)
        return name

    def _implied_error_codes(self) -> list[str]:
        permissions = list(getattr(self.view, "permission_classes", []))
        checks = {
            "400": (self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None)
            or bool(self._get_filter_parameters()),
            "401": not any(p is AllowAny for p in permissions),
            "403": any(p not in (AllowAny, IsAuthenticated) for p in permissions),
            "404": "{" in self.path,
            "429": bool(self.view.get_throttles()),
        }
        return [code for code, applies in checks.items() if applies]

    def _get_response_bodies(self, direction="response"):
        from interviewmaster.api import error_response

        responses = super()._get_response_bodies(direction)
        for code in self._implied_error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(error_response(IMPLIED_ERRORS[code]), code,
                                                              direction=direction)
        return responses

    def _get_request_body(self, direction="request"):
        """drf-spectacular documents no body for DELETE; a view whose DELETE takes one (account deletion asks the
        password) says so with a nested `DeleteSerializer`."""
        if self.method == "DELETE" and hasattr(self.view, "DeleteSerializer"):
            self.method = "POST"
            try:
                return super()._get_request_body(direction)
            finally:
                self.method = "DELETE"
        return super()._get_request_body(direction)

    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        """A serializer that refuses unknown fields (`reject_unknown_fields = True`) says so in its schema; one with
        `schema_any_of` documents that rule across its fields as the body's `anyOf`."""
        result = super()._map_serializer(serializer, direction, bypass_extensions)
        if getattr(serializer, "reject_unknown_fields", False):
            result["additionalProperties"] = False
        if direction == "request" and getattr(serializer, "schema_any_of", None):
            result["anyOf"] = serializer.schema_any_of  # a rule across fields (e.g. "text or code")
        return result

    def _get_paginator(self):
        """House rule: every list a GET answers is paginated ({items, total, limit, offset, has_more}), also from
        plain APIViews that paginate by hand."""
        paginator = super()._get_paginator()
        if paginator is None and self.method == "GET":
            from interviewmaster.api import Pagination

            return Pagination()
        return paginator


ERROR_REF = {"$ref": "#/components/schemas/Error"}
_STANDARD_ERRORS = {
    "400": "Invalid input: field errors in `fields` (also bad query parameters and malformed bodies).",
    "401": "Not signed in, or the token is invalid, expired or revoked.",
    "403": "Signed in, but this role or user may not do this.",
    "404": "No such object, or not yours.",
    "409": "The object changed state meanwhile; reload and try again.",
    "413": "The request body is too large.",
    "415": "Unsupported media type.",
    "429": "Too many requests; see Retry-After.",
}


def _error_codes(path: str, method: str, operation: dict) -> list[str]:
    codes = ["400", "429"]
    if operation.get("security") != [{}] and operation.get("security") != []:
        codes.append("401")
    codes.append("403")
    if "{" in path:
        codes.append("404")
    if "requestBody" in operation:
        codes += ["413", "415"]
    if method in ("post", "put", "patch", "delete") and "{" in path:
        codes.append("409")
    return codes


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the error envelope for the 4xx codes the shared
    plumbing can answer (validation, auth, permissions, ownership 404s, body limits, throttling), and a request body
    whose schema has required fields (or an `anyOf` of them) is itself required."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message", "fields"], "properties": {
            "code": {"type": "string"}, "message": {"type": "string"},
            "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}}})
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code in _error_codes(path, method, operation):
                operation["responses"].setdefault(code, {"description": _STANDARD_ERRORS[code], "content": {
                    "application/json": {"schema": ERROR_REF}}})
            _require_body_with_required_fields(operation, schemas)
            _no_control_characters_in_query_strings(operation)
    return result


def _require_body_with_required_fields(operation: dict, schemas: dict) -> None:
    body = operation.get("requestBody")
    if not body:
        return
    for media in body.get("content", {}).values():
        ref = media.get("schema", {}).get("$ref", "")
        component = schemas.get(ref.rsplit("/", 1)[-1], {})
        if component.get("required") or component.get("anyOf"):  # anyOf: one of some fields is required
            body["required"] = True


# interviewmaster.input_limits.QueryStringGuard refuses these (PostgreSQL cannot store NUL; none is meaningful).
NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"


def _no_control_characters_in_query_strings(operation: dict) -> None:
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter.get("in") == "query" and schema.get("type") == "string":
            schema.setdefault("pattern", NO_CONTROL_CHARACTERS)
