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

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import Collection, LineCollection
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox
from PIL import Image

from geo.bundle import load_bundle
from geo.export import SIZES, export_html, export_static, render_figure
from geo.export.figure.inset import inset_aspect
from geo.export.figure.layout import FREE, MUST, PANEL_COLUMN_W, PREFER, Measure, plan_page, stack_columns
from geo.export.figure.legend import WHOLE_SECTION_ENTRIES, keep_with_next, legend_rows
from geo.export.figure.page import page_preset
from geo.geography import WATER
from geo.layers import actor_layers, base_layers, legend_entries, legend_html, status_entries, styled_features
from geo.risk import neighbour_risk_layer, pathway_layer, risk_fields, score
from geo.uploads import events_layer, read_events, synthetic_acled_csv
from geo.uploads.layers import count_ramp

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


def test_columns_fill_in_order_then_the_last_two_are_balanced_so_no_row_stands_alone():
    # 14 rows of 0.2 in: 13 fit the first column (2.6 in), the 14th would stand alone.
    assert stack_columns([0.2] * 14, first_h=2.6, other_h=5.0) == [list(range(7)), list(range(7, 14))]
    assert stack_columns([0.2] * 5, first_h=2.6, other_h=5.0) == [list(range(5))], "one column when it fits"
    assert stack_columns([3.0], first_h=2.6, other_h=5.0) is None, "a row taller than the first column"


def test_rows_kept_together_move_whole_and_the_weaker_joins_give_way_first():
    heights = [0.2] * 6
    # rows 0–2 fit; row 3 must stay with row 4, so both open the second column.
    assert stack_columns(heights, first_h=0.8, other_h=5.0, keep=[FREE, FREE, FREE, MUST, FREE, FREE]) == [
        [0, 1, 2], [3, 4, 5]]
    # a ramp (rows 1–4 together) taller than the room left moves whole…
    assert stack_columns(heights, first_h=0.7, other_h=5.0, keep=[FREE, MUST, MUST, MUST, FREE, FREE]) == [
        [0], [1, 2, 3, 4, 5]]
    # …and one taller than any column breaks rather than not fitting at all
    assert stack_columns(heights, first_h=0.5, other_h=0.6, keep=[MUST] * 5 + [FREE]) == [[0, 1], [2, 3], [4, 5]]
    # a section kept whole by preference (rows 0–4) too tall for the first column keeps its must-joins only
    assert stack_columns(heights, first_h=0.7, other_h=0.7, keep=[MUST, PREFER, PREFER, PREFER, FREE, FREE]) == [
        [0, 1, 2], [3, 4, 5]]


def test_report_legends_never_leave_a_lone_row_a_heading_at_a_column_foot_or_a_split_ramp(bundle, risk_layers):
    base = list(base_layers())
    default = [layer for layer in base if layer.spec.default_on]
    actors = actor_layers(bundle)
    fig = Figure(figsize=(16, 9), dpi=100)
    measure = Measure(FigureCanvasAgg(fig).get_renderer(), fig.dpi)
    checked = 0
    for size in SIZES:
        page = page_preset(size)
        for layers in [*([*default, actor] for actor in actors), actors, [default[0], *actors[:4]]]:
            for extra in ([], risk_layers):
                rows = legend_rows(measure, legend_entries([*layers, *extra]), status_entries([*layers, *extra]),
                                   PANEL_COLUMN_W)
                keep = keep_with_next(rows)
                _, columns = plan_page(measure, page.width_in, page.height_in, title="T", subtitle="", caption="C",
                                       legend_heights=[r.height for r in rows], inset_aspect=inset_aspect(),
                                       legend_keep=keep)
                assert [i for column in columns for i in column] == list(range(len(rows)))
                for column in columns[:-1]:
                    assert keep[column[-1]] < MUST, (size, [rows[i].lines for i in column[-2:]])
                assert all(rows[column[0]].kind != "gap" for column in columns)
                if len(columns) > 1:
                    assert len(columns[-1]) > 1, (size, [len(c) for c in columns])
                section = [sum(r.kind == "heading" for r in rows[:i + 1]) for i in range(len(rows))]
                for n in set(section):  # a short section whole; a long one with two entries or more each side
                    spread = [[i for i in column if section[i] == n and rows[i].kind == "entry"] for column in columns]
                    parts = [len(entries) for entries in spread if entries]
                    total = sum(parts)
                    assert len(parts) == 1 or (total > WHOLE_SECTION_ENTRIES and min(parts) >= 2), (size, parts)
                checked += 1
    assert checked == len(SIZES) * (len(actors) + 2) * 2


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


