"""One reader per upload format: bytes in, a :class:`~geo.uploads.model.RawLayer` out.

Each reader writes the bytes under the caller's temp folder with a fixed name
(``upload.geojson`` …), never the user's file name, refuses what its format must not
contain (an XML entity, a zip without its .shx), and checks the feature count against
:class:`~geo.uploads.model.UploadLimits`. Shared clean-up (CRS, repair) happens after, in
:mod:`geo.uploads.repair`.
"""

from __future__ import annotations

import codecs
import io
import json
import math
import re
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET

from geo.core import WGS84, count_phrase
from geo.uploads.csv_reader import read_csv
from geo.uploads.model import RawLayer, UploadError, UploadLimits, check_count, features_phrase
from geo.uploads.notes import has_values
from geo.uploads.safe_text import ENCODING_NAMES, UNICODE_ENCODINGS, UnreadableTextError, decode_text, display_text
from geo.uploads.safe_zip import safe_extract
from geo.uploads.vector_io import decode_upload, feature_count, list_layers, read_vector

_GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                   "GeometryCollection"}
# Files a zip may carry beside the layer that are never part of it: macOS's AppleDouble
# resource forks (`._sites.shp`, beside the file or under __MACOSX/) and Finder's .DS_Store.
_MACOS_JUNK = re.compile(r"^(\._.*|\.DS_Store)$")
_KML_STYLING = {"tessellate", "extrude", "visibility", "drawOrder", "icon", "altitudeMode"}
_GPKG_MAGIC = b"SQLite format 3\x00"


