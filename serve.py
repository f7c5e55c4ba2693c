"""The server entry: ``streamlit run serve.py`` serves ``app.py`` and warms it up at start-up.

Streamlit's ``st.App`` runs :func:`lifespan` when the server starts, before any browser connects.
It runs :func:`ui.warm_up.warm_up` in a background thread, so the first visitor does not pay for
most imports, the shipped layers or the risk model's distance fields.
``streamlit run app.py`` still works, without the warm-up (and with slower reruns: see ``_warm``).
"""

from __future__ import annotations

import gc
import threading
from contextlib import asynccontextmanager

import streamlit as st
from starlette.middleware import Middleware

from ui.http_cache import ImmutableFiles


def _warm() -> None:
    # Not the pages' modules: a custom component (st_folium) declared before the server's runtime
    # exists is never registered with it, and its frame then answers 404. ui.warm_up imports none.
    from ui.warm_up import warm_up

    warm_up()
    # Streamlit runs gc.collect() after every script run; over this heap (geometry, cached layers)
    # that took 132 ms a rerun (profiled). Freezing what the warm-up built moves it out of the
    # collector's sight, so each collection walks only what sessions made since: a toggle then costs
    # 42 ms of CPU, against 40 ms with no collection at all (benchmarks/README.md).
    gc.freeze()


def _pages_by_navigation_only() -> None:
    # A ``pages/`` folder beside app.py makes Streamlit run a link's page (``/Actors``) as a
    # folder page (MPA v1: no frame, a page list with "app" in it) until some session has called
    # ``st.navigation``, so a server whose first visitor follows a shared link to a page other
    # than the map showed it without app.py. The app's pages are always ``st.navigation``'s
    # (ui/navigation.py): say so before any session starts. ``st.navigation`` sets this same flag.
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False


@asynccontextmanager
async def lifespan(_app):
    """Start the warm-up and serve at once: a page that arrives first simply finds less done."""
    _pages_by_navigation_only()
    threading.Thread(target=_warm, name="atlas-warm-up", daemon=True).start()
    yield


# Content-hashed files (published geography, Leaflet, st_folium's bundle) from memory, gzipped
# once and cached by browsers for a year, before Streamlit's own routes (ui/http_cache.py).
app = st.App("app.py", lifespan=lifespan, middleware=[Middleware(ImmutableFiles)])
