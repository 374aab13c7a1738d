"""Entitlement matching: which services a migrant child is entitled to, which are delivered, and the gap."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from projections.catalogue import Catalogue
from projections.migrant import MIGRANT, MIGRANT_BY_STAGE, load_definition, migrant_status
from projections.residence import current_area
from projections.statistics import Table, suppress


@dataclass(frozen=True)
class Entitlement:
    """One service a child is entitled to; delivered is None when the data cannot tell."""

    item_id: str
    name: str
    group: str
    delivered: bool | None
    departments: tuple[str, ...]


def entitlements(fields: Mapping[str, Any], catalogue: Catalogue, as_of: date) -> list[Entitlement]:
    """Services whose target rule holds for a migrant child (服务对象: 流动儿童 in every row of the list). A child who
    is not migrant, or whose status is unknown, is entitled to nothing here; unknown targets are not claimed. A child
    who is `migrant_by_stage` (16 or 17, still in 义务教育阶段) is a target only of the items whose 服务对象 is that
    stage (`target_by_stage`, item 3)."""
    definition = load_definition(catalogue.definition)
    status = migrant_status(fields, as_of, definition).status
    if status == MIGRANT:
        items = catalogue.items
    elif status == MIGRANT_BY_STAGE and definition.by_stage is not None:
        items = tuple(i for i in catalogue.items if i.by_stage == definition.by_stage.name)
    else:
        return []
    return [Entitlement(i.id, i.name, i.group, i.delivered(fields, as_of), i.departments)
            for i in items if i.target(fields, as_of) is True]


def gaps(fields: Mapping[str, Any], catalogue: Catalogue, as_of: date) -> list[Entitlement]:
    """Entitled but recorded as not delivered."""
    return [e for e in entitlements(fields, catalogue, as_of) if e.delivered is False]


def report(children: Iterable[Mapping[str, Any]], catalogue: Catalogue, as_of: date,
           by: str = "area", threshold: int | None = None,
           areas: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """Entitled vs delivered counts per (area or responsible department, service item), and per area how many
    children are migrant, not migrant or of unknown status (item_id "status:<status>", count in "children").
    A child counts in the area they live in on `as_of`: one who moved out counts where they went, or nowhere
    (`areas`: the area prefixes the report covers, e.g. the platform's regions; a child living elsewhere is left out).
    With a threshold the counts are suppressed like every published statistic (a cell is hidden in all three
    measures when any of them is small, so that gap = entitled - delivered cannot undo it)."""
    if by not in ("area", "department"):
        raise ValueError("by must be 'area' or 'department'")
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    status: Counter[tuple[str, str]] = Counter()
    definition = load_definition(catalogue.definition)
    for fields in children:
        area = current_area(fields, as_of)
        if area is None or (areas is not None and not any(area.startswith(a) for a in areas)):
            continue  # left for an unknown place or another region: in no area's figures here
        area = area[:6]
        status[(area, migrant_status(fields, as_of, definition).status)] += 1
        for e in entitlements(fields, catalogue, as_of):
            for key in ([area] if by == "area" else list(e.departments)):
                row = counts[(key, e.item_id)]
                row[0] += 1
                row[1] += e.delivered is True
                row[2] += e.delivered is False
    measures = ("entitled", "delivered", "gap")
    published: dict[tuple[str, str], list[int | None]] = {k: list(v) for k, v in counts.items()}
    status_pub: dict[tuple[str, str], int | None] = dict(status)
    if threshold is not None:
        keys, items = sorted({k for k, _ in counts}), sorted({i for _, i in counts})
        tables = [Table(keys, items, {k: v[m] for k, v in counts.items()}) for m in range(3)]
        hidden: set[tuple[str, str]] = set()
        while True:
            pubs = [suppress(t, threshold, hidden) for t in tables]
            union = set().union(*(p.suppressed for p in pubs))
            if union == hidden:
                break
            hidden = union
        published = {k: [None if k in hidden else v for v in row] for k, row in counts.items()}
        areas, states = sorted({a for a, _ in status}), sorted({s for _, s in status})
        status_pub = dict(suppress(Table(areas, states, dict(status)), threshold).cells)
    rows = [{"key": k, "item_id": i, **dict(zip(measures, v, strict=True))} for (k, i), v in sorted(published.items())]
    if by == "area":
        rows += [{"key": a, "item_id": f"status:{s}", "children": n} for (a, s), n in sorted(status_pub.items())
                 if (a, s) in status or n]
    return rows


def medical_aid_ratio(fields: Mapping[str, Any], catalogue: Catalogue, as_of: date) -> tuple[float, str] | None:
    """The region's 医疗救助 ratio for the child (Zhejiang: 全额 / ≥80% / ≥70%), the first tier whose rule holds;
    None where the region sets none or no tier applies."""
    from projections.catalogue import compile_rule

    spec = catalogue.extra("medical_aid")
    for tier in (spec or {}).get("tiers", []):
        if compile_rule(tier["when"])(fields, as_of) is True:
            return float(tier["ratio"]), str(tier["label"])
    return None
