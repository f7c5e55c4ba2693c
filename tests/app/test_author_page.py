"""The Author page under AppTest: draft from pasted text, review with every button, save and load, share by hash.

The essay is the SYNTHETIC test essay (tests/fixtures/drafting/), invented for tests.
"""

from __future__ import annotations

import tempfile
import tomllib
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.bundle import BUNDLE_ENV
from ui import review_store
from ui.session import AUTHOR_DRAFT, AUTHOR_ROUTE_NAME, AUTHOR_ROUTE_PLACES, BUNDLE_PATH

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


def test_a_reload_finds_the_unsaved_review_again_edits_and_all():
    """A fresh user's finding: F5 on the Author page threw the review away (a new session)."""
    at = _drafted()
    at.button(key="author_reject_unreviewed").click().run()  # an edit: every unreviewed claim left out
    at.text_input(key="author_meta_publisher").input("Edited Publisher").run()
    token = at.query_params["review"]
    assert len(token) == 32 and (review_store.REVIEWS_DIR / f"{token}.pickle").is_file()
    reloaded = AppTest.from_file(str(PAGE), default_timeout=90)
    reloaded.query_params["review"] = token  # a new session on the same address
    reloaded.run()
    assert not reloaded.exception
    assert any("Your unsaved review was restored" in i.value for i in reloaded.info)
    assert not any(c["include"] for c in _claims(reloaded)), "the edit came back too"
    assert reloaded.text_input(key="author_meta_publisher").value == "Edited Publisher"
    assert reloaded.text_area(key="author_text").value == ESSAY
    reloaded.button(key="author_accept_all").click().run()
    assert not reloaded.exception and reloaded.query_params["review"] == token, "still the same review"


@pytest.mark.parametrize("token", ["0" * 32, "not-a-token", "../../etc/passwd"])
def test_an_address_naming_no_readable_review_says_so_and_the_page_still_works(token):
    (review_store.REVIEWS_DIR / f"{'0' * 32}.pickle").write_bytes(b"not a pickle")  # damaged or another version's
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.query_params["review"] = token
    at.run()
    assert not at.exception
    said = [w.value for w in at.warning if "could not be found or read back" in w.value]
    assert said if token == "0" * 32 else not said, "a malformed token names nothing and is never read"
    assert "review" not in at.query_params or at.query_params["review"] != "0" * 32
    at.text_area(key="author_text").input(ESSAY)
    at.button(key="author_draft_button").click().run()
    assert not at.exception and _claims(at)


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
    assert not any("no problems" in s.value for s in at.success), "a bundle with no claim is not one without problems"
    assert any("The validator found 1 problem:" in e.value for e in at.error)
    assert any("holds no [[claim]] record" in c.value for c in at.code)
    assert any("would map nothing" in w.value for w in at.warning), "an empty bundle is said to be one"


def test_placing_an_unmatched_name_drafts_its_claim():
    at = _drafted("The Taliban met elders in Zorabad in the spring.")
    assert _claims(at) == []
    at.session_state[AUTHOR_DRAFT].tables["unmatched"][0].update(lat=36.5, lon=68.0)
    at.run()
    at.button(key="author_place_button").click().run()
    assert [c["places"] for c in _claims(at)] == ["manual-zorabad"]
    assert "Zorabad (manual)" in at.multiselect(key=AUTHOR_ROUTE_PLACES).options, "no empty country in the picker"


def test_adding_an_actor_drafts_its_claims():
    at = _drafted("The Water Users Union protested in Kunduz in 2023.")
    assert _claims(at) == []
    form_inputs = [t for t in at.text_input if t.label.startswith("Add an actor")]
    form_inputs[0].input("Water Users Union")
    next(t for t in at.text_input if t.label.startswith("aliases")).input("Water Users Union; WUU; WUU")  # name, twice
    at.button(key="FormSubmitter:author_add_actor-Add the actor and draft again").click().run()
    assert [c["actor"] for c in _claims(at)] == ["water-users-union"]
    assert at.session_state[AUTHOR_DRAFT].tables["actors"][0]["aliases"] == "WUU"


