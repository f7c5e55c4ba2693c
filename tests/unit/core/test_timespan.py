"""Dates, periods and time windows (geo.core.timespan): exact days, open ends, undated claims."""

from __future__ import annotations

import datetime as dt

import pytest

from geo.core import TimeSpan, TimeWindow, claim_span, iso_span, parse_window

D = dt.date


@pytest.mark.parametrize(("text", "expected"), [
    ("2024", (D(2024, 1, 1), D(2024, 12, 31))),
    ("2024-02", (D(2024, 2, 1), D(2024, 2, 29))),
    ("2023-02", (D(2023, 2, 1), D(2023, 2, 28))),
    ("2022-07-31", (D(2022, 7, 31), D(2022, 7, 31))),
    ("2024-01-31T10:00:00", (D(2024, 1, 31), D(2024, 1, 31))),
])
def test_iso_span_covers_every_day_a_date_of_any_precision_can_mean(text, expected):
    assert iso_span(text) == expected


@pytest.mark.parametrize("text", ["", None, "July 2023", "2023-13", "2023-02-30", ".."])
def test_iso_span_refuses_what_is_not_an_iso_date(text):
    assert iso_span(text) is None


def test_claim_span_of_a_date_a_closed_period_an_open_period_and_both():
    assert claim_span(date="2024-01-29") == TimeSpan(D(2024, 1, 29), D(2024, 1, 29))
    assert claim_span(period="1996/2001") == TimeSpan(D(1996, 1, 1), D(2001, 12, 31))
    assert claim_span(period="2021-08-15/..") == TimeSpan(D(2021, 8, 15), None)
    assert claim_span(period="2021-08-15/") == TimeSpan(D(2021, 8, 15), None)
    assert claim_span(date="2020", period="2021/2022") == TimeSpan(D(2020, 1, 1), D(2022, 12, 31))


def test_a_claim_with_only_a_period_label_is_undated():
    assert claim_span() is None
    assert claim_span(date=None, period=None) is None


def test_window_2023_keeps_the_2023_report_and_hides_the_2024_one():
    window = TimeWindow(D(2023, 1, 1), D(2023, 12, 31))
    assert window.overlaps(claim_span(date="2023-07-25"))
    assert not window.overlaps(claim_span(date="2024-01-29"))
    assert not window.overlaps(claim_span(period="1996/2001"))
    assert window.overlaps(claim_span(period="2021-08-15/.."))  # still ongoing in 2023
    assert window.overlaps(claim_span(period="2004/2023"))      # ends inside the window


def test_window_edges_are_inclusive_days():
    window = TimeWindow(D(2023, 1, 1), D(2023, 12, 31))
    assert window.overlaps(TimeSpan(D(2022, 6, 1), D(2023, 1, 1)))
    assert window.overlaps(TimeSpan(D(2023, 12, 31), D(2024, 6, 1)))
    assert not window.overlaps(TimeSpan(D(2022, 6, 1), D(2022, 12, 31)))
    assert not window.overlaps(TimeSpan(D(2024, 1, 1), None))


def test_undated_claims_overlap_every_window():
    assert TimeWindow(D(2023, 1, 1), D(2023, 1, 2)).overlaps(None)


def test_open_windows():
    as_of = TimeWindow(None, D(2023, 12, 31))
    assert as_of.overlaps(claim_span(period="1996/2001"))
    assert not as_of.overlaps(claim_span(date="2024"))
    assert TimeWindow(D(2024, 1, 1), None).overlaps(claim_span(period="2021-08-15/.."))


def test_window_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="before it starts"):
        TimeWindow(D(2024, 1, 1), D(2023, 1, 1))


def test_window_round_trips_through_its_url_form():
    window = TimeWindow(D(2023, 1, 1), D(2023, 12, 31))
    assert window.encode() == "2023-01-01..2023-12-31"
    assert parse_window(window.encode()) == window
    assert parse_window("..2023-12-31") == TimeWindow(None, D(2023, 12, 31))
    assert parse_window("2023..2023") == window


@pytest.mark.parametrize("text", [None, "", "2023", "..", "soon..later", "2024..2023", "2023-13-01..2024"])
def test_malformed_window_in_a_url_is_ignored(text):
    assert parse_window(text) is None


def test_window_labels_read_as_dates():
    assert TimeWindow(D(2023, 1, 1), D(2023, 12, 31)).label() == "1 Jan 2023 – 31 Dec 2023"
    assert TimeWindow(None, D(2023, 12, 31)).label() == "up to 31 Dec 2023"
    assert TimeWindow(D(2023, 1, 1)).label() == "from 1 Jan 2023"
