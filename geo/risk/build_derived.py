"""Fill the derived-data store ahead of time: the base map, the shipped layers and a bundle's risk fields.

``python -m geo build-derived [BUNDLE]`` computes what :mod:`geo.core.derived` would otherwise
compute on a server's first request (the base map's data, the borders, the Wakhan, the places; the risk model's
distance fields for the bundle) and writes it under :data:`geo.core.DERIVED_DIR`. Run it after a
deploy or a data rebuild so the first visitor does not wait; the app works without it.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from geo.bundle import BundleNotFoundError, bundle_path_from_env, load_bundle
from geo.core import DERIVED_DIR, DataFileError
from geo.layers import base_layers, basemap_json
from geo.risk.store import stored_risk_fields


def main(argv: Sequence[str] | None = None, prog: str = "python -m geo build-derived") -> int:
    """Build the store's entries for the shipped layers and one bundle; return the exit code."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, help="bundle folder (default: $SPILLOVER_BUNDLE or the bundled essay)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        layers = base_layers()
        basemap_json()
        bundle = load_bundle(args.path or bundle_path_from_env())
        fields = stored_risk_fields(bundle)
    except (BundleNotFoundError, DataFileError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"The base map, {len(layers)} shipped layers and {fields.n_cells:,} risk cells for {bundle.path.name} are in "
          f"{DERIVED_DIR} ({time.perf_counter() - start:.1f} s)")
    return 0
