"""The layout and import contract of docs/architecture.md, checked so a drift turns CI red."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from geo.__main__ import COMMANDS
from geo.core import ROOT


def _contracts() -> list[dict]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]


def test_geo_holds_only_packages_besides_its_init_and_main():
    flat = sorted(p.name for p in (ROOT / "geo").glob("*.py") if p.name not in {"__init__.py", "__main__.py"})
    assert flat == [], f"flat modules in geo/: {flat}; put them in the package they belong to"


def test_every_ui_module_outside_views_is_bound_by_the_one_way_contract():
    contract = next(c for c in _contracts() if c["name"].startswith("ui depends one way"))
    listed = set(contract["source_modules"])
    actual = {f"ui.{p.stem}" for p in (ROOT / "ui").glob("*.py") if p.stem != "__init__"}
    actual |= {f"ui.{p.name}" for p in (ROOT / "ui").iterdir() if p.is_dir() and p.name not in {"views", "__pycache__"}}
    assert actual == listed, "list every ui module outside ui.views in pyproject's one-way contract"


def test_the_import_contract_is_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"  # installed with the dev extras
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout and result.stdout.count("KEPT") == len(_contracts())


def test_python_m_geo_help_lists_every_command():
    result = subprocess.run([sys.executable, "-m", "geo", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout


def test_an_unknown_command_is_one_line_and_exit_2():
    result = subprocess.run([sys.executable, "-m", "geo", "nonsense"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "python -m geo --help" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_a_clean_clone_has_the_static_folder_streamlit_serves_and_ignores_what_is_generated_there():
    # .streamlit/config.toml turns static serving on; without a static/ folder in a fresh clone
    # Streamlit warns "no static folder found" before the app has had a chance to create it.
    if _git("rev-parse", "--is-inside-work-tree").returncode != 0:
        pytest.skip("not a git checkout")
    assert "enableStaticServing = true" in (ROOT / ".streamlit" / "config.toml").read_text()
    assert _git("ls-files", "--error-unmatch", "static/README.md").returncode == 0, "commit static/README.md"
    for generated in ("static/vendor/leaflet-1.9.3/leaflet.js", "static/map/basemap-0123abcd.json",
                      "static/geo/countries.geojson"):
        assert _git("check-ignore", "-q", generated).returncode == 0, f"{generated} should be ignored"
    assert _git("check-ignore", "-q", "static/README.md").returncode == 1
