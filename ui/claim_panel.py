"""The panel beside the map: every feature under the last click, each with its passages and sources.

The click's coordinate and zoom come from st_folium; :class:`geo.layers.FeatureIndex` lists
every visible feature within a few screen pixels of it, so a point under a country-wide
claim (or a claim under a city dot) can always be opened.
"""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from geo.bundle import Bundle, paragraphs_for_claim
from geo.core import claim_span
from geo.geography import location_name
from geo.layers import SPECIFICITY, FeatureIndex, Hit, Layer, confidences, feature_ids, status_label, statuses
from ui.focus import clear_focus, focus_on_paragraph, focused_features
from ui.object_cache import ObjectCache
from ui.session import CLICKED_AT, FOCUS_PARAGRAPH, FOCUS_WITH_CONTEXT, MAP_CLICK_SEEN, SELECTED_FEATURE
from ui.text import citation_markdown, html_escape, md_escape

#: How each passage relation reads in the panel.
RELATION_TEXT = {
    "states": "states this claim",
    "context": "context only: discusses the topic, not this actor, place or time",
    "contrast": "contrast: argues against this claim",
}

# Building the index (projecting every feature, measuring areas) is the costly part; it is
# kept per set of Layer objects (and bundle), which the app reuses across reruns.
_indexes: ObjectCache[FeatureIndex] = ObjectCache(maxsize=16)


def remember_click(state: dict) -> None:
    """Store where the user last clicked on the map, with the zoom they clicked at."""
    clicked = state.get("last_clicked")
    zoom = state.get("zoom")
    if not clicked or zoom is None:
        return
    at = (float(clicked["lat"]), float(clicked["lng"]), float(zoom))
    if st.session_state.get(MAP_CLICK_SEEN) == at[:2]:
        # st_folium reports its last click on every rerun: only the zoom it is read at may follow,
        # and only while the panel still lists that click (a found place may have replaced it).
        shown = st.session_state.get(CLICKED_AT)
        if shown and tuple(shown[:2]) == at[:2]:
            st.session_state[CLICKED_AT] = at
        return
    st.session_state[MAP_CLICK_SEEN] = at[:2]
    st.session_state.pop(SELECTED_FEATURE, None)  # a new click replaces a claim chosen elsewhere
    st.session_state[CLICKED_AT] = at


def feature_index(layers: list[Layer], bundle: Bundle) -> FeatureIndex:
    """The spatial index of ``layers``, built once per set of Layer objects.

    Claims are picked by their resolved geometry (a country-wide claim covers the whole
    country even where it is drawn as an inset outline).
    """
    def build() -> FeatureIndex:
        truth = dict(zip(bundle.features["id"].astype(str), bundle.features.geometry))
        return FeatureIndex(layers, truth)

    return _indexes.get([*layers, bundle], build)


#: At most this many highlighted claims are listed in the panel; the map shows them all.
MAX_FOCUS_LISTED = 12


def selected_panel(bundle: Bundle, layers: dict[str, Layer], visible: list[Layer]) -> None:
    """Render everything under the last click, grouped by specificity, or a short guide."""
    focus = focused_features(bundle)
    if focus is not None:
        st.info(f"Highlighted on the map: {md_escape(focus[0])} ({len(focus[1])}).")
        if st.session_state.get(FOCUS_PARAGRAPH):
            st.toggle("Also show context links", key=FOCUS_WITH_CONTEXT,
                      help="By default a paragraph highlights only the claims it states. This adds the claims "
                           "it merely discusses the topic of, or argues against.")
        st.button("Clear highlight", on_click=clear_focus, key="clear_focus")
    chosen = st.session_state.get(SELECTED_FEATURE)
    if chosen:
        _chosen(bundle, layers, *chosen)
    clicked = st.session_state.get(CLICKED_AT)
    if not clicked and chosen:
        return
    if not clicked and focus is not None and len(focus[1]):
        # What the highlight shows, each readable here: the panel answers the question just asked.
        for i, (_, row) in enumerate(focus[1].head(MAX_FOCUS_LISTED).iterrows()):
            with st.expander(str(row["label"]), expanded=i == 0):
                _claim_body(bundle, row, key_prefix=f"focus-{i}")
        if len(focus[1]) > MAX_FOCUS_LISTED:
            st.caption(f"… and {len(focus[1]) - MAX_FOCUS_LISTED} more on the map: click one to read it.")
        return
    if not clicked:
        st.markdown("**Click anywhere on the map** to list every claim, area, border and place there, "
                    "with the essay passages and sources each rests on.")
        return
    lat, lon, zoom = clicked
    hits = feature_index(visible, bundle).at(lon, lat, zoom)
    with st.container(key="click_panel"):
        where = location_name(lon, lat)
        st.caption(f"{len(hits)} feature{'s' if len(hits) != 1 else ''} at {lat:.3f}° N, {lon:.3f}° E"
                   + (f" · in {md_escape(where)}" if where else ""))
        if not hits:
            st.markdown("Nothing mapped here among the visible layers.")
        first = True
        for tier, label in enumerate(SPECIFICITY):
            tier_hits = [h for h in hits if h.tier == tier]
            if not tier_hits:
                continue
            st.markdown(f"**{label}**")
            for h in tier_hits:
                _hit(bundle, layers, h, expanded=first)
                first = False


