"""Files shaped like what Excel, Google Earth, field apps and macOS really produce.

Each file in ``tests/fixtures/uploads/field/`` (from the issue's ``EXPECTED.md``) stands for a
kind of fault; its expected value is asserted first, then other members of the same kind:
other encodings, separators, hint lines, date orders, UTC offsets, zip orders, KML
prologs, geometry types. Protects: values are read as written (or refused naming the real
cause: column, value, row), never silently changed.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from geo.core import count_phrase
from geo.uploads import (
    UploadError,
    decode_text,
    events_store_layer,
    layer_from_upload,
    layer_table,
    read_event_store,
    read_events,
    read_upload,
    safe_csv_bytes,
)

FIELD = Path(__file__).resolve().parents[2] / "fixtures" / "uploads" / "field"
ACLED_HEADER = "event_id_cnty;event_date;year;event_type;actor1;country;admin1;location;latitude;longitude;fatalities"


def field(name: str) -> bytes:
    return (FIELD / name).read_bytes()


def coords(result) -> list[tuple[float, float]]:
    return [(round(g.x, 4), round(g.y, 4)) for g in result.frame.geometry]


def zipped(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


# --------------------------------------------------------------------------- the eight field files


def test_field_geometry_collection_keeps_all_three_features_and_says_so():
    result = read_upload("geometry_collection.geojson", field("geometry_collection.geojson"))
    assert len(result.frame) == 3
    assert result.frame.geom_type.tolist() == ["Point", "GeometryCollection", "Polygon"]
    assert result.frame.geometry.iloc[1].equals(shapely.from_wkt(
        "GEOMETRYCOLLECTION (POINT (67.3 37.23), LINESTRING (67.3 37.23, 67.1 36.9, 66.9 36.7))"))
    assert any("1 feature is a GeometryCollection" in m and "drawn separately" in m for m in result.messages)


def test_field_acled_resaved_by_european_excel_gives_three_events_with_dates_and_positions():
    result = read_upload("acled_resaved_excel_eu.csv", field("acled_resaved_excel_eu.csv"))
    events = result.frame
    assert result.kind == "events" and len(events) == 3
    assert events["event_date"].dt.date.tolist() == [date(2022, 3, 15), date(2022, 4, 2), date(2022, 4, 28)]
    assert coords(result) == [(69.18, 34.53), (71.52, 36.73), (71.6, 37.4)]
    assert events["notes"].iloc[0] == "Synthetic row; clash reported"  # a quoted ';' stays in its cell
    assert events["fatalities"].tolist() == [3, 0, pd.NA], "a blank cell stays blank"
    assert "Numeric event dates were read as day/month/year, as values such as '15/03/2022' show." in result.messages


def test_field_acled_events_downloaded_keep_a_blank_fatalities_cell_blank():
    store = read_event_store("acled_resaved_excel_eu.csv", field("acled_resaved_excel_eu.csv"))
    assert store is not None and store.fatalities.tolist() == [3, 0, 0], "totals count the blank as 0"
    assert int(store.h3_counts()["fatalities"].sum()) == 3
    frame = store.events_frame()
    assert frame["fatalities"].tolist() == [3, 0, pd.NA]
    # the download button's path: the layer drawn, then the table it gives back
    layer = events_store_layer(store, np.ones(len(store), bool), "#0072b2", ["location"], "upload-e",
                               title="events", source="test")
    rows = safe_csv_bytes(layer_table(layer)).decode("utf-8-sig").splitlines()
    header = rows[0].split(",")
    assert [row.split(",")[header.index("fatalities")] for row in rows[1:]] == ["3", "0", ""], "never 3.0"


def test_field_windows_1252_keeps_curly_quotes_and_dashes_everywhere():
    result = read_upload("windows_1252.csv", field("windows_1252.csv"))
    assert result.frame["name"].tolist() == ["Qal’a-ye Site", "Café Crossing", "Site C"]
    assert result.frame["notes"].tolist() == ["road – closed", "“reported”", "ok"]
    assert any("read as Windows-1252 (Western European)" in m for m in result.messages)
    layer = layer_from_upload(result, "#0072b2", ["name", "notes"], "upload-w")
    assert layer.frame["title"].tolist()[0] == "Qal’a-ye Site"
    assert layer.frame["details"].tolist()[0] == "notes: road – closed"
    exported = safe_csv_bytes(layer.frame).decode("utf-8-sig")
    assert "Qal’a-ye Site" in exported and "“reported”" in exported
    assert not any(0x80 <= ord(ch) <= 0x9F for ch in exported)  # no C1 control characters


def test_field_excel_sep_hint_is_understood_not_a_column():
    result = read_upload("excel_sep_hint.csv", field("excel_sep_hint.csv"))
    assert list(result.frame.columns) == ["name", "lat", "lon", "geometry"]
    assert coords(result) == [(69.18, 34.53), (73.0, 37.0)]
    assert result.messages == ["The first line is Excel's separator hint 'sep=;'; it was used to split the columns "
                               "and not read as data."]


def test_field_trailing_delimiter_gives_three_points_at_the_right_positions():
    result = read_upload("trailing_delimiter.csv", field("trailing_delimiter.csv"))
    assert result.frame["name"].tolist() == ["Site A", "Site B", "Site C"]
    assert coords(result) == [(69.18, 34.53), (73.0, 37.0), (67.3, 37.23)]
    assert result.messages == ["3 data rows end with an extra ',' (one more field than the header); the empty "
                               "last field was ignored."]


@pytest.mark.parametrize("ending", [b"\r", b"\r\n", b"\n"])
def test_field_csv_line_endings_of_every_platform_give_the_same_points(ending):
    """Excel for Mac's "CSV (Macintosh)" ends lines with a bare CR: it crashed the reader (csv.Error)."""
    data = ending.join([b"name,lat,lon", b"Site A,34.53,69.18", b"Site B,37.0,73.0", b""])
    result = read_upload("mac.csv", data)
    assert result.frame["name"].tolist() == ["Site A", "Site B"]
    assert coords(result) == [(69.18, 34.53), (73.0, 37.0)]
    acled = field("acled_resaved_excel_eu.csv").replace(b"\r\n", b"\n").replace(b"\n", ending)
    assert len(read_upload("acled_mac.csv", acled).frame) == 3, "the events reader too"


