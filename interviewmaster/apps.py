from django.apps import AppConfig


class InterviewmasterConfig(AppConfig):
    name = "interviewmaster"
    verbose_name = "InterviewMaster platform"

    def ready(self) -> None:
        # Load and validate the capabilities once at startup: a broken file stops the app here, naming the file and
        # the JSON path at fault (CapabilitiesFileError).
        from interviewmaster.capabilities import get_capabilities

        get_capabilities()

        # A malformed AI_PROVIDERS stops the app here too; the module also adds the "ai" line to /ready.
        from interviewmaster.ai import checks as ai_checks

        ai_checks.validate_configuration()
