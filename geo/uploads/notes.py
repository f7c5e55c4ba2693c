"""What an upload's attribute columns tell the user: empty columns, repeated ids, formula-like text.

Nothing here changes the data: repeated ids are all kept and formula-like cells stay as
typed (they are shown as text and defused only in CSV exports); the user is told instead.
"""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd

from geo.core import count_phrase
from geo.uploads.safe_text import FORMULA_PREFIXES, display_text, neutralise_cell

_ID_COLUMNS = {"id", "fid", "uid", "objectid", "featureid", "eventid", "eventidcnty"}


def is_text(series: pd.Series) -> bool:
    """Whether a column holds text (object or string dtype)."""
    return series.dtype == object or pd.api.types.is_string_dtype(series)


def has_values(series: pd.Series) -> bool:
    """Whether a column has at least one value that is not missing or blank text."""
    if is_text(series):
        return bool((series.dropna().astype("string").str.strip() != "").any())
    return bool(series.notna().any())


def note_duplicate_ids(frame: gpd.GeoDataFrame, feature_ids: list | None, messages: list[str]) -> None:
    """Warn when GeoJSON feature ids or id-like columns repeat, since selecting by them is ambiguous."""
    candidates: list[tuple[str, pd.Series]] = []
    if feature_ids and any(i is not None for i in feature_ids):
        candidates.append(("GeoJSON feature id", pd.Series([str(i) for i in feature_ids if i is not None])))
    for column in frame.columns:
        if re.sub(r"[^a-z0-9]", "", str(column).lower()) in _ID_COLUMNS:
            values = frame[column].dropna().astype("string")
            candidates.append((f"'{display_text(column, 40)}' value", values[values.str.strip() != ""]))
    for label, values in candidates:
        duplicated = values[values.duplicated(keep=False)]
        if len(duplicated):
            messages.append(
                f"{len(duplicated):,} features have the same {label} as another feature "
                f"(e.g. '{display_text(duplicated.iloc[0], 40)}'); all were kept, but selecting or "
                "joining by that id may be ambiguous."
            )


def note_formula_cells(frame: gpd.GeoDataFrame, messages: list[str]) -> None:
    """Warn about text cells a spreadsheet would run as formulas."""
    count = 0
    for column in frame.columns:
        series = frame[column]
        if column == frame.geometry.name or not is_text(series):
            continue
        text = series.dropna().astype("string")
        starts = text[text.str.startswith(FORMULA_PREFIXES)]
        count += sum(1 for value in starts if neutralise_cell(value) != value)
    if count:
        messages.append(
            f"{count_phrase(count, 'text cell')} {'starts' if count == 1 else 'start'} with =, +, -, @ or a tab, "
            "which spreadsheets run as formulas; "
            "they are shown as text and prefixed with ' in CSV exports."
        )
