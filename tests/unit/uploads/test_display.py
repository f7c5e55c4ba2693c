"""Uploaded values as a person reads them: in the preview, the map's tooltips and the CSV export.

Protects: a date-only value is shown as ``YYYY-MM-DD``, never with a ``00:00:00`` that nobody
wrote (ACLED event dates, GeoPackage date-times at midnight, KML ``<when>`` days), while a
real time of day, a midnight among real times and a UTC offset are kept. HTML descriptions (KML
and KMZ, zipped KML, and KML converted to other formats) are shown as the text a reader sees:
tags stripped, entities decoded, whitespace collapsed, never rendered; the stored layer keeps
the HTML exactly as written.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point

from geo.layers import styled_features, tooltip_html
from geo.uploads import (
    UploadResult,
    date_text,
    events_layer,
    html_text,
    layer_from_upload,
    preview_table,
    read_event_store,
    read_upload,
    safe_csv_bytes,
)
from tests.unit.uploads.badfiles import acled, acled_row

FIELD = Path(__file__).resolve().parents[2] / "fixtures" / "uploads" / "field"

MIDNIGHT = "00:00:00"


def zipped(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


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


# --------------------------------------------------------------------------- HTML descriptions

HTML_DESCRIPTION = ("<![CDATA[<!DOCTYPE html><html><head><title>Export</title><style>b {color: red}</style></head>"
                    "<body><b>Checkpoint</b><br>Opened &amp; staffed&nbsp;since 2021"
                    "<table><tr><td>Guards</td><td>12</td></tr><tr><td>Gate</td><td>north</td></tr></table>"
                    "<script>alert(1)</script><img src=\"photos/IMG_0001.jpg\" width=\"300\"></body></html>]]>")
HTML_SHOWN = "Checkpoint Opened & staffed since 2021 Guards 12 Gate north [image: IMG_0001.jpg]"
ORIGINAL = HTML_DESCRIPTION.removeprefix("<![CDATA[").removesuffix("]]>")


def _placemarks_kml(description: str = HTML_DESCRIPTION) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            f"<Placemark><name>Crossing &amp; post</name><description>{description}</description>"
            f"<Point><coordinates>69.18,34.53</coordinates></Point></Placemark></Document></kml>").encode()


@pytest.mark.parametrize(("markup", "text"), [
    ("<b>bold</b> and <i>italic</i>", "bold and italic"),
    ("line one<br>line two<br/>line three", "line one line two line three"),
    ("<p>one</p><p>two</p>", "one two"),
    ("<table><tr><td>a</td><td>b</td></tr></table>", "a b"),
    ("Fish &amp; chips &lt;3 &#8211; &eacute;t&eacute;", "Fish & chips <3 – été"),
    ("<style>p {x: 1}</style><script>alert('<b>x</b>')</script>kept", "kept"),
    ('<img src="x.jpg" alt="Photo of the gate">', "Photo of the gate"),
    ('<img src="https://example.org/a/b/IMG_7.JPG?s=1">', "[image: IMG_7.JPG]"),
    ('<img src="data:image/png;base64,AAAA">', "[image]"),
    ('<a href="https://example.org">the report</a>', "the report"),
    ("  spaced\n\tout  \u202etext ", "spaced out text"),
    ("a < b and c > d", "a < b and c > d"),
    ("<html><head><title>t</title></head><body></body></html>", ""),
])
def test_html_text_is_the_text_a_reader_sees(markup, text):
    assert html_text(markup) == text


def test_html_text_of_missing_values_is_empty():
    assert html_text(None) == "" and html_text(float("nan")) == ""


def test_a_kml_html_description_previews_as_text_and_the_layer_keeps_the_html():
    result = read_upload("survey.kml", _placemarks_kml())
    assert result.html_columns == ("description",)
    assert result.frame["description"].iloc[0] == ORIGINAL  # stored exactly as written
    table = preview_table(result)
    assert table["description"].tolist() == [HTML_SHOWN]
    assert table["Name"].tolist() == ["Crossing & post"]
    layer = layer_from_upload(result, "#0072b2", ["Name", "description"], "upload-h")
    assert layer.frame["title"].tolist() == ["Crossing & post"]
    assert layer.frame["details"].tolist() == [f"description: {HTML_SHOWN}"]
    assert layer.frame["description"].tolist() == [ORIGINAL]  # the stored layer's property, as written
    assert ORIGINAL.replace('"', '""') in safe_csv_bytes(layer.frame).decode("utf-8-sig")


def test_the_map_tooltip_of_a_kml_html_description_is_its_text_escaped_once():
    result = read_upload("survey.kml", _placemarks_kml())
    layer = layer_from_upload(result, "#0072b2", ["Name", "description"], "upload-h")
    (feature,) = list(styled_features(layer))
    tip = tooltip_html(layer, feature.props, feature.status)
    assert "Checkpoint Opened &amp; staffed since 2021 Guards 12" in tip
    assert "&lt;" not in tip and "DOCTYPE" not in tip and "alert" not in tip and "<table" not in tip


@pytest.mark.parametrize("wrap", ["kmz", "zip"])
def test_html_descriptions_in_a_kmz_or_a_zipped_kml_read_as_text_too(wrap):
    data = zipped([("doc.kml" if wrap == "kmz" else "survey/survey.kml", _placemarks_kml())])
    result = read_upload(f"survey.{wrap}", data)
    assert preview_table(result)["description"].tolist() == [HTML_SHOWN]
    assert result.frame["description"].iloc[0] == ORIGINAL


def test_the_field_kmz_descriptions_are_their_images_not_their_markup():
    result = read_upload("kmz_html_in_cdata.kmz", (FIELD / "kmz_html_in_cdata.kmz").read_bytes())
    assert preview_table(result)["description"].tolist() == ["[image: IMG_0001.jpg]", "[image: IMG_0002.jpg]"]
    assert result.frame["description"].str.startswith("<!DOCTYPE HTML PUBLIC").all()


def test_a_plain_text_kml_description_keeps_its_words_and_decodes_entities():
    result = read_upload("survey.kml", _placemarks_kml("<![CDATA[Road closed &amp; mined, 3 km < 5 km]]>"))
    assert preview_table(result)["description"].tolist() == ["Road closed & mined, 3 km < 5 km"]


def test_html_converted_from_kml_into_other_formats_reads_as_text_by_its_column_name():
    # QGIS or ogr2ogr keep a KML description's HTML; ArcGIS's KML To Layer calls the column PopupInfo.
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [69.18, 34.53]},
                 "properties": {"name": "<b>not HTML here</b>", "PopupInfo": "<b>Post</b><br>north",
                                "notes": "<b>kept as typed</b>"}}]
    result = read_upload("converted.geojson", json.dumps({"type": "FeatureCollection", "features": features}).encode())
    assert result.html_columns == ("PopupInfo",)
    table = preview_table(result)
    assert table["PopupInfo"].tolist() == ["Post north"]
    assert table["name"].tolist() == ["<b>not HTML here</b>"] and table["notes"].tolist() == ["<b>kept as typed</b>"]


def test_a_description_column_without_markup_in_another_format_is_left_alone():
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [69.18, 34.53]},
                 "properties": {"description": "AT&amp;T tower, 3 < 5"}}]
    result = read_upload("plain.geojson", json.dumps({"type": "FeatureCollection", "features": features}).encode())
    assert result.html_columns == ()
    assert preview_table(result)["description"].tolist() == ["AT&amp;T tower, 3 < 5"]
