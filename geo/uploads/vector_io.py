"""Turn an upload's bytes into text or a GeoDataFrame, with GDAL's failures as :class:`UploadError`.

Every pyogrio call goes through here so a GDAL message never shows the user our temp
folder, and so one malformed geometry costs that feature, not the whole layer.
``pyogrio`` is used through its module attribute (``pyogrio.read_dataframe``) so tests
can watch the temp folder while a read is under way.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from geo.uploads.display import date_text, whole_days
from geo.uploads.model import UploadError, features_phrase
from geo.uploads.safe_text import UnreadableTextError, decode_text, encoding_note


def decode_upload(data: bytes, what: str, messages: list[str]) -> str:
    """The file as text (see :func:`~geo.uploads.safe_text.decode_text`); a guessed code page is noted in ``messages``."""
    try:
        text, encoding = decode_text(data)
    except UnreadableTextError as exc:
        raise UploadError(
            f"The file contains binary data, not {what} text; check you chose the right file."
        ) from exc
    if note := encoding_note(encoding, what):
        messages.append(note)
    return text


def read_vector(
    path: Path, what: str, tmp: Path, messages: list[str], layer: str | None = None, **open_options: str
) -> gpd.GeoDataFrame:
    """One layer of a GDAL-readable file, falling back to a per-feature read if a geometry is bad.

    Date and time fields come back as text: GDAL would otherwise turn ``06:18+04:30`` into
    ``01:48`` UTC and the zone would be lost on the way to the page. (GeoJSON readers also
    pass ``DATE_AS_STRING="YES"``, which keeps each value exactly as written.)

    Returns
    -------
    geopandas.GeoDataFrame
        The file's own columns, geometry and CRS as declared (possibly none); the caller reprojects.

    Raises
    ------
    UploadError
        GDAL cannot read the file, or it has no geometry column.
    """
    try:
        frame = pyogrio.read_dataframe(path, layer=layer, datetime_as_string=True, **open_options)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.GeometryError,
            pyogrio.errors.FieldError, pyogrio.errors.CRSError) as exc:
        problem = _gdal_problem(exc, tmp)
        raise UploadError(f"The {what} could not be read ({problem}); export it again.") from exc
    except shapely.errors.GEOSException:
        frame = _read_tolerantly(path, layer, messages, open_options)
    if not isinstance(frame, gpd.GeoDataFrame):
        raise UploadError(f"The {what} has no geometry column; this is a table, not a map layer.")
    if open_options.get("DATE_AS_STRING") != "YES":  # GDAL wrote these values, not the analyst
        frame = _days_without_midnight(frame, path, layer)
    return frame


def _days_without_midnight(frame: gpd.GeoDataFrame, path: Path, layer: str | None) -> gpd.GeoDataFrame:
    """Date-time fields whose every value is a day at midnight, as days (``2022-07-31``).

    GDAL writes a date-time field as text with its time, so a day read from a GeoPackage
    DATETIME column or KML's ``<when>2022-07-31</when>`` would show ``T00:00:00`` nobody wrote.
    Fields with any real time of day or UTC offset keep every value as GDAL wrote it.
    """
    try:
        info = pyogrio.read_info(path, layer=layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError):
        return frame
    dated = [str(name) for name, dtype in zip(info["fields"], info["dtypes"])
             if str(dtype).startswith("datetime") and str(name) in frame.columns]
    for column in dated:
        if whole_days(frame[column]):
            frame[column] = date_text(frame[column], days=True)
    return frame


def _read_tolerantly(path: Path, layer: str | None, messages: list[str], open_options: dict) -> gpd.GeoDataFrame:
    """Second pass when some geometry is malformed (an unclosed ring, a one-point line).

    The fast reader decodes every geometry at once and fails on the first bad one; here
    each is decoded on its own, fixed where GEOS can (closing a ring) or set to null.
    """
    meta, _, wkb, fields = pyogrio.raw.read(path, layer=layer, datetime_as_string=True, **open_options)
    fixed = shapely.from_wkb(wkb, on_invalid="fix")
    strict = shapely.from_wkb(wkb, on_invalid="ignore")
    had_geometry = np.array([w is not None for w in wkb], dtype=bool)
    lost = int((had_geometry & shapely.is_missing(fixed)).sum())
    mended = int((had_geometry & shapely.is_missing(strict) & ~shapely.is_missing(fixed)).sum())
    parts = []
    if mended:
        parts.append(f"{features_phrase(mended)} fixed while reading")
    if lost:
        parts.append(f"{features_phrase(lost)} unreadable and dropped")
    messages.append(
        "Some geometries were malformed (e.g. an unclosed polygon ring or a one-point line): "
        + " and ".join(parts) + "."
    )
    table = pd.DataFrame({name: values for name, values in zip(meta["fields"], fields, strict=True)})
    frame = gpd.GeoDataFrame(table, geometry=fixed, crs=meta["crs"])
    return frame[~shapely.is_missing(frame.geometry.values)]


def list_layers(path: Path, what: str, tmp: Path) -> list:
    """``(name, geometry type)`` of each layer in the file."""
    try:
        return list(pyogrio.list_layers(path))
    except pyogrio.errors.DataSourceError as exc:
        problem = _gdal_problem(exc, tmp)
        raise UploadError(f"The {what} could not be opened ({problem}); export it again.") from exc


def feature_count(path: Path, tmp: Path, layer: str | None = None) -> int:
    """How many features a layer declares, read before the features so the limit is checked first."""
    try:
        return int(pyogrio.read_info(path, layer=layer).get("features") or 0)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        problem = _gdal_problem(exc, tmp)
        raise UploadError(f"The layer could not be opened ({problem}); export it again.") from exc


#: GDAL's wording (lower case) → what it means for the analyst's file. A raw GDAL message names
#: our temp folder, driver internals and sometimes a half-sentence; none of that helps anyone.
_GDAL_CAUSES: tuple[tuple[str, str], ...] = (
    ("not recognized as being in a supported file format", "its contents are not in the format its name says"),
    ("no such file", "a part of it is missing"),
    ("not a database", "it is damaged (not a readable database)"),
    ("malformed", "it is damaged"),
    ("crs", "its coordinate reference system cannot be read"),
)


def _gdal_problem(exc: Exception, tmp: Path) -> str:
    """What GDAL's failure means, in plain words: never GDAL's own message or our temp path."""
    text = str(exc).lower()
    return next((cause for wording, cause in _GDAL_CAUSES if wording in text), "it is damaged or incomplete")
