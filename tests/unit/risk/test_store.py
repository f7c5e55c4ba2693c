"""The risk model's distance fields through the derived-data store."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from geo.bundle import load_bundle
from geo.risk import bundle_fingerprint, risk_fields, score, stored_risk_fields


@pytest.fixture(scope="module")
def bundle():
    return load_bundle()


def test_stored_fields_equal_built_ones_and_score_the_same(bundle, tmp_path):
    built = risk_fields(bundle)
    stored_risk_fields(bundle, tmp_path)  # builds and writes
    read = stored_risk_fields(bundle, tmp_path)  # reads
    for f in dataclasses.fields(built):
        a, b = getattr(read, f.name), getattr(built, f.name)
        if isinstance(b, np.ndarray):
            assert a.dtype == b.dtype and np.array_equal(a, b), f.name
        elif hasattr(b, "geometry"):
            assert a.equals(b) and a.crs == b.crs, f.name
        else:
            assert a == b, f.name
    assert np.array_equal(score(read).scores, score(built).scores)


def test_the_store_key_follows_content_not_folder(bundle):
    moved = dataclasses.replace(bundle, path=bundle.path.parent / "elsewhere")
    assert bundle_fingerprint(moved) == bundle_fingerprint(bundle)
    features = bundle.features.copy()
    features.loc[features.index[0], "label"] = str(features["label"].iloc[0]) + " (edited)"
    edited = dataclasses.replace(bundle, features=features)
    assert bundle_fingerprint(edited) != bundle_fingerprint(bundle)
