"""A store for derived data: what the app computes from its data files and code, kept on disk.

Layers such as the borders (seconds of geometry work) and the risk model's distance fields are
pure functions of the bundled data files and the code that derives them. Computing them on the
first request made every cold start pay for them; :func:`load_or_build` computes each once, writes
it under :data:`DERIVED_DIR` (GeoParquet for frames, ``.npz`` for arrays, via the caller's
``write``/``read``) and reads it back on every later start. ``python -m geo build-derived`` fills
the store ahead of time, for a deploy.

Each entry is named by a digest of everything it depends on (:func:`inputs_digest`): the bytes of
the data files and of the whole ``geo`` package's source, plus the caller's own key (a bundle's
content, say). A change to any of them names a new entry, so a stale one is never read. An entry
that cannot be read (truncated, foreign) is rebuilt; a store that cannot be written (read-only
install) only costs the time: the result is still returned.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from geo.core.paths import DATA_DIR, ROOT

if TYPE_CHECKING:
    import geopandas as gpd
    import pyproj

#: Where entries live (generated; not in version control).
DERIVED_DIR = ROOT / "build" / "derived"
#: The code whose change must invalidate every entry: the whole ``geo`` package.
CODE_DIR = ROOT / "geo"
#: Data the derived layers read: every data file but the essay bundles (an entry built from a
#: bundle names the bundle's content in its own key). Listing folders one by one left the gazetteer
#: and the symbology out, so a rebuilt places.csv was not seen by a store built before it.
EXCLUDED_DATA = ("essays",)

T = TypeVar("T")
_lock = threading.Lock()


def _tree_digest(paths: Iterable[Path], suffixes: tuple[str, ...] = ()) -> str:
    digest = hashlib.sha256()
    for root in paths:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            if suffixes and path.suffix not in suffixes:
                continue
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_and_data_digest() -> str:
    """SHA-256 over the ``geo`` package's source and every data file outside :data:`EXCLUDED_DATA`.

    Read once per process (the files do not change under a running server).
    """
    code = _tree_digest([CODE_DIR], suffixes=(".py", ".toml", ".json", ".css", ".js"))
    data = _tree_digest(sorted(p for p in DATA_DIR.iterdir() if p.name not in EXCLUDED_DATA))
    return hashlib.sha256(f"{code}:{data}".encode()).hexdigest()


def inputs_digest(*parts: str) -> str:
    """A 16-hex-digit name for an entry: :func:`code_and_data_digest` plus the caller's ``parts``."""
    return hashlib.sha256(":".join((code_and_data_digest(), *parts)).encode()).hexdigest()[:16]


def load_or_build(name: str, key: str, build: Callable[[], T], write: Callable[[T, Path], None],
                  read: Callable[[Path], T], store: Path | None = None) -> T:
    """The entry ``<name>-<key>`` from the store, or ``build()`` written there first.

    Parameters
    ----------
    name : str
        What the entry holds, e.g. ``"risk-fields"``.
    key : str
        :func:`inputs_digest` of what it depends on.
    build : callable
        Computes the value when the store has no readable entry.
    write, read : callable
        Save the value into an empty folder / load it from that folder. ``read`` may raise
        anything on a damaged entry: the entry is then rebuilt.
    store : Path, optional
        The store's folder; :data:`DERIVED_DIR` by default.

    Returns
    -------
    The value, read or built.
    """
    folder = (store or DERIVED_DIR) / f"{name}-{key}"
    if folder.is_dir():
        try:
            return read(folder)
        except Exception:  # noqa: BLE001 - a damaged entry of ours is rebuilt, whatever broke it
            shutil.rmtree(folder, ignore_errors=True)
    value = build()
    # A store that cannot take the entry (read-only, a column Parquet cannot hold) costs time, never the value.
    with contextlib.suppress(Exception):
        _write_atomically(folder, lambda tmp: write(value, tmp))
    return value


def _write_atomically(folder: Path, write: Callable[[Path], None]) -> None:
    """Write into a temporary sibling, then rename it into place (a reader never sees half)."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = folder.with_name(f".{folder.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        write(tmp)
        with _lock:
            if folder.exists():
                return  # another thread or process wrote the same entry first
            os.replace(tmp, folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_frame(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Save ``frame`` as GeoParquet at ``path``, its CRS as PROJJSON beside it (``<stem>.crs.json``).

    The file itself carries no CRS: geopandas parses a GeoParquet file's PROJJSON on every read,
    27 ms for WGS 84's (measured), which nine frames made a quarter of a second of every cold
    start. :func:`read_frame` parses the text once per process.
    """
    if frame.crs is None:
        frame.to_parquet(path)
        return
    frame.set_crs(None, allow_override=True).to_parquet(path)
    _crs_path(path).write_text(frame.crs.to_json(), encoding="utf-8")


def read_frame(path: Path) -> gpd.GeoDataFrame:
    """Load what :func:`write_frame` saved: the same columns, geometry and CRS.

    Raises
    ------
    OSError, ValueError
        A missing or damaged file (the store then rebuilds the entry).
    """
    import geopandas as gpd

    frame = gpd.read_parquet(path)
    crs_file = _crs_path(path)
    if crs_file.is_file():
        frame = frame.set_crs(_parsed_crs(crs_file.read_text(encoding="utf-8")), allow_override=True)
    return frame


def _crs_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.crs.json")


@lru_cache(maxsize=16)
def _parsed_crs(projjson: str) -> pyproj.CRS:
    import pyproj

    return pyproj.CRS.from_user_input(json.loads(projjson))
