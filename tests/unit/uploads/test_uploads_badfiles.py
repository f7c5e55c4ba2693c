"""The bad-input suite: each generated file in ``badfiles.CASES`` gets its own sentence.

A case either raises ``UploadError`` whose text matches its pattern, or loads with a
matching message and a repaired layer. Never a bare exception type, never a traceback.
"""

from __future__ import annotations

import re

import pytest

from geo.uploads import UploadError, read_upload
from tests.unit.uploads.badfiles import CASES, BadFile


def test_suite_has_at_least_25_generated_files():
    assert len(CASES) >= 25
    assert len({case.id for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [c for c in CASES if c.error], ids=lambda c: c.id)
def test_bad_file_is_refused_with_its_own_sentence(case: BadFile):
    with pytest.raises(UploadError) as caught:
        read_upload(case.filename, case.make(), limits=case.limits)
    text = str(caught.value)
    assert re.search(case.error, text), text
    assert text.startswith(case.filename.rsplit("/", 1)[-1] + ": ")
    assert "Traceback" not in text and "/tmp/" not in text.replace("'/tmp/evil.shp'", "")


@pytest.mark.parametrize("case", [c for c in CASES if not c.error], ids=lambda c: c.id)
def test_sloppy_file_loads_repaired_and_explained(case: BadFile):
    result = read_upload(case.filename, case.make(), limits=case.limits)
    assert result.frame.crs.to_epsg() == 4326
    assert result.frame.geometry.notna().all() and not result.frame.geometry.is_empty.any()
    if case.message:
        assert any(re.search(case.message, m) for m in result.messages), result.messages
    else:
        assert all("Dropped" not in m and "dropped" not in m for m in result.messages), result.messages
    if case.check:
        case.check(result)
