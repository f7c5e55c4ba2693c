"""The caption every export carries: the user's sentence, the sources, the essay and the date.

Shared by the static figure and the HTML export, so both name the same sources.
"""

from __future__ import annotations

import datetime as dt
import textwrap

from geo.export.figure.page import PagePreset
from geo.export.figure.style import FONT_SIZES
from geo.geography import basemap_credit
from geo.layers import Layer, layers_window

PROJECTION_NOTE = "Lambert azimuthal equal-area (centre 37°N 68°E)"


def report_caption(
    layers: list[Layer], caption: str = "", date: dt.date | None = None, projection: str = PROJECTION_NOTE,
    essay: str = "",
) -> str:
    """The caption every export carries, after the user's own ``caption``.

    The sources of the visible layers (each once), the basemap's source, the essay citation
    (the loaded bundle's ``meta.attribution``; omitted when empty), the time window the layers
    were filtered to (if any) and the export date.
    """
    window = layers_window(layers)
    parts = (part.strip().rstrip(".") for layer in layers for part in layer.spec.source.split(";"))
    sources = list(dict.fromkeys(part for part in parts if part))
    date = date or dt.date.today()
    return " ".join(
        part
        for part in (
            caption.strip(),
            "Sources: " + "; ".join(sources) + f"; {basemap_credit()}.",
            f"Essay: {essay.strip().rstrip('.')}." if essay.strip() else "",
            f"Time window: {window.label()} (claims dated outside it hidden; undated claims shown)." if window else "",
            f"Projection: {projection}. Exported {date.isoformat()} from Spillover Atlas.",
        )
        if part
    )


def wrap_caption(layers: list[Layer], caption: str, date: dt.date, page: PagePreset, essay: str) -> list[str]:
    """:func:`report_caption` wrapped into lines that fit the page's width at the caption's font size."""
    chars_per_line = int((page.width_in - 0.5) * 72 / (FONT_SIZES["caption"] * 0.58))
    return textwrap.wrap(report_caption(layers, caption, date, essay=essay), chars_per_line)
