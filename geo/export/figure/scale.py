"""Scale bar and north arrow of the report figure, both true at the map's centre.

The projection's scale and the direction of north vary across the map, so both are
worked out at the point they are claimed for: the bar's length geodesically on the WGS84
ellipsoid, north by projecting a step due north from there.
"""

from __future__ import annotations

import math

from matplotlib.patches import FancyArrowPatch, Rectangle

from geo.core import geodesic_distance_km
from geo.export.figure.layout import Box, draw_lines, line_height
from geo.export.figure.projection import MapProjection
from geo.export.figure.style import FONT_SIZES, TEXT_COLOR

GID_SCALE = "scale"
GID_NORTH = "north"


def _nice_km(km: float) -> float:
    """The largest 1/2/2.5/5 × 10^n not above ``km``."""
    base = 10 ** math.floor(math.log10(km))
    return max(m * base for m in (1, 2, 2.5, 5) if m * base <= km)


def scale_bar_length(x: float, y: float, target_m: float, proj: MapProjection) -> tuple[float, float]:
    """A round geodesic length near ``target_m`` of map units, and its length in map units.

    The bar starts at map point (x, y) of ``proj`` and runs east along the map's x axis; its
    ground length is measured on the WGS84 ellipsoid, so the bar is true where it is drawn even
    though the projection's scale varies across the map.
    """
    to_lonlat = proj.to_lonlat
    lon0, lat0 = to_lonlat.transform(x, y)
    lon1, lat1 = to_lonlat.transform(x + target_m, y)
    km = geodesic_distance_km(lon0, lat0, lon1, lat1)
    nice = _nice_km(km)
    map_len = target_m * nice / km
    lon1, lat1 = to_lonlat.transform(x + map_len, y)  # refine once: scale varies along the bar
    map_len *= nice / geodesic_distance_km(lon0, lat0, lon1, lat1)
    return nice, map_len


def draw_scale_and_north(fig, box: Box, ax, proj: MapProjection) -> None:
    """Scale bar and north arrow in their reserved ``box`` (inches), measured at the map's centre.

    Kept off the map so they never hide a feature; both are true at the centre (the bar is
    geodesic there, the arrow points to true north there), which the note under them says.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    map_w_in = ax.get_position().width * fig.get_size_inches()[0]
    m_per_in = (x1 - x0) / map_w_in
    arrow_w = 0.45
    target_m = (box.w - arrow_w - 0.35) * m_per_in
    km, length_m = scale_bar_length(cx - target_m / 2, cy, target_m, proj)
    bar = length_m / m_per_in
    h = 0.05
    note_lines = ("Scale and north arrow true", "at the map's centre.")
    note_top = box.y + len(note_lines) * line_height(FONT_SIZES["caption"])
    base = note_top + 0.08
    label_y = base + h + 0.04
    x = box.x + 0.05
    for i in range(4):
        rect = Rectangle((x + i * bar / 4, base), bar / 4, h, facecolor="#1a1a1a" if i % 2 == 0 else "white",
                         edgecolor="#1a1a1a", linewidth=0.6, transform=fig.dpi_scale_trans, gid=GID_SCALE)
        fig.add_artist(rect)
    for frac in (0, 0.5, 1):
        value = km * frac
        text = f"{value:,.0f}" if value % 1 == 0 else f"{value:,.1f}"
        fig.text(x + frac * bar, label_y, text + (" km" if frac == 1 else ""), ha="center", va="bottom",
                 fontsize=FONT_SIZES["scale"], color=TEXT_COLOR, transform=fig.dpi_scale_trans, gid=GID_SCALE)
    draw_lines(fig, box.x, note_top, note_lines, FONT_SIZES["caption"], GID_SCALE, color="#555555")
    _north_arrow(fig, north_angle(cx, cy, proj), (box.right - arrow_w / 2, box.y + box.h * 0.42), 0.42)


def north_angle(x: float, y: float, proj: MapProjection) -> float:
    """Direction of true north at map point (x, y) of ``proj``, in radians from the map's +x axis."""
    lon, lat = proj.to_lonlat.transform(x, y)
    nx, ny = proj.to_map.transform(lon, min(lat + 0.5, 89.9))
    return math.atan2(ny - y, nx - x)


def _north_arrow(fig, angle: float, at: tuple[float, float], length: float) -> None:
    """An arrow of ``length`` inches centred at ``at`` (inches), pointing along ``angle``, with its N."""
    dx, dy = length * math.cos(angle), length * math.sin(angle)
    x, y = at
    arrow = FancyArrowPatch((x - dx / 2, y - dy / 2), (x + dx / 2, y + dy / 2),
                            arrowstyle="-|>,head_length=0.9,head_width=0.45", color="#1a1a1a", lw=2.2,
                            mutation_scale=10, shrinkA=0, shrinkB=0, transform=fig.dpi_scale_trans, gid=GID_NORTH)
    fig.add_artist(arrow)
    fig.text(x + dx * 0.55, y + dy * 0.55 + 0.03, "N", ha="center", va="bottom", fontsize=9, fontweight="bold",
             color=TEXT_COLOR, transform=fig.dpi_scale_trans, gid=GID_NORTH)
