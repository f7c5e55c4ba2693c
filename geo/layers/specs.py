"""The layer model: a GeoDataFrame plus its style, legend entry, status and sources.

Everything drawn — on the live map, in exports, on the sources page — is a
:class:`Layer`. Specs live in ``data/layers.toml``; the geometry comes from the builder
the spec names (see :mod:`geo.layers.builders`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.core import DATA_DIR, DataFileError, TimeWindow, inputs_digest, load_or_build, read_frame, read_toml, write_frame
from geo.layers.builders import BUILDERS
from geo.layers.ramp import Ramp

LAYERS_FILE = DATA_DIR / "layers.toml"
GEOMETRY_TYPES = ("point", "line", "polygon", "mixed")


@dataclass(frozen=True)
class LayerSpec:
    """What a layer is, how it looks and where its data comes from."""

    id: str
    title: str
    group: str
    builder: str
    geometry: str
    description: str
    source: str
    default_on: bool = False
    status: str | None = None
    tooltip: tuple[str, ...] = ("title",)
    label: str | None = None
    style: dict[str, Any] = field(default_factory=dict)
    #: Graduated fill: the classes the features' ``color`` column was coloured by (legend ramp).
    ramp: Ramp | None = None
    #: True when the geometry is the project's drawing of a direction the source only names
    #: (a route through chosen stops), so legends and captions call it schematic.
    schematic: bool = False
    #: True for a layer about one essay's subject: offered only when the bundle names it
    #: (``bundle.toml [map] layers``), never by default.
    focus: bool = False


@dataclass(frozen=True)
class Layer:
    """A spec with its features (a GeoDataFrame in EPSG:4326).

    Feature columns the renderers understand: ``title`` (tooltip heading), ``status``,
    ``color``/``weight``/``dash`` (per-feature style), ``sources`` (text), plus whatever
    ``spec.tooltip`` and ``spec.label`` name. ``window`` is the time window the features were
    filtered to (:func:`geo.layers.layer_in_window`), ``None`` when they were not; exports state it.
    """

    spec: LayerSpec
    frame: gpd.GeoDataFrame
    window: TimeWindow | None = None

    @property
    def id(self) -> str:
        """The layer's id (its spec's)."""
        return self.spec.id


def parse_specs(raw: dict, path: Path = LAYERS_FILE) -> list[LayerSpec]:
    """Turn the parsed TOML into specs, refusing unknown geometry types and duplicate ids."""
    specs: list[LayerSpec] = []
    seen: set[str] = set()
    for entry in raw.get("layer", []):
        try:
            spec = LayerSpec(**{**entry, "tooltip": tuple(entry.get("tooltip", ("title",)))})
        except TypeError as exc:
            raise DataFileError(path, f"has a layer entry with bad keys ({exc})", "fix the file by hand") from exc
        if spec.geometry not in GEOMETRY_TYPES:
            raise DataFileError(path, f"gives layer {spec.id!r} unknown geometry {spec.geometry!r}", "fix the file")
        if spec.id in seen:
            raise DataFileError(path, f"defines layer {spec.id!r} twice", "fix the file by hand")
        seen.add(spec.id)
        specs.append(spec)
    return specs


@lru_cache(maxsize=1)
def layer_specs(path: Path = LAYERS_FILE) -> tuple[LayerSpec, ...]:
    """All layer specs from ``data/layers.toml``, in drawing order."""
    return tuple(parse_specs(read_toml(path), path))


def build_layer(spec: LayerSpec) -> Layer:
    """Build one layer's features with the builder its spec names."""
    try:
        builder = BUILDERS[spec.builder]
    except KeyError as exc:
        raise DataFileError(LAYERS_FILE, f"names an unknown builder {spec.builder!r}", "fix the file") from exc
    # Derived from the bundled data alone, so kept in the derived-data store across restarts.
    frame = load_or_build(f"layer-{spec.id}", inputs_digest(spec.builder), builder, _write_frame, _read_frame)
    return Layer(spec=spec, frame=frame)


def _write_frame(frame: gpd.GeoDataFrame, folder: Path) -> None:
    write_frame(frame, folder / "frame.parquet")


def _read_frame(folder: Path) -> gpd.GeoDataFrame:
    return read_frame(folder / "frame.parquet")


@lru_cache(maxsize=1)
def base_layers() -> tuple[Layer, ...]:
    """Every layer of ``data/layers.toml``, built once per process (do not mutate)."""
    return tuple(build_layer(spec) for spec in layer_specs())


def focus_layer_ids() -> tuple[str, ...]:
    """Ids of the focus layers (``focus = true``), which a bundle must name to be offered them."""
    return tuple(spec.id for spec in layer_specs() if spec.focus)


def map_layers(focus: Iterable[str] = ()) -> tuple[Layer, ...]:
    """The base layers one bundle's map offers: the neutral ones plus the focus layers it names.

    Parameters
    ----------
    focus
        Focus-layer ids from the bundle's ``[map] layers``; ids that are not focus layers of
        ``data/layers.toml`` are ignored (the neutral layers are offered anyway).

    Returns
    -------
    tuple of Layer
        In ``data/layers.toml`` order; frames are EPSG:4326 and shared (do not mutate).

    Examples
    --------
    >>> [layer.id for layer in map_layers()]  # doctest: +SKIP
    ['afghanistan_borders', 'central_asian_borders', 'crossings', 'places']
    """
    named = set(focus)
    return tuple(layer for layer in base_layers() if not layer.spec.focus or layer.id in named)
