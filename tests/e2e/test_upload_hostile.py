"""A hostile upload in a real browser: its names show as text on every surface and no script runs.

Uploads a GeoJSON whose file and feature names are HTML payloads that would set
``window.__xss`` if any surface (the upload page, the sidebar toggle, the Leaflet tooltip)
rendered them as markup, adds it to the map, moves to the main map inside the same session
(the sidebar link, not a reload, which would start a new session without the layer) and
hovers the feature. Then a malformed file must give its own sentence, with no traceback.
"""

from __future__ import annotations

import json

from playwright.sync_api import expect

from geo.uploads import upload_layer_id
from tests.e2e.browser import map_frame, map_point

IMG = '<img src=x onerror="window.__xss=1">'
SCRIPT = "<script>window.__xss=1</script>"
FILE_NAME = "<img src=x onerror=window.__xss=1>.geojson"
SHOWN_NAME = "<img src=x onerror=window.__xss=1>"
POINTS = {IMG: (33.0, 64.0), SCRIPT: (32.0, 63.0)}  # (lat, lon): open ground in the south-west
OUR_MARKERS = '.leaflet-map-pane path[stroke="#0072b2"]'  # the first upload's default colour
MALFORMED = b'{"type": "FeatureCollection", "features": [{"type": "Feature",'


def _hostile_geojson() -> bytes:
    features = [
        {"type": "Feature", "properties": {"name": name},
         "geometry": {"type": "Point", "coordinates": [lon, lat]}}
        for name, (lat, lon) in POINTS.items()
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _upload(page, name: str, data: bytes) -> None:
    page.locator(".st-key-upload_layer_file input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/geo+json", "buffer": data}
    )


def _hover_map_at(page, frame, lat: float, lon: float) -> None:
    page.mouse.move(*map_point(page, frame, lat, lon))


def _no_script_ran(page) -> None:
    for frame in page.frames:  # the app page, the map iframe and any component frame
        assert frame.evaluate("() => typeof window.__xss") == "undefined", frame.url


def test_hostile_names_stay_text_on_the_upload_page_the_sidebar_and_the_map(offline_page, app_url, artifacts):
    page = offline_page
    data = _hostile_geojson()
    layer_id = upload_layer_id(FILE_NAME, data)
    page.goto(f"{app_url}/Your_data", wait_until="domcontentloaded")
    page.locator(".st-key-upload_layer_file input[type=file]").wait_for(state="attached", timeout=60_000)
    _upload(page, FILE_NAME, data)
    page.locator(f".st-key-add_{layer_id} button").click(timeout=60_000)
    listed = page.locator(f".st-key-uploaded_{layer_id}")
    # Wait for the text itself: the block can be attached a moment before it is filled.
    expect(listed).to_contain_text(f"{SHOWN_NAME} · 2 point features", timeout=30_000)
    expect(page.get_by_text("On the main map as", exact=False)).to_have_count(1, timeout=15_000)
    _no_script_ran(page)

    page.locator('[data-testid="stSidebarNav"] a').first.click()
    frame = map_frame(page)
    toggle = page.locator(f".st-key-layer_{layer_id}")
    expect(toggle).to_contain_text(SHOWN_NAME, timeout=60_000)
    frame.wait_for_function(f"() => document.querySelectorAll('{OUR_MARKERS}').length === {len(POINTS)}",
                            timeout=60_000)
    page.wait_for_timeout(1500)
    for name, (lat, lon) in POINTS.items():
        frame = map_frame(page)  # re-acquire: a rerun may have replaced the frame object
        _hover_map_at(page, frame, lat, lon)
        # The tooltip that shows this feature's name, as text (a stale one from the last
        # hover, or another layer's, does not count).
        frame.locator(".leaflet-tooltip", has_text=name).first.wait_for(timeout=15_000)
        page.mouse.move(5, 5)
        page.wait_for_timeout(300)
    frame = map_frame(page)
    _hover_map_at(page, frame, *POINTS[IMG])
    frame.locator(".leaflet-tooltip", has_text=IMG).first.wait_for(timeout=15_000)
    page.screenshot(path=str(artifacts / "upload_hostile_tooltip.png"))
    _no_script_ran(page)
    assert "Traceback" not in page.inner_text("body")
    assert page.blocked == []


def test_a_malformed_upload_shows_its_sentence_and_no_traceback(offline_page, app_url, artifacts):
    page = offline_page
    page.goto(f"{app_url}/Your_data", wait_until="domcontentloaded")
    page.locator(".st-key-upload_layer_file input[type=file]").wait_for(state="attached", timeout=60_000)
    _upload(page, "broken.geojson", MALFORMED)
    error = page.get_by_text("broken.geojson: The GeoJSON is not valid JSON:", exact=False)
    error.first.wait_for(timeout=30_000)
    assert "at line 1, column" in error.first.inner_text()
    assert "Fix the file there or export it again." in error.first.inner_text()
    page.screenshot(path=str(artifacts / "upload_malformed_error.png"))
    body = page.inner_text("body")
    assert "Traceback" not in body
    assert "Your layers" in body and "Another essay" in body  # the rest of the page still renders
    assert page.blocked == []


KML_POINT = (33.5, 64.5)  # (lat, lon): open ground in the south-west
KML_HTML = (
    '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>'
    "<description><![CDATA[<!DOCTYPE html><html><body><b>Checkpoint</b><br>Opened &amp; staffed"
    f"<table><tr><td>Guards</td><td>12</td></tr></table>{IMG}</body></html>]]></description>"
    f"<Point><coordinates>{KML_POINT[1]},{KML_POINT[0]}</coordinates></Point></Placemark></Document></kml>"
).encode()


def test_a_kml_html_description_is_its_text_in_the_map_tooltip_never_markup(offline_page, app_url, artifacts):
    # No <name>: the description is the first column, so it heads the tooltip by default.
    page = offline_page
    layer_id = upload_layer_id("survey.kml", KML_HTML)
    page.goto(f"{app_url}/Your_data", wait_until="domcontentloaded")
    page.locator(".st-key-upload_layer_file input[type=file]").wait_for(state="attached", timeout=60_000)
    page.locator(".st-key-upload_layer_file input[type=file]").set_input_files(
        {"name": "survey.kml", "mimeType": "application/vnd.google-earth.kml+xml", "buffer": KML_HTML})
    page.locator(f".st-key-add_{layer_id} button").click(timeout=60_000)
    expect(page.get_by_text("On the main map as", exact=False)).to_have_count(1, timeout=30_000)

    page.locator('[data-testid="stSidebarNav"] a').first.click()
    frame = map_frame(page)
    frame.wait_for_function(f"() => document.querySelectorAll('{OUR_MARKERS}').length === 1", timeout=60_000)
    page.wait_for_timeout(1500)
    frame = map_frame(page)
    _hover_map_at(page, frame, *KML_POINT)
    tooltip = frame.locator(".leaflet-tooltip", has_text="Checkpoint").first
    tooltip.wait_for(timeout=15_000)
    assert tooltip.inner_text().startswith("Checkpoint Opened & staffed Guards 12 [image: x]")
    # folium lays the tooltip out in one table cell; nothing of the description became an element.
    assert tooltip.locator("img, td table, td td, br").count() == 0 and "<" not in tooltip.inner_text()
    page.screenshot(path=str(artifacts / "upload_kml_html_tooltip.png"))
    _no_script_ran(page)
    assert page.blocked == []
