"""A–Z order for the network's languages without ICU.

Accents are ignored (German "Ärzte" sorts with "A"), except for the letters a language
treats as letters of their own: Polish "Ł" comes after every "L", Turkish "Ç" after "C"
and dotless "ı" before "i". Enough for lists of organisation names and cities.
"""

from __future__ import annotations

import unicodedata

# letter -> (base letter, rank among the letters sharing that base; plain letter is 0)
_OWN_LETTERS = {
    "pl": {
        "ą": ("a", 1), "ć": ("c", 1), "ę": ("e", 1), "ł": ("l", 1), "ń": ("n", 1),
        "ó": ("o", 1), "ś": ("s", 1), "ź": ("z", 1), "ż": ("z", 2),
    },
    "tr": {
        "ç": ("c", 1), "ğ": ("g", 1), "ı": ("i", -1), "ö": ("o", 1), "ş": ("s", 1),
        "ü": ("u", 1),
    },
}  # fmt: skip
# Letters NFKD does not split into base + accent.
_UNSPLIT = {"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"}


def collation_key(text: str, *, language: str = "") -> tuple:
    """Sort key: letters by base then by the language's own letters, then accents, then case."""
    own = _OWN_LETTERS.get(language, {})
    primary = []
    for char in text.casefold():
        if char in own:
            primary.append(own[char])
            continue
        char = _UNSPLIT.get(char, char)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        primary.extend((letter, 0) for letter in base)
    return tuple(primary), text.casefold(), text