def test_field_rows_ending_with_two_delimiters_are_counted_as_such():
    result = read_upload("two.csv", b"name;lat;lon\nA;34,53;69,18;;\nB;37,0;73,0;;\n")
    assert coords(result) == [(69.18, 34.53), (73.0, 37.0)]
    assert result.messages[0] == ("2 data rows end with up to 2 extra separators (';'), more fields than the header "
                                  "names; the empty last fields were ignored.")


@pytest.mark.parametrize(("encoding", "names", "note"), [
    ("cp1252", ["Qal’a-ye Site", "road – closed"], "Windows-1252 (Western European)"),
    ("cp1251", ["Кабул", "Душанбе"], "Windows-1251 (Cyrillic)"),
    ("utf-8", ["Qal’a-ye Site", "Mazār-e Sharīf"], None),
])
def test_field_shapefile_without_its_cpg_keeps_names_as_written(tmp_path, encoding, names, note):
    """The windows_1252 kind through a shapefile: with no .cpg GDAL read text as ISO-8859-1 (``Qal\x92a``)."""
    import geopandas as gpd
    from shapely.geometry import Point

    gpd.GeoDataFrame({"name": names}, geometry=[Point(69.18, 34.53), Point(73.0, 37.0)], crs=4326).to_file(
        tmp_path / "sites.shp", encoding=encoding)
    parts = [(p.name, p.read_bytes()) for p in sorted(tmp_path.iterdir()) if p.suffix != ".cpg"]
    result = read_upload("sites.zip", zipped(parts))
    assert result.frame["name"].tolist() == names
    assert not any(0x80 <= ord(ch) <= 0x9F for name in result.frame["name"] for ch in name)
    said = [m for m in result.messages if "no .cpg" in m]
    assert (said == [] if note is None else note in said[0]), result.messages
    with_cpg = read_upload("sites.zip", zipped([(p.name, p.read_bytes()) for p in sorted(tmp_path.iterdir())]))
    assert with_cpg.frame["name"].tolist() == names and not [m for m in with_cpg.messages if "no .cpg" in m]


def test_field_kmz_with_several_kml_files_says_which_one_was_loaded():
    kml = ('<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>{}</name>'
           '<Point><coordinates>69.18,34.53</coordinates></Point></Placemark></kml>')
    data = zipped([("layers/second.kml", kml.format("second").encode()), ("doc.kml", kml.format("first").encode())])
    result = read_upload("survey.kmz", data)
    assert result.frame["Name"].tolist() == ["first"]
    assert ("The KMZ holds 2 KML files; only 'doc.kml' was loaded, as Google Earth opens it, not second.kml; unzip "
            "the KMZ and upload another one on its own to see it.") in result.messages


def test_field_shapefile_with_appledouble_files_loads_the_real_shapefile():
    result = read_upload("shapefile_appledouble.zip", field("shapefile_appledouble.zip"))
    assert result.frame["name"].tolist() == ["Site A", "Site B", "Site C"]
    assert coords(result) == [(69.18, 34.53), (73.0, 37.0), (67.3, 37.23)]
    assert result.frame.crs.to_epsg() == 4326


def test_field_utc_offsets_are_kept_as_written():
    result = read_upload("utc_offsets.geojson", field("utc_offsets.geojson"))
    assert result.frame["reported"].tolist() == ["2022-07-31T06:18:00+04:30", "2022-07-31T01:48:00Z", "2022-08-01"]
    layer = layer_from_upload(result, "#0072b2", ["name", "reported"], "upload-t")
    assert layer.frame["details"].tolist()[0] == "reported: 2022-07-31T06:18:00+04:30"


def test_field_kmz_with_html_doctype_inside_cdata_loads_both_points_and_descriptions():
    result = read_upload("kmz_html_in_cdata.kmz", field("kmz_html_in_cdata.kmz"))
    assert result.frame["Name"].tolist() == ["IMG_0001.jpg", "IMG_0002.jpg"]
    assert coords(result) == [(69.18, 34.53), (67.3, 37.23)]
    assert result.frame["description"].str.startswith('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01').all()
    assert '<img src="IMG_0002.jpg" width="300">' in result.frame["description"].iloc[1]


# --------------------------------------------------------------------------- kind: encodings

TEXT = "name,lat,lon,notes\nQal’a-ye Site,34.53,69.18,road – closed\nCafé,37.23,67.3,“reported” €5\n"


