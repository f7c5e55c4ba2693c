"""Benchmark: draft a bundle from a 3,000-word essay (target: under 10 s on this machine).

    python benchmarks/draft_bundle.py

The essay is the SYNTHETIC test essay (tests/fixtures/drafting/) followed by the seed
essay's paragraphs, repeated until it has 3,000 words; paragraphs are renumbered so every
one is drafted. It times reading the text, the first (cold) draft -- which loads the
gazetteer -- and a warm draft, and writing and validating the bundle. Not a test: timings
depend on the machine. It then prints the drafter's accuracy on the labelled essays
(``geo.drafting.score_draft``; the held-out ones are tests/fixtures/drafting/unseen/).
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from geo.bundle import DEFAULT_BUNDLE, load_bundle
from geo.drafting import (
    bundle_files,
    draft_essay,
    essay_from_text,
    read_essay,
    read_labels,
    review_tables,
    score_draft,
    write_bundle,
)

ROOT = Path(__file__).resolve().parents[1]
WORDS = 3_000
LABELLED = ROOT / "tests" / "fixtures" / "drafting"


def essay_text(words: int = WORDS) -> str:
    """A synthetic + seed-essay text of at least ``words`` words."""
    synthetic = (ROOT / "tests" / "fixtures" / "drafting" / "synthetic_essay.txt").read_text(encoding="utf-8")
    synthetic = synthetic.split("\n\nNotes")[0]
    seed = json.loads((DEFAULT_BUNDLE / "paragraphs.json").read_text(encoding="utf-8"))["paragraphs"]
    body = [synthetic, *[p["text"] for p in seed]]
    text, n = "", 0
    while len(text.split()) < words:
        text += body[n % len(body)] + "\n\n"
        n += 1
    return text


def main() -> None:
    text = essay_text()
    t0 = time.perf_counter()
    essay = essay_from_text(text)
    t1 = time.perf_counter()
    cold = draft_essay(essay)
    t2 = time.perf_counter()
    warm = draft_essay(essay)
    t3 = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        write_bundle(bundle_files(essay, review_tables(warm)), folder)
        bundle = load_bundle(folder)
    t4 = time.perf_counter()
    print(f"essay: {essay.word_count} words, {len(essay.paragraphs)} paragraphs")
    print(f"read text        {1000 * (t1 - t0):8.0f} ms")
    print(f"draft (cold)     {1000 * (t2 - t1):8.0f} ms  (loads the gazetteer)")
    print(f"draft (warm)     {1000 * (t3 - t2):8.0f} ms")
    print(f"write + validate {1000 * (t4 - t3):8.0f} ms  ({len(bundle.claims)} claims, {len(bundle.problems)} problems)")
    print(f"total            {t4 - t0:8.2f} s   target < 10 s; {cold.summary()}")
    print("accuracy (targets: >= 90 % of the places the gazetteer holds located, >= 80 % of claim sentences):")
    for essay_path in [LABELLED / "synthetic_essay.txt", *sorted((LABELLED / "unseen").glob("essay*.txt"))]:
        labels = essay_path.with_name("synthetic_labels.toml" if essay_path.stem == "synthetic_essay"
                                      else f"{essay_path.stem}_labels.toml")
        draft = draft_essay(read_essay(essay_path.name, essay_path.read_bytes()))
        print(f"  {essay_path.relative_to(LABELLED)}: {score_draft(draft, read_labels(labels)).line()}")


if __name__ == "__main__":
    main()
