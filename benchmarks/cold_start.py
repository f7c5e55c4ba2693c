"""Cold start to first map: a fresh ``streamlit run`` server, then the first drawn map in Chromium.

The clock starts just before the server process is launched (Python's ``time.time()``) and stops
at the animation frame in the map iframe at which the map counts as drawn (the browser's
``performance.timeOrigin + performance.now()``); both are the machine's epoch clock. Chromium is
launched before the server, so its own start-up is not counted; the page is the first of a fresh
browser context (empty HTTP cache), as a user arriving after a deploy would see it.
"""

from __future__ import annotations

import time

from benchmarks import map_clock
from benchmarks.bench import VIEWPORT
from benchmarks.offline import OFFLINE_ARGS, served_cdn, watch_external
from benchmarks.server import served_app
from tests.e2e.browser import CHROMIUM_ARGS, SERVER_SCRIPT, chromium_path, map_frame

TARGET_COLD_START_MS = 4000.0


def cold_start(browser, script: str, min_paths: int, env: dict[str, str] | None = None,
               timeout_ms: int = 120_000) -> dict:
    """Launch ``script`` on a fresh server and time its first drawn map in a fresh browser context.

    ``browser`` is launched with :data:`benchmarks.offline.OFFLINE_ARGS`. Returns milliseconds
    from launch to healthy, to the page's navigation start and to the complete map
    (:func:`benchmarks.map_clock.complete_at`), the paths drawn and the requests that tried to
    leave the machine. The server's CPU is read once the map has been quiet for a moment.
    """
    blocked: list[str] = []
    context = browser.new_context(viewport=VIEWPORT)
    map_clock.install(context)
    watch_external(context, blocked)
    try:
        with served_app(script, env=env) as server:
            page = context.new_page()
            page.goto(server.url, wait_until="domcontentloaded")
            origin = page.evaluate("() => performance.timeOrigin")
            frame = map_frame(page, timeout_ms=timeout_ms)
            drawn_at, paths = map_clock.complete_at(frame, min_paths, timeout_ms=timeout_ms)
            cpu_s = server.cpu_s()
            rss = server.rss_mb()
            launched_ms = server.launched_at * 1000
    finally:
        context.close()
    return {
        "healthy_ms": round(server.healthy_after_s * 1000, 1),
        "navigation_start_ms": round(origin - launched_ms, 1),
        "first_map_ms": round(drawn_at - launched_ms, 1),
        "page_ttfm_ms": round(drawn_at - origin, 1),
        "server_cpu_ms_to_first_map": round(cpu_s * 1000, 1),
        "server_rss_mb_at_first_map": round(rss, 1),
        "paths_drawn": paths,
        "external_requests": len(blocked),
    }


def cold_start_figures(plain_path=None, plain_min_paths: int | None = None) -> dict:
    """Cold start of the atlas (and of the plain app when ``plain_path`` is given), one after the other."""
    from playwright.sync_api import sync_playwright

    from benchmarks.bench import ATLAS_DRAWN_MIN_PATHS, PLAIN_APP

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)")
    out: dict = {}
    with sync_playwright() as pw, served_cdn() as cdn:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS + OFFLINE_ARGS)
        try:
            t0 = time.perf_counter()
            out["atlas"] = cold_start(browser, SERVER_SCRIPT, ATLAS_DRAWN_MIN_PATHS)
            out["atlas"]["wall_s"] = round(time.perf_counter() - t0, 1)
            if plain_path is not None:
                out["plain"] = cold_start(browser, PLAIN_APP, plain_min_paths or 1,
                                          env={"PLAIN_GEOJSON": str(plain_path), "PLAIN_CDN": cdn})
        finally:
            browser.close()
    return out


def table_rows(t, figures: dict) -> None:
    """Rows for ``benchmarks/bench.py``'s table."""
    atlas = figures["atlas"]
    t.add("Cold start to first drawn map, atlas", f"{atlas['first_map_ms']:.0f} ms",
          f"<= {TARGET_COLD_START_MS:.0f} ms", atlas["first_map_ms"] <= TARGET_COLD_START_MS)
    t.add("  server healthy / page's own load / server CPU",
          f"{atlas['healthy_ms']:.0f} / {atlas['page_ttfm_ms']:.0f} / {atlas['server_cpu_ms_to_first_map']:.0f} ms")
    if "plain" in figures:
        t.add("Cold start to first drawn map, plain app", f"{figures['plain']['first_map_ms']:.0f} ms")
