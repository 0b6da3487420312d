"""The embedded offline provider: deterministic, needs no key or network, and is always the chain's last resort.

It reads the structured task inputs (not the rendered prompt), so user text is only ever analysed as data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from interviewmaster.ai.base import AIRequest, Provider, ProviderError, ProviderReply
from interviewmaster.ai.offline import evaluation, followups, planning, questions, writing

ENGINE: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "generate_questions": questions.generate,
    "follow_up": followups.follow_up,
    "evaluate_answer": evaluation.evaluate,
    "summarize_session": writing.summarize,
    "build_plan": planning.build_plan,
    "critique_plan": planning.critique,
    "tutor_hint": writing.hint,
    "analyze_resume": writing.analyze_resume,
}


class OfflineProvider(Provider):
    name = "offline"
    model = "offline-v1"
    remote = False

    def complete(self, request: AIRequest) -> ProviderReply:
        handler = ENGINE.get(request.task)
        if handler is None:
            raise ProviderError(f"the offline engine has no '{request.task}' task")
        data = handler(request.inputs)
        return ProviderReply(text="", data=data, model=self.model)
