"""The main map in a real headless Chromium with every non-local request blocked."""

from __future__ import annotations

from tests.e2e.browser import LAYER_PATHS, MAP_FRAME_SELECTOR, map_frame, vector_path_count

WAKHAN_STROKE = "#6a3d9a"


def _wait_for_map(page, app_url: str, query: str = ""):
    page.goto(f"{app_url}/{query}", wait_until="domcontentloaded")
    frame = map_frame(page)
    # Place labels come with the last layer groups, so their presence means all were drawn.
    frame.wait_for_function(
        f"document.querySelectorAll('{LAYER_PATHS}').length > 20"
        " && document.querySelectorAll('.place-label').length > 20",
        timeout=60_000,
    )
    return frame


def _wakhan_paths(frame) -> int:
    return frame.locator(f'.leaflet-map-pane path[stroke="{WAKHAN_STROKE}"]').count()


def test_map_draws_vector_layers_with_no_external_requests(offline_page, app_url, artifacts):
    frame = _wait_for_map(offline_page, app_url)
    assert vector_path_count(frame) > 20, "the countries and layers should be drawn as SVG paths"
    assert frame.locator(".country-label").count() >= 11, "country names should be on the map"
    assert offline_page.locator(".atlas-legend-panel").count() == 1, "the legend should be drawn once, beside the map"
    assert frame.locator(".leaflet-control-scale").count() == 1, "the scale bar should be drawn"
    offline_page.wait_for_timeout(500)
    offline_page.screenshot(path=str(artifacts / "main_map_offline.png"), full_page=False)
    assert offline_page.blocked == [], f"requests left this machine: {offline_page.blocked}"
    icon = offline_page.evaluate("() => document.querySelector('link[rel~=icon]').href")
    assert icon.endswith("/app/static/favicon.png"), icon
    assert offline_page.request.get(icon).body()[:4] == b"\x89PNG", "the tab's icon is served locally"
    # The published geography, Leaflet and st_folium's bundle are content-hashed: cached for a year.
    loaded = frame.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    hashed = [u for u in loaded if "/app/static/map/" in u or "/app/static/vendor/" in u]
    assert any("/basemap-" in u for u in hashed), loaded
    for url in hashed[:5]:
        headers = offline_page.request.get(url, headers={"Accept-Encoding": "gzip"}).headers
        assert headers["cache-control"] == "public, max-age=31536000, immutable", (url, headers)


def test_toggling_a_layer_removes_it_without_remounting_the_map(offline_page, app_url, artifacts):
    frame = _wait_for_map(offline_page, app_url)
    assert _wakhan_paths(frame) >= 1, "the Wakhan Corridor layer is on by default"
    # Pan and zoom as a user would, and mark the iframe's window: a remount would lose both.
    frame.evaluate("() => { window.__probe = 'still here'; window.map.setView([37.0, 72.5], 7, {animate: false}); }")
    offline_page.wait_for_timeout(1500)
    offline_page.get_by_test_id("stSidebarUserContent").get_by_text("Wakhan Corridor", exact=True).click()
    frame.wait_for_function(
        f"document.querySelectorAll('.leaflet-map-pane path[stroke=\"{WAKHAN_STROKE}\"]').length === 0",
        timeout=30_000,
    )
    frame = map_frame(offline_page)
    assert frame.evaluate("() => window.__probe") == "still here", "the map iframe was reloaded"
    assert frame.evaluate("() => window.map.getZoom()") == 7, "the user's zoom was lost"
    center = frame.evaluate("() => window.map.getCenter()")
    assert abs(center["lat"] - 37.0) < 0.05 and abs(center["lng"] - 72.5) < 0.05, "the user's pan was lost"
    offline_page.wait_for_function("!window.location.search.includes('wakhan_corridor')", timeout=10_000)
    offline_page.screenshot(path=str(artifacts / "main_map_wakhan_off.png"))
    assert offline_page.blocked == []


def test_a_shared_link_reproduces_layers_and_view(offline_page, app_url):
    frame = _wait_for_map(offline_page, app_url, "?layers=afghanistan_borders,places&view=34.5000,69.2000,7")
    offline_page.wait_for_timeout(1000)
    assert _wakhan_paths(frame) == 0
    assert frame.evaluate("() => window.map.getZoom()") == 7
    center = frame.evaluate("() => window.map.getCenter()")
    assert abs(center["lat"] - 34.5) < 0.05 and abs(center["lng"] - 69.2) < 0.05


def _script_runs(page) -> list[int]:
    """Count Streamlit script runs the page's websocket reports (one ``script_finished`` message each)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    runs = [0]

    def on_frame(payload) -> None:
        msg = ForwardMsg()
        msg.ParseFromString(payload if isinstance(payload, bytes) else payload.encode())
        runs[0] += msg.WhichOneof("type") == "script_finished"

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    return runs


def test_a_page_load_runs_the_script_once_and_a_users_pan_reaches_the_link(offline_page, app_url):
    runs = _script_runs(offline_page)
    frame = _wait_for_map(offline_page, app_url, "?view=35.0000,66.0000,6")
    offline_page.wait_for_timeout(2500)  # st_folium's debounced view reports would have arrived by now
    assert runs[0] == 1, f"a page load should be one script run, not {runs[0]} (view reports rerun the page)"
    assert "view=35.0000%2C66.0000%2C6" in offline_page.url

    # A user's drag is reported: the link follows the map.
    box = offline_page.locator(MAP_FRAME_SELECTOR).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    offline_page.mouse.move(x, y)
    offline_page.mouse.down()
    offline_page.mouse.move(x - 200, y, steps=8)
    offline_page.mouse.up()
    offline_page.wait_for_function("!window.location.search.includes('view=35.0000%2C66.0000')", timeout=15_000)
    center = frame.evaluate("() => window.map.getCenter()")
    lat, lon, zoom = offline_page.evaluate(
        "() => new URLSearchParams(window.location.search).get('view')").split(",")
    assert int(zoom) == 6 and abs(float(lon) - center["lng"]) < 0.01 and float(lon) > 66.5
    assert offline_page.blocked == []


def test_the_border_table_is_sent_when_its_expander_opens_and_the_map_stays(offline_page, app_url, artifacts):
    """The expander is lazy (ui.panels.border_table): opening it reruns the page, which then sends the table."""
    frame = _wait_for_map(offline_page, app_url)
    frame.evaluate("() => { window.__probe = 'still here'; }")
    assert offline_page.get_by_text("Computed, Natural Earth 1:10m").count() == 0, "a closed expander sends nothing"
    offline_page.get_by_text("Afghanistan's borders and the Wakhan Corridor: computed vs published").click()
    offline_page.get_by_text("Computed, Natural Earth 1:10m").wait_for(timeout=30_000)
    assert offline_page.get_by_text("Wakhan Corridor — computed length", exact=False).count() == 1
    offline_page.get_by_text("Computed, Natural Earth 1:10m").scroll_into_view_if_needed()
    offline_page.screenshot(path=str(artifacts / "main_map_border_table.png"))
    assert map_frame(offline_page).evaluate("() => window.__probe") == "still here", "the map was remounted"
