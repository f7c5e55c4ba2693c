"""Text hygiene shared by readers of user text: invisible characters that change what a reader sees.

Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) can reorder what a
reader sees; control characters (NUL, escape, …) show as boxes or break files. Zero-width
joiners (U+200C/U+200D) are not among them: Persian spelling needs them.
"""

from __future__ import annotations

import unicodedata

#: ``str.translate`` table deleting bidi embeddings, overrides and isolates.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def without_controls(text: str, keep: str = "\n\t") -> tuple[str, int]:
    """``text`` without bidi controls and control characters (``keep`` stays), and how many were removed.

    Parameters
    ----------
    text
        Any text.
    keep
        Control characters to keep (line breaks and tabs by default).

    Returns
    -------
    (str, int)
        The cleaned text and the number of characters removed.
    """
    cleaned = "".join(ch for ch in text.translate(BIDI_CONTROLS)
                      if ch in keep or unicodedata.category(ch) != "Cc")
    return cleaned, len(text) - len(cleaned)


def count_phrase(n: int, noun: str) -> str:
    """``"1 event"``, ``"0 events"`` or ``"2,345 events"``: a count with its noun in the right number.

    ``noun`` is singular and regular (``"event"``, ``"point feature"``).
    """
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"
