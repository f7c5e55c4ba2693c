"""Highlight-and-zoom requests: from a panel passage, the Essay page or the Actors page.

Pages ask by setting :data:`ui.session.FOCUS_PARAGRAPH` (a ¶ id), :data:`ui.session.FOCUS_ACTOR`
(an actor id) or :data:`ui.session.FOCUS_CLAIM` (a claim id); the main map turns the request into a
highlight layer and a new view, once. A paragraph highlights the claims it *states*; those it only
gives context for are added when :data:`ui.session.FOCUS_WITH_CONTEXT` is on.
"""

from __future__ import annotations

import geopandas as gpd
import streamlit as st

from geo.bundle import Bundle, claims_for_paragraph, in_window
from geo.core import TimeWindow, view_for_frame
from geo.layers import Layer, LayerSpec
from ui.session import (
    CLICKED_AT,
    FOCUS_ACTOR,
    FOCUS_CLAIM,
    FOCUS_PARAGRAPH,
    FOCUS_SEQ,
    FOCUS_TOKEN,
    FOCUS_WITH_CONTEXT,
    MAP_VIEW,
    SELECTED_FEATURE,
)
from ui.text import md_escape
from ui.url import View

HIGHLIGHT_STYLE = {"color": "#ffd400", "weight": 7, "opacity": 0.95, "fill_opacity": 0.0, "radius": 12}


def focused_features(bundle: Bundle) -> tuple[str, gpd.GeoDataFrame] | None:
    """The active focus request as (caption, features), or None."""
    pid = st.session_state.get(FOCUS_PARAGRAPH)
    if pid:
        paragraph = bundle.paragraph(pid)
        label = paragraph.label if paragraph else pid
        if st.session_state.get(FOCUS_WITH_CONTEXT):
            return (f"Features {label} states or gives context for",
                    claims_for_paragraph(bundle, pid, ("states", "contrast", "context")))
        return f"Features {label} states", claims_for_paragraph(bundle, pid)
    claim_id = st.session_state.get(FOCUS_CLAIM)
    if claim_id:
        features = bundle.features[bundle.features["id"] == claim_id]
        return f"Claim: {features['label'].iloc[0] if len(features) else claim_id}", features
    actor_id = st.session_state.get(FOCUS_ACTOR)
    if actor_id and actor_id in bundle.actors:
        features = bundle.features[bundle.features["actor"] == actor_id]
        return f"Features of {bundle.actors[actor_id].name}", features
    return None


def apply_focus(bundle: Bundle, window: TimeWindow | None = None) -> Layer | None:
    """Turn a new focus request into a highlight layer and move the map view to it.

    The view moves only when the request is new, so the user's later panning is not
    undone on every rerun. Claims the time ``window`` hides are still outlined, and a line
    says how many and how to show them, so a highlight is never silently empty.
    """
    focus = focused_features(bundle)
    if focus is None:
        return None
    caption, features = focus
    if features.empty:
        hint = (" Tick “also show context links” beside the map to see the claims it gives context for."
                if st.session_state.get(FOCUS_PARAGRAPH) and not st.session_state.get(FOCUS_WITH_CONTEXT) else "")
        st.info(f"{caption}: none are mapped.{hint}")
        return None
    hidden = int((~in_window(features, window)).sum())
    if hidden:
        st.info(f"{md_escape(caption)}: {hidden} of {len(features)} lie outside the time window "
                f"({window.label()}), so only their outline shows; choose “All dates” in the sidebar to "
                "see them and their panel.", icon=":material/schedule:")
    token = (*(st.session_state.get(k) for k in (FOCUS_PARAGRAPH, FOCUS_ACTOR, FOCUS_CLAIM)),
             bool(st.session_state.get(FOCUS_WITH_CONTEXT)))
    if st.session_state.get(FOCUS_TOKEN) != token:
        st.session_state[FOCUS_TOKEN] = token
        move_map(*view_for_frame(features))
    spec = LayerSpec(id="focus", title=caption, group="Highlighted", builder="focus", geometry="mixed",
                     description="", source="", tooltip=("label", "paragraph_labels"), style=HIGHLIGHT_STYLE)
    return Layer(spec=spec, frame=features)


def move_map(lat: float, lon: float, zoom: float) -> None:
    """Ask the main map to show ``(lat, lon)`` at ``zoom`` on its next draw (no remount)."""
    # st_folium moves the map only when the centre/zoom props differ from the last ones
    # it was given; a sub-centimetre nudge makes a repeated request move it again.
    seq = st.session_state.get(FOCUS_SEQ, 0) + 1
    st.session_state[FOCUS_SEQ] = seq
    nudge = (seq % 2) * 1e-7
    st.session_state[MAP_VIEW] = View(lat + nudge, lon, zoom + nudge)


def focus_on_claim(claim_id: str) -> None:
    """Ask the map to highlight and zoom to one claim."""
    _new_focus(FOCUS_CLAIM, claim_id)


def _new_focus(key: str, value: str) -> None:
    """One focus request replacing any other, and the panel's last selection: the panel shows the new question.

    A place found or a feature clicked before would otherwise stay in the panel beside a
    highlight of something else (a fresh user's finding: Bazarak beside ¶7's claims).
    """
    for other in (FOCUS_PARAGRAPH, FOCUS_ACTOR, FOCUS_CLAIM, SELECTED_FEATURE, CLICKED_AT):
        st.session_state.pop(other, None)
    st.session_state[key] = value


def focus_on_paragraph(pid: str) -> None:
    """Ask the map to highlight and zoom to the features a paragraph supports."""
    _new_focus(FOCUS_PARAGRAPH, pid)


def focus_on_actor(actor_id: str) -> None:
    """Ask the map to highlight and zoom to an actor's features."""
    _new_focus(FOCUS_ACTOR, actor_id)


def clear_focus() -> None:
    """Drop the highlight request (and its context toggle)."""
    for key in (FOCUS_PARAGRAPH, FOCUS_ACTOR, FOCUS_CLAIM, FOCUS_TOKEN, FOCUS_WITH_CONTEXT):
        st.session_state.pop(key, None)
