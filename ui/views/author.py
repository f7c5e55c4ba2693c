"""The authoring page's parts: bring an essay in, review the draft as tables and on a map, save it as a bundle.

The drafting itself is :mod:`geo.drafting`; this module only arranges widgets. The page's
state is one :class:`Authoring` in session state: every rerun keeps the tables as edited
there (:func:`keep_edits`), so leaving the page, picking an alternative or drafting again
(:func:`geo.drafting.carry_review`) loses no edit; the editors start from those tables.
Every rerun also writes them to a scratch bundle and loads it with the bundle validator, so
its messages follow each edit. Saving keeps the bundle server-side under its content hash
and switches the app to it.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.bundle import ACTOR_ROLES, ROLE_LABELS, STATUS_LABELS, STATUSES, Bundle, load_bundle, paragraph_label
from geo.core import count_phrase
from geo.drafting import (
    CITATION_COLUMNS,
    ESSAY_SUFFIXES,
    Candidate,
    Draft,
    EssayReadError,
    EssayText,
    RegistryActor,
    RouteError,
    bundle_files,
    carry_review,
    cell_items,
    default_registry,
    draft_essay,
    draft_route,
    essay_from_text,
    essay_meta,
    follow_label_edits,
    manual_place,
    pick_alternative,
    place_flags,
    read_essay,
    review_layer,
    review_tables,
    review_view,
    route_line,
    route_points,
    write_bundle,
    zip_bundle,
)
from geo.geography import slug
from ui.bundle_state import use_bundle
from ui.leaflet.elements import base_map, layers_group
from ui.review_store import KEEP_DAYS, forget_review, keep_review, read_review, review_token
from ui.session import (
    AUTHOR_ACTORS_EDITOR,
    AUTHOR_CHOICE_PREFIX,
    AUTHOR_CITATIONS_EDITOR,
    AUTHOR_CLAIMS_EDITOR,
    AUTHOR_CLICK_DONE,
    AUTHOR_DRAFT,
    AUTHOR_MAP_WIDGET,
    AUTHOR_META_PREFIX,
    AUTHOR_PLACE_NAME,
    AUTHOR_PLACES_EDITOR,
    AUTHOR_ROUTE_ACTOR,
    AUTHOR_ROUTE_NAME,
    AUTHOR_ROUTE_PLACES,
    AUTHOR_ROUTE_REMOVE,
    AUTHOR_ROUTES_EDITOR,
    AUTHOR_SAVED,
    AUTHOR_SCRATCH,
    AUTHOR_TEXT,
    AUTHOR_UNMATCHED_EDITOR,
    AUTHOR_UPLOAD,
)
from ui.text import md_escape

META_FIELDS = ("title", "author", "publisher", "date", "year")
PLACE_SHOWN = ["name", "kind", "country", "lat", "lon", "source", "mentions", "names_used", "match", "check"]
CLAIM_SHOWN = ["include", "reviewed", "status", "alleged_by", "citation", "label", "actor", "kind", "places", "date",
               "paragraph", "quote", "id"]
ROUTE_SHOWN = ["include", "reviewed", "status", "alleged_by", "label", "actor", "places", "paragraph", "quote", "id"]
SENTENCE_ACTOR = "named in its sentence"
#: The claims table's pick for "no citation" (a picker shows an empty value as "None").
NO_CITATION = "—"
ROUTE_COLOUR = "#EE7733"  # Paul Tol vibrant orange: apart from the places' blue and the flags' red


@dataclass
class Authoring:
    """One essay being authored: its text, the draft, the review tables as edited and what the reviewer added."""

    essay: EssayText
    draft: Draft
    tables: dict[str, list[dict]]  # as edited: the editors start from them (kept on every rerun)
    extra: list[Candidate] = field(default_factory=list)
    actors: list[RegistryActor] = field(default_factory=list)
    version: int = 0  # bumped whenever the tables change under the editors, so they start from the tables
    routes: list[dict] = field(default_factory=list)  # route claims the reviewer added (geo.drafting.draft_route)
    routes_version: int = 0  # bumped when a route is added or removed, so the routes table starts anew
    drafted: dict[str, list[dict]] = field(default_factory=dict)  # the tables as drafted, never edited
    choices: dict[str, str] = field(default_factory=dict)  # drafted place id -> the alternative picked (its label)
    citations: list[dict] = field(default_factory=list)  # the citations table as edited
    citations_shown: list[dict] = field(default_factory=list)  # what the citations editor started from
    meta: dict[str, str] = field(default_factory=dict)  # title, author, … as edited
    pasted: str = ""  # the text pasted to draft it ("" for a file), shown again when the page is opened again


def current() -> Authoring | None:
    """The essay being authored in this session, if any."""
    return st.session_state.get(AUTHOR_DRAFT)


def restore_review() -> None:
    """A review this session does not hold but its address names (a reload, a reopened tab): restored.

    One that cannot be read back (deleted after :data:`ui.review_store.KEEP_DAYS` days, or kept
    by a version of the app whose review held other fields) is said so, and forgotten.
    """
    if current() is not None or review_token() is None:
        return
    kept = read_review()
    review = kept[0] if kept else None
    if not isinstance(review, Authoring) or any(not hasattr(review, f.name) for f in fields(Authoring)):
        forget_review()
        st.warning("The unsaved review this address names could not be found or read back (reviews are kept "
                   f"{KEEP_DAYS} days, by this version of the app); draft the essay again.",
                   icon=":material/history:")
        return
    review.version += 1  # the editors start from the kept tables, not from widget state of another session
    review.routes_version += 1
    st.session_state[AUTHOR_DRAFT] = review
    for key in META_FIELDS:
        st.session_state[AUTHOR_META_PREFIX + key] = review.meta.get(key, "")
    written = time.strftime("%d %b %Y, %H:%M UTC", time.gmtime(kept[1]))
    st.info(f"Your unsaved review was restored as it was at {written}: this page keeps it on the server and "
            "names it in the address, so a reload loses nothing.", icon=":material/history:")


def _draft(essay: EssayText, extra: list[Candidate], actors: list[RegistryActor], version: int,
           routes: list[dict] | None = None) -> Authoring:
    draft = draft_essay(essay, registry=(*actors, *default_registry()), extra=extra)
    drafted = review_tables(draft)
    # Routes survive a re-draft while the places they go through are still in the draft.
    ids = {p["id"] for p in drafted["places"]}
    kept = [r for r in routes or [] if all(i in ids for i in cell_items(r["places"]))]
    for key in [k for k in st.session_state if str(k).startswith(AUTHOR_CHOICE_PREFIX)]:
        del st.session_state[key]  # the pickers start from Authoring.choices
    return Authoring(essay, draft, copy.deepcopy(drafted), extra, actors, version, kept, drafted=drafted)


def _redraft(authoring: Authoring, extra: list[Candidate], actors: list[RegistryActor]) -> Authoring:
    """The essay drafted again (a place located, an actor added), keeping the whole review."""
    new = _draft(authoring.essay, extra, actors, authoring.version + 1, authoring.routes)
    new.tables = carry_review(authoring.drafted, authoring.tables, new.drafted)
    options = {p["id"]: {a.label for a in p.get("alternatives") or []} for p in new.drafted["places"]}
    new.choices = {pid: label for pid, label in authoring.choices.items() if label in options.get(pid, ())}
    # The citations table goes on as it is (same rows shown, same widget): its typed rows stay.
    new.citations, new.citations_shown, new.meta = authoring.citations, authoring.citations_shown, authoring.meta
    new.pasted = authoring.pasted
    return new


# --------------------------------------------------------------------------- bringing the essay in


def essay_input() -> None:
    """Paste or upload the essay, then draft it."""
    if AUTHOR_TEXT not in st.session_state and current() is not None:  # back on the page: Streamlit forgot it
        st.session_state[AUTHOR_TEXT] = current().pasted
    st.text_area("Paste the essay's text", key=AUTHOR_TEXT, height=180,
                 placeholder="The essay's title\nBy Author, Publisher, Month Year\n\nFirst paragraph…\n\nSecond paragraph…")
    file = st.file_uploader("…or upload it", type=[s.lstrip(".") for s in ESSAY_SUFFIXES], key=AUTHOR_UPLOAD)
    if st.button("Draft the bundle", key="author_draft_button", type="primary"):
        try:
            if file is not None and st.session_state.get(AUTHOR_TEXT, "").strip():
                st.error(md_escape(f"Both a file ({file.name}) and pasted text are given: remove the file (its ×) to "
                                   "draft the pasted text, or empty the text box to draft the file."),
                         icon=":material/warning:")
                return
            if file is not None:
                essay = read_essay(file.name, file.getvalue())
            elif st.session_state.get(AUTHOR_TEXT, "").strip():
                essay = essay_from_text(st.session_state[AUTHOR_TEXT], source_note="Text pasted into the authoring page.")
            else:
                st.error("Paste the essay's text or upload a file first.", icon=":material/warning:")
                return
        except EssayReadError as exc:
            st.error(md_escape(str(exc)), icon=":material/warning:")
            return
        if not essay.paragraphs:
            st.error("No paragraphs of text were found; separate paragraphs with blank lines.", icon=":material/warning:")
            return
        previous = current()
        authoring = _draft(essay, [], [], (previous.version + 1) if previous else 0)
        authoring.pasted = "" if file is not None else st.session_state.get(AUTHOR_TEXT, "")
        meta = essay_meta(essay)
        authoring.meta = {key: str(meta.get(key, "")) for key in META_FIELDS}
        for key in META_FIELDS:  # the metadata inputs are drawn after this button, so they can be set here
            st.session_state[AUTHOR_META_PREFIX + key] = authoring.meta[key]
        st.session_state[AUTHOR_DRAFT] = authoring
        st.session_state.pop(AUTHOR_SAVED, None)


def summary(authoring: Authoring) -> None:
    """What the drafter found, in one line, then where the review stands (it follows the claims table)."""
    st.success(md_escape(authoring.draft.summary()), icon=":material/edit_note:")
    claims = _claims_as_edited(authoring)  # the table below may hold edits not yet in the draft
    included = [c for c in claims if c.get("include", True)]
    reviewed = sum(1 for c in included if c.get("reviewed"))
    st.caption(f"Review: {reviewed} of {len(included)} included claims reviewed; "
               f"{len(claims) - len(included)} left out.")


def metadata_form(authoring: Authoring) -> dict[str, str]:
    """Title, author, publisher, date and year, filled where found and editable (kept when the page is left)."""
    cols = st.columns([3, 2, 2, 1, 1])
    for col, key in zip(cols, META_FIELDS):
        if AUTHOR_META_PREFIX + key not in st.session_state:  # back on the page: Streamlit forgot the input
            st.session_state[AUTHOR_META_PREFIX + key] = authoring.meta.get(key, "")
        col.text_input(key.capitalize(), key=AUTHOR_META_PREFIX + key)
    authoring.meta = {key: st.session_state.get(AUTHOR_META_PREFIX + key, "") for key in META_FIELDS}
    return dict(authoring.meta)


# --------------------------------------------------------------------------- places


def places_editor(authoring: Authoring) -> list[dict]:
    """The places table (coordinates and sources editable), with a choice for each ambiguous name.

    Picking an alternative re-points the claims that name the place
    (:func:`geo.drafting.pick_alternative`); the pick is kept in :attr:`Authoring.choices`.
    """
    for index, row in enumerate(authoring.drafted["places"]):
        alternatives = row.get("alternatives") or []
        if not alternatives:
            continue
        options = ["as drafted"] + [alt.label for alt in alternatives]
        question = (f"“{row['names_used']}” matched only {row['name']}, {row['country']}, outside the region of "
                    "focus; it could be…") if row.get("check") else f"“{row['names_used']}” could also be…"
        key, picked = f"{AUTHOR_CHOICE_PREFIX}{row['id']}", authoring.choices.get(row["id"], "as drafted")
        if key not in st.session_state:  # back on the page, or a new draft: start from the pick kept
            st.session_state[key] = picked
        choice = st.selectbox(md_escape(question), options, key=key)
        if choice != picked:
            alt = None if choice == "as drafted" else alternatives[options.index(choice) - 1]
            authoring.tables = pick_alternative(authoring.tables, authoring.drafted, index, alt)
            authoring.choices[row["id"]] = choice
            authoring.version += 1  # the editors start again from the tables, the pick in them
    rows = authoring.tables["places"]
    frame = pd.DataFrame(rows, columns=["id", *PLACE_SHOWN]) if rows else pd.DataFrame(columns=["id", *PLACE_SHOWN])
    edited = st.data_editor(
        frame, key=f"{AUTHOR_PLACES_EDITOR}-{authoring.version}", hide_index=True, width="stretch",
        disabled=["id", "kind", "mentions", "names_used", "match", "check"], num_rows="fixed",
        column_config={"lat": st.column_config.NumberColumn(format="%.4f", min_value=-90, max_value=90),
                       "lon": st.column_config.NumberColumn(format="%.4f", min_value=-180, max_value=180),
                       "names_used": st.column_config.TextColumn("names in the essay"),
                       "id": None},
    )
    # With the columns the table does not show (alternatives), row by row: the table has fixed rows.
    return [{**kept, **row} for kept, row in zip(rows, edited.to_dict("records"))]


def routes_editor(authoring: Authoring, places: list[dict]) -> list[dict]:
    """Routes and rivers: a name and the draft's places in travel order make a route claim; remove one again.

    Returns the route claims as edited in their table (actor, status, label, reviewed, include).
    """
    points = {p["id"]: p for p in places if p["kind"] != "country" and _number(p.get("lat")) and _number(p.get("lon"))}
    actor_ids = [a["id"] for a in authoring.tables["actors"]]
    with st.form("author_add_route", clear_on_submit=True, border=False):
        cols = st.columns([2, 5, 2])
        name = cols[0].text_input("Route or river", key=AUTHOR_ROUTE_NAME, placeholder="e.g. Salang road, Amu Darya")
        through = cols[1].multiselect(
            "Through these places, in travel order", list(points), key=AUTHOR_ROUTE_PLACES,
            format_func=lambda pid: _place_option(points[pid]),
            help="Pick them in the order the route runs: the line joins them in that order")
        actor = cols[2].selectbox("Actor", [SENTENCE_ACTOR, *actor_ids], key=AUTHOR_ROUTE_ACTOR)
        if st.form_submit_button("Add route", key="author_add_route_button"):
            _add_route(authoring, places, name, through, None if actor == SENTENCE_ACTOR else actor)
    st.caption("A route is drawn as a schematic line: straight segments between the places chosen, not a surveyed "
               "track or a river's course; it becomes a route claim quoting the sentence that names it.")
    if not authoring.routes:
        return []
    names = _place_names(authoring)
    edited = st.data_editor(
        _readable(pd.DataFrame(authoring.routes, columns=ROUTE_SHOWN), names),
        key=f"{AUTHOR_ROUTES_EDITOR}-{authoring.version}-{authoring.routes_version}", hide_index=True,
        width="stretch", disabled=["places", "paragraph", "quote", "id"], num_rows="fixed",
        column_config={"status": st.column_config.SelectboxColumn("status", options=list(STATUSES), required=True,
                                                                  format_func=_status_words),
                       "actor": st.column_config.SelectboxColumn("actor", options=actor_ids, required=True,
                                                                 format_func=_actor_names(authoring)),
                       "quote": st.column_config.TextColumn("quote (verbatim)", width="large")},
    ).to_dict("records")
    cols = st.columns([3, 1], vertical_alignment="bottom")
    labels = {r["id"]: r["label"] for r in authoring.routes}
    gone = cols[0].selectbox("Route to remove", list(labels), format_func=labels.get, key=AUTHOR_ROUTE_REMOVE)
    if cols[1].button("Remove route", key="author_remove_route"):
        authoring.routes = [r for r in authoring.routes if r["id"] != gone]  # kept with their edits (keep_edits)
        authoring.routes_version += 1
        st.rerun()
    # Places and paragraph are shown in words and not editable here: the stored ids stay.
    return [{**original, **row, "places": original["places"], "paragraph": original["paragraph"]}
            for original, row in zip(authoring.routes, edited)]


def _place_names(authoring: Authoring) -> dict[str, str]:
    """Place id → how the tables show it (``Termez (place, Uzbekistan)``), for every place of the draft."""
    return {str(p["id"]): _place_option(p) for p in authoring.tables["places"]}


def _readable(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The routes table as readers see it: places by name, in travel order (see :func:`_as_read`)."""
    frame = _as_read(frame, ("alleged_by",))
    frame["places"] = [" → ".join(names.get(i, i) for i in cell_items(v)) for v in frame["places"]]
    return frame