# --------------------------------------------------------------------------- every symbol drawn has a legend row


def _hex(colour) -> str | None:
    """``#rrggbb`` of a matplotlib colour; ``None`` for one drawn fully transparent."""
    r, g, b, a = to_rgba(colour)
    return None if a == 0 else to_hex((r, g, b))


def map_colours(fig) -> set[str]:
    """Every stroke and fill colour of the layers drawn on the map (zorder ≥ 3: not the base map or water)."""
    ax = next(a for a in fig.axes if a.get_gid() == "map")
    found: list = []
    for artist in [*ax.collections, *ax.patches]:
        if artist.get_zorder() < 3:
            continue
        if isinstance(artist, LineCollection):
            found += list(artist.get_colors())
        elif isinstance(artist, Collection):
            found += [*artist.get_facecolors(), *artist.get_edgecolors()]
        else:
            found += [artist.get_facecolor(), artist.get_edgecolor()]
    return {c for c in map(_hex, found) if c}


def legend_colours(fig) -> set[str]:
    """Every colour a legend swatch or class box is drawn in."""
    found: list = []
    for artist in fig.artists:
        if not (artist.get_gid() or "").startswith("legend-"):
            continue
        if isinstance(artist, Line2D):
            found += [artist.get_color(), artist.get_markerfacecolor(), artist.get_markeredgecolor()]
        else:
            found += [artist.get_facecolor(), artist.get_edgecolor()]
    return {c for c in map(_hex, found) if c}


@pytest.fixture(scope="module")
def event_hexagons():
    """Uploaded events over the 2,000-marker limit: hexagons shaded in classes of the upload's colour."""
    events = read_events(synthetic_acled_csv(2_500, seed=3))
    return events_layer(events, "#0072b2", [], "upload-hex", title="Synthetic events", source="Uploaded by you")


@pytest.mark.parametrize("size", list(SIZES))
def test_every_colour_drawn_on_the_map_has_a_legend_row(layer_sets, event_hexagons, size):
    fig = render_figure([*layer_sets["all"], event_hexagons], size=size, title="T", date=DATE)
    drawn, explained = map_colours(fig), legend_colours(fig)
    assert "#d95f02" in drawn, "the Afghanistan–Central Asia borders are drawn orange"
    assert drawn <= explained, f"drawn but not in the legend: {sorted(drawn - explained)}"


def test_legend_entries_give_one_row_per_labelled_style_of_a_layer(layer_sets):
    central = next(layer for layer in layer_sets["all"] if layer.id == "central_asian_borders")
    rows = [(e.label, e.style["color"], e.style["weight"]) for e in legend_entries([central])]
    assert rows == [("Afghanistan – Turkmenistan, Uzbekistan, Tajikistan", "#d95f02", 4.5),
                    ("Other borders in Central Asia", "#7a4a00", 2.0)]
    drawn = {f.style["color"] for layer in layer_sets["all"] for f in styled_features(layer) if layer.spec.ramp is None}
    listed = {e.style["color"] for e in legend_entries(layer_sets["all"])}
    assert drawn <= listed


