"""CSV cells a spreadsheet shows as text: every export writes its cells through `safe_cell`."""

from __future__ import annotations

# A spreadsheet runs a cell starting with one of these as a formula (quality bar #13); tab
# and carriage return are on OWASP's list too, as some programs strip them first.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """`value` as a CSV cell a spreadsheet shows as text, never evaluates."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
