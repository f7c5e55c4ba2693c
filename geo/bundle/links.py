"""Links between a loaded bundle's essay, actors and claims, for the UI.

Which claims quote a paragraph, which passages a claim rests on, each actor's profile,
and where mapped names occur in a text. They read a :class:`~geo.bundle.model.Bundle` and
never change it (it may be cached).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import geopandas as gpd

from geo.bundle.claims import STATUSES, Actor
from geo.bundle.essay import Paragraph
from geo.bundle.features import source_dicts

if TYPE_CHECKING:  # geo.bundle.model imports this module to re-export its helpers
    from geo.bundle.model import Bundle


@dataclass(frozen=True)
class LinkedPassage:
    """An essay paragraph a claim is linked to, the verbatim words quoted and how they bear on it.

    ``relation`` is ``states`` (the passage asserts the claim), ``context`` (it discusses the
    topic but not this actor, place or time) or ``contrast``.
    """

    paragraph: Paragraph
    quote: str
    relation: str | None = None


@dataclass(frozen=True)
class Mention:
    """A name of a mapped actor or place found in a text, at ``text[start:end]``.

    ``target`` is ``actor:<id>``, ``place:<id>``, ``province:<id>`` or ``country:<name>``.
    """

    start: int
    end: int
    text: str
    target: str


@dataclass(frozen=True)
class ActorSummary:
    """Everything the Actors page shows for one actor."""

    actor: Actor
    features: tuple[dict[str, Any], ...]
    status_counts: dict[str, int]
    sources: tuple[dict[str, Any], ...]
    paragraph_ids: tuple[str, ...]


#: How strongly a passage link ties a claim to a paragraph, strongest first.
_RELATION_RANK = {"states": 0, "contrast": 1, "context": 2}


def paragraph_relation(sources: list[dict[str, Any]], paragraph_id: str) -> str | None:
    """The strongest relation among a feature's passage links to this paragraph, or ``None``.

    Parameters
    ----------
    sources
        A feature's ``sources`` (see :func:`geo.bundle.features.source_dicts`).
    paragraph_id
        A paragraph id such as ``"p5"``.
    """
    found = [s.get("relation") or "context" for s in sources
             if s.get("type") == "passage" and s.get("paragraph") == paragraph_id]
    return min(found, key=_RELATION_RANK.__getitem__) if found else None


def claims_for_paragraph(
    bundle: Bundle, paragraph_id: str, relations: Collection[str] = ("states",),
) -> gpd.GeoDataFrame:
    """The features linked to this paragraph by one of ``relations`` (empty frame when none).

    By default only the claims the paragraph *states*: "Highlight ¶N" lights up what the
    paragraph asserts, and a paragraph that merely gives context for a claim (or was written
    before it) is shown only when ``relations`` asks for ``context`` too.

    Parameters
    ----------
    bundle
        A loaded bundle.
    paragraph_id
        A paragraph id such as ``"p5"``.
    relations
        Which link relations count: any of ``states``, ``context``, ``contrast``.

    Returns
    -------
    geopandas.GeoDataFrame
        Rows of ``bundle.features`` (EPSG:4326, columns :data:`geo.bundle.FEATURE_COLUMNS`), in bundle order.
    """
    wanted = set(relations)
    mask = bundle.features["sources"].apply(
        lambda sources: any(s.get("type") == "passage" and s.get("paragraph") == paragraph_id
                            and (s.get("relation") or "context") in wanted for s in sources))
    return bundle.features[mask.astype(bool)]


def paragraphs_for_claim(bundle: Bundle, claim_id: str) -> list[LinkedPassage]:
    """The essay passages a claim quotes, with their relation, in the claim's order (empty for an unknown id)."""
    claim = next((c for c in bundle.claims if c.id == claim_id), None)
    if claim is None:
        return []
    return [LinkedPassage(bundle.paragraph(s.paragraph), s.quote, s.relation) for s in claim.passages]


def actor_summary(bundle: Bundle) -> list[ActorSummary]:
    """Per actor, in file order: features, status counts (all statuses), sources, paragraphs.

    Sources are the actor's own followed by those of its claims, without repeats.
    """
    by_id = {p.id: p for p in bundle.paragraphs}
    summaries = []
    for actor in bundle.actors.values():
        rows = bundle.features[bundle.features["actor"] == actor.id]
        features = tuple(
            {"id": r.id, "label": r.label, "kind": r.kind, "status": r.status,
             "status_label": r.status_label, "when": r.when}
            for r in rows.itertuples(index=False)
        )
        counts = {status: int((rows["status"] == status).sum()) for status in STATUSES}
        sources: dict[str, dict[str, Any]] = {}
        candidates = source_dicts(actor.sources, by_id, bundle.citations)
        candidates += [s for row_sources in rows["sources"] for s in row_sources]
        for source in candidates:
            key = (f"{source['paragraph']}|{source['quote']}" if source["type"] == "passage"
                   else source["id"] or source["title"])
            sources.setdefault(key, source)
        pids = {s["paragraph"] for s in sources.values() if s["type"] == "passage"}
        ordered = tuple(p.id for p in bundle.paragraphs if p.id in pids)
        summaries.append(ActorSummary(actor, features, counts, tuple(sources.values()), ordered))
    return summaries


def mapped_names(bundle: Bundle) -> dict[str, str]:
    """Every name a text may use for a mapped actor or place -> its target.

    Actor names and aliases come first, then the bundle's own ``[mentions]`` (names such
    as "Wahan Corridor" that point at a claim) and ``places.toml`` places (names and
    aliases), gazetteer places and provinces, then the basemap's focus countries; the first
    target wins a shared name.
    """
    from geo.geography import countries, gazetteer

    names: dict[str, str] = {}

    def add(name: str, target: str) -> None:
        if name and name.strip():
            names.setdefault(name.strip(), target)

    for actor in bundle.actors.values():
        for name in actor.names:
            add(name, f"actor:{actor.id}")
    for name, target in bundle.mentions.items():
        add(name, target)
    for place in bundle.places.values():  # the bundle's own places.toml, with the essay's spellings
        for name in (place.name, *place.aliases):
            add(name, f"place:{place.id}")
    for row in gazetteer.load_places().itertuples(index=False):
        for name in (row.name, *gazetteer.split_aliases(row.aliases)):
            add(name, f"place:{row.id}")
    for row in gazetteer.load_provinces().itertuples(index=False):
        for name in (row.province, *gazetteer.split_aliases(row.aliases)):
            add(name, f"province:{row.id}")
    frame = countries("web")
    for name in frame.loc[frame["role"] == "focus", "name"]:
        add(name, f"country:{name}")
    return names


def find_mentions(text: str, names: Mapping[str, str]) -> list[Mention]:
    """Where ``names`` occur in ``text`` as whole words, longest name first, no overlaps.

    All-capital names (``TTP``, ``ISIS``) match case-sensitively so that "tip" or "nur"
    in running text are not taken for an acronym; other names ignore case.
    """
    if not names:
        return []
    ordered = sorted(names, key=len, reverse=True)
    alternatives = [re.escape(n) if n.isupper() else f"(?i:{re.escape(n)})" for n in ordered]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
    folded = {n.casefold(): target for n, target in reversed(list(names.items()))}
    exact = dict(names)
    return [
        Mention(m.start(), m.end(), m.group(0), exact.get(m.group(0)) or folded[m.group(0).casefold()])
        for m in pattern.finditer(text)
    ]
