"""Where a click lies, in words (geo.geography.location_name)."""

from __future__ import annotations

import pytest

from geo.geography import location_name


@pytest.mark.parametrize(("lon", "lat", "expected"), [
    (69.6, 35.3, "Panjshir province, Afghanistan"),  # inside the Panjshir valley
    (69.17, 34.53, "Kabul province, Afghanistan"),  # Kabul city
    (68.78, 38.56, "Tajikistan"),  # Dushanbe
    (60.0, 10.0, ""),  # the Arabian Sea: no bundled land
])
def test_a_point_is_named_by_its_province_or_country(lon, lat, expected):
    assert location_name(lon, lat) == expected
