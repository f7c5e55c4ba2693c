"""ACLED-style events: recognition, parsing, filtering, equal-area hexbins and the 5 s budget."""

from __future__ import annotations

import math
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.core import REGION_EQUAL_AREA
from geo.uploads import read_upload
from geo.uploads.events import (
    EventsError,
    event_facets,
    filter_events,
    hexbin_density,
    is_acled,
    read_events,
    synthetic_acled_csv,
)
from tests.unit.uploads.badfiles import ACLED_HEADER, PASHTO, acled, acled_row


def small_events() -> gpd.GeoDataFrame:
    csv = (
        "event_date,event_type,actor1,actor2,latitude,longitude,fatalities,location\n"
        "2024-01-01,Battles,Actor A,Actor B,34.5,69.2,2,Place 1\n"
        "15 January 2024,Protests,Actor C,,34.6,69.3,0,Place 2\n"
        "31 January 2024,Battles,Actor B,,35.0,68.0,,Place 3\n"
        f"2024-02-01,Riots,Actor C,Actor A,36.0,67.0,1,{PASHTO}\n"
    )
    return read_events(csv.encode())


def test_is_acled_needs_the_core_columns_and_some_of_the_rest():
    assert is_acled(ACLED_HEADER.strip().split(","))
    assert is_acled([" Event_Date", "EVENT_TYPE", "latitude", "longitude", "actor1", "admin1", "fatalities"])
    assert not is_acled(["name", "latitude", "longitude", "event_date"])
    assert not is_acled(["event_date", "event_type", "latitude", "actor1", "admin1", "fatalities"])


def test_read_events_parses_both_acled_date_styles_and_numbers():
    events = small_events()
    assert events["event_date"].dt.date.tolist() == [date(2024, 1, 1), date(2024, 1, 15), date(2024, 1, 31),
                                                     date(2024, 2, 1)]
    # the third row's cell is blank: it stays blank (never a made-up 0), and totals count it as 0
    assert events["fatalities"].tolist() == [2, 0, pd.NA, 1]
    assert events["fatalities"].dtype == "Int64"
    assert hexbin_density(events, 500.0)["fatalities"].sum() == 3
    assert events.crs.to_epsg() == 4326
    assert (events.geometry.x.tolist(), events.geometry.y.tolist()) == ([69.2, 69.3, 68.0, 67.0],
                                                                         [34.5, 34.6, 35.0, 36.0])
    assert events["location"].iloc[3] == PASHTO
    assert events.attrs["messages"] == [
        "1 event with a blank fatalities value counts as 0 in the map's totals and stays blank in downloads."]


def test_read_events_accepts_a_text_frame():
    frame = pd.DataFrame({"event_date": ["2024-01-31"], "event_type": ["Battles"], "latitude": ["34.5"],
                          "longitude": ["69.2"]})
    assert len(read_events(frame)) == 1


def test_read_events_names_missing_columns():
    with pytest.raises(EventsError, match=r"has no event_type, latitude column"):
        read_events(b"event_date,longitude\n2024-01-01,69\n")


def test_read_events_reports_many_bad_rows_by_count_and_first_rows():
    rows = [acled_row(i, date="not a date" if i % 2 else "2024-01-31") for i in range(20)]
    events = read_events(acled(*rows))
    assert len(events) == 10
    assert events.attrs["messages"] == [
        "10 rows were dropped because event_date is not a date like 2024-01-31, 31 January 2024 or 31/01/2024 "
        "(first at rows 3, 5, 7, 9, 11 (and 5 more): 'not a date')."
    ]


def test_read_events_swaps_latitude_and_longitude_written_the_wrong_way_round():
    events = read_events(b"event_date,event_type,latitude,longitude\n2024-01-01,Battles,69.2,34.5\n")
    assert (events.geometry.x.iloc[0], events.geometry.y.iloc[0]) == (69.2, 34.5)
    assert events["latitude"].iloc[0] == 34.5
    assert "swapped" in events.attrs["messages"][0]


def test_acled_csv_upload_becomes_an_events_layer():
    result = read_upload("acled.csv", acled(acled_row(1), acled_row(2, date="31 January 2024")))
    assert result.kind == "events"
    assert pd.api.types.is_datetime64_any_dtype(result.frame["event_date"])
    assert result.messages == []


def test_filter_events_by_inclusive_dates_types_and_either_actor():
    events = small_events()
    assert filter_events(events, "2024-01-15", "2024-01-31")["location"].tolist() == ["Place 2", "Place 3"]
    assert filter_events(events, event_types=["Battles"])["location"].tolist() == ["Place 1", "Place 3"]
    assert filter_events(events, actors=["Actor A"])["location"].tolist() == ["Place 1", PASHTO]
    assert filter_events(events, start=date(2024, 1, 2), event_types=["Battles"], actors=["Actor B"])[
        "location"].tolist() == ["Place 3"]
    assert len(filter_events(events)) == 4
    assert len(filter_events(events, event_types=[])) == 0


def test_event_facets_give_widget_ranges():
    facets = event_facets(small_events())
    assert (facets["start"], facets["end"]) == (date(2024, 1, 1), date(2024, 2, 1))
    assert facets["event_types"][0] == "Battles"
    assert set(facets["actors"]) == {"Actor A", "Actor B", "Actor C"}


def test_hexbin_counts_and_fatalities_add_up_and_cells_are_equal_area():
    events = small_events()
    hexes = hexbin_density(events, cell_km=10)
    assert hexes["count"].sum() == len(events)
    assert hexes["fatalities"].sum() == events["fatalities"].sum()
    assert hexes.crs.to_epsg() == 4326
    assert hexes.is_valid.all() and (hexes.geom_type == "Polygon").all()
    areas_km2 = hexes.to_crs(REGION_EQUAL_AREA).area / 1e6
    expected = math.sqrt(3) / 2 * 10 ** 2  # hexagon with 10 km between opposite sides
    assert np.allclose(areas_km2, expected, rtol=1e-3)


def test_hexbin_puts_nearby_events_in_one_cell_and_contains_them():
    points = [Point(69.0, 34.5), Point(69.001, 34.5005), Point(69.0, 36.0)]
    gdf = gpd.GeoDataFrame({"fatalities": [1, 2, 3]}, geometry=points, crs=4326)
    hexes = hexbin_density(gdf, cell_km=25)
    assert hexes["count"].tolist() == [2, 1]
    assert hexes["fatalities"].tolist() == [3, 3]
    assert hexes.geometry.iloc[0].contains(points[0]) and hexes.geometry.iloc[1].contains(points[2])


def test_hexbin_of_no_events_is_an_empty_layer():
    hexes = hexbin_density(small_events().iloc[0:0])
    assert hexes.empty and list(hexes.columns) == ["count", "fatalities", "geometry"]


def test_synthetic_rows_are_labelled_synthetic():
    events = read_events(synthetic_acled_csv(50))
    assert len(events) == 50
    assert events["actor1"].str.startswith("Synthetic").all()


def test_synthetic_events_go_from_csv_bytes_to_filtered_hexbins():
    """The benchmark's path (``benchmarks/workloads.py``) on a small input: counts, not time."""
    events = read_events(synthetic_acled_csv(5_000))
    chosen = filter_events(events, "2022-01-01", "2022-12-31", ["Battles", "Protests"])
    hexes = hexbin_density(chosen)
    assert 0 < len(chosen) < len(events)
    assert int(hexes["count"].sum()) == len(chosen)