def test_save_keeps_the_bundle_by_hash_loads_it_and_names_it_in_the_url():
    at = _drafted()
    at.button(key="author_save").click().run()
    key = at.query_params["bundle"]
    folder = Path(at.session_state[BUNDLE_PATH])
    assert folder.name == key and (folder / "places.toml").is_file()
    assert any(key in s.value for s in at.success)
    assert at.get("download_button"), "the zip can be downloaded too"
    at.button(key="author_reject_unreviewed").click().run()  # an edit after saving
    assert not any("Saved and loaded" in s.value for s in at.success)
    assert any(f"Changed since it was saved as bundle {key}" in i.value for i in at.info)


def test_unknown_bundle_hash_in_the_url_says_so_and_shows_the_default():
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["bundle"] = "0123456789abcdef"
    at.run()
    assert sum("does not hold" in w.value for w in at.warning) == 1, "said once, not by the frame and the page"


def _add_route(at: AppTest, name: str, through: list[str]) -> AppTest:
    at.text_input(key=AUTHOR_ROUTE_NAME).input(name)
    places = at.multiselect(key=AUTHOR_ROUTE_PLACES)
    for pid in through:
        places.select(pid)
    return at.button(key="author_add_route_button").click().run()


def test_adding_a_route_makes_a_route_claim_the_validator_accepts_and_the_save_keeps():
    at = _drafted()
    at = _add_route(at, "Kabul to the Friendship Bridge", ["kabul", "mazar-i-sharif", "hairatan"])
    assert not at.exception and not at.error
    routes = at.session_state[AUTHOR_DRAFT].routes
    assert [(r["kind"], r["places"]) for r in routes] == [("route", "kabul; mazar-i-sharif; hairatan")], \
        "the places in the order picked"
    assert routes[0]["quote"].startswith("The Taliban control the road from Kabul to Mazar-e Sharif")
    included = sum(1 for c in _claims(at) if c["include"]) + 1
    assert any(s.value.startswith(f"The validator found no problems: {included} claims") for s in at.success)
    at.button(key="author_save").click().run()
    claims = tomllib.loads((Path(at.session_state[BUNDLE_PATH]) / "claims.toml").read_text(encoding="utf-8"))
    route = next(c for c in claims["claim"] if c["kind"] == "route")
    assert route["place"] == ["kabul", "mazar-i-sharif", "hairatan"]
    assert route["note"].startswith("Schematic line Kabul → Mazar-i-Sharif → Hairatan: straight segments")


def test_a_route_of_one_place_says_what_to_do_and_adds_nothing():
    at = _add_route(_drafted(), "Nowhere road", ["kabul"])
    assert any("at least two places" in e.value for e in at.error)
    assert at.session_state[AUTHOR_DRAFT].routes == []


def test_a_route_can_be_removed_again():
    at = _add_route(_drafted(), "Amu Darya", ["termez", "hairatan"])
    assert len(at.session_state[AUTHOR_DRAFT].routes) == 1
    at.button(key="author_remove_route").click().run()
    assert at.session_state[AUTHOR_DRAFT].routes == []
    assert not any(c["kind"] == "route" for c in _claims(at))


def test_a_route_survives_drafting_again_with_a_new_actor():
    at = _add_route(_drafted(), "Amu Darya", ["termez", "hairatan"])
    [t for t in at.text_input if t.label.startswith("Add an actor")][0].input("Water Users Union")
    at.button(key="FormSubmitter:author_add_actor-Add the actor and draft again").click().run()
    assert [r["id"] for r in at.session_state[AUTHOR_DRAFT].routes] == ["route-amu-darya"]


