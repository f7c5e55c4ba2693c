"""The panel beside the map: the essay passages and sources a clicked feature rests on."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.bundle import Bundle, paragraphs_for_claim
from geo.core import claim_span
from geo.layers import Layer, feature_ids, status_label, statuses
from ui.focus import clear_focus, focus_on_paragraph, focused_features
from ui.session import CLICK_COUNT, FOCUS_PARAGRAPH, FOCUS_WITH_CONTEXT, SELECTED_FEATURE
from ui.text import citation_markdown, html_escape, md_escape

#: How each passage relation reads in the panel.
RELATION_TEXT = {
    "states": "states this claim",
    "context": "context only: discusses the topic, not this actor, place or time",
    "contrast": "contrast: argues against this claim",
}


def remember_click(state: dict) -> None:
    """Store the id of the feature the user last clicked (new clicks only)."""
    count = state.get("last_object_clicked_count")
    drawing = state.get("last_active_drawing") or {}
    props = drawing.get("properties") or {}
    if count is None or count == st.session_state.get(CLICK_COUNT) or "id" not in props:
        return
    st.session_state[CLICK_COUNT] = count
    st.session_state[SELECTED_FEATURE] = (props.get("layer"), str(props["id"]))


def selected_panel(bundle: Bundle, layers: dict[str, Layer]) -> None:
    """Render the panel for the selected feature, or a short guide when nothing is selected."""
    focus = focused_features(bundle)
    if focus is not None:
        st.info(f"Highlighted on the map: {md_escape(focus[0])} ({len(focus[1])}).")
        if st.session_state.get(FOCUS_PARAGRAPH):
            st.toggle("Also show context links", key=FOCUS_WITH_CONTEXT,
                      help="By default a paragraph highlights only the claims it states. This adds the claims "
                           "it merely discusses the topic of, or argues against.")
        st.button("Clear highlight", on_click=clear_focus, key="clear_focus")
    selected = st.session_state.get(SELECTED_FEATURE)
    if not selected:
        st.markdown("**Click a feature on the map** to read the essay passages and sources it rests on.")
        return
    layer_id, feature_id = selected
    claim = bundle.features[bundle.features["id"] == feature_id]
    if not claim.empty:
        _claim_panel(bundle, claim.iloc[0])
    elif layer_id in layers:
        _layer_feature_panel(layers[layer_id], feature_id)


def _claim_panel(bundle: Bundle, claim: pd.Series) -> None:
    status = statuses().get(claim["status"])
    with st.container(border=True, key="claim_panel"):
        st.markdown(f"#### {md_escape(claim['label'])}")
        swatch = f"<span style='color:{html_escape(claim['colour'])}'>■</span>"
        st.markdown(f"{swatch} **{html_escape(claim['actor_name'])}** · *{html_escape(status_label(claim['status']))}*",
                    unsafe_allow_html=True)
        if status is not None:
            st.caption(md_escape(status.meaning))
        if isinstance(claim.get("when"), str) and claim["when"]:
            st.markdown(f"**When:** {md_escape(claim['when'])}")
        if claim_span(claim.get("date"), claim.get("period")) is None:
            st.caption("Undated: shown whatever the map's time window.")
        if isinstance(claim.get("note"), str) and claim["note"]:
            st.markdown(md_escape(claim["note"]))
        record = next((c for c in bundle.claims if c.id == claim["id"]), None)
        if record is not None and record.alleged_by:
            st.markdown(f"**Alleged by:** {md_escape(record.alleged_by)}")
        if claim.get("confidence") == "lower":
            st.warning("Lower confidence (drawn with a thin, small symbol): the location or link rests on "
                       "notes without a specific cited report; see the note above.")
        passages = paragraphs_for_claim(bundle, claim["id"])
        if passages:
            st.markdown("**In the essay**")
        for passage in passages:
            if passage.paragraph is None:
                continue
            st.markdown(f"> {md_escape(passage.quote)}")
            relation = RELATION_TEXT.get(passage.relation or "", "relation not given")
            st.caption(f"{passage.paragraph.label} · **{relation}** · {md_escape(bundle.meta.attribution)}")
            st.button(f"Highlight {passage.paragraph.label} on the map", key=f"focus_{claim['id']}_{passage.paragraph.id}",
                      on_click=focus_on_paragraph, args=(passage.paragraph.id,))
        citations = [s for s in claim["sources"] if s.get("type") == "citation"]
        if citations:
            st.markdown("**Other sources**")
            for c in citations:
                relation = "" if c.get("relation", "states") == "states" else f" — *{RELATION_TEXT[c['relation']]}*"
                st.markdown("- " + citation_markdown(c) + relation)


def _layer_feature_panel(layer: Layer, feature_id: str) -> None:
    ids = feature_ids(layer)
    if feature_id not in ids:
        return
    row = layer.frame.iloc[ids.index(feature_id)]
    with st.container(border=True, key="feature_panel"):
        st.markdown(f"#### {md_escape(row.get('title', layer.spec.title))}")
        st.markdown(f"*{md_escape(layer.spec.title)}* · {md_escape(status_label(layer.spec.status))}")
        for field in layer.spec.tooltip[1:]:
            value = row.get(field)
            if isinstance(value, str) and value:
                st.markdown(md_escape(value))
        st.caption(f"Source: {md_escape(layer.spec.source)}")
