"""allauth's change-password form with the login's rule on the current password (ACCOUNT_FORMS["change_password"]).

Kept apart from accounts/forms.py: that module is allauth's ACCOUNT_SIGNUP_FORM_CLASS, which allauth's forms import,
so it cannot import them back."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.core import context as allauth_context
from django import forms

from accounts import services
from accounts.adapter import client_ip
from accounts.errors import AccountLocked, LoginDelayed, WrongPassword
from accounts.models import LoginEvent


class ChangePasswordForm(AllauthChangePasswordForm):
    """The current password is checked by `services.check_password_again`, as at account deletion: a wrong one is a
    failed login that counts towards the lockout, and a locked account cannot guess here either. allauth's own check
    was limited only by its per-user rate (5 a minute) and never counted."""

    def clean_oldpassword(self) -> str:
        request = allauth_context.request
        try:
            services.check_password_again(user=self.user, password=self.cleaned_data.get("oldpassword", ""),
                                          channel=LoginEvent.Channel.BROWSER, ip=client_ip(request),
                                          trusted=services.is_trusted(request, self.user.email))
        except WrongPassword as exc:
            raise get_adapter().validation_error("enter_current_password") from exc
        except (AccountLocked, LoginDelayed) as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc
        return self.cleaned_data["oldpassword"]
