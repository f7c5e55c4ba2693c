"""The derived-data store: built once, read after, rebuilt when damaged, never fatal."""

from __future__ import annotations

import json

from geo.core import inputs_digest, load_or_build


def _json_entry(store, key, value, builds):
    def build():
        builds.append(1)
        return value

    return load_or_build("t", key, build, lambda v, d: (d / "v.json").write_text(json.dumps(v)),
                         lambda d: json.loads((d / "v.json").read_text()), store)


def test_an_entry_is_built_once_then_read(tmp_path):
    builds: list[int] = []
    assert _json_entry(tmp_path, "k", {"a": 1}, builds) == {"a": 1}
    assert _json_entry(tmp_path, "k", {"a": 2}, builds) == {"a": 1}, "the stored entry is read back"
    assert builds == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["t-k"], "no temporary folder is left behind"


def test_a_damaged_entry_is_rebuilt(tmp_path):
    builds: list[int] = []
    _json_entry(tmp_path, "k", [1], builds)
    (tmp_path / "t-k" / "v.json").write_text("{trunc")
    assert _json_entry(tmp_path, "k", [2], builds) == [2]
    assert _json_entry(tmp_path, "k", [3], builds) == [2]
    assert len(builds) == 2


def test_a_store_that_cannot_be_written_still_returns_the_value(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    builds: list[int] = []
    assert _json_entry(blocker, "k", "v", builds) == "v"
    assert _json_entry(blocker, "k", "v", builds) == "v"
    assert len(builds) == 2


def test_a_value_the_writer_cannot_hold_is_returned_and_not_stored(tmp_path):
    def write(value, folder):
        raise TypeError("cannot hold this")

    assert load_or_build("t", "k", lambda: {1, 2}, write, lambda d: None, tmp_path) == {1, 2}
    assert list(tmp_path.iterdir()) == []


def test_entry_names_change_with_what_they_depend_on():
    assert inputs_digest("a") == inputs_digest("a")
    assert inputs_digest("a") != inputs_digest("b")
    assert len(inputs_digest("a")) == 16


def test_every_data_file_but_the_essay_bundles_names_the_entries(tmp_path, monkeypatch):
    """A rebuilt gazetteer (places.csv) or a restyled symbology.toml must name new entries: the base
    layers read them, and the store once missed both (the shared places layer kept a removed place)."""
    import shutil

    import geo.core.derived as derived

    data = tmp_path / "data"
    shutil.copytree(derived.DATA_DIR, data)
    monkeypatch.setattr(derived, "DATA_DIR", data)
    digests = []
    for path in (None, data / "gazetteer" / "places.csv", data / "symbology.toml", data / "essays" / "README.md"):
        if path is not None:
            path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        derived.code_and_data_digest.cache_clear()
        digests.append(derived.code_and_data_digest())
    derived.code_and_data_digest.cache_clear()
    assert len(set(digests[:3])) == 3, "the gazetteer and the symbology are inputs"
    assert digests[3] == digests[2], "a bundle's entries name its content in their own key"


def test_a_frame_keeps_its_columns_geometry_and_crs_and_the_crs_is_parsed_once(tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point, Polygon

    from geo.core import REGION_EQUAL_AREA, read_frame, write_frame
    from geo.core.derived import _parsed_crs

    frame = gpd.GeoDataFrame({"name": ["Kabul", "Faizabad"], "n": [1, 2]},
                             geometry=[Point(69.17, 34.53), Polygon([(70, 37), (71, 37), (71, 38)])], crs="EPSG:4326")
    projected = frame.to_crs(REGION_EQUAL_AREA)  # not only WGS 84 comes back
    bare = gpd.GeoDataFrame({"n": [1]}, geometry=[Point(0, 0)])
    for i, original in enumerate((frame, projected, bare)):
        write_frame(original, tmp_path / f"f{i}.parquet")
    _parsed_crs.cache_clear()
    for i, original in enumerate((frame, projected, bare)):
        back = read_frame(tmp_path / f"f{i}.parquet")
        assert back.crs == original.crs and list(back.columns) == list(original.columns)
        assert back.geometry.geom_equals(original.geometry).all()
    again = read_frame(tmp_path / "f0.parquet")
    assert again.crs == frame.crs and _parsed_crs.cache_info().hits >= 1, "the CRS text is parsed once per process"
    assert gpd.read_parquet(tmp_path / "f0.parquet").crs is None, "the file itself carries no CRS to parse"
