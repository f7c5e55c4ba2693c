"""Make an uploaded layer usable: drop unusable geometries, settle the CRS, repair invalid shapes.

Repairs are made only where they are unambiguous, and each one is reported as a
sentence in ``messages`` so the analyst knows what changed in their data.
"""

from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo.core import WGS84, linear_part, polygonal_part
from geo.uploads.coordinates import diagnose_lonlat
from geo.uploads.display import date_text
from geo.uploads.model import RawLayer, UploadError, UploadLimits, check_count, features_phrase
from geo.uploads.safe_text import display_text


def clean_features(read: RawLayer, limits: UploadLimits, messages: list[str]) -> gpd.GeoDataFrame:
    """Drop unusable geometries, settle the CRS, fix swapped axes, repair invalid shapes."""
    frame = read.frame
    check_count(len(frame), limits)
    frame = _drop_unusable(frame, messages)
    if not read.checked:
        frame = _settle_crs(frame, read.crs_declared, messages)
        frame = _drop_unusable(frame, messages, after="reprojection")
        frame = _repair(frame, messages)
    frame = frame.reset_index(drop=True)
    frame.geometry = shapely.force_2d(frame.geometry.values)  # KML/GPKG heights are not drawn
    frame = _flatten_collections(frame, messages)
    for column in frame.columns:
        if column != frame.geometry.name and pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = date_text(frame[column])
    return _nested_as_json(frame, messages)


def _nested_as_json(frame: gpd.GeoDataFrame, messages: list[str]) -> gpd.GeoDataFrame:
    """Properties holding a list or an object (GeoJSON ``"tags": ["x", "y"]``) as their JSON text.

    Read as Python lists, dicts or NumPy arrays they reached the preview, tooltips and the CSV
    download as Python's own notation (``['x' 'y']``, ``{'a': 1}``); JSON is what the file
    said, and every program reads it. The user is told which columns.
    """
    nested = []
    for column in frame.columns:
        if column == frame.geometry.name or frame[column].dtype != object:
            continue
        values = frame[column].tolist()
        if any(isinstance(v, (list, tuple, dict, np.ndarray)) for v in values):
            frame[column] = pd.Series([_json_text(v) for v in values], index=frame.index, dtype=object)
            nested.append(display_text(column, 40))
    if nested:
        messages.append(
            f"{'Column' if len(nested) == 1 else 'Columns'} {', '.join(repr(c) for c in nested)} "
            f"{'holds' if len(nested) == 1 else 'hold'} lists or objects; they are shown and downloaded as "
            "their JSON text."
        )
    return frame


def _json_text(value):
    """A list, dict or array as compact JSON text (letters as written); any other value unchanged."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _flatten_collections(frame: gpd.GeoDataFrame, messages: list[str]) -> gpd.GeoDataFrame:
    """GeometryCollections (GeoJSON, KML ``MultiGeometry``) made one level deep, without empty parts.

    A collection is a legitimate geometry (a crossing point plus its approach road) and is
    kept as one feature; the map draws its parts separately. Nested collections and empty
    parts add nothing but trip renderers, so they are flattened, and the user is told.
    """
    geoms = frame.geometry.values
    is_collection = shapely.get_type_id(geoms) == shapely.GeometryType.GEOMETRYCOLLECTION
    if not is_collection.any():
        return frame
    changed = 0
    out = np.array(geoms, dtype=object)
    for i in np.flatnonzero(is_collection):
        children = list(geoms[i].geoms)
        if any(child.is_empty or child.geom_type == "GeometryCollection" for child in children):
            out[i] = shapely.GeometryCollection(_leaf_parts(geoms[i]))
            changed += 1
    count = int(is_collection.sum())
    note = (f"{features_phrase(count)} {'is a GeometryCollection' if count == 1 else 'are GeometryCollections'} "
            "(mixed points, lines or areas in one feature); each is kept as one feature and its parts are "
            "drawn separately")
    if changed:
        note += (f", and {features_phrase(changed)} had nested collections or empty parts, which were "
                 "flattened or left out")
    messages.append(note + ".")
    if changed:
        frame = frame.copy()
        frame.geometry = gpd.array.from_shapely(out, crs=frame.crs)
    return frame


def _leaf_parts(geom) -> list:
    if shapely.get_type_id(geom) == shapely.GeometryType.GEOMETRYCOLLECTION:
        return [leaf for part in geom.geoms for leaf in _leaf_parts(part)]
    return [] if geom.is_empty else [geom]


def _drop_unusable(frame: gpd.GeoDataFrame, messages: list[str], after: str = "") -> gpd.GeoDataFrame:
    geoms = frame.geometry.values
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    not_finite = np.zeros(len(frame), dtype=bool)
    not_finite[np.unique(index[~np.isfinite(coords).all(axis=1)])] = True
    not_finite &= ~missing
    if missing.any() and not after:
        messages.append(f"Dropped {features_phrase(int(missing.sum()))} without geometry (null or empty).")
    if not_finite.any():
        reason = f" after {after}" if after else ""
        count = features_phrase(int(not_finite.sum()))
        messages.append(f"Dropped {count} with NaN or infinite coordinates{reason}.")
    keep = ~(missing | not_finite)
    if not keep.any():
        raise UploadError(
            "No feature has a usable geometry (all are null, empty or NaN); check the coordinates "
            "and export the layer again."
        )
    return frame.loc[keep]


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
    if diagnosis.drop is not None:
        frame = frame.loc[~diagnosis.drop]
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
        if original.geom_type == "GeometryCollection":
            # Mixed on purpose: keep every repaired part, whatever its dimension.
            geoms[i] = shapely.make_valid(original)
            continue
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
            f"Repaired {features_phrase(repaired)} with invalid geometry (e.g. a self-intersecting polygon) "
            "using make_valid, keeping each geometry's type."
        )
    if dropped.any():
        messages.append(f"Dropped {features_phrase(int(dropped.sum()))} with invalid geometry that collapsed "
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
