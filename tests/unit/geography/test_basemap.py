"""The bundled base geography: complete, valid, polygonal, and refused loudly when damaged."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import MultiPolygon, Polygon, box

from geo.core import DataFileError
from geo.geography import admin0 as basemap
from geo.geography import load_region, read_countries

FOCUS = {"Afghanistan", "Pakistan", "Iran", "Turkmenistan", "Uzbekistan", "Tajikistan", "Kyrgyzstan",
         "Kazakhstan", "China", "India", "Russia"}


@pytest.mark.parametrize("detail", ["web", "10m"])
def test_bundled_countries_are_valid_polygons_inside_the_extent(detail):
    gdf = read_countries(basemap.COUNTRIES_WEB if detail == "web" else basemap.COUNTRIES_10M)
    raw = gpd.read_file(basemap.COUNTRIES_WEB if detail == "web" else basemap.COUNTRIES_10M)
    assert raw.is_valid.all(), "files must ship valid, not rely on repair at load"
    assert all(isinstance(g, (Polygon, MultiPolygon)) for g in raw.geometry), "no GeometryCollections"
    ext = load_region()["extent"]
    frame = box(ext["min_lon"], ext["min_lat"], ext["max_lon"], ext["max_lat"]).buffer(1e-9)
    assert gdf.geometry.within(frame).all()
    assert gdf.crs.to_epsg() == 4326


def test_every_focus_state_is_bundled_and_tagged_focus():
    gdf = basemap.countries("web")
    assert set(gdf.loc[gdf.role == "focus", "name"]) == FOCUS


def test_provenance_records_source_licence_tolerance_and_date():
    prov = basemap.provenance()
    assert "world-atlas@2.0.2" in prov["source"] and "Natural Earth" in prov["source"]
    assert "public domain" in prov["licence"]
    assert prov["web_simplification"]["tolerance_m"] > 0
    assert len(prov["source_sha256"]) == 64 and prov["built"]


def test_missing_file_names_the_file_and_the_rebuild_command(tmp_path):
    with pytest.raises(DataFileError) as err:
        read_countries(tmp_path / "countries_web.geojson")
    message = str(err.value)
    assert "countries_web.geojson" in message and "is missing" in message
    assert "python -m geo build-basemap" in message
    assert "\n" not in message, "one line, not a traceback"


@pytest.mark.parametrize(
    "content, problem",
    [
        (b"\x00\x01 not json at all", "cannot be read"),
        (b'{"type": "FeatureCollection", "features": [', "cannot be read"),
        (json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": "X"},
             "geometry": {"type": "Point", "coordinates": [1, 2]}}]}).encode(), "lacks the columns"),
    ],
)
def test_corrupt_file_is_refused_with_a_one_line_message(tmp_path, content, problem):
    path = tmp_path / "countries_web.geojson"
    path.write_bytes(content)
    with pytest.raises(DataFileError, match=problem):
        read_countries(path)


def test_file_in_another_crs_is_reprojected_and_an_invalid_ring_repaired(tmp_path):
    bowtie = Polygon([(60, 30), (62, 32), (62, 30), (60, 32)])
    square = box(63, 30, 64, 31)
    gdf = gpd.GeoDataFrame({"iso_n3": ["1", "2"], "name": ["Bowtie", "Square"], "role": ["focus", "focus"]},
                           geometry=[bowtie, square], crs=4326).to_crs(3857)
    path = tmp_path / "c.geojson"
    gdf.to_file(path, driver="GeoJSON")
    out = read_countries(path)
    assert out.crs.to_epsg() == 4326
    assert out.is_valid.all() and set(out.geom_type) <= {"Polygon", "MultiPolygon"}
    assert out.geometry.iloc[1].bounds == pytest.approx((63, 30, 64, 31), abs=1e-6)


def test_every_country_label_sits_inside_its_country():
    from shapely.geometry import Point

    from geo.geography import country_labels

    web = basemap.countries("web").set_index("name")
    for label in country_labels():
        assert web.loc[label.name, "geometry"].contains(Point(label.lon, label.lat)), label.name
