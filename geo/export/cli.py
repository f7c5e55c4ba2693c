r"""Report figures from a shell: ``python -m geo export --out figure.png``.

The same exports as the app's download buttons, for batch reports. Examples::

    python -m geo export --list-layers
    python -m geo export --layers afghanistan_borders,wakhan_corridor --extent 60,29,75,39 \\
        --size 16:9 --format png --title "The Wakhan Corridor" --out figure.png

Writes exactly the ``--out`` file (its folder must exist) and nothing else; a problem
the user can fix is one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.bundle import bundle_path_from_env, load_bundle
from geo.core import DataFileError
from geo.export.checks import ExportError, check_format, parse_extent
from geo.export.figure.page import DEFAULT_EXTENT, SIZES
from geo.export.formats import DEFAULT_TITLE, EXPORT_FORMATS, check_out_path, export_bytes, write_export
from geo.layers import Layer, base_layers, layer_specs

EXIT_USAGE = 2


def parse_args(argv: Sequence[str] | None = None, prog: str = "python -m geo export") -> argparse.Namespace:
    """Parse the export command's arguments."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Export the Spillover Atlas map as a report figure (PNG/SVG/PDF), "
        "standalone HTML or GeoJSON.",
    )
    parser.add_argument(
        "--list-layers", action="store_true", help="print the layer ids and titles, then exit"
    )
    parser.add_argument(
        "--layers", help="comma-separated layer ids, in drawing order (default: the app's default layers)"
    )
    parser.add_argument(
        "--extent",
        help="min_lon,min_lat,max_lon,max_lat in degrees (default: the app's opening view, {})".format(
            ",".join(f"{v:g}" for v in DEFAULT_EXTENT)
        ),
    )
    parser.add_argument("--size", default="16:9", choices=list(SIZES), help="page shape (default 16:9)")
    parser.add_argument(
        "--format", dest="fmt", help=f"one of {', '.join(EXPORT_FORMATS)} (default: from --out's suffix)"
    )
    parser.add_argument("--title", default=DEFAULT_TITLE, help="figure title")
    parser.add_argument("--subtitle", default="", help="line under the title")
    parser.add_argument("--caption", default="", help="sentence put before the sources in the caption")
    parser.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        help="export date printed in the caption (YYYY-MM-DD; default today)",
    )
    parser.add_argument("--graticule", action="store_true",
                        help="draw meridians and parallels with degree labels (figures only)")
    parser.add_argument("--out", type=Path, help="file to write; its folder must already exist")
    parser.add_argument("--overwrite", action="store_true", help="replace --out if it already exists")
    return parser.parse_args(argv)


def select_layers(ids: str | None) -> list[Layer]:
    """The layers named by ``ids`` (comma-separated) in that order, or the default-on layers."""
    layers = {layer.id: layer for layer in base_layers()}
    if ids is None:
        return [layer for layer in layers.values() if layer.spec.default_on]
    wanted = [i.strip() for i in ids.split(",") if i.strip()]
    unknown = [i for i in wanted if i not in layers]
    if unknown:
        raise ExportError(
            f"Unknown layer id(s): {', '.join(unknown)}; run with --list-layers to see the ids "
            f"({', '.join(layers)})."
        )
    return [layers[i] for i in dict.fromkeys(wanted)]


def format_for(fmt: str | None, out: Path) -> str:
    """The format asked for, else the one ``out``'s suffix names."""
    if fmt:
        return check_format(fmt, EXPORT_FORMATS)
    if not out.suffix:
        raise ExportError(
            f"Cannot tell the format of {out} (no suffix); add --format ({', '.join(EXPORT_FORMATS)})."
        )
    return check_format(out.suffix, EXPORT_FORMATS)


def list_layers() -> str:
    """One line per layer: id, whether it is on by default, title."""
    return "\n".join(f"{s.id:<24} {'on ' if s.default_on else 'off'}  {s.title}" for s in layer_specs())


def essay_citation() -> str:
    """The loaded bundle's citation for the caption (``$SPILLOVER_BUNDLE`` or the default bundle)."""
    return load_bundle(bundle_path_from_env()).meta.attribution


def main(argv: Sequence[str] | None = None, prog: str = "python -m geo export") -> int:
    """Run the export command; return the process exit code (2 for a user mistake)."""
    args = parse_args(argv, prog)
    try:
        if args.list_layers:
            print(list_layers())
            return 0
        if args.out is None:
            raise ExportError("Say where to write the export with --out (for example --out figure.png).")
        check_out_path(args.out, overwrite=args.overwrite)
        fmt = format_for(args.fmt, args.out)
        extent = parse_extent(args.extent) if args.extent else DEFAULT_EXTENT
        data = export_bytes(
            select_layers(args.layers),
            extent,
            fmt,
            title=args.title,
            subtitle=args.subtitle,
            size=args.size,
            caption=args.caption,
            date=args.date,
            essay=essay_citation(),
            graticule=args.graticule,
        )
        written = write_export(args.out, data, overwrite=args.overwrite)
    except (ExportError, DataFileError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {written} ({len(data):,} bytes, {fmt})")
    return 0

