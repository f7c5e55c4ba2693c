"""The floor: the least a Streamlit page with an st_folium map can do — one square on a blank map.

``benchmarks/bench.py`` times it beside the atlas and the plain app, so the table shows how much
of a first map's time is Streamlit's and st_folium's own start-up, which no app on this stack can
go below. Leaflet comes from the local CDN mirror (``PLAIN_CDN``), as for the plain app.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import folium
from streamlit_folium import st_folium

if os.environ.get("PLAIN_CDN"):  # the benchmark's offline CDN mirror
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.offline import point_folium_at

    point_folium_at(os.environ["PLAIN_CDN"])

m = folium.Map(location=[35, 65], zoom_start=4, tiles=None)
folium.GeoJson({"type": "Polygon", "coordinates": [[[60, 30], [70, 30], [70, 38], [60, 38], [60, 30]]]}).add_to(m)
st_folium(m, height=640)
