"""Generators for the bad-input suite: every hostile or sloppy upload is built here, in code.

Nothing is committed as a binary fixture: each :class:`BadFile` says how to make its bytes,
what the reader must say about it (a regular expression matched against the
``UploadError`` text, or against one of the result's messages) and, for files that load,
what the repaired layer must look like. Coordinates are round numbers inside the map
region (Afghanistan is roughly 60–75 °E, 29–39 °N); they stand for no real place.
"""

from __future__ import annotations

import io
import json
import stat
import struct
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import Point, Polygon

from geo.uploads import UploadLimits, UploadResult

PERSIAN = "مزار\u200cشریف"  # with a zero-width non-joiner, which Persian spelling needs
PASHTO = "پېښور"
SCRIPT = "<img src=x onerror=alert(1)>"


@dataclass(frozen=True)
class BadFile:
    """One generated upload and what must happen to it.

    ``error`` is a regex for the ``UploadError`` text; when it is ``None`` the file must
    load, ``message`` (if given) must match one of ``result.messages`` and ``check`` (if
    given) asserts the repaired layer.
    """

    id: str
    filename: str
    make: Callable[[], bytes]
    error: str | None = None
    message: str | None = None
    check: Callable[[UploadResult], None] | None = None
    limits: UploadLimits = field(default_factory=UploadLimits)


# --------------------------------------------------------------------------- builders


def feature(geometry: dict | None, fid=None, **properties) -> dict:
    out = {"type": "Feature", "properties": properties, "geometry": geometry}
    if fid is not None:
        out["id"] = fid
    return out


def point(x: float, y: float) -> dict:
    return {"type": "Point", "coordinates": [x, y]}


def geojson(features: list[dict], crs: str | None = None) -> bytes:
    document: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def three_points() -> list[dict]:
    return [feature(point(65 + i, 34), name=f"p{i}") for i in range(3)]


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, payload in entries.items():
            archive.writestr(zipfile.ZipInfo(name), payload, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def symlink_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("layer.geojson")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()


def zip_bomb(megabytes: int = 50) -> bytes:
    """Tens of MB of zeros in a few tens of kB: small enough to build in a test."""
    return zipped({"layer.geojson": b"\0" * (megabytes * 1024 * 1024)})


def lying_zip() -> bytes:
    """2 MB of data whose local and central headers both claim 100 bytes."""
    data = bytearray(zipped({"layer.geojson": b" " * (2 * 1024 * 1024)}))
    struct.pack_into("<I", data, 22, 100)  # local file header: uncompressed size
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)
    return bytes(data)


def frame_file(frame: gpd.GeoDataFrame, suffix: str, driver: str, **kwargs) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"layer{suffix}"
        pyogrio.write_dataframe(frame, path, driver=driver, **kwargs)
        return path.read_bytes()


def utm_frame() -> gpd.GeoDataFrame:
    """Two points given in UTM zone 42N (EPSG:32642) metres."""
    points = [Point(69.0, 34.5), Point(68.0, 35.0)]
    wgs = gpd.GeoDataFrame({"name": [PERSIAN, "b"]}, geometry=points, crs=4326)
    return wgs.to_crs(32642)


def shapefile_zip(*, drop: tuple[str, ...] = ()) -> bytes:
    frame = gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[Point(66, 34), Point(67, 35)], crs=4326)
    with tempfile.TemporaryDirectory() as tmp:
        pyogrio.write_dataframe(frame, Path(tmp) / "roads.shp", driver="ESRI Shapefile")
        parts = {p.name: p.read_bytes() for p in Path(tmp).iterdir() if p.suffix not in drop}
    return zipped(parts)


def attribute_only_gpkg() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "table.gpkg"
        pyogrio.write_dataframe(pd.DataFrame({"name": ["a"]}), path, driver="GPKG")
        return path.read_bytes()


def kml(names: list[str], extra_head: str = "") -> bytes:
    marks = "".join(
        f"<Placemark><name>{n}</name><Point><coordinates>{66 + i},34,0</coordinates></Point></Placemark>"
        for i, n in enumerate(names)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{extra_head}'
        f'<kml xmlns="http://www.opengis.net/kml/2.2"><Document>{marks}</Document></kml>'
    ).encode()


def csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


ACLED_HEADER = (
    "event_id_cnty,event_date,event_type,sub_event_type,actor1,admin1,location,latitude,longitude,"
    "fatalities,source,notes\n"
)


def acled(*rows: str) -> bytes:
    return (ACLED_HEADER + "\n".join(rows) + "\n").encode("utf-8")


def acled_row(i: int, date: str = "2024-01-31", fatalities: str = "1", lat: str = "34.5") -> str:
    place = f"Province {i},Place {i}"
    return f"E{i},{date},Battles,Armed clash,Actor A,{place},{lat},69.{i},{fatalities},Src,Note"


# --------------------------------------------------------------------------- checks


def names_are(*expected: str, column: str = "name") -> Callable[[UploadResult], None]:
    def check(result: UploadResult) -> None:
        assert list(result.frame[column]) == list(expected)

    return check


def near(lon: float, lat: float, tolerance: float = 1e-3) -> Callable[[UploadResult], None]:
    def check(result: UploadResult) -> None:
        first = result.frame.geometry.iloc[0]
        assert abs(first.x - lon) < tolerance and abs(first.y - lat) < tolerance, first.wkt
        assert result.frame.crs.to_epsg() == 4326

    return check


def count_is(n: int) -> Callable[[UploadResult], None]:
    def check(result: UploadResult) -> None:
        assert len(result.frame) == n

    return check


def all_valid_polygons(result: UploadResult) -> None:
    assert result.frame.is_valid.all()
    assert set(result.frame.geom_type) <= {"Polygon", "MultiPolygon"}


def kabul_3857() -> tuple[float, float]:
    x, y = gpd.GeoSeries([Point(69.0, 34.5)], crs=4326).to_crs(3857).iloc[0].coords[0]
    return x, y


BOW_TIE = {"type": "Polygon", "coordinates": [[[65, 34], [66, 35], [66, 34], [65, 35], [65, 34]]]}
FLAT = {"type": "Polygon", "coordinates": [[[65, 34], [66, 35], [67, 36], [65, 34]]]}
SQUARE = shapely.geometry.mapping(Polygon([(65, 34), (66, 34), (66, 35), (65, 35)]))


# --------------------------------------------------------------------------- the table

