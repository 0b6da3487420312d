"""The AI provider layer (DESIGN §5). Every model call in the product goes through `complete_json`:

    from interviewmaster.ai import complete_json
    result = complete_json("evaluate_answer", {"question": {...}, "answer": {"text": "..."}})
    result.data, result.provider, result.cached

See docs/ai.md for configuration (offline by default; AI_PROVIDERS for OpenAI-compatible endpoints).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interviewmaster.ai.base import AIResult

__all__ = ["complete_json", "forget_cached_replies_of", "provider_status"]


def complete_json(task: str, prompt_inputs: dict[str, Any], schema: dict[str, Any] | None = None, *,
                  use_cache: bool = True, owners: Iterable[int | None] = ()) -> AIResult:
    """`owners`: ids of the users whose data the inputs carry; deleting one of them deletes the cached reply."""
    from interviewmaster.ai.chain import complete_json as run

    return run(task, prompt_inputs, schema, use_cache=use_cache, owners=owners)


def provider_status() -> list[dict[str, Any]]:
    from interviewmaster.ai.chain import get_chain

    return get_chain().status()


def forget_cached_replies_of(user_id: int) -> int:
    """Delete every cached AI reply made for the user (account deletion, after commit). Returns how many keys."""
    from interviewmaster.ai.cache import ResponseCache

    return ResponseCache().forget_replies_of(user_id)