@pytest.mark.parametrize(("encoding", "data"), [
    ("cp1252", TEXT.encode("cp1252")),
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8-sig", TEXT.encode("utf-8-sig")),
    ("utf-16", TEXT.encode("utf-16")),                            # BOM, platform order
    ("utf-16", b"\xff\xfe" + TEXT.encode("utf-16-le")),            # Excel "Unicode text": LE with BOM
    ("utf-16", b"\xfe\xff" + TEXT.encode("utf-16-be")),            # BE with BOM
    ("utf_16_le", TEXT.encode("utf-16-le")),                       # no BOM: detected
    ("utf-32", TEXT.encode("utf-32")),
])
def test_every_unicode_or_windows_encoding_reads_the_exact_text(encoding, data):
    assert decode_text(data) == (TEXT, encoding)
    result = read_upload("sites.csv", data)
    assert result.frame["notes"].tolist() == ["road – closed", "“reported” €5"]


def test_latin_1_text_is_read_as_its_superset_cp1252_with_identical_letters():
    data = "name,lat,lon\nHérat,34.3,62.2\nSão Tomé,34.4,62.3\n".encode("latin-1")
    result = read_upload("sites.csv", data)
    assert result.frame["name"].tolist() == ["Hérat", "São Tomé"]


@pytest.mark.parametrize(("encoding", "name"), [("cp1256", "مزار شريف"), ("cp1251", "Хорог")])
def test_arabic_script_and_cyrillic_code_pages_are_detected(encoding, name):
    data = f"name,lat,lon\n{name},36.7,67.1\n{name} 2,37.5,71.5\n".encode(encoding)
    result = read_upload("sites.csv", data)
    assert result.frame["name"].tolist() == [name, f"{name} 2"]
    assert any(f"read as Windows-{encoding[2:]}" in m for m in result.messages)


def test_utf16_tab_separated_unicode_text_is_not_called_binary():
    text = "name\tlatitude\tlongitude\nSite A\t34.53\t69.18\nSite B\t37.00\t73.00\n"
    result = read_upload("unicode.csv", b"\xff\xfe" + text.encode("utf-16-le"))
    assert coords(result) == [(69.18, 34.53), (73.0, 37.0)]
    assert result.messages == []  # Unicode: nothing was guessed


def test_real_binary_data_is_still_refused_as_binary():
    with pytest.raises(UploadError, match="binary data"):
        read_upload("sites.csv", b"PK\x03\x04\x00\x00" + bytes(range(256)) * 4)


# --------------------------------------------------------------------------- kind: separators and hint lines


@pytest.mark.parametrize(("hint", "sep"), [("sep=;", ";"), ("sep=,", ","), ("sep=\t", "\t"), ("sep=\\t", "\t"),
                                           ("sep=|", "|"), ('"sep=;"', ";"), ("SEP=;", ";")])
def test_excel_separator_hints_choose_the_separator_and_are_not_data(hint, sep):
    data = f"{hint}\r\nname{sep}lat{sep}lon\r\nSite A{sep}34.53{sep}69.18\r\n".encode()
    result = read_upload("hint.csv", data)
    assert list(result.frame.columns) == ["name", "lat", "lon", "geometry"]
    assert coords(result) == [(69.18, 34.53)]


def test_rows_are_numbered_as_the_spreadsheet_shows_them_below_a_hint_line():
    data = b"sep=;\nname;lat;lon\nA;34.5;69.1\nB;north;69.2\n"
    result = read_upload("hint.csv", data)
    assert any("(first at row 4; row 4 has 'lat' = 'north')" in m for m in result.messages)


@pytest.mark.parametrize("sep", [",", ";", "\t", "|"])
def test_the_separator_is_sniffed_from_the_data(sep):
    data = f"name{sep}latitude{sep}longitude\n\"Site, A; b\"{sep}34.53{sep}69.18\n".encode()
    result = read_upload("s.csv", data)
    assert result.frame["name"].tolist() == ["Site, A; b"]
    assert coords(result) == [(69.18, 34.53)]


@pytest.mark.parametrize("sep", [";", "\t"])
def test_decimal_commas_are_read_when_the_separator_is_not_a_comma(sep):
    data = f"name{sep}lat{sep}lon\nA{sep}34,53{sep}69,18\nB{sep}37.0{sep}73.0\n".encode()
    assert coords(read_upload("s.csv", data)) == [(69.18, 34.53), (73.0, 37.0)]


# --------------------------------------------------------------------------- kind: ragged rows


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_a_trailing_delimiter_on_data_rows_keeps_columns_in_place(sep):
    data = f"id{sep}name{sep}longitude{sep}latitude\n1{sep}A{sep}69.18{sep}34.53{sep}\n2{sep}B{sep}73{sep}37{sep}\n"
    result = read_upload("t.csv", data.encode())
    assert coords(result) == [(69.18, 34.53), (73.0, 37.0)]
    assert result.frame["name"].tolist() == ["A", "B"]


def test_a_trailing_delimiter_on_some_rows_only_is_also_tolerated():
    result = read_upload("t.csv", b"name,lon,lat\nA,69.18,34.53,\nB,73,37\n")
    assert coords(result) == [(69.18, 34.53), (73.0, 37.0)]
    assert result.messages[0].startswith("1 data row ends with an extra ','")


