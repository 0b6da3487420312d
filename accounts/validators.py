"""The rule for a person's name, one for sign-up, the profile page and the API: at least one visible character and
no control characters. A name travels into single-line places (e-mail headers, signatures, lists) where a line break
could start a new header ("Casey\\r\\nBcc: victim@x.test") or a forged line."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

# C0 and C1 controls (line breaks, tabs, NUL, escape, ...) and the Unicode line and paragraph separators.
CONTROL = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
CONTROL_CHARACTERS = re.compile(f"[{CONTROL}]")
# What a written text (a comment: several lines) may not hold: controls other than line feed, carriage return and
# tab, and the bidirectional overrides and isolates that display text in another order than it is stored
# ("a\u202eevil" reads backwards) — in an append-only history the candidate cannot remove.
HIDDEN_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def validate_written_text(value: str) -> None:
    """Refuse a multi-line text holding control or bidirectional-override characters (400 with a field error)."""
    if HIDDEN_IN_TEXT.search(value or ""):
        raise ValidationError("Remove control or text-direction characters.", code="control_characters")
_VISIBLE = rf"[^\s{CONTROL}\ufeff]"
# The whole rule as one pattern, for the API schema (JSON Schema reads it with ECMAScript semantics; drf-spectacular
# turns \A and \Z into ^ and $, and Python's $ would also match before a final line break). Unambiguous, so linear:
# blanks that are not controls, the first visible character, then anything but controls.
NAME_PATTERN = rf"\A(?:[^\S{CONTROL}]|\ufeff)*{_VISIBLE}[^{CONTROL}]*\Z"

BLANK_NAME = "Give your name; it cannot be blank."
CONTROL_IN_NAME = "A name cannot contain line breaks, tabs or other control characters."


def name_problem(value: str) -> str | None:
    """Why `value` is not an acceptable name, or None when it is (the same answer as NAME_PATTERN)."""
    if not re.search(_VISIBLE, value):
        return BLANK_NAME
    if CONTROL_CHARACTERS.search(value):
        return CONTROL_IN_NAME
    return None


class NameValidator(RegexValidator):
    """For form and serializer fields: documents NAME_PATTERN (the schema reads a RegexValidator's pattern) and says
    which of the two rules failed."""

    regex = NAME_PATTERN

    def __call__(self, value) -> None:
        problem = name_problem(str(value))
        if problem:
            raise ValidationError(problem, code="invalid")
