"""Contact fields never reach the logs in clear: masking functions and a logging filter for the resumes loggers."""

from __future__ import annotations

import logging
import re

from resumes.facts import EMAIL, GITHUB, LINKEDIN, PHONE


def mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    name, _, tld = domain.rpartition(".")
    return f"{local[:1]}***@{name[:1]}***.{tld}"


def mask_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return f"***{digits[-2:]}" if len(digits) >= 2 else "***"


def _mask_url(match: re.Match) -> str:
    value = match.group(0)
    host, _, _ = value.partition(".com/")
    return f"{host}.com/***"


def mask_contacts(text: str) -> str:
    """Replace emails, phone numbers and profile URLs in free text by masked forms."""
    text = EMAIL.sub(lambda m: mask_email(m.group(0)), text)
    text = LINKEDIN.sub(_mask_url, text)
    text = GITHUB.sub(_mask_url, text)

    def phone(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return mask_phone(match.group(0)) if 9 <= len(digits) <= 15 else match.group(0)

    return PHONE.sub(phone, text)


def masked_contacts(contacts: dict) -> dict:
    out = {}
    for key, value in contacts.items():
        if key == "email":
            out[key] = mask_email(value)
        elif key == "phone":
            out[key] = mask_phone(value)
        else:
            out[key] = mask_contacts(value)
    return out


class MaskContactsFilter(logging.Filter):
    """Attached to the `resumes` logger: a record's message and string arguments are masked before any handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        record.msg = mask_contacts(message)
        record.args = ()
        return True


# Filters on a logger only see records logged on that very logger, so every module logger of the app gets one.
RESUME_LOGGERS = ("resumes", "resumes.services", "resumes.tasks", "resumes.extraction", "resumes.validation",
                  "resumes.analysis", "resumes.api", "resumes.views", "resumes.admin", "resumes.skills")


def install_log_masking() -> None:
    for name in RESUME_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskContactsFilter) for f in logger.filters):
            logger.addFilter(MaskContactsFilter())