@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_a_header_ending_in_a_delimiter_like_its_rows_leaves_no_unnamed_empty_column(sep):
    rows = ["id", "name", "longitude", "latitude"], ["1", "A", "69.18", "34.53"], ["2", "B", "73", "37"]
    data = "".join(sep.join(row) + sep + "\r\n" for row in rows)
    result = read_upload("t.csv", data.encode())
    assert coords(result) == [(69.18, 34.53), (73.0, 37.0)]
    assert [c for c in result.frame.columns if c != "geometry"] == ["id", "name", "longitude", "latitude"]
    assert result.messages[0].startswith("The header ends with an extra " + {",": "','", ";": "';'", "\t": "tab"}[sep])
    table = layer_table(layer_from_upload(result, "#0072b2", ["name"], "upload-t"))
    assert list(table.columns) == ["id", "name", "longitude", "latitude", "geometry"], "nor in the download"


def test_an_unnamed_column_that_holds_values_is_kept_and_the_message_says_which():
    result = read_upload("t.csv", b"id,name,longitude,latitude,\n1,A,69.18,34.53,x\n2,B,73,37,\n")
    assert result.frame["Unnamed: 4"].tolist() == ["x", ""]
    assert "Column 5 has no name in the header but holds values; it is shown as 'Unnamed: 4'." in result.messages[0]


def test_an_extra_value_beyond_the_header_is_refused_naming_row_and_value():
    with pytest.raises(UploadError, match=r"Row 3 of the CSV has 4 fields but the header names 3 \(extra value "
                                          r"'oops'\); quote values that contain ','"):
        read_upload("t.csv", b"name,lon,lat\nA,69.18,34.53\nB,73,37,oops\n")


def test_short_rows_lose_only_themselves():
    result = read_upload("t.csv", b"name,lon,lat\nA,69.18,34.53\nB\n")
    assert len(result.frame) == 1
    assert result.messages == ["1 row was dropped for having no coordinates (first at row 3)."]


# --------------------------------------------------------------------------- kind: event dates and numbers


def acled_eu(*rows: str, header: str = ACLED_HEADER) -> bytes:
    return ("\ufeff" + header + "\r\n" + "\r\n".join(rows) + "\r\n").encode("utf-8")


def row(when: str, lat: str = "34,53", lon: str = "69,18", fatalities: str = "1") -> str:
    return f"E1;{when};2022;Battles;Group;Afghanistan;P;Place;{lat};{lon};{fatalities}"


@pytest.mark.parametrize(("dates", "expected", "note"), [
    (["15/03/2022", "02/04/2022"], [date(2022, 3, 15), date(2022, 4, 2)], "read as day/month/year"),
    (["3/15/2022", "4/2/2022"], [date(2022, 3, 15), date(2022, 4, 2)], "read as month/day/year"),
    (["15.03.2022", "02.04.2022"], [date(2022, 3, 15), date(2022, 4, 2)], "read as day/month/year"),
    (["15/03/22", "02/04/22"], [date(2022, 3, 15), date(2022, 4, 2)], "read as day/month/year"),
    (["15/03/2022 00:00", "02/04/2022 00:00"], [date(2022, 3, 15), date(2022, 4, 2)], "read as day/month/year"),
    (["2022-03-15", "2022-04-02"], [date(2022, 3, 15), date(2022, 4, 2)], None),
    (["15 March 2022", "02 April 2022"], [date(2022, 3, 15), date(2022, 4, 2)], None),
])
def test_event_dates_in_each_spreadsheet_spelling_are_read_right(dates, expected, note):
    result = read_upload("acled.csv", acled_eu(*(row(d) for d in dates)))
    assert result.frame["event_date"].dt.date.tolist() == expected
    date_notes = [m for m in result.messages if "event dates" in m]
    assert (note in date_notes[0]) if note else not date_notes


def test_ambiguous_slash_dates_in_a_semicolon_file_are_read_day_first_and_the_note_says_so():
    result = read_upload("acled.csv", acled_eu(row("03/04/2022"), row("05/06/2022")))
    assert result.frame["event_date"].dt.date.tolist() == [date(2022, 4, 3), date(2022, 6, 5)]
    assert ("Every numeric event date fits both day/month and month/day, so they were read as day/month/year "
            "('03/04/2022' is 03 April 2022)") in " ".join(result.messages)


def test_ambiguous_slash_dates_in_a_comma_file_are_read_month_first_and_the_note_says_so():
    header = "event_date,event_type,actor1,country,admin1,location,latitude,longitude"
    data = f"{header}\n03/04/2022,Battles,G,Afghanistan,P,L,34.53,69.18\n".encode()
    result = read_upload("acled.csv", data)
    assert result.frame["event_date"].dt.date.tolist() == [date(2022, 3, 4)]
    assert any("read as month/day/year ('03/04/2022' is 04 March 2022), as US Excel writes them" in m
               for m in result.messages)


def test_events_read_from_bytes_and_through_the_upload_agree():
    data = field("acled_resaved_excel_eu.csv")
    direct = read_events(data)
    assert direct["event_date"].tolist() == read_upload("acled.csv", data).frame["event_date"].tolist()
    assert direct["latitude"].tolist() == [34.53, 36.73, 37.4]


def test_events_with_a_sep_hint_and_utf16_are_read_by_the_same_sniffing_step():
    text = "sep=\t\n" + ACLED_HEADER.replace(";", "\t") + "\n" + row("15/03/2022").replace(";", "\t") + "\n"
    result = read_upload("acled.csv", b"\xff\xfe" + text.encode("utf-16-le"))
    assert result.kind == "events" and coords(result) == [(69.18, 34.53)]


