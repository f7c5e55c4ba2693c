"""The time control, the place search and the timeline under AppTest, through the real frame.

Protects: the window's widgets agree and write the URL; a link's window comes back in a new
session; "As of the essay" ends at the essay's date; "All dates" clears it; the place search
moves the map to Panjshir for "Panshir" and lists its claims, a click opens one in the panel;
the Actors page's timeline hands a claim to the map; the report view's title states the window.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.bundle import BUNDLE_ENV
from ui.session import MAP_VIEW, SELECTED_FEATURE

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
MINI_BUNDLE = ROOT / "tests" / "fixtures" / "bundles" / "mini"
D = dt.date


@pytest.fixture(autouse=True)
def default_bundle(monkeypatch):
    monkeypatch.delenv(BUNDLE_ENV, raising=False)
    st.cache_resource.clear()
    yield


def _map(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.sidebar.caption)


def test_the_window_starts_at_all_dates_over_the_claims_range():
    at = _map()
    assert not at.exception
    assert at.slider(key="_time_range").value == (D(1996, 1, 1), D(2024, 1, 29))
    assert "when" not in at.query_params


def test_moving_the_slider_sets_the_dates_the_url_and_the_caption():
    at = _map()
    at.slider(key="_time_range").set_value((D(2023, 1, 1), D(2023, 12, 31))).run()
    assert not at.exception
    assert at.query_params["when"] == "2023-01-01..2023-12-31"
    assert (at.date_input(key="_time_from").value, at.date_input(key="_time_to").value) == (D(2023, 1, 1),
                                                                                        D(2023, 12, 31))
    assert "Showing claims dated 1 Jan 2023 – 31 Dec 2023" in _captions(at)
    assert "undated claims show at every date" in _captions(at)


def test_typing_exact_days_moves_the_slider():
    at = _map()
    at.date_input(key="_time_from").set_value(D(2023, 1, 1)).run()
    at.date_input(key="_time_to").set_value(D(2023, 12, 31)).run()
    assert at.slider(key="_time_range").value == (D(2023, 1, 1), D(2023, 12, 31))
    assert at.query_params["when"] == "2023-01-01..2023-12-31"


def test_the_exact_day_inputs_are_full_width_not_squeezed_into_sidebar_columns():
    # Two date boxes side by side in the default sidebar cut "2022-07-31" off at "2022-07-3".
    at = _map()
    keys = {d.key for d in at.sidebar.date_input}
    assert keys == {"_time_from", "_time_to"}
    assert not [d.key for column in at.sidebar.columns for d in column.date_input]


def test_a_link_with_a_window_reproduces_it_in_a_new_session():
    at = _map(when="2023-01-01..2023-12-31")
    assert not at.exception
    assert at.slider(key="_time_range").value == (D(2023, 1, 1), D(2023, 12, 31))
    assert at.query_params["when"] == "2023-01-01..2023-12-31"


def test_a_malformed_window_in_a_link_means_all_dates():
    at = _map(when="sometime..later")
    assert not at.exception
    assert at.slider(key="_time_range").value == (D(1996, 1, 1), D(2024, 1, 29))


def test_as_of_the_essay_ends_at_the_essays_date_and_all_dates_clears_it():
    at = _map()
    at.button(key="time_as_of_essay").click().run()
    assert at.query_params["when"] == "..2023-12-31"
    assert at.slider(key="_time_range").value == (D(1996, 1, 1), D(2023, 12, 31))
    assert "up to 31 Dec 2023" in _captions(at)
    at.button(key="time_all").click().run()
    assert "when" not in at.query_params


def test_place_search_tolerates_spelling_zooms_to_panjshir_and_lists_its_claims():
    at = _map()
    at.text_input(key="place_query").input("Panshir").run()
    assert not at.exception
    view = at.session_state[MAP_VIEW]
    assert (round(view.lat, 2), round(view.lon, 2)) == (35.31, 69.52) and round(view.zoom) == 8
    assert any("Panjshir, province of Afghanistan" in m.value for m in at.sidebar.markdown)
    labels = [b.label for b in at.sidebar.button]
    assert any(label.startswith("New weapons-stockpiling base reported in the Panjshir Valley") for label in labels)
    assert any(label.startswith("Panjshir resistance") for label in labels)
    at.button(key="place_claim_al-qaeda-weapons-base-2024").click().run()
    assert at.session_state[SELECTED_FEATURE] == ("actor_al-qaeda", "al-qaeda-weapons-base-2024")
    assert any("Panjshir Valley" in m.value for m in at.markdown if m.value.startswith("####"))


def test_a_found_town_opens_with_its_surroundings_and_same_worded_claims_differ_by_when():
    """A fresh user's finding: Herat opened at ~10 km (one flat fill), beside two identical claim buttons."""
    at = _map()
    at.text_input(key="place_query").input("Herat").run()
    assert not at.exception
    assert round(at.session_state[MAP_VIEW].zoom) == 9
    labels = [b.label for b in at.sidebar.button if b.label.startswith("Safe houses reported by the UN")]
    assert len(labels) == 2 and len(set(labels)) == 2, labels
    assert any("29 Jan 2024" in label for label in labels) and any("25 Jul 2023" in label for label in labels)


