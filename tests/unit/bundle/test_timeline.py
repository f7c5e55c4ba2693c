"""Claims along time (geo.bundle.timeline) on the default and the mini bundle: windows, domain, essay date."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from geo.bundle import DEFAULT_BUNDLE, claim_timeline, essay_end, in_window, load_bundle, time_domain, undated_ids
from geo.core import TimeWindow

D = dt.date
YEAR_2023 = TimeWindow(D(2023, 1, 1), D(2023, 12, 31))


@pytest.fixture(scope="module")
def features():
    return load_bundle(DEFAULT_BUNDLE).features


def _kept(features, window):
    return set(features.loc[in_window(features, window), "id"])


def test_2023_window_hides_the_2024_un_claims_and_keeps_the_2023_ones(features):
    kept = _kept(features, YEAR_2023)
    assert {"al-qaeda-camps-2023", "al-qaeda-safe-houses-2023"} <= kept
    un_2024 = set(features.loc[features["date"] == "2024-01-29", "id"])
    assert len(un_2024) >= 5 and not (un_2024 & kept)
    assert "al-zawahiri-killed-sherpur" not in kept      # 2022


def test_undated_claims_stay_in_every_window(features):
    undated = set(undated_ids(features))
    assert {"al-qaeda-basing-argument", "iskp-strongholds", "spillover-wakhan-china"} <= undated
    assert undated <= _kept(features, TimeWindow(D(1990, 1, 1), D(1990, 1, 2)))


def test_no_window_keeps_everything(features):
    assert in_window(features, None).all()


def test_time_domain_spans_the_first_taliban_period_to_the_2024_reports(features):
    assert time_domain(features) == (D(1996, 1, 1), D(2024, 1, 29))
    assert time_domain(features, [D(2025, 3, 1), None]) == (D(1996, 1, 1), D(2025, 3, 1))
    assert time_domain(features.iloc[0:0]) is None


def test_as_of_the_essay_ends_on_the_last_day_its_date_can_mean():
    bundle = load_bundle(DEFAULT_BUNDLE)
    assert essay_end(bundle.meta) == D(2023, 12, 31)  # date = "2023"
    as_of = TimeWindow(None, essay_end(bundle.meta))
    kept = _kept(bundle.features, as_of)
    assert "al-qaeda-camps-2023" in kept and "al-qaeda-camps-2024" not in kept
    assert essay_end(bundle.meta.model_copy(update={"date": "2023-07-10"})) == D(2023, 7, 10)
    assert essay_end(bundle.meta.model_copy(update={"date": None, "year": 2022})) == D(2022, 12, 31)
    assert essay_end(bundle.meta.model_copy(update={"date": None, "year": 0})) is None


def test_claim_timeline_rows():
    claims = pd.DataFrame({
        "id": ["first", "ongoing", "report", "undated"], "actor": ["a"] * 4, "actor_name": ["A"] * 4,
        "colour": ["#000000"] * 4, "label": ["l"] * 4, "status_label": ["reported"] * 4, "when": ["w"] * 4,
        "date": [None, None, "2023-07-25", None], "period": ["1996/2001", "2021-08-15/..", None, None],
    })
    rows = claim_timeline(claims, open_end=D(2024, 1, 29)).set_index("id")
    first = rows.loc["first"]
    assert (first["start"].date(), first["end"].date(), first["ongoing"]) == (D(1996, 1, 1), D(2001, 12, 31), False)
    ongoing = rows.loc["ongoing"]
    assert ongoing["ongoing"] and ongoing["end"].date() == D(2024, 1, 29)
    assert rows.loc["report", "start"].date() == rows.loc["report", "end"].date() == D(2023, 7, 25)
    assert not rows.loc["undated", "dated"]
    assert time_domain(claims) == (D(1996, 1, 1), D(2023, 7, 25))
    assert set(claims.loc[in_window(claims, YEAR_2023), "id"]) == {"ongoing", "report", "undated"}
