"""The platform's single source of truth (DESIGN §1): languages, roles, categories, difficulties, modes, follow-up
strategies, evaluation rubrics, state machines and concurrency limits, read from `capabilities.json`.

The file is loaded once per process (`get_capabilities()`), validated against `capabilities.schema.json` plus the
cross-references a schema cannot express; a broken file raises `CapabilitiesFileError` naming the file and the exact
JSON path at fault, and `InterviewmasterConfig.ready()` loads it at startup so a broken file stops the app.

Beside the loader lives the configuration service: `interview_config(mode, overrides)` builds a validated interview
configuration and `interview_duration(config)` computes how long it takes.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from interviewmaster.errors import InvalidInterviewConfig

DEFAULT_PATH = Path(__file__).resolve().parent / "capabilities.json"
SCHEMA_PATH = Path(__file__).resolve().parent / "capabilities.schema.json"

QUICK_START = "quick_start"
CUSTOM_CONFIG = "custom_config"


# --- errors -----------------------------------------------------------------------------------------------------------
class CapabilitiesFileError(ImproperlyConfigured):
    """The capabilities file is missing, not JSON, or breaks the schema. Stops the app at startup."""

    def __init__(self, path: Path | str, json_path: str, problem: str):
        self.path = str(path)
        self.json_path = json_path
        self.problem = problem
        super().__init__(f"{self.path}: at {json_path}: {problem}")


# --- typed view of the file -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Language:
    id: str
    name: str
    versions: tuple[str, ...]
    aliases: tuple[str, ...]
    file_extension: str


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    description: str
    focus_categories: tuple[str, ...]
    typical_languages: tuple[str, ...]


@dataclass(frozen=True)
class ExperienceLevel:
    id: str
    name: str
    years: str
    starting_difficulty: str
    difficulty_weights: Mapping[str, float]


@dataclass(frozen=True)
class Difficulty:
    id: str
    name: str
    rank: int
    minutes_per_question: int
    description: str


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    description: str
    allowed_difficulties: tuple[str, ...]
    requires_language: bool
    criteria_weights: Mapping[str, float]


@dataclass(frozen=True)
class Mode:
    id: str
    name: str
    description: str
    defaults: Mapping[str, Any]


@dataclass(frozen=True)
class FollowUpStrategy:
    id: str
    name: str
    when_to_use: str
    example: str


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    description: str
    rubric: Mapping[int, str]  # 1..5 -> anchor text


@dataclass(frozen=True)
class State:
    id: str
    name: str
    terminal: bool
    description: str


@dataclass(frozen=True)
class StateMachine:
    name: str
    initial: str
    states: tuple[State, ...]
    transitions: Mapping[str, frozenset[str]]

    def can_transition(self, from_state: str, to_state: str) -> bool:
        return to_state in self.transitions.get(from_state, frozenset())

    def allowed_from(self, state: str) -> frozenset[str]:
        return self.transitions.get(state, frozenset())

    @property
    def state_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.states)

    @property
    def terminal_states(self) -> frozenset[str]:
        return frozenset(s.id for s in self.states if s.terminal)

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(s.id, s.name) for s in self.states]


@dataclass(frozen=True)
class ConfigLimits:
    max_total_questions: int
    max_follow_ups_per_question: int
    transition_buffer_percent: int
    plain_count_difficulty: str


@dataclass(frozen=True)
class ConcurrencyLimits:
    live_interviews_per_expert: int
    live_interviews_per_candidate: int
    live_interviews_global: int


@dataclass(frozen=True)
class Capabilities:
    version: str
    last_updated: str
    languages: Mapping[str, Language]
    roles: Mapping[str, Role]
    experience_levels: Mapping[str, ExperienceLevel]
    difficulties: Mapping[str, Difficulty]
    categories: Mapping[str, Category]
    modes: Mapping[str, Mode]
    config_limits: ConfigLimits
    follow_up_strategies: Mapping[str, FollowUpStrategy]
    criteria: Mapping[str, Criterion]
    state_machines: Mapping[str, StateMachine]
    concurrency: ConcurrencyLimits
    question_tags: frozenset[str]
    source: str = ""
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def language_for(self, name: str) -> Language | None:
        """A language by id, name or alias, case-insensitively ('C++', 'golang', 'Python' all resolve)."""
        wanted = name.strip().lower()
        for lang in self.languages.values():
            if wanted == lang.id or wanted == lang.name.lower() or wanted in (a.lower() for a in lang.aliases):
                return lang
        return None

    def difficulties_by_rank(self) -> list[Difficulty]:
        return sorted(self.difficulties.values(), key=lambda d: d.rank)


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


def _check_cross_references(path: Path, data: dict) -> None:
    keys = ["languages", "roles", "experience_levels", "difficulty_levels", "question_categories", "interview_modes",
            "follow_up_strategies", "evaluation_criteria"]
    ids = {key: _check_unique_ids(path, data, key) for key in keys}
    languages, difficulties = ids["languages"], ids["difficulty_levels"]
    categories, criteria = ids["question_categories"], ids["evaluation_criteria"]

    ranks: dict[int, str] = {}
    for index, level in enumerate(data["difficulty_levels"]):
        if level["rank"] in ranks:
            raise CapabilitiesFileError(path, _json_path(["difficulty_levels", index, "rank"]),
                                        f"rank {level['rank']} is already used by {ranks[level['rank']]!r}")
        ranks[level["rank"]] = level["id"]
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

    for name, machine in data["session_states"].items():
        where = ["session_states", name]
        state_ids: dict[str, int] = {}
        for index, state in enumerate(machine["states"]):
            if state["id"] in state_ids:
                raise CapabilitiesFileError(path, _json_path([*where, "states", index, "id"]),
                                            f"duplicate state {state['id']!r}")
            state_ids[state["id"]] = index
        _check_refs(path, [*where, "initial"], [machine["initial"]], state_ids, "state")
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
    for index, mode in enumerate(data["interview_modes"]):
        problems = _config_problems(caps, mode["defaults"])
        if problems:
            key, message = next(iter(problems.items()))
            raise CapabilitiesFileError(path, _json_path(["interview_modes", index, "defaults", key]), message)
    return caps


def load_capabilities(path: Path | str | None = None) -> Capabilities:
    """Read, validate and build the capabilities from `path` (no caching; see `get_capabilities`)."""
    path = Path(path or getattr(settings, "CAPABILITIES_FILE", "") or DEFAULT_PATH)
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


def criteria_weights(category_id: str) -> dict[str, float]:
    """Evaluation criteria and their weights (summing to 1) for one question category."""
    category = get_capabilities().categories.get(category_id)
    if category is None:
        raise InvalidInterviewConfig(f"Unknown question category {category_id!r}.", fields={"category": category_id})
    return dict(category.criteria_weights)


def minutes_for(difficulty_id: str) -> int:
    level = get_capabilities().difficulties.get(difficulty_id)
    if level is None:
        raise InvalidInterviewConfig(f"Unknown difficulty {difficulty_id!r}.", fields={"difficulty": difficulty_id})
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


# --- configuration service --------------------------------------------------------------------------------------------
CONFIG_KEYS = {
    "total_questions": "number of questions (integer)",
    "question_distribution": "questions per category: a count, or counts per difficulty",
    "max_follow_ups_per_question": "follow-up questions allowed per main question (integer)",
    "adaptive_difficulty": "raise or lower difficulty from the candidate's answers (true/false)",
    "dynamic_follow_ups": "let the interviewer generate follow-ups (true/false)",
    "languages": "programming language ids",
    "role": "target role id",
    "experience_level": "experience level id",
    "starting_difficulty": "difficulty id of the first question",
    "follow_up_strategies": "follow-up strategy ids the interviewer may use",
}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _distribution_problems(caps: Capabilities, distribution: Any) -> tuple[dict[str, str], int]:
    problems: dict[str, str] = {}
    total = 0
    if not isinstance(distribution, dict):
        return {"question_distribution": "must be an object mapping category ids to counts"}, 0
    for category_id, value in distribution.items():
        key = f"question_distribution.{category_id}"
        category = caps.categories.get(category_id)
        if category is None:
            problems[key] = (f"unknown question category {category_id!r}; known: "
                             f"{', '.join(sorted(caps.categories))}")
            continue
        if _is_int(value):
            if value < 0:
                problems[key] = "count cannot be negative"
                continue
            plain = caps.config_limits.plain_count_difficulty
            if value and plain not in category.allowed_difficulties:
                problems[key] = (f"a plain count means {plain!r}, which category {category_id!r} does not offer; "
                                 f"give counts per difficulty ({', '.join(category.allowed_difficulties)})")
            total += value
        elif isinstance(value, dict):
            for difficulty_id, count in value.items():
                dkey = f"{key}.{difficulty_id}"
                if difficulty_id not in caps.difficulties:
                    problems[dkey] = (f"unknown difficulty {difficulty_id!r}; known: "
                                      f"{', '.join(d.id for d in caps.difficulties_by_rank())}")
                elif not _is_int(count) or count < 0:
                    problems[dkey] = "count must be a whole number, zero or more"
                elif count and difficulty_id not in category.allowed_difficulties:
                    problems[dkey] = (f"category {category_id!r} has no {difficulty_id!r} questions; allowed: "
                                      f"{', '.join(category.allowed_difficulties)}")
                else:
                    total += count
        else:
            problems[key] = "must be a count or an object of counts per difficulty"
    if not problems and total == 0:
        problems["question_distribution"] = "asks for no questions at all"
    if total > caps.config_limits.max_total_questions:
        problems["question_distribution"] = (f"asks for {total} questions; at most "
                                             f"{caps.config_limits.max_total_questions} are allowed")
    return problems, total


def _id_list_problems(key: str, value: Any, known: Mapping[str, Any], what: str) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return f"must be a list of {what} ids"
    unknown = [v for v in value if v not in known]
    if unknown:
        return f"unknown {what} {', '.join(map(repr, unknown))}; known: {', '.join(sorted(known))}"
    if len(set(value)) != len(value):
        return "lists the same id twice"
    return None


def _config_problems(caps: Capabilities, config: Mapping[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    limits = caps.config_limits
    for key in config:
        if key not in CONFIG_KEYS:
            problems[key] = f"unknown setting {key!r}; known: {', '.join(sorted(CONFIG_KEYS))}"
    distribution_total = None
    if "question_distribution" in config:
        dist_problems, distribution_total = _distribution_problems(caps, config["question_distribution"])
        problems.update(dist_problems)
    if "total_questions" in config:
        total = config["total_questions"]
        if not _is_int(total) or not 1 <= total <= limits.max_total_questions:
            problems["total_questions"] = f"must be a whole number from 1 to {limits.max_total_questions}"
        elif distribution_total is not None and "question_distribution" not in problems and \
                distribution_total != total:
            problems["total_questions"] = (f"is {total} but question_distribution adds up to {distribution_total}")
    if "max_follow_ups_per_question" in config:
        value = config["max_follow_ups_per_question"]
        if not _is_int(value) or not 0 <= value <= limits.max_follow_ups_per_question:
            problems["max_follow_ups_per_question"] = (
                f"must be a whole number from 0 to {limits.max_follow_ups_per_question}")
    for key in ("adaptive_difficulty", "dynamic_follow_ups"):
        if key in config and not isinstance(config[key], bool):
            problems[key] = "must be true or false"
    if "languages" in config:
        problem = _id_list_problems("languages", config["languages"], caps.languages, "language")
        if problem:
            problems["languages"] = problem
    if "follow_up_strategies" in config:
        problem = _id_list_problems("follow_up_strategies", config["follow_up_strategies"],
                                    caps.follow_up_strategies, "follow-up strategy")
        if problem:
            problems["follow_up_strategies"] = problem
    for key, known, what in (("role", caps.roles, "role"), ("experience_level", caps.experience_levels,
                                                             "experience level"),
                             ("starting_difficulty", caps.difficulties, "difficulty")):
        if key in config and config[key] not in known:
            problems[key] = f"unknown {what} {config[key]!r}; known: {', '.join(sorted(known))}"
    return problems


def validate_interview_config(config: Mapping[str, Any]) -> None:
    """Raise `InvalidInterviewConfig` (with one message per bad field in `fields`) unless `config` is valid."""
    if not isinstance(config, Mapping):
        raise InvalidInterviewConfig("The interview configuration must be an object.")
    problems = _config_problems(get_capabilities(), config)
    if problems:
        summary = "; ".join(f"{key}: {message}" for key, message in problems.items())
        raise InvalidInterviewConfig(f"Invalid interview configuration — {summary}.", fields=problems)


def _resize_distribution(distribution: dict, total: int, plain: str) -> dict:
    """Grow or shrink a default distribution to `total` questions: add plain counts round-robin over its categories,
    remove from the last category first. Keeps the defaults' mix while honouring an overridden question count."""
    result = copy.deepcopy(distribution)

    def count(value) -> int:
        return value if _is_int(value) else sum(value.values())

    current = sum(count(v) for v in result.values())
    order = list(result)
    index = 0
    while current < total and order:
        category_id = order[index % len(order)]
        value = result[category_id]
        if _is_int(value):
            result[category_id] = value + 1
        else:
            value[plain] = value.get(plain, 0) + 1
        current += 1
        index += 1
    for category_id in reversed(order):
        while current > total and count(result[category_id]) > 0:
            value = result[category_id]
            if _is_int(value):
                result[category_id] = value - 1
            else:
                hardest_first = sorted((d for d, c in value.items() if c > 0),
                                       key=lambda d: -get_capabilities().difficulties[d].rank)
                value[hardest_first[0]] -= 1
            current -= 1
    return {k: v for k, v in result.items() if count(v) > 0}


