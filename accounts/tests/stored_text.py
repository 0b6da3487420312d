"""For erasure tests: where in the database a piece of text is still stored, in any column of any table (JSON
included, however deeply nested)."""

from __future__ import annotations

from django.apps import apps


def tables_holding(text: str) -> list[str]:
    """The tables with at least one row holding `text` in some column. Meant for test databases (reads every row)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        if any(text in str(value) for row in model._base_manager.values_list() for value in row):
            found.append(model._meta.db_table)
    return found
