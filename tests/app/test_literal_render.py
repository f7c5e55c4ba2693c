"""Folium macros rendered as text: the same HTML as branca's render, without compiling it again."""

from __future__ import annotations

import itertools

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


def _rendered_with_fixed_ids(monkeypatch) -> str:
    ids = itertools.count()
    monkeypatch.setattr(Element, "_generate_id", classmethod(lambda cls: f"{next(ids):032x}"))
    return _map_with_layers().get_root().render()


def test_the_literal_render_gives_the_same_html_as_branca(monkeypatch):
    before = _rendered_with_fixed_ids(monkeypatch)
    monkeypatch.setattr(MacroElement, "render", MacroElement.render)
    literal_render.install()
    after = _rendered_with_fixed_ids(monkeypatch)
    assert after == before


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
