"""Entitlement matching: which services a child is entitled to, which are delivered, and the gap."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from projections.catalogue import Catalogue


@dataclass(frozen=True)
class Entitlement:
    """One service a child is entitled to; delivered is None when the data cannot tell."""

    item_id: str
    name: str
    group: str
    delivered: bool | None
    departments: tuple[str, ...]


def entitlements(fields: Mapping[str, Any], catalogue: Catalogue, as_of: date) -> list[Entitlement]:
    """Services whose target rule holds for the child (unknown targets are not claimed as entitlements)."""
    return [Entitlement(i.id, i.name, i.group, i.delivered(fields, as_of), i.departments)
            for i in catalogue.items if i.target(fields, as_of) is True]


def gaps(fields: Mapping[str, Any], catalogue: Catalogue, as_of: date) -> list[Entitlement]:
    """Entitled but recorded as not delivered."""
    return [e for e in entitlements(fields, catalogue, as_of) if e.delivered is False]


def report(children: Iterable[Mapping[str, Any]], catalogue: Catalogue, as_of: date,
           by: str = "area") -> list[dict[str, Any]]:
    """Entitled vs delivered counts per (area or responsible department, service item)."""
    if by not in ("area", "department"):
        raise ValueError("by must be 'area' or 'department'")
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for fields in children:
        area = str(fields.get("residence.area_code") or "unknown")[:6]
        for e in entitlements(fields, catalogue, as_of):
            for key in ([area] if by == "area" else list(e.departments)):
                row = counts[(key, e.item_id)]
                row[0] += 1
                row[1] += e.delivered is True
                row[2] += e.delivered is False
    return [{"key": k, "item_id": i, "entitled": n, "delivered": d, "gap": g}
            for (k, i), (n, d, g) in sorted(counts.items())]
