"""N concurrent sessions against one server, driven from Chromium on loopback.

One ``streamlit run app.py`` server (:mod:`benchmarks.server`, so its process can be watched) and
one headless Chromium. Each session is its own browser context — a separate user with an empty
HTTP cache — with every non-local request blocked.

1. **Warm-up**: one session opens the map, toggles the Wakhan Corridor, closes. Once the
   server's CPU is quiet its RSS is the *post-warm-up level*.
2. For each N (default 1, 5, 10, 20), **open** N sessions at once (navigations issued back to
   back, then each awaited): time to first drawn map per session, from its navigation start to
   the animation frame at which its map is drawn (browser clock). Server CPU for the opening
   (``/proc/<pid>/stat`` utime + stime) ÷ N, and RSS growth ÷ N, once the server is quiet.
3. **Toggle**: ``rounds`` times, every session clicks the Wakhan Corridor checkbox back to back,
   then each is awaited until its map shows the change (browser clock from just before the click
   to the frame in which the Wakhan paths appeared or vanished). p50/p95 over all toggles; server
   CPU for the round ÷ toggles.
4. **Close** every session; wait (bounded) for RSS to come back within 10% of the post-warm-up level.
5. **An upload, then close**: one session opens "Your data", uploads a ~5 MB ACLED-style CSV
   (``geo.uploads.synthetic_acled_csv``) and waits for its filters; RSS is read, the session
   closes, and with no other session active RSS is polled (bounded) until it is back within 10% of
   its level before the upload — a closed session's upload must not wait for a later session to
   be freed.

6. **The same rounds, before issue 15** (``--sessions-baseline``, default the largest N): main as
   it was before issue 15 (:data:`BASELINE_COMMIT`), checked out into a temporary git worktree and
   served by ``streamlit run app.py``, measured by this same code in the same run, so "a quarter
   of today's toggle p95" compares like with like.

Times are read from the map frame's own clock (:mod:`benchmarks.map_clock`), not from when
Playwright got round to looking: with 20 sessions awaited one after another, polling put up to
seconds of the harness's own latency into the later sessions' figures.

Errors: timeouts, page errors and Streamlit exception boxes are counted, never raised. Loops are
bounded (fixed N, fixed rounds, every wait has a timeout) and every request stays on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from benchmarks import map_clock
from benchmarks.bench import ATLAS_DRAWN_MIN_PATHS, VIEWPORT
from benchmarks.offline import OFFLINE_ARGS, served_cdn, watch_external
from benchmarks.server import Server, served_app, wait_cpu_quiet
from tests.e2e.browser import CHROMIUM_ARGS, chromium_path, map_frame

WAKHAN_LABEL = "Wakhan Corridor"
NOW_JS = "() => performance.timeOrigin + performance.now()"
TODAY_P95_AT_20_S = 13.6  # issue 15, main on this machine: toggle p95 with 20 sessions (Playwright polling)
#: main just before issue 15's first commit: "today" in its targets.
BASELINE_COMMIT = "dd247815306b078fcd46982c49bf788d8b3f0c41"
TARGET_OPEN_CPU_MS = 250.0
TARGET_TOGGLE_CPU_MS = 80.0
MEMORY_BACK_WITHIN = 0.10
WAIT_MS = 180_000


class Session:
    """One user: a browser context, its page, its map frame and what went wrong in it."""

    def __init__(self, browser, url: str) -> None:
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport=VIEWPORT)
        map_clock.install(self.context)
        watch_external(self.context, self.blocked)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))
        self.url = url
        self.frame = None
        self.wakhan_on = True  # on by default in the default view

    def navigate(self) -> None:
        self.page.goto(self.url, wait_until="domcontentloaded")

    def wait_drawn(self) -> float | None:
        """Milliseconds from navigation start to the drawn map, or None on a timeout."""
        try:
            origin = self.page.evaluate("() => performance.timeOrigin")
            self.frame = map_frame(self.page, timeout_ms=WAIT_MS)
            drawn, _ = map_clock.complete_at(self.frame, ATLAS_DRAWN_MIN_PATHS, timeout_ms=WAIT_MS)
            map_clock.first_at(self.frame, "wakhan", lambda n: n > 0, timeout_ms=WAIT_MS)
            return drawn - origin
        except Exception as exc:  # Playwright timeouts and crashes are findings, not failures of the bench
            self.errors.append(f"first map: {type(exc).__name__}: {str(exc)[:200]}")
            return None

    def click_toggle(self) -> float | None:
        """Click the Wakhan Corridor checkbox; return the browser time just before the click."""
        try:
            t0 = self.page.evaluate(NOW_JS)
            self.page.get_by_test_id("stSidebarUserContent").get_by_text(WAKHAN_LABEL, exact=True).click(
                timeout=WAIT_MS)
            self.wakhan_on = not self.wakhan_on
            return t0
        except Exception as exc:
            self.errors.append(f"toggle click: {type(exc).__name__}: {str(exc)[:200]}")
            return None

    def wait_toggled(self, clicked_at: float) -> float | None:
        """Milliseconds from the click to the frame in which the map shows the toggle (the frame's clock)."""
        shown = (lambda n: n > 0) if self.wakhan_on else (lambda n: n == 0)
        try:
            done = map_clock.first_at(self.frame, "wakhan", shown, after=clicked_at, timeout_ms=WAIT_MS)
            return done - clicked_at
        except Exception as exc:
            self.errors.append(f"toggle: {type(exc).__name__}: {str(exc)[:200]}")
            return None

    def exception_boxes(self) -> int:
        try:
            return self.page.get_by_test_id("stException").count()
        except Exception:
            return 0

    def close(self) -> None:
        self.context.close()


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _settled_rss(server: Server) -> float:
    wait_cpu_quiet(server)
    return server.rss_mb()


def run_round(browser, server: Server, n: int, rounds: int, baseline_rss: float) -> dict:
    """Open ``n`` sessions together, toggle ``rounds`` times in all of them, close them; the figures."""
    rss_before, cpu_before = _settled_rss(server), server.cpu_s()
    t_open = time.monotonic()
    sessions = [Session(browser, server.url) for _ in range(n)]
    for s in sessions:
        s.navigate()
    ttfm = [s.wait_drawn() for s in sessions]
    open_wall_s = time.monotonic() - t_open
    rss_open = _settled_rss(server)
    open_cpu_ms = (server.cpu_s() - cpu_before) * 1000
    latencies: list[float] = []
    cpu_toggle0 = server.cpu_s()
    toggles = 0
    for _ in range(rounds):
        live = [s for s in sessions if s.frame is not None]
        clicked = [(s, s.click_toggle()) for s in live]
        for s, t0 in clicked:
            if t0 is None:
                continue
            toggles += 1
            ms = s.wait_toggled(t0)
            if ms is not None:
                latencies.append(ms)
        wait_cpu_quiet(server)
    toggle_cpu_ms = (server.cpu_s() - cpu_toggle0) * 1000
    exception_boxes = sum(s.exception_boxes() for s in sessions)
    errors = [e for s in sessions for e in s.errors]
    external = sum(len(s.blocked) for s in sessions)
    for s in sessions:
        s.close()
    rss_closed, waited = _memory_back(server, baseline_rss)
    drawn = [t for t in ttfm if t is not None]
    return {
        "sessions": n,
        "ttfm_p50_ms": _round(_percentile(drawn, 50)),
        "ttfm_max_ms": _round(max(drawn) if drawn else None),
        "open_wall_s": round(open_wall_s, 1),
        "server_cpu_ms_per_open": round(open_cpu_ms / n, 1),
        "server_rss_mb_per_session": round((rss_open - rss_before) / n, 1),
        "toggles": toggles,
        "toggle_p50_ms": _round(_percentile(latencies, 50)),
        "toggle_p95_ms": _round(_percentile(latencies, 95)),
        "server_cpu_ms_per_toggle": round(toggle_cpu_ms / toggles, 1) if toggles else None,
        "rss_before_mb": round(rss_before, 1),
        "rss_open_mb": round(rss_open, 1),
        "rss_after_close_mb": round(rss_closed, 1),
        "rss_after_close_vs_warm": round(rss_closed / baseline_rss, 3),
        "close_wait_s": round(waited, 1),
        "errors": len(errors) + exception_boxes,
        "error_samples": errors[:3],
        "external_requests": external,
    }


def _memory_back(server: Server, baseline_rss: float, cap_s: float = 20.0) -> tuple[float, float]:
    """Poll RSS (bounded) until it is within :data:`MEMORY_BACK_WITHIN` of ``baseline_rss``."""
    t0 = time.monotonic()
    wait_cpu_quiet(server, cap_s=cap_s)
    rss = server.rss_mb()
    while rss > baseline_rss * (1 + MEMORY_BACK_WITHIN) and time.monotonic() - t0 < cap_s:
        time.sleep(1.0)
        rss = server.rss_mb()
    return rss, time.monotonic() - t0


UPLOAD_ROWS = 15_000  # about 5 MB of CSV
UPLOAD_SELECTOR = ".st-key-upload_layer_file input[type=file]"


def upload_then_close(browser, server: Server, rows: int = UPLOAD_ROWS) -> dict:
    """One session uploads an events CSV on "Your data" and closes; does the server give the memory back?"""
    from geo.uploads import synthetic_acled_csv

    data = synthetic_acled_csv(rows, seed=3)
    before = _settled_rss(server)
    session = Session(browser, f"{server.url}/Your_data")
    try:
        session.navigate()
        session.page.locator(UPLOAD_SELECTOR).wait_for(state="attached", timeout=WAIT_MS)
        session.page.locator(UPLOAD_SELECTOR).set_input_files(
            {"name": "events.csv", "mimeType": "text/csv", "buffer": data})
        session.page.get_by_text("events match", exact=False).first.wait_for(timeout=WAIT_MS)
    except Exception as exc:
        session.errors.append(f"upload: {type(exc).__name__}: {str(exc)[:200]}")
    held = _settled_rss(server)
    errors = list(session.errors)
    session.close()
    after, waited = _memory_back(server, before)
    return {"csv_mb": round(len(data) / 1e6, 1), "rss_before_mb": round(before, 1), "rss_with_upload_mb": round(held, 1),
            "rss_after_close_mb": round(after, 1), "after_close_vs_before": round(after / before, 3),
            "close_wait_s": round(waited, 1), "errors": errors}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def plain_open_cpu(browser, plain_path, opens: int = 5) -> dict:
    """Server CPU per opened session of the plain st_folium app: ``opens`` fresh contexts, one after another.

    The same accounting as :func:`run_round` (the server's own utime + stime over the opening,
    once quiet), each context drawing the plain app's map with its CDN files from the local mirror
    (``benchmarks.offline.served_cdn``).
    """
    from benchmarks.bench import PLAIN_APP, feature_count

    min_paths = feature_count(plain_path)
    per_open: list[float] = []
    with served_cdn() as cdn, served_app(PLAIN_APP, env={"PLAIN_GEOJSON": str(plain_path), "PLAIN_CDN": cdn}) as server:
        for i in range(opens + 1):  # the first opening warms the server up and is not counted
            wait_cpu_quiet(server)
            cpu0 = server.cpu_s()
            context = browser.new_context(viewport=VIEWPORT)
            map_clock.install(context)
            page = context.new_page()
            page.goto(server.url, wait_until="domcontentloaded")
            map_clock.complete_at(map_frame(page, timeout_ms=WAIT_MS), min_paths, timeout_ms=WAIT_MS)
            context.close()
            wait_cpu_quiet(server)
            if i:
                per_open.append((server.cpu_s() - cpu0) * 1000)
    return {"opens": opens, "server_cpu_ms_per_open_median": round(statistics.median(per_open), 1)}


def warmed_up(browser, server: Server) -> float:
    """One session opens the map, toggles it and closes; return the server's RSS once quiet (MB).

    Raises
    ------
    RuntimeError
        The warm-up session's map was not drawn (the app failed): every round after it would
        only time out, session by session.
    """
    warm = Session(browser, server.url)
    warm.navigate()
    if warm.wait_drawn() is None:
        warm.close()
        raise RuntimeError(f"the app at {server.url} drew no map: {'; '.join(warm.errors)[:300]}")
    t0 = warm.click_toggle()
    if t0 is not None:
        warm.wait_toggled(t0)
    warm.close()
    return _settled_rss(server)


def baseline_figures(browser, n: int, rounds: int, commit: str = BASELINE_COMMIT) -> dict:
    """:func:`run_round` for ``n`` sessions against ``commit``'s ``app.py``, from a temporary git worktree.

    The worktree runs on this environment's packages, plus any that ``commit`` depended on and
    this environment lacks (installed by pip into the worktree only: see :func:`missing_requirements`).

    Raises
    ------
    subprocess.CalledProcessError
        ``commit`` is not in this clone (a shallow clone), or pip could not install what it needs:
        the section is then reported as skipped.
    RuntimeError
        ``commit``'s app drew no map (see :func:`warmed_up`).
    """
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory(prefix="atlas-baseline-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), commit], cwd=root, check=True,
                       capture_output=True)
        try:
            env = None
            if missing := missing_requirements(tree / "pyproject.toml"):
                deps = Path(tmp) / "deps"
                install_beside(missing, deps)
                env = {"PYTHONPATH": os.pathsep.join(filter(None, (str(deps), os.environ.get("PYTHONPATH"))))}
            with served_app("app.py", cwd=tree, env=env) as server:
                baseline = warmed_up(browser, server)
                row = run_round(browser, server, n, rounds, baseline)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=root, capture_output=True)
    return {"commit": commit[:7], **row}


