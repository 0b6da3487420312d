"""The start page's form: quick start or a custom configuration, turned into `interview_config` overrides."""

from __future__ import annotations

from django import forms

from interviewmaster import capabilities
from interviews import policy, services

DIFFICULTY_CHOICES = [("level", "Start from my experience level"), *[(d.id, d.name) for d in
                                                                        capabilities.difficulties()]]


def initial_languages(preferred: str) -> list[str]:
    """The start page's languages before the candidate chooses: the profile's language, and the judge's first language
    beside it when the judge does not run it. Quick start always asks for code, so a Java profile's page pre-selected
    Java alone and its unchanged form was refused (code_language_refusal): the page's own defaults always start."""
    if preferred not in capabilities.get_capabilities().languages:
        return []  # none (or one the platform no longer offers): any language
    runs = services.judge_language_ids()
    return [preferred] if preferred in runs or not runs else [preferred, runs[0]]


class StartInterviewForm(forms.Form):
    mode = forms.ChoiceField(choices=[("quick_start", "Quick start (3 questions, about 50 minutes)"),
                                      ("custom_config", "Custom")], widget=forms.RadioSelect, initial="quick_start")
    role = forms.ChoiceField(choices=capabilities.role_choices, label="Target role")
    languages = forms.MultipleChoiceField(choices=capabilities.language_choices, required=False,
                                          label="Programming languages",
                                          help_text="Code answers may use these; leave empty for any.")
    categories = forms.MultipleChoiceField(choices=capabilities.category_choices, required=False,
                                           widget=forms.CheckboxSelectMultiple, label="Categories")
    per_category = forms.IntegerField(min_value=1, max_value=5, initial=1, required=False,
                                      label="Questions per category")
    difficulty = forms.ChoiceField(choices=DIFFICULTY_CHOICES, initial="level", required=False,
                                   label="Difficulty")
    max_follow_ups = forms.IntegerField(min_value=0, max_value=capabilities.config_limits().max_follow_ups_per_question,
                                        initial=capabilities.default_max_follow_ups, required=False,
                                        label="Follow-ups per question (at most)")
    adaptive = forms.BooleanField(required=False, initial=True, label="Adapt the difficulty to my answers")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        runs = " and ".join(capabilities.language_name(language) for language in services.judge_language_ids())
        self.fields["languages"].help_text = (f"Code answers may use these; leave empty for any. Coding questions' "
                                              f"tests run in {runs}, so a coding interview needs one of them.")

    def clean(self):
        data = super().clean()
        custom = data.get("mode") == "custom_config"
        if custom and not data.get("categories"):
            self.add_error("categories", "Choose at least one category for a custom interview.")
        quick = capabilities.get_capabilities().modes[capabilities.QUICK_START].defaults
        categories = data.get("categories") if custom else \
            {category for category, _difficulty in capabilities.distribution_counts(quick)}  # those it asks for
        refused = services.code_language_refusal(languages=data.get("languages") or (), categories=categories or ())
        if refused is not None and "languages" not in self.errors:
            self.add_error("languages", refused.message)  # what starting it would refuse (start_session)
        return data

    def config(self, *, experience_level: str = "") -> dict:
        """`interview_config` overrides for what was chosen."""
        data = self.cleaned_data
        config: dict = {}
        if data.get("languages"):
            config["languages"] = list(data["languages"])
        if data.get("mode") != "custom_config":
            return config
        chosen = data.get("difficulty") or "level"
        base = policy.starting_difficulty({}, experience_level) if chosen == "level" else chosen
        per = data.get("per_category") or 1
        distribution = {c: {policy.difficulty_for_category(base, c): per} for c in data["categories"]}
        config.update({"question_distribution": distribution, "total_questions": per * len(distribution),
                       "max_follow_ups_per_question": capabilities.max_follow_ups(
                           {"max_follow_ups_per_question": data.get("max_follow_ups")}),
                       "adaptive_difficulty": bool(data.get("adaptive")), "dynamic_follow_ups": True})
        if chosen != "level":
            config["starting_difficulty"] = chosen
        return config
