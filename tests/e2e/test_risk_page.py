"""The Risk page in a real browser: a slider move re-scores the map in place."""

from __future__ import annotations

from tests.e2e.browser import map_frame

#: The legend is under the map, on the page (never over the map): its top class names the highest cell.
TOP_SCORE_JS = """() => {
    const row = [...document.querySelectorAll('.atlas-legend-panel p')].find(p => p.textContent.includes('highest cell'));
    return row ? row.textContent : null;
}"""


def test_moving_a_weight_slider_recolours_the_cells_without_reloading_the_map(offline_page, app_url, artifacts):
    page = offline_page
    page.goto(f"{app_url}/Risk", wait_until="domcontentloaded")
    frame = map_frame(page)
    frame.wait_for_function("document.querySelectorAll('.leaflet-map-pane path').length > 1000", timeout=90_000)
    page.wait_for_function(f"({TOP_SCORE_JS})() !== null", timeout=30_000)
    before = page.evaluate(TOP_SCORE_JS)
    assert frame.locator(".atlas-legend").count() == 0, "no legend over the map"
    frame.evaluate("() => { window.__probe = 'kept'; }")

    slider = page.get_by_test_id("stSidebar").get_by_role("slider").first  # the actor-factor weight
    slider.focus()
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    page.wait_for_function(f"({TOP_SCORE_JS})() !== {before!r}", timeout=60_000)

    frame = map_frame(page)
    assert frame.evaluate("() => window.__probe") == "kept", "the base map was rebuilt (iframe reloaded)"
    assert page.evaluate(TOP_SCORE_JS) != before
    page.screenshot(path=str(artifacts / "risk_after_slider.png"))
    assert page.blocked == []
