"""Loading `capabilities.json`: read, validate against `capabilities.schema.json` plus the cross-references a schema
cannot express, build the typed view, cache it once per process; and the typed accessors and form choices."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from interviewmaster.capabilities.types import (
    CUSTOM_CONFIG,
    QUICK_START,
    Capabilities,
    Category,
    ConcurrencyLimits,
    ConfigLimits,
    Criterion,
    Difficulty,
    ExperienceLevel,
    FollowUpStrategy,
    Language,
    Mode,
    Role,
    State,
    StateMachine,
)
from interviewmaster.errors import InvalidInterviewConfig
from interviewmaster.input_limits import echoed

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "capabilities.json"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "capabilities.schema.json"


# --- errors -----------------------------------------------------------------------------------------------------------
class CapabilitiesFileError(ImproperlyConfigured):
    """The capabilities file is missing, not JSON, or breaks the schema. Stops the app at startup."""

    def __init__(self, path: Path | str, json_path: str, problem: str):
        self.path = str(path)
        self.json_path = json_path
        self.problem = problem
        super().__init__(f"{self.path}: at {json_path}: {problem}")


# --- loading ----------------------------------------------------------------------------------------------------------
def _json_path(parts: Iterable[Any]) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _read(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CapabilitiesFileError(path, "$", f"cannot read the file ({exc.strerror or exc})") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CapabilitiesFileError(path, "$", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") \
            from exc
    return data


def _check_schema(path: Path, data: dict) -> None:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        # The deepest error is the most precise one for a human.
        error = max(errors, key=lambda e: len(e.absolute_path))
        raise CapabilitiesFileError(path, _json_path(error.absolute_path), error.message)


def _check_unique_ids(path: Path, data: dict, key: str) -> dict[str, int]:
    seen: dict[str, int] = {}
    for index, item in enumerate(data[key]):
        if item["id"] in seen:
            raise CapabilitiesFileError(path, _json_path([key, index, "id"]),
                                        f"duplicate id {item['id']!r} (first at {_json_path([key, seen[item['id']]])})")
        seen[item["id"]] = index
    return seen


def _check_refs(path: Path, where: list, values: Iterable[str], known: Mapping[str, Any], what: str) -> None:
    for value in values:
        if value not in known:
            raise CapabilitiesFileError(path, _json_path(where),
                                        f"unknown {what} {value!r}; known: {', '.join(sorted(known))}")


def _check_weights(path: Path, where: list, weights: Mapping[str, float]) -> None:
    total = sum(weights.values())
    if abs(total - 1.0) > 1e-6:
        raise CapabilitiesFileError(path, _json_path(where), f"weights must sum to 1, they sum to {total:g}")


def _check_ranks(path: Path, data: dict) -> None:
    ranks: dict[int, str] = {}
    for index, level in enumerate(data["difficulty_levels"]):
        if level["rank"] in ranks:
            raise CapabilitiesFileError(path, _json_path(["difficulty_levels", index, "rank"]),
                                        f"rank {level['rank']} is already used by {ranks[level['rank']]!r}")
        ranks[level["rank"]] = level["id"]


def _check_vocabulary_refs(path: Path, data: dict, ids: dict[str, dict[str, int]]) -> None:
    languages, difficulties = ids["languages"], ids["difficulty_levels"]
    categories, criteria = ids["question_categories"], ids["evaluation_criteria"]
    for index, role in enumerate(data["roles"]):
        _check_refs(path, ["roles", index, "focus_categories"], role["focus_categories"], categories, "category")
        _check_refs(path, ["roles", index, "typical_languages"], role["typical_languages"], languages, "language")
    for index, level in enumerate(data["experience_levels"]):
        _check_refs(path, ["experience_levels", index, "starting_difficulty"], [level["starting_difficulty"]],
                    difficulties, "difficulty")
        _check_refs(path, ["experience_levels", index, "difficulty_weights"], level["difficulty_weights"],
                    difficulties, "difficulty")
        _check_weights(path, ["experience_levels", index, "difficulty_weights"], level["difficulty_weights"])
    for index, category in enumerate(data["question_categories"]):
        _check_refs(path, ["question_categories", index, "allowed_difficulties"], category["allowed_difficulties"],
                    difficulties, "difficulty")
        _check_refs(path, ["question_categories", index, "criteria_weights"], category["criteria_weights"],
                    criteria, "evaluation criterion")
        _check_weights(path, ["question_categories", index, "criteria_weights"], category["criteria_weights"])
    _check_refs(path, ["config_limits", "plain_count_difficulty"], [data["config_limits"]["plain_count_difficulty"]],
                difficulties, "difficulty")
    for required_mode in (QUICK_START, CUSTOM_CONFIG):
        if required_mode not in ids["interview_modes"]:
            raise CapabilitiesFileError(path, "$.interview_modes", f"the {required_mode!r} mode is missing")


def _check_transitions(path: Path, where: list, machine: dict, state_ids: dict[str, int]) -> None:
    for state_id in state_ids:
        if state_id not in machine["transitions"]:
            raise CapabilitiesFileError(path, _json_path([*where, "transitions"]),
                                        f"state {state_id!r} has no entry (use [] for a state with no exits)")
    for source, targets in machine["transitions"].items():
        _check_refs(path, [*where, "transitions"], [source], state_ids, "state")
        _check_refs(path, [*where, "transitions", source], targets, state_ids, "state")
        if source in targets:
            raise CapabilitiesFileError(path, _json_path([*where, "transitions", source]),
                                        f"state {source!r} cannot transition to itself")
        if targets and machine["states"][state_ids[source]]["terminal"]:
            raise CapabilitiesFileError(path, _json_path([*where, "transitions", source]),
                                        f"terminal state {source!r} must have no transitions")


def _check_state_machine(path: Path, name: str, machine: dict) -> None:
    where = ["session_states", name]
    state_ids: dict[str, int] = {}
    for index, state in enumerate(machine["states"]):
        if state["id"] in state_ids:
            raise CapabilitiesFileError(path, _json_path([*where, "states", index, "id"]),
                                        f"duplicate state {state['id']!r}")
        state_ids[state["id"]] = index
    _check_refs(path, [*where, "initial"], [machine["initial"]], state_ids, "state")
    _check_transitions(path, where, machine, state_ids)


def _check_cross_references(path: Path, data: dict) -> None:
    keys = ["languages", "roles", "experience_levels", "difficulty_levels", "question_categories", "interview_modes",
            "follow_up_strategies", "evaluation_criteria"]
    ids = {key: _check_unique_ids(path, data, key) for key in keys}
    _check_ranks(path, data)
    _check_vocabulary_refs(path, data, ids)
    for name, machine in data["session_states"].items():
        _check_state_machine(path, name, machine)


def _build(path: Path, data: dict) -> Capabilities:
    def by_id(items, make):
        return {item["id"]: make(item) for item in items}

    machines = {
        name: StateMachine(
            name=name,
            initial=m["initial"],
            states=tuple(State(s["id"], s["name"], s["terminal"], s["description"]) for s in m["states"]),
            transitions={k: frozenset(v) for k, v in m["transitions"].items()},
        )
        for name, m in data["session_states"].items()
    }
    caps = Capabilities(
        version=data["version"],
        last_updated=data["last_updated"],
        languages=by_id(data["languages"], lambda x: Language(x["id"], x["name"], tuple(x["versions"]),
                                                              tuple(x["aliases"]), x["file_extension"])),
        roles=by_id(data["roles"], lambda x: Role(x["id"], x["name"], x["description"], tuple(x["focus_categories"]),
                                                  tuple(x["typical_languages"]))),
        experience_levels=by_id(data["experience_levels"], lambda x: ExperienceLevel(
            x["id"], x["name"], x["years"], x["starting_difficulty"], dict(x["difficulty_weights"]))),
        difficulties=by_id(data["difficulty_levels"], lambda x: Difficulty(
            x["id"], x["name"], x["rank"], x["minutes_per_question"], x["description"])),
        categories=by_id(data["question_categories"], lambda x: Category(
            x["id"], x["name"], x["description"], tuple(x["allowed_difficulties"]), x["requires_language"],
            dict(x["criteria_weights"]))),
        modes=by_id(data["interview_modes"], lambda x: Mode(x["id"], x["name"], x["description"],
                                                            copy.deepcopy(x["defaults"]))),
        config_limits=ConfigLimits(**data["config_limits"]),
        follow_up_strategies=by_id(data["follow_up_strategies"], lambda x: FollowUpStrategy(
            x["id"], x["name"], x["when_to_use"], x["example"])),
        criteria=by_id(data["evaluation_criteria"], lambda x: Criterion(
            x["id"], x["name"], x["description"], {int(k): v for k, v in x["rubric"].items()})),
        state_machines=machines,
        concurrency=ConcurrencyLimits(**data["concurrency_limits"]),
        question_tags=frozenset(data["question_tags"]),
        source=str(path),
        raw=data,
    )
    # Mode defaults must themselves be valid configurations.
    from interviewmaster.capabilities.config import config_problems  # the config service builds on this loader

    for index, mode in enumerate(data["interview_modes"]):
        problems = config_problems(caps, mode["defaults"])
        if problems:
            key, message = next(iter(problems.items()))
            raise CapabilitiesFileError(path, _json_path(["interview_modes", index, "defaults", key]), message)
    return caps


def load_capabilities(path: Path | str | None = None) -> Capabilities:
    """Read, validate and build the capabilities from `path` (no caching; see `get_capabilities`)."""
    path = Path(path or settings.CAPABILITIES_FILE)
    data = _read(path)
    _check_schema(path, data)
    _check_cross_references(path, data)
    return _build(path, data)


_cache: Capabilities | None = None
_lock = threading.Lock()


def get_capabilities() -> Capabilities:
    """The process-wide capabilities, loaded and validated on first use."""
    global _cache
    if _cache is None:
        with _lock:
            if _cache is None:
                _cache = load_capabilities()
    return _cache


def reset_capabilities_cache() -> None:
    """Forget the cached capabilities (tests; a reload after the file changes)."""
    global _cache
    with _lock:
        _cache = None


# --- typed accessors --------------------------------------------------------------------------------------------------
def languages() -> list[Language]:
    return list(get_capabilities().languages.values())


def roles() -> list[Role]:
    return list(get_capabilities().roles.values())


def categories() -> list[Category]:
    return list(get_capabilities().categories.values())


def difficulties() -> list[Difficulty]:
    return get_capabilities().difficulties_by_rank()


def experience_levels() -> list[ExperienceLevel]:
    return list(get_capabilities().experience_levels.values())


def follow_up_strategies() -> list[FollowUpStrategy]:
    return list(get_capabilities().follow_up_strategies.values())


def evaluation_criteria() -> list[Criterion]:
    return list(get_capabilities().criteria.values())


def _as_words(key: str) -> str:
    """An id the file does not know, as words: "problem_solving" -> "Problem solving"."""
    text = " ".join(key.replace("_", " ").split())
    return text[:1].upper() + text[1:]


def category_name(category_id: Any) -> str:
    """The category's display name ("Coding and algorithms", "Behavioural"), the one every page prints: the report,
    the dashboard, the expert's workplace and the AI's own sentences. An id the file does not know (a category since
    removed, a row written under an older file) reads as words ("Old_area" -> "Old area"), never as the raw id."""
    key = "" if category_id is None else str(category_id)
    found = get_capabilities().categories.get(key)
    return found.name if found else _as_words(key)


def language_name(language_id: Any) -> str:
    """The programming language's display name ("JavaScript", "C#"), as every page prints it: the judge's limits, a
    run's heading, the editor's choices. An id the file does not know reads as words, never as "Javascript"."""
    key = "" if language_id is None else str(language_id)
    found = get_capabilities().languages.get(key)
    return found.name if found else _as_words(key)


def criterion_name(criterion_id: Any) -> str:
    """The evaluation criterion's display name ("Problem solving", "STAR structure"), with `category_name`'s rule
    for an id the file does not know."""
    key = "" if criterion_id is None else str(criterion_id)
    found = get_capabilities().criteria.get(key)
    return found.name if found else _as_words(key)


def criteria_weights(category_id: str) -> dict[str, float]:
    """Evaluation criteria and their weights (summing to 1) for one question category."""
    category = get_capabilities().categories.get(category_id)
    if category is None:
        raise InvalidInterviewConfig(f"Unknown question category {echoed(category_id)}.",
                                     fields={"category": echoed(category_id)})
    return dict(category.criteria_weights)


def minutes_for(difficulty_id: str) -> int:
    level = get_capabilities().difficulties.get(difficulty_id)
    if level is None:
        raise InvalidInterviewConfig(f"Unknown difficulty {echoed(difficulty_id)}.",
                                     fields={"difficulty": echoed(difficulty_id)})
    return level.minutes_per_question


def state_machine(name: str) -> StateMachine:
    """'interview_session' or 'interview_plan' (DESIGN §4)."""
    try:
        return get_capabilities().state_machines[name]
    except KeyError:
        raise KeyError(f"No state machine {name!r} in capabilities; known: "
                       f"{', '.join(sorted(get_capabilities().state_machines))}") from None


def concurrency_limits() -> ConcurrencyLimits:
    return get_capabilities().concurrency


def config_limits() -> ConfigLimits:
    return get_capabilities().config_limits


# Callables usable as Django `choices=` (Django 5 accepts callables, so migrations do not churn when the file changes).
def language_choices() -> list[tuple[str, str]]:
    return [(x.id, x.name) for x in languages()]


def role_choices() -> list[tuple[str, str]]:
    return [(x.id, x.name) for x in roles()]


def category_choices() -> list[tuple[str, str]]:
    return [(x.id, x.name) for x in categories()]


def difficulty_choices() -> list[tuple[str, str]]:
    return [(x.id, x.name) for x in difficulties()]


def experience_level_choices() -> list[tuple[str, str]]:
    return [(x.id, x.name) for x in experience_levels()]


def interview_session_state_choices() -> list[tuple[str, str]]:
    return state_machine("interview_session").choices


def interview_plan_state_choices() -> list[tuple[str, str]]:
    return state_machine("interview_plan").choices
