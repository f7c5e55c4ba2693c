"""How a citation reads: one order of its parts, used by the panel, the Sources page and the exports.

A citation here is the plain dict a claim's ``sources`` list holds (``type == "citation"``):
``title`` and ``publisher`` always, ``symbol``, ``date``, ``detail``, ``accessed`` and ``url``
when known.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The one order of a citation's parts, everywhere it is shown: who, what, which document, when, where.
CITATION_ORDER = ("publisher", "title", "symbol", "date", "detail", "accessed", "url")


def citation_parts(source: Mapping[str, Any], include_title: bool = True) -> list[tuple[str, str]]:
    """The citation's present parts as ``(field, text)`` pairs in :data:`CITATION_ORDER`.

    Parameters
    ----------
    source : Mapping
        A citation dict (see the module docstring).
    include_title : bool
        ``False`` when the title is shown on its own (e.g. as a heading).

    Returns
    -------
    list of (str, str)
        Raw, unescaped text; ``accessed`` reads ``"accessed YYYY-MM-DD"``. Callers escape for
        their medium (:func:`citation_text` joins them as plain text).
    """
    parts = []
    for field in CITATION_ORDER:
        value = source.get(field)
        if not value or (field == "title" and not include_title):
            continue
        text = str(value)
        if field == "title":
            text = f"“{text}”"
        elif field == "accessed":
            text = f"accessed {text}"
        parts.append((field, text))
    return parts


def citation_text(source: Mapping[str, Any], include_title: bool = True) -> str:
    """One plain-text line for a citation: publisher, “title”, symbol, date, detail, accessed, URL."""
    return ", ".join(text for _, text in citation_parts(source, include_title))
