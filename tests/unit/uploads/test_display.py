"""Uploaded values as a person reads them: in the preview, the map's tooltips and the CSV export.

Protects: a date-only value is shown as ``YYYY-MM-DD``, never with a ``00:00:00`` that nobody
wrote (ACLED event dates, GeoPackage date-times at midnight, KML ``<when>`` days), while a
real time of day, a midnight among real times and a UTC offset are kept.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.uploads import (
    UploadResult,
    date_text,
    events_layer,
    layer_from_upload,
    preview_table,
    read_event_store,
    read_upload,
    safe_csv_bytes,
)
from tests.unit.uploads.badfiles import acled, acled_row

MIDNIGHT = "00:00:00"


def _gpkg(tmp_path, **columns) -> bytes:
    frame = gpd.GeoDataFrame({"name": ["a", "b"], **columns}, geometry=[Point(69, 34), Point(70, 35)], crs=4326)
    path = tmp_path / "layer.gpkg"
    frame.to_file(path, driver="GPKG")
    return path.read_bytes()


def _kml(*whens: str) -> bytes:
    marks = "".join(f"<Placemark><name>P{i}</name><TimeStamp><when>{w}</when></TimeStamp>"
                    f"<Point><coordinates>69.{i},34.5</coordinates></Point></Placemark>" for i, w in enumerate(whens))
    return (f'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
            f"<Document>{marks}</Document></kml>").encode()


# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(("values", "shown"), [
    (["2024-01-31", "2024-02-01"], ["2024-01-31", "2024-02-01"]),
    (["2024-01-31 06:18", "2024-02-01 00:00"], ["2024-01-31T06:18:00", "2024-02-01T00:00:00"]),  # a real midnight kept
    (["2024-01-31", None], ["2024-01-31", None]),
])
def test_date_text_drops_the_time_only_when_no_value_has_one(values, shown):
    assert date_text(pd.Series(pd.to_datetime(values))).tolist() == shown


def test_date_text_keeps_a_utc_offset():
    series = pd.Series(pd.to_datetime(["2022-07-31T06:18:00+04:30"])).dt.tz_convert("Asia/Kabul")
    assert date_text(series).tolist() == ["2022-07-31T06:18:00+04:30"]


def test_date_text_of_gdal_text_drops_only_a_midnight_no_value_differs_from():
    assert date_text(pd.Series(["2022-07-31T00:00:00", None, "2022-08-01T00:00:00.000"], dtype=object)).tolist() == [
        "2022-07-31", None, "2022-08-01"]
    mixed = ["2022-07-31T00:00:00", "2022-08-01T06:18:00"]
    assert date_text(pd.Series(mixed)).tolist() == mixed
    zoned = ["2022-07-31T00:00:00Z", "2022-08-01T00:00:00+04:30"]
    assert date_text(pd.Series(zoned)).tolist() == zoned


# --------------------------------------------------------------------------- ACLED events


@pytest.mark.parametrize("path", ["store", "careful"])
def test_acled_event_dates_preview_as_days(path):
    data = acled(acled_row(1), acled_row(2, date="1 February 2024"))
    result = read_event_store("acled.csv", data).upload_result() if path == "store" else read_upload("acled.csv", data)
    table = preview_table(result)
    assert table["event_date"].tolist() == ["2024-01-31", "2024-02-01"]
    assert "geometry" not in table.columns
    assert not any(MIDNIGHT in str(v) for v in table.to_numpy().ravel())


def test_acled_event_dates_are_days_in_tooltips_and_the_csv_export():
    events = read_upload("acled.csv", acled(acled_row(1), acled_row(2))).frame
    layer = events_layer(events, "#0072b2", ["location", "event_date"], "upload-e", title="e", source="s")
    assert layer.frame["details"].tolist()[0] == "event_date: 2024-01-31"
    assert layer.frame["event_date"].tolist() == ["2024-01-31", "2024-01-31"]
    exported = safe_csv_bytes(layer.frame).decode("utf-8-sig")
    assert "2024-01-31" in exported and MIDNIGHT not in exported


# --------------------------------------------------------------------------- GDAL dates (GeoPackage, KML)


def test_a_geopackage_date_column_reads_as_days_and_a_date_time_column_keeps_its_times(tmp_path):
    data = _gpkg(tmp_path, day=pd.to_datetime(["2022-07-31", "2022-08-01"]),
                 seen=pd.to_datetime(["2022-07-31 06:18", "2022-08-01 00:00"]))
    result = read_upload("layer.gpkg", data)
    assert result.frame["day"].tolist() == ["2022-07-31", "2022-08-01"]
    assert result.frame["seen"].tolist() == ["2022-07-31T06:18:00", "2022-08-01T00:00:00"]
    table = preview_table(result)
    assert table["day"].tolist() == ["2022-07-31", "2022-08-01"]
    layer = layer_from_upload(result, "#0072b2", ["name", "day", "seen"], "upload-g")
    assert layer.frame["details"].tolist() == ["day: 2022-07-31; seen: 2022-07-31T06:18:00",
                                               "day: 2022-08-01; seen: 2022-08-01T00:00:00"]


def test_kml_timestamps_written_as_days_read_as_days():
    result = read_upload("t.kml", _kml("2022-07-31", "2022-08-01"))
    assert result.frame["timestamp"].tolist() == ["2022-07-31", "2022-08-01"]


def test_kml_timestamps_with_a_time_or_offset_are_kept():
    result = read_upload("t.kml", _kml("2022-07-31T06:18:00+04:30", "2022-08-01"))
    assert result.frame["timestamp"].tolist()[0] == "2022-07-31T06:18:00+04:30"


def test_preview_shows_datetime_columns_of_any_frame_as_iso_text():
    frame = gpd.GeoDataFrame({"when": pd.to_datetime(["2024-01-31 10:30", "2024-02-01 00:00"]),
                              "day": pd.to_datetime(["2024-01-31", "2024-02-01"])},
                             geometry=[Point(69, 34), Point(70, 35)], crs=4326)
    table = preview_table(UploadResult(frame=frame, kind="features", columns=["when", "day"]))
    assert table["when"].tolist() == ["2024-01-31T10:30:00", "2024-02-01T00:00:00"]
    assert table["day"].tolist() == ["2024-01-31", "2024-02-01"]
