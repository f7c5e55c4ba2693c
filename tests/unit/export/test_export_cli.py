"""``python -m geo export``: writes exactly ``--out``; a user mistake is one line and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from geo.core import ROOT
from geo.export import cli as export_cli


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = export_cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_layers_prints_every_layer_id(capsys):
    code, out, _ = _run(capsys, "--list-layers")
    assert code == 0
    ids = [line.split()[0] for line in out.splitlines()]
    assert ids[:3] == ["afghanistan_borders", "central_asian_borders", "wakhan_corridor"]


def test_cli_writes_the_requested_geojson_and_nothing_else(capsys, tmp_path):
    out_file = tmp_path / "layers.geojson"
    code, out, err = _run(
        capsys, "--layers", "wakhan_corridor,crossings", "--extent", "60,29,75,39", "--out", str(out_file)
    )
    assert code == 0, err
    assert f"wrote {out_file}" in out
    assert [p.name for p in tmp_path.iterdir()] == ["layers.geojson"]
    layer_ids = {f["properties"]["layer_id"] for f in json.loads(out_file.read_text())["features"]}
    assert layer_ids == {"wakhan_corridor", "crossings"}


def test_cli_svg_with_title_and_a4_size(capsys, tmp_path):
    out_file = tmp_path / "wakhan.svg"
    code, _, err = _run(
        capsys,
        "--layers",
        "afghanistan_borders,wakhan_corridor",
        "--extent",
        "60,29,75,39",
        "--size",
        "a4-landscape",
        "--format",
        "svg",
        "--title",
        "The Wakhan Corridor",
        "--date",
        "2024-01-01",
        "--out",
        str(out_file),
    )
    assert code == 0, err
    svg = out_file.read_text()
    assert "The Wakhan Corridor" in svg and "2024-01-01" in svg and 'width="841.889764pt"' in svg


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--layers", "nope", "--out", "{tmp}/x.png"], "Unknown layer id(s): nope"),
        (["--layers", " , ", "--out", "{tmp}/x.png"], "no visible layers"),
        (["--extent", "0,0,1,1", "--out", "{tmp}/x.png"], "Nothing from the visible layers"),
        (["--extent", "60,29", "--out", "{tmp}/x.png"], "not four numbers"),
        (["--out", "{tmp}/x.tiff"], "Unknown export format 'tiff'"),
        (["--out", "{tmp}/x"], "Cannot tell the format"),
        (["--out", "{tmp}/missing/x.png"], "does not exist"),
        (["--out", "{tmp}"], "is a folder"),
        ([], "--out"),
    ],
)
def test_cli_mistakes_give_one_line_exit_2_and_write_nothing(capsys, tmp_path, args, message):
    code, out, err = _run(capsys, *[a.format(tmp=tmp_path) for a in args])
    assert code == export_cli.EXIT_USAGE
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_to_overwrite_unless_asked(capsys, tmp_path):
    existing = tmp_path / "layers.geojson"
    existing.write_text("keep me")
    code, _, err = _run(capsys, "--out", str(existing))
    assert code == 2 and "already exists" in err
    assert existing.read_text() == "keep me"
    code, _, _ = _run(capsys, "--out", str(existing), "--overwrite")
    assert code == 0 and existing.read_text().startswith('{"type":"FeatureCollection"')


def test_cli_runs_as_a_module(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "geo", "export", "--list-layers"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "wakhan_corridor" in result.stdout
