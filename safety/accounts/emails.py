"""E-mail addresses in one canonical form, so one mailbox is one account however it is typed."""

from __future__ import annotations

import unicodedata

from email_validator import EmailNotValidError, validate_email


def canonical_email(text: str) -> str | None:
    """The address as stored and compared, or None when `text` is not a valid address.

    NFKC first folds look-alike forms of the same characters (full-width letters, ligatures)
    that email-validator keeps; its normalised form then fixes the domain (IDNA, case), and
    lower-casing the whole address makes `Arta@` and `arta@` one mailbox, as every provider
    treats them.
    """
    folded = unicodedata.normalize("NFKC", text).strip()
    try:
        address = validate_email(folded, check_deliverability=False)
    except EmailNotValidError:
        return None
    return address.normalized.lower()


def normalise_email(text: str) -> str:
    """The canonical address; text that is no valid address is only trimmed and lower-cased."""
    canonical = canonical_email(text)
    return canonical if canonical is not None else text.strip().lower()
