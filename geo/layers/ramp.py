"""Graduated symbols: a colour ramp split into classes, with the values each class stands for.

A choropleth's legend is not one swatch but its ramp: one row per class, with the class
breaks and the unit of the value. The ramp is data on the layer's spec
(:attr:`geo.layers.LayerSpec.ramp`), so the live map's legend, the report figure and the HTML
export all draw the same classes from the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class RampClass:
    """One class of a ramp: features whose value lies in ``(lower, upper]`` are filled ``color``."""

    color: str
    lower: float
    upper: float
    count: int = 0  # features in the class (0 is shown: an empty class is still part of the scale)

    def label(self, decimals: int, whole_numbers: bool = False) -> str:
        """``"0.10 – 0.20"``: the class's range at ``decimals`` places.

        For a count (``whole_numbers``) the range is the whole numbers it holds: ``(2, 6]`` reads
        ``"3 – 6"`` and ``(1, 2]`` reads ``"2"``, so no number appears in two classes.
        """
        if whole_numbers:
            low, high = math.floor(self.lower) + 1, math.floor(self.upper)
            return f"{high:,}" if low >= high else f"{low:,} – {high:,}"
        return f"{self.lower:.{decimals}f} – {self.upper:.{decimals}f}"


@dataclass(frozen=True)
class Ramp:
    """A classed colour ramp: what is measured, in which unit, and the classes, lowest first.

    Parameters
    ----------
    value
        What the colours measure, e.g. ``"Mean risk score of the neighbour's cells"``.
    unit
        The value's unit in words (``"index 0–1, no unit"``, ``"km"``).
    classes
        At least one class, lowest first; ``classes[i].upper == classes[i + 1].lower``.
    method
        How the breaks were chosen, for the legend's small print (``"equal intervals"``).
    decimals
        Places shown in the class labels.
    whole_numbers
        The value is a count: each class is labelled with the whole numbers it holds (``"3 – 6"``).
    """

    value: str
    unit: str
    classes: tuple[RampClass, ...]
    method: str = ""
    decimals: int = 2
    whole_numbers: bool = False

    def labels(self) -> list[str]:
        """One label per class, lowest first (``"0.00 – 0.10"``; a count's ``"1"``, ``"2 – 4"``)."""
        return [c.label(self.decimals, self.whole_numbers) for c in self.classes]

    def heading(self) -> str:
        """The ramp's title line: value and unit (``"Mean risk score (index 0–1, no unit)"``)."""
        return f"{self.value} ({self.unit})" if self.unit else self.value


def nice_step(top: float, max_classes: int = 5) -> float:
    """The smallest 1/2/2.5/5 × 10^n step that covers ``[0, top]`` in at most ``max_classes`` classes.

    Examples
    --------
    >>> nice_step(0.2976, 4)
    0.1
    """
    if not math.isfinite(top) or top <= 0:
        return 1.0
    raw = top / max_classes
    base = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * base >= raw - 1e-12:
            return round(m * base, 12)
    return round(10 * base, 12)
