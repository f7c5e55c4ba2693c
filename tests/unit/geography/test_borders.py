"""Afghanistan's borders: the right neighbours, lengths near the published figures, robust to gaps."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import box

from geo.geography import border_segments, countries, neighbours_of, published_lengths, shared_border
from geo.layers import afghanistan_border_table, central_asian_borders

NEIGHBOURS = {"Pakistan", "Iran", "Turkmenistan", "Uzbekistan", "Tajikistan", "China"}
# Natural Earth 1:10m geodesic lengths quoted in data/reference/facts.md (approx.).
NATURAL_EARTH_KM = {"Pakistan": 2250, "Tajikistan": 1170, "Iran": 870, "Turkmenistan": 725, "Uzbekistan": 137}


def test_afghanistan_has_exactly_its_six_neighbours():
    assert set(neighbours_of(countries("10m"), "Afghanistan").neighbour) == NEIGHBOURS


@pytest.mark.parametrize("neighbour", sorted(NATURAL_EARTH_KM))
def test_computed_length_matches_the_reference_natural_earth_figure_within_2_percent(neighbour):
    table = afghanistan_border_table().set_index("neighbour")
    assert table.loc[neighbour, "length_km"] == pytest.approx(NATURAL_EARTH_KM[neighbour], rel=0.02)


@pytest.mark.parametrize("neighbour", sorted(NEIGHBOURS))
def test_computed_length_is_80_to_100_percent_of_the_cia_figure(neighbour):
    """Generalised 1:10m lines run shorter than surveyed ones, never longer."""
    computed = afghanistan_border_table().set_index("neighbour").loc[neighbour, "length_km"]
    pub = published_lengths()
    cia = pub[(pub.neighbour == neighbour) & (pub.source == "CIA World Factbook (current editions)")]
    ratio = computed / float(cia.length_km.iloc[0])
    assert 0.80 <= ratio <= 1.0, f"{neighbour}: {computed} km is {ratio:.0%} of the CIA figure"


def test_borders_that_do_not_coincide_are_still_found_within_the_snap_distance():
    # Two squares at ~37°N whose shared edge is 0.0002° (about 18 m) apart.
    a = box(70.0, 37.0, 70.5, 37.5)
    b = box(70.5002, 37.0, 71.0, 37.5)
    line = shared_border(a, b, snap_m=50)
    assert line is not None
    assert line.length == pytest.approx(0.5, abs=0.001)  # the whole 0.5° edge of a
    assert shared_border(a, b, snap_m=5) is None, "a gap wider than the snap distance is not a border"


def test_border_segments_skips_pairs_that_do_not_touch():
    gdf = gpd.GeoDataFrame({"name": ["A", "B", "C"]},
                           geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 5, 6, 6)], crs=4326)
    segs = border_segments(gdf)
    assert list(zip(segs.a, segs.b)) == [("A", "B")]
    # One degree of meridian (110.574 km) plus at most the 50 m snap at each end.
    assert segs.length_km.iloc[0] == pytest.approx(110.574, abs=0.15)


def test_central_asian_layer_emphasises_afghanistans_northern_borders():
    layer = central_asian_borders()
    emphasised = {frozenset((a, b)) for a, b, e in zip(layer.a, layer.b, layer.emphasised) if e}
    assert emphasised == {frozenset(("Afghanistan", n)) for n in ("Turkmenistan", "Uzbekistan", "Tajikistan")}
    pairs = {frozenset((a, b)) for a, b in zip(layer.a, layer.b)}
    assert frozenset(("Kazakhstan", "Russia")) in pairs and frozenset(("China", "Kyrgyzstan")) in pairs
