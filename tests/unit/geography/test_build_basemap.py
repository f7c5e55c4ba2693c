"""The rebuild script's own steps on small hand-made data: repair, clip, tag, simplify as a coverage."""

from __future__ import annotations

import geopandas as gpd
import shapely
from shapely.geometry import Polygon, box

from geo.geography.build_basemap import invalid_in_extent, regional_countries, simplify_for_web

REGION = {
    "extent": {"min_lon": 60.0, "min_lat": 30.0, "max_lon": 70.0, "max_lat": 40.0},
    "focus": [{"iso_n3": "004", "name": "Afghanistan"}],
}


def _jagged_pair() -> gpd.GeoDataFrame:
    """Two neighbours sharing a zig-zag border, one of them with an invalid bow-tie part."""
    zigzag = [(65.0, 31.0 + i * 0.5) for i in range(0, 17)]
    zigzag = [(x + (0.05 if i % 2 else -0.05), y) for i, (x, y) in enumerate(zigzag)]
    west = Polygon([(61.0, 31.0), *zigzag, (61.0, 39.0)])
    east = Polygon([(69.0, 31.0), (69.0, 39.0), *reversed(zigzag)])
    bowtie = Polygon([(69.2, 35), (69.8, 36), (69.8, 35), (69.2, 36)])  # an island of the eastern state
    return gpd.GeoDataFrame(
        {"iso_n3": ["004", "999"], "name": ["Afghanistan", "Elsewhere"]},
        geometry=[west.union(box(40, 35, 41, 36)), shapely.MultiPolygon([east, bowtie])],
        crs=4326,
    )


def test_regional_countries_repairs_clips_and_tags_focus_and_context():
    world = _jagged_pair()
    assert not world.is_valid.all()
    out = regional_countries(world, REGION)
    assert out.is_valid.all() and set(out.geom_type) <= {"Polygon", "MultiPolygon"}
    assert dict(zip(out.name, out.role)) == {"Afghanistan": "focus", "Elsewhere": "context"}
    assert out.total_bounds[0] >= 60.0, "parts outside the extent are clipped away"
    assert invalid_in_extent(world, out) == ["Elsewhere"]


def test_coverage_simplification_keeps_the_shared_border_shared():
    full = regional_countries(_jagged_pair(), REGION)
    # GEOS treats the tolerance as the side of a triangle-area threshold (Visvalingam–Whyatt):
    # 40 km removes the zig-zag of ±4.4 km teeth 55 km apart.
    web = simplify_for_web(full, tolerance_m=40_000, grid_deg=0.001)
    west, east = web.geometry.iloc[0], web.geometry.iloc[1]
    assert web.is_valid.all()
    assert west.intersection(east).area < 1e-6, "no overlap opened along the border"
    shared = west.boundary.intersection(east.boundary)
    assert shared.length > 7.5, "the border is still one common line, not two drifting ones"
    assert shapely.get_num_coordinates(west) < shapely.get_num_coordinates(full.geometry.iloc[0])
