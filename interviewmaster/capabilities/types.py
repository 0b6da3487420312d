"""The typed, read-only view of `capabilities.json` (frozen dataclasses built by the loader)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# The two interview modes every capabilities file must define.
QUICK_START = "quick_start"
CUSTOM_CONFIG = "custom_config"

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
