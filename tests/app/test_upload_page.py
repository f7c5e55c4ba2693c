"""The Your data page under Streamlit's AppTest, plus its plain upload handlers.

Protects: the page renders with its size limit (from ``SPILLOVER_MAX_UPLOAD_MB``); a
malformed file gives its one-sentence error and leaves other uploaded layers in place;
hostile names reach the page escaped or as plain text; "Add to map" stores a layer the main
map lists under "Your data"; Remove drops it; ACLED events get filters and turn into
hexagons above 2,000 events; a zipped essay bundle shows every validator problem and can
be switched to and back; zip-slip and bundle-less zips are refused with their sentence.
"""

from __future__ import annotations

import gc
import io
import json
import re
import tempfile
import zipfile
from pathlib import Path

import folium
import pytest
import shapely
import streamlit as st
from streamlit.testing.v1 import AppTest

from geo.bundle import BUNDLE_ENV
from geo.uploads import MAX_UPLOAD_ENV, layer_from_upload, synthetic_acled_csv
from ui.session import BUNDLE_PATH as SESSION_KEY
from ui.session import UPLOADED_LAYERS as UPLOADED
from ui.text import md_escape
from ui.views.your_data import BUNDLE_UPLOADER, LAYER_UPLOADER, handle_bundle, handle_upload

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGE = ROOT / "pages" / "5_Your_data.py"
MINI = ROOT / "tests" / "fixtures" / "bundles" / "mini"
IMG = '<img src=x onerror="window.__xss=1">'
SCRIPT = "<script>window.__xss=1</script>"
HOSTILE_FILE = "<img src=x onerror=alert(1)>.geojson"
RAW_TAG = re.compile(r"(?<!\\)<(img|script)")  # a tag markdown would not show as text
MALFORMED = b'{"type": "FeatureCollection", "features": [{"type": "Feature",'


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    """Default bundle and limit, an empty bundle cache, and bundle folders made under ``tmp_path``."""
    monkeypatch.delenv(BUNDLE_ENV, raising=False)
    monkeypatch.delenv(MAX_UPLOAD_ENV, raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def _geojson(*names: str) -> bytes:
    features = [
        {"type": "Feature", "properties": {"name": name, "kind": "test"},
         "geometry": {"type": "Point", "coordinates": [65.0 + i, 34.0]}}
        for i, name in enumerate(names)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _page() -> AppTest:
    return AppTest.from_file(str(PAGE), default_timeout=60).run()


def _upload(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    return at.file_uploader(key=key).upload(name, data).run()


def _click_add(at: AppTest) -> AppTest:
    return next(b for b in at.button if b.key.startswith("add_")).click().run()


def _markdown(at: AppTest) -> list[str]:
    kinds = ("markdown", "caption", "success", "warning", "error", "info", "title", "subheader")
    return [e.value for kind in kinds for e in getattr(at, kind)]


def test_page_renders_both_uploaders_and_states_the_default_size_limit():
    at = _page()
    assert not at.exception
    assert at.title[0].value == "Your data"
    assert {u.key for u in at.file_uploader} == {LAYER_UPLOADER, BUNDLE_UPLOADER}
    assert "the limit is 200 MB per file" in at.caption[0].value
    assert "No uploaded layers yet." in [c.value for c in at.caption]


def test_size_limit_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(MAX_UPLOAD_ENV, "50")
    at = _page()
    assert "the limit is 50 MB per file" in at.caption[0].value
    assert at.file_uploader(key=LAYER_UPLOADER).help.startswith("Up to 50 MB")


def test_a_bad_size_setting_is_explained_and_the_default_used(monkeypatch):
    monkeypatch.setenv(MAX_UPLOAD_ENV, "lots")
    at = _page()
    assert not at.exception
    assert "the limit is 200 MB per file" in at.caption[0].value
    assert at.info[0].value.startswith(md_escape("SPILLOVER_MAX_UPLOAD_MB is 'lots', not a positive whole"))


def test_handle_upload_turns_a_parsers_unforeseen_failure_into_one_sentence(monkeypatch, caplog):
    """A library's own error on a file no check foresaw is one sentence on the page, the traceback in the log."""
    from ui.views import your_data

    def fail(*args, **kwargs):
        raise ValueError("new-line character seen in unquoted field\nsecond line <b>")

    monkeypatch.setattr(your_data, "read_upload", fail)
    upload = handle_upload("odd.csv", b"name,lat,lon\nA,34.5,69.2\n")
    assert upload.result is None
    assert upload.error == ("odd.csv: the file could not be read (new-line character seen in unquoted field); check "
                            "that it opens in the program that made it, then save it again as CSV UTF-8, GeoJSON or "
                            "KML and upload that.")
    assert "Traceback" in caplog.text or "ValueError" in caplog.text


def test_handle_upload_turns_a_malformed_file_into_its_sentence():
    upload = handle_upload("broken.geojson", MALFORMED)
    assert upload.result is None
    assert upload.error.startswith("broken.geojson: The GeoJSON is not valid JSON:")
    assert "line 1" in upload.error


def test_handle_upload_gives_the_same_file_the_same_layer_id():
    first, again = handle_upload("a.geojson", _geojson("x")), handle_upload("a.geojson", _geojson("x"))
    assert first.layer_id == again.layer_id


def test_a_malformed_upload_shows_its_error_and_keeps_other_layers():
    at = _page()
    layer = layer_from_upload(handle_upload("good.geojson", _geojson("Kept")).result, "#0072b2", [], "kept")
    at.session_state[UPLOADED] = {"kept": layer}
    _upload(at.run(), LAYER_UPLOADER, "broken.geojson", MALFORMED)
    assert not at.exception
    assert len(at.error) == 1
    assert at.error[0].value.startswith(md_escape("broken.geojson: The GeoJSON is not valid JSON: "))
    assert not any("Traceback" in text for text in _markdown(at))
    assert [t.value for t in at.text] == ["good · 1 point feature"]  # the other layer is still listed
    assert list(at.session_state[UPLOADED]) == ["kept"]


def test_hostile_names_are_escaped_in_markdown_and_stored_on_add():
    at = _upload(_page(), LAYER_UPLOADER, HOSTILE_FILE, _geojson(IMG, SCRIPT))
    assert not at.exception
    assert not any(RAW_TAG.search(text) for text in _markdown(at))
    assert "**\\<img src=x onerror=alert\\(1\\)\\>**: 2 features" in [m.value for m in at.markdown]
    _click_add(at)
    stored = list(at.session_state[UPLOADED].values())
    assert len(stored) == 1
    layer = stored[0]
    assert layer.spec.title == "<img src=x onerror=alert(1)>"
    assert layer.spec.group == "Your data" and layer.spec.status is None
    assert layer.spec.source.startswith("Uploaded by you: <img src=x onerror=alert(1)>, ")
    assert layer.frame["title"].tolist() == [IMG, SCRIPT]
    # st.text shows text literally: the name is readable, and inert
    assert [t.value for t in at.text] == ["<img src=x onerror=alert(1)> · 2 point features"]
    assert not any(RAW_TAG.search(text) for text in _markdown(at))


def test_changing_the_colour_of_an_added_layer_updates_it():
    at = _click_add(_upload(_page(), LAYER_UPLOADER, "pts.geojson", _geojson("A")))
    (layer_id,) = at.session_state[UPLOADED]
    at.color_picker(key=f"colour_{layer_id}").set_value("#cc79a7").run()
    assert at.session_state[UPLOADED][layer_id].spec.style["color"] == "#cc79a7"


def test_remove_drops_the_uploaded_layer():
    at = _click_add(_upload(_page(), LAYER_UPLOADER, "pts.geojson", _geojson("A")))
    (layer_id,) = at.session_state[UPLOADED]
    at.button(key=f"remove_{layer_id}").click().run()
    assert at.session_state[UPLOADED] == {}
    assert "No uploaded layers yet." in [c.value for c in at.caption]


def test_a_stored_upload_shows_in_the_main_map_sidebar_under_your_data():
    result = handle_upload(HOSTILE_FILE, _geojson(IMG)).result
    layer = layer_from_upload(result, "#0072b2", ["name"], "upload-t")
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.session_state[UPLOADED] = {"upload-t": layer}
    at.run()
    assert not at.exception
    toggle = at.sidebar.checkbox(key="layer_upload-t")
    # The label is markdown-escaped (so data can't format itself) and reads as the literal name.
    assert toggle.value is True and toggle.label.replace("\\", "") == "<img src=x onerror=alert(1)>"
    assert "\\<img" in toggle.label
    assert "**Your data**" in [m.value for m in at.sidebar.markdown]
    assert "upload-t" in at.query_params["layers"].split(",")


def test_events_get_filters_and_become_hexagons_above_two_thousand():
    at = _upload(_page(), LAYER_UPLOADER, "acled.csv", synthetic_acled_csv(2_400, seed=1))
    assert not at.exception
    assert any(c.value.startswith("2,400 of 2,400 events match; over 2,000, so the map shows hexagon counts")
               for c in at.caption)
    _click_add(at)
    (layer_id,) = at.session_state[UPLOADED]
    assert at.session_state[UPLOADED][layer_id].spec.geometry == "polygon"
    at.multiselect(key=f"actors_{layer_id}").select("Synthetic actor 7").run()
    assert any(" of 2,400 events match; one marker each." in c.value for c in at.caption)
    layer = at.session_state[UPLOADED][layer_id]
    assert layer.spec.geometry == "point" and 0 < len(layer.frame) <= 2_000
    assert set(layer.frame[["actor1", "actor2"]].stack()) >= {"Synthetic actor 7"}


def _mini_zip(extra_claim: str = "", top: str = "mini/") -> bytes:
    entries = {top + p.name: p.read_bytes() for p in MINI.iterdir() if p.is_file()}
    entries[top + "claims.toml"] += extra_claim.encode()
    return _zip(entries)


def test_a_bundle_upload_lists_each_problem_and_can_be_switched_to_and_back():
    broken = '\n[[claim]]\nid = "broken-claim"\n'
    at = _upload(_page(), BUNDLE_UPLOADER, "mini.zip", _mini_zip(broken))
    assert not at.exception
    assert any(m.value.startswith("**A test essay** by Test Author") for m in at.markdown)
    problems = at.code[0].value.splitlines()
    assert problems and all(line.startswith("claims.toml: ") for line in problems)
    assert any("broken-claim" in line for line in problems)
    assert "spillover-bundle-" not in at.code[0].value  # the temp folder is not shown
    at.button(key="bundle_switch").click().run()
    folder = Path(at.session_state[SESSION_KEY])
    assert folder.name == at.query_params["bundle"] and (folder / "bundle.toml").is_file()  # kept by hash
    assert any(m.value.startswith("In use: **A test essay**") for m in at.markdown)
    at.button(key="bundle_default").click().run()
    assert SESSION_KEY not in at.session_state
    assert not any(m.value.startswith("In use: **A test essay**") for m in at.markdown)


def test_handle_bundle_refuses_a_zip_without_bundle_toml_and_removes_its_folder(tmp_path):
    upload = handle_bundle("notes.zip", _zip({"notes/readme.txt": b"hello"}))
    assert upload.bundle is None
    assert upload.error.startswith("notes.zip: the zip has no bundle.toml, so it is not an essay bundle.")
    assert list(tmp_path.iterdir()) == []


def test_handle_bundle_refuses_zip_slip_with_its_sentence(tmp_path):
    upload = handle_bundle("evil.zip", _zip({"../../app.py": b"print('owned')"}))
    assert "refused as a zip-slip attack" in upload.error
    assert list(tmp_path.iterdir()) == []


def test_handle_bundle_refuses_a_file_that_is_not_a_zip():
    error = handle_bundle("essay.toml", b"x").error
    assert error.startswith("essay.toml: an essay bundle must be uploaded as a .zip")


def test_a_refused_bundle_shows_one_error_on_the_page():
    at = _upload(_page(), BUNDLE_UPLOADER, "notes.zip", _zip({"readme.txt": b"hello"}))
    assert not at.exception
    assert [e.value for e in at.error] == [md_escape(
        "notes.zip: the zip has no bundle.toml, so it is not an essay bundle. Zip the folder holding "
        "bundle.toml, paragraphs.json, citations.toml, actors.toml and claims.toml (format: "
        "data/essays/README.md)."
    )]


# --------------------------------------------------------------------------- issue 13: field files, grammar, temp folders

FIELD = ROOT / "tests" / "fixtures" / "uploads" / "field"


def _bundle_folders(tmp_path: Path) -> list[Path]:
    return sorted(tmp_path.glob("spillover-bundle-*"))


def test_bundle_folders_live_with_their_session_and_are_removed_when_it_ends(tmp_path):
    sessions = [_upload(_page(), BUNDLE_UPLOADER, "mini.zip", _mini_zip()) for _ in range(3)]
    assert not any(at.exception for at in sessions)
    sessions[0].button(key="bundle_switch").click().run()
    in_use = Path(sessions[0].session_state[SESSION_KEY])
    assert len(_bundle_folders(tmp_path)) == 3 and (in_use / "bundle.toml").is_file()
    sessions.pop().run()  # one session ends; the others go on
    gc.collect()
    assert len(_bundle_folders(tmp_path)) == 2 and (in_use / "bundle.toml").is_file()
    sessions.clear()
    gc.collect()
    assert _bundle_folders(tmp_path) == []


def test_a_single_event_is_counted_as_one_event_not_one_events():
    header = "event_date,event_type,actor1,country,admin1,location,latitude,longitude,fatalities"
    data = f"{header}\n2024-01-31,Battles,G,Afghanistan,P,L,34.53,69.18,1\n".encode()
    at = _upload(_page(), LAYER_UPLOADER, "acled.csv", data)
    assert not at.exception
    assert "**acled**: 1 event" in [m.value for m in at.markdown]
    assert any(c.value.startswith("1 of 1 event match") for c in at.caption)


def test_the_preview_shows_event_dates_as_days_without_a_midnight_time():
    header = "event_date,event_type,actor1,country,admin1,location,latitude,longitude,fatalities"
    data = f"{header}\n2024-01-31,Battles,G,Afghanistan,P,L,34.53,69.18,1\n31 January 2024,Riots,G,A,P,L,34.5,69.1,0\n"
    at = _upload(_page(), LAYER_UPLOADER, "acled.csv", data.encode())
    assert not at.exception
    (preview,) = at.dataframe
    assert preview.value["event_date"].tolist() == ["2024-01-31", "2024-01-31"]


KML_HTML = ('<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
            "<Placemark><name>Post</name><description><![CDATA[<!DOCTYPE html><html><body><b>Checkpoint</b><br>"
            "Opened &amp; staffed<table><tr><td>Guards</td><td>12</td></tr></table>"
            f"{SCRIPT}</body></html>]]></description><Point><coordinates>69.18,34.53</coordinates></Point>"
            "</Placemark></Document></kml>")


@pytest.mark.parametrize(("name", "data"), [("survey.kml", KML_HTML.encode()),
                                            ("survey.kmz", _zip({"doc.kml": KML_HTML.encode()}))])
def test_a_kml_html_description_previews_and_tooltips_as_text_and_is_stored_as_written(name, data):
    at = _upload(_page(), LAYER_UPLOADER, name, data)
    assert not at.exception and not at.error
    (preview,) = at.dataframe
    assert preview.value["description"].tolist() == ["Checkpoint Opened & staffed Guards 12"]
    assert any("description" in c.value and "as its text" in c.value for c in at.caption)
    tips = next(m for m in at.multiselect if m.key.startswith("tips_"))
    tips.set_value(["Name", "description"]).run()
    _click_add(at)
    (layer,) = at.session_state[UPLOADED].values()
    assert layer.frame["details"].tolist() == ["description: Checkpoint Opened & staffed Guards 12"]
    assert layer.frame["description"].iloc[0].startswith("<!DOCTYPE html><html><body><b>Checkpoint</b><br>")
    assert SCRIPT in layer.frame["description"].iloc[0]


@pytest.mark.parametrize("name", sorted(p.name for p in FIELD.iterdir() if p.suffix != ".md"))
def test_every_field_file_is_accepted_on_the_page_without_a_traceback(name):
    at = _upload(_page(), LAYER_UPLOADER, name, (FIELD / name).read_bytes())
    assert not at.exception and not at.error
    _click_add(at)
    assert len(at.session_state[UPLOADED]) == 1


def test_the_main_map_sends_collections_and_multipoints_as_single_parts():
    from geo.layers import drawable_parts
    from ui.leaflet.elements import layer_group

    nested = shapely.from_wkt("GEOMETRYCOLLECTION (MULTIPOINT (69 34, 70 35), GEOMETRYCOLLECTION (LINESTRING (69 34, "
                              "70 35), GEOMETRYCOLLECTION EMPTY), POLYGON EMPTY, MULTIPOLYGON (((66 31, 67 31, 67 32, "
                              "66 31))))")
    assert [g.geom_type for g in drawable_parts(nested)] == ["Point", "Point", "LineString", "MultiPolygon"]
    assert drawable_parts(shapely.from_wkt("GEOMETRYCOLLECTION EMPTY")) == []
    result = handle_upload("g.geojson", (FIELD / "geometry_collection.geojson").read_bytes()).result
    m = folium.Map(tiles=None)
    layer_group(layer_from_upload(result, "#0072b2", ["name"], "upload-gc")).add_to(m)
    page = m.get_root().render()
    assert "GeometryCollection" not in page and "MultiPoint" not in page
    assert page.count('"Point"') == 2 and page.count('"LineString"') == 1 and page.count('"Polygon"') == 1
