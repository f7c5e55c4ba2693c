"""Routes and rivers drawn as a line through a draft's places, in travel order.

An essay bundle has one way to draw a line through named places: a claim of
``kind = "route"`` whose ``place`` lists them in travel order (``data/essays/README.md``);
the default bundle draws the essay's spillover pathways so. A route made on the authoring
page is such a claim: its places are the draft's own (written to ``places.toml`` with their
sources), its line goes straight from point to point — schematic, not a surveyed track or a
river's course, and its note says so — and it quotes the essay sentence that names it or
most of its places, with the status that sentence's hedging suggests.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from shapely.geometry import LineString

from geo.drafting.claims import sentences, suggested_status
from geo.drafting.draft import Draft, cell_items, place_id
from geo.geography import name_key, slug

#: What a route's note says of its line, after the places it goes through.
SCHEMATIC = "straight segments between named places, not a surveyed track or a river's course"


class RouteError(ValueError):
    """A route that cannot be drawn; the message is one sentence saying what to change."""


def route_line(points: Sequence[tuple[float, float]]) -> LineString:
    """The line through ``(lat, lon)`` points, in order, as a WGS84 LineString (x = lon, y = lat).

    Parameters
    ----------
    points
        ``(lat, lon)`` pairs in travel order, degrees.

    Returns
    -------
    shapely.geometry.LineString

    Raises
    ------
    RouteError
        Fewer than two points, a coordinate that is not a position on Earth, or every point
        the same (a line needs length).

    Examples
    --------
    >>> route_line([(34.53, 69.17), (36.71, 67.11)]).coords[:]
    [(69.17, 34.53), (67.11, 36.71)]
    """
    if len(points) < 2:
        raise RouteError("A route needs at least two places, in travel order.")
    coords = []
    for lat, lon in points:
        try:
            lat, lon = float(lat), float(lon)
        except (TypeError, ValueError):
            raise RouteError("Every place of a route needs a lat and lon.") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise RouteError(f"({lat}, {lon}) is not a position on Earth.")
        coords.append((lon, lat))
    if len(set(coords)) < 2:
        raise RouteError("A route needs at least two places at different points.")
    return LineString(coords)


def _resolve(through: Sequence[str], places: Sequence[Mapping]) -> list[Mapping]:
    by_id = {str(p["id"]): p for p in places}
    by_name: dict[str, list[Mapping]] = {}
    for p in places:
        # A place answers to its name and to the names the essay used for it ("Mazar-e Sharif").
        for label in {str(p["name"]), *str(p.get("names_used") or "").split(";")}:
            if label.strip() and p not in by_name.setdefault(name_key(label), []):
                by_name[name_key(label)].append(p)
    rows = []
    for item in through:
        row = by_id.get(str(item))
        if row is None:
            named = by_name.get(name_key(str(item)), [])
            if len(named) != 1:
                why = "names several of the draft's places; choose by id" if named else \
                    "is not a place of this draft; add it under Names to place first"
                raise RouteError(f"“{item}” {why}.")
            row = named[0]
        if row.get("kind") == "country":
            raise RouteError(f"“{row['name']}” is a country; a route goes through places: choose a town or point in it.")
        rows.append(row)
    if len({str(r["id"]) for r in rows}) < len(rows):
        raise RouteError("A route goes through each place once; remove the repeated place.")
    return rows


def draft_route(name: str, through: Sequence[str], places: Sequence[Mapping], draft: Draft,
                actor: str | None = None, taken: Collection[str] = ()) -> dict:
    """A route claim row, for the claims table, from places of the draft in travel order.

    Parameters
    ----------
    name
        What the route or river is called ("Salang road", "Amu Darya").
    through
        The places, in travel order: ids or names of rows of ``places``.
    places
        The draft's place rows (``id``, ``name``, ``lat``, ``lon``, …), as reviewed.
    draft
        The draft: its sentences and mentions choose the quote, its actors the actor.
    actor
        The claim's actor id; by default the actor the chosen sentence names, else the
        essay's first actor.
    taken
        Claim ids already used; the route's id differs from them.

    Returns
    -------
    dict
        A row of :data:`geo.drafting.CLAIM_COLUMNS` with ``kind = "route"``, ``places`` the ids
        joined by ``"; "`` in travel order, unreviewed, and ``route = True``.

    Raises
    ------
    RouteError
        No name, fewer than two places or two at one point, a place the draft lacks, a
        country (an area, not a point on a line), or no actor to attach the claim to.
    """
    name = " ".join(str(name).split())
    if not name:
        raise RouteError("Give the route a name (the road, river or corridor it stands for).")
    rows = _resolve(through, places)
    route_line([(r["lat"], r["lon"]) for r in rows])
    ids = [str(r["id"]) for r in rows]
    paragraph, start, end, quote = _best_sentence(name, ids, draft)
    status, hedge, alleged_by = suggested_status(quote)
    if actor is None:
        named = [a.actor for a in draft.actor_mentions if a.paragraph == paragraph and start <= a.start < end]
        actor = named[0] if named else (draft.actors[0].id if draft.actors else None)
    if actor is None:
        raise RouteError("Add an actor first: a route is drawn as a claim, and every claim names its actor.")
    claim_id, n = f"route-{slug(name, 40) or 'route'}", 2
    while claim_id in taken:
        claim_id, n = f"route-{slug(name, 40) or 'route'}-{n}", n + 1
    path = " → ".join(str(r["name"]) for r in rows)
    hedge_note = f" (essay: “{hedge}”)" if hedge else ""
    return {
        "include": True, "id": claim_id, "actor": actor, "status": status, "alleged_by": alleged_by or "",
        "kind": "route", "places": "; ".join(ids), "label": f"{name}: {path}, schematic{hedge_note}",
        "paragraph": paragraph, "quote": quote, "hedge": hedge, "target": "", "date": "", "reviewed": False,
        "route": True,
    }


def _best_sentence(name: str, ids: Sequence[str], draft: Draft) -> tuple[str, int, int, str]:
    # The sentence naming the route itself, else the one naming most of its places (earliest wins).
    wanted = set(ids)
    best, best_score = None, (-1, -1)
    for paragraph in draft.essay.paragraphs:
        mentions = [m for m in draft.place_mentions if m.paragraph == paragraph.id]
        for sentence in sentences(paragraph.id, paragraph.text):
            named = {place_id(m.candidate) for m in mentions if sentence.start <= m.start < sentence.end} & wanted
            score = (int(name_key(name) in name_key(sentence.text)), len(named))
            if score > best_score and (score[0] or score[1]):
                best, best_score = (paragraph.id, sentence.start, sentence.end, sentence.text), score
    if best is None:
        raise RouteError("No sentence of the essay names this route or its places; choose places the essay names.")
    return best


def route_points(row: Mapping, places: Sequence[Mapping]) -> list[tuple[float, float]]:
    """The ``(lat, lon)`` points of a route claim row, through the places as reviewed; unknown ids are skipped."""
    by_id = {str(p["id"]): p for p in places}
    ids = cell_items(row.get("places"))
    return [(float(by_id[i]["lat"]), float(by_id[i]["lon"])) for i in ids if i in by_id]


def route_note(row: Mapping, places: Mapping[str, Mapping]) -> str:
    """The sentence a route claim's note starts with: its path and that the line is schematic."""
    ids = cell_items(row.get("places"))
    path = " → ".join(str(places[i]["name"]) if i in places else i for i in ids)
    return f"Schematic line {path}: {SCHEMATIC}."
