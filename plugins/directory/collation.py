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


# Between the parts of a sort key: below every byte of UTF-8 text and of the ranks.
_PART_END = b"\x00"
_RANK_OFFSET = 2  # ranks run from -1 (Turkish dotless i) to 2 (Polish ż): bytes 1-4


def collation_sort_key(text: str, *, language: str = "") -> bytes:
    """``collation_key`` as bytes that sort the same way byte by byte, so that a database
    can sort by them (SQLite BLOB and PostgreSQL bytea compare bytes, whatever the
    database's own collation).

    Each primary letter is its UTF-8 (a prefix-free code that keeps code point order)
    followed by one rank byte, so letters compare with letters and ranks with ranks;
    a zero byte ends each part, so a shorter part sorts first, as tuples do.
    """
    primary, folded, original = collation_key(text, language=language)
    letters = b"".join(letter.encode() + bytes([rank + _RANK_OFFSET]) for letter, rank in primary)
    return _PART_END.join((letters, folded.encode(), original.encode()))
