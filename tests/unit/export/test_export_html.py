"""The standalone HTML map: offline by construction, escaped, same layers and legend."""

from __future__ import annotations

import json
import re

import pytest

from geo.bundle import load_bundle
from geo.export import ExportError, export_html, leaflet_css
from geo.layers import script_json
from tests.unit.export.test_export import FIXED_DATE, TEST_EXTENT, hand_made_layers

#: URLs that may appear as plain strings inside Leaflet's own code: the SVG namespace and
#: the attribution link in its licence header/prefix (switched off). Neither is fetched.
INERT_URLS = {"http://www.w3.org/2000/svg", "https://leafletjs.com"}


@pytest.fixture(scope="module")
def page() -> str:
    return export_html(hand_made_layers(), TEST_EXTENT, "Test <map>", subtitle="sub & title", date=FIXED_DATE,
                       essay=load_bundle().meta.attribution)


def test_html_references_no_external_asset(page):
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)\s*=", page, re.IGNORECASE), (
        "every asset must be inline"
    )
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page), "CSS must not fetch anything"
    assert not re.search(r"@import", page)
    urls = set(re.findall(r"https?://[^\s\"'<>)]+", page))
    assert urls <= INERT_URLS, f"unexpected URLs: {urls - INERT_URLS}"
    for cdn in ("unpkg", "jsdelivr", "cdnjs", "googleapis", "bootstrapcdn", "openstreetmap"):
        assert cdn not in page


def test_html_inlines_leaflet_js_and_css_with_images_as_data_uris(page):
    assert "Leaflet 1.9.3" in page
    assert ".leaflet-pane" in page
    assert "url(images/" not in page
    assert "url(data:image/png;base64," in leaflet_css()
    assert "map.attributionControl.setPrefix(false)" in page


def _data(page: str) -> dict:
    match = re.search(r"var DATA = (\{.*?\});\n", page, re.DOTALL)
    return json.loads(match.group(1))


def test_html_carries_the_visible_layers_with_live_map_styles(page):
    data = _data(page)
    assert [layer["id"] for layer in data["layers"]] == ["test_border", "test_zone", "test_towns"]
    zone = data["layers"][1]["features"]["features"][0]["properties"]["_style"]
    assert zone["dashArray"] == "8 5", "a reported claim is dashed, as on the live map"
    assert zone["fillOpacity"] == pytest.approx(0.24)
    assert data["bounds"] == [[29.0, 60.0], [39.0, 75.0]]
    assert "Test border line" in data["legend"] and "Reported" in data["legend"]


def test_html_escapes_data_strings_in_tooltips_labels_and_titles(page):
    assert "<script>alert" not in page, "a hostile title must not become markup"
    assert "Alpha <b>town</b>" not in page
    towns = _data(page)["layers"][2]["features"]["features"]
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in towns[0]["properties"]["_tooltip"]
    assert _data(page)["layers"][2]["labels"][0]["html"] == "Alpha &lt;b&gt;town&lt;/b&gt;"
    assert "<title>Test &lt;map&gt;</title>" in page
    assert "sub &amp; title" in page


def test_script_json_cannot_close_the_script_element():
    text = script_json({"a": "</script><script>alert(1)</script>", "b": "x & y"})
    assert "</" not in text and "<" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script>", "b": "x & y"}


def test_html_caption_has_sources_citation_and_date(page):
    footer = re.search(r"<footer>(.*?)</footer>", page, re.DOTALL).group(1)
    assert "Test source for test_zone" in footer
    assert "Doğacan Başaran" in footer and "ANKASAM, 2023" in footer and "2024-01-01" in footer


def test_html_refuses_no_layers_and_an_empty_extent():
    with pytest.raises(ExportError, match="no visible layers"):
        export_html([], TEST_EXTENT, "T")
    with pytest.raises(ExportError, match="Nothing from the visible layers"):
        export_html(hand_made_layers(), (0.0, 0.0, 1.0, 1.0), "T")
