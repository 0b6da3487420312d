from django.apps import AppConfig


class InterviewmasterConfig(AppConfig):
    name = "interviewmaster"
    verbose_name = "InterviewMaster platform"

    def ready(self) -> None:
        _strict_char_fields()
        _strict_boolean_fields()

        # Secret links (an invitation's token, a reset key...) never reach the logs whole (observability.py).
        from interviewmaster.observability import redact_links_in_logs

        redact_links_in_logs()

        # Load and validate the capabilities once at startup: a broken file stops the app here, naming the file and
        # the JSON path at fault (CapabilitiesFileError).
        from interviewmaster.capabilities import get_capabilities

        get_capabilities()

        # A malformed AI_PROVIDERS stops the app here too; the module also adds the "ai" line to /ready.
        from interviewmaster.ai import checks as ai_checks

        ai_checks.validate_configuration()

        # Deleting an account deletes the AI replies cached for it (interviewmaster/ai/personal_data.py).
        from accounts import personal_data
        from interviewmaster.ai.personal_data import erase_cached_replies_of

        personal_data.register("ai_cached_replies", erase=erase_cached_replies_of)


def _strict_char_fields() -> None:
    """DRF's CharField turns a JSON number into a string (`{"name": 0}` stored "0"): refuse anything but a string
    in every serializer, so a client's type mistake is a 400 field error, not silently different data."""
    from rest_framework import serializers

    original = serializers.CharField.to_internal_value
    if getattr(original, "strict", False):
        return

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError("Not a valid string.", code="invalid")
        return original(self, data)

    to_internal_value.strict = True
    serializers.CharField.to_internal_value = to_internal_value


def _strict_boolean_fields() -> None:
    """DRF's BooleanField reads 0, 1, "no", "on"... as booleans: in a JSON body only true and false are booleans (as
    the schema says), so `{"weekly_digest": 0}` is a 400 field error. Form and query-string input (a QueryDict, where
    every value is text) keeps DRF's reading ("true", "on", "0")."""
    from django.http import QueryDict
    from rest_framework import serializers

    original = serializers.BooleanField.to_internal_value
    if getattr(original, "strict", False):
        return

    def to_internal_value(self, data):
        if not isinstance(data, bool) and not isinstance(getattr(self.root, "initial_data", None), QueryDict):
            raise serializers.ValidationError("Must be true or false.", code="invalid")
        return original(self, data)

    to_internal_value.strict = True
    serializers.BooleanField.to_internal_value = to_internal_value
