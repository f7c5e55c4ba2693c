"""The report figure: the visible layers drawn with matplotlib, offline, ready for a page.

Why not a screenshot: a report needs a title, a legend, a true scale bar, a north arrow
and a caption naming every source, at print resolution, with selectable text. The map is
drawn in a cylindrical equal-area projection centred on the view (:mod:`geo.export.figure.projection`),
so its frame is exactly the live map's lon/lat bounds, areas are true, and the scale bar, measured
geodesically, is true where it stands.

Every colour, width, dash and opacity comes from :func:`geo.layers.symbology.feature_style`
(through :func:`geo.layers.styled_features`) and :mod:`geo.geography.style`, the
same sources the live map uses. Leaflet sizes are CSS pixels; one CSS pixel is drawn as
0.75 pt, its physical size on a 96-dpi screen.

The figure is assembled here; every part is placed in a box the layout engine reserved from its
measured size (:mod:`geo.export.figure.layout`), so no two parts overlap. The parts live beside it:
:mod:`geo.export.figure.page` (page sizes, default extent), :mod:`geo.export.figure.style` (type sizes,
style conversion), :mod:`geo.export.figure.projection`, :mod:`geo.export.figure.map` (base map and layers),
:mod:`geo.export.figure.labels`, :mod:`geo.export.figure.legend`, :mod:`geo.export.figure.scale` (scale bar,
north arrow), :mod:`geo.export.figure.inset` (locator) and :mod:`geo.export.figure.caption`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from geo.export.checks import ExportError, Extent, check_extent, check_layers
from geo.export.figure.caption import report_caption
from geo.export.figure.inset import draw_inset, inset_aspect
from geo.export.figure.labels import draw_labels
from geo.export.figure.layout import (
    PANEL_COLUMN_W,
    Box,
    LayoutError,
    Measure,
    PageLayout,
    draw_lines,
    line_height,
    plan_page,
)
from geo.export.figure.legend import draw_legend_rows, keep_with_next, legend_rows
from geo.export.figure.map import draw_countries, draw_layer
from geo.export.figure.page import DEFAULT_EXTENT, page_preset
from geo.export.figure.projection import MapProjection, figure_projection
from geo.export.figure.scale import draw_scale_and_north
from geo.export.figure.style import FONT_SIZES, TEXT_COLOR
from geo.geography import WATER, load_region
from geo.layers import Layer, legend_entries, status_entries, styled_features

#: Coordinate-label size (points) when ticks are on.
TICK_SIZE = 6.5
GRATICULE_COLOUR = "#8c8c8c"


@dataclass(frozen=True)
class FigureExtent:
    """What a figure shows: the extent asked for, the frame actually drawn (both lon/lat), the projection.

    ``frame`` contains ``view`` and differs from it only on one axis, symmetrically, by what the
    page's shape requires (never cropped).
    """

    view: Extent
    frame: Extent
    projection: str


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
    graticule: bool = False,
    inset: bool = True,
) -> Figure:
    """Draw the visible ``layers`` over the base map for ``extent`` as a report-ready Figure.

    Parameters
    ----------
    layers
        The visible layers, in drawing order (as the live map receives them).
    extent
        ``(min_lon, min_lat, max_lon, max_lat)``, typically the live map's bounds; the map
        shows exactly this box, widened on one axis (never cropped) to fill the map frame.
    title, subtitle
        Printed above the map (wrapped to the page width).
    size
        A key of :data:`SIZES` (``"16:9"`` or ``"a4-landscape"``).
    caption
        Optional sentence put before the generated caption (sources, citation, date).
    date
        Export date printed in the caption (today if omitted).
    essay
        Citation of the essay the map illustrates (the loaded bundle's attribution).
    graticule
        Draw meridians and parallels with degree labels on the frame.
    inset
        Draw the locator inset (Afghanistan's region, with the map's frame outlined).

    Returns
    -------
    matplotlib.figure.Figure
        Not attached to pyplot; save it with ``fig.savefig`` or :func:`geo.export.formats.export_static`.
        Its ``atlas_extent`` attribute is a :class:`FigureExtent`.

    Raises
    ------
    ExportError
        No visible layers, a malformed extent or one with nothing in it, an unknown size, or
        more legend than the page can hold beside a map.
    """
    layers = check_layers(layers)
    extent = check_extent(extent, layers)
    page = page_preset(size)
    proj = figure_projection(extent)
    fig = Figure(figsize=(page.width_in, page.height_in), dpi=100, facecolor="white")
    renderer = FigureCanvasAgg(fig).get_renderer()
    measure = Measure(renderer, fig.dpi)
    rows = legend_rows(measure, legend_entries(layers), status_entries(layers), PANEL_COLUMN_W)
    ticks = (measure.width("45°N", TICK_SIZE) + 0.12, line_height(TICK_SIZE) + 0.08) if graticule else (0.0, 0.0)
    note = ""
    for _ in range(2):  # the note lengthens the caption, which reshapes the map frame: plan again with it
        try:
            layout, columns = plan_page(
                measure, page.width_in, page.height_in, title=title, subtitle=subtitle,
                caption=report_caption(layers, caption, date or dt.date.today(), proj.note(), essay, note=note),
                legend_heights=[r.height for r in rows], inset_aspect=inset_aspect() if inset else None,
                tick_margins=ticks, legend_keep=keep_with_next(rows),
            )
        except LayoutError as exc:
            raise ExportError(str(exc)) from exc
        limits, frame = _map_frame(extent, proj, layout.map_box)
        if note or not (note := coverage_note(frame)):
            break
    _header_and_caption(fig, layout)
    ax = fig.add_axes(layout.map_box.fraction(page.width_in, page.height_in), gid="map")
    _frame_map(ax, limits)
    draw_countries(ax, proj)
    if graticule:
        _graticule(ax, proj, frame)
    features = [f for layer in layers for f in styled_features(layer)]
    for layer in layers:
        draw_layer(ax, [f for f in features if f.layer is layer], proj)
    draw_scale_and_north(fig, layout.scale_box, ax, proj)
    draw_labels(ax, renderer, features, proj)
    for i, (column, indices) in enumerate(zip(layout.legend_columns, columns)):
        draw_legend_rows(fig, [rows[k] for k in indices], column.x, column.top, i)
    if layout.inset_box is not None:
        draw_inset(fig, layout.inset_box.fraction(page.width_in, page.height_in), frame)
    fig.atlas_extent = FigureExtent(extent, frame, proj.note())
    return fig


def _header_and_caption(fig: Figure, layout: PageLayout) -> None:
    draw_lines(fig, layout.title_box.x, layout.title_box.top, layout.title_lines, FONT_SIZES["title"], "title",
               weight="bold", color=TEXT_COLOR)
    if layout.subtitle_box is not None:
        draw_lines(fig, layout.subtitle_box.x, layout.subtitle_box.top, layout.subtitle_lines,
                   FONT_SIZES["subtitle"], "subtitle", color="#444444")
    draw_lines(fig, layout.caption_box.x, layout.caption_box.top, layout.caption_lines, FONT_SIZES["caption"],
               "caption", color="#444444")


def _map_frame(extent: Extent, proj: MapProjection, frame_box: Box) -> tuple[tuple[float, ...], Extent]:
    """Exactly ``extent``, widened on its shorter side to the frame's shape: map limits and the frame (lon/lat).

    In a cylindrical projection meridians and parallels are straight, so the lon/lat box is a
    rectangle and the frame's edges are the view's meridians and parallels.
    """
    x0, y0 = proj.to_map.transform(extent.min_lon, extent.min_lat)
    x1, y1 = proj.to_map.transform(extent.max_lon, extent.max_lat)
    frame_ratio = frame_box.w / frame_box.h
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_w, half_h = (x1 - x0) / 2, (y1 - y0) / 2
    if half_w / half_h < frame_ratio:
        half_w = half_h * frame_ratio
    else:
        half_h = half_w / frame_ratio
    limits = (cx - half_w, cx + half_w, cy - half_h, cy + half_h)
    lon0, lat0 = proj.to_lonlat.transform(limits[0], limits[2])
    lon1, lat1 = proj.to_lonlat.transform(limits[1], limits[3])
    return limits, Extent(lon0, lat0, lon1, lat1)


def _frame_map(ax, limits: tuple[float, ...]) -> None:
    """The map axes showing ``limits`` (map metres) on the water colour, framed, without ticks.

    The whole frame is the water colour, as the live map's background is: a page-shaped frame
    reaching past the bundled geography shows the same plain blue there, never a white band, and
    the caption says that blue is no data (:func:`coverage_note`).
    """
    ax.set_xlim(*limits[:2])
    ax.set_ylim(*limits[2:])
    ax.set_facecolor(WATER)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#666666")
        spine.set_linewidth(0.6)


def coverage_note(frame: Extent) -> str:
    """The caption's sentence when ``frame`` reaches past the bundled geography, else ``""``.

    Parameters
    ----------
    frame : Extent
        The lon/lat box the map frame shows.

    Returns
    -------
    str
        E.g. ``"The base map covers 44°E–96°E, 20°N–56°N; beyond it the plain blue is no data, not sea."``
    """
    e = load_region()["extent"]
    eps = 1e-6
    inside = (frame.min_lon >= e["min_lon"] - eps and frame.max_lon <= e["max_lon"] + eps
              and frame.min_lat >= e["min_lat"] - eps and frame.max_lat <= e["max_lat"] + eps)
    if inside:
        return ""
    return (f"The base map covers {_degrees(e['min_lon'], 'E', 'W')}–{_degrees(e['max_lon'], 'E', 'W')}, "
            f"{_degrees(e['min_lat'], 'N', 'S')}–{_degrees(e['max_lat'], 'N', 'S')}; beyond it the plain blue is "
            "no data, not sea.")


def _degree_step(span: float) -> float:
    for step in (1, 2, 5, 10, 15, 20, 30):
        if span / step <= 8:
            return float(step)
    return 45.0


def _graticule(ax, proj: MapProjection, frame: Extent) -> None:
    """Meridians and parallels every few degrees, labelled on the frame's left and bottom edges."""
    step = _degree_step(max(frame.max_lon - frame.min_lon, frame.max_lat - frame.min_lat))
    lons = [v * step for v in range(math.ceil(frame.min_lon / step), math.floor(frame.max_lon / step) + 1)]
    lats = [v * step for v in range(math.ceil(frame.min_lat / step), math.floor(frame.max_lat / step) + 1)]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    xs = [proj.to_map.transform(lon, frame.min_lat)[0] for lon in lons]
    ys = [proj.to_map.transform(frame.min_lon, lat)[1] for lat in lats]
    segments = [[(x, y0), (x, y1)] for x in xs] + [[(x0, y), (x1, y)] for y in ys]
    ax.add_collection(LineCollection(segments, colors=GRATICULE_COLOUR, linewidths=0.4, linestyles=(0, (4, 3)),
                                     zorder=2), autolim=False)
    ax.set_xticks(xs, [_degrees(v, "E", "W") for v in lons], fontsize=TICK_SIZE, color="#444444")
    ax.set_yticks(ys, [_degrees(v, "N", "S") for v in lats], fontsize=TICK_SIZE, color="#444444")
    ax.tick_params(length=2.5, width=0.5, pad=1.5, colors="#444444")


def _degrees(value: float, positive: str, negative: str) -> str:
    text = f"{abs(value):g}°"
    return text + (positive if value > 0 else negative if value < 0 else "")
