"""Issue 17 item 10: what schemathesis found, pinned at the level it was found (the schema and the API)."""

from __future__ import annotations

import pytest
import yaml
from rest_framework.test import APIClient

from accounts.tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema():
    client = APIClient()
    return yaml.safe_load(client.get("/api/schema/").content)


def _enum_values(schema, field: dict) -> set:
    """A field's enum, inline or as drf-spectacular's oneOf of enum components (e.g. TargetRoleEnum + BlankEnum)."""
    if "enum" in field:
        return set(field["enum"])
    components = schema["components"]["schemas"]
    return {value for ref in field["oneOf"] for value in components[ref["$ref"].rsplit("/", 1)[-1]]["enum"]}


@pytest.fixture
def api():
    client = APIClient()
    client.force_authenticate(CandidateFactory())
    return client


def test_every_list_get_is_documented_as_the_paginated_envelope_with_bounded_parameters(schema):
    for path in ("/api/v1/problems", "/api/v1/resumes/", "/api/v1/mentors/", "/api/v1/mentees/"):
        operation = schema["paths"][path]["get"]
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        assert set(schema["components"]["schemas"][ref]["required"]) == {"items", "total", "limit", "offset",
                                                                         "has_more"}
        limit = next(p for p in operation["parameters"] if p["name"] == "limit")["schema"]
        assert (limit["minimum"], limit["maximum"]) == (1, 100)


def test_every_operation_documents_the_error_envelope_for_its_4xx(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            codes = set(operation["responses"])
            assert {"400", "403", "429"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            for code in codes - {"200", "201", "202", "204"}:
                if code.startswith("4"):
                    content = operation["responses"][code].get("content", {})
                    assert content, (method, path, code)


def test_a_body_with_required_fields_is_required_delete_me_included(schema):
    body = schema["paths"]["/api/v1/users/me"]["delete"]["requestBody"]
    assert body["required"] is True


def test_profile_enums_include_the_blank_value_they_return(api, schema):
    level = schema["components"]["schemas"]["Profile"]["properties"]["experience_level"]
    refs = [item["$ref"].rsplit("/", 1)[-1] for item in level["oneOf"]]
    assert "BlankEnum" in refs
    assert api.get("/api/v1/users/me").json()["experience_level"] == ""


def test_numbers_are_not_silently_stored_as_strings(api):
    from resumes.tests.factories import ResumeFactory

    resume = ResumeFactory(owner=api.handler._force_user)
    response = api.post(f"/api/v1/resumes/{resume.id}/skills", {"name": 0}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"name": ["Not a valid string."]}


def test_a_resume_whose_file_left_storage_is_a_404_not_a_500(api, settings, tmp_path):
    from resumes.tests.factories import ResumeFactory

    settings.MEDIA_ROOT = tmp_path
    resume = ResumeFactory(owner=api.handler._force_user)
    resume.file.storage.delete(resume.file.name)
    response = api.get(f"/api/v1/resumes/{resume.id}/file")
    assert response.status_code == 404 and response.json()["error"]["code"] == "file_missing"


def test_a_malformed_multipart_body_gets_the_envelope(api):
    response = api.generic("POST", "/api/v1/auth/logout", b"--abc--\r\n",
                           content_type="multipart/form-data; boundary=abc")
    assert response.status_code == 400
    assert response.json()["error"]["code"] in {"malformed_request", "invalid"}


# --- what the contract run found after the interviews, planning, study-loop and analytics endpoints merged ----------


def test_a_domain_error_with_one_message_per_field_answers_a_list_per_field(api):
    # The bank is empty: starting an interview is 422 not_enough_questions, whose service names a string per slot.
    response = api.post("/api/v1/interviews/", {"mode": "quick_start"}, format="json")
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert fields and all(isinstance(messages, list) and all(isinstance(m, str) for m in messages)
                          for messages in fields.values()), fields


def test_error_body_flattens_any_field_value_into_lists_of_strings():
    from interviewmaster.api import error_body

    body = error_body("x", "X.", {"role": "unknown role", "attempts": 3, "state": {"from": "a"}})
    assert body["error"]["fields"] == {"role": ["unknown role"], "attempts": ["3"], "state.from": ["a"]}


def test_interview_lists_document_the_pagination_bounds_they_enforce(schema):
    for path in ("/api/v1/interviews/", "/api/v1/mentees/{candidate_id}/interviews",
                 "/api/v1/analytics/achievements"):
        parameters = {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]
                      if p["in"] == "query"}
        assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, 100), path
        assert parameters["offset"]["minimum"] == 0, path


