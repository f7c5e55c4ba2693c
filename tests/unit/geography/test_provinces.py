"""Afghanistan's 34 provinces as areas: each holds its capital, together they cover the country."""

from __future__ import annotations

import geopandas as gpd
import shapely
from shapely.geometry import Point, box

from geo.core import REGION_EQUAL_AREA
from geo.geography import country, load_provinces, province_areas
from geo.geography.build_basemap import afghan_provinces, merge_units


def test_all_34_provinces_are_bundled_once_each():
    areas = province_areas()
    assert len(areas) == 34
    assert sorted(areas["id"]) == sorted(load_provinces()["id"])
    assert areas.crs.to_epsg() == 4326
    assert set(areas.geom_type) <= {"Polygon", "MultiPolygon"} and areas.is_valid.all()


def test_each_province_contains_its_capital_from_the_gazetteer():
    capitals = load_provinces().set_index("id")
    outside = [
        (r.id, capitals.loc[r.id, "centre"]) for r in province_areas().itertuples()
        if not r.geometry.contains(Point(capitals.loc[r.id, "lon"], capitals.loc[r.id, "lat"]))
    ]
    assert outside == []


def test_panjshir_and_daykundi_are_told_apart_from_their_parents_by_gn_name():
    areas = province_areas().set_index("id")
    assert areas.loc["panjshir", "ne_name"] == "Parwan" and areas.loc["panjshir", "gn_name"] == "Panjshir"
    assert areas.loc["daykundi", "ne_name"] == "Uruzgan" and "Daykundi" in areas.loc["daykundi", "gn_name"]
    assert not areas.loc["panjshir", "geometry"].equals(areas.loc["parwan", "geometry"])


def test_the_provinces_cover_afghanistan_without_overlapping():
    areas = province_areas().to_crs(REGION_EQUAL_AREA)
    afghanistan = gpd.GeoSeries([country("Afghanistan", "10m")], crs=4326).to_crs(REGION_EQUAL_AREA).iloc[0]
    union = shapely.union_all(areas.geometry.values)
    # Both come from Natural Earth 1:10m; the provinces are coverage-simplified at 500 m.
    assert union.symmetric_difference(afghanistan).area / afghanistan.area < 0.005
    assert areas.area.sum() / union.area < 1.001, "provinces do not overlap"
    assert 640_000 < afghanistan.area / 1e6 < 655_000


def test_build_matches_natural_earth_names_to_gazetteer_ids_preferring_gn_name():
    admin1 = gpd.GeoDataFrame(
        {"adm0_a3": ["AFG", "AFG", "PAK"], "name": ["Parwan", "Parwan", "Punjab"],
         "gn_name": ["Panjshir", "Parwan", "Punjab"], "name_alt": [None, "Charikar", None],
         "iso_3166_2": ["AF-PAR", "AF-PAR", "PK-PB"]},
        geometry=[box(69, 35, 70, 36), box(68, 34.5, 69, 35.5), box(72, 30, 73, 31)], crs=4326,
    )
    out = afghan_provinces(admin1)
    assert list(out["id"]) == ["panjshir", "parwan"]
    assert list(out["province"]) == ["Panjshir", "Parwan"]


def test_baikonur_is_merged_into_kazakhstan():
    world = gpd.GeoDataFrame({"iso_n3": ["398", None], "name": ["Kazakhstan", "Baikonur"]},
                             geometry=[box(50, 40, 60, 50), box(55, 45, 56, 46)], crs=4326)
    out = merge_units(world, {"Baikonur": "Kazakhstan"})
    assert list(out["name"]) == ["Kazakhstan"] and out.geometry.iloc[0].area == 100.0
