"""Helpers to run the real app and drive Debian's Chromium with Playwright.

Used by the end-to-end tests and by ``benchmarks/bench.py``. Browser downloads do not
work here, so Playwright always launches the system Chromium via ``executable_path``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def chromium_path() -> str | None:
    """Debian's Chromium, or the one named by ``CHROMIUM_PATH``; None if absent."""
    explicit = os.environ.get("CHROMIUM_PATH")
    if explicit and Path(explicit).is_file():
        return explicit
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: What ``streamlit run`` serves, as the README's quick start does: the app with its start-up warm-up.
SERVER_SCRIPT = "serve.py"


def streamlit_command(script: str, port: int) -> list[str]:
    """``streamlit run script`` on loopback ``port``: headless, no usage stats, no file watcher."""
    return [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]


@contextmanager
def launched_app(script: str = SERVER_SCRIPT, env: dict[str, str] | None = None, cwd: Path = ROOT,
                 stdout: int = subprocess.PIPE) -> Iterator[tuple[subprocess.Popen, str, float]]:
    """Start ``streamlit run script`` on a free loopback port; yield ``(process, url, launched_at)`` once healthy.

    ``launched_at`` is ``time.time()`` just before the launch. ``stdout=subprocess.DEVNULL`` for a
    long-running server whose output nobody reads (a full pipe would stall it); the default keeps
    it for the error when the server dies early. The server is stopped afterwards.
    """
    port = free_port()
    cmd = streamlit_command(script, port)
    launched = time.time()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env={**os.environ, **(env or {})},
        stdout=stdout, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield proc, url, launched
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def running_app(script: str = SERVER_SCRIPT, env: dict[str, str] | None = None, cwd: Path = ROOT) -> Iterator[str]:
    """Start ``streamlit run script`` on a free port; yield its URL; stop it afterwards."""
    with launched_app(script, env, cwd) as (_, url, _launched):
        yield url


def _wait_healthy(url: str, proc: subprocess.Popen, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{proc.stdout.read() if proc.stdout else ''}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not become healthy at {url} within {timeout_s}s")


def is_local(url: str) -> bool:
    """True for URLs served by this machine (or inline data/blob URLs)."""
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return parsed.hostname in LOCAL_HOSTS


def block_external(context, blocked: list[str]) -> None:
    """Abort every request to a non-local host and record its URL in ``blocked``."""

    def handler(route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handler)


MAP_FRAME_SELECTOR = 'iframe[title="streamlit_folium.st_folium"]'


def map_frame(page, timeout_ms: int = 60_000):
    """The st_folium iframe's Frame once it is attached."""
    handle = page.wait_for_selector(MAP_FRAME_SELECTOR, timeout=timeout_ms)
    frame = handle.content_frame()
    assert frame is not None, "st_folium iframe has no content frame"
    return frame


#: The map's layer paths: areas, lines and points (atlas_map.js panes), not the base map's land and water.
LAYER_PATHS = ".leaflet-atlas-areas-pane path, .leaflet-overlay-pane path, .leaflet-atlas-points-pane path"


def vector_path_count(frame) -> int:
    """How many Leaflet SVG paths are drawn in the map frame."""
    return frame.locator("path.leaflet-interactive, .leaflet-map-pane path").count()


def map_point(page, frame, lat: float, lon: float) -> tuple[float, float]:
    """Page coordinates of (lat, lon) on the map, after scrolling the map fully into view.

    Focusing a half-visible iframe scrolls the page between mousedown and mouseup, which
    turns a click into a drag; scrolling first keeps the point still.
    """
    page.locator(MAP_FRAME_SELECTOR).scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    point = frame.evaluate(
        f"""() => {{
            const p = window.map.latLngToContainerPoint([{lat}, {lon}]);
            const r = window.map.getContainer().getBoundingClientRect();
            return {{x: r.left + p.x, y: r.top + p.y}};
        }}"""
    )
    box = page.locator(MAP_FRAME_SELECTOR).bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]
