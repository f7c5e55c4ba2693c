"""Regenerate the report figures in docs/: every layer on, at both page sizes, as PNG and PDF.

    python scripts/docs_exports.py [--out docs]

Writes ``report_all_layers_16x9.{png,pdf}`` and ``report_all_layers_a4.{png,pdf}``: the base
layers, the default bundle's actor layers and the risk layers (as the app builds them), over the
app's opening view. The export date is fixed so that regenerating without a style change gives
the same images. Look at the PNGs before committing them.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from geo.bundle import load_bundle
from geo.core import ROOT
from geo.export import DEFAULT_EXTENT, export_static
from geo.layers import actor_layers, base_layers
from geo.risk import neighbour_risk_layer, pathway_layer, risk_fields, score

EXPORT_DATE = dt.date(2026, 5, 1)
TITLE = "Afghanistan and the spillover question"
SUBTITLE = "After Başaran (ANKASAM, 2023): every layer on"
SIZES = {"16x9": "16:9", "a4": "a4-landscape"}


def every_layer():
    """The layers the app can show at once for the default bundle, in drawing order."""
    bundle = load_bundle()
    result = score(risk_fields(bundle))
    risk = [layer for layer in (pathway_layer(bundle), neighbour_risk_layer(result)) if layer is not None]
    return bundle, [*base_layers(), *actor_layers(bundle), *risk]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="folder to write into (default: docs/)")
    args = parser.parse_args()
    bundle, layers = every_layer()
    for name, size in SIZES.items():
        for fmt in ("png", "pdf"):
            path = args.out / f"report_all_layers_{name}.{fmt}"
            path.write_bytes(export_static(layers, DEFAULT_EXTENT, fmt, title=TITLE, subtitle=SUBTITLE, size=size,
                                           date=EXPORT_DATE, essay=bundle.meta.attribution))
            print(path)


if __name__ == "__main__":
    main()