def test_place_search_marks_claims_outside_the_window():
    at = _map(when="2023-01-01..2023-12-31")
    at.text_input(key="place_query").input("Panshir").run()
    weapons = at.button(key="place_claim_al-qaeda-weapons-base-2024").label
    assert weapons.endswith("outside the time window")
    assert not at.button(key="place_claim_nrf-panjshir-andarab").label.endswith("outside the time window")


def test_place_search_offers_other_matches_and_says_when_there_is_none():
    at = _map()
    at.text_input(key="place_query").input("Mazar-e Sharif").run()
    assert any("Mazar-i-Sharif, place" in m.value.replace("\\", "") for m in at.sidebar.markdown)
    at.text_input(key="place_query").input("xqzvw").run()
    assert "No place like" in _captions(at)


def test_undated_claim_is_marked_in_the_panel():
    at = _map()
    at.session_state[SELECTED_FEATURE] = ("actor_iskp", "iskp-strongholds")
    at.run()
    assert any("Undated" in c.value for c in at.caption)


def test_report_view_title_states_the_window():
    at = _map(when="2023-01-01..2023-12-31")
    at.toggle(key="report_view").set_value(True).run()
    assert not at.exception
    assert at.text_input(key="report_title").value == "Spillover Atlas, 1 Jan 2023 – 31 Dec 2023"


def test_timeline_on_the_actors_page_opens_a_claim_on_the_map():
    at = AppTest.from_file(APP, default_timeout=120).switch_page("pages/2_Actors.py").run()
    assert not at.exception
    assert any(h.value == "Timeline" for h in at.header)
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1, "the timeline chart is drawn"
    spec = charts[0].proto.spec
    assert '"claim"' in spec and "#B00020" in spec  # dated-claim diamonds and the essay rule
    at.selectbox(key="timeline_pick").select("al-qaeda-camps-2024").run()
    assert not at.exception
    assert "Spillover Atlas" in at.title[0].value, "landed on the map"
    assert at.checkbox(key="layer_actor_al-qaeda").value is True
    assert at.session_state[SELECTED_FEATURE] == ("actor_al-qaeda", "al-qaeda-camps-2024")
    assert any("Highlighted on the map: Claim: Training camps" in i.value.replace("\\", "") for i in at.info)


def test_a_click_on_a_timeline_mark_names_its_claim():
    """What st.altair_chart(on_select="rerun") returns for a clicked mark leads to that claim."""
    from types import SimpleNamespace

    from ui.timeline import SELECTIONS, selected_claim

    for name in SELECTIONS:
        event = SimpleNamespace(selection={name: [{"id": "al-qaeda-camps-2024"}]})
        assert selected_claim(event) == "al-qaeda-camps-2024"
    assert selected_claim(SimpleNamespace(selection={SELECTIONS[0]: []})) is None
    assert selected_claim(None) is None


