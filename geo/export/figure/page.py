"""Page shapes of the report figure and the map extent it shows by default.

The default extent is the live map's opening view, so an export with no extent given
shows what the app shows when it opens.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.core import view_bounds
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
    return Extent(*view_bounds(center, zoom, width_px, height_px))


DEFAULT_EXTENT = view_extent()
