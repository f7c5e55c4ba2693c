"""End to end: a person pastes an essay on the Author page, reviews the draft, saves it, and the app shows it.

The essay is the SYNTHETIC test essay (tests/fixtures/drafting/), invented for tests. On the
way the person draws a route through three of the draft's places, sees it on the review map
(dashed orange: schematic), removes a mistaken one, and the saved bundle keeps the route. The
shared link (?bundle=<hash>) reopens the authored essay on another page. The elapsed time is
printed for the note, never asserted.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.e2e.browser import MAP_FRAME_SELECTOR, map_frame

pytestmark = pytest.mark.e2e

ESSAY = (Path(__file__).resolve().parents[1] / "fixtures" / "drafting" / "synthetic_essay.txt").read_text(encoding="utf-8")
#: The route's line on the review map: Leaflet's SVG path in the route colour (ui.views.author.ROUTE_COLOUR).
ROUTE_PATH = 'path[stroke="#EE7733"]'


def _add_route(page, name: str, places: list[str]) -> None:
    """Name a route, pick its places in travel order from the multiselect, press Add route."""
    page.locator(".st-key-author_route_name input").fill(name, timeout=60_000)
    for label in places:
        page.locator(".st-key-author_route_places input").click(timeout=60_000)
        page.locator(".st-key-author_route_places input").fill(label.split(" (")[0])
        page.get_by_role("option", name=label, exact=True).click(timeout=60_000)
    page.keyboard.press("Escape")
    page.locator(".st-key-author_add_route_button button").click(timeout=60_000)
    page.locator(".st-key-author_remove_route").wait_for(timeout=60_000)


def test_pasted_essay_becomes_a_loaded_bundle_named_in_the_url(offline_page, app_url, artifacts):
    page = offline_page
    started = time.monotonic()
    page.goto(f"{app_url}/Author", wait_until="domcontentloaded")
    page.locator(".st-key-author_text textarea").fill(ESSAY, timeout=60_000)
    page.locator(".st-key-author_text textarea").blur()
    page.locator(".st-key-author_draft_button button").click(timeout=60_000)
    page.get_by_text("The validator found no problems").wait_for(timeout=90_000)

    _add_route(page, "Amu Darya", ["Termez (place, Uzbekistan)", "Hairatan (place, Afghanistan)"])
    frame = map_frame(page)
    frame.wait_for_function(f"document.querySelectorAll('{ROUTE_PATH}').length === 1", timeout=60_000)
    page.locator(".st-key-author_remove_route button").click(timeout=60_000)  # the first route, removed again
    page.locator(".st-key-author_remove_route").wait_for(state="detached", timeout=60_000)
    frame = map_frame(page)
    frame.wait_for_function(f"document.querySelectorAll('{ROUTE_PATH}').length === 0", timeout=60_000)

    _add_route(page, "Kabul to the Friendship Bridge",
               ["Kabul (place, Afghanistan)", "Mazar-i-Sharif (place, Afghanistan)", "Hairatan (place, Afghanistan)"])
    frame = map_frame(page)
    frame.wait_for_function(f"document.querySelectorAll('{ROUTE_PATH}').length === 1", timeout=60_000)
    vertices = frame.evaluate(f"document.querySelector('{ROUTE_PATH}').getAttribute('d').split('L').length")
    assert vertices == 3, "one line through the three places, in the order picked"
    page.get_by_text("The validator found no problems").wait_for(timeout=60_000)
    page.locator(MAP_FRAME_SELECTOR).scroll_into_view_if_needed()
    page.locator(MAP_FRAME_SELECTOR).screenshot(path=str(artifacts / "author_route_on_review_map.png"))

    page.locator(".st-key-author_accept_all button").click(timeout=60_000)
    page.get_by_text("The validator found no problems").wait_for(timeout=60_000)
    page.locator(".st-key-author_save button").click(timeout=60_000)
    page.get_by_text("Saved and loaded on every page").wait_for(timeout=60_000)
    elapsed = time.monotonic() - started
    page.screenshot(path=str(artifacts / "author_page_saved.png"), full_page=True)
    # The kept route is offered for removal by its label, path included.
    chooser = page.locator(".st-key-author_route_remove")
    chooser.wait_for(timeout=60_000)
    chosen = chooser.locator("input").get_attribute("value")
    assert chosen.startswith("Kabul to the Friendship Bridge: Kabul → Mazar-i-Sharif → Hairatan"), chosen
    match = re.search(r"[?&]bundle=([0-9a-f]{16})", page.url)
    assert match, page.url
    print(f"\npaste → loaded bundle: {elapsed:.1f} s (scripted)")

    page.goto(f"{app_url}/Essay?bundle={match.group(1)}", wait_until="domcontentloaded")
    page.get_by_text("SYNTHETIC TEST ESSAY", exact=False).first.wait_for(timeout=60_000)
    page.screenshot(path=str(artifacts / "author_shared_link_essay.png"), full_page=False)
    assert not page.blocked, page.blocked
