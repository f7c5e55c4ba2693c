"""The report figure: the visible layers drawn with matplotlib, offline, ready for a page.

Why not a screenshot: a report needs a title, a legend, a true scale bar, a north arrow
and a caption naming every source, at print resolution, with selectable text. The map is
drawn in the regional Lambert azimuthal equal-area CRS (:data:`geo.core.geometry.REGION_EQUAL_AREA`),
so areas look right and the scale bar, measured geodesically, is true where it stands.

Every colour, width, dash and opacity comes from :func:`geo.layers.symbology.feature_style`
(through :func:`geo.layers.styled_features`) and :mod:`geo.geography.style`, the
same sources the live map uses. Leaflet sizes are CSS pixels; one CSS pixel is drawn as
0.75 pt, its physical size on a 96-dpi screen.

The figure is assembled here (page layout, header, map frame); its parts live beside it:
:mod:`geo.export.figure.page` (page sizes, default extent), :mod:`geo.export.figure.style` (type sizes,
style conversion), :mod:`geo.export.figure.projection`, :mod:`geo.export.figure.map` (base map and layers),
:mod:`geo.export.figure.labels`, :mod:`geo.export.figure.legend`, :mod:`geo.export.figure.scale` (scale bar,
north arrow) and :mod:`geo.export.figure.caption`.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geo.export.checks import Extent, check_extent, check_layers
from geo.export.figure.caption import wrap_caption
from geo.export.figure.labels import draw_labels
from geo.export.figure.legend import draw_legend
from geo.export.figure.map import draw_countries, draw_layer, polygon_path
from geo.export.figure.page import DEFAULT_EXTENT, PagePreset, page_preset
from geo.export.figure.projection import TO_LONLAT, TO_MAP, project
from geo.export.figure.scale import draw_scale_and_north
from geo.export.figure.style import FONT_SIZES, TEXT_COLOR
from geo.geography import WATER, load_region
from geo.layers import Layer, legend_entries, status_entries, styled_features

#: Kept importable from here: tests measure the scale bar and north arrow with these.
_TO_MAP, _TO_LONLAT = TO_MAP, TO_LONLAT


def render_figure(
    layers: list[Layer],
    extent: Extent | tuple[float, float, float, float] = DEFAULT_EXTENT,
    *,
    title: str,
    subtitle: str = "",
    size: str = "16:9",
    caption: str = "",
    date: dt.date | None = None,
    essay: str = "",
) -> Figure:
    """Draw the visible ``layers`` over the base map for ``extent`` as a report-ready Figure.

    Parameters
    ----------
    layers
        The visible layers, in drawing order (as the live map receives them).
    extent
        ``(min_lon, min_lat, max_lon, max_lat)``; the map shows at least this box, widened
        on one axis to fill the page's map frame.
    title, subtitle
        Printed above the map.
    size
        A key of :data:`SIZES` (``"16:9"`` or ``"a4-landscape"``).
    caption
        Optional sentence put before the generated caption (sources, citation, date).
    date
        Export date printed in the caption (today if omitted).
    essay
        Citation of the essay the map illustrates (the loaded bundle's attribution).

    Returns
    -------
    matplotlib.figure.Figure
        Not attached to pyplot; save it with ``fig.savefig`` or :func:`geo.export.formats.export_static`.

    Raises
    ------
    ExportError
        No visible layers, a malformed extent or one with nothing in it, an unknown size.
    """
    layers = check_layers(layers)
    extent = check_extent(extent, layers)
    page = page_preset(size)
    fig = Figure(figsize=(page.width_in, page.height_in), dpi=100, facecolor="white")
    canvas = FigureCanvasAgg(fig)
    caption_lines = wrap_caption(layers, caption, date or dt.date.today(), page, essay)
    ax, legend_ax = _layout(fig, page, len(caption_lines), bool(subtitle))
    _header(fig, page, title, subtitle)
    fig.text(
        0.25 / page.width_in,
        0.018,
        "\n".join(caption_lines),
        fontsize=FONT_SIZES["caption"],
        color="#444444",
        va="bottom",
        ha="left",
        linespacing=1.35,
    )
    _frame_map(ax, extent)
    draw_countries(ax)
    features = [f for layer in layers for f in styled_features(layer)]
    for layer in layers:
        draw_layer(ax, [f for f in features if f.layer is layer])
    draw_scale_and_north(legend_ax, ax)
    draw_labels(ax, canvas.get_renderer(), features)
    draw_legend(legend_ax, legend_entries(layers), status_entries(layers))
    return fig


# -- layout --


def _layout(fig: Figure, page: PagePreset, caption_line_count: int, has_subtitle: bool):
    """Map frame on the left, legend column on the right, header above, caption below."""
    h_pt = page.height_in * 72
    margin = 0.25 / page.width_in  # a quarter inch
    header = (FONT_SIZES["title"] + (FONT_SIZES["subtitle"] + 6 if has_subtitle else 0) + 24) / h_pt
    footer = (caption_line_count * FONT_SIZES["caption"] * 1.35 + 20) / h_pt
    legend_w = 2.7 / page.width_in
    map_w = 1 - 2 * margin - legend_w - 0.15 / page.width_in
    ax = fig.add_axes((margin, footer, map_w, 1 - header - footer))
    legend_ax = fig.add_axes((1 - margin - legend_w, footer, legend_w, 1 - header - footer))
    legend_ax.set_axis_off()
    return ax, legend_ax


def _header(fig: Figure, page: PagePreset, title: str, subtitle: str) -> None:
    x = 0.25 / page.width_in
    top = 1 - 14 / (page.height_in * 72)
    fig.text(x, top, title, fontsize=FONT_SIZES["title"], fontweight="bold", color=TEXT_COLOR, va="top")
    if subtitle:
        below = top - (FONT_SIZES["title"] + 6) / (page.height_in * 72)
        fig.text(x, below, subtitle, fontsize=FONT_SIZES["subtitle"], color="#444444", va="top")


def _frame_map(ax, extent: Extent) -> None:
    """Fit the projected extent to the frame's shape (widening one axis) and style the frame."""
    e = load_region()["extent"]
    clipped = Extent(
        max(extent.min_lon, e["min_lon"]),
        max(extent.min_lat, e["min_lat"]),
        min(extent.max_lon, e["max_lon"]),
        min(extent.max_lat, e["max_lat"]),
    )
    if clipped.min_lon < clipped.max_lon and clipped.min_lat < clipped.max_lat:
        extent = clipped  # nothing is mapped beyond the bundled geography
    outline = project(shapely.segmentize(box(*extent), 0.25))  # edges curve in LAEA: densify first
    xs, ys = np.asarray(outline.exterior.coords).T
    x0, x1, y0, y1 = float(np.min(xs)), float(np.max(xs)), float(np.min(ys)), float(np.max(ys))
    bbox = ax.get_position()
    fig_w, fig_h = ax.figure.get_size_inches()
    frame_ratio = (bbox.width * fig_w) / (bbox.height * fig_h)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = (x1 - x0) / 2, (y1 - y0) / 2
    if half_w / half_h < frame_ratio:
        half_w = half_h * frame_ratio
    else:
        half_h = half_w / frame_ratio
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)
    ax.set_aspect("equal", adjustable="box")
    # Beyond the bundled geography there is no data: leave it white (like an atlas page)
    # rather than blue, which would claim sea where there is land.
    ax.set_facecolor("white")
    ax.add_patch(PathPatch(polygon_path(_coverage()), facecolor=WATER, edgecolor="none", zorder=0))
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#666666")
        spine.set_linewidth(0.6)


@lru_cache(maxsize=1)
def _coverage() -> BaseGeometry:
    """The bundled geography's lon/lat box, projected: water inside it, no data beyond."""
    e = load_region()["extent"]
    lonlat = shapely.segmentize(box(e["min_lon"], e["min_lat"], e["max_lon"], e["max_lat"]), 0.25)
    return project(lonlat)
