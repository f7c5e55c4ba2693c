"""Start-up warm-up: what the first visitor would otherwise wait for, done when the server starts.

:func:`warm_up` runs in a background thread from ``serve.py``'s lifespan hook, before any browser
has connected. It fills the pages' own process-wide caches (``st.cache_resource``: the bundle, its
layers and the risk distance fields they need, from the derived-data store :mod:`geo.core.derived`
or built and stored), publishes the base map, the map script and every shared layer as static
files, imports what the first script run would, and compiles folium's templates. It draws no
element, so it needs no session; a failure is left for the first page to report in its own words.
"""

from __future__ import annotations

import importlib
import inspect
import logging
import threading
import time

from geo.layers import Layer, afghanistan_border_table, base_layers, corridor
from ui import bundle_state
from ui.bundle_state import bundle_layers, server_bundle_path
from ui.http_cache import prime
from ui.leaflet.assets import ensure_leaflet_assets
from ui.leaflet.elements import base_map, layers_group
from ui.leaflet.literal_render import install as install_literal_render
from ui.leaflet.published import basemap_url, live_map_js_url, map_css_url

_LOG = logging.getLogger(__name__)


def warm_up() -> float:
    """Build or load what the first map needs; return the seconds it took (also logged).

    Never raises: a damaged data file is reported by the page that needs it, with its fix.
    """
    start, started_at = time.perf_counter(), time.time()
    # Streamlit's caches warn once that this thread runs no script: expected here, so not logged.
    quiet = _OtherThreadsOnly(threading.get_ident())
    context_log = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")
    context_log.addFilter(quiet)
    try:
        ensure_leaflet_assets()
        for url in (live_map_js_url, map_css_url, basemap_url):
            url()
        # The pages' own caches (st.cache_resource is per process, not per session): the first
        # page finds the bundle and its layers ready.
        bundle = bundle_state.cached_bundle(server_bundle_path())
        _first_page_imports()
        _render_map_once([*base_layers(), *bundle_layers(bundle)])
        # What the first browser fetches, read and gzipped now (serve.py serves it from memory).
        prime(newer_than=started_at - 1.0)
        # Last: only the border table's expander needs them, once opened (a first page that arrives
        # meanwhile would otherwise wait on them for its map).
        afghanistan_border_table()
        corridor()
    except Exception as exc:  # noqa: BLE001 - the page that needs it reports it properly
        _LOG.warning("Start-up warm-up stopped early (%s); the first page will say what is wrong.", exc)
    finally:
        context_log.removeFilter(quiet)
    seconds = time.perf_counter() - start
    _LOG.info("Start-up warm-up took %.1f s", seconds)
    return seconds


class _OtherThreadsOnly(logging.Filter):
    """Drops the records one thread logs."""

    def __init__(self, thread_id: int) -> None:
        super().__init__()
        self.thread_id = thread_id

    def filter(self, record: logging.LogRecord) -> bool:
        return record.thread != self.thread_id


def _first_page_imports() -> None:
    """Import what the first script run would (folium's plugins, which st_folium loads; Pillow, for
    the page icon) and fill inspect's module map: 0.4 s the first visitor no longer waits for. (Icons are Material
    symbols, not emoji: an emoji icon would load Streamlit's emoji table, 0.18 s, and shows as an
    empty box on a machine with no emoji font.)

    Not ``streamlit_folium`` itself: a component declared outside a script run is never registered
    with the server, and its frame then answers 404.
    """
    importlib.import_module("folium.plugins")
    importlib.import_module("PIL.Image")  # the page icon goes through Streamlit's image_to_url, which imports it
    # Declaring a component asks inspect which module called; its first such question maps every
    # loaded module's file (0.1 s here). Asked once now, later questions only map new modules.
    inspect.getmodule(inspect.currentframe())


def _render_map_once(layers: list[Layer]) -> None:
    """Render a base map with ``layers`` as the pages do: each layer's file is published
    (:func:`ui.leaflet.published.layer_source`) and folium's Jinja templates are compiled before any page."""
    install_literal_render()
    m = base_map()
    layers_group(layers).add_to(m)
    m.get_root().render()
