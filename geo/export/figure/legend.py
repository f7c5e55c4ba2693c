"""The report figure's legend column: a swatch per visible layer, then the claim statuses.

Swatches use the same style conversion as the map (:mod:`geo.export.figure.style`), so each one
looks like the feature it explains.
"""

from __future__ import annotations

import textwrap

from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from geo.export.figure.style import FONT_SIZES, PX, TEXT_COLOR, mpl_linestyle, mpl_rgba
from geo.layers import LegendEntry


def draw_legend(ax, layer_rows: list[LegendEntry], status_rows: list[LegendEntry]) -> None:
    """Legend column: a swatch per visible layer, then how each status present is drawn."""
    fig_h_pt = ax.get_position().height * ax.figure.get_size_inches()[1] * 72
    fig_w_pt = ax.get_position().width * ax.figure.get_size_inches()[0] * 72
    line = FONT_SIZES["legend"] * 1.3 / fig_h_pt  # one text line, in axes fraction
    y = 1.0
    sections = [("Legend", layer_rows), ("Status of claim", status_rows)]
    for heading, rows in sections:
        if not rows:
            continue
        ax.text(
            0,
            y,
            heading,
            fontsize=FONT_SIZES["legend"] + 1,
            fontweight="bold",
            color=TEXT_COLOR,
            va="top",
            transform=ax.transAxes,
        )
        y -= line * 1.8
        for entry in rows:
            wrapped = textwrap.wrap(entry.label, int((fig_w_pt - 36) / (FONT_SIZES["legend"] * 0.55))) or [""]
            _swatch(ax, entry, y - line * 0.5, 24 / fig_w_pt)
            ax.text(
                32 / fig_w_pt,
                y,
                "\n".join(wrapped),
                fontsize=FONT_SIZES["legend"],
                color=TEXT_COLOR,
                va="top",
                ha="left",
                linespacing=1.2,
                transform=ax.transAxes,
            )
            y -= line * (len(wrapped) + 0.6)
        y -= line * 0.8


def _swatch(ax, entry: LegendEntry, y: float, width: float) -> None:
    s = entry.style
    lw = min(float(s["weight"]), 5) * PX
    stroke = mpl_rgba(s["color"], s["opacity"])
    dashes = mpl_linestyle(s["dash"], lw)
    kw = {"transform": ax.transAxes, "clip_on": False}
    if entry.geometry == "point":
        ax.add_line(
            Line2D(
                [width / 2],
                [y],
                marker="o",
                markersize=2 * min(float(s["radius"]), 6) * PX,
                markerfacecolor=mpl_rgba(s["fill_color"], s["fill_opacity"]),
                markeredgecolor=stroke,
                markeredgewidth=lw,
                linestyle="none",
                **kw,
            )
        )
    elif entry.geometry == "line":
        ax.add_line(
            Line2D(
                [0, width],
                [y, y],
                color=stroke,
                linewidth=lw,
                linestyle=dashes,
                dash_capstyle="round",
                solid_capstyle="round",
                **kw,
            )
        )
    else:
        h = (
            width
            * 0.42
            * ax.get_position().width
            * ax.figure.get_size_inches()[0]
            / (ax.get_position().height * ax.figure.get_size_inches()[1])
        )
        ax.add_patch(
            Rectangle(
                (0, y - h / 2),
                width,
                h,
                facecolor=mpl_rgba(s["fill_color"], s["fill_opacity"]),
                edgecolor=stroke,
                linewidth=lw,
                linestyle=dashes,
                **kw,
            )
        )
