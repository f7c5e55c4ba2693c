"""The start-up warm-up (serve.py): it leaves the first map's files and layers ready, and never raises."""

from __future__ import annotations

import ast
from pathlib import Path

from geo.core import ROOT
from ui import warm_up as warm
from ui.leaflet import published


def test_warm_up_publishes_the_base_map_and_never_raises(monkeypatch):
    assert warm.warm_up() >= 0
    assert any(p.name.startswith("basemap-") for p in published.MAP_DIR.iterdir())

    def broken():
        raise OSError("disk gone")

    monkeypatch.setattr(warm, "ensure_leaflet_assets", broken)
    assert warm.warm_up() >= 0, "a failure is left for the page to report"


def test_serve_py_is_an_st_app_serving_app_py_with_a_lifespan():
    tree = ast.parse(Path(ROOT, "serve.py").read_text())
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "App"]
    assert len(calls) == 1
    assert ast.literal_eval(calls[0].args[0]) == "app.py"
    assert any(k.arg == "lifespan" for k in calls[0].keywords)
    assert "gc.freeze()" in Path(ROOT, "serve.py").read_text(), "Streamlit's post-run collection stays cheap"


def test_the_warm_up_declares_no_custom_component():
    """A component declared before the server's runtime exists is never served (its frame is a 404)."""
    import subprocess
    import sys

    code = "import sys, ui.warm_up; print('streamlit_folium' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "False"
