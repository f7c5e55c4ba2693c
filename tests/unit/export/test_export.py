"""Static report exports (PNG/SVG/PDF), the checks every export makes, and safe writing.

Hand-made layers keep most tests fast and independent of the bundled data; the default
view with the real layers is covered by the size tests and the reference-image test.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import geopandas as gpd
import numpy as np
import pytest
from PIL import Image
from shapely.geometry import LineString, Point, Polygon

from geo.bundle import load_bundle
from geo.core import WGS84, geodesic_distance_km
from geo.export import (
    DEFAULT_EXTENT,
    SIZES,
    ExportError,
    Extent,
    check_out_path,
    export_bytes,
    export_static,
    figure_projection,
    north_angle,
    parse_extent,
    render_figure,
    scale_bar_length,
    view_extent,
    write_export,
)
from geo.layers import Layer, LayerSpec, base_layers

FIXED_DATE = dt.date(2024, 1, 1)
TEST_EXTENT = Extent(60.0, 29.0, 75.0, 39.0)
SMALL_DPI = 40  # 512 px wide for 16:9: enough to see the map, fast to render
SVG_NS = "{http://www.w3.org/2000/svg}"


def make_layer(layer_id: str, geometry: str, rows: list[dict], **spec: object) -> Layer:
    """A layer built by hand: the spec fields the renderers read, with test defaults."""
    fields = {
        "title": f"Test {layer_id}",
        "group": "Test",
        "builder": "none",
        "description": "",
        "source": f"Test source for {layer_id}.",
        "status": "documented",
        "tooltip": ("title", "note"),
    }
    fields.update(spec)
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84)
    return Layer(LayerSpec(id=layer_id, geometry=geometry, **fields), frame)


def hand_made_layers() -> list[Layer]:
    """A line, a reported (dashed) polygon and labelled points with a hostile title."""
    line = make_layer(
        "test_border",
        "line",
        [
            {
                "title": "Test border",
                "note": "drawn by hand",
                "geometry": LineString([(62, 33), (66, 35), (70, 36)]),
            },
        ],
        title="Test border line",
        style={"color": "#d62728", "weight": 4},
    )
    zone = make_layer(
        "test_zone",
        "polygon",
        [
            {
                "title": "Test zone",
                "note": "n/a",
                "status": "reported",
                "geometry": Polygon([(66, 34), (69, 34), (69, 36.5), (66, 36.5)]),
            },
        ],
        title="Test zone (reported)",
        style={"color": "#1f77b4", "fill_opacity": 0.4},
    )
    towns = make_layer(
        "test_towns",
        "point",
        [
            {
                "title": "<script>alert('x')</script>",
                "name": "Alpha <b>town</b>",
                "note": "a & b",
                "geometry": Point(65, 34.5),
            },
            {
                "title": "Beta",
                "name": "Beta",
                "note": float("nan"),
                "status": "alleged",
                "geometry": Point(70.5, 35),
            },
        ],
        title="Test towns",
        label="name",
        style={"color": "#2ca02c", "fill_color": "#ffffff", "fill_opacity": 1.0, "radius": 5},
    )
    return [line, zone, towns]


@pytest.fixture(scope="module")
def layers() -> list[Layer]:
    return hand_made_layers()


@pytest.fixture(scope="module")
def default_layers() -> list[Layer]:
    return [layer for layer in base_layers() if layer.spec.default_on]


def _png(data: bytes) -> Image.Image:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(data)).convert("RGB")


# -- PNG --


def test_png_of_the_default_view_is_at_least_3000_px_wide_at_the_16_9_preset(default_layers):
    image = _png(export_static(default_layers, DEFAULT_EXTENT, "png", title="Default", date=FIXED_DATE))
    assert image.size == SIZES["16:9"].png_size == (3200, 1800)


def test_a4_landscape_preset_gives_a_300_dpi_page_wider_than_3000_px():
    width, height = SIZES["a4-landscape"].png_size
    assert (width, height) == (3507, 2480)
    assert width >= 3000


def test_png_map_area_is_drawn_not_blank(layers):
    image = np.asarray(
        _png(export_static(layers, TEST_EXTENT, "png", title="T", date=FIXED_DATE, dpi=SMALL_DPI))
    )
    h, w, _ = image.shape
    # The map frame sits left of the legend column and between header and caption.
    map_area = image[int(h * 0.2) : int(h * 0.8), int(w * 0.05) : int(w * 0.7)]
    background = np.array([255, 255, 255])
    drawn = np.any(np.abs(map_area.astype(int) - background) > 10, axis=2).mean()
    assert drawn > 0.9, "the map frame should be filled with water, land and layers"
    colours = {tuple(c) for c in map_area.reshape(-1, 3)[::7]}
    assert len(colours) > 20, "the map should show several colours, not one flat fill"
    red_line = np.all(np.abs(map_area.astype(int) - [214, 39, 40]) < 30, axis=2).sum()
    assert red_line > 20, "the test border (#d62728) should be drawn"


# -- SVG and PDF --


def test_svg_parses_and_keeps_title_legend_and_labels_as_text(layers):
    svg = export_static(layers, TEST_EXTENT, "svg", title="Report title", subtitle="Sub", date=FIXED_DATE)
    root = ET.fromstring(svg)
    texts = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG_NS}text")}
    assert {"Report title", "Sub", "Legend", "Status of claim"} <= texts
    assert {"Test border line", "Test zone (reported)", "Test towns"} <= texts, (
        "legend rows must be real text"
    )
    assert {"Documented", "Reported", "Alleged"} <= texts, "the statuses present are explained"
    assert "Alpha <b>town</b>" in texts, "place labels are text, and markup in data stays literal"
    assert "AFGHANISTAN" in texts


def test_pdf_is_one_page_of_the_preset_size_with_embedded_truetype_text(layers):
    for size, (width_pt, height_pt) in {"16:9": (921.6, 518.4), "a4-landscape": (841.89, 595.276)}.items():
        pdf = export_static(layers, TEST_EXTENT, "pdf", title="T", size=size, date=FIXED_DATE)
        assert pdf.startswith(b"%PDF-")
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
        box = [float(v) for v in re.search(rb"/MediaBox\s*\[\s*([^\]]+)\]", pdf).group(1).split()]
        assert box[:2] == [0, 0]
        assert box[2] == pytest.approx(width_pt, abs=0.01) and box[3] == pytest.approx(height_pt, abs=0.01)
        assert b"/FontFile2" in pdf, "fonts are embedded as TrueType (Type 42), so text stays selectable"
        assert b"/Type3" not in pdf


def test_export_bytes_covers_every_format(layers):
    for fmt, magic in {
        "png": b"\x89PNG",
        "svg": b"<?xml",
        "pdf": b"%PDF",
        "html": b"<!DOCTYPE html>",
        "geojson": b'{"type":"FeatureCollection"',
    }.items():
        data = (
            export_bytes(layers, TEST_EXTENT, fmt, title="T", date=FIXED_DATE)
            if fmt != "png"
            else export_static(layers, TEST_EXTENT, "png", title="T", date=FIXED_DATE, dpi=20)
        )
        assert data.startswith(magic), fmt


# -- figure content --


def test_caption_names_every_visible_source_the_essay_and_the_date(layers):
    essay = load_bundle().meta.attribution
    fig = render_figure(layers, TEST_EXTENT, title="T", date=FIXED_DATE, caption="Prepared for a test.", essay=essay)
    caption = " ".join(t.get_text() for t in fig.texts).replace("\n", " ")
    for layer in layers:
        assert layer.spec.source.rstrip(".") in caption
    assert "Prepared for a test." in caption
    assert "Doğacan Başaran" in caption and "ANKASAM, 2023" in caption
    assert "Could Al-Qaeda Terrorist Organization Become an International Threat Again?" in caption
    assert "2024-01-01" in caption


def test_caption_at_all_dates_says_the_years_the_claims_cover():
    """A fresh user's finding: with the default window (all dates) the caption said nothing of time."""
    from geo.export.figure.caption import report_caption
    from geo.layers import actor_layers

    claims = report_caption([*BASE_FOR_FRAME(), *actor_layers(load_bundle())], date=FIXED_DATE)
    assert "Time: all dates (1996–2024); undated claims shown." in claims
    assert "Time" not in report_caption(BASE_FOR_FRAME(), date=FIXED_DATE), "no claim shown, no time line"
    from geo.layers import Layer

    undated = [Layer(spec=layer.spec, frame=layer.frame.assign(date=None, period=None))
               for layer in actor_layers(load_bundle())]
    assert "Time: no claim shown carries a date; each is shown whatever its time." in report_caption(
        undated, date=FIXED_DATE), "an authored essay whose times are words says so"


