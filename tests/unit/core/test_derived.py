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
