from django.apps import AppConfig


class InterviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interviews"

    def ready(self) -> None:
        from accounts import personal_data
        from interviews.personal_data import erase_interviews_of, export_interviews_of

        personal_data.register("interviews", export=export_interviews_of, erase=erase_interviews_of)
