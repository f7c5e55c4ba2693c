"""Sources & method page: every citation and what uses it, the essay citation, data
provenance, what each status means, which claims were downgraded and why, how things are
computed, what the map does not claim, and any problems found in the essay bundle.

Thin by design: rendering lives in :mod:`ui.views.sources`.
"""

from __future__ import annotations

import streamlit as st

from ui.bundle_state import bundle_layers, current_bundle
from ui.views.sources import (
    downgrades_markdown,
    limits_markdown,
    render_citations,
    render_essay_citation,
    render_methods,
    render_problems,
    render_provenance,
    render_statuses,
)

bundle = current_bundle()
st.title("Sources & method")

st.header("What this map does not claim")
st.markdown(limits_markdown(bundle))

st.header("The essay")
render_essay_citation(bundle)

st.header("External sources")
st.caption("Every citation in the essay bundle, with the claims, actor profiles and footnotes that use it.")
render_citations(bundle)

st.header("What each status means")
render_statuses()

st.header("Downgraded claims")
st.caption("Claims whose sources could not earn the status they once had: kept on the map with a lower "
           "status, never dropped. Run python -m geo validate-bundle --report for every claim's evidence.")
st.markdown(downgrades_markdown(bundle))

st.header("Data provenance")
render_provenance(bundle.focus, bundle_layers(bundle))

st.header("Methods")
render_methods(bundle.focus)

st.header("Problems in the essay bundle")
render_problems(bundle)
