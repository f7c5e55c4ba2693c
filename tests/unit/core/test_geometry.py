"""Polygon repair and line extraction: the traps real Natural Earth data sets."""

from __future__ import annotations

import shapely
from shapely.geometry import GeometryCollection, LineString, MultiPolygon, Point, Polygon, box

from geo.core import geodesic_distance_km, geodesic_length_km, linear_part, polygonal_part, repair_polygon


def test_make_valid_collection_keeps_only_polygons():
    collection = GeometryCollection([box(0, 0, 1, 1), LineString([(2, 2), (3, 3)]), Point(5, 5)])
    assert polygonal_part(collection).equals(box(0, 0, 1, 1))


def test_bowtie_is_repaired_into_two_triangles():
    bowtie = Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])
    assert not bowtie.is_valid
    fixed = repair_polygon(bowtie)
    assert fixed.is_valid and isinstance(fixed, MultiPolygon) and len(fixed.geoms) == 2
    assert fixed.area == 2.0


def test_a_polygon_that_repairs_to_a_line_is_dropped():
    flat = Polygon([(0, 0), (1, 1), (2, 2), (0, 0)])
    assert repair_polygon(flat) is None


def test_shared_edge_intersection_keeps_lines_and_merges_them():
    a, b = box(0, 0, 1, 1), box(1, 0, 2, 1)
    line = linear_part(a.boundary.intersection(b.boundary))
    assert isinstance(line, LineString) and line.length == 1.0
    assert linear_part(shapely.Point(0, 0)) is None


def test_geodesic_measures_match_hand_computed_values():
    # One degree of latitude at the equator on WGS84 is 110.574 km.
    assert geodesic_distance_km(0, 0, 0, 1) == pytest_approx(110.574, 0.01)
    assert geodesic_length_km(LineString([(0, 0), (0, 1)])) == pytest_approx(110.574, 0.01)


def pytest_approx(value: float, abs_tol: float):
    import pytest

    return pytest.approx(value, abs=abs_tol)
