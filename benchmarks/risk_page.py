"""The Risk page's first map and its slider reruns, server side, through the app's frame.

Measured in a child process (``python -m benchmarks.risk_page``) so the figures start from a
server process whose caches hold only what the main page warmed, whatever the benchmark ran
before: one untimed ``AppTest`` run of ``app.py`` (imports, the essay bundle, the base map — what
a start-up warm-up gives every session), then a fresh ``AppTest.from_file("app.py")`` switched to
``pages/4_Risk.py``. "First map" is that first Risk run (risk distance fields included unless the
app precomputes them); each slider rerun moves the actor-factor weight and times ``at.run()``.

Wall time and CPU time (``time.process_time``: every thread of this process, which is the server
here) are both reported; on a busy machine the wall time is inflated, the CPU time much less so.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

from benchmarks.bench import ROOT, _component_args_bytes, _p90, _quiet_streamlit

RISK_PAGE = "pages/4_Risk.py"
SLIDER_KEY = "risk_w_actors"  # ui.session.RISK_WEIGHT_PREFIX + the actor factor
TARGET_FIRST_MAP_MS = 1500.0
TARGET_RERUN_MS = 80.0


def _timed_run(at) -> tuple[float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    at.run()
    return (time.perf_counter() - w0) * 1000, (time.process_time() - c0) * 1000


def measure(reruns: int) -> dict:
    """Warm the frame, open the Risk page once (timed), then time ``reruns`` slider moves."""
    from streamlit.testing.v1 import AppTest

    _quiet_streamlit()
    warm = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    warm_ms, warm_cpu = _timed_run(warm)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.switch_page(RISK_PAGE)
    first_ms, first_cpu = _timed_run(at)
    if at.exception:
        raise RuntimeError(f"the Risk page raised on its first run: {at.exception[0].message}")
    args = _component_args_bytes(at)
    wall, cpu = [], []
    for i in range(reruns):
        at.slider(key=SLIDER_KEY).set_value(0.5 if i % 2 else 0.55)
        ms, cpu_ms = _timed_run(at)
        if at.exception:
            raise RuntimeError(f"the Risk page raised after a slider move: {at.exception[0].message}")
        wall.append(ms)
        cpu.append(cpu_ms)
    return {
        "warm_up_main_page_ms": round(warm_ms, 1),
        "warm_up_main_page_cpu_ms": round(warm_cpu, 1),
        "first_map_ms": round(first_ms, 1),
        "first_map_cpu_ms": round(first_cpu, 1),
        "reruns": len(wall),
        "slider_median_ms": round(statistics.median(wall), 1),
        "slider_p90_ms": round(_p90(wall), 1),
        "slider_cpu_median_ms": round(statistics.median(cpu), 1),
        "component_args_server_bytes": args,
    }


def risk_page_figures(reruns: int = 15, timeout_s: float = 600.0) -> dict:
    """Run :func:`measure` in a child process and return its figures."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.risk_page", "--reruns", str(reruns)],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout_s, check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"risk page child failed: {proc.stderr.strip()[-800:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description="Risk page first map and slider reruns (prints JSON)")
    parser.add_argument("--reruns", type=int, default=15)
    print(json.dumps(measure(parser.parse_args().reruns)))


if __name__ == "__main__":
    main()


def table_rows(t, figures: dict) -> None:
    """Rows for ``benchmarks/bench.py``'s table."""
    t.add("Risk page first map (server, after main-page warm-up)", f"{figures['first_map_ms']:.0f} ms",
          f"<= {TARGET_FIRST_MAP_MS:.0f} ms", figures["first_map_ms"] <= TARGET_FIRST_MAP_MS)
    t.add("  its server CPU", f"{figures['first_map_cpu_ms']:.0f} ms")
    t.add(f"Risk slider rerun, server ms (median of {figures['reruns']})", f"{figures['slider_median_ms']:.1f} ms",
          f"<= {TARGET_RERUN_MS:.0f} ms", figures["slider_median_ms"] <= TARGET_RERUN_MS)
    t.add("  server CPU per slider rerun (median)", f"{figures['slider_cpu_median_ms']:.1f} ms",
          f"<= {TARGET_RERUN_MS:.0f} ms", figures["slider_cpu_median_ms"] <= TARGET_RERUN_MS)
    t.add("  p90 / st_folium args", f"{figures['slider_p90_ms']:.0f} ms / "
          f"{figures['component_args_server_bytes'].get('total', 0) / 1000:,.1f} KB")
