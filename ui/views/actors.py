"""Rendering of the Actors page: one profile per actor, built from :func:`geo.bundle.model.actor_summary`.

A profile says who the actor is (name, aliases, colour on the map, description), what
the map shows of it (features and how many of each status), and on what that rests
(essay passages linked to the Essay page, external citations). Its button hands the
actor to the main map through ``st.session_state["focus_actor"]``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from geo.bundle import STATUS_LABELS, ActorSummary, Bundle
from geo.layers import actor_layer_id
from ui.focus import focus_on_actor, focus_on_claim
from ui.navigation import MAP_PAGE
from ui.session import (
    SELECTED_FEATURE,
    TIMELINE_CHART,
    TIMELINE_PICK,
    layer_key,
    request,
)
from ui.text import citation_markdown, html_escape, md_escape
from ui.timeline import SELECTIONS, chart_selections, claim_choices, selected_claim, timeline_chart, timeline_rows
from ui.uploaded_layers import uploaded_layers

#: URL path of the Essay page (``pages/1_Essay.py``); ``#p5`` is the anchor of ¶5.
ESSAY_URL = "Essay"


def swatch_html(colour: str) -> str:
    """A small square in the actor's map colour, for ``unsafe_allow_html`` markdown."""
    return (f'<span style="display:inline-block;width:0.9em;height:0.9em;vertical-align:middle;'
            f'background-color:{html_escape(colour)};border:1px solid #333333"></span>')


def status_counts_markdown(counts: dict[str, int]) -> str:
    """``documented 2 · reported 0 · alleged 0 · essay's argument 0`` (every status, in order)."""
    return " · ".join(
        f"{md_escape(label)} **{counts.get(status, 0)}**" for status, label in STATUS_LABELS.items()
    )


def source_markdown(source: dict[str, Any]) -> str:
    """An essay passage as a ¶ link to the Essay page plus its quote, or a citation line."""
    if source["type"] == "passage":
        link = f"[{md_escape(source['label'])}]({ESSAY_URL}#{source['paragraph']})"
        return f"{link} “{md_escape(source['quote'])}”"
    return citation_markdown(source)


def focus_actor(actor_id: str) -> None:
    """Ask the main map to highlight and zoom to an actor's features, then go there."""
    focus_on_actor(actor_id)
    # The map's checkbox for this actor is drawn before the map reads the focus: ask for it
    # now, so the frame turns it on before any widget exists (no WidgetAlreadyInstantiated).
    request({layer_key(actor_layer_id(actor_id)): True})
    st.switch_page(MAP_PAGE)


def render_actor(summary: ActorSummary) -> None:
    """One actor's profile in a bordered box."""
    actor = summary.actor
    with st.container(border=True):
        st.subheader(md_escape(actor.name), anchor=actor.id)
        st.markdown(f"{swatch_html(actor.colour)} map colour `{html_escape(actor.colour)}`",
                    unsafe_allow_html=True)
        if actor.aliases:
            st.markdown("**Also called:** " + ", ".join(md_escape(a) for a in actor.aliases))
        st.markdown(md_escape(actor.description))
        counts = status_counts_markdown(summary.status_counts)
        st.markdown(f"**Mapped features: {len(summary.features)}** — {counts}")
        if summary.features:
            st.markdown("\n".join(
                f"- {md_escape(f['label'])} — *{md_escape(f['status_label'])}*, {md_escape(f['kind'])}, "
                f"{md_escape(f['when'])}" for f in summary.features
            ))
        if summary.sources:
            st.markdown("**Sources**\n" + "\n".join(f"- {source_markdown(s)}" for s in summary.sources))
        if st.button("Show on the map", key=f"actor_{actor.id}", icon=":material/map:", disabled=not summary.features,
                     help=None if summary.features else "Nothing of this actor is mapped."):
            focus_actor(actor.id)


def render_actor_index(bundle: Bundle) -> None:
    """A one-line list of the actors, each linking to its profile below."""
    st.markdown(" · ".join(f"[{md_escape(a.name)}](#{a.id})" for a in bundle.actors.values()))


def show_claim(bundle: Bundle, claim_id: str) -> None:
    """Open the main map on one claim: its actor's layer on, the claim highlighted and in the panel."""
    row = bundle.features[bundle.features["id"] == claim_id]
    if row.empty:
        return
    actor_id = str(row["actor"].iloc[0])
    focus_on_claim(claim_id)
    st.session_state[SELECTED_FEATURE] = (actor_layer_id(actor_id), claim_id)
    request({layer_key(actor_layer_id(actor_id)): True})
    st.switch_page(MAP_PAGE)


def _no_dates_note(bundle: Bundle) -> str:
    """Why the timeline is empty: no claim has a date or period; those giving their time in words say so."""
    worded = bundle.features["period_label"].dropna().astype(str)
    worded = worded[worded.str.strip() != ""]
    if worded.empty:
        return "No claim of this bundle has a date or period, so there is no timeline to draw."
    return (f"No claim has a date or period a time axis can hold: {len(worded)} give their time in words only "
            f"(such as “{md_escape(worded.iloc[0])}”). A claim is dated by a cited source that states the date "
            "(claims.toml's date or period), never by a year read from the essay's sentence.")


def render_timeline(bundle: Bundle) -> None:
    """Claims (and uploaded events) along time per actor, the essay's date marked; a click opens the claim on the map."""
    claims, events = timeline_rows(bundle, uploaded_layers())
    st.header("Timeline", anchor="timeline")
    if claims.empty:
        st.caption(_no_dates_note(bundle))
        return
    undated = int((~bundle.features["id"].isin(claims["id"])).sum())
    marks = chart_selections(claims)
    legend = ("Bars are periods, diamonds dated reports" if len(marks) == 2 else
              "Bars are periods" if marks == [SELECTIONS[1]] else "Diamonds are dated reports")
    st.caption(f"{legend}; the red dashed line is the essay's date. Click a mark to open that claim on the map."
               + (f" {undated} undated claims are not on the axis; the map shows them at every date." if undated
                  else ""))
    event = st.altair_chart(timeline_chart(bundle, claims, events), on_select="rerun", selection_mode=marks,
                            key=TIMELINE_CHART, width="stretch")
    picked = selected_claim(event)
    if picked:
        show_claim(bundle, picked)
    choices = claim_choices(claims)
    chosen = st.selectbox("Or pick a claim to show on the map", list(choices), index=None, key=TIMELINE_PICK,
                          format_func=choices.get, placeholder="A dated claim…")
    if chosen:
        show_claim(bundle, chosen)
