"""The risk model's distance fields on disk: built once per bundle content, read on every later start.

:func:`stored_risk_fields` is :func:`geo.risk.layers.risk_fields` through the derived-data store
(:mod:`geo.core.derived`): the two grids as GeoParquet (geopandas + pyarrow), the arrays as one
``.npz``. The entry is named by the bundle's content (:func:`geo.risk.layers.bundle_fingerprint`)
and the code and data digest, so any edit builds a new one.
"""

from __future__ import annotations

import json
from dataclasses import fields as dataclass_fields
from pathlib import Path

import numpy as np

from geo.bundle import Bundle
from geo.core.derived import inputs_digest, load_or_build, read_frame, write_frame
from geo.risk.factors import DistanceFields
from geo.risk.layers import bundle_fingerprint, risk_fields

_FRAMES = ("grid", "cells_wgs84")


def stored_risk_fields(bundle: Bundle, store: Path | None = None) -> DistanceFields:
    """:func:`geo.risk.layers.risk_fields` of ``bundle``, from the derived-data store when it has them.

    Raises
    ------
    geo.core.DataFileError
        When the fields must be built and the bundled gazetteer or geography is damaged.
    """
    return load_or_build("risk-fields", inputs_digest(bundle_fingerprint(bundle)),
                         lambda: risk_fields(bundle), write_fields, read_fields, store)


def write_fields(fields: DistanceFields, folder: Path) -> None:
    """Save ``fields`` into ``folder``: ``grid.parquet``, ``cells_wgs84.parquet``, ``arrays.npz``, ``notes.json``."""
    for name in _FRAMES:
        write_frame(getattr(fields, name), folder / f"{name}.parquet")
    arrays = {}
    for f in dataclass_fields(fields):
        value = getattr(fields, f.name)
        if isinstance(value, np.ndarray):
            # Text arrays are stored as fixed-width unicode: no pickle is written or read.
            arrays[f.name] = value.astype(str) if value.dtype == object else value
    np.savez(folder / "arrays.npz", **arrays)
    (folder / "notes.json").write_text(json.dumps(list(fields.notes)), encoding="utf-8")


def read_fields(folder: Path) -> DistanceFields:
    """Load what :func:`write_fields` saved (text arrays come back as ``object``, as built).

    Raises
    ------
    OSError, ValueError, KeyError
        A missing or damaged file (the store then rebuilds the entry).
    """
    values: dict[str, object] = {name: read_frame(folder / f"{name}.parquet") for name in _FRAMES}
    with np.load(folder / "arrays.npz", allow_pickle=False) as arrays:
        for f in dataclass_fields(DistanceFields):
            if f.name in arrays.files:
                array = arrays[f.name]
                values[f.name] = array.astype(object) if array.dtype.kind == "U" else array
    values["notes"] = tuple(json.loads((folder / "notes.json").read_text(encoding="utf-8")))
    return DistanceFields(**values)
