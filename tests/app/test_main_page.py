"""The main page under Streamlit's AppTest: renders, toggles, keeps the URL, fails politely."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.bundle import load_bundle
from geo.core import derived
from geo.geography import admin0 as basemap
from geo.layers import actor_layers, basemap_data, layer_specs
from geo.layers import specs as layers
from ui.leaflet.basemaps import BASEMAPS
from ui.leaflet.published import basemap_url
from ui.text import md_escape


def actor_ids() -> list[str]:
    return [layer.id for layer in actor_layers(load_bundle())]


APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _run(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def test_page_renders_title_and_a_toggle_per_layer_without_exceptions():
    at = _run()
    assert not at.exception
    assert "Spillover Atlas" in at.title[0].value
    keys = {cb.key for cb in at.checkbox}
    assert {f"layer_{s.id}" for s in layer_specs()} <= keys


def test_defaults_are_written_to_the_url():
    at = _run()
    shown = at.query_params["layers"].split(",")
    assert [s.id for s in layer_specs() if s.default_on] == shown[: len(shown) - len(actor_ids())]
    assert shown[-len(actor_ids()):] == actor_ids(), "every actor with mapped claims is on by default"
    assert at.query_params["basemap"] == "vector"


def test_toggling_a_layer_updates_the_url_state():
    at = _run()
    at.checkbox(key="layer_wakhan_corridor").uncheck().run()
    assert not at.exception
    assert "wakhan_corridor" not in at.query_params["layers"].split(",")
    at.checkbox(key="layer_wakhan_borders").check().run()
    assert "wakhan_borders" in at.query_params["layers"].split(",")


def test_a_shared_link_sets_the_toggles():
    at = _run(layers="places,crossings", basemap="osm")
    assert at.checkbox(key="layer_places").value is True
    assert at.checkbox(key="layer_afghanistan_borders").value is False
    assert at.radio(key="basemap").value == "osm"


def test_malformed_url_values_fall_back_to_defaults():
    at = _run(layers="<script>alert(1)</script>", basemap="nope", view="abc")
    assert not at.exception
    defaults = {f"layer_{s.id}" for s in layer_specs() if s.default_on}
    assert {cb.key for cb in at.checkbox if cb.key.startswith("layer_") and cb.value} >= defaults, \
        "a link naming no layer of the map shows the defaults, not an empty map"
    assert at.radio(key="basemap").value == "vector"
    notes = [i.value.replace("\\", "") for i in at.info]
    assert any("The link names 1 layer this map does not have (“<script>alert(1)</script>”)" in n for n in notes)
    assert any("The link's view “abc” is not a map view" in n for n in notes)


OFFLINE_NOTE = "need internet access"


def _offline_notes(at: AppTest) -> list[str]:
    return [c.value for c in at.sidebar.caption if OFFLINE_NOTE in c.value]


def test_the_offline_basemap_has_no_internet_notice():
    at = _run()
    assert at.radio(key="basemap").value == "vector"
    assert _offline_notes(at) == []


@pytest.mark.parametrize("online", [key for key, b in BASEMAPS.items() if b.tiles])
def test_every_online_basemap_says_it_needs_internet_and_that_the_vector_map_works_offline(online):
    at = _run()
    at.radio(key="basemap").set_value(online).run()
    assert not at.exception
    (note,) = _offline_notes(at)
    assert "bundled vector map works offline" in note and md_escape(BASEMAPS["vector"].label) in note
    at.radio(key="basemap").set_value("vector").run()
    assert _offline_notes(at) == []


def test_a_shared_link_to_an_online_basemap_shows_the_notice_on_arrival():
    assert len(_offline_notes(_run(basemap="osm"))) == 1


@pytest.fixture()
def corrupt_countries(tmp_path, monkeypatch):
    bad = tmp_path / "countries_web.geojson"
    bad.write_text("{ this is not geojson")
    monkeypatch.setattr(basemap, "COUNTRIES_WEB", bad)
    # A damaged data file changes the derived-data store's key, so nothing stored is read: the same here.
    monkeypatch.setattr(derived, "DERIVED_DIR", tmp_path / "derived")
    caches = (basemap.countries, layers.base_layers, basemap_data, basemap_url)
    for cache in caches:
        cache.cache_clear()
    yield bad
    for cache in caches:
        cache.cache_clear()


def test_corrupt_bundled_file_stops_with_one_line_naming_file_and_fix(corrupt_countries):
    at = _run()
    assert not at.exception, "a damaged data file must not surface as a traceback"
    assert len(at.error) == 1
    message = at.error[0].value
    assert "countries_web.geojson" in message and "python -m geo build-basemap" in message


def test_selecting_a_claim_shows_its_verbatim_quote_attribution_and_sources():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["clicked_at"] = (34.54, 69.18, 11.0)  # Sherpur, Kabul, at the closest zoom
    at.run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Ayman al" in text and "Sherpur" in text
    assert "August 1, 2022" in text.replace("\\", ""), "the essay's own date is quoted verbatim"
    assert "31 Jul 2022" in text.replace("\\", ""), "the record's date is shown beside it"
    assert any("¶2" in c.value and "ANKASAM" in c.value for c in at.caption)
    assert "The White House" in text


def test_clicking_a_passage_highlights_and_zooms_to_its_features():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["clicked_at"] = (34.54, 69.18, 11.0)  # Sherpur, Kabul, at the closest zoom
    at.run()
    before = at.session_state["map_view"]
    at.button(key="focus_al-zawahiri-killed-sherpur_p2").click().run()
    assert not at.exception
    assert at.session_state["focus_paragraph"] == "p2"
    assert at.session_state["map_view"] != before
    assert any("Highlighted on the map" in i.value for i in at.info)


def test_the_map_follows_another_bundle_named_in_the_environment(monkeypatch):
    import streamlit as st

    from tests.conftest import ROOT

    monkeypatch.setenv("SPILLOVER_BUNDLE", str(ROOT / "tests" / "fixtures" / "bundles" / "mini"))
    st.cache_resource.clear()
    try:
        at = _run()
        assert not at.exception
        keys = {cb.key for cb in at.checkbox}
        assert {"layer_actor_rulers", "layer_actor_testers"} <= keys
        assert "layer_actor_al-qaeda" not in keys
        assert "A test essay" in at.caption[0].value, "the caption cites the bundle shown"
    finally:
        st.cache_resource.clear()


def test_claim_panel_shows_each_passage_relation():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["clicked_at"] = (31.59, 64.37, 5.0)  # Lashkar Gah, Helmand: under the 2023 camps claim
    at.run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert any("¶5" in c and "context only" in c for c in captions)


def test_highlighting_a_paragraph_shows_stated_claims_and_context_on_request():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["focus_paragraph"] = "p5"
    at.run()
    assert not at.exception
    stated = next(i.value for i in at.info if "Highlighted on the map" in i.value)
    at.toggle(key="focus_with_context").set_value(True).run()
    assert not at.exception
    with_context = next(i.value for i in at.info if "Highlighted on the map" in i.value)
    count = lambda text: int(text.rsplit("(", 1)[1].split(")")[0])  # noqa: E731
    assert "states" in stated and count(with_context) > count(stated)


def test_a_paragraph_highlight_lists_its_claims_in_the_panel():
    """A fresh user's finding: the panel kept an earlier found place beside the highlight of ¶7's claims."""
    from geo.bundle import claims_for_paragraph, load_bundle

    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["focus_paragraph"] = "p7"
    at.run()
    assert not at.exception
    stated = claims_for_paragraph(load_bundle(), "p7")
    labels = [e.label for e in at.expander]
    assert len(stated) >= 1 and all(label in labels for label in stated["label"]), (list(stated["label"]), labels)


def test_a_new_focus_request_forgets_the_panels_last_selection(monkeypatch):
    from ui import focus

    state = {"selected_feature": ("actor_nrf", "x"), "clicked_at": (1, 2, 3), "focus_actor": "nrf"}
    monkeypatch.setattr(focus.st, "session_state", state)
    focus.focus_on_paragraph("p7")
    assert state == {"focus_paragraph": "p7"}
    focus.focus_on_actor("taliban")
    assert state == {"focus_actor": "taliban"}


def test_a_click_in_the_wakhan_lists_the_corridor_and_every_country_wide_claim_under_it():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["clicked_at"] = (37.0, 73.0, 5.0)
    at.run()
    assert not at.exception
    labels = [e.label for e in at.expander]
    assert any(lbl.startswith("Wakhan Corridor") for lbl in labels)
    assert any("Taliban de facto authority" in lbl for lbl in labels), "a country-wide claim no longer hides"
    # Most specific first: the corridor (an area) comes before Afghanistan-wide claims.
    first_wide = next(i for i, lbl in enumerate(labels) if "Taliban de facto authority" in lbl)
    assert labels.index(next(lbl for lbl in labels if lbl.startswith("Wakhan Corridor"))) < first_wide
