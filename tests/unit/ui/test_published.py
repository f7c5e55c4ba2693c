"""Static geography: shared layers are published once as content-hashed files; a session's own never are."""

from __future__ import annotations

import os
import re

import geopandas as gpd
from shapely.geometry import Point

from geo.layers import Layer, LayerSpec, base_layers
from ui.leaflet import published
from ui.leaflet.elements import base_map, layer_group
from ui.leaflet.published import MAP_URL, layer_source, publish


def _layer(builder: str, name: str = "secret upload") -> Layer:
    spec = LayerSpec(id="u", title="U", group="g", builder=builder, geometry="point", description="", source="s")
    return Layer(spec, gpd.GeoDataFrame({"title": [name]}, geometry=[Point(69, 34)], crs=4326))


def test_publish_names_files_by_content_and_writes_each_once(tmp_path, monkeypatch):
    monkeypatch.setattr(published, "MAP_DIR", tmp_path)
    first = publish("x", b'{"a":1}')
    assert first.startswith(f"{MAP_URL}/x-") and first.endswith(".json")
    assert publish("x", b'{"a":1}') == first
    assert publish("x", b'{"a":2}') != first
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({first.rsplit("/", 1)[1], publish("x", b'{"a":2}')
                                                                  .rsplit("/", 1)[1]})


def test_shared_layers_travel_as_urls_and_a_sessions_own_inline(tmp_path, monkeypatch):
    monkeypatch.setattr(published, "MAP_DIR", tmp_path)
    shipped = base_layers()[0]
    kind, url = layer_source(Layer(shipped.spec, shipped.frame.copy()))  # a new object: not yet published
    assert kind == "url" and (tmp_path / url.rsplit("/", 1)[1]).is_file()
    for builder in ("upload", "search", "focus", "draft"):
        kind, data = layer_source(_layer(builder))
        assert kind == "inline" and "secret upload" in data
    assert not any("secret upload" in p.read_text() for p in tmp_path.iterdir())


def test_the_map_script_carries_urls_not_geography():
    m = base_map()
    for layer in base_layers():
        layer_group(layer).add_to(m)
    page = m.get_root().render()
    assert "AtlasMap.addBasemap" in page and page.count("AtlasMap.addLayers") == len(base_layers())
    assert all(layer_source(layer)[1] in page for layer in base_layers())
    assert '"coordinates"' not in page, "no geometry travels in the map's script"
    assert len(page) < 20_000


def test_prune_keeps_the_most_recently_written(tmp_path, monkeypatch):
    monkeypatch.setattr(published, "MAP_DIR", tmp_path)
    urls = [publish("x", str(i).encode()) for i in range(5)]
    for age, url in enumerate(reversed(urls)):
        path = tmp_path / url.rsplit("/", 1)[1]
        stamp = 1_000_000 - 1000 * age
        os.utime(path, (stamp, stamp))
    assert published.prune(max_files=2) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(u.rsplit("/", 1)[1] for u in urls[-2:])


def test_the_legend_beside_the_map_links_its_swatches_and_stylesheet_instead_of_inlining_them(tmp_path, monkeypatch):
    from geo.layers import legend_groups, legend_panel, status_entries
    from ui.leaflet.published import stylesheet_url

    monkeypatch.setattr(published, "MAP_DIR", tmp_path)
    layers = base_layers()
    panel = legend_panel(legend_groups(layers), status_entries(layers))
    inline = panel.page_html()
    css_url = stylesheet_url("legend", panel.css)
    linked = panel.page_html([f"{MAP_URL}/map-0.css", css_url])
    assert "data:image/svg+xml" in inline and "data:image/svg+xml" not in linked
    assert linked.startswith(f'<style>@import url("{MAP_URL}/map-0.css");@import url("{css_url}");</style>')
    assert len(linked) < len(inline) / 4
    # One rule per distinct swatch, each class used in the markup drawn by one.
    used = set(re.findall(r"<i class=(s\d+)>", panel.html))
    assert used and used == set(re.findall(r"\.atlas-legend-panel \.(s\d+)\{", panel.css))
    assert (tmp_path / css_url.rsplit("/", 1)[1]).read_text() == panel.css


def test_the_base_map_loads_one_script_that_draws_and_holds_view_reports_until_the_page_is_touched():
    page = base_map().get_root().render()
    assert "AtlasViewReports.holdUntilTouched();" in page
    names = re.findall(r"/app/static/map/(atlas-map-[0-9a-f]+\.js)", page)
    assert len(set(names)) == 1, "one script of ours after Leaflet"
    script = (published.MAP_DIR / names[0]).read_text(encoding="utf-8")
    assert "root.AtlasMap = " in script and "root.AtlasViewReports = " in script
