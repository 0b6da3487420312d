from django.apps import AppConfig


class StudypathsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "studypaths"
