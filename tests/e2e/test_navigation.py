"""The page list a user sees (st.navigation in app.py) and the addresses pages had before it."""

from __future__ import annotations

from ui.navigation import PAGES


def test_page_list_shows_the_titles_a_user_expects_and_old_urls_still_open(offline_page, app_url, artifacts):
    page = offline_page
    page.goto(f"{app_url}/", wait_until="domcontentloaded")
    nav = page.locator('[data-testid="stSidebarNav"]')
    nav.wait_for(timeout=60_000)
    for spec in PAGES:
        nav.get_by_text(spec.title, exact=True).wait_for(timeout=30_000)
    assert nav.get_by_text("app", exact=True).count() == 0, "the main page is listed as Map, not 'app'"
    page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
    page.screenshot(path=str(artifacts / "navigation.png"), full_page=False)
    for spec in PAGES[1:]:
        page.goto(f"{app_url}/{spec.url_path}", wait_until="domcontentloaded")
        page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
        assert page.url.rstrip("/").endswith(spec.url_path), f"{spec.url_path} still opens its page"
        assert page.locator('[data-testid="stException"]').count() == 0, f"{spec.title} shows an error"
    assert page.blocked == [], f"requests left this machine: {page.blocked}"


def test_a_link_to_a_page_is_the_first_visit_of_a_fresh_server_and_still_opens_in_the_frame(browser):
    """A ``pages/`` folder made Streamlit run a linked page as a folder page until st.navigation ran once.

    The server's first visitor follows a shared link to Actors: the page must come in the app's
    frame (page list by title, no "app" entry, the atlas's tab title), not as a bare folder page.
    """
    from tests.e2e.browser import block_external, running_app

    with running_app() as url:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        blocked: list[str] = []
        block_external(context, blocked)
        page = context.new_page()
        page.goto(f"{url}/Actors", wait_until="domcontentloaded")
        page.get_by_role("heading", name="Actors", level=1).wait_for(timeout=90_000)
        nav = page.locator('[data-testid="stSidebarNav"]')
        nav.get_by_text("Sources & method", exact=True).wait_for(timeout=30_000)
        assert nav.get_by_text("app", exact=True).count() == 0
        assert "Spillover Atlas" in page.title(), page.title()
        context.close()
    assert blocked == []
