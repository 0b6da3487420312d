"""The capabilities loader, its accessors, the configuration service and the duration arithmetic."""

from __future__ import annotations

import copy
import json
import math

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from interviewmaster import capabilities as caps_module
from interviewmaster.capabilities import (
    CapabilitiesFileError,
    InvalidInterviewConfig,
    criteria_weights,
    get_capabilities,
    interview_config,
    interview_duration,
    load_capabilities,
    minutes_for,
    reset_capabilities_cache,
    state_machine,
)
from interviewmaster.capabilities import loader as caps_loader
from interviewmaster.errors import DomainError

SHIPPED = json.loads(caps_module.DEFAULT_PATH.read_text())


@pytest.fixture(autouse=True)
def _fresh_capabilities():
    reset_capabilities_cache()
    yield
    reset_capabilities_cache()


@pytest.fixture
def caps_file(tmp_path):
    """Write a (possibly mutated) copy of the shipped capabilities and return its path."""

    def write(mutate=None, text: str | None = None):
        path = tmp_path / "capabilities.json"
        if text is not None:
            path.write_text(text)
            return path
        data = copy.deepcopy(SHIPPED)
        if mutate:
            mutate(data)
        path.write_text(json.dumps(data))
        return path

    return write


# --- loader -----------------------------------------------------------------------------------------------------------
def test_shipped_capabilities_are_valid_and_complete():
    caps = load_capabilities(caps_module.DEFAULT_PATH)
    assert caps.version == SHIPPED["version"]
    assert set(caps.languages) >= {"python", "javascript", "typescript", "java", "cpp", "go", "csharp", "ruby",
                                   "kotlin", "swift", "rust"}
    assert caps.languages["python"].versions == ("3.8+",)
    assert set(caps.roles) == {"backend_engineer", "frontend_engineer", "fullstack_engineer", "data_engineer",
                               "ml_engineer", "devops_engineer", "mobile_engineer", "qa_engineer"}
    assert [d.id for d in caps.difficulties_by_rank()] == ["easy", "medium", "hard"]
    assert [d.minutes_per_question for d in caps.difficulties_by_rank()] == [10, 15, 20]
    assert list(caps.experience_levels) == ["entry", "mid", "senior", "staff"]
    assert {"coding", "system_design", "behavioral", "language_knowledge", "debugging"} <= set(caps.categories)
    assert set(caps.follow_up_strategies) >= {"clarify", "deepen", "challenge", "hint", "move_on"}
    assert caps.concurrency.live_interviews_per_candidate == 1
    assert set(caps.state_machines) == {"interview_session", "interview_plan"}


def test_capabilities_are_loaded_once_per_process(monkeypatch):
    reads = []
    real_read = caps_loader._read
    monkeypatch.setattr(caps_loader, "_read", lambda path: reads.append(path) or real_read(path))
    first = get_capabilities()
    second = get_capabilities()
    assert first is second
    assert len(reads) == 1


def test_cache_keeps_the_loaded_file_until_reset(caps_file, settings):
    settings.CAPABILITIES_FILE = str(caps_file(lambda d: d.update(version="9.9.9")))
    assert get_capabilities().version == "9.9.9"
    settings.CAPABILITIES_FILE = str(caps_module.DEFAULT_PATH)
    assert get_capabilities().version == "9.9.9"  # cached
    reset_capabilities_cache()
    assert get_capabilities().version == SHIPPED["version"]


