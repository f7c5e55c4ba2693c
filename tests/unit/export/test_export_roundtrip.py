"""GeoJSON and PDF exports checked against what they claim to be.

GeoJSON: RFC 7946 with real JSON values (arrays stay arrays), read back identically by
``json.loads`` and by geopandas/pyogrio. PDF: rendered to pixels with poppler's ``pdftoppm`` and
compared with the PNG export of the same figure.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess

import geopandas as gpd
import numpy as np
import pytest
from PIL import Image

from geo.bundle import load_bundle
from geo.export import export_geojson, export_static
from geo.layers import actor_layers, base_layers
from tests.conftest import ARTIFACTS

DATE = dt.date(2024, 1, 1)


@pytest.fixture(scope="module")
def layers():
    return [*(layer for layer in base_layers() if layer.spec.default_on), *actor_layers(load_bundle())]


def test_geojson_keeps_list_and_dict_properties_as_json_values(layers):
    collection = json.loads(export_geojson(layers))
    assert "crs" not in collection, "RFC 7946 has no crs member: coordinates are lon/lat"
    claims = [f for f in collection["features"] if f["properties"]["layer_id"].startswith("actor_")]
    assert claims
    for feature in claims:
        props = feature["properties"]
        assert isinstance(props["paragraph_ids"], list) and all(isinstance(p, str) for p in props["paragraph_ids"])
        assert isinstance(props["sources"], list) and all(isinstance(s, dict) for s in props["sources"])
    for feature in collection["features"]:
        assert feature["properties"]["source"] and "status" in feature["properties"]
        assert feature["properties"]["status"], f"{feature['id']} has a status"


def test_geojson_polygons_wind_counter_clockwise(layers):
    from shapely.geometry import shape

    for feature in json.loads(export_geojson(layers))["features"]:
        geom = shape(feature["geometry"])
        for poly in getattr(geom, "geoms", [geom]):
            if poly.geom_type == "Polygon":
                assert poly.exterior.is_ccw


def test_geojson_round_trips_through_geopandas_and_json_with_the_same_values(layers, tmp_path):
    text = export_geojson(layers)
    collection = json.loads(text)
    path = tmp_path / "export.geojson"
    path.write_text(text, encoding="utf-8")
    frame = gpd.read_file(path, engine="pyogrio")
    assert len(frame) == len(collection["features"])
    assert frame.crs.to_epsg() == 4326
    for row, feature in zip(frame.itertuples(index=False), collection["features"]):
        props = feature["properties"]
        for key in ("id", "layer_id", "source", "status", "title"):
            if props.get(key) is not None:
                assert getattr(row, key) == props[key]
        if isinstance(props.get("paragraph_ids"), list):
            value = row.paragraph_ids
            value = json.loads(value) if isinstance(value, str) else list(value)
            assert value == props["paragraph_ids"], "a list property reads back as the same list"
    again = json.loads(json.dumps(collection))
    assert again == collection


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) is not installed")
def test_pdf_rendered_by_poppler_looks_like_the_png_export(layers, tmp_path):
    dpi = 40
    kwargs = {"title": "Afghanistan and the spillover question", "date": DATE, "subtitle": "PDF check"}
    png = np.asarray(Image.open(io.BytesIO(export_static(layers, fmt="png", dpi=dpi, **kwargs))).convert("RGB"))
    pdf = tmp_path / "figure.pdf"
    pdf.write_bytes(export_static(layers, fmt="pdf", **kwargs))
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(tmp_path / "pdf")], check=True)
    rendered = np.asarray(Image.open(tmp_path / "pdf.png").convert("RGB"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    Image.fromarray(rendered).save(ARTIFACTS / "pdf_rendered_by_poppler.png")
    assert rendered.shape == png.shape, "the PDF page is the PNG's page"
    # Compared in 8 × 8 px blocks: the two rasterisers anti-alias thin lines and glyphs differently,
    # but a missing legend, label or layer changes whole blocks.
    delta = np.abs(_blocks(rendered) - _blocks(png))
    assert delta.mean() < 5.0, f"the PDF differs from the PNG by {delta.mean():.2f} per channel on average"
    assert (delta.max(axis=2) > 24).mean() < 0.03, "a part of the figure is missing or moved in the PDF"


def _blocks(image: np.ndarray, k: int = 8) -> np.ndarray:
    h, w = image.shape[0] // k * k, image.shape[1] // k * k
    return image[:h, :w].astype(float).reshape(h // k, k, w // k, k, 3).mean(axis=(1, 3))