def test_a_bundle_with_one_date_in_all_draws_the_map_without_a_time_slider(tmp_path, monkeypatch):
    """An authored bundle whose only date is the essay's (no dated claim) must not break the map."""
    import re
    import shutil


    folder = tmp_path / "one-date"
    shutil.copytree(MINI_BUNDLE, folder)
    claims = (folder / "claims.toml").read_text(encoding="utf-8")
    claims = re.sub(r'^date = .*$', 'period_label = "as the essay states"', claims, flags=re.M)
    (folder / "claims.toml").write_text(claims, encoding="utf-8")
    monkeypatch.setenv(BUNDLE_ENV, str(folder))
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("no range to filter" in c.value for c in at.sidebar.caption)
    assert at.title[0].value.startswith("Spillover Atlas")


def test_a_bundle_dated_only_by_its_essay_says_so_rather_than_naming_a_made_up_day(tmp_path, monkeypatch):
    from geo.__main__ import main as geo_main
    from geo.bundle import BUNDLE_ENV

    essay = tmp_path / "essay.txt"
    essay.write_text("Title: Water on the Amu Darya\nAuthor: Test\nDate: 2024\n\n"
                     "The Taliban reportedly took Kunduz.\n", encoding="utf-8")
    assert geo_main(["draft-bundle", str(essay), "--out", str(tmp_path / "bundle")]) == 0
    monkeypatch.setenv(BUNDLE_ENV, str(tmp_path / "bundle"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "The only date here is the essay's" in captions and "-12-31" not in captions


def _kunduz_panel(tmp_path, monkeypatch, header: str) -> str:
    from geo.__main__ import main as geo_main

    essay = tmp_path / "essay.txt"
    essay.write_text(f"Title: Kunduz\nAuthor: Test\n{header}\nThe Taliban reportedly took Kunduz in 2021.\n",
                     encoding="utf-8")
    assert geo_main(["draft-bundle", str(essay), "--out", str(tmp_path / "bundle")]) == 0
    monkeypatch.setenv(BUNDLE_ENV, str(tmp_path / "bundle"))
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["clicked_at"] = (36.73, 68.86, 8.0)  # Kunduz
    at.run()
    assert not at.exception
    return " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)


def test_a_claim_dated_only_in_the_words_of_an_undated_essay_says_so_in_the_click_panel(tmp_path, monkeypatch):
    text = _kunduz_panel(tmp_path, monkeypatch, "\n")
    assert "2021, as the essay states" in text
    assert "the time above is in words, not a date" in text


def test_a_year_the_sentence_gives_dates_the_claim_when_the_essay_is_dated_as_late(tmp_path, monkeypatch):
    text = _kunduz_panel(tmp_path, monkeypatch, "Date: 2024\n\n")
    assert "2021" in text and "as the essay states" not in text
    assert "the time above is in words, not a date" not in text


def test_loading_another_essay_opens_it_on_its_own_defaults_not_the_last_ones(tmp_path, monkeypatch):
    """The fresh user's defect: a bundle saved from the Author page kept the last essay's window, layers and click."""
    import tempfile

    from ui.session import CLICKED_AT, LAYERS_SHOWN, TIME_WINDOW

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # kept bundles and scratch folders
    at = _map()
    at.slider(key="_time_range").set_value((D(2023, 1, 1), D(2023, 3, 31))).run()
    hidden = next(c for c in at.sidebar.checkbox if c.key.startswith("layer_") and c.value)
    hidden.uncheck().run()
    at.session_state[CLICKED_AT] = (36.73, 68.86, 8.0)
    at.run()
    assert at.query_params["when"] == "2023-01-01..2023-03-31" and "layers" in at.query_params

    at.switch_page("pages/6_Author.py").run()
    essay = (ROOT / "tests" / "fixtures" / "drafting" / "synthetic_essay.txt").read_text(encoding="utf-8")
    at.text_area(key="author_text").input(essay)
    at.button(key="author_draft_button").click().run()
    at.button(key="author_save").click().run()
    assert not at.exception
    # the last essay's window, view and layers left the URL; the Author page's review is not an essay's
    assert set(at.query_params) == {"bundle", "basemap", "review"}
    assert TIME_WINDOW not in at.session_state and CLICKED_AT not in at.session_state

    at.switch_page("pages/0_Map.py").run()
    assert not at.exception
    assert "when" not in at.query_params, "all dates, the new essay's default"
    assert TIME_WINDOW not in at.session_state or at.session_state[TIME_WINDOW] == (None, None), "all dates"
    _, shown = at.session_state[LAYERS_SHOWN]
    checked = {c.key.removeprefix("layer_") for c in at.sidebar.checkbox if c.key.startswith("layer_") and c.value}
    assert checked == set(shown)
    defaults = {c.key.removeprefix("layer_") for c in at.sidebar.checkbox if c.key.startswith("layer_")} & {
        hidden.key.removeprefix("layer_")}
    assert defaults <= checked, "a layer hidden in the last essay is back on by default in the new one"
    assert any(k.startswith("actor_") for k in checked), "the new essay's actor layers are on by default"
    assert "bundle_places" in checked, "the drafted bundle's own places are drawn, labelled, by default"


def test_a_claim_focused_outside_the_time_window_says_so_instead_of_vanishing():
    at = _map(when="2022-07-31..2022-12-31")
    at.switch_page("pages/2_Actors.py").run()
    at.selectbox(key="timeline_pick").select("al-qaeda-camps-2024").run()
    assert not at.exception
    notes = [i.value.replace("\\", "") for i in at.info]
    assert any("1 of 1 lie outside the time window" in n and "All dates" in n for n in notes), notes


def test_a_found_place_replaces_the_last_click_in_the_panel():
    """The fresh user's defect: after Find a place, the panel still listed the last click, now off screen."""
    from ui.session import CLICKED_AT

    at = _map()
    at.session_state[CLICKED_AT] = (36.73, 68.86, 8.0)  # Kunduz
    at.run()
    assert any("in Kunduz" in c.value for c in at.caption)
    at.text_input(key="place_query").input("Panshir").run()
    lat, lon, zoom = at.session_state[CLICKED_AT]
    assert 35.0 < lat < 35.9 and 69.2 < lon < 70.3 and zoom == 8.0, "the panel lists what lies in Panjshir"
    assert any("in Panjshir" in c.value for c in at.caption) and not any("in Kunduz" in c.value for c in at.caption)


@pytest.mark.parametrize(("when", "notice", "shown"), [
    ("1990-01-01..2000-12-31", "reaches past the dates here (1 Jan 1996 – 29 Jan 2024); its start was moved to them",
     (D(1996, 1, 1), D(2000, 12, 31))),
    ("1980-01-01..1990-12-31", "holds none of the dates here (1 Jan 1996 – 29 Jan 2024); all dates are shown",
     (D(1996, 1, 1), D(2024, 1, 29))),
    ("sometime..later", "is not a window of dates (YYYY-MM-DD..YYYY-MM-DD); all dates are shown",
     (D(1996, 1, 1), D(2024, 1, 29))),
    ("2022-07-31..2022-12-31", None, (D(2022, 7, 31), D(2022, 12, 31))),
    ("2000-01-01..1999-01-01", "ends before it starts; all dates are shown", (D(1996, 1, 1), D(2024, 1, 29))),
])
def test_a_links_time_window_is_never_changed_in_silence(when, notice, shown):
    """A fresh user's finding: ?when=1990-01-01..2000-12-31 became ..2022-07-31 without a word."""
    at = _map(when=when)
    assert not at.exception
    assert at.slider(key="_time_range").value == shown
    infos = [i.value.replace("\\", "") for i in at.sidebar.info]  # md_escape's backslashes
    if notice is None:
        assert not any("The link's time window" in i for i in infos)
    else:
        assert any(notice in i for i in infos), infos
