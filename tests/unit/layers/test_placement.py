"""Label placement: no two labels overlap at any zoom, more important labels win, the Wakhan is named."""

from __future__ import annotations

from geo.core import world_pixel
from geo.layers import LABEL_ZOOMS, label_layout, place_labels
from geo.layers.placement import LabelCandidate, _box, label_lines


def _shown_boxes(candidates, classes, zoom):
    boxes = []
    for c in candidates:
        positions = [p.split("-")[1] for p in classes[c.key].split() if p.startswith(f"z{zoom}-")]
        if positions:
            boxes.append((c.key, _box(c, *world_pixel(c.lon, c.lat, zoom), positions[0])))
    return boxes


def test_two_close_places_never_overlap_and_the_capital_keeps_its_side():
    termez = LabelCandidate("termez", "Termez", 67.28, 37.22, 5, 11.5, 6.6, 5.0)
    hairatan = LabelCandidate("hairatan", "Hairatan", 67.42, 37.21, 3, 11.5, 6.6, 5.0)
    classes = place_labels([termez, hairatan])
    for zoom in LABEL_ZOOMS:
        boxes = _shown_boxes([termez, hairatan], classes, zoom)
        if len(boxes) == 2:
            a, b = boxes[0][1], boxes[1][1]
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), zoom
    assert "z5-r" in classes["hairatan"], "the higher-priority label takes its first choice"


def test_the_bundled_labels_never_overlap_at_any_zoom():
    layout = label_layout()
    assert "wakhan_corridor/wakhan_corridor-0" in layout
    assert "z5-" in layout["wakhan_corridor/wakhan_corridor-0"].css_class, "the Wakhan is named at the default zoom"
    assert label_lines(LabelCandidate("w", "Wakhan Corridor", 0, 0, 1, 12, 7.6, 0, True, 7.0)) == ("Wakhan", "Corridor")
    for key in ("country/Afghanistan", "places/kabul", "crossings/hairatan"):
        assert "z5-" in layout[key].css_class, f"{key} is labelled at the default zoom"
