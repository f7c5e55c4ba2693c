"""GeoJSON export: every feature says its layer, source and status; output is strict JSON."""

from __future__ import annotations

import json

import pytest

from geo.export import ExportError, export_geojson
from tests.unit.export.test_export import hand_made_layers


@pytest.fixture(scope="module")
def collection() -> dict:
    return json.loads(
        export_geojson(hand_made_layers()), parse_constant=lambda c: pytest.fail(f"{c} in JSON")
    )


def test_geojson_has_one_feature_per_drawn_row_in_layer_order(collection):
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["layer_id"] for f in collection["features"]] == [
        "test_border",
        "test_zone",
        "test_towns",
        "test_towns",
    ]
    assert [f["geometry"]["type"] for f in collection["features"]] == [
        "LineString",
        "Polygon",
        "Point",
        "Point",
    ]


def test_every_feature_carries_layer_title_source_and_status(collection):
    for feature in collection["features"]:
        props = feature["properties"]
        assert props["layer_title"].startswith("Test ")
        assert props["source"] == f"Test source for {props['layer_id']}."
        assert props["status"] in {"documented", "reported", "alleged"}
    statuses = [f["properties"]["status"] for f in collection["features"]]
    assert statuses == ["documented", "reported", "documented", "alleged"], (
        "a feature's own status wins; a missing one falls back to the layer's"
    )


def test_attributes_are_kept_verbatim_and_nan_becomes_null(collection):
    alpha, beta = collection["features"][2:]
    assert alpha["properties"]["title"] == "<script>alert('x')</script>", "GeoJSON is data: no HTML escaping"
    assert alpha["properties"]["note"] == "a & b"
    assert beta["properties"]["note"] is None
    assert alpha["geometry"]["coordinates"] == [65.0, 34.5]


def test_geojson_refuses_no_layers():
    with pytest.raises(ExportError, match="no visible layers"):
        export_geojson([])
