"""Ambiguity resolved toward the region of focus: Afghan names that also name places elsewhere.

The sentences are invented for these tests. Every expected point is a GeoNames entry of the
drafter's snapshot (data/drafting/geonames_places.csv) or of the shared gazetteer.
"""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest

from geo.core import geodesic_distance_km
from geo.drafting import (
    PHYSICAL_FEATURES_NOTE,
    draft_essay,
    essay_from_text,
    load_gazetteer,
    manual_place,
    place_flags,
    review_tables,
)
from geo.drafting.build_places import SNAPSHOT_CSV


def _draft(text: str, gazetteer=None):
    return draft_essay(essay_from_text(text), gazetteer=gazetteer)


def _found(text: str, gazetteer=None) -> dict:
    return {m.text: m for m in _draft(text, gazetteer).place_mentions}


def test_snapshot_keeps_geonames_administrative_seats_without_a_population():
    with SNAPSHOT_CSV.open(encoding="utf-8", newline="") as fh:
        rows = {row["geonameid"]: row for row in csv.DictReader(fh)}
    banu = rows["1147118"]  # Banū, the centre of Andarab district, Baghlan
    assert banu["country"] == "AF" and banu["population"] == "0"
    assert "Andarab" in banu["alternatenames"].split(";")
    assert rows["1123906"]["name"] == "Spīn Bōldak"


def test_andarab_is_the_district_centre_in_baghlan_not_the_village_in_iran():
    andarab = _found("The resistance fought the Taliban in Andarab, in Baghlan province.")["Andarab"]
    assert andarab.candidate.country == "Afghanistan"
    assert "GeoNames 1147118" in andarab.candidate.source
    assert geodesic_distance_km(andarab.candidate.lon, andarab.candidate.lat, 69.27, 35.63) <= 25
    assert not andarab.outside_focus
    assert [(a.name, a.country) for a in andarab.alternatives] == [("Andarāb", "Iran")], \
        "the Iranian Andarāb is offered, not chosen"


@pytest.mark.parametrize(("written", "meant"), [("Qandhar", "Kandahar"), ("Sarpol", "Sar-e Pul")])
def test_village_elsewhere_gives_way_to_a_spelling_variant_inside_the_focus(written, meant):
    mention = _found(f"Convoys left Kabul for {written} at dawn.")[written]
    assert mention.candidate.name == meant and mention.candidate.country == "Afghanistan"
    assert mention.match == "fuzzy"
    assert any(alt.country == "Iran" for alt in mention.alternatives), "the exact match elsewhere stays an alternative"


@pytest.mark.parametrize("name", ["Khost", "Kunduz", "Charikar", "Taloqan"])
def test_afghan_towns_with_namesakes_resolve_in_afghanistan(name):
    mention = _found(f"Fighting was reported in {name} and in Kabul.")[name]
    assert mention.candidate.country == "Afghanistan" and not mention.outside_focus


def test_name_matched_only_outside_the_focus_is_flagged_with_alternatives_not_accepted():
    draft = _draft("The Taliban took over the air base in Bagram, north of Kabul.")
    bagram = {m.text: m for m in draft.place_mentions}["Bagram"]
    # GeoNames' snapshot has no Bagram in Afghanistan; its only "Bagram" is Bahrām, a village in Iran.
    assert bagram.outside_focus and bagram.candidate.country == "Iran"
    assert any(alt.country in draft.region_of_focus for alt in bagram.alternatives), "near spellings in focus"
    tables = review_tables(draft)
    row = next(r for r in tables["places"] if r["names_used"] == "Bagram")
    assert "outside the region of focus (Afghanistan, Pakistan)" in row["check"]
    assert "Bagram" in [u["name"] for u in tables["unmatched"]], "it can be placed by hand"
    assert any("outside the region of focus" in flag for flag in place_flags(tables["places"]))
    assert "1 matched only outside the region of focus: Bagram" in draft.summary()


