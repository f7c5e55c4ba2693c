"""Actors page → "Show on the map" in a real browser: the map opens with that actor's layer on.

AppTest's ``switch_page`` runs a page script without the app's frame, so it cannot show that
a request made on one page (``ui.session.request``) is applied before the Map page's widgets
exist; this test does, with the actor's layer switched off first.
"""

from __future__ import annotations

from geo.bundle import load_bundle


def _layer_checkbox(page, title: str):
    return page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').filter(has_text=title).first


def test_show_on_the_map_turns_the_actors_layer_on_with_no_error(offline_page, app_url, artifacts):
    page = offline_page
    actor = load_bundle().actors["iskp"]
    page.goto(f"{app_url}/", wait_until="domcontentloaded")
    box = _layer_checkbox(page, actor.name)
    box.wait_for(timeout=90_000)
    if box.locator("input").is_checked():
        box.click()
    page.wait_for_function(
        """(name) => [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stCheckbox"]')]
            .some(b => b.innerText.includes(name) && !b.querySelector('input').checked)""",
        arg=actor.name, timeout=30_000)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Actors", exact=True).click()
    button = page.locator(".st-key-actor_iskp button")
    button.wait_for(timeout=60_000)
    button.click()
    page.get_by_text("Spillover Atlas: Afghanistan and its neighbours").wait_for(timeout=60_000)
    box = _layer_checkbox(page, actor.name)
    box.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    assert box.locator("input").is_checked(), "the actor's layer is switched on when the map opens"
    assert page.locator('[data-testid="stException"]').count() == 0
    page.screenshot(path=str(artifacts / "actor_show_on_map.png"), full_page=False)
    assert page.blocked == [], f"requests left this machine: {page.blocked}"
