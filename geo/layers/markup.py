"""HTML fragments shared by the live map and the standalone HTML export.

Tooltips and the legend are built here, in one place, so the exported file shows the
same words and swatches as the screen, and every data string is escaped exactly once.
"""

from __future__ import annotations

import base64
import html
from functools import lru_cache
from pathlib import Path
from string import Template

from geo.geography import COUNTRY_LABEL_COLOR, WATER
from geo.layers.legend import LegendEntry, LegendGroup
from geo.layers.placement import placement_css
from geo.layers.specs import Layer
from geo.layers.symbology import status_label

#: The one stylesheet of the live map and the HTML export (labels, tooltips, legend, label thinning).
MAP_CSS_FILE = Path(__file__).with_name("map.css")
#: Script tagging the Leaflet map ``map`` (in scope) with ``zoom-is-N`` (the whole zoom level,
#: which label placement keys on) and ``zoom-lt-N`` classes on every zoom.
ZOOM_CLASSES_JS = """(function (map) {
    function tag() {
        var z = map.getZoom(), box = map.getContainer();
        for (var n = 3; n <= 11; n++) {
            box.classList.toggle('zoom-lt-' + n, z < n);
            box.classList.toggle('zoom-is-' + n, Math.floor(z + 1e-6) === n);
        }
    }
    map.on('zoomend', tag);
    tag();
})(map);"""


@lru_cache(maxsize=1)
def map_css() -> str:
    """The atlas's map stylesheet (``geo/layers/map.css``) with the basemap colours filled in.

    Returns
    -------
    str
        CSS text, without ``<style>`` tags, for the live map's header and the HTML export.
    """
    template = Template(MAP_CSS_FILE.read_text(encoding="utf-8"))
    css = template.substitute(water=WATER, focus_label=COUNTRY_LABEL_COLOR["focus"],
                              context_label=COUNTRY_LABEL_COLOR["context"])
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
        if props.get("confidence") == "lower":
            certainty += " · lower confidence"
        lines.insert(1, f"<i>{html.escape(certainty)}</i>")
    # No wrapper markup: it would be repeated in every feature of the payload; the
    # tooltip's width is set once in CSS (.leaflet-tooltip).
    return "<br>".join(lines)


def swatch_svg(entry: LegendEntry) -> str:
    """A 28×14 SVG sample of a point, line or polygon in the entry's style."""
    s = entry.style
    stroke = (
        f'stroke="{html.escape(s["color"])}" stroke-width="{min(float(s["weight"]), 5)}" '
        f'stroke-opacity="{s["opacity"]}" stroke-dasharray="{html.escape(s["dash"] or "none")}"'
    )
    fill = f'fill="{html.escape(s["fill_color"])}" fill-opacity="{s["fill_opacity"]}"'
    if entry.geometry == "point":
        shape = f'<circle cx="14" cy="7" r="{min(float(s["radius"]), 6.5)}" {fill} {stroke}/>'
    elif entry.geometry == "line":
        shape = f'<line x1="1" y1="7" x2="27" y2="7" {stroke}/>'
    else:
        shape = f'<rect x="2" y="2" width="24" height="10" {fill} {stroke}/>'
    return f'<svg width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">{shape}</svg>'


def legend_html(layer_entries: list[LegendEntry], status_entries: list[LegendEntry]) -> str:
    """The legend box: one row per visible layer, then how each status is drawn."""
    rows = [
        f'<div class="row">{swatch_svg(e)}<span>{html.escape(e.label)}</span></div>' for e in layer_entries
    ]
    out = "".join(rows)
    if status_entries:
        out += "<h4>Status of claim</h4>"
        out += "".join(
            f'<div class="row">{swatch_svg(e)}<span>{html.escape(e.label)}</span></div>'
            for e in status_entries
        )
    # <details> folds the legend away with no script when it hides what the user is reading.
    return f"<details open><summary>Legend</summary>{out}</details>"


#: Styles of the legend beside the live map (it lives in the page, outside the map's frame).
LEGEND_PANEL_CSS = (
    ".atlas-legend-panel{display:flex;flex-wrap:wrap;gap:4px 22px;font-size:12.5px;line-height:1.3;"
    "padding:2px 0 6px}"
    ".atlas-legend-panel section{min-width:180px;max-width:300px}"
    ".atlas-legend-panel h4{font-size:12.5px;font-weight:700;margin:2px 0 3px;padding:0}"
    ".atlas-legend-panel .row{display:flex;align-items:center;gap:6px;margin:2px 0}"
    ".atlas-legend-panel img{flex:none}"
)


def swatch_img(entry: LegendEntry) -> str:
    """:func:`swatch_svg` as an ``<img>`` with a data URI: survives HTML sanitisers that drop inline SVG."""
    svg = swatch_svg(entry).replace('<svg ', '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" width="28" height="14" alt="">'


def legend_panel_html(groups: list[LegendGroup], status_entries: list[LegendEntry]) -> str:
    """The legend shown beside the live map: a column per layer group, then how each status is drawn.

    Each row's swatches are drawn with the exact style of the features they stand for
    (colour, weight, dash, fill); a layer that mixes points, lines and areas shows one swatch
    for each. Every data string is escaped.
    """
    columns = []
    for group in groups:
        rows = "".join(
            f'<div class="row">{"".join(swatch_img(s) for s in row.swatches)}<span>{html.escape(row.label)}</span></div>'
            for row in group.rows
        )
        columns.append(f'<section><h4>{html.escape(group.title)}</h4>{rows}</section>')
    if status_entries:
        rows = "".join(f'<div class="row">{swatch_img(e)}<span>{html.escape(e.label)}</span></div>'
                       for e in status_entries)
        columns.append(f"<section><h4>Status of claim</h4>{rows}</section>")
    return f'<style>{LEGEND_PANEL_CSS}</style><div class="atlas-legend-panel">{"".join(columns)}</div>'
