"""The report view under Streamlit's AppTest: preview, settings, downloads, polite refusals."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from PIL import Image
from streamlit.testing.v1 import AppTest

from geo.bundle import UNKNOWN_AUTHOR, UNKNOWN_PUBLISHER, load_bundle
from geo.export import EXPORT_FORMATS, MIME_TYPES
from geo.layers import base_layers
from ui.report import (
    DEFAULT_TITLE,
    FigureSettings,
    default_subtitle,
    export_file,
    file_name,
    layers_fingerprint,
    report_extent,
)
from ui.session import LEGEND_OPEN, REPORT_VIEW
from ui.url import DEFAULT_VIEW, View

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TWO_LAYERS = "afghanistan_borders,wakhan_corridor"


def _report(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.session_state["report_view"] = True
    return at.run()


def test_report_view_shows_title_input_and_preview_image_without_exceptions():
    at = _report(layers=TWO_LAYERS)
    assert not at.exception
    assert at.text_input(key="report_title").value == DEFAULT_TITLE
    assert at.text_input(key="report_subtitle").value == default_subtitle(load_bundle().meta)
    assert len(at.image) == 1, "one preview image of the figure"
    assert at.image[0].proto.imgs[0].alt == f"Preview of the report figure: {DEFAULT_TITLE}"
    assert not at.warning


def test_report_view_replaces_the_live_map():
    at = _report(layers=TWO_LAYERS)
    assert not at.get("component_instance"), "no folium map behind the report figure"


def test_changing_the_title_and_page_size_reruns_cleanly():
    at = _report(layers=TWO_LAYERS)
    at.text_input(key="report_title").input("Wakhan Corridor, 2023").run()
    assert not at.exception
    assert at.text_input(key="report_title").value == "Wakhan Corridor, 2023"
    at.radio(key="report_size").set_value("a4-landscape").run()
    assert not at.exception
    assert at.image[0].proto.imgs[0].alt.endswith("Wakhan Corridor, 2023")
    assert "3507 × 2480 px" in at.download_button(key="report_download_png").label


def test_a_download_button_per_format_with_dated_file_names():
    at = _report(layers=TWO_LAYERS)
    keys = {button.key for button in at.download_button}
    assert keys == {f"report_download_{fmt}" for fmt in EXPORT_FORMATS}
    assert set(EXPORT_FORMATS) == {"png", "svg", "pdf", "html", "geojson"}
    assert "3200 × 1800 px" in at.download_button(key="report_download_png").label


def test_exit_button_turns_the_report_view_off():
    at = _report(layers=TWO_LAYERS)
    at.button(key="report_exit").click().run()
    assert not at.exception
    assert at.session_state["report_view"] is False
    assert not at.download_button and not at.image
    assert len(at.get("component_instance")) == 1, "the live map is back"


def test_no_visible_layers_shows_a_warning_not_a_traceback():
    at = _report(layers="none")
    assert not at.exception
    assert len(at.warning) == 1
    assert "switch on at least one layer" in at.warning[0].value
    assert not at.image and not at.download_button


def test_a_view_with_nothing_in_it_shows_a_warning_saying_zoom_out():
    at = _report(layers="wakhan_corridor", view="20.0000,-100.0000,8")  # over Mexico
    assert not at.exception
    assert len(at.warning) == 1
    assert "zoom out" in at.warning[0].value
    assert not at.download_button


# ---------------------------------------------------------------- the pure helpers


def test_file_names_carry_the_export_date_and_the_format():
    assert file_name("png", dt.date(2024, 5, 1)) == "spillover-atlas_2024-05-01.png"
    assert file_name("geojson", dt.date(2024, 5, 1)) == "spillover-atlas_2024-05-01.geojson"


def test_default_subtitle_is_the_short_citation_of_the_bundled_essay():
    assert default_subtitle(load_bundle().meta) == (
        "After Başaran (ANKASAM, 2023): "
        "Could Al-Qaeda Terrorist Organization Become an International Threat Again?"
    )


def test_a_drafted_essay_without_a_byline_is_cited_by_its_title_not_as_after_author():
    """A fresh user's finding: 'After author (Unknown publisher, 2024): …' on an authored essay's figure."""
    meta = load_bundle().meta.model_copy(update={"author": UNKNOWN_AUTHOR, "publisher": UNKNOWN_PUBLISHER,
                                                 "title": "Talks in Doha", "year": 2024})
    assert default_subtitle(meta) == "Talks in Doha (2024)"
    assert default_subtitle(meta.model_copy(update={"publisher": "Example Institute"})) == \
        "Talks in Doha (Example Institute, 2024)"


def test_report_extent_is_centred_on_the_live_view():
    extent = report_extent(View(36.0, 67.5, 5))
    assert abs((extent.min_lon + extent.max_lon) / 2 - 67.5) < 1e-3
    assert extent.min_lat < 36.0 < extent.max_lat
    closer = report_extent(View(36.0, 67.5, 7))
    assert closer.max_lon - closer.min_lon < (extent.max_lon - extent.min_lon) / 3.9


def test_fingerprint_changes_when_features_change_under_the_same_id():
    layer = next(layer for layer in base_layers() if layer.id == "crossings")
    fewer = type(layer)(layer.spec, layer.frame.iloc[:-1])
    assert layers_fingerprint([layer]) == layers_fingerprint([layer])
    assert layers_fingerprint([layer]) != layers_fingerprint([fewer])


def test_png_download_is_print_sized_and_geojson_download_parses():
    layers = [layer for layer in base_layers() if layer.id in TWO_LAYERS.split(",")]
    settings = FigureSettings("Test", "", "16:9", dt.date(2024, 5, 1), "An essay, 2023")
    extent = report_extent(DEFAULT_VIEW)
    png = Image.open(io.BytesIO(export_file("png", layers, extent, settings)))
    assert png.size[0] >= 3000
    collection = json.loads(export_file("geojson", layers, extent, settings))
    assert collection["type"] == "FeatureCollection" and collection["features"]
    assert MIME_TYPES["geojson"] == "application/geo+json"


def test_the_legend_stays_as_the_user_left_it_after_the_report_view():
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.toggle(key=LEGEND_OPEN).set_value(False).run()
    at.sidebar.toggle(key=REPORT_VIEW).set_value(True).run()
    at.sidebar.toggle(key=REPORT_VIEW).set_value(False).run()
    assert at.toggle(key=LEGEND_OPEN).value is False
    at.toggle(key=LEGEND_OPEN).set_value(True).run()
    at.sidebar.toggle(key=REPORT_VIEW).set_value(True).run()
    at.sidebar.toggle(key=REPORT_VIEW).set_value(False).run()
    assert at.toggle(key=LEGEND_OPEN).value is True
