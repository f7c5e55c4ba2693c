"""The derived Wakhan Corridor against its published dimensions (~350 km, 13–65 km)."""

from __future__ import annotations

import pytest
from shapely.geometry import Polygon, box

from geo.geography import PUBLISHED, country, wakhan_corridor
from geo.layers import corridor, wakhan_borders


def test_corridor_length_within_15_percent_of_the_published_350_km():
    assert corridor().length_km == pytest.approx(PUBLISHED["length_km"], rel=0.15)


def test_corridor_widths_within_5_km_of_the_published_13_to_65_km():
    c = corridor()
    assert c.min_width_km == pytest.approx(PUBLISHED["min_width_km"], abs=5)
    assert c.max_width_km == pytest.approx(PUBLISHED["max_width_km"], abs=5)


def test_corridor_is_the_panhandle_between_ishkashim_and_china():
    c = corridor()
    west, south, east, north = c.polygon.bounds
    assert 71.0 < west < 72.0 and east > 74.5 and south > 36.0 and north < 37.7
    assert c.polygon.is_valid and c.polygon.within(country("Afghanistan").buffer(1e-6))


def test_corridor_borders_tajikistan_pakistan_and_china():
    borders = wakhan_borders()
    assert set(borders.neighbour) == {"Tajikistan", "Pakistan", "China"}
    assert (borders.length_km > 50).all()


def test_method_finds_a_narrow_strip_on_a_hand_made_country():
    # A 300 km x 300 km block with a 20 km x 200 km strip sticking out east, in metres
    # around 37N 73E: build it in degrees approximately, then check the strip is found.
    block = box(68.0, 35.5, 71.4, 38.2)
    strip = box(71.4, 36.9, 73.6, 37.08)
    c = wakhan_corridor(block.union(strip))
    assert isinstance(c.polygon, Polygon)
    assert c.polygon.bounds[2] == pytest.approx(73.6, abs=0.01)
    assert c.max_width_km == pytest.approx(20.0, abs=1.0)