def _as_read(frame: pd.DataFrame, text_columns: Sequence[str]) -> pd.DataFrame:
    """A copy with paragraphs as readers cite them (¶3) and empty ``text_columns`` cells blank, not "None"."""
    frame = frame.copy()
    # Each column built as text (dtype object): from an empty list pandas would make it float, and
    # Streamlit refuses a text column of floats (an essay with no claim crashed the page).
    frame["paragraph"] = pd.Series([paragraph_label(str(v)) if isinstance(v, str) else v for v in frame["paragraph"]],
                                   index=frame.index, dtype=object)
    for column in text_columns:
        frame[column] = pd.Series([v if isinstance(v, str) else "" for v in frame[column]], index=frame.index,
                                  dtype=object)
    return frame


def _place_option(place: dict) -> str:
    """``Termez (place, Uzbekistan)``; a place located by hand has no country: ``Zorabad (manual)``."""
    return f"{place['name']} ({', '.join(str(v) for v in (place['kind'], place.get('country')) if v)})"


def _add_route(authoring: Authoring, places: list[dict], name: str, through: list[str], actor: str | None) -> None:
    taken = {c["id"] for c in authoring.tables["claims"]} | {r["id"] for r in authoring.routes}
    try:
        route = draft_route(name, through, places, authoring.draft, actor=actor, taken=taken)
    except RouteError as exc:
        st.error(md_escape(str(exc)), icon=":material/warning:")
        return
    authoring.routes.append(route)  # the routes' table edits are in authoring.routes already (keep_edits)
    authoring.routes_version += 1
    st.rerun()


