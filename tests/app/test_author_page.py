"""The Author page under AppTest: draft from pasted text, review with every button, save and load, share by hash.

The essay is the SYNTHETIC test essay (tests/fixtures/drafting/), invented for tests.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.bundle import BUNDLE_ENV
from ui.session import AUTHOR_DRAFT, BUNDLE_PATH

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "pages" / "6_Author.py"
APP = ROOT / "app.py"
ESSAY = (ROOT / "tests" / "fixtures" / "drafting" / "synthetic_essay.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """Default bundle, kept bundles and scratch folders under ``tmp_path``, an empty bundle cache."""
    monkeypatch.delenv(BUNDLE_ENV, raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def _drafted(text: str = ESSAY) -> AppTest:
    at = AppTest.from_file(str(PAGE), default_timeout=90).run()
    at.text_area(key="author_text").input(text)
    return at.button(key="author_draft_button").click().run()


def _claims(at: AppTest) -> list[dict]:
    return at.session_state[AUTHOR_DRAFT].tables["claims"]


def test_draft_button_without_text_says_what_to_do():
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    at.button(key="author_draft_button").click().run()
    assert any("Paste the essay" in e.value for e in at.error)


def test_pasted_essay_is_drafted_with_metadata_and_a_clean_live_check():
    at = _drafted()
    assert not at.exception
    assert at.text_input(key="author_meta_author").value == "Spillover Atlas test suite (synthetic)"
    assert any("place mentions" in s.value for s in at.success)
    assert any(s.value.startswith("The validator found no problems") for s in at.success)
    claims = _claims(at)
    assert claims and not any(c["reviewed"] for c in claims)
    assert any("could also be" in s.label for s in at.selectbox), "ambiguous places offer their alternatives"


def test_mark_reviewed_then_leave_out_unreviewed():
    at = _drafted()
    at.button(key="author_accept_all").click().run()
    assert all(c["reviewed"] for c in _claims(at) if c["include"])
    included = sum(1 for c in _claims(at) if c["include"])
    assert any(f"Review: {included} of {included} included claims reviewed" in c.value for c in at.caption), \
        "the summary follows the review, not the draft"
    at = _drafted()
    at.button(key="author_reject_unreviewed").click().run()
    assert not any(c["include"] for c in _claims(at))
    assert any("no problems: 0 claims" in s.value for s in at.success)


def test_placing_an_unmatched_name_drafts_its_claim():
    at = _drafted("The Taliban met elders in Zorabad in the spring.")
    assert _claims(at) == []
    at.session_state[AUTHOR_DRAFT].tables["unmatched"][0].update(lat=36.5, lon=68.0)
    at.run()
    at.button(key="author_place_button").click().run()
    assert [c["places"] for c in _claims(at)] == ["manual-zorabad"]


def test_adding_an_actor_drafts_its_claims():
    at = _drafted("The Water Users Union protested in Kunduz in 2023.")
    assert _claims(at) == []
    form_inputs = [t for t in at.text_input if t.label.startswith("Add an actor")]
    form_inputs[0].input("Water Users Union")
    at.button(key="FormSubmitter:author_add_actor-Add the actor and draft again").click().run()
    assert [c["actor"] for c in _claims(at)] == ["water-users-union"]


def test_save_keeps_the_bundle_by_hash_loads_it_and_names_it_in_the_url():
    at = _drafted()
    at.button(key="author_save").click().run()
    key = at.query_params["bundle"]
    folder = Path(at.session_state[BUNDLE_PATH])
    assert folder.name == key and (folder / "places.toml").is_file()
    assert any(key in s.value for s in at.success)
    assert at.get("download_button"), "the zip can be downloaded too"


def test_unknown_bundle_hash_in_the_url_says_so_and_shows_the_default():
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["bundle"] = "0123456789abcdef"
    at.run()
    assert any("does not hold" in w.value for w in at.warning)