def missing_requirements(pyproject: Path) -> list[str]:
    """The runtime requirements in ``pyproject`` (PEP 621 ``[project] dependencies``) that no
    installed distribution satisfies, as written there (e.g. ``mapclassify>=2.8``).

    An older commit may need a package the current one dropped; a fresh environment built for the
    current commit then lacks it, and that commit's app fails on its first import.
    """
    from importlib.metadata import PackageNotFoundError, version

    from packaging.requirements import Requirement

    missing = []
    for line in tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]:
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate():
            continue  # for another Python or platform
        try:
            if req.specifier.contains(version(req.name), prereleases=True):
                continue
        except PackageNotFoundError:
            pass
        missing.append(line)
    return missing


def install_beside(requirements: list[str], target: Path) -> None:
    """Install ``requirements`` into the folder ``target`` (for ``PYTHONPATH``), with only those of
    their dependencies that this environment lacks.

    ``pip install --target`` alone would resolve against an empty folder and put second copies of
    numpy or pandas ahead of this environment's; pip's own resolver, asked for a report against
    this environment (``--dry-run --report``), names exactly what is missing, and those exact
    versions are installed without their dependencies.

    Raises
    ------
    subprocess.CalledProcessError
        pip could not resolve or install them (no network to the package index, say).
    """
    pip = [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    report = target.with_name(target.name + "-report.json")
    subprocess.run([*pip, "--dry-run", "--report", str(report), *requirements], check=True, capture_output=True)
    pins = [f"{item['metadata']['name']}=={item['metadata']['version']}"
            for item in json.loads(report.read_text(encoding="utf-8"))["install"]]
    subprocess.run([*pip, "--no-deps", "--target", str(target), *pins], check=True, capture_output=True)


def concurrency_figures(counts: tuple[int, ...] = (1, 5, 10, 20), rounds: int = 2, plain_path=None,
                        baseline_sessions: int | None = None) -> dict:
    """Warm one server up, then :func:`run_round` for each session count in ``counts``.

    With ``baseline_sessions``, the same round against :data:`BASELINE_COMMIT` follows
    (:func:`baseline_figures`); a failure there is reported under ``baseline`` as skipped.
    """
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)")
    out: dict = {"rounds": rounds, "by_sessions": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS + OFFLINE_ARGS)
        try:
            with served_app() as server:
                baseline = warmed_up(browser, server)
                out["post_warm_up_rss_mb"] = round(baseline, 1)
                out["warm_up_cpu_s"] = round(server.cpu_s(), 2)
                for n in counts:
                    out["by_sessions"].append(run_round(browser, server, n, rounds, baseline))
                out["upload_then_close"] = upload_then_close(browser, server)
                out["final_rss_mb"] = round(server.rss_mb(), 1)
            if plain_path is not None:
                out["plain"] = plain_open_cpu(browser, plain_path)
            if baseline_sessions:
                try:
                    out["baseline"] = baseline_figures(browser, baseline_sessions, rounds)
                except Exception as exc:  # a shallow clone, a missing commit: a finding, not a crash
                    out["baseline"] = {"skipped": f"{type(exc).__name__}: {str(exc)[:200]}"}
        finally:
            browser.close()
    return out


