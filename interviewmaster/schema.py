"""OpenAPI schema generation for the house style (one APIView per operation with nested serializers).

Every view nests serializers called `InputSerializer` / `OutputSerializer`; drf-spectacular names components after
the class name alone, so they would all collide as "Input"/"Output". This names a nested serializer after its
enclosing view instead: `TokenObtainApi.InputSerializer` → `TokenObtainInput`.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


def component_name(serializer_class: type) -> str | None:
    qualname = serializer_class.__qualname__
    if "." not in qualname or "<locals>" in qualname:
        return None
    outer, inner = qualname.split(".")[-2:]
    outer = outer.removesuffix("Api").removesuffix("View")
    inner = inner.removesuffix("Serializer")
    return f"{outer}{inner}"


class AutoSchema(SpectacularAutoSchema):
    def get_serializer_name(self, serializer, direction):
        name = component_name(type(serializer))
        if name is None:
            return super().get_serializer_name(serializer, direction)
        return name


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
        """A serializer that refuses unknown fields (`reject_unknown_fields = True`) says so in its schema."""
        result = super()._map_serializer(serializer, direction, bypass_extensions)
        if getattr(serializer, "reject_unknown_fields", False):
            result["additionalProperties"] = False
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
    "401": "Not signed in, or the token is invalid or expired.",
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
    whose schema has required fields is itself required."""
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
        if schemas.get(ref.rsplit("/", 1)[-1], {}).get("required"):
            body["required"] = True


# interviewmaster.input_limits.QueryStringGuard refuses these (PostgreSQL cannot store NUL; none is meaningful).
NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"


def _no_control_characters_in_query_strings(operation: dict) -> None:
    for parameter in operation.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter.get("in") == "query" and schema.get("type") == "string":
            schema.setdefault("pattern", NO_CONTROL_CHARACTERS)
