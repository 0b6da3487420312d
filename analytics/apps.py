from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "analytics"

    def ready(self) -> None:
        from accounts import personal_data
        from analytics import signals  # noqa: F401 - connects the receivers
        from analytics.personal_data import erase_analytics_of, export_analytics_of

        personal_data.register("analytics", export=export_analytics_of, erase=erase_analytics_of)