@pytest.mark.parametrize(
    ("mutate", "json_path", "fragment"),
    [
        (lambda d: d.pop("version"), "$", "'version' is a required property"),
        (lambda d: d["difficulty_levels"][1].update(minutes_per_question=0),
         "$.difficulty_levels[1].minutes_per_question", "less than the minimum of 1"),
        (lambda d: d["languages"][0].update(versions="3.8+"), "$.languages[0].versions", "is not of type 'array'"),
        (lambda d: d["evaluation_criteria"][0]["rubric"].pop("3"), "$.evaluation_criteria[0].rubric",
         "'3' is a required property"),
        (lambda d: d["roles"][2]["focus_categories"].append("astrology"), "$.roles[2].focus_categories",
         "unknown category 'astrology'"),
        (lambda d: d["languages"].append(dict(d["languages"][0])), "$.languages[11].id", "duplicate id 'python'"),
        (lambda d: d["question_categories"][0]["criteria_weights"].update(correctness=0.9),
         "$.question_categories[0].criteria_weights", "weights must sum to 1"),
        (lambda d: d["session_states"]["interview_plan"]["transitions"]["draft"].append("published"),
         "$.session_states.interview_plan.transitions.draft", "unknown state 'published'"),
        (lambda d: d["session_states"]["interview_session"]["transitions"]["evaluated"].append("created"),
         "$.session_states.interview_session.transitions.evaluated", "terminal state 'evaluated'"),
        (lambda d: d["interview_modes"][0]["defaults"].update(max_follow_ups_per_question=99),
         "$.interview_modes[0].defaults.max_follow_ups_per_question", "from 0 to 10"),
        (lambda d: d["config_limits"].update(plain_count_difficulty="trivial"),
         "$.config_limits.plain_count_difficulty", "unknown difficulty 'trivial'"),
    ],
)
def test_broken_file_names_the_exact_json_path(caps_file, mutate, json_path, fragment):
    path = caps_file(mutate)
    with pytest.raises(CapabilitiesFileError) as info:
        load_capabilities(path)
    assert info.value.json_path == json_path
    assert fragment in info.value.problem
    assert str(info.value).startswith(f"{path}: at {json_path}:")


def test_invalid_json_reports_line_and_column(caps_file):
    path = caps_file(text='{"version": "1.0.0",\n  "languages": [,]}')
    with pytest.raises(CapabilitiesFileError) as info:
        load_capabilities(path)
    assert "not valid JSON" in str(info.value)
    assert "line 2" in str(info.value)


def test_missing_file_is_reported_with_its_path(tmp_path):
    missing = tmp_path / "nope.json"
    with pytest.raises(CapabilitiesFileError) as info:
        load_capabilities(missing)
    assert str(missing) in str(info.value)
    assert "cannot read" in str(info.value)


def test_app_startup_refuses_a_broken_file(caps_file, settings):
    settings.CAPABILITIES_FILE = str(caps_file(lambda d: d["roles"][0].pop("name")))
    with pytest.raises(CapabilitiesFileError) as info:
        apps.get_app_config("interviewmaster").ready()
    assert info.value.json_path == "$.roles[0]"
    assert "'name' is a required property" in str(info.value)


def test_capabilities_check_command_passes_on_shipped_file(capsys):
    call_command("capabilities", "check")
    assert "valid (version" in capsys.readouterr().out


def test_capabilities_check_command_fails_with_path_on_broken_file(caps_file):
    path = caps_file(lambda d: d["difficulty_levels"][0].update(rank="first"))
    with pytest.raises(CommandError) as info:
        call_command("capabilities", "check", "--file", str(path))
    assert "$.difficulty_levels[0].rank" in str(info.value)


def test_capabilities_show_command_lists_roles_and_minutes(capsys):
    call_command("capabilities", "show")
    out = capsys.readouterr().out
    assert "backend_engineer" in out
    assert "hard (20 min)" in out


# --- accessors --------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "expected"), [("C++", "cpp"), ("golang", "go"), ("Python", "python"),
                                                ("c#", "csharp"), ("TS", "typescript"), ("cobol", None)])
def test_language_lookup_accepts_names_and_aliases(name, expected):
    found = get_capabilities().language_for(name)
    assert (found.id if found else None) == expected


def test_state_machines_expose_allowed_transitions():
    session = state_machine("interview_session")
    assert session.initial == "created"
    assert session.can_transition("created", "in_progress")
    assert session.can_transition("paused", "in_progress")
    assert not session.can_transition("evaluated", "in_progress")
    assert not session.can_transition("created", "evaluated")
    plan = state_machine("interview_plan")
    assert plan.initial == "draft"
    assert {"draft", "critiqued", "pending_review", "approved", "changes_requested", "invited"} <= set(plan.state_ids)
    assert plan.allowed_from("pending_review") == {"approved", "changes_requested", "cancelled"}
    assert "completed" in plan.terminal_states
    with pytest.raises(KeyError, match="interview_plan"):
        state_machine("study_path")


def test_every_category_has_weights_summing_to_one_over_known_criteria():
    known = set(get_capabilities().criteria)
    for category in get_capabilities().categories:
        weights = criteria_weights(category)
        assert set(weights) <= known
        assert math.isclose(sum(weights.values()), 1.0)
    assert criteria_weights("behavioral")["star_structure"] > 0
    with pytest.raises(InvalidInterviewConfig):
        criteria_weights("poetry")


