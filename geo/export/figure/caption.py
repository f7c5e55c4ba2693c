"""The caption every export carries: the user's sentence, the sources, the essay and the date.

Shared by the static figure and the HTML export, so both name the same sources. The figure
wraps it by measuring the text (:mod:`geo.export.figure.layout`), so a long caption flows onto
more lines instead of running into the map.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geo.bundle import time_domain
from geo.geography import basemap_credit
from geo.layers import SCHEMATIC_NOTE, Layer, is_schematic, layers_window


def report_caption(
    layers: list[Layer], caption: str = "", date: dt.date | None = None, projection: str = "",
    essay: str = "", *, note: str = "",
) -> str:
    """The caption of an export of ``layers``.

    The user's own ``caption`` first, then the sources of the visible layers (each once), the
    basemap's source, the essay citation (the loaded bundle's ``meta.attribution``; omitted when
    empty), a note when a visible route is schematic, the time window the layers were filtered
    to (if any; else the years the shown claims' dates cover), the figure's own ``note`` (e.g.
    where its base map ends), the projection and the export date.
    """
    window = layers_window(layers)
    parts = (part.strip().rstrip(".") for layer in layers for part in layer.spec.source.split(";"))
    cited_essay = essay.strip().rstrip(".")
    # The essay is named once, after the sources, even when a layer's source names it too.
    sources = list(dict.fromkeys(part for part in parts if part and part != cited_essay))
    date = date or dt.date.today()
    schematic = any(is_schematic(layer) for layer in layers)
    return " ".join(
        part
        for part in (
            caption.strip(),
            "Sources: " + "; ".join(sources) + f"; {basemap_credit()}.",
            f"Essay: {essay.strip().rstrip('.')}." if essay.strip() else "",
            SCHEMATIC_NOTE if schematic else "",
            f"Time window: {window.label()} (claims dated outside it hidden; undated claims shown)." if window
            else _all_dates(layers),
            note.strip(),
            f"Projection: {projection}." if projection else "",
            f"Exported {date.isoformat()} from Spillover Atlas.",
        )
        if part
    )


def _all_dates(layers: list[Layer]) -> str:
    """The caption's time line when no window is set: the span the shown claims' dates cover.

    ``""`` when no claim is shown; a sentence saying none is dated when that is so.

    So a figure pasted into a report says what time it covers even at "All dates".
    """
    frames = [layer.frame for layer in layers if {"date", "period"} & set(layer.frame.columns) and len(layer.frame)]
    if not frames:
        return ""
    domain = time_domain(pd.concat(frames, ignore_index=True))
    if domain is None:  # an essay whose claims carry their time in words only
        return "Time: no claim shown carries a date; each is shown whatever its time."
    first, last = domain[0].year, domain[1].year  # years: a period given as "1996" has no first day
    return f"Time: all dates ({first}{'–' + str(last) if last != first else ''}); undated claims shown."

