"""A reviewer's edits to the draft tables: labels that follow them, alternatives picked, and drafting again.

The review tables (:func:`geo.drafting.review_tables`) are edited in place by a person. Three
rules keep that work: a drafted label follows the edits to its places and actor
(:func:`follow_label_edits`); picking another place for an ambiguous name re-points the claims
that name it (:func:`pick_alternative`); and drafting the essay again (with a place located by
hand, or an actor added) keeps every edit whose row the new draft still has
(:func:`carry_review`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from geo.drafting.draft import ACTOR_COLOURS, cell_items, claim_label, place_id
from geo.drafting.names import Candidate

#: Columns of a place row that picking an alternative replaces (``check`` is answered by the pick).
PICKED_COLUMNS = ("id", "name", "kind", "country", "lat", "lon", "source", "check")
#: Columns a reviewer may change, per table, that drafting again keeps.
EDITABLE = {
    "places": ("id", "name", "kind", "country", "lat", "lon", "source", "check"),
    "claims": ("include", "reviewed", "status", "alleged_by", "citation", "kind", "actor", "places", "date"),
    "actors": ("name", "role", "aliases", "colour", "description"),
    "unmatched": ("lat", "lon"),
}

Tables = dict[str, list[dict]]


def _blank(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def _same(a: object, b: object) -> bool:
    """Equal as table cells: an empty cell is ``None``, ``""`` or NaN alike."""
    if _blank(a) or _blank(b):
        return _blank(a) and _blank(b)
    return a == b


def _names(rows: Sequence[Mapping]) -> dict[str, str]:
    return {str(r.get("id")): str(r.get("name") or r.get("id")) for r in rows}


def _label_of(claim: Mapping, place_names: Mapping[str, str], actor_names: Mapping[str, str]) -> str:
    actor = str(claim.get("actor"))
    return claim_label(actor_names.get(actor, actor), [place_names.get(p, p) for p in cell_items(claim.get("places"))],
                       str(claim.get("hedge") or ""), str(claim.get("target") or ""))


def follow_label_edits(original: Mapping[str, Sequence[Mapping]], claims: Sequence[Mapping],
                       places: Sequence[Mapping], actors: Sequence[Mapping]) -> list[dict]:
    """The edited claim rows, each label redrawn from its actor and places unless the reviewer rewrote it.

    A label still equal to what :func:`~geo.drafting.claim_label` made of the row before these
    edits follows the edits to the claim's actor or places, to a place's name (typed, or an
    alternative picked) and to an actor's name; a label the reviewer typed is kept as typed.

    Parameters
    ----------
    original
        The review tables before these edits (as drafted, or as last kept): ``claims``,
        ``places``, ``actors``.
    claims, places, actors
        The same tables as edited, claims in the same order (rows beyond them, e.g. routes, are
        returned unchanged).

    Returns
    -------
    list of dict
        Copies of ``claims``.
    """
    old_places, new_places = _names(original.get("places", [])), _names(places)
    old_actors, new_actors = _names(original.get("actors", [])), _names(actors)
    before = original.get("claims", [])
    out = []
    for i, row in enumerate(claims):
        row = dict(row)
        if i < len(before) and row.get("label") == _label_of(before[i], old_places, old_actors):
            row["label"] = _label_of(row, new_places, new_actors)
        out.append(row)
    return out


def pick_alternative(tables: Mapping[str, Sequence[Mapping]], drafted: Mapping[str, Sequence[Mapping]], index: int,
                     alternative: Candidate | None) -> Tables:
    """The tables with place row ``index`` set to an alternative (or back to the drafted place).

    The row takes the alternative's id (:func:`~geo.drafting.place_id`), name, position and
    source, so the saved bundle names the place picked, not the one drafted; every claim naming
    the row's old id names the new one, and labels that were not typed follow.

    Parameters
    ----------
    tables
        The review tables as edited so far (``places``, ``claims``, ``actors``, …).
    drafted
        The same tables as drafted; ``places`` rows in the same order.
    index
        The place row's position.
    alternative
        The place picked; ``None`` restores the drafted row.

    Returns
    -------
    dict
        Copies of the tables (other tables shared, unchanged).

    Raises
    ------
    IndexError
        If ``index`` is not a place row.
    """
    places = [dict(r) for r in tables["places"]]
    old_id = str(places[index]["id"])
    if alternative is None:
        picked = {k: drafted["places"][index].get(k) for k in PICKED_COLUMNS}
    else:
        picked = {"id": place_id(alternative), "name": alternative.name, "kind": alternative.kind,
                  "country": alternative.country, "lat": alternative.lat, "lon": alternative.lon,
                  "source": alternative.source, "check": ""}  # the reviewer answered what was to check
    places[index].update(picked)
    new_id = str(picked["id"])
    claims = []
    for row in tables["claims"]:
        ids = cell_items(row.get("places"))
        if old_id in ids:
            row = {**row, "places": "; ".join(dict.fromkeys(new_id if p == old_id else p for p in ids))}
        claims.append(dict(row))
    claims = follow_label_edits(tables, claims, places, tables.get("actors", []))
    return {**tables, "places": places, "claims": claims}


def _claim_key(row: Mapping, country_ids: set[str]) -> tuple:
    """Which drafted claim a row is: its sentence and actor, and the country for a one-country claim."""
    ids = cell_items(row.get("places"))
    group = ids[0] if len(ids) == 1 and ids[0] in country_ids else "points"
    return row.get("paragraph"), row.get("quote"), row.get("actor"), group


def _edits(drafted: Mapping, edited: Mapping, columns: Sequence[str]) -> dict:
    return {c: edited.get(c) for c in columns if c in edited and not _same(drafted.get(c), edited.get(c))}


def _keep_colours(actors: list[dict], before: Sequence[Mapping]) -> None:
    """An actor keeps its colour across drafts; an actor new to this draft takes one no other actor has.

    Colours are dealt in order of first mention (:data:`geo.drafting.ACTOR_COLOURS`), so an actor
    added to the registry and named early would otherwise shift every colour after it.
    """
    kept = {str(a.get("id")): a.get("colour") for a in before}
    for row in actors:
        if kept.get(str(row.get("id"))):
            row["colour"] = kept[str(row["id"])]
    taken = {row["colour"] for row in actors if str(row.get("id")) in kept}
    free = [c for c in ACTOR_COLOURS if c not in taken]
    for row in actors:
        if str(row.get("id")) not in kept and row.get("colour") in taken and free:
            row["colour"] = free.pop(0)
            taken.add(row["colour"])


def carry_review(drafted_before: Mapping[str, Sequence[Mapping]], edited_before: Mapping[str, Sequence[Mapping]],
                 drafted_now: Mapping[str, Sequence[Mapping]]) -> Tables:
    """A new draft's tables with the reviewer's edits of the last one kept: nothing reviewed is lost.

    Every cell the reviewer changed (``edited_before`` differs from ``drafted_before``) is copied
    to the same row of the new draft: places by drafted id, claims by sentence and actor (ids may
    change when a claim gains a place), actors by id, names to place by name. Other cells are the
    new draft's. A label the reviewer typed is kept; a drafted one is drawn again from the row.
    An alternative picked for a place (its id changed) is re-applied to the new draft's claims.
    A claim the reviewer changed that the new draft no longer proposes is kept, after the others.
    Actors keep their colours; one new to the draft takes a colour no other actor has.

    Parameters
    ----------
    drafted_before
        The last draft's tables as drafted (:func:`geo.drafting.review_tables`).
    edited_before
        The same tables as the reviewer left them; ``places`` and ``claims`` rows in the drafted
        order (the tables have a fixed number of rows).
    drafted_now
        The new draft's tables.

    Returns
    -------
    dict
        ``places``, ``claims``, ``actors`` and ``unmatched`` of the new draft, with the edits.
    """
    out: Tables = {name: [dict(r) for r in rows] for name, rows in drafted_now.items()}
    edited_places = list(edited_before.get("places", []))
    # Places: by drafted id, which is also how an alternative picked shows (its id changed).
    place_edits = {str(d["id"]): _edits(d, e, EDITABLE["places"])
                   for d, e in zip(drafted_before.get("places", []), edited_places)}
    moved = {}
    for row in out.get("places", []):
        drafted_id = str(row["id"])
        row.update(place_edits.get(drafted_id, {}))
        if row["id"] != drafted_id:
            moved[drafted_id] = str(row["id"])
    for name, key in (("actors", "id"), ("unmatched", "name")):
        edits = {d[key]: _edits(d, e, EDITABLE[name])
                 for d, e in zip(drafted_before.get(name, []), edited_before.get(name, []))}
        for row in out.get(name, []):
            row.update(edits.get(row[key], {}))
    _keep_colours(out.get("actors", []), edited_before.get("actors", []))
    # Claims: by sentence and actor as drafted.
    countries = {str(p["id"]) for t in (drafted_before, drafted_now) for p in t.get("places", [])
                 if p.get("kind") == "country"}
    old_names = (_names(edited_places), _names(edited_before.get("actors", [])))
    new_names = (_names(out.get("places", [])), _names(out.get("actors", [])))
    before_moves = {str(d["id"]): str(e["id"]) for d, e in zip(drafted_before.get("places", []), edited_places)}
    previous = {}
    for d, e in zip(drafted_before.get("claims", []), edited_before.get("claims", [])):
        # A place re-pointed by an alternative picked is not the reviewer's edit of the claim.
        drafted = {**d, "places": "; ".join(before_moves.get(p, p) for p in cell_items(d.get("places")))}
        previous[_claim_key(d, countries)] = (drafted, e)
    claims = []
    for row in out.get("claims", []):
        match = previous.pop(_claim_key(row, countries), None)
        row["places"] = "; ".join(dict.fromkeys(moved.get(p, p) for p in cell_items(row.get("places"))))
        typed_label = None
        if match is not None:
            drafted, edited = match
            row.update(_edits(drafted, edited, EDITABLE["claims"]))
            if edited.get("label") != _label_of(edited, *old_names):
                typed_label = edited.get("label")
        row["label"] = typed_label if typed_label is not None else _label_of(row, *new_names)
        claims.append(row)
    taken = {c["id"] for c in claims}
    for drafted, edited in previous.values():
        if _edits(drafted, edited, (*EDITABLE["claims"], "label")) and edited.get("id") not in taken:
            claims.append(dict(edited))
    out["claims"] = claims
    return out

