"""Reading the project's own data files (TOML settings, bundled GeoJSON), with a one-line error naming the file.

A missing or hand-broken data file must stop the app with a sentence saying which
file and what to do, never a parser traceback.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import geopandas as gpd
from pyogrio.errors import DataSourceError

from geo.core.paths import ROOT

RESTORE = "git checkout -- {path}"


class DataFileError(RuntimeError):
    """A bundled data file is missing or unreadable; the message names the file and the fix.

    Parameters
    ----------
    path : pathlib.Path
        The file that could not be read.
    problem : str
        What is wrong with it, e.g. ``"is missing"``.
    rebuild : str
        The command that restores or rebuilds it.
    """

    def __init__(self, path: Path, problem: str, rebuild: str) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"Data file {_relative(path)} {problem}. Rebuild it with `{rebuild}`.")


def read_toml(path: Path, fix: str | None = None) -> dict:
    """Parse ``path``; raise :class:`DataFileError` (naming ``fix``) if missing or invalid."""
    fix = fix or RESTORE.format(path=_relative(path))
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError as exc:
        raise DataFileError(path, "is missing", fix) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"is not valid TOML ({exc})", fix) from exc


def read_vector(path: Path, fix: str) -> gpd.GeoDataFrame:
    """Read a bundled vector file (GeoJSON) with pyogrio; raise :class:`DataFileError` naming ``fix``.

    Returns
    -------
    geopandas.GeoDataFrame
        As written, in the file's CRS (``None`` when it states none); columns unchecked.

    Raises
    ------
    DataFileError
        The file is missing or cannot be parsed.
    """
    if not path.is_file():
        raise DataFileError(path, "is missing", fix)
    try:
        return gpd.read_file(path)
    except (DataSourceError, ValueError, OSError) as exc:
        raise DataFileError(path, f"cannot be read ({type(exc).__name__})", fix) from exc


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
