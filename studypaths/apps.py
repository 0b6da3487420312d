from django.apps import AppConfig


class StudypathsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "studypaths"

    def ready(self):
        from interviewmaster.health import register_check
        from studypaths import sandbox

        register_check("sandbox")(sandbox.readiness_check)
