"""Accent-insensitive name search over the municipalities' names in every language."""

from __future__ import annotations

import unicodedata

from safety.councils.models import Municipality

# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSED = str.maketrans({"đ": "d", "\u0131": "i", "ł": "l", "ß": "ss"})


def fold(text: str) -> str:
    """Lower-case `text` and drop accents so "Gracanica" matches "Gračanica"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_keys(municipality: Municipality) -> list[str]:
    """Every name of `municipality`, folded; "đ" also as "dj", the usual way to type it."""
    names = [municipality.name_sq, municipality.name_sr, municipality.name_tr or ""]
    names.extend(municipality.alias_list)
    keys = [fold(name) for name in names if name]
    keys.extend(fold(name.replace("đ", "dj").replace("Đ", "Dj")) for name in names if name)
    return keys


def matches_name(municipality: Municipality, query: str) -> bool:
    """True if the folded query occurs in any of the municipality's names."""
    needle = fold(query.strip())
    return not needle or any(needle in key for key in search_keys(municipality))
