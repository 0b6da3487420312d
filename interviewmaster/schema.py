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
