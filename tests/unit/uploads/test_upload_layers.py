"""Uploads become map layers: safe column names, plain-text tooltips, no status, hexbins for big event files.

Protects what the renderers would otherwise get wrong with an analyst's own columns.
"""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pytest
from shapely.geometry import LineString, Point, Polygon

from geo.uploads import (
    DEFAULT_MAX_UPLOAD_MB,
    MAX_UPLOAD_ENV,
    PALETTE,
    UPLOAD_GROUP,
    UploadLimits,
    UploadResult,
    UploadSettingError,
    default_colour,
    events_layer,
    geometry_kind,
    layer_from_upload,
    max_upload_mb,
    read_events,
    safe_column_names,
    safe_csv_bytes,
    synthetic_acled_csv,
    upload_layer_id,
    upload_limits,
    upload_source,
)

SCRIPT = '<img src=x onerror="window.__xss=1">'


def _result(frame: gpd.GeoDataFrame, kind: str = "features", name: str = "districts") -> UploadResult:
    columns = [c for c in frame.columns if c != frame.geometry.name]
    return UploadResult(frame=frame, kind=kind, columns=columns, name=name)


def _points() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"name": [SCRIPT, "مزار\u200cشریف"], "status": ["documented", ""], "Province name": ["A", "B"],
         "fatalities": [3, None], "id": ["x", "x"]},
        geometry=[Point(69.0, 34.5), Point(67.1, 36.7)], crs="EPSG:4326",
    )


def test_max_upload_mb_defaults_to_200_and_reads_the_environment():
    assert max_upload_mb({}) == DEFAULT_MAX_UPLOAD_MB == 200
    assert max_upload_mb({MAX_UPLOAD_ENV: " 50 "}) == 50


@pytest.mark.parametrize("raw", ["0", "-5", "lots", "1.5"])
def test_max_upload_mb_refuses_a_setting_that_is_not_a_positive_whole_number(raw):
    with pytest.raises(UploadSettingError, match=f"{MAX_UPLOAD_ENV} is '{raw}'.*using 200 MB"):
        max_upload_mb({MAX_UPLOAD_ENV: raw})


def test_upload_limits_cap_bytes_and_never_shrink_the_unzipped_cap():
    assert upload_limits(10).max_bytes == 10 * 1024 * 1024
    assert upload_limits(10).max_unzipped_bytes == UploadLimits().max_unzipped_bytes
    assert upload_limits(400).max_unzipped_bytes == 1000 * 1024 * 1024


def test_default_colours_cycle_through_the_colour_blind_safe_palette():
    assert [default_colour(i) for i in range(len(PALETTE) + 1)] == [*PALETTE, PALETTE[0]]
    assert "#F0E442" not in PALETTE  # Okabe-Ito yellow is unreadable on the light basemap


def test_upload_layer_id_is_stable_for_the_same_file_and_differs_for_another():
    assert upload_layer_id("a.csv", b"x") == upload_layer_id("a.csv", b"x")
    assert upload_layer_id("a.csv", b"x") != upload_layer_id("a.csv", b"y")
    assert upload_layer_id("a.csv", b"x").startswith("upload-")


def test_upload_source_names_the_file_and_date_and_strips_control_characters():
    assert upload_source("my\u202efile\n", date(2024, 5, 1)) == "Uploaded by you: myfile, 2024-05-01"


def test_safe_column_names_are_identifiers_unreserved_and_unique():
    columns = ["Province name", "2024", "status", "class", "نام", "a b", "a_b", "", "color"]
    mapping = safe_column_names(columns)
    assert mapping == {
        "Province name": "Province_name", "2024": "col_2024", "status": "your_status", "class": "class_",
        "نام": "نام", "a b": "a_b", "a_b": "a_b_2", "": "column_8", "color": "your_color",
    }
    assert all(name.isidentifier() and not name.startswith("_") for name in mapping.values())


def test_geometry_kind_names_single_and_mixed_layers():
    line = LineString([(60, 30), (61, 31)])
    square = Polygon([(60, 30), (61, 30), (61, 31), (60, 30)])
    assert geometry_kind(gpd.GeoDataFrame(geometry=[Point(1, 1)])) == "point"
    assert geometry_kind(gpd.GeoDataFrame(geometry=[line])) == "line"
    assert geometry_kind(gpd.GeoDataFrame(geometry=[square])) == "polygon"
    assert geometry_kind(gpd.GeoDataFrame(geometry=[Point(1, 1), line])) == "mixed"


