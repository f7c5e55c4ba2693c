"""Essay page: the full essay with attribution, ¶ numbers, highlighted mapped names and
footnotes; each paragraph that claims quote links to those claims on the map.

Thin by design: loading is in :mod:`ui.bundle_state`, rendering in :mod:`ui.views.essay`.
"""

from __future__ import annotations

import streamlit as st

from geo.bundle import mapped_names
from ui.bundle_state import current_bundle, show_problems
from ui.errors import load_or_stop
from ui.views.essay import render_footnotes, render_header, render_paragraph, render_sections

bundle = current_bundle()
render_header(bundle.meta)
show_problems(bundle)
st.caption(
    "Highlighted: names of actors and places shown on the map (hover for what each is). "
    "Paragraphs that mapped claims quote list those claims and can be shown on the map."
)
names = load_or_stop(lambda: mapped_names(bundle))

for paragraph in bundle.paragraphs:
    render_paragraph(paragraph, bundle, names)
if not bundle.paragraphs:
    st.warning("This bundle has no paragraphs"
               + ("; see the problems listed above: some could not be read." if bundle.problems else "."))

render_footnotes(bundle)
render_sections(bundle)
