"""A standalone HTML map of the visible layers that opens with no network at all.

Leaflet's JS and CSS (from the ``xstatic-leaflet`` package, the same 1.9.3 the app
serves) are inlined, and the few images its CSS names become ``data:`` URIs, so the file
can be e-mailed, archived or opened on an air-gapped laptop. Features carry the live map's
styles (:func:`geo.layers.styled_features`) and its escaped tooltips and legend
(:mod:`geo.layers.markup`); data is embedded as JSON with ``<`` escaped, so no data string
can close the script or become markup.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
from functools import lru_cache
from pathlib import Path

import xstatic.pkg.leaflet as xleaflet

from geo.export.checks import ExportError, Extent, check_extent, check_layers
from geo.export.figure.caption import report_caption
from geo.export.figure.page import DEFAULT_EXTENT
from geo.geography import WATER
from geo.layers import (
    Layer,
    atlas_map_js,
    basemap_data,
    label_layout,
    layer_data,
    legend_entries,
    legend_html,
    map_css,
    script_json,
    status_entries,
)

LEAFLET_DIR = Path(xleaflet.BASE_DIR)
HTML_PROJECTION_NOTE = "Web Mercator (Leaflet)"

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Spillover Atlas">
<title>{title}</title>
<style>{leaflet_css}</style>
<style>
html, body {{ margin: 0; color: #1a1a1a; font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; }}
header {{ padding: 8px 14px 6px; }}
header h1 {{ margin: 0; font-size: 20px; line-height: 1.2; }}
header p {{ margin: 2px 0 0; color: #444; font-size: 13px; }}
main {{ display: flex; align-items: stretch; height: calc(100vh - 64px); min-height: 420px; }}
#map {{ flex: 1 1 auto; min-width: 0; background: {water}; }}
footer {{ padding: 6px 14px 10px; font-size: 11px; color: #444; line-height: 1.4; }}
{map_css}
</style>
</head>
<body>
<header><h1>{title}</h1>{subtitle}</header>
<main>
<div id="map" role="application" aria-label="{title}"></div>
<aside class="atlas-side" aria-label="Legend and layers"></aside>
</main>
<footer>{caption}</footer>
<script>{leaflet_js}</script>
<script>{atlas_js}</script>
<script>
(function () {{
  var DATA = {data};
  var map = L.map('map', {{minZoom: 3, maxZoom: 11, zoomSnap: 0.25}});
  window.map = map;
  map.attributionControl.setPrefix(false);
  // The live map's base, panes (areas below lines below points) and drawing: geo/layers/atlas_map.js.
  AtlasMap.drawBasemap(map, DATA.basemap);
  var overlays = {{}};
  DATA.layers.forEach(function (layer) {{
    var group = L.featureGroup();
    AtlasMap.drawLayer(group, layer);
    group.addTo(map);
    overlays[layer.title] = group;
  }});
  L.control.scale({{imperial: false}}).addTo(map);
  // Legend and layer list beside the map, never over it (the live map's placement rule).
  var side = document.querySelector('.atlas-side');
  var legend = L.DomUtil.create('div', 'atlas-legend', side);
  legend.innerHTML = DATA.legend;
  var layers = L.control.layers(null, overlays, {{collapsed: false}}).addTo(map);
  side.appendChild(layers.getContainer());
  map.fitBounds(DATA.bounds);
}})();
</script>
</body>
</html>
"""


def export_html(
    layers: list[Layer],
    extent: Extent | tuple[float, float, float, float] = DEFAULT_EXTENT,
    title: str = "Spillover Atlas",
    *,
    subtitle: str = "",
    caption: str = "",
    date: dt.date | None = None,
    essay: str = "",
) -> str:
    """A self-contained HTML page showing the visible ``layers``, fitted to ``extent``.

    Same layers, styles, tooltips, pane order (areas below lines below points) and legend as
    the live map, plus a layer switcher, a metric scale bar and a caption with the sources, the
    essay citation and the date. The legend and the layer list sit beside the map, never over it.
    Contains no ``http(s)`` asset reference: it draws with the network off.

    Raises
    ------
    ExportError
        No visible layers, or an extent that is malformed or has nothing in it.
    """
    layers = check_layers(layers)
    extent = check_extent(extent, layers)
    placed = label_layout(layers)  # the live map's label rule (geo.layers.placement)
    data = {
        "basemap": basemap_data(),
        "layers": [
            {"id": layer.id, "title": html.escape(layer.spec.title), **layer_data(layer, placed)}
            for layer in layers  # sidebar order; the panes put areas below lines below points
        ],
        "legend": legend_html(legend_entries(layers), status_entries(layers)),
        "bounds": [[extent.min_lat, extent.min_lon], [extent.max_lat, extent.max_lon]],
    }
    return PAGE.format(
        title=html.escape(title),
        subtitle=f"<p>{html.escape(subtitle)}</p>" if subtitle else "",
        caption=html.escape(report_caption(layers, caption, date, HTML_PROJECTION_NOTE, essay)),
        water=WATER,
        leaflet_css=leaflet_css(),
        leaflet_js=leaflet_js(),
        atlas_js=_inlinable(atlas_map_js(), "geo/layers/atlas_map.js"),
        data=script_json(data),
        map_css=map_css(),
    )


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    """Leaflet's minified JS from ``xstatic-leaflet``, checked to be safe to inline."""
    return _inlinable(_read_asset("leaflet.js"), "the bundled leaflet.js (reinstall xstatic-leaflet)")


def _inlinable(text: str, what: str) -> str:
    """``text``, checked to be safe inside ``<script>``: no ``</script`` can end it early."""
    if re.search(r"</script", text, re.IGNORECASE):
        raise ExportError(f"{what} contains '</script' and cannot be inlined into the HTML export.")
    return text


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """Leaflet's CSS with comments dropped and ``url(images/…)`` turned into ``data:`` URIs."""

    def inline(match: re.Match) -> str:
        image = LEAFLET_DIR / match.group(1)
        encoded = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{encoded})"

    css = re.sub(r"/\*.*?\*/", "", _read_asset("leaflet.css"), flags=re.DOTALL)
    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)


def _read_asset(name: str) -> str:
    path = LEAFLET_DIR / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ExportError(
            f"Leaflet's {name} is missing from {LEAFLET_DIR} ({exc.strerror}); reinstall it with "
            "`pip install --force-reinstall XStatic-Leaflet`."
        ) from exc
