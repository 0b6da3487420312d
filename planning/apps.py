from django.apps import AppConfig


class PlanningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "planning"

    def ready(self) -> None:
        from accounts import personal_data
        from planning.personal_data import erase_plans_of, erase_plans_of_earlier_deletion, export_plans_of

        personal_data.register("planning", export=export_plans_of, erase=erase_plans_of,
                               erase_earlier=erase_plans_of_earlier_deletion)

        from django.db.models.signals import post_save

        from interviews.models import SessionEvent

        post_save.connect(_follow_session, sender=SessionEvent, dispatch_uid="planning.follow_session")


def _follow_session(sender, instance, created, raw=False, **kwargs):
    """A planned interview changed state: the plan follows, in the same transaction."""
    if created and not raw and instance.kind == "state.changed":
        from planning.interview_link import follow_session

        follow_session(session_id=instance.session_id, to=(instance.data or {}).get("to", ""))
