"""Uploaded values as a person reads them: dates without a time nobody wrote, HTML as its text, the preview.

Readers turn dates into datetimes (ACLED's ``event_date``) or GDAL turns a day into a
date-time (a GeoPackage DATETIME, KML's ``<when>2022-07-31</when>``), and a plain rendering
then shows ``2022-07-31 00:00:00``: a midnight nobody recorded. The rule here is per column, as
spreadsheets and ``pandas.DataFrame.to_csv`` apply it: when no value in the column has a time of
day, show days (``YYYY-MM-DD``); when any has, show every value with its time (a real midnight
among real times stays ``T00:00:00``); a UTC offset is always kept.

KML descriptions are HTML by definition (Google Earth renders them), and analysts' are full of
``<b>``, ``<br>`` and ``<table>``, often a whole ``<!DOCTYPE html>`` page in CDATA. Escaped for
the page they read as markup soup; rendered they would run the uploader's HTML in our page. So
they are shown as the text a browser would show (:func:`html_text`, the standard library's
HTML parser), and the stored layer keeps the HTML exactly as written.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from geo.uploads.model import UploadResult
from geo.uploads.notes import is_text
from geo.uploads.safe_text import display_text

#: How GDAL writes a date-time field as text at midnight with no zone (``2022-07-31T00:00:00``,
#: ``2022-07-31 00:00:00``, ``2022-07-31T00:00:00.000``): a day with a time GDAL added.
_GDAL_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]00:00:00(?:\.0+)?")
#: Rows the "Your data" page previews.
PREVIEW_ROWS = 20


def whole_days(values: pd.Series) -> bool:
    """Whether no value of a date-time column has a time of day (or a UTC offset): a column of days.

    Parameters
    ----------
    values : pandas.Series
        ``datetime64`` values, or text as GDAL writes date-time fields.

    Returns
    -------
    bool
        True for a column of days; False if any value has a time or an offset, or none is present.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        present = values.dropna()
        if getattr(values.dt, "tz", None) is not None or not len(present):
            return False
        return bool((present == present.dt.normalize()).all())
    text = values.dropna().astype("string").str.strip()
    text = text[text != ""]
    return bool(len(text)) and bool(text.str.fullmatch(_GDAL_MIDNIGHT.pattern).all())


def date_text(values: pd.Series, *, days: bool | None = None) -> pd.Series:
    """A date-time column as ISO 8601 text: days alone when no value has a time of day.

    Parameters
    ----------
    values : pandas.Series
        ``datetime64`` values (naive or zoned), or text as GDAL writes date-time fields
        (``2022-07-31T00:00:00``); any other text is returned unchanged.
    days : bool, optional
        Show days only; by default :func:`whole_days` of ``values`` decides. Pass the whole
        column's answer when formatting only some of its rows.

    Returns
    -------
    pandas.Series
        Text (``None`` where a value is missing), same index: ``2024-01-31`` for a column of
        days; ``2024-01-31T06:18:00`` when the column has times; ``2022-07-31T06:18:00+04:30``
        for zoned values.

    Examples
    --------
    >>> date_text(pd.Series(pd.to_datetime(["2024-01-31", "2024-02-01"]))).tolist()
    ['2024-01-31', '2024-02-01']
    >>> date_text(pd.Series(pd.to_datetime(["2024-01-31 06:18", "2024-02-01 00:00"]))).tolist()
    ['2024-01-31T06:18:00', '2024-02-01T00:00:00']
    """
    days = whole_days(values) if days is None else days
    if pd.api.types.is_datetime64_any_dtype(values):
        if getattr(values.dt, "tz", None) is not None:
            return values.map(lambda v: None if pd.isna(v) else v.isoformat()).astype(object)
        text = values.dt.strftime("%Y-%m-%d" if days else "%Y-%m-%dT%H:%M:%S").astype(object)
        return text.where(values.notna(), None)
    if not days:
        return values
    days_only = [m.group(1) if isinstance(v, str) and (m := _GDAL_MIDNIGHT.fullmatch(v.strip())) else v
                 for v in values]
    return pd.Series(days_only, index=values.index, dtype=object, name=values.name)


# --------------------------------------------------------------------------- HTML

