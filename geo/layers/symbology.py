"""Status-aware styling shared by the live map and the static exports.

One function, :func:`feature_style`, turns a layer's base style plus a feature's
status and own overrides into concrete Leaflet-style options, so a colour or a dash
pattern changes everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo.bundle import STATUS_LABELS, STATUSES
from geo.core import DATA_DIR, DataFileError, read_toml

SYMBOLOGY_FILE = DATA_DIR / "symbology.toml"
#: Display order of the statuses: the bundle's own order.
STATUS_ORDER = STATUSES

DEFAULT_STYLE: dict[str, Any] = {
    "color": "#333333",
    "weight": 2.0,
    "opacity": 1.0,
    "fill_color": None,
    "fill_opacity": 0.0,
    "dash": "",
    "radius": 5.0,
}


@dataclass(frozen=True)
class StatusStyle:
    """How one status modifies a symbol, and what it means in words."""

    key: str
    label: str
    meaning: str
    fill_opacity_factor: float
    dash: str
    opacity: float


@lru_cache(maxsize=1)
def statuses(path: Path = SYMBOLOGY_FILE) -> dict[str, StatusStyle]:
    """The status styles, in display order."""
    raw = read_toml(path).get("status")
    try:
        # The words come from the bundle's vocabulary (one spelling everywhere), capitalised for labels.
        return {key: StatusStyle(key=key, label=STATUS_LABELS[key][:1].upper() + STATUS_LABELS[key][1:], **raw[key])
                for key in STATUS_ORDER if key in raw}
    except (TypeError, KeyError) as exc:
        raise DataFileError(path, f"has a malformed [status] table ({exc})", "restore it from git") from exc


@dataclass(frozen=True)
class ConfidenceStyle:
    """How a confidence level other than standard modifies a symbol, and what it means."""

    key: str
    label: str  # the legend's row
    short: str  # after the status in a tooltip ("reported · lower confidence")
    meaning: str
    weight_factor: float
    radius_factor: float
    color: str | None = None  # drawn in this colour whatever the actor's (an unreviewed draft: grey)


@lru_cache(maxsize=1)
def confidences(path: Path = SYMBOLOGY_FILE) -> dict[str, ConfidenceStyle]:
    """The confidence styles (``[confidence.<level>]``); standard confidence has none."""
    raw = read_toml(path).get("confidence", {})
    try:
        return {key: ConfidenceStyle(key=key, **value) for key, value in raw.items()}
    except (TypeError, AttributeError) as exc:
        raise DataFileError(path, f"has a malformed [confidence] table ({exc})", "restore it from git") from exc


def status_label(status: str | None) -> str:
    """Human label for a status key (``essay_argument`` → ``Essay's argument``)."""
    if not status:
        return ""
    known = statuses().get(status)
    return known.label if known else status


def feature_style(base: dict[str, Any], status: str | None = None, overrides: dict[str, Any] | None = None,
                  confidence: str | None = None) -> dict:
    """Concrete style for one feature: defaults < layer style < feature overrides < status < confidence.

    Status is applied last on purpose: a reported claim must never look documented,
    whatever colour its actor has. A confidence with a style (``lower``) then thins the
    stroke and shrinks the point, so certainty is read from the symbol too; an unreviewed
    draft is also drawn grey.
    """
    style = {**DEFAULT_STYLE, **base}
    for key, value in (overrides or {}).items():
        if value is not None and value == value:  # skip None and NaN
            style[key] = value
    if style["fill_color"] is None:
        style["fill_color"] = style["color"]
    known = statuses().get(status or "")
    if known is not None:
        style["fill_opacity"] = round(float(style["fill_opacity"]) * known.fill_opacity_factor, 3)
        style["opacity"] = known.opacity
        if known.dash:
            style["dash"] = known.dash
    level = confidences().get(confidence) if isinstance(confidence, str) else None
    if level is not None:
        style["weight"] = round(float(style["weight"]) * level.weight_factor, 3)
        style["radius"] = round(float(style["radius"]) * level.radius_factor, 3)
        if level.color:
            style["color"] = style["fill_color"] = level.color
    return style


def leaflet_options(style: dict[str, Any]) -> dict[str, Any]:
    """Translate a :func:`feature_style` dict into Leaflet path options."""
    return {
        "color": style["color"],
        "weight": style["weight"],
        "opacity": style["opacity"],
        "fillColor": style["fill_color"],
        "fillOpacity": style["fill_opacity"],
        # Outline-only symbols (the essay's argument) must not catch clicks meant for what lies inside.
        "fill": float(style["fill_opacity"]) > 0,
        "dashArray": style["dash"] or None,
        "radius": style["radius"],
    }
