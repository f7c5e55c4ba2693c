"""One reader per upload format: bytes in, a :class:`~geo.uploads.model.RawLayer` out.

Each reader writes the bytes under the caller's temp folder with a fixed name
(``upload.geojson`` …), never the user's file name, refuses what its format must not
contain (an XML entity, a zip without its .shx), and checks the feature count against
:class:`~geo.uploads.model.UploadLimits`. Shared clean-up (CRS, repair) happens after, in
:mod:`geo.uploads.repair`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.core import WGS84
from geo.uploads.csv_reader import read_csv
from geo.uploads.model import RawLayer, UploadError, UploadLimits, check_count
from geo.uploads.notes import has_values
from geo.uploads.safe_text import display_text
from geo.uploads.safe_zip import safe_extract
from geo.uploads.vector_io import decode_upload, feature_count, list_layers, read_vector

_KML_STYLING = {"tessellate", "extrude", "visibility", "drawOrder", "icon", "altitudeMode"}
_GPKG_MAGIC = b"SQLite format 3\x00"


def read_geojson(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> RawLayer:
    """A GeoJSON document, checked as JSON first so errors can name the line and column."""
    text = decode_upload(data, "GeoJSON", messages)
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
        check_count(len(features), limits)
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
    frame = read_vector(path, "GeoJSON", tmp, messages)
    return RawLayer(frame=frame, crs_declared="crs" in document, feature_ids=ids)


def read_gpkg(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> RawLayer:
    """The first map layer of a GeoPackage (tables without geometry are skipped)."""
    if not data.startswith(_GPKG_MAGIC):
        raise UploadError("The file is not a GeoPackage (it is not an SQLite database); check the file.")
    path = tmp / "upload.gpkg"
    path.write_bytes(data)
    layers = list_layers(path, "GeoPackage", tmp)
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
    check_count(feature_count(path, tmp, layer=chosen), limits)
    frame = read_vector(path, "GeoPackage", tmp, messages, layer=chosen)
    return RawLayer(frame=frame, crs_declared=frame.crs is not None)


def read_kml(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> RawLayer:
    """Every placemark of every KML folder, without LIBKML's styling columns."""
    lowered = data.lower()
    if b"<!doctype" in lowered or b"<!entity" in lowered:
        raise UploadError(
            "The KML declares a DOCTYPE/ENTITY, which real KML never needs and XML entity attacks use; "
            "export the layer again."
        )
    path = tmp / "upload.kml"
    path.write_bytes(data)
    frames = []
    for layer, _ in list_layers(path, "KML", tmp):
        part = read_vector(path, "KML", tmp, messages, layer=str(layer))
        if len(part):
            frames.append(part)
    if not frames:
        raise UploadError("The KML has no placemarks; nothing to show.")
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    check_count(len(frame), limits)
    # LIBKML adds styling columns (tessellate, drawOrder, …) that are not the analyst's data.
    frame = frame[[
        c for c in frame.columns
        if c == frame.geometry.name or (c not in _KML_STYLING and has_values(frame[c]))
    ]]
    # KML coordinates are WGS84 by definition, so the CRS counts as declared.
    return RawLayer(frame=gpd.GeoDataFrame(frame, geometry=frame.geometry.name, crs=WGS84), crs_declared=True)


def read_kmz(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> RawLayer:
    """The KML inside a KMZ (``doc.kml`` first), unpacked with the zip safety checks."""
    files = safe_extract(data, tmp / "kmz", limits)
    kml = sorted((f for f in files if f.suffix.lower() == ".kml"), key=lambda f: f.name.lower() != "doc.kml")
    if not kml:
        raise UploadError("The KMZ contains no .kml file; export the layer again as KML or KMZ.")
    return read_kml(kml[0].read_bytes(), tmp, limits, messages)


def read_zip(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> RawLayer:
    """The shapefile in a zip (or the one GeoJSON/GeoPackage/KML zipped on its own).

    A shapefile without its .shx or .dbf is refused with a sentence naming the missing part.
    """
    files = [f for f in safe_extract(data, tmp / "zip", limits) if "__MACOSX" not in f.parts]
    shapefiles = [f for f in files if f.suffix.lower() == ".shp"]
    if not shapefiles:
        others = [f for f in files if f.suffix.lower() in (".geojson", ".json", ".gpkg", ".kml")]
        if len(others) == 1:
            inner = others[0]
            return READERS[inner.suffix.lower()](inner.read_bytes(), tmp, limits, messages)
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
    check_count(feature_count(shp, tmp), limits)
    frame = read_vector(shp, "Shapefile", tmp, messages)
    return RawLayer(frame=frame, crs_declared=frame.crs is not None)


_Reader = Callable[[bytes, Path, UploadLimits, list[str]], RawLayer]
#: Extension → reader; the keys are those of :data:`geo.uploads.read.ACCEPTED_FORMATS`.
READERS: dict[str, _Reader] = {
    ".geojson": read_geojson,
    ".json": read_geojson,
    ".gpkg": read_gpkg,
    ".kml": read_kml,
    ".kmz": read_kmz,
    ".zip": read_zip,
    ".csv": read_csv,
}
