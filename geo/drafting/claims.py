"""Draft claims: each sentence that ties a named actor to a named place.

A draft claim quotes its sentence verbatim (relation ``states``: the essay states it) and
gets a *suggested* status from the sentence's own hedging -- "claimed"/"alleged" ->
``alleged``, "reportedly"/"according to" -> ``reported``, "could"/"possibility" and
everything else -> ``essay_argument`` -- so nothing drafted is shown as fact. Every draft
claim starts unreviewed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from geo.drafting.actors import ActorMention
from geo.drafting.places import PlaceMention

#: Words that make a sentence's claim an allegation, a report or the essay's own argument.
HEDGES: dict[str, tuple[str, ...]] = {
    "alleged": ("alleged", "allegedly", "allegation", "allegations", "claimed", "claims", "claim", "accused",
                "accuses", "accusation"),
    "reported": ("reportedly", "reported", "reports", "report", "according to", "sources say", "said to"),
    "essay_argument": ("could", "might", "may", "possibility", "possible", "possibly", "likely", "risk", "would",
                       "threat", "scenario", "potential", "potentially"),
}
_ABBREVIATIONS = ("Dr", "Mr", "Mrs", "Ms", "Prof", "Gen", "Col", "Lt", "St", "No", "vol", "pp", "e.g", "i.e",
                  "U.S", "U.N", "U.K", "etc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
                  "Oct", "Nov", "Dec", "approx", "cf")
_SENTENCE_END = re.compile(r"[.!?…]+[”\"’')\]]*(?:\[\^?\d+\])*(?=\s+[“\"'(\[]?[A-Z0-9])")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a paragraph: its span and its text (``text == paragraph[start:end]``)."""

    paragraph: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DraftClaim:
    """A claim proposed from one sentence: one actor, the places the sentence names, a suggested status."""

    id: str
    actor: str
    paragraph: str
    quote: str
    places: tuple[PlaceMention, ...]
    status: str
    hedge: str
    year: str | None


def sentences(paragraph_id: str, text: str) -> list[Sentence]:
    """Split a paragraph into sentences that are exact substrings of it.

    Parameters
    ----------
    paragraph_id
        Copied into each sentence.
    text
        The paragraph.

    Returns
    -------
    list of Sentence
        Leading and trailing spaces trimmed; abbreviations ("Dr.", "U.S.") do not end a sentence.
    """
    out, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start:match.start()]
        last = re.findall(r"[\w.]+$", before)
        if last and (last[0] in _ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", last[0])):
            continue
        out.append((start, match.end()))
        start = match.end()
    out.append((start, len(text)))
    result = []
    for s, e in out:
        piece = text[s:e]
        s += len(piece) - len(piece.lstrip())
        e -= len(piece) - len(piece.rstrip())
        if e > s:
            result.append(Sentence(paragraph_id, s, e, text[s:e]))
    return result


def suggested_status(sentence: str) -> tuple[str, str]:
    """The status a sentence's own words suggest, and the word that suggested it.

    Returns
    -------
    (str, str)
        ``alleged``, ``reported`` or ``essay_argument`` and the hedge found ("" when none:
        an unhedged sentence is still only the essay's statement, ``essay_argument``).
    """
    lowered = sentence.casefold()
    for status, words in HEDGES.items():
        for word in words:
            if re.search(rf"\b{re.escape(word)}\b", lowered):
                return status, word
    return "essay_argument", ""


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:40].strip("-")


def draft_claims(paragraph_id: str, text: str, actors: Sequence[ActorMention],
                 places: Sequence[PlaceMention]) -> list[DraftClaim]:
    """One draft claim per (sentence, actor) for every sentence naming an actor and a place.

    Parameters
    ----------
    paragraph_id
        The paragraph's id.
    text
        Its text.
    actors, places
        The paragraph's actor and place mentions.

    Returns
    -------
    list of DraftClaim
        Ids are ``<actor>-<first place>-<paragraph>-s<n>``, unique within the paragraph.
    """
    claims = []
    for n, sentence in enumerate(sentences(paragraph_id, text), start=1):
        inside = [p for p in places if sentence.start <= p.start < sentence.end]
        if not inside:
            continue
        status, hedge = suggested_status(sentence.text)
        year = _YEAR.search(sentence.text)
        seen = []
        for actor in actors:
            if sentence.start <= actor.start < sentence.end and actor.actor not in seen:
                seen.append(actor.actor)
        unique = {(p.candidate.kind, p.candidate.ref): p for p in inside}
        # Points go together; each country is its own claim, drawn as the country's polygon.
        points = tuple(p for p in unique.values() if p.candidate.kind != "country")
        groups = ([points] if points else []) + [(p,) for p in unique.values() if p.candidate.kind == "country"]
        for actor_id in seen:
            for group in groups:
                claims.append(DraftClaim(
                    id=f"{actor_id}-{_slug(group[0].candidate.name)}-{paragraph_id}-s{n}", actor=actor_id,
                    paragraph=paragraph_id, quote=sentence.text, places=group, status=status, hedge=hedge,
                    year=year.group(1) if year else None,
                ))
    return claims