def test_without_an_afghan_andarab_the_iranian_one_is_flagged_not_silently_accepted():
    gazetteer = load_gazetteer()
    without = {k: tuple(c for c in v if c.country != "Afghanistan") if k == "andarab" else v
               for k, v in gazetteer.by_key.items()}
    draft = _draft("The resistance fought the Taliban in Andarab, in Baghlan province.", replace(gazetteer, by_key=without))
    andarab = {m.text: m for m in draft.place_mentions}["Andarab"]
    assert andarab.outside_focus and andarab.candidate.country == "Iran"
    assert "Andarab" in [u["name"] for u in review_tables(draft)["unmatched"]]
    # Nor does the Iranian village pull Iran into the region of focus.
    assert draft.region_of_focus == ("Afghanistan", "Pakistan")


def test_a_flagged_name_placed_by_the_reviewer_is_no_longer_flagged():
    text = "The Taliban took over the air base in Bagram, north of Kabul."
    draft = draft_essay(essay_from_text(text), extra=[manual_place("Bagram", 34.946, 69.265)])
    bagram = {m.text: m for m in draft.place_mentions}["Bagram"]
    assert bagram.candidate.kind == "manual" and not bagram.outside_focus
    assert "0 matched only outside the region of focus" in draft.summary()


def test_a_city_of_millions_elsewhere_beats_a_district_seat_of_the_same_name():
    mashhad = _found("Refugees travelled from Herat to Mashhad.")["Mashhad"]
    assert mashhad.candidate.country == "Iran" and not mashhad.outside_focus
    assert any(alt.country == "Afghanistan" for alt in mashhad.alternatives)


def test_a_national_capital_beats_a_village_of_the_same_alternate_name_in_a_focus_country():
    # GeoNames lists "Doha" as an alternate name of Dehaq-e Fereydan (Iran, population 630).
    doha = _found("The Taliban negotiated with the United States in Doha in 2020.")["Doha"]
    assert (doha.candidate.name, doha.candidate.country, doha.candidate.capital) == ("Doha", "Qatar", True)
    assert not doha.outside_focus
    assert any(alt.country == "Iran" for alt in doha.alternatives), "the village stays offered to the reviewer"
    assert "Doha" not in {u.text for u in _draft("Talks were held in Doha.").unmatched}


def test_a_name_capitalised_in_another_script_is_found_and_its_claim_id_is_plain_ascii():
    draft = _draft("The Taliban hold Şindand, near Herat.")
    shindand = {m.text: m for m in draft.place_mentions}["Şindand"]
    assert (shindand.candidate.name, shindand.candidate.country) == ("Shīnḏanḏ", "Afghanistan")
    claims = review_tables(draft)["claims"]
    assert [c["id"] for c in claims] == ["taliban-shindand-p1-s1"], "not taliban-sh-n-an-… (accents dropped)"


@pytest.mark.parametrize(("text", "country", "kind"), [
    # Zabul province is also spelled Zabol; Zābol is the Iranian town's own name
    ("Iranian border guards clashed with Taliban fighters near Zabol.", "Iran", "town"),
    ("Taliban fighters gathered near Zabol, east of Kandahar.", "Afghanistan", "province"),
    # a place matched by its own name keeps its rank whatever country the sentence names
    ("Iranian fuel trucks reached Herat.", "Afghanistan", "place"),
])
def test_an_alias_yields_to_a_places_own_name_in_the_country_its_sentence_names(text, country, kind):
    mention = _draft(text).place_mentions[0]
    assert (mention.candidate.country, mention.candidate.kind) == (country, kind)
    assert mention.alternatives, "the other reading stays offered"


@pytest.mark.parametrize(("text", "country", "name"), [
    # GeoNames lists Khulm (Balkh) as Tashkurgan too: both readings are alternate names.
    ("China has also upgraded the road to Tashkurgan, the last town in Xinjiang.", "China", "Tashqorghan"),
    ("Uzbek traders drove from Mazar-i-Sharif to Tashkurgan.", "Afghanistan", "Khulm"),
])
def test_a_name_two_places_share_as_an_alias_is_read_in_the_country_its_sentence_names(text, country, name):
    mention = next(m for m in _draft(text).place_mentions if m.text == "Tashkurgan")
    assert (mention.candidate.country, mention.candidate.name) == (country, name)
    assert {a.name for a in mention.alternatives} & {"Khulm", "Tashqorghan"}, "the other reading stays offered"
    assert not mention.outside_focus, "the sentence names the country: not flagged as a stray match elsewhere"


