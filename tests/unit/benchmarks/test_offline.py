"""The benchmark's offline CDN mirror: the plain app's scripts served locally, cacheable, rewritten once."""

from __future__ import annotations

import urllib.request

import folium
import pytest

from benchmarks.offline import CDN_CACHE_CONTROL, CDN_LEAFLET, mirrored, point_folium_at, served_cdn


@pytest.fixture()
def folium_links():
    saved = list(folium.Map.default_js), list(folium.Map.default_css)
    yield
    folium.Map.default_js[:], folium.Map.default_css[:] = saved


def test_folium_links_point_at_the_mirror_once(folium_links):
    leaflet = dict(folium.Map.default_js)["leaflet"]
    point_folium_at("http://127.0.0.1:9")
    point_folium_at("http://127.0.0.1:9")  # a second script run in the same process
    assert dict(folium.Map.default_js)["leaflet"] == mirrored("http://127.0.0.1:9", leaflet)
    assert all(url.startswith("http://127.0.0.1:9/") and url.count("127.0.0.1") == 1
               for _, url in folium.Map.default_js + folium.Map.default_css)


def test_the_mirror_serves_leaflet_and_stubs_the_rest_with_the_cdns_caching():
    stubbed: list[str] = []
    leaflet_url = next(iter(CDN_LEAFLET))
    with served_cdn(stubbed) as base:
        with urllib.request.urlopen(mirrored(base, leaflet_url)) as resp:
            body, cache = resp.read(), resp.headers["Cache-Control"]
        with urllib.request.urlopen(mirrored(base, "https://code.jquery.com/jquery-3.7.1.min.js")) as resp:
            stub = resp.read()
    assert b"Leaflet" in body[:400] and cache == CDN_CACHE_CONTROL
    assert stub == b"" and stubbed == ["/code.jquery.com/jquery-3.7.1.min.js"]
