"""The Essay, Actors and Sources & method pages under Streamlit's AppTest.

Protects: each page renders; the Essay page shows every ¶ and the quoted words verbatim;
its and the Actors page's buttons hand the focus to the main map; another bundle renders
without code changes; hostile text in a bundle reaches the page escaped, never as HTML.

Pages are reached from the app (``app.py`` with ``st.navigation``) with ``AppTest.switch_page``,
so a button that switches to the map lands on it. AppTest then runs the page script itself,
not the frame around it; what the frame does between pages is checked in the browser
(``tests/e2e/test_actor_to_map.py``, ``tests/e2e/test_navigation.py``).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.bundle import BUNDLE_ENV, load_bundle

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
ESSAY = ROOT / "pages" / "1_Essay.py"
ACTORS = ROOT / "pages" / "2_Actors.py"
SOURCES = ROOT / "pages" / "3_Sources_and_method.py"
MINI = ROOT / "tests" / "fixtures" / "bundles" / "mini"
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(autouse=True)
def default_bundle(monkeypatch):
    """Every test starts from the default bundle and an empty bundle cache."""
    monkeypatch.delenv(BUNDLE_ENV, raising=False)
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def _run(page: Path) -> AppTest:
    """The app, switched to ``page`` (AppTest runs the page script itself), run once."""
    return AppTest.from_file(str(APP), default_timeout=120).switch_page(str(page.relative_to(ROOT))).run()


def _texts(at: AppTest) -> list[str]:
    """The source text of every markdown-like element (markdown, headings, captions)."""
    kinds = ("markdown", "title", "header", "subheader", "caption")
    return [e.value for kind in kinds for e in getattr(at, kind)]


def _visible(source: str) -> str:
    """Roughly what a reader sees: tags dropped, entities decoded, markdown escapes and bold removed."""
    text = html.unescape(re.sub(r"<[^>]+>", "", source))
    return re.sub(r"\\(.)", r"\1", text).replace("**", "")


@pytest.mark.parametrize("page", [ESSAY, ACTORS, SOURCES], ids=lambda p: p.stem)
def test_page_renders_without_exception(page):
    at = _run(page)
    assert not at.exception
    assert at.title, "each page has a title"


def test_essay_shows_every_paragraph_label_and_each_claim_quote_verbatim():
    bundle = load_bundle()
    at = _run(ESSAY)
    texts = _texts(at)
    shown = {}
    for paragraph in bundle.paragraphs:
        start = f'<span id="{paragraph.id}"></span>**{paragraph.label}**'
        rendered = [t for t in texts if t.startswith(start)]
        assert len(rendered) == 1, f"{paragraph.label} is shown once"
        shown[paragraph.id] = _visible(rendered[0])
        assert shown[paragraph.id].endswith(paragraph.text), f"{paragraph.label} is complete and verbatim"
    for claim in bundle.claims:
        for passage in claim.passages:
            assert passage.quote in shown[passage.paragraph], (claim.id, passage.paragraph)


def test_essay_shows_attribution_highlights_footnotes_and_labels_the_turkish_bio():
    at = _run(ESSAY)
    text = "\n".join(_texts(at))
    assert "Could Al\\-Qaeda Terrorist Organization" in at.title[0].value
    for expected in ("Doğacan Başaran", "ANKASAM", "2023", "Turkish", "Licence", "Cite as"):
        assert expected in text
    assert '<mark style="background-color:#CC667733' in text and 'title="al-Qaeda — actor on the map"' in text
    assert '<sup><a href="#fn-fn1"' in text and '<span id="fn-fn1"></span>' in text
    assert any("In Turkish (Türkçe), as published" in _visible(c.value) for c in at.caption)
    assert "About the author" in [s.value for s in at.subheader]


def test_essay_lists_the_claims_each_linked_paragraph_supports():
    at = _run(ESSAY)
    listing = next(m.value for m in at.markdown if m.value.startswith("**Mapped from ¶2:**"))
    assert "Ayman al\\-Zawahiri killed by a US drone strike in Sherpur, Kabul — *documented*" in listing


def test_show_paragraph_button_sets_focus_paragraph():
    at = _run(ESSAY)
    at.button(key="show_p5").click().run()
    assert at.session_state["focus_paragraph"] == "p5"
    assert "focus_actor" not in at.session_state
    assert not at.exception


def test_show_paragraph_button_switches_to_the_main_map_in_the_multipage_app():
    at = AppTest.from_file(str(APP), default_timeout=120).switch_page("pages/1_Essay.py").run()
    assert not at.exception
    at.button(key="show_p2").click().run()
    assert not at.exception
    assert at.session_state["focus_paragraph"] == "p2"
    assert not [b for b in at.button if b.key and b.key.startswith("show_p")], "left the Essay page"


def test_actors_page_has_a_profile_and_a_map_button_per_actor():
    bundle = load_bundle()
    at = _run(ACTORS)
    names = [s.value for s in at.subheader]
    assert len(names) == len(bundle.actors)
    assert [_visible(n) for n in names] == [a.name for a in bundle.actors.values()]
    assert {f"actor_{a}" for a in bundle.actors} <= {b.key for b in at.button}
    text = "\n".join(_texts(at))
    assert "documented **1** · reported **7** · alleged **0** · essay's argument **3**" in text
    assert "[¶9](Essay#p9)" in text


def test_actor_button_sets_focus_actor_and_clears_a_paragraph_focus():
    at = _run(ACTORS)
    at.session_state["focus_paragraph"] = "p2"
    at.button(key="actor_iskp").click().run()
    assert at.session_state["focus_actor"] == "iskp"
    assert "focus_paragraph" not in at.session_state
    assert not at.exception


@pytest.mark.parametrize("actor_id", sorted(set(load_bundle().features["actor"])))
def test_every_actor_show_on_the_map_button_lands_on_the_map_with_no_error(actor_id):
    """The Actors → map crash (a layer checkbox set after it was drawn) can't come back, for any actor.

    AppTest's page switch runs the Map page without the app's frame, so whether the actor's
    layer is switched on is checked in the browser (tests/e2e/test_actor_to_map.py).
    """
    at = _run(ACTORS)
    at.button(key=f"actor_{actor_id}").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.session_state["focus_actor"] == actor_id
    assert at.title[0].value.startswith("Spillover Atlas"), "landed on the Map page"


def test_sources_page_lists_every_citation_title_status_and_limit():
    bundle = load_bundle()
    at = _run(SOURCES)
    text = _visible("\n".join(_texts(at)))
    for citation in bundle.citations.values():
        assert citation.title in text, citation.title
    for label in ("Documented", "Reported", "Alleged", "Essay's argument", "Uncited context"):
        assert f"- {label} — " in text
    assert "Downgraded claims" in [h.value for h in at.header]
    assert "TTP sanctuaries in eastern Afghanistan — reported → uncited context" in text
    assert "What this map does not claim" in [h.value for h in at.header]
    assert "not at a precise location" in text and "not a forecast" in text
    assert "morphological opening" in text and "50 m" in text
    assert "3bc6f1d367a9bcec" in text, "the basemap's hash"
    assert "Sherpur (Kabul), Hairatan" in text, "approximate places by the names readers know, not their ids"
    assert len(at.dataframe) >= 2, "published border lengths and layer sources are tables"
    layers = at.dataframe[-1].value
    assert {"Taliban", "Spillover risk by neighbour (mean of cells)"} <= set(layers["layer"]), \
        "the essay's actor and risk layers are listed with the shared ones"
    assert "_m " not in text and "snap_m" not in text, "settings in words, not parameter names"


@pytest.fixture()
def mini_bundle(tmp_path, monkeypatch) -> Path:
    """A copy of the small test bundle, selected through the environment like a user would."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    monkeypatch.setenv(BUNDLE_ENV, str(folder))
    st.cache_resource.clear()
    return folder