def test_a_name_matched_only_outside_the_region_of_focus_is_flagged_with_its_alternatives():
    at = _drafted("The Taliban took over the air base in Bagram, north of Kabul.")
    assert not at.exception
    question = next(s for s in at.selectbox if "outside the region of focus" in s.label)
    assert any("Afghanistan" in option for option in question.options), "near spellings in focus are offered"
    assert any("outside the region of focus" in w.value for w in at.warning)
    assert "Bagram" in at.selectbox(key="author_place_name").options, "it can be placed by a map click"


def test_the_review_summary_counts_edits_made_in_the_claims_table(monkeypatch):
    """A tick in the table (widget state, not yet in the draft) moves the review counter at once."""
    from ui.session import AUTHOR_CLAIMS_EDITOR
    from ui.views import author

    authoring = _drafted().session_state[AUTHOR_DRAFT]
    included = [i for i, c in enumerate(authoring.tables["claims"]) if c["include"]]
    edits = {str(i): {"reviewed": True} for i in included[:2]} | {"999": {"reviewed": True}}
    monkeypatch.setattr(author.st, "session_state",
                        {f"{AUTHOR_CLAIMS_EDITOR}-{authoring.version}": {"edited_rows": edits}})
    rows = author._claims_as_edited(authoring)
    assert sum(1 for r in rows if r["include"] and r["reviewed"]) == min(2, len(included))
    assert not any(c["reviewed"] for c in authoring.tables["claims"]), "the draft itself is unchanged"


def test_the_claims_table_shows_places_by_name_paragraphs_as_readers_cite_them_and_no_none(monkeypatch):
    """A fresh user's finding: the table showed place ids, ``p1`` and "None" in empty cells.

    Places are now picked by name (the values stay ids), the paragraph reads ¶1, an empty citation
    "no citation"; what the table gives back is stored as before.
    """
    from ui.views import author

    authoring = _drafted(AMBIGUOUS).session_state[AUTHOR_DRAFT]
    shown = {}

    def table(frame, **kwargs):
        shown.update(frame=frame.copy(), config=kwargs["column_config"])
        edited = frame.copy()
        edited.at[0, "places"] = list(reversed(frame.at[0, "places"])) + [authoring.tables["places"][-1]["id"]]
        return edited

    monkeypatch.setattr(author.st, "data_editor", table)
    rows = author.claims_editor(authoring, ["un-2024"])
    frame, config = shown["frame"], shown["config"]
    first = authoring.tables["claims"][0]
    assert frame.at[0, "paragraph"] == "¶1" and rows[0]["paragraph"] == first["paragraph"] == "p1"
    assert frame.at[0, "places"] == first["places"].split("; ")
    names = {p["id"]: p["name"] for p in authoring.tables["places"]}
    places = config["places"]
    assert {o["value"] for o in places["type_config"]["options"]} >= set(names)
    assert all(names[o["value"]] in o["label"] for o in places["type_config"]["options"] if o["value"] in names)
    assert frame.at[0, "citation"] == author.NO_CITATION and rows[0]["citation"] == "", "stored as no citation"
    assert not frame[["alleged_by", "date", "citation"]].isna().any().any(), "no empty cell reads None"
    assert rows[0]["places"] == "; ".join([*reversed(first["places"].split("; ")),
                                           authoring.tables["places"][-1]["id"]]), "ids, in the order picked"
    assert all(isinstance(r["places"], str) for r in rows)


@pytest.mark.parametrize("text", ["Notes\n\nHerat is a city near Islam Qala.", "The weather was pleasant."])
def test_an_essay_with_no_claim_drafts_without_an_error_and_keeps_its_places(text):
    """A fresh user's finding: an essay yielding no claim crashed the claims table (a text column of floats)."""
    at = _drafted(text)
    assert not at.exception
    assert _claims(at) == []
    assert at.button(key="author_save"), "the bundle can still be saved"


# --------------------------------------------------------------------------- the review survives

AMBIGUOUS = "Islamic State fighters attacked Jalalabad in 2022.\n\nThe Taliban reportedly took Kunduz in 2021."
KYRGYZ = "Jalal-Abad (region, Kyrgyzstan, 41.589, 72.451)"


