"""The columnar event store: the same events, filters and messages as the careful path, in H3 cells."""

from __future__ import annotations

import json
from datetime import date

import h3
import numpy as np
import pytest

from geo.uploads import (
    EventStore,
    UploadError,
    UploadLimits,
    event_cells_geojson,
    event_facets,
    filter_events,
    h3_cells_frame,
    read_event_store,
    read_upload,
    synthetic_acled_csv,
)

FILTER = ("2022-01-01", "2022-12-31", ["Battles", "Protests"])


@pytest.fixture(scope="module")
def csv_bytes() -> bytes:
    return synthetic_acled_csv(3000, seed=7)


@pytest.fixture(scope="module")
def store(csv_bytes) -> EventStore:
    result = read_event_store("acled.csv", csv_bytes)
    assert result is not None
    return result


@pytest.fixture(scope="module")
def careful(csv_bytes):
    return read_upload("acled.csv", csv_bytes)


def test_a_clean_export_is_read_on_the_fast_path_with_every_row(store, careful):
    assert len(store) == len(careful.frame) == 3000
    left_out = ("The map and its CSV download keep the columns the map uses; geo_precision, source, notes "
                "(3 columns) stay only in your file.")
    assert store.messages == [*careful.messages, left_out]
    assert EventStore.from_frame(careful.frame, careful.messages).messages == store.messages, "both paths say it"
    assert store.name == "acled"


def test_the_store_filters_exactly_as_filter_events(store, careful):
    mask = store.mask(*FILTER)
    assert mask.sum() == len(filter_events(careful.frame, *FILTER))
    by_actor = store.mask(actors=["Synthetic actor 3"])
    assert by_actor.sum() == len(filter_events(careful.frame, actors=["Synthetic actor 3"]))


def test_unticking_every_type_selects_nothing(store):
    assert store.mask(event_types=[]).sum() == 0
    assert store.mask().all()


def test_facets_match_the_careful_paths(store, careful):
    ours, theirs = store.facets(), event_facets(careful.frame)
    assert (ours["start"], ours["end"]) == (theirs["start"], theirs["end"])
    assert set(ours["event_types"]) == set(theirs["event_types"])
    assert set(ours["actors"]) == set(theirs["actors"])


def test_h3_counts_add_up_to_the_chosen_events_and_their_fatalities(store, careful):
    mask = store.mask(*FILTER)
    counts = store.h3_counts(mask)
    chosen = filter_events(careful.frame, *FILTER)
    assert counts["count"].sum() == mask.sum()
    assert counts["fatalities"].sum() == chosen["fatalities"].sum()
    assert list(counts["count"]) == sorted(counts["count"], reverse=True)
    assert all(h3.get_resolution(c) == store.resolution for c in counts["cell"])
    row = chosen.iloc[0]
    home = h3.latlng_to_cell(row["latitude"], row["longitude"], store.resolution)
    assert home in set(counts["cell"])


def test_cells_are_indexed_once_and_reused_by_later_filters(store):
    first = store.cells(store.mask(*FILTER))
    again = store.cells(store.mask(*FILTER))
    assert np.array_equal(first, again)
    assert (store._cells[store.mask(*FILTER)] != 0).all()


def test_hexagons_as_polygons_and_as_geojson(store):
    counts = store.h3_counts(store.mask(*FILTER)).head(5)
    frame = h3_cells_frame(counts)
    assert frame.crs.to_epsg() == 4326
    assert list(frame["count"]) == list(counts["count"])
    assert all(g.is_valid and len(g.exterior.coords) == 7 for g in frame.geometry)
    geojson = json.loads(event_cells_geojson(counts))
    assert [f["id"] for f in geojson["features"]] == list(counts["cell"])
    ring = geojson["features"][0]["geometry"]["coordinates"][0]
    assert ring[0] == ring[-1]


def test_events_frame_gives_points_with_dates_and_kept_columns(store):
    mask = np.zeros(len(store), dtype=bool)
    mask[:3] = True
    frame = store.events_frame(mask)
    assert len(frame) == 3 and frame.crs.to_epsg() == 4326
    assert str(frame["event_date"].dtype).startswith("datetime64")
    assert "notes" not in frame.columns and "location" in frame.columns
    assert frame.geometry.x.tolist() == frame["longitude"].tolist()
    assert store.upload_result().kind == "events"


def test_a_bad_row_goes_the_careful_way_with_its_messages(csv_bytes):
    lines = csv_bytes.decode().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("latitude")] = "north"
    bad = "\n".join([lines[0], ",".join(cells), *lines[2:]]).encode()
    store = read_event_store("acled.csv", bad)
    careful = read_upload("acled.csv", bad)
    assert store is not None and len(store) == len(careful.frame) == 2999
    assert store.messages[:-1] == careful.messages and careful.messages
    assert store.messages[-1].startswith("The map and its CSV download keep the columns the map uses;")


def test_files_that_are_not_event_csvs_are_left_to_read_upload():
    assert read_event_store("places.geojson", b'{"type": "FeatureCollection", "features": []}') is None
    assert read_event_store("points.csv", b"name,latitude,longitude\nKabul,34.5,69.2\n") is None


def test_a_refused_csv_says_what_read_upload_says(csv_bytes):
    limits = UploadLimits(max_bytes=1000)
    with pytest.raises(UploadError) as ours:
        read_event_store("acled.csv", csv_bytes, limits=limits)
    with pytest.raises(UploadError) as theirs:
        read_upload("acled.csv", csv_bytes, limits=limits)
    assert str(ours.value) == str(theirs.value)


def test_a_store_from_the_careful_frame_filters_the_same(careful, store):
    wrapped = EventStore.from_frame(careful.frame, careful.messages)
    assert wrapped.mask(*FILTER).sum() == store.mask(*FILTER).sum()
    assert wrapped.facets()["start"] == date(2021, 1, 1) == store.facets()["start"]
