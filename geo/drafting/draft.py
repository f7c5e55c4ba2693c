"""Draft a bundle from an essay: find actors, places and claims, and lay them out as review tables.

:func:`draft_essay` runs the finders over every paragraph; :func:`review_tables` turns the
result into plain rows (places, claims, actors, unmatched names) that a person edits --
in the authoring page's tables or by hand -- before :func:`geo.drafting.bundle_files`
writes them as a bundle.
"""

from __future__ import annotations

import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from geo.bundle import paragraph_label
from geo.core import count_phrase
from geo.drafting.actors import ActorMention, RegistryActor, default_registry, demonym_countries, find_actors
from geo.drafting.claims import DraftClaim, draft_claims
from geo.drafting.ingest import EssayText
from geo.drafting.names import Candidate, Gazetteer, load_gazetteer
from geo.drafting.places import PlaceFinder, PlaceMention, UnmatchedName, focus_countries, nearest_readings
from geo.geography import countries, load_region, name_key, slug

#: Actor colours in order of first mention: Paul Tol muted, then Okabe–Ito (all colour-blind safe).
ACTOR_COLOURS = ("#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE", "#882255", "#44AA99", "#999933",
                 "#AA4499", "#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#000000")
PLACE_COLUMNS = ("id", "name", "kind", "country", "lat", "lon", "source", "mentions", "names_used", "match",
                 "check", "alternatives")
#: Said with every draft: what the drafter cannot find, and what to do instead.
PHYSICAL_FEATURES_NOTE = (
    "Rivers, lakes, mountain ranges and passes are not matched (beyond the few the shared gazetteer lists): "
    "no registry package the atlas uses ships their names. Add one as a point in the bundle's places.toml, "
    "or draw a river or route as a line through places."
)
CLAIM_COLUMNS = ("include", "id", "actor", "status", "alleged_by", "kind", "places", "label", "paragraph", "quote",
                 "hedge", "target", "date", "reviewed")
ACTOR_COLUMNS = ("id", "name", "role", "aliases", "colour", "description")
UNMATCHED_COLUMNS = ("name", "paragraph", "lat", "lon")


#: A paragraph is in another script when more than this share of its letters are not Latin ones.
OTHER_SCRIPT_SHARE = 0.5


def paragraph_script(text: str) -> str:
    """The script most of ``text``'s letters are in, by Unicode name ("ARABIC", "CYRILLIC"); ``"LATIN"`` when most are Latin.

    Latin counts letters of any accent; a paragraph of no letters is ``"LATIN"``. Pashto, Persian
    and Urdu are all ``"ARABIC"``: Unicode names the script, not the language.
    """
    scripts = Counter(unicodedata.name(ch, "UNKNOWN").split()[0] for ch in text if ch.isalpha())
    total = sum(scripts.values())
    if not total or scripts["LATIN"] / total >= 1 - OTHER_SCRIPT_SHARE:
        return "LATIN"
    return max((s for s in scripts if s != "LATIN"), key=scripts.__getitem__)


def other_script_note(paragraphs) -> str:
    """A sentence naming the paragraphs in another script than Latin, which the drafter does not read; ``""`` if none.

    Parameters
    ----------
    paragraphs
        :class:`geo.bundle.Paragraph`-like objects with ``id`` and ``text``.
    """
    found = [(p.id, paragraph_script(p.text)) for p in paragraphs]
    found = [(pid, script) for pid, script in found if script != "LATIN"]
    if not found:
        return ""
    where = ", ".join(f"{paragraph_label(pid)} ({script.title()} script)" for pid, script in found)
    return (f"{count_phrase(len(found), 'paragraph')} in another script than Latin, {where}, "
            f"{'was' if len(found) == 1 else 'were'} not read: the drafter finds names of places and actors in "
            "Latin script only. Paste a translation (an English one, or the names transliterated) to draft "
            f"{'it' if len(found) == 1 else 'them'}. ")


