"""The Risk page under Streamlit's AppTest: renders, re-scores on a slider, explains empty layers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.risk import FACTORS
from ui.text import md_escape

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "4_Risk.py")
MINI_BUNDLE = ROOT / "tests" / "fixtures" / "bundles" / "mini"


def _run(session: dict | None = None, **query) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    for key, value in (session or {}).items():
        at.session_state[key] = value
    return at.run()


def _notes(at: AppTest) -> list[str]:
    """The info boxes' texts as sent (escaped for markdown: compare with :func:`_shown`)."""
    return [box.value for box in at.info]


def _shown(note: str) -> str:
    return md_escape(note)


def _summary(at: AppTest):
    return at.dataframe[-1].value.set_index("Neighbour")


def test_page_renders_sliders_table_and_the_not_a_forecast_explanation():
    at = _run()
    assert not at.exception
    assert at.title[0].value == "Spillover risk"
    assert {f"risk_w_{f}" for f in FACTORS} | {"risk_decay"} <= {s.key for s in at.slider}
    assert at.slider(key="risk_w_actors").value == 1.0 and at.slider(key="risk_decay").value == 100.0
    neighbours = ["China", "Iran", "Pakistan", "Tajikistan", "Turkmenistan", "Uzbekistan"]
    assert list(_summary(at).index) == neighbours
    assert any("not a forecast" in md.value for md in at.markdown)
    assert _notes(at) == []


def test_moving_a_slider_rescores_and_changes_the_summary_table():
    at = _run()
    before = _summary(at)["Mean risk"]
    at.slider(key="risk_w_actors").set_value(0.2).run()
    assert not at.exception
    after = _summary(at)["Mean risk"]
    assert (after < before).all()
    assert at.query_params["w_actors"] == "0.2"


def test_all_weights_zero_show_a_note_and_zero_scores():
    at = _run()
    for factor in FACTORS:
        at.slider(key=f"risk_w_{factor}").set_value(0.0)
    at.run()
    assert not at.exception
    assert _shown("Every weight is zero, so every cell scores zero.") in _notes(at)
    summary = _summary(at)
    assert (summary["Mean risk"] == 0).all() and (summary["Max risk"] == 0).all()


def test_empty_actor_selection_shows_why_the_actor_factor_is_empty():
    at = _run()
    at.multiselect(key="risk_actors").set_value([]).run()
    assert not at.exception
    assert _shown("No actor is selected, so the actor factor is zero everywhere.") in _notes(at)
    assert (_summary(at)["Actor features ≤ 200 km"] == 0).all()


def test_out_of_range_or_non_numeric_url_values_are_corrected_with_a_note():
    at = _run(w_actors="5", decay="abc", s_alleged="-1", actors="al-qaeda,<b>nobody</b>")
    assert not at.exception
    assert at.slider(key="risk_w_actors").value == 1.0
    assert at.slider(key="risk_decay").value == 100.0
    assert at.slider(key="risk_s_alleged").value == 0.0
    assert at.multiselect(key="risk_actors").value == ["al-qaeda"]
    notes = _notes(at)
    assert _shown("Weight of actors 5 is outside 0–1; 1 was used.") in notes
    assert _shown("Decay distance 'abc' is not a number; the default 100 was used.") in notes
    assert any(n.startswith(_shown("Unknown actor(s) <b>nobody</b>")) for n in notes)  # shown inert


def test_out_of_range_session_value_is_clamped_not_raised():
    at = _run(session={"risk_w_border": 7.5})
    assert not at.exception
    assert at.slider(key="risk_w_border").value == 1.0
    assert _shown("Weight of border 7.5 is outside 0–1; 1 was used.") in _notes(at)


@pytest.fixture()
def bundle_without_actors(tmp_path: Path) -> Path:
    folder = tmp_path / "no-actors"
    shutil.copytree(MINI_BUNDLE, folder)
    (folder / "actors.toml").write_text("", encoding="utf-8")
    (folder / "claims.toml").write_text("", encoding="utf-8")
    return folder


def test_bundle_without_actors_renders_with_notes_instead_of_layers(bundle_without_actors):
    at = _run(session={"bundle_path": str(bundle_without_actors)})
    assert not at.exception
    notes = _notes(at)
    no_actors = "No claim of this essay bundle feeds the actor factor, so it is zero everywhere."
    no_routes = ("The essay bundle draws no pathway (no route claim the essay argues), so the pathways factor is zero "
                 "everywhere.")
    assert _shown(no_actors) in notes and _shown(no_routes) in notes
    assert not any("essay_argument" in n for n in notes), "said in words, once"
    assert _shown("The essay bundle names no corridor, so the corridors factor is zero everywhere.") in notes
    assert (_summary(at)["Actor features ≤ 200 km"] == 0).all()


def test_actor_factor_counts_armed_groups_by_default_and_says_which_claims_feed_it():
    at = _run()
    assert not at.exception
    assert at.multiselect(key="risk_roles").value == ["armed_group"]
    feeds = " ".join(md.value for md in at.markdown)
    assert md_escape("Training camps reported by the UN Monitoring Team") in feeds
    assert md_escape("Taliban de facto authority") not in feeds.split("**Crossings**")[0]
    before = _summary(at)["Actor features ≤ 200 km"]
    at.multiselect(key="risk_roles").set_value(["armed_group", "armed_opposition", "individual"]).run()
    assert not at.exception
    assert (_summary(at)["Actor features ≤ 200 km"] >= before).all()
    assert at.query_params["roles"] == "armed_group,armed_opposition,individual"