def test_the_snapshot_keeps_xinjiangs_towns_and_the_names_an_essay_uses_for_them():
    """The Wakhan's Chinese end: Tashqorghan (8,919 people) was below the 15,000 kept elsewhere,
    and its "Tashkurgan" was cut by the cap behind ten Wade-Giles spellings."""
    from geo.drafting.build_places import MAX_ALTERNATE_NAMES, alternate_names

    rows = {r["geonameid"]: r for r in csv.DictReader(SNAPSHOT_CSV.open(encoding="utf-8"))}
    names = rows["1279901"]["alternatenames"].split(";")
    assert {"Tashkurgan", "Sariqol"} <= set(names) and len(names) <= MAX_ALTERNATE_NAMES
    record = {"name": "Tashqorghan", "alternatenames": [
        "HQL", "P'u-li", "P’u-li", "Staette der Steinernen Stadt", "T'a-shih-k'u-erh-kan", "Tashkurgan",
        "Tashkurgán", "Taxkorgan", "Ташкурган", "Tashqorghan"]}
    assert alternate_names(record) == ["P'u-li", "Tashkurgan", "Taxkorgan"], \
        "no code, description, syllable chain, second spelling of one folded form, other script or own name"


@pytest.mark.parametrize(("text", "places"), [
    ("Tehran has accused the Taliban of sheltering al-Qaeda leaders.", []),
    ("Islamabad says the TTP operates from Kunar.", ["Kunar"]),
    ("Moscow has repeatedly warned that ISIS-K fighters gather in Badakhshan.", ["Badakhshan"]),
    ("Iran has accused the Taliban of hosting al-Qaeda.", []),
    ("Fighters left Herat. Kabul denied the report.", ["Herat"]),
    # the speakers' place and a place that does something other than speak stay places
    ("Officials in Kabul said the Taliban hold Herat.", ["Kabul", "Herat"]),
    ("Herat has long been a trading city.", ["Herat"]),
    ("Tehran and Islamabad have accused the Taliban of sheltering fighters in Kunar.", ["Kunar"]),
    ("Officials in Kabul and Herat said the Taliban left.", ["Kabul", "Herat"]),
    ("Fighters moved between Kabul and Herat and said nothing.", ["Kabul", "Herat"]),
])
def test_a_place_name_that_is_the_subject_of_a_verb_of_saying_is_the_state_not_a_place(text, places):
    draft = _draft(text)
    assert [m.text for m in draft.place_mentions] == places
    assert not {c["places"] for c in review_tables(draft)["claims"]} & {"tehran", "islamabad", "moscow", "iran"}


@pytest.mark.parametrize(("text", "labels"), [
    ("ISIS-K attacked Taliban forces in Kunduz.",
     {"Islamic State (ISIS / ISKP) — Kunduz", "Taliban — Kunduz (target: “attacked”)"}),
    ("The Haqqani Network targeted Pakistani soldiers near Khost.",
     {"Haqqani Network — Khost", "Military Forces of Pakistan — Khost (target: “targeted”)"}),
    ("Taliban officials were reportedly killed by ISIS-K in Balkh.",
     {"Taliban — Balkh (essay: “reportedly”; target: “killed”)",
      "Islamic State (ISIS / ISKP) — Balkh (essay: “reportedly”)"}),
    # another clause, or actors side by side, are nobody's target
    ("ISIS-K attacked Kunduz, and the Taliban responded in Kabul.",
     {"Islamic State (ISIS / ISKP) — Kunduz", "Taliban — Kabul"}),
    ("The Taliban and al-Qaeda met in Kandahar.", {"Taliban — Kandahar", "al-Qaeda — Kandahar"}),
])
def test_the_target_of_an_attack_is_drafted_with_its_role_in_the_label(text, labels):
    """A fresh user's finding: a victim was drafted as if it were the actor of the sentence.

    The target was there, so its claim stays included; its label quotes the verb that makes it the target.
    """
    claims = review_tables(_draft(text))["claims"]
    assert {c["label"] for c in claims} == labels
    assert all(c["include"] for c in claims)


