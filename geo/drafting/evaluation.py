"""Scoring a draft against hand labels: how many place mentions it locates, how many claims it proposes.

The measure behind issue 14's targets (at least 90 % of the place mentions the gazetteer can
hold, correctly located; a claim for at least 80 % of the sentences tying a named actor to a
place). Labels are a TOML file beside the essay (``tests/fixtures/drafting/``)::

    mentions = [ { text = "Termez", lat = 37.224, lon = 67.278 },      # a place or a region's centre
                 { text = "Uzbekistan", country = "Uzbekistan" } ]     # a country
    not_places = ["Amu Darya", "Ahmad Massoud"]                         # words that are no gazetteer place
    claims = [ { sentence = "…", actor = "TTP", place = "Bajaur" } ]    # optional

A labelled mention is located when the draft's first mention with the same words is within
:data:`TOLERANCE_KM` of the label's point (geodesic, WGS84), or is that country, or is an
admin-1 area of that name (a province or region: "the right area" of the issue) within
:data:`AREA_REACH_KM`. Any other drafted mention whose words are not labelled counts against
precision. A labelled word no name of the gazetteer matches (an admin-2 district, say) is
counted apart, as ``not_held``: the issue's target is over the mentions the gazetteer can hold.
A labelled claim is proposed when a draft claim quotes that sentence (or a sentence
inside it) for the actor the label names; a label whose actor the alias registry does not know
is counted apart, since the drafter cannot know it until a reviewer adds it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from geo.core import geodesic_distance_km
from geo.drafting.actors import find_actors
from geo.drafting.draft import Draft
from geo.drafting.names import Gazetteer, load_gazetteer
from geo.geography import name_key

#: A located populated place is within this distance of the labelled point (issue 14).
TOLERANCE_KM = 25.0
#: An admin-1 area of the labelled name counts as "the right area" within this distance of the
#: labelled point (a province's label point can sit far from its capital; a namesake region in
#: another country cannot).
AREA_REACH_KM = 400.0
#: Same name, for an area: rapidfuzz ratio of the casefolded names.
AREA_NAME_RATIO = 85


@dataclass(frozen=True)
class DraftScore:
    """How a draft compares with the labels of its essay.

    ``located`` / ``labelled`` is the recall of place mentions; ``spurious`` are drafted words
    the labels do not hold as places (``not_places`` among them), ``wrong`` labelled words
    drafted at the wrong place, ``missed`` labelled words not drafted at all, of which
    ``not_held`` are words the gazetteer has no name for. Claims:
    ``claims_found`` of ``claims_labelled`` sentences whose actor the registry knows;
    ``claims_unregistered`` sentences whose actor it does not.
    """

    labelled: int
    located: int
    wrong: tuple[str, ...]
    missed: tuple[str, ...]
    spurious: tuple[str, ...]
    claims_labelled: int = 0
    claims_found: int = 0
    claims_missed: tuple[str, ...] = field(default=())
    claims_unregistered: int = 0
    not_held: tuple[str, ...] = field(default=())

    @property
    def place_recall(self) -> float:
        """Share of labelled mentions located (0–1)."""
        return self.located / self.labelled if self.labelled else 1.0

    @property
    def held_recall(self) -> float:
        """Share of the labelled mentions the gazetteer can hold that are located (0–1): the issue's measure."""
        held = self.labelled - len(self.not_held)
        return self.located / held if held else 1.0

    @property
    def place_precision(self) -> float:
        """Share of drafted mentions that are labelled and located (0–1)."""
        drafted = self.located + len(self.wrong) + len(self.spurious)
        return self.located / drafted if drafted else 1.0

    @property
    def claim_recall(self) -> float:
        """Share of labelled claim sentences (registry actors) with a draft claim (0–1)."""
        return self.claims_found / self.claims_labelled if self.claims_labelled else 1.0

    def line(self) -> str:
        """One line for a benchmark table."""
        return (f"places {self.located}/{self.labelled - len(self.not_held)} the gazetteer holds located "
                f"({self.held_recall:.0%}; {self.located}/{self.labelled} of all, {self.place_recall:.0%}), precision "
                f"{self.place_precision:.0%}; claims {self.claims_found}/{self.claims_labelled} "
                f"({self.claim_recall:.0%}), {self.claims_unregistered} more with actors the registry lacks")


def read_labels(path: str | Path) -> dict:
    """The labels TOML of an essay (see the module docstring); raises ``tomllib.TOMLDecodeError``."""
    return tomllib.loads(Path(path).read_text(encoding="utf-8"))


def _located(mention, label: dict) -> bool:
    cand = mention.candidate
    if "country" in label:
        return cand.kind == "country" and cand.country == label["country"]
    distance = geodesic_distance_km(cand.lon, cand.lat, label["lon"], label["lat"])
    if distance <= TOLERANCE_KM:
        return True
    same_name = max(fuzz.ratio(label["text"].casefold(), name.casefold()) for name in (cand.name, mention.text))
    return cand.kind in ("province", "region") and same_name >= AREA_NAME_RATIO and distance <= AREA_REACH_KM


def _same_sentence(quote: str, sentence: str) -> bool:
    quote, sentence = " ".join(quote.split()), " ".join(sentence.split())
    return quote == sentence or quote in sentence or sentence in quote


def score_draft(draft: Draft, labels: dict, gazetteer: Gazetteer | None = None) -> DraftScore:
    """Compare ``draft`` with ``labels`` (:func:`read_labels`); see :class:`DraftScore`.

    ``gazetteer`` (default: the bundled one) decides which labelled words it can hold.
    """
    gazetteer = gazetteer or load_gazetteer()
    first: dict[str, object] = {}
    for mention in draft.place_mentions:
        first.setdefault(mention.text, mention)
    located, wrong, missed = 0, [], []
    for label in labels["mentions"]:
        mention = first.get(label["text"])
        if mention is None:
            missed.append(label["text"])
        elif _located(mention, label):
            located += 1
        else:
            wrong.append(f"{label['text']} → {mention.candidate.name} ({mention.candidate.country})")
    labelled_words = {label["text"] for label in labels["mentions"]}
    spurious = tuple(sorted(set(first) - labelled_words))

    found, missed_claims, unregistered, registered = 0, [], 0, 0
    for label in labels.get("claims", []):
        actors = {m.actor for m in find_actors("label", label["actor"])}
        if not actors:
            unregistered += 1
            continue
        registered += 1
        if any(claim.actor in actors and _same_sentence(claim.quote, label["sentence"]) for claim in draft.claims):
            found += 1
        else:
            missed_claims.append(f"{label['actor']} / {label['place']}: {label['sentence'][:90]}")
    not_held = tuple(word for word in missed if not gazetteer.candidates(name_key(word)))
    return DraftScore(len(labels["mentions"]), located, tuple(wrong), tuple(missed), spurious,
                      registered, found, tuple(missed_claims), unregistered, not_held)
