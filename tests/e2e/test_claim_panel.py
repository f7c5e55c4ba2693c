"""Map ↔ essay, both directions, in a real browser: click a feature, read its quote; click a passage, see the map move."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.browser import map_frame, map_point

SHERPUR = (34.54, 69.18)
HIGHLIGHT = "#ffd400"


def _click_map_at(page, frame, lat: float, lon: float) -> None:
    """A real mouse click on the map at (lat, lon)."""
    page.mouse.click(*map_point(page, frame, lat, lon))


def test_click_feature_then_passage_links_map_and_essay(offline_page, app_url, artifacts):
    page = offline_page
    page.goto(f"{app_url}/?layers=actor_al-qaeda&view=34.5400,69.1800,11", wait_until="domcontentloaded")
    frame = map_frame(page)
    frame.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length > 0", timeout=60_000)
    page.wait_for_timeout(1500)

    _click_map_at(page, frame, *SHERPUR)
    quote = page.get_by_text("in Kabul on August 1, 2022 as a result of an air operation", exact=False)
    quote.first.wait_for(timeout=30_000)
    panel = page.locator(".st-key-hit_actor_al-qaeda__al-zawahiri-killed-sherpur")
    for text in ("Sherpur", "¶2", "ANKASAM"):
        expect(panel).to_contain_text(text, timeout=15_000)
    page.screenshot(path=str(artifacts / "claim_panel_after_click.png"))

    frame.evaluate("() => window.map.setView([38.0, 60.0], 5, {animate: false})")
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Highlight ¶2 on the map").click()
    frame = map_frame(page)
    frame.wait_for_function(
        f"document.querySelectorAll('.leaflet-map-pane path[stroke=\"{HIGHLIGHT}\"]').length > 0", timeout=30_000
    )
    # ¶2's features (the strike in Kabul, the Taliban's Afghanistan) pull the view back from
    # where the user had panned (38N 60E, Turkmenistan) to over Afghanistan.
    frame.wait_for_function(
        "() => { const c = window.map.getCenter(); return c.lng > 62 && c.lng < 72 && c.lat > 31 && c.lat < 37; }",
        timeout=30_000,
    )
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifacts / "claim_panel_passage_highlight.png"))
    assert page.blocked == []


def test_show_paragraph_on_the_essay_page_opens_the_map_highlighted(offline_page, app_url, artifacts):
    page = offline_page
    page.goto(f"{app_url}/Essay", wait_until="domcontentloaded")
    page.get_by_role("button", name="Show ¶5 on the map").click(timeout=60_000)
    frame = map_frame(page)
    frame.wait_for_function(
        f"document.querySelectorAll('.leaflet-map-pane path[stroke=\"{HIGHLIGHT}\"]').length > 0", timeout=60_000
    )
    expect(page.get_by_text("Highlighted on the map: Features ¶5 states")).to_have_count(1, timeout=15_000)
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifacts / "essay_paragraph_on_map.png"))
    assert page.blocked == []
