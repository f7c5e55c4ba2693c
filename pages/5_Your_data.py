"""Your data: upload map layers, ACLED-style event exports and other essays' bundles.

Thin by design: reading and checking files is :mod:`geo.uploads.read` and :mod:`geo.uploads.safe_zip`,
building layers :mod:`geo.uploads.layers`, and the widgets :mod:`ui.views.your_data`. Uploaded
layers live in this session only and appear on the main map under "Your data".
"""

from __future__ import annotations

import streamlit as st

from ui.text import md_escape
from ui.views.your_data import bundle_uploader, layer_uploader, upload_settings, uploaded_layer_list

limits, max_mb, notes = upload_settings()
st.title("Your data")
st.caption(
    "Add your own layers to the map, or read another essay. Files are checked before use and "
    f"stay in this browser session; the limit is {max_mb} MB per file."
)
for note in notes:
    st.info(md_escape(note))

st.subheader("Add a layer")
layer_uploader(limits, max_mb)

st.subheader("Your layers")
st.caption("Shown on the main map under \"Your data\" and included in its exports.")
uploaded_layer_list()

st.subheader("Another essay")
bundle_uploader(limits, max_mb)