def test_minutes_per_difficulty_come_from_the_file():
    assert (minutes_for("easy"), minutes_for("medium"), minutes_for("hard")) == (10, 15, 20)
    with pytest.raises(InvalidInterviewConfig, match="Unknown difficulty 'extreme'"):
        minutes_for("extreme")


def test_choice_callables_list_ids_and_names():
    assert ("python", "Python") in caps_module.language_choices()
    assert ("qa_engineer", "QA / Test Automation Engineer") in caps_module.role_choices()
    assert [c[0] for c in caps_module.difficulty_choices()] == ["easy", "medium", "hard"]
    assert ("pending_review", "Pending expert review") in caps_module.interview_plan_state_choices()


# --- configuration service --------------------------------------------------------------------------------------------
def test_quick_start_returns_its_defaults():
    config = interview_config("quick_start")
    assert config["total_questions"] == 3
    assert config["max_follow_ups_per_question"] == 2  # a practice round moves on; custom allows up to 10
    assert config["adaptive_difficulty"] is True
    assert config["dynamic_follow_ups"] is True
    assert sum(config["question_distribution"].values()) == 3


def test_quick_start_config_is_a_copy_callers_may_mutate():
    interview_config("quick_start")["question_distribution"]["coding"] = 9
    assert interview_config("quick_start")["question_distribution"]["coding"] == 1


def test_custom_config_starts_empty():
    assert interview_config("custom_config") == {}


def test_overrides_merge_on_top_of_quick_start_defaults():
    config = interview_config("quick_start", {"max_follow_ups_per_question": 2, "languages": ["go"]})
    assert config["max_follow_ups_per_question"] == 2
    assert config["languages"] == ["go"]
    assert config["total_questions"] == 3
    assert config["adaptive_difficulty"] is True


def test_overriding_quick_start_question_count_resizes_its_distribution():
    grown = interview_config("quick_start", {"total_questions": 5})
    assert grown["total_questions"] == 5
    assert grown["question_distribution"] == {"coding": 2, "language_knowledge": 2, "behavioral": 1}
    shrunk = interview_config("quick_start", {"total_questions": 1})
    assert shrunk["question_distribution"] == {"coding": 1}


def test_overriding_only_the_distribution_updates_the_question_count():
    config = interview_config("quick_start", {"question_distribution": {"system_design": {"hard": 2}}})
    assert config["total_questions"] == 2


def test_custom_config_with_overrides_holds_only_the_overrides():
    config = interview_config("custom_config", {"question_distribution": {"coding": {"easy": 1, "hard": 1}},
                                                "role": "backend_engineer"})
    assert config == {"question_distribution": {"coding": {"easy": 1, "hard": 1}}, "role": "backend_engineer"}


@pytest.mark.parametrize(
    ("mode", "overrides", "field", "fragment"),
    [
        ("speed_run", None, "mode", "unknown interview mode 'speed_run'"),
        ("custom_config", {"question_distribution": {"poetry": 1}}, "question_distribution.poetry",
         "unknown question category 'poetry'"),
        ("custom_config", {"question_distribution": {"coding": {"brutal": 1}}}, "question_distribution.coding.brutal",
         "unknown difficulty 'brutal'"),
        ("custom_config", {"question_distribution": {"system_design": {"easy": 1}}},
         "question_distribution.system_design.easy", "has no 'easy' questions"),
        ("quick_start", {"languages": ["python", "cobol"]}, "languages", "unknown language 'cobol'"),
        ("quick_start", {"role": "astronaut"}, "role", "unknown role 'astronaut'"),
        ("quick_start", {"max_follow_ups_per_question": 11}, "max_follow_ups_per_question", "from 0 to 10"),
        ("quick_start", {"adaptive_difficulty": "yes"}, "adaptive_difficulty", "true or false"),
        ("quick_start", {"total_questions": True}, "total_questions", "whole number"),
        ("custom_config", {"total_questions": 4, "question_distribution": {"coding": 2}}, "total_questions",
         "adds up to 2"),
        ("custom_config", {"question_distribution": {"coding": 0}}, "question_distribution", "no questions"),
        ("custom_config", {"question_distribution": {"coding": 25}}, "question_distribution", "at most 20"),
        ("custom_config", {"colour": "blue"}, "colour", "unknown setting 'colour'"),
    ],
)
def test_invalid_configs_raise_a_domain_error_naming_the_field(mode, overrides, field, fragment):
    with pytest.raises(InvalidInterviewConfig) as info:
        interview_config(mode, overrides)
    error = info.value
    assert isinstance(error, DomainError)
    assert error.code == "invalid_interview_config"
    assert error.status_code == 400
    assert fragment in error.fields[field]
    assert fragment.lower() in error.message.lower()


