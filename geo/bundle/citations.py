"""How a citation reads: one order of its parts, used by the panel, the Sources page and the exports.

A citation here is the plain dict a claim's ``sources`` list holds (``type == "citation"``):
``title`` and ``publisher`` always, ``symbol``, ``date``, ``detail``, ``accessed`` and ``url``
when known. A title marked ``title_descriptive`` reads "“…” [descriptive title]"; a citation
without a date shows ``date_unknown`` ("date unknown: …").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: The one order of a citation's parts, everywhere it is shown: who, what, which document, when, where.
CITATION_ORDER = ("publisher", "title", "symbol", "date", "date_unknown", "detail", "accessed", "url")
#: Follows a title that describes or shortens the document instead of quoting it.
DESCRIPTIVE_TITLE_MARK = "[descriptive title]"


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
            if source.get("title_descriptive"):
                text += f" {DESCRIPTIVE_TITLE_MARK}"
        elif field == "accessed":
            text = f"accessed {text}"
        elif field == "date_unknown":
            text = "date unknown"
        parts.append((field, text))
    return parts


def citation_text(source: Mapping[str, Any], include_title: bool = True) -> str:
    """One plain-text line for a citation: publisher, “title”, symbol, date, detail, accessed, URL."""
    return ", ".join(text for _, text in citation_parts(source, include_title))
