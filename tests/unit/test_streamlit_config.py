"""The server's settings that keep the app offline and fast (.streamlit/config.toml)."""

from __future__ import annotations

import tomllib

from geo.core import ROOT

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_a_headless_start_makes_no_outbound_request():
    # Headless with no browser.serverAddress, Streamlit asks checkip.amazonaws.com for the external IP.
    assert CONFIG["server"]["headless"] is True
    assert CONFIG["browser"]["serverAddress"] == "localhost"
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_static_serving_is_on_for_leaflet_and_the_published_map_files():
    assert CONFIG["server"]["enableStaticServing"] is True
    assert (ROOT / "static" / "README.md").is_file()