def test_non_object_overrides_are_rejected():
    with pytest.raises(InvalidInterviewConfig, match="must be an object"):
        interview_config("quick_start", ["total_questions", 3])


# --- duration ---------------------------------------------------------------------------------------------------------
def test_duration_adds_ten_percent_buffer_rounded_up():
    config = {"question_distribution": {"coding": {"easy": 1, "medium": 1, "hard": 1}}}
    assert interview_duration(config) == 50  # 45 minutes + 4.5 -> 49.5 -> 50


def test_quick_start_duration_counts_plain_counts_as_medium():
    assert interview_duration(interview_config("quick_start")) == 50  # 3 x 15 = 45 -> 50


def test_duration_needs_a_distribution():
    with pytest.raises(InvalidInterviewConfig, match="question_distribution"):
        interview_duration({})
    with pytest.raises(InvalidInterviewConfig, match="unknown question category"):
        interview_duration({"question_distribution": {"cooking": 2}})


counts = st.integers(min_value=0, max_value=3)
per_difficulty = st.fixed_dictionaries({}, optional={"easy": counts, "medium": counts, "hard": counts})
distributions = st.dictionaries(
    st.sampled_from(["coding", "behavioral", "debugging", "language_knowledge", "databases"]),
    st.one_of(counts, per_difficulty), min_size=1, max_size=5,
).filter(lambda d: 0 < sum(v if isinstance(v, int) else sum(v.values()) for v in d.values()) <= 20)

MINUTES = {"easy": 10, "medium": 15, "hard": 20}


def _raw_minutes(distribution) -> int:
    total = 0
    for value in distribution.values():
        if isinstance(value, int):
            total += 15 * value
        else:
            total += sum(MINUTES[d] * n for d, n in value.items())
    return total


@settings(max_examples=200, deadline=None)
@given(distributions)
def test_duration_is_raw_minutes_plus_ten_percent_rounded_up(distribution):
    raw = _raw_minutes(distribution)
    duration = interview_duration({"question_distribution": distribution})
    assert duration == math.ceil(raw * 11 / 10)
    assert raw <= duration < raw * 1.1 + 1


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=20))
def test_plain_count_takes_as_long_as_the_same_count_of_medium(n):
    plain = interview_duration({"question_distribution": {"coding": n}})
    explicit = interview_duration({"question_distribution": {"coding": {"medium": n}}})
    assert plain == explicit == math.ceil(15 * n * 1.1 - 1e-9)


@settings(max_examples=100, deadline=None)
@given(distributions, st.sampled_from(["easy", "medium", "hard"]))
def test_adding_a_question_never_shortens_the_interview(distribution, difficulty):
    if _raw_minutes(distribution) and sum(
            v if isinstance(v, int) else sum(v.values()) for v in distribution.values()) >= 20:
        return
    bigger = copy.deepcopy(distribution)
    extra = bigger.get("databases", {})
    if isinstance(extra, int):
        extra = {"medium": extra}
    extra[difficulty] = extra.get(difficulty, 0) + 1
    bigger["databases"] = extra
    before = interview_duration({"question_distribution": distribution})
    after = interview_duration({"question_distribution": bigger})
    assert after >= before + MINUTES[difficulty]


@pytest.mark.parametrize(
    ("mode", "overrides", "field"),
    [
        ("m" * 100_000, None, "mode"),
        ("custom_config", {"question_distribution": {"c" * 100_000: 1}}, "question_distribution." + "c" * 100_000),
        ("custom_config", {"question_distribution": {"coding": {"d" * 100_000: 1}}},
         "question_distribution.coding." + "d" * 100_000),
        ("quick_start", {"languages": ["l" * 100_000] * 50}, "languages"),
        ("quick_start", {"role": "r" * 100_000}, "role"),
        ("custom_config", {"s" * 100_000: 1}, "s" * 100_000),
    ],
)
def test_a_config_error_echoes_at_most_forty_characters_of_a_value(mode, overrides, field):
    """A 100 KB unknown role, language or setting came back whole in the 400 (each of 50 languages, too)."""
    with pytest.raises(InvalidInterviewConfig) as info:
        interview_config(mode, overrides)
    error = info.value
    assert len(error.message) < 2000 and len(str(error.fields[field])) < 2000, error.message[:200]
