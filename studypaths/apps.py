from django.apps import AppConfig


class StudypathsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "studypaths"

    def ready(self):
        from accounts import personal_data
        from interviewmaster.health import register_check
        from studypaths import sandbox
        from studypaths.personal_data import erase_code_runs_of, export_code_runs_of

        register_check("sandbox")(sandbox.readiness_check)
        personal_data.register("code_runs", export=export_code_runs_of, erase=erase_code_runs_of)
