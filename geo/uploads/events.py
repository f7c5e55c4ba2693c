"""Event data in the ACLED export schema: recognise, read, filter and bin it.

ACLED's CSV export is the de-facto format analysts bring, often 100,000+ rows. One
marker per event would freeze the browser, so large files are shown as hexagon counts
computed in the region's equal-area projection (every cell covers the same ground, so
counts compare fairly between Kabul and the Pamirs). Everything here is vectorised:
200,000 rows go from CSV bytes to filtered hexbins in well under the 5 s budget.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import numpy as np
import pandas as pd
from pyproj import Transformer

from geo.core import REGION_EQUAL_AREA, WGS84, cell_centres, cells_of, hexagon_polygons
from geo.uploads.coordinates import (
    CoordinateError,
    decimal_comma_example,
    diagnose_lonlat,
    parse_numbers,
    spreadsheet_rows,
)
from geo.uploads.csv_sniff import CsvError, read_csv_table
from geo.uploads.safe_text import display_text

#: Columns of ACLED's export (as of 2024). A file is treated as events when it has all of
#: ``ACLED_REQUIRED`` and at least ``_MIN_OPTIONAL`` of the others.
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
ACLED_REQUIRED: frozenset[str] = frozenset({"event_date", "event_type", "latitude", "longitude"})
_MIN_OPTIONAL = 3

#: Date spellings seen in ACLED exports and their spreadsheet round-trips, tried in order.
DATE_FORMATS: tuple[str, ...] = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%Y/%m/%d",
                                  "%B %d, %Y", "%b %d, %Y")
#: A numeric date as spreadsheets re-save one (31/01/2024, 1/31/24, 31.01.2024, 31-01-2024),
#: optionally with the time of day Excel adds ("31/01/2024 00:00").
_NUMERIC_DATE = r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"


class EventsError(ValueError):
    """An events file that cannot be used at all; the message says why and what to do."""


def is_acled(columns: Iterable[str]) -> bool:
    """True when ``columns`` look like an ACLED export (case and surrounding spaces ignored)."""
    names = {str(c).strip().lower() for c in columns}
    optional = names & (set(ACLED_COLUMNS) - ACLED_REQUIRED)
    return names >= ACLED_REQUIRED and len(optional) >= _MIN_OPTIONAL


def read_events(
    frame_or_csv: pd.DataFrame | bytes | str,
    *,
    decimal_comma: bool | None = None,
    header_row: int = 1,
    european: bool | None = None,
) -> gpd.GeoDataFrame:
    """Read ACLED-style events into points in EPSG:4326.

    Parameters
    ----------
    frame_or_csv
        A DataFrame (ideally all text, as read with ``dtype=str``), raw CSV bytes, or CSV
        text. Bytes and text go through the shared CSV sniffing step
        (:func:`geo.uploads.csv_sniff.read_csv_table`): encoding, separator, ``sep=`` hint
        line, trailing delimiters.
    decimal_comma
        Whether ``34,53`` means 34.53. ``None``: true when the CSV's separator is not a
        comma (always false for a DataFrame).
    header_row
        Spreadsheet row number of the header, for row numbers in messages (taken from the
        CSV when bytes or text are given).
    european
        Whether the file was saved in a locale that writes day/month/year (a ``;``
        separator); used only when every numeric date fits both orders, and implied by
        decimal commas in the coordinates. ``None``: true for a ``;``-separated CSV.

    Returns
    -------
    GeoDataFrame
        One row per usable event: ``event_date`` as ``datetime64``, ``latitude``/``longitude``
        as float, ``fatalities`` as nullable ``Int64`` (a blank cell is ``<NA>``; totals count it
        as 0), every other column kept as text,
        point geometry, EPSG:4326. ``gdf.attrs["messages"]`` lists sentences about rows
        dropped (count, first spreadsheet row, column and value) and anything read or repaired.

    Raises
    ------
    EventsError
        When required columns are missing, or no row has a usable date and position (the
        sentence names the column, the value and the row of the first problem).
    """
    messages: list[str] = []
    if isinstance(frame_or_csv, pd.DataFrame):
        frame = frame_or_csv.reset_index(drop=True)
        comma_file = False
    else:
        try:
            table = read_csv_table(frame_or_csv, "events file")
        except CsvError as exc:
            raise EventsError(str(exc)) from exc
        messages.extend(table.messages)
        frame, header_row, comma_file = table.frame, table.header_row, table.decimal_comma
        european = table.delimiter == ";" if european is None else european
    decimal_comma = comma_file if decimal_comma is None else decimal_comma
    frame = frame.rename(columns={c: str(c).strip().lower() for c in frame.columns})
    missing = sorted(ACLED_REQUIRED - set(frame.columns))
    if missing:
        raise EventsError(
            f"The events file has no {', '.join(missing)} column; an ACLED-style export needs "
            "event_date, event_type, latitude and longitude. Export again with all columns."
        )
    if frame.empty:
        raise EventsError("The events file has a header but no rows; export again with a wider filter.")
    lat, bad_lat, blank_lat = parse_numbers(frame["latitude"], decimal_comma)
    lon, bad_lon, blank_lon = parse_numbers(frame["longitude"], decimal_comma)
    comma_seen = decimal_comma and bool((_has_comma(frame["latitude"]) | _has_comma(frame["longitude"])).any())
    example = decimal_comma_example([(frame["latitude"], lat), (frame["longitude"], lon)]) if comma_seen else None
    if example:
        messages.append(f"The file does not separate columns with commas, so decimal commas such as "
                        f"{display_text(example[0], 20)} in latitude and longitude were read as {example[1]}.")
    # Day/month order when every date fits both: European if the file says so (';' separator
    # or decimal commas, as Excel saves in locales writing 31/01/2024), else US Excel's m/d/yyyy.
    dates, bad_date, date_note = parse_event_dates(frame["event_date"], european=bool(european) or comma_seen)
    if date_note:
        messages.append(date_note)
    if "fatalities" in frame.columns:
        fatalities, bad_fat, blank_fat = parse_numbers(frame["fatalities"], decimal_comma)
        bad_fat |= ~np.isnan(fatalities) & ((fatalities < 0) | (fatalities != np.floor(fatalities)))
    else:
        fatalities = np.zeros(len(frame))
        bad_fat = blank_fat = np.zeros(len(frame), dtype=bool)
    # Each dropped row is reported once, for its first problem in this order.
    problems: list[_Problem] = []
    taken = np.zeros(len(frame), dtype=bool)
    for column, mask, what in (
        ("event_date", bad_date & ~_blank(frame["event_date"]), "is not a date like 2024-01-31, 31 January 2024 "
                                                                "or 31/01/2024"),
        ("event_date", bad_date, "is empty"),
        ("latitude", bad_lat, "is not a number"),
        ("longitude", bad_lon, "is not a number"),
        ("fatalities", bad_fat, "is not a whole number of 0 or more"),
        ("latitude", blank_lat, "is empty"),
        ("longitude", blank_lon, "is empty"),
    ):
        mask = mask & ~taken
        taken |= mask
        if mask.any():
            problems.append(_Problem(column, what, mask, frame[column], header_row))
    keep = ~taken
    if not keep.any():
        first = min(problems, key=lambda p: p.first)
        count = int(first.mask.sum())
        where = ("the only row" if len(frame) == 1 else f"all {len(frame):,} rows") if count == len(frame) \
            else f"{count:,} of {len(frame):,} rows"
        others = "" if len(problems) == 1 else ", and the other rows have other problems"
        raise EventsError(
            f"No event could be read: {first.column} {first.what} in {where} ({first.example()}){others}; "
            f"fix the {first.column} column and upload the file again."
        )
    for problem in problems:
        count = int(problem.mask.sum())
        messages.append(f"{count:,} {'row was' if count == 1 else 'rows were'} dropped because "
                        f"{problem.column} {problem.what} ({problem.example(5)}).")
    if (blank_fat & keep).any():
        blanks = int((blank_fat & keep).sum())
        messages.append(f"{blanks:,} event{'s' if blanks != 1 else ''} with a blank fatalities value "
                        f"{'count' if blanks != 1 else 'counts'} as 0 in the map's totals and "
                        f"{'stay' if blanks != 1 else 'stays'} blank in downloads.")
    events = frame.loc[keep].copy()
    lon, lat = lon[keep], lat[keep]
    try:
        diagnosis = diagnose_lonlat(lon, lat, crs_declared=True, what="events")
    except CoordinateError as exc:
        raise EventsError(str(exc)) from exc
    if diagnosis.swap:
        lon, lat = lat, lon
    messages.extend(diagnosis.messages)
    if diagnosis.drop is not None:  # coordinates that cannot be degrees among many that are
        keep[np.flatnonzero(keep)[diagnosis.drop]] = False
        events, lon, lat = events.loc[~diagnosis.drop], lon[~diagnosis.drop], lat[~diagnosis.drop]
    events["event_date"] = dates[keep]
    events["latitude"] = lat
    events["longitude"] = lon
    events["fatalities"] = pd.array(fatalities[keep], dtype="Int64")  # a blank stays <NA>, never a made-up 0
    out = gpd.GeoDataFrame(events, geometry=gpd.points_from_xy(lon, lat), crs=WGS84).reset_index(drop=True)
    out.attrs["messages"] = messages
    return out


def _has_comma(values: pd.Series) -> pd.Series:
    return values.astype("string").str.contains(",", regex=False).fillna(False)


def _blank(values: pd.Series) -> np.ndarray:
    text = values.astype("string").str.strip()
    return (text.isna() | (text == "")).to_numpy(dtype=bool)


@dataclass
class _Problem:
    """Rows failing one check: which column, why, and the values to quote."""

    column: str
    what: str
    mask: np.ndarray
    values: pd.Series
    header_row: int

    @property
    def first(self) -> int:
        return int(np.flatnonzero(self.mask)[0])

    def example(self, limit: int = 1) -> str:
        """``"first at rows 3 and 5: '32/01/2022'"``, rows numbered as the spreadsheet shows them."""
        rows = spreadsheet_rows(np.flatnonzero(self.mask), limit, self.header_row)
        value = display_text(self.values.iloc[self.first], 40)
        return f"first at {rows}: '{value}'" if value else f"first at {rows}"


def parse_event_dates(values: pd.Series, *, european: bool = False) -> tuple[np.ndarray, np.ndarray, str | None]:
    """Parse event dates, deciding the day/month order of numeric dates from the data.

    ISO dates (``2024-01-31``) and ACLED's ``31 January 2024`` are read as such. Numeric
    dates as spreadsheets re-save them (``31/01/2024``, ``1/31/2024``, ``31.01.24``) are
    read in one order for the whole column: day first if some first number is over 12,
    month first if some second number is. When every date fits both orders, day first
    for a ``european`` file (``;``-separated, as Excel saves where 31/01/2024 is usual)
    and month first otherwise (US Excel's ``m/d/yyyy``), and the note says which.

    Parameters
    ----------
    values
        The ``event_date`` column as text.
    european
        The tie-break for numeric dates that fit both orders.

    Returns
    -------
    (dates, bad, note)
        ``datetime64[ns]`` array (NaT where unusable), boolean mask of unusable or blank
        cells, and a sentence about the order chosen (``None`` when no date was numeric).
    """
    text = values.astype("string").str.strip()
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    todo = text.notna() & (text != "")
    for fmt in DATE_FORMATS:
        if not todo.any():
            break
        attempt = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        parsed.loc[attempt.index] = attempt
        todo &= parsed.isna()
    note = None
    parts = text[todo].str.extract(_NUMERIC_DATE)
    parts = parts[parts[0].notna()]
    if len(parts):
        first, second = parts[0].astype(int), parts[1].astype(int)
        day_evidence, month_evidence = int((first > 12).sum()), int((second > 12).sum())
        day_first = day_evidence > month_evidence if (day_evidence or month_evidence) else european
        order = "day/month/year" if day_first else "month/day/year"
        if day_evidence and month_evidence:
            note = (f"Numeric event dates mix day/month and month/day orders; they were read as {order}, "
                    "the order most of them need, and rows that do not fit were dropped.")
        elif day_evidence or month_evidence:
            example = parts.index[((first if day_first else second) > 12).to_numpy()][0]
            note = f"Numeric event dates were read as {order}, as values such as '{text[example]}' show."
        parsed.loc[parts.index] = _read_numeric(parts, day_first)
        if not (day_evidence or month_evidence) and pd.notna(parsed[parts.index[0]]):
            example = parts.index[0]
            note = (
                f"Every numeric event date fits both day/month and month/day, so they were read as {order} "
                f"('{text[example]}' is {parsed[example]:%d %B %Y}), as "
                f"{'a ;-separated European Excel file' if european else 'US Excel'} writes them; if that is "
                "wrong, save the dates as yyyy-mm-dd and upload again."
            )
    bad = parsed.isna().to_numpy().copy()
    return parsed.to_numpy(), bad, note


def _read_numeric(parts: pd.DataFrame, day_first: bool) -> pd.Series:
    day, month = (parts[0], parts[1]) if day_first else (parts[1], parts[0])
    year = parts[2].astype(int)
    year = year.where(parts[2].str.len() == 4, year + np.where(year < 69, 2000, 1900))
    frame = pd.DataFrame({"year": year, "month": month.astype(int), "day": day.astype(int)})
    return pd.to_datetime(frame, errors="coerce")


def filter_events(
    gdf: gpd.GeoDataFrame,
    start: date | str | None = None,
    end: date | str | None = None,
    event_types: Iterable[str] | None = None,
    actors: Iterable[str] | None = None,
) -> gpd.GeoDataFrame:
    """Events between ``start`` and ``end`` (inclusive days) of the given types and actors.

    ``None`` means "no filter" for each argument; an empty ``event_types`` or ``actors``
    selects nothing (a user who unticks every type expects an empty map). An actor matches
    ``actor1`` or, when present, ``actor2``.

    Returns
    -------
    geopandas.GeoDataFrame
        The chosen rows of ``gdf`` (same columns and CRS, EPSG:4326 from :func:`read_events`).
    """
    mask = np.ones(len(gdf), dtype=bool)
    dates = gdf["event_date"]
    if start is not None:
        mask &= (dates >= pd.Timestamp(start)).to_numpy()
    if end is not None:
        mask &= (dates < pd.Timestamp(end) + pd.Timedelta(days=1)).to_numpy()
    if event_types is not None:
        mask &= gdf["event_type"].isin(list(event_types)).to_numpy()
    if actors is not None:
        wanted = list(actors)
        by_actor = np.zeros(len(gdf), dtype=bool)
        for column in ("actor1", "actor2"):
            if column in gdf.columns:
                by_actor |= gdf[column].isin(wanted).to_numpy()
        mask &= by_actor
    return gdf.loc[mask]


def event_facets(gdf: gpd.GeoDataFrame) -> dict:
    """What the filter widgets need: date range, event types and actors (most frequent first)."""
    actors = pd.concat([gdf[c] for c in ("actor1", "actor2") if c in gdf.columns], ignore_index=True)
    actors = actors[actors.notna() & (actors.astype("string").str.strip() != "")]
    return {
        "start": gdf["event_date"].min().date() if len(gdf) else None,
        "end": gdf["event_date"].max().date() if len(gdf) else None,
        "event_types": gdf["event_type"].value_counts().index.tolist(),
        "actors": actors.value_counts().index.tolist(),
    }


def hexbin_density(gdf: gpd.GeoDataFrame, cell_km: float = 25.0) -> gpd.GeoDataFrame:
    """Count events (and sum fatalities) per hexagon of equal area.

    Parameters
    ----------
    gdf
        Point events in EPSG:4326 (as from :func:`read_events`).
    cell_km
        Distance between neighbouring hexagon centres in kilometres (the width across flats).

    Returns
    -------
    GeoDataFrame
        One row per occupied hexagon: ``count``, ``fatalities`` and polygon ``geometry`` in
        EPSG:4326, largest counts first. Binning happens in ``REGION_EQUAL_AREA`` metres
        so a cell covers the same ground anywhere in the region.
    """
    if cell_km <= 0:
        raise ValueError("cell_km must be positive")
    columns = {"count": pd.Series(dtype="int64"), "fatalities": pd.Series(dtype="int64")}
    if gdf.empty:
        return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=WGS84), crs=WGS84)
    to_area = Transformer.from_crs(WGS84, REGION_EQUAL_AREA, always_xy=True)
    x, y = to_area.transform(gdf.geometry.x.to_numpy(), gdf.geometry.y.to_numpy())
    edge_m = cell_km * 1000.0 / math.sqrt(3)  # centre-to-corner of a hexagon cell_km across flats
    q, r = cells_of(x, y, edge_m)
    fatalities = gdf["fatalities"].fillna(0).to_numpy("int64") if "fatalities" in gdf.columns else np.zeros(len(gdf))
    cells = pd.DataFrame({"q": q, "r": r, "fatalities": fatalities})
    grouped = cells.groupby(["q", "r"], sort=False).agg(count=("q", "size"), fatalities=("fatalities", "sum"))
    grouped = grouped.reset_index().sort_values("count", ascending=False, kind="stable")
    cx, cy = cell_centres(grouped["q"].to_numpy(), grouped["r"].to_numpy(), edge_m)
    polygons = gpd.GeoSeries(hexagon_polygons(cx, cy, edge_m), crs=REGION_EQUAL_AREA).to_crs(WGS84).values
    return gpd.GeoDataFrame(
        {"count": grouped["count"].to_numpy("int64"), "fatalities": grouped["fatalities"].to_numpy("int64")},
        geometry=polygons,
        crs=WGS84,
    )


def synthetic_acled_csv(n_rows: int, seed: int = 0) -> bytes:
    """An ACLED-shaped CSV of ``n_rows`` made-up events inside the region, for tests and benchmarks.

    Every name is labelled synthetic: these rows must never be mistaken for real events.
    """
    rng = np.random.default_rng(seed)
    types = np.array(["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests",
                      "Riots", "Strategic developments"])
    days = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 1095, n_rows), unit="D")
    iso_days = days.strftime("%Y-%m-%d").to_numpy()
    long_days = days.strftime("%d %B %Y").to_numpy()
    frame = pd.DataFrame({
        "event_id_cnty": [f"SYN{i}" for i in range(n_rows)],
        "event_date": np.where(rng.random(n_rows) < 0.5, iso_days, long_days),
        "year": days.year,
        "event_type": types[rng.integers(0, len(types), n_rows)],
        "sub_event_type": "Synthetic sub-type",
        "actor1": np.char.add("Synthetic actor ", rng.integers(0, 40, n_rows).astype(str)),
        "actor2": np.char.add("Synthetic actor ", rng.integers(0, 40, n_rows).astype(str)),
        "country": "Synthetic country",
        "admin1": np.char.add("Synthetic province ", rng.integers(0, 30, n_rows).astype(str)),
        "location": np.char.add("Synthetic place ", rng.integers(0, 5000, n_rows).astype(str)),
        "latitude": np.round(rng.uniform(29.5, 38.4, n_rows), 4),
        "longitude": np.round(rng.uniform(60.6, 74.8, n_rows), 4),
        "geo_precision": rng.integers(1, 4, n_rows),
        "source": "Synthetic source",
        "notes": "Synthetic benchmark row; not a real event. " * 3,
        "fatalities": rng.poisson(1.2, n_rows),
    })
    return frame.to_csv(index=False).encode("utf-8")
