"""Safety properties of the upload path: zip extraction, temp-dir clean-up, CSV export, display text."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point

from geo.uploads import (
    UnsafeZipError,
    UploadError,
    ZipLimits,
    decode_text,
    display_name,
    display_text,
    neutralise_cell,
    read_upload,
    safe_csv_bytes,
    safe_extract,
)
from tests.unit.uploads.badfiles import PERSIAN, SCRIPT, geojson, lying_zip, shapefile_zip, three_points, zipped

# --------------------------------------------------------------------------- safe_extract


def test_safe_extract_writes_nested_files_inside_dest_only(tmp_path):
    data = zipped({"layer/roads.geojson": b"{}", "layer/notes/readme.txt": b"hi", "top.txt": b"t"})
    written = safe_extract(data, tmp_path / "out", ZipLimits())
    assert [p.relative_to(tmp_path / "out").as_posix() for p in written] == [
        "layer/roads.geojson", "layer/notes/readme.txt", "top.txt"]
    assert (tmp_path / "out" / "top.txt").read_bytes() == b"t"


@pytest.mark.parametrize("name", ["../evil.txt", "a/../../evil.txt", "/etc/evil.txt", "..\\evil.txt",
                                  "C:/evil.txt", "C:\\evil.txt"])
def test_safe_extract_refuses_zip_slip_names_and_writes_nothing(tmp_path, name):
    dest = tmp_path / "a" / "b"
    dest.mkdir(parents=True)
    with pytest.raises(UnsafeZipError, match="points outside the archive folder"):
        safe_extract(zipped({"ok.txt": b"x", name: b"evil"}), dest, ZipLimits())
    assert not any(tmp_path.rglob("evil.txt"))
    assert not (dest / "ok.txt").exists()  # refused before the first byte is written


def test_safe_extract_counts_streamed_bytes_not_just_the_header(tmp_path):
    with pytest.raises(UnsafeZipError, match="cannot be decompressed|zip bombs"):
        safe_extract(lying_zip(), tmp_path, ZipLimits())


def test_safe_extract_stops_streaming_at_the_cap_across_entries(tmp_path):
    data = zipped({"a.bin": b"\0" * 600, "b.bin": b"\0" * 600})
    with pytest.raises(UnsafeZipError, match="would unpack to"):
        safe_extract(data, tmp_path, ZipLimits(max_unzipped_bytes=1000))


def test_safe_extract_refuses_encrypted_entries(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("x.txt", b"data")
    data = bytearray(buffer.getvalue())
    data[6] |= 0x1  # local header flag: encrypted
    central = data.index(b"PK\x01\x02")
    data[central + 8] |= 0x1
    with pytest.raises(UnsafeZipError, match="password-protected"):
        safe_extract(bytes(data), tmp_path, ZipLimits())


# --------------------------------------------------------------------------- temporary directory


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """Point ``tempfile`` at an empty folder so leftovers are visible."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_temp_dir_is_used_and_removed_after_a_successful_upload(private_tmp, monkeypatch):
    seen: list[list[str]] = []
    real_read = pyogrio.read_dataframe

    def spy(path, **kwargs):
        seen.append([p.name for p in private_tmp.iterdir()])
        return real_read(path, **kwargs)

    monkeypatch.setattr(pyogrio, "read_dataframe", spy)
    result = read_upload("roads.zip", shapefile_zip())
    assert len(result.frame) == 2
    assert seen and seen[0][0].startswith("spillover-upload-")
    assert list(private_tmp.iterdir()) == []


@pytest.mark.parametrize("filename, data", [
    ("roads.zip", shapefile_zip(drop=(".shx",))),  # fails after extracting files
    ("roads.zip", zipped({"../evil.geojson": b"{}"})),
    ("layer.gpkg", b"SQLite format 3\x00" + b"\x00" * 200),  # GDAL fails on the written file
    ("layer.geojson", b"{not json"),
])
def test_temp_dir_is_removed_even_when_reading_fails(private_tmp, filename, data):
    with pytest.raises(UploadError):
        read_upload(filename, data)
    assert list(private_tmp.iterdir()) == []


def test_gdal_errors_do_not_leak_the_temp_path(private_tmp):
    with pytest.raises(UploadError) as caught:
        read_upload("layer.gpkg", b"SQLite format 3\x00" + b"\x00" * 200)
    assert str(private_tmp) not in str(caught.value)
    assert str(caught.value).startswith("layer.gpkg: The GeoPackage could not be opened")


