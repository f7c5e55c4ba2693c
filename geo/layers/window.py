"""A layer seen through a time window: claims by their date or period, uploaded events by their day.

Layers with no time of their own (borders, places, the risk surface, hexagon counts of events)
pass through unchanged: a window says nothing about them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np

from geo.bundle import in_window
from geo.core import TimeSpan, TimeWindow, iso_span
from geo.layers.specs import Layer

#: The column an uploaded events layer keeps each event's day in (ISO text; ACLED's ``event_date``).
EVENT_DATE = "event_date"


def is_timed(layer: Layer) -> bool:
    """True when a time window can filter ``layer``: it has claim dates/periods or event days."""
    columns = layer.frame.columns
    return ("date" in columns and "period" in columns) or EVENT_DATE in columns


def layer_in_window(layer: Layer, window: TimeWindow | None) -> Layer:
    """``layer`` with only the features that the time ``window`` keeps.

    Parameters
    ----------
    layer
        Any layer; claim layers are filtered by ``date``/``period`` (undated claims kept),
        event layers by ``event_date`` (an unreadable day is kept, like an undated claim).
    window
        The window; ``None`` returns ``layer`` itself.

    Returns
    -------
    Layer
        A new layer (same spec, EPSG:4326 frame subset, ``window`` set) for a timed layer,
        else ``layer`` itself.
    """
    if window is None or not is_timed(layer):
        return layer
    frame = layer.frame
    if EVENT_DATE in frame.columns:
        spans = (iso_span(str(v)) if v is not None else None for v in frame[EVENT_DATE])
        keep = np.fromiter((window.overlaps(TimeSpan(*s) if s else None) for s in spans), dtype=bool,
                           count=len(frame))
    else:
        keep = in_window(frame, window)
    return Layer(spec=layer.spec, frame=frame.loc[keep], window=window)


def event_days(layers: Iterable[Layer]) -> list[dt.date]:
    """The first and last event day of each events layer, for the time control's range."""
    days: list[dt.date] = []
    for layer in layers:
        if EVENT_DATE not in layer.frame.columns or layer.frame.empty:
            continue
        spans = [s for s in (iso_span(str(v)) for v in layer.frame[EVENT_DATE]) if s]
        if spans:
            days += [min(s[0] for s in spans), max(s[1] for s in spans)]
    return days


def layers_window(layers: Iterable[Layer]) -> TimeWindow | None:
    """The time window the layers were filtered to (the first one set), for captions and metadata."""
    return next((layer.window for layer in layers if layer.window is not None), None)
