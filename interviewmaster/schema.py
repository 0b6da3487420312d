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
    "401": "Not signed in (`not_authenticated`) or the token is invalid (`authentication_failed`).",
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