CASES: list[BadFile] = [
    # --- size, emptiness, format
    BadFile("empty-file", "layer.geojson", lambda: b"", error=r"is empty \(0 bytes\)"),
    BadFile("oversize", "big.geojson", lambda: geojson(three_points()), limits=UploadLimits(max_bytes=100),
            error=r"The file is \d+ bytes; the limit is 100 bytes"),
    BadFile("too-many-features", "many.geojson", lambda: geojson(three_points()),
            limits=UploadLimits(max_features=2), error=r"has 3 features or rows; the limit is 2"),
    BadFile("unknown-extension", "layer.xlsx", lambda: b"PK\x03\x04",
            error=r"format '\.xlsx' is not supported"),
    BadFile("no-extension", "layer", lambda: b"{}", error=r"format 'no extension' is not supported"),
    BadFile("binary-garbage-named-geojson", "layer.geojson", lambda: bytes(range(256)) * 8,
            error=r"contains binary data, not GeoJSON text"),
    # --- GeoJSON structure
    BadFile("malformed-json", "layer.geojson",
            lambda: b'{"type": "FeatureCollection",\n "features": [\n {"type": "Feature" "geometry": null}]}',
            error=r"not valid JSON: Expecting ',' delimiter at line 3, column 21"),
    BadFile("json-not-geojson", "layer.json", lambda: b"[1, 2, 3]", error=r"JSON but not GeoJSON"),
    BadFile("topojson", "layer.json", lambda: b'{"type": "Topology", "objects": {}}', error=r"is TopoJSON"),
    BadFile("empty-collection", "layer.geojson", lambda: geojson([]), error=r"FeatureCollection is empty"),
    BadFile("all-null-geometry", "layer.geojson", lambda: geojson([feature(None, name="a")] * 2),
            error=r"None of the 2 features has a geometry"),
    BadFile("one-null-geometry", "layer.geojson",
            lambda: geojson([feature(None, name="gone"), *three_points()]),
            message=r"^Dropped 1 feature without geometry \(null or empty\)\.$", check=count_is(3)),
    BadFile("nan-coordinates", "layer.geojson",
            lambda: b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"n"},'
            b'"geometry":{"type":"Point","coordinates":[NaN,34]}},{"type":"Feature","properties":'
            b'{"name":"ok"},"geometry":{"type":"Point","coordinates":[66,34]}}]}',
            message=r"^Dropped 1 feature with NaN or infinite coordinates\.$", check=names_are("ok")),
    # --- coordinates and CRS
    BadFile("web-mercator-without-crs", "layer.geojson",
            lambda: geojson([feature(point(*kabul_3857()), name="m")]),
            message=r"fit the map only as Web Mercator metres, so EPSG:3857 was assumed",
            check=near(69.0, 34.5)),
    BadFile("utm-metres-without-crs", "layer.geojson",
            lambda: geojson([feature(point(515000, 3817000), name="u")]),
            error=r"beyond ±180/±90 \(up to 3,817,000\), so they are not degrees: probably projected metres"),
    BadFile("declared-utm-crs", "layer.geojson",
            lambda: geojson([feature(shapely.geometry.mapping(utm_frame().geometry.iloc[0]), name="u")],
                            crs="urn:ogc:def:crs:EPSG::32642"),
            message=r"^Reprojected from EPSG:32642 \(WGS 84 / UTM zone 42N\) to WGS84",
            check=near(69.0, 34.5)),
    BadFile("swapped-lat-lon", "layer.geojson",
            lambda: geojson([feature(point(34 + i / 10, 65 + i), name=f"s{i}") for i in range(3)]),
            message=r"^All 3 features fall inside the map region only with latitude and longitude swapped",
            check=near(65.0, 34.0)),
    BadFile("outside-region", "layer.geojson",
            lambda: geojson([*three_points(), feature(point(-0.1, 51.5), name="far")]),
            message=r"^1 of 4 features lie outside the map region; they were kept", check=count_is(4)),
    # --- geometry validity
    BadFile("self-intersecting-polygon", "layer.geojson",
            lambda: geojson([feature(BOW_TIE, name="bow"), feature(SQUARE, name="sq")]),
            message=r"^Repaired 1 feature with invalid geometry .* using make_valid",
            check=all_valid_polygons),
    BadFile("zero-area-polygon", "layer.geojson",
            lambda: geojson([feature(FLAT, name="flat"), feature(SQUARE, name="sq")]),
            message=r"^Dropped 1 feature with invalid geometry that collapsed", check=names_are("sq")),
    BadFile("unclosed-ring-and-one-point-line", "layer.geojson",
            lambda: geojson([
                feature({"type": "Polygon", "coordinates": [[[65, 34], [66, 34], [66, 35], [65, 35]]]},
                        name="open"),
                feature({"type": "LineString", "coordinates": [[66, 34]]}, name="dot"),
                feature(point(66, 34), name="ok")]),
            message=r"^Some geometries were malformed .*: 1 feature fixed while reading and 1 feature "
            r"unreadable and dropped\.$", check=names_are("open", "ok")),
    BadFile("deeply-nested-json", "layer.geojson", lambda: b"[" * 100_000 + b"]" * 100_000,
            error=r"nested too deeply"),
    # --- text that is data, not an error
    BadFile("script-tag-name", "layer.geojson", lambda: geojson([feature(point(66, 34), name=SCRIPT)]),
            check=names_are(SCRIPT)),
    BadFile("persian-pashto-names", "layer.geojson",
            lambda: geojson([feature(point(66, 34), name=PERSIAN), feature(point(67, 34), name=PASHTO)]),
            check=names_are(PERSIAN, PASHTO)),
    BadFile("duplicate-feature-ids", "layer.geojson",
            lambda: geojson([feature(point(66, 34), fid=7, name="a"),
                             feature(point(67, 34), fid=7, name="b")]),
            message=r"^2 features have the same GeoJSON feature id as another feature \(e\.g\. '7'\); "
            r"all were kept",
            check=count_is(2)),
    # --- CSV
    BadFile("csv-missing-coordinate-columns", "sites.csv", lambda: csv("name,value\na,1\n"),
            error=r"The CSV has no latitude and longitude column \(columns found: name, value\)"),
    BadFile("csv-header-only", "sites.csv", lambda: csv("name,lat,lon\n"), error=r"header but no rows"),
    BadFile("csv-latin-1", "sites.csv", lambda: csv("name,lat,lon\nHérat,34.3,62.2\n", "latin-1"),
            message=r"read as Windows-1252 \(Western European\)", check=names_are("Hérat")),
    BadFile("csv-utf8-bom", "sites.csv", lambda: csv("\ufeffname,Latitude,Longitude\na,34.3,62.2\n"),
            check=names_are("a")),
    BadFile("csv-bad-numbers", "sites.csv", lambda: csv('name,lat,lon\na,34.3,62.2\nb,"34,5",62.2\nc,x,y\n'),
            message=r"^2 rows were dropped because 'lat' or 'lon' is not a number \(first at rows 3 and 4; row 3 has "
            r"'lat' = '34,5'\)",
            check=names_are("a")),
    BadFile("csv-all-bad-numbers", "sites.csv", lambda: csv("name,lat,lon\na,34°N,62°E\n"),
            error=r"No row has usable numbers in 'lat' and 'lon' \(first bad value in row 2: '34°N'\)"),
    BadFile("csv-blank-coordinates", "sites.csv", lambda: csv("name,y,x\na,34.3,62.2\nb,,\n"),
            message=r"^1 row was dropped for having no coordinates \(first at row 3\)"),
    BadFile("csv-swapped-columns", "sites.csv", lambda: csv("name,lat,lon\na,65.1,34.2\nb,66.1,35.2\n"),
            message=r"swapped", check=near(65.1, 34.2)),
    BadFile("csv-formula-cells", "sites.csv",
            lambda: csv('name,lat,lon\n"=HYPERLINK(""http://x"",""y"")",34.3,62.2\n@SUM(A1),34.3,62.3\n'),
            message=r"^2 text cells start with =, \+, -, @ or a tab",
            check=names_are('=HYPERLINK("http://x","y")', "@SUM(A1)")),
    BadFile("csv-semicolon-decimal-comma", "sites.csv", lambda: csv("name;lat;lon\na;34,5;66\nb;35.5;67\n"),
            message=r"^The CSV separates columns with ';', so decimal commas such as 34,5 were read as "
            r"34\.5\.$",
            check=near(66, 34.5)),
    BadFile("csv-decimal-comma-quoted-from-the-file", "sites.csv", lambda: csv("name;lat;lon\na;66;36,7325\n"),
            message=r"^The CSV separates columns with ';', so decimal commas such as 36,7325 were read as "
            r"36\.7325\.$"),
    BadFile("csv-one-formula-cell", "sites.csv", lambda: csv("name,lat,lon\n=1+1,34.3,62.2\n"),
            message=r"^1 text cell starts with =, \+, -, @ or a tab"),
    BadFile("csv-persian-names", "sites.csv",
            lambda: csv(f"name,lat,lon\n{PERSIAN},36.7,67.1\n{PASHTO},34,71.5\n"),
            check=names_are(PERSIAN, PASHTO)),
    BadFile("csv-duplicate-ids", "sites.csv", lambda: csv("id,name,lat,lon\n1,a,34,66\n1,b,34,67\n"),
            message=r"^2 features have the same 'id' value as another feature \(e\.g\. '1'\)"),
    BadFile("csv-unbalanced-quote", "sites.csv", lambda: csv('name,lat,lon\n"a,34,66\nb,34,67,9,9\n'),
            error=r"The CSV is malformed"),
    # --- ACLED events
    BadFile("events-bad-dates", "acled.csv",
            lambda: acled(acled_row(1), acled_row(2, date="31/02/2024"),
                          acled_row(3, date="31 January 2024")),
            message=r"^1 row was dropped because event_date is not a date .* \(first at row 3: '31/02/2024'\)\.$",
            check=count_is(2)),
    BadFile("events-bad-numbers", "acled.csv",
            lambda: acled(acled_row(1), acled_row(2, fatalities="many"), acled_row(3, lat="north")),
            message=r"^1 row was dropped because latitude is not a number \(first at row 4: 'north'\)\.$",
            check=count_is(1)),
    BadFile("events-no-usable-rows", "acled.csv", lambda: acled(acled_row(1, date="soon")),
            error=r"No event could be read: event_date is not a date .* in the only row \(first at row 2: 'soon'\); "
            r"fix the event_date column"),
    # --- KML / KMZ
    BadFile("kml-persian-and-script", "layer.kml",
            lambda: kml([PASHTO, "&lt;img src=x onerror=alert(1)&gt;"]),
            check=names_are(PASHTO, SCRIPT, column="Name")),
    BadFile("kml-entity-expansion", "layer.kml",
            lambda: kml(["&lol;"], '<!DOCTYPE kml [<!ENTITY lol "lol">]>'),
            error=r"declares a DOCTYPE or ENTITY in its XML prolog"),
    BadFile("kmz", "layer.kmz", lambda: zipped({"doc.kml": kml(["a"])}), check=names_are("a", column="Name")),
    # --- GeoPackage
    BadFile("gpkg-declared-utm", "layer.gpkg", lambda: frame_file(utm_frame(), ".gpkg", "GPKG"),
            message=r"^Reprojected from EPSG:32642", check=names_are(PERSIAN, "b")),
    BadFile("gpkg-not-sqlite", "layer.gpkg", lambda: b"this is not a database" * 10,
            error=r"is not a GeoPackage \(it is not an SQLite database\)"),
    BadFile("gpkg-attribute-table-only", "layer.gpkg", attribute_only_gpkg,
            error=r"has no layer with a geometry column"),
    # --- zips
    BadFile("shapefile-missing-shx-dbf", "roads.zip", lambda: shapefile_zip(drop=(".shx", ".dbf")),
            error=r"zipped shapefile 'roads\.shp' has no \.shx or \.dbf file"),
    BadFile("shapefile-without-prj", "roads.zip", lambda: shapefile_zip(drop=(".prj",)),
            message=r"has no \.prj file, so its CRS is unknown", check=names_are("a", "b")),
    BadFile("shapefile-complete", "roads.zip", shapefile_zip, check=names_are("a", "b")),
    BadFile("zip-without-shapefile", "roads.zip", lambda: zipped({"readme.txt": b"hi"}),
            error=r"contains no \.shp file \(found: readme\.txt\)"),
    BadFile("zip-slip-dotdot", "roads.zip", lambda: zipped({"../../evil.geojson": geojson(three_points())}),
            error=r"entry '\.\./\.\./evil\.geojson' points outside the archive folder"),
    BadFile("zip-slip-absolute", "roads.zip", lambda: zipped({"/tmp/evil.shp": b"x"}),
            error=r"entry '/tmp/evil\.shp' points outside the archive folder"),
    BadFile("zip-symlink", "roads.zip", symlink_zip, error=r"is a symbolic link, which is refused"),
    BadFile("zip-bomb", "roads.zip", zip_bomb, limits=UploadLimits(max_unzipped_bytes=10 * 1024 * 1024),
            error=r"would unpack to 50\.0 MB, over the 10\.0 MB limit \(this is how zip bombs work\)"),
    BadFile("zip-lying-header", "roads.zip", lying_zip, error=r"cannot be decompressed|zip bombs"),
    BadFile("zip-not-a-zip", "roads.zip", lambda: b"PK but not really", error=r"not a readable zip archive"),
    BadFile("zip-too-many-entries", "roads.zip", lambda: zipped({f"f{i}.txt": b"" for i in range(5)}),
            limits=UploadLimits(max_zip_entries=4), error=r"holds 5 entries; the limit is 4"),
]