def _pick(at: AppTest, option: str) -> AppTest:
    return next(s for s in at.selectbox if "could also be" in s.label).set_value(option).run()


def test_an_alternative_picked_is_used_by_the_claims_and_the_saved_bundle():
    at = _pick(_drafted(AMBIGUOUS), KYRGYZ)
    assert not at.exception
    claim = next(c for c in _claims(at) if c["actor"] == "islamic-state")
    assert (claim["places"], claim["label"]) == ("region-kg-j", "Islamic State (ISIS / ISKP) — Jalal-Abad")
    at.button(key="author_save").click().run()
    folder = Path(at.session_state[BUNDLE_PATH])
    saved = tomllib.loads((folder / "claims.toml").read_text(encoding="utf-8"))["claim"]
    assert next(c for c in saved if c["actor"] == "islamic-state")["place"] == ["region-kg-j"]
    assert "Jalal-Abad" in (folder / "places.toml").read_text(encoding="utf-8")


def test_adding_an_actor_keeps_the_review_and_the_alternative_picked():
    at = _pick(_drafted(AMBIGUOUS), KYRGYZ)
    at.button(key="author_accept_all").click().run()
    assert all(c["reviewed"] for c in _claims(at))
    [t for t in at.text_input if t.label.startswith("Add an actor")][0].input("Water Users Union")
    at.button(key="FormSubmitter:author_add_actor-Add the actor and draft again").click().run()
    assert not at.exception
    assert all(c["reviewed"] for c in _claims(at)), "reviewed marks are kept"
    assert next(c for c in _claims(at) if c["actor"] == "islamic-state")["places"] == "region-kg-j"
    assert next(s for s in at.selectbox if "could also be" in s.label).value == KYRGYZ


def test_placing_a_name_keeps_the_review_and_positions_typed_for_other_names():
    at = _drafted("The Taliban met elders in Zorabad and fought near Qarabad in the spring. "
                  "ISIS claimed an attack in Kunduz.")
    at.button(key="author_accept_all").click().run()
    rows = at.session_state[AUTHOR_DRAFT].tables["unmatched"]
    rows[0].update(lat=36.5, lon=68.0)
    rows[1].update(lat=36.6, lon=68.1)
    at.run()
    at.button(key="author_place_button").click().run()
    claims = _claims(at)
    assert any(c["places"] == "manual-zorabad; manual-qarabad" for c in claims)
    assert next(c for c in claims if c["actor"] == "islamic-state")["reviewed"] is True


def test_a_map_click_places_one_name_and_keeps_the_position_typed_for_another(monkeypatch):
    """The fresh user's defect: a lat/lon typed for one name was lost when a click placed the next."""
    from ui.views import author

    at = _drafted("The Taliban met elders in Zorabad and fought near Qarabad in the spring.")
    at.session_state[AUTHOR_DRAFT].tables["unmatched"][0].update(lat=36.5, lon=68.0)  # as the table keeps a typed row
    at.selectbox(key="author_place_name").set_value("Qarabad")
    monkeypatch.setattr(author, "review_map", lambda places, routes=(): (36.61, 68.12))  # one click on the map
    at.run()
    monkeypatch.undo()
    at.run()
    rows = {r["name"]: (r["lat"], r["lon"]) for r in at.session_state[AUTHOR_DRAFT].tables["unmatched"]}
    assert rows == {"Zorabad": (36.5, 68.0), "Qarabad": (36.61, 68.12)}