@pytest.mark.parametrize(("bad_row", "message"), [
    (row("32/13/2022"), r"event_date is not a date like .* in the only row \(first at row 2: '32/13/2022'\); "
                        r"fix the event_date column"),
    (row("15/03/2022", lat="34.53.1"), r"latitude is not a number in the only row \(first at row 2: '34\.53\.1'\); "
                                       r"fix the latitude column"),
    (row("15/03/2022", lon=""), r"longitude is empty in the only row \(first at row 2\); fix the longitude column"),
    (row("15/03/2022", fatalities="-1"), r"fatalities is not a whole number of 0 or more in the only row "
                                         r"\(first at row 2: '-1'\)"),
])
def test_when_no_event_can_be_read_the_message_names_column_value_and_row(bad_row, message):
    with pytest.raises(UploadError, match=r"^acled\.csv: No event could be read: " + message):
        read_upload("acled.csv", acled_eu(bad_row))


def test_dropped_events_are_reported_with_column_value_and_row():
    result = read_upload("acled.csv", acled_eu(row("15/03/2022"), row("16/03/2022", lat="n/a")))
    assert len(result.frame) == 1
    assert "1 row was dropped because latitude is not a number (first at row 3: 'n/a')." in result.messages


def test_count_phrase_gets_one_and_many_right():
    assert [count_phrase(n, "event") for n in (0, 1, 2, 2000)] == ["0 events", "1 event", "2 events", "2,000 events"]


# --------------------------------------------------------------------------- kind: timestamps with offsets


@pytest.mark.parametrize("written", ["2022-07-31T06:18:00+04:30", "2022-07-31T06:18:00-03:00", "2022-07-31T06:18:00Z",
                                     "2022-07-31T06:18:00+05:45", "2022-07-31T06:18:00.250+04:30",
                                     "2022-07-31T06:18:00", "2022-07-31"])
def test_geojson_timestamps_are_kept_exactly_as_written(written):
    document = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"reported": written}, "geometry": {"type": "Point", "coordinates": [69, 34]}},
        {"type": "Feature", "properties": {"reported": "2022-08-01T10:00:00+04:30"},
         "geometry": {"type": "Point", "coordinates": [69.1, 34.1]}},
    ]}
    result = read_upload("t.geojson", json.dumps(document).encode())
    assert result.frame["reported"].tolist() == [written, "2022-08-01T10:00:00+04:30"]


def test_kml_timestamps_keep_their_offset():
    result = read_upload("t.kml", kml_document(
        "<Placemark><name>A</name><TimeStamp><when>2022-07-31T06:18:00+04:30</when></TimeStamp>"
        "<Point><coordinates>69.1,34.5</coordinates></Point></Placemark>"))
    assert result.frame["timestamp"].tolist() == ["2022-07-31T06:18:00+04:30"]


# --------------------------------------------------------------------------- kind: KML prolog, folders, MultiGeometry


def kml_document(body: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<kml xmlns="http://www.opengis.net/kml/2.2">'
            f"<Document><name>Doc</name>{body}</Document></kml>").encode()


def placemark(name: str, lon: float, lat: float, description: str = "") -> str:
    return (f"<Placemark><name>{name}</name><description>{description}</description>"
            f"<Point><coordinates>{lon},{lat}</coordinates></Point></Placemark>")


@pytest.mark.parametrize("description", [
    "<![CDATA[<!DOCTYPE html><html><body>photo</body></html>]]>",
    '<![CDATA[<!ENTITY x "y"> is how a DTD declares an entity]]>',
    "&lt;!DOCTYPE html&gt;&lt;p&gt;escaped&lt;/p&gt;",
])
def test_doctype_or_entity_text_inside_a_description_is_just_text(description):
    result = read_upload("survey.kml", kml_document(placemark("A", 69.18, 34.53, description)))
    assert len(result.frame) == 1
    assert result.frame["description"].iloc[0].startswith("<!")  # the text as written, not a declaration


@pytest.mark.parametrize("prolog", [
    '<!DOCTYPE kml [<!ENTITY lol "lol">]>',
    '<!DOCTYPE kml SYSTEM "http://example.com/kml.dtd">',
    "<!-- exported --><!DOCTYPE kml>",
    '<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
])
def test_a_real_dtd_or_entity_in_the_prolog_is_still_refused(prolog):
    with pytest.raises(UploadError, match=r"declares a DOCTYPE or ENTITY in its XML prolog"):
        read_upload("evil.kml", kml_document(placemark("A", 69.18, 34.53), prolog))


def test_a_dtd_in_a_kmz_is_refused_too():
    data = zipped([("doc.kml", kml_document(placemark("A", 69.18, 34.53), '<!DOCTYPE kml [<!ENTITY a "b">]>'))])
    with pytest.raises(UploadError, match=r"DOCTYPE or ENTITY"):
        read_upload("evil.kmz", data)


def test_kml_folder_names_are_kept_as_a_column():
    body = (placemark("Loose", 69.0, 34.0)
            + "<Folder><name>Crossings</name>" + placemark("A", 69.2, 34.6)
            + "<Folder><name>Closed crossings</name>" + placemark("B", 69.3, 34.7) + "</Folder></Folder>"
            + "<Folder><name>Crossings</name>" + placemark("C", 69.5, 34.9) + "</Folder>")
    result = read_upload("my_maps.kml", kml_document(body))
    by_name = dict(zip(result.frame["Name"], result.frame["folder"]))
    assert by_name == {"Loose": "", "A": "Crossings", "B": "Closed crossings", "C": "Crossings"}
    assert "folder" in result.columns


