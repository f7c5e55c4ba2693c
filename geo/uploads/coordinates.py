"""Turn a user's coordinate columns into lon/lat we can trust, explaining what we changed.

The mistakes here are the tired-analyst kind, not the attacker kind: latitude and
longitude in the wrong columns, Web Mercator metres saved without saying so, a typo that
puts one village in the Atlantic. Each is detected against the map region (from
``data/geography/region.toml``) and either fixed with a sentence saying so, or refused
with a sentence saying what to do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd
from pyproj import CRS, Transformer

from geo.core import Extent
from geo.geography import load_region

WEB_MERCATOR = CRS.from_epsg(3857)

#: Header spellings accepted for each axis, most specific first (normalised: lower case,
#: letters and digits only). ``y``/``x`` come last so a file with both ``lat`` and ``y``
#: uses ``lat``.
LATITUDE_NAMES: tuple[str, ...] = ("latitude", "lat", "latdd", "latdeg", "ycoord", "y")
LONGITUDE_NAMES: tuple[str, ...] = ("longitude", "lon", "lng", "long", "londd", "londeg", "xcoord", "x")


class CoordinateError(ValueError):
    """Coordinates that cannot be turned into lon/lat; the message says why and what to do."""


@lru_cache(maxsize=1)
def region_extent() -> Extent:
    """The map region's extent as configured in ``region.toml``."""
    ext = load_region()["extent"]
    return Extent(float(ext["min_lon"]), float(ext["min_lat"]), float(ext["max_lon"]), float(ext["max_lat"]))


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).strip().lower())


def find_lat_lon_columns(columns: list[str]) -> tuple[str, str]:
    """Return the (latitude, longitude) column names among ``columns``.

    Raises
    ------
    CoordinateError
        Naming the columns that were found, so the analyst can see what to rename.
    """
    by_norm: dict[str, str] = {}
    for column in columns:
        by_norm.setdefault(_normalise(column), column)
    lat = next((by_norm[n] for n in LATITUDE_NAMES if n in by_norm), None)
    lon = next((by_norm[n] for n in LONGITUDE_NAMES if n in by_norm), None)
    if lat is None or lon is None:
        missing = " and ".join(
            axis for axis, col in (("latitude", lat), ("longitude", lon)) if col is None
        )
        shown = ", ".join(str(c)[:40] for c in columns[:12]) + (", …" if len(columns) > 12 else "")
        raise CoordinateError(
            f"The CSV has no {missing} column (columns found: {shown or 'none'}). "
            "Name the coordinate columns 'latitude' and 'longitude' (or lat/lon, y/x) in decimal degrees."
        )
    return lat, lon


def spreadsheet_rows(positions: np.ndarray, limit: int = 5, header_row: int = 1) -> str:
    """``"rows 3, 8 and 12"`` for 0-based data positions, numbered as a spreadsheet shows them.

    ``header_row`` is the header's row number: 1, or 2 below an Excel ``sep=`` hint line.
    """
    rows = [int(p) + header_row + 1 for p in positions[:limit]]
    more = len(positions) - len(rows)
    if len(rows) == 1:
        return f"row {rows[0]}"
    text = ", ".join(map(str, rows[:-1])) + f" and {rows[-1]}" if not more else ", ".join(map(str, rows))
    return f"rows {text}" + (f" (and {more:,} more)" if more else "")


