"""When did the map show something: a clock that runs inside the map's frame, not in Playwright.

Waiting with ``frame.wait_for_function(...)`` and taking the time at which the condition first
held measures *when Playwright first looked*: its first poll runs only once the frame's
execution context has been reported over the DevTools protocol and the call has been
dispatched, which on a busy page lands 150–400 ms after the map was drawn (measured: the
atlas's map was complete at 1,335 ms and first polled at 1,696 ms), and with 20 sessions
awaited one after another the last session's first poll comes seconds after its map changed.

:data:`MAP_CLOCK_JS` is installed with ``context.add_init_script`` so it runs in every frame
as its document is created. In each child frame (the st_folium map) it watches the DOM and, in
the first animation frame after a change, records each :data:`COUNTS` selector's count when it
differs from the last one recorded, with the browser's epoch time (``performance.timeOrigin +
performance.now()``, the same clock as the top page's ``performance.timeOrigin``). The
benchmark still waits with Playwright, but reads the time from this record.
"""

from __future__ import annotations

import json
import time

#: What the clock counts in the map frame: every Leaflet SVG path, and the Wakhan Corridor's.
WAKHAN_STROKE = "#6a3d9a"
COUNTS = {
    "paths": ".leaflet-map-pane path",
    "wakhan": f'.leaflet-map-pane path[stroke="{WAKHAN_STROKE}"]',
}

MAP_CLOCK_JS = """(() => {
  if (window.top === window) { return; }
  const selectors = SELECTORS;
  const record = window.__mapClock = window.__mapClock || {};
  const last = {};
  Object.keys(selectors).forEach((k) => { record[k] = record[k] || []; last[k] = -1; });
  let pending = false;
  const count = () => {
    pending = false;
    const t = performance.timeOrigin + performance.now();
    Object.keys(selectors).forEach((k) => {
      const n = document.querySelectorAll(selectors[k]).length;
      if (n !== last[k]) { last[k] = n; record[k].push([n, t]); }
    });
  };
  const observer = new MutationObserver(() => {
    if (!pending) { pending = true; requestAnimationFrame(count); }
  });
  // An iframe's first document is about:blank; navigating it to the component's page keeps the
  // window (and this script's state) but replaces the document, so observe the new one too.
  const watch = () => observer.observe(document, {childList: true, subtree: true});
  watch();
  window.addEventListener('DOMContentLoaded', watch);
})();""".replace("SELECTORS", json.dumps(COUNTS))


def install(context) -> None:
    """Run :data:`MAP_CLOCK_JS` in every frame ``context`` creates from now on."""
    context.add_init_script(MAP_CLOCK_JS)


def record(frame, key: str) -> list[tuple[int, float]]:
    """The ``(count, epoch ms)`` changes the clock recorded for ``key`` in ``frame``, oldest first."""
    return [(int(n), float(t)) for n, t in frame.evaluate(f"() => (window.__mapClock || {{}})[{json.dumps(key)}] || []")]


def first_at(frame, key: str, holds, after: float = 0.0, timeout_ms: int = 60_000) -> float:
    """Epoch ms of the first animation frame after ``after`` at which ``holds(count)`` was true.

    Waits (polling the record every 50 ms) until such an entry exists.

    Raises
    ------
    TimeoutError
        Nothing matching was recorded within ``timeout_ms``.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        for n, t in record(frame, key):
            if t >= after and holds(n):
                return t
        if time.monotonic() > deadline:
            raise TimeoutError(f"map clock: no {key!r} change matched within {timeout_ms} ms")
        frame.page.wait_for_timeout(50)


def complete_at(frame, min_paths: int, quiet_ms: int = 800, timeout_ms: int = 60_000) -> tuple[float, int]:
    """When the map was complete: the frame from which it has had its final path count, and that count.

    Waits until at least ``min_paths`` paths are drawn, then until the count has not changed for
    ``quiet_ms``; the final count is the map as the user sees it (base map and every default
    layer), and the time is the animation frame from which the map has looked like that.

    Raises
    ------
    TimeoutError
        The map did not reach ``min_paths``, or did not stop changing, within ``timeout_ms``.
    """
    deadline = time.monotonic() + timeout_ms / 1000
    first_at(frame, "paths", lambda n: n >= min_paths, timeout_ms=timeout_ms)
    while True:
        changes = record(frame, "paths")
        if (time.time() * 1000 - changes[-1][1]) >= quiet_ms:
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"map clock: the path count was still changing after {timeout_ms} ms")
        frame.page.wait_for_timeout(100)
    final, at = changes[-1]
    return at, final
