"""Spillover Atlas — the app's one frame: page config, offline Leaflet, the essay bundle,
requests between pages and one-line errors, applied once for every page.

Run ``streamlit run app.py`` (optionally ``-- --bundle PATH``). The pages themselves are in
``pages/`` and listed in :mod:`ui.navigation`.
"""

from __future__ import annotations

import streamlit as st

from ui.bundle_state import current_bundle, follow_bundle_link
from ui.errors import load_or_stop
from ui.leaflet.assets import ensure_leaflet_assets
from ui.leaflet.literal_render import install as install_literal_render
from ui.navigation import FAVICON_URL, PAGES
from ui.review_store import keep_review_link
from ui.session import apply_requests

st.set_page_config(page_title="Spillover Atlas", page_icon=FAVICON_URL, layout="wide")
ensure_leaflet_assets()
install_literal_render()  # folium's rendered layers emitted, not recompiled as Jinja, each rerun
apply_requests()
page = st.navigation([st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path, default=p.default)
                      for p in PAGES])
follow_bundle_link()  # a shared link's ?bundle= becomes the session's, kept on every page
keep_review_link()  # an unsaved Author review's ?review= too, so a reload on any page finds it
load_or_stop(current_bundle)
load_or_stop(page.run)
