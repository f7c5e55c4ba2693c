"""Folium macros rendered as text: the same HTML as branca's render, without compiling it again."""

from __future__ import annotations

import itertools
import re

import folium
import pytest
from branca.element import Element, MacroElement

from ui.leaflet import literal_render


@pytest.fixture
def literal(monkeypatch):
    monkeypatch.setattr(MacroElement, "render", MacroElement.render)  # restored after the test
    literal_render.install()
    assert literal_render.installed()


def _map_with_layers() -> folium.Map:
    m = folium.Map(location=[34.5, 69.2], zoom_start=6, tiles=None)
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Kabul"}, "geometry": {"type": "Point", "coordinates": [69.2, 34.5]}},
        {"type": "Feature", "properties": {"name": "Wakhan"},
         "geometry": {"type": "Polygon", "coordinates": [[[71, 36.5], [75, 37], [74, 37.5], [71, 36.5]]]}},
    ]}
    group = folium.FeatureGroup(name="layer").add_to(m)
    folium.GeoJson(data, tooltip=folium.GeoJsonTooltip(["name"])).add_to(group)
    return m


def _original_macros(monkeypatch) -> None:
    """Folium's own macros back (another test, or the app, may have compacted them), until the test ends."""
    for cls in (folium.Map, folium.FeatureGroup):
        module = cls._template.module
        for part in ("header", "script"):
            macro = getattr(module, part, None)
            if hasattr(macro, "__wrapped__"):
                monkeypatch.setattr(module, part, macro.__wrapped__)


def _rendered_with_fixed_ids(monkeypatch) -> str:
    ids = itertools.count()
    monkeypatch.setattr(Element, "_generate_id", classmethod(lambda cls: f"{next(ids):032x}"))
    return _map_with_layers().get_root().render()


def test_the_literal_render_gives_the_same_html_as_branca_less_the_code_indentation(monkeypatch):
    _original_macros(monkeypatch)
    monkeypatch.setattr(MacroElement, "render", literal_render.BRANCA_RENDER)
    before = _rendered_with_fixed_ids(monkeypatch)
    monkeypatch.setattr(MacroElement, "render", MacroElement.render)
    literal_render.install()
    after = _rendered_with_fixed_ids(monkeypatch)
    assert re.sub(r"\s+", " ", after) == re.sub(r"\s+", " ", before)
    assert len(after) < len(before)


def test_compacting_keeps_newlines_so_line_comments_still_end():
    code = "var a = 1; // one\n        \n\n    var b = 2;"
    assert literal_render.compact(code) == "var a = 1; // one\nvar b = 2;"


def test_the_scripts_st_folium_generates_itself_are_compact(literal):
    m = _map_with_layers()
    for element in (m, *m._children.values()):
        if isinstance(element, (folium.Map, folium.FeatureGroup)):
            assert not re.search(r"\n[ \t]", element._template.module.script(element))


def test_template_syntax_in_data_is_emitted_as_written(literal):
    m = folium.Map(tiles=None)
    data = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "{{ 7 * 7 }} {% if true %}x{% endif %}"},
         "geometry": {"type": "Point", "coordinates": [69.2, 34.5]}}]}
    folium.GeoJson(data).add_to(m)
    html = m.get_root().render()
    assert "{{ 7 * 7 }} {% if true %}x{% endif %}" in html
    assert "49 x" not in html


def test_install_is_idempotent(literal):
    literal_render.install()
    assert literal_render.installed()