def unmatched_editor(authoring: Authoring, clicked: tuple[float, float] | None) -> None:
    """Names the gazetteer lacks: type coordinates or click the map, then draft again with them.

    A click fills the chosen name's row; positions typed in other rows are kept.
    """
    rows = authoring.tables["unmatched"]
    if not rows:
        st.caption("No name is left to place: every capitalised name after “in”, “at”, “near” or “from” (if any) "
                   "was found in the gazetteer.")
        return
    st.caption("A name left without lat and lon is simply left out of the bundle: nothing here has to be filled in.")
    st.selectbox("The name your next click on the map places", [r["name"] for r in rows], key=AUTHOR_PLACE_NAME)
    if clicked is not None:
        name = st.session_state[AUTHOR_PLACE_NAME]
        rows = [{**r, "lat": clicked[0], "lon": clicked[1]} if r["name"] == name else r for r in rows]
        authoring.version += 1  # the table starts again from the rows, so the click shows over a position typed
    frame = pd.DataFrame(rows, columns=["name", "paragraph", "lat", "lon"]).astype({"lat": float, "lon": float})
    edited = st.data_editor(frame,
                            key=f"{AUTHOR_UNMATCHED_EDITOR}-{authoring.version}", hide_index=True,
                            disabled=["name", "paragraph"], width="stretch", num_rows="fixed",
                            column_config={"lat": st.column_config.NumberColumn(format="%.4f", min_value=-90, max_value=90),
                                           "lon": st.column_config.NumberColumn(format="%.4f", min_value=-180,
                                                                                max_value=180)})
    authoring.tables["unmatched"] = edited.to_dict("records")
    if st.button("Draft again with these places", key="author_place_button"):
        placed = [manual_place(r["name"], r["lat"], r["lon"]) for r in authoring.tables["unmatched"]
                  if _number(r["lat"]) and _number(r["lon"])]
        if not placed:
            st.warning("Give a name a lat and lon (or click the map) first.", icon=":material/warning:")
            return
        extra = {c.name: c for c in [*authoring.extra, *placed]}
        st.session_state[AUTHOR_DRAFT] = _redraft(authoring, list(extra.values()), authoring.actors)
        st.rerun()


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not math.isnan(value)


