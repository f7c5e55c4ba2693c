"""One CSV sniffing step for every CSV upload (point tables and ACLED events alike).

What Excel, LibreOffice and field apps save as "CSV" varies by locale and program: the
encoding (UTF-8 with or without BOM, UTF-16 "Unicode text", a Windows code page), the
separator (``,``; ``;`` where the comma is the decimal mark; tab), an Excel ``sep=;`` hint
line above the header, and rows that end with one delimiter more than the header. Each
is settled here, once, so the plain reader and the events reader cannot drift apart.

Libraries: ``charset-normalizer`` (through :func:`geo.uploads.safe_text.decode_text`) for
the encoding, the standard library's :class:`csv.Sniffer` and :func:`csv.reader` for the
separator and field counts (they understand quoting, which counting characters does not),
and pandas' documented ``index_col=False`` for trailing delimiters.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass, field
from itertools import islice

import pandas as pd

from geo.uploads.safe_text import UnreadableTextError, decode_text, display_text, encoding_note

#: Separators a CSV may use, in the order preferred when the evidence ties.
DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
#: How a message names each separator.
DELIMITER_NAMES = {",": "','", ";": "';'", "\t": "tab", "|": "'|'"}
# Excel writes `sep=;` (or `sep=,`, or a literal tab) as the first line when asked to; some
# tools quote it or spell the tab as \t.
_SEP_HINT = re.compile(r'^\s*"?sep=(\\t|\t|.)"?\s*$', re.IGNORECASE)
_SNIFF_LINES = 50


class CsvError(ValueError):
    """A CSV that cannot be read as a table; ``str()`` is one sentence saying why and what to do."""


@dataclass
class CsvTable:
    """A CSV read as text cells, with what was learnt about its layout.

    Attributes
    ----------
    frame
        Every cell as text (``dtype=str``, blanks as ``""``), columns as written in the header.
    delimiter
        The column separator used.
    decimal_comma
        Whether numbers may use a decimal comma (``34,5``): only when the separator is not a comma.
    header_row
        The spreadsheet row number of the header (1, or 2 below a ``sep=`` hint line), so
        messages can name rows as the analyst's spreadsheet shows them.
    encoding
        What :func:`~geo.uploads.safe_text.decode_text` decoded the bytes as.
    messages
        Sentences for the user about anything read differently from a plain UTF-8 comma CSV.
    """

    frame: pd.DataFrame
    delimiter: str = ","
    decimal_comma: bool = False
    header_row: int = 1
    encoding: str = "utf-8"
    messages: list[str] = field(default_factory=list)


def read_csv_table(source: bytes | str, what: str = "CSV") -> CsvTable:
    """Decode and parse a CSV upload into text cells, settling encoding, separator, hint line and ragged rows.

    Parameters
    ----------
    source
        The uploaded bytes, or text already decoded.
    what
        How the file is named in messages ("CSV", "events file").

    Returns
    -------
    CsvTable

    Raises
    ------
    CsvError
        When the bytes are not text, the file has no header or no rows, or data rows have
        more filled fields than the header names (the sentence gives the row and counts).
    """
    messages: list[str] = []
    encoding = "utf-8"
    if isinstance(source, bytes):
        try:
            text, encoding = decode_text(source)
        except UnreadableTextError as exc:
            raise CsvError(
                f"The file contains binary data, not {what} text (or text in an encoding other than UTF-8, "
                "UTF-16 or a Windows code page); check you chose the right file or save it as CSV UTF-8."
            ) from exc
        if note := encoding_note(encoding):
            messages.append(note)
    else:
        text = source.removeprefix("\ufeff")
    if "\r" in text and "\n" not in text:  # classic Mac line endings (Excel's "CSV (Macintosh)")
        text = text.replace("\r", "\n")
    text, delimiter, header_row = _hint_line(text)
    if delimiter is None:
        delimiter = sniff_delimiter(text)
    elif header_row == 2:
        messages.append(
            f"The first line is Excel's separator hint 'sep={_hint_shown(delimiter)}'; it was used to split "
            "the columns and not read as data."
        )
    frame = _parse(text, delimiter, header_row, what, messages)
    return CsvTable(frame=frame, delimiter=delimiter, decimal_comma=delimiter != ",", header_row=header_row,
                    encoding=encoding, messages=messages)


def sniff_delimiter(text: str) -> str:
    """The column separator of a CSV: one of :data:`DELIMITERS`.

    :class:`csv.Sniffer` looks at the first lines (it knows quoting, and prefers a
    separator that splits every line into the same number of fields). Its answer is kept
    only if it splits the header into more than one column; otherwise the separator that
    splits the header into the most columns wins (``,`` when none does). Spreadsheets in
    many European locales save "CSV" with semicolons because the comma is their decimal mark.
    """
    sample = "\n".join(islice(text.splitlines(), _SNIFF_LINES))
    if not sample.strip():
        return ","
    first_line = sample.split("\n", 1)[0]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    counts = {d: len(next(csv.reader([first_line], delimiter=d))) for d in DELIMITERS}
    if sniffed in counts and counts[sniffed] > 1:
        return sniffed
    best = max(DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equals: ',' first
    return best if counts[best] > 1 else ","


def _hint_line(text: str) -> tuple[str, str | None, int]:
    first, _, rest = text.partition("\n")
    match = _SEP_HINT.match(first.rstrip("\r"))
    if not match:
        return text, None, 1
    hint = match.group(1)
    return rest, "\t" if hint in ("\\t", "\t") else hint, 2


def _hint_shown(delimiter: str) -> str:
    return "\\t" if delimiter == "\t" else delimiter


def _parse(text: str, delimiter: str, header_row: int, what: str, messages: list[str]) -> pd.DataFrame:
    try:
        frame = _read(text, delimiter, index_col=None)
    except pd.errors.EmptyDataError as exc:
        raise CsvError(f"The {what} has no header row; the first line must name the columns.") from exc
    except pd.errors.ParserError as exc:
        # Some rows have more fields than the header: fine if the extras are all empty.
        frame = _tolerate_trailing(text, delimiter, header_row, what, messages, exc)
    else:
        if not isinstance(frame.index, pd.RangeIndex):
            # pandas saw one field more than the header on every row and took the first
            # column as the index, shifting every name one column right.
            frame = _tolerate_trailing(text, delimiter, header_row, what, messages, None)
    if frame.empty:
        raise CsvError(f"The {what} has a header but no rows; nothing to show.")
    return _unnamed_columns(frame, text, delimiter, messages)


def _unnamed_columns(frame: pd.DataFrame, text: str, delimiter: str, messages: list[str]) -> pd.DataFrame:
    """Drop the columns whose header cell and every value are blank, and say so.

    That is a header ending in a delimiter, as every row does (``id,name,lon,lat,``). A
    blank-named column that holds values is kept under pandas' stand-in name (``Unnamed: 4``),
    with a sentence saying which column it was.
    """
    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0].rstrip("\r")), delimiter=delimiter,
                             skipinitialspace=True), [])
    if len(header) != len(frame.columns):
        return frame
    blank = [column for column, name in zip(frame.columns, header) if not name.strip()]
    empty = [c for c in blank if not frame[c].astype(str).str.strip().any()]
    if empty:
        messages.append(
            f"The header ends with an extra {DELIMITER_NAMES[delimiter]}, as every row does (an unnamed, empty "
            "last column); it was ignored." if empty == [frame.columns[-1]] else
            f"{len(empty)} columns have no name and no value; they were ignored.")
        frame = frame.drop(columns=empty)
    for column in (c for c in blank if c not in empty):
        position = list(frame.columns).index(column) + 1
        messages.append(f"Column {position} has no name in the header but holds values; it is shown as "
                        f"'{column}'. Give it a name in the file to keep it under your own.")
    return frame


def _read(text: str, delimiter: str, index_col) -> pd.DataFrame:
    with warnings.catch_warnings():
        # index_col=False warns that it drops the extra fields; we checked they are empty and say so.
        warnings.simplefilter("ignore", pd.errors.ParserWarning)
        return pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                           skipinitialspace=True, index_col=index_col)


def _tolerate_trailing(text: str, delimiter: str, header_row: int, what: str, messages: list[str],
                       error: Exception | None) -> pd.DataFrame:
    """Read a file whose rows have more fields than the header when every extra field is empty.

    That is a trailing delimiter (``1,Site A,69.18,34.53,``); pandas' documented remedy is
    ``index_col=False``, which drops the extras. Extras holding values are refused, naming
    the first such row, because dropping them would lose data and keeping them would shift it.
    """
    rows = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True)
    header = next(rows, [])
    width = len(header)
    ragged, most = 0, 0
    for number, row in enumerate(rows, start=header_row + 1):
        if len(row) <= width:
            continue
        most = max(most, len(row) - width)
        extra = [cell for cell in row[width:] if cell.strip()]
        if extra:
            raise CsvError(
                f"Row {number} of the {what} has {len(row)} fields but the header names {width} (extra value "
                f"'{display_text(extra[0], 40)}'); quote values that contain {DELIMITER_NAMES[delimiter]} "
                "or add the missing column name to the header."
            )
        ragged += 1
    if not ragged:  # the parser failed for another reason (an unclosed quote …)
        detail = display_text(str(error), 120) if error else "unknown problem"
        raise CsvError(f"The {what} is malformed ({detail}); check quotes and separators, or export it again.")
    extra = (f"an extra {DELIMITER_NAMES[delimiter]} (one more field than the header); the empty last field was"
             if most == 1 else
             f"up to {most} extra separators ({DELIMITER_NAMES[delimiter]}), more fields than the header names; "
             "the empty last fields were")
    messages.append(
        f"{ragged:,} data row{'s end' if ragged != 1 else ' ends'} with {extra} ignored."
    )
    try:
        return _read(text, delimiter, index_col=False)
    except pd.errors.ParserError as exc:
        raise CsvError(f"The {what} is malformed ({display_text(str(exc), 120)}); check quotes and "
                       "separators, or export it again.") from exc