# --------------------------------------------------------------------------- CSV export


@pytest.mark.parametrize("cell, expected", [
    ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"), ("\t=1", "'\t=1"), ("\r=1", "'\r=1"),
    ("-3.5", "-3.5"), ("+7", "+7"), ("1e-3", "1e-3"), ("Kabul", "Kabul"), ("", ""),
    (-3.5, -3.5), (7, 7), (None, None), (PERSIAN, PERSIAN),
])
def test_neutralise_cell_defuses_formulas_and_leaves_numbers(cell, expected):
    assert neutralise_cell(cell) == expected


def test_safe_csv_bytes_prefixes_formula_text_keeps_numbers_and_writes_wkt():
    frame = gpd.GeoDataFrame(
        {"name": ["=HYPERLINK(\"http://x\")", PERSIAN, "-3.5"], "lon": [-3.5, 69.25, 0.0]},
        geometry=[Point(69, 34), Point(70, 35), None], crs=4326,
    )
    data = safe_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["name"].tolist() == ["'=HYPERLINK(\"http://x\")", PERSIAN, "-3.5"]
    assert back["lon"].tolist() == ["-3.5", "69.25", "0.0"]
    assert back["geometry"].tolist() == ["POINT (69 34)", "POINT (70 35)", ""]


def test_safe_csv_bytes_neutralises_hostile_column_names():
    data = safe_csv_bytes(pd.DataFrame({"=cmd()": ["a"]}), encoding="utf-8")
    assert data.splitlines()[0] == b"'=cmd()"


# --------------------------------------------------------------------------- display text


@pytest.mark.parametrize("value, expected", [
    (None, ""), (float("nan"), ""), (pd.NA, ""), (pd.NaT, ""), (3.0, "3"), (34.123456789, "34.1235"),
    (SCRIPT, SCRIPT),  # kept as text; the renderer escapes it
    (PERSIAN, PERSIAN),  # zero-width non-joiner survives
    ("a\x00b\nc\t d", "a b c d"),
    ("\u202egnp.exe", "gnp.exe"),
    (pd.Timestamp("2024-01-31"), "2024-01-31"),
    (b"bytes", "bytes"),
])
def test_display_text_gives_one_plain_line(value, expected):
    assert display_text(value) == expected


def test_display_text_caps_length_with_an_ellipsis():
    text = display_text("x" * 500, max_chars=50)
    assert len(text) == 50 and text.endswith("…")


@pytest.mark.parametrize("filename, expected", [
    ("C:\\Users\\me\\roads.geojson", "roads"), ("../../etc/sites.csv", "sites"), ("\u202egnp.kml", "gnp"),
    (f"{PERSIAN}.gpkg", PERSIAN), ("", "upload"), (".csv", ".csv"), ("a" * 200 + ".csv", "a" * 79 + "…"),
])
def test_display_name_is_a_plain_label(filename, expected):
    assert display_name(filename) == expected


# --------------------------------------------------------------------------- decoding and result shape


def test_decode_text_prefers_utf8_then_bom_then_a_windows_code_page():
    assert decode_text("Hérat".encode()) == ("Hérat", "utf-8")
    assert decode_text(b"\xef\xbb\xbfa") == ("a", "utf-8-sig")
    # Latin-1 bytes read the same in cp1252, which also knows Excel's ’ – “ ”.
    assert decode_text("Hérat".encode("latin-1")) == ("Hérat", "cp1252")


def test_upload_result_lists_tooltip_columns_with_values_and_keeps_text_types():
    features = [{"type": "Feature", "properties": {"name": SCRIPT, "code": "007", "empty": None},
                 "geometry": {"type": "Point", "coordinates": [66, 34]}}]
    result = read_upload("sites.geojson", geojson(features))
    assert result.columns == ["name", "code"]
    assert result.frame["code"].iloc[0] == "007"
    assert result.kind == "features" and result.name == "sites"


def test_declared_crs_does_not_count_as_a_mistake():
    result = read_upload("sites.geojson", geojson(three_points(), crs="urn:ogc:def:crs:OGC:1.3:CRS84"))
    assert result.messages == []


@pytest.mark.parametrize("entries, message", [
    ({"": b"x"}, "entry with an empty name"),
    ({"a": b"file", "a/b.txt": b"inside"}, "clashes with another entry"),
])
def test_safe_extract_refuses_degenerate_entry_names(tmp_path, entries, message):
    with pytest.raises(UnsafeZipError, match=message):
        safe_extract(zipped(entries), tmp_path, ZipLimits())
