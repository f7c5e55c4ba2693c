"""Published border lengths, kept beside the computed ones because they disagree."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from geo.core import DATA_DIR, DataFileError

BORDER_LENGTHS = DATA_DIR / "reference" / "border_lengths.csv"
GENERALISATION_NOTE = (
    "generalised lines run shorter than surveyed ones, so computed lengths usually sit below published "
    "figures; published figures also differ between sources and editions (the CIA's 2001 and current ones)"
)


@lru_cache(maxsize=1)
def published_lengths() -> pd.DataFrame:
    """Rows of (neighbour, source, length_km, citation) from ``data/reference/border_lengths.csv``."""
    try:
        table = pd.read_csv(BORDER_LENGTHS)
    except (FileNotFoundError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DataFileError(BORDER_LENGTHS, "is missing or unreadable", "restore it from git") from exc
    missing = {"neighbour", "source", "length_km", "citation"} - set(table.columns)
    if missing:
        raise DataFileError(BORDER_LENGTHS, f"lacks the columns {sorted(missing)}", "restore it from git")
    return table
