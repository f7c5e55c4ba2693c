"""Nothing of the first essay is hard-coded: another bundle's pages never mention its subject.

Protects issue 14 item 5. With the synthetic water-sharing bundle
(``tests/fixtures/bundles/synthetic-water``, which names no ``[map]`` table) no page's text —
titles, captions, markdown, notes, widget labels and options, tables, and the map component's
arguments — mentions al-Qaeda, the Wakhan, the UN Monitoring Team or the first essay; the default
bundle still offers today's Wakhan layers and the border table with the corridor's figures.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.bundle import BUNDLE_ENV, load_bundle
from ui.session import BORDER_TABLE_OPEN

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGES = sorted((ROOT / "pages").glob("*.py"))
SYNTHETIC = ROOT / "tests" / "fixtures" / "bundles" / "synthetic-water"
FIRST_ESSAY = re.compile(r"wakhan|qaeda|qaida|monitoring team|ankasam|ba(ş|\\305\\237|s)aran", re.IGNORECASE)


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def _run(page: Path) -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=300).switch_page(str(page.relative_to(ROOT))).run()


def _all_text(node) -> str:
    """Every element's protobuf as text: labels, values, options, tables and component arguments."""
    parts = []
    proto = getattr(node, "proto", None)
    if proto is not None:
        parts.append(str(proto))
    for child in getattr(node, "children", {}).values():
        parts.append(_all_text(child))
    return "\n".join(parts)


def test_the_synthetic_bundle_is_valid_and_not_about_the_first_essay():
    bundle = load_bundle(SYNTHETIC)
    assert bundle.problems == ()
    assert bundle.focus.layers == () and bundle.focus.corridors == ()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_no_page_mentions_the_first_essay_with_another_bundle(page, monkeypatch):
    monkeypatch.setenv(BUNDLE_ENV, str(SYNTHETIC))
    at = _run(page)
    assert not at.exception
    text = _all_text(at._tree)
    assert "sharing the Amu Darya" in text or page.stem in ("5_Your_data", "6_Author"), "the synthetic bundle is shown"
    found = sorted({m.group(0) for m in FIRST_ESSAY.finditer(text)})
    assert not found, f"{page.stem} mentions {found}: " + "; ".join(
        text[max(m.start() - 80, 0):m.end() + 40].replace("\n", " ") for m in FIRST_ESSAY.finditer(text))[:1500]


def test_the_default_bundle_still_offers_the_wakhan_layers_and_border_table(monkeypatch):
    monkeypatch.delenv(BUNDLE_ENV, raising=False)
    at = _run(ROOT / "pages" / "0_Map.py")
    assert not at.exception
    toggles = {t.label for t in at.sidebar.toggle} | {c.label for c in at.sidebar.checkbox}
    assert "Wakhan Corridor" in toggles
    assert any(label.startswith("Wakhan") and "borders" in label for label in toggles)
    assert [e.label for e in at.expander if e.label.startswith("Afghanistan's borders")] == [
        "Afghanistan's borders and the Wakhan Corridor: computed vs published"]
    assert not any(m.value.startswith("**Wakhan Corridor** — computed length") for m in at.markdown), (
        "the closed expander sends no content")
    at.session_state[BORDER_TABLE_OPEN] = True  # as a click on the expander does (it reruns)
    at.run()
    assert any(m.value.startswith("**Wakhan Corridor** — computed length") for m in at.markdown)
    assert any(m.value.startswith("| Neighbour |") for m in at.markdown)


def test_another_bundle_gets_the_border_table_without_the_corridor(monkeypatch):
    monkeypatch.setenv(BUNDLE_ENV, str(SYNTHETIC))
    at = _run(ROOT / "pages" / "0_Map.py")
    assert [e.label for e in at.expander if e.label.startswith("Afghanistan's borders")] == [
        "Afghanistan's borders: computed vs published"]


def test_the_check_sees_the_first_essay_where_it_is_loaded(monkeypatch):
    """The text walk reaches the pages' words: with the default bundle it finds the Wakhan."""
    monkeypatch.delenv(BUNDLE_ENV, raising=False)
    at = _run(ROOT / "pages" / "4_Risk.py")
    assert not at.exception
    assert at.title[0].value == "Spillover risk"
    assert FIRST_ESSAY.search(_all_text(at._tree))


def test_another_essays_map_does_not_label_the_wakhans_settlements():
    """A fresh user's defect: the first essay's Wakhan settlements were labelled on a new essay's map."""
    from geo.layers import map_layers

    bundle = load_bundle(SYNTHETIC)
    offered = {layer.id: layer for layer in map_layers(bundle.focus.layers)}
    assert "wakhan_places" not in offered
    names = set(offered["places"].frame["name"])
    assert {"Kabul", "Dushanbe", "Herat"} <= names
    assert not names & {"Khandud", "Qala-e Panja", "Sarhad-e Broghil", "Ishkashim", "Wakhjir Pass"}
    default = {layer.id for layer in map_layers(load_bundle().focus.layers)}
    assert "wakhan_places" in default, "the first essay still shows them"
