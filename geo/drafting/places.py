"""Finding place mentions in an essay and choosing, for each, the place it most likely means.

A mention is a run of capitalised words ("Mazar-e Sharif", "Sar-e Pul", "Khyber
Pakhtunkhwa") that names something in the drafter's gazetteer (:mod:`geo.drafting.names`),
matched longest first. Spellings the gazetteer lacks are matched with ``rapidfuzz``
against the names of the region's focus states (Panshir -> Panjshir, Wahan -> Wakhan).
Small towns of the GeoNames snapshot are accepted only after a locative word ("in Khandud",
"near Termez"), because many are also people's names or ordinary words. Words inside an
actor's name are never place mentions, and neither are:

- a name followed by a physical feature's word ("the Helmand River" is the river, not the
  province; "Panj River" is not the town of Panj): no registry package names those features;
- a word for a people ("Chinese", "Tajik": :func:`geo.drafting.actors.demonym_countries`) or an
  adjective spelled like a place ("Pakistani", "Central Asian" are not fuzzy matches of
  Pakistan and Central Asia);
- a town outside the region's focus states inside a longer capitalised name ("Ahmad
  Massoud" is a man, not Al Ahmadi in Kuwait; "Jaish al-Adl" a group, not Adelaide).

A possessive is the name without its ``'s`` ("Ashgabat's" is Ashgabat), a name may contain
"and" ("Sistan and Baluchestan"), and a phrase never starts at a sentence's "The" ("The Wakhan
Corridor" is the corridor's own name). A name with several candidates goes to the one in the
essay's focus (the countries it names most, then the region's focus states), and the
others are kept as alternatives for the reviewer.

The *region of focus* is the essay's two most-named countries (before the essay is read: the
region's first two focus states). When a name's only exact matches are small towns outside it
("Qandhar" is a village in Iran), a spelling variant of a province or known place inside it is
preferred (Kandahar), with the exact matches as alternatives. When nothing inside it matches,
the town is kept but flagged ``outside_focus`` with near spellings inside the focus as
alternatives, so the reviewer picks one or places the name by hand instead of it being
silently accepted.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from geo.drafting.actors import ActorMention
from geo.drafting.names import KIND_RANK, Candidate, Gazetteer
from geo.geography import name_key

#: Capital letters of every script in the Basic Multilingual Plane ("Şindand", "Ürümqi", "Élysée"),
#: as a regex class: Python's ``re`` has no ``\p{Lu}``.
_CAPITALS = "[" + "".join(re.escape(c) for c in map(chr, range(0x10000)) if c.isupper() and c.isalpha()) + "]"
#: Capitalised words (with inner hyphens/apostrophes: "Mazar-i-Sharif", "Qala-e") and the
#: short lower-case links that may sit between them ("Sar-e Pul" is two words; "-e" is inside).
_WORD = re.compile(_CAPITALS + r"[\w’'\-]*[\w]|" + _CAPITALS)
_LINKS = {"e", "i", "al", "ul", "ud", "el", "de", "and"}
#: A possessive ending, left out of the name it follows.
_POSSESSIVE = ("'s", "’s")
#: Words after a name that make the whole a physical feature (or a line: "the Durand Line"), not
#: the place of that name, nor a name to place by hand.
PHYSICAL_FEATURE_WORDS = frozenset({"River", "Rud", "Darya", "Lake", "Mountains", "Mountain", "Range", "Canal", "Line",
                                    "Glacier", "Plateau", "Desert", "Sea"})
#: What a fuzzy match may not add to a place's name: adjectives and peoples ("Pakistani",
#: "Central Asian", "Iranian", "Chinese", "Kazakhs").
_ADJECTIVE_ENDINGS = ("i", "n", "an", "ian", "ese", "ish", "s", "is")
_LOCATIVE = {"in", "at", "near", "from", "to", "into", "of", "around", "toward", "towards", "through", "across",
             "via", "outside", "inside", "between", "and", "province", "district", "city", "town", "village"}
_STOP = {
    "The", "A", "An", "This", "That", "These", "Those", "It", "Its", "In", "On", "At", "As", "By", "For", "From",
    "However", "But", "And", "Or", "If", "When", "While", "After", "Before", "Since", "During", "Although",
    "According", "Moreover", "Furthermore", "Therefore", "Thus", "Yet", "Still", "Such", "Some", "Many",
    "Most", "All", "Both", "Each", "Other", "Another", "There", "Here", "What", "Which", "Who", "Why", "How",
    "We", "They", "He", "She", "I", "You", "Our", "Their", "His", "Her", "My", "Your", "Not", "No", "Nor",
    "Mr", "Mrs", "Dr", "President", "Minister", "General", "Governor", "Commander", "Leader", "Sheikh",
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Government", "State", "States", "Republic", "Islamic", "Emirate", "Movement", "Front", "Network", "Party",
    "Organization", "Organisation", "Council", "Security", "United", "Nations", "Agreement", "Operation",
    "Freedom", "Enduring", "Team", "Monitoring", "Report", "West", "East", "North", "South", "Western",
    "Eastern", "Northern", "Southern", "Central", "Also", "Even", "Then", "Now", "Today", "One", "Two",
}
#: Fuzzy matching only for names this long (folded): shorter ones collide too often.
FUZZY_MIN_LENGTH = 5
FUZZY_CUTOFF = 86.0
#: A town is trusted without a locative word when at least this populous (in the essay's
#: two most-named countries: ``FOCUS_TOWN_POPULATION``); at a sentence start, ``CITY_POPULATION``.
TOWN_POPULATION_ALONE = 100_000
FOCUS_TOWN_POPULATION = 10_000
CITY_POPULATION = 1_000_000
ALTERNATIVE_SAME_KM = 5.0


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a paragraph: where, the words used, the chosen place and the others it may be.

    ``match`` says how the words were matched: ``exact`` (a gazetteer name or alias) or
    ``fuzzy`` (``score`` is rapidfuzz's ratio, 0–100). ``outside_focus`` marks a name whose
    only match is a small town outside the region of focus (see :func:`outside_focus`).
    """

    paragraph: str
    start: int
    end: int
    text: str
    candidate: Candidate
    alternatives: tuple[Candidate, ...] = ()
    match: str = "exact"
    score: float = 100.0
    outside_focus: bool = False


