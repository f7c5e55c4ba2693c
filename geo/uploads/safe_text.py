"""User text on its way in (decoding) and out (CSV exports, plain display strings).

Uploaded names and notes are data: a Persian place name, a ``<script>`` tag or a cell
reading ``=HYPERLINK(...)`` must all survive as the exact text the analyst uploaded.
What changes is only the edge where that text meets something that would *execute*
it: a spreadsheet opening our CSV export (formula injection), or the page (the UI
escapes what :func:`display_text` returns).
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from typing import Any

import pandas as pd

#: A spreadsheet treats a cell starting with any of these as a formula (tab and CR too,
#: because some importers strip them and then see the ``=`` behind).
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# Bidi embeddings/overrides/isolates can reorder what a reader sees; zero-width joiners
# (U+200C/U+200D) are NOT in this set because Persian spelling needs them.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


class UnreadableTextError(ValueError):
    """Bytes that are not text in any encoding we accept (binary data)."""


def neutralise_cell(value: Any) -> Any:
    """Return ``value`` made safe for a spreadsheet cell.

    Text starting with ``= + - @`` (or tab/CR) gets a leading apostrophe so Excel,
    LibreOffice and Google Sheets show it instead of evaluating it. Numbers, and text that
    is just a plain number such as ``"-3.5"``, are returned unchanged: they cannot run,
    and mangling coordinates would be a bug of its own.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_PREFIXES):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_csv_bytes(frame: pd.DataFrame, *, encoding: str = "utf-8-sig") -> bytes:
    """Serialise ``frame`` to CSV bytes with every text cell passed through :func:`neutralise_cell`.

    Numeric columns are written as numbers. A geometry column is written as WKT. The
    default ``utf-8-sig`` adds a byte-order mark so spreadsheet programs read Persian and
    Pashto names as UTF-8 rather than guessing a Windows code page.
    """
    out = pd.DataFrame(frame).copy()
    geometry_name = getattr(frame, "_geometry_column_name", None)
    for column in out.columns:
        series = out[column]
        if column == geometry_name or series.dtype.name == "geometry":
            out[column] = [None if g is None else g.wkt for g in series]
        elif pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        else:
            out[column] = series.map(neutralise_cell)
    out.columns = [neutralise_cell(str(c)) for c in out.columns]
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode(encoding)


def display_text(value: Any, max_chars: int = 200) -> str:
    """Turn any value into one plain line of at most ``max_chars`` characters.

    The result is *not* HTML-escaped (the renderer does that); it is stripped of control
    and bidi-override characters, whitespace is collapsed, missing values become ``""``
    and long text ends with an ellipsis. Right-to-left letters and zero-width joiners are
    kept, so Persian and Pashto names read as written.
    """
    if value is None:
        return ""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return ""
    try:
        if value is pd.NaT or (not isinstance(value, (str, bytes)) and pd.isna(value) is True):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, float):
        text = f"{value:.6g}"
    elif isinstance(value, pd.Timestamp):
        text = value.date().isoformat() if value == value.normalize() else value.isoformat()
    else:
        text = str(value)
    text = text.translate(_BIDI_CONTROLS)
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    text = " ".join(text.split())
    if len(text) > max_chars:
        text = text[: max(max_chars - 1, 0)].rstrip() + "…"
    return text


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode uploaded text, trying UTF-8 (with or without BOM) and then Latin-1.

    Returns
    -------
    (text, encoding)
        ``encoding`` is ``"utf-8"``, ``"utf-8-sig"`` or ``"latin-1"``; callers tell the user
        when Latin-1 was needed, because a wrong guess shows up as odd accents.

    Raises
    ------
    UnreadableTextError
        When the bytes contain NUL characters or are mostly control codes: binary data
        (a spreadsheet, an image) uploaded under a text extension.
    """
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    if b"\x00" in sample or (sample and controls / len(sample) > 0.05):
        raise UnreadableTextError("binary data, not text")
    encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The column separator of a CSV: ``,`` unless the header has none and uses ``;``, tab or ``|``.

    Spreadsheets in many European locales save "CSV" with semicolons because the comma is
    their decimal mark; reading those as one giant column would hide the lat/lon columns.
    """
    header = text.split("\n", 1)[0]
    if "," in header:
        return ","
    counts = {sep: header.count(sep) for sep in (";", "\t", "|")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","