def test_the_summary_says_physical_features_are_not_matched_and_what_to_do():
    summary = _draft("Floods hit Kunduz.").summary()
    assert summary.endswith(PHYSICAL_FEATURES_NOTE)
    assert "no registry package" in PHYSICAL_FEATURES_NOTE and "places.toml" in PHYSICAL_FEATURES_NOTE


def test_a_paragraph_in_another_script_is_named_in_the_summary_as_not_read():
    """A fresh user's finding: a Persian paragraph was passed over without a word."""
    from geo.drafting.draft import other_script_note, paragraph_script

    draft = _draft("The Taliban hold Kabul.\n\nطالبان در کابل و هرات حضور دارند.\n\nТалибы контролируют Кабул.")
    assert "2 paragraphs in another script than Latin, ¶2 (Arabic script), ¶3 (Cyrillic script), were not read" \
        in draft.summary()
    assert "Paste a translation" in draft.summary()
    assert paragraph_script("Şindand, Mazār-e Sharīf and Kŭlob") == "LATIN", "accented Latin is Latin"
    assert paragraph_script("Kabul (کابل) and Herat (هرات) are cities.") == "LATIN", "a few names in brackets"
    assert paragraph_script("1234 — …") == "LATIN"
    assert other_script_note(_draft("The Taliban hold Kabul.").essay.paragraphs) == ""


@pytest.mark.parametrize(("text", "name", "country"), [
    ("Jamaat Ansarullah operates close to the Tajik districts of Darvoz and Ishkashim.", "Ishqoshim", "Tajikistan"),
    ("Fighters crossed the river near Ishkashim in Tajikistan.", "Ishqoshim", "Tajikistan"),
    ("The Taliban hold Ishkashim and Faizabad.", "Ishkashim", "Afghanistan"),
])
def test_a_country_the_names_own_phrase_gives_it_wins_over_its_own_name_elsewhere(text, name, country):
    """A fresh user's finding: "the Tajik districts of … Ishkashim" was the Afghan town across the Panj."""
    mention = next(m for m in _draft(text).place_mentions if m.text == "Ishkashim")
    assert (mention.candidate.name, mention.candidate.country) == (name, country)


@pytest.mark.parametrize(("text", "labels"), [
    # a place in the possessive owns something; it is not where the actor is
    ("Pakistan's Tehrik-i-Taliban Pakistan, which has attacked police in Quetta and Peshawar, is not part of it.",
     {"Tehrik-i-Taliban Pakistan (TTP) — Quetta, Peshawar"}),
    ("Since the Taliban took Kabul in August 2021, Dushanbe has been the most hostile of Afghanistan's neighbours.",
     {"Taliban — Kabul"}),
    ("The Taliban took Kunduz, Herat and Kabul in 2021.", {"Taliban — Kunduz, Herat, Kabul"}),
    ("Iranian commentators say that Jaish al-Adl fighters cross from Panjgur into Saravan.",
     {"Jaish al-Adl — Panjgur, Sarāvān"}),
])
def test_claims_take_the_places_of_the_actors_own_clause_not_an_owner_or_the_next_clause(text, labels):
    assert {c["label"].split(" (essay")[0] for c in review_tables(_draft(text))["claims"]} == labels


def test_an_alias_reading_yields_to_the_place_of_that_name_near_the_essays_other_places():
    """A fresh user's finding: "Farmers around Zabol" in an essay on Zaranj and Sistan went to Zabul province."""
    text = ("Iranian officials accused Kabul of withholding water at the dam near Zaranj.\n\n"
            "Farmers around Zabol and the Hamun wetlands have left their villages.")
    zabol = next(m for m in _draft(text).place_mentions if m.text == "Zabol")
    assert (zabol.candidate.name, zabol.candidate.country) == ("Zābol", "Iran")
    assert any(a.name == "Zabul" for a in zabol.alternatives), "the province stays offered"
    mashhad = text.replace("have left their villages.", "say their sons left for Mashhad and Tehran.")
    zabol = next(m for m in _draft(mashhad).place_mentions if m.text == "Zabol")
    assert zabol.candidate.country == "Iran", "a city far from both readings decides nothing"
    near_kandahar = _draft("Taliban fighters gathered near Zabol, east of Kandahar.").place_mentions[0]
    assert (near_kandahar.candidate.kind, near_kandahar.candidate.country) == ("province", "Afghanistan")


