"""The main map's time control: a range slider, exact From/To days, "As of the essay" and "All dates".

One value is the truth, :data:`ui.session.TIME_WINDOW` (first and last day shown); every
run copies it into the widgets before they are drawn and each widget's callback writes it
back, so the slider, the two date inputs and the buttons never disagree. It survives a trip
to another page, and the URL (``when=``) carries it to a new one.

Filtering a layer makes a new :class:`geo.layers.Layer`; the same (layer, window) pair
always gives back the same object, so the map's FeatureGroup cache (``ui.leaflet.render``)
builds each filtered layer once and moving the window never remounts the map.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import streamlit as st

from geo.bundle import Bundle, essay_end, time_domain, undated_ids
from geo.core import TimeWindow
from geo.layers import Layer, event_days, layer_in_window
from ui.object_cache import ObjectCache
from ui.session import TIME_FROM, TIME_RANGE, TIME_TO, TIME_WINDOW
from ui.text import md_escape
from ui.url import WINDOW_PARAM, parse_time_window

_windowed: ObjectCache[Layer] = ObjectCache(maxsize=256)


def time_control(bundle: Bundle, layers: Sequence[Layer]) -> TimeWindow | None:
    """Draw the time control in the sidebar; return the chosen window (``None`` = all dates).

    The range runs over every claim date and period, the loaded events and the essay's date.
    """
    essay_day = essay_end(bundle.meta)
    domain = time_domain(bundle.features, [*event_days(layers), essay_day])
    if domain is None:
        return None
    first, last = domain
    if first >= last:  # one date in all (e.g. only the essay's): a range slider would have nothing to span
        st.sidebar.markdown("**Time**")
        if first == essay_day:  # the essay's own date, as precise as the bundle gives it (a year is not a day)
            when = md_escape(bundle.meta.date or str(bundle.meta.year))
            st.sidebar.caption(f"The only date here is the essay's ({when}); no claim or event is dated, so there "
                               "is no range to filter.")
        else:
            st.sidebar.caption(f"Everything dated here falls on {first.isoformat()}; there is no range to filter.")
        st.query_params.pop(WINDOW_PARAM, None)
        return None
    chosen, notice = _chosen(first, last)
    st.session_state[TIME_RANGE] = chosen
    st.session_state[TIME_FROM], st.session_state[TIME_TO] = chosen

    st.sidebar.markdown("**Time**")
    st.sidebar.slider("Dates shown", min_value=first, max_value=last, key=TIME_RANGE, format="YYYY-MM-DD",
                      on_change=_from_slider,
                      help="Claims show when their date or period overlaps these dates; undated claims always show.")
    # One above the other, each the sidebar's full width: side by side, the default sidebar cuts a
    # YYYY-MM-DD date off behind the calendar button.
    st.sidebar.date_input("From", min_value=first, max_value=last, key=TIME_FROM, format="YYYY-MM-DD",
                          on_change=_from_inputs)
    st.sidebar.date_input("To", min_value=first, max_value=last, key=TIME_TO, format="YYYY-MM-DD",
                          on_change=_from_inputs)
    if notice:
        st.sidebar.info(md_escape(notice), icon=":material/info:")
    essay_column, all_column = st.sidebar.columns(2)
    essay_column.button("As of the essay", key="time_as_of_essay", on_click=_set, args=((first, essay_day),),
                        disabled=essay_day is None, width="stretch",
                        help=_essay_help(bundle, essay_day))
    all_column.button("All dates", key="time_all", on_click=_set, args=((first, last),), width="stretch")

    # A side at the end of the range is open: "from the start" and "until the latest date" hold
    # whatever later data widens the range to.
    window = None if chosen == (first, last) else TimeWindow(*(None if d == edge else d
                                                               for d, edge in zip(chosen, (first, last))))
    if window is None:
        st.query_params.pop(WINDOW_PARAM, None)
    else:
        st.query_params[WINDOW_PARAM] = window.encode()
        undated = len(undated_ids(bundle.features))
        st.sidebar.caption(f"Showing claims dated {window.label()}"
                           + (f"; {undated} undated claims show at every date." if undated else "."))
    return window


def windowed(layers: Sequence[Layer], window: TimeWindow | None) -> list[Layer]:
    """``layers`` through ``window``; one Layer object per (layer, window), reused across reruns."""
    if window is None:
        return list(layers)
    return [_windowed.get([layer], lambda layer=layer: layer_in_window(layer, window), extra=window)
            for layer in layers]


def undated_note(bundle: Bundle, window: TimeWindow | None) -> str:
    """The legend's line about undated claims while a window is set (empty otherwise)."""
    undated = len(undated_ids(bundle.features))
    if window is None or not undated:
        return ""
    return f"Time window {window.label()}; {undated} undated claims show at every date."


