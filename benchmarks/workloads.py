"""Workloads the benchmark times: the risk model's grid/precompute/score and the events path.

They live here, not in ``geo``, so the library carries no timing code and no import of one
package by another only to time it.
"""

from __future__ import annotations

import time
from datetime import datetime

import geopandas as gpd
import numpy as np

from geo.core import REGION_EQUAL_AREA, WGS84
from geo.geography import country, wakhan_corridor
from geo.risk import default_borders, default_corridors, default_grid, default_params, grid_settings, precompute, score
from geo.uploads import UploadLimits, filter_events, hexbin_density, read_upload, synthetic_acled_csv


def benchmark_risk(repeats: int = 25, actors=None, crossings=None, pathways=None) -> dict:
    """Time the default grid, one precompute and ``repeats`` scorings (median) in milliseconds.

    Without inputs it uses synthetic features (a 100 km lattice of points in Afghanistan,
    points every 150 km along its borders, the Wakhan centreline): they are for timing only.
    """
    t0 = time.perf_counter()
    grid = default_grid.__wrapped__()
    grid_ms = (time.perf_counter() - t0) * 1000
    if actors is None or crossings is None or pathways is None:
        synth = _synthetic_inputs()
        actors = synth[0] if actors is None else actors
        crossings = synth[1] if crossings is None else crossings
        pathways = synth[2] if pathways is None else pathways
    default_borders(), default_corridors()  # base-map geometry, cached once per process as in the app
    t0 = time.perf_counter()
    fields = precompute(grid, actors, crossings, pathways)
    precompute_ms = (time.perf_counter() - t0) * 1000
    params = default_params()
    timings = []
    for i in range(max(repeats, 1)):
        t0 = time.perf_counter()
        score(fields, params.with_values(decay_km=params.decay_km + (i % 2)))
        timings.append((time.perf_counter() - t0) * 1000)
    return {"cells": len(grid), "cell_area_km2": round(grid_settings().cell_area_km2, 1),
            "actor_features": int(fields.actor_m.shape[1]), "grid_ms": round(grid_ms, 1),
            "precompute_ms": round(precompute_ms, 1), "score_ms": round(float(np.median(timings)), 2),
            "score_ms_max": round(max(timings), 2), "score_repeats": len(timings)}


def _synthetic_inputs() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Timing-only stand-ins derived from the base map (no real place or claim)."""
    afg = gpd.GeoSeries([country("Afghanistan")], crs=WGS84).to_crs(REGION_EQUAL_AREA).iloc[0]
    x0, y0, x1, y1 = afg.bounds
    xs, ys = np.meshgrid(np.arange(x0, x1, 100_000.0), np.arange(y0, y1, 100_000.0))
    pts = gpd.GeoSeries(gpd.points_from_xy(xs.ravel(), ys.ravel()), crs=REGION_EQUAL_AREA)
    pts = pts[pts.within(afg)].to_crs(WGS84).reset_index(drop=True)
    statuses = ["documented", "reported", "alleged", "essay_argument"]
    labels = {"status": [statuses[i % 4] for i in range(len(pts))],
              "actor": [f"synthetic {i % 5}" for i in range(len(pts))]}
    actors = gpd.GeoDataFrame(labels, geometry=pts, crs=WGS84)
    lines = default_borders().to_crs(REGION_EQUAL_AREA).geometry
    stops = [line.interpolate(d) for line in lines for d in np.arange(0, line.length, 150_000.0)]
    crossings = gpd.GeoDataFrame(geometry=gpd.GeoSeries(stops, crs=REGION_EQUAL_AREA).to_crs(WGS84))
    centreline = wakhan_corridor(country("Afghanistan")).centreline
    pathways = gpd.GeoDataFrame(geometry=[centreline], crs=WGS84)
    return actors, crossings, pathways


def benchmark_events(n_rows: int = 200_000, cell_km: float = 25.0) -> dict:
    """Time the path an upload takes: CSV bytes → events → one year of two types → hexbins.

    Returns
    -------
    dict
        ``rows``, ``csv_mb`` and seconds for ``read_s`` (``geo.uploads.read.read_upload``,
        including validation), ``filter_s``, ``hexbin_s``, ``geojson_s`` (what the map
        serialises) and ``total_s``, plus ``events_kept`` and ``hexagons``. CSV generation
        is not timed.
    """
    data = synthetic_acled_csv(n_rows)
    t0 = time.perf_counter()
    result = read_upload("benchmark_events.csv", data, limits=UploadLimits(max_features=max(n_rows, 1)))
    t1 = time.perf_counter()
    chosen = filter_events(result.frame, "2022-01-01", "2022-12-31", ["Battles", "Protests"])
    t2 = time.perf_counter()
    hexes = hexbin_density(chosen, cell_km=cell_km)
    t3 = time.perf_counter()
    hexes.to_json()
    t4 = time.perf_counter()
    return {
        "rows": n_rows,
        "csv_mb": round(len(data) / 1e6, 1),
        "read_s": round(t1 - t0, 3),
        "filter_s": round(t2 - t1, 3),
        "hexbin_s": round(t3 - t2, 3),
        "geojson_s": round(t4 - t3, 3),
        "total_s": round(t4 - t0, 3),
        "events_kept": int(len(chosen)),
        "hexagons": int(len(hexes)),
        "measured_at": datetime.now().isoformat(timespec="seconds"),
    }
