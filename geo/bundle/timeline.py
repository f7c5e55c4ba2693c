"""Claims along time: when each holds, which a time window keeps, and the essay's own date.

The map's time control, the timeline chart and the exports read these, so "shown in
2023" means the same thing everywhere (see :mod:`geo.core.timespan` for the rules).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd

from geo.bundle.essay import EssayMeta
from geo.core import TimeSpan, TimeWindow, claim_span, iso_span

#: Columns of :func:`claim_timeline`, in order.
TIMELINE_COLUMNS = ("id", "actor", "actor_name", "colour", "label", "status_label", "when", "start", "end",
                    "ongoing", "dated")


def feature_spans(frame: pd.DataFrame) -> list[TimeSpan | None]:
    """When each row of a claims frame holds (``None`` for undated rows), from its ``date``/``period`` columns."""
    dates = frame["date"] if "date" in frame.columns else pd.Series([None] * len(frame), index=frame.index)
    periods = frame["period"] if "period" in frame.columns else pd.Series([None] * len(frame), index=frame.index)
    return [claim_span(d, p) for d, p in zip(dates, periods)]


def in_window(frame: pd.DataFrame, window: TimeWindow | None) -> np.ndarray:
    """Which rows of a claims frame (``Bundle.features``) a time window keeps.

    Parameters
    ----------
    frame
        Rows with ``date`` and ``period`` columns (ISO text or empty).
    window
        The window; ``None`` keeps every row.

    Returns
    -------
    numpy.ndarray of bool
        True where the claim's date or period shares a day with the window, and for every
        undated claim (those stay visible whatever the window).
    """
    if window is None:
        return np.ones(len(frame), dtype=bool)
    return np.fromiter((window.overlaps(s) for s in feature_spans(frame)), dtype=bool, count=len(frame))


def undated_ids(frame: pd.DataFrame) -> list[str]:
    """Ids of the claims with neither an ISO date nor a period (only a ``period_label``)."""
    return [str(i) for i, span in zip(frame["id"], feature_spans(frame)) if span is None]


def time_domain(frame: pd.DataFrame, extra: Iterable[dt.date | None] = ()) -> tuple[dt.date, dt.date] | None:
    """The first and last day any claim (or any of the ``extra`` days, e.g. events) touches.

    An ongoing period adds its start only: "until now" has no last day of its own. ``None``
    when nothing is dated.
    """
    days = [d for d in extra if d is not None]
    for span in feature_spans(frame):
        if span is not None:
            days.append(span.start)
            if span.end is not None:
                days.append(span.end)
    return (min(days), max(days)) if days else None


def essay_end(meta: EssayMeta) -> dt.date | None:
    """The last day the essay's date can mean: the end of its "as of the essay" window.

    The bundle's ``date`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``), else its ``year``; a
    year-only date ends on 31 December, the latest day it allows, so nothing the essay may
    have known is hidden. ``None`` when the bundle gives no date.
    """
    span = iso_span(meta.date) or (iso_span(f"{meta.year:04d}") if meta.year > 0 else None)
    return span[1] if span else None


def claim_timeline(frame: pd.DataFrame, open_end: dt.date) -> pd.DataFrame:
    """One row per dated claim for a timeline chart: :data:`TIMELINE_COLUMNS`.

    Parameters
    ----------
    frame
        ``Bundle.features`` (or rows of it).
    open_end
        Where an ongoing period's bar stops on the chart (e.g. the last day shown).

    Returns
    -------
    pandas.DataFrame
        ``start``/``end`` as ``datetime64`` days, ``ongoing`` for open periods, ``dated``
        False for undated claims (kept, with no start or end, so a chart can list them).
    """
    spans = feature_spans(frame)
    rows = []
    for (_, claim), span in zip(frame.iterrows(), spans):
        rows.append({
            "id": claim["id"], "actor": claim["actor"], "actor_name": claim["actor_name"], "colour": claim["colour"],
            "label": claim["label"], "status_label": claim["status_label"], "when": claim["when"],
            "start": pd.Timestamp(span.start) if span else pd.NaT,
            "end": pd.Timestamp(span.end or open_end) if span else pd.NaT,
            "ongoing": bool(span and span.end is None), "dated": span is not None,
        })
    return pd.DataFrame(rows, columns=list(TIMELINE_COLUMNS))
