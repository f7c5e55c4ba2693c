"""Find a place: a place the bundle carries under a gazetteer id is one result, not two."""

from __future__ import annotations

import dataclasses

from geo.bundle import load_bundle
from geo.bundle.places import BundlePlace
from geo.geography import search_places
from ui import place_search


def test_a_bundle_place_with_a_gazetteer_id_replaces_the_gazetteer_entry():
    bundle = load_bundle()
    mazar = BundlePlace(id="mazar-i-sharif", name="Mazar-i-Sharif", lat=36.709, lon=67.110, country="Afghanistan",
                        source="GeoNames 1133616 (test)")
    own = dataclasses.replace(bundle, places={**bundle.places, "mazar-i-sharif": mazar})
    entries = place_search._cached_entries("test-own-mazar", id(own), own)
    matches = [m for m in search_places("Mazar-i-Sharif", entries, limit=10) if m.entry.id == "mazar-i-sharif"]
    assert len(matches) == 1 and matches[0].entry.detail == "from the essay bundle"