def test_a_kml_without_folders_gets_no_folder_column():
    result = read_upload("plain.kml", kml_document(placemark("A", 69.2, 34.6)))
    assert "folder" not in result.frame.columns


def test_kml_multigeometry_is_read_as_one_collection_feature():
    body = ("<Placemark><name>Crossing</name><MultiGeometry><Point><coordinates>69.3,34.7</coordinates></Point>"
            "<LineString><coordinates>69.3,34.7 69.4,34.8</coordinates></LineString></MultiGeometry></Placemark>")
    result = read_upload("ge.kml", kml_document(body))
    assert result.frame.geom_type.tolist() == ["GeometryCollection"]
    assert any("GeometryCollection" in m for m in result.messages)


# --------------------------------------------------------------------------- kind: macOS zips


def shapefile_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(FIELD / "shapefile_appledouble.zip") as archive:
        return {Path(n).name: archive.read(n) for n in archive.namelist() if not Path(n).name.startswith("._")}


APPLEDOUBLE = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        " + b"\x00" * 60


@pytest.mark.parametrize("layout", ["junk-first", "junk-last", "macosx-folder", "ds-store", "no-folder"])
def test_macos_metadata_beside_a_shapefile_is_ignored_whatever_the_order(layout):
    parts = shapefile_parts()
    real = [(f"sites/{name}", data) for name, data in parts.items()]
    junk = [(f"sites/._{name}", APPLEDOUBLE) for name in parts]
    entries = {
        "junk-first": junk + real,
        "junk-last": real + junk,
        "macosx-folder": real + [(f"__MACOSX/sites/._{name}", APPLEDOUBLE) for name in parts],
        "ds-store": [("sites/.DS_Store", b"\x00\x00\x00\x01Bud1")] + real,
        "no-folder": [(f"._{name}", APPLEDOUBLE) for name in parts] + [(name, data) for name, data in parts.items()],
    }[layout]
    result = read_upload("sites.zip", zipped(entries))
    assert result.frame["name"].tolist() == ["Site A", "Site B", "Site C"]
    assert not any("zip holds" in m for m in result.messages)


def test_a_damaged_shapefile_gives_a_plain_sentence_not_gdal_text():
    parts = shapefile_parts()
    parts["sites.shp"] = b"not a shapefile at all" * 10
    with pytest.raises(UploadError) as caught:
        read_upload("sites.zip", zipped([(f"sites/{n}", d) for n, d in parts.items()]))
    message = str(caught.value)
    assert message.startswith("sites.zip: The ")
    for gdal_words in ("recognized", "GDAL", "driver", "spillover-upload", "/tmp"):
        assert gdal_words not in message


# --------------------------------------------------------------------------- kind: GeoJSON sequences


def features(n: int = 3) -> list[dict]:
    return [{"type": "Feature", "properties": {"name": f"s{i}"},
             "geometry": {"type": "Point", "coordinates": [69 + i / 10, 34.5]}} for i in range(n)]


@pytest.mark.parametrize(("filename", "separator"), [("a.geojsonl", "\n"), ("a.geojson", "\n"), ("a.json", "\r\n"),
                                                     ("a.geojsons", "\x1e")])
def test_newline_or_record_separated_geojson_is_read(filename, separator):
    data = separator.join(json.dumps(f) for f in features()) + "\n"
    result = read_upload(filename, data.encode())
    assert result.frame["name"].tolist() == ["s0", "s1", "s2"]
    assert result.messages[0] == "The file is newline-delimited GeoJSON (GeoJSONSeq): 3 features read, one per line."


def test_a_sequence_of_bare_geometries_is_read_as_features():
    data = "\n".join(json.dumps(f["geometry"]) for f in features(2))
    assert len(read_upload("g.geojsonl", data.encode()).frame) == 2


def test_a_broken_line_in_a_sequence_is_named():
    lines = [json.dumps(f) for f in features()]
    lines[1] = lines[1][:-5]
    with pytest.raises(UploadError, match=r"Line 2 of the newline-delimited GeoJSON is not valid JSON"):
        read_upload("a.geojsonl", "\n".join(lines).encode())


def test_plain_invalid_json_still_names_line_and_column():
    with pytest.raises(UploadError, match=r"not valid JSON: Expecting .* at line 1, column"):
        read_upload("a.geojson", b'{"type": "FeatureCollection", "features": [')


# --------------------------------------------------------------------------- kind: geometry types


GEOMETRIES = {
    "Point": {"type": "Point", "coordinates": [69, 34]},
    "MultiPoint": {"type": "MultiPoint", "coordinates": [[69, 34], [70, 35]]},
    "LineString": {"type": "LineString", "coordinates": [[69, 34], [70, 35]]},
    "MultiLineString": {"type": "MultiLineString", "coordinates": [[[69, 34], [70, 35]], [[68, 33], [69, 33]]]},
    "Polygon": {"type": "Polygon", "coordinates": [[[69, 34], [70, 34], [70, 35], [69, 34]]]},
    "MultiPolygon": {"type": "MultiPolygon", "coordinates": [[[[69, 34], [70, 34], [70, 35], [69, 34]]],
                                                             [[[66, 31], [67, 31], [67, 32], [66, 31]]]]},
    "GeometryCollection": {"type": "GeometryCollection", "geometries": [
        {"type": "Point", "coordinates": [69, 34]}, {"type": "LineString", "coordinates": [[69, 34], [70, 35]]}]},
}


