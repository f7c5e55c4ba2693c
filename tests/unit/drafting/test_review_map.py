"""The authoring page's review map: drafted places are labelled, flagged ones red, and the map opens on them."""

from __future__ import annotations

import math

from geo.drafting import FLAGGED_COLOUR, PLACED_COLOUR, review_layer, review_view
from geo.layers import label_layout

ROWS = [
    {"name": "Andkhoy", "kind": "place", "lat": 36.95293, "lon": 65.12376},
    {"name": "Darzab", "kind": "place", "lat": 35.977, "lon": 65.378},
    {"name": "Kerki", "kind": "place", "lat": 37.836, "lon": 65.204,
     "check": "the only match is outside the region of focus"},
    {"name": "Kazakhstan", "kind": "country", "lat": 51.18, "lon": 71.45},  # drawn at Astana
    {"name": "Durand", "kind": "place", "lat": math.nan, "lon": math.nan},  # not placed yet
    {"name": "Swapped", "kind": "place", "lat": "x", "lon": 65.0},  # not a number
]


def test_placed_rows_are_labelled_points_and_the_flagged_one_is_red():
    layer = review_layer(ROWS)
    assert list(layer.frame["name"]) == ["Andkhoy", "Darzab", "Kerki", "Kazakhstan"]
    colours = dict(zip(layer.frame["name"], layer.frame["color"]))
    assert colours["Kerki"] == FLAGGED_COLOUR and colours["Andkhoy"] == PLACED_COLOUR
    assert layer.frame.crs.to_epsg() == 4326
    texts = {placed.text for placed in label_layout([layer]).values()}
    assert {"Andkhoy", "Darzab", "Kerki"} <= texts


def test_the_map_opens_on_the_towns_not_on_a_far_capital_standing_for_a_country():
    lat, lon, zoom = review_view(review_layer(ROWS))
    assert 35.9 < lat < 37.9 and 65.1 < lon < 65.4
    assert zoom >= 7, "Astana (Kazakhstan's point) would zoom the review out to all of Central Asia"
    only_countries = review_layer([ROWS[3]])
    assert review_view(only_countries)[:2] == (51.18, 71.45)


def test_nothing_placed_gives_no_layer_and_no_view():
    assert review_layer(ROWS[4:]) is None and review_view(None) is None
