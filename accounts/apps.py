from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self):
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin

        from accounts import signals, user_cache  # noqa: F401  (connects the receivers)

        user_cache.connect_signals()
        from interviewmaster import cache_pool

        cache_pool.counts_under("allauth:rl:")  # allauth's rate limits (allauth.core.internal.ratelimit.get_cache_key)
        signals.connect_address_history()
        from django.db.models.signals import post_migrate

        post_migrate.connect(scrub_after_marker_migration, sender=self, dispatch_uid="accounts.scrub_earlier_deletions")

        # The admin's own login form would bypass lockout and email verification: send it to allauth's login
        # (anonymous users) and answer 403 to signed-in users who are not staff (candidates, mentors).
        if not getattr(admin.site.login, "_accounts_secured", False):
            admin.site.login = secure_admin_login(admin.site.login)
            admin.site.login._accounts_secured = True


def scrub_after_marker_migration(sender, plan=None, using="default", **kwargs):
    """`migrate` just applied accounts' 0013_scrub_earlier_deletions: scrub the accounts deleted before deletion
    covered the admin's log and every plan, now that every migration of the run is in place (the migration says why
    not inside it). Once; a failure is logged with what to run, the migrations stay applied."""
    import logging

    from accounts.services.deletion import SCRUB_MARKER_MIGRATION, scrub_earlier_deletions

    applied = {(m.app_label, m.name) for m, backwards in plan or () if not backwards}
    if SCRUB_MARKER_MIGRATION not in applied or using != "default":
        return
    try:
        scrub_earlier_deletions()
    except Exception:  # noqa: BLE001 - the schema is migrated either way; the operator reruns the command
        logging.getLogger(__name__).exception(
            "scrubbing the accounts deleted earlier failed: run `python manage.py scrub_earlier_deletions`")