@pytest.mark.parametrize("kind", GEOMETRIES)
def test_every_geojson_geometry_type_is_read_with_its_type(kind):
    document = {"type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": {"name": kind}, "geometry": GEOMETRIES[kind]}]}
    result = read_upload("g.geojson", json.dumps(document).encode())
    assert result.frame.geom_type.tolist() == [kind]


def test_nested_and_empty_collections_are_flattened_with_a_note():
    nested = {"type": "GeometryCollection", "geometries": [
        GEOMETRIES["Point"], {"type": "GeometryCollection", "geometries": [
            GEOMETRIES["Polygon"], {"type": "GeometryCollection", "geometries": []}]}]}
    document = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "nested"}, "geometry": nested},
        {"type": "Feature", "properties": {"name": "empty"}, "geometry": {"type": "GeometryCollection",
                                                                           "geometries": []}},
    ]}
    result = read_upload("g.geojson", json.dumps(document).encode())
    assert result.frame["name"].tolist() == ["nested"]
    assert [g.geom_type for g in result.frame.geometry.iloc[0].geoms] == ["Point", "Polygon"]
    assert "Dropped 1 feature without geometry (null or empty)." in result.messages
    assert any("1 feature had nested collections or empty parts, which were flattened or left out" in m
               for m in result.messages)


def test_an_uploaded_layers_csv_keeps_the_files_own_column_names_and_values():
    """A fresh user's finding: the exported CSV renamed ``id`` to ``your_id`` and added the map's title column."""
    result = read_upload("trailing_delimiter.csv", field("trailing_delimiter.csv"))
    layer = layer_from_upload(result, "#1f78b4", ["name"], "upload-test")
    assert "your_id" in layer.frame.columns, "the map keeps its own id column apart"
    text = safe_csv_bytes(layer_table(layer)).decode("utf-8-sig").splitlines()
    assert text[0] == "id,name,longitude,latitude,geometry"
    assert text[1] == "1,Site A,69.18,34.53,POINT (69.18 34.53)"


def test_a_reprojected_shapefiles_csv_has_no_float_noise():
    """A fresh user's finding: Site A exported at 34.529999999999994 (UTM 42N reprojected to WGS84)."""
    result = read_upload("shapefile_appledouble.zip", field("shapefile_appledouble.zip"))
    text = safe_csv_bytes(layer_table(layer_from_upload(result, "#1f78b4", ["name"], "upload-utm")))
    assert text.decode("utf-8-sig").splitlines()[1] == "Site A,POINT (69.18 34.53)"


def test_a_tab_separated_file_named_tsv_is_read_as_a_csv_and_its_separator_named_in_words():
    """A fresh user's finding: a .tsv export was refused by the uploader; renaming it to .csv worked."""
    result = read_upload("sites.tsv", b"name\tlat\tlon\nA\t34,5\t66\nB\t35.5\t67\n")
    assert coords(result) == [(66.0, 34.5), (67.0, 35.5)]
    assert result.messages == ["The CSV separates columns with tab, so decimal commas such as 34,5 were read as 34.5."]
    events = field("acled_resaved_excel_eu.csv").decode("utf-8-sig").replace(";", "\t").encode()
    store = read_event_store("acled.tsv", events)
    assert store is not None and len(store) == 3


def test_properties_holding_lists_or_objects_read_as_json_not_python():
    """GeoJSON ``"tags": ["x", "y"]`` reached the preview and the CSV download as ``['x' 'y']`` (NumPy's repr)."""
    data = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "p", "tags": ["x", "ج"], "meta": {"a": [1, 2]}},
         "geometry": {"type": "Point", "coordinates": [69.18, 34.53]}},
        {"type": "Feature", "properties": {"name": "q", "tags": [], "meta": None},
         "geometry": {"type": "Point", "coordinates": [73.0, 37.0]}}]}).encode()
    result = read_upload("nested.geojson", data)
    assert result.frame["tags"].tolist() == ['["x", "ج"]', "[]"]
    assert result.frame["meta"].tolist()[0] == '{"a": [1, 2]}'
    assert "Columns 'tags', 'meta' hold lists or objects; they are shown and downloaded as their JSON text." \
        in result.messages
    exported = safe_csv_bytes(result.frame.drop(columns="geometry")).decode("utf-8-sig")
    assert "['x'" not in exported and '"[""x"", ""ج""]"' in exported


def test_rows_at_zero_zero_are_named_as_probably_blank_coordinates():
    result = read_upload("zeros.csv", b"name,lat,lon\nA,34.53,69.18\nB,0,0\nC,37.0,73.0\n")
    assert len(result.frame) == 3, "kept, not silently dropped"
    assert ("1 of 3 rows is at exactly 0, 0 (in the Gulf of Guinea), which usually means blank coordinates saved as "
            "zeros; check them in the source.") in result.messages