def test_layer_from_upload_has_no_status_its_own_group_and_a_user_source():
    layer = layer_from_upload(_result(_points()), "#D55E00", ["name"], "upload-1",
                              source="Uploaded by you: x")
    spec = layer.spec
    assert (spec.id, spec.group, spec.status, spec.default_on, spec.geometry) == (
        "upload-1", UPLOAD_GROUP, None, True, "point")
    assert spec.source == "Uploaded by you: x"
    assert spec.style["color"] == spec.style["fill_color"] == "#d55e00"
    assert spec.tooltip == ("title", "details")


def test_layer_from_upload_renames_columns_the_renderers_would_interpret():
    frame = layer_from_upload(_result(_points()), "#0072b2", ["name"], "upload-1").frame
    assert list(frame.columns) == ["title", "details", "name", "your_status", "Province_name", "fatalities",
                                   "your_id", "geometry"]
    assert "status" not in frame.columns  # an uploaded "documented" must not look vetted


def test_layer_from_upload_keeps_hostile_and_persian_text_exactly_as_the_tooltip_heading():
    tips = ["name", "Province name", "fatalities"]
    frame = layer_from_upload(_result(_points()), "#0072b2", tips, "u").frame
    assert frame["title"].tolist() == [SCRIPT, "مزار\u200cشریف"]
    assert frame["details"].tolist() == ["Province name: A; fatalities: 3", "Province name: B"]


def test_layer_from_upload_without_tooltip_columns_uses_the_layer_name():
    layer = layer_from_upload(_result(_points(), name="districts"), "#0072b2", [], "u", title="My districts")
    assert layer.spec.title == "My districts"
    assert layer.frame["title"].tolist() == ["My districts", "My districts"]


def test_layer_from_upload_refuses_a_colour_that_is_not_hex():
    with pytest.raises(ValueError, match="not a #rrggbb colour"):
        layer_from_upload(_result(_points()), "red;x:url(y)", ["name"], "u")


def test_uploaded_layer_csv_neutralises_formula_cells():
    frame = _points()
    frame.loc[0, "name"] = '=HYPERLINK("http://x","y")'
    layer = layer_from_upload(_result(frame), "#0072b2", ["name"], "u")
    text = safe_csv_bytes(layer.frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


@pytest.fixture(scope="module")
def events() -> gpd.GeoDataFrame:
    return read_events(synthetic_acled_csv(2_500, seed=3))


def test_events_up_to_the_limit_are_one_marker_each_with_iso_dates(events):
    layer = events_layer(events.head(50), "#009e73", ["event_type", "event_date"], "ev", title="ACLED",
                         source="s")
    assert layer.spec.geometry == "point" and len(layer.frame) == 50
    assert layer.frame["title"].iloc[0] == events["event_type"].iloc[0]
    assert layer.frame["details"].iloc[0] == f"event_date: {events['event_date'].iloc[0].date().isoformat()}"
    assert layer.frame["event_date"].iloc[0] == events["event_date"].iloc[0].date().isoformat()


def test_events_over_the_limit_become_hexagons_counting_every_event(events):
    layer = events_layer(events, "#009e73", ["event_type"], "ev", title="ACLED", source="s", max_points=2_000)
    frame = layer.frame
    assert layer.spec.geometry == "polygon" and layer.spec.status is None
    assert int(frame["count"].sum()) == len(events)
    assert int(frame["fatalities"].sum()) == int(events["fatalities"].sum())
    top = frame.iloc[0]
    assert top["title"] == f"{top['count']:,} events"
    assert frame["color"].iloc[0] == "#009e73"  # the busiest hexagon gets the full colour
    assert frame["color"].iloc[-1] == "#bfe7dc"  # the quietest: a quarter of the colour on white


def test_events_layer_with_no_events_is_an_empty_layer(events):
    layer = events_layer(events.iloc[0:0], "#009e73", [], "ev", title="ACLED", source="s")
    assert len(layer.frame) == 0 and layer.spec.id == "ev"
