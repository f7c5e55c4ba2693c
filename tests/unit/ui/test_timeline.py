"""The Actors page's timeline: one layer per mark kind present, so Vega-Lite never gets an empty one."""

from __future__ import annotations

from pathlib import Path

from geo.bundle import load_bundle
from ui.timeline import timeline_chart, timeline_rows

ROOT = Path(__file__).resolve().parents[3]


def _spec(bundle) -> str:
    claims, events = timeline_rows(bundle)
    return timeline_chart(bundle, claims, events).to_json()


def test_periods_are_bars_and_dates_diamonds_when_the_bundle_has_both():
    spec = _spec(load_bundle(ROOT / "tests" / "fixtures" / "bundles" / "mini"))
    assert '"claim_period"' in spec and '"claim"' in spec and '"bar"' in spec and '"diamond"' in spec


def test_a_bundle_with_dated_reports_only_draws_no_empty_bar_layer(tmp_path):
    """A bundle whose claims are all dated reports: an empty bar layer made Vega-Lite warn "Infinite extent"."""
    import shutil

    folder = tmp_path / "dated-only"
    shutil.copytree(load_bundle().path, folder)
    claims = folder / "claims.toml"
    claims.write_text("".join(line for line in claims.read_text(encoding="utf-8").splitlines(keepends=True)
                              if not line.startswith("period = ")), encoding="utf-8")
    spec = _spec(load_bundle(folder))
    assert '"diamond"' in spec and '"bar"' not in spec and '"claim_period"' not in spec


def test_the_seed_essays_periods_from_the_reference_facts_are_bars():
    """The first Taliban period (1996 to 7 Oct 2001) and Ata Nur's governorship are placed in time, not undated."""
    spec = _spec(load_bundle())
    assert '"claim_period"' in spec and '"bar"' in spec and '"diamond"' in spec


def test_the_time_axis_has_no_title_made_of_field_names():
    """A fresh user's finding: the axis read "start, day", Vega-Lite's join of the layers' field names."""
    import json

    spec = json.loads(_spec(load_bundle()))
    titles = [layer["encoding"]["x"].get("title", "missing") for layer in spec["layer"] if "x" in layer.get("encoding", {})]
    assert titles and all(t is None for t in titles), titles
