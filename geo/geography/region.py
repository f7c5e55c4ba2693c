"""The mapped region's settings: extent, focus states and build tolerances (``data/geography/region.toml``)."""

from __future__ import annotations

from pathlib import Path

from geo.core import GEOGRAPHY_DIR, read_toml

REGION_FILE = GEOGRAPHY_DIR / "region.toml"


def load_region(path: Path = REGION_FILE) -> dict:
    """Read the region settings.

    Parameters
    ----------
    path : pathlib.Path
        The TOML file; defaults to ``data/geography/region.toml``.

    Returns
    -------
    dict
        Its tables as parsed: ``extent`` (degrees, EPSG:4326), focus states and tolerances.

    Raises
    ------
    geo.core.DataFileError
        If the file is missing or not valid TOML.
    """
    return read_toml(path)