def test_leaving_the_page_keeps_the_review_the_pick_the_metadata_and_the_citations():
    at = AppTest.from_file(str(APP), default_timeout=120).switch_page("pages/6_Author.py").run()
    at.text_area(key="author_text").input(AMBIGUOUS)
    at.button(key="author_draft_button").click().run()
    at = _pick(at, KYRGYZ)
    at.text_input(key="author_meta_title").input("Water and war").run()
    at.button(key="author_accept_all").click().run()
    authoring = at.session_state[AUTHOR_DRAFT]
    authoring.citations = [{"id": "un-2024", "title": "UN report", "source_type": "official"}]  # a row typed
    at.switch_page("pages/1_Essay.py").run()
    at.switch_page("pages/6_Author.py").run()
    assert not at.exception
    assert at.text_input(key="author_meta_title").value == "Water and war"
    assert at.text_area(key="author_text").value == AMBIGUOUS, "the pasted essay is still in its box"
    assert next(s for s in at.selectbox if "could also be" in s.label).value == KYRGYZ
    assert all(c["reviewed"] for c in _claims(at))
    assert next(c for c in _claims(at) if c["actor"] == "islamic-state")["places"] == "region-kg-j"
    assert [c["id"] for c in at.session_state[AUTHOR_DRAFT].citations] == ["un-2024"]
    [t for t in at.text_input if t.label.startswith("Add an actor")][0].input("Water Users Union")
    at.button(key="FormSubmitter:author_add_actor-Add the actor and draft again").click().run()
    assert [c["id"] for c in at.session_state[AUTHOR_DRAFT].citations] == ["un-2024"], \
        "a fresh user's defect: drafting again after coming back emptied the citations"


def test_an_authored_bundles_actors_page_says_its_years_are_in_words_not_that_nothing_is_dated(tmp_path, monkeypatch):
    """A fresh user's defect: "no claim has a date" beside claims reading "2023, as the essay states"."""
    from geo.drafting import bundle_files, draft_essay, essay_from_text, review_tables, write_bundle

    essay = essay_from_text("The Taliban took Kunduz in 2021.\n\nIslamic State fighters attacked Jalalabad in 2022.")
    write_bundle(bundle_files(essay, review_tables(draft_essay(essay))), tmp_path / "authored")
    monkeypatch.setenv(BUNDLE_ENV, str(tmp_path / "authored"))
    at = AppTest.from_file(str(APP), default_timeout=120).switch_page("pages/2_Actors.py").run()
    assert not at.exception
    note = next(c.value for c in at.caption if "time axis" in c.value)
    assert "2 give their time in words only" in note and "2021, as the essay states" in note


def test_the_main_map_opens_on_an_authored_essays_places(tmp_path, monkeypatch):
    """A fresh user's defect: the map opened on the region's default view, the essay's towns tiny in a corner."""
    from geo.drafting import bundle_files, draft_essay, essay_from_text, review_tables, write_bundle
    from ui.session import MAP_VIEW

    essay = essay_from_text("The Taliban hold Herat and Islam Qala, and trade with Iran through Islam Qala.")
    write_bundle(bundle_files(essay, review_tables(draft_essay(essay))), tmp_path / "west")
    monkeypatch.setenv(BUNDLE_ENV, str(tmp_path / "west"))
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception
    view = at.session_state[MAP_VIEW]
    assert view.zoom > 5 and 33 < view.lat < 36 and 60 < view.lon < 63, view
    assert at.query_params["view"].startswith(f"{view.lat:.4f},{view.lon:.4f}")


def test_a_shared_link_keeps_its_bundle_on_every_page_the_sidebar_opens():
    """A fresh user's defect: ``/?bundle=<hash>`` showed the essay on the first page only."""
    at = _drafted()
    at.button(key="author_save").click().run()
    key = at.query_params["bundle"]
    actors = tomllib.loads((Path(at.session_state[BUNDLE_PATH]) / "actors.toml").read_text(encoding="utf-8"))
    other = AppTest.from_file(str(APP), default_timeout=120)  # another browser, following the link
    other.query_params["bundle"] = key
    other.run()
    assert Path(other.session_state[BUNDLE_PATH]).name == key
    for name in list(other.query_params):  # a sidebar link opens a page with a bare URL
        del other.query_params[name]
    other.switch_page("pages/2_Actors.py").run()
    assert not other.exception
    assert other.query_params["bundle"] == key
    from ui.text import md_escape

    assert {h.value for h in other.subheader} == {md_escape(a["name"]) for a in actors["actor"]}, \
        "the linked essay's actors"