@dataclass(frozen=True)
class UnmatchedName:
    """A capitalised name after a locative word that no gazetteer holds: the reviewer places it."""

    paragraph: str
    start: int
    end: int
    text: str


def _spans(text: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Runs of capitalised words: (start, end, [(word start, word end), ...])."""
    words = [(m.start(), m.end() - 2 if m.group().endswith(_POSSESSIVE) and len(m.group()) > 3 else m.end())
             for m in _WORD.finditer(text)]
    runs: list[list[tuple[int, int]]] = []
    for start, end in words:
        if runs:
            gap = text[runs[-1][-1][1]:start]
            if re.fullmatch(r"[ \u00a0]|[ -](?:" + "|".join(_LINKS) + r")[ -]", gap):
                runs[-1].append((start, end))
                continue
        runs.append([(start, end)])
    return [(run[0][0], run[-1][1], run) for run in runs]


def _previous_word(text: str, start: int) -> str:
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 30):start])
    before = [w for w in before if w.lower() not in {"the", "a", "an"}]
    return before[-1].lower() if before else ""


def _next_word(text: str, end: int) -> str:
    after = re.match(r"\s+([A-Za-z]+)", text[end:end + 30])
    return after.group(1) if after else ""


#: Verbs of saying: a place name that is their subject ("Tehran has accused …", "Islamabad says …")
#: names a government speaking, not where anything happens.
SPEAKING_VERBS = frozenset({
    "accuse", "accuses", "accused", "allege", "alleges", "alleged", "announce", "announces", "announced",
    "argue", "argues", "argued", "assert", "asserts", "asserted", "blame", "blames", "blamed", "claim", "claims",
    "claimed", "condemn", "condemns", "condemned", "demand", "demands", "demanded", "deny", "denies", "denied",
    "insist", "insists", "insisted", "maintain", "maintains", "maintained", "protest", "protests", "protested",
    "reject", "rejects", "rejected", "say", "says", "said", "state", "states", "stated", "urge", "urges", "urged",
    "warn", "warns", "warned", "welcome", "welcomes", "welcomed"})
#: Words that may stand between such a subject and its verb ("Tehran has repeatedly accused").
_BEFORE_VERB = frozenset({"has", "have", "had", "also", "again", "long", "now", "since", "then", "once"})


#: Another name joined to this one as a subject: "Tehran and Islamabad …" (after), "… Tehran and" (before).
_CO_SUBJECT_AFTER = re.compile(r"^\s+and\s+[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?")
_CO_SUBJECT_BEFORE = re.compile(r"(?:^|[.!?;:]\s+)[A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?\s+and\s+$")


def speaks(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is the subject of a verb of saying: a government, not a place.

    "Tehran has accused the Taliban …", "Islamabad says …", "Kabul denied …" name the state
    speaking (metonymy). "Officials in Kabul said …" keeps Kabul: a locative word before the name
    makes it the speakers' place. Up to two words may come between (``has``, an ``-ly`` adverb).

    Parameters
    ----------
    text
        The paragraph's text.
    start, end
        The name's character span in ``text``.
    """
    if not _sentence_start(text, start) and _previous_word(text, start) in _LOCATIVE \
            and not _CO_SUBJECT_BEFORE.search(text[:start]):
        return False
    # "Tehran and Islamabad have accused …": both speak; look past the other name to the verb.
    after = _CO_SUBJECT_AFTER.sub("", text[end:end + 80], count=1)
    words = re.findall(r"[A-Za-z]+", after[:60])[:3]
    if not words or re.match(r"\s*[,;:.()]", text[end:]):
        return False
    for word in words:
        word = word.lower()
        if word in SPEAKING_VERBS:
            return True
        if word not in _BEFORE_VERB and not word.endswith("ly"):
            return False
    return False


#: Words for a kind of place: "the districts of Darvoz" names places whether the gazetteer has them
#: or not, and "the Tajik districts of …" gives them a country (:data:`_ATTRIBUTE`).
PLACE_KIND_WORDS = frozenset({"district", "districts", "province", "provinces", "town", "towns", "city", "cities",
                              "village", "villages", "region", "regions", "valley", "valleys", "crossing",
                              "crossings", "capital", "side", "port"})


def _kind_of(text: str, start: int) -> bool:
    """Whether the name at ``start`` follows "<kind of place> of" ("the Tajik districts of Darvoz")."""
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 40):start])
    return len(before) >= 2 and before[-1].lower() == "of" and before[-2].lower() in PLACE_KIND_WORDS