@pytest.mark.parametrize(("declaration", "encoding", "note"), [
    ('<?xml version="1.0" encoding="windows-1252"?>', "cp1252", False),
    ("<?xml version='1.0' encoding='ISO-8859-1'?>", "latin-1", False),
    ('<?xml version="1.0" encoding="UTF-8"?>', "utf-8", False),
    ("", "cp1252", True),  # no declaration and not UTF-8: a guess, said so
])
def test_kml_in_a_declared_or_guessed_code_page_keeps_its_names(declaration, encoding, note):
    """The windows_1252 kind through KML: a file declaring windows-1252 was refused as damaged."""
    name = "Qal’a-ye Site" if encoding != "latin-1" else "Café Zürich"
    kml = (f'{declaration}<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>{name}</name>'
           "<Point><coordinates>69.18,34.53</coordinates></Point></Placemark></Document></kml>")
    result = read_upload("site.kml", kml.encode(encoding))
    assert result.frame["Name"].tolist() == [name]
    said = [m for m in result.messages if "not UTF-8" in m]
    assert bool(said) == note
    if note:
        assert said[0].endswith("a Windows code page, so check that names read right and save the KML as UTF-8 "
                                "next time.")


def test_kml_declaring_an_encoding_it_is_not_in_says_so():
    kml = (b'<?xml version="1.0" encoding="no-such-codec"?><kml xmlns="http://www.opengis.net/kml/2.2"/>')
    with pytest.raises(UploadError, match="declares the encoding 'no-such-codec', which is not known"):
        read_upload("odd.kml", kml)


def test_geojson_coordinates_written_as_text_and_nul_characters_lose_nothing():
    """A fresh user's finding: text coordinates were dropped as "null or empty", and a NUL cut a name to "a"."""
    data = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "a\x00b c"},
         "geometry": {"type": "Point", "coordinates": ["69.18", "34.53"]}},
        {"type": "Feature", "properties": {"name": "ok"}, "geometry": {"type": "Point", "coordinates": [73.0, 37.0]}}]})
    result = read_upload("text.geojson", data.encode())
    assert coords(result) == [(69.18, 34.53), (73.0, 37.0)]
    assert result.frame["name"].tolist() == ["a b c", "ok"]
    assert result.messages == [
        '1 feature had coordinates written as text ("69.18"), not numbers; they were read as the numbers they spell.',
        "1 text value held a NUL character, which would have cut it short; it was replaced by a space."]


@pytest.mark.parametrize(("name", "data", "kept"), [
    ("typo.geojson", json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "bad"}, "geometry": {"type": "Point", "coordinates": [269, 34.5]}},
        {"type": "Feature", "properties": {"name": "ok"}, "geometry": {"type": "Point", "coordinates": [69.18, 34.53]}},
    ]}).encode(), [(69.18, 34.53)]),
    ("typo.csv", b"name,lat,lon\nA,34.5,269\nB,34.53,69.18\nC,37,73\n", [(69.18, 34.53), (73.0, 37.0)]),
    ("typo_acled.csv", field("acled_resaved_excel_eu.csv").replace(b"69,1800", b"269,1800"), [(71.52, 36.73), (71.6, 37.4)]),
])
def test_one_coordinate_that_cannot_be_degrees_loses_only_its_feature(name, data, kept):
    """A fresh user's finding: lon 269 in one feature refused the whole file as "projected metres"."""
    result = read_upload(name, data)
    assert coords(result) == kept
    assert any("beyond ±180/±90 (the first near lon 269" in m and "left out and the rest kept" in m for m in result.messages)


def test_a_file_all_in_projected_metres_is_still_not_taken_for_typos():
    data = b"name,x,y\nA,7703000,4095000\nB,7960000,4400000\n"
    result = read_upload("metres.csv", data)
    assert len(result.frame) == 2 and any("EPSG:3857 was assumed" in m for m in result.messages)


def test_mostly_mistyped_coordinates_keep_the_good_feature_and_name_the_real_cause():
    """A fresh user's finding: lon 269 and lat 95 beside one good point refused the file as "projected metres"."""
    data = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"n": "poly"},
         "geometry": {"type": "Polygon", "coordinates": [[[269, 34], [270, 34], [270, 35], [269, 34]]]}},
        {"type": "Feature", "properties": {"n": "lat95"}, "geometry": {"type": "Point", "coordinates": [69, 95]}},
        {"type": "Feature", "properties": {"n": "ok"}, "geometry": {"type": "Point", "coordinates": [69.18, 34.53]}},
    ]})
    result = read_upload("mixed.geojson", data.encode())
    assert result.frame["n"].tolist() == ["ok"]
    assert any("2 of 3 features have coordinates beyond ±180/±90" in m and "metres" not in m for m in result.messages)
    with pytest.raises(UploadError, match="No feature has coordinates that can be longitude and latitude"):
        read_upload("bad.geojson", data.replace('"coordinates": [69.18, 34.53]', '"coordinates": [69.18, 134.53]').encode())


def test_decimal_comma_text_coordinates_and_a_kml_misdeclaring_its_encoding_lose_nothing():
    data = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"n": "a"}, "geometry": {"type": "Point", "coordinates": ["69,17", "34,53"]}}]})
    result = read_upload("comma.geojson", data.encode())
    assert coords(result) == [(69.17, 34.53)]
    assert result.messages[0].endswith('a decimal comma as a point ("69,17" as 69.17).')
    kml = ('<?xml version="1.0" encoding="ISO-8859-1"?><kml xmlns="http://www.opengis.net/kml/2.2"><Placemark>'
           "<name>Qal’a-ye Site</name><Point><coordinates>69.18,34.53</coordinates></Point></Placemark></kml>")
    lie = read_upload("lie.kml", kml.encode("utf-8"))
    assert lie.frame["Name"].tolist() == ["Qal’a-ye Site"], "no control characters"
    assert "declares the encoding 'ISO-8859-1' but its text is UTF-8" in lie.messages[0]
