"""The shapes every upload module shares: the error, the limits, what a reader returns, the result.

They live apart from :mod:`geo.uploads.read` so the per-format readers and the clean-up can use
them without importing the entry point that imports them. Import them from
:mod:`geo.uploads.read`; this module is the implementation's home, not a second public door.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd

from geo.core import count_phrase

MB = 1024 * 1024


class UploadError(ValueError):
    """An upload that cannot be used; ``str()`` is one sentence saying what is wrong and what to do."""


@dataclass(frozen=True)
class UploadLimits:
    """Size caps for one upload. ``max_features`` also caps CSV rows."""

    max_bytes: int = 200 * MB
    max_unzipped_bytes: int = 500 * MB
    max_zip_entries: int = 1000
    max_features: int = 500_000


@dataclass
class UploadResult:
    """A usable layer.

    Attributes
    ----------
    frame
        GeoDataFrame in EPSG:4326; text columns kept as text (dates in ``features`` layers
        as ISO strings; ``events`` have ``event_date`` as datetime64).
    kind
        ``"features"`` for ordinary layers, ``"events"`` for ACLED-style event CSVs.
    messages
        Sentences for the user: warnings and every change made.
    columns
        Non-geometry columns with at least one value, in file order: tooltip candidates.
    name
        A plain display name from the file name (no path, no extension, control and bidi
        override characters removed, at most 80 characters).
    html_columns
        Columns holding HTML (a KML ``description``): kept as written in ``frame``, shown
        as their text (:func:`geo.uploads.html_text`) in the preview and tooltips.
    """

    frame: gpd.GeoDataFrame
    kind: str
    messages: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    name: str = "upload"
    html_columns: tuple[str, ...] = ()


@dataclass
class RawLayer:
    """What a format reader hands to the shared clean-up."""

    frame: gpd.GeoDataFrame
    crs_declared: bool
    kind: str = "features"
    checked: bool = False  # coordinates already diagnosed (CSV paths)
    feature_ids: list | None = None
    html_columns: tuple[str, ...] = ()  # HTML by the format's definition (KML descriptions)


def check_count(count: int, limits: UploadLimits) -> None:
    """Refuse a file with more features or rows than ``limits.max_features`` allows."""
    if count > limits.max_features:
        raise UploadError(
            f"The file has {count:,} features or rows; the limit is {limits.max_features:,}. "
            "Filter it to the area or period you need."
        )


def features_phrase(n: int) -> str:
    """``"1 feature"`` or ``"2,345 features"``, for the sentences in ``messages``."""
    return count_phrase(n, "feature")
