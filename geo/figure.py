"""The report figure: the visible layers drawn with matplotlib, offline, ready for a page.

Why not a screenshot: a report needs a title, a legend, a true scale bar, a north arrow
and a caption naming every source, at print resolution, with selectable text. The map is
drawn in the regional Lambert azimuthal equal-area CRS (:data:`geo.geometry.REGION_EQUAL_AREA`),
so areas look right and the scale bar, measured geodesically, is true where it stands.

Every colour, width, dash and opacity comes from :func:`geo.symbology.feature_style`
(through :func:`geo.export_geojson.styled_features`) and :mod:`geo.basemap_style`, the
same sources the live map uses. Leaflet sizes are CSS pixels; one CSS pixel is drawn as
0.75 pt, its physical size on a 96-dpi screen.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.transforms import Bbox
from pyproj import Transformer
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from geo.basemap import countries
from geo.basemap_style import (
    COUNTRY_EDGE,
    COUNTRY_EDGE_WEIGHT,
    COUNTRY_LABEL_COLOR,
    DEFAULT_CENTER,
    DEFAULT_ZOOM,
    WATER,
    CountryLabel,
    basemap_credit,
    country_fill,
    country_labels,
)
from geo.build_basemap import load_region
from geo.export_checks import ExportError, Extent, check_extent, check_layers
from geo.export_geojson import StyledFeature, styled_features
from geo.geometry import REGION_EQUAL_AREA, WGS84, geodesic_distance_km
from geo.layers import Layer
from geo.legend import LegendEntry, legend_entries, status_entries

PX = 0.75  # points per CSS pixel
ESSAY_CITATION = (
    "Dr. Doğacan Başaran, \u201cCould Al-Qaeda Terrorist Organization Become an International Threat "
    "Again?\u201d, ANKASAM, 2023"
)
PROJECTION_NOTE = "Lambert azimuthal equal-area (centre 37°N 68°E)"
TEXT_COLOR = "#1a1a1a"
FONT_SIZES = {
    "title": 18.0,
    "subtitle": 11.0,
    "caption": 6.8,
    "legend": 8.0,
    "country_focus": 8.5,
    "country_context": 6.8,
    "place": 7.2,
    "scale": 7.0,
}
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


@dataclass(frozen=True)
class PagePreset:
    """A page shape: physical size (inches, which is also the PDF page) and PNG resolution."""

    key: str
    label: str
    width_in: float
    height_in: float
    dpi: int

    @property
    def png_size(self) -> tuple[int, int]:
        """PNG width and height in pixels at :attr:`dpi` (matplotlib truncates fractions)."""
        return int(self.width_in * self.dpi + 1e-6), int(self.height_in * self.dpi + 1e-6)


SIZES: dict[str, PagePreset] = {
    "16:9": PagePreset("16:9", "16:9 slide", 12.8, 7.2, 250),
    "a4-landscape": PagePreset("a4-landscape", "A4 landscape", 297 / 25.4, 210 / 25.4, 300),
}


def page_preset(size: str) -> PagePreset:
    """The preset named ``size``; an :class:`ExportError` naming the choices otherwise."""
    try:
        return SIZES[size]
    except KeyError:
        raise ExportError(f"Unknown page size {size!r}; choose one of {', '.join(SIZES)}.") from None


def view_extent(
    center: tuple[float, float] = DEFAULT_CENTER,
    zoom: float = DEFAULT_ZOOM,
    width_px: int = 1100,
    height_px: int = 640,
) -> Extent:
    """The lon/lat box a Leaflet map of ``width_px`` × ``height_px`` shows at ``center``/``zoom``.

    Lets the app (and the CLI's default) export "the current view" when only centre and
    zoom are known. Web Mercator, 256-px tiles, as Leaflet.
    """
    lat, lon = center
    world = 256 * 2**zoom
    cx = (lon + 180) / 360 * world
    cy = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * world

    def to_lat(y: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / world))))

    west, east = (cx - width_px / 2) / world * 360 - 180, (cx + width_px / 2) / world * 360 - 180
    return Extent(
        round(west, 4),
        round(to_lat(cy + height_px / 2), 4),
        round(east, 4),
        round(to_lat(cy - height_px / 2), 4),
    )


DEFAULT_EXTENT = view_extent()

_TO_MAP = Transformer.from_crs(WGS84, REGION_EQUAL_AREA, always_xy=True)
_TO_LONLAT = Transformer.from_crs(REGION_EQUAL_AREA, WGS84, always_xy=True)


def _project(geom: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: np.column_stack(_TO_MAP.transform(xy[:, 0], xy[:, 1])))


@lru_cache(maxsize=1)
def _projected_countries() -> tuple[tuple[str, str, BaseGeometry], ...]:
    web = countries("web")
    return tuple(
        (n, r, shapely.orient_polygons(_project(g))) for n, r, g in zip(web.name, web.role, web.geometry)
    )


@lru_cache(maxsize=1)
def _projected_country_geoms() -> dict[str, BaseGeometry]:
    return {name: geom for name, _, geom in _projected_countries()}


def render_figure(
    layers: list[Layer],
    extent: Extent | tuple[float, float, float, float] = DEFAULT_EXTENT,
    *,
    title: str,
    subtitle: str = "",
    size: str = "16:9",
    caption: str = "",
    date: dt.date | None = None,
    essay: str = ESSAY_CITATION,
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
        Not attached to pyplot; save it with ``fig.savefig`` or :func:`geo.export.export_static`.

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
    caption_lines = _caption_lines(layers, caption, date or dt.date.today(), page, essay)
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
    _draw_countries(ax)
    features = [f for layer in layers for f in styled_features(layer)]
    for layer in layers:
        _draw_layer(ax, [f for f in features if f.layer is layer])
    _scale_and_north(legend_ax, ax)
    _labels(ax, canvas.get_renderer(), features)
    _legend(legend_ax, legend_entries(layers), status_entries(layers))
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


def report_caption(
    layers: list[Layer], caption: str = "", date: dt.date | None = None, projection: str = PROJECTION_NOTE,
    essay: str = ESSAY_CITATION,
) -> str:
    """The caption every export carries: sources of the visible layers (each once), the
    basemap's source, the essay citation and the export date, after the user's own ``caption``."""
    parts = (part.strip().rstrip(".") for layer in layers for part in layer.spec.source.split(";"))
    sources = list(dict.fromkeys(part for part in parts if part))
    date = date or dt.date.today()
    return " ".join(
        part
        for part in (
            caption.strip(),
            "Sources: " + "; ".join(sources) + f"; {basemap_credit()}.",
            f"Essay: {essay.strip().rstrip('.')}.",
            f"Projection: {projection}. Exported {date.isoformat()} from Spillover Atlas.",
        )
        if part
    )


def _caption_lines(layers: list[Layer], caption: str, date: dt.date, page: PagePreset, essay: str) -> list[str]:
    chars_per_line = int((page.width_in - 0.5) * 72 / (FONT_SIZES["caption"] * 0.58))
    return textwrap.wrap(report_caption(layers, caption, date, essay=essay), chars_per_line)


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
    outline = _project(shapely.segmentize(box(*extent), 0.25))  # edges curve in LAEA: densify first
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
    ax.add_patch(PathPatch(_polygon_path(_coverage()), facecolor=WATER, edgecolor="none", zorder=0))
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
    return _project(lonlat)


# -- geometry → matplotlib --


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


def _polygon_path(geom: BaseGeometry) -> Path:
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


def _linestyle(dash: str, linewidth_pt: float):
    """An SVG dash array (CSS px) as a matplotlib dash pattern (matplotlib scales it by the width)."""
    if not dash or linewidth_pt <= 0:
        return "solid"
    lengths = [float(v) * PX / linewidth_pt for v in dash.replace(",", " ").split()]
    if len(lengths) % 2:
        lengths *= 2
    return (0, tuple(max(v, 0.01) for v in lengths))


def _rgba(color: str, alpha: float) -> tuple[float, float, float, float]:
    return to_rgba(color, float(alpha))


def _draw_countries(ax) -> None:
    rows = _projected_countries()
    collection = PathCollection(
        [_polygon_path(g) for _, _, g in rows],
        facecolors=[country_fill(n, r) for n, r, _ in rows],
        edgecolors=COUNTRY_EDGE,
        linewidths=COUNTRY_EDGE_WEIGHT * PX,
        zorder=1,
    )
    ax.add_collection(collection, autolim=False)


def _draw_layer(ax, features: list[StyledFeature]) -> None:
    """Draw one layer's features in the live map's style: points above lines above areas."""
    for feature in features:
        s = feature.style
        geom = _project(feature.geometry)
        lw = float(s["weight"]) * PX
        stroke = _rgba(s["color"], s["opacity"])
        dashes = _linestyle(s["dash"], lw)
        if feature.layer.spec.geometry == "point" or isinstance(geom, Point):
            for point in getattr(geom, "geoms", [geom]):
                ax.scatter(
                    [point.x],
                    [point.y],
                    s=(2 * float(s["radius"]) * PX) ** 2,
                    facecolors=[_rgba(s["fill_color"], s["fill_opacity"])],
                    edgecolors=[stroke],
                    linewidths=lw,
                    linestyles=dashes,
                    zorder=5,
                )
        elif isinstance(geom, (Polygon, MultiPolygon)):
            ax.add_patch(
                PathPatch(
                    _polygon_path(geom),
                    facecolor=_rgba(s["fill_color"], s["fill_opacity"]),
                    edgecolor="none",
                    zorder=3,
                )
            )
            ax.add_collection(
                LineCollection(
                    list(_lines(geom)),
                    colors=[stroke],
                    linewidths=lw,
                    linestyles=dashes,
                    capstyle="round",
                    joinstyle="round",
                    zorder=3,
                ),
                autolim=False,
            )
        else:
            ax.add_collection(
                LineCollection(
                    list(_lines(geom)),
                    colors=[stroke],
                    linewidths=lw,
                    linestyles=dashes,
                    capstyle="round",
                    joinstyle="round",
                    zorder=4,
                ),
                autolim=False,
            )


# -- scale bar and north arrow --


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
    lon0, lat0 = _TO_LONLAT.transform(x, y)
    lon1, lat1 = _TO_LONLAT.transform(x + target_m, y)
    km = geodesic_distance_km(lon0, lat0, lon1, lat1)
    nice = _nice_km(km)
    map_len = target_m * nice / km
    lon1, lat1 = _TO_LONLAT.transform(x + map_len, y)  # refine once: scale varies along the bar
    map_len *= nice / geodesic_distance_km(lon0, lat0, lon1, lat1)
    return nice, map_len


def _scale_and_north(legend_ax, ax) -> None:
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
    lon, lat = _TO_LONLAT.transform(x, y)
    nx, ny = _TO_MAP.transform(lon, min(lat + 0.5, 89.9))
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


# -- labels --


def _labels(ax, renderer, features: list[StyledFeature]) -> None:
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
            p = _project(feature.geometry)
            cx, cy = ax.transData.transform((p.x, p.y))
            r = float(feature.style["radius"]) * PX * ax.figure.dpi / 72
            obstacles.append(Bbox.from_extents(cx - r, cy - r, cx + r, cy + r))
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    labels = _label_candidates(features, box(x0, y0, x1, y1))
    for _, text, x, y, kind, radius in sorted(labels, key=lambda item: item[0]):
        xy = ax.transData.transform((x, y))
        if not frame.contains(*xy):
            continue
        if kind == "place":
            _place_label(ax, renderer, frame, obstacles, text, (x, y), radius)
        else:
            _country_label(ax, renderer, frame, obstacles, text, (x, y), kind)


def _visible_label_point(label: CountryLabel, view: Polygon) -> tuple[float, float] | None:
    """The country's usual label point, or, when the view cuts it off, the pole of its visible part.

    Zoomed in, most neighbours' label points fall outside the frame; naming them where
    they are visible keeps a close-up figure readable. Slivers (< 2 % of the view) stay unnamed.
    """
    x, y = _TO_MAP.transform(label.lon, label.lat)
    if view.buffer(-0.04 * math.sqrt(view.area)).contains(Point(x, y)):
        return x, y
    geom = _projected_country_geoms().get(label.name)
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


def _label_candidates(features: list[StyledFeature], view: Polygon):
    out = []
    for c in country_labels():
        point = _visible_label_point(c, view)
        if point is not None:
            out.append((0 if c.role == "focus" else 9, c.name.upper(), point[0], point[1], c.role, 0.0))
    for feature in features:
        field = feature.layer.spec.label
        value = feature.props.get(field) if field else None
        if not value or value != value:
            continue
        p = _project(feature.geometry)
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


# -- legend --


def _legend(ax, layer_rows: list[LegendEntry], status_rows: list[LegendEntry]) -> None:
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
    stroke = _rgba(s["color"], s["opacity"])
    dashes = _linestyle(s["dash"], lw)
    kw = {"transform": ax.transAxes, "clip_on": False}
    if entry.geometry == "point":
        ax.add_line(
            Line2D(
                [width / 2],
                [y],
                marker="o",
                markersize=2 * min(float(s["radius"]), 6) * PX,
                markerfacecolor=_rgba(s["fill_color"], s["fill_opacity"]),
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
                facecolor=_rgba(s["fill_color"], s["fill_opacity"]),
                edgecolor=stroke,
                linewidth=lw,
                linestyle=dashes,
                **kw,
            )
        )
