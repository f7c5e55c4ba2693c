"""A layer seen through a time window (geo.layers.layer_in_window) and exports that state the window."""

from __future__ import annotations

import datetime as dt
import json

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.bundle import DEFAULT_BUNDLE, load_bundle
from geo.core import WGS84, TimeWindow
from geo.export import export_geojson
from geo.export.figure.caption import report_caption
from geo.layers import Layer, LayerSpec, actor_layers, base_layers, event_days, layer_in_window, layers_window

YEAR_2023 = TimeWindow(dt.date(2023, 1, 1), dt.date(2023, 12, 31))


@pytest.fixture(scope="module")
def al_qaeda():
    layers = {layer.id: layer for layer in actor_layers(load_bundle(DEFAULT_BUNDLE))}
    return layers["actor_al-qaeda"]


def _events(days):
    spec = LayerSpec(id="up", title="Events", group="Your data", builder="upload", geometry="point",
                     description="", source="Uploaded by you: e.csv")
    frame = gpd.GeoDataFrame({"title": ["e"] * len(days), "event_date": days},
                             geometry=[Point(69, 34)] * len(days), crs=WGS84)
    return Layer(spec=spec, frame=frame)


def test_claim_layer_in_2023_keeps_the_2023_reports_and_undated_claims(al_qaeda):
    shown = layer_in_window(al_qaeda, YEAR_2023)
    ids = set(shown.frame["id"])
    assert {"al-qaeda-camps-2023", "al-qaeda-safe-houses-2023", "al-qaeda-basing-argument"} <= ids
    assert not any(i.endswith("-2024") for i in ids)
    assert shown.window == YEAR_2023 and shown.spec is al_qaeda.spec
    assert shown.frame.crs == al_qaeda.frame.crs


def test_no_window_and_untimed_layers_pass_through_unchanged(al_qaeda):
    assert layer_in_window(al_qaeda, None) is al_qaeda
    borders = base_layers()[0]
    assert layer_in_window(borders, YEAR_2023) is borders


def test_events_are_filtered_by_their_day_and_unreadable_days_kept():
    layer = _events(["2022-12-31", "2023-06-01", "2024-01-01", "not a date"])
    assert list(layer_in_window(layer, YEAR_2023).frame["event_date"]) == ["2023-06-01", "not a date"]
    assert event_days([layer]) == [dt.date(2022, 12, 31), dt.date(2024, 1, 1)]


def test_report_caption_states_the_window(al_qaeda):
    caption = report_caption([layer_in_window(al_qaeda, YEAR_2023)], date=dt.date(2024, 5, 1))
    assert "Time window: 1 Jan 2023 – 31 Dec 2023" in caption
    assert "undated claims shown" in caption
    assert "Time window" not in report_caption([al_qaeda], date=dt.date(2024, 5, 1))


def test_geojson_metadata_carries_the_window(al_qaeda):
    layers = [layer_in_window(al_qaeda, YEAR_2023)]
    data = json.loads(export_geojson(layers))
    assert layers_window(layers) == YEAR_2023
    assert data["metadata"]["time_window"] == {"start": "2023-01-01", "end": "2023-12-31",
                                               "label": "1 Jan 2023 – 31 Dec 2023", "undated_claims": "shown"}
    assert json.loads(export_geojson([al_qaeda]))["metadata"]["time_window"] is None
