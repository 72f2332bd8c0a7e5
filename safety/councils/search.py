"""Finding a municipality by what people type: any of its names, folded, word by word."""

from __future__ import annotations

import re
import unicodedata

from safety.councils.models import Municipality

# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSED = str.maketrans({"đ": "d", "\u0131": "i", "ł": "l", "ß": "ss"})
# Once folded, anything but a letter or digit separates words: "Fushë-Kosovë", "Hani i Elezit".
_SEPARATORS = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower-case `text` and drop accents so "Gracanica" matches "Gračanica"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text: str) -> tuple[str, ...]:
    """The folded words of `text`."""
    return tuple(word for word in _SEPARATORS.split(fold(text)) if word)


def search_keys(municipality: Municipality) -> list[tuple[str, ...]]:
    """Every name of `municipality` as folded words; "đ" also as "dj", the usual way to type it."""
    names = [municipality.name_sq, municipality.name_sr, municipality.name_tr or ""]
    names.extend(municipality.alias_list)
    names.extend(
        [name.replace("đ", "dj").replace("Đ", "Dj") for name in names if "đ" in name.casefold()]
    )
    return [key for key in map(words, names) if key]


def _matches_key(needle: tuple[str, ...], key: tuple[str, ...]) -> bool:
    # Each typed word starts a word of the same name, in any order ("Mitrovica Veriut",
    # "veriut mitrov"); typed without the space, "Novobrdo" still finds "Novo Brdo".
    if all(any(word.startswith(part) for word in key) for part in needle):
        return True
    return "".join(key).startswith("".join(needle))


def matches_name(municipality: Municipality, query: str) -> bool:
    """True if what was typed starts the words of one of the municipality's names."""
    needle = words(query)
    return not needle or any(_matches_key(needle, key) for key in search_keys(municipality))
