"""Read a user's uploaded layer safely and explain everything that was wrong with it.

Every upload is hostile until proven otherwise (a zip that writes outside its folder,
an XML entity bomb, a 2 GB "GeoJSON") and every analyst is tired (lat/lon swapped,
Web Mercator saved without a CRS, a self-intersecting district). :func:`read_upload`
refuses the first kind with :class:`UploadError` and one sentence, and repairs the
second kind where a repair is unambiguous, listing each change in ``messages``.

Files are written only under a fresh ``tempfile.TemporaryDirectory`` with fixed names
(``upload.geojson`` …), never the user's file name, and the folder is removed even when
reading fails. Text values are data and are kept exactly (Persian/Pashto names, even
``<img onerror=…>``): escaping is the renderer's job and CSV exports use
:func:`geo.csv_safety.safe_csv_bytes`.
"""

from __future__ import annotations

import json
import re
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo.coordinates import (
    CoordinateError,
    diagnose_lonlat,
    find_lat_lon_columns,
    parse_numbers,
    spreadsheet_rows,
)
from geo.csv_safety import (
    FORMULA_PREFIXES,
    UnreadableTextError,
    decode_text,
    display_text,
    neutralise_cell,
    sniff_delimiter,
)
from geo.events import EventsError, is_acled, read_events
from geo.geometry import WGS84, linear_part, polygonal_part
from geo.safe_zip import UnsafeZipError, safe_extract

__all__ = ["ACCEPTED_FORMATS", "UploadError", "UploadLimits", "UploadResult", "display_name", "read_upload"]

#: Extension → format name shown to the user.
ACCEPTED_FORMATS: dict[str, str] = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".gpkg": "GeoPackage",
    ".zip": "zipped Shapefile",
    ".kml": "KML",
    ".kmz": "KMZ",
    ".csv": "CSV with latitude/longitude columns",
}
_ID_COLUMNS = {"id", "fid", "uid", "objectid", "featureid", "eventid", "eventidcnty"}
_KML_STYLING = {"tessellate", "extrude", "visibility", "drawOrder", "icon", "altitudeMode"}
_GPKG_MAGIC = b"SQLite format 3\x00"
_MB = 1024 * 1024


class UploadError(ValueError):
    """An upload that cannot be used; ``str()`` is one sentence saying what is wrong and what to do."""


@dataclass(frozen=True)
class UploadLimits:
    """Size caps for one upload. ``max_features`` also caps CSV rows."""

    max_bytes: int = 200 * _MB
    max_unzipped_bytes: int = 500 * _MB
    max_zip_entries: int = 1000
    max_features: int = 500_000


@dataclass
class UploadResult:
    """A usable layer.

    Attributes
    ----------
    frame
        GeoDataFrame in EPSG:4326; text columns kept as text (dates in ``features`` layers
        as ISO strings; ``events`` have ``event_date`` as datetime64).
    kind
        ``"features"`` for ordinary layers, ``"events"`` for ACLED-style event CSVs.
    messages
        Sentences for the user: warnings and every change made.
    columns
        Non-geometry columns with at least one value, in file order: tooltip candidates.
    name
        A plain display name from the file name (no path, no extension, control and bidi
        override characters removed, at most 80 characters).
    """

    frame: gpd.GeoDataFrame
    kind: str
    messages: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    name: str = "upload"


@dataclass
class _Read:
    """What a format reader hands to the shared clean-up."""

    frame: gpd.GeoDataFrame
    crs_declared: bool
    kind: str = "features"
    checked: bool = False  # coordinates already diagnosed (CSV paths)
    feature_ids: list | None = None


