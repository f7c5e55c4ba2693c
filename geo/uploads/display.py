"""Uploaded values as a person reads them: dates without a time nobody wrote, and the preview table.

Readers turn dates into datetimes (ACLED's ``event_date``) or GDAL turns a day into a
date-time (a GeoPackage DATETIME, KML's ``<when>2022-07-31</when>``), and a plain rendering
then shows ``2022-07-31 00:00:00``: a midnight nobody recorded. The rule here is per column, as
spreadsheets and ``pandas.DataFrame.to_csv`` apply it: when no value in the column has a time of
day, show days (``YYYY-MM-DD``); when any has, show every value with its time (a real midnight
among real times stays ``T00:00:00``); a UTC offset is always kept.
"""

from __future__ import annotations

import re

import pandas as pd

from geo.uploads.model import UploadResult

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


def preview_table(result: UploadResult, rows: int = PREVIEW_ROWS) -> pd.DataFrame:
    """The first ``rows`` of an upload as the page previews them: no geometry, dates as :func:`date_text`.

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
    return table
