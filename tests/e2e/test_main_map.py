"""The main map as an analyst meets it, at 1600×1000 and 1280×720, default view, in Chromium.

Every actor claim can be opened by clicking where it is drawn; the legend never covers the
Wakhan Corridor; no two visible labels overlap; the map starts above the fold with all of
Afghanistan on screen; no page error.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from geo.bundle import load_bundle
from geo.layers import click_anchor, corridor
from tests.e2e.browser import MAP_FRAME_SELECTOR, map_frame

WINDOWS = [(1600, 1000), (1280, 720)]
AFGHANISTAN_BOUNDS = (60.5, 29.4, 74.9, 38.5)   # west, south, east, north (degrees)
CHINA_BORDER = (37.05, 74.75)                    # the Wakhan's eastern end at the Wakhjir Pass


def _page(browser, app_url, width, height, errors):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(app_url, wait_until="domcontentloaded")
    frame = map_frame(page)
    frame.wait_for_function("document.querySelectorAll('.atlas-label').length > 40"
                            " && document.querySelectorAll('path.leaflet-interactive').length > 30", timeout=60_000)
    page.wait_for_timeout(1500)
    return context, page, map_frame(page)


def _page_box(page, frame, west, south, east, north) -> dict:
    """The page-coordinate box of a lon/lat box on the map."""
    corners = frame.evaluate(
        f"""() => {{
            const a = window.map.latLngToContainerPoint([{north}, {west}]);
            const b = window.map.latLngToContainerPoint([{south}, {east}]);
            const r = window.map.getContainer().getBoundingClientRect();
            return {{x0: r.left + a.x, y0: r.top + a.y, x1: r.left + b.x, y1: r.top + b.y}};
        }}"""
    )
    frame_box = page.locator(MAP_FRAME_SELECTOR).bounding_box()
    return {"x0": frame_box["x"] + corners["x0"], "y0": frame_box["y"] + corners["y0"],
            "x1": frame_box["x"] + corners["x1"], "y1": frame_box["y"] + corners["y1"]}


def _intersects(a: dict, b: dict) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]


def _visible_label_boxes(frame) -> list[dict]:
    return frame.evaluate(
        """() => [...document.querySelectorAll('.atlas-label > div')]
            .filter(d => getComputedStyle(d).display !== 'none')
            .map(d => { const r = d.getBoundingClientRect();
                        return {text: d.textContent, x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}; })
            .filter(b => b.x1 > 0 && b.y1 > 0 && b.x0 < window.innerWidth && b.y0 < window.innerHeight)"""
    )


@pytest.mark.e2e
@pytest.mark.parametrize("width,height", WINDOWS, ids=[f"{w}x{h}" for w, h in WINDOWS])
def test_default_view_fills_the_screen_keeps_the_legend_off_the_wakhan_and_labels_apart(
        browser, app_url, artifacts, width, height):
    errors: list[str] = []
    context, page, frame = _page(browser, app_url, width, height, errors)
    try:
        page.screenshot(path=str(artifacts / f"main_map_{width}x{height}.png"))
        map_box = page.locator(MAP_FRAME_SELECTOR).bounding_box()
        assert map_box["y"] < height * 0.35, "the map starts above the fold"
        afghanistan = _page_box(page, frame, *AFGHANISTAN_BOUNDS)
        assert afghanistan["x0"] >= map_box["x"] and afghanistan["x1"] <= map_box["x"] + map_box["width"]
        bottom = min(height, map_box["y"] + map_box["height"])
        assert map_box["y"] <= afghanistan["y0"] and afghanistan["y1"] <= bottom, "all of Afghanistan is on screen"

        wakhan = _page_box(page, frame, *corridor().polygon.bounds)
        legend = page.locator(".atlas-legend-panel")
        expect(legend).to_be_visible()
        lb = legend.bounding_box()
        assert not _intersects({"x0": lb["x"], "y0": lb["y"], "x1": lb["x"] + lb["width"], "y1": lb["y"] + lb["height"]},
                               wakhan), "the legend covers the Wakhan Corridor"
        assert frame.locator(".atlas-legend").count() == 0, "no legend inside the map"
        china = _page_box(page, frame, CHINA_BORDER[1], CHINA_BORDER[0], CHINA_BORDER[1], CHINA_BORDER[0])
        assert map_box["x"] < china["x0"] < map_box["x"] + map_box["width"], "the China border is on the map"

        labels = _visible_label_boxes(frame)
        texts = {b["text"] for b in labels}
        assert {"Afghanistan", "Kabul", "WakhanCorridor"} <= texts
        shrunk = [{**b, "x0": b["x0"] + 0.5, "y0": b["y0"] + 0.5} for b in labels]  # sub-pixel rounding
        overlaps = [(a["text"], b["text"]) for i, a in enumerate(shrunk) for b in shrunk[i + 1:] if _intersects(a, b)]
        assert overlaps == []
        attribution = frame.locator(".leaflet-control-attribution").inner_text()
        assert "Natural Earth" in attribution and "GeoNames" in attribution
        assert errors == []
    finally:
        context.close()


@pytest.mark.e2e
@pytest.mark.parametrize("width,height", WINDOWS, ids=[f"{w}x{h}" for w, h in WINDOWS])
def test_clicking_where_each_actor_claim_is_drawn_lists_it_in_the_panel(browser, app_url, artifacts, width, height):
    errors: list[str] = []
    context, page, frame = _page(browser, app_url, width, height, errors)
    try:
        # Clickable part of the map: clear of the zoom buttons, scale bar and credit.
        bounds = frame.evaluate("""() => {
            const s = window.map.getSize();
            const nw = window.map.containerPointToLatLng([60, 70]);
            const se = window.map.containerPointToLatLng([s.x - 20, s.y - 45]);
            return [nw.lng, se.lat, se.lng, nw.lat]; }""")
        features = load_bundle().features
        anchors: dict[tuple[float, float], list[str]] = {}
        for fid, label, geom in zip(features["id"], features["label"], features.geometry):
            anchor = click_anchor(geom, tuple(bounds))
            assert anchor is not None, f"{fid} is not drawn in the default view"
            anchors.setdefault(anchor, []).append(label)
        listed = 0
        panel = page.locator(".st-key-click_panel")
        for (lat, lon), labels in anchors.items():
            previous = panel.locator("[data-testid='stCaptionContainer']").first.inner_text() if panel.count() else ""
            page.locator(MAP_FRAME_SELECTOR).scroll_into_view_if_needed()
            point = frame.evaluate(f"""() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]);
                const r = window.map.getContainer().getBoundingClientRect();
                return {{x: r.left + p.x, y: r.top + p.y}}; }}""")
            box = page.locator(MAP_FRAME_SELECTOR).bounding_box()
            page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
            caption = page.locator(".st-key-click_panel [data-testid='stCaptionContainer']").first
            expect(caption).not_to_have_text(previous, timeout=30_000)
            expect(caption).to_contain_text(re.compile(r"\d+ features? at"), timeout=30_000)
            for label in labels:
                # The panel streams in after the caption: wait for each expected entry.
                expect(panel).to_contain_text(label, timeout=20_000)
                listed += 1
        assert listed == len(features), f"{listed}/{len(features)} claims reachable"
        page.screenshot(path=str(artifacts / f"main_map_click_{width}x{height}.png"))
        assert errors == []
    finally:
        context.close()
