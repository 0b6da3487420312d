from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"

    def ready(self):
        from allauth.account.decorators import secure_admin_login
        from django.contrib import admin

        from accounts import signals, user_cache  # noqa: F401  (connects the receivers)

        user_cache.connect_signals()
        signals.connect_address_history()

        # The admin's own login form would bypass lockout and email verification: send it to allauth's login
        # (anonymous users) and answer 403 to signed-in users who are not staff (candidates, mentors).
        if not getattr(admin.site.login, "_accounts_secured", False):
            admin.site.login = secure_admin_login(admin.site.login)
            admin.site.login._accounts_secured = True