#: Elements that end a line of text: their edges become spaces, so cells and lines don't run together.
_BREAKS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
#: Elements whose content a reader never sees as text.
_HIDDEN = frozenset({"script", "style", "title", "template"})
#: Column names that hold HTML in layers converted from KML (QGIS and ogr2ogr keep ``description``;
#: ArcGIS's KML To Layer writes ``PopupInfo``), compared in lower case without ``_``.
_HTML_NAMES = frozenset({"description", "desc", "popupinfo", "popup", "html"})
#: A tag of an element HTML descriptions use, or an HTML doctype: text holding one is markup.
_MARKUP = re.compile(
    r"<\s*(?:!doctype\s+html|/?(?:a|b|big|blockquote|body|br|center|code|div|em|font|h[1-6]|head|hr|html|i|img|li|"
    r"ol|p|pre|small|span|strong|sub|sup|table|tbody|td|th|thead|tr|u|ul)\b)[^>]*>",
    re.IGNORECASE,
)
#: Longest text :func:`html_text` returns; a table-sized description still fits a preview cell.
HTML_TEXT_CHARS = 1000


class _TextOfHtml(HTMLParser):
    """Collects what a browser shows as text: data outside hidden elements, images as their alt text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # &amp; &nbsp; &#8211; decoded as a browser does
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif not self._hidden:
            self._edge(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self._hidden:
            self._edge(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(self._hidden - 1, 0)
        elif tag in _BREAKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)

    def _edge(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:
            self.parts.append(" ")
        elif tag == "img":
            self.parts.append(f" {_image_text(dict(attrs))} ")


def _image_text(attrs: dict[str, str | None]) -> str:
    """An image as a reader knows it: its alt text, else ``[image: file name]`` (``[image]`` for inline data)."""
    if (alt := (attrs.get("alt") or "").strip()):
        return alt
    src = (attrs.get("src") or "").strip()
    name = "" if src.lower().startswith("data:") else urlsplit(src).path.rsplit("/", 1)[-1]
    return f"[image: {name}]" if name else "[image]"


def html_text(value: Any, max_chars: int = HTML_TEXT_CHARS) -> str:
    """The text a reader sees in an HTML fragment or page: tags stripped, entities decoded, one line.

    Script, style and title contents are dropped, block and line-break elements (``<p>``,
    ``<br>``, table cells …) separate words, images become their alt text or ``[image: name]``,
    and the result goes through :func:`geo.uploads.display_text` (control and bidi-override
    characters removed, whitespace collapsed). The result is plain text: the page escapes it.

    Parameters
    ----------
    value
        HTML text; ``None``, NaN or any other missing value gives ``""``.
    max_chars
        Longest result; longer text ends with an ellipsis.

    Returns
    -------
    str

    Examples
    --------
    >>> html_text("<b>Checkpoint</b><br>Opened &amp; staffed")
    'Checkpoint Opened & staffed'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    parser = _TextOfHtml()
    parser.feed(str(value))
    parser.close()
    return display_text("".join(parser.parts), max_chars)


def html_columns(frame: pd.DataFrame, declared: Iterable[str] = ()) -> tuple[str, ...]:
    """The columns of ``frame`` that hold HTML, in frame order.

    Parameters
    ----------
    frame : pandas.DataFrame
        An upload's attributes.
    declared : iterable of str
        Columns HTML by their format's definition (a KML ``description``): always included.

    Returns
    -------
    tuple of str
        ``declared`` columns present in ``frame``, and text columns named like a converted KML
        description (``description``, ``PopupInfo`` …) in which some value holds an HTML tag.
        Any other column is the analyst's text, shown as typed even if it looks like markup.
    """
    declared = set(declared)
    found = []
    for column in frame.columns:
        name = str(column)
        if name in declared:
            found.append(name)
        elif name.lower().replace("_", "") in _HTML_NAMES and is_text(frame[column]):
            text = frame[column].dropna().astype("string")
            if bool(text.str.contains(_MARKUP.pattern, flags=re.IGNORECASE, regex=True).any()):
                found.append(name)
    return tuple(found)


# --------------------------------------------------------------------------- the preview


def preview_table(result: UploadResult, rows: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first ``rows`` of an upload as the page previews them.

    No geometry; dates as :func:`date_text`; the ``result.html_columns`` as :func:`html_text`.
    Nothing in ``result`` changes; the table is a display copy.

    Parameters
    ----------
    result : UploadResult
        What :func:`geo.uploads.read_upload` (or an event store's ``upload_result``) gave.
    rows : int
        How many rows to show.

    Returns
    -------
    pandas.DataFrame
        The attribute columns of the first ``rows`` features, in file order.
    """
    frame = result.frame
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name).head(rows))
    for column in table.columns:
        if pd.api.types.is_datetime64_any_dtype(table[column]):
            table[column] = date_text(table[column], days=whole_days(frame[column]))
        elif column in result.html_columns:
            table[column] = [html_text(v) for v in table[column]]
    return table
