"""Layers the user uploaded this session, shared between the Upload page and the map.

The Upload page stores each accepted upload as a :class:`geo.layers.specs.Layer` under
``st.session_state[UPLOADED_LAYERS]`` (a dict keyed by layer id); the main map lists them in
the sidebar under "Your data" and the exports include them like any other layer.
"""

from __future__ import annotations

import contextlib

import streamlit as st

from geo.layers import Layer
from ui.session import UPLOADED_LAYERS


def uploaded_layers() -> list[Layer]:
    """The uploaded layers, in upload order (empty when none)."""
    return list(st.session_state.get(UPLOADED_LAYERS, {}).values())


def give_back_memory() -> None:
    """Return to the operating system the memory an upload's reading used and freed.

    Parsing a CSV of events takes several times the file's size in buffers (pyarrow's memory
    pool, then the C allocator), freed once the columns are kept but held by the allocators, so
    the server's RSS kept about 30 MB per 5 MB upload for good (benchmarks/README.md, eighth
    round). pyarrow's ``release_unused`` and glibc's ``malloc_trim`` give it back; a platform
    without glibc keeps it, as before.
    """
    import ctypes

    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):  # not glibc
        ctypes.CDLL("libc.so.6").malloc_trim(0)
