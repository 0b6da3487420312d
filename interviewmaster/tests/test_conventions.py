"""The project's conventions (docs/architecture.md), checked so that new apps keep them: one throttle mechanism, every
domain error in an `errors.py`, every error code a member of its app's enum."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from enum import StrEnum
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from interviewmaster import throttles
from interviewmaster.errors import DomainError, ErrorCode

ROOT = Path(__file__).resolve().parents[2]
APPS = ["interviewmaster", "accounts", "resumes", "interviews", "planning", "studypaths", "analytics"]


def _import_everything() -> None:
    """Import every non-test module of the project's apps, so every DomainError subclass is defined."""
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".tests" in info.name or ".migrations" in info.name or info.name.endswith(".management.commands"):
                continue
            importlib.import_module(info.name)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def _project_errors() -> list[type[DomainError]]:
    _import_everything()
    return sorted((c for c in _subclasses(DomainError) if c.__module__.split(".")[0] in APPS
                   and ".tests" not in c.__module__), key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _app_enums(module_name: str) -> list[type[StrEnum]]:
    module = importlib.import_module(module_name)
    return [obj for obj in vars(module).values()
            if inspect.isclass(obj) and issubclass(obj, StrEnum) and obj.__module__ == module_name]


def _all_codes() -> set[str]:
    codes = {member.value for member in ErrorCode}
    for path in ROOT.glob("*/errors.py"):
        codes |= {m.value for enum in _app_enums(f"{path.parent.name}.errors") for m in enum}
    codes |= {m.value for enum in _app_enums("interviewmaster.ai.errors") for m in enum}
    return codes


def _views(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view_class = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
            if view_class is not None and issubclass(view_class, APIView):
                yield prefix + str(pattern.pattern), view_class


def test_every_domain_error_is_defined_in_an_errors_module():
    errors = _project_errors()
    assert len(errors) > 20
    stray = [f"{c.__module__}.{c.__qualname__}" for c in errors if not c.__module__.endswith(".errors")
             and c.__module__ != "interviewmaster.errors"]
    assert stray == []


def test_every_app_with_errors_has_one_enum_of_codes():
    for path in [*ROOT.glob("*/errors.py"), ROOT / "interviewmaster" / "ai" / "errors.py"]:
        module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        if not any(c.__module__ == module_name for c in _project_errors()):
            continue  # a placeholder app without errors yet
        assert len(_app_enums(module_name)) == 1, module_name


def test_every_error_code_is_a_member_of_its_apps_enum_or_the_shared_one():
    for cls in _project_errors():
        allowed = {m.value for m in ErrorCode}
        allowed |= {m.value for enum in _app_enums(cls.__module__) for m in enum}
        assert cls.code in allowed, f"{cls.__module__}.{cls.__qualname__}.code = {cls.code!r}"


def _literal_codes_in_source():
    """`code="..."` keyword literals and `ExtractionFailed("code", ...)` literals anywhere in the project's code."""
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                for keyword in node.keywords:
                    if keyword.arg == "code" and isinstance(keyword.value, ast.Constant) and name != "ValidationError":
                        yield path, node.lineno, keyword.value.value
                if name == "ExtractionFailed" and node.args and isinstance(node.args[0], ast.Constant):
                    yield path, node.lineno, node.args[0].value


def test_error_codes_written_inline_are_members_of_an_enum():
    codes = _all_codes()
    found = list(_literal_codes_in_source())
    assert found, "the scan found nothing: it is broken"
    unknown = [f"{path.relative_to(ROOT)}:{line} {code!r}" for path, line, code in found if code not in codes]
    assert unknown == []


def test_one_code_per_meaning_for_not_found_and_too_many_requests():
    codes_by_status: dict[int, set[str]] = {}
    for cls in _project_errors():
        codes_by_status.setdefault(cls.status_code, set()).add(cls.code)
    assert codes_by_status[404] == {"not_found"}
    assert codes_by_status[429] == {"throttled"}


def test_every_throttle_is_the_one_rate_throttle_configured_by_data():
    limits = [c for c in _subclasses(throttles.RateThrottle)]
    assert limits
    for cls in limits:
        methods = [name for name, value in vars(cls).items() if inspect.isfunction(value)]
        assert methods == [], f"{cls.__name__} overrides {methods}: limits set data only"
    for cls in api_settings.DEFAULT_THROTTLE_CLASSES:
        assert issubclass(cls, throttles.RateThrottle), cls


def test_every_limit_is_defined_in_the_throttles_module():
    _import_everything()
    stray = [f"{c.__module__}.{c.__qualname__}" for c in _subclasses(throttles.RateThrottle)
             if c.__module__ != "interviewmaster.throttles" and ".tests" not in c.__module__]
    assert stray == []


def test_every_rate_limited_endpoint_uses_the_one_throttle_class():
    checked = 0
    for route, view_class in _views():
        for throttle in view_class().get_throttles():
            assert isinstance(throttle, throttles.RateThrottle), (route, type(throttle))
            checked += 1
    assert checked > 20


def test_no_module_writes_its_own_throttle_or_retry_after():
    offenders = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "tests" in path.parts or path == ROOT / "interviewmaster" / "throttles.py":
                continue
            text = path.read_text(encoding="utf-8")
            if "rest_framework.throttling" in text or ('"Retry-After"' in text and path.name != "errors.py"):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == [], "rate limits live in interviewmaster/throttles.py; Retry-After is set by TooManyRequests"


@pytest.mark.parametrize(("route", "module"), [
    ("/api/v1/problems/1/run", "interviewmaster.throttles"),
    ("/api/v1/resumes/", "interviewmaster.throttles"),
    ("/api/v1/questions/generate", "interviewmaster.throttles"),
    ("/api/v1/auth/token", "interviewmaster.throttles"),
])
def test_the_expensive_endpoints_have_their_own_limit(route, module):
    from django.urls import resolve

    view_class = resolve(route).func.view_class
    specific = [t for t in view_class().get_throttles()
                if type(t) not in (throttles.AnonThrottle, throttles.UserThrottle, throttles.IpThrottle)]
    assert specific and all(type(t).__module__ == module for t in specific)


def test_every_operation_documents_its_errors_with_the_one_envelope():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    checked = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert "429" in responses, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            for status, response in responses.items():
                if status.startswith("4"):
                    ref = response["content"]["application/json"]["schema"]["$ref"]
                    assert ref == "#/components/schemas/Error", (method, path, status)
                    checked += 1
    assert checked > 50