# --------------------------------------------------------------------------- claims and actors


#: The kinds of document citations.toml knows; documented claims need official or primary ones.
SOURCE_TYPES = ["official", "primary", "report", "news"]


def citations_editor(authoring: Authoring) -> list[dict]:
    """The documents claims rest on (``citations.toml``): add a row, then pick its id on a claim.

    A ``reported`` claim needs one that states it, a ``documented`` one an official or primary one;
    the validator below says what a row lacks. Rows persist while the draft is reviewed and redrafted,
    and when the page is left.
    """
    if AUTHOR_CITATIONS_EDITOR not in st.session_state:
        # A table that can grow is known to Streamlit by its data: it starts from the rows kept only
        # when the table is new (the page opened again), never while rows are typed into it.
        authoring.citations_shown = list(authoring.citations)
    edited = st.data_editor(
        # Every column is text: an empty cell is "" (blank, not "None"), so a column left empty stays text.
        pd.DataFrame([{c: r.get(c) if isinstance(r.get(c), str) else "" for c in CITATION_COLUMNS}
                      for r in authoring.citations_shown], columns=list(CITATION_COLUMNS), dtype=object),
        key=AUTHOR_CITATIONS_EDITOR, hide_index=True, width="stretch", num_rows="dynamic",
        column_config={
            "id": st.column_config.TextColumn("id", help="A short name, e.g. un-s-2024-92: picked on a claim"),
            "title": st.column_config.TextColumn("title", width="large"),
            "source_type": st.column_config.SelectboxColumn(
                "source type", options=SOURCE_TYPES,
                help="official or primary: can make a claim documented; report or news: reported"),
            "date": st.column_config.TextColumn("date (YYYY-MM-DD)", help="The document's date; never guessed"),
            "url": st.column_config.TextColumn("URL"),
        },
    )
    return [r for r in edited.to_dict("records") if isinstance(r.get("id"), str) and r["id"].strip()]


