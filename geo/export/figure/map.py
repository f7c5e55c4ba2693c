"""The map itself: base-map countries and the visible layers, drawn in the live map's style.

Geometries arrive in lon/lat and are projected here; shapely geometries become matplotlib
paths and line collections.
"""

from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.patches import PathPatch
from matplotlib.path import Path
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geo.export.figure.projection import MapProjection
from geo.export.figure.style import PX, mpl_linestyle, mpl_rgba
from geo.geography import COUNTRY_EDGE, COUNTRY_EDGE_WEIGHT, country_fill
from geo.layers import StyledFeature


def _polygons(geom: BaseGeometry):
    if isinstance(geom, Polygon):
        yield geom
    elif isinstance(geom, MultiPolygon) or hasattr(geom, "geoms"):
        for part in geom.geoms:
            yield from _polygons(part)


def _lines(geom: BaseGeometry):
    if isinstance(geom, LineString):
        yield np.asarray(geom.coords)[:, :2]
    elif isinstance(geom, Polygon):
        for ring in (geom.exterior, *geom.interiors):
            yield np.asarray(ring.coords)[:, :2]
    elif isinstance(geom, MultiLineString) or hasattr(geom, "geoms"):
        for part in geom.geoms:
            yield from _lines(part)


def polygon_path(geom: BaseGeometry) -> Path:
    """One compound path with holes (rings oriented so the non-zero rule leaves holes empty)."""
    verts, codes = [], []
    for poly in _polygons(geom):
        for ring in (poly.exterior, *poly.interiors):
            xy = np.asarray(ring.coords)[:, :2]
            ring_codes = np.full(len(xy), Path.LINETO, dtype=Path.code_type)
            ring_codes[0], ring_codes[-1] = Path.MOVETO, Path.CLOSEPOLY
            verts.append(xy)
            codes.append(ring_codes)
    return Path(np.concatenate(verts), np.concatenate(codes))


def draw_countries(ax, proj: MapProjection) -> None:
    """The base map's country fills and edges, below every layer."""
    rows = proj.countries()
    collection = PathCollection(
        [polygon_path(g) for _, _, g in rows],
        facecolors=[country_fill(n, r) for n, r, _ in rows],
        edgecolors=COUNTRY_EDGE,
        linewidths=COUNTRY_EDGE_WEIGHT * PX,
        zorder=1,
    )
    ax.add_collection(collection, autolim=False)


def draw_layer(ax, features: list[StyledFeature], proj: MapProjection) -> None:
    """Draw one layer's features in the live map's style: points above lines above areas."""
    for feature in features:
        s = feature.style
        geom = proj.project(feature.geometry)
        lw = float(s["weight"]) * PX
        stroke = mpl_rgba(s["color"], s["opacity"])
        dashes = mpl_linestyle(s["dash"], lw)
        if feature.layer.spec.geometry == "point" or isinstance(geom, Point):
            for point in getattr(geom, "geoms", [geom]):
                ax.scatter(
                    [point.x],
                    [point.y],
                    s=(2 * float(s["radius"]) * PX) ** 2,
                    facecolors=[mpl_rgba(s["fill_color"], s["fill_opacity"])],
                    edgecolors=[stroke],
                    linewidths=lw,
                    linestyles=dashes,
                    zorder=5,
                )
        elif isinstance(geom, (Polygon, MultiPolygon)):
            ax.add_patch(
                PathPatch(
                    polygon_path(geom),
                    facecolor=mpl_rgba(s["fill_color"], s["fill_opacity"]),
                    edgecolor="none",
                    zorder=3,
                )
            )
            _draw_outline(ax, geom, stroke, lw, dashes, zorder=3)
        else:
            _draw_outline(ax, geom, stroke, lw, dashes, zorder=4)


def _draw_outline(ax, geom, stroke, lw: float, dashes, zorder: int) -> None:
    """Stroke every line (or ring) of ``geom``: area outlines at 3, lines above them at 4."""
    ax.add_collection(
        LineCollection(
            list(_lines(geom)),
            colors=[stroke],
            linewidths=lw,
            linestyles=dashes,
            capstyle="round",
            joinstyle="round",
            zorder=zorder,
        ),
        autolim=False,
    )