def interview_config(mode: str, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The configuration for an interview in `mode`.

    `quick_start` starts from its defaults in the capabilities, `custom_config` starts empty; `overrides` replace
    top-level keys. If quick_start's question count is overridden without a distribution, the default distribution
    is resized to match. The result is validated: an unknown mode, category, difficulty, language, role or setting
    raises `InvalidInterviewConfig` naming each bad field.
    """
    caps = get_capabilities()
    if mode not in caps.modes:
        raise InvalidInterviewConfig(f"Unknown interview mode {mode!r}; choose one of: {', '.join(caps.modes)}.",
                                     fields={"mode": f"unknown interview mode {mode!r}"})
    if overrides is not None and not isinstance(overrides, Mapping):
        raise InvalidInterviewConfig("Configuration overrides must be an object.",
                                     fields={"overrides": "not an object"})
    overrides = dict(overrides or {})
    config: dict[str, Any] = copy.deepcopy(dict(caps.modes[mode].defaults))
    if ("total_questions" in overrides and "question_distribution" not in overrides
            and isinstance(config.get("question_distribution"), dict) and _is_int(overrides["total_questions"])
            and 1 <= overrides["total_questions"] <= caps.config_limits.max_total_questions):
        config["question_distribution"] = _resize_distribution(
            config["question_distribution"], overrides["total_questions"], caps.config_limits.plain_count_difficulty)
    config.update(copy.deepcopy(overrides))
    if "question_distribution" in overrides and "total_questions" not in overrides and "total_questions" in config:
        # The distribution decides the count when only it was overridden.
        _problems, total = _distribution_problems(caps, config["question_distribution"])
        if not _problems:
            config["total_questions"] = total
    validate_interview_config(config)
    return config


def distribution_counts(config: Mapping[str, Any]) -> dict[tuple[str, str], int]:
    """{(category, difficulty): count} for a config's distribution, plain counts read as the plain-count difficulty."""
    plain = get_capabilities().config_limits.plain_count_difficulty
    counts: dict[tuple[str, str], int] = {}
    for category_id, value in (config.get("question_distribution") or {}).items():
        items = [(plain, value)] if _is_int(value) else list(value.items())
        for difficulty_id, count in items:
            if count:
                counts[(category_id, difficulty_id)] = counts.get((category_id, difficulty_id), 0) + count
    return counts


def interview_duration(config: Mapping[str, Any]) -> int:
    """Minutes an interview takes: minutes per question by difficulty over `question_distribution` (a plain count is
    medium), plus the transition buffer (10%), rounded up to a whole minute."""
    if not isinstance(config, Mapping) or not config.get("question_distribution"):
        raise InvalidInterviewConfig("The duration needs a question_distribution.",
                                     fields={"question_distribution": "required to compute the duration"})
    validate_interview_config({"question_distribution": config["question_distribution"]})
    caps = get_capabilities()
    minutes = sum(caps.difficulties[d].minutes_per_question * n for (_c, d), n in distribution_counts(config).items())
    percent = 100 + caps.config_limits.transition_buffer_percent
    return (minutes * percent + 99) // 100  # exact ceil(minutes * 1.10) in integers
