"""What every export refuses, in words a user can act on.

The app, the CLI and the tests all go through these checks, so "no visible layers",
"nothing in that extent" and "unknown format" read the same everywhere.
"""

from __future__ import annotations

import math

import shapely
from shapely.geometry import box

from geo.core import Extent
from geo.layers import Layer

STATIC_FORMATS = ("png", "svg", "pdf")


class ExportError(ValueError):
    """An export the user asked for cannot be made; the message says why and what to do."""


def parse_extent(text: str) -> Extent:
    """Read ``"min_lon,min_lat,max_lon,max_lat"`` (the CLI's ``--extent``) as an :class:`~geo.core.Extent`.

    Raises
    ------
    ExportError
        When the text is not four numbers.
    """
    parts = [p.strip() for p in text.split(",")]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != 4:
        raise ExportError(
            f"The extent {text!r} is not four numbers; give it as min_lon,min_lat,max_lon,max_lat "
            "(for example 60,29,75,39)."
        )
    return Extent(*values)


def check_layers(layers: list[Layer]) -> list[Layer]:
    """Refuse an export with no visible layers (an empty map is never what a user wants)."""
    layers = list(layers)
    if not layers:
        raise ExportError(
            "There are no visible layers to export; switch on at least one layer and try again."
        )
    return layers


def check_extent(extent: Extent | tuple[float, float, float, float], layers: list[Layer]) -> Extent:
    """A valid lon/lat box that contains at least one feature of the visible layers."""
    try:
        extent = Extent(*(float(v) for v in extent))
    except (TypeError, ValueError) as exc:
        raise ExportError(
            f"The extent {extent!r} is not four numbers (min_lon, min_lat, max_lon, max_lat)."
        ) from exc
    if not all(math.isfinite(v) for v in extent):
        raise ExportError(f"The extent {tuple(extent)} contains a non-finite number; give four real degrees.")
    if not (-180 <= extent.min_lon < extent.max_lon <= 180 and -90 <= extent.min_lat < extent.max_lat <= 90):
        raise ExportError(
            f"The extent {tuple(extent)} is not a lon/lat box: it needs -180 ≤ min_lon < max_lon ≤ 180 "
            "and -90 ≤ min_lat < max_lat ≤ 90."
        )
    area = box(*extent)
    for layer in layers:
        geoms = layer.frame.geometry.values
        if len(geoms) and shapely.intersects(geoms, area).any():
            return extent
    titles = ", ".join(layer.spec.title for layer in layers)
    raise ExportError(
        f"Nothing from the visible layers ({titles}) lies inside the extent {tuple(extent)}; "
        "widen the extent or switch on a layer that has features there."
    )


def check_format(fmt: str, allowed: tuple[str, ...] = STATIC_FORMATS) -> str:
    """Normalise a format name, refusing anything the exporter cannot write."""
    normal = str(fmt).lower().lstrip(".")
    if normal not in allowed:
        raise ExportError(f"Unknown export format {normal!r}; choose one of {', '.join(allowed)}.")
    return normal