def test_caption_names_no_essay_when_none_is_given(layers):
    """The caption's essay comes from the loaded bundle only: nothing of the first essay is hard-coded."""
    fig = render_figure(layers, TEST_EXTENT, title="T", date=FIXED_DATE)
    caption = " ".join(t.get_text() for t in fig.texts)
    assert "Essay:" not in caption and "ANKASAM" not in caption


def BASE_FOR_FRAME():  # noqa: N802
    return [layer for layer in base_layers() if layer.spec.default_on]


def test_labels_on_the_default_view_do_not_overlap(default_layers):
    fig = render_figure(default_layers, DEFAULT_EXTENT, title="T", date=FIXED_DATE)
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert len(boxes) >= 25, "the default view should name the countries and most places"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b), "two map labels overlap"
    frame = ax.get_window_extent(renderer)
    assert all(frame.x0 <= b.x0 and b.x1 <= frame.x1 and frame.y0 <= b.y0 and b.y1 <= frame.y1 for b in boxes)


def test_scale_bar_length_is_geodesically_true_where_it_is_drawn():
    proj = figure_projection(DEFAULT_EXTENT)
    for x, y in [(0.0, 0.0), (-1_500_000.0, -900_000.0), (1_800_000.0, 1_000_000.0)]:
        km, length = scale_bar_length(x, y, 800_000.0, proj)
        assert km in (250, 500, 1000)
        lon0, lat0 = proj.to_lonlat.transform(x, y)
        lon1, lat1 = proj.to_lonlat.transform(x + length, y)
        assert geodesic_distance_km(lon0, lat0, lon1, lat1) == pytest.approx(km, rel=1e-3)


