"""allauth adapter: the browser login goes through the same lockout service as the JWT token endpoint."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django import forms

from accounts import services
from accounts.errors import AccountLocked, LoginDelayed
from accounts.models import LoginEvent
from interviewmaster.links import absolute_url, current_site


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


class AccountAdapter(DefaultAccountAdapter):
    def authenticate(self, request, **credentials):
        email = credentials.get("email") or credentials.get("username") or ""
        ip = client_ip(request)
        try:
            services.ensure_login_allowed(email=email, channel=LoginEvent.Channel.BROWSER, ip=ip,
                                          trusted=services.is_trusted(request, email))
        except (AccountLocked, LoginDelayed) as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc
        user = super().authenticate(request, **credentials)
        try:
            services.count_password_attempt(email=email, user=user, channel=LoginEvent.Channel.BROWSER, ip=ip)
        except AccountLocked as exc:
            raise forms.ValidationError(exc.message, code="account_locked") from exc
        return user


    def logout(self, request) -> None:
        """Django's logout, then the next page removes what the site kept in this browser's storage (drafts)."""
        from accounts.browser_storage import forget_browser_storage

        super().logout(request)
        forget_browser_storage(request)

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        """The confirmation link points at SITE_URL, whatever host the request came in on."""
        return absolute_url(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return absolute_url(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's emails (confirmation, password reset) are rendered here, stored and sent by Celery after commit;
        the task gets the stored message's id, never the body with its secret link (accounts.emails.queue_email)."""
        from allauth.core import context as allauth_context

        from accounts import emails

        request = allauth_context.request
        message = self.render_mail(template_prefix, email, {
            "request": request, "email": email, "current_site": current_site(), **context})
        emails.queue_email(subject=message.subject, body=message.body, to=email, from_email=message.from_email,
                           alternatives=[[content, mimetype] for content, mimetype in
                                         getattr(message, "alternatives", [])])


def user_display(user) -> str:
    """ACCOUNT_USER_DISPLAY: how allauth's pages and emails name a user."""
    return user.get_full_name()
