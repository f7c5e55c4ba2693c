"""Reading a bundle's files without stopping at the first bad record.

Every reader reports into a :class:`ProblemCollector` instead of raising, so one broken
file or record costs only itself: the rest of the bundle still loads and the validator
(``python -m geo validate-bundle``) can list every problem at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from geo.bundle.claims import field_errors
from geo.core import ROOT, DataFileError
from geo.core import read_toml as core_read_toml

BUNDLE_TOML = "bundle.toml"
PARAGRAPHS_JSON = "paragraphs.json"
CITATIONS_TOML = "citations.toml"
ACTORS_TOML = "actors.toml"
CLAIMS_TOML = "claims.toml"
FILE_LEVEL = "-"  # stands in for the record id or field when a problem is not about one


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a bundle: which file, which record (id or ``#n``), which field."""

    file: str
    record_id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record_id}: {self.field}: {self.message}"


class ProblemCollector:
    """Collects problems against display paths so messages name files the user can find."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path, record_id: str, field_name: str, message: str) -> None:
        """Record one problem in ``path``'s record ``record_id``, field ``field_name``."""
        self.problems.append(Problem(_display(path), record_id, field_name, message))

    def add_validation(self, path: Path, record_id: str, exc: ValidationError) -> None:
        """Record every field-level problem of a pydantic ``ValidationError``."""
        for field_name, message in field_errors(exc):
            self.add(path, record_id, field_name, message)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def read_toml(path: Path, report: ProblemCollector) -> dict[str, Any] | None:
    """The parsed file, or ``None`` (reported) when it is missing or not TOML."""
    if not path.is_file():
        report.add(path, FILE_LEVEL, FILE_LEVEL, "file is missing")
        return None
    try:
        return core_read_toml(path)
    except DataFileError as exc:
        report.add(path, FILE_LEVEL, FILE_LEVEL, f"{exc.problem}; nothing in it was loaded")
        return None


def read_json(path: Path, report: ProblemCollector) -> dict[str, Any] | None:
    """The parsed JSON object, or ``None`` (reported) when it is missing, not JSON or not an object."""
    if not path.is_file():
        report.add(path, FILE_LEVEL, FILE_LEVEL, "file is missing")
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        report.add(path, FILE_LEVEL, FILE_LEVEL, f"is not valid JSON ({exc}); nothing in it was loaded")
        return None
    if not isinstance(data, dict):
        report.add(path, FILE_LEVEL, FILE_LEVEL, "must hold a JSON object with a 'paragraphs' list")
        return None
    return data


def records(
    data: Mapping[str, Any] | None, key: str, path: Path, report: ProblemCollector
) -> list[tuple[str, Any]]:
    """The ``[[key]]`` records of a file as ``(record id or #n, raw record)``."""
    if data is None:
        return []
    raw = data.get(key, [])
    if not isinstance(raw, list):
        report.add(path, FILE_LEVEL, key, f"must be a list of records ([[{key}]] tables)")
        return []
    out = []
    for n, record in enumerate(raw, start=1):
        rid = record.get("id") if isinstance(record, Mapping) else None
        rid = rid if isinstance(rid, str) and rid else f"#{n}"
        if not isinstance(record, Mapping):
            report.add(path, rid, FILE_LEVEL, "must be a table of fields")
            continue
        out.append((rid, record))
    return out


def unique_id(rid: str, seen: set[str], path: Path, report: ProblemCollector) -> bool:
    """Whether ``rid`` is new (it is then added to ``seen``); a repeat is reported and skipped."""
    if rid in seen:
        report.add(path, rid, "id", "this id is used by an earlier record; ids must be unique")
        return False
    seen.add(rid)
    return True
