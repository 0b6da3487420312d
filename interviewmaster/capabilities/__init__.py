"""The platform's single source of truth (DESIGN §1): languages, roles, categories, difficulties, modes, follow-up
strategies, evaluation rubrics, state machines and concurrency limits, read from `interviewmaster/capabilities.json`.

A package split by what it does; import from here (`from interviewmaster.capabilities import get_capabilities`):
- `types.py`: the typed, frozen view of the file (`Capabilities`, `Language`, `Role`, ...);
- `loader.py`: loads the file once per process (`get_capabilities()`), validated against `capabilities.schema.json`
  plus the cross-references a schema cannot express; a broken file raises `CapabilitiesFileError` naming the file and
  the exact JSON path at fault, and `InterviewmasterConfig.ready()` loads it at startup so a broken file stops the app;
  the typed accessors and form choices;
- `config.py`: the configuration service: `interview_config(mode, overrides)` builds a validated interview
  configuration and `interview_duration(config)` computes how long it takes (`questions_duration` for given
  questions: the same formula).
"""

from interviewmaster.capabilities.config import (
    CONFIG_KEYS,
    config_json_schema,
    config_problems,
    distribution_counts,
    interview_config,
    interview_duration,
    questions_duration,
    validate_interview_config,
    with_transition_buffer,
)
from interviewmaster.capabilities.loader import (
    DEFAULT_PATH,
    SCHEMA_PATH,
    CapabilitiesFileError,
    categories,
    category_choices,
    concurrency_limits,
    config_limits,
    criteria_weights,
    difficulties,
    difficulty_choices,
    evaluation_criteria,
    experience_level_choices,
    experience_levels,
    follow_up_strategies,
    get_capabilities,
    interview_plan_state_choices,
    interview_session_state_choices,
    language_choices,
    languages,
    load_capabilities,
    minutes_for,
    reset_capabilities_cache,
    role_choices,
    roles,
    state_machine,
)
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

__all__ = [
    "CONFIG_KEYS",
    "CUSTOM_CONFIG",
    "Capabilities",
    "CapabilitiesFileError",
    "Category",
    "ConcurrencyLimits",
    "ConfigLimits",
    "Criterion",
    "DEFAULT_PATH",
    "Difficulty",
    "ExperienceLevel",
    "FollowUpStrategy",
    "InvalidInterviewConfig",
    "Language",
    "Mode",
    "QUICK_START",
    "Role",
    "SCHEMA_PATH",
    "State",
    "StateMachine",
    "categories",
    "category_choices",
    "concurrency_limits",
    "config_json_schema",
    "config_limits",
    "config_problems",
    "criteria_weights",
    "difficulties",
    "difficulty_choices",
    "distribution_counts",
    "evaluation_criteria",
    "experience_level_choices",
    "experience_levels",
    "follow_up_strategies",
    "get_capabilities",
    "interview_config",
    "interview_duration",
    "interview_plan_state_choices",
    "interview_session_state_choices",
    "language_choices",
    "languages",
    "load_capabilities",
    "minutes_for",
    "questions_duration",
    "reset_capabilities_cache",
    "role_choices",
    "roles",
    "state_machine",
    "validate_interview_config",
    "with_transition_buffer",
]
