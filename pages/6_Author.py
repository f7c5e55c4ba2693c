"""Author: turn an essay into a reviewed bundle -- paste or upload it, review the draft, save it.

Thin by design: drafting is :mod:`geo.drafting`, the widgets :mod:`ui.views.author`.
"""

from __future__ import annotations

import streamlit as st

from ui.views.author import (
    actors_editor,
    check,
    citations_editor,
    claims_editor,
    current,
    essay_input,
    keep_edits,
    metadata_form,
    places_editor,
    restore_review,
    review_map,
    routes_editor,
    save,
    show_check,
    summary,
    unmatched_editor,
)

st.title("Author a bundle")
st.caption("Paste or upload an essay; the drafter proposes places, actors and claims, each claim quoting its "
           "sentence and marked unreviewed. Check them here, then save: nothing drafted is shown as fact.")
restore_review()
essay_input()
authoring = current()
if authoring is not None:
    summary(authoring)
    meta = metadata_form(authoring)
    st.subheader("Places")
    places = places_editor(authoring)
    st.subheader("Routes and rivers")
    routes = routes_editor(authoring, places)
    clicked = review_map(places, routes)
    st.subheader("Names to place")
    unmatched_editor(authoring, clicked)
    st.subheader("Actors")
    actors = actors_editor(authoring)
    st.subheader("Citations")
    citations = citations_editor(authoring)
    st.subheader("Claims")
    claims = claims_editor(authoring, [c["id"] for c in citations])
    tables = keep_edits(authoring, places, claims, actors, routes, citations)
    st.subheader("Check and save")
    files, bundle = check(authoring, tables, meta)
    show_check(bundle, places)
    save(authoring, files, bundle)
