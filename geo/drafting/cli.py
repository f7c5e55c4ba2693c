"""Draft an essay bundle from an essay file.

    python -m geo draft-bundle ESSAY --out DIR

ESSAY is a ``.txt``, ``.md``, ``.html``, ``.docx`` or ``.pdf`` file. Writes a bundle whose
claims are all marked unreviewed, validates it, and prints a summary: places found and
unresolved, actors, draft claims and the validator's problems. Exit code 0 when the draft
bundle loads without problems, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geo.bundle import load_bundle
from geo.core import count_phrase
from geo.drafting.draft import draft_essay, review_tables
from geo.drafting.ingest import EssayReadError, read_essay
from geo.drafting.write import bundle_files, place_flags, write_bundle


def main(argv: Sequence[str] | None = None, prog: str = "python -m geo draft-bundle") -> int:
    """Draft, write and validate a bundle; return the process exit code."""
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n")[0])
    parser.add_argument("essay", type=Path, help="the essay: .txt, .md, .html, .docx or .pdf")
    parser.add_argument("--out", type=Path, required=True, help="folder to write the draft bundle into")
    args = parser.parse_args(argv)
    try:
        essay = read_essay(args.essay.name, args.essay.read_bytes())
    except (OSError, EssayReadError) as exc:
        print(exc, file=sys.stderr)
        return 1
    draft = draft_essay(essay)
    tables = review_tables(draft)
    write_bundle(bundle_files(essay, tables), args.out)
    bundle = load_bundle(args.out)
    print(f"{essay.title!r}: {draft.summary()}")
    for flag in place_flags(tables["places"]):
        print(f"check: {flag}")
    for problem in bundle.problems:
        print(problem)
    print(f"{args.out}: {count_phrase(len(bundle.claims), 'claim')} load, {count_phrase(len(bundle.problems), 'problem')}")
    return 1 if bundle.problems else 0
