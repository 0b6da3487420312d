from django.apps import AppConfig


class ResumesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resumes"

    def ready(self) -> None:
        from accounts import personal_data
        from resumes.personal_data import erase_resumes_of, export_resumes_of
        from resumes.privacy import install_log_masking

        install_log_masking()
        personal_data.register("resumes", export=export_resumes_of, erase=erase_resumes_of)
