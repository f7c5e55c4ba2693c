"""What the Leaflet maps draw: layer data, the base map, choropleths (geo.layers.leaflet_data)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box

from geo.layers import (
    MAP_PANES,
    Layer,
    LayerSpec,
    basemap_data,
    choropleth_fill,
    choropleth_shapes,
    layer_data,
)


def _layer(geoms, builder="b", **columns) -> Layer:
    spec = LayerSpec(id="x", title="X", group="g", builder=builder, geometry="mixed", description="", source="s",
                     tooltip=("title",))
    frame = gpd.GeoDataFrame({"title": [f"t{i}" for i in range(len(geoms))], **columns}, geometry=geoms, crs=4326)
    return Layer(spec, frame)


def test_layer_data_flattens_collections_and_puts_each_part_in_its_pane():
    nested = shapely.from_wkt("GEOMETRYCOLLECTION (MULTIPOINT (69 34, 70 35), LINESTRING (69 34, 70 35), "
                              "POLYGON ((66 31, 67 31, 67 32, 66 31)))")
    data = layer_data(_layer([nested]))
    kinds = [(f["geometry"]["type"], f["properties"]["_pane"]) for f in data["features"]["features"]]
    assert kinds == [("Polygon", "atlas-areas"), ("LineString", "overlayPane"),
                     ("Point", "atlas-points"), ("Point", "atlas-points")], "areas under lines under points"
    assert {f["properties"]["id"] for f in data["features"]["features"]} == {"x-0"}, "the parts stay one feature"


def test_layer_data_tooltips_escape_data_strings():
    data = layer_data(_layer([Point(69, 34)], title=['<img src=x onerror="alert(1)">']))
    tip = data["features"]["features"][0]["properties"]["_tooltip"]
    assert "<img" not in tip and "&lt;img" in tip


def test_basemap_data_has_land_water_names_panes_and_credit():
    data = basemap_data()
    assert len(data["countries"]["features"]) >= 11 and data["rivers"]["features"] and data["lakes"]["features"]
    assert [p["name"] for p in data["panes"]] == [name for name, _, _ in MAP_PANES]
    assert any("Afghanistan" in lbl["html"] or "AFGHANISTAN" in lbl["html"].upper() for lbl in data["labels"])
    assert "Natural Earth" in data["attribution"]


def test_choropleth_shapes_and_fill_line_up_by_row():
    layer = _layer([box(60, 30, 61, 31), box(61, 30, 62, 31), box(62, 30, 63, 31)])
    shapes = choropleth_shapes(layer)
    assert [f["properties"]["i"] for f in shapes["features"]] == [0, 1, 2]
    fill = choropleth_fill(np.array([[255, 0, 0], [0, 255, 0], [0, 0, 255]], dtype=np.uint8), {"weight": 1},
                           "Score {s} · {kind}", {"s": [0.123, 0.5, np.float64(1)]}, decimals={"s": 2},
                           coded={"kind": ([2, 0, 1], ["a", "b", "c"])})
    assert fill["colors"] == "ff000000ff000000ff"
    assert fill["values"] == {"s": [0.12, 0.5, 1.0], "kind": "201"} and fill["labels"] == {"kind": ["a", "b", "c"]}
    assert choropleth_fill(["#ff0000"], {}, "", {})["colors"] == "ff0000"


@pytest.mark.parametrize("args", [
    (["red"], {}, "", {}),
    (["#ff0000"], {}, "", {"s": [1, 2]}),
    (["#ff0000"], {}, "", {}, None, {"k": ([0], list("abcdefghijk"))}),
    (np.zeros((2, 4)), {}, "", {}),
])
def test_choropleth_fill_refuses_what_it_cannot_send(args):
    with pytest.raises(ValueError):
        choropleth_fill(*args)
