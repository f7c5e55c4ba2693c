"""A deliberately plain st_folium app: the baseline ``benchmarks/bench.py`` compares the atlas with.

This is what a first attempt looks like — folium's default map (Leaflet, jQuery, Bootstrap and
Font Awesome from CDNs, OpenStreetMap tiles) plus one ``folium.GeoJson`` of Natural Earth 1:10m
countries at full resolution, read on every rerun. It exists so the issue's targets ("payload,
time to first drawn map, offline behaviour versus a plain app") are measured on this machine in
the same run rather than quoted.

The GeoJSON comes from ``PLAIN_GEOJSON`` (the benchmark writes the 11 focus states, unclipped,
from npm ``world-atlas@2`` ``countries-10m.json``); without it, the bundled regional
``data/geography/countries_10m.geojson`` is used so ``streamlit run benchmarks/plain_app.py`` works
by hand.

``PLAIN_CDN`` (set by the benchmark, ``benchmarks/offline.py``) names a local mirror of the CDNs:
folium's script and stylesheet links then point at ``<PLAIN_CDN>/<host><path>`` instead, so the
benchmark's browser can stay offline and still cache them as it would the CDN's.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

DEFAULT_GEOJSON = Path(__file__).resolve().parents[1] / "data" / "geography" / "countries_10m.geojson"

geojson_path = Path(os.environ.get("PLAIN_GEOJSON", str(DEFAULT_GEOJSON)))
if not geojson_path.is_file():
    st.error(f"{geojson_path} does not exist: run `python benchmarks/bench.py` once, or unset PLAIN_GEOJSON.")
    st.stop()

if os.environ.get("PLAIN_CDN"):  # the benchmark's offline CDN mirror
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from benchmarks.offline import point_folium_at

    point_folium_at(os.environ["PLAIN_CDN"])

st.title("Plain st_folium baseline")
m = folium.Map()
folium.GeoJson(str(geojson_path), name="countries").add_to(m)
st_folium(m, height=640)
