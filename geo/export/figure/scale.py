"""Scale bar and north arrow of the report figure, both true at the map's centre.

The projection's scale and the direction of north vary across the map, so both are
worked out at the point they are claimed for: the bar's length geodesically on the WGS84
ellipsoid, north by projecting a step due north from there.
"""

from __future__ import annotations

import math

from matplotlib.patches import Rectangle

from geo.core import geodesic_distance_km
from geo.export.figure.projection import TO_LONLAT, TO_MAP
from geo.export.figure.style import FONT_SIZES, TEXT_COLOR


def _nice_km(km: float) -> float:
    """The largest 1/2/2.5/5 × 10^n not above ``km``."""
    base = 10 ** math.floor(math.log10(km))
    return max(m * base for m in (1, 2, 2.5, 5) if m * base <= km)


def scale_bar_length(x: float, y: float, target_m: float) -> tuple[float, float]:
    """A round geodesic length near ``target_m`` of map units, and its length in map units.

    The bar starts at map point (x, y) and runs east along the map's x axis; its ground
    length is measured on the WGS84 ellipsoid, so the bar is true where it is drawn even
    though the projection's scale varies across the map.
    """
    lon0, lat0 = TO_LONLAT.transform(x, y)
    lon1, lat1 = TO_LONLAT.transform(x + target_m, y)
    km = geodesic_distance_km(lon0, lat0, lon1, lat1)
    nice = _nice_km(km)
    map_len = target_m * nice / km
    lon1, lat1 = TO_LONLAT.transform(x + map_len, y)  # refine once: scale varies along the bar
    map_len *= nice / geodesic_distance_km(lon0, lat0, lon1, lat1)
    return nice, map_len


def draw_scale_and_north(legend_ax, ax) -> None:
    """Scale bar and north arrow at the foot of the legend column, measured at the map's centre.

    Kept off the map so they never hide a feature; both are true at the centre (the bar is
    geodesic there, the arrow points to true north there), which the note under them says.
    """
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    map_w_in = ax.get_position().width * ax.figure.get_size_inches()[0]
    col_w_in = legend_ax.get_position().width * ax.figure.get_size_inches()[0]
    col_h_in = legend_ax.get_position().height * ax.figure.get_size_inches()[1]
    target_m = (x1 - x0) * min(0.2, 0.6 * col_w_in / map_w_in)
    km, length_m = scale_bar_length(cx - target_m / 2, cy, target_m)
    bar = length_m / (x1 - x0) * map_w_in / col_w_in  # axes fraction of the column
    h = 0.05 / col_h_in
    base = 0.16 / col_h_in + FONT_SIZES["caption"] * 2.6 / 72 / col_h_in
    kw = {"transform": legend_ax.transAxes, "clip_on": False}
    for i in range(4):
        legend_ax.add_patch(
            Rectangle(
                (i * bar / 4, base),
                bar / 4,
                h,
                facecolor="#1a1a1a" if i % 2 == 0 else "white",
                edgecolor="#1a1a1a",
                linewidth=0.6,
                **kw,
            )
        )
    for frac in (0, 0.5, 1):
        value = km * frac
        text = f"{value:,.0f}" if value % 1 == 0 else f"{value:,.1f}"
        legend_ax.text(
            frac * bar,
            base + h + 0.04 / col_h_in,
            text + (" km" if frac == 1 else ""),
            ha="center",
            va="bottom",
            fontsize=FONT_SIZES["scale"],
            color=TEXT_COLOR,
            **kw,
        )
    legend_ax.text(
        0,
        base - 0.08 / col_h_in,
        "Scale and north arrow true\nat the map's centre.",
        ha="left",
        va="top",
        fontsize=FONT_SIZES["caption"],
        color="#555555",
        linespacing=1.3,
        **kw,
    )
    _north_arrow(
        legend_ax,
        north_angle(cx, cy),
        (min(bar + 0.35 / col_w_in, 0.85), base + 0.1 / col_h_in),
        0.42 / col_h_in,
        col_w_in / col_h_in,
    )


def north_angle(x: float, y: float) -> float:
    """Direction of true north at map point (x, y), in radians from the map's +x axis."""
    lon, lat = TO_LONLAT.transform(x, y)
    nx, ny = TO_MAP.transform(lon, min(lat + 0.5, 89.9))
    return math.atan2(ny - y, nx - x)


def _north_arrow(ax, angle: float, at: tuple[float, float], length: float, aspect: float) -> None:
    """An arrow of ``length`` (axes height fraction) centred at ``at``, pointing along ``angle``."""
    dx, dy = length * math.cos(angle) / aspect, length * math.sin(angle)
    x, y = at
    ax.annotate(
        "",
        xy=(x + dx / 2, y + dy / 2),
        xytext=(x - dx / 2, y - dy / 2),
        xycoords=ax.transAxes,
        arrowprops={
            "arrowstyle": "-|>,head_length=0.9,head_width=0.45",
            "color": "#1a1a1a",
            "lw": 2.2,
            "shrinkA": 0,
            "shrinkB": 0,
        },
    )
    ax.text(
        x + dx * 0.62,
        y + dy * 0.62,
        "N",
        ha="center",
        va="bottom",
        fontsize=9,
        fontweight="bold",
        color=TEXT_COLOR,
        transform=ax.transAxes,
    )
