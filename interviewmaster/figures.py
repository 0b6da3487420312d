"""How a score or a percentage is printed, everywhere a person reads one (pages, charts' tables, e-mails): an integer
without ".0", anything else with one decimal. The reports keep one decimal for their means (72.5), so the same 100 read
"100.0" on the report and "100" on the interview list. The API's fields stay numbers; only what is printed goes
through `figure`.
"""

from __future__ import annotations

from decimal import Decimal


def figure(value) -> str:
    """`value` as shown: 100 and 100.0 as "100", 72.45 as "72.5" (rounded first, so 99.96 is "100", never "100.0");
    None as ""; anything that is not a number as it is."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return str(value)
    rounded = round(float(value), 1)
    if rounded != rounded or rounded in (float("inf"), float("-inf")):
        return str(value)
    return str(int(rounded)) if rounded.is_integer() else f"{rounded:.1f}"