@dataclass(frozen=True)
class Draft:
    """Everything the drafter found in one essay, and how long it took."""

    essay: EssayText
    actors: tuple[RegistryActor, ...]
    actor_mentions: tuple[ActorMention, ...]
    place_mentions: tuple[PlaceMention, ...]
    unmatched: tuple[UnmatchedName, ...]
    claims: tuple[DraftClaim, ...]
    focus: tuple[str, ...]
    seconds: float = 0.0
    extra: tuple[Candidate, ...] = field(default=())
    #: The essay's two most-named countries (filled from the region's focus states): a small town
    #: elsewhere is flagged (:func:`geo.drafting.places.outside_focus`).
    region_of_focus: tuple[str, ...] = ()

    def summary(self) -> str:
        """One paragraph for the command line: counts of paragraphs, places, actors and claims."""
        places = {m.candidate.ref for m in self.place_mentions}
        unmatched = sorted({u.text for u in self.unmatched})
        outside = sorted({m.text for m in self.place_mentions if m.outside_focus})
        return (
            f"{len(self.essay.paragraphs)} paragraphs, {self.essay.word_count} words; "
            f"{len(self.place_mentions)} place mentions of {len(places)} places "
            f"({sum(1 for m in self.place_mentions if m.alternatives)} of them ambiguous, "
            f"{sum(1 for m in self.place_mentions if m.match == 'fuzzy')} by spelling variant); "
            f"{count_phrase(len(unmatched), 'unresolved name')}{': ' + ', '.join(unmatched) if unmatched else ''}; "
            f"{len(outside)} matched only outside the region of focus{': ' + ', '.join(outside) if outside else ''}; "
            f"{len(self.actors)} actors ({', '.join(a.name for a in self.actors) or 'none'}); "
            f"{len(self.claims)} draft claims, each to review; drafted in {self.seconds:.2f} s. "
            + (f"{self.essay.controls_removed} invisible control character(s) (bidirectional overrides, NUL, …) "
               "were taken out of the text. " if self.essay.controls_removed else "")
            + other_script_note(self.essay.paragraphs)
            + PHYSICAL_FEATURES_NOTE
        )


def _with_extra(gazetteer: Gazetteer, extra: Sequence[Candidate]) -> Gazetteer:
    if not extra:
        return gazetteer
    by_key = dict(gazetteer.by_key)
    for cand in extra:
        key = name_key(cand.name)
        by_key[key] = (replace(cand, key=key),)  # a name the reviewer placed means that place only
    return replace(gazetteer, by_key=by_key)


def manual_place(name: str, lat: float, lon: float, country: str = "",
                 source: str = "placed by the reviewer on the authoring page") -> Candidate:
    """A place a reviewer located by hand, to pass to :func:`draft_essay` as ``extra``."""
    ref = "manual-" + slug(name)
    return Candidate(name_key(name), name, "manual", country, float(lat), float(lon), 0, source, ref)


def draft_essay(essay: EssayText, registry: Sequence[RegistryActor] | None = None,
                gazetteer: Gazetteer | None = None, extra: Sequence[Candidate] = ()) -> Draft:
    """Find the actors, places and claims of an essay.

    Parameters
    ----------
    essay
        The essay, from :func:`geo.drafting.read_essay` or :func:`geo.drafting.essay_from_text`.
    registry
        Actors to look for; the bundled registry by default.
    gazetteer
        Names to look for; the bundled drafter's gazetteer by default.
    extra
        Places a reviewer added (:func:`manual_place`); their names mean only them.

    Returns
    -------
    Draft
    """
    started = time.perf_counter()
    registry = tuple(registry or default_registry())
    gazetteer = _with_extra(gazetteer or load_gazetteer(), extra)
    finder = PlaceFinder(gazetteer, demonym_countries())
    actor_mentions = {p.id: find_actors(p.id, p.text, registry) for p in essay.paragraphs}
    first_pass = {p.id: finder.find(p.id, p.text, actor_mentions[p.id]) for p in essay.paragraphs}
    focus = tuple(focus_countries(m for found, _ in first_pass.values() for m in found))
    mentions, unmatched, claims = [], [], []
    second_pass = [finder.find(p.id, p.text, actor_mentions[p.id], focus) for p in essay.paragraphs]
    for paragraph, found, (_, missing) in zip(essay.paragraphs, nearest_readings([f for f, _ in second_pass]),
                                             second_pass):
        mentions += found
        unmatched += missing
        claims += draft_claims(paragraph.id, paragraph.text, actor_mentions[paragraph.id], found)
    used = [m.actor for ms in actor_mentions.values() for m in ms]
    actors = tuple(a for a in registry if a.id in used)
    actors = tuple(sorted(actors, key=lambda a: used.index(a.id)))
    region_of_focus = (*focus, *[c for c in gazetteer.focus_countries if c not in focus])[:2]
    return Draft(essay, actors, tuple(m for ms in actor_mentions.values() for m in ms), tuple(mentions),
                 tuple(unmatched), tuple(claims), focus, time.perf_counter() - started, tuple(extra),
                 tuple(region_of_focus))


def focus_check(mention: PlaceMention, region_of_focus: Sequence[str]) -> str:
    """What the reviewer should check about a mention's place: ``""``, or why it is flagged.

    Parameters
    ----------
    mention
        A place mention of the draft.
    region_of_focus
        The draft's region of focus (:attr:`Draft.region_of_focus`).

    Returns
    -------
    str
        For a mention flagged ``outside_focus``: a sentence naming the place matched, the
        region of focus and what to do; otherwise ``""``.
    """
    if not mention.outside_focus:
        return ""
    cand = mention.candidate
    what = "pick an alternative, or place it" if mention.alternatives else "place it"
    return (f"the only match for “{mention.text}” is {cand.name}, {cand.country}, outside the region of focus "
            f"({', '.join(region_of_focus)}); {what} under Names to place")