def read_geojson(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> RawLayer:
    """A GeoJSON document, checked as JSON first so errors can name the line and column."""
    text = decode_upload(data, "GeoJSON", messages)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        document = _geojson_sequence(text, exc, messages)
        text = json.dumps(document)
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
        if _text_coordinates_read_as_numbers(features, messages) | _without_nul(features, messages):
            text = json.dumps(document)
    elif document["type"] == "Topology":
        raise UploadError("The file is TopoJSON, not GeoJSON; convert it to GeoJSON first.")
    path = tmp / "upload.geojson"
    path.write_text(text, encoding="utf-8")
    # DATE_AS_STRING keeps "2022-07-31T06:18:00+04:30" as written instead of shifting it to UTC.
    frame = read_vector(path, "GeoJSON", tmp, messages, DATE_AS_STRING="YES")
    return RawLayer(frame=frame, crs_declared="crs" in document, feature_ids=ids)


def _numbers(value: object) -> tuple[object, list[str]]:
    """``value`` (a GeoJSON ``coordinates`` member) with numbers written as text made numbers; the texts changed."""
    if isinstance(value, list):
        out, changed = [], []
        for item in value:
            new, texts = _numbers(item)
            out.append(new)
            changed += texts
        return out, changed
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[-+]?\d+,\d+", text):  # a decimal comma, as a European spreadsheet writes it
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return value, []
        return (number, [value]) if math.isfinite(number) else (value, [])
    return value, []


def _geometry_numbers(geometry: object) -> list[str]:
    """Make a GeoJSON geometry's coordinates written as text (``"69.18"``) numbers, in place; the texts changed."""
    if not isinstance(geometry, dict):
        return []
    changed = []
    for part in geometry.get("geometries") or []:
        changed += _geometry_numbers(part)
    if "coordinates" in geometry:
        geometry["coordinates"], texts = _numbers(geometry["coordinates"])
        changed += texts
    return changed


def _text_coordinates_read_as_numbers(features: list, messages: list[str]) -> bool:
    """Coordinates written as text (``["69.18", "34.53"]``) read as the numbers they spell, saying so.

    GDAL reads such a geometry as none, and the feature was dropped as "null or empty": the
    wrong cause, and the position lost. Whether any was changed.
    """
    changed = [(f, texts) for f in features if isinstance(f, dict) and (texts := _geometry_numbers(f.get("geometry")))]
    if changed:
        example = display_text(changed[0][1][0], 20)
        comma = next((t for _, texts in changed for t in texts if "," in t), None)
        messages.append(f"{features_phrase(len(changed))} had coordinates written as text (\"{example}\"), not "
                        "numbers; they were read as the numbers they spell"
                        + (f", a decimal comma as a point (\"{display_text(comma, 20)}\" as "
                           f"{comma.strip().replace(',', '.')})." if comma else "."))
    return bool(changed)


def _without_nul(features: list, messages: list[str]) -> bool:
    r"""Replace NUL characters in property text by spaces, saying so; whether any was found.

    GDAL's reader ends a text at a NUL (a C string), so ``"a\\u0000b c"`` showed as ``a``
    and the rest was lost without a word; a space keeps the rest, as every other control
    character is shown (:func:`geo.uploads.display_text`).
    """
    found = 0
    for feature in features:
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            continue
        for key, value in props.items():
            if isinstance(value, str) and "\x00" in value:
                props[key] = value.replace("\x00", " ")
                found += 1
    if found:
        messages.append(f"{count_phrase(found, 'text value')} held a NUL character, which would have cut "
                        f"{'it' if found == 1 else 'them'} short; it was replaced by a space.")
    return bool(found)


def _geojson_sequence(text: str, error: json.JSONDecodeError, messages: list[str]) -> dict:
    """A FeatureCollection from newline-delimited GeoJSON (GeoJSONSeq, RFC 8142, ``.geojsonl``).

    Tried only when the whole text is not one JSON value and its first line is one: each
    non-blank line (or record-separator record) must then be a Feature or a geometry.
    """
    records = [r for r in re.split(r"[\n\x1e]", text) if r.strip()]
    try:
        first = json.loads(records[0]) if len(records) > 1 else None
    except (json.JSONDecodeError, RecursionError):
        first = None
    if not isinstance(first, dict):
        raise UploadError(
            f"The GeoJSON is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}. "
            "Fix the file there or export it again."
        ) from error
    features = []
    for number, line in enumerate(text.split("\n"), start=1):
        for record in line.split("\x1e"):
            if not record.strip():
                continue
            try:
                item = json.loads(record)
            except (json.JSONDecodeError, RecursionError) as exc:
                raise UploadError(
                    f"Line {number} of the newline-delimited GeoJSON is not valid JSON"
                    f"{f' ({exc.msg})' if isinstance(exc, json.JSONDecodeError) else ''}; "
                    "fix that line or export the layer again."
                ) from exc
            if isinstance(item, dict) and item.get("type") == "Feature":
                features.append(item)
            elif isinstance(item, dict) and item.get("type") in _GEOMETRY_TYPES:
                features.append({"type": "Feature", "properties": {}, "geometry": item})
            else:
                raise UploadError(
                    f"Line {number} of the newline-delimited GeoJSON is not a Feature or a geometry; "
                    "put one GeoJSON Feature on each line, or export the layer as one FeatureCollection."
                )
    messages.append(
        f"The file is newline-delimited GeoJSON (GeoJSONSeq): {features_phrase(len(features))} read, one per line."
    )
    return {"type": "FeatureCollection", "features": features}


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
    """Every placemark of every KML folder, with the folder's name as a column, without LIBKML's styling columns.

    The XML is first streamed through ``defusedxml``, which refuses a DTD or ENTITY
    declaration where XML has them (the prolog) and nowhere else: HTML inside a CDATA
    description that begins ``<!DOCTYPE html>`` is text, as any XML parser knows.
    """
    data = kml_as_utf8(data, messages)
    folders = _kml_folders(data)
    path = tmp / "upload.kml"
    path.write_bytes(data)
    frames = []
    for layer, _ in list_layers(path, "KML", tmp):
        part = read_vector(path, "KML", tmp, messages, layer=str(layer))
        if len(part):
            if folders:  # LIBKML reads each folder as a layer, naming repeats "Crossings (#2)"
                part = part.assign(**{_FOLDER: _folder_of(str(layer), folders)})
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
    if folders and _FOLDER in frame.columns:
        frame = frame.rename(columns={_FOLDER: "folder" if "folder" not in frame.columns else "kml_folder"})
    # KML coordinates are WGS84 by definition, so the CRS counts as declared; a description is HTML by definition.
    return RawLayer(frame=gpd.GeoDataFrame(frame, geometry=frame.geometry.name, crs=WGS84), crs_declared=True,
                    html_columns=tuple(str(c) for c in frame.columns if str(c).lower() == "description"))


_FOLDER = "__kml_folder"
_XML_DECLARATION = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])([A-Za-z0-9._-]+)\2""")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def kml_as_utf8(data: bytes, messages: list[str]) -> bytes:
    """A KML's bytes as UTF-8, its XML declaration saying so: the one encoding GDAL's KML drivers read throughout.

    A file declaring ``encoding="windows-1252"`` (valid XML; Windows tools write it) was
    refused as damaged. The declared encoding is used when Python knows it; a file with no
    declaration that is not UTF-8 is decoded like an uploaded CSV, and the guess is noted.

    Raises
    ------
    UploadError
        The declared encoding is unknown, or the bytes are not in it.
    """
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or not data.strip():
        return data  # a byte-order mark says it all; expat reads UTF-8 and UTF-16
    declared = _XML_DECLARATION.match(data[:300].decode("latin-1"))
    if declared is None:
        return data if _is_utf8(data) else decode_upload(data, "KML", messages).encode("utf-8")
    name = declared.group(3)
    try:
        codec = declared_codec = codecs.lookup(name).name
        if codec != "utf-8" and not data.isascii() and _is_utf8(data):
            # Bytes that are valid UTF-8 beyond ASCII are UTF-8 whatever the declaration says (a single-byte
            # code page almost never forms UTF-8's multi-byte sequences): read in it, they were mojibake
            # with control characters ("Qalâ\x80\x99a").
            messages.append(f"The KML declares the encoding '{display_text(name, 30)}' but its text is UTF-8; it was "
                            "read as UTF-8, so check that names read right.")
            codec = "utf-8"
        text = data.decode(codec)
    except LookupError:
        raise UploadError(f"The KML declares the encoding '{display_text(name, 30)}', which is not known; "
                          "save it again as UTF-8.") from None
    except UnicodeDecodeError:
        raise UploadError(f"The KML declares the encoding '{display_text(name, 30)}' but its text is not in it; "
                          "save it again as UTF-8.") from None
    if declared_codec == "utf-8":
        return data
    return _XML_DECLARATION.sub(lambda m: f"{m.group(1)}{m.group(2)}UTF-8{m.group(2)}", text, count=1).encode("utf-8")


def _kml_folders(data: bytes) -> set[str]:
    """The names of the KML's folders, read with ``defusedxml`` so a DTD or entity is refused.

    A file that is not well-formed *after* its root element opened is left for GDAL to
    judge (the prolog, where a DTD lives, was clean); one broken before that is refused.
    """
    names: set[str] = set()
    root_seen = False
    try:
        for event, element in DefusedET.iterparse(io.BytesIO(data), events=("start", "end"), forbid_dtd=True):
            root_seen = True
            if event != "end":
                continue
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "Folder":
                name = next((c.text for c in element if c.tag.rsplit("}", 1)[-1] == "name" and c.text), None)
                if name and name.strip():
                    names.add(name.strip())
                element.clear()
            elif tag == "Placemark":
                element.clear()
    except DefusedXmlException as exc:
        raise UploadError(
            "The KML declares a DOCTYPE or ENTITY in its XML prolog, which real KML never needs and XML "
            "entity attacks use; export the layer again."
        ) from exc
    except DefusedET.ParseError as exc:
        if not root_seen:
            line, column = getattr(exc, "position", (0, 0))
            raise UploadError(
                f"The KML is not well-formed XML before its first element (line {line}, column {column}); "
                "export the layer again."
            ) from exc
    return names


def _folder_of(layer: str, folders: set[str]) -> str:
    base = re.sub(r" \(#\d+\)$", "", layer)
    return base if base in folders else ""
def read_kmz(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> RawLayer:
    """The KML inside a KMZ (``doc.kml`` first), unpacked with the zip safety checks."""
    files = [f for f in safe_extract(data, tmp / "kmz", limits) if not _is_macos_junk(f)]
    kml = sorted((f for f in files if f.suffix.lower() == ".kml"), key=lambda f: f.name.lower() != "doc.kml")
    if not kml:
        raise UploadError("The KMZ contains no .kml file; export the layer again as KML or KMZ.")
    if len(kml) > 1:  # Google Earth opens doc.kml (or the first); the others are reached by its links
        others = ", ".join(display_text(f.name, 40) for f in kml[1:4]) + (" …" if len(kml) > 4 else "")
        messages.append(
            f"The KMZ holds {len(kml)} KML files; only '{display_text(kml[0].name, 40)}' was loaded, as Google "
            f"Earth opens it, not {others}; unzip the KMZ and upload another one on its own to see it."
        )
    return read_kml(kml[0].read_bytes(), tmp, limits, messages)


def read_zip(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> RawLayer:
    """The shapefile in a zip (or the one GeoJSON/GeoPackage/KML zipped on its own).

    A shapefile without its .shx or .dbf is refused with a sentence naming the missing part.
    """
    files = [f for f in safe_extract(data, tmp / "zip", limits) if not _is_macos_junk(f)]
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
    encoding = dbf_encoding(siblings[".dbf"]) if ".cpg" not in siblings else None
    if encoding is not None and encoding not in UNICODE_ENCODINGS:
        messages.append(
            f"The shapefile does not say how its text is encoded (no .cpg file); it was read as "
            f"{ENCODING_NAMES.get(encoding, encoding)}, so check that names read right, and zip the .cpg too next time."
        )
    frame = read_vector(shp, "Shapefile", tmp, messages, **({"encoding": encoding} if encoding else {}))
    return RawLayer(frame=frame, crs_declared=frame.crs is not None)


def dbf_encoding(dbf: Path) -> str | None:
    r"""The encoding of a shapefile's ``.dbf`` text when nothing declares it; ``None`` when it is declared or ASCII.

    Without a ``.cpg`` file or a language driver id (byte 29 of the dBASE header), GDAL reads
    the text as ISO-8859-1, the dBASE default: Windows software's Windows-1252 apostrophes
    became C1 control characters (``Qal\x92a``) and a UTF-8 file lost its letters (``CafÃ©``).
    The records are decoded like an uploaded CSV (:func:`geo.uploads.safe_text.decode_text`:
    strict UTF-8, then the region's Windows code pages).

    Parameters
    ----------
    dbf
        The ``.dbf`` file (dBASE III: 32-byte header, its length in bytes 8-9, little-endian).

    Returns
    -------
    str or None
        A Python codec name (``"utf-8"``, ``"cp1252"``, ``"cp1251"`` …) to read the text with.
    """
    raw = dbf.read_bytes()
    if len(raw) < 32 or raw[29] != 0:  # a language driver id: GDAL reads it
        return None
    records = raw[int.from_bytes(raw[8:10], "little"):]
    if records.isascii():
        return None
    try:
        return decode_text(records.rstrip(b"\x1a"))[1]
    except UnreadableTextError:
        return None


def _is_macos_junk(path: Path) -> bool:
    """Whether ``path`` is macOS metadata zipped beside a layer: ``__MACOSX/…``, ``._name`` AppleDouble, ``.DS_Store``."""
    return "__MACOSX" in path.parts or bool(_MACOS_JUNK.match(path.name))


_Reader = Callable[[bytes, Path, UploadLimits, list[str]], RawLayer]
#: Extension → reader; the keys are those of :data:`geo.uploads.read.ACCEPTED_FORMATS`.
READERS: dict[str, _Reader] = {
    ".geojson": read_geojson,
    ".json": read_geojson,
    ".geojsonl": read_geojson,
    ".geojsons": read_geojson,
    ".gpkg": read_gpkg,
    ".kml": read_kml,
    ".kmz": read_kmz,
    ".zip": read_zip,
    ".csv": read_csv,
    ".tsv": read_csv,
}
