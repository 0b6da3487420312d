"""Form fields that say what is wrong with them: aria-invalid, and aria-describedby naming the field's own errors,
its help text and the form's errors (a failed log-in marks both fields, as sign-up marks its fields)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def field_widget(field, form_errors_id: str = "form-errors"):
    form_wide = bool(field.form.non_field_errors())
    described = []
    if field.errors:
        described.append(f"{field.auto_id}_error")
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if form_wide:
        described.append(form_errors_id)
    attrs = {}
    if field.errors or form_wide:
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
