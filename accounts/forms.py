"""Browser forms: the extra sign-up field (name), the profile form and the deletion confirmation."""

from __future__ import annotations

from django import forms

from accounts import profile_options
from accounts.models import User
from accounts.validators import EMAIL_MAX_LENGTH, NameValidator, validate_email_local_part


class SignupForm(forms.Form):
    """allauth's ACCOUNT_SIGNUP_FORM_CLASS: adds the name to email + password."""

    # Not stripped before the check: a line break or tab anywhere is refused (accounts/validators), then trimmed.
    name = forms.CharField(max_length=150, label="Your name", strip=False, validators=[NameValidator()],
                           widget=forms.TextInput(attrs={"placeholder": "Ada Lovelace", "autocomplete": "name"}))

    # The browser's IANA zone (static/js/browser-time-zone.js fills it), so a new account's days and times are the
    # person's own from the first page instead of UTC until they find the profile's setting. Without JavaScript, or
    # with a name the zone database does not offer, the account keeps the default (UTC) and the profile changes it.
    timezone = forms.CharField(required=False, max_length=64,
                               widget=forms.HiddenInput(attrs={"data-browser-time-zone": ""}))

    field_order = ["name", "email", "password1", "password2"]

    def signup(self, request, user: User) -> None:
        user.name = self.cleaned_data["name"].strip()
        fields = ["name"]
        if self.cleaned_data.get("timezone") in profile_options.timezones():
            user.timezone = self.cleaned_data["timezone"]
            fields.append("timezone")
        user.save(update_fields=fields)


def _blank(label: str):
    return [("", label)]


class ProfileForm(forms.Form):
    """Shapes the page; the rules are checked by accounts.services.update_profile."""

    name = forms.CharField(max_length=150, required=False, label="Name")  # blank is refused by the service
    target_role = forms.ChoiceField(required=False, label="Target role")
    experience_level = forms.ChoiceField(required=False, label="Experience level")
    preferred_language = forms.ChoiceField(required=False, label="Preferred programming language")
    timezone = forms.ChoiceField(required=False, label="Time zone")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_role"].choices = _blank("— choose a role —") + profile_options.target_roles()
        self.fields["experience_level"].choices = _blank("— choose a level —") + profile_options.experience_levels()
        self.fields["preferred_language"].choices = _blank("— choose a language —") + profile_options.languages()
        self.fields["timezone"].choices = [(tz, tz) for tz in profile_options.timezones()]


class InviteMentorForm(forms.Form):
    email = forms.EmailField(label="Mentor's email address", max_length=EMAIL_MAX_LENGTH,
                             validators=[validate_email_local_part])


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label="Your password", widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password"}))
