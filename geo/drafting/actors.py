"""The actor alias registry (``data/drafting/actors.toml``) and finding actors in text.

An actor's name is found before places are, and the words inside it are not place
mentions: "Tehrik-i-Taliban Pakistan" is the TTP, "Islamic State Khorasan" the Islamic
State, neither a mention of Pakistan or Khorasan. Longer names win over shorter ones that
start at the same point, and an alias written all in capitals ("AQ", "IS") only matches
in capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.bundle import ACTOR_ROLES
from geo.core import DATA_DIR, DataFileError, read_toml
from geo.geography import slug

ACTORS_TOML = DATA_DIR / "drafting" / "actors.toml"


@dataclass(frozen=True)
class RegistryActor:
    """An actor the drafter can recognise: id, display name, aliases, role and a description.

    ``role`` is one of :data:`geo.bundle.ACTOR_ROLES` (the risk model counts actors by role).
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    role: str
    description: str

    @property
    def names(self) -> tuple[str, ...]:
        """The display name and every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class ActorMention:
    """Where an actor is named: paragraph, character span in its text and the words used."""

    paragraph: str
    start: int
    end: int
    text: str
    actor: str


def _state_forces(table: dict) -> list[RegistryActor]:
    out = []
    for entry in table.get("country", []):
        country = entry["country"]
        for group, words in (("military", table.get("military", [])), ("police", table.get("police", []))):
            label = "Military Forces" if group == "military" else "Police Forces"
            aliases = tuple(f"{d} {w}" for d in entry["demonyms"] for w in words) + tuple(entry.get(f"{group}_aliases", ()))
            out.append(RegistryActor(
                id=f"{group}-forces-of-{slug(country)}",
                name=f"{label} of {country}", aliases=aliases, role="state",
                description=f"{label} of {country} (state forces, grouped as ACLED does).",
            ))
    return out


def read_registry(path: Path = ACTORS_TOML) -> tuple[RegistryActor, ...]:
    """Read an actor registry file.

    Parameters
    ----------
    path
        A TOML file of ``[[actor]]`` records and an optional ``[state_forces]`` table.

    Returns
    -------
    tuple of RegistryActor
        The registry's actors, then generated state-force actors ("Military Forces of Pakistan").

    Raises
    ------
    geo.core.DataFileError
        The file is missing or malformed.
    """
    data = read_toml(path)
    try:
        actors = [RegistryActor(a["id"], a["name"], tuple(a.get("aliases", ())), a["role"],
                                a.get("description", a["name"])) for a in data.get("actor", [])]
    except (KeyError, TypeError) as exc:
        raise DataFileError(path, f"is not a valid actor registry (missing {exc})", "fix the file") from exc
    wrong = [a.id for a in actors if a.role not in ACTOR_ROLES]
    if wrong:
        raise DataFileError(path, f"gives {wrong} a role that is not one of {list(ACTOR_ROLES)}", "fix the file")
    return (*actors, *_state_forces(data.get("state_forces", {})))


@lru_cache(maxsize=1)
def demonym_countries(path: Path = ACTORS_TOML) -> dict[str, str]:
    """Each word for a people in the registry's state forces, with its country ("Iranian" → Iran).

    Raises
    ------
    geo.core.DataFileError
        The file is missing or malformed.
    """
    entries = read_toml(path).get("state_forces", {}).get("country", [])
    return {d: e["country"] for e in entries for d in e.get("demonyms", ()) if d != e.get("country")}


@lru_cache(maxsize=1)
def default_registry() -> tuple[RegistryActor, ...]:
    """The bundled registry, ``data/drafting/actors.toml`` (read once)."""
    return read_registry()


def _pattern(alias: str) -> str:
    # Spaces, hyphens and apostrophes vary between texts ("Tehrik-e Taliban", "al Qaida", "Qa’ida").
    out = []
    for ch in alias:
        if ch.isspace():
            out.append(r"\s+")
        elif ch in "-‐‑–":
            out.append(r"[-‐‑–\s]?")
        elif ch in "'’":
            out.append("['’]?")
        else:
            out.append(re.escape(ch))
    escaped = "".join(out)
    return f"(?-i:{escaped})" if alias.isupper() else escaped


@lru_cache(maxsize=16)
def _matcher(registry: tuple[RegistryActor, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    owner: dict[str, str] = {}
    for actor in registry:
        for alias in actor.names:
            owner.setdefault(alias.casefold() if not alias.isupper() else alias, actor.id)
    aliases = sorted({a for actor in registry for a in actor.names}, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(f"({_pattern(a)})" for a in aliases) + r")(?![\w-])", re.I)
    groups = {f"g{i}": owner[a.casefold() if not a.isupper() else a] for i, a in enumerate(aliases)}
    return pattern, groups


def find_actors(paragraph_id: str, text: str,
                registry: tuple[RegistryActor, ...] | None = None) -> list[ActorMention]:
    """Every actor named in a paragraph, leftmost-longest.

    Parameters
    ----------
    paragraph_id
        The paragraph's id, copied into each mention.
    text
        The paragraph's text.
    registry
        The actors to look for; :func:`default_registry` by default.

    Returns
    -------
    list of ActorMention
        In text order; spans never overlap.
    """
    registry = registry or default_registry()
    pattern, groups = _matcher(registry)
    found = []
    for match in pattern.finditer(text):
        index = match.lastindex - 1 if match.lastindex else 0
        found.append(ActorMention(paragraph_id, match.start(), match.end(), match.group(0), groups[f"g{index}"]))
    return sorted([*found, *_coordinated_forces(paragraph_id, text, registry, found)], key=lambda m: m.start)


def _coordinated_forces(paragraph_id: str, text: str, registry: tuple[RegistryActor, ...],
                        found: list[ActorMention]) -> list[ActorMention]:
    """The first people of "Pakistani and Afghan border forces": its forces, named by the shared noun after the second.

    Only the second ("Afghan border forces") is an alias as written; the first would be lost.
    """
    aliases = {alias.casefold(): actor.id for actor in registry if actor.role == "state" for alias in actor.aliases}
    out = []
    for match in re.finditer(r"\b([A-Z][\w-]+)\s+and\s+(?:the\s+)?([A-Z][\w-]+)\s+([a-z][a-z ]{2,30})", text):
        first = match.group(1)
        if any(m.start <= match.start(1) < m.end for m in found):
            continue
        words = match.group(3).split()
        for n in range(len(words), 0, -1):  # the longest noun that makes an alias: "border forces" before "border"
            actor = aliases.get(f"{first} {' '.join(words[:n])}".casefold())
            if actor and aliases.get(f"{match.group(2)} {' '.join(words[:n])}".casefold()):
                out.append(ActorMention(paragraph_id, match.start(1), match.end(1), first, actor))
                break
    return out