def test_the_orange_border_row_is_in_the_svg_and_the_html_export_legends(layer_sets):
    svg = export_static(layer_sets["default"], fmt="svg", title="T", date=DATE).decode("utf-8")
    lines = " ".join("".join(t.itertext()).strip() for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text"))
    assert "Afghanistan – Turkmenistan, Uzbekistan, Tajikistan" in lines  # wrapped onto two lines
    assert "Other borders in Central Asia" in lines
    page = export_html(layer_sets["default"], title="T", date=DATE)
    assert "Afghanistan – Turkmenistan, Uzbekistan, Tajikistan" in page and "Other borders in Central Asia" in page
    assert 'stroke=\\"#d95f02\\"' in page  # its swatch, in the legend's JSON-escaped markup


def test_uploaded_event_hexagons_list_their_count_classes(event_hexagons):
    ramp = event_hexagons.spec.ramp
    assert ramp is not None and ramp.decimals == 0 and len(ramp.classes) >= 3
    assert {c.color for c in ramp.classes} == set(event_hexagons.frame["color"])
    assert sum(c.count for c in ramp.classes) == len(event_hexagons.frame)
    assert all(a.upper == b.lower for a, b in zip(ramp.classes, ramp.classes[1:]))
    assert ramp.classes[-1].upper == event_hexagons.frame["count"].max()


def test_hexagon_count_classes_are_labelled_with_the_counts_they_hold():
    counts = np.array([1, 1, 1, 1, 2, 2, 3, 5, 6, 9, 12, 12])
    ramp = count_ramp(counts, "#0072b2")
    assert [(c.lower, c.upper, c.count) for c in ramp.classes] == [(0, 1, 4), (1, 2, 2), (2, 4, 1), (4, 8, 2),
                                                                   (8, 12, 3)]  # quantiles 1, 2, 4.2, 8.4
    assert ramp.labels() == ["1", "2", "3 – 4", "5 – 8", "9 – 12"]


# --------------------------------------------------------------------------- beyond the bundled geography


def _map_corners(fig) -> list[tuple[int, int, int]]:
    """The RGB of the map frame's four corners, a few pixels inside, in a small PNG of ``fig``."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    image = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))
    h, w, _ = image.shape
    ax = next(a for a in fig.axes if a.get_gid() == "map")
    x0, y0, x1, y1 = ax.get_position().extents
    cols, rows = (round(x0 * w) + 3, round(x1 * w) - 4), (round((1 - y1) * h) + 3, round((1 - y0) * h) - 4)
    return [tuple(int(v) for v in image[r, c]) for r in rows for c in cols]


@pytest.mark.parametrize("size", list(SIZES))
def test_the_map_beyond_the_bundled_geography_is_the_water_colour_with_a_note_not_a_white_band(layer_sets, size):
    fig = render_figure(layer_sets["all"], size=size, title="T", date=DATE)
    frame = fig.atlas_extent.frame
    assert frame.min_lon < 44.0, "the default view reaches west of the bundled geography"
    water = tuple(int(WATER[i:i + 2], 16) for i in (1, 3, 5))
    corners = _map_corners(fig)
    assert (255, 255, 255) not in corners, f"a white band at a corner of the map ({size}): {corners}"
    assert all(max(abs(a - b) for a, b in zip(c, water)) <= 3 for c in corners[::2]), corners  # the west side
    caption = " ".join(t.get_text() for t in fig.texts if t.get_gid() == "caption")
    assert "beyond it the plain blue is no data, not sea" in caption


def test_a_map_inside_the_bundled_geography_has_no_such_note(layer_sets):
    fig = render_figure(layer_sets["default"], (60.0, 29.0, 75.0, 39.0), size="a4-landscape", title="T", date=DATE)
    caption = " ".join(t.get_text() for t in fig.texts if t.get_gid() == "caption")
    assert "no data, not sea" not in caption


def test_every_legend_column_starts_level_with_the_first_ones_heading_when_the_page_allows(bundle):
    """A fresh user's finding: the second column started beside the inset, above "Legend", and was read first."""
    fig = Figure(figsize=(16, 9), dpi=100)
    measure = Measure(FigureCanvasAgg(fig).get_renderer(), fig.dpi)
    layers = [*[layer for layer in base_layers() if layer.spec.default_on], *actor_layers(bundle)]
    rows = legend_rows(measure, legend_entries(layers), status_entries(layers), PANEL_COLUMN_W)
    for size in SIZES:
        page = page_preset(size)
        layout, columns = plan_page(measure, page.width_in, page.height_in, title="T", subtitle="", caption="C",
                                    legend_heights=[r.height for r in rows], inset_aspect=inset_aspect(),
                                    legend_keep=keep_with_next(rows))
        assert len(columns) == 2, size
        tops = {round(box.top, 6) for box in layout.legend_columns}
        assert len(tops) == 1 and max(tops) < layout.inset_box.y, (size, tops, layout.inset_box)
