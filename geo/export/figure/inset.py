"""The locator inset: Afghanistan and its neighbours in the wider region, with the map's frame.

Drawn from the bundled Natural Earth countries (:func:`geo.geography.countries`) over the whole
bundled region, in the same kind of projection as the main map, so the red frame is exactly
the main map's extent.
"""

from __future__ import annotations

import shapely
from matplotlib.collections import PathCollection
from matplotlib.patches import PathPatch
from shapely.geometry import box

from geo.export.figure.map import polygon_path
from geo.export.figure.projection import MapProjection, figure_projection
from geo.geography import WATER, load_region

GID = "inset"
FOCUS_FILL = "#bdbdbd"
CONTEXT_FILL = "#f2f2f2"
AFGHANISTAN_FILL = "#4d4d4d"
FRAME_COLOUR = "#d7301f"


def region_extent() -> tuple[float, float, float, float]:
    """The bundled geography's lon/lat box."""
    e = load_region()["extent"]
    return e["min_lon"], e["min_lat"], e["max_lon"], e["max_lat"]


def inset_aspect() -> float:
    """Width / height of the region in the inset's projection."""
    proj = figure_projection(region_extent())
    x0, y0 = proj.to_map.transform(*region_extent()[:2])
    x1, y1 = proj.to_map.transform(*region_extent()[2:])
    return (x1 - x0) / (y1 - y0)


def draw_inset(fig, rect: tuple[float, float, float, float], frame_lonlat: tuple[float, float, float, float]):
    """A locator map in ``rect`` (figure fractions) with the main map's ``frame_lonlat`` outlined."""
    extent = region_extent()
    proj: MapProjection = figure_projection(extent)
    ax = fig.add_axes(rect, gid=GID)
    x0, y0 = proj.to_map.transform(*extent[:2])
    x1, y1 = proj.to_map.transform(*extent[2:])
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="datalim")
    ax.set_facecolor(WATER)
    rows = proj.countries()
    fills = [AFGHANISTAN_FILL if name == "Afghanistan" else FOCUS_FILL if role == "focus" else CONTEXT_FILL
             for name, role, _ in rows]
    ax.add_collection(PathCollection([polygon_path(g) for _, _, g in rows], facecolors=fills,
                                     edgecolors="#888888", linewidths=0.25), autolim=False)
    lo = max(frame_lonlat[0], -180), max(frame_lonlat[1], -85)
    hi = min(frame_lonlat[2], 180), min(frame_lonlat[3], 85)
    outline = proj.project(shapely.segmentize(box(*lo, *hi), 0.5))
    ax.add_patch(PathPatch(polygon_path(outline), facecolor="none", edgecolor=FRAME_COLOUR, linewidth=1.1,
                           zorder=5, clip_on=True))
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#666666")
        spine.set_linewidth(0.6)
    ax.text(0.03, 0.04, "Locator", transform=ax.transAxes, fontsize=6, color="#333333", va="bottom", ha="left",
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "alpha": 0.8, "edgecolor": "none"})
    return ax