def place_id(cand: Candidate) -> str:
    """The id a drafted bundle gives a place (its ``places.toml`` id, or the country's name)."""
    return cand.ref if cand.kind != "country" else slug(cand.name)


def cell_items(value: object) -> list[str]:
    """The items of a ``"; "``-separated table cell (``"kabul; herat"``), in order, blanks dropped.

    How the review tables hold lists (a claim's places, an actor's aliases, the names a place
    was called): :func:`review_tables` joins them with ``"; "``, a reviewer may type them so.
    """
    return [p.strip() for p in str(value or "").split(";") if p.strip()]


def claim_label(actor_name: str, place_names: Sequence[str], hedge: str = "", target: str = "") -> str:
    """A drafted claim's label: "Taliban — Kabul, Balkh", with the sentence's own hedge word quoted.

    The hedge is quoted because the suggested status is the evidence rules' reading of it; the
    verb of an attack the actor is the target of is quoted too ("target: “attacked”").
    """
    notes = [*([f"essay: “{hedge}”"] if hedge else []), *([f"target: “{target}”"] if target else [])]
    note = f" ({'; '.join(notes)})" if notes else ""
    return f"{actor_name} — {', '.join(place_names)}{note}"


def review_tables(draft: Draft) -> dict[str, list[dict]]:
    """The draft as editable rows: ``places``, ``claims``, ``actors`` and ``unmatched``.

    Returns
    -------
    dict
        ``places`` (:data:`PLACE_COLUMNS`; ``alternatives`` is a list of
        :class:`~geo.drafting.names.Candidate`; ``check`` is :func:`focus_check`'s sentence),
        ``claims`` (:data:`CLAIM_COLUMNS`; unreviewed, and included unless all their places lie
        beyond the map), ``actors`` (:data:`ACTOR_COLUMNS`) and ``unmatched``
        (:data:`UNMATCHED_COLUMNS`, coordinates empty: names no gazetteer holds, and names matched
        only outside the region of focus).
    """
    places: dict[str, dict] = {}
    for m in draft.place_mentions:
        row = places.setdefault(place_id(m.candidate), {
            "id": place_id(m.candidate), "name": m.candidate.name, "kind": m.candidate.kind,
            "country": m.candidate.country, "lat": m.candidate.lat, "lon": m.candidate.lon,
            "source": m.candidate.source, "mentions": 0, "names_used": [], "match": m.match,
            "check": focus_check(m, draft.region_of_focus), "alternatives": list(m.alternatives),
        })
        row["mentions"] += 1
        if m.text not in row["names_used"]:
            row["names_used"].append(m.text)
        if m.match == "fuzzy":
            row["match"] = "fuzzy"
    for row in places.values():
        row["names_used"] = "; ".join(row["names_used"])
    names = {a.id: a.name for a in draft.actors}
    basemap = set(countries("web")["name"])
    ext = load_region()["extent"]

    def on_map(cand: Candidate) -> bool:
        if cand.kind == "country":
            return cand.name in basemap
        return ext["min_lon"] <= cand.lon <= ext["max_lon"] and ext["min_lat"] <= cand.lat <= ext["max_lat"]

    claims = []
    for c in draft.claims:
        kind = "area" if any(p.candidate.kind in ("country", "province", "region") for p in c.places) else "place"
        claims.append({
            # A claim about places beyond the map (Moscow, Washington) starts left out; the reviewer may add it.
            # So does one the sentence denies ("no public evidence that …"): it is shown, not mapped.
            # The target of an attack stays in (the TTP's hideouts struck in Khost were there), labelled so.
            "include": any(on_map(p.candidate) for p in c.places) and not c.denied, "id": c.id, "actor": c.actor,
            "status": c.status, "suggested": c.status, "alleged_by": c.alleged_by or "", "kind": kind,
            "places": "; ".join(place_id(p.candidate) for p in c.places),
            "label": claim_label(names.get(c.actor, c.actor), [p.candidate.name for p in c.places], c.hedge, c.target),
            "paragraph": c.paragraph,
            "quote": c.quote, "hedge": c.hedge, "target": c.target, "date": c.year or "", "reviewed": False,
        })
    actors = [{"id": a.id, "name": a.name, "role": a.role, "aliases": "; ".join(a.aliases),
               "colour": ACTOR_COLOURS[i % len(ACTOR_COLOURS)],
               "description": a.description} for i, a in enumerate(draft.actors)]
    unmatched, seen = [], set()
    # A name matched only outside the region of focus may be placed by hand like an unmatched one.
    for u in [*draft.unmatched, *[m for m in draft.place_mentions if m.outside_focus]]:
        if u.text not in seen:
            seen.add(u.text)
            unmatched.append({"name": u.text, "paragraph": u.paragraph, "lat": None, "lon": None})
    return {"places": list(places.values()), "claims": claims, "actors": actors, "unmatched": unmatched}
