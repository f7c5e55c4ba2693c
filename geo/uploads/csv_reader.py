"""Read an uploaded CSV: a latitude/longitude point table, or ACLED-style events.

CSV differs from the other formats: there is no geometry to read, so coordinates are
parsed cell by cell (decimal commas, blanks, text in number columns) and checked here,
and ACLED exports are recognised by their columns and handed to :mod:`geo.uploads.events`.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np

from geo.core import WGS84
from geo.uploads.coordinates import (
    decimal_comma_example,
    diagnose_lonlat,
    find_lat_lon_columns,
    parse_numbers,
    spreadsheet_rows,
)
from geo.uploads.csv_sniff import DELIMITER_NAMES, CsvError, read_csv_table
from geo.uploads.events import is_acled, read_events
from geo.uploads.model import RawLayer, UploadError, UploadLimits, check_count
from geo.uploads.safe_text import display_text


def read_csv(data: bytes, tmp: Path, limits: UploadLimits, messages: list[str]) -> RawLayer:
    """Points from a CSV's latitude/longitude columns, or ACLED-style events if it is one.

    Rows whose coordinates are blank or not numbers are dropped and counted, so one bad
    row never costs the whole sheet.
    """
    try:
        sniffed = read_csv_table(data)
    except CsvError as exc:
        raise UploadError(str(exc)) from exc
    messages.extend(sniffed.messages)
    table = sniffed.frame
    check_count(len(table), limits)
    if is_acled(table.columns):
        events = read_events(table, decimal_comma=sniffed.decimal_comma, header_row=sniffed.header_row,
                             european=sniffed.delimiter == ";")
        messages.extend(events.attrs.pop("messages", []))
        return RawLayer(frame=events, crs_declared=True, kind="events", checked=True)
    lat_col, lon_col = find_lat_lon_columns([str(c) for c in table.columns])
    decimal_comma, separator, first = sniffed.decimal_comma, sniffed.delimiter, sniffed.header_row
    lat, bad_lat, blank_lat = parse_numbers(table[lat_col], decimal_comma)
    lon, bad_lon, blank_lon = parse_numbers(table[lon_col], decimal_comma)
    example = decimal_comma_example([(table[lat_col], lat), (table[lon_col], lon)]) if decimal_comma else None
    if example:
        messages.append(f"The CSV separates columns with {DELIMITER_NAMES[separator]}, so decimal commas such as "
                        f"{display_text(example[0], 20)} were read as {example[1]}.")
    bad = bad_lat | bad_lon
    blank = (blank_lat | blank_lon) & ~bad
    keep = ~(bad | blank)
    if not keep.any():
        bad_rows = np.flatnonzero(bad)
        if len(bad_rows):
            column = lat_col if bad_lat[bad_rows[0]] else lon_col
            value = display_text(table[column].iloc[bad_rows[0]], 40)
            detail = f"first bad value in {spreadsheet_rows(bad_rows, 1, first)}: '{value}'"
        else:
            detail = "all coordinate cells are empty"
        raise UploadError(
            f"No row has usable numbers in '{lat_col}' and '{lon_col}' ({detail}); "
            "write coordinates as decimal degrees such as 34.52 and 69.18."
        )
    if bad.any():
        bad_rows = np.flatnonzero(bad)
        column = lat_col if bad_lat[bad_rows[0]] else lon_col
        value = display_text(table[column].iloc[bad_rows[0]], 40)
        messages.append(
            f"{_rows_were(int(bad.sum()))} dropped because '{lat_col}' or '{lon_col}' is not a number "
            f"(first at {spreadsheet_rows(bad_rows, header_row=first)}; {spreadsheet_rows(bad_rows, 1, first)} "
            f"has '{display_text(column, 40)}' = '{value}')."
        )
    if blank.any():
        messages.append(
            f"{_rows_were(int(blank.sum()))} dropped for having no coordinates "
            f"(first at {spreadsheet_rows(np.flatnonzero(blank), header_row=first)})."
        )
    table = table.loc[keep].reset_index(drop=True)
    lon, lat = lon[keep], lat[keep]
    diagnosis = diagnose_lonlat(lon, lat, crs_declared=False, what="rows")
    messages.extend(diagnosis.messages)
    if diagnosis.drop is not None:
        table, lon, lat = table.loc[~diagnosis.drop].reset_index(drop=True), lon[~diagnosis.drop], lat[~diagnosis.drop]
    geometry = gpd.points_from_xy(lon, lat)
    if diagnosis.assume_crs is not None:
        geometry = gpd.GeoSeries(geometry, crs=diagnosis.assume_crs).to_crs(WGS84).values
    elif diagnosis.swap:
        geometry = gpd.points_from_xy(lat, lon)
    frame = gpd.GeoDataFrame(table, geometry=geometry, crs=WGS84)
    frame[lon_col] = frame.geometry.x
    frame[lat_col] = frame.geometry.y
    return RawLayer(frame=frame, crs_declared=True, checked=True)


def _rows_were(n: int) -> str:
    return "1 row was" if n == 1 else f"{n:,} rows were"
