"""The interview configuration service: `interview_config(mode, overrides)` builds a validated configuration from
the capabilities, `validate_interview_config` checks one, `interview_duration(config)` says how long it takes and
`questions_duration(difficulties)` how long given questions take (the same formula)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from interviewmaster.capabilities.loader import get_capabilities, minutes_for
from interviewmaster.capabilities.types import QUICK_START, Capabilities
from interviewmaster.errors import InvalidInterviewConfig
from interviewmaster.input_limits import ECHO_CHARS, echoed

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


def _plain_count_problem(caps: Capabilities, category, value: int) -> str | None:
    if value < 0:
        return "count cannot be negative"
    plain = caps.config_limits.plain_count_difficulty
    if value and plain not in category.allowed_difficulties:
        return (f"a plain count means {plain!r}, which category {category.id!r} does not offer; "
                f"give counts per difficulty ({', '.join(category.allowed_difficulties)})")
    return None


def _difficulty_count_problem(caps: Capabilities, category, difficulty_id: str, count: Any) -> str | None:
    if difficulty_id not in caps.difficulties:
        known = ", ".join(d.id for d in caps.difficulties_by_rank())
        return f"unknown difficulty {echoed(difficulty_id)}; known: {known}"
    if not _is_int(count) or count < 0:
        return "count must be a whole number, zero or more"
    if count and difficulty_id not in category.allowed_difficulties:
        return (f"category {category.id!r} has no {difficulty_id!r} questions; allowed: "
                f"{', '.join(category.allowed_difficulties)}")
    return None


def _category_problems(caps: Capabilities, category_id: str, value: Any) -> tuple[dict[str, str], int]:
    """Problems with one entry of question_distribution, and the questions it counts when valid."""
    key = f"question_distribution.{category_id}"
    category = caps.categories.get(category_id)
    if category is None:
        return {key: f"unknown question category {echoed(category_id)}; known: {', '.join(sorted(caps.categories))}"}, 0
    if _is_int(value):
        problem = _plain_count_problem(caps, category, value)
        if problem:
            return {key: problem}, (value if value >= 0 else 0)
        return {}, value
    if not isinstance(value, dict):
        return {key: "must be a count or an object of counts per difficulty"}, 0
    problems, total = {}, 0
    for difficulty_id, count in value.items():
        problem = _difficulty_count_problem(caps, category, difficulty_id, count)
        if problem:
            problems[f"{key}.{difficulty_id}"] = problem
        else:
            total += count
    return problems, total


def _distribution_problems(caps: Capabilities, distribution: Any) -> tuple[dict[str, str], int]:
    if not isinstance(distribution, dict):
        return {"question_distribution": "must be an object mapping category ids to counts"}, 0
    problems: dict[str, str] = {}
    total = 0
    for category_id, value in distribution.items():
        entry_problems, count = _category_problems(caps, category_id, value)
        problems.update(entry_problems)
        total += count
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
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        return f"unknown {what} {', '.join(map(echoed, unknown[:5]))}{more}; known: {', '.join(sorted(known))}"
    if len(set(value)) != len(value):
        return "lists the same id twice"
    return None


def _count_problems(caps: Capabilities, config: Mapping[str, Any]) -> dict[str, str]:
    """question_distribution, total_questions (which must agree) and max_follow_ups_per_question."""
    problems: dict[str, str] = {}
    limits = caps.config_limits
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
    return problems


def _vocabulary_problems(caps: Capabilities, config: Mapping[str, Any]) -> dict[str, str]:
    """Flags, id lists and single ids must name things the capabilities define."""
    problems: dict[str, str] = {}
    for key in ("adaptive_difficulty", "dynamic_follow_ups"):
        if key in config and not isinstance(config[key], bool):
            problems[key] = "must be true or false"
    for key, known, what in (("languages", caps.languages, "language"),
                             ("follow_up_strategies", caps.follow_up_strategies, "follow-up strategy")):
        problem = _id_list_problems(key, config[key], known, what) if key in config else None
        if problem:
            problems[key] = problem
    for key, known, what in (("role", caps.roles, "role"), ("experience_level", caps.experience_levels,
                                                             "experience level"),
                             ("starting_difficulty", caps.difficulties, "difficulty")):
        if key in config and not isinstance(config[key], str):  # an object or a list cannot be looked up (500)
            problems[key] = f"must be a {what} id (text)"
        elif key in config and config[key] not in known:
            problems[key] = f"unknown {what} {echoed(config[key])}; known: {', '.join(sorted(known))}"
    return problems


def config_problems(caps: Capabilities, config: Mapping[str, Any]) -> dict[str, str]:
    problems = {key: f"unknown setting {echoed(key)}; known: {', '.join(sorted(CONFIG_KEYS))}"
                for key in config if key not in CONFIG_KEYS}
    problems.update(_count_problems(caps, config))
    problems.update(_vocabulary_problems(caps, config))
    return problems


def config_json_schema(caps: Capabilities) -> dict[str, Any]:
    """The JSON Schema of a configuration (its overrides in the API), from the same capabilities the checks above
    use. What it cannot say: the counts must add up (1 to the maximum, equal to `total_questions`) and a
    `custom_config` needs a `question_distribution`; those stay 400 `invalid_interview_config`."""
    limits = caps.config_limits

    def count(maximum: int = limits.max_total_questions) -> dict:
        return {"type": "integer", "minimum": 0, "maximum": maximum}

    def ids(known) -> dict:
        return {"type": "array", "uniqueItems": True, "items": {"type": "string", "enum": sorted(known)}}

    distribution = {category.id: {"oneOf": [
        count(limits.max_total_questions if limits.plain_count_difficulty in category.allowed_difficulties else 0),
        {"type": "object", "additionalProperties": False,
         "properties": {difficulty: count() for difficulty in category.allowed_difficulties}},
    ]} for category in caps.categories.values()}
    return {"type": "object", "additionalProperties": False, "properties": {
        "total_questions": {"type": "integer", "minimum": 1, "maximum": limits.max_total_questions},
        "question_distribution": {"type": "object", "additionalProperties": False, "properties": distribution},
        "max_follow_ups_per_question": count(limits.max_follow_ups_per_question),
        "adaptive_difficulty": {"type": "boolean"},
        "dynamic_follow_ups": {"type": "boolean"},
        "languages": ids(caps.languages),
        "follow_up_strategies": ids(caps.follow_up_strategies),
        "role": {"type": "string", "enum": sorted(caps.roles)},
        "experience_level": {"type": "string", "enum": sorted(caps.experience_levels)},
        "starting_difficulty": {"type": "string", "enum": sorted(caps.difficulties)},
    }}


def validate_interview_config(config: Mapping[str, Any]) -> None:
    """Raise `InvalidInterviewConfig` (with one message per bad field in `fields`) unless `config` is valid."""
    if not isinstance(config, Mapping):
        raise InvalidInterviewConfig("The interview configuration must be an object.")
    problems = config_problems(get_capabilities(), config)
    if problems:
        # A field's name is the client's own key (an unknown setting or category): the summary cuts it as `echoed`
        # cuts a value; `fields` keeps it whole, so a client can match it to what it sent.
        summary = "; ".join(f"{key if len(key) <= ECHO_CHARS else key[:ECHO_CHARS] + '…'}: {message}"
                            for key, message in problems.items())
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
        raise InvalidInterviewConfig(f"Unknown interview mode {echoed(mode)}; choose one of: {', '.join(caps.modes)}.",
                                     fields={"mode": f"unknown interview mode {echoed(mode)}"})
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


def default_max_follow_ups() -> int:
    """Follow-ups per main question where a configuration does not say: quick start's, the candidate's own default
    (2 in the shipped capabilities). The engine reads a missing `max_follow_ups_per_question` as this, never as 0, and
    the expert's plan form and the candidate's custom form start from it."""
    value = get_capabilities().modes[QUICK_START].defaults.get("max_follow_ups_per_question")
    if not _is_int(value):
        raise InvalidInterviewConfig("The quick start mode must set max_follow_ups_per_question.",
                                     fields={"max_follow_ups_per_question": "missing from quick start's defaults"})
    return value


def max_follow_ups(config: Mapping[str, Any]) -> int:
    """The follow-ups a configuration allows per main question; the default where it does not say."""
    value = (config or {}).get("max_follow_ups_per_question")
    return value if _is_int(value) else default_max_follow_ups()


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
    return questions_duration(d for (_c, d), n in distribution_counts(config).items() for _ in range(n))


def questions_duration(difficulties: Iterable[str]) -> int:
    """Minutes questions of these difficulties take: minutes per question by difficulty plus the transition buffer,
    rounded up to a whole minute. The one formula behind a configuration's duration, an interview's clock and a
    plan's estimate, so what the candidate is told and what the clock gives never differ."""
    return with_transition_buffer(sum(minutes_for(d) for d in difficulties))


def with_transition_buffer(minutes: int) -> int:
    """`minutes` plus the transition buffer (10%), rounded up to a whole minute. In integers: in floats 50 * 1.1 is
    55.00000000000001, which rounds up to 56."""
    percent = 100 + get_capabilities().config_limits.transition_buffer_percent
    return (minutes * percent + 99) // 100
