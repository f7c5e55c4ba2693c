"""A bundle's own places (places.toml): resolved before the shared gazetteer, each with a source, bad points reported."""

from __future__ import annotations

import shutil

from geo.bundle import DEFAULT_BUNDLE, load_bundle

CLAIM = '''
[[claim]]
id = "town-claim"
actor = "taliban"
kind = "place"
label = "A claim at a town only this bundle knows"
status = "uncited_context"
place = "Zorabad"
period_label = "as stated in the essay"
sources = [{ citation = "un-s-2024-92", relation = "context" }]
'''


def _bundle_with(tmp_path, places: str):
    folder = tmp_path / "b"
    shutil.copytree(DEFAULT_BUNDLE, folder)
    (folder / "places.toml").write_text(places, encoding="utf-8")
    with (folder / "claims.toml").open("a", encoding="utf-8") as fh:
        fh.write(CLAIM)
    return load_bundle(folder)


def test_claim_resolves_a_place_the_bundle_carries(tmp_path):
    bundle = _bundle_with(tmp_path, '[[place]]\nid = "zorabad"\nname = "Zorabad"\nlat = 36.5\nlon = 68.0\n'
                                    'source = "synthetic test point"\n')
    assert bundle.problems == ()
    row = bundle.features.set_index("id").loc["town-claim"]
    assert (row.geometry.x, row.geometry.y) == (68.0, 36.5)


def test_place_without_a_source_is_reported_and_its_claim_unplaced(tmp_path):
    bundle = _bundle_with(tmp_path, '[[place]]\nid = "zorabad"\nname = "Zorabad"\nlat = 36.5\nlon = 68.0\n')
    messages = [str(p) for p in bundle.problems]
    assert any("places.toml: zorabad: source" in m for m in messages)
    assert any("town-claim: place" in m and "places.toml" in m for m in messages)


def test_swapped_lat_lon_is_reported(tmp_path):
    bundle = _bundle_with(tmp_path, '[[place]]\nid = "zorabad"\nname = "Zorabad"\nlat = 68.0\nlon = 36.5\n'
                                    'source = "synthetic test point"\n')
    assert any("swapped" in p.message for p in bundle.problems)


def test_default_bundle_has_no_places_file_and_still_loads_clean():
    assert load_bundle(DEFAULT_BUNDLE).places == {}
