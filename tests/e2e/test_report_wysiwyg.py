"""The report figure is the view on screen: checked in Chromium at two window sizes with the risk layers on.

For 1280×720 and 1600×1000: the PNG download is at least 3000 px wide and shows exactly the live
map's bounds (within 2 % of the span per side; the page's shape only widens the other axis), its
SVG has no two overlapping text boxes as Chromium lays them out, the risk choropleth's legend
shows at least three classes with values in the PNG, SVG and HTML downloads, and the GeoJSON
keeps list-valued properties as arrays.
"""

from __future__ import annotations

import io
import json
import re

import numpy as np
import pytest
from PIL import Image

from geo.layers import base_layers
from tests.e2e.browser import block_external, map_frame
from tests.e2e.test_report_download import PREVIEW_LOADED
from ui.report import PREVIEW_ALT

#: The risk choropleth, and the al-Qaeda layer whose routes are schematic (the Map page draws each
#: route once, there, and offers no separate pathways layer).
RISK_LAYERS = ("neighbour_risk", "actor_al-qaeda")
CLASS_LABEL = re.compile(r"^\d\.\d\d – \d\.\d\d$")
#: Overlap (CSS px) two SVG text boxes may share: Chromium's font metrics differ from matplotlib's
#: by a fraction of a pixel at the figure's 72-px-per-inch SVG size.
TEXT_TOLERANCE_PX = 0.5


def _visible_ids() -> str:
    return ",".join([*(layer.id for layer in base_layers() if layer.spec.default_on), *RISK_LAYERS])


def _download(page, name: str, target):
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name=re.compile(name)).click()
    info.value.save_as(str(target))
    return target


def _screen_bounds(frame) -> list[float]:
    b = frame.evaluate("() => { const b = window.map.getBounds();"
                       " return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }")
    return [float(v) for v in b]


def _svg_text_boxes(page, svg: str) -> list[tuple[str, dict]]:
    page.set_content(f"<!DOCTYPE html><html><body style='margin:0'>{svg}</body></html>", wait_until="load")
    return [(t, box) for t, box in page.evaluate(
        "() => [...document.querySelectorAll('svg text')].map(t => { const r = t.getBoundingClientRect();"
        " return [t.textContent, {x0: r.left, y0: r.top, x1: r.right, y1: r.bottom}]; })") if t.strip()]


