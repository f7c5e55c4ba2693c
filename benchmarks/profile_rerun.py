"""Where a rerun's time goes: cProfile over main-map toggles and Risk slider moves (AppTest).

``python -m benchmarks.profile_rerun [--reruns 10] [--top 25]`` prints, for each kind of rerun,
the functions with the most cumulative time, restricted to this project's code and the libraries
it calls (Streamlit's own script runner is left out). First runs are not profiled. Used for the
profile in ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import threading

from benchmarks.bench import ROOT, TOGGLE_KEY, _quiet_streamlit
from benchmarks.risk_page import RISK_PAGE, SLIDER_KEY


def _profile(at, move, reruns: int, top: int) -> str:
    """Profile the script threads AppTest starts (cProfile sees only the thread it is enabled in)."""
    profilers: list[cProfile.Profile] = []
    original = threading.Thread.run

    def profiled_run(thread):
        profiler = cProfile.Profile()
        profilers.append(profiler)
        profiler.enable()
        try:
            original(thread)
        finally:
            profiler.disable()

    threading.Thread.run = profiled_run
    try:
        for i in range(reruns):
            move(at, i)
            at.run()
    finally:
        threading.Thread.run = original
    out = io.StringIO()
    stats = pstats.Stats(*profilers, stream=out).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    return out.getvalue()


def main() -> None:
    from streamlit.testing.v1 import AppTest

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reruns", type=int, default=10)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    _quiet_streamlit()

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.run()

    def toggle(at, _i):
        box = at.checkbox(key=TOGGLE_KEY)
        box.set_value(not box.value)

    print(f"== main map: {args.reruns} reruns after toggling {TOGGLE_KEY}")
    print(_profile(at, toggle, args.reruns, args.top))

    risk = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    risk.switch_page(RISK_PAGE)
    risk.run()

    def slide(at, i):
        at.slider(key=SLIDER_KEY).set_value(0.5 if i % 2 else 0.55)

    print(f"== Risk page: {args.reruns} reruns after moving {SLIDER_KEY}")
    print(_profile(risk, slide, args.reruns, args.top))


if __name__ == "__main__":
    main()