def _sentence_start(text: str, start: int) -> bool:
    return not text[:start].strip() or bool(re.search(r"[.!?:;“\"(]\s*$", text[:start]))


def _inside(spans: Iterable[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def rank_candidates(cands: Sequence[Candidate], focus: Sequence[str]) -> list[Candidate]:
    """Candidates best first.

    Curated names (countries, provinces, regions, the shared gazetteer's places), national
    capitals and cities of :data:`CITY_POPULATION` or more come before smaller GeoNames towns
    ("Mashhad" is the city in Iran, not the district seat of that name in Afghanistan; "Doha" is
    Qatar's capital, not an Iranian village of that alternate name); within each group, focus
    countries (in ``focus`` order), then kind, then population.
    """
    order = {c: i for i, c in enumerate(focus)}

    def key(c: Candidate) -> tuple:
        minor_town = c.kind == "town" and c.population < CITY_POPULATION and not c.capital
        return minor_town, order.get(c.country, len(order)), KIND_RANK[c.kind], -c.population

    return sorted(cands, key=key)


def sentence_country_first(ranked: list[Candidate], phrase: str, named: set[str]) -> list[Candidate]:
    """``ranked``, or a place its words name in a country their sentence names first.

    That happens only when the best ranked matched by an alias and is not in a country the
    sentence names. In "Iranian border guards clashed with Taliban fighters near Zabol", Zabul
    province is spelled "Zabol" too (an alias), but Zābol is that Iranian town's own name, and the
    sentence names Iran. A place in a named country matched by its own name comes first, else one
    matched by an alias too: "China has upgraded the road to Tashkurgan" is Tashqorghan in
    Xinjiang, not Khulm in Balkh, which GeoNames also calls Tashkurgan. A place matched by its own
    name keeps its rank ("Iranian trucks in Herat" is the Afghan city).

    Parameters
    ----------
    ranked
        Candidates best first (:func:`rank_candidates`).
    phrase
        The words of the mention.
    named
        Countries the sentence names.
    """
    key = name_key(phrase)
    if not ranked or name_key(ranked[0].name) == key:
        return ranked
    if ranked[0].country in named:
        return ranked
    others = [c for c in ranked[1:] if c.country in named]
    others.sort(key=lambda c: name_key(c.name) != key)  # stable: own names first, each group in rank order
    return [others[0], *(c for c in ranked if c is not others[0])] if others else ranked


#: "<people or country> <kind of place> of": the country a list of names after it lies in.
_ATTRIBUTE = re.compile(rf"\b([A-Z][\w’'-]+)\s+(?:border\s+)?(?:{'|'.join(sorted(PLACE_KIND_WORDS))})\s+of\b")
#: Only names, commas and "and" between that phrase and the name ("… of Darvoz and Ishkashim").
_ONLY_NAMES = re.compile(r"(?:\s*(?:,|and\b)?\s*[A-Z][\w’'-]*)*\s*(?:,|and)?\s*")
#: A country right after the name: "Ishkashim in Tajikistan", "Zabol, Iran", "Zabol (Iran)".
_PLACED_IN = re.compile(r"(?:\s+in|,|\s*\()\s*([A-Z][\w’'-]+(?:\s[A-Z][\w’'-]+)?)")


#: How much nearer to the essay's other places an own-name reading must be to replace an alias
#: reading: less than this share of the alias reading's distance, and at least :data:`NEARER_BY_KM` nearer.
NEARER_SHARE = 0.5
NEARER_BY_KM = 100.0


def nearest_readings(paragraphs: Sequence[Sequence[PlaceMention]]) -> list[list[PlaceMention]]:
    """Each paragraph's mentions, an alias reading replaced by the place of that very name near the essay's other places.

    "Farmers around Zabol and the Hamun wetlands" names no country; Zabul province (Afghanistan)
    is also spelled "Zabol" (an alias) and ranks first, but Zābol is the Iranian town's own name,
    and the paragraphs around name Zaranj, 40 km away. A mention whose best reading matched by an
    alias takes an alternative matched by its own name when that one lies much nearer
    (:data:`NEARER_SHARE`, :data:`NEARER_BY_KM`) to the nearest unambiguous place named in the same
    paragraph or the paragraphs before and after (countries are not places here: they are too
    large to place a town). "Taliban fighters gathered near Zabol, east of Kandahar" keeps the
    province, 140 km from Kandahar; a city far from both readings (Mashhad) decides nothing.

    Parameters
    ----------
    paragraphs
        The mentions of each paragraph, in essay order.
    """
    from geo.core import geodesic_distance_km

    def anchors(i: int, skip: PlaceMention) -> list[Candidate]:
        def sure(ms: Sequence[PlaceMention]) -> list[Candidate]:
            return [m.candidate for m in ms if m is not skip and not m.alternatives and m.candidate.kind != "country"
                    and name_key(m.text) != name_key(skip.text)]
        return [c for j in (i - 1, i, i + 1) if 0 <= j < len(paragraphs) for c in sure(paragraphs[j])]

    def nearest(cand: Candidate, points: list[Candidate]) -> float:
        return min(geodesic_distance_km(cand.lon, cand.lat, p.lon, p.lat) for p in points)

    out = []
    for i, mentions in enumerate(paragraphs):
        kept = []
        for m in mentions:
            key = name_key(m.text)
            own = [a for a in m.alternatives if name_key(a.name) == key]
            points = anchors(i, m) if own and name_key(m.candidate.name) != key else []
            if points:
                best = min(own, key=lambda a: nearest(a, points))
                far, near = nearest(m.candidate, points), nearest(best, points)
                if near < NEARER_SHARE * far and far - near > NEARER_BY_KM:
                    others = (m.candidate, *(a for a in m.alternatives if a is not best))
                    m = replace(m, candidate=best, alternatives=others, outside_focus=False)
            kept.append(m)
        out.append(kept)
    return out


def in_country(ranked: list[Candidate], country: str | None) -> list[Candidate]:
    """``ranked`` with the best candidate in ``country`` first (own names before aliases keep their order); as is if none.

    For a country the name's own phrase gives it ("the Tajik districts of … Ishkashim"): a
    stronger sign than a country named anywhere in the sentence, so it overrides a place's own
    name elsewhere (Ishkashim, Afghanistan, across the Panj from Tajik Ishqoshim).
    """
    if country is None or not ranked or ranked[0].country == country:
        return ranked
    there = next((c for c in ranked if c.country == country), None)
    return ranked if there is None else [there, *(c for c in ranked if c is not there)]


def outside_focus(cand: Candidate, focus: Sequence[str]) -> bool:
    """Whether a candidate is a small GeoNames town outside the region of focus.

    Parameters
    ----------
    cand
        A candidate of a name.
    focus
        The region of focus: the essay's most-named countries (two of them).

    Returns
    -------
    bool
        True for a ``town`` below :data:`TOWN_POPULATION_ALONE` whose country is not in ``focus``
        and which is not a national capital. Countries, provinces, regions and the shared
        gazetteer's places never are: they are curated, and a capital or a city that large is
        trusted even without a locative word.
    """
    return (cand.kind == "town" and cand.country not in focus and cand.population < TOWN_POPULATION_ALONE
            and not cand.capital)


def _distinct(best: Candidate, others: Iterable[Candidate]) -> tuple[Candidate, ...]:
    from geo.core import geodesic_distance_km

    out: list[Candidate] = []
    for cand in others:
        if all(geodesic_distance_km(cand.lon, cand.lat, o.lon, o.lat) > ALTERNATIVE_SAME_KM for o in (best, *out)):
            out.append(cand)
    return tuple(out[:5])


class PlaceFinder:
    """Finds place mentions against one :class:`~geo.drafting.names.Gazetteer`.

    Parameters
    ----------
    gazetteer
        The names to look for.
    peoples
        Words for a people with their country ("Iranian" → Iran): never a place mention nor an
        unmatched name, and a word that names its country in its sentence (see
        :func:`sentence_country_first`).
    """

    def __init__(self, gazetteer: Gazetteer, peoples: Mapping[str, str] | None = None) -> None:
        self.gazetteer = gazetteer
        self.people_countries = dict(peoples or {})
        self.peoples = frozenset(self.people_countries)
        focus = set(gazetteer.focus_countries)
        # Fuzzy choices: every name of a focus state's place, province, region or country.
        self._fuzzy_keys = sorted(
            k for k, cands in gazetteer.by_key.items()
            if len(k) >= FUZZY_MIN_LENGTH and any(c.kind != "town" and (c.country in focus or c.kind == "country")
                                                  for c in cands)
        )
        self._focus_keys: dict[tuple[tuple[str, ...], bool], list[str]] = {}

    def _keys_in(self, core: tuple[str, ...], towns: bool) -> list[str]:
        # Names of places inside the region of focus (with or without its small towns), per focus.
        if (core, towns) not in self._focus_keys:
            self._focus_keys[core, towns] = sorted(
                k for k, cands in self.gazetteer.by_key.items()
                if len(k) >= FUZZY_MIN_LENGTH and any(c.country in core and (towns or c.kind != "town") for c in cands)
            )
        return self._focus_keys[core, towns]

    def _fuzzy(self, key: str, keys: Sequence[str]) -> tuple[str, float] | None:
        if len(key) < FUZZY_MIN_LENGTH:
            return None
        hit = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if hit is None or hit[0][0] != key[0]:
            return None
        if key.startswith(hit[0]) and key[len(hit[0]):] in _ADJECTIVE_ENDINGS:
            return None  # "pakistani" is not a spelling of Pakistan
        return hit[0], float(hit[1])

    def _lookup(self, words: str, core: tuple[str, ...]) -> tuple[tuple[Candidate, ...], str, float, tuple[Candidate, ...]]:
        # Candidates, how they matched, the score, and exact matches set aside for a variant in focus.
        key = name_key(words)
        cands = self.gazetteer.candidates(key)
        if cands:
            if not all(outside_focus(c, core) for c in cands):
                return cands, "exact", 100.0, ()
            # Only small towns elsewhere: a spelling variant of a province or known place in focus wins.
            hit = self._fuzzy(key, self._keys_in(core, towns=False))
            if hit is None:
                return cands, "exact", 100.0, ()
            near = tuple(c for c in self.gazetteer.candidates(hit[0]) if c.country in core and c.kind != "town")
            return near, "fuzzy", hit[1], cands
        hit = self._fuzzy(key, self._fuzzy_keys)
        if hit is None:
            return (), "", 0.0, ()
        return self.gazetteer.candidates(hit[0]), "fuzzy", hit[1], ()

    def near_spellings(self, words: str, focus: Sequence[str], limit: int = 3) -> tuple[Candidate, ...]:
        """Places inside the region of focus spelled like ``words`` (rapidfuzz ratio >= :data:`FUZZY_CUTOFF`).

        Parameters
        ----------
        words
            The name as written.
        focus
            The region of focus (countries).
        limit
            At most this many names.

        Returns
        -------
        tuple of Candidate
            Best first; offered to the reviewer, never chosen by themselves.
        """
        key = name_key(words)
        if len(key) < FUZZY_MIN_LENGTH:
            return ()
        hits = process.extract(key, self._keys_in(tuple(focus), towns=True), scorer=fuzz.ratio,
                               score_cutoff=FUZZY_CUTOFF, limit=limit)
        return tuple(c for k, _, _ in hits if k != key and k[0] == key[0]
                     for c in self.gazetteer.candidates(k) if c.country in focus)[:limit]

    def find(self, paragraph_id: str, text: str, actors: Sequence[ActorMention] = (),
             focus: Sequence[str] = ()) -> tuple[list[PlaceMention], list[UnmatchedName]]:
        """Place mentions and unmatched names of one paragraph.

        Parameters
        ----------
        paragraph_id
            Copied into each mention.
        text
            The paragraph's text.
        actors
            Actor mentions of this paragraph; words inside them are not places.
        focus
            Countries to prefer when a name is ambiguous, most preferred first.

        Returns
        -------
        (list of PlaceMention, list of UnmatchedName)
        """
        focus = [*focus, *[c for c in self.gazetteer.focus_countries if c not in focus]]
        core = tuple(focus[:2])
        blocked = [(a.start, a.end) for a in actors]
        found: list[PlaceMention] = []
        unmatched: list[UnmatchedName] = []
        for _, _, words in _spans(text):
            i = 0
            while i < len(words):
                hit, feature = None, False
                first = text[words[i][0]:words[i][1]]
                if i > 0 and first in PHYSICAL_FEATURE_WORDS:
                    i += 1  # "Hari Rud": the word of a feature the name before it names, not a place ("Rud")
                    continue
                for j in range(min(len(words), i + 4), i, -1):
                    start, end = words[i][0], words[j - 1][1]
                    if _inside(blocked, start, end):
                        continue
                    phrase = text[start:end]
                    if first in _STOP and (j - i == 1 or first == "The") or (j - i == 1 and phrase in self.peoples):
                        continue
                    cands, how, score, set_aside = self._lookup(phrase, core)
                    if not cands:
                        continue
                    if j < len(words) and text[words[j][0]:words[j][1]] in PHYSICAL_FEATURE_WORDS:
                        feature = True  # "Helmand River": the river, not the province
                        break
                    cands = self._trusted(cands, text, start, how, core)
                    if cands and self._part_of_a_longer_name(cands, text, words, i, j):
                        continue
                    if cands:
                        hit = (j, start, end, cands, how, score, set_aside)
                        break
                if feature:
                    i = j + 1
                    continue
                if hit is None:
                    start, end = words[i]
                    if (not _inside(blocked, start, end) and text[start:end] not in _STOP
                            and text[start:end] not in self.peoples
                            and (_previous_word(text, start) in {"in", "at", "near", "from", "into", "toward", "towards"}
                                 or _kind_of(text, start))
                            and not _sentence_start(text, start) and len(text[start:end]) > 3
                            and _next_word(text, end) not in PHYSICAL_FEATURE_WORDS):  # "the Durand Line"
                        unmatched.append(UnmatchedName(paragraph_id, start, end, text[start:end]))
                    i += 1
                    continue
                j, start, end, cands, how, score, set_aside = hit
                if speaks(text, start, end):
                    i = j  # the state speaking ("Tehran has accused …"), not a place of the essay
                    continue
                named = self._countries_named(text, start)
                ranked = sentence_country_first(rank_candidates(cands, focus), text[start:end], named)
                ranked = in_country(ranked, self._attributed_country(text, start, end))
                # A town elsewhere in a country its sentence names is the sentence's reading, not a stray match.
                flagged = outside_focus(ranked[0], core) and ranked[0].country not in named
                others = [*ranked[1:], *rank_candidates(set_aside, focus)]
                if flagged:
                    others += self.near_spellings(text[start:end], core)
                found.append(PlaceMention(paragraph_id, start, end, text[start:end], ranked[0],
                                          _distinct(ranked[0], others), how, score, flagged))
                i = j
        return found, unmatched

    def _attributed_country(self, text: str, start: int, end: int) -> str | None:
        """The country a name's own phrase gives it, else ``None``.

        "The Tajik districts of Darvoz and Ishkashim", "the Iranian city of Zabol", "Ishkashim in
        Tajikistan", "Zabol (Iran)".
        """
        before = re.split(r"[.;:!?]", text[max(0, start - 120):start])[-1]
        for match in _ATTRIBUTE.finditer(before):
            word = match.group(1)
            country = self.people_countries.get(word) or (word if word in self.gazetteer.focus_countries else None)
            if country and _ONLY_NAMES.fullmatch(before[match.end():]):
                return country
        after = _PLACED_IN.match(text[end:end + 40])
        if after and after.group(1) in self.gazetteer.focus_countries:
            return after.group(1)
        return None

    def _countries_named(self, text: str, position: int) -> set[str]:
        """The countries the sentence around ``position`` names, by name or by a people's word."""
        begin = max((m.end() for m in re.finditer(r"[.!?;]\s", text[:position])), default=0)
        finish = re.search(r"[.!?;](\s|$)", text[position:])
        sentence = text[begin:position + finish.start() if finish else len(text)]
        words = set(re.findall(r"[^\W\d_][\w’'-]*", sentence))
        return ({self.people_countries[w] for w in words if w in self.people_countries}
                | {c for c in self.gazetteer.focus_countries if c in words})

    def _part_of_a_longer_name(self, cands: tuple[Candidate, ...], text: str,
                               words: Sequence[tuple[int, int]], i: int, j: int) -> bool:
        # Only GeoNames towns outside the region's focus states, with more capitalised words
        # (not stop words) right before or after them: a person's or a group's name.
        if any(c.kind != "town" or c.country in self.gazetteer.focus_countries for c in cands):
            return False
        # The words right before and after, with the gap that joins each to the match; one joined
        # by "and" is another name ("Moscow and Doha"), not part of this one.
        before = [(words[i - 1], text[words[i - 1][1]:words[i][0]])] if i > 0 else []
        after = [(words[j], text[words[j - 1][1]:words[j][0]])] if j < len(words) else []
        return any(" and " not in gap and text[s:e] not in _STOP and text[s:e] not in PHYSICAL_FEATURE_WORDS
                   for (s, e), gap in (*before, *after))

    def _trusted(self, cands: tuple[Candidate, ...], text: str, start: int, how: str,
                 focus: Sequence[str]) -> tuple[Candidate, ...]:
        # Known places, provinces, regions and countries always count; a small town only after a
        # locative word, since many are also people's names or ordinary words.
        if how == "fuzzy":
            cands = tuple(c for c in cands if c.kind != "town")
        if any(c.kind != "town" for c in cands):
            return cands
        if _previous_word(text, start) in _LOCATIVE:
            return cands
        if _sentence_start(text, start):
            return tuple(c for c in cands if c.population >= CITY_POPULATION)
        return tuple(c for c in cands if c.population >= TOWN_POPULATION_ALONE
                     or (c.country in focus and c.population >= FOCUS_TOWN_POPULATION))


def focus_countries(mentions: Iterable[PlaceMention]) -> list[str]:
    """Countries by how often the essay names them or places in them, most first.

    Mentions flagged ``outside_focus`` do not count: a village elsewhere that shares a name
    must not pull the region of focus toward itself.
    """
    counts = Counter(m.candidate.country for m in mentions if not m.outside_focus)
    return [c for c, _ in counts.most_common()]