def test_a_citation_picked_on_a_claim_parses_as_its_id(monkeypatch):
    """A fresh user's defect: the citation column no drafted row fills was typed float, so a pick
    ("rferl-2022") failed to parse and no claim could be made reported from the page. The table's
    frame is checked with Streamlit's own parser of a cell edit."""
    import pyarrow as pa
    from streamlit.elements.lib.column_config_utils import determine_dataframe_schema
    from streamlit.elements.widgets.data_editor import _apply_cell_edits

    from ui.views import author

    frames = {}
    real = author.st.data_editor

    def recording(data, *args, key=None, **kwargs):
        frames[str(key).split("-")[0]] = data.copy()
        return real(data, *args, key=key, **kwargs)

    monkeypatch.setattr(author.st, "data_editor", recording)
    _drafted()
    frame = frames["author_claims"]
    schema = determine_dataframe_schema(frame, pa.Table.from_pandas(frame).schema)
    _apply_cell_edits(frame, {0: {"citation": "rferl-2022", "status": "reported"}}, schema)
    assert frame["citation"].iloc[0] == "rferl-2022"


def test_a_bundle_with_no_claims_opens_on_every_page(tmp_path, monkeypatch):
    """A fresh user's defect: the Actors page crashed (KeyError 'start') on a bundle with no claim."""
    from geo.drafting import bundle_files, draft_essay, essay_from_text, review_tables, write_bundle

    essay = essay_from_text("Nothing much happens in Kabul.")
    write_bundle(bundle_files(essay, review_tables(draft_essay(essay))), tmp_path / "empty")
    monkeypatch.setenv(BUNDLE_ENV, str(tmp_path / "empty"))
    for page in sorted((ROOT / "pages").glob("*.py")):
        at = AppTest.from_file(str(APP), default_timeout=120).switch_page(str(page.relative_to(ROOT))).run()
        assert not at.exception, page.name
        assert not any("problems listed above" in w.value for w in at.warning), page.name


def test_a_file_and_pasted_text_together_ask_which_to_draft():
    """A fresh user's defect: an essay file uploaded earlier was drafted instead of the text pasted since."""
    at = AppTest.from_file(str(PAGE), default_timeout=60).run()
    at.text_area(key="author_text").input(ESSAY)
    from ui.views import author

    class Upload:
        name = "old.html"

        def getvalue(self):
            return b"<html><body><p>The Taliban hold Herat.</p></body></html>"

    real = author.st.file_uploader
    author.st.file_uploader = lambda *a, **k: Upload()  # AppTest cannot upload a file: the uploader holds one
    try:
        at.button(key="author_draft_button").click().run()
    finally:
        author.st.file_uploader = real
    assert not at.exception, at.exception
    from ui.text import md_escape

    assert any(md_escape("Both a file (old.html) and pasted text") in e.value for e in at.error)
    assert AUTHOR_DRAFT not in at.session_state, "nothing drafted until the user says which"


def test_sources_lists_the_claims_drawn_at_a_provinces_centre(tmp_path):
    """A fresh user's finding: Sources & method said no province was drawn at its centre while one was."""
    from geo.bundle import load_bundle
    from geo.drafting import bundle_files, draft_essay, essay_from_text, review_tables, write_bundle
    from ui.views.sources import limits_markdown

    essay = essay_from_text("The Taliban hold Badakhshan and Kunduz.")
    write_bundle(bundle_files(essay, review_tables(draft_essay(essay))), tmp_path / "b")
    assert "Claims drawn this way: Taliban — Badakhshan, Kunduz" in limits_markdown(load_bundle(tmp_path / "b"))
    assert "Claims drawn this way: none in this bundle" in limits_markdown(load_bundle())
