"""Start-up warm-up: what the first visitor would otherwise wait for, done when the server starts.

:func:`warm_up` runs in a background thread from ``serve.py``'s lifespan hook, before any browser
has connected: it loads the shipped layers and the bundle's risk distance fields (from the
derived-data store, :mod:`geo.core.derived`, or built and stored), and publishes the base map,
the map script and the shared layers as static files. It calls no Streamlit API, so it needs no
session; a failure is left for the first page to report in its own words.
"""

from __future__ import annotations

import logging
import time

from geo.bundle import load_bundle
from geo.layers import base_layers
from geo.risk import stored_risk_fields
from ui.bundle_state import server_bundle_path
from ui.leaflet.assets import ensure_leaflet_assets
from ui.leaflet.published import atlas_map_js_url, basemap_url, layer_source, map_css_url, view_reports_js_url

_LOG = logging.getLogger(__name__)


def warm_up() -> float:
    """Build or load what the first map needs; return the seconds it took (also logged).

    Never raises: a damaged data file is reported by the page that needs it, with its fix.
    """
    start = time.perf_counter()
    try:
        ensure_leaflet_assets()
        for url in (atlas_map_js_url, view_reports_js_url, map_css_url, basemap_url):
            url()
        for layer in base_layers():
            layer_source(layer)
        bundle = load_bundle(server_bundle_path())
        stored_risk_fields(bundle)
    except Exception as exc:  # noqa: BLE001 - the page that needs it reports it properly
        _LOG.warning("Start-up warm-up stopped early (%s); the first page will say what is wrong.", exc)
    seconds = time.perf_counter() - start
    _LOG.info("Start-up warm-up took %.1f s", seconds)
    return seconds
