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
