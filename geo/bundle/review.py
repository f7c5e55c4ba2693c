"""A reviewer's view of a bundle: per status, which claims and what evidence each rests on.

``python -m geo validate-bundle --report`` prints :func:`evidence_report`, so a reviewer can
check in minutes that every status is earned by its sources; the Sources page lists
:func:`downgrades`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from geo.bundle.claims import STATUS_LABELS, STATUSES
from geo.core import count_phrase

if TYPE_CHECKING:
    from geo.bundle.model import Bundle


@dataclass(frozen=True)
class Downgrade:
    """A claim whose status was lowered because its sources could not earn the former one."""

    claim_id: str
    label: str
    former: str
    status: str
    reason: str


def downgrades(bundle: Bundle) -> list[Downgrade]:
    """Every valid claim that records ``downgraded_from``, in bundle order."""
    return [Downgrade(c.id, c.label, c.downgraded_from, c.status, c.downgrade_note or "")
            for c in bundle.claims if c.downgraded_from is not None]


def _evidence(source: dict[str, Any]) -> str:
    relation = source.get("relation") or "no relation"
    if source["type"] == "passage":
        return f"essay {source['label']} ({relation})"
    name = source.get("id") or source.get("title")
    facts = [t for t in (source.get("source_type"), source.get("date") or "undated") if t]
    return f"{name} [{', '.join(facts)}] ({relation})"


def evidence_report(bundle: Bundle) -> str:
    """Plain text: for each status, the number of claims and, per claim, the evidence it rests on.

    Each claim line lists its citations (id, source type, date, relation) and essay passages
    (¶ and relation); ``alleged`` claims name who alleges them, downgraded ones their former
    status. Statuses with no claims are listed with 0 so nothing is hidden.

    Examples
    --------
    >>> print(evidence_report(load_bundle()))  # doctest: +SKIP
    documented: 1 claim
      al-zawahiri-killed-sherpur: whitehouse-remarks-2022-08-01 [official, 2022-08-01] (states); …
    """
    features = bundle.features.set_index("id") if len(bundle.features) else None
    lines = []
    for status in STATUSES:
        claims = [c for c in bundle.claims if c.status == status]
        noun = "claim" if len(claims) == 1 else "claims"
        lines.append(f"{status} ({STATUS_LABELS[status]}): {len(claims)} {noun}")
        for claim in claims:
            sources = features.loc[claim.id, "sources"] if features is not None else []
            cited = [_evidence(s) for s in sources if s["type"] == "citation"]
            passages = [_evidence(s) for s in sources if s["type"] == "passage"]
            parts = [("cites " + "; ".join(cited)) if cited else "no citation"]
            if passages:
                parts.append("; ".join(passages))
            if claim.alleged_by:
                parts.append(f"alleged by {claim.alleged_by}")
            if claim.downgraded_from:
                parts.append(f"downgraded from {claim.downgraded_from}")
            if claim.confidence != "standard":
                parts.append(f"confidence: {claim.confidence}")
            lines.append(f"  {claim.id}: " + " | ".join(parts))
    stated = sum(1 for c in bundle.claims if any(getattr(s, "relation", "states") == "states" for s in c.sources))
    lines.append(f"{count_phrase(len(bundle.claims), 'claim')}; {stated} rest on at least one source that states them; "
                 f"{len(downgrades(bundle))} downgraded.")
    return "\n".join(lines)
