"""Place search (geo.geography.search): transliteration variants, prefixes, typos, areas and points."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import MultiPoint, Point, box

from geo.bundle import DEFAULT_BUNDLE, load_bundle
from geo.core import WGS84, Extent
from geo.geography import (
    PlaceEntry,
    add_aliases,
    countries,
    features_at,
    gazetteer_entries,
    label_entries,
    load_places,
    load_provinces,
    search_places,
    transliteration_key,
)


@pytest.fixture(scope="module")
def entries():
    return gazetteer_entries(load_places(), load_provinces(), countries("web"))


def _top(query, entries):
    found = search_places(query, entries)
    assert found, f"nothing found for {query!r}"
    return found[0].entry


@pytest.mark.parametrize(("a", "b"), [
    ("Panshir", "Panjshir"), ("Mazar-e Sharif", "Mazar-i-Sharif"), ("Kondoz", "Kunduz"),
    ("Qandahar", "Kandahar"), ("Wakhan", "Vakhan"),
])
def test_transliteration_variants_fold_to_one_key(a, b):
    assert transliteration_key(a) == transliteration_key(b)


@pytest.mark.parametrize(("query", "kind", "entry_id"), [
    ("Panshir", "province", "panjshir"),
    ("panjsher", "province", "panjshir"),
    ("Mazar-e Sharif", "place", "mazar-i-sharif"),
    ("mazar e sharif", "place", "mazar-i-sharif"),
    ("Sherpur", "place", "sherpur"),
    ("Kabol", "place", "kabul"),
    ("Tajikistan", "country", "tajikistan"),
])
def test_search_finds_the_place_a_reader_means(entries, query, kind, entry_id):
    top = _top(query, entries)
    assert (top.kind, top.id) == (kind, entry_id)


def test_search_tolerates_a_typo_and_a_prefix(entries):
    assert _top("Badakshan", entries).id == "badakhshan"
    assert _top("Panj", entries).id in {"panjshir", "panji-poyon"}
    assert search_places("Panshir", entries)[0].score == 100.0


def test_search_returns_nothing_for_gibberish_or_blank(entries):
    assert search_places("xqzvw", entries) == []
    assert search_places("  - ", entries) == []


def test_one_result_per_place_best_first_and_limited(entries):
    found = search_places("Kabul", entries, limit=3)
    ids = [(m.entry.kind, m.entry.id) for m in found]
    assert len(ids) == len(set(ids)) <= 3
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_aliases_from_an_essay_reach_the_search(entries):
    extended = add_aliases(entries, [("the Panjsher valley", "panjshir"), ("nowhere", "no-such-id")])
    assert _top("the Panjsher valley", extended).id == "panjshir"
    assert len(extended) == len(entries)


def test_point_extent_is_padded_and_area_extent_is_its_bounds():
    point = PlaceEntry("x", "X", "place", ("X",), Point(69.0, 34.0))
    assert point.extent() == Extent(68.75, 33.75, 69.25, 34.25)
    assert not point.is_area
    area = PlaceEntry("y", "Y", "province", ("Y",), box(69.0, 35.0, 70.5, 36.0))
    assert area.extent() == Extent(69.0, 35.0, 70.5, 36.0)
    assert area.is_area


def test_features_at_by_name_and_inside_an_area():
    frame = gpd.GeoDataFrame(
        {"id": ["a", "b", "c"], "place_ids": [["Panjshir", "Baghlan"], ["kabul"], []]},
        geometry=[MultiPoint([(69.5, 35.3), (68.7, 35.9)]), Point(69.17, 34.53), Point(69.6, 35.4)], crs=WGS84,
    )
    as_point = PlaceEntry("panjshir", "Panjshir", "province", ("Panjshir", "Panshir"), Point(69.5, 35.3))
    assert list(features_at(as_point, frame)["id"]) == ["a"]
    as_area = PlaceEntry("panjshir", "Panjshir", "province", ("Panjshir",), box(69.2, 35.0, 70.2, 35.8))
    assert list(features_at(as_area, frame)["id"]) == ["a", "c"]


def test_panjshir_lists_its_claims_in_the_default_bundle(entries):
    features = load_bundle(DEFAULT_BUNDLE).features
    panjshir = _top("Panshir", entries)
    assert {"al-qaeda-weapons-base-2024", "nrf-panjshir-andarab"} <= set(features_at(panjshir, features)["id"])


def test_names_only_the_essay_uses_are_found_through_claim_labels(entries):
    features = load_bundle(DEFAULT_BUNDLE).features
    found = search_places("Andarab", [*entries, *label_entries(features)])
    assert found[0].entry.kind == "essay" and found[0].entry.id == "nrf-panjshir-andarab"
    # A gazetteer place still wins a tie with a claim label that names it.
    assert search_places("Panjshir", [*entries, *label_entries(features)])[0].entry.kind == "province"