def claims_editor(authoring: Authoring, citation_ids: Sequence[str] = ()) -> list[dict]:
    """The draft claims: include or leave out, mark reviewed, edit status, label, actor, places."""
    rows = authoring.tables["claims"]
    frame = _as_read(pd.DataFrame(rows, columns=CLAIM_SHOWN), ("alleged_by", "date"))
    # A column no drafted row fills would be typed float: its picks ("un-2024") would not parse.
    frame["citation"] = pd.Series([c if isinstance(c, str) and c else NO_CITATION for c in frame["citation"]],
                                  index=frame.index, dtype=object)
    # Places are picked by name from the draft's places (the values stay their ids), in the claim's order.
    names = _place_names(authoring)
    frame["places"] = pd.Series([cell_items(v) for v in frame["places"]], index=frame.index, dtype=object)
    place_ids = [*names, *dict.fromkeys(i for cell in frame["places"] for i in cell if i not in names)]
    c1, c2 = st.columns(2)
    if c1.button("Mark every included claim reviewed", key="author_accept_all"):
        _set_claims(authoring, reviewed=True, only_included=True)
        st.rerun()
    if c2.button("Leave out every unreviewed claim", key="author_reject_unreviewed"):
        _set_claims(authoring, include=False, only_unreviewed=True)
        st.rerun()
    actor_ids = [a["id"] for a in authoring.tables["actors"]]
    st.caption("Double-click a cell to edit it and finish with **Tab**: Streamlit's table can drop the next "
               "edit after one finished with Enter.")
    edited = st.data_editor(
        frame, key=f"{AUTHOR_CLAIMS_EDITOR}-{authoring.version}", hide_index=True, width="stretch",
        disabled=["paragraph", "quote", "id"], num_rows="fixed",
        column_config={
            "include": st.column_config.CheckboxColumn("include", help="Leave unticked to reject the claim"),
            "reviewed": st.column_config.CheckboxColumn("reviewed", help="Tick once you checked quote, place and status"),
            "status": st.column_config.SelectboxColumn(
                "status", options=list(STATUSES), required=True, format_func=_status_words,
                help="reported and documented need a citation of the document that states the claim (add it "
                     "under Citations, then pick it in the citation column); alleged needs who alleges it"),
            "citation": st.column_config.SelectboxColumn(
                "citation", options=[NO_CITATION, *citation_ids],
                format_func=lambda c: "no citation" if c == NO_CITATION else c,
                help="The document (from Citations) that states this claim; the essay's sentence is quoted too"),
            "alleged_by": st.column_config.TextColumn("alleged by", help="Who alleges it, for an alleged claim"),
            "date": st.column_config.TextColumn(
                "date in the sentence", help="YYYY, YYYY-MM or YYYY-MM-DD, as the sentence gives it. It becomes the "
                "claim's date (on the map's time window and the Actors timeline) when the essay's own date, above, is "
                "known and not earlier; otherwise it is kept as words"),
            "actor": st.column_config.SelectboxColumn("actor", options=actor_ids, required=True,
                                                      format_func=_actor_names(authoring)),
            "kind": st.column_config.SelectboxColumn("kind", options=["area", "place", "event", "route"], required=True),
            "places": st.column_config.MultiselectColumn(
                "places", options=place_ids, format_func=lambda pid: names.get(pid, pid),
                help="The draft's places the claim is about (add one in the places table above first)"),
            "paragraph": st.column_config.TextColumn("¶"),
            "quote": st.column_config.TextColumn("quote (verbatim)", width="large"),
        },
    )
    return [_stored(row, original) for original, row in zip(rows, edited.to_dict("records"))]