def test_a_name_after_a_kind_of_place_and_of_is_listed_to_place_when_not_found():
    """A fresh user's finding: "the Tajik districts of Darvoz and Ishkashim" dropped Darvoz without a word."""
    draft = _draft("Jamaat Ansarullah operates close to the Tajik districts of Darvoz and Ishkashim.")
    assert "Darvoz" in {u.text for u in draft.unmatched}
    assert "Defence" not in {u.text for u in _draft("The Ministry of Defence met the Taliban in Kabul.").unmatched}


def test_each_clause_gives_its_own_actor_its_status_and_a_passive_allegation_names_no_accuser():
    """A fresh user's finding: "The Taliban set up a post at Hairatan, while the TTP is accused of sheltering near
    Torkham" made the Taliban's claim alleged, by "the TTP"."""
    text = "The Taliban have set up a customs post at Hairatan, while the TTP is accused of sheltering near Torkham."
    claims = {c["actor"]: c for c in review_tables(_draft(text))["claims"]}
    assert (claims["taliban"]["status"], claims["taliban"]["alleged_by"]) == ("essay_argument", "")
    assert (claims["ttp"]["status"], claims["ttp"]["alleged_by"]) == ("uncited_context", "")
    framed = {c["actor"]: c["status"] for c in review_tables(_draft(
        "According to the UN, the Taliban hold Kabul while al-Qaeda trains in Kunar."))["claims"]}
    assert framed == {"taliban": "uncited_context", "al-qaeda": "uncited_context"}, "a framing opening reaches both"
    by = review_tables(_draft("The TTP is accused by Kabul of sheltering near Torkham."))["claims"][0]
    assert (by["status"], by["alleged_by"]) == ("alleged", "Kabul")


def test_the_first_of_two_peoples_sharing_a_forces_noun_is_an_actor_too():
    actors = {c["actor"] for c in review_tables(_draft(
        "Pakistani and Afghan border forces exchanged fire near Torkham."))["claims"]}
    assert actors == {"military-forces-of-pakistan", "military-forces-of-afghanistan"}


def test_a_dateline_under_the_title_dates_the_essay():
    """A fresh user's finding: "Tehran, 2 June 2023" under the title was not read, so no drafted claim was dated."""
    from geo.drafting import read_essay

    essay = read_essay("h.txt", b"Water and Guns\n\nTehran, 2 June 2023\n\nOn 27 May 2023 the Taliban held Zaranj.\n")
    assert (essay.title, essay.date) == ("Water and Guns", "2023-06-02")
    assert [p.text[:7] for p in essay.paragraphs] == ["On 27 M"], "the dateline is not a paragraph"
    assert review_tables(draft_essay(essay))["claims"][0]["date"] == "2023"


def test_a_claim_answered_by_a_denial_stays_the_claimants_allegation():
    """A fresh user's finding: "ISIS-K claimed a rocket attack on Termez, which the Uzbek government denied" was
    left out as a denied tie; it is ISIS-K's own claim, alleged, and the sentence quoted shows the denial."""
    claim = review_tables(_draft("ISIS-K claimed a rocket attack on Termez in April 2022, which the Uzbek "
                                 "government denied."))["claims"][0]
    assert (claim["include"], claim["status"]) == (True, "alleged")
    assert claim["alleged_by"] == "ISIS-K (its own claim of responsibility)"
    denied = review_tables(_draft("The Taliban denied that al-Qaeda trains in Kunar."))["claims"]
    assert not any(c["include"] for c in denied), "a plain denial still leaves the tie out"


def test_an_actor_after_where_is_tied_to_the_place_where_refers_to():
    """A fresh user's finding: "… share the Panj with Badakhshan, where the Taliban deployed fighters" put the
    Taliban in Tajik Ishkashim too."""
    claims = review_tables(_draft("The Tajik districts of Darvoz and Ishkashim share the Panj with Badakhshan, "
                                  "where the Taliban deployed fighters."))["claims"]
    assert [c["label"] for c in claims] == ["Taliban — Badakhshan"]