# --------------------------------------------------------------------------- internals


def _chosen(first: dt.date, last: dt.date) -> tuple[tuple[dt.date, dt.date], str]:
    """The stored window, from the URL on a first visit, clamped to ``first``…``last``; and what the link lost.

    A link's window is never changed in silence: one that misses every date here shows all
    dates, one that reaches past them is cut to them, and the sentence returned says so
    (``""`` when the link's window was used as written, or came from this session).
    """
    notice = ""
    if TIME_WINDOW not in st.session_state:
        asked = st.query_params.get(WINDOW_PARAM)
        window = parse_time_window(st.query_params)
        st.session_state[TIME_WINDOW] = (window.start, window.end) if window else (None, None)
        if asked and window is None:
            reversed_ = re.fullmatch(r"\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}", asked.strip())
            notice = (f"The link's time window “{asked[:60]}” ends before it starts; all dates are shown."
                      if reversed_ else
                      f"The link's time window “{asked[:60]}” is not a window of dates (YYYY-MM-DD..YYYY-MM-DD); "
                      "all dates are shown.")
        elif window is not None:
            notice = _link_notice(window, first, last)
            if _misses(window, first, last):
                st.session_state[TIME_WINDOW] = (None, None)
    start, end = st.session_state[TIME_WINDOW]
    start = min(max(start or first, first), last)
    end = max(min(end or last, last), start)
    return (start, end), notice


def _misses(window: TimeWindow, first: dt.date, last: dt.date) -> bool:
    """Whether ``window`` holds none of the days ``first``…``last``."""
    return bool((window.start and window.start > last) or (window.end and window.end < first))


def _link_notice(window: TimeWindow, first: dt.date, last: dt.date) -> str:
    """What became of a link's window against the dates here (``first``…``last``); ``""`` if it fits."""
    span = TimeWindow(first, last).label()
    if _misses(window, first, last):
        return (f"The link's time window ({window.label()}) holds none of the dates here ({span}); "
                "all dates are shown.")
    cut = [side for side, outside in (("start", window.start and window.start < first),
                                      ("end", window.end and window.end > last)) if outside]
    if cut:
        return (f"The link's time window ({window.label()}) reaches past the dates here ({span}); its "
                f"{' and '.join(cut)} {'was' if len(cut) == 1 else 'were'} moved to them.")
    return ""


def _set(window: tuple[dt.date | None, dt.date | None]) -> None:
    st.session_state[TIME_WINDOW] = window


def _from_slider() -> None:
    _set(tuple(st.session_state[TIME_RANGE]))


def _from_inputs() -> None:
    start, end = st.session_state[TIME_FROM], st.session_state[TIME_TO]
    if start and end and end < start:  # typing a From after To moves To along, not an error
        end = start
    _set((start, end))


def _essay_help(bundle: Bundle, essay_day: dt.date | None) -> str:
    if essay_day is None:
        return "The essay bundle gives no date."
    note = f" {bundle.meta.date_note}" if bundle.meta.date_note else ""
    return (f"Claims dated up to {essay_day.strftime('%-d %b %Y')}, the last day the essay's date "
            f"({bundle.meta.date or bundle.meta.year}) can mean: what the essay could have known.{note}")