def _stored(row: dict, original: dict | None = None) -> dict:
    """A claims-table row (or a change to one) as the draft stores it.

    Places as ``"; "``-joined ids, no citation as ``""``, and the ``original`` row's paragraph id.
    """
    out = dict(row)
    if "places" in row:
        out["places"] = _joined(row["places"])
    if row.get("citation") == NO_CITATION:
        out["citation"] = ""
    if original is not None:
        out["paragraph"] = original["paragraph"]
    return out


def _joined(value: object) -> str:
    """A places cell as stored: the multiselect's list of ids joined with ``"; "`` (a string stays)."""
    if isinstance(value, str):
        return value
    try:
        return "; ".join(str(v) for v in value)
    except TypeError:  # an emptied cell: None
        return ""


def _status_words(status: str) -> str:
    """A status as the legend names it ("essay's argument"), for the tables' pickers; the value stays the id."""
    return STATUS_LABELS.get(status, status)


def _actor_names(authoring: Authoring):
    """Actor id → its name, for the tables' pickers (the value written stays the id)."""
    names = {a["id"]: a["name"] for a in authoring.tables["actors"]}
    return lambda actor_id: names.get(actor_id, actor_id)


def _claims_as_edited(authoring: Authoring) -> list[dict]:
    """The draft's claims with the edits made so far in the claims table (its widget state)."""
    state = st.session_state.get(f"{AUTHOR_CLAIMS_EDITOR}-{authoring.version}", {})
    rows = [dict(r) for r in authoring.tables["claims"]]
    for index, change in (state.get("edited_rows") or {}).items():
        if 0 <= int(index) < len(rows):
            rows[int(index)].update(_stored(change))
    return rows


