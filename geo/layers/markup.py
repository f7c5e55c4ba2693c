"""HTML fragments shared by the live map and the standalone HTML export.

Tooltips and the legend are built here, in one place, so the exported file shows the
same words and swatches as the screen, and every data string is escaped exactly once.
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Template

from geo.geography import COUNTRY_LABEL_COLOR, WATER
from geo.layers.legend import LegendEntry, LegendGroup, LegendRow
from geo.layers.placement import placement_css
from geo.layers.specs import Layer
from geo.layers.symbology import confidences, status_label

#: Leaflet panes every atlas map stacks its layers in, lowest first: (name, z-index, takes clicks).
#: Land, then every layer's areas, then lines (Leaflet's own overlay pane, 400), then points, so a
#: country-sized claim never covers a border, a route or a place. Shared by the HTML export.
MAP_PANES = (("atlas-land", 350, False), ("atlas-areas", 390, True), ("atlas-points", 410, True))
_PANE_OF_GEOMETRY = {"Polygon": "atlas-areas", "MultiPolygon": "atlas-areas", "Point": "atlas-points",
                     "MultiPoint": "atlas-points"}


def feature_pane(geom_type: str) -> str:
    """The pane a feature of ``geom_type`` is drawn in (lines: Leaflet's ``overlayPane``)."""
    return _PANE_OF_GEOMETRY.get(geom_type, "overlayPane")


#: The one stylesheet of the live map and the HTML export (labels, tooltips, legend, label thinning).
MAP_CSS_FILE = Path(__file__).with_name("map.css")


@lru_cache(maxsize=2)
def map_css(labels: bool = True) -> str:
    """The atlas's map stylesheet (``geo/layers/map.css``) with the basemap colours filled in.

    Parameters
    ----------
    labels : bool
        Append the label-placement rules (which label shows at which zoom, about 15 KB): the
        maps need them; the legend beside the live map does not.

    Returns
    -------
    str
        CSS text, without ``<style>`` tags, for the live map, the legend and the HTML export.
    """
    template = Template(MAP_CSS_FILE.read_text(encoding="utf-8"))
    css = template.substitute(water=WATER, focus_label=COUNTRY_LABEL_COLOR["focus"],
                              context_label=COUNTRY_LABEL_COLOR["context"])
    if not labels:
        return css
    return css + "\n/* Label placement (geo.layers.placement): where each label shows at each zoom. */\n" + placement_css()


def tooltip_html(layer: Layer, props: dict, status: str | None) -> str:
    """Tooltip markup in which every value is escaped: data strings never become HTML."""
    lines = []
    for i, field in enumerate(layer.spec.tooltip):
        value = props.get(field)
        if value is None or value != value or value == "":
            continue
        text = html.escape(str(value))
        lines.append(f"<b>{text}</b>" if i == 0 else f"<small>{text}</small>")
    if status:
        certainty = status_label(status)
        level = confidences().get(props.get("confidence") or "")
        if level is not None:
            certainty += f" · {level.short}"
        lines.insert(1, f"<i>{html.escape(certainty)}</i>")
    # No wrapper markup: it would be repeated in every feature of the payload; the
    # tooltip's width is set once in CSS (.leaflet-tooltip).
    return "<br>".join(lines)


def swatch_svg(entry: LegendEntry) -> str:
    """A 28×14 SVG sample in the entry's style: a box, a line and/or a dot, one per kind it draws."""
    s = entry.style
    stroke = (
        f'stroke="{html.escape(s["color"])}" stroke-width="{min(float(s["weight"]), 5)}" '
        f'stroke-opacity="{s["opacity"]}" stroke-dasharray="{html.escape(s["dash"] or "none")}"'
    )
    fill = f'fill="{html.escape(s["fill_color"])}" fill-opacity="{s["fill_opacity"]}"'
    kinds = entry.swatch_kinds
    shapes = []
    if kinds == ("point",):
        shapes.append(f'<circle cx="14" cy="7" r="{min(float(s["radius"]), 6)}" {fill} {stroke}/>')
    elif kinds == ("line",):
        shapes.append(f'<line x1="1" y1="7" x2="27" y2="7" {stroke}/>')
    else:  # an area, with the line and the dot of a mixed layer drawn over it
        shapes.append(f'<rect x="2" y="2" width="24" height="10" {fill} {stroke}/>' if "polygon" in kinds else "")
        if "line" in kinds:
            shapes.append(f'<line x1="1" y1="12" x2="27" y2="2" {stroke}/>')
        if "point" in kinds:
            shapes.append(f'<circle cx="21" cy="7" r="{min(float(s["radius"]), 4)}" {fill} {stroke}/>')
    return f'<svg width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">{"".join(shapes)}</svg>'


def ramp_html(entry: LegendEntry) -> str:
    """A graduated layer's classes: one coloured box per class with its range, then the unit."""
    return _ramp_html(entry.ramp, entry.style) if entry.ramp is not None else ""


def _ramp_html(ramp, style: dict, sheet: _SwatchSheet | None = None) -> str:
    """The classes as inline SVG boxes, or as classes of ``sheet``."""
    def box(color: str) -> str:
        svg = (f'<svg width="28" height="12" aria-hidden="true"><rect x="2" y="1" width="24" height="10" '
               f'fill="{html.escape(color)}" fill-opacity="{style["fill_opacity"]}" stroke="{html.escape(color)}" '
               f'stroke-width="{min(float(style["weight"]), 3)}"/></svg>')
        return sheet.swatch(svg, 28, 12) if sheet is not None else svg

    rows = "".join(
        f'<div class="ramp-class">{box(c.color)}<span>{html.escape(label)}</span></div>'
        for c, label in zip(ramp.classes, ramp.labels())
    )
    method = f" · {html.escape(ramp.method)}" if ramp.method else ""
    return (f'<div class="ramp" role="list" aria-label="{html.escape(ramp.heading())}">'
            f'<div class="ramp-unit">{html.escape(ramp.heading())}{method}</div>{rows}</div>')


def _entry_html(entry: LegendEntry) -> str:
    note = f' <small class="note">({html.escape(entry.note)})</small>' if entry.note else ""
    # A graduated layer's symbols are its classes: no single swatch that matches none of them.
    swatch = '<svg width="28" height="14" aria-hidden="true"></svg>' if entry.ramp else swatch_svg(entry)
    return f'<div class="row">{swatch}<span>{html.escape(entry.label)}{note}</span></div>' + ramp_html(entry)


def legend_html(layer_entries: list[LegendEntry], status_entries: list[LegendEntry], note: str = "") -> str:
    """The legend box: one row per visible layer (graduated layers with their classes), then statuses, then a note.

    Parameters
    ----------
    layer_entries, status_entries
        From :func:`geo.layers.legend_entries` and :func:`geo.layers.status_entries`.
    note
        Plain text shown under the rows (e.g. how many undated claims a time window keeps).

    Returns
    -------
    str
        Markup styled by ``.atlas-legend`` in ``geo/layers/map.css``; every data string escaped.
    """
    out = "".join(_entry_html(e) for e in layer_entries)
    if status_entries:
        out += "<h4>Status of claim</h4>"
        out += "".join(_entry_html(e) for e in status_entries)
    if note:
        out += f'<p class="legend-note">{html.escape(note)}</p>'
    # <details> folds the legend away with no script when it hides what the user is reading.
    return f"<details open><summary>Legend</summary>{out}</details>"


def svg_data_uri(svg: str) -> str:
    """``svg`` as a base64 ``data:`` URI: an image that needs no file beside the page."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


class _SwatchSheet:
    """One legend's swatches as CSS classes (``s0``, ``s1``…) whose backgrounds are their SVGs.

    Sanitisers that drop inline SVG keep them, and the markup stays small (it travels on every
    rerun): the images travel in the stylesheet, which the live map serves as a file a browser
    fetches once. A swatch is an empty ``<i>``, which assistive technology skips.
    """

    def __init__(self) -> None:
        self._index: dict[str, int] = {}
        self.rules: list[str] = []

    def swatch(self, svg: str, width: int, height: int) -> str:
        svg = svg.replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
        n = self._index.setdefault(svg, len(self._index))
        if n == len(self.rules):
            self.rules.append(f'.atlas-legend-panel .s{n}{{width:{width}px;height:{height}px;'
                              f'background-image:url("{svg_data_uri(svg)}")}}')
        return f"<i class=s{n}></i>"


def _panel_label(label: str, note: str = "") -> str:
    """A row's label: its text is the row's last flex item (a span only when a note follows it)."""
    if not note:
        return html.escape(label)
    return f'<span>{html.escape(label)} <small class="note">({html.escape(note)})</small></span>'


def _panel_row(row: LegendRow, sheet: _SwatchSheet) -> str:
    if row.ramp is not None:
        return f"<p>{_panel_label(row.label, row.note)}</p>" + _ramp_html(row.ramp, row.swatches[0].style, sheet)
    swatches = "".join(sheet.swatch(swatch_svg(s), 28, 14) for s in row.swatches)
    return f"<p>{swatches}{_panel_label(row.label, row.note)}</p>"


@dataclass(frozen=True)
class LegendPanel:
    """The legend beside the live map: its markup and the stylesheet of its swatches.

    ``html`` is a ``div.atlas-legend-panel``: a ``section`` per group, a ``p`` per row, each
    swatch an empty ``<i class=sN>`` drawn by ``css`` (one rule per distinct swatch, the SVG as
    a ``data:`` URI background).
    """

    html: str
    css: str

    def page_html(self, stylesheet_urls: Sequence[str] = ()) -> str:
        """The panel with its styles, imported from ``stylesheet_urls`` or inlined.

        ``stylesheet_urls`` are where :func:`map_css` and :attr:`css` are served; without them
        both are inlined (self-contained, about 15 KB more).
        """
        if stylesheet_urls:
            styles = "".join(f"@import url({json.dumps(url)});" for url in stylesheet_urls)
        else:
            styles = map_css(labels=False) + self.css
        return f"<style>{styles}</style>{self.html}"


def legend_panel(groups: list[LegendGroup], status_entries: list[LegendEntry], note: str = "") -> LegendPanel:
    """The legend shown beside the live map: a column per layer group, then how each status is drawn.

    Each row's swatches are drawn with the exact style of the features they stand for
    (colour, weight, dash, fill); a layer that mixes points, lines and areas shows one swatch
    for each, and a graduated layer its classes with breaks and unit. ``note`` (plain text)
    closes the legend. Every data string is escaped.
    """
    sheet = _SwatchSheet()
    columns = []
    for group in groups:
        rows = "".join(_panel_row(row, sheet) for row in group.rows)
        columns.append(f'<section><h4>{html.escape(group.title)}</h4>{rows}</section>')
    if status_entries:
        rows = "".join(f"<p>{sheet.swatch(swatch_svg(e), 28, 14)}{_panel_label(e.label)}</p>"
                       for e in status_entries)
        columns.append(f"<section><h4>Status of claim</h4>{rows}</section>")
    if note:
        columns.append(f'<p class="legend-note">{html.escape(note)}</p>')
    return LegendPanel(html=f'<div class="atlas-legend-panel">{"".join(columns)}</div>', css="\n".join(sheet.rules))
