"""The AI tasks the platform knows: schema, prompt template and cache lifetime of each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interviewmaster.ai.prompts import TEMPLATES, PromptTemplate
from interviewmaster.ai.schemas import SCHEMAS

DAY = 24 * 3600


@dataclass(frozen=True)
class AITask:
    name: str
    schema: dict[str, Any]
    template: PromptTemplate
    cache_ttl: int  # seconds; 0 = never cached
    required_inputs: tuple[str, ...]
    max_tokens: int = 1200

    @property
    def prompt_version(self) -> str:
        return self.template.version


# Evaluations are keyed by the whole inputs (question + this answer), so one answer's result is never served for
# another; they are kept a day only so a redelivered Celery task does not pay twice.
TASKS: dict[str, AITask] = {t.name: t for t in [
    AITask("generate_questions", SCHEMAS["generate_questions"], TEMPLATES["generate_questions"], 30 * DAY,
           ("role", "difficulty", "count"), max_tokens=3000),
    AITask("follow_up", SCHEMAS["follow_up"], TEMPLATES["follow_up"], DAY, ("question", "answer")),
    AITask("evaluate_answer", SCHEMAS["evaluate_answer"], TEMPLATES["evaluate_answer"], DAY, ("question", "answer")),
    AITask("summarize_session", SCHEMAS["summarize_session"], TEMPLATES["summarize_session"], DAY, ("turns",)),
    AITask("build_plan", SCHEMAS["build_plan"], TEMPLATES["build_plan"], 7 * DAY, ("role", "duration_minutes")),
    AITask("critique_plan", SCHEMAS["critique_plan"], TEMPLATES["critique_plan"], DAY, ("plan",)),
    AITask("tutor_hint", SCHEMAS["tutor_hint"], TEMPLATES["tutor_hint"], 7 * DAY, ("problem",), max_tokens=600),
    AITask("analyze_resume", SCHEMAS["analyze_resume"], TEMPLATES["analyze_resume"], 30 * DAY, ("text",)),
]}