def _chosen(bundle: Bundle, layers: dict[str, Layer], layer_id: str, feature_id: str) -> None:
    """A feature chosen from the place search or the timeline, shown open above the click's list."""
    claim = bundle.features[bundle.features["id"] == feature_id]
    with st.container(border=True, key="chosen_panel"):
        if not claim.empty:
            _claim_body(bundle, claim.iloc[0], key_prefix="chosen")
        elif layer_id in layers:
            _layer_feature_body(layers[layer_id], feature_id)


def _hit(bundle: Bundle, layers: dict[str, Layer], hit: Hit, expanded: bool) -> None:
    layer = layers.get(hit.layer_id)
    source = layer.spec.title if layer is not None else hit.layer_id
    title = f"{hit.title} · {source}" if source != hit.title else hit.title
    if hit.status:
        title += f" · {status_label(hit.status)}"
    claim = bundle.features[bundle.features["id"] == hit.feature_id]
    when = claim.iloc[0].get("when") if not claim.empty else None
    if isinstance(when, str) and when:  # two claims of one wording (the 2023 and 2024 UN reports) differ here
        title += f" · {when}"
    key = "hit_" + re.sub(r"[^A-Za-z0-9_-]", "_", f"{hit.layer_id}__{hit.feature_id}")
    with st.expander(md_escape(title), expanded=expanded), st.container(key=key):
        if not claim.empty and layer is not None and layer.spec.builder != "focus":
            _claim_body(bundle, claim.iloc[0])
        elif layer is not None:
            _layer_feature_body(layer, hit.feature_id)


def _claim_body(bundle: Bundle, claim: pd.Series, key_prefix: str = "focus") -> None:
    status = statuses().get(claim["status"])
    st.markdown(f"#### {md_escape(claim['label'])}")
    swatch = f"<span style='color:{html_escape(claim['colour'])}'>■</span>"
    st.markdown(f"{swatch} **{html_escape(claim['actor_name'])}** · *{html_escape(status_label(claim['status']))}*",
                unsafe_allow_html=True)
    if status is not None:
        st.caption(md_escape(status.meaning))
    if isinstance(claim.get("when"), str) and claim["when"]:
        st.markdown(f"**When:** {md_escape(claim['when'])}")
    if claim_span(claim.get("date"), claim.get("period")) is None:
        # A "when" in words (e.g. a year the essay gives) is not a date the time window can filter by.
        worded = isinstance(claim.get("when"), str) and claim["when"]
        st.caption("Undated: the time above is in words, not a date, so the claim shows whatever the map's time "
                   "window." if worded else "Undated: shown whatever the map's time window.")
    if isinstance(claim.get("note"), str) and claim["note"]:
        st.markdown(md_escape(claim["note"]))
    record = next((c for c in bundle.claims if c.id == claim["id"]), None)
    if record is not None and record.alleged_by:
        st.markdown(f"**Alleged by:** {md_escape(record.alleged_by)}")
    level = confidences().get(claim.get("confidence") or "")
    if level is not None:
        st.warning(md_escape(f"{level.label}: {level.meaning}"))
    passages = paragraphs_for_claim(bundle, claim["id"])
    if passages:
        st.markdown("**In the essay**")
    buttons: set[str] = set()
    for passage in passages:
        if passage.paragraph is None:
            continue
        st.markdown(f"> {md_escape(passage.quote)}")
        relation = RELATION_TEXT.get(passage.relation or "", "relation not given")
        st.caption(f"{passage.paragraph.label} · **{relation}** · {md_escape(bundle.meta.attribution)}")
        if passage.paragraph.id in buttons:
            continue  # two quotes from one paragraph: one highlight button
        buttons.add(passage.paragraph.id)
        st.button(f"Highlight {passage.paragraph.label} on the map",
                  key=f"{key_prefix}_{claim['id']}_{passage.paragraph.id}",
                  on_click=focus_on_paragraph, args=(passage.paragraph.id,))
    citations = [s for s in claim["sources"] if s.get("type") == "citation"]
    if citations:
        st.markdown("**Other sources**")
        for c in citations:
            relation = "" if c.get("relation", "states") == "states" else f" — *{RELATION_TEXT[c['relation']]}*"
            st.markdown("- " + citation_markdown(c) + relation)


def _layer_feature_body(layer: Layer, feature_id: str) -> None:
    ids = feature_ids(layer)
    if feature_id not in ids:
        return
    row = layer.frame.iloc[ids.index(feature_id)]
    status = status_label(layer.spec.status)
    st.markdown(f"*{md_escape(layer.spec.title)}*" + (f" · {md_escape(status)}" if status else ""))
    for field in layer.spec.tooltip[1:]:
        value = row.get(field)
        if isinstance(value, str) and value:
            st.markdown(md_escape(value))
    # The feature's own source where it has one (a place's coordinates), else the layer's.
    own = row.get("coord_source")
    st.caption(f"Source: {md_escape(own if isinstance(own, str) and own.strip() else layer.spec.source)}")
