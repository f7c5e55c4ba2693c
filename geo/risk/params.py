"""Parameters of the spillover-risk model, read from ``data/risk/model.toml``.

The page lets an analyst move every weight, so the values have to be checked where they
enter: a value outside its range is clamped and a sentence saying so travels with the
parameters (``RiskParams.notes``) to the page, rather than failing the whole layer. A value
that is not a number at all is a programming error and raises :class:`ValueError`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from geo.core import DATA_DIR, DataFileError, hexagon_area_km2, read_toml
from geo.risk.factors import FACTORS

MODEL_PATH = DATA_DIR / "risk" / "model.toml"
RESTORE_MODEL = "git checkout -- data/risk/model.toml"


@dataclass(frozen=True)
class GridSettings:
    """Where the grid reaches and how big its cells are (from ``[grid]`` in the model file)."""

    max_distance_km: float
    cell_edge_km: float

    @property
    def cell_area_km2(self) -> float:
        """Area of one hexagon cell in km² (from its edge length)."""
        return hexagon_area_km2(self.cell_edge_km)


@dataclass(frozen=True)
class RiskParams:
    """The adjustable parameters of a score; build with :func:`default_params` and ``with_values``.

    ``notes`` holds one sentence per value that had to be clamped into range, for the page.
    """

    weights: Mapping[str, float]
    decay_km: float
    status_weights: Mapping[str, float]
    length_exponent: float
    default_permeability: float
    permeability: Mapping[str, float]
    decay_range_km: tuple[float, float]
    notes: tuple[str, ...] = ()
    #: Actor roles whose claims feed the actor factor (``[actors] roles`` in the model file).
    actor_roles: tuple[str, ...] = ("armed_group",)

    def with_values(
        self,
        weights: Mapping[str, float] | None = None,
        decay_km: float | None = None,
        status_weights: Mapping[str, float] | None = None,
        permeability: Mapping[str, float] | None = None,
        length_exponent: float | None = None,
        actor_roles: Iterable[str] | None = None,
    ) -> RiskParams:
        """A copy with these values changed; values outside their range are clamped, with a note.

        Raises
        ------
        ValueError
            For an unknown factor name or a value that is not a finite number.
        """
        notes: list[str] = []
        new_weights = dict(self.weights)
        for name, value in (weights or {}).items():
            if name not in FACTORS:
                raise ValueError(f"Unknown factor {name!r}; the factors are {list(FACTORS)}.")
            new_weights[name] = _clamped(f"Weight of {name}", value, 0.0, 1.0, notes)
        new_status = dict(self.status_weights)
        for name, value in (status_weights or {}).items():
            new_status[name] = _clamped(f"Weight of status {name}", value, 0.0, 1.0, notes)
        new_perm = dict(self.permeability)
        for name, value in (permeability or {}).items():
            new_perm[name] = _clamped(f"Permeability of {name}", value, 0.0, 1.0, notes)
        lo, hi = self.decay_range_km
        new_decay = self.decay_km if decay_km is None else _clamped("Decay distance", decay_km, lo, hi, notes)
        return replace(
            self,
            weights=new_weights,
            decay_km=new_decay,
            status_weights=new_status,
            permeability=new_perm,
            length_exponent=self.length_exponent if length_exponent is None
            else _clamped("Length exponent", length_exponent, 0.0, 1.0, notes),
            actor_roles=self.actor_roles if actor_roles is None else tuple(dict.fromkeys(map(str, actor_roles))),
            notes=tuple(notes),
        )


def _clamped(what: str, value: float, lo: float, hi: float, notes: list[str]) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number, not {value!r}.") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number, not {value!r}.")
    if number < lo or number > hi:
        kept = min(max(number, lo), hi)
        notes.append(f"{what} {number:g} is outside {lo:g}–{hi:g}; {kept:g} was used.")
        return kept
    return number


def load_model(path: Path = MODEL_PATH) -> tuple[GridSettings, RiskParams]:
    """Read grid settings and default parameters; :class:`DataFileError` if the file is unusable."""
    raw = read_toml(path, RESTORE_MODEL)
    try:
        decay = raw["decay"]
        start = RiskParams(
            weights=dict.fromkeys(FACTORS, 0.0), decay_km=float(decay["default_km"]), status_weights={},
            length_exponent=0.0, default_permeability=1.0, permeability={},
            decay_range_km=(float(decay["min_km"]), float(decay["max_km"])),
        )
        border = raw["border"]
        params = start.with_values(
            weights=raw["weights"], decay_km=float(decay["default_km"]), status_weights=raw["status_weights"],
            permeability=border.get("permeability", {}), length_exponent=border["length_exponent"],
        )
        roles = raw.get("actors", {}).get("roles", list(params.actor_roles))
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            raise TypeError("[actors] roles must be a list of role names")
        params = replace(params, actor_roles=tuple(dict.fromkeys(roles)))
        notes = list(params.notes)
        default_perm = _clamped("Default permeability", border["default_permeability"], 0.0, 1.0, notes)
        params = replace(params, default_permeability=default_perm, notes=tuple(notes))
        grid = GridSettings(float(raw["grid"]["max_distance_km"]), float(raw["grid"]["cell_edge_km"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise DataFileError(path, f"lacks or mistypes a value ({exc})", RESTORE_MODEL) from exc
    missing = set(FACTORS) - set(raw["weights"])
    if missing or params.notes:
        problem = (f"lacks weights for {sorted(missing)}" if missing
                   else "has out-of-range values: " + " ".join(params.notes))
        raise DataFileError(path, problem, RESTORE_MODEL)
    return grid, params


@lru_cache(maxsize=1)
def _model() -> tuple[GridSettings, RiskParams]:
    return load_model()


def default_params() -> RiskParams:
    """The documented defaults from ``data/risk/model.toml`` (read once per process)."""
    return _model()[1]


def grid_settings() -> GridSettings:
    """The grid settings from ``data/risk/model.toml``."""
    return _model()[0]