def test_north_points_straight_up_everywhere_in_the_cylindrical_figure_projection():
    proj = figure_projection(DEFAULT_EXTENT)
    for lon, lat in [(68.0, 37.0), (85.0, 40.0), (50.0, 25.0)]:
        assert north_angle(*proj.to_map.transform(lon, lat), proj) == pytest.approx(np.pi / 2, abs=1e-9)


def test_figure_frame_is_the_extent_widened_on_one_axis_only():
    for extent in [DEFAULT_EXTENT, (55.24, 23.04, 79.76, 47.13), (60.0, 29.0, 75.0, 39.0)]:
        for size in SIZES:
            shown = render_figure(BASE_FOR_FRAME(), extent, title="T", size=size, date=FIXED_DATE).atlas_extent
            view, frame = shown.view, shown.frame
            lon_same = frame.min_lon == pytest.approx(view.min_lon, abs=1e-6) and frame.max_lon == pytest.approx(
                view.max_lon, abs=1e-6)
            lat_same = frame.min_lat == pytest.approx(view.min_lat, abs=1e-6) and frame.max_lat == pytest.approx(
                view.max_lat, abs=1e-6)
            assert lon_same or lat_same, "one axis is exactly the view's"
            assert frame.min_lon <= view.min_lon + 1e-6 and frame.max_lon >= view.max_lon - 1e-6
            assert frame.min_lat <= view.min_lat + 1e-6 and frame.max_lat >= view.max_lat - 1e-6
            # widened symmetrically about the centre (cylindrical: longitude is linear in x)
            assert (frame.min_lon + frame.max_lon) / 2 == pytest.approx((view.min_lon + view.max_lon) / 2, abs=1e-6)


def test_view_extent_matches_leaflet_at_the_default_view():
    extent = view_extent((36.0, 67.5), 5, width_px=1100, height_px=640)
    assert (extent.min_lon + extent.max_lon) / 2 == pytest.approx(67.5)
    assert extent.max_lon - extent.min_lon == pytest.approx(1100 / (256 * 32) * 360, abs=1e-3)
    assert extent.min_lat < 36.0 < extent.max_lat
    assert extent == DEFAULT_EXTENT


# -- what exports refuse --


def test_no_visible_layers_is_refused_with_a_sentence():
    with pytest.raises(ExportError, match="no visible layers"):
        export_static([], TEST_EXTENT, "png", title="T")


def test_an_extent_with_nothing_in_it_is_refused(layers):
    with pytest.raises(ExportError, match="Nothing from the visible layers .* lies inside the extent"):
        export_static(layers, (10.0, 10.0, 12.0, 12.0), "png", title="T")


@pytest.mark.parametrize("extent", [(70, 30, 60, 40), (60, 30, 75, 95), (float("nan"), 0, 1, 1), (1, 2, 3)])
def test_a_malformed_extent_is_refused(layers, extent):
    with pytest.raises(ExportError, match="extent"):
        render_figure(layers, extent, title="T")


def test_extent_text_must_be_four_numbers():
    assert parse_extent("60, 29,75,39") == Extent(60, 29, 75, 39)
    with pytest.raises(ExportError, match="min_lon,min_lat,max_lon,max_lat"):
        parse_extent("60,29,75")


@pytest.mark.parametrize("fmt", ["jpeg", "", "pngx"])
def test_an_unknown_format_is_refused(layers, fmt):
    with pytest.raises(ExportError, match="Unknown export format .* choose one of png, svg, pdf"):
        export_static(layers, TEST_EXTENT, fmt, title="T")


def test_an_unknown_page_size_is_refused(layers):
    with pytest.raises(ExportError, match="Unknown page size 'letter'"):
        render_figure(layers, TEST_EXTENT, title="T", size="letter")


# -- writing --


def test_write_export_writes_exactly_the_requested_file(tmp_path):
    target = write_export(tmp_path / "figure.png", b"data")
    assert target.read_bytes() == b"data"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figure.png"]


def test_write_export_refuses_a_missing_folder_and_creates_nothing(tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        write_export(tmp_path / "missing" / "figure.png", b"data")
    assert list(tmp_path.iterdir()) == []


def test_write_export_refuses_a_folder_and_an_existing_file_unless_told(tmp_path):
    with pytest.raises(ExportError, match="is a folder"):
        check_out_path(tmp_path)
    existing = tmp_path / "figure.png"
    existing.write_bytes(b"old")
    with pytest.raises(ExportError, match="already exists"):
        write_export(existing, b"new")
    assert existing.read_bytes() == b"old"
    write_export(existing, b"new", overwrite=True)
    assert existing.read_bytes() == b"new"