def table_rows(t, figures: dict) -> None:
    """Rows for ``benchmarks/bench.py``'s table: one block per session count."""
    warm = figures["post_warm_up_rss_mb"]
    t.add("Concurrent sessions: server RSS after warm-up", f"{warm:.0f} MB")
    base = figures.get("baseline") or {}
    base_p95 = base.get("toggle_p95_ms")
    for r in figures["by_sessions"]:
        n = r["sessions"]
        t.add(f"{n} sessions: errors", str(r["errors"]), "0", r["errors"] == 0)
        t.add("  first map p50 / max (all opened together)", f"{_ms(r['ttfm_p50_ms'])} / {_ms(r['ttfm_max_ms'])}")
        same_run = base_p95 is not None and base.get("sessions") == n
        target_p95 = (base_p95 if same_run else TODAY_P95_AT_20_S * 1000) / 4
        judged = n >= 20 or same_run
        ok = r["toggle_p95_ms"] is not None and r["toggle_p95_ms"] <= target_p95 if judged else None
        basis = f"¼ of {base['commit']}'s, same run" if same_run else "¼ of the issue's 13.6 s"
        t.add(f"  toggle latency p50 / p95 ({r['toggles']} toggles)",
              f"{_ms(r['toggle_p50_ms'])} / {_ms(r['toggle_p95_ms'])}",
              f"p95 <= {target_p95:.0f} ms ({basis})" if judged else "", ok)
        cpu = r["server_cpu_ms_per_toggle"]
        t.add("  server CPU per toggle", _ms(cpu), f"<= {TARGET_TOGGLE_CPU_MS:.0f} ms",
              None if cpu is None else cpu <= TARGET_TOGGLE_CPU_MS)
        t.add("  server CPU per opened session", _ms(r["server_cpu_ms_per_open"]), f"<= {TARGET_OPEN_CPU_MS:.0f} ms",
              r["server_cpu_ms_per_open"] <= TARGET_OPEN_CPU_MS)
        t.add("  server RSS per session", f"{r['server_rss_mb_per_session']:.1f} MB")
        ratio = r["rss_after_close_vs_warm"]
        t.add("  RSS after close vs post-warm-up", f"{r['rss_after_close_mb']:.0f} MB ({ratio:.2f} x)",
              f"<= {1 + MEMORY_BACK_WITHIN:.2f} x", ratio <= 1 + MEMORY_BACK_WITHIN)


    plain = figures.get("plain")
    if plain:
        t.add("  plain app: server CPU per opened session (one at a time)",
              _ms(plain["server_cpu_ms_per_open_median"]), f"median of {plain['opens']}")
    if base.get("skipped"):
        t.add("Before issue 15 (same run)", "skipped: " + base["skipped"][:60])
    elif base:
        t.add(f"Before issue 15 ({base['commit']}, same run): {base['sessions']} sessions, errors", str(base["errors"]))
        t.add("  toggle latency p50 / p95", f"{_ms(base['toggle_p50_ms'])} / {_ms(base['toggle_p95_ms'])}")
        t.add("  server CPU per toggle / per opened session",
              f"{_ms(base['server_cpu_ms_per_toggle'])} / {_ms(base['server_cpu_ms_per_open'])}")
    up = figures.get("upload_then_close")
    if up:
        t.add(f"A {up['csv_mb']:g} MB upload, then its session closes: RSS",
              f"{up['rss_before_mb']:.0f} → {up['rss_with_upload_mb']:.0f} → {up['rss_after_close_mb']:.0f} MB "
              f"({up['after_close_vs_before']:.2f} x)", f"<= {1 + MEMORY_BACK_WITHIN:.2f} x, errors {len(up['errors'])}",
              up["after_close_vs_before"] <= 1 + MEMORY_BACK_WITHIN and not up["errors"])


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} ms"