def test_achievements_answer_the_paginated_envelope_they_document(api):
    body = api.get("/api/v1/analytics/achievements?limit=2").json()
    assert set(body) == {"items", "total", "limit", "offset", "has_more"}
    assert len(body["items"]) == 2 and body["total"] > 2 and body["has_more"] is True


def test_an_empty_leaderboard_period_is_refused_like_any_value_outside_the_enum(api, schema):
    parameter = next(p for p in schema["paths"]["/api/v1/analytics/leaderboard"]["get"]["parameters"]
                     if p["name"] == "period")
    assert "" not in parameter["schema"]["enum"]
    response = api.get("/api/v1/analytics/leaderboard?period=")
    assert response.status_code == 400 and "period" in response.json()["error"]["fields"]
    assert api.get("/api/v1/analytics/leaderboard").json()["period"] == "week"  # absent still means the default


def test_a_preferences_put_missing_a_field_is_refused_not_read_as_false(api):
    api.put("/api/v1/analytics/preferences", {"leaderboard_opt_in": False, "weekly_digest": True}, format="json")
    form = api.put("/api/v1/analytics/preferences", {"leaderboard_opt_in": "false"}, format="multipart")
    assert form.status_code == 415
    partial = api.put("/api/v1/analytics/preferences", {"leaderboard_opt_in": False}, format="json")
    assert partial.status_code == 400 and "weekly_digest" in partial.json()["error"]["fields"]
    assert api.get("/api/v1/analytics/preferences").json()["weekly_digest"] is True


