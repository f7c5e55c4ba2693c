"""A million events end to end — CSV bytes → read → filter → aggregate — with peak memory.

Each measurement runs in its own child process (``python -m benchmarks.events_scale measure``),
so its peak resident memory (``getrusage(RUSAGE_SELF).ru_maxrss``) is that path's alone and not
this benchmark's Chromium, AppTest and caches. The CSV (``geo.uploads.synthetic_acled_csv``) is
written once to ``benchmarks/results/`` by another child and read back as bytes before the clock
starts, as an upload arrives in memory; generating it is not timed. Reported: seconds for each
step and in total, the child's RSS after its imports (``baseline_rss_mb``) and its peak.

Engines:

- ``current`` — ``geo.uploads.read_upload`` (pandas, all validation) → ``filter_events`` →
  ``hexbin_density`` (equal-area hexagons) → GeoJSON, today's path;
- ``store`` — ``geo.uploads.event_store`` (Arrow read, the same validation and messages, filter and
  H3 aggregation in Arrow/numpy) → GeoJSON, when that module exists.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = ROOT / "benchmarks" / "results"
TARGET_TOTAL_S = 3.0
TARGET_PEAK_MB = 1500.0
FILTER = {"start": "2022-01-01", "end": "2022-12-31", "event_types": ["Battles", "Protests"]}


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    return float("nan")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6  # Linux: kilobytes


def write_csv(path: Path, rows: int) -> None:
    """Write ``rows`` synthetic ACLED rows to ``path`` (not timed)."""
    from geo.uploads import synthetic_acled_csv

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(synthetic_acled_csv(rows))


def _current(data: bytes, rows: int) -> dict:
    from geo.uploads import UploadLimits, filter_events, hexbin_density, read_upload

    limits = UploadLimits(max_bytes=max(len(data) + 1, UploadLimits().max_bytes), max_features=max(rows, 1))
    t0 = time.perf_counter()
    result = read_upload("benchmark_events.csv", data, limits=limits)
    t1 = time.perf_counter()
    chosen = filter_events(result.frame, FILTER["start"], FILTER["end"], FILTER["event_types"])
    t2 = time.perf_counter()
    hexes = hexbin_density(chosen)
    geojson = hexes.to_json()
    t3 = time.perf_counter()
    return {"read_s": t1 - t0, "filter_s": t2 - t1, "aggregate_s": t3 - t2, "events_kept": len(chosen),
            "cells": len(hexes), "geojson_bytes": len(geojson)}


def _store(data: bytes, rows: int) -> dict:
    from geo.uploads import UploadLimits, event_cells_geojson, read_event_store

    limits = UploadLimits(max_bytes=max(len(data) + 1, UploadLimits().max_bytes), max_features=max(rows, 1))
    t0 = time.perf_counter()
    store = read_event_store("benchmark_events.csv", data, limits=limits)
    t1 = time.perf_counter()
    mask = store.mask(FILTER["start"], FILTER["end"], FILTER["event_types"])
    t2 = time.perf_counter()
    cells = store.h3_counts(mask)
    geojson = event_cells_geojson(cells)
    t3 = time.perf_counter()
    return {"read_s": t1 - t0, "filter_s": t2 - t1, "aggregate_s": t3 - t2, "events_kept": int(mask.sum()),
            "cells": len(cells), "geojson_bytes": len(geojson), "h3_resolution": store.resolution}


ENGINES = {"current": _current, "store": _store}


def measure(path: Path, engine: str) -> dict:
    """Read ``path`` into memory, then time ``engine`` on it; figures plus baseline and peak RSS."""
    import geopandas  # noqa: F401  (imports are the baseline, not the workload)
    import pyarrow.csv  # noqa: F401

    import geo.uploads  # noqa: F401

    data = path.read_bytes()
    rows = data.count(b"\n") - 1
    baseline = _rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    figures = ENGINES[engine](data, rows)
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {
        "engine": engine,
        "rows": rows,
        "csv_mb": round(len(data) / 1e6, 1),
        **{k: (round(v, 3) if isinstance(v, float) else v) for k, v in figures.items()},
        "total_s": round(total, 3),
        "cpu_s": round(cpu, 3),  # every thread of the child (Arrow parses in parallel)
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(_peak_mb(), 1),
    }


def _child(args: list[str], timeout_s: float) -> str:
    proc = subprocess.run([sys.executable, "-m", "benchmarks.events_scale", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout_s, check=False)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip()[-800:])
    return proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""


def events_scale_figures(rows: int = 1_000_000, engines: tuple[str, ...] = ("store", "current"),
                         timeout_s: float = 600.0) -> dict:
    """Write the CSV once (cached by row count), then measure each engine in its own child."""
    path = RESULTS_DIR / f"synthetic_acled_{rows}.csv"
    if not path.is_file():
        _child(["write", str(path), str(rows)], timeout_s)
    out: dict = {}
    for engine in engines:
        try:
            out[engine] = json.loads(_child(["measure", str(path), engine], timeout_s))
        except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
            out[engine] = {"skipped": f"failed: {str(exc)[-300:]}"}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="events at scale (child process; prints JSON)")
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser("write")
    w.add_argument("path", type=Path)
    w.add_argument("rows", type=int)
    m = sub.add_parser("measure")
    m.add_argument("path", type=Path)
    m.add_argument("engine", choices=sorted(ENGINES))
    args = parser.parse_args()
    if args.command == "write":
        write_csv(args.path, args.rows)
    else:
        print(json.dumps(measure(args.path, args.engine)))


if __name__ == "__main__":
    main()


def table_rows(t, figures: dict) -> None:
    """Rows for ``benchmarks/bench.py``'s table: one pair per engine."""
    for engine in ("store", "current"):
        f = figures.get(engine)
        if f is None:
            continue
        if "skipped" in f:
            t.add(f"Events at scale, {engine}", "skipped", f["skipped"][:90])
            continue
        t.add(f"{f['rows']:,} events read+filter+aggregate, {engine}", f"{f['total_s']:.2f} s",
              f"<= {TARGET_TOTAL_S:g} s", f["total_s"] <= TARGET_TOTAL_S)
        t.add("  read / filter / aggregate; CPU (all threads)",
              f"{f['read_s']:.2f} / {f['filter_s']:.2f} / {f['aggregate_s']:.2f} s; {f.get('cpu_s', float('nan')):.2f} s")
        t.add("  peak memory (child; after imports)", f"{f['peak_rss_mb']:,.0f} MB ({f['baseline_rss_mb']:.0f} MB)",
              f"<= {TARGET_PEAK_MB:,.0f} MB", f["peak_rss_mb"] <= TARGET_PEAK_MB)
        t.add("  events kept / cells / GeoJSON", f"{f['events_kept']:,} / {f['cells']:,} / "
              f"{f['geojson_bytes'] / 1000:,.0f} KB")
