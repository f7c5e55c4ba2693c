"""Each bundled data file, damaged, stops the app with one line naming it — never a traceback.

Runs the app from a copy of the repository (so the real data files are never touched)
in a separate process, one damaged file at a time.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

COPIED = ("app.py", "geo", "ui", "pages", "data", ".streamlit")
PROBE = """
import json
from streamlit.testing.v1 import AppTest
at = AppTest.from_file("app.py", default_timeout=120).run()
print(json.dumps({"exception": [str(e.value) for e in at.exception], "errors": [e.value for e in at.error]}))
"""


@pytest.mark.parametrize(
    "relative, damage",
    [
        ("data/symbology.toml", b"[status.documented\nlabel = "),
        ("data/layers.toml", b"[[layer]]\nid = 'x'\nthis is not toml"),
        ("data/geography/region.toml", b"[extent\nmin_lon = "),
        ("data/gazetteer/places.csv", b"id,name\nkabul,Kabul\n"),
        ("data/reference/border_lengths.csv", b"\x00\x01\x02"),
        ("data/geography/countries_10m.geojson", None),
    ],
)
def test_damaged_data_file_stops_the_app_with_one_line_naming_it(tmp_path, relative, damage):
    for name in COPIED:
        source = ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "vendor"))
        else:
            shutil.copy(source, target)
    damaged = tmp_path / relative
    if damage is None:
        damaged.unlink()
    else:
        damaged.write_bytes(damage)
    run = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["exception"] == [], "a damaged data file must not surface as a traceback"
    assert len(result["errors"]) == 1, result["errors"]
    message = result["errors"][0]
    assert damaged.name in message and "\n" not in message
