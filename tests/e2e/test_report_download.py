"""The report view in headless Chromium: preview drawn, PNG downloaded, nothing fetched from outside."""

from __future__ import annotations

import json
import re

import numpy as np
from PIL import Image
from playwright.sync_api import expect

from ui.report import PREVIEW_ALT

PREVIEW_LOADED = (
    f"[...document.images].some(i => i.alt.startsWith('{PREVIEW_ALT}') && i.complete && i.naturalWidth > 0)"
)


def _open_report_view(page, app_url: str) -> None:
    page.goto(f"{app_url}/?layers=afghanistan_borders,wakhan_corridor", wait_until="domcontentloaded")
    page.get_by_test_id("stSidebarUserContent").get_by_text("Report view", exact=True).click(timeout=60_000)
    preview = page.get_by_role("img", name=re.compile(PREVIEW_ALT))
    preview.wait_for(timeout=60_000)
    page.wait_for_function(PREVIEW_LOADED, timeout=60_000)


def test_report_view_downloads_a_print_sized_png_offline(offline_page, app_url, artifacts):
    page = offline_page
    _open_report_view(page, app_url)
    # The layer controls get out of the way (the CSS lands with the same rerun, but may paint later).
    page.get_by_test_id("stSidebar").wait_for(state="hidden", timeout=15_000)
    expect(page.get_by_role("button", name="Exit report view")).to_be_visible(timeout=15_000)
    # PNG, SVG, PDF, HTML and GeoJSON
    expect(page.get_by_test_id("stDownloadButton")).to_have_count(5, timeout=15_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "report_view.png"))

    with page.expect_download(timeout=90_000) as download_info:
        page.get_by_role("button", name=re.compile(r"^PNG")).click()
    download = download_info.value
    assert re.fullmatch(r"spillover-atlas_\d{4}-\d{2}-\d{2}\.png", download.suggested_filename)
    target = artifacts / "report_download.png"
    download.save_as(str(target))

    with Image.open(target) as image:
        assert image.width >= 3000
        pixels = np.asarray(image.convert("RGB"))
    not_white = (pixels < 245).any(axis=2).mean()
    assert not_white > 0.3, f"only {not_white:.0%} of the figure is drawn on"
    assert len(np.unique(pixels.reshape(-1, 3)[::97], axis=0)) > 20, "a map has many colours, not a flat fill"

    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="GeoJSON").click()
    collection = json.loads(download_info.value.path().read_text(encoding="utf-8"))
    layer_ids = {feature["properties"]["layer_id"] for feature in collection["features"]}
    assert layer_ids == {"afghanistan_borders", "wakhan_corridor"}, "exactly the visible layers"
    assert page.blocked == [], f"requests left this machine: {page.blocked}"
