"""Shared pytest setup: keep test artefacts in one place (the project is installed with ``pip install -e .``)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ARTIFACTS = ROOT / "tests" / "artifacts"
