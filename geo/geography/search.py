"""Find a place by name the way readers type it: fuzzy and tolerant of transliteration.

Persian and Pashto names reach English in many spellings (Panjshir, Panshir, Panjsher;
Mazar-i-Sharif, Mazar-e Sharif). Matching runs on two folded forms of every name and alias:
:func:`geo.geography.name_key` (case, accents, spaces and punctuation dropped) and
:func:`transliteration_key`, which also merges the letters transliterations disagree on.
Scores come from RapidFuzz's normalised Indel similarity (0-100), with an exact or prefix
match on either key ranked first.

A hit gives a geometry (a point, or an area when the source has one, e.g. province
polygons), an extent to zoom to and the features "there" (:func:`features_at`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import geopandas as gpd
from rapidfuzz import fuzz
from shapely.geometry.base import BaseGeometry

from geo.core import Extent
from geo.geography.gazetteer import name_key, split_aliases

#: Below this score (0-100) a name is not offered as a match.
MIN_SCORE = 75.0
#: What each kind of place is called in the results, and the zoom a point of that kind gets.
KIND_LABELS = {"province": "province of Afghanistan", "country": "country", "place": "place",
               "essay": "named in the essay"}
POINT_ZOOM = {"province": 8, "country": 6, "place": 10, "essay": 9}
#: Half-size (degrees) of the box around a point, so a point has an extent to fit.
POINT_PAD_DEG = 0.25

# Spellings that transliterations of Dari/Pashto disagree on, merged in this order.
_TRANSLITERATION = (
    (r"jsh", "sh"),          # Panjshir / Panshir
    (r"(.)\1", r"\1"),      # doubled letters: Pakttia, Mazaar
    (r"ou|oo|o", "u"),      # Kondoz / Kunduz, Khoost / Khost
    (r"ee|ie|e|y", "i"),     # Mazar-e / Mazar-i, Sheberghan / Shiberghan, Badghys
    (r"q", "k"),            # Qandahar / Kandahar
    (r"w", "v"),            # Wakhan / Vakhan
    (r"dh", "d"),
    (r"gh", "g"),
    (r"kh", "k"),
    (r"zh", "j"),
    (r"aa", "a"),
)


def transliteration_key(text: str) -> str:
    """:func:`name_key` with the letters transliterations disagree on merged.

    Examples
    --------
    >>> transliteration_key("Panshir") == transliteration_key("Panjshir")
    True
    >>> transliteration_key("Mazar-e Sharif") == transliteration_key("Mazar-i-Sharif")
    True
    """
    key = name_key(text)
    for pattern, replacement in _TRANSLITERATION:
        key = re.sub(pattern, replacement, key)
    return key


@dataclass(frozen=True)
class PlaceEntry:
    """One searchable place: id, display name, every name it answers to, kind and WGS84 geometry."""

    id: str
    name: str
    kind: str
    names: tuple[str, ...]
    geometry: BaseGeometry
    detail: str = ""

    @property
    def kind_label(self) -> str:
        """How the kind reads in a result ("province of Afghanistan")."""
        return KIND_LABELS.get(self.kind, self.kind)

    def extent(self) -> Extent:
        """The lon/lat box to fit the map to: the geometry's bounds, or a small box around a point."""
        west, south, east, north = self.geometry.bounds
        if east - west < 1e-9 and north - south < 1e-9:
            return Extent(west - POINT_PAD_DEG, south - POINT_PAD_DEG, east + POINT_PAD_DEG, north + POINT_PAD_DEG)
        return Extent(west, south, east, north)

    @property
    def is_area(self) -> bool:
        """True when the geometry is an area (so the map can fit it rather than zoom to a point)."""
        return self.geometry.geom_type in ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class PlaceMatch:
    """A search result: the place, the name that matched and its score (0-100, higher is closer)."""

    entry: PlaceEntry
    matched: str
    score: float


def gazetteer_entries(places: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame,
                      countries: gpd.GeoDataFrame | None = None) -> list[PlaceEntry]:
    """Searchable entries for the gazetteer's provinces and places, and optionally countries.

    Parameters
    ----------
    places
        :func:`geo.geography.load_places` (EPSG:4326 points).
    provinces
        :func:`geo.geography.load_provinces`, or any EPSG:4326 frame with ``id``, ``province``,
        ``aliases`` and a geometry (points today; polygons work the same and are fitted whole).
    countries
        Optional EPSG:4326 frame with ``name`` and polygons (the basemap's countries).

    Returns
    -------
    list of PlaceEntry
        Places first (a city wins a tie with its province: "Kabul" is the city), then
        provinces, then countries.
    """
    entries = [
        PlaceEntry(str(row.id), str(row.name), "place",
                   tuple(dict.fromkeys((str(row.name), str(row.id), *split_aliases(row.aliases)))),
                   row.geometry, f"{row.group}, {row.country}")
        for row in places.itertuples(index=False)
    ]
    entries += [
        PlaceEntry(str(row.id), str(row.province), "province",
                   tuple(dict.fromkeys((str(row.province), str(row.id), *split_aliases(row.aliases)))),
                   row.geometry, f"centre {row.centre}" if getattr(row, "centre", "") else "")
        for row in provinces.itertuples(index=False)
    ]
    if countries is not None:
        entries += [PlaceEntry(name_key(str(row.name)), str(row.name), "country", (str(row.name),), row.geometry)
                    for row in countries.itertuples(index=False)]
    return entries


