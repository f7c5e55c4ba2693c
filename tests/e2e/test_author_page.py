"""End to end: a person pastes an essay on the Author page, reviews the draft, saves it, and the app shows it.

The essay is the SYNTHETIC test essay (tests/fixtures/drafting/), invented for tests. The
shared link (?bundle=<hash>) reopens the authored essay on another page. The elapsed time is
printed for the note, never asserted.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ESSAY = (Path(__file__).resolve().parents[1] / "fixtures" / "drafting" / "synthetic_essay.txt").read_text(encoding="utf-8")


def test_pasted_essay_becomes_a_loaded_bundle_named_in_the_url(offline_page, app_url, artifacts):
    page = offline_page
    started = time.monotonic()
    page.goto(f"{app_url}/Author", wait_until="domcontentloaded")
    page.locator(".st-key-author_text textarea").fill(ESSAY, timeout=60_000)
    page.locator(".st-key-author_text textarea").blur()
    page.locator(".st-key-author_draft_button button").click(timeout=60_000)
    page.get_by_text("The validator found no problems").wait_for(timeout=90_000)
    page.locator(".st-key-author_accept_all button").click(timeout=60_000)
    page.get_by_text("The validator found no problems").wait_for(timeout=60_000)
    page.locator(".st-key-author_save button").click(timeout=60_000)
    page.get_by_text("Saved and loaded on every page").wait_for(timeout=60_000)
    elapsed = time.monotonic() - started
    page.screenshot(path=str(artifacts / "author_page_saved.png"), full_page=True)
    match = re.search(r"[?&]bundle=([0-9a-f]{16})", page.url)
    assert match, page.url
    print(f"\npaste → loaded bundle: {elapsed:.1f} s (scripted)")

    page.goto(f"{app_url}/Essay?bundle={match.group(1)}", wait_until="domcontentloaded")
    page.get_by_text("SYNTHETIC TEST ESSAY", exact=False).first.wait_for(timeout=60_000)
    page.screenshot(path=str(artifacts / "author_shared_link_essay.png"), full_page=False)
    assert not page.blocked, page.blocked
