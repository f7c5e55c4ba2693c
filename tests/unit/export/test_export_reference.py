"""Visual regression: the default view must still look like the committed reference image.

A styling change (a colour, a width, the layout) moves many pixels and fails this test;
font anti-aliasing noise does not. If the change is intended, regenerate the reference,
look at it, and commit it with the change::

    REGENERATE_REFERENCE_IMAGES=1 python3 -m pytest tests/unit/test_export_reference.py -q
"""

from __future__ import annotations

import dataclasses
import io
import os

import numpy as np
import pytest
from PIL import Image

from geo.bundle import load_bundle
from geo.core import ROOT
from geo.export import DEFAULT_EXTENT, export_static
from geo.layers import base_layers
from tests.conftest import ARTIFACTS
from tests.unit.export.test_export import FIXED_DATE

REFERENCE = ROOT / "tests" / "reference_images" / "default_view.png"
REFERENCE_DPI = 62.5  # 16:9 preset (12.8 in) → 800 × 450 px
TITLE = "Afghanistan and the spillover question"
SUBTITLE = "Default view: borders, the Wakhan Corridor, crossings and places"
#: Mean absolute difference per channel (0–255) and share of pixels that changed a lot.
#: Re-rendering on the same setup gives exactly 0 and 0. Recolouring Afghanistan's borders
#: changes ~0.25 % of pixels, recolouring the crossings ~0.11 %, a new water colour moves the
#: mean by ~0.7: all fail. Features of a few pixels at 800 px (e.g. the Wakhan fill alone)
#: are below this test's resolution; the style unit tests cover them.
MAX_MEAN_ABS_DIFF = 0.25
MAX_CHANGED_SHARE = 0.0008
CHANGED_LEVEL = 48


def render_default(layers=None) -> np.ndarray:
    layers = layers if layers is not None else [layer for layer in base_layers() if layer.spec.default_on]
    png = export_static(
        layers, DEFAULT_EXTENT, "png", title=TITLE, subtitle=SUBTITLE, date=FIXED_DATE, dpi=REFERENCE_DPI,
        essay=load_bundle().meta.attribution,
    )
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(np.int16)


def difference(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(mean absolute difference, share of pixels with any channel off by ≥ CHANGED_LEVEL)."""
    delta = np.abs(a - b)
    return float(delta.mean()), float((delta.max(axis=2) >= CHANGED_LEVEL).mean())


@pytest.fixture(scope="module")
def rendered() -> np.ndarray:
    image = render_default()
    if os.environ.get("REGENERATE_REFERENCE_IMAGES"):
        REFERENCE.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(image.astype(np.uint8)).save(REFERENCE, optimize=True)
    return image


def test_default_view_matches_the_reference_image(rendered):
    assert REFERENCE.is_file(), f"{REFERENCE} is missing; regenerate it (see this module's docstring)"
    reference = np.asarray(Image.open(REFERENCE).convert("RGB")).astype(np.int16)
    assert rendered.shape == reference.shape == (450, 800, 3)
    mean_diff, changed = difference(rendered, reference)
    if mean_diff > MAX_MEAN_ABS_DIFF or changed > MAX_CHANGED_SHARE:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        Image.fromarray(rendered.astype(np.uint8)).save(ARTIFACTS / "default_view_actual.png")
    assert mean_diff <= MAX_MEAN_ABS_DIFF, f"mean pixel difference {mean_diff:.2f} (see tests/artifacts)"
    assert changed <= MAX_CHANGED_SHARE, f"{changed:.2%} of pixels changed (see tests/artifacts)"


def _fails(image: np.ndarray, reference: np.ndarray) -> bool:
    mean_diff, changed = difference(image, reference)
    return mean_diff > MAX_MEAN_ABS_DIFF or changed > MAX_CHANGED_SHARE


def test_a_new_water_colour_exceeds_the_tolerance(rendered, monkeypatch):
    """Guard the guard: a base-map colour change must fail the comparison above."""
    import geo.export.figure.render

    monkeypatch.setattr(geo.export.figure.render, "WATER", "#b0c8e0")
    assert _fails(render_default(), rendered)


def test_a_recoloured_layer_exceeds_the_tolerance(rendered):
    """Guard the guard: recolouring one layer must fail the comparison above."""
    layers = [layer for layer in base_layers() if layer.spec.default_on]
    recoloured = [
        dataclasses.replace(
            layer, spec=dataclasses.replace(layer.spec, style={**layer.spec.style, "color": "#ff00ff"})
        )
        if layer.id == "afghanistan_borders"
        else layer
        for layer in layers
    ]
    assert _fails(render_default(recoloured), rendered)
