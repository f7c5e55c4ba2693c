"""Type sizes of the report figure, and the live map's styles converted to matplotlib units.

Every colour, width, dash and opacity comes from :func:`geo.layers.symbology.feature_style`, the
same source the live map uses. Leaflet sizes are CSS pixels; one CSS pixel is drawn as
0.75 pt, its physical size on a 96-dpi screen. The map layers and the legend swatches both
convert through here, so a swatch always matches the feature it stands for.
"""

from __future__ import annotations

from matplotlib.colors import to_rgba

PX = 0.75  # points per CSS pixel
TEXT_COLOR = "#1a1a1a"
FONT_SIZES = {
    "title": 18.0,
    "subtitle": 11.0,
    "caption": 6.8,
    "legend": 8.0,
    "country_focus": 8.5,
    "country_context": 6.8,
    "place": 7.2,
    "scale": 7.0,
}


def mpl_linestyle(dash: str, linewidth_pt: float):
    """An SVG dash array (CSS px) as a matplotlib dash pattern (matplotlib scales it by the width)."""
    if not dash or linewidth_pt <= 0:
        return "solid"
    lengths = [float(v) * PX / linewidth_pt for v in dash.replace(",", " ").split()]
    if len(lengths) % 2:
        lengths *= 2
    return (0, tuple(max(v, 0.01) for v in lengths))


def mpl_rgba(color: str, alpha: float) -> tuple[float, float, float, float]:
    """A CSS colour and an opacity as matplotlib's RGBA tuple (each 0–1)."""
    return to_rgba(color, float(alpha))
