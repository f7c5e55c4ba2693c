"""Every layer builds, carries its source and status, and renders with no CDN and no raw HTML."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.bundle import load_bundle
from geo.layers import (
    Layer,
    LayerSpec,
    actor_layers,
    base_layers,
    feature_style,
    layer_data,
    layer_specs,
    legend_html,
    status_entries,
    tooltip_html,
)
from ui.leaflet.assets import LOCAL_JS, external_assets
from ui.leaflet.elements import base_map, layer_group
from ui.url import DEFAULT_VIEW, encode_layers, layers_link_note, parse_layers, parse_view, view_link_note


@pytest.mark.parametrize("layer", base_layers(), ids=lambda layer: layer.id)
def test_every_layer_has_features_a_source_a_status_and_titles(layer):
    assert not layer.frame.empty
    assert layer.spec.source and layer.spec.status
    assert layer.frame["title"].notna().all() and (layer.frame["title"] != "").all()
    assert layer.frame.crs.to_epsg() == 4326
    assert layer.frame.is_valid.all()


def test_the_map_and_every_layer_use_only_locally_served_assets():
    m = base_map()
    groups = [layer_group(layer) for layer in base_layers()]
    for group in groups:
        group.add_to(m)
    assert external_assets(m) == []
    assert m.default_js[: len(LOCAL_JS)] == LOCAL_JS
    assert all(url.startswith("/app/static/") for _, url in m.default_js + m.default_css)


def test_tooltip_shows_hostile_strings_as_text():
    spec = LayerSpec(id="x", title="X", group="g", builder="b", geometry="point", description="", source="s",
                     tooltip=("title", "note"))
    hostile = '<img src=x onerror="alert(1)">'
    html = tooltip_html(Layer(spec, gpd.GeoDataFrame()), {"title": hostile, "note": "<script>x()</script>"}, "alleged")
    assert "<img" not in html and "<script>" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "Alleged" in html


def test_point_layer_renders_escaped_labels():
    spec = LayerSpec(id="p", title="P", group="g", builder="b", geometry="point", description="", source="s",
                     label="name")
    frame = gpd.GeoDataFrame({"name": ["<b>bold</b>"], "title": ["t"]}, geometry=[Point(69, 34)], crs=4326)
    rendered = json.dumps(layer_data(Layer(spec, frame)))
    assert "&lt;b&gt;bold&lt;/b&gt;" in rendered and "<b>bold</b>" not in rendered


def test_status_is_visible_in_the_symbol():
    base = {"color": "#111111", "fill_opacity": 0.5}
    documented, reported, alleged, argued = (feature_style(base, s) for s in
                                             ("documented", "reported", "alleged", "essay_argument"))
    assert documented["dash"] == "" and reported["dash"] and alleged["dash"] and argued["dash"]
    assert documented["fill_opacity"] > reported["fill_opacity"] > alleged["fill_opacity"] > argued["fill_opacity"] == 0


def test_uncited_context_has_a_symbol_of_its_own():
    base = {"color": "#111111", "fill_opacity": 0.5}
    styles = [feature_style(base, s) for s in ("documented", "reported", "alleged", "essay_argument", "uncited_context")]
    assert len({(s["dash"], s["fill_opacity"]) for s in styles}) == 5


def test_lower_confidence_is_visible_in_the_symbol_whatever_the_status():
    base = {"color": "#111111", "fill_opacity": 0.5, "weight": 2.5, "radius": 7}
    for status in ("reported", "uncited_context"):
        standard, lower = feature_style(base, status), feature_style(base, status, confidence="lower")
        assert lower["weight"] < standard["weight"] and lower["radius"] < standard["radius"]
        assert lower["dash"] == standard["dash"]  # the status still reads the same


def test_legend_explains_status_and_confidence_of_the_bundles_claims():
    layers = actor_layers(load_bundle())
    labels = [e.label for e in status_entries(layers)]
    assert {"Documented", "Reported", "Alleged", "Essay's argument", "Uncited context"} <= set(labels)
    assert any(label.startswith("Lower confidence") for label in labels)
    assert "Uncited context" in legend_html([], status_entries(layers))


def test_tooltip_says_lower_confidence():
    spec = LayerSpec(id="x", title="X", group="g", builder="b", geometry="point", description="", source="s",
                     tooltip=("title",))
    html = tooltip_html(Layer(spec, gpd.GeoDataFrame()), {"title": "t", "confidence": "lower"}, "uncited_context")
    assert "Uncited context · lower confidence" in html


def test_url_state_round_trips_and_ignores_junk():
    known = [s.id for s in layer_specs()]
    assert parse_layers({"layers": encode_layers(known[:2])}, known, []) == known[:2]
    assert parse_layers({"layers": encode_layers([])}, known, known) == []
    assert parse_layers({}, known, known[:1]) == known[:1]
    assert parse_layers({"layers": "nope,<x>"}, known, known[:3]) == known[:3], "no known layer: the defaults"
    assert parse_layers({"layers": f"nope,{known[4]}"}, known, known[:3]) == [known[4]]
    assert layers_link_note({"layers": "nope,<x>"}, known).startswith(
        "The link names 2 layers this map does not have (“nope”, “<x>”); the default layers are shown.")
    assert "; the others are shown." in layers_link_note({"layers": f"nope,{known[4]}"}, known)
    assert layers_link_note({"layers": encode_layers(known[:2])}, known) == ""
    assert layers_link_note({"layers": "none"}, known) == ""
    assert view_link_note({"view": "abc"}).startswith("The link's view “abc” is not a map view")
    assert view_link_note({"view": DEFAULT_VIEW.encode()}) == "" and view_link_note({}) == ""
    assert parse_view({"view": DEFAULT_VIEW.encode()}) == DEFAULT_VIEW
    assert parse_view({"view": "91,0,5"}) == DEFAULT_VIEW
    assert parse_view({"view": "1,2"}) == DEFAULT_VIEW
