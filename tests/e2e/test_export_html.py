"""The standalone HTML export in a real headless Chromium with every non-local request blocked."""

from __future__ import annotations

from geo.bundle import load_bundle
from geo.export import DEFAULT_EXTENT, export_html
from geo.layers import base_layers

WAKHAN_STROKE = "#6a3d9a"
CROSSING_STROKE = "#b2182b"


def _open(page, html: str) -> None:
    # set_content keeps the page on about:blank: nothing can be fetched relative to a server.
    page.set_content(html, wait_until="load")
    page.wait_for_function(
        "document.querySelectorAll('.leaflet-map-pane path').length > 40", timeout=30_000
    )


def test_html_export_draws_its_layers_offline(offline_page, artifacts):
    layers = [layer for layer in base_layers() if layer.spec.default_on]
    _open(offline_page, export_html(layers, DEFAULT_EXTENT, "Afghanistan and the spillover question",
                                    essay=load_bundle().meta.attribution))
    page = offline_page
    assert page.locator(".leaflet-map-pane path.country").count() >= 20, "country fills should be drawn"
    assert page.locator(f'.leaflet-map-pane path[stroke="{WAKHAN_STROKE}"]').count() >= 1
    assert page.locator(f'.leaflet-map-pane path[stroke="{CROSSING_STROKE}"]').count() >= 5
    assert page.locator(".country-label").count() >= 11, "country names should be on the map"
    assert page.locator(".place-label").count() >= 20
    assert page.locator(".atlas-legend").count() == 1
    legend, map_box = page.locator(".atlas-legend").bounding_box(), page.locator("#map").bounding_box()
    assert legend["x"] >= map_box["x"] + map_box["width"] - 1, "the legend is beside the map, never over it"
    panes = page.evaluate("() => ['atlas-land', 'atlas-areas', 'overlay', 'atlas-points'].map(n =>"
                          " +getComputedStyle(document.querySelector('.leaflet-' + n + '-pane')).zIndex)")
    assert panes == sorted(panes), "land below areas below lines below points, as on the live map"
    assert "Wakhan Corridor" in page.locator(".atlas-legend").inner_text()
    assert page.locator(".leaflet-control-scale").count() == 1
    assert page.locator(".leaflet-control-layers-overlays label").count() == len(layers)
    assert "ANKASAM, 2023" in page.locator("footer").inner_text()
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "export_html_offline.png"))
    assert page.blocked == [], f"requests left this machine: {page.blocked}"


def test_html_export_shows_an_escaped_tooltip_on_hover(offline_page):
    crossings = [layer for layer in base_layers() if layer.id == "crossings"]
    _open_small = export_html(crossings, (60.0, 29.0, 75.0, 39.0), "Crossings")
    offline_page.set_content(_open_small, wait_until="load")
    marker = offline_page.locator(f'.leaflet-map-pane path[stroke="{CROSSING_STROKE}"]').first
    marker.wait_for(timeout=30_000)
    marker.hover(force=True)
    tooltip = offline_page.locator(".leaflet-tooltip")
    tooltip.wait_for(timeout=10_000)
    assert "(" in tooltip.inner_text(), (
        "the tooltip shows the crossing's title, e.g. 'Hairatan (Afghanistan)'"
    )
    assert tooltip.locator("b").count() == 1, "tooltip markup is ours; data is text"
    assert offline_page.blocked == []
