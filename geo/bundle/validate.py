"""Check an essay bundle and print every problem at once.

    python -m geo validate-bundle [PATH] [--report]

PATH defaults to ``$SPILLOVER_BUNDLE`` or the bundled essay. Each problem is one line,
``file: record id: field: message``, so a whole bundle can be fixed in one pass instead
of one error per run. Exit code 0 when the bundle is clean, 1 when anything is wrong.
``--report`` also prints, per status, how many claims and which evidence each rests on.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.bundle.model import BundleNotFoundError, bundle_path_from_env, load_bundle
from geo.bundle.review import evidence_report
from geo.core import DataFileError, count_phrase


def main(argv: Sequence[str] | None = None, prog: str = "python -m geo validate-bundle") -> int:
    """Validate the bundle named on the command line; return the process exit code."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    parser.add_argument(
        "path", nargs="?", type=Path, help="bundle folder (default: $SPILLOVER_BUNDLE or the bundled essay)"
    )
    parser.add_argument("--report", action="store_true",
                        help="also print, per status, how many claims and which evidence each rests on")
    args = parser.parse_args(argv)
    path = args.path or bundle_path_from_env()
    try:
        bundle = load_bundle(path)
    except (BundleNotFoundError, DataFileError) as exc:
        print(exc, file=sys.stderr)
        return 1
    for problem in bundle.problems:
        print(problem)
    if args.report:
        print(evidence_report(bundle))
    summary = (f"{path}: {count_phrase(len(bundle.paragraphs), 'paragraph')}, "
               f"{count_phrase(len(bundle.actors), 'actor')}, {count_phrase(len(bundle.claims), 'valid claim')}, "
               f"{count_phrase(len(bundle.problems), 'problem')}")
    print(summary, file=sys.stderr)
    return 1 if bundle.problems else 0