def display_name(filename: str) -> str:
    """A safe layer label from an uploaded file name: last path part, no extension."""
    base = re.split(r"[\\/]", str(filename))[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.strip(".") else base
    return display_text(stem, 80) or "upload"


def read_upload(filename: str, data: bytes, *, limits: UploadLimits = UploadLimits()) -> UploadResult:
    """Read an uploaded GeoJSON, GeoPackage, zipped Shapefile, KML/KMZ or CSV.

    Parameters
    ----------
    filename
        The name the browser sent; used only to pick the format and label the layer.
    data
        The file's bytes.
    limits
        Size, unzipped size, zip entry and feature caps.

    Returns
    -------
    UploadResult

    Raises
    ------
    UploadError
        With a message naming the file and the cause: empty, too large, unknown format,
        malformed JSON (line and column), empty collection, no geometry, CSV without
        coordinate columns, no usable rows, zip slip, zip bomb, missing shapefile parts, …
    """
    label = display_text(re.split(r"[\\/]", str(filename))[-1], 80) or "upload"
    try:
        return _read(filename, data, limits)
    except UploadError as exc:
        raise UploadError(f"{label}: {exc}") from exc.__cause__
    except (UnsafeZipError, CoordinateError, EventsError) as exc:
        raise UploadError(f"{label}: {exc}") from exc


def _read(filename: str, data: bytes, limits: UploadLimits) -> UploadResult:
    extension = ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""
    if not data:
        raise UploadError("The file is empty (0 bytes); check the export finished and upload it again.")
    if len(data) > limits.max_bytes:
        raise UploadError(
            f"The file is {_size(len(data))}; the limit is {_size(limits.max_bytes)}. "
            "Filter or simplify the layer before uploading."
        )
    if extension not in _READERS:
        kinds = ", ".join(dict.fromkeys(ACCEPTED_FORMATS.values()))
        shown = display_text(extension, 20) or "no extension"
        raise UploadError(
            f"The format '{shown}' is not supported; upload {kinds} "
            f"({', '.join(ACCEPTED_FORMATS)})."
        )
    messages: list[str] = []
    with tempfile.TemporaryDirectory(prefix="spillover-upload-") as tmp, warnings.catch_warnings():
        # GDAL and pyogrio chatter (duplicate FIDs, mixed-type columns); we report problems ourselves.
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        read = _READERS[extension](data, Path(tmp), limits, messages)
    frame = read.frame if read.kind == "events" else _clean_features(read, limits, messages)
    _note_duplicate_ids(frame, read.feature_ids, messages)
    _note_formula_cells(frame, messages)
    columns = [str(c) for c in frame.columns if c != frame.geometry.name and _has_values(frame[c])]
    return UploadResult(frame=frame, kind=read.kind, messages=messages, columns=columns,
                        name=display_name(filename))


# --------------------------------------------------------------------------- readers


def _read_geojson(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> _Read:
    text = _decode(data, "GeoJSON", messages)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UploadError(
            f"The GeoJSON is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}. "
            "Fix the file there or export it again."
        ) from exc
    except RecursionError as exc:
        raise UploadError("The JSON is nested too deeply to be a map layer; check the file.") from exc
    if not isinstance(document, dict) or not isinstance(document.get("type"), str):
        raise UploadError(
            "The file is JSON but not GeoJSON (it has no \"type\" member such as \"FeatureCollection\"); "
            "export the layer as GeoJSON."
        )
    ids: list | None = None
    if document["type"] == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise UploadError("The FeatureCollection has no \"features\" list; export the layer again.")
        if not features:
            raise UploadError("The FeatureCollection is empty (it has no features); nothing to show.")
        _check_count(len(features), limits)
        if not any(isinstance(f, dict) and f.get("geometry") for f in features):
            raise UploadError(
                f"None of the {len(features):,} features has a geometry (all are null); "
                "this is a table, not a map layer. Export it with its geometry."
            )
        ids = [f.get("id") for f in features if isinstance(f, dict)]
    elif document["type"] == "Topology":
        raise UploadError("The file is TopoJSON, not GeoJSON; convert it to GeoJSON first.")
    path = tmp / "upload.geojson"
    path.write_text(text, encoding="utf-8")
    frame = _read_vector(path, "GeoJSON", tmp, messages)
    return _Read(frame=frame, crs_declared="crs" in document, feature_ids=ids)


def _read_gpkg(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> _Read:
    if not data.startswith(_GPKG_MAGIC):
        raise UploadError("The file is not a GeoPackage (it is not an SQLite database); check the file.")
    path = tmp / "upload.gpkg"
    path.write_bytes(data)
    layers = _list_layers(path, "GeoPackage", tmp)
    spatial = [str(name) for name, geometry_type in layers if geometry_type]
    if not spatial:
        raise UploadError(
            "The GeoPackage has no layer with a geometry column (only plain tables); "
            "save the layer with its geometry."
        )
    chosen = spatial[0]
    if len(spatial) > 1:
        messages.append(
            f"The GeoPackage has {len(spatial)} map layers; only the first, "
            f"'{display_text(chosen, 60)}', was loaded. Upload the others as separate files."
        )
    _check_count(_feature_count(path, tmp, layer=chosen), limits)
    frame = _read_vector(path, "GeoPackage", tmp, messages, layer=chosen)
    return _Read(frame=frame, crs_declared=frame.crs is not None)


def _read_kml(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> _Read:
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise UploadError(
            "The KML declares a DOCTYPE/ENTITY, which real KML never needs and XML entity attacks use; "
            "export the layer again."
        )
    path = tmp / "upload.kml"
    path.write_bytes(data)
    frames = []
    for layer, _ in _list_layers(path, "KML", tmp):
        part = _read_vector(path, "KML", tmp, messages, layer=str(layer))
        if len(part):
            frames.append(part)
    if not frames:
        raise UploadError("The KML has no placemarks; nothing to show.")
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    _check_count(len(frame), limits)
    # LIBKML adds styling columns (tessellate, drawOrder, …) that are not the analyst's data.
    frame = frame[[
        c for c in frame.columns
        if c == frame.geometry.name or (c not in _KML_STYLING and _has_values(frame[c]))
    ]]
    # KML coordinates are WGS84 by definition, so the CRS counts as declared.
    return _Read(frame=gpd.GeoDataFrame(frame, geometry=frame.geometry.name, crs=WGS84), crs_declared=True)


def _read_kmz(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> _Read:
    files = safe_extract(data, tmp / "kmz", limits)
    kml = sorted((f for f in files if f.suffix.lower() == ".kml"), key=lambda f: f.name.lower() != "doc.kml")
    if not kml:
        raise UploadError("The KMZ contains no .kml file; export the layer again as KML or KMZ.")
    return _read_kml(kml[0].read_bytes(), tmp, limits, messages)


def _read_zip(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> _Read:
    files = [f for f in safe_extract(data, tmp / "zip", limits) if "__MACOSX" not in f.parts]
    shapefiles = [f for f in files if f.suffix.lower() == ".shp"]
    if not shapefiles:
        others = [f for f in files if f.suffix.lower() in (".geojson", ".json", ".gpkg", ".kml")]
        if len(others) == 1:
            inner = others[0]
            return _READERS[inner.suffix.lower()](inner.read_bytes(), tmp, limits, messages)
        found = ", ".join(display_text(f.name, 40) for f in files[:8]) or "nothing"
        raise UploadError(
            f"The zip contains no .shp file (found: {found}); zip the .shp, .shx, .dbf and .prj "
            "of one shapefile together."
        )
    shp = shapefiles[0]
    if len(shapefiles) > 1:
        messages.append(
            f"The zip holds {len(shapefiles)} shapefiles; only '{display_text(shp.name, 60)}' was loaded."
        )
    siblings = {
        f.suffix.lower(): f for f in files if f.parent == shp.parent and f.stem.lower() == shp.stem.lower()
    }
    missing = [ext for ext in (".shx", ".dbf") if ext not in siblings]
    if missing:
        raise UploadError(
            f"The zipped shapefile '{display_text(shp.name, 60)}' has no {' or '.join(missing)} file; "
            "a shapefile needs its .shp, .shx and .dbf (and .prj for the CRS) zipped together."
        )
    if ".prj" not in siblings:
        messages.append(
            "The shapefile has no .prj file, so its CRS is unknown; coordinates were checked as "
            "longitude/latitude degrees. Include the .prj to be sure."
        )
    _check_count(_feature_count(shp, tmp), limits)
    frame = _read_vector(shp, "Shapefile", tmp, messages)
    return _Read(frame=frame, crs_declared=frame.crs is not None)


def _read_csv(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> _Read:
    text = _decode(data, "CSV", messages)
    path = tmp / "upload.csv"
    path.write_text(text, encoding="utf-8")
    separator = sniff_delimiter(text)
    try:
        table = pd.read_csv(
            path, sep=separator, dtype=str, keep_default_na=False, skipinitialspace=True
        )
    except pd.errors.EmptyDataError as exc:
        raise UploadError("The CSV has no header row; the first line must name the columns.") from exc
    except pd.errors.ParserError as exc:
        raise UploadError(
            f"The CSV is malformed ({str(exc).strip()}); check quotes and separators, or export it again."
        ) from exc
    if table.empty:
        raise UploadError("The CSV has a header but no rows; nothing to show.")
    _check_count(len(table), limits)
    if is_acled(table.columns):
        events = read_events(table)
        messages.extend(events.attrs.pop("messages", []))
        return _Read(frame=events, crs_declared=True, kind="events", checked=True)
    lat_col, lon_col = find_lat_lon_columns([str(c) for c in table.columns])
    decimal_comma = separator != ","
    lat, bad_lat, blank_lat = parse_numbers(table[lat_col], decimal_comma)
    lon, bad_lon, blank_lon = parse_numbers(table[lon_col], decimal_comma)
    if decimal_comma and (table[lat_col].str.contains(",") | table[lon_col].str.contains(",")).any():
        messages.append(
            f"The CSV separates columns with '{separator}', so decimal commas such as 34,5 were read as 34.5."
        )
    bad = bad_lat | bad_lon
    blank = (blank_lat | blank_lon) & ~bad
    keep = ~(bad | blank)
    if not keep.any():
        first = np.flatnonzero(bad)
        if len(first):
            column = lat_col if bad_lat[first[0]] else lon_col
            value = display_text(table[column].iloc[first[0]], 40)
            detail = f"first bad value in {spreadsheet_rows(first, 1)}: '{value}'"
        else:
            detail = "all coordinate cells are empty"
        raise UploadError(
            f"No row has usable numbers in '{lat_col}' and '{lon_col}' ({detail}); "
            "write coordinates as decimal degrees such as 34.52 and 69.18."
        )
    if bad.any():
        messages.append(
            f"{_rows(int(bad.sum()))} dropped because '{lat_col}' or '{lon_col}' is not a number "
            f"(first at {spreadsheet_rows(np.flatnonzero(bad))})."
        )
    if blank.any():
        messages.append(
            f"{_rows(int(blank.sum()))} dropped for having no coordinates "
            f"(first at {spreadsheet_rows(np.flatnonzero(blank))})."
        )
    table = table.loc[keep].reset_index(drop=True)
    lon, lat = lon[keep], lat[keep]
    diagnosis = diagnose_lonlat(lon, lat, crs_declared=False, what="rows")
    messages.extend(diagnosis.messages)
    geometry = gpd.points_from_xy(lon, lat)
    if diagnosis.assume_crs is not None:
        geometry = gpd.GeoSeries(geometry, crs=diagnosis.assume_crs).to_crs(WGS84).values
    elif diagnosis.swap:
        geometry = gpd.points_from_xy(lat, lon)
    frame = gpd.GeoDataFrame(table, geometry=geometry, crs=WGS84)
    frame[lon_col] = frame.geometry.x
    frame[lat_col] = frame.geometry.y
    return _Read(frame=frame, crs_declared=True, checked=True)


_Reader = Callable[[bytes, Path, UploadLimits, list[str]], _Read]
_READERS: dict[str, _Reader] = {
    ".geojson": _read_geojson,
    ".json": _read_geojson,
    ".gpkg": _read_gpkg,
    ".kml": _read_kml,
    ".kmz": _read_kmz,
    ".zip": _read_zip,
    ".csv": _read_csv,
}


def _decode(data: bytes, what: str, messages: list[str]) -> str:
    try:
        text, encoding = decode_text(data)
    except UnreadableTextError as exc:
        raise UploadError(
            f"The file contains binary data, not {what} text; check you chose the right file."
        ) from exc
    if encoding == "latin-1":
        messages.append(
            "The file is not valid UTF-8 (or UTF-8 with BOM); it was read as Latin-1, so check accented "
            "names, and save as UTF-8 next time."
        )
    return text


def _read_vector(
    path: Path, what: str, tmp: Path, messages: list[str], layer: str | None = None
) -> gpd.GeoDataFrame:
    try:
        frame = pyogrio.read_dataframe(path, layer=layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.GeometryError,
            pyogrio.errors.FieldError, pyogrio.errors.CRSError) as exc:
        problem = _gdal_problem(exc, tmp)
        raise UploadError(f"The {what} could not be read ({problem}); export it again.") from exc
    except shapely.errors.GEOSException:
        frame = _read_tolerantly(path, layer, messages)
    if not isinstance(frame, gpd.GeoDataFrame):
        raise UploadError(f"The {what} has no geometry column; this is a table, not a map layer.")
    return frame


def _read_tolerantly(path: Path, layer: str | None, messages: list[str]) -> gpd.GeoDataFrame:
    """Second pass when some geometry is malformed (an unclosed ring, a one-point line).

    The fast reader decodes every geometry at once and fails on the first bad one; here
    each is decoded on its own, fixed where GEOS can (closing a ring) or set to null.
    """
    meta, _, wkb, fields = pyogrio.raw.read(path, layer=layer)
    fixed = shapely.from_wkb(wkb, on_invalid="fix")
    strict = shapely.from_wkb(wkb, on_invalid="ignore")
    had_geometry = np.array([w is not None for w in wkb], dtype=bool)
    lost = int((had_geometry & shapely.is_missing(fixed)).sum())
    mended = int((had_geometry & shapely.is_missing(strict) & ~shapely.is_missing(fixed)).sum())
    parts = []
    if mended:
        parts.append(f"{_features(mended)} fixed while reading")
    if lost:
        parts.append(f"{_features(lost)} unreadable and dropped")
    messages.append(
        "Some geometries were malformed (e.g. an unclosed polygon ring or a one-point line): "
        + " and ".join(parts) + "."
    )
    table = pd.DataFrame({name: values for name, values in zip(meta["fields"], fields, strict=True)})
    frame = gpd.GeoDataFrame(table, geometry=fixed, crs=meta["crs"])
    return frame[~shapely.is_missing(frame.geometry.values)]


def _list_layers(path: Path, what: str, tmp: Path) -> list:
    try:
        return list(pyogrio.list_layers(path))
    except pyogrio.errors.DataSourceError as exc:
        problem = _gdal_problem(exc, tmp)
        raise UploadError(f"The {what} could not be opened ({problem}); export it again.") from exc


def _feature_count(path: Path, tmp: Path, layer: str | None = None) -> int:
    try:
        return int(pyogrio.read_info(path, layer=layer).get("features") or 0)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        problem = _gdal_problem(exc, tmp)
        raise UploadError(f"The layer could not be opened ({problem}); export it again.") from exc


def _gdal_problem(exc: Exception, tmp: Path) -> str:
    """GDAL's message without our temp path in it, on one short line."""
    text = str(exc)
    for prefix in (str(tmp.resolve()), str(tmp)):
        text = text.replace(prefix + "/", "").replace(prefix, "")
    return display_text(text, 160)


def _check_count(count: int, limits: UploadLimits) -> None:
    if count > limits.max_features:
        raise UploadError(
            f"The file has {count:,} features or rows; the limit is {limits.max_features:,}. "
            "Filter it to the area or period you need."
        )


# --------------------------------------------------------------------------- clean-up


def _clean_features(read: _Read, limits: UploadLimits, messages: list[str]) -> gpd.GeoDataFrame:
    """Drop unusable geometries, settle the CRS, fix swapped axes, repair invalid shapes."""
    frame = read.frame
    _check_count(len(frame), limits)
    frame = _drop_unusable(frame, messages)
    if not read.checked:
        frame = _settle_crs(frame, read.crs_declared, messages)
        frame = _drop_unusable(frame, messages, after="reprojection")
        frame = _repair(frame, messages)
    frame = frame.reset_index(drop=True)
    frame.geometry = shapely.force_2d(frame.geometry.values)  # KML/GPKG heights are not drawn
    for column in frame.columns:
        if column != frame.geometry.name and pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%dT%H:%M:%S").str.replace("T00:00:00", "")
    return frame


def _drop_unusable(frame: gpd.GeoDataFrame, messages: list[str], after: str = "") -> gpd.GeoDataFrame:
    geoms = frame.geometry.values
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    not_finite = np.zeros(len(frame), dtype=bool)
    not_finite[np.unique(index[~np.isfinite(coords).all(axis=1)])] = True
    not_finite &= ~missing
    if missing.any() and not after:
        messages.append(f"Dropped {_features(int(missing.sum()))} without geometry (null or empty).")
    if not_finite.any():
        reason = f" after {after}" if after else ""
        count = _features(int(not_finite.sum()))
        messages.append(f"Dropped {count} with NaN or infinite coordinates{reason}.")
    keep = ~(missing | not_finite)
    if not keep.any():
        raise UploadError(
            "No feature has a usable geometry (all are null, empty or NaN); check the coordinates "
            "and export the layer again."
        )
    return frame.loc[keep]


def _is_text(series: pd.Series) -> bool:
    return series.dtype == object or pd.api.types.is_string_dtype(series)


def _has_values(series: pd.Series) -> bool:
    if _is_text(series):
        return bool((series.dropna().astype("string").str.strip() != "").any())
    return bool(series.notna().any())


def _features(n: int) -> str:
    return "1 feature" if n == 1 else f"{n:,} features"


def _rows(n: int) -> str:
    return "1 row was" if n == 1 else f"{n:,} rows were"


def _size(n: int) -> str:
    if n >= _MB:
        return f"{n / _MB:,.1f} MB"
    return f"{n / 1024:,.1f} KB" if n >= 1024 else f"{n:,} bytes"


def _settle_crs(frame: gpd.GeoDataFrame, declared: bool, messages: list[str]) -> gpd.GeoDataFrame:
    crs = frame.crs
    if declared and crs is not None and not CRS(crs).equals(WGS84, ignore_axis_order=True):
        try:
            frame = frame.to_crs(WGS84)
        except (CRSError, ValueError) as exc:
            raise UploadError(
                f"The declared CRS ({display_text(crs.to_string(), 60)}) cannot be converted to WGS84; "
                "re-export the layer in EPSG:4326."
            ) from exc
        messages.append(f"Reprojected from {_crs_label(crs)} to WGS84 (EPSG:4326).")
    bounds = shapely.bounds(frame.geometry.values)
    x, y = (bounds[:, 0] + bounds[:, 2]) / 2, (bounds[:, 1] + bounds[:, 3]) / 2
    diagnosis = diagnose_lonlat(x, y, crs_declared=declared)
    messages.extend(diagnosis.messages)
    if diagnosis.assume_crs is not None:
        return frame.set_crs(diagnosis.assume_crs, allow_override=True).to_crs(WGS84)
    frame = frame.set_crs(WGS84, allow_override=True)
    if diagnosis.swap:
        frame = frame.copy()
        frame.geometry = shapely.transform(frame.geometry.values, lambda c: c[:, ::-1])
    return frame


def _crs_label(crs: CRS) -> str:
    code = crs.to_epsg()
    return f"EPSG:{code} ({crs.name})" if code else display_text(crs.name, 60)


def _repair(frame: gpd.GeoDataFrame, messages: list[str]) -> gpd.GeoDataFrame:
    """make_valid each invalid geometry, keeping only parts of its original dimension."""
    geoms = frame.geometry.values.copy()
    invalid = np.flatnonzero(~shapely.is_valid(np.asarray(geoms)))
    if not len(invalid):
        return frame
    dropped = np.zeros(len(frame), dtype=bool)
    for i in invalid:
        original = geoms[i]
        fixed = _same_dimension(shapely.make_valid(original), shapely.get_dimensions(original))
        if fixed is None:
            dropped[i] = True
        else:
            geoms[i] = fixed
    repaired = len(invalid) - int(dropped.sum())
    frame = frame.copy()
    frame.geometry = geoms
    if repaired:
        messages.append(
            f"Repaired {_features(repaired)} with invalid geometry (e.g. a self-intersecting polygon) "
            "using make_valid, keeping each geometry's type."
        )
    if dropped.any():
        messages.append(f"Dropped {_features(int(dropped.sum()))} with invalid geometry that collapsed "
                        "to a lower dimension when repaired (e.g. a polygon with no area).")
        frame = frame.loc[~dropped]
        if frame.empty:
            raise UploadError(
                "Every geometry was invalid beyond repair; fix the layer in a GIS and export it again."
            )
    return frame


def _same_dimension(geom, dimension: int):
    """The parts of a repaired ``geom`` with the original dimension (``None`` if none survive).

    ``make_valid`` turns a bow-tie into polygons plus a stray line; a polygon layer must
    stay polygons or styling and area maths break.
    """
    if dimension == 2:
        return polygonal_part(geom)
    if dimension == 1:
        return linear_part(geom)
    return None if geom.is_empty else geom


# --------------------------------------------------------------------------- notes


def _note_duplicate_ids(frame: gpd.GeoDataFrame, feature_ids: list | None, messages: list[str]) -> None:
    candidates: list[tuple[str, pd.Series]] = []
    if feature_ids and any(i is not None for i in feature_ids):
        candidates.append(("GeoJSON feature id", pd.Series([str(i) for i in feature_ids if i is not None])))
    for column in frame.columns:
        if re.sub(r"[^a-z0-9]", "", str(column).lower()) in _ID_COLUMNS:
            values = frame[column].dropna().astype("string")
            candidates.append((f"'{display_text(column, 40)}' value", values[values.str.strip() != ""]))
    for label, values in candidates:
        duplicated = values[values.duplicated(keep=False)]
        if len(duplicated):
            messages.append(
                f"{len(duplicated):,} features have the same {label} as another feature "
                f"(e.g. '{display_text(duplicated.iloc[0], 40)}'); all were kept, but selecting or "
                "joining by that id may be ambiguous."
            )


def _note_formula_cells(frame: gpd.GeoDataFrame, messages: list[str]) -> None:
    count = 0
    for column in frame.columns:
        series = frame[column]
        if column == frame.geometry.name or not _is_text(series):
            continue
        text = series.dropna().astype("string")
        starts = text[text.str.startswith(FORMULA_PREFIXES)]
        count += sum(1 for value in starts if neutralise_cell(value) != value)
    if count:
        messages.append(
            f"{count:,} text cells start with =, +, -, @ or a tab, which spreadsheets run as formulas; "
            "they are shown as text and prefixed with ' in CSV exports."
        )