@pytest.mark.e2e
@pytest.mark.parametrize("viewport", [(1280, 720), (1600, 1000)], ids=["1280x720", "1600x1000"])
def test_report_exports_show_the_screen_with_complete_legends_and_no_overlaps(browser, app_url, artifacts, viewport):
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    blocked: list[str] = []
    block_external(context, blocked)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/?layers={_visible_ids()}", wait_until="domcontentloaded")
        frame = map_frame(page)
        frame.wait_for_function("window.map && document.querySelectorAll('.leaflet-map-pane path').length > 40",
                                timeout=90_000)
        page.wait_for_timeout(1500)  # let st_folium report the map's state (bounds) back to Python
        screen = _screen_bounds(frame)
        page.screenshot(path=str(artifacts / f"wysiwyg_map_{width}x{height}.png"))

        page.get_by_test_id("stSidebarUserContent").get_by_text("Report view", exact=True).click(timeout=60_000)
        page.get_by_role("img", name=re.compile(PREVIEW_ALT)).wait_for(timeout=120_000)
        page.wait_for_function(PREVIEW_LOADED, timeout=120_000)
        page.screenshot(path=str(artifacts / f"wysiwyg_report_view_{width}x{height}.png"))

        png_path = _download(page, r"^PNG", artifacts / f"wysiwyg_{width}x{height}.png")
        with Image.open(png_path) as image:
            assert image.width >= 3000
            view = [float(v) for v in image.info["View extent"].split(",")]
            shown = [float(v) for v in image.info["Map extent"].split(",")]
            pixels = np.asarray(image.convert("RGB"))
        span = (screen[2] - screen[0], screen[3] - screen[1])
        (artifacts / f"wysiwyg_{width}x{height}_extent.json").write_text(json.dumps(
            {"screen": screen, "view": view, "frame": shown,
             "error_share_per_side": [abs(a - b) / span[i % 2] for i, (a, b) in enumerate(zip(view, screen))]}))
        for side, (asked, seen) in enumerate(zip(view, screen)):
            assert abs(asked - seen) <= 0.02 * span[side % 2], f"side {side}: figure {asked:.3f} vs screen {seen:.3f}"
        # The drawn frame: one axis is exactly the view, the other widened symmetrically (never cropped).
        lon_kept = abs(shown[0] - view[0]) < 1e-3 and abs(shown[2] - view[2]) < 1e-3
        lat_kept = abs(shown[1] - view[1]) < 1e-3 and abs(shown[3] - view[3]) < 1e-3
        assert lon_kept or lat_kept
        assert shown[0] <= view[0] + 1e-3 and shown[1] <= view[1] + 1e-3
        assert shown[2] >= view[2] - 1e-3 and shown[3] >= view[3] - 1e-3

        svg = _download(page, r"^SVG", artifacts / f"wysiwyg_{width}x{height}.svg").read_text(encoding="utf-8")
        html = _download(page, r"^HTML", artifacts / f"wysiwyg_{width}x{height}.html").read_text(encoding="utf-8")
        geojson = _download(page, r"^GeoJSON", artifacts / f"wysiwyg_{width}x{height}.geojson").read_text(
            encoding="utf-8")

        # GeoJSON: arrays stay arrays.
        features = json.loads(geojson)["features"]
        claims = [f for f in features if f["properties"]["layer_id"] == "actor_al-qaeda"]
        assert claims and all(isinstance(f["properties"]["paragraph_ids"], list) for f in claims)

        # SVG: the ramp's classes with values, and no two text boxes overlapping as Chromium lays them out.
        texts = _svg_text_boxes(page, svg)
        class_labels = [t for t, _ in texts if CLASS_LABEL.match(t.strip())]
        assert len(class_labels) >= 3, f"risk legend classes in the SVG: {class_labels}"
        for i, (ta, a) in enumerate(texts):
            for tb, b in texts[i + 1:]:
                overlap_x = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
                overlap_y = min(a["y1"], b["y1"]) - max(a["y0"], b["y0"])
                assert min(overlap_x, overlap_y) <= TEXT_TOLERANCE_PX, f"SVG texts {ta!r} and {tb!r} overlap"

        # HTML: the ramp with values beside the map.
        page.set_content(html, wait_until="load")
        page.wait_for_function("document.querySelectorAll('.leaflet-map-pane path').length > 40", timeout=30_000)
        ramp = page.locator(".atlas-side .ramp-class")
        assert ramp.count() >= 3 and all(CLASS_LABEL.match(t.strip()) for t in ramp.all_inner_texts())
        legend_box = page.locator(".atlas-legend").bounding_box()
        map_box = page.locator("#map").bounding_box()
        assert legend_box["x"] >= map_box["x"] + map_box["width"] - 1, "the legend is beside the map, not over it"
        # PNG: every class's swatch colour is drawn (fill at the layer's opacity over white).
        ramp_colours = page.evaluate("() => [...document.querySelectorAll('.ramp-class rect')]"
                                     ".map(r => [r.getAttribute('fill'), r.getAttribute('fill-opacity')])")
        assert len(ramp_colours) >= 3
        sample = pixels[:: 2, :: 2].reshape(-1, 3).astype(int)
        for colour, opacity in ramp_colours:
            rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
            expected = rgb * float(opacity) + 255 * (1 - float(opacity))
            assert (np.abs(sample - expected).max(axis=1) <= 3).sum() > 50, f"no {colour} swatch in the PNG"

        page.screenshot(path=str(artifacts / f"wysiwyg_html_{width}x{height}.png"))
        assert blocked == [], f"requests left this machine: {blocked}"
    finally:
        context.close()


def test_png_metadata_is_readable():  # a guard for the helper above: PIL exposes PNG text chunks as info
    buffer = io.BytesIO()
    from PIL import PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    meta.add_text("View extent", "1,2,3,4")
    Image.new("RGB", (2, 2)).save(buffer, "png", pnginfo=meta)
    assert Image.open(io.BytesIO(buffer.getvalue())).info["View extent"] == "1,2,3,4"
