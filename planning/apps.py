from django.apps import AppConfig


class PlanningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planning"

    def ready(self) -> None:
        from accounts import personal_data
        from planning.personal_data import erase_plans_of, export_plans_of

        personal_data.register("planning", export=export_plans_of, erase=erase_plans_of)