def test_starting_an_interview_documents_the_roles_and_settings_it_accepts(api, schema):
    from interviewmaster.capabilities import CONFIG_KEYS, get_capabilities

    operation = schema["paths"]["/api/v1/interviews/"]["post"]
    assert list(operation["requestBody"]["content"]) == ["application/json"]  # `config` is a nested object
    body = schema["components"]["schemas"]["InterviewListCreateInputRequest"]["properties"]
    assert _enum_values(schema, body["role"]) == {"", *get_capabilities().roles}
    assert body["config"]["additionalProperties"] is False and set(body["config"]["properties"]) == set(CONFIG_KEYS)
    response = api.post("/api/v1/interviews/", {"mode": "quick_start", "role": "astronaut"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["fields"]["role"]
    assert response.json()["error"]["code"] == "invalid_interview_config"  # the service's own code, as before


def test_every_config_the_schema_documents_as_a_setting_passes_the_settings_checks():
    """Each setting's documented values are the ones the configuration service accepts (a value at each bound)."""
    from interviewmaster.capabilities import config_json_schema, config_problems, get_capabilities

    caps = get_capabilities()
    properties = config_json_schema(caps)["properties"]
    samples = {"total_questions": properties["total_questions"]["maximum"],
               "max_follow_ups_per_question": properties["max_follow_ups_per_question"]["maximum"],
               "adaptive_difficulty": False, "dynamic_follow_ups": True,
               "languages": properties["languages"]["items"]["enum"],
               "follow_up_strategies": properties["follow_up_strategies"]["items"]["enum"]}
    samples.update({key: value for key in ("role", "experience_level", "starting_difficulty")
                    for value in properties[key]["enum"][-1:]})
    for key, value in samples.items():
        assert config_problems(caps, {key: value}) == {}, key
    for category, entry in properties["question_distribution"]["properties"].items():
        plain, per_difficulty = entry["oneOf"]
        if plain["maximum"]:
            assert config_problems(caps, {"question_distribution": {category: plain["maximum"]}}) == {}, category
        for difficulty in per_difficulty["properties"]:
            assert config_problems(caps, {"question_distribution": {category: {difficulty: 1}}}) == {}, category


def test_every_api_route_is_in_the_schema_and_the_api_root_is_no_html_page(schema):
    """The contract run covers what the schema lists: every /api/v1/ route (and method) must be in it. The API root
    served the analytics dashboard (HTML) from the API's URL list; it is a JSON 404 like any unknown /api/ URL."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def routes(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), pattern.callback

    documented = {(method, path) for path, methods in schema["paths"].items() for method in methods}
    for route, callback in routes(get_resolver().url_patterns):
        if not route.startswith("api/v1/"):
            continue
        view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        assert view is not None, f"{route} is not an API view"
        path = "/" + route.replace("<int:", "{").replace("<uuid:", "{").replace(">", "}")
        for method in ("get", "post", "put", "patch", "delete"):
            if hasattr(view, method):
                assert (method, path) in documented, (method, path)
    response = APIClient().get("/api/v1/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_a_json_boolean_field_takes_only_true_and_false(api):
    api.put("/api/v1/analytics/preferences", {"leaderboard_opt_in": True, "weekly_digest": True}, format="json")
    for value in (0, 1, "false", "no", None):
        response = api.put("/api/v1/analytics/preferences", {"leaderboard_opt_in": True, "weekly_digest": value},
                           format="json")
        assert response.status_code == 400 and "weekly_digest" in response.json()["error"]["fields"], value
    assert api.get("/api/v1/analytics/preferences").json()["weekly_digest"] is True


def test_a_form_boolean_keeps_its_text_reading():
    from rest_framework import serializers
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    class Form(serializers.Serializer):
        flag = serializers.BooleanField()

    request = APIView().initialize_request(APIRequestFactory().post("/", {"flag": "true"}))
    form = Form(data=request.data)
    assert form.is_valid(), form.errors
    assert form.validated_data["flag"] is True


def test_an_answer_documents_that_it_needs_text_or_code_with_something_in_it(schema):
    import re

    from interviews.api import NOT_ONLY_WHITESPACE

    body = schema["components"]["schemas"]["InterviewAnswerInputRequest"]
    assert [rule["required"] for rule in body["anyOf"]] == [["text"], ["code"]]
    assert schema["paths"]["/api/v1/interviews/{session_id}/answer"]["post"]["requestBody"]["required"] is True
    pattern = re.compile(NOT_ONLY_WHITESPACE)
    for codepoint in range(0x10000):  # the pattern says exactly what str.strip() keeps
        char = chr(codepoint)
        assert bool(pattern.search(char)) is (not char.isspace()), hex(codepoint)


def test_answer_and_draft_languages_are_the_platforms(schema):
    from interviewmaster.capabilities import get_capabilities

    for name in ("InterviewAnswerInputRequest", "InterviewDraftInputRequest"):
        language = schema["components"]["schemas"][name]["properties"]["language"]
        assert _enum_values(schema, language) == {"", *get_capabilities().languages}, name


def test_the_contract_run_loads_the_ast_parse_lock_for_python_3_11():
    """schemathesis.toml loads scripts/contract_hooks.py, which serialises ast.parse (CPython 3.11 raced two threads'
    AST construction into a SystemError during the contract run)."""
    import subprocess
    import sys
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    hooks = tomllib.loads((root / "schemathesis.toml").read_text())["hooks"]
    assert (root / hooks).is_file()
    probe = (f"import ast, runpy; original = ast.parse; runpy.run_path({str(root / hooks)!r}); "
             "print(ast.parse is not original, type(ast.parse('x + 1')).__name__)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == [str(sys.version_info < (3, 12)), "Module"]


@pytest.mark.parametrize("key", ["role", "experience_level", "starting_difficulty"])
@pytest.mark.parametrize("value", [{}, [], ["mid"], 3, None])
def test_a_config_id_that_is_not_text_is_a_400_not_a_500(api, key, value):
    """Found by the contract run: {"config": {"starting_difficulty": {}}} was a 500 (TypeError: unhashable type)."""
    response = api.post("/api/v1/interviews/", {"mode": "quick_start", "config": {key: value}}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid_interview_config" and key in response.json()["error"]["fields"]


def test_the_contract_run_keeps_the_per_operation_exceptions_in_every_phase():
    """`--checks all` on schemathesis' command line outranks schemathesis.toml's per-operation `enabled = false`
    (the CLI wins a merge), and its fuzzing phase builds each check context with no phase, so the resume upload's
    exception was lost there: a fuzzed `target_role` of "" (allowed by the BlankEnum branch) failed CI once. The
    script names no checks (every check is on by default) and the exception holds in every phase."""
    from pathlib import Path

    from schemathesis.config import SchemathesisConfig

    root = Path(__file__).resolve().parents[2]
    script = (root / "scripts" / "contract.sh").read_text()
    invocation = script[script.index("schemathesis run"):script.index('"$@"')]
    assert "--checks" not in invocation and " -c " not in invocation
    project = SchemathesisConfig.from_path(str(root / "schemathesis.toml")).projects.get_default()

    class Upload:  # what the filter reads from an operation
        label = "POST /api/v1/resumes/"
        method = "POST"
        path = "/api/v1/resumes/"

    for phase in (None, "examples", "coverage", "fuzzing", "stateful"):
        checks = project.checks_config_for(operation=Upload, phase=phase)
        assert checks.negative_data_rejection.enabled is False, phase
        assert checks.not_a_server_error.enabled and checks.positive_data_acceptance.enabled, phase
    assert project.checks.negative_data_rejection.enabled  # every other operation keeps it
