"""The rule for a person's name, one for sign-up, the profile page and the API: at least one visible character, no
control characters and no text-direction overrides. A name travels into single-line places (email headers,
signatures, lists) where a line break could start a new header ("Casey\\r\\nBcc: victim@x.test") or a forged line, and
other people read it (a mentor's list), where "\\u202eevil" would show reversed and "\\u200b" as nobody."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

# C0 and C1 controls (line breaks, tabs, NUL, escape, ...) and the Unicode line and paragraph separators.
CONTROL = r"\x00-\x1f\x7f-\x9f\u2028\u2029"
CONTROL_CHARACTERS = re.compile(f"[{CONTROL}]")
# The bidirectional embeddings, overrides and isolates: they display text in another order than it is stored.
TEXT_DIRECTION = r"\u202a-\u202e\u2066-\u2069"
# What a written text (a comment: several lines) may not hold: controls other than line feed, carriage return and
# tab, and the text-direction characters ("a\u202eevil" reads backwards) — in an append-only history the candidate
# cannot remove.
HIDDEN_IN_TEXT = re.compile(rf"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{TEXT_DIRECTION}]")


def validate_written_text(value: str) -> None:
    """Refuse a multi-line text holding control or bidirectional-override characters (400 with a field error)."""
    if HIDDEN_IN_TEXT.search(value or ""):
        raise ValidationError("Remove control or text-direction characters.", code="control_characters")


# What shows nothing, so it cannot be a name's visible character (it may stand beside one: a zero-width joiner belongs
# in some scripts and emoji): the blanks that are not controls, listed rather than `\s` so that Python and the
# schema's ECMAScript agree, and the invisible format characters and fillers (soft hyphen, zero-width space, joiners
# and marks, word joiner, invisible operators, variation selectors, byte order mark, Hangul fillers, blank Braille).
BLANK = r" \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
INVISIBLE = (r"\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2060-\u2064\u206a-\u206f"
             r"\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0")
_VISIBLE = rf"[^{CONTROL}{TEXT_DIRECTION}{BLANK}{INVISIBLE}]"
# The whole rule as one pattern, for the API schema (JSON Schema reads it with ECMAScript semantics; drf-spectacular
# turns \A and \Z into ^ and $, and Python's $ would also match before a final line break). Unambiguous, so linear:
# blanks and invisible characters, the first visible character, then anything but controls and direction overrides.
NAME_PATTERN = rf"\A[{BLANK}{INVISIBLE}]*{_VISIBLE}[^{CONTROL}{TEXT_DIRECTION}]*\Z"
TEXT_DIRECTION_CHARACTERS = re.compile(f"[{TEXT_DIRECTION}]")

BLANK_NAME = "Give your name; it cannot be blank."
CONTROL_IN_NAME = "A name cannot contain line breaks, tabs or other control characters."
DIRECTION_IN_NAME = "A name cannot contain text-direction characters (such as U+202E)."


def name_problem(value: str) -> str | None:
    """Why `value` is not an acceptable name, or None when it is (the same answer as NAME_PATTERN)."""
    if not re.search(_VISIBLE, value):
        return BLANK_NAME
    if CONTROL_CHARACTERS.search(value):
        return CONTROL_IN_NAME
    if TEXT_DIRECTION_CHARACTERS.search(value):
        return DIRECTION_IN_NAME
    return None


class NameValidator(RegexValidator):
    """For form and serializer fields: documents NAME_PATTERN (the schema reads a RegexValidator's pattern) and says
    which of the rules failed."""

    regex = NAME_PATTERN

    def __call__(self, value) -> None:
        problem = name_problem(str(value))
        if problem:
            raise ValidationError(problem, code="invalid")


# The lengths an email address may have (RFC 5321 §4.5.3.1: a local part of at most 64 octets; a path of 256, so an
# address of at most 254 characters, RFC 3696 erratum 1690). Django's address check has no limit on the local part:
# a 300-character one was accepted, invited and mailed.
EMAIL_MAX_LENGTH = 254
EMAIL_LOCAL_PART_MAX_LENGTH = 64
LOCAL_PART_TOO_LONG = f"The part before the @ can have at most {EMAIL_LOCAL_PART_MAX_LENGTH} characters."


def validate_email_local_part(value: str) -> None:
    """For an email field with `max_length=EMAIL_MAX_LENGTH` (the whole address): the local part's own limit."""
    local, at, _domain = str(value).strip().rpartition("@")
    if at and len(local) > EMAIL_LOCAL_PART_MAX_LENGTH:
        raise ValidationError(LOCAL_PART_TOO_LONG, code="invalid")
