"""Any valid GeoJSON geometry, uploaded, leaves the rest of the main map drawn.

Leaflet 1.9.3 (what xstatic-leaflet ships) throws ``t.getElement is not a function`` when a
tooltip is bound over a GeometryCollection, and that error aborted every layer drawn after
the upload: borders, places, labels and the legend vanished while the sidebar still showed
them ticked. This drives the real app: it counts what the main map draws with no upload,
then uploads the field file with a GeometryCollection and a file holding every geometry
type (nested and empty collections included), adds both, and checks on the main map that
every path, label and the legend are still there, the uploads' parts too, and that no
script error happened in any frame.
"""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from geo.uploads import upload_layer_id
from tests.e2e.browser import LAYER_PATHS, map_frame

FIELD = Path(__file__).resolve().parents[1] / "fixtures" / "uploads" / "field"
FIRST_COLOUR, SECOND_COLOUR = "#0072b2", "#d55e00"  # the default colours of the first two uploads
# Each frame (the app, the map iframe) records its own uncaught errors.
RECORD_ERRORS = """
window.__errors = [];
window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });
window.addEventListener('unhandledrejection', function (e) { window.__errors.push(String(e.reason)); });
"""


def every_geometry_type() -> tuple[bytes, int]:
    """A FeatureCollection with one feature of each GeoJSON geometry type, and how many paths it draws."""
    point, other = [66.0, 31.5], [66.5, 31.8]
    line = [[65.5, 31.0], [66.5, 31.2]]
    ring = [[64.0, 30.5], [64.8, 30.5], [64.8, 31.0], [64.0, 31.0], [64.0, 30.5]]
    ring2 = [[c[0] + 1.2, c[1]] for c in ring]
    geometries = {
        "Point": ({"type": "Point", "coordinates": point}, 1),
        "MultiPoint": ({"type": "MultiPoint", "coordinates": [point, other]}, 2),
        "LineString": ({"type": "LineString", "coordinates": line}, 1),
        "MultiLineString": ({"type": "MultiLineString", "coordinates": [line, [other, point]]}, 1),
        "Polygon": ({"type": "Polygon", "coordinates": [ring]}, 1),
        "MultiPolygon": ({"type": "MultiPolygon", "coordinates": [[ring], [ring2]]}, 1),
        "GeometryCollection": ({"type": "GeometryCollection", "geometries": [
            {"type": "Point", "coordinates": other}, {"type": "LineString", "coordinates": line}]}, 2),
        "nested GeometryCollection": ({"type": "GeometryCollection", "geometries": [
            {"type": "MultiPoint", "coordinates": [point, other]},
            {"type": "GeometryCollection", "geometries": [
                {"type": "Polygon", "coordinates": [ring2]},
                {"type": "GeometryCollection", "geometries": []}]}]}, 3),
        "empty GeometryCollection": ({"type": "GeometryCollection", "geometries": []}, 0),
    }
    features = [{"type": "Feature", "properties": {"name": name}, "geometry": geometry}
                for name, (geometry, _) in geometries.items()]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    return data, sum(paths for _, paths in geometries.values())


def _counts(frame) -> dict:
    return frame.evaluate("""() => ({
        paths: document.querySelectorAll('.leaflet-map-pane path').length,
        countryLabels: document.querySelectorAll('.country-label').length,
        placeLabels: document.querySelectorAll('.place-label').length,
    })""")


def _coloured_paths(frame, colour: str) -> int:
    return frame.locator(f'.leaflet-map-pane path[stroke="{colour}"]').count()


def _wait_for_map(page):
    frame = map_frame(page)
    frame.wait_for_function(f"document.querySelectorAll('{LAYER_PATHS}').length > 20", timeout=60_000)
    page.locator(".atlas-legend-panel").first.wait_for(timeout=60_000)  # the legend beside the map
    page.wait_for_timeout(1000)
    return map_frame(page)


def _errors(page) -> list[str]:
    found = []
    for frame in page.frames:
        try:
            found += frame.evaluate("() => window.__errors || []")
        except Exception:  # a frame that went away between listing and asking  # noqa: BLE001
            continue
    return found


def _upload_and_add(page, name: str, data: bytes) -> None:
    page.locator(".st-key-upload_layer_file input[type=file]").set_input_files(
        {"name": name, "mimeType": "application/geo+json", "buffer": data})
    layer_id = upload_layer_id(name, data)
    page.locator(f".st-key-add_{layer_id} button").click(timeout=60_000)
    expect(page.locator(f".st-key-uploaded_{layer_id}")).to_be_attached(timeout=30_000)


def test_a_geometry_collection_upload_leaves_every_other_layer_and_the_legend_drawn(browser, app_url, artifacts):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(RECORD_ERRORS)
    page_errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: page_errors.append(str(exc)))
    try:
        page.goto(app_url, wait_until="domcontentloaded")
        before = _counts(_wait_for_map(page))
        assert page.locator(".atlas-legend-panel").count() == 1
        assert before["countryLabels"] >= 11 and before["paths"] > 20

        page.goto(f"{app_url}/Your_data", wait_until="domcontentloaded")
        page.locator(".st-key-upload_layer_file input[type=file]").wait_for(state="attached", timeout=60_000)
        field = (FIELD / "geometry_collection.geojson").read_bytes()
        _upload_and_add(page, "geometry_collection.geojson", field)
        expect(page.get_by_text("is a GeometryCollection", exact=False).first).to_be_visible(timeout=30_000)
        every, every_paths = every_geometry_type()
        _upload_and_add(page, "every_geometry.geojson", every)
        page.screenshot(path=str(artifacts / "upload_geometry_collection_page.png"))

        page.locator('[data-testid="stSidebarNav"] a').first.click()
        frame = _wait_for_map(page)
        # The field file: a point, a collection of a point and a line, a polygon.
        frame.wait_for_function(
            f"document.querySelectorAll('.leaflet-map-pane path[stroke=\"{FIRST_COLOUR}\"]').length === 4",
            timeout=60_000)
        after = _counts(frame)
        assert _coloured_paths(frame, SECOND_COLOUR) == every_paths
        assert after["paths"] == before["paths"] + 4 + every_paths, (before, after)
        assert after["countryLabels"] == before["countryLabels"]
        assert after["placeLabels"] == before["placeLabels"]
        assert page.locator(".atlas-legend-panel").count() == 1
        legend = page.locator(".atlas-legend-panel").inner_text()
        assert "geometry_collection" in legend and "every_geometry" in legend
        frame.evaluate("() => window.map.fitBounds([[30.3, 63.8], [38.0, 71.5]], {animate: false})")
        page.wait_for_timeout(800)
        page.screenshot(path=str(artifacts / "upload_geometry_collection_main_map.png"))
        assert "Traceback" not in page.inner_text("body")
        assert page_errors == [] and _errors(page) == [], (page_errors, _errors(page))
    finally:
        context.close()
