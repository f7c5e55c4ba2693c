"""Actors page: one profile per actor -- aliases, colour, mapped features, status counts
and sources -- each with a button that shows the actor's features on the map.

Thin by design: the profile data comes from :func:`geo.bundle.model.actor_summary`, rendering
from :mod:`ui.views.actors`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.bundle import ACTORS_TOML, actor_summary
from ui.bundle_state import current_bundle, show_problems
from ui.text import md_escape
from ui.views.actors import render_actor, render_actor_index, render_timeline

bundle = current_bundle()
st.title("Actors")
st.caption(
    f"Who the map shows for *{md_escape(bundle.meta.title)}* ({md_escape(bundle.meta.author)}, "
    f"{md_escape(bundle.meta.publisher)}, {md_escape(bundle.meta.year)}). Status counts say how sure "
    "each mapped feature is; see Sources & method for what each status means."
)
show_problems(bundle)

summaries = actor_summary(bundle)
if not summaries:
    unread = any(Path(p.file).name == ACTORS_TOML for p in bundle.problems)
    st.warning("This bundle has no actors" + (f"; some in {ACTORS_TOML} could not be read: see the problems "
                                              "listed above." if unread else "."))
render_actor_index(bundle)
render_timeline(bundle)
for summary in summaries:
    render_actor(summary)
