"""Startup validation of the AI configuration and the AI line of the /ready report."""

from __future__ import annotations

from interviewmaster.health import register_check


def validate_configuration() -> None:
    """Raise ImproperlyConfigured (naming the entry and key to fix) when AI_PROVIDERS or the simple form is wrong,
    or when the AI budgets do not fit under the Celery time limits of AI tasks."""
    from interviewmaster.ai.catalog import TASKS
    from interviewmaster.ai.config import configured_providers, validate_time_limits

    configured_providers()
    validate_time_limits(list(TASKS))


@register_check("ai")
def check_ai() -> dict:
    """Informational: a vendor outage never makes the site unready, because the offline engine answers."""
    from django.conf import settings

    from interviewmaster.ai.chain import get_chain

    chain = get_chain()
    snapshot = {name: breaker.snapshot()["state"] for name, breaker in chain.breakers.items()}
    if not settings.AI_OFFLINE_ENABLED and snapshot and all(state == "open" for state in snapshot.values()):
        raise RuntimeError("the offline engine is disabled and every AI provider's circuit is open")
    return {"providers": [p.name for p in chain.providers], "open_circuits": sorted(
        name for name, state in snapshot.items() if state == "open")}
