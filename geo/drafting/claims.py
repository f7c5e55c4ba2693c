"""Draft claims: each sentence that ties a named actor to a named place.

A draft claim quotes its sentence verbatim (relation ``states``: the essay states it) and
gets a *suggested* status from the sentence's own hedging, within the bundle's evidence rules:
"X claimed"/"X alleged" -> ``alleged`` by X; "reportedly"/"according to" or an allegation by
nobody named -> ``uncited_context`` (the essay relays what it does not cite);
"could"/"possibility" and everything else -> ``essay_argument``. A sentence that denies the
tie ("there is no public evidence that …", "denied") is drafted too, so the reviewer sees it,
but starts left out. Nothing drafted is shown as fact, and every draft claim starts unreviewed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from geo.drafting.actors import ActorMention
from geo.drafting.places import PlaceMention
from geo.geography import slug

#: Words that make a sentence's claim an allegation, a report or the essay's own argument.
HEDGES: dict[str, tuple[str, ...]] = {
    "alleged": ("alleged", "allegedly", "allege", "alleges", "allegation", "allegations", "claimed", "claims", "claim",
                "accused", "accuses", "accusation"),
    "reported": ("reportedly", "reported", "reports", "report", "according to", "sources say", "said to"),
    "essay_argument": ("could", "might", "may", "possibility", "possible", "possibly", "likely", "risk", "would",
                       "threat", "scenario", "potential", "potentially"),
}
_ABBREVIATIONS = ("Dr", "Mr", "Mrs", "Ms", "Prof", "Gen", "Col", "Lt", "St", "No", "vol", "pp", "e.g", "i.e",
                  "U.S", "U.N", "U.K", "etc", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept",
                  "Oct", "Nov", "Dec", "approx", "cf")
_SENTENCE_END = re.compile(r"[.!?…]+[”\"’')\]]*(?:\[\^?\d+\])*(?=\s+[“\"'(\[]?[A-Z0-9])")
#: A year the sentence dates its statement by; "the 1973 treaty" names a document, not the claim's time.
_YEAR = re.compile(r"(?<!\bthe )(?<!\bThe )\b(19[5-9]\d|20[0-4]\d)\b")
#: Words by which a sentence denies the tie it names: its claim is drafted but starts left out.
DENIALS = ("no public evidence", "no evidence", "no credible evidence", "no sign", "no signs", "no indication",
           "no proof", "denied", "denies", "deny")
#: Verbs of attack: an actor named right after one, with another actor named before it, is the
#: target ("ISIS-K attacked Taliban forces in Kunduz"); one named before "was … by" is too.
ATTACK_VERBS = frozenset({
    "abducted", "ambush", "ambushed", "ambushes", "arrested", "assassinated", "attack", "attacked", "attacks",
    "bombed", "captured", "detained", "executed", "kidnapped", "kill", "killed", "kills", "massacred", "raided",
    "shelled", "struck", "target", "targeted", "targets"})
#: At most this many words between the verb and the actor it attacks.
_TARGET_GAP_WORDS = 3
#: A fronted viewpoint ("For Iran, the question is …"): its place is whose view, not where an actor is.
_VIEWPOINT = re.compile(r"^(?:For|To)\s[^,;]{1,60},")


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
    alleged_by: str | None = None
    denied: bool = False  # the sentence denies the tie ("no public evidence that …"): drafted, left out
    target: str = ""  # the verb by which another actor attacks this one in the sentence, quoted in the label


def targets(sentence: Sentence, actors: Sequence[ActorMention]) -> dict[str, str]:
    """Actors the sentence names as attacked by another actor it names: actor id -> the verb, as written.

    "ISIS-K attacked Taliban forces in Kunduz": the Taliban are the target. They were in Kunduz,
    so the claim stays, but its label says whose act the sentence reports. Active voice: another
    actor before the verb, this one at most :data:`_TARGET_GAP_WORDS` words after it, no comma or
    semicolon between. Passive voice ("Taliban officials were killed by ISIS-K"): this one before
    "was/were … by", another after.

    Parameters
    ----------
    sentence
        The sentence (its ``start`` is the offset of its text in the paragraph).
    actors
        The paragraph's actor mentions (offsets in the paragraph).
    """
    inside = sorted((a for a in actors if sentence.start <= a.start < sentence.end), key=lambda a: a.start)
    out: dict[str, str] = {}
    for i, this in enumerate(inside):
        for other in inside[:i]:
            if other.actor == this.actor:
                continue
            gap = sentence.text[other.end - sentence.start:this.start - sentence.start]
            verbs = [w for w in re.findall(r"[A-Za-z]+", gap) if w.lower() in ATTACK_VERBS]
            if verbs:
                after = gap[gap.lower().rindex(verbs[-1].lower()) + len(verbs[-1]):]
                passive = re.match(r"\s*by\b", after)  # "were killed by ISIS-K": the one before is the target
                if (not passive and not re.search(r"[,;]", after)
                        and len(re.findall(r"[A-Za-z]+", after)) <= _TARGET_GAP_WORDS):
                    out.setdefault(this.actor, verbs[-1])
        for other in inside[i + 1:]:
            if other.actor == this.actor:
                continue
            gap = sentence.text[this.end - sentence.start:other.start - sentence.start]
            passive = re.search(r"\b(?:was|were|been|being)\s+(?:\w+ly\s+)?([A-Za-z]+)\s+by\b", gap)
            if passive and passive.group(1).lower() in ATTACK_VERBS and not re.search(r"[,;]", gap[:passive.start()]):
                out.setdefault(this.actor, passive.group(1))
    return out


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


#: "X claimed", "X alleged", "X accused": the words before the verb name who alleges.
_ALLEGER_VERB = re.compile(r"^(?P<who>.*?)\b(?:has |have |had )?(?:claimed|claims|alleged|alleges|allege|accused|"
                           r"accuses)\b")
#: A passive allegation names the accused before the verb: "the TTP is accused of sheltering".
_PASSIVE = re.compile(r"\b(?:is|are|was|were|been|being)\s+(?:[a-z]+ly\s+)?$")
#: … and who accuses after it, if anyone: "is accused by Kabul of sheltering".
_PASSIVE_BY = re.compile(r"\b(?:is|are|was|were|been|being)\s+(?:[a-z]+ly\s+)?(?:accused|alleged|claimed)\s+by\s+"
                         r"(?P<who>[^,;.]+?)(?=\s+(?:of|to|that)\b|[,;.]|$)")
#: "according to X," / "X's allegation".
_ACCORDING_TO = re.compile(r"\baccording to (?P<who>[^,;.]+)", re.IGNORECASE)
#: Auxiliaries and adverbs between who alleges and the verb: "Daesh has since claimed" -> "Daesh".
_TRAILING_WORDS = re.compile(r"(?:\s+(?:has|have|had|was|were|is|are|also|since|then|now|again|already|long|itself|"
                             r"themselves|[a-z]+ly))+$")
#: Sources a sentence does not name: "local sources", "some analysts", "residents".
_UNNAMED = re.compile(r"^(?:(?:the|some|many|several|other|local|unnamed|anonymous|western|regional)\s+)*"
                      r"(?:sources?|analysts?|observers?|critics?|experts?|residents?|witnesses|people|locals)$",
                      re.IGNORECASE)
_LEADING_WORDS = re.compile(r"^(?:and|but|while|whereas|that|as|also|moreover|however|in \d{4})\b[\s,]*", re.IGNORECASE)


def alleger(sentence: str) -> str | None:
    """Who the sentence says alleges something, when it names them; ``None`` otherwise.

    Examples: "Ata Mohammad Nur claimed that ..." -> "Ata Mohammad Nur"; "according to the
    resistance, ..." -> "the resistance". "It is alleged that ..." names nobody -> ``None``.
    """
    match = _ACCORDING_TO.search(sentence)
    if match:
        who = match.group("who").strip()
    else:
        by = _PASSIVE_BY.search(sentence)
        if by:  # "… is accused by Kabul of …": who alleges follows "by"
            who = by.group("who").strip()
        else:
            match = _ALLEGER_VERB.search(sentence)
            if not match or _PASSIVE.search(match.group("who")):
                return None  # "the TTP is accused of …": the one accused, not who accuses
            who = re.split(r"[,:;]", match.group("who"))[-1].strip()  # "…, sharpened the rhetoric: Iranian officials"
    who = _TRAILING_WORDS.sub("", _LEADING_WORDS.sub("", who).strip(" ,;:"))
    words = who.split()
    if not words or len(words) > 10 or who.casefold() in {"it", "it is", "it has been", "they", "some", "others"}:
        return None
    if _UNNAMED.match(who):
        return None  # "Local sources allege …": nobody named, even at a sentence's capital
    if not any(w[:1].isupper() for w in words) and not who.casefold().startswith("the "):
        return None
    return who


def denied_by(sentence: str) -> str:
    """The words by which a sentence denies what it names (:data:`DENIALS`), or ``""``."""
    lowered = sentence.casefold()
    return next((w for w in DENIALS if re.search(rf"\b{re.escape(w)}\b", lowered)), "")


def suggested_status(sentence: str) -> tuple[str, str, str | None]:
    """The status a sentence's own words suggest, the word that suggested it and who alleges.

    The suggestion obeys the bundle's evidence rules (``geo.bundle``): a draft rests only on
    the essay's sentence, so it can be ``essay_argument`` (the essay states it), ``alleged``
    (only when the sentence names who alleges it) or ``uncited_context`` (the essay relays a
    report it does not cite, or an allegation by nobody named). Never ``reported`` or
    ``documented``: those need a cited document, which a reviewer adds.

    Returns
    -------
    (str, str, str or None)
        Status, the hedge found ("" when none: an unhedged sentence is still only the essay's
        statement, ``essay_argument``; a denial, :data:`DENIALS`, comes first) and, for
        ``alleged``, who alleges it.
    """
    lowered = sentence.casefold()
    denial = denied_by(sentence)
    if denial:
        # "ISIS-K claimed a rocket attack on Termez, which the Uzbek government denied": a claim answered by
        # a denial is still the claimant's allegation, not a tie the sentence denies.
        at = re.search(rf"\b{re.escape(denial)}\b", lowered)
        reply = re.search(r",?\s*\b(?:which|but|although|though)\b", sentence[:at.start()]) if at else None
        if reply and reply.start() > 0:
            claimed = suggested_status(sentence[:reply.start()])
            if claimed[0] == "alleged" or claimed[1] in HEDGES["alleged"]:
                return claimed
        return "essay_argument", denial, None
    for kind, words in HEDGES.items():
        for word in words:
            if not re.search(rf"\b{re.escape(word)}\b", lowered):
                continue
            if word == "may" and not re.search(r"\bmay\b", sentence):
                continue  # "In May 2023": the month, not a hedge
            if kind == "alleged":
                who = alleger(sentence)
                return ("alleged", word, who) if who else ("uncited_context", word, None)
            if kind == "reported":
                return "uncited_context", word, None
            return "essay_argument", word, None
    return "essay_argument", "", None


#: Where a sentence joins two clauses that may have different subjects ("Optimism was voiced in
#: Islamabad as the Taliban met in Kabul"); "such as" and "as well as" join lists, not clauses.
_CLAUSE_BREAK = re.compile(r";|(?<!such)(?<!as well)\s(?:as(?! well as)|while|whereas|but|although|though)\s",
                           re.IGNORECASE)
_SEMICOLON = re.compile(";")
#: A phrase ends at a clause break or a comma ("after the Taliban returned to Kabul, the optimism
#: voiced in Islamabad ..."); a list of places runs on past its commas ("Balkh, Jowzjan and Faryab").
_PHRASE_BREAK = re.compile(rf"{_CLAUSE_BREAK.pattern}|,", re.IGNORECASE)


def _spans(sentence: Sentence, pattern: re.Pattern) -> list[tuple[int, int]]:
    bounds = [sentence.start, *(sentence.start + m.start() for m in pattern.finditer(sentence.text)), sentence.end]
    return list(zip(bounds, bounds[1:]))


def _first_word(sentence: Sentence, offset: int) -> int:
    """Paragraph offset of the first word at or after ``offset``, past an "and" ("Kalat, and Nushki")."""
    rest = sentence.text[offset - sentence.start:]
    skipped = re.match(r"\s*(?:and\s+)?", rest).end()
    return offset + skipped


def _phrases(sentence: Sentence, spans: Mapping[int, int]) -> list[tuple[int, int]]:
    """The sentence's phrases (:data:`_PHRASE_BREAK`), a list of places running on past its commas kept whole.

    ``spans`` maps each place mention's start to its end (paragraph offsets). A phrase after a
    comma continues the list only when it is a place and nothing but "and"/"or" and more places
    follow: "…of Balkh, Jowzjan and Faryab" is one list; in "Since the Taliban took Kabul, Dushanbe
    has been hostile" Dushanbe starts a clause of its own.
    """
    merged: list[tuple[int, int]] = []
    for start, end in _spans(sentence, _PHRASE_BREAK):
        first = _first_word(sentence, start + 1)
        if merged and sentence.text[start - sentence.start] == "," and first in spans \
                and _LIST_REST.fullmatch(_without_places(sentence, spans[first], end, spans)):
            merged[-1] = (merged[-1][0], end)  # "…of Balkh, Jowzjan and Faryab"
        else:
            merged.append((start, end))
    return merged


#: What may follow the first place of a phrase that continues a list of places (the places removed):
#: "and"/"or", a kind of area, and a prepositional phrase ("Herat and Kabul in 2021"), not a verb.
_LIST_REST = re.compile(r"[\s,.]*(?:(?:and|or)\s+(?:the\s+)?[\s,]*)*(?:provinces?|districts?|regions?)?"
                        r"(?:[\s,]*\b(?:in|on|at|by|during|since|until|from|near|after|before|between|within)\b.*)?"
                        r"[\s,.]*", re.DOTALL)


def _without_places(sentence: Sentence, start: int, end: int, spans: Mapping[int, int]) -> str:
    """The text of ``start``..``end`` (paragraph offsets) with the place mentions in it left out."""
    text, cursor = [], start
    for s in sorted(p for p in spans if start <= p < end):
        text.append(sentence.text[cursor - sentence.start:s - sentence.start])
        cursor = spans[s]
    text.append(sentence.text[cursor - sentence.start:end - sentence.start])
    return "".join(text)


def clause_places(sentence: Sentence, actor_start: int, places: Sequence[PlaceMention]) -> list[PlaceMention]:
    """The places an actor mention is tied to, from the nearest phrase that names any.

    In order: the places of the actor's own phrase (between commas and clause breaks, a list of
    places kept whole), those after the actor first ("Tehran pressed the Taliban to act in
    Farah" ties the Taliban to Farah, not Tehran); else the nearest phrase naming places in the
    actor's clause (:data:`_CLAUSE_BREAK`), then in the sentence ("In Herat city, Islamic State
    claimed an attack" ties it to Herat); a tie goes to the phrase after the actor.

    Parameters
    ----------
    sentence
        The sentence (offsets in the paragraph).
    actor_start
        Where the actor mention starts, as a paragraph offset.
    places
        The place mentions inside the sentence.
    """
    def inside(span: tuple[int, int]) -> list[PlaceMention]:
        return [p for p in places if span[0] <= p.start < span[1]]

    def around(spans: list[tuple[int, int]]) -> tuple[int, int]:
        return next((s for s in spans if s[0] <= actor_start < s[1]), (sentence.start, sentence.end))

    viewpoint = _VIEWPOINT.match(sentence.text)
    if viewpoint and actor_start >= sentence.start + viewpoint.end():
        places = [p for p in places if p.start >= sentence.start + viewpoint.end()]  # "For Iran, …"
    phrases = _phrases(sentence, {p.start: p.end for p in places})
    phrase = around(phrases)
    opening = sentence.text[phrase[0] - sentence.start:actor_start - sentence.start]
    if re.match(r"[\s,]*where\b", opening, re.IGNORECASE):
        # "…share the Panj with Badakhshan, where the Taliban deployed fighters": the place "where" refers to.
        before = [p for p in places if p.end <= phrase[0]]
        if before:
            return [max(before, key=lambda p: p.start)]
    own = inside(phrase)
    if own:
        return [p for p in own if p.start >= actor_start] or own
    # A semicolon joins two statements: "The Taliban need Iranian fuel; Iran needs a stable …" does
    # not place the Taliban in Iran.
    for scope in (around(_spans(sentence, _CLAUSE_BREAK)), around(_spans(sentence, _SEMICOLON))):
        named = [s for s in phrases if scope[0] <= s[0] and s[1] <= scope[1] and inside(s)]
        if named:
            nearest = min(named, key=lambda s: (actor_start - s[1] if s[1] <= actor_start else s[0] - actor_start,
                                                s[1] <= actor_start))
            return inside(nearest)
    return []


def _clause_status(sentence: Sentence, clauses: list[tuple[int, int]], actors: Sequence[ActorMention],
                   actor_id: str, whole: tuple[str, str, str | None]) -> tuple[str, str, str | None]:
    """The status an actor's own clause suggests, when the sentence has more than one; else ``whole``'s.

    A hedge in another clause does not reach this actor, unless it frames the whole sentence
    (it opens the sentence: "According to the UN, …"; "Kabul claims that …").
    """
    if len(clauses) < 2 or not whole[1]:
        return whole
    first = next((a.start for a in actors if a.actor == actor_id and sentence.start <= a.start < sentence.end), None)
    own = next((c for c in clauses if first is not None and c[0] <= first < c[1]), None)
    if own is None:
        return whole
    text = sentence.text[own[0] - sentence.start:own[1] - sentence.start]
    if re.search(rf"\b{re.escape(whole[1])}\b", text, re.IGNORECASE):
        return suggested_status(text) if own != clauses[0] else whole
    opening = sentence.text[:clauses[0][1] - sentence.start]
    frames = _ACCORDING_TO.match(opening.strip()) or re.search(r"\b(?:claims?|alleges?|says?|said)\s+that\b", opening)
    return whole if frames and own != clauses[0] else suggested_status(text)


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
        # A place in the possessive ("Iran's water rights", "Pakistan's TTP") owns something: it is not
        # where the sentence puts an actor.
        inside = [p for p in places if sentence.start <= p.start < sentence.end
                  and text[p.end:p.end + 2] not in ("'s", "’s")]
        if not inside:
            continue
        whole = suggested_status(sentence.text)
        clauses = _spans(sentence, _CLAUSE_BREAK)
        year = _YEAR.search(sentence.text)
        attacked = targets(sentence, actors)
        mentions: dict[str, list[PlaceMention]] = {}
        for actor in actors:
            if sentence.start <= actor.start < sentence.end:
                tied = mentions.setdefault(actor.actor, [])
                tied.extend(p for p in clause_places(sentence, actor.start, inside) if p not in tied)
        for actor_id, tied in mentions.items():
            # Two clauses may say different things of two actors ("The Taliban set up a post at Hairatan,
            # while the TTP is accused of sheltering near Torkham"): the status is the actor's clause's.
            status, hedge, alleged_by = _clause_status(sentence, clauses, actors, actor_id, whole)
            denied = hedge in DENIALS
            unique = {(p.candidate.kind, p.candidate.ref): p for p in sorted(tied, key=lambda p: p.start)}
            # Points go together; each country is its own claim, drawn as the country's polygon.
            points = tuple(p for p in unique.values() if p.candidate.kind != "country")
            groups = ([points] if points else []) + [(p,) for p in unique.values() if p.candidate.kind == "country"]
            by = alleged_by
            if by and any(a.actor == actor_id and a.text in by for a in actors):
                by = f"{by} (its own claim of responsibility)"  # "Islamic State Khorasan claimed an attack"
            for group in groups:
                claims.append(DraftClaim(
                    id=f"{actor_id}-{slug(group[0].candidate.name, 40)}-{paragraph_id}-s{n}", actor=actor_id,
                    paragraph=paragraph_id, quote=sentence.text, places=group, status=status, hedge=hedge,
                    year=year.group(1) if year else None, alleged_by=by, denied=denied,
                    target=attacked.get(actor_id, ""),
                ))
    return claims