def label_entries(frame: gpd.GeoDataFrame, id_column: str = "id", label_column: str = "label") -> list[PlaceEntry]:
    """Entries for names that only an essay's mapped features carry, e.g. "Andarab" in a claim's label.

    Each row becomes an ``essay`` entry answering to its label and to each capitalised word
    of four letters or more in it ("Panjshir resistance: Panjshir and the Andarab valleys" →
    Panjshir, Andarab), with the row's geometry. Put them after the gazetteer's entries so a
    gazetteer place wins a tie.
    """
    entries = []
    for row_id, label, geometry in zip(frame[id_column], frame[label_column], frame.geometry):
        words = re.findall(r"\b[A-Z][\w'-]{3,}", str(label))
        entries.append(PlaceEntry(str(row_id), str(label), "essay", tuple(dict.fromkeys((str(label), *words))),
                                  geometry))
    return entries


def add_aliases(entries: Sequence[PlaceEntry], aliases: Iterable[tuple[str, str]]) -> list[PlaceEntry]:
    """``entries`` with more names: each ``(name, entry id)`` pair adds ``name`` to that entry.

    An essay bundle's ``[mentions]`` (``"Panjsher valley" = "province:panjshir"``) reach the
    search this way; a pair naming an unknown id is ignored.
    """
    extra: dict[str, list[str]] = {}
    for name, entry_id in aliases:
        extra.setdefault(entry_id, []).append(name)
    return [replace(e, names=tuple(dict.fromkeys((*e.names, *extra[e.id])))) if e.id in extra else e
            for e in entries]


def search_places(query: str, entries: Sequence[PlaceEntry], limit: int = 5,
                  min_score: float = MIN_SCORE) -> list[PlaceMatch]:
    """The places whose name or alias best matches ``query``, best first, one result per place.

    Parameters
    ----------
    query
        What the user typed; case, accents, punctuation and transliteration variants do not matter.
    entries
        The searchable places (:func:`gazetteer_entries` plus any others).
    limit
        At most this many results.
    min_score
        Results scoring below this (0-100) are dropped.

    Returns
    -------
    list of PlaceMatch
        An exact match on a folded key scores 100 and a prefix of at least three letters
        90 + its share of the name; otherwise the best RapidFuzz ratio of either folded form.
        Ties keep ``entries`` order.

    Examples
    --------
    ``search_places("Panshir", entries)[0].entry.id == "panjshir"``.
    """
    plain, folded = name_key(query), transliteration_key(query)
    if not plain:
        return []
    best: dict[int, PlaceMatch] = {}
    for index, entry in enumerate(entries):
        for name in entry.names:
            score = _score(plain, folded, name_key(name), transliteration_key(name))
            if score >= min_score and (index not in best or score > best[index].score):
                best[index] = PlaceMatch(entry, name, score)
    ranked = sorted(best.items(), key=lambda item: (-item[1].score, item[0]))
    return [match for _, match in ranked[:limit]]


def _score(plain: str, folded: str, name_plain: str, name_folded: str) -> float:
    if plain == name_plain or folded == name_folded:
        return 100.0
    for query, name in ((plain, name_plain), (folded, name_folded)):
        if len(query) >= 3 and name.startswith(query):
            return 90.0 + 9.0 * len(query) / len(name)
    return max(fuzz.ratio(plain, name_plain), fuzz.ratio(folded, name_folded))


def features_at(entry: PlaceEntry, frame: gpd.GeoDataFrame, names_column: str = "place_ids") -> gpd.GeoDataFrame:
    """The rows of ``frame`` that are at ``entry``.

    A row is there when one of its ``names_column`` values (gazetteer ids or names, as
    ``Bundle.features.place_ids`` holds them) is one of the entry's names; for an area entry
    (a province or country polygon) also when the row's geometry lies within it.

    Parameters
    ----------
    entry
        The place.
    frame
        EPSG:4326 features, e.g. ``Bundle.features``.
    names_column
        The column of name lists; missing means geometry only.

    Returns
    -------
    geopandas.GeoDataFrame
        The matching rows of ``frame``, in its order.
    """
    keys = {name_key(n) for n in entry.names}
    if names_column in frame.columns:
        named = [bool(keys & {name_key(str(n)) for n in _as_list(v)}) for v in frame[names_column]]
    else:
        named = [False] * len(frame)
    if entry.is_area:
        inside = frame.geometry.within(entry.geometry.buffer(1e-6)).to_numpy()
        named = [a or bool(b) for a, b in zip(named, inside)]
    return frame.loc[named]


def _as_list(value) -> Iterable:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    try:
        return list(value)
    except TypeError:
        return ()
