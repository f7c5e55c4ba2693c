"""Country and place names on the report figure, placed so that no two overlap.

On a fixed page every name competes for room: the more important one keeps its place,
the others move to a free position or are left out (see :func:`draw_labels`).
"""

from __future__ import annotations

import math

import shapely
from matplotlib.transforms import Bbox
from shapely.geometry import Point, Polygon, box

from geo.export.figure.projection import MapProjection
from geo.export.figure.style import FONT_SIZES, PX, TEXT_COLOR
from geo.geography import COUNTRY_LABEL_COLOR, CountryLabel, country_labels
from geo.layers import StyledFeature

#: Where a place label may go, in order of preference: (dx, dy) in points beyond the
#: marker, horizontal and vertical alignment. Right of the point first, as on the live map.
LABEL_POSITIONS = (
    ((1, 0), "left", "center"),
    ((-1, 0), "right", "center"),
    ((0, 1), "center", "bottom"),
    ((0, -1), "center", "top"),
    ((0.8, 0.8), "left", "bottom"),
    ((0.8, -0.8), "left", "top"),
    ((-0.8, 0.8), "right", "bottom"),
    ((-0.8, -0.8), "right", "top"),
)
#: Where a country name may move (points) when its label point is taken, nearest first.
COUNTRY_LABEL_NUDGES = ((0, 0), (0, -9), (0, 9), (-14, 0), (14, 0), (0, -18), (0, 18), (-14, -9), (14, 9))
#: Which places keep their label when labels compete: capitals before crossings before the rest.
PLACE_PRIORITY = {"capital": 0, "crossing": 1, "city": 2}


def draw_labels(ax, renderer, features: list[StyledFeature], proj: MapProjection) -> None:
    """Country and place names, placed greedily so that no two overlap.

    Order is importance: focus countries, then capitals, crossings, cities, other places,
    then context countries. Each place tries the positions in :data:`LABEL_POSITIONS` and
    is left out when none is free; markers count as obstacles too, so a name never hides
    another place.
    """
    frame = ax.get_window_extent(renderer)
    obstacles: list[Bbox] = []
    for feature in features:
        if feature.layer.spec.geometry == "point":
            p = proj.project(feature.geometry)
            cx, cy = ax.transData.transform((p.x, p.y))
            r = float(feature.style["radius"]) * PX * ax.figure.dpi / 72
            obstacles.append(Bbox.from_extents(cx - r, cy - r, cx + r, cy + r))
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    labels = _label_candidates(features, box(x0, y0, x1, y1), proj)
    for _, text, x, y, kind, radius in sorted(labels, key=lambda item: item[0]):
        xy = ax.transData.transform((x, y))
        if not frame.contains(*xy):
            continue
        if kind == "place":
            _place_label(ax, renderer, frame, obstacles, text, (x, y), radius)
        else:
            _country_label(ax, renderer, frame, obstacles, text, (x, y), kind)


def _visible_label_point(label: CountryLabel, view: Polygon, proj: MapProjection) -> tuple[float, float] | None:
    """The country's usual label point, or, when the view cuts it off, the pole of its visible part.

    Zoomed in, most neighbours' label points fall outside the frame; naming them where
    they are visible keeps a close-up figure readable. Slivers (< 2 % of the view) stay unnamed.
    """
    x, y = proj.to_map.transform(label.lon, label.lat)
    if view.buffer(-0.04 * math.sqrt(view.area)).contains(Point(x, y)):
        return x, y
    geom = proj.country_geoms().get(label.name)
    if geom is None:
        return None
    visible = geom.intersection(view)
    if visible.is_empty or visible.area < 0.02 * view.area:
        return None
    largest = max(getattr(visible, "geoms", [visible]), key=lambda g: g.area)
    if largest.geom_type != "Polygon":
        return None
    pole = shapely.get_point(
        shapely.maximum_inscribed_circle(largest, tolerance=math.sqrt(view.area) / 200), 0
    )
    return pole.x, pole.y


def _label_candidates(features: list[StyledFeature], view: Polygon, proj: MapProjection):
    out = []
    for c in country_labels():
        point = _visible_label_point(c, view, proj)
        if point is not None:
            out.append((0 if c.role == "focus" else 9, c.name.upper(), point[0], point[1], c.role, 0.0))
    for feature in features:
        field = feature.layer.spec.label
        value = feature.props.get(field) if field else None
        if not value or value != value or feature.geometry.geom_type != "Point":
            continue  # area names (the Wakhan Corridor) are the live map's; the figure labels places
        p = proj.project(feature.geometry)
        rank = 1 + PLACE_PRIORITY.get(str(feature.props.get("group", "")), len(PLACE_PRIORITY))
        out.append((rank, str(value), p.x, p.y, "place", float(feature.style["radius"])))
    return out


def _fits(bbox: Bbox, frame: Bbox, obstacles: list[Bbox]) -> bool:
    inside = frame.x0 <= bbox.x0 and bbox.x1 <= frame.x1 and frame.y0 <= bbox.y0 and bbox.y1 <= frame.y1
    return inside and not (obstacles and bbox.count_overlaps(obstacles))


def _padded(bbox: Bbox, pad: float) -> Bbox:
    return Bbox.from_extents(bbox.x0 - pad, bbox.y0 - pad, bbox.x1 + pad, bbox.y1 + pad)


def _place_label(ax, renderer, frame, obstacles, text, xy, radius) -> None:
    gap = radius * PX + 2.5
    label = ax.annotate(
        text,
        xy,
        xytext=(0, 0),
        textcoords="offset points",
        fontsize=FONT_SIZES["place"],
        color=TEXT_COLOR,
        zorder=7,
        annotation_clip=False,
        bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "alpha": 0.7, "edgecolor": "none"},
    )
    for (dx, dy), ha, va in LABEL_POSITIONS:
        label.set_position((dx * gap, dy * gap))
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        bbox = _padded(label.get_window_extent(renderer), 1.5)
        if _fits(bbox, frame, obstacles):
            obstacles.append(bbox)
            return
    label.remove()


def _country_label(ax, renderer, frame, obstacles, text, xy, role) -> None:
    """A country name at its label point, nudged a little if a marker sits right there."""
    size = FONT_SIZES["country_focus" if role == "focus" else "country_context"]
    label = ax.annotate(
        text,
        xy,
        xytext=(0, 0),
        textcoords="offset points",
        ha="center",
        va="center",
        fontsize=size,
        color=COUNTRY_LABEL_COLOR[role],
        annotation_clip=False,
        fontweight="bold" if role == "focus" else "normal",
        zorder=6,
    )
    for offset in COUNTRY_LABEL_NUDGES:
        label.set_position(offset)
        bbox = _padded(label.get_window_extent(renderer), 2)
        if _fits(bbox, frame, obstacles):
            obstacles.append(bbox)
            return
    label.remove()
