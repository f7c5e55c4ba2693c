"""Turn data problems into one readable line on screen instead of a traceback."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from geo.core import DataFileError

T = TypeVar("T")


def load_or_stop(loader: Callable[[], T]) -> T:
    """Run ``loader``; on a damaged data file show its one-line message and stop the page."""
    try:
        return loader()
    except DataFileError as exc:
        st.error(str(exc), icon=":material/warning:")
        st.stop()
        raise  # unreachable: st.stop() raises; keeps type checkers honest
