"""Page shapes of the report figure and the map extent it shows by default.

The default extent is the live map's opening view, so an export with no extent given
shows what the app shows when it opens.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from geo.export.checks import ExportError, Extent
from geo.geography import DEFAULT_CENTER, DEFAULT_ZOOM


@dataclass(frozen=True)
class PagePreset:
    """A page shape: physical size (inches, which is also the PDF page) and PNG resolution."""

    key: str
    label: str
    width_in: float
    height_in: float
    dpi: int

    @property
    def png_size(self) -> tuple[int, int]:
        """PNG width and height in pixels at :attr:`dpi` (matplotlib truncates fractions)."""
        return int(self.width_in * self.dpi + 1e-6), int(self.height_in * self.dpi + 1e-6)


SIZES: dict[str, PagePreset] = {
    "16:9": PagePreset("16:9", "16:9 slide", 12.8, 7.2, 250),
    "a4-landscape": PagePreset("a4-landscape", "A4 landscape", 297 / 25.4, 210 / 25.4, 300),
}


def page_preset(size: str) -> PagePreset:
    """The preset named ``size``; an :class:`ExportError` naming the choices otherwise."""
    try:
        return SIZES[size]
    except KeyError:
        raise ExportError(f"Unknown page size {size!r}; choose one of {', '.join(SIZES)}.") from None


def view_extent(
    center: tuple[float, float] = DEFAULT_CENTER,
    zoom: float = DEFAULT_ZOOM,
    width_px: int = 1100,
    height_px: int = 640,
) -> Extent:
    """The lon/lat box a Leaflet map of ``width_px`` × ``height_px`` shows at ``center``/``zoom``.

    Lets the app (and the CLI's default) export "the current view" when only centre and
    zoom are known. Web Mercator, 256-px tiles, as Leaflet.
    """
    lat, lon = center
    world = 256 * 2**zoom
    cx = (lon + 180) / 360 * world
    cy = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * world

    def to_lat(y: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / world))))

    west, east = (cx - width_px / 2) / world * 360 - 180, (cx + width_px / 2) / world * 360 - 180
    return Extent(
        round(west, 4),
        round(to_lat(cy + height_px / 2), 4),
        round(east, 4),
        round(to_lat(cy - height_px / 2), 4),
    )


DEFAULT_EXTENT = view_extent()