def _set_claims(authoring: Authoring, only_included: bool = False, only_unreviewed: bool = False, **values) -> None:
    rows = [dict(r) for r in authoring.tables["claims"]]  # with the table's edits (keep_edits)
    for row in rows:
        if (only_included and not row["include"]) or (only_unreviewed and row["reviewed"]):
            continue
        row.update(values)
    authoring.tables["claims"] = rows
    authoring.version += 1


def actors_editor(authoring: Authoring) -> list[dict]:
    """The actors found (names and colours editable) and a form to add an actor the registry lacks."""
    edited = st.data_editor(
        pd.DataFrame(authoring.tables["actors"], columns=["id", "name", "role", "aliases", "colour", "description"]),
        key=f"{AUTHOR_ACTORS_EDITOR}-{authoring.version}", hide_index=True, width="stretch", disabled=["id"],
        column_config={"role": st.column_config.SelectboxColumn(
            "role", options=list(ACTOR_ROLES), required=True, format_func=lambda r: ROLE_LABELS.get(r, r),
            help="The risk model counts actors by role (armed groups by default)")},
    )
    with st.form("author_add_actor", clear_on_submit=True):
        cols = st.columns([2, 2, 3])
        name = cols[0].text_input("Add an actor: name")
        role = cols[1].selectbox("role", list(ACTOR_ROLES), format_func=lambda r: ROLE_LABELS[r])
        aliases = cols[2].text_input("aliases, separated by ;")
        if st.form_submit_button("Add the actor and draft again") and name.strip():
            actor_id = slug(name) or "actor"
            # The name itself, or a repeat, is no alias.
            unique = {a.casefold(): a for a in cell_items(aliases) if a.casefold() != name.strip().casefold()}
            actor = RegistryActor(actor_id, name.strip(), tuple(unique.values()), role,
                                  f"{name.strip()} (added on the authoring page).")
            st.session_state[AUTHOR_DRAFT] = _redraft(authoring, authoring.extra, [*authoring.actors, actor])
            st.rerun()
    return edited.to_dict("records")


# --------------------------------------------------------------------------- live check, map, save


def _scratch() -> Path:
    folder = st.session_state.get(AUTHOR_SCRATCH)
    if folder is None or not Path(folder).is_dir():
        folder = tempfile.mkdtemp(prefix="spillover-author-")
        st.session_state[AUTHOR_SCRATCH] = folder
    return Path(folder)


def check(authoring: Authoring, tables: dict[str, list[dict]], meta: dict[str, str]) -> tuple[dict[str, str], Bundle]:
    """Write the edited tables as a scratch bundle and load it: the files and the validated bundle."""
    files = bundle_files(authoring.essay, tables, meta)
    folder = _scratch()
    for old in folder.iterdir():
        old.unlink()
    write_bundle(files, folder)
    return files, load_bundle(folder)


def show_check(bundle: Bundle, places: list[dict]) -> None:
    """The validator's messages and the coordinate flags, updated on every edit."""
    flags = place_flags(places)
    for flag in flags:
        st.warning(md_escape(flag), icon=":material/location_on:")
    if bundle.problems:
        st.error(f"The validator found {count_phrase(len(bundle.problems), 'problem')}:", icon=":material/warning:")
        # file names alone: the bundle's folder is a temporary one
        st.code("\n".join(str(replace(p, file=Path(p.file).name)) for p in bundle.problems), language=None)
    else:
        st.success(f"The validator found no problems: {count_phrase(len(bundle.claims), 'claim')}, "
                   f"{count_phrase(len(bundle.actors), 'actor')}, {count_phrase(len(bundle.places), 'place')} of the "
                   "bundle's own.", icon=":material/check_circle:")
    if not bundle.claims:
        st.warning("No claim is included, so the saved bundle would map nothing of this essay: tick “include” on "
                   "the claims to keep.", icon=":material/visibility_off:")


