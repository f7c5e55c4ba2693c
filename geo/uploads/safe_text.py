"""User text on its way in (decoding) and out (CSV exports, plain display strings).

Uploaded names and notes are data: a Persian place name, a ``<script>`` tag or a cell
reading ``=HYPERLINK(...)`` must all survive as the exact text the analyst uploaded.
What changes is only the edge where that text meets something that would *execute*
it: a spreadsheet opening our CSV export (formula injection), or the page (the UI
escapes what :func:`display_text` returns).
"""

from __future__ import annotations

import codecs
import io
import math
import re
import unicodedata
from typing import Any

import charset_normalizer
import pandas as pd
import shapely

from geo.core import BIDI_CONTROLS

#: A spreadsheet treats a cell starting with any of these as a formula (tab and CR too,
#: because some importers strip them and then see the ``=`` behind).
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")

_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


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

    Numeric columns are written as numbers. A geometry column is written as WKT, coordinates
    rounded to 7 decimals (about 1 cm in degrees; reprojection noise left out). The
    default ``utf-8-sig`` adds a byte-order mark so spreadsheet programs read Persian and
    Pashto names as UTF-8 rather than guessing a Windows code page.
    """
    out = pd.DataFrame(frame).copy()
    geometry_name = getattr(frame, "_geometry_column_name", None)
    for column in out.columns:
        series = out[column]
        if column == geometry_name or series.dtype.name == "geometry":
            # 7 decimals (about 1 cm in degrees): a point reprojected from UTM reads 34.53, not 34.529999999999994.
            out[column] = [None if g is None else shapely.to_wkt(g, rounding_precision=7, trim=True) for g in series]
        elif pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        else:
            # Not Series.map: it infers a dtype from the results, and [3, 0, None] would be floats (3.0).
            out[column] = pd.Series([neutralise_cell(v) for v in series], index=series.index, dtype=object)
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
    text = text.translate(BIDI_CONTROLS)
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    text = " ".join(text.split())
    if len(text) > max_chars:
        text = text[: max(max_chars - 1, 0)].rstrip() + "…"
    return text


#: Byte-order marks, longest first (the UTF-32 LE mark begins with the UTF-16 LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
#: What the charset detector may answer when a file is neither UTF-8 nor marked by a BOM: the code
#: pages Windows Excel saves "CSV" in across this region (Western European, Arabic script for
#: Dari/Pashto, Cyrillic for Tajik/Russian) and UTF-16 without its mark. Left free, the detector
#: calls a short English file with one curly quote Czech (cp1250) or DOS Ukrainian (cp1125).
#: Latin-1 is not listed: cp1252 decodes every Latin-1 letter identically and, unlike Latin-1,
#: reads Excel's 0x80-0x9F bytes as the ’ – “ ” € they are, instead of control characters.
DETECTED_ENCODINGS: tuple[str, ...] = ("cp1252", "cp1256", "cp1251", "utf_16_le", "utf_16_be")
#: How each encoding is named to the user.
ENCODING_NAMES: dict[str, str] = {
    "utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32",
    "utf_16_le": "UTF-16 (little-endian, no byte-order mark)",
    "utf_16_be": "UTF-16 (big-endian, no byte-order mark)",
    "cp1252": "Windows-1252 (Western European)", "cp1256": "Windows-1256 (Arabic script)",
    "cp1251": "Windows-1251 (Cyrillic)",
}
#: Encodings that hold every Unicode character: reading them needs no warning.
UNICODE_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-32", "utf_16_le", "utf_16_be"})


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode uploaded text: a byte-order mark first, then strict UTF-8, then a charset detector.

    Parameters
    ----------
    data
        The uploaded bytes.

    Returns
    -------
    (text, encoding)
        ``text`` without its byte-order mark. ``encoding`` is one of ``"utf-8"``,
        ``"utf-8-sig"``, ``"utf-16"``, ``"utf-32"`` (from a BOM) or one of
        :data:`DETECTED_ENCODINGS`, chosen by ``charset-normalizer``; callers tell the user
        when the file was not Unicode (see :func:`encoding_note`), because a code page is a guess.

    Raises
    ------
    UnreadableTextError
        When the bytes are not text in any of these encodings, or decode to mostly control
        characters: binary data (a spreadsheet, an image) uploaded under a text extension.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked_text(data.decode(encoding).removeprefix("\ufeff")), encoding
            except UnicodeDecodeError as exc:
                raise UnreadableTextError(f"starts with a {encoding} byte-order mark but is not {encoding}") from exc
    sample = data[:65536]
    if b"\x00" not in sample:
        try:
            return _checked_text(data.decode("utf-8")), "utf-8"
        except UnicodeDecodeError:
            pass
    matches = list(charset_normalizer.from_bytes(data, cp_isolation=list(DETECTED_ENCODINGS)))
    if not matches:
        raise UnreadableTextError("binary data, not text")
    # On a few accented letters the detector can prefer a code page that makes "Hérat" into
    # "Hйrat": a Cyrillic letter inside a Latin word, which no language writes. Among its
    # candidates, take the one with the fewest such words (the detector's order breaks ties).
    best = min(matches, key=lambda m: _mixed_script_words(sample.decode(m.encoding, errors="ignore")))
    # Code pages that read these bytes identically are named by the first we list (cp1252).
    same = [e for e in DETECTED_ENCODINGS if e in best.could_be_from_charset]
    return _checked_text(str(best)), same[0] if same else best.encoding


def _mixed_script_words(text: str) -> int:
    """Words whose letters come from more than one script (Latin, Cyrillic, Arabic …)."""
    mixed = 0
    for word in re.findall(r"[^\W\d_]{2,}", text):
        scripts = {unicodedata.name(ch, "?").split(" ", 1)[0] for ch in word}
        mixed += len(scripts) > 1
    return mixed


def _checked_text(text: str) -> str:
    sample = text[:65536]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r")
    if "\x00" in sample or (sample and controls / len(sample) > 0.05):
        raise UnreadableTextError("binary data, not text")
    return text


def encoding_note(encoding: str, what: str = "CSV") -> str | None:
    """The sentence telling the user a ``what`` file was read in a guessed code page, or ``None`` for Unicode."""
    if encoding in UNICODE_ENCODINGS:
        return None
    if what != "CSV":
        return (f"The file is not UTF-8; its characters were read as {ENCODING_NAMES.get(encoding, encoding)}, a "
                f"Windows code page, so check that names read right and save the {what} as UTF-8 next time.")
    return (
        f"The file is not UTF-8; its characters were read as {ENCODING_NAMES.get(encoding, encoding)}, "
        "the code page Windows Excel saves CSV in, so check that names read right and save as "
        "CSV UTF-8 next time."
    )
