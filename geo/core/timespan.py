"""Dates, periods and time windows: when a claim or an event holds, and whether it overlaps a window.

Claims give time as an ISO date of any precision (``2024``, ``2023-07``, ``2022-07-31``) or an
ISO period (``1996/2001``, ``2021-08-15/..``). A date of year or month precision stands for
every day it could mean, so ``2024`` spans 1 Jan to 31 Dec 2024 and overlaps a window that
touches any of it. Everything here works on :class:`datetime.date` (calendar days, no time
zone): the sources give days, not instants.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
#: How a window is written in a URL: ``START..END``, either side may be empty (open).
WINDOW_SEPARATOR = ".."


def iso_span(text: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day an ISO date of any precision can mean.

    Parameters
    ----------
    text
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; anything after the day (a time, a zone) is
        ignored, so ``2024-01-31T10:00:00`` is 31 Jan 2024.

    Returns
    -------
    tuple of (datetime.date, datetime.date) or None
        ``(first day, last day)``, equal for a full date; ``None`` when ``text`` is empty or
        not an ISO date.

    Examples
    --------
    >>> iso_span("2024")
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    >>> iso_span("2023-02")
    (datetime.date(2023, 2, 1), datetime.date(2023, 2, 28))
    """
    if not isinstance(text, str):
        return None
    match = _ISO.match(text.strip())
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if day is None:
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        day_date = dt.date(year, month, day)
    except ValueError:
        return None
    return day_date, day_date


@dataclass(frozen=True)
class TimeSpan:
    """When something holds: from ``start`` to ``end`` (inclusive days); ``end=None`` is ongoing."""

    start: dt.date
    end: dt.date | None


def claim_span(date: str | None = None, period: str | None = None) -> TimeSpan | None:
    """When a claim holds, from its ``date`` and/or ``period`` fields.

    Parameters
    ----------
    date
        ISO date of any precision, or ``None``.
    period
        ISO period ``START/END``; an empty or ``..`` end means ongoing.

    Returns
    -------
    TimeSpan or None
        The span covering both fields when both are given; ``None`` for an undated claim
        (only a ``period_label``, or values that are not ISO dates).

    Examples
    --------
    >>> claim_span(period="2021-08-15/..")
    TimeSpan(start=datetime.date(2021, 8, 15), end=None)
    """
    spans: list[TimeSpan] = []
    day = iso_span(date)
    if day is not None:
        spans.append(TimeSpan(*day))
    if isinstance(period, str) and "/" in period:
        first, _, last = period.partition("/")
        start = iso_span(first)
        if start is not None:
            end = iso_span(last) if last.strip() not in ("", "..") else None
            spans.append(TimeSpan(start[0], end[1] if end else None))
    if not spans:
        return None
    ends = [s.end for s in spans]
    return TimeSpan(min(s.start for s in spans), None if None in ends else max(ends))


@dataclass(frozen=True)
class TimeWindow:
    """A window of calendar days, ``start`` to ``end`` inclusive; ``None`` leaves that side open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"time window ends ({self.end}) before it starts ({self.start})")

    def overlaps(self, span: TimeSpan | None) -> bool:
        """True when ``span`` shares at least one day with the window; an undated ``None`` span always does.

        Undated claims stay on the map whatever the window: hiding them would say they
        did not hold then, which their sources do not say.
        """
        if span is None:
            return True
        if self.end is not None and span.start > self.end:
            return False
        return not (self.start is not None and span.end is not None and span.end < self.start)

    def encode(self) -> str:
        """The window for a URL, e.g. ``2023-01-01..2023-12-31`` (an open side is left empty)."""
        return WINDOW_SEPARATOR.join(d.isoformat() if d else "" for d in (self.start, self.end))

    def label(self) -> str:
        """The window for readers, e.g. ``1 Jan 2023 – 31 Dec 2023`` or ``up to 31 Dec 2023``."""
        start, end = (d.strftime("%-d %b %Y") if d else None for d in (self.start, self.end))
        if start and end:
            return f"{start} – {end}"
        if end:
            return f"up to {end}"
        if start:
            return f"from {start}"
        return "all dates"


def parse_window(text: str | None) -> TimeWindow | None:
    """A window from its URL form (:meth:`TimeWindow.encode`); ``None`` if absent or malformed.

    Parameters
    ----------
    text
        ``START..END`` with ISO dates; a date of year or month precision opens the window on
        its first day (start) or closes it on its last (end), so ``2023..2023`` is all of 2023.
    """
    if not isinstance(text, str) or WINDOW_SEPARATOR not in text:
        return None
    first, _, last = text.partition(WINDOW_SEPARATOR)
    start, end = iso_span(first), iso_span(last)
    if (first.strip() and start is None) or (last.strip() and end is None) or (start is None and end is None):
        return None
    try:
        return TimeWindow(start[0] if start else None, end[1] if end else None)
    except ValueError:
        return None
