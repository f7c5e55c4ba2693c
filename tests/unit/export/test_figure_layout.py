"""The report figure's layout: every part in its own box, nothing overlapping, nothing off the page.

Rendered for every page size × several layer sets, up to every layer the app offers (the base
layers, the default bundle's actor layers and the risk layers, built as ``ui.bundle_state`` and
``ui.risk_cache`` build them), and checked from the drawn artists' bounding boxes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import pytest
from matplotlib.transforms import Bbox

from geo.bundle import load_bundle
from geo.export import SIZES, export_static, render_figure
from geo.layers import actor_layers, base_layers, legend_entries, legend_html
from geo.risk import neighbour_risk_layer, pathway_layer, risk_fields, score

DATE = dt.date(2024, 1, 1)
LONG_TITLE = "Afghanistan's neighbours and the spillover question: borders, actors, pathways and risk " * 2
GROUPS = ("title", "subtitle", "caption", "scale", "north", "map", "inset", *(f"legend-{i}" for i in range(6)))


@pytest.fixture(scope="module")
def bundle():
    return load_bundle()


@pytest.fixture(scope="module")
def risk_layers(bundle):
    result = score(risk_fields(bundle))
    return [layer for layer in (pathway_layer(bundle), neighbour_risk_layer(result)) if layer is not None]


@pytest.fixture(scope="module")
def layer_sets(bundle, risk_layers):
    base = list(base_layers())
    return {
        "default": [layer for layer in base if layer.spec.default_on],
        "base": base,
        "risk": [base[0], *risk_layers],
        "all": [*base, *actor_layers(bundle), *risk_layers],
    }


def group_boxes(fig) -> dict[str, Bbox]:
    """The union of the window extents of every artist tagged with each group's gid."""
    renderer = fig.canvas.get_renderer()
    boxes: dict[str, list[Bbox]] = {}
    for artist in [*fig.texts, *fig.artists, *fig.patches, *fig.lines]:
        if artist.get_gid() in GROUPS:
            boxes.setdefault(artist.get_gid(), []).append(artist.get_window_extent(renderer))
    for ax in fig.axes:
        boxes.setdefault(ax.get_gid(), []).append(ax.get_tightbbox(renderer))
    return {gid: Bbox.union(b) for gid, b in boxes.items()}


def text_boxes(fig) -> list[tuple[str, Bbox]]:
    renderer = fig.canvas.get_renderer()
    texts = [*fig.texts, *(t for ax in fig.axes for t in ax.texts)]
    return [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_text().strip()]


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("layer_set", ["default", "base", "risk", "all"])
@pytest.mark.parametrize("options", [{}, {"graticule": True, "title": LONG_TITLE}], ids=["plain", "ticks-long-title"])
def test_no_two_parts_of_the_figure_overlap_and_none_leaves_the_page(layer_sets, size, layer_set, options):
    kwargs = {"title": "Afghanistan and the spillover question", "subtitle": "After Başaran (ANKASAM, 2023)",
              **options}
    fig = render_figure(layer_sets[layer_set], size=size, date=DATE, essay="An essay, 2023", **kwargs)
    page = fig.bbox
    boxes = group_boxes(fig)
    assert {"title", "caption", "legend-0", "scale", "north", "map", "inset"} <= set(boxes)
    for gid, box in boxes.items():
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1, (
            f"{gid} leaves the page")
    names = sorted(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert not boxes[a].overlaps(boxes[b]), f"{a} overlaps {b} ({size}, {layer_set})"
    texts = text_boxes(fig)
    for i, (ta, a) in enumerate(texts):
        for tb, b in texts[i + 1:]:
            assert not a.overlaps(b), f"text {ta!r} overlaps {tb!r} ({size}, {layer_set})"


def test_a_legend_too_long_for_one_column_wraps_into_more_columns(layer_sets):
    fig = render_figure(layer_sets["all"], size="16:9", title="T", date=DATE)
    renderer = fig.canvas.get_renderer()
    columns = {t.get_gid() for t in fig.texts if (t.get_gid() or "").startswith("legend-")}
    assert len(columns) >= 2, "every layer on needs a second legend column on a 16:9 slide"
    lefts = sorted({round(t.get_window_extent(renderer).x0) for t in fig.texts if t.get_gid() in columns})
    assert lefts[-1] - lefts[0] > 100


def test_a_long_caption_flows_onto_more_lines_and_lowers_nothing_into_it(layer_sets):
    short = render_figure(layer_sets["default"], title="T", date=DATE)
    long = render_figure(layer_sets["default"], title="T", date=DATE, caption="A long sentence of the analyst. " * 30)
    lines = lambda fig: [t for t in fig.texts if t.get_gid() == "caption"]  # noqa: E731
    assert len(lines(long)) > len(lines(short)) + 3
    renderer = long.canvas.get_renderer()
    caption_top = max(t.get_window_extent(renderer).y1 for t in lines(long))
    assert long.axes[0].get_window_extent(renderer).y0 > caption_top


def test_risk_choropleth_legend_shows_its_classes_with_values_in_svg_and_html(risk_layers):
    choropleth = [layer for layer in risk_layers if layer.spec.ramp is not None]
    assert choropleth, "the per-neighbour choropleth carries its ramp"
    ramp = choropleth[0].spec.ramp
    labels = ramp.labels()
    assert len(labels) >= 3 and all(re.fullmatch(r"\d\.\d\d – \d\.\d\d", label) for label in labels)
    svg = export_static(risk_layers, fmt="svg", title="T", date=DATE).decode("utf-8")
    texts = {"".join(t.itertext()).strip() for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")}
    assert set(labels) <= texts
    assert ramp.heading() + f"; {ramp.method}" in " ".join(texts) or ramp.unit in " ".join(texts)
    markup = legend_html(legend_entries(risk_layers), [])
    assert all(label in markup for label in labels) and ramp.unit in markup


def test_pathways_are_called_schematic_in_the_legend_and_the_caption(risk_layers):
    fig = render_figure(risk_layers, title="T", date=DATE)
    texts = " ".join(t.get_text() for t in fig.texts)
    assert "The essay's pathways (schematic)" in texts
    assert "Routes marked schematic" in " ".join(t.get_text() for t in fig.texts if t.get_gid() == "caption")


def test_png_records_the_extent_it_shows(layer_sets):
    from PIL import Image

    png = export_static(layer_sets["default"], (60.0, 29.0, 75.0, 39.0), "png", title="T", date=DATE, dpi=30)
    info = Image.open(io.BytesIO(png)).info
    view = [float(v) for v in info["View extent"].split(",")]
    frame = [float(v) for v in info["Map extent"].split(",")]
    assert view == pytest.approx([60.0, 29.0, 75.0, 39.0])
    assert frame[1] == pytest.approx(29.0) and frame[3] == pytest.approx(39.0), "latitudes kept exactly"
    assert frame[0] < 60.0 and frame[2] > 75.0, "widened east-west to the slide's shape, never cropped"
