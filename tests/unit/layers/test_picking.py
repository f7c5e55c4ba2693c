"""What lies under a click: every feature within a few screen pixels, most specific first."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, box

from geo.layers import FeatureIndex, Layer, LayerSpec, click_anchor, specificity_tier


def _layer(layer_id: str, geometry: str, rows: list[dict], **style) -> Layer:
    spec = LayerSpec(id=layer_id, title=layer_id.title(), group="Test", builder="test", geometry=geometry,
                     description="", source="", status="documented", style={"radius": 5, "weight": 2, **style})
    return Layer(spec=spec, frame=gpd.GeoDataFrame(rows, geometry="geometry", crs=4326))


COUNTRY = box(60.5, 29.5, 74.5, 38.5)        # ~1.5 million km²: country-wide
PROVINCE = box(69.0, 34.3, 69.6, 34.8)       # ~3,000 km²: a province
TOWN = Point(69.17, 34.53)
ROUTE = LineString([(69.17, 34.53), (67.11, 36.71)])


@pytest.fixture(scope="module")
def index() -> FeatureIndex:
    claims = _layer("claims", "mixed", [
        {"id": "country-claim", "label": "Whole country", "status": "alleged", "geometry": COUNTRY},
        {"id": "province-claim", "label": "One province", "status": "reported", "geometry": PROVINCE},
        {"id": "route", "label": "A route", "status": "essay_argument", "geometry": ROUTE},
    ])
    places = _layer("places", "point", [{"id": "town", "name": "Town", "geometry": TOWN}])
    return FeatureIndex([claims, places])


def test_a_click_on_a_town_lists_everything_under_it_most_specific_first(index):
    hits = index.at(69.17, 34.53, zoom=7)
    assert [h.feature_id for h in hits] == ["town", "route", "province-claim", "country-claim"]
    assert [h.tier_label for h in hits] == ["Places & routes", "Places & routes", "Provinces & areas", "Country-wide"]


def test_the_tolerance_is_in_screen_pixels_at_the_clicked_zoom(index):
    # 0.1° east of the town: ~4.6 px at zoom 6 (within its 6 px dot + 6 px), ~36 px at zoom 9 (miss).
    near = index.at(69.27, 34.53, zoom=6)
    far = index.at(69.27, 34.53, zoom=9)
    assert "town" in [h.feature_id for h in near]
    assert "town" not in [h.feature_id for h in far]
    assert {"province-claim", "country-claim"} <= {h.feature_id for h in far}, "areas count wherever they cover"


def test_a_click_outside_everything_finds_nothing(index):
    assert index.at(50.0, 50.0, zoom=5) == []


def test_true_geometry_overrides_the_drawn_one():
    drawn = _layer("claims", "mixed", [{"id": "c", "label": "C", "geometry": box(60, 30, 61, 31)}])
    index = FeatureIndex([drawn], true_geometry={"c": COUNTRY})
    assert [h.feature_id for h in index.at(70.0, 35.0, zoom=5)] == ["c"]


def test_specificity_tiers_by_geometry_and_area():
    assert specificity_tier(TOWN) == 0 and specificity_tier(ROUTE) == 0
    assert specificity_tier(PROVINCE) == 1
    assert specificity_tier(COUNTRY) == 2


def test_click_anchor_lies_on_the_visible_part_of_the_feature():
    bounds = (60.0, 30.0, 75.0, 40.0)
    assert click_anchor(TOWN, bounds) == (34.53, 69.17)
    lat, lon = click_anchor(LineString([(69.0, 35.0), (69.0, 45.0)]), bounds)
    assert lon == 69.0 and 35.0 <= lat <= 40.0
    lat, lon = click_anchor(PROVINCE, bounds)
    assert PROVINCE.contains(Point(lon, lat))
    assert click_anchor(Point(10, 10), bounds) is None