def test_a_second_bundle_renders_on_the_essay_page(mini_bundle):
    at = _run(ESSAY)
    assert not at.exception
    assert at.title[0].value == "A test essay"
    texts = _texts(at)
    for label in ("¶1", "¶2", "¶3"):
        assert any(t.startswith(f"<span id=\"p{label[1:]}\"></span>**{label}**") for t in texts)
    assert {b.key for b in at.button} == {"show_p1", "show_p2"}, "¶3 quotes nothing, so it has no map button"


def _make_hostile(folder: Path) -> None:
    paragraphs = folder / "paragraphs.json"
    data = json.loads(paragraphs.read_text(encoding="utf-8"))
    data["paragraphs"][2]["text"] = f"Nothing mapped is named here. {HOSTILE} [x](javascript:alert(1)) $x$"
    paragraphs.write_text(json.dumps(data), encoding="utf-8")
    actors = folder / "actors.toml"
    actors.write_text(actors.read_text(encoding="utf-8").replace('"Testers Front"', f'"{HOSTILE}"'))
    citations = folder / "citations.toml"
    citations.write_text(citations.read_text(encoding="utf-8").replace('"Test report"', f'"{HOSTILE}"'))


@pytest.mark.parametrize("page", [ESSAY, ACTORS, SOURCES], ids=lambda p: p.stem)
def test_hostile_text_in_a_bundle_is_shown_escaped(mini_bundle, page):
    _make_hostile(mini_bundle)
    assert not load_bundle(mini_bundle).problems, "the hostile bundle is otherwise valid"
    at = _run(page)
    assert not at.exception
    texts = _texts(at)
    joined = "\n".join(texts)
    assert not re.search(r"(?<!\\)<img", joined), "no raw <img> reaches the page"
    assert "&lt;img" in joined or "\\<img" in joined, "the hostile text is shown, escaped"
    assert "](javascript:" not in joined, "no live javascript: link"


def test_layer_choice_survives_a_visit_to_another_page():
    """Streamlit drops a page's widgets when another page runs; the layers the user chose are kept."""
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.checkbox(key="layer_actor_taliban").uncheck().run()
    assert "actor_taliban" not in at.query_params["layers"][0]
    at.switch_page("pages/1_Essay.py").run()
    at.query_params.clear()
    at.switch_page("pages/0_Map.py").run()
    assert at.checkbox(key="layer_actor_taliban").value is False
    assert at.checkbox(key="layer_actor_al-qaeda").value is True
