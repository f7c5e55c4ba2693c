"""Rebuild the bundled base geography from Natural Earth 1:10m.

Run ``python -m geo build-basemap`` (needs ``npm`` to fetch the registry package
``world-atlas``) or ``python -m geo build-basemap --source countries-10m.json`` with a
copy you already have. Writes, under ``data/geography/``:

* ``countries_10m.geojson`` – repaired, clipped, unsimplified: used for measurements;
* ``countries_web.geojson`` – coverage-simplified copy sent to the browser;
* ``PROVENANCE.json`` – source, version, licence, checksum, tolerance and date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import subprocess
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import box

from geo.core import GEOGRAPHY_DIR, REGION_EQUAL_AREA, WGS84, repair_polygon
from geo.geography.region import load_region


def fetch_world_atlas(version: str, workdir: Path) -> Path:
    """Download ``world-atlas@version`` from the npm registry and unpack it."""
    subprocess.run(
        ["npm", "pack", f"world-atlas@{version}", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
    )
    tarball = next(workdir.glob("world-atlas-*.tgz"))
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


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
    gdf = gdf[gdf.intersects(frame)].copy()
    gdf["geometry"] = [repair_polygon(g.intersection(frame)) for g in gdf.geometry]
    gdf = gdf[gdf.geometry.notna()].copy()
    gdf["role"] = ["focus" if i in focus else "context" for i in gdf.iso_n3]
    gdf["name"] = [focus.get(i, n) for i, n in zip(gdf.iso_n3, gdf.name)]
    gdf = gdf.sort_values(["role", "name"], ascending=[False, True])
    return gdf[["iso_n3", "name", "role", "geometry"]].reset_index(drop=True)


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