def parse_numbers(
    values: pd.Series, decimal_comma: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse text to floats without guessing.

    ``decimal_comma`` reads ``34,5`` as 34.5; only safe when the comma cannot be the
    column separator (a ``;``- or tab-separated file).

    Returns
    -------
    (numbers, bad, blank)
        ``numbers`` as float64 with NaN where unusable; ``bad`` marks cells holding text
        that is not a number (``"34,5"``, ``"34°N"``, ``"NaN"``, ``"inf"``), ``blank``
        marks empty cells. Both are boolean arrays aligned with ``values``.
    """
    text = values.astype("string").str.strip()
    if decimal_comma:
        text = text.str.replace(",", ".", regex=False)
    blank = (text.isna() | (text == "")).to_numpy(dtype=bool)
    numbers = pd.to_numeric(text.where(~blank), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    bad = ~blank & ~np.isfinite(numbers)
    numbers[bad] = np.nan
    return numbers, bad, blank


def decimal_comma_example(columns: Sequence[tuple[pd.Series, np.ndarray]]) -> tuple[str, float] | None:
    """The first cell written with a decimal comma and the number read from it, or ``None``.

    For the message saying so ("such as 34,53 … read as 34.53"): an example from the file itself.

    Parameters
    ----------
    columns
        Each column's text cells with the numbers :func:`parse_numbers` read from them.
    """
    for values, numbers in columns:
        text = values.astype("string").str.strip()
        with_comma = text.str.contains(",", regex=False).fillna(False).to_numpy(dtype=bool) & np.isfinite(numbers)
        if with_comma.any():
            i = int(np.flatnonzero(with_comma)[0])
            return str(text.iloc[i]), float(numbers[i])
    return None


#: Coordinates beyond ±180/±90 but below this cannot be projected metres of the region: typos.
TYPO_MAX = 1_000.0


@dataclass
class Diagnosis:
    """What :func:`diagnose_lonlat` decided: a CRS to assume, whether to swap, what to say."""

    assume_crs: CRS | None = None
    swap: bool = False
    outside: int = 0
    messages: list[str] = field(default_factory=list)
    #: Features whose coordinates cannot be degrees among many that are (typos): left out. ``None``: none.
    drop: np.ndarray | None = None


def diagnose_lonlat(
    x: np.ndarray, y: np.ndarray, *, crs_declared: bool, extent: Extent | None = None, what: str = "features"
) -> Diagnosis:
    """Check representative coordinates (one x, y per feature) against the region.

    ``x``/``y`` are what the file says are longitude/latitude (after reprojection from a
    declared CRS). Decisions, in order:

    0. Values beyond ±180/±90 are not degrees. When they are at most half the features and
       most of the others lie in the region, they are typos (``lon 269``): ``drop`` marks them,
       the message names the first, and the rest go on to the checks below.
    1. Values beyond ±180/±90 are not degrees. If swapping the axes puts every feature in
       the region, swap; else if reading them as Web Mercator metres (EPSG:3857) puts at
       least 90 % in the region and no CRS was declared, assume it; otherwise refuse.
    2. If almost nothing is in the region as written but everything is once swapped, swap.
    3. Count what is still outside the region: warn, keep.

    Raises
    ------
    CoordinateError
        When the values cannot be degrees and no reading of them fits the region.
    """
    extent = extent or region_extent()
    result = Diagnosis()
    n = len(x)
    if n == 0:
        return result
    not_degrees = (np.abs(x) > 180) | (np.abs(y) > 90)
    degrees = ~not_degrees
    # Beyond ±180/±90 but under 1,000: no projection of this region gives such metres (UTM eastings
    # start at 166,000), so these are typos (lon 270, lat 95) whatever their share: left out.
    typos = not_degrees & (np.maximum(np.abs(x), np.abs(y)) < TYPO_MAX)
    if typos.any() and typos.all():
        first = int(np.flatnonzero(typos)[0])
        raise CoordinateError(
            f"No {what[:-1] if what.endswith('s') else what} has coordinates that can be longitude and latitude (the "
            f"first near lon {x[first]:g}, lat {y[first]:g}, beyond ±180/±90); check the coordinate columns or "
            "their order.")
    if not_degrees.any() and (typos.any() or not_degrees.mean() <= 0.5) \
            and extent.contains(x[degrees], y[degrees]).mean() >= 0.5:
        # Most features are degrees in the region: the others are typos (lon 269), not another CRS.
        first = int(np.flatnonzero(not_degrees)[0])
        result.drop = not_degrees
        result.messages.append(
            f"{int(not_degrees.sum()):,} of {n:,} {what} {'has' if not_degrees.sum() == 1 else 'have'} coordinates "
            f"beyond ±180/±90 (the first near lon {x[first]:g}, lat {y[first]:g}), which cannot be longitude and "
            "latitude; "
            f"{'it was' if not_degrees.sum() == 1 else 'they were'} left out and the rest kept. Check "
            f"{'it' if not_degrees.sum() == 1 else 'them'} in the source."
        )
        x, y, n = x[degrees], y[degrees], int(degrees.sum())
        not_degrees = not_degrees[degrees]
    if not_degrees.any():
        if extent.contains(y, x).all():
            result.swap = True
            result.messages.append(_swap_sentence(n, what))
            return result
        largest = float(np.nanmax(np.maximum(np.abs(x), np.abs(y))))
        if not crs_declared:
            to_wgs84 = Transformer.from_crs(WEB_MERCATOR, "EPSG:4326", always_xy=True)
            lon, lat = to_wgs84.transform(x, y)
            if extent.contains(lon, lat).mean() >= 0.9:
                result.assume_crs = WEB_MERCATOR
                result.messages.append(
                    f"The coordinates (up to {largest:,.0f}) are not degrees and no CRS was declared; "
                    "they fit the map only as Web Mercator metres, so EPSG:3857 was assumed and "
                    "converted to WGS84. Declare the CRS in the file to be sure."
                )
                result.outside = int((~extent.contains(lon, lat)).sum())
                _outside_sentence(result, n, what)
                return result
            raise CoordinateError(
                f"{int(not_degrees.sum()):,} of {n:,} {what} have coordinates beyond ±180/±90 (up to "
                f"{largest:,.0f}), so they are not degrees: probably projected metres saved without a CRS. "
                "Re-export the layer as WGS84 (EPSG:4326) or with its CRS declared (a .prj file, or the "
                "CRS in the GeoPackage)."
            )
        raise CoordinateError(
            f"The file declares a geographic CRS but {int(not_degrees.sum()):,} of {n:,} {what} have "
            f"coordinates beyond ±180/±90 (up to {largest:,.0f}): the declared CRS is wrong, probably "
            "projected metres labelled as degrees. Re-export the layer with its real CRS."
        )
    inside = extent.contains(x, y)
    if inside.mean() < 0.5 and extent.contains(y, x).all():
        result.swap = True
        result.messages.append(_swap_sentence(n, what))
        return result
    result.outside = int((~inside).sum())
    _outside_sentence(result, n, what)
    zero = (x == 0) & (y == 0)
    if zero.any():  # "null island": blank coordinates exported as zeros
        result.messages.append(
            f"{int(zero.sum()):,} of {n:,} {what} {'is' if zero.sum() == 1 else 'are'} at exactly 0, 0 (in the Gulf "
            "of Guinea), which usually means blank coordinates saved as zeros; check them in the source."
        )
    return result


def _swap_sentence(n: int, what: str) -> str:
    return (
        f"All {n:,} {what} fall inside the map region only with latitude and longitude swapped, so "
        "the two were swapped; check the column order (or [lon, lat] order) in the source."
    )


def _outside_sentence(result: Diagnosis, n: int, what: str) -> None:
    if result.outside:
        result.messages.append(
            f"{result.outside:,} of {n:,} {what} lie outside the map region; they were kept but may be "
            "off-screen or a coordinate typo."
        )