def review_map(places: list[dict], routes: Sequence[dict] = ()) -> tuple[float, float] | None:
    """Places (labelled; flagged ones red) and included routes (dashed: schematic) on a map; returns a new click (lat, lon).

    The map opens on the placed rows (``geo.drafting.review_view``).
    """
    group = folium.FeatureGroup(name="Draft routes")
    for route in routes:
        if not route.get("include", True):
            continue
        try:
            line = route_line(route_points(route, places))
        except RouteError:
            continue  # a route whose places were emptied is left to the validator's message
        folium.PolyLine([(y, x) for x, y in line.coords], color=ROUTE_COLOUR, weight=4, opacity=0.9,
                        dash_array="10 6", tooltip=f"{route['label']} (schematic line)").add_to(group)
    layer = review_layer(places)
    groups = [group] if layer is None else [group, layers_group([layer], name="Draft places")]
    view = review_view(layer)
    position = {} if view is None else {"center": view[:2], "zoom": view[2]}
    state = st_folium(base_map(), key=AUTHOR_MAP_WIDGET, height=420, use_container_width=True,
                      feature_group_to_add=groups, returned_objects=["last_clicked"], **position) or {}
    clicked = state.get("last_clicked")
    if not clicked:
        return None
    point = (round(clicked["lat"], 5), round(clicked["lng"], 5))
    if st.session_state.get(AUTHOR_CLICK_DONE) == point:
        return None  # st_folium repeats the last click on every rerun; use each click once
    st.session_state[AUTHOR_CLICK_DONE] = point
    return point


def save(authoring: Authoring, files: dict[str, str], bundle: Bundle) -> None:
    """Download the bundle as a zip, or keep it on this server and switch the app to it."""
    name = slug(bundle.meta.title, 48) or "essay"
    c1, c2 = st.columns(2)
    c1.download_button("Download the bundle (.zip)", zip_bundle(files, name), file_name=f"{name}.zip",
                       mime="application/zip", key="author_download")
    digest = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()
    unreviewed = sum(1 for c in bundle.claims if c.confidence == "unreviewed")
    if unreviewed:
        st.caption(f"{count_phrase(unreviewed, 'included claim')} {'is' if unreviewed == 1 else 'are'} not reviewed: "
                   "the map draws them grey, as “unreviewed draft” in the legend and the claim's panel, until "
                   "they are ticked reviewed above and the bundle is saved again.")
    if c2.button("Save and load this bundle", key="author_save", type="primary"):
        folder = Path(tempfile.mkdtemp(prefix="spillover-authored-")) / name
        write_bundle(files, folder)
        use_bundle(folder)
        st.session_state[AUTHOR_SAVED] = (st.query_params.get("bundle", ""), digest)
    saved, saved_digest = st.session_state.get(AUTHOR_SAVED) or ("", "")
    if saved and saved_digest == digest:
        st.success(f"Saved and loaded on every page as bundle {saved}; the page's link (…?bundle={saved}) "
                   "reopens it on this server.", icon=":material/link:")
    elif saved:
        st.info(f"Changed since it was saved as bundle {saved}: save again to load the changes.",
                icon=":material/edit:")


def keep_edits(authoring: Authoring, places: list[dict], claims: list[dict], actors: list[dict],
               routes: Sequence[dict] = (), citations: Sequence[dict] = ()) -> dict[str, list[dict]]:
    """Keep the editors' rows as the authoring's tables; return the tables to write, routes after the claims.

    Claims get back the columns their table does not show, and drafted labels follow the edits
    (:func:`geo.drafting.follow_label_edits`, against the tables kept on the last rerun).
    """
    full_claims = [{**original, **edited} for original, edited in zip(authoring.tables["claims"], claims)]
    full_claims = follow_label_edits(authoring.tables, full_claims, places, actors)
    authoring.tables = {**authoring.tables, "places": list(places), "claims": full_claims, "actors": list(actors)}
    authoring.routes, authoring.citations = list(routes), list(citations)
    keep_review(authoring)  # after every run: a reload or a lost tab finds the review again (ui.review_store)
    return {"places": places, "claims": [*full_claims, *routes], "actors": actors, "citations": list(citations)}

