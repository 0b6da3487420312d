from django.apps import AppConfig


class StudypathsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "studypaths"

    def ready(self):
        from accounts import personal_data
        from accounts.mentee_progress import register_progress
        from accounts.signals import forget_when_profile_changes
        from interviewmaster.health import register_check
        from studypaths import best_verdicts, catalogue, sandbox, selectors
        from studypaths.personal_data import (
            erase_code_runs_of,
            erase_comment_authorship_of,
            erase_study_of,
            export_code_runs_of,
            export_comments_by,
            export_study_of,
        )

        register_check("sandbox")(sandbox.readiness_check)
        catalogue.connect_signals()
        best_verdicts.connect_signals()
        personal_data.register("code_runs", export=export_code_runs_of, erase=erase_code_runs_of)
        personal_data.register("study_paths", export=export_study_of, erase=erase_study_of)
        personal_data.register("task_comments_written", export=export_comments_by, erase=erase_comment_authorship_of)
        register_progress("study_path")(study_path_progress)
        # the cached active path carries its candidate, whose profile zone gives the study loop's day (progress, due
        # dates): a changed zone must not count the old zone's days for ACTIVE_PATH_CACHE_SECONDS
        forget_when_profile_changes(selectors.forget_active_path, fields=frozenset({"timezone"}),
                                    dispatch_uid="studypaths-profile-zone-changed")


def study_path_progress(candidate) -> dict | None:
    """The mentee `progress` object's study-path summary (accounts.mentee_progress): the active path's, else the
    candidate's latest path's with its `status` ("archived": after archiving it read `{}`), else null (no path yet)."""
    from studypaths import progress, selectors

    path = selectors.active_path_for(candidate) or selectors.paths_for(candidate).order_by("-created_at", "-id").first()
    return progress.path_summary(path)
